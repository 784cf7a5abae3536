#!/usr/bin/env bash
# Finds or builds the Pulumi CLI of a test lane (scripts/lanes.json; default: minimum) and
# prints the folder holding it (put that folder first on PATH). Nothing else goes to
# stdout; progress and errors go to stderr.
#
#   bin_dir="$(scripts/install-pulumi-cli.sh [--any-supported] [lane])" && PATH="$bin_dir:$PATH" pulumi up
#
# Order of preference:
#   1. PULUMI_CLI_DIR=<dir>  use that folder, no questions asked beyond "is pulumi there".
#   2. `pulumi` on PATH that reports exactly the lane's version (with --any-supported: any
#      version the package supports, from the minimum lane's up to 4) and has its Node.js
#      language host beside it or on PATH: nothing to build.
#   3. A previous build in the cache folder (outside the repo):
#        ${PULUMI_CLERK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-clerk-sign-in-tokens}/pulumi-v<version>/bin
#   4. Build the CLI from Go modules into that cache (needs Go; a few minutes, once per version).
#
# The versions come from scripts/lanes.json: the CLI and @pulumi/pulumi of a lane are tested
# together, and the @pulumi/pulumi found in node_modules must be the lane's.
set -euo pipefail


script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/go-build.sh
source "$script_dir/lib/go-build.sh"
repo_root="$(cd "$script_dir/.." && pwd)"
LANG_HOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

log() { printf 'install-pulumi-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

how_to_install() {
    cat >&2 <<EOF

To get the Pulumi CLI v${PULUMI_VERSION} without building it, use one of:
  - the official installer:   curl -fsSL https://get.pulumi.com | sh -s -- --version ${PULUMI_VERSION}
  - a package manager (Homebrew, Chocolatey, winget...), checking it gives v${PULUMI_VERSION}
    (see https://www.pulumi.com/docs/install/)
then put it on PATH, or run with PULUMI_CLI_DIR=<folder holding pulumi and pulumi-language-nodejs>.
To build it instead, install Go${GO_MIN_VERSION:+ >= $GO_MIN_VERSION} and run this script again.
EOF
}

# Quietly asks a pulumi binary for its version ("v3.248.0"); empty if it does not run.
version_of() {
    PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true
}

# True if the pulumi version $1 ("v3.250.0") is one step 2 may use.
fits() {
    if [[ "$any_supported" == true ]]; then
        [[ "$1" == v3.* ]] && version_at_least "${1#v}" "$MINIMUM_CLI_VERSION"
    else
        [[ "$1" == "v$PULUMI_VERSION" ]]
    fi
}

# Copies $1 to $2 (executable) unless identical, via a temp name so a reader never
# sees half a file.
install_file() {
    if ! cmp -s "$1" "$2"; then
        cp "$1" "$2.tmp.$$"
        chmod 755 "$2.tmp.$$"
        mv -f "$2.tmp.$$" "$2"
    fi
}

# The small files are refreshed on every call (cheap), so edits to our language
# host or an upgraded @pulumi/pulumi reach the cache without a rebuild.
install_support_files() {
    local host="$bin_dir/pulumi-language-nodejs"
    # A real (compiled) host is never replaced by our script.
    if [[ ! -e "$host" || "$(head -c 2 "$host")" == "#!" ]]; then
        # The stand-in reports the version of the CLI it sits beside, written in here.
        sed "s/^const CLI_VERSION = \"\";/const CLI_VERSION = \"$PULUMI_VERSION\";/" \
            "$script_dir/pulumi-language-nodejs.js" >"$bin_dir/.language-host.$$"
        grep -q "^const CLI_VERSION = \"$PULUMI_VERSION\";" "$bin_dir/.language-host.$$" ||
            die "scripts/pulumi-language-nodejs.js has no line 'const CLI_VERSION = \"\";' to fill in"
        install_file "$bin_dir/.language-host.$$" "$host"
        rm -f "$bin_dir/.language-host.$$"
    fi
    if [[ -n "$pulumi_pkg_dir" && -f "$pulumi_pkg_dir/pulumi-resource-pulumi-nodejs" ]]; then
        install_file "$pulumi_pkg_dir/pulumi-resource-pulumi-nodejs" "$bin_dir/pulumi-resource-pulumi-nodejs"
    elif [[ ! -x "$bin_dir/pulumi-resource-pulumi-nodejs" ]]; then
        log "warning: @pulumi/pulumi not found from $PWD (run npm install); dynamic providers will not work"
    fi
}

# Prints the cache's bin dir and exits if it already holds the right pulumi.
use_cache_if_ready() {
    if [[ "$(version_of "$bin_dir/pulumi")" == "v$PULUMI_VERSION" ]]; then
        install_support_files
        printf '%s\n' "$bin_dir"
        exit 0
    fi
}

# Reads what the build needs from the release's own go.mod files (pkg/v3 and sdk/v3 at
# v$PULUMI_VERSION): GO_MIN_VERSION (pkg/v3's `go` line), REPLACES (their replaces that
# point at a module version, not at a folder of pulumi's repository) and LANG_HOST_COMMIT
# (the release commit, when the module proxy tells it; ours does not).
read_release() {
    local facts
    facts="$(cd "$work" && node "$script_dir/lib/go-release.js" "$PULUMI_VERSION")" || die "cannot read github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION from the Go module proxy (see above)"
    { read -r GO_MIN_VERSION; read -r LANG_HOST_COMMIT; mapfile -t REPLACES; } <<<"$facts"
}

check_go() {
    command -v go >/dev/null || {
        log "the Pulumi CLI v$PULUMI_VERSION is not installed, and Go is not available to build it."
        how_to_install
        exit 1
    }
    read_release
    local go_version
    go_version="$(go env GOVERSION)"
    version_at_least "${go_version#go}" "$GO_MIN_VERSION" || {
        log "building the Pulumi CLI v$PULUMI_VERSION needs Go >= $GO_MIN_VERSION, found $go_version."
        how_to_install
        exit 1
    }
}

# Builds pulumi into the file $1.
build_cli() {
    # pkg/v3's own go.mod replaces sdk/v3 with a relative path, so `go install
    # .../pkg/v3/cmd/pulumi@v<version>` is refused; a throwaway module that depends on
    # it works, with the replaces the release pins for its own builds.
    local replace
    mkdir -p "$work/cli"
    printf 'module pulumi-cli-build\n' >"$work/cli/go.mod"
    go mod edit -go="$GO_MIN_VERSION" \
        -require="github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" \
        -require="github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" "$work/cli/go.mod"
    for replace in "${REPLACES[@]}"; do
        go mod edit -replace="$replace" "$work/cli/go.mod"
    done
    cat >"$work/cli/tools.go" <<'EOF'
//go:build tools

// Only here so that `go mod tidy` records everything the CLI needs.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
    if ! run_go -C "$work/cli" mod tidy ||
        ! run_go -C "$work/cli" build -o "$1" -ldflags "$VERSION_LDFLAG" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi; then
        die "building the Pulumi CLI failed (see above)"
    fi
    [[ "$(version_of "$1")" == "v$PULUMI_VERSION" ]] ||
        die "the freshly built pulumi does not report v$PULUMI_VERSION"
}

# Builds the real Node.js language host (its own module, with no version tags: required
# at the release commit) into the file $1 if the module proxy serves it (ours does not);
# fails otherwise.
build_language_host() {
    local info version
    if [[ "$LANG_HOST_COMMIT" == - ]]; then
        log "the Go module proxy does not say which commit v$PULUMI_VERSION is, so $LANG_HOST_MODULE cannot be required"
        return 1
    fi
    if ! info="$(cd "$work/cli" && go list -m -json "$LANG_HOST_MODULE@$LANG_HOST_COMMIT" 2>/dev/null)"; then
        log "the Go module proxy does not serve $LANG_HOST_MODULE"
        return 1
    fi
    version="$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Version":[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)"
    log "building the Node.js language host $version"
    mkdir -p "$work/host"
    printf 'module pulumi-language-nodejs-build\n\ngo %s\n\nrequire %s %s\n' \
        "$GO_MIN_VERSION" "$LANG_HOST_MODULE" "$version" >"$work/host/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$LANG_HOST_MODULE" >"$work/host/tools.go"
    if ! run_go -C "$work/host" mod tidy ||
        ! run_go -C "$work/host" build -o "$1" -ldflags "$VERSION_LDFLAG" "$LANG_HOST_MODULE"; then
        log "building the real language host failed"
        return 1
    fi
}

main() {
    any_supported=false
    if [[ "${1:-}" == --any-supported ]]; then
        any_supported=true
        shift
    fi
    local lane="${1:-minimum}" pins
    pins="$(node "$script_dir/lib/lane-pins.js" "$lane" pulumiCli pulumiSdk minimum.pulumiCli)" ||
        die "cannot read the lane's versions from scripts/lanes.json"
    read -r PULUMI_VERSION sdk_pin MINIMUM_CLI_VERSION <<<"$pins"
    VERSION_LDFLAG="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}"

    # Our @pulumi/pulumi (from the caller's folder, else from this package): it must be
    # the lane's, and it ships the launcher the engine runs for dynamic providers.
    pulumi_pkg_dir=""
    local pkg_info sdk_version
    if pkg_info="$(node "$script_dir/lib/installed-sdk.js" "$PWD" "$repo_root" 2>/dev/null)"; then
        sdk_version="${pkg_info%%$'\n'*}"
        pulumi_pkg_dir="${pkg_info#*$'\n'}"
        if [[ "$sdk_version" != "$sdk_pin" ]]; then
            die "@pulumi/pulumi in node_modules is $sdk_version but the $lane lane (scripts/lanes.json) pins $sdk_pin" \
                "with the CLI v$PULUMI_VERSION; install the lane's dependencies (scripts/ensure-deps.sh $lane), or name the lane that fits."
        fi
    fi

    # 1. A folder the user chose.
    if [[ -n "${PULUMI_CLI_DIR:-}" ]]; then
        local cli_dir found
        cli_dir="$(cd "$PULUMI_CLI_DIR" 2>/dev/null && pwd)" || die "PULUMI_CLI_DIR=$PULUMI_CLI_DIR is not a folder"
        [[ -x "$cli_dir/pulumi" ]] || die "PULUMI_CLI_DIR=$cli_dir has no executable 'pulumi'"
        found="$(version_of "$cli_dir/pulumi")"
        [[ "$found" == "v$PULUMI_VERSION" ]] ||
            log "warning: $cli_dir/pulumi reports '${found:-nothing}', not v$PULUMI_VERSION; using it as asked"
        [[ -x "$cli_dir/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null ||
            log "warning: no pulumi-language-nodejs in $cli_dir or on PATH; Node.js programs will not run"
        printf '%s\n' "$cli_dir"
        exit 0
    fi

    # 2. A fitting pulumi on PATH.
    local path_pulumi real_pulumi found wanted="v$PULUMI_VERSION"
    [[ "$any_supported" == false ]] || wanted="v$MINIMUM_CLI_VERSION or a later v3"
    if path_pulumi="$(command -v pulumi 2>/dev/null)"; then
        found="$(version_of "$path_pulumi")"
        # The engine looks for its language host beside the symlink-resolved binary, then on PATH.
        real_pulumi="$(readlink -f "$path_pulumi" 2>/dev/null || printf '%s' "$path_pulumi")"
        if fits "$found"; then
            if [[ -x "$(dirname "$real_pulumi")/pulumi-language-nodejs" ]] ||
                command -v pulumi-language-nodejs >/dev/null; then
                log "using $path_pulumi ($found)"
                dirname "$path_pulumi"
                exit 0
            fi
            log "$path_pulumi is $found but has no pulumi-language-nodejs; using our own copy instead"
        else
            log "$path_pulumi reports '${found:-nothing}', we need $wanted; using our own copy instead"
        fi
    fi

    # 3. Our cache.
    cache_root="$(bash "$script_dir/lib/cache-root.sh")" || die "no cache folder (see above)"
    bin_dir="$cache_root/pulumi-v$PULUMI_VERSION/bin"
    mkdir -p "$bin_dir"
    use_cache_if_ready

    take_build_lock "$cache_root/pulumi-v$PULUMI_VERSION/.build.lock" "the Pulumi CLI v$PULUMI_VERSION"
    use_cache_if_ready

    # 4. Build.
    work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli-build.XXXXXX")"
    local partial="$bin_dir/.pulumi.partial.$$" host_partial="$bin_dir/.pulumi-language-nodejs.partial.$$"
    cleanup_paths=("$work" "$partial" "$host_partial")
    set_build_traps
    # Keep a go.work somewhere above TMPDIR from changing what we build.
    export GOWORK=off
    check_go

    log "building Pulumi CLI v$PULUMI_VERSION from Go modules, first time only, a few minutes…"
    log "(into $bin_dir; set PULUMI_CLI_DIR to use an existing installation instead)"
    local started=$SECONDS
    build_cli "$partial"
    if build_language_host "$host_partial"; then
        mv -f "$host_partial" "$bin_dir/pulumi-language-nodejs"
    else
        log "using our stand-in, scripts/pulumi-language-nodejs.js, as pulumi-language-nodejs"
    fi
    install_support_files
    # Last step, so an interrupted build never leaves a pulumi that looks finished.
    mv -f "$partial" "$bin_dir/pulumi"
    log "built in $((SECONDS - started)) s"
    printf '%s\n' "$bin_dir"
}

# Everything runs from this one line, and it exits, so bash never reads this file
# again once the minutes-long build has started: editing or pulling it meanwhile is harmless.
main "$@"; exit
