#!/usr/bin/env python3
"""The layering rule of docs/architecture.md, checked on the source tree.

1. Modules are floors; a file of sim/<module>/ may include the public headers
   (include/eapsim/*.h) of its own floor and of floors below it, never above.
2. Inside a module whose files are ordered (sim/engine, sim/model), a file calls the
   module-internal functions (eap__*) of files at or below it, never of a file above.

    check_layers.py SOURCE_ROOT

Exits 1 and names every breach; prints a one-line summary otherwise.
"""
import os
import re
import sys

# Floors, lowest first. Each public header belongs to one floor.
FLOORS = ["core", "model", "engine", "study", "exercise", "report", "viz", "cli"]
HEADERS = {
    "core": ["error", "clock", "units", "event_queue", "kernel", "rng", "dist", "hash",
             "utf8", "count_of", "alloc"],
    "model": ["scenario", "loader", "metrics"],
    "engine": ["engine", "trace", "mm1"],
    "study": ["batch", "stats", "study"],
    "exercise": ["exercise"],
    "report": ["report", "summary", "atomic", "svg", "html", "chart", "stamp", "aar", "msel"],
    "viz": ["viz"],
    "cli": [],
}
# Where each folder of sim/ sits.
FOLDERS = {"core": "core", "model": "model", "engine": "engine", "batch": "study",
           "study": "study", "examples": "engine", "exercise": "exercise", "report": "report",
           "viz": "viz", "cli": "cli"}
# Files of a module in call order, lowest first: a file may call eap__ functions defined in
# files at or below it.
ORDERS = {
    "engine": ["trace.c", "base.c", "people.c", "threats.c", "assets.c", "convoy.c", "plan.c", "fork.c",
               "engine.c"],
    "model": ["arena.c", "scenario.c", "metrics.c", "context.c", "syntax.c", "values.c",
              "overrides.c", "plan.c", "sections.c", "exercise.c", "reach.c", "loader.c"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"eapsim/([a-z0-9_]+)\.h"', re.M)
DEFINITION = re.compile(r'^[a-z][^;{(]*\b(eap__[a-z0-9_]+)\s*\([^;]*$', re.M)
CALL = re.compile(r'\b(eap__[a-z0-9_]+)\s*\(')


def floor_of_header(name):
    for floor, names in HEADERS.items():
        if name in names:
            return floor
    return None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def check_includes(root, problems):
    files = 0
    for folder, floor in FOLDERS.items():
        d = os.path.join(root, "sim", folder)
        if not os.path.isdir(d):
            continue
        level = FLOORS.index(floor)
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            files += 1
            text = open(os.path.join(d, name), encoding="utf-8").read()
            for header in INCLUDE.findall(text):
                hf = floor_of_header(header)
                if hf is None:
                    problems.append(f"sim/{folder}/{name}: eapsim/{header}.h is in no floor "
                                    "(add it to tests/check_layers.py and docs/architecture.md)")
                elif FLOORS.index(hf) > level:
                    problems.append(f"sim/{folder}/{name} ({floor}) includes eapsim/{header}.h "
                                    f"({hf}), a floor above it")
    return files


def check_order(root, module, order, problems):
    d = os.path.join(root, "sim", module)
    texts = {}
    for name in sorted(os.listdir(d)):
        if name.endswith(".c"):
            if name not in order:
                problems.append(f"sim/{module}/{name} has no place in the call order "
                                "(add it to tests/check_layers.py and docs/architecture.md)")
                continue
            texts[name] = strip_comments(open(os.path.join(d, name), encoding="utf-8").read())
    defined = {}
    for name, text in texts.items():
        for fn in DEFINITION.findall(text):
            defined[fn] = name
    for name, text in texts.items():
        for fn in set(CALL.findall(text)):
            owner = defined.get(fn)
            if owner and order.index(owner) > order.index(name):
                problems.append(f"sim/{module}/{name} calls {fn}() of {owner}, a file above it")
    return len(texts)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems = []
    files = check_includes(root, problems)
    ordered = sum(check_order(root, m, o, problems) for m, o in ORDERS.items())
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"layers hold: {files} files by floor, {ordered} files in call order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
