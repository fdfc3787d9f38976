#!/usr/bin/env node
"use strict";
require("../scripts/checkNodeVersion");
require("../scripts/ts-register");
const { main } = require("../src/cli/main.ts");
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`sm-downscale: ${err && err.stack ? err.stack : err}`); process.exitCode = 1; },
);
