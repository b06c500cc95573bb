#!/usr/bin/env bash
# eapsim exercise as facilitators and scripts run it:
#   exercise_cli.sh EAPSIM SCENARIO_DIR
# - prepared answers play a whole session; the log, the run's report (--trace) and the
#   after-action report are written;
# - --replay-log reproduces the session: the same trace and the same report, byte for byte;
# - commands piped on stdin are read a line at a time (choices, ?, b, n, q);
# - bad input (an answer naming a missing decision or option, one the run never reaches, a
#   log of another scenario, of another version of the file, of another format version)
#   exits 2 with a located message and writes nothing;
# - SIGHUP and Ctrl-C save the log so far (exit 129, 130); --resume continues it to the same
#   trace as a session that was never interrupted.
set -u
eapsim=$1
data=$2
scn=$data/exercise-drill.json
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

same() { # same FILE_A FILE_B WHAT
    cmp -s "$1" "$2" || { fail "$3: $1 and $2 differ"; diff "$1" "$2" | head -5 >&2; }
}

# The trace files carry the provenance stamp, whose time is SOURCE_DATE_EPOCH's and whose
# command line differs between a session and its replay: compare them without that line.
export SOURCE_DATE_EPOCH=1700000000
same_trace() { # same_trace FILE_A FILE_B WHAT (also for the reports, which carry the stamp)
    cmp -s <(grep -v command_line "$1") <(grep -v command_line "$2") ||
        { fail "$3: $1 and $2 differ"; diff "$1" "$2" | head -5 >&2; }
}

# Waits up to 20 s for text in a file; false when it never came.
wait_for() { # wait_for FILE TEXT
    for _ in $(seq 200); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

cat >"$tmp/answers.txt" <<'EOF'
# The drill as rehearsed: air cover at once, the airport road, wait for the jets.
request_air request
route airport
depart      wait_air   # once the jets are over the road
destroy no
jets_over stay
EOF
ex() { "$eapsim" exercise "$scn" --runs 100 --threads 2 "$@"; }

# --- a whole session from answers, then its log replayed ---
ex --answers "$tmp/answers.txt" --pace max --log "$tmp/s.json" --aar "$tmp/aar" \
    --trace "$tmp/trace.json" </dev/null >"$tmp/s.txt" || fail "session with answers"
for f in s.json trace.json aar/aar.md aar/aar.html; do
    [ -s "$tmp/$f" ] || fail "session with answers: no $f"
done
grep -q '"finished": true' "$tmp/s.json" || fail "the log of a whole session is not finished"
[ "$(grep -c '"by": "answers"' "$tmp/s.json")" = 5 ] || fail "five choices from the answers"
grep -q "INJECT 12" "$tmp/s.txt" || fail "the last inject's card was not printed"
grep -q "Controller note: Do not say how many." "$tmp/s.txt" ||
    fail "the facilitator's view lacks the controller note"
ex --replay-log "$tmp/s.json" --pace max --aar "$tmp/aar2" --trace "$tmp/trace2.json" \
    </dev/null >"$tmp/r.txt" || fail "--replay-log"
same_trace "$tmp/trace.json" "$tmp/trace2.json" "--replay-log trace"
same_trace "$tmp/aar/aar.md" "$tmp/aar2/aar.md" "--replay-log aar.md"
same_trace "$tmp/aar/aar.html" "$tmp/aar2/aar.html" "--replay-log aar.html"
grep -q "(chief of mission, from the answers file)" "$tmp/r.txt" ||
    fail "--replay-log does not show who chose"

# --- commands on a pipe ---
printf '?\nn !the RSO hesitated\n2\nb\n3\n1\nq\n' |
    ex --pace max --log "$tmp/p.json" --aar "$tmp/paar" >"$tmp/p.txt" || fail "piped commands"
grep -q "What the plan says" "$tmp/p.txt" || fail "? showed no help"
grep -q "Back to the previous decision" "$tmp/p.txt" || fail "b did not go back"
grep -q '"choice": "moa"' "$tmp/p.json" || fail "the choice after going back is not in the log"
grep -q '"choice": "request"' "$tmp/p.json" && fail "the withdrawn choice stayed in the log"
grep -q '"flagged": true' "$tmp/p.json" || fail "the observation marked with ! is not flagged"
grep -q '"finished": false' "$tmp/p.json" || fail "a quit session is marked finished"
# A session quit at a waiting decision replays to the same report.
ex --replay-log "$tmp/p.json" --pace max --aar "$tmp/paar2" </dev/null >"$tmp/pr.txt" ||
    fail "--replay-log of a quit session"
grep -q "The log ends here, with this decision waiting." "$tmp/pr.txt" ||
    fail "--replay-log of a quit session does not stop at the waiting decision"
same_trace "$tmp/paar/aar.md" "$tmp/paar2/aar.md" "--replay-log of a quit session: aar.md"

# --- bad input: exit 2, a located message, nothing written ---
bad() { # bad WHAT EXPECTED_MESSAGE ARGS...
    local what=$1 want=$2
    shift 2
    rm -rf "$tmp/out"
    mkdir "$tmp/out"
    ex "$@" --log "$tmp/out/log.json" --trace "$tmp/out/t.json" </dev/null \
        >"$tmp/out.txt" 2>"$tmp/err.txt"
    local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
    grep -qF -- "$want" "$tmp/err.txt" || { fail "$what: no \"$want\""; cat "$tmp/err.txt" >&2; }
    [ -z "$(ls -A "$tmp/out")" ] || fail "$what: wrote $(ls -A "$tmp/out")"
    [ -s "$tmp/out.txt" ] && fail "$what: printed a session"
}
printf 'request_air request\nrotue airport\n' >"$tmp/a1.txt"
bad "unknown decision" "$tmp/a1.txt:2:1: expected the id of a decision point of scenario \"drill\", found \"rotue\"; did you mean \"route\"?" \
    --answers "$tmp/a1.txt" --pace max
printf 'route  motorway\n' >"$tmp/a2.txt"
bad "unknown option" "$tmp/a2.txt:1:8: expected an option of decision \"route\" (\"airport\", \"coast\"), found \"motorway\"" \
    --answers "$tmp/a2.txt" --pace max
printf 'route coast\ndepart now\n' >"$tmp/a3.txt"
bad "decision never reached" "$tmp/a3.txt:2:1: decision \"depart\" is never reached in this run" \
    --answers "$tmp/a3.txt" --pace max
# Every mistake of the file, not only the first.
printf 'request_air reqest\nroute coast\nrotue airport\n' >"$tmp/a4.txt"
bad "two mistakes" "$tmp/a4.txt:1:13: expected an option of decision \"request_air\"" \
    --answers "$tmp/a4.txt" --pace max
grep -qF "$tmp/a4.txt:3:1: expected the id of a decision point" "$tmp/err.txt" ||
    fail "two mistakes: the second is not reported"
grep -qF "eapsim: 2 problems found in $tmp/a4.txt" "$tmp/err.txt" ||
    fail "two mistakes: no count of the problems"
# A log on another scenario, and on another version of its own file.
sed 's/"text": "All staff are at the airport."/"text": "Everyone is at the airport."/' "$scn" \
    >"$tmp/drill-v2.json"
for case in "$data/../../scenarios/tripoli-2014.json|/scenario/id: this log is of scenario \"drill\", not of \"tripoli-2014\"" \
            "$tmp/drill-v2.json|/scenario/fingerprint: this log was written with another version of scenario \"drill\""; do
    other=${case%%|*}
    want=${case#*|}
    rm -rf "$tmp/out" && mkdir "$tmp/out"
    "$eapsim" exercise "$other" --replay-log "$tmp/s.json" --pace max --aar "$tmp/out/aar" \
        --trace "$tmp/out/t.json" </dev/null >"$tmp/out.txt" 2>"$tmp/err.txt"
    rc=$?
    [ $rc -eq 2 ] || fail "$want: exit $rc, expected 2"
    grep -q "s.json:[0-9]*:[0-9]*: $want" "$tmp/err.txt" ||
        { fail "no located \"$want\""; cat "$tmp/err.txt" >&2; }
    [ -z "$(ls -A "$tmp/out")" ] || fail "$want: wrote $(ls -A "$tmp/out")"
done
sed 's/"version": 1,/"version": 7,/' "$tmp/s.json" >"$tmp/v7.json"
bad "unknown log format version" "v7.json:3:14: /version: expected a log of format version 1, which this eapsim reads, found 7" \
    --resume "$tmp/v7.json" --pace max

# --- signals: the log so far, then --resume to the same run ---
signal_case() { # signal_case SIGNAL EXPECTED_STATUS
    local sig=$1 want=$2 log="$tmp/sig-$1.json"
    # Started directly (not through ex), so that $! is eapsim itself.
    "$eapsim" exercise "$scn" --answers "$tmp/answers.txt" --pace 2000x --log "$log" \
        </dev/null >"$tmp/sig.txt" 2>&1 &
    local pid=$!
    # Once the second decision has been taken, the log holds a part-way session.
    wait_for "$tmp/sig.txt" "DECISION: destroy" || fail "$sig: the session never reached \"destroy\""
    kill "-$sig" "$pid"
    wait "$pid"
    local rc=$?
    [ $rc -eq "$want" ] || fail "$sig: exit $rc, expected $want"
    grep -q '"finished": false' "$log" || fail "$sig: the saved log is not marked unfinished"
    grep -q "continue with --resume" "$tmp/sig.txt" || fail "$sig: no word on how to resume"
    ex --resume "$log" --answers "$tmp/answers.txt" --pace max --trace "$tmp/res-$sig.json" \
        </dev/null >"$tmp/res.txt" 2>&1 || { fail "$sig: --resume"; cat "$tmp/res.txt" >&2; }
    same_trace "$tmp/trace.json" "$tmp/res-$sig.json" "$sig then --resume: trace"
    grep -q '"finished": true' "$log" || fail "$sig: the resumed log is not finished"
}
signal_case HUP 129
signal_case INT 130

[ $failures -eq 0 ] && echo "exercise command line: all cases passed"
exit $((failures > 0))
