#!/bin/sh
# Points stock Maven at the archive's vendored repository, so that `mvn -o package` (and other
# goals whose plugins were vendored) builds without any network.
# Usage:  restore-scripts/setup-maven.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Writes ~/.m2/settings.xml making the vendored tree the local repository, offline, with every
# remote repository mirrored to it; the previous file is kept beside it as settings.xml.bak-<time>.
# Maven also writes what it builds and installs into that tree. Maven distributions a project's
# Maven Wrapper names (listed in maven/wrapper-dists.txt) are unpacked where ./mvnw looks for them
# (${MAVEN_USER_HOME:-~/.m2}/wrapper/dists/…), so `./mvnw -o package` runs that Maven offline.
set -eu
name=setup-maven.sh
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then root=$1
elif [ -d "$here/../dependencies" ]; then root=$here/../dependencies
else root=$here
fi
root=$(cd "$root" && pwd)
dir=$root/maven
[ -d "$dir" ] || { echo "$name: no vendored Maven repository in $root" >&2; exit 2; }

backup() {
  if [ -e "$1" ]; then
    kept="$1.bak-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -p "$1" "$kept"
    echo "$name: kept the previous $1 as $kept"
  fi
}

settings=$HOME/.m2/settings.xml
mkdir -p "$HOME/.m2"
backup "$settings"
xmldir=$(printf '%s' "$dir" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g')
cat > "$settings" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- written by setup-maven.sh (Air-Gap Archiver): builds read the vendored repository and nothing else -->
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <localRepository>$xmldir</localRepository>
  <offline>true</offline>
  <mirrors>
    <mirror>
      <id>airgap-vendored</id>
      <mirrorOf>*</mirrorOf>
      <url>file://$xmldir</url>
    </mirror>
  </mirrors>
</settings>
XML
echo "$name: $settings now uses $dir as the local repository, offline"

# where the wrapper script (3.3, only-script) looks: the folder name and the URL's hash come with the archive
list=$dir/wrapper-dists.txt
[ -f "$list" ] || exit 0
dists=${MAVEN_USER_HOME:-$HOME/.m2}/wrapper/dists
unpack() {
  if command -v unzip >/dev/null 2>&1; then unzip -q "$1" -d "$2"
  elif command -v python3 >/dev/null 2>&1; then python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
  elif command -v jar >/dev/null 2>&1; then (cd "$2" && jar xf "$1")
  else echo "$name: unpacking $1 needs unzip, python3 or jar" >&2; exit 2
  fi
}
while read -r folder zip; do
  case "$folder/$zip" in
    *..* | /*) echo "$name: ignoring the line '$folder $zip' of $list" >&2; continue ;;
  esac
  [ -f "$dir/$zip" ] || { echo "$name: $dir/$zip is listed in $list but missing" >&2; exit 1; }
  home=$dists/$folder
  if [ ! -d "$home" ]; then
    mkdir -p "$(dirname "$home")"
    work=$(mktemp -d "$(dirname "$home")/.unpack-XXXXXX")
    unpack "$dir/$zip" "$work"
    top=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    [ -n "$top" ] && [ -f "$top/bin/mvn" ] || { echo "$name: $zip holds no Maven distribution" >&2; rm -rf "$work"; exit 1; }
    chmod +x "$top"/bin/*
    mv "$top" "$home"
    rm -rf "$work"
  fi
  echo "$name: ./mvnw finds its Maven in $home"
done < "$list"
