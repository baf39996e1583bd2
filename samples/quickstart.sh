#!/bin/sh
# Quickstart: a sample repository goes through the whole air-gap journey on this machine.
#   1. generate a sample repository      4. verify it (signature + integrity)
#   2. make a signing key pair            5. restore it to a local bare repository
#   3. create a signed archive            6. compare refs, source vs restored
# Everything is written under samples/out/ (removed and recreated on each run).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/samples/out"
archiver="$root/bin/archiver"
rm -rf "$out" && mkdir -p "$out"
export ARCHIVER_CACHE="$out/cache" ARCHIVER_WORKSPACE_ROOT="$out/workspaces"
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
  echo "OK: every ref arrived unchanged. Archive: $archive"
else
  echo "MISMATCH between source and restored refs" >&2
  diff "$out/source-refs.txt" "$out/restored-refs.txt" >&2
  exit 1
fi
