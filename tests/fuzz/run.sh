#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time, as CI does (docs/robustness.md):
#   tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [BUILD_DIR]
# SECONDS per target (default 60), JOBS targets at a time (default 2), BUILD_DIR as for
# build.sh (default build-fuzz). Each target starts from its seeds (committed corpora,
# regressions, tests/bad, scenarios/, and state.json files made here by a short batch, a
# shard and a comparison) with a fresh working corpus in a temporary folder. A crash, leak,
# timeout, out-of-memory or sanitizer report fails the target; its input is minimised and
# printed (base64) with the command that adds it to tests/fuzz/regressions/<target>/.
# Prints one line of figures per target and ends with "N passed, N failed"; exits 1 when any
# target failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=60
jobs=2
while getopts "t:j:" opt; do
    case $opt in
        t) secs=$OPTARG ;;
        j) jobs=$OPTARG ;;
        *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
build=${1:-$root/build-fuzz}
targets=()
for f in "$root"/tests/fuzz/fuzz_*.c; do
    f=$(basename "$f" .c)
    targets+=("${f#fuzz_}")
done

work=$(mktemp -d "${TMPDIR:-/tmp}/eapsim-fuzz.XXXXXX")
echo "fuzz: working folder $work (removed when every target passes)"
if ! "$root/tests/fuzz/build.sh" "$build" >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log"
    echo "fuzz: the build failed"
    echo "0 passed, ${#targets[@]} failed"
    exit 1
fi

# Reports are fatal: libFuzzer turns each into an artifact and a non-zero exit.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# Seeds made here: the small valid scenario of fuzz_override for the loader, and state.json
# files from the real program (a batch, one shard of a batch and a comparison).
make_seeds() {
    local eapsim=$build/sim/cli/eapsim out=$work/seeds/state base=$root/tests/fuzz/override_base.json
    mkdir -p "$out" "$work/seeds/loader" && cp "$base" "$work/seeds/loader/" || return 1
    "$eapsim" batch "$root/scenarios/tripoli-2014.json" --runs 40 --quiet --out "$work/b" &&
        "$eapsim" batch "$root/scenarios/benghazi-2012.json" --runs 600 --shard 2/3 --quiet \
            --out "$work/s" &&
        "$eapsim" compare "$base" --runs 40 --vs-set request_chain/moa=true --quiet \
            --out "$work/c" || return 1
    cp "$work/b/state.json" "$out/batch.json" && cp "$work/s/state.json" "$out/shard.json" &&
        cp "$work/c/state.json" "$out/compare.json"
}

# The seed folders of a target (libFuzzer reads them; new inputs go to the working corpus).
seeds() {
    local t=$1 fz=$root/tests/fuzz
    case $t in
        loader) echo "$fz/regressions/loader $root/tests/bad $root/scenarios $work/seeds/loader" ;;
        state) echo "$fz/regressions/state $fz/corpus/state $work/seeds/state" ;;
        *) echo "$fz/regressions/$t $fz/corpus/$t" ;;
    esac
}

# Longest input tried: the bundled scenarios are up to 22 KB; state files up to 40 KB;
# session logs up to a few KB (one entry per inject, decision and observation).
max_len() {
    case $1 in
        loader | state | log) echo 65536 ;;
        *) echo 4096 ;;
    esac
}

run_target() {
    local t=$1 dict=$root/tests/fuzz/$1.dict opts=()
    [ "$t" = loader ] && dict=$root/tests/fuzz/scenario.dict
    [ -f "$dict" ] && opts+=(-dict="$dict")
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
    # shellcheck disable=SC2046 # seeds() gives one word per folder
    "$build/tests/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len="$(max_len "$t")" "${opts[@]}" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$t/" "$work/corpus/$t" $(seeds "$t") \
        >"$work/$t.log" 2>&1
    echo $? >"$work/$t.rc"
}

# Figures from libFuzzer's log: executions, executions per second, coverage (edges),
# features, corpus size, and the seconds it ran.
figures() {
    local log=$1 execs rate cov ft corp
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n1 | cut -d' ' -f2)
    printf '%-9s %10s execs %7s/s  cov %5s edges  ft %6s  corpus %-12s' "$2" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
}

# A finding: minimise it (bounded), print it so it survives the temporary folder.
report_finding() {
    local t=$1 art
    for art in "$work/artifacts/$t"/*; do
        [ -f "$art" ] || continue
        local min=$art.min
        timeout 120 "$build/tests/fuzz_$t" -minimize_crash=1 -max_total_time=30 -timeout=10 \
            -runs=100000 -exact_artifact_path="$min" "$art" >"$art.minimize.log" 2>&1
        [ -s "$min" ] || min=$art
        echo "fuzz $t: finding $(basename "$art") ($(wc -c <"$min") bytes, minimised):"
        base64 -w 76 "$min" | head -n 60
        echo "  reproduce: $build/tests/fuzz_$t FILE; add as a regression once fixed:"
        echo "  base64 -d > tests/fuzz/regressions/$t/NAME-OF-THE-BUG"
    done
    grep -m1 -A25 -E 'ERROR: |runtime error|SUMMARY: |==[0-9]+==' "$work/$t.log" | head -n 40
}

passed=0
failed=0
if ! make_seeds >"$work/seeds.log" 2>&1; then
    echo "fuzz: could not make the seeds:"
    cat "$work/seeds.log"
    failed=$((failed + 1))
fi

running=0
for t in "${targets[@]}"; do
    run_target "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

for t in "${targets[@]}"; do
    rc=$(cat "$work/$t.rc" 2>/dev/null || echo 1)
    art=$(find "$work/artifacts/$t" -type f | wc -l)
    ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/$t.log" | tail -n1)
    line="$(figures "$work/$t.log" "$t") ${ran:-?} s"
    if [ "$rc" -eq 0 ] && [ "$art" -eq 0 ] && [ "${ran:-0}" -ge "$secs" ]; then
        echo "$line  ok"
        passed=$((passed + 1))
    else
        echo "$line  FAILED (exit $rc, $art findings)"
        report_finding "$t"
        failed=$((failed + 1))
    fi
done

[ "$failed" -eq 0 ] && rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
