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
- The provenance stamp, read back from every kind of file the commands write (batch,
  compare, sweep, sensitivity, merge, run in its three formats, a PNG screenshot): the
  version and commit of `eapsim --version`, the scenario and its fingerprint (state.json's),
  the seed, the runs, the settings, the command line as run and SOURCE_DATE_EPOCH's time;
  CSV tables stay plain; run-info.json lists every other file with its size and SHA-256; and
  the same command run twice gives byte-identical files (run-info.json but for its timings).
- The page for the people who decide (index.html): self-contained; it opens with the answer,
  the probability that everyone is safe by the deadline with its interval, to the precision
  the interval supports (as are the table's means), then a pointer to eapsim sensitivity, then
  the replay against the record, one row per milestone. With chromium and pdftotext at hand
  it is printed to A4, and the opening must fill the first page alone.

    check_outputs.py EAPSIM SCENARIO_DIR [RUNS...]

With RUNS, only the histogram and percentile checks run, at those numbers of replications,
and print the largest errors measured (the figures docs/batch.md quotes).

Exits 1 naming every mismatch; prints one line per check otherwise.
"""
import bisect
import csv
import hashlib
import html
import glob
import json
import math
import os
import re
import shlex
import struct
import subprocess
import sys
import tempfile
import zlib

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


EPOCH = 1700000000
EPOCH_TEXT = "2023-11-14T22:13:20Z"


def run(eapsim, args, cwd, stdout=subprocess.DEVNULL):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    return subprocess.run([eapsim, *args], cwd=cwd, env=env, check=True, stdout=stdout)


def svg_stamp(text):
    m = re.search(r'<metadata id="eapsim-stamp">\n(.*?)\n</metadata>', text, re.S)
    return json.loads(m.group(1)) if m else None


def html_stamp(text):
    fields = re.findall(r'<div data-stamp="([a-z_]+)"><dt>[a-z_]+</dt><dd>(.*?)</dd></div>', text)
    return {k: html.unescape(v) for k, v in fields} or None


def png_stamp(path):
    """The tEXt chunks of a PNG, every chunk's CRC checked."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
        return None
    chunks, i = {}, 8
    while i < len(data):
        n, = struct.unpack(">I", data[i:i + 4])
        kind, body = data[i + 4:i + 8], data[i + 8:i + 8 + n]
        crc, = struct.unpack(">I", data[i + 8 + n:i + 12 + n])
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            fail(f"{path}: bad CRC in chunk {kind}")
        if kind == b"tEXt":
            key, text = body.split(b"\0", 1)
            chunks[key.decode("latin-1")] = text.decode("latin-1")
        i += 12 + n
    return json.loads(chunks["eapsim"]) if "eapsim" in chunks else None


def text_stamp(text):
    """run's text report: the PROVENANCE section's "key: value" lines."""
    part = text.split("\nPROVENANCE\n", 1)
    return dict(l.strip().split(": ", 1) for l in part[1].splitlines()) if len(part) == 2 else None


def as_fields(stamp):
    """A stamp as the text forms give it: every value a string, settings joined by "; "."""
    return {k: "; ".join(v) if isinstance(v, list) else str(v) for k, v in stamp.items()}


def check_stamp(where, stamp, want):
    if stamp is None:
        fail(f"{where}: no stamp")
        return
    got = as_fields(stamp)
    for key, value in want.items():
        same = got.get(key) == value
        if key == "command_line" and key in got:  # the same words, however quoted
            same = shlex.split(got[key]) == shlex.split(value)
        if not same:
            fail(f"{where}: stamp {key} is {got.get(key)!r}, expected {value!r}")
    extra = set(got) - set(want)
    if extra:
        fail(f"{where}: unexpected stamp fields {sorted(extra)}")


def check_plain_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or any(len(r) != len(rows[0]) for r in rows) or rows[0][0].startswith("#"):
        fail(f"{path}: not a plain rectangular table")


def check_out_dir(out, want, what):
    """Every file under out: its stamp, or for plain tables its entry in run-info.json."""
    with open(os.path.join(out, "run-info.json")) as f:
        info = json.load(f)
    check_stamp(f"{what}: run-info.json", info["stamp"], want)
    listed = {e["file"]: e for e in info["files"]}
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if name == "run-info.json":
            continue
        entry = listed.pop(name, None)
        with open(path, "rb") as f:
            data = f.read()
        if entry is None:
            fail(f"{what}: {name} is not in run-info.json")
        elif entry["sha256"] != hashlib.sha256(data).hexdigest() or entry["bytes"] != len(data):
            fail(f"{what}: run-info.json's digest or size of {name} does not match the file")
        text = data.decode("utf-8")
        if name.endswith(".json"):
            check_stamp(f"{what}: {name}", json.loads(text).get("stamp"), want)
        elif name.endswith(".svg"):
            check_stamp(f"{what}: {name}", svg_stamp(text), want)
        elif name.endswith(".html"):
            check_stamp(f"{what}: {name}", html_stamp(text), want)
        elif name.endswith(".csv"):
            check_plain_csv(path)
        else:
            fail(f"{what}: {name}: a file of a kind this check does not know")
    if listed:
        fail(f"{what}: run-info.json lists files that are not there: {sorted(listed)}")


def fingerprint(cwd, scenario, sets=(), vs_sets=()):
    """eap_study_fingerprint (sim/study/study.c) computed here: 64-bit FNV-1a over the
    scenario file's bytes, each --set as typed with a NUL, "|", each --vs-set likewise, "|"."""
    h = 0xcbf29ce484222325

    def fnv(data):
        nonlocal h
        for byte in data:
            h = ((h ^ byte) * 0x100000001b3) & 0xffffffffffffffff

    with open(os.path.join(cwd, scenario), "rb") as f:
        fnv(f.read())
    for group in (sets, vs_sets):
        for text in group:
            fnv(text.encode() + b"\0")
        fnv(b"|")
    return f"{h:016x}"


def stamp_for(eapsim, args, scenario, runs, settings, fingerprint=None):
    version = subprocess.run([eapsim, "--version"], check=True, capture_output=True,
                             text=True).stdout.split()
    want = {"program": "eapsim", "version": version[1], "commit": version[3].rstrip(")"),
            "scenario": scenario, "seed": "1", "runs": str(runs), "settings": "; ".join(settings),
            "command_line": "eapsim " + shlex.join(args), "time": EPOCH_TEXT}
    if fingerprint:
        want["fingerprint"] = fingerprint
    return want


def check_stamps(eapsim, scenarios, tmp):
    """Runs every kind of command in tmp (relative paths, as the stamp records them)."""
    os.symlink(os.path.abspath(scenarios), os.path.join(tmp, "scenarios"))
    t, b = "scenarios/tripoli-2014.json", "scenarios/benghazi-2012.json"
    studies = [
        ("batch", ["batch", t, "--runs", "1000", "--per-run", "--quiet", "--out", "bt",
                   "--set", 'assets/f16_pair/readiness="2 h"'], t, 1000,
         ['--set assets/f16_pair/readiness="2 h"']),
        ("compare", ["compare", b, "--runs", "300", "--quiet", "--out", "cb", "--vs-set",
                     "request_chain/moa=true", "--from", "01:30"], b, 300,
         ["--vs-set request_chain/moa=true", "--from 01:30"]),
        ("sweep", ["batch", b, "--runs", "200", "--quiet", "--out", "sw", "--sweep",
                   "request_chain/hops/africom/delay=0:30:15 min"], b, 200,
         ["--sweep request_chain/hops/africom/delay=0:30:15 min"]),
        ("sensitivity", ["sensitivity", t, "--runs", "100", "--quiet", "--out", "sn"], t, 100, []),
        ("shard", ["batch", t, "--runs", "1000", "--quiet", "--out", "s1", "--shard", "1/2"], t,
         1000, []),
        ("shard", ["batch", t, "--runs", "1000", "--quiet", "--out", "s2", "--shard", "2/2"], t,
         1000, []),
        ("merge", ["merge", "s1", "s2", "--out", "mg"], t, 1000, []),
        ("batch", ["batch", b, "--runs", "5000", "--quiet", "--out", "bb"], b, 5000, []),
    ]
    for what, args, scn, runs, settings in studies:
        run(eapsim, args, tmp)
        out = os.path.join(tmp, args[args.index("--out") + 1])
        if what == "batch":
            with open(os.path.join(out, "summary.json")) as f:
                metrics = {m["name"]: m for m in json.load(f)["metrics"]}
            with open(os.path.join(out, "state.json")) as f:
                check_page(out, metrics, json.load(f)["deadline"])
        state = os.path.join(out, "state.json")
        sets = [x.split(" ", 1)[1] for x in settings if x.startswith("--set ")]
        fp = fingerprint(tmp, scn, sets)
        if os.path.exists(state):  # the state's own (which --from changes too) is the stamp's
            with open(state) as f:
                fp_state = json.load(f)["fingerprint"]
            if fp_state != fp and not any(x.startswith(("--from", "--vs-set")) for x in settings):
                fail(f"{what}: state.json's fingerprint {fp_state}, computed {fp}")
            fp = fp_state
        check_out_dir(out, stamp_for(eapsim, args, scn, runs, settings, fp), what)
    with open(os.path.join(tmp, "mg", "run-info.json")) as f:
        inputs = [e["file"] for e in json.load(f)["inputs"]]
    if inputs != ["s1/state.json", "s2/state.json"]:
        fail(f"merge: run-info.json's inputs are {inputs}")
    check_run_reports(eapsim, tmp, b)
    check_reproducible(eapsim, tmp, t)
    print("stamps: every file of batch, compare, sweep, sensitivity, shards, merge, run and "
          "view read back and checked")


def check_run_reports(eapsim, tmp, scn):
    for fmt in ("text", "json", "csv"):
        args = ["run", scn, "--replay", "--format", fmt]
        text = run(eapsim, args, tmp, stdout=subprocess.PIPE).stdout.decode()
        if fmt == "text":
            stamp = text_stamp(text)
        elif fmt == "json":
            stamp = json.loads(text)["stamp"]
        else:
            rows = list(csv.reader(text.splitlines()))
            stamp = {r[1]: r[7] for r in rows if r[0] == "stamp"}
            if any(len(r) != len(rows[0]) for r in rows):
                fail("run --format csv: not a rectangular table")
        want = stamp_for(eapsim, args, scn, 1, ["--replay"], fingerprint(tmp, scn))
        check_stamp(f"run --format {fmt}", stamp, want)
    shot = ["view", scn, "--replay", "--screenshot", "shot.png", "--at", "23:10"]
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    if subprocess.run([eapsim, *shot], cwd=tmp, env=env, capture_output=True).returncode == 0:
        want = stamp_for(eapsim, shot, scn, 1, ["--replay", "--at 23:10"], fingerprint(tmp, scn))
        check_stamp("view --screenshot", png_stamp(os.path.join(tmp, "shot.png")), want)
        check_view_refusals(eapsim, tmp, scn, env)


def check_view_refusals(eapsim, tmp, scn, env):
    """A moment after the run's end is refused (a frame there would show the end under a later
    clock), and a screenshot into a missing folder names the file and the system's reason."""
    late = subprocess.run([eapsim, "view", scn, "--replay", "--screenshot", "late.png", "--at",
                           "T+30d"], cwd=tmp, env=env, capture_output=True, text=True)
    if late.returncode != 2 or "is after this run ends" not in late.stderr:
        fail(f"view --at past the end: exit {late.returncode}, {late.stderr.strip()!r}")
    if os.path.exists(os.path.join(tmp, "late.png")):
        fail("view --at past the end: wrote a picture")
    gone = subprocess.run([eapsim, "view", scn, "--replay", "--screenshot", "nodir/x.png"],
                          cwd=tmp, env=env, capture_output=True, text=True)
    if gone.returncode != 1 or "nodir/x.png: No such file or directory" not in gone.stderr:
        fail(f"view --screenshot into a missing folder: exit {gone.returncode}, "
             f"{gone.stderr.strip()!r}")


def check_reproducible(eapsim, tmp, scn):
    """The same command, run twice in two directories: the same bytes."""
    args = ["batch", scn, "--runs", "500", "--per-run", "--quiet", "--out", "out"]
    dirs = []
    for k in ("again1", "again2"):
        d = os.path.join(tmp, k)
        os.makedirs(d)
        os.symlink(os.path.abspath(os.path.join(tmp, "scenarios")), os.path.join(d, "scenarios"))
        run(eapsim, args, d)
        dirs.append(os.path.join(d, "out"))
    for name in sorted(os.listdir(dirs[0])):
        a, b = (open(os.path.join(d, name), "rb").read() for d in dirs)
        if name == "run-info.json":  # its timings differ; nothing else may
            timing = re.compile(rb'^  "(elapsed_seconds|replications_per_second)".*$', re.M)
            a, b = timing.sub(b"", a), timing.sub(b"", b)
        if a != b:
            fail(f"the same command twice: {name} differs")


def decimals(lo, hi, fallback):
    """Decimals that show an interval's half-width to one significant digit."""
    half = (hi - lo) / 2
    if not half > 0:
        return fallback
    return min(6, max(0, math.ceil(-math.log10(half) - 1e-9)))


def check_page(out, metrics, deadline):
    with open(os.path.join(out, "index.html")) as f:
        page = f.read()
    for bad in ("<script", "http://", "https://", "@import", "url(", "@font-face"):
        if bad in page:
            fail(f"{out}/index.html: not self-contained: {bad}")
    opening = page.split('<section class="opening"', 1)[-1].split("</section>", 1)[0]
    answer = html.unescape(re.search(r'<p class="answer">(.*?)</p>', opening).group(1))
    safe = metrics["all_safe_by_deadline"]
    lo, hi = safe["wilson95"]
    d = decimals(100 * lo, 100 * hi, 1)
    want = f"{100 * safe['p']:.{d}f}% of simulated runs" if 0 < safe["p"] < 1 else \
        f"in {'all' if safe['p'] == 1 else 'none'} of the"
    if deadline not in answer or want not in answer or f"{100 * lo:.{d}f}%" not in answer:
        fail(f"{out}/index.html: the answer {answer!r} lacks {deadline!r} or {want!r}")
    if page.index('class="opening"') > page.index('id="details"'):
        fail(f"{out}/index.html: the answer does not come first")
    for heading in ("What moves it most", "eapsim sensitivity", "The replay against the record"):
        if heading not in opening:
            fail(f"{out}/index.html: the opening lacks {heading!r}")
    rows = re.findall(r"<tr><td>(.*?)</td>", opening)
    milestones = [m for m in metrics.values() if m["name"].startswith("milestone/")]
    if len(rows) != len(milestones):
        fail(f"{out}/index.html: {len(rows)} replay rows for {len(milestones)} milestones")
    cas = metrics["casualties"]
    d = decimals(cas["ci95_lo"], cas["ci95_hi"], 0)
    cell = f"<td>casualties</td><td>count</td><td class=\"num\">{cas['mean']:.{d}f}</td>" \
           f"<td class=\"num\">{cas['ci95_lo']:.{d}f} to {cas['ci95_hi']:.{d}f}</td>"
    if cell not in page:
        fail(f"{out}/index.html: casualties not given as {cell}")
    check_printed(out, page, [html.unescape(r) for r in rows])


def check_printed(out, page, rows):
    """In a real browser engine: printed on A4, the opening fills page 1 and no more."""
    import shutil
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdftotext"):
        print(f"{out}/index.html: no chromium and pdftotext here: not printed")
        return
    pdf = os.path.join(out, "index.pdf")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    "file://" + os.path.abspath(os.path.join(out, "index.html"))],
                   check=True, capture_output=True, timeout=120)
    pages = [subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), "-layout", pdf, "-"],
                            check=True, capture_output=True, text=True).stdout for k in (1, 2)]
    os.remove(pdf)
    flat = [re.sub(r"\s+", " ", p) for p in pages]
    first_words = " ".join(rows[-1].split()[:3]) if rows else "The replay against the record"
    if "The answer" not in flat[0] or first_words not in flat[0] or "Details" in flat[0]:
        fail(f"{out}/index.html: printed, the opening is not the whole of page 1")
    if not flat[1].strip().startswith("Details"):
        fail(f"{out}/index.html: printed, page 2 does not start with the details")
    print(f"{out}/index.html: printed by {os.path.basename(chromium)} on A4, the opening on "
          "page 1")


def main():
    eapsim, scenarios = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    runs_list = [int(r) for r in sys.argv[3:]] or [3000, 30000]
    with tempfile.TemporaryDirectory() as tmp:
        measure(eapsim, scenarios, runs_list, tmp)
    if not sys.argv[3:]:
        with tempfile.TemporaryDirectory() as tmp:
            check_stamps(eapsim, scenarios, tmp)
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
