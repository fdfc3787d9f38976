// Lets plain Node load the project's TypeScript sources without a build step: each `.ts` file is
// transpiled to CommonJS in memory with the project's TypeScript (the same thing tslab does for
// notebooks). Type checking is `npm run typecheck`'s job, not this hook's.
"use strict";
const fs = require("fs");
const ts = require("typescript");

if (!require.extensions[".ts"]) {
  require.extensions[".ts"] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        resolveJsonModule: true,
        sourceMap: false,
        inlineSourceMap: true,
      },
    });
    module._compile(outputText, filename);
  };
}
