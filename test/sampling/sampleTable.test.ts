import { clearSkyFilter, extractSamples, rowDates, SampleTableBuilder, splitByDate, takeRows } from "../../src/sampling";

// A 6-cell grid, points at cells 1 and 4, three days. Values are chosen so each entry is recognisable:
// gldas = day·10 + cell / 100, lst = 270 + cell (NaN on day 1 at cell 4), dem static = cell · 100.
const dates = ["2014-12-31", "2015-01-01", "2016-01-01"];
const gldas = new Float32Array(18);
for (let d = 0; d < 3; d++) for (let c = 0; c < 6; c++) gldas[d * 6 + c] = d * 10 + c / 100;
const lst = [0, 1, 2].map((d) => Float32Array.from([0, 1, 2, 3, 4, 5], (c) => (d === 1 && c === 4 ? NaN : 270 + c)));
const dem = Float32Array.from([0, 100, 200, 300, 400, 500]);

describe("extractSamples / SampleTableBuilder", () => {
  test("hand-checked table: day-major rows, point ids, cells, static and cube layers", () => {
    const t = extractSamples([1, 4], dates, { gldas_sm: gldas, lst, dem }, { gridCells: 6 });
    expect(t.n).toBe(6);
    expect(Array.from(t.pointId)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(t.cell)).toEqual([1, 4, 1, 4, 1, 4]);
    expect(Array.from(t.dayIndex)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(rowDates(t)).toEqual(["2014-12-31", "2014-12-31", "2015-01-01", "2015-01-01", "2016-01-01", "2016-01-01"]);
    expect(Array.from(t.columns.gldas_sm)).toEqual(Array.from(Float32Array.from([0.01, 0.04, 10.01, 10.04, 20.01, 20.04])));
    expect(Array.from(t.columns.lst)).toEqual([271, 274, 271, NaN, 271, 274]);
    expect(Array.from(t.columns.dem)).toEqual([100, 400, 100, 400, 100, 400]);
  });

  test("builder: null layer = no data that day (counted), growth beyond expectedDays, errors", () => {
    const b = new SampleTableBuilder([0, 5], { gridCells: 6, variables: ["gldas_sm", "dem"], staticLayers: { dem }, expectedDays: 1 });
    b.addDay("2013-01-01", { gldas_sm: gldas.subarray(0, 6) });
    b.addDay("2013-01-02", { gldas_sm: null });
    b.addDay("2013-01-03", { gldas_sm: gldas.subarray(12, 18) });
    expect(b.missingLayers).toEqual({ gldas_sm: 1, dem: 0 });
    expect(() => b.addDay("2013-01-02", { gldas_sm: null })).toThrow(/date 2013-01-02 added twice/);
    expect(() => b.addDay("2013-1-4", { gldas_sm: null })).toThrow(/date must be YYYY-MM-DD, got 2013-1-4/);
    expect(() => b.addDay("2013-01-05", {})).toThrow(/variable gldas_sm missing for 2013-01-05/);
    expect(() => b.addDay("2013-01-05", { gldas_sm: new Float32Array(5) })).toThrow(/layer gldas_sm for 2013-01-05 has 5 cells, expected 6/);
    const t = b.finish();
    expect(t.n).toBe(6);
    expect(Array.from(t.columns.gldas_sm)).toEqual(Array.from(Float32Array.from([0, 0.05, NaN, NaN, 20, 20.05])));
    expect(Array.from(t.columns.dem)).toEqual([0, 500, 0, 500, 0, 500]);
    expect(() => b.addDay("2013-01-09", { gldas_sm: null })).toThrow(/addDay after finish/);
    expect(() => new SampleTableBuilder([6], { gridCells: 6, variables: ["x"] })).toThrow(/points\[0\] = 6 is not a cell index of a 6-cell grid/);
    expect(() => new SampleTableBuilder([1], { gridCells: 6, variables: ["dem"], staticLayers: { dem: new Float32Array(3) } })).toThrow(/static layer dem has 3 cells/);
  });

  test("extractSamples rejects stacks of the wrong shape", () => {
    expect(() => extractSamples([1], dates, { x: new Float32Array(7) }, { gridCells: 6 })).toThrow(/x has 7 values: neither 6 \(static\) nor 3 days × 6 \(cube\)/);
    expect(() => extractSamples([1], dates, { x: [dem, dem] }, { gridCells: 6 })).toThrow(/x has 2 daily layers but there are 3 dates/);
  });
});

describe("clearSkyFilter", () => {
  test("keeps rows where every required variable is valid; counts invalid per variable", () => {
    const t = extractSamples([1, 4], dates, { gldas_sm: gldas, lst, dem }, { gridCells: 6 });
    t.columns.gldas_sm[0] = NaN; // row 0: gldas only
    t.columns.dem[3] = NaN; // row 3: lst (day 1, cell 4) and dem
    const cs = clearSkyFilter(t, { required: ["gldas_sm", "lst", "dem"] });
    expect(cs.before).toBe(6);
    expect(cs.kept).toBe(4);
    expect(cs.dropped).toBe(2);
    expect(cs.invalidByVariable).toEqual({ gldas_sm: 1, lst: 1, dem: 1 });
    expect(cs.onlyInvalidByVariable).toEqual({ gldas_sm: 1, lst: 0, dem: 0 });
    expect(Array.from(cs.table.cell)).toEqual([4, 1, 1, 4]);
    expect(Array.from(cs.table.dayIndex)).toEqual([0, 1, 2, 2]);
    expect(cs.rule).toMatch(/all of gldas_sm, lst, dem are valid/);
  });
  test("default requires the six predictors and GLDAS", () => {
    const t = extractSamples([1], ["2013-05-01"], { gldas_sm: dem, lst: dem }, { gridCells: 6 });
    expect(() => clearSkyFilter(t, {})).toThrow(/required column ascat_sm is not in the table/);
  });
});

describe("splitByDate", () => {
  test("2013–14 training / 2015 validation; other years counted as outside", () => {
    const t = extractSamples([1, 4], dates, { gldas_sm: gldas }, { gridCells: 6 });
    const s = splitByDate(t, {});
    expect(s.train.n).toBe(2);
    expect(rowDates(s.train)).toEqual(["2014-12-31", "2014-12-31"]);
    expect(s.validation.n).toBe(2);
    expect(rowDates(s.validation)).toEqual(["2015-01-01", "2015-01-01"]);
    expect(s.outside).toBe(2);
    expect(Array.from(s.validation.columns.gldas_sm)).toEqual(Array.from(Float32Array.from([10.01, 10.04])));
  });
  test("custom ranges and errors", () => {
    const t = extractSamples([1], dates, { gldas_sm: gldas }, { gridCells: 6 });
    const s = splitByDate(t, { train: { from: "2015-01-01", to: "2015-12-31" }, validation: { from: "2016-01-01", to: "2016-12-31" } });
    expect([s.train.n, s.validation.n, s.outside]).toEqual([1, 1, 1]);
    expect(() => splitByDate(t, { train: { from: "2015-01-01", to: "2014-01-01" } })).toThrow(/train must be \{from, to\} ISO dates with from <= to/);
    expect(() => splitByDate(t, { train: { from: "2013-01-01", to: "2015-06-30" } })).toThrow(/overlap/);
    expect(() => takeRows(t, [3])).toThrow(/row 3 is outside 0…2/);
  });
});
