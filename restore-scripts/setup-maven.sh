#!/bin/sh
# Points stock Maven at the archive's vendored repository, so that `mvn -o package` (and other
# goals whose plugins were vendored) builds without any network.
# Usage:  restore-scripts/setup-maven.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Writes ~/.m2/settings.xml making the vendored tree the local repository, offline, with every
# remote repository mirrored to it; the previous file is kept beside it as settings.xml.bak-<time>.
# Maven also writes what it builds and installs into that tree.
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
