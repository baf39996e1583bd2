#!/bin/sh
# Quickstart: a sample repository goes through the whole air-gap journey on this machine.
#   1. generate a sample repository      4. verify it (signature + integrity)
#   2. make a signing key pair            5. restore it to a local bare repository
#   3. create a signed archive            6. compare refs, source vs restored
# Runs from the source tree (after 'mvn -B -q -DskipTests package') or from an unpacked release
# tarball, which needs nothing but git beside it: no Java, no Maven.
# Usage: samples/quickstart.sh [DIR]
# Everything is written under DIR (default: a new folder from mktemp); nothing goes into the source
# tree or the release. Remove DIR when done.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
archiver="$root/bin/archiver"
if [ $# -gt 0 ]; then
  out=$1
  if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
    echo "quickstart: $out is not empty; give a new or empty folder" >&2
    exit 2
  fi
  mkdir -p "$out"
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/archiver-quickstart.XXXXXX")
fi
out=$(cd "$out" && pwd)
command -v git >/dev/null 2>&1 || { echo "quickstart: git is needed to make the sample repository" >&2; exit 2; }
echo "Quickstart folder: $out"
# the archiver's cache, workspaces and logs stay in the scratch folder too
export ARCHIVER_CACHE="$out/cache" ARCHIVER_WORKSPACE_ROOT="$out/workspaces" ARCHIVER_LOG_DIR="$out/logs"
export ARCHIVER_KEY_PASSPHRASE="quickstart-demo-passphrase"

echo "== 1. Sample repository"
"$root/samples/make-sample-repo.sh" "$out/sample-repo"

echo "== 2. Signing key pair (connected side keeps the secret key; the air-gapped side trusts the public key)"
"$archiver" keygen --out "$out/keys"

echo "== 3. Create a signed archive"
"$archiver" create --source "$out/sample-repo" --output "$out/transfer" --sign-key "$out/keys/archiver-signing-secret.asc"
archive=$(ls "$out"/transfer/*.tar.gz)

echo "== 4. Verify it on the air-gapped side"
"$archiver" verify "$archive" --trust "$out/keys/archiver-signing-public.asc"
"$archiver" inspect "$archive" --quiet

echo "== 5. Restore it to a local bare repository"
"$archiver" restore "$archive" --target "$out/internal-server/sample.git" --trust "$out/keys/archiver-signing-public.asc"

echo "== 6. Source and restored refs"
git -C "$out/sample-repo" for-each-ref --format='%(objectname) %(refname)' > "$out/source-refs.txt"
git -C "$out/internal-server/sample.git" for-each-ref --format='%(objectname) %(refname)' > "$out/restored-refs.txt"
cat "$out/restored-refs.txt"
if cmp -s "$out/source-refs.txt" "$out/restored-refs.txt"; then
  echo "OK: every ref arrived unchanged ($(wc -l < "$out/restored-refs.txt" | tr -d ' ') refs). Archive: $archive"
  echo "Everything is in $out (remove it when done)."
else
  echo "MISMATCH between source and restored refs" >&2
  diff "$out/source-refs.txt" "$out/restored-refs.txt" >&2
  exit 1
fi
