// Stops with one line on a Node.js the project does not run on. Required as the FIRST statement of
// bin/sm-downscale.js, scripts/run-workbook.js and scripts/run-notebook.js, before anything loads geotiff:
// Node 21 and 22.0–22.11 cannot require() an ES module (geotiff's CommonJS build does), and earlier 20.x
// neither. Written in old, plain JavaScript so that any Node can parse it. Keep in step with package.json
// "engines" (test/workbook/checkNodeVersion.test.ts checks that they agree).
"use strict";

var SUPPORTED = "^20.19.0 || >=22.12.0";

/** True when a version string such as "v22.12.0" or "24.1.0" is in SUPPORTED. */
function isSupportedNode(version) {
  var m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!m) return false;
  var major = Number(m[1]);
  var minor = Number(m[2]);
  if (major === 20) return minor >= 19;
  if (major === 22) return minor >= 12;
  return major > 22;
}

/** The one-line message for an unsupported version. */
function unsupportedMessage(version) {
  return "sm-downscale needs Node.js " + SUPPORTED + " (Node 24 LTS recommended); this is Node " + version +
    ". Install a current LTS from https://nodejs.org or with your version manager (e.g. nvm install 24).";
}

if (!isSupportedNode(process.version)) {
  process.stderr.write(unsupportedMessage(process.version) + "\n");
  process.exit(1);
}

module.exports = { SUPPORTED: SUPPORTED, isSupportedNode: isSupportedNode, unsupportedMessage: unsupportedMessage };
