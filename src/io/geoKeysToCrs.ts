/**
 * Turns a GeoTIFF GeoKey directory into a CRS string: `"EPSG:<code>"` when the file names an EPSG
 * code, else a PROJ.4 string built from the user-defined keys (sinusoidal, polar stereographic,
 * Albers, transverse Mercator, geographic with TOWGS84, WGS 84 UTM by ProjectionGeoKey), else the
 * ESRI WKT the file carries in `PCSCitationGeoKey`. `null` when the file has no GeoKeys.
 *
 * Codes follow the GeoTIFF 1.0 spec (OGC 19-008r4): 32767 = user-defined; ProjCoordTransGeoKey
 * 1 = TransverseMercator, 11 = AlbersEqualArea, 15 = PolarStereographic, 24 = Sinusoidal.
 * The strings match what `gdalsrsinfo -o proj4 FILE` prints for the sample files (see the tests).
 *
 * @example
 * geoKeysToCrs({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326 }); // "EPSG:4326"
 * geoKeysToCrs({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767, ProjCoordTransGeoKey: 24,
 *   GeogSemiMajorAxisGeoKey: 6371007.181, GeogSemiMinorAxisGeoKey: 6371007.181, ProjCenterLongGeoKey: 0 });
 * // "+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs"
 */
export function geoKeysToCrs(keys: Record<string, unknown> | null | undefined): string | null {
  if (!keys) return null;
  const num = (name: string): number | undefined => {
    const v = keys[name];
    if (typeof v === "number") return v;
    if (v && typeof v === "object" && typeof (v as ArrayLike<number>)[0] === "number") return (v as ArrayLike<number>)[0];
    return undefined;
  };
  const isCode = (v: number | undefined): v is number => v !== undefined && v > 0 && v < 32767;
  const model = num("GTModelTypeGeoKey");
  const pcs = num("ProjectedCSTypeGeoKey");
  if (isCode(pcs)) return `EPSG:${pcs}`;
  const gcs = num("GeographicTypeGeoKey");
  if (model === 2 && isCode(gcs)) return `EPSG:${gcs}`;

  const ellipsoid = ellipsoidPart(num);
  const f = (name: string, dflt = 0): number => num(name) ?? dflt;
  const projection = num("ProjectionGeoKey");
  if (isCode(projection) && projection >= 16001 && projection <= 16160) {
    // 160zz = UTM zone zz north, 161zz = UTM zone zz south (GeoTIFF spec, Proj_UTM_zone_*).
    const south = projection > 16100;
    const zone = south ? projection - 16100 : projection - 16000;
    return `+proj=utm +zone=${zone}${south ? " +south" : ""} ${ellipsoid} +units=m +no_defs`;
  }
  const ct = num("ProjCoordTransGeoKey");
  if (model === 1 && ct !== undefined) {
    const fe = f("ProjFalseEastingGeoKey");
    const fn = f("ProjFalseNorthingGeoKey");
    switch (ct) {
      case 24: // Sinusoidal (MODIS)
        return `+proj=sinu +lon_0=${f("ProjCenterLongGeoKey", f("ProjNatOriginLongGeoKey"))} +x_0=${fe} +y_0=${fn} ${ellipsoid} +units=m +no_defs`;
      case 15: { // Polar stereographic (variant B: lat_ts = ProjNatOriginLat)
        const latTs = f("ProjNatOriginLatGeoKey", 90);
        return `+proj=stere +lat_0=${latTs < 0 ? -90 : 90} +lat_ts=${latTs} +lon_0=${f("ProjStraightVertPoleLongGeoKey")} +x_0=${fe} +y_0=${fn} ${ellipsoid} +units=m +no_defs`;
      }
      case 11: // Albers equal area
        return `+proj=aea +lat_0=${f("ProjNatOriginLatGeoKey", f("ProjFalseOriginLatGeoKey"))} +lon_0=${f("ProjNatOriginLongGeoKey", f("ProjFalseOriginLongGeoKey"))} +lat_1=${f("ProjStdParallel1GeoKey")} +lat_2=${f("ProjStdParallel2GeoKey")} +x_0=${fe} +y_0=${fn} ${ellipsoid} +units=m +no_defs`;
      case 1: // Transverse Mercator
        return `+proj=tmerc +lat_0=${f("ProjNatOriginLatGeoKey")} +lon_0=${f("ProjNatOriginLongGeoKey")} +k=${f("ProjScaleAtNatOriginGeoKey", 1)} +x_0=${fe} +y_0=${fn} ${ellipsoid} +units=m +no_defs`;
      default:
        break;
    }
  }
  const citation = keys["PCSCitationGeoKey"];
  if (typeof citation === "string" && citation.includes("PROJCS[")) {
    const proj4 = /EXTENSION\["PROJ4","([^"]+)"\]/.exec(citation);
    if (proj4) return proj4[1];
    return citation.slice(citation.indexOf("PROJCS["));
  }
  if (model === 2) {
    const towgs = keys["GeogTOWGS84GeoKey"];
    let towgsPart = "";
    if (towgs && typeof towgs === "object") {
      const arr = Array.from({ length: 7 }, (_, i) => (towgs as Record<number, number>)[i]).filter((v) => typeof v === "number");
      if (arr.length === 3 || arr.length === 7) towgsPart = ` +towgs84=${arr.join(",")}`;
    }
    return `+proj=longlat ${ellipsoid}${towgsPart} +no_defs`;
  }
  if (model === 1 && typeof keys["GTCitationGeoKey"] === "string") return `unknown projected CRS "${keys["GTCitationGeoKey"]}"`;
  return null;
}

/** `+R=…`, `+ellps=…`, `+datum=WGS84` or `+a=… +rf=…` from the ellipsoid keys. */
function ellipsoidPart(num: (name: string) => number | undefined): string {
  const code = num("GeogEllipsoidGeoKey");
  const named: Record<number, string> = { 7030: "+ellps=WGS84", 7004: "+ellps=bessel", 7019: "+ellps=GRS80", 7022: "+ellps=intl", 7008: "+ellps=clrk66" };
  if (code !== undefined && named[code]) return named[code];
  const a = num("GeogSemiMajorAxisGeoKey");
  const b = num("GeogSemiMinorAxisGeoKey");
  const rf = num("GeogInvFlatteningGeoKey");
  if (a !== undefined) {
    if ((b !== undefined && b === a) || rf === 0) return `+R=${a}`;
    if (rf !== undefined) return `+a=${a} +rf=${rf}`;
    if (b !== undefined) return `+a=${a} +b=${b}`;
  }
  return "+datum=WGS84";
}
