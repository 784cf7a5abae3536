#!/usr/bin/env bash
# `npm run demo`: installs what the demo needs (dependencies, the pinned Pulumi CLI), then
# runs it. Pass `-- --clerk --user user_…` to run against your Clerk instance instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
PULUMI_CLI_DIR="$(bash scripts/install-pulumi-cli.sh)"
export PULUMI_CLI_DIR
exec node dist/scripts/demo.js "$@"
