/** One grid of an HDF-EOS2 file, from its `StructMetadata.0` ODL text. */
export interface HdfEosGrid {
  /** `GridName`, e.g. `MODIS_Grid_Daily_1km_LST`. */
  name: string;
  /** Columns (`XDim`) and rows (`YDim`). */
  width: number;
  height: number;
  /** `UpperLeftPointMtrs` and `LowerRightMtrs` (x, y): metres, or packed DMS degrees for GCTP_GEO (unpacked here to degrees). */
  upperLeft: [number, number];
  lowerRight: [number, number];
  /** GCTP projection name, e.g. `GCTP_SNSOID`, `GCTP_GEO`. */
  projection: string;
  /** `ProjParams` (13 numbers; [0] is the sphere radius in metres for GCTP_SNSOID). */
  projParams: number[];
  /** The grid's data fields: name, HDF type name (`DFNT_UINT16`), dimension names. */
  fields: { name: string; dataType: string; dimensions: string[] }[];
}

/**
 * Parses the grids of an HDF-EOS2 `StructMetadata.0` attribute (ODL: `GROUP=GridStructure`, one `GROUP=GRID_n`
 * per grid with `GridName`, `XDim`, `YDim`, `UpperLeftPointMtrs`, `LowerRightMtrs`, `Projection`, `ProjParams`
 * and its `DataField` objects). Swaths and points are ignored.
 *
 * @param text the attribute's text
 * @param where a name for errors (the file)
 * @returns the grids, in file order (empty when the file has none)
 * @throws Error naming `where` and the grid when a required grid field is missing or not a number.
 * @example
 * parseHdfEosGrids(f.attributes["StructMetadata.0"] as string, file)[0].name; // "MODIS_Grid_Daily_1km_LST"
 */
export function parseHdfEosGrids(text: string, where: string): HdfEosGrid[] {
  const grids: HdfEosGrid[] = [];
  const structure = between(text, "GROUP=GridStructure", "END_GROUP=GridStructure");
  if (structure === null) return grids;
  const re = /GROUP=(GRID_\d+)([\s\S]*?)END_GROUP=\1/g;
  for (let m = re.exec(structure); m !== null; m = re.exec(structure)) {
    const body = m[2];
    const value = (k: string): string | null => {
      const hit = new RegExp(`^\\s*${k}=(.*)$`, "m").exec(body);
      return hit ? hit[1].trim() : null;
    };
    const name = (value("GridName") ?? m[1]).replace(/^"|"$/g, "");
    const need = (k: string): string => {
      const v = value(k);
      if (v === null) throw new Error(`${where}: HDF-EOS grid '${name}' has no ${k} in StructMetadata.0`);
      return v;
    };
    const num = (k: string, s: string): number => {
      const x = Number(s);
      if (!Number.isFinite(x)) throw new Error(`${where}: HDF-EOS grid '${name}': ${k} = ${JSON.stringify(s)} is not a number`);
      return x;
    };
    const pair = (k: string): [number, number] => {
      const parts = need(k).replace(/[()]/g, "").split(",");
      if (parts.length !== 2) throw new Error(`${where}: HDF-EOS grid '${name}': ${k} must be (x,y), got ${need(k)}`);
      return [num(k, parts[0]), num(k, parts[1])];
    };
    const width = num("XDim", need("XDim")), height = num("YDim", need("YDim"));
    if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) throw new Error(`${where}: HDF-EOS grid '${name}': XDim ${width} × YDim ${height} must be positive integers`);
    const projection = need("Projection");
    let upperLeft = pair("UpperLeftPointMtrs"), lowerRight = pair("LowerRightMtrs");
    if (projection === "GCTP_GEO") { upperLeft = [dmsToDegrees(upperLeft[0]), dmsToDegrees(upperLeft[1])]; lowerRight = [dmsToDegrees(lowerRight[0]), dmsToDegrees(lowerRight[1])]; }
    const projParams = (value("ProjParams") ?? "").replace(/[()]/g, "").split(",").filter((s) => s.trim() !== "").map((s) => num("ProjParams", s));
    const fields: HdfEosGrid["fields"] = [];
    const fre = /OBJECT=(DataField_\d+)([\s\S]*?)END_OBJECT=\1/g;
    for (let f = fre.exec(body); f !== null; f = fre.exec(body)) {
      const fb = f[2];
      const get = (k: string) => (new RegExp(`^\\s*${k}=(.*)$`, "m").exec(fb)?.[1].trim() ?? "");
      fields.push({
        name: get("DataFieldName").replace(/^"|"$/g, ""),
        dataType: get("DataType"),
        dimensions: get("DimList").replace(/[()"]/g, "").split(",").map((s) => s.trim()).filter(Boolean),
      });
    }
    grids.push({ name, width, height, upperLeft, lowerRight, projection, projParams, fields });
  }
  return grids;
}

/** The grid of an SDS: the HDF-EOS grid whose data fields name it (MODIS files have one grid per resolution). */
export function gridOfSds(grids: readonly HdfEosGrid[], sdsName: string): HdfEosGrid | null {
  return grids.find((g) => g.fields.some((f) => f.name === sdsName)) ?? null;
}

/** GDAL's geotransform of a grid: [x0, dx, 0, y0, 0, dy] from its corners and size. */
export function hdfEosGeoTransform(g: HdfEosGrid): number[] {
  return [g.upperLeft[0], (g.lowerRight[0] - g.upperLeft[0]) / g.width, 0, g.upperLeft[1], 0, (g.lowerRight[1] - g.upperLeft[1]) / g.height];
}

/**
 * The grid's CRS as a PROJ string (sinusoidal on the sphere of ProjParams[0], as MODIS land grids) or EPSG:4326
 * (GCTP_GEO), or null for other GCTP projections.
 */
export function hdfEosCrs(g: HdfEosGrid): string | null {
  if (g.projection === "GCTP_SNSOID") {
    const r = g.projParams[0] > 0 ? g.projParams[0] : 6370997;
    return `+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=${r} +units=m +no_defs`;
  }
  if (g.projection === "GCTP_GEO") return "EPSG:4326";
  return null;
}

/** GCTP packed degrees-minutes-seconds (DDDMMMSSS.SS) to decimal degrees. */
function dmsToDegrees(packed: number): number {
  const sign = packed < 0 ? -1 : 1;
  const a = Math.abs(packed);
  const deg = Math.floor(a / 1e6), min = Math.floor((a - deg * 1e6) / 1e3), sec = a - deg * 1e6 - min * 1e3;
  return sign * (deg + min / 60 + sec / 3600);
}

function between(text: string, start: string, end: string): string | null {
  const a = text.indexOf(start);
  if (a < 0) return null;
  const b = text.indexOf(end, a);
  return text.slice(a + start.length, b < 0 ? text.length : b);
}

/**
 * The `StructMetadata.0` ODL text of grids, laid out as the HDF-EOS2 library writes it (the inverse of
 * {@link parseHdfEosGrids}). Corners are written with six decimals, as in LP DAAC granules.
 * @param grids the grids (`upperLeft`/`lowerRight` in metres; GCTP_GEO is not written here)
 * @returns the text, ending with `END\n`
 * @throws RangeError naming the grid when its projection is not GCTP_SNSOID or a field has no dimensions.
 * @example
 * formatHdfEosGrids([{ name: "MODIS_Grid_8Day_1km_LST", width: 1200, height: 1200, upperLeft: [x0, y0],
 *   lowerRight: [x1, y1], projection: "GCTP_SNSOID", projParams: [6371007.181, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
 *   fields: [{ name: "LST_Day_1km", dataType: "DFNT_UINT16", dimensions: ["YDim", "XDim"] }] }]);
 */
export function formatHdfEosGrids(grids: readonly HdfEosGrid[]): string {
  const lines = ["GROUP=SwathStructure", "END_GROUP=SwathStructure", "GROUP=GridStructure"];
  grids.forEach((g, i) => {
    if (g.projection !== "GCTP_SNSOID") throw new RangeError(`formatHdfEosGrids: grid '${g.name}': projection ${g.projection} is not written (GCTP_SNSOID only)`);
    const params = Array.from({ length: 13 }, (_, k) => g.projParams[k] ?? 0);
    const f6 = (x: number) => x.toFixed(6);
    lines.push(
      `\tGROUP=GRID_${i + 1}`,
      `\t\tGridName="${g.name}"`,
      `\t\tXDim=${g.width}`,
      `\t\tYDim=${g.height}`,
      `\t\tUpperLeftPointMtrs=(${f6(g.upperLeft[0])},${f6(g.upperLeft[1])})`,
      `\t\tLowerRightMtrs=(${f6(g.lowerRight[0])},${f6(g.lowerRight[1])})`,
      `\t\tProjection=${g.projection}`,
      `\t\tProjParams=(${params.map((p, k) => (k === 0 ? f6(p) : String(p))).join(",")})`,
      "\t\tSphereCode=-1",
      "\t\tGridOrigin=HDFE_GD_UL",
      "\t\tGROUP=Dimension",
      "\t\tEND_GROUP=Dimension",
      "\t\tGROUP=DataField",
    );
    g.fields.forEach((f, k) => {
      if (!f.dimensions.length) throw new RangeError(`formatHdfEosGrids: grid '${g.name}': field '${f.name}' has no dimensions`);
      lines.push(
        `\t\t\tOBJECT=DataField_${k + 1}`,
        `\t\t\t\tDataFieldName="${f.name}"`,
        `\t\t\t\tDataType=${f.dataType}`,
        `\t\t\t\tDimList=(${f.dimensions.map((d) => `"${d}"`).join(",")})`,
        `\t\t\tEND_OBJECT=DataField_${k + 1}`,
      );
    });
    lines.push("\t\tEND_GROUP=DataField", "\t\tGROUP=MergedFields", "\t\tEND_GROUP=MergedFields", `\tEND_GROUP=GRID_${i + 1}`);
  });
  lines.push("END_GROUP=GridStructure", "GROUP=PointStructure", "END_GROUP=PointStructure", "END", "");
  return lines.join("\n");
}
