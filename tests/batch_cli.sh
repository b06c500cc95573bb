#!/usr/bin/env bash
# Batch studies from the command line, as users run them:
#   batch_cli.sh EAPSIM SCENARIO_DIR [mpi]
# - the summary files are byte-identical whatever --threads, and after --shard K/N + merge
#   (also of state files written by the previous version);
# - with "mpi": the same under mpirun with 2 ranks, and one-process commands refused there
#   (skipped, exit 77, without mpirun);
# - bad input (--runs 0, --threads 0, a zero sweep step, an unwritable --out, a bad --set,
#   options the command would ignore) exits 2 with a message and does not create --out;
# - a sweep's point lines are progress: on a terminal only, never in a file stderr goes to;
# - Ctrl-C writes the summary of the completed replications, marked partial, exit 130 (the
#   sweep's case on a terminal of script(1), util-linux, to see its point lines).
set -u
eapsim=$1
scenarios=$2
mode=${3:-}
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# Every file carries the provenance stamp (stamp.h); of its fields only the command line
# differs between runs of one study with other --threads, --shard, --out or a merge (the time
# is SOURCE_DATE_EPOCH's), and it sits on a line of its own that names it.
export SOURCE_DATE_EPOCH=1700000000
same() { # same FILE_A FILE_B WHAT: identical but for the stamp's command line
    cmp -s <(grep -v command_line "$1") <(grep -v command_line "$2") ||
        { fail "$3: $1 and $2 differ"; diff "$1" "$2" | head -5 >&2; }
}

scn=$scenarios/tripoli-2014.json
runs=3000

if [ "$mode" = mpi ]; then
    command -v mpirun >/dev/null || { echo "no mpirun: skipped"; exit 77; }
    "$eapsim" batch "$scn" --runs $runs --threads 1 --out "$tmp/t1" --quiet >"$tmp/t1.txt" ||
        fail "single-process batch"
    # Root in CI containers; oversubscribe: 2 ranks on whatever cores there are.
    mpirun --allow-run-as-root --oversubscribe -np 2 "$eapsim" batch "$scn" --runs $runs \
        --threads 1 --out "$tmp/mpi" --quiet >"$tmp/mpi.txt" 2>"$tmp/mpi.err" ||
        { fail "mpirun -np 2"; cat "$tmp/mpi.err" >&2; }
    for f in summary.json summary.csv state.json; do
        same "$tmp/t1/$f" "$tmp/mpi/$f" "MPI 2 ranks vs 1 process ($f)"
    done
    same "$tmp/t1.txt" "$tmp/mpi.txt" "MPI text summary"
    # One-process commands refuse to run on several ranks (they would all print the same).
    mpirun --allow-run-as-root --oversubscribe -np 2 "$eapsim" run "$scn" --replay \
        >"$tmp/mpirun.txt" 2>"$tmp/mpirun.err" && fail "run under mpirun -np 2 was not refused"
    grep -q "runs in one process" "$tmp/mpirun.err" || fail "run under mpirun: no reason given"
    [ -s "$tmp/mpirun.txt" ] && fail "run under mpirun printed a report"
    [ $failures -eq 0 ] && echo "MPI summaries identical to the single process"
    exit $((failures > 0))
fi

# --- threads ---
for t in 1 2 5; do
    "$eapsim" batch "$scn" --runs $runs --threads $t --out "$tmp/t$t" --quiet >"$tmp/t$t.txt" ||
        fail "batch --threads $t"
done
for t in 2 5; do
    for f in summary.json summary.csv state.json; do
        same "$tmp/t1/$f" "$tmp/t$t/$f" "--threads 1 vs $t ($f)"
    done
    same "$tmp/t1.txt" "$tmp/t$t.txt" "--threads 1 vs $t (stdout)"
done

# --- shards and merge ---
for k in 1 2 3; do
    "$eapsim" batch "$scn" --runs $runs --threads 2 --shard $k/3 --out "$tmp/s$k" --quiet \
        >/dev/null || fail "batch --shard $k/3"
done
"$eapsim" merge "$tmp/s3" "$tmp/s1" "$tmp/s2/state.json" --out "$tmp/merged" >"$tmp/m.txt" ||
    fail "merge"
for f in summary.json summary.csv state.json; do
    same "$tmp/t1/$f" "$tmp/merged/$f" "3 shards merged vs one run ($f)"
done
same "$tmp/t1.txt" "$tmp/m.txt" "3 shards merged vs one run (stdout)"
# the pictures and the page too: the state carries each metric's role (since version 2)
for f in index.html hist-time_all_safe.svg hist-milestone-convoy_in_tunisia.svg; do
    same "$tmp/t1/$f" "$tmp/merged/$f" "3 shards merged vs one run ($f)"
done
# states written by the previous version (1: integers as strings, no roles) still merge
v1=$(dirname "$0")/data/state-v1
"$eapsim" merge "$v1/shard1.json" "$v1/shard2.json" --out "$tmp/v1" >/dev/null ||
    fail "merge of version 1 states"
unstamped() { # the JSON file without its "stamp" object (as cJSON prints it, tab-indented)
    sed '/^\t"stamp":/,/^\t},\{0,1\}$/d' "$1"
}
unstamped "$tmp/v1/summary.json" >"$tmp/v1/unstamped.json"
same "$v1/merged-summary.json" "$tmp/v1/unstamped.json" "version 1 states merged"
grep -q '"command_line":.*eapsim merge' "$tmp/v1/summary.json" || fail "the merged summary has no stamp"
[ -s "$tmp/v1/hist-time_all_safe.svg" ] || fail "merge of version 1 states: no histogram"
# merge refuses shards of another study or of another eapsim, naming both
"$eapsim" batch "$scn" --runs $runs --threads 2 --shard 3/3 --set 'assets/f16_pair/readiness="2 h"' \
    --out "$tmp/other" --quiet >/dev/null || fail "batch --shard 3/3 --set"
"$eapsim" merge "$tmp/s1" "$tmp/s2" "$tmp/other" --out "$tmp/bad0" 2>"$tmp/e" &&
    fail "merge of shards with different overrides"
grep -q "s1/state.json has fingerprint [0-9a-f]\{16\} .*other/state.json has [0-9a-f]\{16\}" "$tmp/e" ||
    { fail "merge: the different fingerprints are not both named"; cat "$tmp/e" >&2; }
sed 's/"version": "[^"]*"/"version": "0.0.9"/' "$tmp/s3/state.json" >"$tmp/old.json"
"$eapsim" merge "$tmp/s1" "$tmp/s2" "$tmp/old.json" --out "$tmp/bad0" 2>"$tmp/e" &&
    fail "merge of shards from another version"
grep -q "different versions of eapsim: .*s1/state.json by eapsim $("$eapsim" --version | cut -d' ' -f2) .*old.json by eapsim 0.0.9" "$tmp/e" ||
    { fail "merge: the two versions are not both named"; cat "$tmp/e" >&2; }
[ -e "$tmp/bad0" ] && fail "a refused merge created its --out"
# ...and comparison shards whose words for B differ (a state file edited by hand)
for k in 1 2; do
    "$eapsim" compare "$scn" --runs 600 --threads 1 --shard $k/2 --vs-set request_chain/moa=true \
        --out "$tmp/c$k" --quiet >/dev/null || fail "compare --shard $k/2"
done
sed 's/"vs_label":"[^"]*"/"vs_label":"something else"/' "$tmp/c2/state.json" >"$tmp/c2x.json"
grep -q '"vs_label":"something else"' "$tmp/c2x.json" || fail "compare's state.json has no vs_label"
"$eapsim" merge "$tmp/c1" "$tmp/c2" --out "$tmp/cm" >/dev/null || fail "merge of two compare shards"
"$eapsim" merge "$tmp/c1" "$tmp/c2x.json" --out "$tmp/bad0" 2>"$tmp/e" &&
    fail "merge of compare shards whose vs_label differs"
grep -q "vs-set in words (vs_label)" "$tmp/e" || fail "merge: vs_label not named: $(cat "$tmp/e")"
# merge refuses missing and duplicated shards
"$eapsim" merge "$tmp/s1" "$tmp/s3" --out "$tmp/bad1" 2>"$tmp/e" && fail "merge with a shard missing"
grep -q "missing" "$tmp/e" || fail "merge: no word of the missing replications"
"$eapsim" merge "$tmp/s1" "$tmp/s1" "$tmp/s2" "$tmp/s3" --out "$tmp/bad2" 2>"$tmp/e" &&
    fail "merge with a shard twice"
grep -q "twice" "$tmp/e" || fail "merge: no word of the duplicated replications"

# --- per-run rows are the same with 1 or 4 threads ---
"$eapsim" batch "$scn" --runs 700 --threads 1 --per-run --out "$tmp/r1" --quiet >/dev/null
"$eapsim" batch "$scn" --runs 700 --threads 4 --per-run --out "$tmp/r4" --quiet >/dev/null
same "$tmp/r1/runs.csv" "$tmp/r4/runs.csv" "runs.csv with 1 vs 4 threads"
[ "$(wc -l <"$tmp/r1/runs.csv")" -eq 701 ] || fail "runs.csv should have a header and 700 rows"

# One study with 1 and 3 threads, and as 2 shards merged: the same summary.json. The
# 1-thread run's text goes to $tmp/P1.txt.
threads_and_shards() { # threads_and_shards P WHAT ARGS...
    local p=$1 what=$2
    shift 2
    "$eapsim" "$@" --threads 1 --out "$tmp/${p}1" >"$tmp/${p}1.txt" || fail "$what"
    "$eapsim" "$@" --threads 3 --out "$tmp/${p}3" >/dev/null || fail "$what --threads 3"
    "$eapsim" "$@" --threads 2 --shard 1/2 --out "$tmp/${p}s1" >/dev/null
    "$eapsim" "$@" --threads 2 --shard 2/2 --out "$tmp/${p}s2" >/dev/null
    "$eapsim" merge "$tmp/${p}s1" "$tmp/${p}s2" --out "$tmp/${p}m" >/dev/null ||
        fail "merge of $what shards"
    same "$tmp/${p}1/summary.json" "$tmp/${p}3/summary.json" "$what --threads 1 vs 3"
    same "$tmp/${p}1/summary.json" "$tmp/${p}m/summary.json" "$what shards merged"
}

# --- paired comparison: threads and shards ---
threads_and_shards c compare compare "$scenarios/benghazi-2012.json" --runs 1500 \
    --vs-set request_chain/moa=true --quiet

# --- branching from the record's history (--from): threads, shards, and what it says ---
threads_and_shards f "batch --from" batch "$scenarios/benghazi-2012.json" --runs 1500 \
    --from 01:30 --quiet
grep -q "from the record's history up to 01:30 +1d (T+3h48m)" "$tmp/f1.txt" ||
    fail "batch --from: the summary does not say where the runs branch from"
# milestones are times of day: in local clock time with the day, not in minutes from the start
grep -Eq '^  Tripoli team lands at Benina +01:30 \+1d ' "$tmp/f1.txt" ||
    fail "batch: a milestone's row is not in local clock time with its day"
grep -q '^  Tripoli team lands at Benina (min)' "$tmp/f1.txt" &&
    fail "batch: a milestone's row is in minutes from the start"
grep -q '"from":[[:space:]]*"01:30 +1d (T+3h48m)"' "$tmp/f1/summary.json" || fail "summary.json lacks \"from\""
# the history is the record's: the drone was overhead at 23:10 in every run
grep -A12 '"milestone/drone_overhead"' "$tmp/f1/summary.json" | grep -q '"sd":[[:space:]]*0,' ||
    fail "batch --from 01:30: the drone's arrival (before 01:30) varies"
# a milestone names the moment too, and shards of another --from do not merge
"$eapsim" batch "$scenarios/benghazi-2012.json" --runs 1500 --from team_lands_benina --threads 2 \
    --shard 2/2 --out "$tmp/fo2" --quiet >/dev/null || fail "batch --from MILESTONE"
"$eapsim" merge "$tmp/fs1" "$tmp/fo2" --out "$tmp/fbad" 2>"$tmp/e" && fail "merge of shards with another --from"
grep -q -- "--from differs" "$tmp/e" || fail "merge: no word of the different --from"
"$eapsim" compare "$scenarios/benghazi-2012.json" --runs 500 --from 01:30 \
    --vs-set 'assets/lmi_force/readiness="10 min"' --quiet >/dev/null || fail "compare --from"

# --- sweeps: identical whatever the threads ---
sw=(batch "$scenarios/benghazi-2012.json" --runs 400 --sweep "assets/isr_drone/readiness=0:30:15 min" --quiet)
"$eapsim" "${sw[@]}" --threads 1 --out "$tmp/w1" >/dev/null || fail "sweep"
"$eapsim" "${sw[@]}" --threads 2 --out "$tmp/w2" >/dev/null || fail "sweep --threads 2"
same "$tmp/w1/summary.json" "$tmp/w2/summary.json" "sweep --threads 1 vs 2"
[ "$(grep -c '"values"' "$tmp/w1/summary.json")" -eq 3 ] || fail "the sweep 0:30:15 has 3 points"

# --- a sweep's point lines are progress, for a terminal: none in a file, errors still there ---
two=(--sweep "assets/f16_pair/readiness=1 h,2 h")
"$eapsim" batch "$scn" --runs 50 --threads 1 "${two[@]}" >/dev/null 2>"$tmp/sw.err" ||
    fail "a sweep with stderr to a file"
grep -q "sweep point" "$tmp/sw.err" && fail "a sweep wrote its point lines to a file: $(head -1 "$tmp/sw.err")"
"$eapsim" batch "$scn" --runs 50 --threads 1 "${two[@]}" --sweep "assets/mv22_pair/readiness=1 h,soon" \
    >/dev/null 2>"$tmp/sw.err" && fail "a sweep with a bad value ran"
grep -q "mv22_pair/readiness=soon" "$tmp/sw.err" || fail "a sweep's error did not reach stderr's file"

# --- bad input: exit 2, nothing written ---
bad() { # bad WHAT ARGS...
    local what=$1
    shift
    rm -rf "$tmp/badout"
    "$eapsim" "$@" >"$tmp/o" 2>"$tmp/e"
    local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
    [ -s "$tmp/e" ] || fail "$what: no message on stderr"
    [ -e "$tmp/badout" ] && fail "$what: created --out $(ls "$tmp/badout")"
}
bad "--runs 0" batch "$scn" --runs 0 --out "$tmp/badout"
bad "--threads 0" batch "$scn" --runs 10 --threads 0 --out "$tmp/badout"
bad "zero sweep step" batch "$scn" --runs 10 --sweep "assets/f16_pair/readiness=0:60:0 min" --out "$tmp/badout"
bad "sweep start above end" batch "$scn" --runs 10 --sweep "assets/f16_pair/readiness=60:0:10 min" --out "$tmp/badout"
bad "bad sweep value" batch "$scn" --runs 10 --sweep "assets/f16_pair/readiness=1,2" --out "$tmp/badout"
bad "unwritable --out" batch "$scn" --runs 10 --out /proc/eapsim-cannot-write-here
bad "bad --set path" batch "$scn" --runs 10 --set assets/nonesuch/speed=3 --out "$tmp/badout"
bad "bad --set value" batch "$scn" --runs 10 --set 'assets/f16_pair/speed="fast"' --out "$tmp/badout"
bad "--shard 4/3" batch "$scn" --runs 10 --shard 4/3 --out "$tmp/badout"
bad "compare without --vs-set" compare "$scn" --runs 10
bad "bad --vs-set value" compare "$scn" --runs 10 --vs-set 'assets/f16_pair/readiness=fast' --out "$tmp/badout"
grep -q -- '--vs-set assets/f16_pair/readiness=fast' "$tmp/e" || fail "bad --vs-set: the message does not name --vs-set"
bad "--vs-set on batch" batch "$scn" --runs 10 --vs-set 'assets/f16_pair/readiness=1 h' --out "$tmp/badout"
bad "--metric on batch" batch "$scn" --runs 10 --metric casualties --out "$tmp/badout"
# refused as the synopsis table says (what --help lists), naming the commands that take it
grep -q -- "--metric is for eapsim sensitivity$" "$tmp/e" || fail "--metric on batch: $(cat "$tmp/e")"
bad "--sweep on compare" compare "$scn" --runs 10 --vs-set 'assets/f16_pair/readiness=1 h' \
    --sweep "assets/f16_pair/readiness=1 h,2 h" --out "$tmp/badout"
grep -q -- "--sweep is for eapsim batch$" "$tmp/e" || fail "--sweep on compare: $(cat "$tmp/e")"
bad "--from a misspelt milestone" batch "$scn" --runs 10 --from convoy_departz --out "$tmp/badout"
grep -q 'did you mean "convoy_departs"' "$tmp/e" || fail "--from: no did-you-mean for a misspelt milestone"
bad "--from after the end" batch "$scn" --runs 10 --from "3 d" --out "$tmp/badout"
bad "--from on sensitivity" sensitivity "$scn" --runs 10 --from 02:00
bad "--from with --sweep" batch "$scn" --runs 10 --from 02:00 --sweep "assets/f16_pair/readiness=1 h,2 h"
bad "--per-run with --sweep" batch "$scn" --runs 10 --per-run --out "$tmp/badout" --sweep "assets/f16_pair/readiness=1 h,2 h"
bad "--shard on sensitivity" sensitivity "$scn" --runs 10 --shard 1/2 --out "$tmp/badout"
grep -q -- "--shard is for eapsim batch and compare$" "$tmp/e" || fail "--shard on sensitivity: $(cat "$tmp/e")"
bad "--runs above 2^53" batch "$scn" --runs 9007199254740993 --out "$tmp/badout"
bad "--replay with --seed" run "$scn" --replay --seed 3
bad "unknown metric" sensitivity "$scn" --runs 10 --metric time_al_safe
grep -q 'did you mean "time_all_safe"' "$tmp/e" || fail "unknown metric: no did-you-mean"

# --- Ctrl-C: partial summary of the completed replications, exit 130 ---
# interrupt_when_running PID SECONDS: once the replications are under way (the process has
# started its worker threads), lets them run SECONDS more, sends SIGINT and sets rc.
interrupt_when_running() {
    local pid=$1
    for _ in $(seq 100); do
        [ "$(ls /proc/$pid/task 2>/dev/null | wc -l)" -ge 3 ] && break
        sleep 0.05
    done
    sleep "$2"
    kill -INT "$pid"
    wait "$pid"
    rc=$?
}
"$eapsim" batch "$scn" --runs 500000000 --threads 2 --out "$tmp/int" --quiet >"$tmp/int.txt" &
interrupt_when_running $! 0.3
[ $rc -eq 130 ] || fail "interrupted batch: exit $rc, expected 130"
grep -q '"partial":	true' "$tmp/int/summary.json" 2>/dev/null || fail "interrupted batch: summary not marked partial"
grep -q "INTERRUPTED" "$tmp/int.txt" || fail "interrupted batch: stdout does not say so"
ls "$tmp/int" | grep -q '\.tmp\.' && fail "interrupted batch left a temporary file"

# --- Ctrl-C during a two-dimensional sweep: the points that ran, curves of unequal length ---
# The sweep reports each finished point on a terminal: it runs under script(1), whose
# typescript is what the terminal showed; the interrupt goes in once the first point is done,
# while the second (300,000 replications) is far from finished.
script -qfec "echo \$\$ >'$tmp/intsw.pid'; exec '$eapsim' batch '$scn' --runs 300000 --threads 2 \
    --out '$tmp/intsw' --sweep 'assets/f16_pair/readiness=0:90:10 min' \
    --sweep 'assets/mv22_pair/readiness=1 h,2 h,3 h' >'$tmp/intsw.txt'" "$tmp/intsw.tty" \
    </dev/null >/dev/null 2>&1 &
pid=$!
until grep -q "sweep point 1 of 30 done" "$tmp/intsw.tty" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
kill -INT "$(cat "$tmp/intsw.pid")"
wait "$pid"
rc=$?
[ $rc -eq 130 ] || { fail "interrupted sweep: exit $rc, expected 130"; cat "$tmp/intsw.tty" >&2; }
grep -q '"partial":	true' "$tmp/intsw/summary.json" 2>/dev/null || fail "interrupted sweep: summary not marked partial"
points=$(grep -c '"values"' "$tmp/intsw/summary.json" 2>/dev/null)
[ "${points:-0}" -ge 1 ] && [ "${points:-0}" -lt 30 ] || fail "interrupted sweep: $points points of 30"
[ -s "$tmp/intsw/sweep-time_all_safe.svg" ] || fail "interrupted sweep: no curve of time_all_safe"
[ -s "$tmp/intsw/index.html" ] || fail "interrupted sweep: no index.html"

[ $failures -eq 0 ] && echo "batch CLI: determinism, merges, refusals and interruption all hold"
exit $((failures > 0))
