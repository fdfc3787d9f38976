import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "./writeFileAtomic";

/** One raster asset of a STAC item (a COG file). */
export interface StacRasterAsset {
  /** Asset key, e.g. "soil_moisture". */
  key: string;
  /** The file (its checksum and size are read from it). */
  file: string;
  title: string;
  /** raster:bands[0] fields. */
  dataType: "int16" | "float32" | "uint8";
  nodata?: number;
  scale?: number;
  offset?: number;
  unit?: string;
}

/** One item (a day) of {@link writeStacCatalog}. */
export interface StacItemSpec {
  id: string;
  /** ISO date-time, e.g. "2015-05-01T00:00:00Z". */
  datetime: string;
  assets: StacRasterAsset[];
  /** Extra properties (e.g. counts), names with a prefix like "sm:". */
  properties?: Record<string, number | string>;
}

/** Options of {@link writeStacCatalog}. */
export interface StacCatalogOptions {
  /** Folder of the catalog: `collection.json` and `items/<id>.json` are written there. Required. */
  dir: string;
  id: string;
  title: string;
  description: string;
  /** SPDX licence id of the data. Default "GPL-3.0-or-later" (the project's). */
  license?: string;
  /** [west, south, east, north], degrees. */
  bbox: [number, number, number, number];
  /** EPSG code of the rasters (4326). */
  epsg: number;
  /** [height, width] and the affine of the rasters in rasterio order [a, b, c, d, e, f] (proj:shape, proj:transform). */
  shape: [number, number];
  transform: [number, number, number, number, number, number];
  items: StacItemSpec[];
}

const EXT = [
  "https://stac-extensions.github.io/projection/v1.1.0/schema.json",
  "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
  "https://stac-extensions.github.io/file/v2.1.0/schema.json",
];

/** file:checksum as a multihash: 0x12 (sha2-256), 0x20 (32 bytes), digest, hex. */
function multihash(file: string): string {
  return `1220${createHash("sha256").update(fs.readFileSync(file)).digest("hex")}`;
}

/**
 * Writes a static STAC 1.0.0 catalog for a daily raster product: a Collection (`collection.json`) and one Item
 * per day (`items/<id>.json`), with the projection (v1.1.0: proj:epsg, proj:shape, proj:transform), raster
 * (v1.1.0: data type, nodata, scale, offset, unit) and file (v2.1.0: sha2-256 multihash checksum, size)
 * extensions, assets linking to the COGs by relative paths (the folder can be moved or served as is), links
 * root/parent/collection/item. Every file written atomically; output bytes depend only on the inputs.
 *
 * @returns the files written
 * @throws RangeError naming the option for an empty id, a bad bbox or shape, or no items; Error naming an asset
 *   file that does not exist
 * @example
 * writeStacCatalog({ dir: "out/stac", id: "sm1km", title: "…", description: "…", bbox, epsg: 4326,
 *   shape: [h, w], transform: grid.geoTransform(), items: [{ id: "20150501", datetime: "2015-05-01T00:00:00Z", assets }] });
 */
export function writeStacCatalog(options: StacCatalogOptions): string[] {
  const o = options ?? ({} as StacCatalogOptions);
  if (typeof o.dir !== "string" || o.dir === "") throw new RangeError(`writeStacCatalog: options.dir must be a folder, got ${String(o.dir)}`);
  if (typeof o.id !== "string" || !/^[A-Za-z0-9._-]+$/.test(o.id)) throw new RangeError(`writeStacCatalog: options.id must be a non-empty id of letters, digits, . _ -, got ${String(o.id)}`);
  if (!Array.isArray(o.bbox) || o.bbox.length !== 4 || !o.bbox.every(Number.isFinite) || !(o.bbox[0] < o.bbox[2] && o.bbox[1] < o.bbox[3])) {
    throw new RangeError(`writeStacCatalog: options.bbox must be [west, south, east, north], got ${JSON.stringify(o.bbox)}`);
  }
  if (!Array.isArray(o.items) || o.items.length === 0) throw new RangeError("writeStacCatalog: options.items must not be empty");
  const [w, s, e, n] = o.bbox;
  const geometry = { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
  const written: string[] = [];
  const itemsDir = path.join(o.dir, "items");
  const sorted = o.items.slice().sort((a, b) => (a.datetime < b.datetime ? -1 : a.datetime > b.datetime ? 1 : 0));
  for (const it of sorted) {
    const assets: Record<string, unknown> = {};
    for (const a of it.assets) {
      if (!fs.existsSync(a.file)) throw new Error(`writeStacCatalog: asset '${a.key}' of item ${it.id}: ${a.file} does not exist`);
      const band: Record<string, unknown> = { data_type: a.dataType };
      if (a.nodata !== undefined) band.nodata = a.nodata;
      if (a.scale !== undefined) band.scale = a.scale;
      if (a.offset !== undefined) band.offset = a.offset;
      if (a.unit !== undefined) band.unit = a.unit;
      assets[a.key] = {
        href: path.relative(itemsDir, a.file).split(path.sep).join("/"),
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        title: a.title, roles: ["data"],
        "file:checksum": multihash(a.file), "file:size": fs.statSync(a.file).size,
        "raster:bands": [band],
      };
    }
    const item = {
      type: "Feature", stac_version: "1.0.0", stac_extensions: EXT, id: it.id, collection: o.id,
      geometry, bbox: o.bbox,
      properties: { datetime: it.datetime, "proj:epsg": o.epsg, "proj:shape": o.shape, "proj:transform": o.transform, ...(it.properties ?? {}) },
      links: [
        { rel: "root", href: "../collection.json", type: "application/json" },
        { rel: "parent", href: "../collection.json", type: "application/json" },
        { rel: "collection", href: "../collection.json", type: "application/json" },
      ],
      assets,
    };
    const f = path.join(itemsDir, `${it.id}.json`);
    writeFileAtomic(f, JSON.stringify(item, null, 1) + "\n");
    written.push(f);
  }
  const collection = {
    type: "Collection", stac_version: "1.0.0", stac_extensions: [], id: o.id, title: o.title, description: o.description,
    license: o.license ?? "GPL-3.0-or-later",
    extent: { spatial: { bbox: [o.bbox] }, temporal: { interval: [[sorted[0].datetime, sorted[sorted.length - 1].datetime]] } },
    links: [
      { rel: "root", href: "./collection.json", type: "application/json" },
      ...sorted.map((it) => ({ rel: "item", href: `./items/${it.id}.json`, type: "application/geo+json" })),
    ],
  };
  const cf = path.join(o.dir, "collection.json");
  writeFileAtomic(cf, JSON.stringify(collection, null, 1) + "\n");
  written.push(cf);
  return written;
}
