#!/usr/bin/env bash
# Installs the npm dependencies of a test lane (scripts/lanes.json; default: minimum) when
# they are missing or were installed from another lockfile or for another lane, then
# compiles the package. Shared by `npm test`, `npm run test:current` and `npm run demo` so
# that they work on a fresh clone with no other step.
#
# The minimum lane is package-lock.json as it is. Another lane installs the same lockfile,
# then its own @pulumi/pulumi and @types/node over it without saving them (scripts/test.sh
# runs such a lane in a copy of the working tree: the repo's node_modules stay the minimum
# lane's). What was installed is recorded in node_modules/.lane-deps.
set -euo pipefail
cd "$(dirname "$0")/.."

lane="${1:-minimum}"
# Line 1: what node_modules/.lane-deps must say; line 2: the packages to add over `npm ci`.
plan="$(node scripts/lib/deps-plan.js "$lane")" || exit 1
{ read -r stamp; read -r extra || true; } <<<"$plan"

if [ "$(cat node_modules/.lane-deps 2>/dev/null)" != "$stamp" ]; then
  echo "installing npm dependencies for the $lane lane (npm ci${extra:+, then $extra})…" >&2
  npm ci --no-fund --no-audit >&2
  if [ -n "$extra" ]; then
    # shellcheck disable=SC2086  # one argument per package
    npm install --no-save --no-fund --no-audit $extra >&2
  fi
  printf '%s\n' "$stamp" >node_modules/.lane-deps
fi
echo "compiling TypeScript…" >&2
npx --no-install tsc -p tsconfig.build.json
