#!/usr/bin/env python3
"""What a batch writes, checked against its own per-run table, as a reader would check it.

    check_outputs.py EAPSIM SCENARIO_DIR

- Histograms: every bar of every hist-*.svg (its data-lo, data-hi and data-count) against the
  runs of runs.csv in the same range. With at most 10,000 replications the counts are exact;
  beyond, within the error that splitting the accumulator's bins at the bar's edges allows
  (derived below), which is far tighter than moving whole bins would be.
- Percentiles: p5, p50 and p95 of summary.json against the exact nearest-rank order
  statistics of runs.csv, within the resolution summary.json states for the metric
  ("exact", or a relative bound such as "0.39%"), up to runs.csv's rounding to 0.001.

    check_outputs.py EAPSIM SCENARIO_DIR [RUNS...]

With RUNS, only the histogram and percentile checks run, at those numbers of replications,
and print the largest errors measured (the figures docs/batch.md quotes).

Exits 1 naming every mismatch; prints one line per check otherwise.
"""
import bisect
import csv
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile

MS_PER_MIN = 60000.0
BAR = re.compile(r'<(rect|g) class="(bar|tail)"[^>]*?data-lo="([^"]*)" data-hi="([^"]*)" '
                 r'data-count="([^"]*)"')

problems = []


def fail(msg):
    problems.append(msg)


def batch(eapsim, scenario, runs, out, *extra):
    subprocess.run([eapsim, "batch", scenario, "--runs", str(runs), "--per-run", "--quiet",
                    "--out", out, *extra], check=True, stdout=subprocess.DEVNULL)


def columns(path):
    """runs.csv as {metric: sorted values}, missing values left out."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: sorted(float(r[k]) for r in rows if r[k] != "") for k in rows[0] if k != "replication"}


def between(vals, lo, hi):
    """How many of the sorted vals lie in [lo, hi)."""
    return bisect.bisect_left(vals, hi) - bisect.bisect_left(vals, lo)


def acc_bin(x, per):
    """The accumulator's bin (stats.h) around x display units, per base units each: its ends
    in display units. Values below 256 base units have a bin each."""
    m = int(abs(x) * per)
    if m < 256:
        return None
    shift = m.bit_length() - 1 - 7
    lo = (m >> shift) << shift
    a, b = lo / per, (lo + (1 << shift)) / per
    return (a, b) if x >= 0 else (-b, -a)


def edge_tolerance(vals, x, per):
    """How far a count below edge x may be off when the bin straddling x is split in
    proportion: its n runs fall below x as a binomial draw with the proportional share f
    (4 standard errors: 4 sqrt(n f (1 - f))), shifted by the density's slope across the bin
    (a density rising linearly from one end of a bin to the other moves the share below its
    middle by (right - left) / (4 (right + left)) of the bin; with the neighbouring bins'
    counts nl and nr as the slope, at most |nr - nl| / 16 runs), plus one run for rounding
    the bars to whole runs and one for runs.csv's rounding to 0.001."""
    span = acc_bin(x, per) if math.isfinite(x) else None
    if span is None:
        return 2
    a, b = span
    w = b - a
    n = between(vals, a, b)
    f = (x - a) / w
    nl, nr = between(vals, a - w, a), between(vals, b, b + w)
    return 4 * math.sqrt(n * f * (1 - f)) + abs(nr - nl) / 16 + 2


def check_histograms(out, runs, exact):
    cols = columns(os.path.join(out, "runs.csv"))
    with open(os.path.join(out, "summary.json")) as f:
        units = {m["name"]: m["unit"] for m in json.load(f)["metrics"]}
    charts = sorted(glob.glob(os.path.join(out, "hist-*.svg")))
    if not charts:
        fail(f"{out}: no histogram")
    worst = 0.0
    for path in charts:
        name = os.path.basename(path)[len("hist-"):-len(".svg")]
        metric = next((k for k in cols if k.replace("/", "-") == name), None)
        if metric is None:
            fail(f"{path}: no column of runs.csv for it")
            continue
        vals = cols[metric]
        per = 1 if units[metric] == "count" else MS_PER_MIN
        total = 0
        with open(path) as f:
            svg = f.read()
        bars = BAR.findall(svg)
        first = min(float(lo) for _, kind, lo, _, _ in bars if kind == "bar")
        for tag, kind, lo, hi, count in bars:
            lo, hi, count = float(lo), float(hi), float(count)
            total += count
            if kind == "tail":  # everything beyond the bars, to the extreme
                lo, hi = (-math.inf, hi) if hi <= first else (lo, math.inf)
            n = between(vals, lo, hi)
            if exact:
                # runs.csv rounds to 0.001: only runs that close to an edge may differ
                tol = sum(between(vals, x - 5e-4, x + 5e-4) for x in (lo, hi) if math.isfinite(x))
            else:
                tol = edge_tolerance(vals, lo, per) + edge_tolerance(vals, hi, per)
            worst = max(worst, abs(n - count) / max(tol, 1))
            if abs(n - count) > tol:
                fail(f"{path}: {kind} [{lo}, {hi}) shows {count:.0f} runs, runs.csv has {n} "
                     f"(allowed {tol:.1f})")
        if total != len(vals):
            fail(f"{path}: bars and tails count {total:.0f} runs, runs.csv has {len(vals)}")
    print(f"histograms of {runs} runs ({len(charts)} charts) agree with runs.csv "
          f"({'exactly' if exact else f'largest difference {worst:.2f} of the allowed'})")


def nearest_rank(vals, p):
    """The value of rank ceil(p n) (at least 1) of the sorted vals: stats.h's definition."""
    k = max(1, math.ceil(p * len(vals) - 1e-9))
    return vals[k - 1]


def check_percentiles(out, runs):
    """Returns the relative errors of the percentiles that are not exact."""
    cols = columns(os.path.join(out, "runs.csv"))
    with open(os.path.join(out, "summary.json")) as f:
        metrics = json.load(f)["metrics"]
    errors = []
    for m in metrics:
        vals = cols[m["name"]]
        res = m["percentile_resolution"]
        rel = 0.0 if res == "exact" else float(res.rstrip("%")) / 100
        if res != "exact" and not (runs > 10000 and m["unit"] != "count"):
            fail(f"{out}: {m['name']} has percentile resolution {res} with {runs} runs")
        for key, p in (("p5", 0.05), ("p50", 0.5), ("p95", 0.95)):
            if m[key] is None:
                continue
            want, got = nearest_rank(vals, p), m[key]
            # summary.json keeps 10 significant digits, runs.csv 3 decimals
            tol = rel * abs(want) + 5e-4 + 1e-9 * abs(want)
            if abs(got - want) > tol:
                fail(f"{out}: {m['name']} {key} is {got}, runs.csv's exact value {want} "
                     f"(resolution {res})")
            if want != 0 and res != "exact":  # beyond what runs.csv's rounding explains
                errors.append(max(0.0, abs(got - want) - 5e-4) / abs(want))
    return sorted(errors)


def measure(eapsim, scenarios, runs_list, tmp):
    for scn in ("tripoli-2014", "benghazi-2012"):
        for runs in runs_list:
            out = os.path.join(tmp, f"{scn}-{runs}")
            batch(eapsim, os.path.join(scenarios, scn + ".json"), runs, out)
            check_histograms(out, runs, exact=runs <= 10000)
            errors = check_percentiles(out, runs)
            print(f"{scn}, {runs} runs: percentiles " +
                  ("exact" if not errors else f"within the stated resolution; of the "
                   f"{len(errors)} binned, the median error is {100 * errors[len(errors) // 2]:.3f}% "
                   f"of the value, the largest {100 * errors[-1]:.3f}%"))


def main():
    eapsim, scenarios = sys.argv[1], sys.argv[2]
    runs_list = [int(r) for r in sys.argv[3:]] or [3000, 30000]
    with tempfile.TemporaryDirectory() as tmp:
        measure(eapsim, scenarios, runs_list, tmp)
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
