#!/usr/bin/env bash
# `npm test` (the minimum lane) and `npm run test:current`: checks format and lint,
# type-checks, then runs every jest suite (unit, integration, contract, end-to-end) on one test lane of
# scripts/lanes.json, installing what is missing: the lane's Node.js, first on PATH for
# everything the run starts (npm, tsc, jest, and the Pulumi CLI's language host and dynamic
# provider plugin, which the CLI runs with the `node` it finds on PATH), its @pulumi/pulumi
# and its Pulumi CLI.
#
#   bash scripts/test.sh [--lane=<name>] [jest arguments…]
#
# The minimum lane runs in the repo, whose node_modules are package-lock.json's. Any other
# lane runs in a copy of the working tree (git's tracked and untracked files, without
# ignored ones such as node_modules and dist) in the cache folder, <cache>/lane-<name>, so
# that the repo's node_modules never change under the other lane or an editor. The copy is
# refreshed on every run but keeps its node_modules, which scripts/ensure-deps.sh reinstalls
# only when the lockfile or the lane's pins change.
#
# The last line is always "tests: N passed, N failed, N skipped", and says "1 failed" with
# the step that failed when the run stopped before jest.
set -uo pipefail
cd "$(dirname "$0")/.."

lane=minimum
if [[ "${1:-}" == --lane=* ]]; then
  lane="${1#--lane=}"
  shift
fi

step_failed() {
  echo "$lane lane: $1 failed (exit $2); see above"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit "$2"
}

node_dir="$(bash scripts/install-node.sh "$lane")" || step_failed "installing Node.js" $?
export PATH="$node_dir:$PATH"

if [[ "$lane" != minimum ]]; then
  cache_root="$(bash scripts/lib/cache-root.sh)" || step_failed "finding the cache folder" $?
  copy="$cache_root/lane-$lane"
  mkdir -p "$copy" || step_failed "creating $copy" $?
  # One run per copy at a time: a second run would rewrite the files under the first.
  if command -v flock >/dev/null; then
    exec 8>"$copy.lock"
    flock -n 8 || { echo "another $lane-lane run uses $copy; waiting for it…" >&2; flock 8; }
  fi
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    step_failed "copying the working tree (the $lane lane needs a git checkout)" 1
  echo "copying the working tree to $copy…" >&2
  # Everything but node_modules goes, then the working tree's files come back (files
  # deleted in the working tree but still in git's index are left out).
  find "$copy" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} + &&
    git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do if [[ -e "$file" || -L "$file" ]]; then printf '%s\0' "$file"; fi; done |
    tar --null -T - -cf - | tar -C "$copy" -xf - ||
    step_failed "copying the working tree to $copy" $?
  cd "$copy" || step_failed "entering $copy" $?
fi

bash scripts/ensure-deps.sh "$lane" || step_failed "installing npm dependencies and compiling" $?
# Seconds, and the cheapest failure: first. `npx biome check --write .` fixes what it can.
echo "checking format and lint (biome)…" >&2
npx --no-install biome ci . || step_failed "the format and lint check" $?
echo "type-checking tests…" >&2
npx --no-install tsc -p tsconfig.test.json || step_failed "type-checking" $?

PULUMI_CLI_DIR="$(bash scripts/install-pulumi-cli.sh "$lane")" || step_failed "installing the Pulumi CLI" $?
export PULUMI_CLI_DIR
# Tests that install more of the lane's pins (tests/e2e/pulumi-yaml.ts) read which lane this is.
export CLERK_TEST_LANE="$lane"
sdk_version="$(node scripts/lib/installed-sdk.js "$PWD" | head -n 1)" || step_failed "finding @pulumi/pulumi" $?
used="$lane lane: Node $(node -v), @pulumi/pulumi $sdk_version"
used+=", Pulumi CLI $(PULUMI_SKIP_UPDATE_CHECK=true "$PULUMI_CLI_DIR/pulumi" version)"
echo "$used (in $PULUMI_CLI_DIR)" >&2

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npx --no-install jest --json --outputFile="$results" "$@" || status=$?
echo "$used"
# One closing line in the plain form CI tools read: "tests: N passed, N failed, N skipped".
node scripts/lib/closing-line.js "$results" "$status"
exit "$status"
