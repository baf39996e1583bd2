#!/usr/bin/env bash
# Benchmarks archiver create, verify and restore against the stock git/tar pipeline.
#   bench/run.sh                 full run: large, manyrefs, lfs and medium presets -> bench/RESULTS.md (about an hour)
#   bench/run.sh --quick         a ~50 MB repository, a few minutes -> bench/.work/RESULTS.md
#   bench/run.sh --preset medium an ordinary ~20 MB project with 1,200 refs/pull/* (about 5 minutes)
#   bench/run.sh --preset real --repo PATH|URL   any existing repository (--repo alone does the same)
#   bench/run.sh --full --repo PATH|URL          the full run plus that repository -> bench/RESULTS.md
#   bench/run.sh --help          every option
# Needs: java 17, maven (builds the jar offline first unless --no-build), git, hyperfine,
# python3, GNU time (/usr/bin/time), gzip, tar. Generated data goes to bench/.work (or $BENCH_WORK).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done
missing=()
for tool in java git hyperfine python3 gzip tar; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (Debian package 'time')")
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/run.sh: missing ${missing[*]}" >&2
  exit 2
fi
if [ "$build" = 1 ]; then
  echo "== building archiver.jar" >&2
  (cd "$root" && mvn -q -B -o package -DskipTests)
fi
exec python3 "$here/bench.py" --command-line "bench/run.sh${args[*]:+ ${args[*]}}" ${args[@]+"${args[@]}"}
