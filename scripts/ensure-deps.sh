#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile, then
# compiles the package. Shared by `npm test` and `npm run demo` so that both work on a
# fresh clone with no other step.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm dependencies (npm ci)…" >&2
  npm ci --no-fund --no-audit >&2
fi
echo "compiling TypeScript…" >&2
npx --no-install tsc -p tsconfig.build.json
