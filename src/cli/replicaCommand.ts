import * as path from "node:path";
import type { Command, CommandIO } from "./command";
import { parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";
import { exportReplica, REPLICA_PRODUCTS } from "../replica/exportReplica";
import { openTwin, twinConfig } from "../twin/index";

const USAGE = `usage: sm-downscale replica export --config default|domain|tiny --out DIR [--products ID,ID,...] [--from YYYY-MM-DD --to YYYY-MM-DD] [--data-dir DIR] [--manifests DIR]

Writes the synthetic twin as the providers distribute it, under DIR/<host>/<path> of each product manifest's URL
(so the manifests' URL templates expand to the replica with only the base URL changed):
  gldas-noah025-3h-v2.1   GLDAS-2.1 Noah 3-hourly NetCDF-4 granules (GES DISC)
  amsr2-lprm-l3           LPRM AMSR2 L3 daily NetCDF-4, ascending and descending (GES DISC)
  hsaf-ascat-cdr          H SAF ASCAT SSM CDR cell files (ragged arrays; the whole --from..--to series)
  mod11a2 mod13a2 mcd12q1 MODIS HDF4-EOS2 sinusoidal tiles (LP DAAC Data Pool)
  srtm                    CGIAR-CSI SRTM v4.1 srtm_XX_YY.zip tiles
  ismn                    ISMN header+values archive of the stations
--products: default all. --from/--to: default the twin's 1 km days. --data-dir: the twin cache (default
$SM_DATA_DIR or ./data). --manifests: the product manifests (default data-manifests).
Prints one line per product (files, seconds) and a total.`;

export const replicaCommand: Command = {
  name: "replica",
  summary: "write the twin as the providers distribute it (replica export)",
  usage: USAGE,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const [action, ...rest] = argv;
    if (action !== "export") throw new UsageError(`replica: the first argument must be 'export', got '${action ?? ""}'`);
    const { values } = parseOptions("replica export", rest, {
      config: { type: "string" }, out: { type: "string" }, products: { type: "string" },
      from: { type: "string" }, to: { type: "string" }, "data-dir": { type: "string" }, manifests: { type: "string" },
    });
    const name = values.config;
    if (name !== "default" && name !== "tiny" && name !== "domain") throw new UsageError(`replica export: --config must be 'default', 'domain' or 'tiny', got '${name ?? ""}'`);
    if (!values.out) throw new UsageError("replica export: --out DIR is required");
    const products = values.products === undefined ? [...REPLICA_PRODUCTS] : values.products.split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = products.filter((p) => !(REPLICA_PRODUCTS as readonly string[]).includes(p));
    if (unknown.length || !products.length) throw new UsageError(`replica export: --products must list ids of ${REPLICA_PRODUCTS.join(", ")}, got '${values.products}'`);
    if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError("replica export: --from and --to must be given together");
    for (const [k, d] of [["from", values.from], ["to", values.to]] as const) {
      if (d !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))) throw new UsageError(`replica export: --${k} must be YYYY-MM-DD, got '${d}'`);
    }
    if (values.from !== undefined && values.to !== undefined && values.to < values.from) throw new UsageError(`replica export: --to ${values.to} is before --from ${values.from}`);
    const t0 = Date.now();
    const twin = openTwin(twinConfig(name), { dataDir: values["data-dir"], onProgress: (m) => io.err(`twin: ${m}`) });
    const period = twin.dates();
    for (const [k, d] of [["from", values.from], ["to", values.to]] as const) {
      if (d !== undefined && (d < period[0] || d > period[period.length - 1])) throw new UsageError(`replica export: --${k} ${d} is outside the twin's period ${period[0]}…${period[period.length - 1]}`);
    }
    let total = 0;
    await exportReplica({
      twin, outDir: values.out, products, from: values.from, to: values.to, manifestDir: values.manifests ?? "data-manifests",
      onProduct: (id, files, s) => { total += files.length; io.out(`  ${id.padEnd(22)} ${String(files.length).padStart(5)} files  ${s.toFixed(1).padStart(6)} s  ${files.length ? path.relative(values.out as string, path.dirname(files[0])) : ""}`); },
    });
    io.out(`replica ${twin.name}: ${total} files in ${values.out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  },
};
