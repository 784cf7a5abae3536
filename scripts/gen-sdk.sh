#!/usr/bin/env bash
# `npm run gen-sdk`: regenerates sdk/ (the Go, Python and Node.js SDKs of the `clerk`
# provider plugin, and sdk/go.mod with its go.sum) from provider/plugin/schema.json. Every
# file under sdk/ is generated: edit the schema or tools/gen-sdk/, never sdk/.
#
#   bash scripts/gen-sdk.sh [--out <folder>]    # default: sdk/ of this repo
#
# The generator, tools/gen-sdk/, is built once per content of its sources (and Go
# version) into the cache folder, <cache>/gen-sdk-<hash>/gen-sdk: the first run compiles
# Pulumi's code generators (minutes with empty Go caches), later runs take seconds. The
# output replaces <folder> whole and only once complete. Logs go to stderr.
set -euo pipefail


script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/go-build.sh
source "$script_dir/lib/go-build.sh"
repo_root="$(cd "$script_dir/.." && pwd)"
tool_src="$repo_root/tools/gen-sdk"
schema="$repo_root/provider/plugin/schema.json"

log() { printf 'gen-sdk: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

out="$repo_root/sdk"
while (($#)); do
    case "$1" in
    --out)
        [[ $# -ge 2 ]] || die "--out needs a folder"
        out="$2"
        shift 2
        ;;
    *) die "unknown argument '$1' (usage: scripts/gen-sdk.sh [--out <folder>])" ;;
    esac
done
[[ "$out" == /* ]] || out="$PWD/$out"

command -v go >/dev/null || die "Go is needed to build the SDK generator (tools/gen-sdk, Go >= $(sed -n 's/^go //p' "$tool_src/go.mod")) and to tidy sdk/go.mod; install it and run this again."
# A go.work above the repo must not change what we build.
export GOWORK=off

# Sources, in a fixed order, and the Go version: what the binary depends on.
key="$(
    cd "$tool_src"
    {
        go env GOVERSION GOOS GOARCH
        find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    } | sha256sum | cut -c1-16
)"
cache_root="$(bash "$script_dir/lib/cache-root.sh")" || die "no cache folder (see above)"
tool_dir="$cache_root/gen-sdk-$key"
tool="$tool_dir/gen-sdk"

set_build_traps

if [[ ! -x "$tool" ]]; then
    mkdir -p "$tool_dir"
    take_build_lock "$tool_dir/.build.lock" "the SDK generator"
    if [[ ! -x "$tool" ]]; then
        log "building the SDK generator (tools/gen-sdk) into $tool_dir; minutes the first time…"
        partial="$tool_dir/.gen-sdk.partial.$$"
        cleanup_paths+=("$partial")
        started=$SECONDS
        run_go -C "$tool_src" build -buildvcs=false -o "$partial" . || die "building tools/gen-sdk failed (see above)"
        mv -f "$partial" "$tool"
        log "built in $((SECONDS - started)) s"
    fi
fi

# Generated beside the target, then swapped in: an interrupted or failed run leaves the
# previous SDK as it was.
parent="$(dirname "$out")"
mkdir -p "$parent"
staging="$(mktemp -d "$parent/.$(basename "$out").gen.XXXXXX")"
cleanup_paths+=("$staging")
"$tool" -schema "$schema" -out "$staging/sdk" || die "the generator failed (see above)"
if [[ -e "$out" ]]; then
    mv "$out" "$staging/previous"
fi
mv "$staging/sdk" "$out"
log "wrote $out"
