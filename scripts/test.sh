#!/usr/bin/env bash
# `npm test`: installs what the suite needs (dependencies, the pinned Pulumi CLI), checks
# types, then runs every jest suite: unit, integration, contract and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
echo "type-checking tests…" >&2
npx --no-install tsc -p tsconfig.test.json

PULUMI_CLI_DIR="$(bash scripts/install-pulumi-cli.sh)"
export PULUMI_CLI_DIR
echo "using the Pulumi CLI in $PULUMI_CLI_DIR" >&2

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npx --no-install jest --json --outputFile="$results" "$@" || status=$?
# One closing line in the plain form CI tools read: "tests: N passed, N failed, N skipped".
node scripts/lib/closing-line.js "$results" "$status"
exit "$status"
