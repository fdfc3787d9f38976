import { LatLonGrid } from "../../src/grid/latLonGrid";
import { compareSeries } from "../../src/metrics";
import {
  clipPolylines, coastlineTrace, histogram2d, loadCoastlines, mapFigure, panelLetter, ruleCountFigure, scatterFigure,
  stationScatterFigure, stationTimeSeriesFigure, subplotGrid, SM_UNITS, toPlotValues, journalLayout, journalAxis,
} from "../../src/plots";
import type { PlotTrace } from "../../src/plots";

type Ann = { text: string; xref: string; yref: string; x: number; y: number };
const ann = (fig: { layout: Record<string, unknown> }) => fig.layout.annotations as Ann[];
const axis = (fig: { layout: Record<string, unknown> }, key: string) => fig.layout[key] as { title?: { text: string }; range?: number[]; domain?: number[]; [k: string]: unknown };

describe("journal style helpers", () => {
  test("panel letters, grid domains, layout and axes", () => {
    expect([0, 1, 13, 25, 26, 27].map((i) => panelLetter(i))).toEqual(["(a)", "(b)", "(n)", "(z)", "(aa)", "(ab)"]);
    const g = subplotGrid(3, 2, 2, { gapX: 0.1, gapY: 0.1 });
    expect(g.map((c) => [c.xaxis, c.yaxis, c.xaxisKey])).toEqual([["x", "y", "xaxis"], ["x2", "y2", "xaxis2"], ["x3", "y3", "xaxis3"]]);
    expect(g[0].x).toEqual([0, 0.45]);
    expect(g[1].x).toEqual([0.55, 1]);
    expect(g[0].y).toEqual([0.55, 1]);
    expect(g[2].y).toEqual([0, 0.45]);
    expect(() => subplotGrid(5, 2, 2, {})).toThrow(/count must be in 1…4, got 5/);
    const L = journalLayout({ width: 600, height: 400 });
    expect(L).toMatchObject({ width: 600, height: 400, paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff" });
    expect((L.font as { family: string }).family).toMatch(/Arial.*Liberation Sans/);
    const A = journalAxis({ title: `x (${SM_UNITS})`, range: [0, 0.5] });
    expect(A).toMatchObject({ showline: true, mirror: true, ticks: "outside", showgrid: false, range: [0, 0.5] });
    expect((A.title as { text: string }).text).toBe("x (m³ m⁻³)");
    expect(toPlotValues([0.1, NaN, Infinity, 0.123456], { digits: 3 })).toEqual([0.1, null, null, 0.123]);
  });

  test("histogram2d: hand-counted bins; upper edge in the last bin; outside and NaN skipped", () => {
    const h = histogram2d([0.1, 0.1, 0.33, 0.4, 0.5, NaN], [0.1, 0.12, 0.33, 0.4, 0.2, 0.1], { range: [0, 0.4], bins: 4 });
    Array.from(h.centers).forEach((c, i) => expect(c).toBeCloseTo([0.05, 0.15, 0.25, 0.35][i], 12));
    expect(h.counts[1 * 4 + 1]).toBe(2); // (0.1, 0.1) and (0.1, 0.12)
    expect(h.counts[3 * 4 + 3]).toBe(2); // (0.33, 0.33) and (0.4, 0.4) at the upper edge
    expect(h.counted).toBe(4);
    expect(h.outside).toBe(1);
    expect(() => histogram2d([1], [1], { range: [1, 1] })).toThrow(/range must be \[min, max\] with max > min/);
  });

  test("clipPolylines: hand-checked pieces", () => {
    const b = { west: 0, east: 10, south: 0, north: 10 };
    expect(clipPolylines([[[-5, 5], [5, 5], [15, 5]]], b)).toEqual([[[0, 5], [5, 5], [10, 5]]]);
    // leaves through the top and comes back: two pieces
    expect(clipPolylines([[[2, 2], [2, 12], [8, 12], [8, 2]]], b)).toEqual([[[2, 2], [2, 10]], [[8, 10], [8, 2]]]);
    expect(clipPolylines([[[20, 20], [30, 30]]], b)).toEqual([]);
    expect(() => clipPolylines([], { west: 1, east: 1, south: 0, north: 1 })).toThrow(/west < east/);
  });
});

describe("coastlines (world-atlas land-50m via topojson-client)", () => {
  test("Korea: clipped to the box, pieces separated by null, the coast passes by Busan", () => {
    expect(loadCoastlines({}).length).toBe(1419);
    const bounds = { west: 124, east: 131, south: 33, north: 39 };
    const t = coastlineTrace(bounds, { xaxis: "x3", yaxis: "y3" });
    expect(t).toMatchObject({ type: "scatter", mode: "lines", xaxis: "x3", yaxis: "y3", showlegend: false });
    const x = t.x as (number | null)[];
    const y = t.y as (number | null)[];
    expect(x.length).toBe(y.length);
    expect(x.filter((v) => v === null).length).toBeGreaterThan(10); // islands
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null) { expect(y[i]).toBeNull(); continue; }
      expect(x[i]!).toBeGreaterThanOrEqual(124 - 1e-9);
      expect(x[i]!).toBeLessThanOrEqual(131 + 1e-9);
      expect(y[i]!).toBeGreaterThanOrEqual(33 - 1e-9);
      expect(y[i]!).toBeLessThanOrEqual(39 + 1e-9);
    }
    // Busan (129.04°E, 35.10°N) lies on the coast: some vertex within 0.1°
    let best = Infinity;
    for (let i = 0; i < x.length; i++) if (x[i] !== null) best = Math.min(best, Math.hypot(x[i]! - 129.04, y[i]! - 35.1));
    expect(best).toBeLessThan(0.1);
    expect(() => loadCoastlines({ file: "/nonexistent/land.json" })).toThrow(/cannot read \/nonexistent\/land.json/);
  });
});

function series(n: number, seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const ref = new Float32Array(n), pred = new Float32Array(n);
  for (let i = 0; i < n; i++) { ref[i] = 0.05 + 0.4 * rnd(); pred[i] = i % 50 === 0 ? NaN : 0.06 + 0.75 * ref[i] + 0.05 * (rnd() - 0.5); }
  return { ref, pred };
}

describe("scatterFigure (Figure 4) and stationScatterFigure (Figure 6)", () => {
  test("density panels: heatmaps on a shared log colour axis, 1:1 and fitted lines, annotations from compareSeries", () => {
    const cal = series(20787, 1), val = series(15625, 2);
    const fig = scatterFigure([{ ...cal, title: "Calibration (2013–2014)" }, { ...val, title: "Validation (2015)" }], {});
    const types = fig.data.map((t) => `${t.type}:${t.name}`);
    expect(types).toEqual([
      "heatmap:Calibration (2013–2014)", "scatter:1:1", "scatter:least-squares fit",
      "heatmap:Validation (2015)", "scatter:1:1", "scatter:least-squares fit",
    ]);
    const m = compareSeries(cal.pred, cal.ref);
    const meta = fig.layout.meta as { metrics: { r: number; n: number }[]; range: number[] };
    expect(meta.metrics[0].r).toBe(m.r);
    const range = meta.range;
    // fitted line = slope · x + intercept at the range ends
    const fit = fig.data[2] as PlotTrace & { x: number[]; y: number[] };
    expect(fit.x).toEqual(range);
    expect(fit.y[0]).toBeCloseTo(m.slope * range[0] + m.intercept, 5);
    expect(fit.y[1]).toBeCloseTo(m.slope * range[1] + m.intercept, 5);
    expect((fig.data[1] as PlotTrace & { y: number[] }).y).toEqual(range);
    // heatmap: log10 counts, total = valid pairs
    const hm = fig.data[0] as PlotTrace & { z: (number | null)[][] };
    let total = 0;
    for (const row of hm.z) for (const v of row) if (v !== null) total += Math.round(10 ** v);
    expect(total).toBe(m.n);
    expect(hm.coloraxis).toBe("coloraxis");
    const ca = fig.layout.coloraxis as { colorbar: { title: { text: string }; ticktext: string[] } };
    expect(ca.colorbar.title.text).toBe("Points per bin");
    expect(ca.colorbar.ticktext.slice(0, 3)).toEqual(["1", "10", "100"]);
    // axes: titles with units, equal ranges, square aspect
    expect(axis(fig, "xaxis").title!.text).toBe("GLDAS soil moisture (m³ m⁻³)");
    expect(axis(fig, "yaxis").title!.text).toBe("Downscaled soil moisture (m³ m⁻³)");
    expect(axis(fig, "xaxis").range).toEqual(range);
    expect(axis(fig, "yaxis2")).toMatchObject({ range, scaleanchor: "x2" });
    const texts = ann(fig).map((a) => a.text);
    expect(texts).toContain(`n = ${m.n.toLocaleString("en-US")}<br>r = ${m.r.toFixed(2)}<br>RMSE = ${m.rmse.toFixed(3)} m³ m⁻³<br>slope = ${m.slope.toFixed(2)}`);
    expect(texts.filter((t) => t.startsWith("<b>("))).toEqual(["<b>(a)</b>", "<b>(b)</b>"]);
    expect(m.n).toBe(20787 - Math.ceil(20787 / 50));
    expect(texts[0]).toMatch(/^n = 20,371<br>/);
  });

  test("few points: plain markers with NaN as null; explicit range; option errors", () => {
    const s = series(30, 3);
    const fig = scatterFigure([{ pred: s.pred, ref: s.ref }], { range: [0, 0.5], stats: ["n", "r", "p"] });
    expect(fig.data[0]).toMatchObject({ type: "scatter", mode: "markers" });
    expect((fig.data[0].y as (number | null)[])[0]).toBeNull();
    expect(axis(fig, "xaxis").range).toEqual([0, 0.5]);
    expect(ann(fig).some((a) => a.text.startsWith("<b>("))).toBe(false); // no letter on a single panel
    expect(ann(fig)[0].text).toMatch(/^n = 29<br>r = 0\.\d\d<br>p < 0\.001$/);
    expect(fig.layout.coloraxis).toBeUndefined();
    expect(() => scatterFigure([], {})).toThrow(/panels must be a non-empty array/);
    expect(() => scatterFigure([{ pred: [1], ref: [1, 2] }], {})).toThrow(/panel 0 has 1 pred and 2 ref values/);
    expect(() => scatterFigure([{ pred: [1], ref: [1] }], { stats: ["rsq" as never] })).toThrow(/unknown stat rsq/);
  });

  test("Figure 6: 14 stations in 3 rows × 5 columns, titled (a) Andong …, RMSD and p", () => {
    const names = ["Andong", "Cheongju", "Geochang", "Geumsan", "Gyeongsan", "Gyeryong", "Hwacheon", "Hwasun", "Jinan", "Miryang", "Mungyeong", "Okcheon", "Sejong", "Wanju"];
    const fig = stationScatterFigure(names.map((name, k) => { const s = series(153, k + 10); return { name, insitu: s.ref, downscaled: s.pred }; }), {});
    expect(fig.data.filter((t) => t.mode === "markers")).toHaveLength(14);
    expect(axis(fig, "xaxis14").domain![0]).toBeCloseTo(axis(fig, "xaxis4").domain![0], 9); // panel 14 sits in column 4 of row 3
    const titles = ann(fig).map((a) => a.text).filter((t) => /^\([a-n]\) /.test(t));
    expect(titles[0]).toBe("(a) Andong");
    expect(titles[13]).toBe("(n) Wanju");
    expect(ann(fig)[0].text).toMatch(/RMSD = 0\.\d{3} m³ m⁻³/);
    expect(ann(fig)[0].text).toMatch(/p < 0\.001/);
    // statistics in the bottom-right corner (below the 1:1 line) by default; top-left on request
    expect(ann(fig)[0]).toMatchObject({ x: 0.97, y: 0.03, xanchor: "right", yanchor: "bottom" });
    const topLeft = stationScatterFigure([{ name: "Andong", insitu: [0.1, 0.2, 0.3], downscaled: [0.1, 0.25, 0.3] }], { statsCorner: "top-left" });
    expect(ann(topLeft)[0]).toMatchObject({ x: 0.03, y: 0.97, xanchor: "left", yanchor: "top" });
    expect(() => scatterFigure([{ pred: [1], ref: [1] }], { statsCorner: "middle" as never })).toThrow('scatterFigure: statsCorner must be "top-left" or "bottom-right", got middle');
    const xTitles = Object.entries(fig.layout).filter(([k, v]) => k.startsWith("xaxis") && (v as { title?: unknown }).title).map(([, v]) => (v as { title: { text: string } }).title.text);
    expect(xTitles).toEqual(["In situ (m³ m⁻³)"]);
  });
});

describe("ruleCountFigure (Figure 3 reconstruction)", () => {
  test("RMSE and r panels, three sets, markers at the chosen count and at 59", () => {
    const rules = [1, 5, 10, 20, 40, 59, 80];
    const mk = (a: number) => ({ rmse: rules.map((k) => a + 0.02 / k), r: rules.map((k) => 0.9 - 0.2 / k) });
    const fig = ruleCountFigure({ rules, calibration: mk(0.048), validation: mk(0.056), cv: mk(0.052) }, { chosen: 40 });
    expect(fig.data).toHaveLength(6);
    expect(fig.data.filter((t) => t.showlegend).map((t) => t.name)).toEqual(["Calibration (2013–2014)", "Validation (2015)", "Cross-validation (2013–2014)"]);
    expect(fig.data.map((t) => t.yaxis)).toEqual(["y", "y2", "y", "y2", "y", "y2"]);
    expect(axis(fig, "yaxis").title!.text).toBe("RMSE (m³ m⁻³)");
    expect(axis(fig, "yaxis2").title!.text).toBe("r");
    expect(axis(fig, "xaxis").title!.text).toBe("Number of rules");
    const shapes = fig.layout.shapes as { x0: number; xref: string; line: { dash: string } }[];
    expect(shapes.map((s) => [s.xref, s.x0, s.line.dash])).toEqual([["x", 40, "solid"], ["x", 59, "dot"], ["x2", 40, "solid"], ["x2", 59, "dot"]]);
    expect(ann(fig).map((a) => a.text)).toEqual(expect.arrayContaining(["chosen: 40", "paper: 59", "<b>(a)</b>", "<b>(b)</b>"]));
    expect(ruleCountFigure({ rules, calibration: mk(0.05) }, { paperCount: null }).layout.shapes).toEqual([]);
    expect(() => ruleCountFigure({ rules, calibration: { rmse: [1], r: [1] } }, {})).toThrow(/calibration has 1 RMSE and 1 r values for 7 rule counts/);
  });
});

describe("mapFigure (Figures 7 and 8)", () => {
  const grid = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 4, height: 2 });
  // rows north → south: row 0 = 1…4, row 1 = 5…8 (NaN at the last cell)
  const values = Float32Array.from([1, 2, 3, 4, 5, 6, 7, NaN]);

  test("heatmap rows south → north, lon/lat centres, NaN as null, shared colour bar, coastlines, panel letters", () => {
    const fig = mapFigure([{ grid, values, title: "GLDAS" }, { grid, values, title: "Downscaled" }], { colorbarTitle: `Soil moisture (${SM_UNITS})`, zmin: 0, zmax: 10 });
    const hm = fig.data[0] as PlotTrace & { x: number[]; y: number[]; z: (number | null)[][] };
    expect(hm.type).toBe("heatmap");
    expect(hm.x).toEqual([124.125, 124.375, 124.625, 124.875]);
    expect(hm.y).toEqual([38.625, 38.875]);
    expect(hm.z).toEqual([[5, 6, 7, null], [1, 2, 3, 4]]);
    expect(hm.coloraxis).toBe("coloraxis");
    expect(fig.data[1]).toMatchObject({ type: "scatter", name: "coastline", xaxis: "x", yaxis: "y" });
    expect(fig.data[3]).toMatchObject({ name: "coastline", xaxis: "x2", yaxis: "y2" });
    const ca = fig.layout.coloraxis as { cmin: number; cmax: number; reversescale: boolean; colorbar: { title: { text: string } } };
    expect(ca).toMatchObject({ cmin: 0, cmax: 10, reversescale: true });
    expect(ca.colorbar.title.text).toBe("Soil moisture (m³ m⁻³)");
    expect(axis(fig, "xaxis").range).toEqual([124, 125]);
    expect(axis(fig, "yaxis").range).toEqual([38.5, 39]);
    expect(axis(fig, "yaxis").scaleratio).toBeCloseTo(1 / Math.cos((38.75 * Math.PI) / 180), 5);
    expect(ann(fig).map((a) => a.text)).toEqual(["GLDAS", "<b>(a)</b>", "Downscaled", "<b>(b)</b>"]);
  });

  test("block mean when the field exceeds maxCells; one colour bar per panel for Figure 8", () => {
    const fig = mapFigure([
      { grid, values, title: "r", colorbarTitle: "r", colorscale: "RdBu", zmin: -1, zmax: 1 },
      { grid, values, title: "RMSE", colorbarTitle: `RMSE (${SM_UNITS})` },
    ], { sharedScale: false, maxCells: 2, coastlines: false });
    expect((fig.layout.meta as { decimation: number[] }).decimation).toEqual([2, 2]);
    const hm = fig.data[0] as PlotTrace & { x: number[]; y: number[]; z: (number | null)[][] };
    // 2 × 2 blocks: (1+2+5+6)/4 = 3.5, (3+4+7)/3 = 4.66667
    expect(hm.z).toEqual([[3.5, 4.66667]]);
    expect(hm.x).toEqual([124.25, 124.75]);
    expect(hm.y).toEqual([38.75]);
    expect(fig.data.map((t) => t.coloraxis)).toEqual(["coloraxis", "coloraxis2"]);
    const c1 = fig.layout.coloraxis as { colorscale: string; cmin: number; colorbar: { title: { text: string } } };
    const c2 = fig.layout.coloraxis2 as { colorbar: { title: { text: string }; x: number } };
    expect(c1).toMatchObject({ colorscale: "RdBu", cmin: -1 });
    expect(c2.colorbar.title.text).toBe("RMSE (m³ m⁻³)");
    expect(c2.colorbar.x).toBeGreaterThan(axis(fig, "xaxis2").domain![1]);
    expect(() => mapFigure([{ grid, values: new Float32Array(3) }], {})).toThrow(/panel 0 has 3 values for a grid of 8 cells/);
  });
});

describe("stationTimeSeriesFigure (Figure 5)", () => {
  test("per station: precipitation bars on a reversed secondary axis, three series, one legend", () => {
    const dates = ["2015-05-01", "2015-05-02", "2015-05-03"];
    const st = (name: string) => ({ name, dates, insitu: [0.3, 0.32, 0.31], gldas: [0.2, 0.22, 0.21], downscaled: [0.21, NaN, 0.2], precip: [0, 12, 3] });
    const fig = stationTimeSeriesFigure([st("Andong"), st("Cheongju"), st("Geochang")], {});
    expect(fig.data.map((t) => `${t.type}:${t.name}:${t.yaxis}`)).toEqual([
      "bar:Precipitation:y4", "scatter:In situ:y", "scatter:GLDAS:y", "scatter:Downscaled (1 km):y",
      "bar:Precipitation:y5", "scatter:In situ:y2", "scatter:GLDAS:y2", "scatter:Downscaled (1 km):y2",
      "bar:Precipitation:y6", "scatter:In situ:y3", "scatter:GLDAS:y3", "scatter:Downscaled (1 km):y3",
    ]);
    expect(fig.data.filter((t) => t.showlegend).map((t) => t.name)).toEqual(["Precipitation", "In situ", "GLDAS", "Downscaled (1 km)"]);
    expect((fig.data[3].y as (number | null)[])[1]).toBeNull();
    // precipitation axis: overlays the panel, on the right, reversed (top = 2.5 × 12 mm → 30)
    expect(axis(fig, "yaxis4")).toMatchObject({ overlaying: "y", side: "right", range: [30, 0], tickmode: "auto" }); // plotly defaults overlaying axes to "sync" (labels at the left grid lines)
    expect(axis(fig, "yaxis")).toMatchObject({ range: [0, 0.4] });
    expect(ann(fig).map((a) => a.text)).toEqual(["(a) Andong", "(b) Cheongju", "(c) Geochang"]);
    const titled = Object.values(fig.layout).filter((v) => (v as { title?: { text?: string } })?.title?.text?.includes("(m³ m⁻³)"));
    expect(titled).toHaveLength(1);
    expect(() => stationTimeSeriesFigure([{ ...st("x"), gldas: [0.1] }], {})).toThrow(/station 0 \(x\) has 1 gldas values for 3 dates/);
  });
});
