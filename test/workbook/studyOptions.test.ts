import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { resolveStudyOptions, parseStudySettings, studyOptionsFromEnv, studyOptionsRows, ruleCountOf, predictorVariables, PAPER_STUDY } from "../../src/workbook/studyOptions";
import { minClearFractionOf, PAPER_PREDICTORS, PREDICTOR_NAMES } from "../../src/workbook/studyOptions";
import { workbookContext } from "../../src/workbook/workbookConfig";

describe("resolveStudyOptions", () => {
  test("defaults are the paper's choices (Park et al. 2017 §2.3, §4.1)", () => {
    const s = resolveStudyOptions();
    expect(s).toEqual({
      predictors: ["ascat", "amsr2", "lst", "ndvi", "landcover", "dem"],
      rules: "paper", committees: 1, neighbours: 0, clearSky: "all-valid",
      calibrationYears: [2013, 2014], validationYears: [2015], resampling: "nearest",
    });
    expect(ruleCountOf(s)).toBe(59);
    expect(predictorVariables(s)).toEqual(["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"]);
    expect(studyOptionsRows(s).every((r) => r.differs === "")).toBe(true);
  });

  test("string settings are parsed; predictors keep the Cubist order", () => {
    const s = resolveStudyOptions({ predictors: "DEM, ascat,amsr2,ndvi,landcover", rules: "cv-1se", committees: "5", neighbours: "3", clearSky: "0.5", calibrationYears: "2013-2014", validationYears: "2015", resampling: "bilinear" });
    expect(s.predictors).toEqual(["ascat", "amsr2", "ndvi", "landcover", "dem"]);
    expect(predictorVariables(s)).not.toContain("lst");
    expect(s).toMatchObject({ rules: "cv-1se", committees: 5, neighbours: 3, clearSky: 0.5, calibrationYears: [2013, 2014], validationYears: [2015], resampling: "bilinear" });
    expect(ruleCountOf(s, 7)).toBe(7);
    expect(() => ruleCountOf(s)).toThrow(/cv-1se/);
    expect(ruleCountOf(resolveStudyOptions({ rules: "12" }))).toBe(12);
    const rows = studyOptionsRows(s);
    expect(rows.find((r) => r.setting === "predictors")).toEqual({ setting: "predictors", value: "ascat, amsr2, ndvi, landcover, dem", paper: "ascat, amsr2, lst, ndvi, landcover, dem", differs: "≠ paper" });
    expect(rows.find((r) => r.setting === "rules")!.paper).toBe("paper (59)");
  });

  test.each([
    [{ colour: "red" }, /unknown study setting 'colour'/],
    [{ predictors: "" }, /'predictors' must be a non-empty list.*got ""/],
    [{ predictors: "ascat,soil" }, /'predictors' must name predictors.*got "soil"/],
    [{ predictors: "ascat,ascat" }, /'predictors' names a predictor twice, got "ascat"/],
    [{ rules: "cv" }, /'rules' must be 'paper'.*got "cv"/],
    [{ rules: 0 }, /'rules'.*got 0/],
    [{ rules: "2.5" }, /'rules'.*got "2.5"/],
    [{ committees: "0" }, /'committees' must be a whole number 1–100, got "0"/],
    [{ neighbours: 10 }, /'neighbours' must be a whole number 0–9.*got 10/],
    [{ clearSky: "1.5" }, /'clearSky'.*got "1.5"/],
    [{ calibrationYears: "20x3" }, /'calibrationYears' must list whole years.*got "20x3"/],
    [{ validationYears: "2014" }, /'validationYears' must not share years.*2014/],
    [{ resampling: "cubic" }, /'resampling' must be 'nearest' \(paper\) or 'bilinear', got "cubic"/],
  ])("rejects %j", (input, message) => {
    expect(() => resolveStudyOptions(input as never)).toThrow(message);
  });

  test("the paper default is frozen", () => {
    expect(Object.isFrozen(PAPER_STUDY)).toBe(true);
  });
});

describe("parseStudySettings / studyOptionsFromEnv", () => {
  test("key=value, later wins; no '=' is an error naming the string", () => {
    expect(parseStudySettings(["rules=5", "rules=cv-1se", "predictors=a=b"])).toEqual({ rules: "cv-1se", predictors: "a=b" });
    expect(() => parseStudySettings(["rules"])).toThrow(/key=value.*'rules'/);
    expect(() => parseStudySettings(["=5"])).toThrow(/'=5'/);
  });

  test("SM_STUDY_FILE then SM_STUDY on top; file errors name the variable", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "study-"));
    const file = path.join(dir, "s.json");
    fs.writeFileSync(file, JSON.stringify({ predictors: ["ascat", "amsr2", "ndvi", "dem", "landcover"], rules: 20, committees: 3 }));
    const s = studyOptionsFromEnv({ SM_STUDY_FILE: file, SM_STUDY: "rules=cv-1se;neighbours=2" });
    expect(s).toMatchObject({ predictors: ["ascat", "amsr2", "ndvi", "landcover", "dem"], rules: "cv-1se", committees: 3, neighbours: 2 });
    expect(studyOptionsFromEnv({})).toEqual(resolveStudyOptions());
    fs.writeFileSync(file, "[1]");
    expect(() => studyOptionsFromEnv({ SM_STUDY_FILE: file })).toThrow(/SM_STUDY_FILE.*JSON object/);
    fs.writeFileSync(file, "{");
    expect(() => studyOptionsFromEnv({ SM_STUDY_FILE: file })).toThrow(/SM_STUDY_FILE.*not JSON/);
    expect(() => studyOptionsFromEnv({ SM_STUDY_FILE: path.join(dir, "none.json") })).toThrow(/SM_STUDY_FILE.*ENOENT/);
    fs.rmSync(dir, { recursive: true });
  });

  test("workbookContext carries the study", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
    const ctx = workbookContext({ env: { SM_OUTPUT_DIR: dir, SM_STUDY: "predictors=ascat,amsr2,ndvi,dem,landcover" }, root: dir });
    expect(ctx.study.predictors).toEqual(["ascat", "amsr2", "ndvi", "landcover", "dem"]);
    expect(() => workbookContext({ env: { SM_OUTPUT_DIR: dir, SM_STUDY: "rules=x" }, root: dir })).toThrow(/'rules'/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("npm run workbook --set / --study", () => {
  const runner = path.join(process.cwd(), "scripts", "run-workbook.js");
  test("a bad setting stops the runner before any notebook, naming it", () => {
    const r = spawnSync(process.execPath, [runner, "--set", "resampling=cubic", "--list"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'resampling'.*"cubic"/);
  });
  test("good settings are echoed", () => {
    const r = spawnSync(process.execPath, [runner, "--set", "predictors=ascat,amsr2,ndvi,dem,landcover", "--set", "rules=cv-1se", "--list"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/study predictors=ascat, amsr2, ndvi, landcover, dem rules=cv-1se/);
  });
});

describe("minClearFractionOf", () => {
  test("all-valid is buildSampleSet's default fully-clear cell (1); a number passes through", () => {
    expect(minClearFractionOf(resolveStudyOptions({}))).toBe(1);
    expect(minClearFractionOf(resolveStudyOptions({ clearSky: "0.5" }))).toBe(0.5);
  });
});

describe("precip, the optional seventh predictor", () => {
  test("a study may choose it; the paper's default set stays the six without it", () => {
    expect(PREDICTOR_NAMES).toContain("precip");
    expect(PAPER_STUDY.predictors).toEqual(["ascat", "amsr2", "lst", "ndvi", "landcover", "dem"]);
    expect([...PAPER_PREDICTORS]).toEqual(PAPER_STUDY.predictors);
    const s = resolveStudyOptions({ predictors: "precip,ascat,amsr2,lst,ndvi,landcover,dem" });
    expect(s.predictors).toEqual(["ascat", "amsr2", "lst", "ndvi", "landcover", "dem", "precip"]);
    expect(predictorVariables(s)).toEqual(["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem", "precip"]);
    expect(studyOptionsRows(s).find((r) => r.setting === "predictors")!.differs).toBe("≠ paper");
  });
});
