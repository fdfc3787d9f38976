#!/bin/sh
# Starts tslab with the project root as its working directory, whatever folder the notebook is in:
# tslab compiles project modules only under its cwd, and notebooks import them as "./src/<area>/<file>".
# This file sits in <root>/jupyter/kernels/tslab/.
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT" || exit 1
if [ ! -x "$ROOT/node_modules/.bin/tslab" ]; then
  echo "sm-downscale kernel: $ROOT/node_modules/.bin/tslab not found; run 'npm install' in $ROOT" >&2
  exit 1
fi
exec "$ROOT/node_modules/.bin/tslab" kernel --config-path "$1"
