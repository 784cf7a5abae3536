#!/usr/bin/env bash
# Prints the cache folder where the scripts install what the tests and the demo need
# (Node.js builds, Pulumi CLIs, pnpm and yarn, a test lane's copy of the tree):
# $PULUMI_CLERK_CACHE, else $XDG_CACHE_HOME/pulumi-clerk-sign-in-tokens, else
# ~/.cache/pulumi-clerk-sign-in-tokens, as an absolute path. Refuses a folder inside the
# repo: 150 MB binaries have no place in the working tree (or in npm pack).
set -euo pipefail
# CI runners may start us without HOME.
if [ -z "${HOME:-}" ]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_root="${PULUMI_CLERK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-clerk-sign-in-tokens}"
[[ "$cache_root" == /* ]] || cache_root="$PWD/$cache_root"
case "$cache_root/" in
"$repo_root"/*)
  echo "cache folder $cache_root is inside the repo; point PULUMI_CLERK_CACHE elsewhere" >&2
  exit 1
  ;;
esac
printf '%s\n' "$cache_root"
