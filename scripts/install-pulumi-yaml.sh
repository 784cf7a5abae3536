#!/usr/bin/env bash
# Finds or builds Pulumi YAML's language host, `pulumi-language-yaml`, at the version a
# test lane pins (scripts/lanes.json, key pulumiYaml; default lane: minimum), and prints
# the folder holding it (put that folder on PATH, beside the Pulumi CLI's). Nothing else
# goes to stdout; progress and errors go to stderr.
#
#   yaml_dir="$(scripts/install-pulumi-yaml.sh [lane])" && PATH="$yaml_dir:$PATH" pulumi up
#
# Order of preference:
#   1. PULUMI_YAML_DIR=<dir>  use that folder, no questions asked beyond "is the host there".
#   2. `pulumi-language-yaml` on PATH built at exactly the lane's version: nothing to build.
#   3. A previous build in the cache folder (outside the repo):
#        <cache>/pulumi-yaml-v<version>/bin   (cache: scripts/lib/cache-root.sh)
#   4. Build it from Go modules into that cache (needs Go; about a minute and a half with
#      empty Go caches, once per version). It is the CLI that runs the host; the host
#      brings no CLI and needs none beside it.
set -euo pipefail


script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/go-build.sh
source "$script_dir/lib/go-build.sh"
YAML_MODULE=github.com/pulumi/pulumi-yaml
HOST_PACKAGE=$YAML_MODULE/cmd/pulumi-language-yaml
HOST=pulumi-language-yaml

log() { printf 'install-pulumi-yaml: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

how_to_install() {
    cat >&2 <<EOF

To get pulumi-language-yaml v${YAML_VERSION} without building it, take it from a Pulumi CLI
installation of the same period (the official installer puts it beside pulumi:
curl -fsSL https://get.pulumi.com | sh), or from the pulumi-yaml release archives
(https://github.com/pulumi/pulumi-yaml/releases/tag/v${YAML_VERSION}), then put it on PATH
or run with PULUMI_YAML_DIR=<folder holding pulumi-language-yaml>.
To build it instead, install Go${GO_MIN_VERSION:+ >= $GO_MIN_VERSION} and run this script again.
EOF
}

# The version a pulumi-language-yaml binary was built at ("1.25.0"), read from the build
# information Go embeds (the host has no --version flag): the module version when built
# by `go install …@v<version>` or as a dependency, else the version a release build sets
# with -ldflags. Empty if neither is there. Plain grep, so no Go is needed to ask.
version_of() {
    local tab=$'\t' found
    found="$(LC_ALL=C grep -aoE "(mod|dep)$tab$YAML_MODULE${tab}v[0-9][0-9A-Za-z.+-]*|$YAML_MODULE/pkg/version\.Version=v[0-9][0-9A-Za-z.+-]*" "$1" 2>/dev/null |
        head -n 1)" || true
    found="${found##*[=$tab]v}"
    printf '%s' "$found"
}

# Prints the cache's bin dir and exits if it already holds the right host.
use_cache_if_ready() {
    if [[ -x "$bin_dir/$HOST" && "$(version_of "$bin_dir/$HOST")" == "$YAML_VERSION" ]]; then
        printf '%s\n' "$bin_dir"
        exit 0
    fi
}

# GO_MIN_VERSION: the `go` line of pulumi-yaml's go.mod at the pinned version.
check_go() {
    command -v go >/dev/null || {
        log "pulumi-language-yaml v$YAML_VERSION is not installed, and Go is not available to build it."
        how_to_install
        exit 1
    }
    local mod_file
    mod_file="$(cd "$work" && go mod download -json "$YAML_MODULE@v$YAML_VERSION" |
        sed -n 's/^[[:space:]]*"GoMod":[[:space:]]*"\([^"]*\)".*/\1/p')" && [[ -n "$mod_file" ]] ||
        die "cannot fetch $YAML_MODULE@v$YAML_VERSION from the Go module proxy (see above)"
    GO_MIN_VERSION="$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$mod_file")"
    local go_version
    go_version="$(go env GOVERSION)"
    version_at_least "${go_version#go}" "${GO_MIN_VERSION:-0}" || {
        log "building pulumi-language-yaml v$YAML_VERSION needs Go >= $GO_MIN_VERSION, found $go_version."
        how_to_install
        exit 1
    }
}

main() {
    local lane="${1:-minimum}"
    [[ $# -le 1 ]] || die "usage: scripts/install-pulumi-yaml.sh [lane]"
    YAML_VERSION="$(node "$script_dir/lib/lane-pins.js" "$lane" pulumiYaml)" ||
        die "cannot read the lane's pulumiYaml version from scripts/lanes.json"

    # 1. A folder the user chose.
    if [[ -n "${PULUMI_YAML_DIR:-}" ]]; then
        local dir found
        dir="$(cd "$PULUMI_YAML_DIR" 2>/dev/null && pwd)" || die "PULUMI_YAML_DIR=$PULUMI_YAML_DIR is not a folder"
        [[ -x "$dir/$HOST" ]] || die "PULUMI_YAML_DIR=$dir has no executable '$HOST'"
        found="$(version_of "$dir/$HOST")"
        [[ "$found" == "$YAML_VERSION" ]] ||
            log "warning: $dir/$HOST is '${found:-of unknown version}', not v$YAML_VERSION; using it as asked"
        printf '%s\n' "$dir"
        exit 0
    fi

    # 2. A fitting host on PATH.
    local on_path found
    if on_path="$(command -v "$HOST" 2>/dev/null)"; then
        found="$(version_of "$on_path")"
        if [[ "$found" == "$YAML_VERSION" ]]; then
            log "using $on_path (v$found)"
            dirname "$on_path"
            exit 0
        fi
        log "$on_path is '${found:-of unknown version}', we need v$YAML_VERSION; using our own copy instead"
    fi

    # 3. Our cache.
    local cache_root
    cache_root="$(bash "$script_dir/lib/cache-root.sh")" || die "no cache folder (see above)"
    bin_dir="$cache_root/pulumi-yaml-v$YAML_VERSION/bin"
    mkdir -p "$bin_dir"
    use_cache_if_ready

    take_build_lock "$cache_root/pulumi-yaml-v$YAML_VERSION/.build.lock" "pulumi-language-yaml v$YAML_VERSION"
    use_cache_if_ready

    # 4. Build.
    work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-yaml-build.XXXXXX")"
    local partial="$bin_dir/.$HOST.partial.$$"
    cleanup_paths=("$work" "$partial")
    set_build_traps
    # Keep a go.work somewhere above TMPDIR from changing what we build.
    export GOWORK=off
    check_go

    log "building pulumi-language-yaml v$YAML_VERSION from Go modules, first time only, about a minute…"
    log "(into $bin_dir; set PULUMI_YAML_DIR to use an existing one instead)"
    local started=$SECONDS
    # pulumi-yaml's go.mod has no replaces, so `go install …@version` builds it as
    # released; the version goes in as the release build sets it.
    if ! GOBIN="$work/bin" run_go -C "$work" install \
        -ldflags "-X $YAML_MODULE/pkg/version.Version=v$YAML_VERSION" "$HOST_PACKAGE@v$YAML_VERSION"; then
        die "building pulumi-language-yaml failed (see above)"
    fi
    # Copied next to its final name first: the cache and TMPDIR may be different disks,
    # and only a rename on one disk is all-or-nothing.
    cp "$work/bin/$HOST" "$partial"
    chmod 755 "$partial"
    [[ "$(version_of "$partial")" == "$YAML_VERSION" ]] ||
        die "the freshly built $HOST does not carry v$YAML_VERSION in its build information"
    mv -f "$partial" "$bin_dir/$HOST"
    log "built in $((SECONDS - started)) s"
    printf '%s\n' "$bin_dir"
}

# Everything runs from this one line, and it exits, so bash never reads this file again
# once the build has started: editing or pulling it meanwhile is harmless.
main "$@"; exit
