import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { rasterInfo } from "../../src/io/rasterInfo";

// raster-info on NetCDF4/HDF5, .hgt and station files. Expected numbers are the python3-netcdf4 / h5py /
// gdalinfo / awk values listed in the fixtures READMEs (gldas, amsr2, ascat, srtm, ismn).
const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);

// The CLI (main) is exercised once through the real binary below; the rest calls rasterInfo directly.

describe("raster-info: NetCDF4/HDF5", () => {
  test("GLDAS granule: main variable, EPSG:4326 grid from lat/lon, fill, time step, statistics", async () => {
    const json = await rasterInfo(fx("gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4"));
    expect(json).toMatchObject({
      format: "NetCDF4/HDF5", variable: "SoilMoi0_10cm_inst", width: 1440, height: 600, crs: "EPSG:4326",
      geoTransform: [-180, 0.25, 0, 90, 0, -0.25], bbox: [-180, -60, 180, 90], nodata: -9999, units: "kg m-2",
      timeSteps: ["2016-01-01T03:00:00.000Z"],
    });
    expect(json.statistics.validCount).toBe(243883);
    expect(json.statistics.mean as number).toBeCloseTo(25.5745562421325, 6);
    expect(json.details?.latitudeOrder).toMatch(/south to north/);
  });

  test("LPRM transposed variable with --var; JAXA Geophysical Data × SCALE FACTOR, negatives masked", async () => {
    const lprm = await rasterInfo(fx("amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4"), { variable: "soil_moisture_x" });
    expect(lprm).toMatchObject({ width: 1440, height: 720, crs: "EPSG:4326", nodata: -32767, units: "percent" });
    expect(lprm.geoTransform).toEqual([-180, 0.25, 0, 90, 0, -0.25]);
    expect(lprm.statistics.validCount).toBe(98866);
    expect(lprm.statistics.mean as number).toBeCloseTo(27.565310622458682, 6);
    expect(lprm.details?.storageOrder).toMatch(/longitude-major/);
    const jaxa = await rasterInfo(fx("amsr2/GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5"));
    expect(jaxa).toMatchObject({ variable: "Geophysical Data", nodata: "negative", units: "%" });
    expect(jaxa.scale).toBeCloseTo(0.1, 6);
    expect(jaxa.statistics.validCount).toBe(17564);
    expect(jaxa.statistics.mean as number).toBeCloseTo(16.6884653, 5);
  });

  test("ASCAT swath (big-endian, _Unsigned) and H SAF cell", async () => {
    const s = await rasterInfo(fx("ascat/W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc"));
    expect(s.variable).toBe("soil_moisture");
    expect(s.details?.bigEndian).toBe(true);
    expect(s.statistics.validCount).toBe(15372);
    expect(s.statistics.mean as number).toBeCloseTo(27.6935337, 4);
    const c = await rasterInfo(fx("ascat/H111_1436.nc"));
    expect(c.variable).toBe("sm");
    expect(c.statistics.validCount).toBe(13658);
    expect(c.statistics.mean as number).toBeCloseTo(31.526065309708596, 6);
  });

  test("errors name the file: unknown variable, truncated copy", async () => {
    await expect(rasterInfo(fx("ascat/H111_1436.nc"), { variable: "soil" })).rejects.toThrow(/H111_1436\.nc: no variable 'soil' \(has: row_size, lon, lat/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rinfo-"));
    const t = path.join(dir, "H25_1436.nc");
    fs.writeFileSync(t, fs.readFileSync(fx("ascat/H25_1436.nc")).subarray(0, 40000));
    await expect(rasterInfo(t)).rejects.toThrow(/H25_1436\.nc: truncated HDF5 file/);
  });
});

describe("raster-info: SRTM .hgt and station files", () => {
  test(".hgt.zip: georeferencing and statistics as gdalinfo", async () => {
    const d = await rasterInfo(fx("srtm/N57E011.hgt.zip"));
    expect(d).toMatchObject({ format: "SRTM HGT", width: 1201, height: 1201, crs: "EPSG:4326", nodata: -32768, units: "m" });
    expect(d.geoTransform?.[0]).toBeCloseTo(10.999583333333334, 12);
    expect(d.geoTransform?.[3]).toBeCloseTo(58.000416666666666, 12);
    expect(d.statistics).toMatchObject({ min: -6, max: 163, validCount: 1201 * 1201 });
    expect(d.statistics.mean as number).toBeCloseTo(4.392513593654, 6);
  });

  test("ISMN .stm (header+values, 'G' kept), old CEOP with --var, static CSV", async () => {
    const s = await rasterInfo(fx("ismn/COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm"));
    expect(s).toMatchObject({ format: "ISMN station file (header_values)", variable: "soil_moisture@0-0.19m", units: "m3 m-3", bbox: [-97.4878, 36.6054, -97.4878, 36.6054] });
    expect(s.statistics.validCount).toBe(6514);
    expect(s.statistics.mean as number).toBeCloseTo(0.131961928, 6);
    expect(s.details).toMatchObject({ station: "ARM-1", timeCount: 6865, firstTime: "2017-08-10T00:00:00.000Z" });
    const old = await rasterInfo(fx("ismn/SMOSMANIA_SMOSMANIA_NBN_20100304_20130801.stm"), { variable: "soil_temperature@0.05-0.05m" });
    expect(old.format).toBe("ISMN station file (ceop)");
    expect(old.units).toBe("degC");
    expect(old.statistics.validCount).toBe(0); // all flagged U: rejected by the default 'G' filter, counted
    expect((old.details?.counts as Record<string, number>).rejectedFlag).toBe(42);
    const st = await rasterInfo(fx("ismn/COSMOS_COSMOS_ARM-1_static_variables.csv"), { variable: "saturation@0-0.3m" });
    expect(st).toMatchObject({ format: "ISMN static variables CSV", units: "m^3*m^-3" });
    expect(st.statistics.mean).toBe(0.46);
  });

  test("the real binary prints one JSON object for a NetCDF4 file", () => {
    const r = spawnSync(process.execPath, ["bin/sm-downscale.js", "raster-info", fx("ascat/H25_1436.nc"), "--var", "sm"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.statistics.validCount).toBe(7607);
    expect(j.statistics.mean).toBeCloseTo(21.32272906533456, 6);
  });
});
