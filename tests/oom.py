#!/usr/bin/env python3
"""Allocation failure from inside (docs/robustness.md): runs eapsim with tests/failalloc.c
preloaded, failing the N-th allocation, through

  validate  both bundled scenarios (loading them),
  run       the Benghazi scenario, sampled, with an override and the JSON report (creating
            and running an engine),
  batch     1,000 replications of Tripoli on 2 threads with --out and --per-run (every output
            file of a batch: summaries, state, runs.csv, charts, index.html, run-info.json).

A first run of each counts the allocations (T) and where they are asked for (the sites). Then,
for each N tried, the run must end either with a clear error (exit 1 or 2, and "out of memory"
in what it says, or the system's "Cannot allocate memory" after the file it could not open) and the --out folder absent with no temporary left, or as if nothing had
failed (the failure absorbed: exit 0 with the same stdout and the same files), never with a
crash, a hang, a sanitizer report (in an ASan build, a leak is one) or any other outcome.

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
import os
import re
import shutil
import subprocess
import sys
import tempfile

SANITIZER = re.compile(rb"(ERROR: (Address|Leak)Sanitizer|runtime error:|ThreadSanitizer)")


def commands(scenarios):
    benghazi = os.path.join(scenarios, "benghazi-2012.json")
    tripoli = os.path.join(scenarios, "tripoli-2014.json")
    return {
        "validate": ["validate", benghazi, tripoli],
        "run": ["run", benghazi, "--seed", "7", "--set", 'assets/annex_qrf/readiness="5 min"',
                "--format", "json"],
        "batch": ["batch", tripoli, "--runs", "1000", "--threads", "2", "--out", "out",
                  "--per-run", "--quiet"],
    }


class Runner:
    def __init__(self, eapsim, preload):
        self.eapsim = os.path.abspath(eapsim)
        self.preload = os.path.abspath(preload)

    def env(self, extra):
        env = dict(os.environ)
        env.update(extra)
        env["LD_PRELOAD"] = self.preload
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


def folder(path):
    """The files of an --out folder and their contents; run-info.json by its file list only
    (its figures are wall-clock)."""
    if not os.path.isdir(path):
        return None
    out = {}
    for name in sorted(os.listdir(path)):
        data = open(os.path.join(path, name), "rb").read()
        if name == "run-info.json":
            data = data[data.find(b'"files"'):]
        out[name] = data
    return out


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


def judge(name, n, p, cwd, reference):
    """What is wrong with the run that failed allocation n (N, or a site), or None."""
    if p is None:
        return f"{name} N={n}: hung (killed after 300 s)"
    err = p.stderr
    if SANITIZER.search(err):
        return f"{name} N={n}: sanitizer report: {err.decode(errors='replace')[-1500:]}"
    if p.returncode < 0:
        return f"{name} N={n}: killed by signal {-p.returncode}: {err.decode(errors='replace')[-500:]}"
    out = os.path.join(cwd, "out")
    if p.returncode == 0:
        if p.stdout != reference["stdout"] or folder(out) != reference["folder"]:
            return f"{name} N={n}: exit 0, but the output differs from a run without the failure"
        return None
    if p.returncode not in (1, 2):
        return f"{name} N={n}: exit {p.returncode}: {err.decode(errors='replace')[-500:]}"
    if b"out of memory" not in err and b"Cannot allocate memory" not in err:
        return f"{name} N={n}: exit {p.returncode} without saying out of memory: {err.decode(errors='replace')[-500:]}"
    if os.path.exists(out) or leftovers(cwd):
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


def study(runner, name, args, budget, every, jobs):
    p, cwd, text = runner.run(args, {})
    count, sites, _ = parse_log(text)
    if p is None or p.returncode != 0 or count == 0:
        shutil.rmtree(cwd, ignore_errors=True)
        return {"findings": [f"{name}: the run without failure did not succeed (or the preload "
                             "counted nothing)"], "count": count}
    reference = {"stdout": p.stdout, "folder": folder(os.path.join(cwd, "out"))}
    shutil.rmtree(cwd, ignore_errors=True)
    ns = choose(count, sites, budget, every)
    findings, covered, outcomes = [], set(), {}

    def one(env):
        n = env.get("EAP_FAILALLOC_AT") or "the first at " + env["EAP_FAILALLOC_SITE"]
        q, d, t = runner.run(args, env)
        problem = judge(name, n, q, d, reference)
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
    for name, args in commands(os.path.abspath(a.scenarios)).items():
        if a.only and name != a.only:
            continue
        r = study(runner, name, args, a.samples, a.every, a.jobs)
        findings += r["findings"]
        if "sites" not in r:
            continue
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(r["outcomes"].items()))
        lines = ""
        if r["lines"] is not None:
            all_lines |= r["lines"]
            all_covered |= r["covered_lines"]
            lines = f"; eapsim's own calls: {len(r['covered_lines'])} of {len(r['lines'])} covered"
        print(f"{name}: {r['count']} allocations at {r['sites']} sites; failed {r['tried']} "
              f"of them one at a time ({outcomes}); sites covered: {r['covered']}{lines}")
    if all_lines:
        print(f"all: eapsim's own allocation calls covered: {len(all_covered)} of "
              f"{len(all_lines)} reached (distinct source lines)")
    for f in findings:
        print("FINDING:", f)
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
