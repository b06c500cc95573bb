#!/usr/bin/env bash
# One batch in a single process and under MPI, as a test and as a benchmark:
#   mpi_scale.sh EAPSIM SCENARIO RUNS [ROUNDS]
# Runs the batch with 1 thread in one process, then under `mpirun -np 2` and
# `mpirun -np 4 --oversubscribe` (1 thread a rank), ROUNDS times each in turn (default 1). The
# summary files must be byte-identical every time but for their provenance stamp's command line
# (exit 1 otherwise). Prints each run's
# elapsed seconds as eapsim measured them (run-info.json: the batch and the gathering of the
# ranks' states, not MPI's start-up), then the median per launch and its speed-up over the
# single process, the last line being "speedup_np2 S". Skipped (exit 77) without mpirun.
set -u
eapsim=$1
scn=$2
runs=$3
rounds=${4:-1}
command -v mpirun >/dev/null || { echo "no mpirun: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
mpi=(mpirun --allow-run-as-root --oversubscribe)
# Every file carries the provenance stamp (stamp.h): its time is SOURCE_DATE_EPOCH's, and its
# command line (with each launch's --out), on a line of its own, is the one field that differs.
export SOURCE_DATE_EPOCH=1700000000
same() { cmp -s <(grep -v command_line "$1") <(grep -v command_line "$2"); }

elapsed() { sed -n 's/.*"elapsed_seconds": *\([0-9.]*\).*/\1/p' "$1/run-info.json"; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

declare -A times
for r in $(seq 1 "$rounds"); do
    for np in 1 2 4; do
        out=$tmp/np$np
        rm -rf "$out"
        if [ $np = 1 ]; then
            "$eapsim" batch "$scn" --runs "$runs" --threads 1 --out "$out" --quiet >"$out.txt"
        else
            "${mpi[@]}" -np $np "$eapsim" batch "$scn" --runs "$runs" --threads 1 --out "$out" \
                --quiet >"$out.txt"
        fi || { echo "FAIL: the batch on $np process(es) failed" >&2; exit 1; }
        for f in summary.json summary.csv state.json; do
            same "$tmp/np1/$f" "$out/$f" ||
                { echo "FAIL: $f differs between 1 process and $np ranks" >&2; failures=1; }
        done
        same "$tmp/np1.txt" "$out.txt" ||
            { echo "FAIL: the text summary differs between 1 process and $np ranks" >&2; failures=1; }
        t=$(elapsed "$out")
        times[$np]+="$t "
        echo "round $r: $np process(es): $t s"
    done
done
m1=$(echo "${times[1]}" | tr ' ' '\n' | grep . | median)
for np in 1 2 4; do
    m=$(echo "${times[$np]}" | tr ' ' '\n' | grep . | median)
    echo "np$np median $m s, $(awk -v a="$runs" -v t="$m" 'BEGIN {printf "%.0f", a / t}') replications/s"
done
[ $failures -eq 0 ] && echo "summaries identical on 1, 2 and 4 ranks"
echo "speedup_np4 $(awk -v a="$m1" -v b="$(echo "${times[4]}" | tr ' ' '\n' | grep . | median)" 'BEGIN {printf "%.2f", a / b}')"
echo "speedup_np2 $(awk -v a="$m1" -v b="$(echo "${times[2]}" | tr ' ' '\n' | grep . | median)" 'BEGIN {printf "%.2f", a / b}')"
exit $failures
