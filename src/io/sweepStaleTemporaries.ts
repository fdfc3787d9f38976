import * as fs from "node:fs";
import * as path from "node:path";

/** True when a process with this id exists (it may belong to another user: EPERM still means alive). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the leftovers of killed writers of `file`: `<file>.tmp-<pid>` files in its folder whose process no
 * longer exists (a live pid, which may be another writer at work, and our own pid are left alone).
 * @param file the output path whose temporaries to sweep
 * @returns the paths removed (empty when none, or when the folder does not exist)
 * @example sweepStaleTemporaries("outputs/work/model.json"); // ["outputs/work/model.json.tmp-41233"]
 */
export function sweepStaleTemporaries(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pidText = name.slice(prefix.length);
    if (!/^\d+$/.test(pidText)) continue;
    const pid = Number(pidText);
    if (pid === process.pid || processAlive(pid)) continue;
    const p = path.join(dir, name);
    try { fs.unlinkSync(p); removed.push(p); } catch { /* gone already, or not ours to remove */ }
  }
  return removed;
}
