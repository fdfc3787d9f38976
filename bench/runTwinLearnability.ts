// node -r ./scripts/ts-register.js bench/runTwinLearnability.ts [default|tiny]
import { openTwin, twinConfig } from "../src/twin";
import { twinLearnability } from "./twinLearnability";
const name = (process.argv[2] ?? "default") as "default" | "tiny";
const t0 = Date.now();
const twin = openTwin(twinConfig(name), { onProgress: (m) => process.stderr.write(`${m}\n`) });
const t1 = Date.now();
const r = twinLearnability(twin);
process.stdout.write(JSON.stringify({ openSeconds: (t1 - t0) / 1000, learnSeconds: (Date.now() - t1) / 1000, ...r }, null, 1) + "\n");
