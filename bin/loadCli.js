// How bin/sm-downscale.js finds the code it runs, and loads no more of it than the command typed.
//
// - Compiled JavaScript in dist/ (built by `npm run build`, which `npm install` runs through
//   `prepare`) is used when dist/.stamp is newer than every file under src/; otherwise (a source
//   edited since the build, or no build) the TypeScript sources are transpiled in memory through
//   scripts/ts-register.js, so the command always runs the current code. SM_DOWNSCALE_FROM_SOURCE=1
//   forces the sources.
// - A command `foo-bar` lives in src/cli/fooBarCommand.ts and exports `fooBarCommand`
//   (test/cli/loadCli.test.ts checks every registered command). When that file exists, only it
//   (and what it imports) is loaded; `--help`, unknown words and anything else go through
//   src/cli/main.ts with the full registry.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");

/** Newest modification time (ms) of the files under dir (recursive). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** { dir, ext } of the code to run: dist/ when current, else src/ (registering the .ts hook). */
function codeBase(env = process.env) {
  if (env.SM_DOWNSCALE_FROM_SOURCE !== "1") {
    try {
      const stamp = fs.statSync(path.join(root, "dist", ".stamp")).mtimeMs;
      if (stamp >= newestMtime(path.join(root, "src"))) return { dir: path.join(root, "dist"), ext: ".js", built: true };
    } catch {
      // no build (or no src/ beside it): fall through to the sources
    }
  }
  require("../scripts/ts-register");
  return { dir: path.join(root, "src"), ext: ".ts", built: false };
}

/** `foo-bar` → `fooBarCommand`. */
function commandExport(name) {
  return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase()) + "Command";
}

/** Runs the command line; resolves to the exit code. */
async function runCli(argv) {
  const base = codeBase();
  const name = argv[0];
  if (name !== undefined && /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) && name !== "help") {
    const exp = commandExport(name);
    const file = path.join(base.dir, "cli", exp + base.ext);
    if (fs.existsSync(file)) {
      const command = require(file)[exp];
      if (command && command.name === name) {
        const { runCommandLine, processIO } = require(path.join(base.dir, "cli", "runCommandLine" + base.ext));
        return runCommandLine(argv, processIO, [command]);
      }
    }
  }
  return require(path.join(base.dir, "cli", "main" + base.ext)).main(argv);
}

module.exports = { runCli, codeBase, commandExport };
