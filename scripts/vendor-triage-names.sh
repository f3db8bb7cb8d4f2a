#!/usr/bin/env bash
# Rebuilds crates/faro-triage/data/names/given.txt: the given names (Latin script) of
# @faker-js/faker's locales (MIT, see LICENSE-faker.md) plus given-extra.txt, each flagged `?`
# when it is also an everyday word in English, Spanish or French (a lower-case entry of Debian's
# hunspell dictionaries, used here only and not shipped): such a name is taken only with support
# (a surname after it, or a word such as "called" before it).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/crates/faro-triage/data/names"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent @faker-js/faker@10.6.0 >/dev/null
tar xzf faker-js-faker-10.6.0.tgz
cat > dump.mjs <<'JS'
import { allLocales } from './package/dist/index.js';
const names = new Set();
for (const locale of Object.values(allLocales)) {
  const given = locale?.person?.first_name;
  if (!given) continue;
  for (const list of Array.isArray(given) ? [given] : Object.values(given)) {
    for (const name of list) {
      if (/^[\p{Script=Latin}][\p{Script=Latin}'\- ]*$/u.test(name)) names.add(name);
    }
  }
}
console.log([...names].join('\n'));
JS
node dump.mjs > faker.txt
apt-get download -qq hunspell-en-us hunspell-es hunspell-fr-classical
for deb in *.deb; do dpkg -x "$deb" dicts; done
python3 - "$out" <<'PY'
import glob, sys, unicodedata
out = sys.argv[1]
def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w.lower()) if not unicodedata.combining(c))
words = set()
for dic in glob.glob("dicts/usr/share/hunspell/*.dic"):
    with open(dic, encoding="utf-8", errors="ignore") as f:
        for line in f:
            w = line.split("/")[0].strip()
            if w and w[0].islower():
                words.add(fold(w))
names = set()
for line in open("faker.txt", encoding="utf-8"):
    names.update(t for t in line.split() if len(t) >= 3)
for line in open(f"{out}/given-extra.txt", encoding="utf-8"):
    if not line.startswith("#"):
        names.update(t for t in line.split() if len(t) >= 2)
with open(f"{out}/given.txt", "w", encoding="utf-8") as f:
    f.write("# Given names for spotting people's names in reports: built by scripts/vendor-triage-names.sh\n")
    f.write("# from @faker-js/faker 10.6.0 (MIT, LICENSE-faker.md) and given-extra.txt; `?` marks a name\n")
    f.write("# that is also an everyday word in English, Spanish or French.\n")
    for name in sorted(names):
        f.write(name + (" ?" if fold(name) in words else "") + "\n")
PY
cp package/LICENSE "$out/LICENSE-faker.md"
echo "$(grep -vc '^#' "$out/given.txt") names in $out/given.txt"
