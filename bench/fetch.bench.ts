import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import type { Benchmark } from "./benchmark";
import { fetchProduct } from "../src/fetch";
import { expandFileList, loadProductManifest, validateProductManifest } from "../src/manifests";

const SIZE = 64 * 1024 * 1024;

interface Input { server: http.Server; port: number; sha256: string; out: string }

async function serve(): Promise<Input> {
  const body = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i += 4) body.writeUInt32LE((i * 2654435761) >>> 0, i);
  const sha256 = crypto.createHash("sha256").update(body).digest("hex");
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port, sha256, out: fs.mkdtempSync(path.join(os.tmpdir(), "fetch-bench-")) };
}

export const benchmarks: Benchmark[] = [
  {
    name: "fetch.loopback.64MiB",
    size: "one 64 MiB file over 127.0.0.1, sha256 verified",
    setup: serve,
    run: async (input) => {
      const { server, port, sha256, out } = input as Input;
      const m = validateProductManifest({
        kind: "product", id: "bench", name: "bench", shortName: "b", version: "1", doi: null, citation: "-", licence: "-", role: "-",
        access: { route: "loopback", protocol: "http", instructions: "-", auth: { kind: "none", hosts: [] } },
        files: { format: "bin", nameTemplate: "{f}", urlTemplate: `http://127.0.0.1:${port}/{f}`, cadence: { unit: "static" }, expand: { f: ["big.bin"] } },
        variables: [{ name: "x", description: "-", units: "-", dataType: "uint8", scale: 1, offset: 0, fill: null }],
        grid: { crs: "EPSG:4326", kind: "points" }, temporal: { resolution: "-" },
        knownFiles: [{ name: "big.bin", size: SIZE, sha256, asDistributed: true, source: "generated" }],
      });
      const t0 = process.hrtime.bigint();
      const s = await fetchProduct(m, { outDir: out, retries: 0, env: {} });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      server.closeAllConnections();
      server.close();
      fs.rmSync(out, { recursive: true, force: true });
      if (s.fetched !== 1) throw new Error(`bench download failed: ${s.results[0].message}`);
      return `${(SIZE / 2 ** 20 / seconds).toFixed(0)} MiB/s`;
    },
  },
  {
    name: "fetch.expand.gldas3y",
    size: "GLDAS 2013-2015 file list (8,760 URLs)",
    run: () => {
      const m = loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json");
      return `${expandFileList(m, { from: "2013-01-01", to: "2015-12-31" }).length} files`;
    },
  },
];
