#!/bin/sh
# Verifies an extracted archive with stock tools only (gpg, sha256sum, find).
# Usage, from anywhere:  restore-scripts/verify.sh [TRUSTED-PUBLIC-KEY.asc]
# With a key file, the signature must come from that key (a throwaway keyring holds only it);
# without one, gpg checks against your own keyring.
# This script came out of the archive, so it cannot vouch for itself: run it only after your own
# tools passed, from the folder you extracted into:
#   gpgv --keyring ../trusted.gpg SHA256SUMS.asc SHA256SUMS && sha256sum --check --strict SHA256SUMS
# with trusted.gpg made from the signer's key as you keep it (gpg --dearmor); see the README's
# "Checking and restoring with stock tools only". It then adds: no unlisted, linked or special files.
set -eu

key=""
if [ $# -ge 1 ]; then
  case "$1" in
    /*) key=$1 ;;
    *) key="$(pwd)/$1" ;;
  esac
  [ -f "$key" ] || { echo "verify.sh: no such key file: $1" >&2; exit 2; }
fi
cd "$(dirname "$0")/.."

fail() { echo "verify.sh: FAILED: $*" >&2; exit 3; }

[ -f SHA256SUMS ] || fail "SHA256SUMS is missing"

if [ -f SHA256SUMS.asc ]; then
  if [ -n "$key" ]; then
    home=$(mktemp -d)
    trap 'gpgconf --homedir "$home" --kill all >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
    gpg --homedir "$home" --batch --quiet --import "$key" 2>/dev/null || fail "cannot import $key"
    gpg --homedir "$home" --batch --verify SHA256SUMS.asc SHA256SUMS || fail "bad or untrusted signature"
  else
    echo "verify.sh: no trusted key given; checking against your own gpg keyring" >&2
    gpg --batch --verify SHA256SUMS.asc SHA256SUMS || fail "bad or unknown signature"
  fi
else
  echo "verify.sh: WARNING: the archive is not signed; only its integrity is checked" >&2
fi

sha256sum --check --strict --quiet SHA256SUMS || fail "a file does not match SHA256SUMS"

# a Git LFS object's name is its SHA-256
grep '  lfs/objects/' SHA256SUMS | while read -r sum path; do
  [ "$sum" = "${path##*/}" ] || fail "$path is not named by its SHA-256"
done

[ -z "$(find . -type l -o -type p -o -type b -o -type c -o -type s | head -n 1)" ] || fail "non-regular files present"
listed=$(mktemp)
present=$(mktemp)
cut -c67- SHA256SUMS | sort > "$listed"
find . -type f ! -path ./SHA256SUMS ! -path ./SHA256SUMS.asc | sed 's|^\./||' | sort > "$present"
if ! cmp -s "$listed" "$present"; then
  diff "$listed" "$present" >&2 || true
  rm -f "$listed" "$present"
  fail "files present differ from those listed in SHA256SUMS"
fi
rm -f "$listed" "$present"
echo "verify.sh: OK: every file matches SHA256SUMS$( [ -f SHA256SUMS.asc ] && echo ', and the signature is good')"
