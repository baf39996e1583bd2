#!/bin/sh
# Restores the archive's repository to a Git server with stock git only.
# Usage, after verify.sh:  restore-scripts/restore.sh TARGET-GIT-URL [--prune]
# Pushes every ref in repo.bundle; refs that would not fast-forward are rejected by git and
# reported, never overwritten. --prune also deletes target refs the archive does not carry.
set -eu

[ $# -ge 1 ] || { echo "usage: restore-scripts/restore.sh TARGET-GIT-URL [--prune]" >&2; exit 2; }
target=$1
shift
cd "$(dirname "$0")/.."
[ -f repo.bundle ] || { echo "restore.sh: repo.bundle is missing" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --mirror repo.bundle "$work/repo.git"
git -C "$work/repo.git" push "$@" "$target" 'refs/*:refs/*'
echo "restore.sh: pushed every ref of repo.bundle to $target"
