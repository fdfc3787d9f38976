import * as path from "node:path";
import type { Command, CommandIO } from "./command";
import { parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";
import { exportReplica, REPLICA_PRODUCTS } from "../replica/exportReplica";
import { serveReplica } from "../replica/serveReplica";
import { openTwin, twinConfig } from "../twin/index";

/** `--faults unavailable=N,drop=M` → the server's fault counts. */
function parseFaults(text: string | undefined): { unavailableEvery: number; dropEvery: number } {
  const out = { unavailableEvery: 0, dropEvery: 0 };
  if (text === undefined) return out;
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(unavailable|drop)=(\d+)$/.exec(part);
    if (!m) throw new UsageError(`replica serve: --faults must be unavailable=N,drop=M (whole numbers, 0 = never), got '${text}'`);
    out[m[1] === "drop" ? "dropEvery" : "unavailableEvery"] = Number(m[2]);
  }
  return out;
}

async function serve(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseOptions("replica serve", argv, {
    dir: { type: "string" }, port: { type: "string" }, faults: { type: "string" },
    user: { type: "string" }, password: { type: "string" }, token: { type: "string" }, quiet: { type: "boolean" },
  });
  if (!values.dir) throw new UsageError("replica serve: --dir DIR is required (a directory written by replica export)");
  const port = values.port === undefined ? 8123 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`replica serve: --port must be a whole number 0–65535, got '${values.port}'`);
  if ((values.user === undefined) !== (values.password === undefined)) throw new UsageError("replica serve: --user and --password must be given together");
  const login = { username: values.user ?? "replica", password: values.password ?? "replica", token: values.token ?? "replica-token" };
  let server;
  try {
    server = await serveReplica({
      dir: values.dir, port, login, faults: parseFaults(values.faults),
      onRequest: values.quiet ? undefined : (r) => io.err(`${r.status} ${r.method} ${r.host}${r.path} ${r.bytes} B${r.note ? ` (${r.note})` : ""}`),
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`replica serve: ${e.message.replace(/^serveReplica: /, "").replace(/options\.faults\.\w+/, "--faults").replace(/options\.(\w+)/, "--$1")}`);
    throw e;
  }
  io.out(`replica serving ${path.resolve(values.dir)} at ${server.url} (Ctrl-C stops it)`);
  io.out(`  fetch from it: SM_PROVIDER_BASE=${server.url} npx sm-downscale fetch --manifest data-manifests/<product>.json …`);
  const s = server;
  await new Promise<void>((resolve) => {
    const stop = () => { process.off("SIGINT", stop); process.off("SIGTERM", stop); void s.close().then(resolve); };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const st = s.stats;
  io.out(`replica stopped: ${st.requests} requests, ${st.files} files (${st.ranges} ranges, ${st.bytes} bytes), ${st.loginRedirects} login redirects, ${st.unauthorized} unauthorized, ${st.notFound} not found, ${st.unavailable} 503 and ${st.dropped} dropped by --faults`);
  return 0;
}

const USAGE = `usage: sm-downscale replica export --config default|domain|tiny --out DIR [--products ID,ID,...] [--from YYYY-MM-DD --to YYYY-MM-DD] [--data-dir DIR] [--manifests DIR]
       sm-downscale replica serve --dir DIR [--port P] [--faults unavailable=N,drop=M] [--user U --password P] [--token T] [--quiet]

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
Prints one line per product (files, seconds) and a total.

replica serve: serves DIR over HTTP on 127.0.0.1 until interrupted, with the providers' behaviour: each request's
Host header names the provider (fetch --provider-base / SM_PROVIDER_BASE resolve every provider host to the
replica), Earthdata Login redirects with a session cookie for the NASA hosts (401 without credentials; the account
is --user/--password, default replica/replica, or a bearer --token, default replica-token: put
'machine urs.earthdata.nasa.gov login replica password replica' in a netrc), Range requests (206/416), Apache-style
directory listings, and on request deterministic faults: every N-th file answer a 503, every M-th a connection
dropped mid-file (--faults unavailable=N,drop=M). --port 0 (default 8123) takes a free port. One log line per
request on stderr unless --quiet.`;

export const replicaCommand: Command = {
  name: "replica",
  summary: "write the twin as the providers distribute it (replica export), and serve it on loopback (replica serve)",
  usage: USAGE,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const [action, ...rest] = argv;
    if (action === "serve") return serve(rest, io);
    if (action !== "export") throw new UsageError(`replica: the first argument must be 'export' or 'serve', got '${action ?? ""}'`);
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
