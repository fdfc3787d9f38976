import * as fs from "node:fs";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests";
import type { ProductVariable } from "../../src/manifests";

/**
 * The manifests' variable facts (type, units, scale, offset, fill, valid range, shape) checked against
 * the headers of the real sample files, dumped once with independent tools (ncdump 4.9.0, GDAL 3.6.2;
 * commands in test/fixtures/manifests/README.md).
 */
const fixtures = path.join(process.cwd(), "test/fixtures/manifests");

interface CdlVar { type: string; attrs: Record<string, string> }

/** A minimal parser of `ncdump -h` output: dimensions, variable types and attributes (raw text). */
function parseCdl(text: string): { dims: Record<string, number>; vars: Record<string, CdlVar> } {
  const dims: Record<string, number> = {};
  const vars: Record<string, CdlVar> = {};
  let section = "";
  for (const line of text.split("\n")) {
    if (/^dimensions:/.test(line)) section = "dims";
    else if (/^variables:/.test(line)) section = "vars";
    else if (/^(\/\/ global attributes|group:)/.test(line)) section = "global";
    let m: RegExpExecArray | null;
    if (section === "dims" && (m = /^\s+(\w+) = (?:UNLIMITED ; \/\/ \()?(\d+)/.exec(line))) dims[m[1]] = Number(m[2]);
    if (section !== "vars") continue;
    if ((m = /^\t(\w+) (\w+)\(.*\) ;$/.exec(line)) || (m = /^\t(\w+) (\w+) ;$/.exec(line))) vars[m[2]] = { type: m[1], attrs: {} };
    else if ((m = /^\t\t(\w+):(\w+) = (.*) ;$/.exec(line)) && vars[m[1]]) vars[m[1]].attrs[m[2]] = m[3];
  }
  return { dims, vars };
}

const CDL_TYPES: Record<string, string> = {
  byte: "int8", ubyte: "uint8", short: "int16", ushort: "uint16", int: "int32", uint: "uint32", float: "float32", double: "float64",
};

/** A CDL number (`-9999.f`, `1.e-06f`, `-32767s`, `0.`) as a JS number. */
function cdlNumber(raw: string): number {
  return Number(raw.replace(/[fsbLlUu]+$/i, "").replace(/\.$/, ""));
}

function checkAgainstCdl(v: ProductVariable, cdl: CdlVar): void {
  expect(CDL_TYPES[cdl.type]).toBe(v.dataType);
  if (cdl.attrs.units !== undefined) expect(JSON.parse(cdl.attrs.units)).toBe(v.units);
  expect(cdl.attrs.scale_factor !== undefined ? cdlNumber(cdl.attrs.scale_factor) : 1).toBeCloseTo(v.scale, 12);
  expect(cdl.attrs.add_offset !== undefined ? cdlNumber(cdl.attrs.add_offset) : 0).toBe(v.offset);
  const fill = cdl.attrs._FillValue ?? cdl.attrs.missing_value;
  if (fill !== undefined) expect(cdlNumber(fill)).toBe(v.fill);
  if (v.validRange && cdl.attrs.valid_min !== undefined) {
    expect([cdlNumber(cdl.attrs.valid_min), cdlNumber(cdl.attrs.valid_max)]).toEqual(v.validRange);
  }
}

function variable(manifestId: string, name: string): ProductVariable {
  const m = loadProductManifest(`data-manifests/${manifestId}.json`);
  const v = m.variables.find((x) => x.name === name);
  if (!v) throw new Error(`${manifestId}: no variable ${name}`);
  return v;
}

describe("product manifests agree with the real files' headers", () => {
  test("GLDAS-2.1 3-hourly: SoilMoi0_10cm_inst and the 600 x 1440 grid", () => {
    const { dims, vars } = parseCdl(fs.readFileSync(path.join(fixtures, "GLDAS_NOAH025_3H.A20160101.0300.021.cdl"), "utf8"));
    for (const name of ["SoilMoi0_10cm_inst", "SoilMoi10_40cm_inst"]) checkAgainstCdl(variable("gldas-noah025-3h-v2.1", name), vars[name]);
    expect(vars.SoilMoi0_10cm_inst.attrs.missing_value).toBe("-9999.f");
    const shape = loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json").grid.shape;
    expect([dims.lat, dims.lon]).toEqual(shape);
  });

  test("LPRM AMSR2 L3: every listed variable, and the 720 x 1440 grid", () => {
    const { dims, vars } = parseCdl(fs.readFileSync(path.join(fixtures, "LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.cdl"), "utf8"));
    const m = loadProductManifest("data-manifests/amsr2-lprm-l3.json");
    for (const v of m.variables) checkAgainstCdl(v, vars[v.name]);
    expect([dims.Latitude, dims.Longitude]).toEqual(m.grid.shape);
  });

  test("EUMETSAT SOMO25: soil_moisture (ushort, scale 0.01, no fill attribute: netCDF default 65535), lat/lon, time", () => {
    const { vars } = parseCdl(fs.readFileSync(path.join(fixtures, "EUMETSAT_ASCAT_SOMO25_20170220041500_53652.cdl"), "utf8"));
    const m = loadProductManifest("data-manifests/eumetsat-somo25.json");
    for (const v of m.variables) checkAgainstCdl(v, vars[v.name]);
    expect(vars.soil_moisture.attrs._FillValue).toBeUndefined();
    expect(vars.soil_moisture.attrs.missing_value).toBeUndefined();
    expect(variable("eumetsat-somo25", "soil_moisture").fill).toBe(65535); // NC_FILL_USHORT
  });

  test("MODIS LST (MOD11A1 granule, same SDS encoding as MOD11A2): type, units, scale, offset, fill, valid range", () => {
    const text = fs.readFileSync(path.join(fixtures, "MOD11A1.A2019305.h14v09.bands.txt"), "utf8");
    const blocks = Object.fromEntries(text.split(/^### /m).filter(Boolean).map((b) => [b.split("\n")[0].trim(), b]));
    for (const name of ["LST_Day_1km", "QC_Day", "Day_view_time"]) {
      const v = variable("mod11a2", name);
      const b = blocks[name];
      expect(/Number Type=(\w+)/.exec(b)?.[1]).toBe(v.dataType);
      const scale = /Offset: ([-\d.]+),\s+Scale:([-\d.e]+)/.exec(b);
      expect(scale ? [Number(scale[1]), Number(scale[2])] : [0, 1]).toEqual([v.offset, v.scale]);
      const unit = /Unit Type: (\S+)/.exec(b);
      if (unit) expect(unit[1]).toBe(v.units);
      const fill = /_FillValue=(-?\d+)/.exec(b);
      expect(fill ? Number(fill[1]) : null).toBe(v.fill);
      const range = /valid_range=(-?\d+), (-?\d+)/.exec(b);
      if (v.validRange) expect(range ? [Number(range[1]), Number(range[2])] : null).toEqual(v.validRange);
    }
  });
});
