#!/usr/bin/env python3
"""Checks scenarios/schema.json and the examples of docs/scenario-format.md.

usage: check_schema.py ROOT            validate against the JSON Schema (needs jsonschema)
       check_schema.py ROOT EAPSIM     also load the docs' complete examples with eapsim

Schema part: the schema is valid draft 2020-12; its kinds and event names are the loader's
(sim/model/scenario.c); both bundled scenarios and every example
of the docs validate (a ```json block after "<!-- example: scenario -->" is a whole
scenario, after "<!-- example: $defs/NAME -->" a fragment checked against that definition,
after "<!-- example: scenario-fragment -->" top-level keys checked one by one);
files the loader refuses for reasons a schema can express are refused by the schema too.
Exits 77 (meson's "skipped") when the python3 module jsonschema is missing: on Debian,
install python3-jsonschema. Docs part (needs no module): each complete example passes
`eapsim validate` and `eapsim run --replay`.
"""
import json
import os
import re
import subprocess
import sys

# Bad files (tests/bad/NAME.json) whose mistake the schema can see.
SCHEMA_REJECTS = [
    "asset_no_base", "unknown_key_top", "unknown_key_near", "unit_bare_number", "unit_unknown",
    "unit_wrong_kind", "unit_negative_duration", "type_string_for_number", "type_object_for_array",
    "type_number_for_bool", "type_fractional_count", "value_latitude_out_of_range",
    "value_unknown_asset_kind", "value_unknown_event", "value_version",
    "value_probability_above_one", "route_no_segments", "top_level_array", "missing_required",
    "id_malformed", "five_mistakes",
    # the constructs of issue 15: harm from exposure, guards, the request tree, fallbacks
    "chain_lost_p_above_one", "chain_lost_without_p", "plan_unless_without_by",
    "plan_by_without_unless", "plan_not_before_with_at", "plan_action_key_of_other_kind",
    "plan_made_above_one", "road_fire_reach_wrong_unit", "road_reach_without_lethality",
    "road_casualties", "threat_casualties", "threat_lethality_wrong_unit",
    "threat_keys_of_other_kind", "threat_smoke_without_escape", "guards_walk_away_without_when",
    "guards_suppression_percent", "protection_cover_with_unit", "sources_not_object",
    "sources_not_text", "sources_unknown_key", "sources_in_quantity", "four_new_mistakes",
]


def examples(root):
    """Yields (kind, text, line) for every marked ```json block of the docs."""
    path = os.path.join(root, "docs", "scenario-format.md")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    kind = None
    i = 0
    while i < len(lines):
        m = re.match(r"<!-- example: (\S+) -->", lines[i].strip())
        if m:
            kind = m.group(1)
        elif lines[i].strip() == "```json" and kind:
            start = i + 1
            j = start
            while lines[j].strip() != "```":
                j += 1
            yield kind, "\n".join(lines[start:j]), start + 1
            kind = None
            i = j
        i += 1


def check_docs(root, eapsim):
    failures = 0
    count = 0
    for kind, text, line in examples(root):
        if kind != "scenario":
            continue
        count += 1
        tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "eapsim-doc-example-%d.json" % os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        for cmd in ([eapsim, "validate", tmp], [eapsim, "run", tmp, "--replay"]):
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            if proc.returncode != 0:
                failures += 1
                print("FAIL docs example at line %d: %s\n%s" % (line, " ".join(cmd[:2]), proc.stderr))
        os.unlink(tmp)
    if count == 0:
        print("FAIL no complete scenario example in the docs")
        failures += 1
    print("docs: %d complete examples checked with eapsim" % count)
    return failures


def loader_names(root):
    """The names the loader knows (sim/model/scenario.c): kinds and event names, in order."""
    with open(os.path.join(root, "sim", "model", "scenario.c"), encoding="utf-8") as f:
        text = f.read()
    names = {}
    for table in ("place_kinds", "asset_kinds", "threat_kinds", "action_kinds"):
        body = re.search(r"%s\[\] = \{(.*?)\};" % table, text, re.S).group(1)
        names[table] = re.findall(r'"([a-z_]+)"', body)
    names["events"] = re.findall(r'\{"([a-z_]+)", EAP_ROLE_[A-Z]+\}', text)
    return names


def check_names(root, schema):
    """The schema's kinds and event names are the loader's, so a new one cannot be forgotten."""
    d = schema["$defs"]
    ours = {"place_kinds": d["place"]["properties"]["kind"]["enum"],
            "asset_kinds": d["asset"]["properties"]["kind"]["enum"],
            "threat_kinds": d["threat"]["properties"]["kind"]["enum"],
            "action_kinds": d["action"]["properties"]["do"]["enum"],
            "events": d["event"]["enum"]}
    failures = 0
    for table, names in loader_names(root).items():
        if names != ours[table]:
            failures += 1
            print("FAIL %s: the schema lacks %s, has %s that the loader does not know%s" % (
                table, [n for n in names if n not in ours[table]],
                [n for n in ours[table] if n not in names],
                "" if sorted(names) != sorted(ours[table]) else " (the order differs)"))
        else:
            print("ok   %s: %d names as in sim/model/scenario.c" % (table, len(names)))
    return failures


def check_schema(root):
    try:
        import jsonschema
    except ImportError:
        print("skipped: the python3 module jsonschema is missing (Debian: python3-jsonschema)")
        return None
    with open(os.path.join(root, "scenarios", "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failures = check_names(root, schema)

    def expect(name, instance, valid, against=None):
        nonlocal failures
        v = validator if against is None else validator_class(
            {"$ref": "#/$defs/" + against, "$defs": schema["$defs"]})
        errors = list(v.iter_errors(instance))
        if valid and errors:
            failures += 1
            print("FAIL %s: the schema refuses a valid input:" % name)
            for e in errors[:5]:
                print("    %s: %s" % (e.json_path, e.message[:300]))
        elif not valid and not errors:
            failures += 1
            print("FAIL %s: the schema accepts a bad input" % name)
        else:
            print("ok   %s" % name)

    for name in ("benghazi-2012", "tripoli-2014"):
        with open(os.path.join(root, "scenarios", name + ".json"), encoding="utf-8") as f:
            expect("scenarios/%s.json" % name, json.load(f), True)
    for kind, text, line in examples(root):
        label = "docs example at line %d (%s)" % (line, kind)
        instance = json.loads(text)
        if kind == "scenario":
            expect(label, instance, True)
        elif kind.startswith("$defs/"):
            expect(label, instance, True, against=kind[len("$defs/"):])
        elif kind == "scenario-fragment":
            for key, value in instance.items():
                sub = dict(schema["properties"][key], **{"$defs": schema["$defs"]})
                errors = list(validator_class(sub).iter_errors(value))
                if errors:
                    failures += 1
                    print("FAIL %s: /%s: %s" % (label, key, errors[0].message[:300]))
                else:
                    print("ok   %s (/%s)" % (label, key))
    for name in SCHEMA_REJECTS:
        with open(os.path.join(root, "tests", "bad", name + ".json"), encoding="utf-8") as f:
            expect("tests/bad/%s.json refused" % name, json.load(f), False)
    return failures


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    root = sys.argv[1]
    if len(sys.argv) == 3:
        failures = check_docs(root, sys.argv[2])
        print("%d passed, %d failed" % (0 if failures else 1, failures))
        return 1 if failures else 0
    failures = check_schema(root)
    if failures is None:
        return 77
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
