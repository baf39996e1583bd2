#!/usr/bin/env bash
# Measures the release tarball: its size, and the start-up time of '--version' and of 'verify' of a
# small archive — the bundled runtime with its class-data sharing archive against the same runtime
# without it and against today's 'java -jar archiver.jar' on the system Java. Writes
# bench/RESULTS-startup.md, which bench/run.sh appends to bench/RESULTS.md
# (re-render without a full run: bench/run.sh --report-only).
#   bench/startup.sh [--no-build]      needs the tarball from 'mvn -B -DskipTests package'
# Timing: hyperfine (Debian package 'hyperfine') when installed, else a loop of 10 runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ "${1:-}" = "--no-build" ] || (cd "$root" && mvn -q -B -o package -DskipTests)
tarball=$(ls "$root"/archiver-cli/target/archiver-*-linux-*.tar.gz)
work=${BENCH_WORK:-$here/.work}/startup
rm -rf "$work"
mkdir -p "$work/home"
tar xzf "$tarball" -C "$work"
release=$(ls -d "$work"/archiver-*/)
release=${release%/}
export HOME=$work/home ARCHIVER_LOG_DIR=$work/logs ARCHIVER_CACHE=$work/cache ARCHIVER_WORKSPACE_ROOT=$work/ws
unset ARCHIVER_JAVA_OPTS

# a small signed archive to verify
git -C "$work" init -q -b main src
echo startup >"$work/src/README"
git -C "$work/src" add README
git -C "$work/src" -c user.name=bench -c user.email=bench@localhost commit -q -m startup
"$release/bin/archiver" keygen --out "$work/keys" --quiet
"$release/bin/archiver" create --source "$work/src" --output "$work/out" --sign-key "$work/keys/archiver-signing-secret.asc" --quiet
archive=$(ls "$work"/out/*.tar.gz)
trust=$work/keys/archiver-signing-public.asc

names=("release (bundled runtime + AppCDS)" "release, class-data sharing off" "java -jar archiver.jar (system Java 17)")
cmds_version=("$release/bin/archiver --version"
  "env ARCHIVER_JAVA_OPTS=-Xshare:off $release/bin/archiver --version"
  "java -jar $release/lib/archiver.jar --version")
cmds_verify=("$release/bin/archiver verify $archive --trust $trust --quiet"
  "env ARCHIVER_JAVA_OPTS=-Xshare:off $release/bin/archiver verify $archive --trust $trust --quiet"
  "java -jar $release/lib/archiver.jar verify $archive --trust $trust --quiet")

# median wall seconds and user+sys CPU seconds (hyperfine: mean; loop: of the median run) of one command
measure() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 2 --runs 15 --export-json "$work/h.json" "$1" >/dev/null 2>&1 \
      || hyperfine --warmup 2 --runs 15 --export-json "$work/h.json" "$1" >/dev/null
    python3 -c 'import json; r=json.load(open("'"$work/h.json"'"))["results"][0]
print("%.3f %.3f" % (r["median"], r["user"] + r["system"]))'
  else
    for _ in 1 2 3 4 5 6 7 8 9 10; do /usr/bin/time -f "%e %U %S" -a -o "$work/t" sh -c "$1" >/dev/null 2>&1; done
    sort -n "$work/t" | awk '{w[NR]=$1; c[NR]=$2+$3} END {print w[int((NR+1)/2)], c[int((NR+1)/2)]}'
    rm -f "$work/t"
  fi
}

tool=$(command -v hyperfine >/dev/null && echo "hyperfine $(hyperfine --version | cut -d' ' -f2), 2 warm-ups, 15 runs" || echo "a loop of 10 runs")
size=$(stat -c %s "$tarball")
unpacked=$(du -sb "$release" | cut -f1)
{
  echo "## Release tarball and start-up"
  echo
  echo "Measured by \`bench/startup.sh\` ($tool), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD),"
  echo "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores (shared machine: compare rows, not absolute times)."
  echo
  echo "| | |"
  echo "| --- | --- |"
  echo "| tarball | \`$(basename "$tarball")\`: $((size / 1048576)) MB ($size bytes; target ≤ 120 MB), $((unpacked / 1048576)) MB unpacked |"
  echo "| bundled runtime | $(du -sm "$release/runtime" | cut -f1) MB, modules: $(sed -e 's/#.*//' "$root/archiver-cli/src/dist/modules.txt" | xargs | tr ' ' ',') |"
  echo "| class-data sharing archive | lib/archiver.jsa, $(($(stat -c %s "$release/lib/archiver.jsa") / 1048576)) MB |"
  echo
  echo "Median wall time, and CPU time (user + system, mean) per run; target for the release's \`--version\`: ≤ 0.30 s."
  echo
  echo "| how it runs | \`--version\` wall | CPU | \`verify\` small archive wall | CPU |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  for i in 0 1 2; do
    read -r vw vc <<<"$(measure "${cmds_version[$i]}")"
    read -r fw fc <<<"$(measure "${cmds_verify[$i]}")"
    echo "| ${names[$i]} | ${vw} s | ${vc} s | ${fw} s | ${fc} s |"
  done
  echo
} >"$here/RESULTS-startup.md"
cat "$here/RESULTS-startup.md"
