/** Options of {@link aggregateLandCover}. */
export interface AggregateLandCoverOptions {
  /**
   * MODIS numbering of the input IGBP codes: "c6" (Collection 6/6.1 `LC_Type1`: 1–17, water = 17, 255 fill)
   * or "c5" (Collection 5.1 `Land_Cover_Type_1`: 0 = water, 1–16, 254 unclassified, 255 fill). Default "c6".
   */
  numbering?: "c6" | "c5";
  /**
   * "separate" (default): barren (IGBP 16) is its own class 9, as in the paper's Table A2 and its Rule 1 (10 classes);
   * "grassland": barren → grasslands (4), the mapping printed in Table A1 (9 classes).
   */
  barren?: "separate" | "grassland";
}

/** One aggregated land-cover class. */
export interface LandCoverClass {
  code: number;
  name: string;
}

/** The paper's aggregated classes (Table A1; docs/paper.md §10), with barren kept separate as class 9. */
export const AGGREGATED_LAND_COVER_CLASSES: readonly LandCoverClass[] = [
  { code: 0, name: "Water" },
  { code: 1, name: "Forest" },
  { code: 2, name: "Shrublands" },
  { code: 3, name: "Savannas" },
  { code: 4, name: "Grasslands" },
  { code: 5, name: "Permanent wetlands" },
  { code: 6, name: "Croplands" },
  { code: 7, name: "Urban and built-up" },
  { code: 8, name: "Snow and ice" },
  { code: 9, name: "Barren" },
];

/** IGBP class names by Collection 5 code (0 water … 16 barren). */
export const IGBP_CLASS_NAMES: readonly string[] = [
  "Water", "Evergreen needleleaf forest", "Evergreen broadleaf forest", "Deciduous needleleaf forest",
  "Deciduous broadleaf forest", "Mixed forest", "Closed shrublands", "Open shrublands", "Woody savannas", "Savannas",
  "Grasslands", "Permanent wetlands", "Croplands", "Urban and built-up", "Cropland/natural vegetation mosaic",
  "Snow and ice", "Barren or sparsely vegetated",
];

/** Table A1: Collection-5 IGBP code (0–16) → aggregated code, barren separate (16 → 9). */
const C5_TO_AGGREGATED = [0, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 6, 8, 9];

/** Result of {@link aggregateLandCover}. */
export interface AggregateLandCoverResult {
  /** Aggregated class codes (0–9, or 0–8 with barren → grassland), NaN for fill/unclassified/unknown/missing. */
  values: Float32Array;
  /** The classes that can occur, with names. */
  classes: LandCoverClass[];
  counts: {
    /** Fill value 255 (both collections). */
    fill: number;
    /** 254 in Collection 5 (unclassified). */
    unclassified: number;
    /** Codes that are not IGBP codes of the chosen numbering (e.g. 0 in C6, 17 in C5). */
    unknown: number;
    /** NaN inputs. */
    missing: number;
  };
}

/**
 * Maps MODIS IGBP land-cover codes (17 classes) to the paper's aggregated classes (Park et al. 2017,
 * Table A1): water 0; forest 1 (IGBP 1–5); shrublands 2 (6–7); savannas 3 (8–9); grasslands 4 (10);
 * permanent wetlands 5 (11); croplands 6 (12 and 14, cropland/natural mosaic); urban 7 (13); snow and ice 8 (15);
 * barren 9 (16) — or barren → grasslands 4 with `barren: "grassland"` (the table as printed).
 * Water is 0 in Collection 5 and 17 in Collection 6. Fill (255), unclassified (254, C5) and codes outside the
 * numbering become NaN and are counted.
 *
 * @param codes IGBP codes (any numeric array; NaN = missing)
 * @throws RangeError naming `numbering` or `barren` when invalid.
 * @example
 * const r = aggregateLandCover([17, 1, 5, 12, 14, 16, 255], { numbering: "c6" });
 * Array.from(r.values); // [0, 1, 1, 6, 6, 9, NaN]
 * r.counts.fill; // 1
 * aggregateLandCover([16], { barren: "grassland" }).values[0]; // 4
 */
export function aggregateLandCover(codes: ArrayLike<number>, options: AggregateLandCoverOptions = {}): AggregateLandCoverResult {
  const { numbering = "c6", barren = "separate" } = options;
  if (numbering !== "c6" && numbering !== "c5") throw new RangeError(`aggregateLandCover: numbering must be "c6" or "c5", got ${String(numbering)}`);
  if (barren !== "separate" && barren !== "grassland") throw new RangeError(`aggregateLandCover: barren must be "separate" or "grassland", got ${String(barren)}`);
  // lookup table over 0..255 → aggregated code, −1 unknown, −2 fill, −3 unclassified
  const lut = new Int16Array(256).fill(-1);
  for (let k = 0; k <= 16; k++) {
    let target = C5_TO_AGGREGATED[k];
    if (k === 16 && barren === "grassland") target = 4;
    const code = numbering === "c5" ? k : k === 0 ? 17 : k;
    lut[code] = target;
  }
  lut[255] = -2;
  if (numbering === "c5") lut[254] = -3;
  const out = new Float32Array(codes.length);
  let fill = 0, unclassified = 0, unknown = 0, missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const v = codes[i];
    if (v !== v) { out[i] = NaN; missing++; continue; }
    const t = v >= 0 && v <= 255 && Number.isInteger(v) ? lut[v] : -1;
    if (t >= 0) { out[i] = t; continue; }
    out[i] = NaN;
    if (t === -2) fill++; else if (t === -3) unclassified++; else unknown++;
  }
  const classes = AGGREGATED_LAND_COVER_CLASSES.filter((c) => !(barren === "grassland" && c.code === 9)).map((c) => ({ ...c }));
  return { values: out, classes, counts: { fill, unclassified, unknown, missing } };
}
