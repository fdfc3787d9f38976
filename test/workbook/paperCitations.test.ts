import * as fs from "node:fs";
import * as path from "node:path";

// The notebooks and the sources cite the paper or docs/paper.md, never a document outside the repository, and
// every "docs/paper.md §N" they cite is a section of that page.
const root = process.cwd();

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

const sources = [...files(path.join(root, "notebooks"), ".ipynb"), ...files(path.join(root, "src"), ".ts"), ...files(path.join(root, "docs"), ".md")];
const paper = fs.readFileSync(path.join(root, "docs/paper.md"), "utf8");
// "## 9. …" and "### 9.1 …" are sections; the numbered items "1. …" of a section are its points 12.1, 12.2, …
const sections = new Set<string>();
{
  let current = "";
  for (const line of paper.split("\n")) {
    const h = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (h) { sections.add(h[1]); current = h[1].split(".")[0]; continue; }
    if (/^#/.test(line)) { current = ""; continue; }
    const item = /^(\d+)\. /.exec(line);
    if (item && current) sections.add(`${current}.${item[1]}`);
  }
}

describe("citations of the paper", () => {
  test("docs/paper.md has numbered sections 1–13 and appendix A", () => {
    for (let i = 1; i <= 13; i++) expect(sections.has(String(i))).toBe(true);
    expect(paper).toMatch(/^## Appendix A\. /m);
  });
  test("nothing cites a digest or a folder outside the repository", () => {
    const bad: string[] = [];
    for (const f of sources) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/digest §|digest Table|\bthe digest\b|\.\.\/shared|\/work\/shared/gi)) bad.push(`${path.relative(root, f)}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });
  test("every docs/paper.md §N cited exists", () => {
    const cited: string[] = [];
    for (const f of sources) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/docs\/paper\.md ((?:§\d+(?:\.\d+)?(?:–\d+)?(?:, )?)+)/g)) {
        for (const ref of m[1].split(/, /).filter(Boolean)) {
          const [from, to] = ref.replace("§", "").split("–");
          cited.push(from);
          if (to) cited.push(to);
        }
      }
    }
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((c) => !sections.has(c))).toEqual([]);
  });
});
