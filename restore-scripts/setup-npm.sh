#!/bin/sh
# Points stock npm at the archive's vendored packages, so that `npm ci --offline` installs them.
# Usage:  restore-scripts/setup-npm.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Adds every tarball under npm/ to npm's cache, which is content-addressed: npm finds each package
# by the lock file's integrity, whatever registry URL the lock file names. Then writes ~/.npmrc
# with offline=true; the previous file is kept beside it as .npmrc.bak-<time>.
set -eu
name=setup-npm.sh
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then root=$1
elif [ -d "$here/../dependencies" ]; then root=$here/../dependencies
else root=$here
fi
root=$(cd "$root" && pwd)
dir=$root/npm
[ -d "$dir" ] || { echo "$name: no vendored npm packages in $root" >&2; exit 2; }
command -v npm >/dev/null 2>&1 || { echo "$name: npm is not on the PATH" >&2; exit 2; }

backup() {
  if [ -e "$1" ]; then
    kept="$1.bak-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -p "$1" "$kept"
    echo "$name: kept the previous $1 as $kept"
  fi
}

npmrc=${NPM_CONFIG_USERCONFIG:-${npm_config_userconfig:-$HOME/.npmrc}}
# the cache the user's settings name now, so the new .npmrc keeps using it
cache=$(npm config get cache)
backup "$npmrc"
{
  echo "; written by setup-npm.sh (Air-Gap Archiver): packages come from npm's cache, filled from $dir"
  echo "cache=$cache"
  echo "offline=true"
} > "$npmrc"
count=$(find "$dir" -type f -name '*.tgz' | wc -l | tr -d ' ')
find "$dir" -type f -name '*.tgz' -exec npm cache add --offline {} +
echo "$name: added $count package(s) to npm's cache $cache; $npmrc now says offline=true"
