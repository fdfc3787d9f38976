#!/usr/bin/env node
"use strict";
require("../scripts/checkNodeVersion");
const { runCli } = require("./loadCli");
runCli(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`sm-downscale: ${err && err.stack ? err.stack : err}`); process.exitCode = 1; },
);
