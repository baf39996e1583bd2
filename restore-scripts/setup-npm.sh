#!/bin/sh
# Points stock npm (and yarn classic, yarn berry and pnpm, where installed) at the archive's vendored
# packages, so that `npm ci --offline`, `yarn install --offline --frozen-lockfile` (yarn 1),
# `yarn install --immutable` (yarn 4) and `pnpm install --offline --frozen-lockfile` install them.
# Usage:  restore-scripts/setup-npm.sh [DEPENDENCIES-DIR]   (default: the archive's dependencies/,
#         or the folder holding this script after `archiver restore --deps-dir`)
# Adds every tarball under npm/ to npm's cache, which is content-addressed: npm finds each package
# by the lock file's integrity, whatever registry URL the lock file names. Registry documents
# (npm/<name>/index.json, carried for lock files without `resolved` URLs) and their tarballs are
# also filed under the URLs npm asks for them: on the public registry and on the registries
# configured when this runs (run it in the project folder if the project's .npmrc names one),
# and the tarball URLs the documents name. Then writes
# ~/.npmrc with offline=true; the previous file is kept beside it as .npmrc.bak-<time>.
# For yarn classic: links the tarballs into <dir>/yarn-offline-mirror under the names yarn gives
# them, and sets yarn-offline-mirror in ~/.yarnrc (kept as .yarnrc.bak-<time>).
# For yarn berry (2+): copies the cache zips (npm/yarn-berry/*.zip, made on the connected side and
# checked against yarn.lock's checksums) into yarn's global cache
# (${YARN_GLOBAL_FOLDER:-~/.yarn/berry}/cache), where `yarn install --immutable` finds them
# offline (YARN_ENABLE_NETWORK=0); a project with enableGlobalCache: false reads .yarn/cache instead.
# For pnpm: adds the tarballs to pnpm's store (`pnpm store add`; for pnpm 10 also filed under each
# package's id, where pnpm 10 looks them up), and for pnpm 11 and later, which
# check every locked package against its registry metadata even offline, writes the registry
# documents into pnpm's metadata cache (<cache-dir>/v12/metadata{,-full}/<registry>/<name>.jsonl)
# for the public registry and the registries pnpm is configured with, so that
# `pnpm install --offline --frozen-lockfile` installs them.
set -eu
name=setup-npm.sh
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then root=$1
elif [ -d "$here/../dependencies" ]; then root=$here/../dependencies
else root=$here
fi
root=$(cd "$root" && pwd)
dir=$root/npm
[ -d "$dir" ] || { echo "$name: no vendored npm packages in $root" >&2; exit 2; }
npm=
command -v npm >/dev/null 2>&1 && npm=npm
yarn=
berry=
if command -v yarn >/dev/null 2>&1; then
  # run outside any project: a project's packageManager field would make corepack fetch another yarn
  case $(cd "$dir" && yarn --version 2>/dev/null) in 1.*) yarn=yarn ;; [2-9].*) berry=yarn ;; esac
fi
pnpm=
command -v pnpm >/dev/null 2>&1 && pnpm=pnpm
[ -n "$npm$yarn$berry$pnpm" ] || { echo "$name: none of npm, yarn and pnpm is on the PATH" >&2; exit 2; }

# the registry documents (npm/<name>/index.json) under a folder, for the node programs below
node_documents="const fs = require('fs'), path = require('path');
function documents(d, out) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory() && e.name !== '-') documents(p, out);
    else if (e.isFile() && e.name === 'index.json') out.push(p);
  }
  return out;
}"

backup() {
  if [ -e "$1" ]; then
    kept="$1.bak-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -p "$1" "$kept"
    echo "$name: kept the previous $1 as $kept"
  fi
}

if [ -n "$yarn" ]; then
  # yarn looks in its mirror for the resolved URL's file name, with a scope prefixed: @s-b-1.0.0.tgz
  mirror=$root/yarn-offline-mirror
  mkdir -p "$mirror"
  find "$dir" -type f -path '*/-/*.tgz' | while IFS= read -r tgz; do
    rel=${tgz#"$dir"/}
    case $rel in
      @*/*) file=${rel%%/*}-${tgz##*/} ;;
      *) file=${tgz##*/} ;;
    esac
    ln -f "$tgz" "$mirror/$file" 2>/dev/null || cp -f "$tgz" "$mirror/$file"
  done
  backup "$HOME/.yarnrc"
  yarn config set yarn-offline-mirror "$mirror" >/dev/null
  yarn config set yarn-offline-mirror-pruning false >/dev/null
  echo "$name: yarn's offline mirror is $mirror (in ~/.yarnrc): yarn install --offline --frozen-lockfile"
fi
if [ -n "$berry" ] && [ -d "$dir/yarn-berry" ]; then
  berry_cache=${YARN_GLOBAL_FOLDER:-$HOME/.yarn/berry}/cache
  mkdir -p "$berry_cache"
  zips=0
  for zip in "$dir"/yarn-berry/*.zip; do
    [ -f "$zip" ] || continue
    cp -f "$zip" "$berry_cache/"
    zips=$((zips + 1))
  done
  echo "$name: copied $zips yarn cache zip(s) into $berry_cache: YARN_ENABLE_NETWORK=0 yarn install --immutable"
  echo "$name: (a project with enableGlobalCache: false reads its .yarn/cache: copy $dir/yarn-berry/*.zip there)"
fi
if [ -n "$pnpm" ]; then
  pnpm_version=$(pnpm --version 2>/dev/null) || { echo "$name: pnpm --version failed" >&2; exit 1; }
  # read in the caller's folder, so a project's .npmrc naming a registry counts
  pnpm_cache=$(pnpm config get cache-dir 2>/dev/null || true)
  case $pnpm_cache in ''|undefined) pnpm_cache=${XDG_CACHE_HOME:-$HOME/.cache}/pnpm ;; esac
  pnpm_registry=$(pnpm config get registry 2>/dev/null || true)
  # outside any project: pnpm 12's store add would otherwise also fetch the project's lock file entries
  tarballs=$(find "$dir" -type f -path '*/-/*.tgz' | wc -l | tr -d ' ')
  if [ "$tarballs" -gt 0 ]; then
    (cd "$dir" && find "$dir" -type f -path '*/-/*.tgz' -exec pnpm store add {} + >/dev/null) \
      || { echo "$name: pnpm store add failed for the tarballs under $dir" >&2; exit 1; }
  fi
  pnpm_ids=
  case $pnpm_version in
    10.*) pnpm_meta= pnpm_ids=yes ;;
    [0-9].*) pnpm_meta= ;;
    *) pnpm_meta=$pnpm_cache ;;
  esac
  if [ -n "$pnpm_ids" ] && [ "$tarballs" -gt 0 ]; then
    # pnpm 10 finds a package in its store by the tarball's integrity and the package's id
    # (index/<hex>-<name>@<version>.json); `pnpm store add FILE` files it under the file's id
    # (index/<hex>-file+<path>.json), which an install from the lock file never looks up: file
    # each added package's index under its package id too (pnpm 10 runs on node: it is there)
    pnpm_store=$(cd "$dir" && pnpm store path 2>/dev/null) \
      || { echo "$name: pnpm store path failed" >&2; exit 1; }
    PNPM_DIR=$dir PNPM_STORE=$pnpm_store node - <<'NODE' \
      || { echo "$name: cannot file the packages under their ids in pnpm's store $pnpm_store" >&2; exit 1; }
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const dir = process.env.PNPM_DIR, index = path.join(process.env.PNPM_STORE, 'index');
function tarballs(d, out) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) tarballs(p, out);
    else if (e.isFile() && e.name.endsWith('.tgz') && path.basename(d) === '-') out.push(p);
  }
  return out;
}
for (const tgz of tarballs(dir, [])) {
  // pnpm's index file name: the first 64 hex digits of the SHA-512, the first two as a folder
  const hex = crypto.createHash('sha512').update(fs.readFileSync(tgz)).digest('hex').slice(0, 64);
  const folder = path.join(index, hex.slice(0, 2));
  const added = (fs.existsSync(folder) ? fs.readdirSync(folder) : [])
    .filter((f) => f.startsWith(hex.slice(2) + '-file+') && f.endsWith('.json'));
  if (added.length === 0) throw new Error('pnpm store add filed no index for ' + tgz);
  const record = JSON.parse(fs.readFileSync(path.join(folder, added[0])));
  if (typeof record.name !== 'string' || typeof record.version !== 'string') {
    throw new Error('pnpm filed ' + tgz + ' without a name and version');
  }
  const id = (record.name + '@' + record.version).replace(/[\\/:*?"<>|]/g, '+');
  const file = path.join(folder, hex.slice(2) + '-' + id + '.json');
  fs.writeFileSync(file + '.tmp', JSON.stringify(record));
  fs.renameSync(file + '.tmp', file);
}
NODE
  fi
  if [ -n "$pnpm_meta" ]; then
    command -v node >/dev/null 2>&1 \
      || { echo "$name: writing pnpm $pnpm_version's metadata cache needs node on the PATH" >&2; exit 2; }
    { echo "$node_documents"; cat <<'NODE'; } | PNPM_DIR=$dir PNPM_CACHE=$pnpm_meta PNPM_REGISTRY=$pnpm_registry node - \
      || { echo "$name: cannot write pnpm's metadata cache $pnpm_meta" >&2; exit 1; }
const dir = process.env.PNPM_DIR, cache = process.env.PNPM_CACHE;
const registries = new Set(['https://registry.npmjs.org/']);
if (/^https?:\/\//.test(process.env.PNPM_REGISTRY || '')) registries.add(process.env.PNPM_REGISTRY);
// pnpm's folder name for a registry: http://127.0.0.1:4873/repo/npm/ -> http%3A+127.0.0.1+4873%2Frepo+npm
function key(registry) {
  const u = new URL(registry);
  const p = u.pathname.replace(/\/+$/, '');
  return encodeURIComponent(u.protocol) + '+' + u.hostname + (u.port ? '+' + u.port : '')
    + (p ? '%2F' + p.slice(1).split('/').join('+') : '');
}
// pnpm-meta-v1: a header line giving the lengths of the response headers and of the index, then
// both, then each version's manifest, at the offset and length the index gives
function entry(doc) {
  const headers = Buffer.from(JSON.stringify(doc.time && doc.time.modified ? { modified: doc.time.modified } : {}));
  const records = [], versions = [];
  let offset = 0;
  for (const [version, manifest] of Object.entries(doc.versions || {})) {
    const b = Buffer.from(JSON.stringify(manifest));
    versions.push([version, offset, b.length]);
    records.push(b);
    offset += b.length;
  }
  const index = { name: doc.name, distTags: doc['dist-tags'] || {} };
  if (doc.time) index.time = doc.time;
  index.versions = versions;
  const i = Buffer.from(JSON.stringify(index));
  return Buffer.concat([Buffer.from('pnpm-meta-v1 ' + headers.length + ' ' + i.length + '\n'), headers, i, ...records]);
}
for (const doc of documents(dir, [])) {
  const parsed = JSON.parse(fs.readFileSync(doc));
  const folder = path.relative(dir, path.dirname(doc)).split(path.sep).join('/');
  if (parsed.name !== folder) throw new Error(doc + ' holds the document of ' + parsed.name + ', not that of ' + folder);
  const body = entry(parsed);
  for (const registry of registries) {
    for (const kind of ['metadata', 'metadata-full']) {
      const file = path.join(cache, 'v12', kind, key(registry), ...parsed.name.split('/')) + '.jsonl';
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file + '.tmp', body);
      fs.renameSync(file + '.tmp', file);
    }
  }
}
NODE
  fi
  echo "$name: added $tarballs package(s) to pnpm's store${pnpm_ids:+ (filed under their package ids)}${pnpm_meta:+ and their registry documents to its metadata cache $pnpm_meta}: pnpm install --offline --frozen-lockfile"
fi
[ -n "$npm" ] || exit 0

npmrc=${NPM_CONFIG_USERCONFIG:-${npm_config_userconfig:-$HOME/.npmrc}}
# the cache the user's settings name now, so the new .npmrc keeps using it
cache=$(npm config get cache)
# read before ~/.npmrc is rewritten: the registries npm will look packages up on
config=$(npm config list --json)
backup "$npmrc"
{
  echo "; written by setup-npm.sh (Air-Gap Archiver): packages come from npm's cache, filled from $dir"
  echo "cache=$cache"
  echo "offline=true"
} > "$npmrc"
count=$(find "$dir" -type f -name '*.tgz' | wc -l | tr -d ' ')
find "$dir" -type f -name '*.tgz' -exec npm cache add --offline {} +
docs=$(find "$dir" -type f -name index.json ! -path '*/-/*' | wc -l | tr -d ' ')
if [ "$docs" -gt 0 ]; then
  # npm's cache is cacache: content by SHA-512 and one index line per request URL. This writes
  # what npm itself writes when it fetches a registry document (a make-fetch-happen cache entry).
  { echo "$node_documents"; cat <<'NODE'; } | NPM_DIR=$dir NPM_CACHE=$cache NPM_CONFIG_JSON=$config node - \
    || { echo "$name: cannot file the registry documents in npm's cache $cache" >&2; exit 1; }
const crypto = require('crypto'), url = require('url');
const dir = process.env.NPM_DIR, store = path.join(process.env.NPM_CACHE, '_cacache');
const config = JSON.parse(process.env.NPM_CONFIG_JSON || '{}');
const hash = (algorithm, data) => crypto.createHash(algorithm).update(data).digest('hex');
const split = (hex) => [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4)];
const slash = (u) => (u.endsWith('/') ? u : u + '/');
// the Accept headers of npm 11 (whole documents) and of npm 7 to 10 (abbreviated ones)
const accepts = ['application/json', 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*'];
function registries(name) {
  const all = new Set(['https://registry.npmjs.org/']);
  if (config.registry) all.add(slash(config.registry));
  const scoped = name.startsWith('@') ? config[name.split('/')[0] + ':registry'] : null;
  if (scoped) all.add(slash(scoped));
  return [...all];
}
// one index line per URL and Accept header, all pointing at the same content
function file(urls, body, accepts, type) {
  const sha512 = hash('sha512', body);
  const integrity = 'sha512-' + Buffer.from(sha512, 'hex').toString('base64');
  const content = path.join(store, 'content-v2', 'sha512', ...split(sha512));
  fs.mkdirSync(path.dirname(content), { recursive: true });
  if (!fs.existsSync(content)) fs.writeFileSync(content, body);
  const now = Date.now();
  for (const raw of new Set(urls)) {
    const u = url.format(new URL(raw), { auth: false, fragment: false, search: true, unicode: false });
    const key = 'make-fetch-happen:request-cache:' + u;
    const bucket = path.join(store, 'index-v5', ...split(hash('sha256', key)));
    fs.mkdirSync(path.dirname(bucket), { recursive: true });
    for (const accept of accepts) {
      const entry = JSON.stringify({ key, integrity, time: now, size: body.length, metadata: { time: now, url: u,
        reqHeaders: accept ? { accept } : {}, resHeaders: { 'content-type': type }, options: { compress: true } } });
      fs.appendFileSync(bucket, '\n' + hash('sha1', entry) + '\t' + entry);
    }
  }
}
for (const doc of documents(dir, [])) {
  const body = fs.readFileSync(doc);
  const parsed = JSON.parse(body);
  const name = parsed.name;
  const folder = path.relative(dir, path.dirname(doc)).split(path.sep).join('/');
  if (folder !== name) throw new Error(doc + ' holds the document of ' + name + ', not that of ' + folder);
  file(registries(name).map((r) => r + name.replace('/', '%2f')), body, accepts, 'application/json');
  // npm fetches a package it looked up by name from the document's tarball URL (or that path on
  // the configured registry) and finds it in the cache only under that URL, not by its integrity
  const unscoped = name.slice(name.indexOf('/') + 1);
  for (const [version, manifest] of Object.entries(parsed.versions || {})) {
    const tgz = unscoped + '-' + version + '.tgz';
    const local = path.join(dir, ...name.split('/'), '-', tgz);
    if (!fs.existsSync(local) || path.basename(tgz) !== tgz) continue;
    const urls = registries(name).map((r) => r + name + '/-/' + tgz);
    if (manifest.dist && typeof manifest.dist.tarball === 'string') urls.push(manifest.dist.tarball);
    file(urls, fs.readFileSync(local), [null], 'application/octet-stream');
  }
}
NODE
fi
echo "$name: added $count package(s) and $docs registry document(s) to npm's cache $cache; $npmrc now says offline=true"
