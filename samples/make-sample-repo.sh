#!/bin/sh
# Generates a small sample Git repository: two branches, a merge, lightweight and annotated tags, a note.
# Usage: samples/make-sample-repo.sh DIR
set -eu
dir=${1:?usage: make-sample-repo.sh DIR}
export GIT_AUTHOR_NAME="Sample Author" GIT_AUTHOR_EMAIL=author@example.com
export GIT_COMMITTER_NAME="Sample Committer" GIT_COMMITTER_EMAIL=committer@example.com
export GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$dir"
cd "$dir"
printf '# Sample project\n' > README.md
mkdir -p src && printf 'print("hello")\n' > src/app.py
git add -A && git commit -q -m "Initial commit"
git tag v0.1
git checkout -q -b feature/login
printf 'def login(): pass\n' > src/login.py
git add -A && git commit -q -m "Add login"
git checkout -q main
printf 'print("hello, world")\n' > src/app.py
git commit -q -am "Greet the world"
git merge -q --no-ff -m "Merge feature/login" feature/login
git tag -a v1.0 -m "Release 1.0"
git notes add -m "reviewed" HEAD
echo "sample repository ready: $dir"
