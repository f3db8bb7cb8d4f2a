#!/usr/bin/env bash
# Vendors files of an npm package into the binary's assets, with its licence:
#   bash scripts/vendor-npm.sh PACKAGE VERSION FILE...
# e.g. bash scripts/vendor-npm.sh leaflet 1.9.4 dist/leaflet.js dist/leaflet.css
# Copies the named files (paths inside the package), its package.json and its licence file
# into crates/faro-web/assets/vendor/PACKAGE@VERSION/. The tidy test then checks the licence
# against the allow-list; pages link the files through the asset table (content-hashed).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { echo "usage: $0 PACKAGE VERSION FILE..." >&2; exit 2; }
package="$1" version="$2"; shift 2
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz)
dest="crates/faro-web/assets/vendor/${package//\//-}@$version"
rm -rf "$dest"; mkdir -p "$dest"
cp "$work/package/package.json" "$dest/"
licence="$(ls "$work/package" | grep -i -m1 -E '^(licen[cs]e|copying)' || true)"
[[ -n "$licence" ]] || { echo "$package@$version ships no licence file: not vendored" >&2; rm -rf "$dest"; exit 1; }
cp "$work/package/$licence" "$dest/"
for file in "$@"; do
  mkdir -p "$dest/$(dirname "$file")"
  cp "$work/package/$file" "$dest/$file"
done
echo "vendored $package@$version into $dest"
