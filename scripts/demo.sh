#!/usr/bin/env bash
# `npm run demo`: installs what the demo needs (dependencies; a Pulumi CLI), then runs it.
# Pass `-- --clerk --user user_…` to run against your Clerk instance instead.
#
# The demo uses your own `pulumi` when the one on PATH is a version the package supports
# (the minimum lane's CLI or later, before v4) and has a Node.js language host; otherwise
# it builds the minimum lane's CLI once (scripts/install-pulumi-cli.sh). The tests, unlike
# the demo, always use their lane's pinned CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
PULUMI_CLI_DIR="$(bash scripts/install-pulumi-cli.sh --any-supported)"
export PULUMI_CLI_DIR
exec node dist/scripts/demo.js "$@"
