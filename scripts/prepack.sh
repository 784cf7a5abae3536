#!/usr/bin/env bash
# Run by `npm pack` and `npm publish` (the "prepack" script): installs what the build needs
# and compiles dist/ from scratch, so that a clean clone packs the built package, and no
# file of an older build (a module since moved or deleted) is ever shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
bash scripts/ensure-deps.sh
