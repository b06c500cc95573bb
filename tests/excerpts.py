#!/usr/bin/env python3
"""Output excerpts in the README and docs/, generated from the program.

A fenced code block right after a marker line is an excerpt of what eapsim prints:

    <!-- excerpt: ARGS | FILTER | FILTER ... -->
    ```
    ...
    ```

ARGS are eapsim's arguments (shell words, run from the source tree); each FILTER narrows
the output, in order:

    from REGEX       drop the lines before the first that matches
    to REGEX         drop the lines after the first (at or after the start) that matches
    grep REGEX       keep the lines that match, or that match one of several grep filters
    head N           keep the first N lines
    cut N            cut each line to N characters (trailing spaces removed)
    show TEXT        put the line TEXT first (a command prompt, "...")

    excerpts.py EAPSIM SOURCE_ROOT [--update]

Without --update it fails, showing the difference, when an excerpt is not what the program
prints now; with --update it rewrites the excerpts in place.
"""
import difflib
import os
import re
import shlex
import subprocess
import sys

FILES = ["README.md", "docs/batch.md", "docs/model.md", "docs/validation.md", "docs/exercise.md",
         "docs/scenario-format.md", "docs/visualizer.md", "docs/msel.md"]
MARKER = re.compile(r"^<!-- excerpt: (.*) -->\s*$")


def run(eapsim, root, args):
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "0"))
    p = subprocess.run([eapsim] + shlex.split(args), cwd=root, env=env, capture_output=True,
                       text=True, timeout=600)
    if p.returncode not in (0,):
        raise RuntimeError(f"eapsim {args}: exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout.splitlines()


def apply(lines, filters):
    shown, greps = [], []
    for f in filters:
        word, _, arg = f.strip().partition(" ")
        if word == "from":
            i = next((k for k, l in enumerate(lines) if re.search(arg, l)), None)
            if i is None:
                raise ValueError(f"'from {arg}' matches nothing")
            lines = lines[i:]
        elif word == "to":
            i = next((k for k, l in enumerate(lines) if re.search(arg, l)), None)
            if i is None:
                raise ValueError(f"'to {arg}' matches nothing")
            lines = lines[:i + 1]
        elif word == "grep":
            greps.append(arg)
        elif word == "head":
            lines = lines[:int(arg)]
        elif word == "cut":
            lines = [l[:int(arg)].rstrip() for l in lines]
        elif word == "show":
            shown.append(arg)
        else:
            raise ValueError(f"unknown filter '{word}'")
    if greps:
        lines = [l for l in lines if any(re.search(g, l) for g in greps)]
    return shown + lines


def process(path, eapsim, root, update):
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")
    out, problems, i = [], [], 0
    while i < len(text):
        out.append(text[i])
        m = MARKER.match(text[i])
        if not m:
            i += 1
            continue
        if i + 1 >= len(text) or not text[i + 1].startswith("```"):
            problems.append(f"{path}:{i + 1}: an excerpt marker must be followed by a code block")
            i += 1
            continue
        end = i + 2
        while end < len(text) and not text[end].startswith("```"):
            end += 1
        parts = m.group(1).split(" | ")
        try:
            want = apply(run(eapsim, root, parts[0]), parts[1:])
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            problems.append(f"{path}:{i + 1}: {e}")
            want = text[i + 2:end]
        have = text[i + 2:end]
        if have != want:
            diff = "\n".join(difflib.unified_diff(have, want, "in the file", "printed now",
                                                  lineterm="", n=1))
            problems.append(f"{path}:{i + 1}: the excerpt differs from what eapsim prints:\n{diff}")
        out.append(text[i + 1])
        out.extend(want)
        i = end
    if update and out != text:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        os.replace(path + ".tmp", path)
    return problems


def main():
    eapsim, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = "--update" in sys.argv[3:]
    problems, count = [], 0
    for name in FILES:
        path = os.path.join(root, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                count += sum(1 for l in f if MARKER.match(l))
            problems += process(path, eapsim, root, update)
    if update:
        print(f"excerpts: {count} regenerated")
        return 0
    for p in problems:
        print("FAIL " + p)
    print(f"excerpts: {count} checked, {len(problems)} differ"
          + ("; regenerate with tests/excerpts.py EAPSIM . --update" if problems else ""))
    return 1 if problems or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
