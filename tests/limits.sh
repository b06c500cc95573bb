#!/usr/bin/env bash
# Every limit of eapsim's inputs gives a clear, located refusal (exit 2), and what is just
# within it is accepted (docs/robustness.md, "Limits"):
#   limits.sh EAPSIM SCENARIO_DIR
# - scenario files: size (16 MB), nesting (64), elements of each kind and members of an
#   object (10,000), string length (16,384 bytes), durations beyond the clock's range;
# - the command line: --runs beyond 2^53, 2^63 and 2^64, --seed and --shard beyond 2^64,
#   durations beyond the clock in --until, --at, --from, --set and --sweep, sweep values and
#   grids beyond 1,000 points, a --sweep list too long to hold, more than 64 --set or one
#   too long;
# - --threads: 0 and negative refused, more than the cores allowed with a note, and the same
#   summary as one thread.
set -u
eapsim=$(realpath "$1")
scenarios=$(realpath "$2")
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

tripoli=$scenarios/tripoli-2014.json
cases=0

# refused WHAT EXPECTED COMMAND...: exit 2, and stderr holds EXPECTED (a fixed string).
refused() {
    local what=$1 expected=$2 rc
    shift 2
    cases=$((cases + 1))
    "$eapsim" "$@" >"$tmp/out" 2>"$tmp/e"
    rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
    grep -qF -- "$expected" "$tmp/e" || fail "$what: expected \"$expected\", found \"$(head -c 400 "$tmp/e")\""
}

# accepted WHAT COMMAND...: exit 0.
accepted() {
    local what=$1
    shift
    cases=$((cases + 1))
    "$eapsim" "$@" >"$tmp/out" 2>"$tmp/e" || fail "$what: refused: $(head -c 400 "$tmp/e")"
}

# with_array KIND N: Tripoli with the array KIND holding N elements, copies of its first when
# it is a string (notes), empty objects otherwise (the count is refused before what they
# hold is read), into $tmp/KIND-N.json; prints the file's name.
with_array() {
    local kind=$1 n=$2 out=$tmp/$1-$2.json
    python3 - "$tripoli" "$kind" "$n" "$out" <<'EOF'
import json, sys
src, kind, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = json.load(open(src))
s[kind] = [s[kind][0] if isinstance(s[kind][0], str) else {}] * n
json.dump(s, open(out, "w"), indent=1)
EOF
    echo "$out"
}

# --- scenario files ---
big=$tmp/big.json
head -c 1 <<<'{' >"$big" && truncate -s $((16 * 1024 * 1024 + 1)) "$big"
refused "a file of 16 MB and a byte" "expected a scenario of at most 16 MB" validate "$big"

printf '%*s' 64 '' | tr ' ' '[' >"$tmp/deep64.json" && printf '%*s' 64 '' | tr ' ' ']' >>"$tmp/deep64.json"
refused "JSON 64 deep (a syntax-level pass)" "expected a JSON object at the top level" validate "$tmp/deep64.json"
printf '%*s' 65 '' | tr ' ' '[' >"$tmp/deep65.json" && printf '%*s' 65 '' | tr ' ' ']' >>"$tmp/deep65.json"
refused "JSON 65 deep" "deep65.json:1:65: expected JSON nested at most 64 levels deep" validate "$tmp/deep65.json"

if command -v python3 >/dev/null; then
    accepted "10,000 notes" validate "$(with_array notes 10000)"
    for kind in notes places routes people vehicles assets threats convoys plan record; do
        f=$(with_array "$kind" 10001)
        # the array opens on the line of its key; the 10,001st element is where it is refused
        line=$(grep -n "^ \"$kind\": \[" "$f" | cut -d: -f1)
        refused "10,001 $kind" "expected at most 10000 elements in an array, found more (the array opened at line $line, column $((${#kind} + 6)))" validate "$f"
    done
else
    echo "no python3: the element-count cases are skipped"
fi
{
    printf '{"eapsim": 1'
    for i in $(seq 10000); do printf ', "k%d": 0' "$i"; done
    printf '}'
} >"$tmp/members.json"
refused "an object of 10,001 members" "expected at most 10000 members in an object, found more (the object opened at line 1, column 1)" validate "$tmp/members.json"

long=$(head -c 16384 /dev/zero | tr '\0' 'x')
sed "s|\"name\": \"[^\"]*\"|\"name\": \"$long\"|" "$tripoli" >"$tmp/name16384.json"
accepted "a name of 16,384 bytes" validate "$tmp/name16384.json"
sed "s|\"name\": \"[^\"]*\"|\"name\": \"${long}x\"|" "$tripoli" >"$tmp/name16385.json"
refused "a name of 16,385 bytes" "expected a string of at most 16384 bytes" validate "$tmp/name16385.json"

# --- counts on the command line ---
refused "--runs 2^53 + 1" "--runs: expected at most 9007199254740992 replications" batch "$tripoli" --runs 9007199254740993
refused "--runs 2^63" "--runs: expected at most 9007199254740992 replications, found 9223372036854775808" batch "$tripoli" --runs 9223372036854775808
refused "--runs 2^64" "--runs: expected an integer below 2^64" batch "$tripoli" --runs 18446744073709551616
refused "--runs -1" "--runs: expected a non-negative integer" batch "$tripoli" --runs -1
refused "--runs ' -5'" "--runs: expected a non-negative integer" batch "$tripoli" --runs " -5"
refused "--seed 2^64" "--seed: expected an integer below 2^64" run "$tripoli" --seed 18446744073709551616
refused "--replication 2^64" "--replication: expected an integer below 2^64" run "$tripoli" --replication 18446744073709551616
refused "--shard 1/2^64" "--shard: expected K/N such as 2/8 (integers below 2^64)" batch "$tripoli" --runs 10 --shard 1/18446744073709551616 --out "$tmp/s"
refused "--shard 1/-1" "--shard: expected K/N such as 2/8" batch "$tripoli" --runs 10 --shard 1/-1 --out "$tmp/s"

# --- durations beyond the clock's range ---
refused "--until 1e30 h" "--until: expected a time within 50903 days of the start" run "$tripoli" --until "1e30 h"
refused "--from 99999999 d" "--from: expected a time within 50903 days of the start" batch "$tripoli" --runs 10 --from "99999999 d"
refused "--set 1e30 h" "/assets/3/readiness: expected a duration of at most 139 years, found one that can reach 1e+30 h" run "$tripoli" --set 'assets/militia_escort/readiness="1e30 h"'
refused "--sweep to 1e30 h" "expected a duration of at most 139 years, found one that can reach 1e+29 h" batch "$tripoli" --runs 10 --sweep "assets/militia_escort/readiness=0:1e30:1e29 h"

# --- sweeps ---
refused "1,001 sweep values" "points, at most 1000" batch "$tripoli" --runs 1 --sweep "assets/militia_escort/readiness=0:1000:1 min"
refused "a grid of 1,100 points" "a grid of 1100 points, at most 1000 in all" batch "$tripoli" --runs 1 --sweep "assets/militia_escort/readiness=0:99:1 min" --sweep "assets/f16_pair/readiness=0:10:1 min"
refused "a sweep list of 4,096 characters" "a list of more than 4095 characters" batch "$tripoli" --runs 1 --sweep "assets/militia_escort/readiness=$(seq -s, -f '%g min' 1 600)"
accepted "a grid of 1,000 points" batch "$tripoli" --runs 1 --quiet --sweep "assets/militia_escort/readiness=0:39:1 min" --sweep "assets/f16_pair/readiness=0:24:1 min"
sets=()
for i in $(seq 65); do sets+=(--set "assets/militia_escort/readiness=$i min"); done
refused "65 --set" "--set: at most 64 overrides" run "$tripoli" "${sets[@]}"
refused "a --set of 600 characters" "...: too long" run "$tripoli" --set "assets/militia_escort/readiness=$(head -c 560 /dev/zero | tr '\0' 1)"

# --- threads ---
refused "--threads 0" "--threads: expected at least 1, found 0" batch "$tripoli" --runs 10 --threads 0
refused "--threads -1" "--threads: expected a non-negative integer" batch "$tripoli" --runs 10 --threads -1
cores=$(nproc)
cases=$((cases + 2))
"$eapsim" batch "$tripoli" --runs 3000 --threads 1 --quiet >"$tmp/t1" || fail "--threads 1"
"$eapsim" batch "$tripoli" --runs 3000 --threads $((cores + 1)) --quiet >"$tmp/tn" 2>"$tmp/e" ||
    fail "--threads $((cores + 1)) was refused"
grep -qF "note: --threads $((cores + 1)) is more than the $cores core" "$tmp/e" ||
    fail "--threads above the cores: no note ($(cat "$tmp/e"))"
cmp -s "$tmp/t1" "$tmp/tn" || fail "--threads $((cores + 1)) gave another summary than --threads 1"
"$eapsim" batch "$tripoli" --runs 300 --threads 1000000000000 --quiet >/dev/null 2>"$tmp/e" ||
    fail "--threads 10^12 was refused"
grep -qF "running 4096 threads (the most eapsim starts)" "$tmp/e" ||
    fail "--threads 10^12: no note of the cap ($(cat "$tmp/e"))"

[ $failures -eq 0 ] && echo "limits: $cases cases; every limit refused clearly, what is within accepted"
exit $((failures > 0))
