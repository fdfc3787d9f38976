#!/bin/sh
# Starts tslab with the project root as its working directory, whatever folder the notebook is in:
# tslab compiles project modules only under its cwd, and notebooks import them as "./src/<area>/<file>".
# cellErrors.js (preloaded) makes a failing cell's error name, message and stack reach Jupyter.
# This file sits in <root>/jupyter/kernels/tslab/.
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
cd "$ROOT" || exit 1
if [ ! -f "$ROOT/node_modules/tslab/bin/tslab" ]; then
  echo "sm-downscale kernel: $ROOT/node_modules/tslab not found; run 'npm install' in $ROOT" >&2
  exit 1
fi
exec node -r "$HERE/cellErrors.js" "$ROOT/node_modules/tslab/bin/tslab" kernel --config-path "$1"
