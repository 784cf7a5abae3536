# Sourced (not run) by the scripts that build Go programs into the cache: the Pulumi CLI
# (install-pulumi-cli.sh), Pulumi YAML's host (install-pulumi-yaml.sh) and the SDK
# generator (gen-sdk.sh). What they share: a HOME for Go and the cache path, version
# comparison, a build lock, and running go so that a signal stops it and what it left.

# CI runners may start us without HOME; Go and the cache path need one.
if [ -z "${HOME:-}" ]; then
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME
fi

# True if $1 >= $2 for dotted versions like 1.25.11 (pre-release suffixes ignored).
version_at_least() {
    local -a have want
    local i
    IFS=. read -r -a have <<<"$1"
    IFS=. read -r -a want <<<"$2"
    for i in 0 1 2; do
        local h="${have[i]:-0}" w="${want[i]:-0}"
        h="${h%%[!0-9]*}" w="${w%%[!0-9]*}"
        if ((10#${h:-0} != 10#${w:-0})); then
            ((10#${h:-0} > 10#${w:-0}))
            return
        fi
    done
}

go_pid=""

# Runs go with its output on stderr. In the background and waited for, so that a signal
# reaches the caller's trap at once and the trap can stop go too (a TERM sent to the
# script alone would otherwise leave go running and writing into the cache).
run_go() {
    go "$@" >&2 &
    go_pid=$!
    local status=0
    wait "$go_pid" || status=$?
    # Finished: a later signal must not kill whatever process gets this pid next.
    go_pid=""
    return "$status"
}

# shellcheck disable=SC2317  # only called from the signal traps
stop_go() {
    if [[ -n "${go_pid:-}" ]]; then
        kill "$go_pid" 2>/dev/null || true
        wait "$go_pid" 2>/dev/null || true
    fi
}

# What the build leaves behind if it stops halfway (the work folder, a partial copy);
# callers add to it. Global, because the EXIT trap runs after the caller has returned.
cleanup_paths=()

# Removes cleanup_paths on exit, and stops go first on INT or TERM.
set_build_traps() {
    trap 'rm -rf "${cleanup_paths[@]}"' EXIT
    trap 'stop_go; exit 130' INT
    trap 'stop_go; exit 143' TERM
}

# Takes the build lock $1 (where flock exists), so that two runs starting at once build
# once: the second waits for the first, then finds its result in the cache. $2 names what
# is built, for the log (the caller's `log`).
take_build_lock() {
    command -v flock >/dev/null || return 0
    exec 9>"$1"
    if ! flock -n 9; then
        log "another build of $2 is running; waiting for it..."
        flock 9
    fi
}
