#!/usr/bin/env python3
"""Rewrites the `country-*` and `region-*` messages of every `crates/faro-i18n/locales/*.ftl` from Unicode
CLDR's territory names, so that a language stays one file and its country names are current
(Eswatini, Türkiye, Îles Åland).

    cd /tmp && npm pack cldr-localenames-full@48.2.0 && tar xzf cldr-localenames-full-48.2.0.tgz
    python3 scripts/cldr-countries.py /tmp/package

Each language takes CLDR's standard name, except where CLDR's own short form is what people
write (Hong Kong, Macao, Palestine). A code CLDR does not name in a language keeps the file's
current name, and the script says which. Only the values change: the codes (and so the
messages every file must hold) are Faro's, from `faro-domain`'s country list.
"""

import json
import pathlib
import re
import sys

CLDR_VERSION = "48.2.0"
SHORT = {"HK", "MO", "PS"}
# The UN regions Faro groups countries by (faro-domain's countries.tsv), by CLDR's codes.
REGIONS = {"Africa": "002", "Americas": "019", "Asia": "142", "Europe": "150",
           "Oceania": "009", "Antarctic": "AQ"}
LOCALES = pathlib.Path(__file__).resolve().parent.parent / "crates/faro-i18n/locales"
HEADER = "## Countries: `country-<ISO 3166-1 alpha-2>`"


def names(package: pathlib.Path, lang: str) -> dict:
    path = package / "main" / lang / "territories.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    territories = data["main"][lang]["localeDisplayNames"]["territories"]
    return {
        code: territories.get(f"{code}-alt-short", name) if code in SHORT else name
        for code, name in territories.items()
        if re.fullmatch(r"[A-Z]{2}|[0-9]{3}", code)
    }


def rewrite(path: pathlib.Path, cldr: dict) -> list:
    kept = []

    def replace(match):
        code = match.group(1)
        if code not in cldr:
            kept.append(code)
            return match.group(0)
        return f"country-{code} = {cldr[code]}"

    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^country-([A-Z]{2}) = .*$", replace, text, flags=re.M)
    text = re.sub(
        r"^region-([A-Za-z]+) = .*$",
        lambda m: f"region-{m.group(1)} = {cldr.get(REGIONS.get(m.group(1), ''), m.group(0).split(' = ', 1)[1])}",
        text,
        flags=re.M,
    )
    text = re.sub(
        r"^## Countries: .*$",
        f"{HEADER} (names from Unicode CLDR {CLDR_VERSION}, Unicode License v3;"
        " scripts/cldr-countries.py)",
        text,
        flags=re.M,
    )
    path.write_text(text, encoding="utf-8")
    return kept


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    package = pathlib.Path(sys.argv[1])
    for path in sorted(LOCALES.glob("*.ftl")):
        lang = path.stem
        try:
            cldr = names(package, lang)
        except FileNotFoundError:
            print(f"{path.name}: CLDR has no `{lang}`; left as it is", file=sys.stderr)
            continue
        kept = rewrite(path, cldr)
        if kept:
            print(f"{path.name}: kept the file's names for {', '.join(kept)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
