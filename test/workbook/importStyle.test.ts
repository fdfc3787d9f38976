import * as fs from "node:fs";
import * as path from "node:path";

// tslab (the notebook kernel) serves project modules by exact file path: `./src/grid` does not find
// `./src/grid/index.ts`. So every relative import in src/ and in notebooks must name a file, and code
// loaded by tslab must not use require, __dirname, import.meta or dynamic import() (see DESIGN.md).
const root = process.cwd();

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

function relativeImports(source: string): string[] {
  const re = /(?:import|export)\s[^'"]*?from\s+["'](\.{1,2}\/[^"']+)["']/g;
  const found: string[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) found.push(m[1]);
  return found;
}

describe("import style that works in tslab, jest and plain Node", () => {
  const files = walk(path.join(root, "src"));
  test("every relative import in src/ names a file, not a folder", () => {
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of relativeImports(fs.readFileSync(file, "utf8"))) {
        const target = path.resolve(path.dirname(file), spec);
        if (!fs.existsSync(`${target}.ts`) && !fs.existsSync(target)) bad.push(`${path.relative(root, file)}: '${spec}' does not exist`);
        else if (!fs.existsSync(`${target}.ts`) && fs.statSync(target).isDirectory()) bad.push(`${path.relative(root, file)}: '${spec}' is a folder; write '${spec}/index'`);
      }
    }
    expect(bad).toEqual([]);
  });
  test("src/ uses no require, __dirname, import.meta or dynamic import()", () => {
    const bad: string[] = [];
    for (const file of files) {
      const code = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      for (const [what, re] of [["require(", /(?<![.\w])require\(/], ["__dirname", /\b__dirname\b/], ["import.meta", /import\.meta/], ["import()", /(?<![\w.])import\(/]] as const) {
        if (re.test(code)) bad.push(`${path.relative(root, file)}: ${what}`);
      }
    }
    expect(bad).toEqual([]);
  });
  test("notebooks import project code as ./src/<area>/<file>", () => {
    const bad: string[] = [];
    const nbDir = path.join(root, "notebooks");
    for (const name of fs.readdirSync(nbDir).filter((f) => f.endsWith(".ipynb"))) {
      const nb = JSON.parse(fs.readFileSync(path.join(nbDir, name), "utf8"));
      for (const cell of nb.cells) {
        if (cell.cell_type !== "code") continue;
        for (const spec of relativeImports(cell.source.join(""))) {
          const target = path.resolve(root, spec);
          if (!spec.startsWith("./src/") || !fs.existsSync(`${target}.ts`)) bad.push(`${name}: '${spec}'`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
