import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";

// scripts/check-study-run.js: the step of `npm test` that checks the reduced (no-LST) workbook run.
const { checkStudyRun, readCsv } = createRequire(path.join(process.cwd(), "package.json"))("./scripts/check-study-run.js") as {
  checkStudyRun: (outDir: string, predictors: string[], figures: string[]) => string[];
  readCsv: (file: string) => { head: string[]; rows: Record<string, string>[] };
};

const FIVE = ["ascat_sm", "amsr2_sm", "ndvi", "landcover", "dem"];
const FIGURES = ["02_sample_points", "fig3_rule_count", "fig4_scatter", "fig7_monthly_maps", "fig8_pixel_metrics", "fig5_station_series", "fig6_station_scatter", "08_variable_selection"];

/** A run folder as notebooks 02–08 leave it, for the predictors `used` (the files the check reads). */
function fakeRun(used: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "study-run-"));
  fs.mkdirSync(path.join(dir, "work"));
  fs.mkdirSync(path.join(dir, "tables"));
  for (const n of ["samples_train.csv", "samples_validation.csv"]) fs.writeFileSync(path.join(dir, "work", n), `${[...used, "gldas_sm", "date", "point"].join(",")}\n`);
  fs.writeFileSync(path.join(dir, "work", "model_chosen.json"), JSON.stringify({ model: { attributes: used.map((name) => ({ name })) } }));
  for (const t of ["02_counts", "03_paper_vs_run", "04_rule_count", "04_attribute_usage", "04_paper_vs_run", "05_paper_vs_run", "05_metrics_by_group", "06_daily_gaps", "06_overall", "07_stations", "08_baselines"]) fs.writeFileSync(path.join(dir, "tables", `${t}.csv`), "a\n1\n");
  fs.writeFileSync(path.join(dir, "tables", "02_clear_sky_filter.csv"), `variable,invalid point-days\n${[...used, "gldas_sm", "clear_sky"].map((v) => `${v},0`).join("\n")}\n`);
  fs.writeFileSync(path.join(dir, "tables", "06_missing_by_predictor.csv"), `predictor,land pixel-days missing\n${used.filter((v) => v !== "landcover").map((v) => `${v},3`).join("\n")}\n`);
  for (const t of ["06_paper_vs_run", "07_paper_vs_run"]) fs.writeFileSync(path.join(dir, "tables", `${t}.csv`), `quantity,paper,this run\npredictors of the model,"a, b","${used.join(", ")}"\n`);
  return dir;
}

describe("check-study-run", () => {
  test("readCsv reads quoted cells with commas", () => {
    const dir = fakeRun(FIVE);
    const t = readCsv(path.join(dir, "tables", "06_paper_vs_run.csv"));
    expect(t.rows[0]["this run"]).toBe("ascat_sm, amsr2_sm, ndvi, landcover, dem");
  });
  test("a run that followed the five predictors passes; a missing figure fails; one that kept LST fails on every file", () => {
    const ok = checkStudyRun(fakeRun(FIVE), FIVE, FIGURES);
    expect(ok).toEqual([]);
    expect(checkStudyRun(fakeRun(FIVE), FIVE, FIGURES.slice(1))).toEqual(["figure 02_sample_points missing (the run has " + FIGURES.slice(1).join(", ") + ")"]);
    const bad = checkStudyRun(fakeRun(["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"]), FIVE, FIGURES);
    expect(bad.length).toBe(7);
    expect(bad.join("\n")).toContain("06_missing_by_predictor.csv counts gaps of amsr2_sm,ascat_sm,dem,lst,ndvi");
    expect(bad.join("\n")).toContain("work/model_chosen.json uses ascat_sm,amsr2_sm,lst,ndvi,landcover,dem");
  });
});
