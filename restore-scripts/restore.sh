#!/bin/sh
# Restores the archive's repository to a Git server with stock git (and git-lfs if the archive
# carries LFS objects).
# Usage, after gpgv, sha256sum --check and verify.sh passed (README: "Checking and restoring with
# stock tools only"):  restore-scripts/restore.sh TARGET-GIT-URL [--prune]
# Pushes LFS objects first, then every ref in repo.bundle; refs that would not fast-forward are
# rejected by git and reported, never overwritten. --prune also deletes target refs the archive
# does not carry. For an incremental archive, the target must already hold its base.
set -eu

[ $# -ge 1 ] || { echo "usage: restore-scripts/restore.sh TARGET-GIT-URL [--prune]" >&2; exit 2; }
target=$1
shift
cd "$(dirname "$0")/.."
[ -f repo.bundle ] || { echo "restore.sh: repo.bundle is missing" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if sed -n '/^$/q;2,$p' repo.bundle | grep -q '^-'; then
  # incremental: start from what the target holds, then add the bundle on top
  git init --quiet --bare "$work/repo.git"
  git -C "$work/repo.git" fetch --quiet "$target" '+refs/*:refs/*'
  git -C "$work/repo.git" fetch --quiet "$(pwd)/repo.bundle" '+refs/*:refs/*'
else
  git clone --quiet --mirror repo.bundle "$work/repo.git"
fi
if [ -d lfs/objects ]; then
  command -v git-lfs >/dev/null || { echo "restore.sh: this archive carries Git LFS objects: install git-lfs first" >&2; exit 2; }
  mkdir -p "$work/repo.git/lfs"
  cp -R lfs/objects "$work/repo.git/lfs/"
  case "$target" in
    *://*|*:*) lfs_target=$target ;;
    *) lfs_target="file://$(cd "$target" && pwd)" ;;  # git-lfs needs file:// for local targets
  esac
  git -C "$work/repo.git" lfs push --all "$lfs_target"
fi
git -C "$work/repo.git" push "$@" "$target" 'refs/*:refs/*'
if [ -d "$target" ] && head=$(git -C "$work/repo.git" symbolic-ref -q HEAD); then
  git -C "$target" symbolic-ref HEAD "$head"  # a local target's default branch follows the source's
fi
echo "restore.sh: pushed every ref of repo.bundle to $target"
