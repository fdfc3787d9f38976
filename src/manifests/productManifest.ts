import type { VariableName } from "../sources/layerSource";
import type { Schema } from "./checkSchema";
import { boundingBox, isoDate, manifestId, optionalText, text } from "./common";
import type { BoundingBox } from "./common";

/** The study variables a product (or the twin) can serve (see `VariableName`). */
export const VARIABLE_NAMES: readonly VariableName[] = [
  "gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "soil", "precip", "truth_sm",
];

/** Date tokens a URL/name template may contain (all UTC). */
export const DATE_TOKENS = ["yyyy", "mm", "dd", "doy", "yyyymmdd", "yyyy.mm.dd", "hh"] as const;

/** How often a product has a file. */
export interface Cadence {
  /**
   * - `hour`: every `step` hours from 00 UTC each day (GLDAS 3-hourly: step 3).
   * - `day`: every day.
   * - `composite`: composites of `step` days starting on day-of-year 1 each year (MODIS 8- and 16-day);
   *   the last composite of a year is cut at 31 December.
   * - `month`: one file per month (dated the 1st).
   * - `year`: one file per year (dated 1 January).
   * - `static`: one set of files, no date (DEM tiles).
   */
  unit: "hour" | "day" | "composite" | "month" | "year" | "static";
  /** Step in hours (`hour`) or days (`composite`); default 1. */
  step?: number;
}

/** One variable (dataset, SDS, band) in the product's files. */
export interface ProductVariable {
  /** Name in the file (netCDF variable, HDF5 dataset path, HDF4 SDS, GeoTIFF layer). */
  name: string;
  /** The study variable it feeds, when any (`stations`: the in-situ station series). */
  serves?: VariableName | "stations";
  description: string;
  /** Units of the physical value (raw × scale + offset). */
  units: string;
  /** Stored type: int8, uint8, int16, uint16, int32, float32, float64, … */
  dataType: string;
  /** Physical = raw × scale + offset. */
  scale: number;
  offset: number;
  /** Raw fill value (before scaling), or null when the format declares none. */
  fill: number | null;
  /** Valid range of the raw values, when declared. */
  validRange?: [number, number];
  /** Conversion from the physical units to the study's units (study = physical × factor + offset). */
  toStudyUnits?: { factor: number; offset?: number; units: string };
  notes?: string;
}

/** The product's spatial grid. */
export interface ProductGrid {
  /** `EPSG:4326`, or a PROJ string (MODIS sinusoidal). */
  crs: string;
  kind: "regular" | "tiles" | "swath" | "points";
  /** Cell size and its unit (degrees for EPSG:4326, metres for projected grids). */
  cellSize?: number;
  cellUnits?: "degree" | "metre" | "arc-second";
  /** Global shape [rows, columns] of one file, when fixed. */
  shape?: [number, number];
  extent?: BoundingBox;
  /** Row order as stored: `north-to-south` or `south-to-north`. */
  rowOrder?: "north-to-south" | "south-to-north";
  notes?: string;
}

/** How the product is obtained. */
export interface ProductAccess {
  /** Route in words: `GES DISC HTTPS archive (Earthdata login)`. */
  route: string;
  /** `https`/`http`: the fetch command can download the expanded URLs; the others are documented only. */
  protocol: "https" | "http" | "sftp" | "api" | "portal";
  landingPage?: string;
  /** Authentication: which hosts receive credentials, and which environment variables hold them. */
  auth: {
    kind: "none" | "earthdata" | "account" | "token";
    /** Hosts that receive the username/password (`urs.earthdata.nasa.gov`). Empty when none. */
    hosts: string[];
    /** Hosts that receive the bearer token, when one is set (default: none). */
    tokenHosts?: string[];
    env?: { username?: string; password?: string; token?: string };
    notes?: string;
  };
  /** Step-by-step instructions for the user (registration, request forms, tools). */
  instructions: string;
  alternatives?: string[];
}

/** File naming and the URL template the fetcher expands. */
export interface ProductFiles {
  format: string;
  /** File-name pattern with the same tokens as the URL template (documentation and listing). */
  nameTemplate: string;
  /**
   * URL template. Tokens: `{yyyy}` `{mm}` `{dd}` `{doy}` (3 digits) `{yyyymmdd}` `{yyyy.mm.dd}` `{hh}`
   * (UTC), any key of `expand` (one URL per listed value), and `{*}` for a part that is not
   * predictable (a production time stamp) and is resolved by listing the directory.
   */
  urlTemplate: string;
  cadence: Cadence;
  /** Values of the non-date tokens (tiles, passes, versions). */
  expand?: Record<string, string[]>;
  /** Typical size of one file in bytes (planning only). */
  typicalSize?: number;
  notes?: string;
}

/** A real file whose size and SHA-256 are known. */
export interface KnownFile {
  name: string;
  size: number;
  sha256: string;
  /**
   * True when these bytes are exactly what the provider serves under this name, so the fetcher
   * verifies a download against them. False for reduced copies (subsets) and request-specific outputs.
   */
  asDistributed: boolean;
  /** Where the copy we hashed comes from (repository, path, commit). */
  source: string;
  note?: string;
}

/** A manifest describing one real data product (`data-manifests/<id>.json`). */
export interface ProductManifest {
  kind: "product";
  /** Equal to the file name without `.json`. */
  id: string;
  name: string;
  shortName: string;
  version: string;
  doi: string | null;
  citation: string;
  licence: string;
  /** How this study uses the product (paper section). */
  role: string;
  access: ProductAccess;
  files: ProductFiles;
  variables: ProductVariable[];
  grid: ProductGrid;
  temporal: { resolution: string; coverageStart?: string; coverageEnd?: string | null; notes?: string };
  knownFiles: KnownFile[];
  notes?: string;
}

const host: Schema = {
  type: "string", pattern: /^[a-z0-9.-]+(:\d+)?$/, patternText: "a host name like urs.earthdata.nasa.gov",
};
const hostList: Schema = { type: "array", items: host };

const cadence: Schema = {
  type: "object",
  properties: {
    unit: { type: "string", enum: ["hour", "day", "composite", "month", "year", "static"] },
    step: { type: "number", integer: true, min: 1, max: 366, optional: true },
  },
};

const variable: Schema = {
  type: "object",
  properties: {
    name: text,
    serves: { type: "string", enum: [...VARIABLE_NAMES, "stations"], optional: true },
    description: text,
    units: text,
    dataType: { type: "string", enum: ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64", "text"] },
    scale: { type: "number" },
    offset: { type: "number" },
    fill: { type: "anyOf", options: [{ type: "number" }, { type: "null" }], describe: "a number or null" },
    validRange: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2, optional: true },
    toStudyUnits: {
      type: "object", optional: true,
      properties: { factor: { type: "number" }, offset: { type: "number", optional: true }, units: text },
    },
    notes: optionalText,
  },
};

/** The schema of a {@link ProductManifest}. */
export const productManifestSchema: Schema = {
  type: "object",
  properties: {
    kind: { type: "string", enum: ["product"] },
    id: manifestId,
    name: text,
    shortName: text,
    version: text,
    doi: {
      type: "anyOf", describe: "a DOI like 10.5067/E7TYRXPJKWOQ, or null",
      options: [{ type: "string", pattern: /^10\.\d{4,9}\/\S+$/ }, { type: "null" }],
    },
    citation: text,
    licence: text,
    role: text,
    access: {
      type: "object",
      properties: {
        route: text,
        protocol: { type: "string", enum: ["https", "http", "sftp", "api", "portal"] },
        landingPage: { type: "string", pattern: /^https?:\/\/\S+$/, patternText: "an http(s) URL", optional: true },
        auth: {
          type: "object",
          properties: {
            kind: { type: "string", enum: ["none", "earthdata", "account", "token"] },
            hosts: hostList,
            tokenHosts: { ...hostList, optional: true },
            env: {
              type: "object", optional: true,
              properties: {
                username: { type: "string", pattern: /^[A-Z_][A-Z0-9_]*$/, patternText: "an environment variable name", optional: true },
                password: { type: "string", pattern: /^[A-Z_][A-Z0-9_]*$/, patternText: "an environment variable name", optional: true },
                token: { type: "string", pattern: /^[A-Z_][A-Z0-9_]*$/, patternText: "an environment variable name", optional: true },
              },
            },
            notes: optionalText,
          },
        },
        instructions: text,
        alternatives: { type: "array", items: text, optional: true },
      },
    },
    files: {
      type: "object",
      properties: {
        format: text,
        nameTemplate: { type: "string", pattern: /^[^/\\]+$/, patternText: "a file name without slashes" },
        urlTemplate: { type: "string", pattern: /^[a-z]+:\/\/\S+$/, patternText: "a URL like https://host/path/{yyyy}/{doy}/name" },
        cadence,
        expand: {
          type: "object", optional: true, properties: {},
          additional: { type: "array", items: { type: "string", pattern: /^[^/{}]+$/, patternText: "a value without '/', '{' or '}'" }, minItems: 1 },
        },
        typicalSize: { type: "number", integer: true, min: 0, optional: true },
        notes: optionalText,
      },
    },
    variables: { type: "array", items: variable, minItems: 1 },
    grid: {
      type: "object",
      properties: {
        crs: text,
        kind: { type: "string", enum: ["regular", "tiles", "swath", "points"] },
        cellSize: { type: "number", min: 0, exclusiveMin: true, optional: true },
        cellUnits: { type: "string", enum: ["degree", "metre", "arc-second"], optional: true },
        shape: { type: "array", items: { type: "number", integer: true, min: 1 }, minItems: 2, maxItems: 2, optional: true },
        extent: { ...boundingBox, optional: true },
        rowOrder: { type: "string", enum: ["north-to-south", "south-to-north"], optional: true },
        notes: optionalText,
      },
    },
    temporal: {
      type: "object",
      properties: {
        resolution: text,
        coverageStart: { ...isoDate, optional: true },
        coverageEnd: {
          type: "anyOf", optional: true, describe: "a date YYYY-MM-DD or null (ongoing)",
          options: [isoDate, { type: "null" }],
        },
        notes: optionalText,
      },
    },
    knownFiles: {
      type: "array",
      items: {
        type: "object",
        properties: {
          name: { type: "string", pattern: /^[^/\\]+$/, patternText: "a file name without slashes" },
          size: { type: "number", integer: true, min: 0 },
          sha256: { type: "string", pattern: /^[0-9a-f]{64}$/, patternText: "64 lowercase hex digits" },
          asDistributed: { type: "boolean" },
          source: text,
          note: optionalText,
        },
      },
    },
    notes: optionalText,
  },
};
