// Faults: leftovers of killed writers are swept; SIGKILL at seeded random moments of `cubist --model-out`,
// `twin --out` (with its cache) and `fetch` leaves no partial or corrupt file under any output path and the next run recovers; a full disk (a
// 64 KB tmpfs when this machine lets us mount one, else skipped with a message) gives a clear error and keeps
// the previous output.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { writeFileAtomic } from "../../src/io/writeFileAtomic";
import { sweepStaleTemporaries } from "../../src/io/sweepStaleTemporaries";
import { writeGeoTiff } from "../../src/io/writeGeoTiff";

const ROOT = process.cwd();
const BIN = path.join(ROOT, "bin/sm-downscale.js");
const BOSTON = (f: string) => path.join(ROOT, "test/fixtures/cubist/boston", f);

/** A pid that is certainly dead: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.exit(0)"]);
  return r.pid as number;
}

/** Seeded uniform numbers in [0, 1) (a small LCG), so the kill moments are the same on every run. */
function uniforms(seed: number, n: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; });
}

/** Runs the CLI to the end; resolves with the exit code, stderr (each chunk prefixed with `@<ms since start> `) and the wall time. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr!.on("data", (d: Buffer) => { stderr += d.toString().replace(/^(?=.)/gm, `@${Date.now() - t0} `); });
    p.on("close", (code) => resolve({ code, stderr, ms: Date.now() - t0 }));
  });
}

/** Starts the CLI and SIGKILLs it `ms` after `started` resolves (default: at once); resolves when it is gone. */
function killAfter(args: string[], ms: number, started: (() => Promise<void>) | null = null): Promise<void> {
  return new Promise((resolve) => {
    const p: ChildProcess = spawn(process.execPath, [BIN, ...args], { stdio: "ignore" });
    let t: NodeJS.Timeout | undefined;
    const arm = () => { t = setTimeout(() => p.kill("SIGKILL"), ms); };
    if (started) void started().then(arm); else arm();
    p.on("close", () => { if (t) clearTimeout(t); resolve(); });
  });
}

/** Starts the CLI and SIGKILLs it `ms` after its stderr first matches `trigger` (null: after the start); resolves when it is gone. */
function killAt(args: string[], trigger: RegExp | null, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let t: NodeJS.Timeout | undefined;
    const arm = () => { if (!t) t = setTimeout(() => p.kill("SIGKILL"), ms); };
    if (!trigger) arm();
    p.stderr!.on("data", (d: Buffer) => { if (trigger && trigger.test(d.toString())) arm(); });
    p.on("close", () => { if (t) clearTimeout(t); resolve(); });
  });
}

let dir = "";
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-faults-")); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe("leftovers of killed writers", () => {
  test("writeFileAtomic removes <name>.tmp-<pid> of dead writers, keeps live ones and other files", () => {
    const out = path.join(dir, "sweep", "model.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const dead = `${out}.tmp-${deadPid()}`;
    const live = `${out}.tmp-${process.ppid}`; // our parent is alive: maybe another writer at work
    const other = path.join(path.dirname(out), "other.json.tmp-1");
    for (const f of [dead, live, other]) fs.writeFileSync(f, "partial");
    const removed: string[] = [];
    writeFileAtomic(out, "{}", { onStaleRemoved: (p) => removed.push(...p) });
    expect(removed).toEqual([dead]);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
    expect(fs.readFileSync(out, "utf8")).toBe("{}");
    expect(sweepStaleTemporaries(path.join(dir, "nowhere", "x"))).toEqual([]);
  });
});

describe("full disk", () => {
  const mnt = path.join(os.tmpdir(), `bad-faults-tmpfs-${process.pid}`);
  let mounted = false;
  beforeAll(() => {
    fs.mkdirSync(mnt, { recursive: true });
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt]);
    mounted = r.status === 0;
    if (!mounted) console.log(`full-disk tests skipped: cannot mount a tmpfs here (${String(r.stderr || r.error)})`);
  });
  afterAll(() => {
    if (mounted) spawnSync("umount", [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  });

  test("ENOSPC: a clear error naming the file, the previous output intact, no temporary left", () => {
    if (!mounted) return;
    const out = path.join(mnt, "table.csv");
    writeFileAtomic(out, "previous,complete\n");
    expect(() => writeFileAtomic(out, Buffer.alloc(200 * 1024, 65))).toThrow(new RegExp(`^writeFileAtomic: cannot write ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: ENOSPC`));
    expect(fs.readFileSync(out, "utf8")).toBe("previous,complete\n");
    expect(fs.readdirSync(mnt)).toEqual(["table.csv"]);
  });

  test("writeGeoTiff on a full disk: an error naming the file, the previous GeoTIFF intact, no temporary left", () => {
    if (!mounted) return;
    const out = path.join(mnt, "map.tif");
    fs.writeFileSync(out, "previous tif");
    const values = Float32Array.from({ length: 512 * 512 }, (_, i) => Math.sin(i) * 1000); // incompressible enough: > 64 KB
    expect(() => writeGeoTiff(out, values, { width: 512, height: 512, geoTransform: [0, 1, 0, 0, 0, -1], crs: "EPSG:4326" })).toThrow(/writeGeoTiff: .*map\.tif: ENOSPC/);
    expect(fs.readFileSync(out, "utf8")).toBe("previous tif");
    expect(fs.readdirSync(mnt).filter((f) => f.startsWith("map.tif"))).toEqual(["map.tif"]);
    fs.unlinkSync(out);
  });

  test("cubist --model-out on a full disk: exit 1, one line naming the file, the previous model intact", async () => {
    if (!mounted) return;
    const out = path.join(mnt, "boston.model");
    fs.writeFileSync(out, "previous model\n");
    // leave about 1 KB free: less than the model needs
    const free = () => { const s = fs.statfsSync(mnt); return s.bavail * s.bsize; };
    fs.writeFileSync(path.join(mnt, "filler"), Buffer.alloc(Math.max(0, free() - 1024)));
    const r = await runCli(["cubist", "--train", BOSTON("train.csv"), "--test", BOSTON("test.csv"), "--target", "medv", "--model-out", out]);
    fs.unlinkSync(path.join(mnt, "filler"));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(out);
    expect(lines[0]).toMatch(/ENOSPC/);
    expect(fs.readFileSync(out, "utf8")).toBe("previous model\n");
    expect(fs.readdirSync(mnt).filter((f) => f.startsWith("boston.model"))).toEqual(["boston.model"]);
  }, 120000);
});

describe("SIGKILL at random moments", () => {
  test("cubist --model-out: the output is the previous file or the complete model, never partial; the next run recovers and sweeps", async () => {
    const out = path.join(dir, "kill-cubist", "boston.model");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const args = ["cubist", "--train", BOSTON("train.csv"), "--test", BOSTON("test.csv"), "--target", "medv", "--model-out", out];
    const ref = await runCli(args);
    expect(ref.code).toBe(0);
    const complete = fs.readFileSync(out, "utf8");
    for (const u of uniforms(17, 3)) {
      fs.writeFileSync(out, "previous model\n");
      await killAfter(args, Math.round(ref.ms * (0.4 + 0.65 * u)));
      const now = fs.readFileSync(out, "utf8");
      expect(now === "previous model\n" || now === complete).toBe(true);
    }
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(complete);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["boston.model"]);
  }, 300000);

  test("twin --out (and its cache): every file present after a kill is complete, markers only on complete sets; the next run recovers", async () => {
    const work = path.join(dir, "kill-twin");
    const tree = (root: string): Map<string, Buffer> => {
      const m = new Map<string, Buffer>();
      const walk = (d: string) => {
        if (!fs.existsSync(d)) return;
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p); else m.set(path.relative(root, p), fs.readFileSync(p));
        }
      };
      walk(root);
      return m;
    };
    const args = (name: string) => ["twin", "--config", "tiny", "--out", path.join(work, name, "out"), "--data-dir", path.join(work, name, "data")];
    const ref = await runCli(args("ref"));
    expect(ref.code).toBe(0);
    // generation takes most of a first run and writes nothing: kill in the writing phases, measured from the
    // reference run: from "writing cache" to the end (cache then outputs), or the whole of a run on the cache
    const tail = Number(/@(\d+) twin: writing cache/.exec(ref.stderr)?.[1]);
    expect(tail).toBeGreaterThan(0);
    const tailMs = ref.ms - tail;
    const cached = await runCli(args("ref"));
    expect(cached.code).toBe(0);
    const refTree = tree(path.join(work, "ref"));
    const cacheMeta = [...refTree.keys()].find((k) => k.endsWith("meta.json")) as string;
    expect(cacheMeta).toBeDefined();
    const states: string[] = [];
    for (const u of uniforms(41, 3)) {
      const hasCache = fs.existsSync(path.join(work, "killed", cacheMeta));
      await killAt(args("killed"), hasCache ? null : /writing cache/, Math.round((hasCache ? cached.ms : tailMs) * u));
      const now = tree(path.join(work, "killed"));
      for (const [k, bytes] of now) {
        if (/\.tmp-\d+$/.test(k)) continue; // a dead writer's temporary: swept by the next writer of that file
        expect([k, refTree.get(k)?.equals(bytes)]).toEqual([k, true]); // complete, or absent: never partial
      }
      // the markers stand only on complete sets
      if (now.has(cacheMeta)) for (const k of refTree.keys()) if (k.startsWith(path.dirname(cacheMeta))) expect([k, now.has(k)]).toEqual([k, true]);
      const marker = path.join("out", "twin-files.json");
      if (now.has(marker)) for (const k of refTree.keys()) if (k.startsWith("out")) expect([k, now.has(k)]).toEqual([k, true]);
      const bins = [...now.keys()].filter((k) => k.endsWith(".bin")).length;
      const outs = [...now.keys()].filter((k) => k.startsWith("out") && !/\.tmp-/.test(k)).length;
      states.push(`${bins} cache arrays${now.has(cacheMeta) ? " + meta.json" : ""}, ${outs} outputs${now.has(marker) ? " + marker" : ""}`);
    }
    const again = await runCli(args("killed"));
    expect(again.code).toBe(0);
    const final = tree(path.join(work, "killed"));
    expect([...final.keys()].sort()).toEqual([...refTree.keys()].sort()); // no temporary left, nothing missing
    for (const [k, bytes] of refTree) expect([k, final.get(k)?.equals(bytes)]).toEqual([k, true]);
    console.log(`twin after 3 SIGKILLs (reference run ${ref.ms} ms, writing phase ${tailMs} ms, run on the cache ${cached.ms} ms): ${states.join("; ")}`);
  }, 300000);

  test("fetch: no partial file under the final name; the next run resumes from .part and verifies", async () => {
    const body = crypto.randomBytes(6 << 20);
    const sha = crypto.createHash("sha256").update(body).digest("hex");
    // a slow server: 64 KB every 40 ms (about 4 s for the file), Range supported
    let onRequest: (() => void) | null = null;
    const nextRequest = () => new Promise<void>((r) => { onRequest = r; });
    const server = http.createServer((req, res) => {
      if (onRequest) { const f = onRequest; onRequest = null; f(); }
      const m = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ""));
      const start = m ? Number(m[1]) : 0;
      res.writeHead(m ? 206 : 200, { "content-length": body.length - start, ...(m ? { "content-range": `bytes ${start}-${body.length - 1}/${body.length}` } : {}) });
      let p = start;
      const tick = setInterval(() => {
        if (p >= body.length) { clearInterval(tick); res.end(); return; }
        res.write(body.subarray(p, p + 65536));
        p += 65536;
      }, 40);
      res.on("close", () => clearInterval(tick));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const work = path.join(dir, "kill-fetch");
      const outDir = path.join(work, "out");
      fs.mkdirSync(outDir, { recursive: true });
      const manifest = path.join(work, "slow.json");
      fs.writeFileSync(manifest, JSON.stringify({
        kind: "product", id: "slow", name: "Slow loopback", shortName: "SLOW", version: "1", doi: null, citation: "test", licence: "test", role: "test",
        access: { route: "loopback", protocol: "http", instructions: "none", auth: { kind: "none", hosts: [] } },
        files: { format: "binary", nameTemplate: "{f}", urlTemplate: `http://127.0.0.1:${port}/{f}`, cadence: { unit: "static" }, expand: { f: ["big.bin"] } },
        variables: [{ name: "sm", description: "x", units: "%", dataType: "int8", scale: 1, offset: 0, fill: 127 }],
        grid: { crs: "EPSG:4326", kind: "points" }, temporal: { resolution: "none" },
        knownFiles: [{ name: "big.bin", size: body.length, sha256: sha, asDistributed: true, source: "test" }],
      }));
      const args = ["fetch", "--manifest", manifest, "--out", outDir, "--progress", "none", "--retry-delay", "0"];
      const final = path.join(outDir, "big.bin");
      const partSizes: number[] = [];
      for (const u of uniforms(29, 3)) {
        // killed at a seeded moment of the download (after the server got the request)
        await killAfter(args, Math.round(100 + 1500 * u), nextRequest);
        if (fs.existsSync(final)) expect(crypto.createHash("sha256").update(fs.readFileSync(final)).digest("hex")).toBe(sha);
        partSizes.push(fs.existsSync(`${final}.part`) ? fs.statSync(`${final}.part`).size : -1);
      }
      // the kills did land inside the download: a partial .part was left (and resumed by the next run)
      expect(partSizes.some((n) => n > 0 && n < body.length)).toBe(true);
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(crypto.createHash("sha256").update(fs.readFileSync(final)).digest("hex")).toBe(sha);
      expect(fs.readdirSync(outDir)).toEqual(["big.bin"]);
      console.log(`fetch after 3 SIGKILLs: .part sizes ${partSizes.join(", ")} of ${body.length} (-1: none)`);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 300000);
});
