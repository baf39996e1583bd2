#!/bin/sh
# Points stock pip at the archive's vendored wheelhouse, so that `pip install -r requirements.txt`
# installs from it and nothing else.
# Usage:  restore-scripts/setup-python.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Writes the user's pip.conf ($PIP_CONFIG_FILE, else ~/.config/pip/pip.conf) with no-index and
# find-links; the previous file is kept beside it as pip.conf.bak-<time>.
set -eu
name=setup-python.sh
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then root=$1
elif [ -d "$here/../dependencies" ]; then root=$here/../dependencies
else root=$here
fi
root=$(cd "$root" && pwd)
dir=$root/python
[ -d "$dir" ] || { echo "$name: no vendored Python packages in $root" >&2; exit 2; }

backup() {
  if [ -e "$1" ]; then
    kept="$1.bak-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -p "$1" "$kept"
    echo "$name: kept the previous $1 as $kept"
  fi
}

conf=${PIP_CONFIG_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/pip/pip.conf}
mkdir -p "$(dirname "$conf")"
backup "$conf"
cat > "$conf" <<CONF
# written by setup-python.sh (Air-Gap Archiver): install only from the vendored wheelhouse
[global]
no-index = true
find-links = $dir
CONF
echo "$name: $conf now installs from $dir ($(ls "$dir" | wc -l | tr -d ' ') file(s)) and no index"
