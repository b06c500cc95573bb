#!/usr/bin/env python3
"""Runs the real `eapsim validate` on every bad input and checks how it fails.

usage: run_bad_inputs.py EAPSIM BAD_DIR

For each BAD_DIR/NAME.json (with optional NAME.args: extra arguments, one a line) the
command must exit with exactly 2, print nothing on stdout, print on stderr every line of
NAME.expect (each a substring, usually ":LINE:COL: /json/path: message"), not crash or
report a sanitizer finding, and finish within the time limit. Cases made at test time (never
committed): a 100 MB file, JSON nested 10,000 deep, a directory and a missing file.
Prints one line per case and "N passed, N failed"; exits 1 when any case failed.
"""
import os
import subprocess
import sys
import tempfile
import time

LIMIT = float(os.environ.get("EAP_BAD_INPUT_SECONDS", "5"))
SANITIZER_MARKS = ("Sanitizer", "runtime error:", "LeakSanitizer", "Segmentation fault")


def run_case(exe, name, path, args, expect):
    """Returns a list of problems (empty when the case passed)."""
    cmd = [exe, "validate", path] + args
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=max(LIMIT * 4, 20))
    except subprocess.TimeoutExpired:
        return ["hung: no exit after %.0f s" % max(LIMIT * 4, 20)]
    took = time.monotonic() - start
    err = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode != 2:
        problems.append("exit code %d, expected 2" % proc.returncode)
    if proc.stdout:
        problems.append("stdout not empty: %r" % proc.stdout[:200])
    for mark in SANITIZER_MARKS:
        if mark in err:
            problems.append("stderr reports %r" % mark)
    for want in expect:
        if want not in err:
            problems.append("stderr lacks %r" % want)
    if took > LIMIT:
        problems.append("took %.1f s (limit %.0f s)" % (took, LIMIT))
    if problems:
        problems.append("stderr was:\n    " + "\n    ".join(err.splitlines()[:12]))
    return problems


def committed_cases(bad_dir):
    for entry in sorted(os.listdir(bad_dir)):
        if not entry.endswith(".json"):
            continue
        name = entry[:-5]
        path = os.path.join(bad_dir, entry)
        expect_file = os.path.join(bad_dir, name + ".expect")
        args_file = os.path.join(bad_dir, name + ".args")
        if not os.path.exists(expect_file):
            yield name, path, [], None
            continue
        with open(expect_file, encoding="utf-8") as f:
            expect = [line.rstrip("\n") for line in f if line.strip()]
        args = []
        if os.path.exists(args_file):
            with open(args_file, encoding="utf-8") as f:
                args = [line.rstrip("\n") for line in f if line.strip()]
        yield name, path, args, expect


def generated_cases(tmp):
    big = os.path.join(tmp, "huge.json")
    with open(big, "wb") as f:
        f.write(b"{")
        f.truncate(100 << 20)  # sparse: 100 MB that cost no disk
    yield "generated_100mb", big, [], ["huge.json: expected a scenario of at most 16 MB",
                                       "found a file of 100.0 MB (not read)"]
    deep = os.path.join(tmp, "deep.json")
    with open(deep, "w") as f:
        f.write("[" * 10000 + "]" * 10000)
    yield "generated_nested_10000", deep, [], ["deep.json:1:65: expected JSON nested at most 64"]
    deep_obj = os.path.join(tmp, "deep_obj.json")
    with open(deep_obj, "w") as f:
        f.write('{"a":' * 10000 + "1" + "}" * 10000)
    yield "generated_nested_objects", deep_obj, [], [":1:321: expected JSON nested at most 64"]
    yield "generated_directory", tmp, [], ["expected a regular file, found a directory"]
    missing = os.path.join(tmp, "missing.json")
    yield "generated_missing_file", missing, [], ["missing.json: cannot open: No such file"]


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    exe, bad_dir = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="eapsim-bad-") as tmp:
        cases = list(committed_cases(bad_dir)) + list(generated_cases(tmp))
        for name, path, args, expect in cases:
            if expect is None:
                problems = ["no %s.expect beside it" % name]
            else:
                problems = run_case(exe, name, path, args, expect)
            if problems:
                failed += 1
                print("FAIL %s\n  %s" % (name, "\n  ".join(problems)))
            else:
                passed += 1
                print("ok   %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
