import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { expandFileList } from "../../src/manifests/expandFileList";
import { productRoute } from "../../src/sources/productRoute";

// data-manifests/imerg.json: GPM IMERG Final Run daily (GPM_3IMERGDF v07), the optional precip predictor's product.
const imerg = loadProductManifest(path.join(process.cwd(), "data-manifests", "imerg.json"));

describe("imerg manifest", () => {
  test("serves precip in mm/day on the 0.1° global grid", () => {
    expect(imerg.id).toBe("imerg");
    expect(imerg.shortName).toBe("GPM_3IMERGDF");
    const v = imerg.variables.find((x) => x.serves === "precip")!;
    expect(v.name).toBe("precipitation");
    expect(v.units).toBe("mm/day");
    expect(imerg.grid).toMatchObject({ cellSize: 0.1, shape: [1800, 3600] });
  });
  test("one file per day at the GES DISC path (written out by hand for 2015-07-04)", () => {
    const files = expandFileList(imerg, { from: "2015-07-03", to: "2015-07-04" });
    expect(files).toHaveLength(2);
    expect(files[1].url).toBe("https://gpm1.gesdisc.eosdis.nasa.gov/data/GPM_L3/GPM_3IMERGDF.07/2015/07/3B-DAY.MS.MRG.3IMERG.20150704-S000000-E235959.V07B.nc4");
    expect(files[1].name).toBe("3B-DAY.MS.MRG.3IMERG.20150704-S000000-E235959.V07B.nc4");
  });
  test("no reader exists yet: routing sources.precip to it is refused, and the manifest says so", () => {
    expect(() => productRoute("precip", imerg)).toThrow("no reader turns that product into daily precip layers yet");
    expect(imerg.notes).toMatch(/No product reader exists yet/);
  });
});
