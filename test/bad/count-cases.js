#!/usr/bin/env node
// Counts the bad-input corpus' cases per group (reader, file kind) and per probe (the reader function or
// command each case calls), with how many must be refused and how many are documented acceptances; nothing is
// run. Usage: node test/bad/count-cases.js   (prints a Markdown table)
"use strict";
const path = require("path");
process.chdir(path.join(__dirname, "..", ".."));
require("../../scripts/ts-register.js");
const { readerCases } = require("../fixtures/bad/readerCases.ts");
const { modelCases } = require("../fixtures/bad/modelCases.ts");

const kind = (c) => ("accept" in c.expect || "sameAs" in c.expect ? "accept" : "refuseOrSameAs" in c.expect ? "either" : "refuse");
const rows = new Map();
const add = (key, c) => {
  const r = rows.get(key) || { cases: 0, refuse: 0, accept: 0, either: 0 };
  r.cases++; r[kind(c)]++;
  rows.set(key, r);
};
/** Probe names (test/fixtures/bad/probes.ts) as the functions they call. */
const CALLS = {
  geotiff: "readGeoTiff", gldas: "readGldas", lprmAmsr2: "readLprmAmsr2", jaxaAmsr2: "readJaxaAmsr2", ascatCdr: "readHsafCdrCell",
  ascatSwath: "readAscatSwath", modis: "readModisGeoTiff", modisHdf4: "readModisFile (HDF4)", hgt: "readHgt", ismnStm: "readIsmnStm", ismnStatic: "readIsmnStatic",
  ismnZip: "readIsmnZip", stationRecords: "readStationRecords", stationCsv: "readStationCsv", modelFile: "readModelFile",
  modelJson: "readModelJsonFile", productManifest: "loadProductManifest", studyManifest: "loadStudyManifest", twinManifest: "loadTwinManifest",
  csvTable: "readCsvFile (Cubist CSV)", twinCacheOpen: "TwinStore.open", openTwinTiny: "openTwin (cache regeneration)",
};
const all = [...readerCases(), ...modelCases()];
for (const c of all) {
  // CLI cases: the command is the first word of the argument list, known without making the input
  let by = CALLS[c.probe] || c.probe;
  if (c.probe === "cli") {
    const m = /^(CLI|GeoTIFF|Cubist CSV)$/.test(c.group) ? (/raster-info/.test(c.id) ? "raster-info" : /cubist/.test(c.id) ? "cubist" : "(unknown command)") : "cli";
    by = `sm-downscale ${m}`;
  }
  if (c.probe === "workbookRunner") by = "npm run workbook";
  add(`group|${c.group}`, c);
  add(`probe|${by}`, c);
}
console.log(`${all.length} cases\n`);
for (const what of ["group", "probe"]) {
  console.log(`| ${what === "group" ? "group (reader or file kind)" : "reader function or command"} | cases | refuse | accept | refuse or same values |`);
  console.log("| --- | --: | --: | --: | --: |");
  for (const [k, r] of rows) if (k.startsWith(what + "|")) console.log(`| ${k.slice(what.length + 1)} | ${r.cases} | ${r.refuse} | ${r.accept} | ${r.either} |`);
  console.log("");
}
