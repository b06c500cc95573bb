#!/usr/bin/env python3
"""Checks scenarios/schema.json and the examples of docs/scenario-format.md.

usage: check_schema.py ROOT            validate against the JSON Schema (needs jsonschema)
       check_schema.py ROOT EAPSIM     also load the docs' complete examples with eapsim

Schema part: the schema is valid draft 2020-12; both bundled scenarios and every example
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
    failures = 0

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
