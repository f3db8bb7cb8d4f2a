#!/usr/bin/env python3
"""Turns the triage set's markup (crates/faro-triage/data/labelled/LABELLING.md) into JSON lines.

Usage: scripts/triage-markup.py SOURCE.txt > OUT.jsonl
Every code is checked against the vocabularies and every span against its text; a mistake stops
the conversion with the record's id and what is wrong.
"""
import json
import re
import sys

EXPLOITATION = {"forced_labour", "sexual_exploitation", "other_exploitation", "sex_and_labour",
                "forced_marriage", "forced_military", "organ_removal", "slavery_and_practices"}
LABOUR = {"agriculture", "aquafarming", "begging", "construction", "domestic_work", "hospitality",
          "illicit_activities", "manufacturing", "mining_or_drilling", "peddling",
          "transportation"}
MEANS = {"debt_bondage", "takes_earnings", "restricts_financial_access", "threats",
         "psychological_abuse", "physical_abuse", "sexual_abuse", "false_promises",
         "psychoactive_substances", "restricts_movement", "restricts_medical_care",
         "excessive_working_hours", "uses_children", "threat_of_law_enforcement",
         "withholds_necessities", "withholds_documents"}
NEGATIVES = {"labour", "smuggling", "scam", "prank", "other"}
KINDS = {"n": "name", "p": "phone", "e": "email", "a": "address", "i": "id_number",
         "v": "plate", "h": "handle"}
LANGS = {"en": "en", "es": "es", "fr": "fr", "xx": "other"}
SPAN = re.compile(r"\[\[([npeaivh]):([^\]]+)\]\]|\{\{([^|}]+)\|([A-Z]{2})\}\}")


def fail(rid, why):
    sys.exit(f"{rid}: {why}")


def codes(rid, value, allowed):
    found = [c for c in value.split(",") if c]
    for c in found:
        if c not in allowed:
            fail(rid, f"unknown code {c!r}")
    return sorted(set(found))


def parse_header(line):
    parts = line.split()
    rid, verdict = parts[0], parts[1]
    lang = LANGS.get(rid.split("-")[0]) or fail(rid, "id must start with en-, es-, fr- or xx-")
    if verdict not in ("T", "F"):
        fail(rid, "second field must be T or F")
    rec = {"id": rid, "lang": lang, "trafficking": verdict == "T", "hard_negative": None,
           "exploitation": [], "labour": [], "means": [], "urgent": False}
    for part in parts[2:]:
        key, _, value = part.partition(":")
        if key == "urgent":
            rec["urgent"] = True
        elif key == "neg":
            if value not in NEGATIVES:
                fail(rid, f"unknown hard negative {value!r}")
            rec["hard_negative"] = value
        elif key == "exp":
            rec["exploitation"] = codes(rid, value, EXPLOITATION)
        elif key == "lab":
            rec["labour"] = codes(rid, value, LABOUR)
        elif key == "means":
            rec["means"] = codes(rid, value, MEANS)
        else:
            fail(rid, f"unknown field {part!r}")
    if not rec["trafficking"] and (rec["exploitation"] or rec["labour"] or rec["means"]
                                   or rec["urgent"]):
        fail(rid, "codes and urgency are labelled on trafficking texts only")
    if rec["trafficking"] and (rec["hard_negative"] or not rec["exploitation"]):
        fail(rid, "a trafficking text has a form of exploitation and no hard-negative kind")
    if rec["labour"] and "forced_labour" not in rec["exploitation"]:
        fail(rid, "a labour sector goes with forced_labour")
    both = {"sexual_exploitation", "forced_labour"} <= set(rec["exploitation"])
    if both != ("sex_and_labour" in rec["exploitation"]):
        fail(rid, "sex_and_labour goes with sexual_exploitation and forced_labour, and only then")
    return rec


def parse_text(rec, marked):
    text, pii, places, pos, length = [], [], [], 0, 0
    for m in SPAN.finditer(marked):
        before = marked[pos:m.start()]
        if "[[" in before or "{{" in before or "]]" in before or "}}" in before:
            fail(rec["id"], f"broken markup near {before[-30:]!r}")
        text.append(before)
        length += len(before)
        value = m.group(2) if m.group(1) else m.group(3)
        if value != value.strip():
            fail(rec["id"], f"span {value!r} has spaces at its ends")
        span = {"start": length, "end": length + len(value)}
        if m.group(1):
            pii.append({"kind": KINDS[m.group(1)], **span})
        else:
            places.append({**span, "country": m.group(4)})
        text.append(value)
        length += len(value)
        pos = m.end()
    rest = marked[pos:]
    if any(t in rest for t in ("[[", "{{", "]]", "}}")):
        fail(rec["id"], f"broken markup near {rest[:30]!r}")
    text.append(rest)
    rec["text"] = "".join(text)
    rec["pii"], rec["places"] = pii, places
    return rec


def records(source):
    seen, block = set(), []
    for line in source.splitlines() + [""]:
        if line.strip():
            block.append(line.rstrip())
            continue
        if not block:
            continue
        if block[0].startswith("#"):
            block = []
            continue
        rec = parse_header(block[0])
        if rec["id"] in seen:
            fail(rec["id"], "id given twice")
        seen.add(rec["id"])
        if len(block) < 2:
            fail(rec["id"], "no text")
        yield parse_text(rec, "\n".join(block[1:]))
        block = []


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        for rec in records(f.read()):
            print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main()
