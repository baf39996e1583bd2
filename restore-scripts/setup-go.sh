#!/bin/sh
# Points the stock go command at the archive's vendored module cache, so that `go mod download`
# and `go build` fetch modules from it and nothing else.
# Usage:  restore-scripts/setup-go.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Sets GOPROXY=file://<dir>/go with `go env -w` (modules are checked against go.sum as usual), and
# GOTOOLCHAIN=local where the go command knows it, so no toolchain download is attempted. The
# previous go env file is kept beside it as env.bak-<time>. Rewrites each module's @v/list from
# the zips present, so a chain of archives restored into one folder lists every version it holds
# (`go list -m -versions`).
set -eu
name=setup-go.sh
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then root=$1
elif [ -d "$here/../dependencies" ]; then root=$here/../dependencies
else root=$here
fi
root=$(cd "$root" && pwd)
dir=$root/go
[ -d "$dir" ] || { echo "$name: no vendored Go modules in $root" >&2; exit 2; }
command -v go >/dev/null 2>&1 || { echo "$name: go is not on the PATH" >&2; exit 2; }

backup() {
  if [ -e "$1" ]; then
    kept="$1.bak-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -p "$1" "$kept"
    echo "$name: kept the previous $1 as $kept"
  fi
}

# every @v folder holding zips: its list names their versions
find "$dir" -type f -path '*/@v/*.zip' | sed 's|/[^/]*$||' | sort -u | while IFS= read -r v; do
  # zip names are escaped versions: !x stands for X
  find "$v" -maxdepth 1 -type f -name '*.zip' | sed -e 's|.*/||' -e 's|\.zip$||' -e 's|!\([a-z]\)|\U\1|g' \
    | sort > "$v/list.tmp"
  mv "$v/list.tmp" "$v/list"
done

goenv=$(go env GOENV)
[ -n "$goenv" ] && [ "$goenv" != off ] || { echo "$name: GOENV is off; set GOPROXY=file://$dir yourself" >&2; exit 2; }
backup "$goenv"
go env -w "GOPROXY=file://$dir"
go env -w GOTOOLCHAIN=local 2>/dev/null || true
echo "$name: GOPROXY=file://$dir (in $goenv)"
