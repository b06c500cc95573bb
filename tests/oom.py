#!/usr/bin/env python3
"""Allocation failure from inside (docs/robustness.md): runs eapsim with tests/failalloc.c
preloaded, failing the N-th allocation, through

  validate     both bundled scenarios (loading them),
  run          the Benghazi scenario, sampled, with an override and the JSON report (creating
               and running an engine),
  batch        1,000 replications of Tripoli on 2 threads with --out and --per-run (every
               output file of a batch: summaries, state, runs.csv, charts, index.html,
               run-info.json),
  exercise     the Benghazi exercise played with the answers of docs/examples at full pace,
               with the after-action report (--aar: its paired batches, aar.md and aar.html),
  msel         the Tripoli MSEL exported as CSV (--out), and as HTML (msel_html),
  msel_import  that CSV read back into the scenario (--import, --out).

A first run of each counts the allocations (T) and where they are asked for (the sites). Then,
for each N tried, the run must end either with a clear error (exit 1 or 2, and "out of memory"
in what it says, or the system's "Cannot allocate memory" after the file it could not open)
and its outputs (the --out or --aar folder, the --out file) absent with no temporary left, or
as if nothing had failed (the failure absorbed: exit 0 with the same stdout and the same
files), never with a crash, a hang, a sanitizer report (in an ASan build, a leak is one) or
any other outcome. SOURCE_DATE_EPOCH is set, so that the provenance stamps of two runs agree;
what still differs between runs is left out of the comparison: run-info.json's wall-clock
figures, and the exercise's wall-clock date and durations.

Every N is tried when T is at most the budget (--samples, default 300 per command); otherwise
the first allocation of every site (named by its site, since the threads' timing shifts the
global count a little from run to run) plus evenly spaced N up to the budget. --every tries
every N. Prints per command T, the sites, the N tried, the sites whose allocation failed (covered)
and the program's own allocation calls covered (distinct source lines of eapsim, with
addr2line), then any finding; exits 1 on a finding.

    oom.py EAPSIM FAILALLOC_SO SCENARIO_DIR [--samples K | --every] [--jobs J] [--only CMD]
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SANITIZER = re.compile(rb"(ERROR: (Address|Leak)Sanitizer|runtime error:|ThreadSanitizer)")


EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs",
                        "examples")
# Wall-clock moments and durations of an exercise ("2026-12-07T03:21:20Z", "0:00:01").
WALL = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\b\d+:\d\d:\d\d\b")


def commands(scenarios, inputs):
    """name: (arguments, the outputs it writes in its folder)."""
    benghazi = os.path.join(scenarios, "benghazi-2012.json")
    tripoli = os.path.join(scenarios, "tripoli-2014.json")
    return {
        "validate": (["validate", benghazi, tripoli], []),
        "run": (["run", benghazi, "--seed", "7", "--set", 'assets/annex_qrf/readiness="5 min"',
                 "--format", "json"], []),
        "batch": (["batch", tripoli, "--runs", "1000", "--threads", "2", "--out", "out",
                   "--per-run", "--quiet"], ["out"]),
        "exercise": (["exercise", benghazi, "--answers",
                      os.path.join(EXAMPLES, "benghazi.answers"), "--pace", "max", "--aar", "aar",
                      "--runs", "40", "--threads", "2"], ["aar"]),
        "msel": (["msel", tripoli, "--out", "msel.csv"], ["msel.csv"]),
        "msel_html": (["msel", tripoli, "--format", "html", "--out", "msel.html"],
                      ["msel.html"]),
        "msel_import": (["msel", tripoli, "--import", os.path.join(inputs, "msel.csv"),
                         "--out", "scenario.json"], ["scenario.json"]),
    }


def prepare_inputs(eapsim, scenarios, inputs):
    """The files the commands read besides the scenarios: the Tripoli MSEL as CSV."""
    subprocess.run([eapsim, "msel", os.path.join(scenarios, "tripoli-2014.json"), "--out",
                    os.path.join(inputs, "msel.csv")], check=True)


class Runner:
    def __init__(self, eapsim, preload):
        self.eapsim = os.path.abspath(eapsim)
        self.preload = os.path.abspath(preload)

    def env(self, extra):
        env = dict(os.environ)
        env.update(extra)
        env["LD_PRELOAD"] = self.preload
        env["SOURCE_DATE_EPOCH"] = "1700000000"  # the stamps' time: the same in every run
        # The preload comes before the ASan runtime in an ASan build; its malloc forwards to
        # ASan's, so the leak check still sees every block.
        asan = env.get("ASAN_OPTIONS", "")
        env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "verify_asan_link_order=0"
        return env

    def run(self, args, extra):
        """Runs eapsim ARGS in a fresh folder; returns (process or None on a hang, folder,
        log text)."""
        cwd = tempfile.mkdtemp(prefix="eapsim-oom-")
        log = os.path.join(cwd, "alloc.log")
        extra = dict(extra, EAP_FAILALLOC_LOG=log)
        try:
            p = subprocess.run([self.eapsim] + args, cwd=cwd, env=self.env(extra),
                               capture_output=True, timeout=300)
        except subprocess.TimeoutExpired:
            p = None
        text = open(log).read() if os.path.exists(log) else ""
        return p, cwd, text


def contents(path):
    """An output file's bytes, or an output folder's files and theirs, as a run without
    failures is compared with: run-info.json without its wall-clock figures, an exercise's
    report without its wall-clock moments and durations. None when absent."""
    if os.path.isdir(path):
        return {name: contents(os.path.join(path, name)) for name in sorted(os.listdir(path))}
    if not os.path.exists(path):
        return None
    data = open(path, "rb").read()
    if os.path.basename(path) == "run-info.json":
        try:
            info = json.loads(data)
        except ValueError:
            return data  # not JSON: differs from the reference, a finding
        for key in ("elapsed_seconds", "replications_per_second"):
            info.pop(key, None)
        return info
    return WALL.sub(b"WALL", data)


def leftovers(cwd):
    return [n for n in os.listdir(cwd) if ".eapsim-" in n or ".tmp." in n]


def parse_log(text):
    count, sites, failed = 0, {}, None
    for line in text.splitlines():
        f = line.split()
        if f[0] == "count":
            count = int(f[1])
        elif f[0] == "site":
            sites[(f[3], f[4])] = (int(f[1]), int(f[2]))
        elif f[0] == "failed":
            failed = (f[1], f[2])
    return count, sites, failed


def choose(count, sites, budget, every):
    """The failures to try, as environments for the preload: every N, or the first allocation
    at each site (named by its site, so that the threads' timing cannot shift it to another)
    and evenly spaced N up to the budget."""
    if every or count <= budget:
        return [{"EAP_FAILALLOC_AT": str(n)} for n in range(1, count + 1)]
    at_sites = [{"EAP_FAILALLOC_SITE": f"{w} {o}"} for w, o in sorted(sites)]
    left = max(budget - len(at_sites), 0)
    spaced = sorted({max(1, round(i * count / left)) for i in range(1, left + 1)})
    return at_sites + [{"EAP_FAILALLOC_AT": str(n)} for n in spaced]


def judge(name, n, p, cwd, outputs, reference):
    """What is wrong with the run that failed allocation n (N, or a site), or None."""
    if p is None:
        return f"{name} N={n}: hung (killed after 300 s)"
    err = p.stderr
    if SANITIZER.search(err):
        return f"{name} N={n}: sanitizer report: {err.decode(errors='replace')[-1500:]}"
    if p.returncode < 0:
        return f"{name} N={n}: killed by signal {-p.returncode}: {err.decode(errors='replace')[-500:]}"
    if p.returncode == 0:
        same = [contents(os.path.join(cwd, o)) for o in outputs] == reference["outputs"]
        if WALL.sub(b"WALL", p.stdout) != reference["stdout"] or not same:
            return f"{name} N={n}: exit 0, but the output differs from a run without the failure"
        return None
    if p.returncode not in (1, 2):
        return f"{name} N={n}: exit {p.returncode}: {err.decode(errors='replace')[-500:]}"
    if b"out of memory" not in err and b"Cannot allocate memory" not in err:
        return f"{name} N={n}: exit {p.returncode} without saying out of memory: {err.decode(errors='replace')[-500:]}"
    if any(os.path.exists(os.path.join(cwd, o)) for o in outputs) or leftovers(cwd):
        return f"{name} N={n}: failed, but left {os.listdir(cwd)}"
    return None


def source_lines(eapsim, sites):
    """The distinct source lines of eapsim's allocation calls among sites (addr2line)."""
    offsets = sorted({ours.split("+")[1] for _, ours in sites if ours.startswith("eapsim+")})
    if not offsets or not shutil.which("addr2line"):
        return None
    r = subprocess.run(["addr2line", "-e", eapsim] + offsets, capture_output=True, text=True)
    return {re.sub(r" \(discriminator \d+\)", "", line).split("/sim/")[-1]
            for line in r.stdout.splitlines() if "/sim/" in line}


def study(runner, name, args, outputs, budget, every, jobs):
    p, cwd, text = runner.run(args, {})
    count, sites, _ = parse_log(text)
    if p is None or p.returncode != 0 or count == 0:
        shutil.rmtree(cwd, ignore_errors=True)
        return {"findings": [f"{name}: the run without failure did not succeed (or the preload "
                             "counted nothing)"], "count": count}
    reference = {"stdout": WALL.sub(b"WALL", p.stdout),
                 "outputs": [contents(os.path.join(cwd, o)) for o in outputs]}
    shutil.rmtree(cwd, ignore_errors=True)
    ns = choose(count, sites, budget, every)
    findings, covered, outcomes = [], set(), {}

    def one(env):
        n = env.get("EAP_FAILALLOC_AT") or "the first at " + env["EAP_FAILALLOC_SITE"]
        q, d, t = runner.run(args, env)
        problem = judge(name, n, q, d, outputs, reference)
        shutil.rmtree(d, ignore_errors=True)
        return n, q, problem, parse_log(t)[2]

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for n, q, problem, failed in pool.map(one, ns):
            if problem:
                where = source_lines(runner.eapsim, [failed]) if failed else None
                findings.append(problem.rstrip() + (f" [failed at {failed[0]}, called from "
                                                    f"{', '.join(where) or failed[1]}]"
                                                    if failed else ""))
            if failed:
                covered.add(failed)
            key = "hung" if q is None else f"exit {q.returncode}"
            outcomes[key] = outcomes.get(key, 0) + 1
    seen_lines = source_lines(runner.eapsim, sites.keys())
    covered_lines = source_lines(runner.eapsim, covered)
    return {"count": count, "sites": len(sites), "tried": len(ns), "covered": len(covered),
            "lines": seen_lines, "covered_lines": covered_lines, "outcomes": outcomes,
            "findings": findings}


def report(name, r, all_lines, all_covered):
    """One command's line: allocations, sites, outcomes, coverage."""
    outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(r["outcomes"].items()))
    lines = ""
    if r["lines"] is not None:
        all_lines |= r["lines"]
        all_covered |= r["covered_lines"]
        lines = f"; eapsim's own calls: {len(r['covered_lines'])} of {len(r['lines'])} covered"
    print(f"{name}: {r['count']} allocations at {r['sites']} sites; failed {r['tried']} "
          f"of them one at a time ({outcomes}); sites covered: {r['covered']}{lines}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eapsim")
    ap.add_argument("preload")
    ap.add_argument("scenarios")
    ap.add_argument("--samples", type=int, default=int(os.environ.get("EAP_OOM_SAMPLES", 300)))
    ap.add_argument("--every", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only")
    a = ap.parse_args()
    runner = Runner(a.eapsim, a.preload)
    findings, all_lines, all_covered = [], set(), set()
    scenarios = os.path.abspath(a.scenarios)
    inputs = tempfile.mkdtemp(prefix="eapsim-oom-inputs-")
    try:
        prepare_inputs(runner.eapsim, scenarios, inputs)
        for name, (args, outputs) in commands(scenarios, inputs).items():
            if a.only and name != a.only:
                continue
            r = study(runner, name, args, outputs, a.samples, a.every, a.jobs)
            findings += r["findings"]
            if "sites" in r:
                report(name, r, all_lines, all_covered)
    finally:
        shutil.rmtree(inputs, ignore_errors=True)
    if all_lines:
        print(f"all: eapsim's own allocation calls covered: {len(all_covered)} of "
              f"{len(all_lines)} reached (distinct source lines)")
    for f in findings:
        print("FINDING:", f)
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
