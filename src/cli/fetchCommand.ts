import * as path from "node:path";
import { barReporter, fetchProduct, lineReporter, parseProviderBase } from "../fetch/index";
import type { ProgressReporter, ProviderBase } from "../fetch/index";
import { expandFileList, isCalendarDate, loadProductManifest } from "../manifests/index";
import type { Command } from "./command";
import { numberOption, parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";

const usage = `usage: sm-downscale fetch --manifest data-manifests/X.json [--from YYYY-MM-DD --to YYYY-MM-DD] [--out DIR]
                          [--parallel N] [--retries N] [--retry-delay SEC] [--timeout SEC]
                          [--progress auto|bar|plain|none] [--list] [--provider-base URL]

Downloads the files a product manifest lists for a date range (inclusive, UTC days).
  --manifest     product manifest (data-manifests/*.json)
  --from, --to   first and last day; not needed for static products (srtm)
  --out          output directory (default $SM_DATA_DIR/real/<id>, SM_DATA_DIR defaulting to ./data)
  --parallel     files downloaded at the same time (default 4, at most 16)
  --retries      extra attempts per file after a dropped connection, timeout or 5xx (default 3)
  --retry-delay  seconds before retry k, times k (default 2)
  --timeout      seconds without data before a connection is dropped (default 60)
  --progress     auto (a bar for the whole run — files, bytes, rate, ETA — when stderr is a terminal, else one line per file), bar, plain, none
  --list         print the files (name and URL) without downloading
  --provider-base  download from a provider replica on this machine (sm-downscale replica serve), e.g.
                 http://127.0.0.1:8123; default $SM_PROVIDER_BASE; unset = the real providers. Host names, paths,
                 credentials and cookies stay those of the real providers; only where they are served differs

Credentials (never printed): ~/.netrc ('machine <host> login <user> password <pass>'; path from $NETRC),
or the environment variables the manifest names (EARTHDATA_USERNAME/EARTHDATA_PASSWORD, or a bearer
token in EARTHDATA_TOKEN), each sent only to its own host. Partial downloads resume from <name>.part;
files are checked against known sizes and SHA-256 and renamed into place; good files are skipped.
Exit status: 0 when every file was fetched or skipped, 1 when any failed.`;

function human(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `sm-downscale fetch`: downloads the files of a product manifest (see {@link usage}). */
export const fetchCommand: Command = {
  name: "fetch",
  summary: "download a real product's files listed by a data manifest (resumable, verified)",
  usage,
  async run(argv, io) {
    const { values } = parseOptions("fetch", argv, {
      manifest: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
      parallel: { type: "string" },
      retries: { type: "string" },
      "retry-delay": { type: "string" },
      timeout: { type: "string" },
      progress: { type: "string" },
      list: { type: "boolean" },
      "provider-base": { type: "string" },
    });
    if (!values.manifest) throw new UsageError("fetch: --manifest is required (a data-manifests/*.json product manifest)");
    for (const key of ["from", "to"] as const) {
      const v = values[key];
      if (v !== undefined && !isCalendarDate(v)) throw new UsageError(`fetch: --${key} must be a date YYYY-MM-DD, got '${v}'`);
    }
    if (values.from && values.to && values.from > values.to) throw new UsageError(`fetch: --to (${values.to}) must not be before --from (${values.from})`);
    const parallel = numberOption("fetch", "parallel", values.parallel, { min: 1, max: 16, integer: true }) ?? 4;
    const retries = numberOption("fetch", "retries", values.retries, { min: 0, max: 100, integer: true }) ?? 3;
    const retryDelay = numberOption("fetch", "retry-delay", values["retry-delay"], { min: 0, max: 3600 }) ?? 2;
    const timeout = numberOption("fetch", "timeout", values.timeout, { min: 0.001, max: 86400 }) ?? 60;
    const progress = values.progress ?? "auto";
    if (!["auto", "bar", "plain", "none"].includes(progress)) throw new UsageError(`fetch: --progress must be auto, bar, plain or none, got '${progress}'`);

    const manifest = loadProductManifest(values.manifest);
    const dated = manifest.files.cadence.unit !== "static";
    if (dated && (values.from === undefined || values.to === undefined)) {
      throw new UsageError(`fetch: --from and --to are required for ${manifest.id} (cadence ${manifest.files.cadence.unit})`);
    }
    const range = dated ? { from: values.from, to: values.to } : {};
    const outDir = values.out ?? path.join(process.env.SM_DATA_DIR || "data", "real", manifest.id);

    let base: ProviderBase | undefined;
    try {
      base = parseProviderBase(values["provider-base"] ?? process.env.SM_PROVIDER_BASE, values["provider-base"] !== undefined ? "fetch: --provider-base" : "SM_PROVIDER_BASE");
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const httpReachable = manifest.access.protocol === "https" || manifest.access.protocol === "http" || (base !== undefined && manifest.access.protocol === "sftp");
    if (values.list || !httpReachable) {
      const files = expandFileList(manifest, range);
      for (const f of files) io.out(`${f.name}\t${f.url}${f.sha256 ? `\tsha256=${f.sha256}` : ""}`);
      if (values.list) {
        io.out(`fetch ${manifest.id}: ${files.length} file(s) listed, nothing downloaded`);
        return 0;
      }
      io.err(`fetch: ${manifest.id} is distributed by ${manifest.access.route} (protocol ${manifest.access.protocol}), which this command does not download; the ${files.length} file(s) above are the names to get. ${manifest.access.instructions}`);
      return 1;
    }

    const stderr = process.stderr as NodeJS.WriteStream;
    // One bar for the whole run (files in parallel included); plain lines when stderr is not a terminal.
    const useBar = progress === "bar" || (progress === "auto" && stderr.isTTY === true);
    const reporter: ProgressReporter = progress === "none"
      ? { start() {}, progress() {}, finish() {} }
      : useBar ? barReporter(stderr) : lineReporter((line) => io.err(line));
    const startedAt = Date.now();
    const summary = await fetchProduct(manifest, {
      ...range, outDir, concurrency: parallel, retries, retryDelayMs: retryDelay * 1000, timeoutMs: timeout * 1000, reporter,
      providerBase: base?.url ?? "",
    });
    const seconds = Math.max(1e-3, (Date.now() - startedAt) / 1000);
    io.out(`fetch ${summary.product}: ${summary.results.length} file(s) into ${outDir}: fetched ${summary.fetched} (${human(summary.bytes)} received in ${seconds.toFixed(1)} s, ${human(summary.bytes / seconds)}/s), skipped ${summary.skipped}, failed ${summary.failed}`);
    for (const r of summary.results.filter((x) => x.status === "failed")) io.out(`  failed ${r.name}: ${r.message}`);
    return summary.failed === 0 ? 0 : 1;
  },
};
