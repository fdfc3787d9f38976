import { fit } from "../../src/cubist/fit";
import type { ColumnTable } from "../../src/cubist/table";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { collectStationSeries, type StationRecordLike } from "../../src/workbook/collectStationSeries";

// A fake source: every layer is a closed-form function of (variable, day, cell centre), so the expected
// station values are computed here independently of the glue.
const coarse = new LatLonGrid({ west: 127, north: 37, cellSize: 0.25, width: 4, height: 4 });
const fine = new LatLonGrid({ west: 127, north: 37, cellSize: 0.05, width: 20, height: 20 });
const day = (date: string) => Number(date.slice(8, 10));
const ascat = (d: number, lon: number, lat: number) => 0.1 + 0.02 * d + 0.1 * (lon - 127) + 0.05 * (37 - lat);
const gldasFn = (d: number, lon: number, lat: number) => 0.2 + 0.01 * d + 0.03 * (lon - 127) - 0.02 * (37 - lat);
const truthFn = (d: number, lon: number, lat: number) => 0.25 + 0.005 * d + 0.01 * lon - 0.01 * lat;
// stations: A at (36.9, 127.1), B at (36.6, 127.6) (cloudy LST on 05-02), C at (36.2, 127.9) in forest (unseen class)
const stationsAt = [
  { id: "a", name: "A", lat: 36.92, lon: 127.13 },
  { id: "b", name: "B", lat: 36.61, lon: 127.62 },
  { id: "c", name: "C", lat: 36.22, lon: 127.91 },
];
const cPixel = fine.indexOf(127.91, 36.22);
const bPixel = fine.indexOf(127.62, 36.61);

class FakeSource implements LayerSource {
  readonly name = "fake";
  readonly variables: readonly VariableName[];
  requests: LayerRequest[] = [];
  constructor(withTruth: boolean) {
    this.variables = ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", ...(withTruth ? (["truth_sm"] as const) : [])];
  }
  async getLayer(req: LayerRequest): Promise<Layer> {
    this.requests.push(req);
    const g = req.grid, d = day(req.date);
    const values = new Float32Array(g.size);
    for (let r = 0; r < g.height; r++) for (let c = 0; c < g.width; c++) {
      const i = r * g.width + c, lon = g.lonOf(c), lat = g.latOf(r);
      let v: number;
      switch (req.variable) {
        case "ascat_sm": v = ascat(d, lon, lat); break;
        case "gldas_sm": v = gldasFn(d, lon, lat); break;
        case "truth_sm": v = truthFn(d, lon, lat); break;
        case "amsr2_sm": v = 0.2; break;
        case "lst": v = g === fine && i === bPixel && d === 2 ? NaN : 290 + d; break;
        case "ndvi": v = 0.5; break;
        case "dem": v = 100; break;
        case "landcover": v = g === fine && i === cPixel ? 1 : 12; break; // IGBP C6: 1 forest, 12 croplands
        default: throw new Error(`fake: no ${req.variable}`);
      }
      values[i] = v;
    }
    return { variable: req.variable, date: req.date, grid: g, values, units: "", counts: {}, provenance: "fake" };
  }
}

// a model that learned gldas_sm = 0.1 + 0.5 · ascat_sm exactly, trained on croplands only
function linearModel() {
  const n = 120;
  const a = Float64Array.from({ length: n }, (_, i) => 0.05 + ((i * 37) % 101) / 200);
  const columns: ColumnTable["columns"] = {
    ascat_sm: a, amsr2_sm: Float64Array.from({ length: n }, (_, i) => 0.1 + ((i * 13) % 17) / 100),
    lst: Float64Array.from({ length: n }, (_, i) => 280 + ((i * 7) % 23)), ndvi: Float64Array.from({ length: n }, (_, i) => 0.2 + ((i * 5) % 11) / 20),
    landcover: new Array(n).fill("Croplands"), dem: Float64Array.from({ length: n }, (_, i) => 50 + ((i * 11) % 19) * 10),
    gldas_sm: Float64Array.from(a, (v) => 0.1 + 0.5 * v),
  };
  return fit({ nRows: n, columns }, { target: "gldas_sm", rules: 5 });
}

const dates = ["2015-05-01", "2015-05-02", "2015-05-03", "2015-05-04"];
const recordDates = ["2015-04-30", ...dates, "2015-05-05"];
const records: StationRecordLike[] = stationsAt.map((s, j) => ({
  station: s, fineIndex: fine.indexOf(s.lon, s.lat), dates: recordDates,
  sm: Float32Array.from(recordDates, (_, i) => 0.3 + 0.01 * i + 0.1 * j), precip: Float32Array.from(recordDates, (_, i) => i * j),
}));

describe("collectStationSeries", () => {
  const model = linearModel();
  test("the model really is the linear relation (precondition of the expected values)", () => {
    expect(model.committees[0].rules.length).toBe(1);
  });

  test("in situ and precipitation are the record's values on the requested days", async () => {
    const out = await collectStationSeries(records, { source: new FakeSource(true), model, coarse, fine, dates });
    expect(out.stations.map((s) => s.id)).toEqual(["a", "b", "c"]);
    const b = out.stations[1];
    expect(b.dates).toEqual(dates);
    expect(Array.from(b.insitu)).toEqual([1, 2, 3, 4].map((i) => Math.fround(0.3 + 0.01 * i + 0.1)));
    expect(Array.from(b.precip)).toEqual([1, 2, 3, 4]);
  });

  test("downscaled = the model at the station pixel; GLDAS of the containing 0.25° cell; truth at the pixel; gaps under cloud and for unseen classes", async () => {
    const src = new FakeSource(true);
    const out = await collectStationSeries(records, { source: src, model, coarse, fine, dates });
    const a = out.stations[0];
    // station A: pixel centre 127.125 E, 36.925 N; 0.25° cell centre 127.125 E, 36.875 N
    dates.forEach((d, t) => {
      const dd = day(d);
      expect(a.downscaled[t]).toBeCloseTo(0.1 + 0.5 * Math.fround(ascat(dd, 127.125, 36.925)), 5);
      expect(a.gldas[t]).toBeCloseTo(gldasFn(dd, 127.125, 36.875), 6);
      expect(a.truth[t]).toBeCloseTo(truthFn(dd, 127.125, 36.925), 6);
    });
    const b = out.stations[1];
    expect(Number.isNaN(b.downscaled[1])).toBe(true); // cloudy LST on 05-02
    expect(b.downscaled[0]).toBeCloseTo(0.1 + 0.5 * Math.fround(ascat(1, 127.625, 36.625)), 5);
    expect(b.gldas[1]).toBeCloseTo(gldasFn(2, 127.625, 36.625), 6); // GLDAS has no cloud gap
    expect(Array.from(out.stations[2].downscaled).every(Number.isNaN)).toBe(true); // forest never seen in training
    expect(out.gapDays).toBe(1);
    expect(out.missing.lst).toBe(1);
    expect(out.unseenDays).toBe(4);
    // GLDAS is asked on the 0.25° grid, predictors on the 1 km grid
    expect(src.requests.filter((r) => r.variable === "gldas_sm").every((r) => r.grid === coarse)).toBe(true);
    expect(src.requests.filter((r) => r.variable === "lst").every((r) => r.grid === fine)).toBe(true);
  });

  test("without truth_sm in the source, the truth series is all NaN and never requested", async () => {
    const src = new FakeSource(false);
    const out = await collectStationSeries(records, { source: src, model, coarse, fine, dates });
    expect(Array.from(out.stations[0].truth).every(Number.isNaN)).toBe(true);
    expect(src.requests.some((r) => r.variable === "truth_sm")).toBe(false);
  });

  test("bad inputs are refused by name", async () => {
    await expect(collectStationSeries(records, { source: new FakeSource(true), model, coarse, fine, dates: [] })).rejects.toThrow("collectStationSeries: dates must not be empty");
    await expect(collectStationSeries(records, { source: new FakeSource(true), model, coarse, fine, dates: ["2015-06-01"] })).rejects.toThrow("date 2015-06-01 is not in the record of station A");
    const outside = [{ ...records[0], fineIndex: fine.size }];
    await expect(collectStationSeries(outside, { source: new FakeSource(true), model, coarse, fine, dates })).rejects.toThrow(`station A has fineIndex ${fine.size}, outside the 1 km grid`);
  });
});
