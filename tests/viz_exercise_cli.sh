#!/usr/bin/env bash
# eapsim view with an exercise, a session log or a fork, as facilitators run it:
#   viz_exercise_cli.sh EAPSIM SCENARIO_DIR DATA_DIR
# - a screenshot of an exercise plays the session (prepared answers taking their decisions)
#   to the room's first decision and shows it; --at shows an earlier moment; --player too;
#   nothing but the image is written;
# - a session log is played back on the map (--replay-log), also at a moment;
# - --fan draws the runs forked at the moment of a screenshot;
# - options that do not go together are refused, exit 2, before anything is written;
# - the window under Xvfb, driven with xdotool (skipped without them): keys choose, B goes
#   back, N types an observation, a countdown running out takes the default, Q quits; the
#   log says so.
set -u
eapsim=$1
scenarios=$2
data=$3
tmp=$(mktemp -d)
xvfb_pid=
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
export SOURCE_DATE_EPOCH=1700000000

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

png() { # png FILE WHAT: the file is a PNG image
    [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        fail "$2: $1 is not a PNG"
}

refused() { # refused TEXT ARGS...: exit 2 with TEXT in the message, no image left
    local want=$1
    shift
    "$eapsim" view "$@" >"$tmp/out.txt" 2>&1
    local rc=$?
    [ $rc -eq 2 ] || fail "view $*: exit $rc, expected 2"
    grep -qF -- "$want" "$tmp/out.txt" || { fail "view $*: no \"$want\""; cat "$tmp/out.txt" >&2; }
    [ ! -e "$tmp/never.png" ] || fail "view $*: left an image"
}

bg=$scenarios/benghazi-2012.json
tr=$scenarios/tripoli-2014.json
drill=$data/exercise-drill.json

# --- screenshots of an exercise ---
mkdir "$tmp/shots"
"$eapsim" view "$bg" --exercise --replay --screenshot "$tmp/shots/first.png" >"$tmp/out.txt" ||
    fail "exercise screenshot"
png "$tmp/shots/first.png" "exercise screenshot"
grep -q 'decision "request" waits for the room' "$tmp/out.txt" || fail "first decision not shown"
grep -q '21:42 local, T+0)' "$tmp/out.txt" || fail "first decision: wrong moment"

printf 'request_air request\nroute airport\n' >"$tmp/answers.txt"
"$eapsim" view "$drill" --exercise --answers "$tmp/answers.txt" --player \
    --screenshot "$tmp/shots/destroy.png" >"$tmp/out.txt" || fail "drill screenshot"
png "$tmp/shots/destroy.png" "drill screenshot"
grep -q 'decision "destroy" waits for the room' "$tmp/out.txt" ||
    fail "answers did not take the drill past its first decision"
# An earlier moment: shown there, with no decision waiting on it.
"$eapsim" view "$drill" --exercise --answers "$tmp/answers.txt" --at T+5m \
    --screenshot "$tmp/shots/early.png" >"$tmp/out.txt" || fail "screenshot --at"
grep -q 'T+5m)' "$tmp/out.txt" || fail "--at T+5m not shown"
! grep -q 'waits for the room$' "$tmp/out.txt" || fail "--at T+5m: a decision shown waiting"
[ "$(ls "$tmp/shots" | wc -l)" -eq 3 ] || fail "a screenshot wrote more than its image"

# --- a session log played back ---
"$eapsim" exercise "$drill" --answers "$tmp/answers.txt" --pace max --log "$tmp/s.json" \
    </dev/null >/dev/null 2>&1
[ -s "$tmp/s.json" ] || fail "no session log to play back"
"$eapsim" view "$drill" --replay-log "$tmp/s.json" --screenshot "$tmp/back.png" --at T+40m \
    >"$tmp/out.txt" || fail "playback screenshot"
png "$tmp/back.png" "playback screenshot"

# --- a fork's fan ---
"$eapsim" view "$bg" --replay --at 23:10 --fan --screenshot "$tmp/fan.png" >"$tmp/out.txt" ||
    fail "fan screenshot"
png "$tmp/fan.png" "fan screenshot"

# --- refusals ---
refused "--player goes with --exercise" "$bg" --player --screenshot "$tmp/never.png"
refused "--log goes with --exercise" "$bg" --log "$tmp/x.json" --screenshot "$tmp/never.png"
refused "--fan goes with --screenshot" "$bg" --fan
refused "writes the image and nothing else" "$bg" --exercise --log "$tmp/x.json" \
    --screenshot "$tmp/never.png"
refused "writes nothing" "$drill" --replay-log "$tmp/s.json" --aar "$tmp/aar" \
    --screenshot "$tmp/never.png"
refused "--at in an exercise goes with --screenshot" "$bg" --exercise --at 22:00
refused "leave out --answers and --log" "$drill" --replay-log "$tmp/s.json" \
    --answers "$tmp/answers.txt" --screenshot "$tmp/never.png"
printf 'request_air nope\n' >"$tmp/bad.txt"
refused 'bad.txt:1:13' "$drill" --exercise --answers "$tmp/bad.txt" --screenshot "$tmp/never.png"
[ ! -e "$tmp/x.json" ] || fail "a refused command wrote a log"

# --- the window, driven under Xvfb ---
if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
    echo "skipped the window: Xvfb and xdotool are needed"
else
    exec 3>"$tmp/display"
    Xvfb -displayfd 3 -screen 0 1400x900x24 >/dev/null 2>&1 &
    xvfb_pid=$!
    exec 3>&-
    for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    export DISPLAY=":$(cat "$tmp/display")"

    logged() { # logged PYTHON_EXPR: waits up to 20 s for the log to satisfy it
        for _ in $(seq 200); do
            python3 -c "import json,sys; d=json.load(open('$tmp/w.json')); sys.exit(0 if ($1) else 1)" \
                2>/dev/null && return 0
            sleep 0.1
        done
        return 1
    }
    choices="[(c['id'], c['choice'], c['by']) for c in d['decisions']]"
    # Under LeakSanitizer: SDL's window keeps a D-Bus connection's buffer to the end, not ours.
    echo "leak:libdbus" >"$tmp/lsan.supp"
    LSAN_OPTIONS="suppressions=$tmp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
        "$eapsim" view "$tr" --exercise --replay --log "$tmp/w.json" --pace max \
        >"$tmp/window.txt" 2>&1 &
    view_pid=$!
    win=
    for _ in $(seq 600); do # up to 60 s: a loaded host can take tens of seconds
        win=$(xdotool search --name "eapsim view" 2>/dev/null | head -1)
        [ -n "$win" ] && break
        sleep 0.1
    done
    if [ -z "$win" ]; then # nothing to drive: stop now, not at the session's wait
        kill "$view_pid" 2>/dev/null
        fail "the window did not open"
        exit 1
    fi
    key() { xdotool key --window "$win" "$@"; }
    logged "len(d['decisions']) == 0" || fail "no log at the start"
    key 1
    logged "$choices == [('drawdown', 'dawn', 'players')]" || fail "key 1 did not choose"
    key b
    logged "len(d['decisions']) == 0" || fail "B did not go back"
    key 3
    logged "$choices == [('drawdown', 'hold_12h', 'players')]" || fail "key 3 did not choose"
    key 2
    logged "$choices[1:] == [('mode', 'air', 'players')]" || fail "key 2 did not choose"
    key n
    xdotool type --window "$win" "!the RSO hesitated"
    key Return
    logged "[(o['text'], o['flagged']) for o in d['observations']] == [('the RSO hesitated', True)]" ||
        fail "N did not keep the observation"
    key q
    for _ in $(seq 200); do kill -0 $view_pid 2>/dev/null || break; sleep 0.1; done
    wait $view_pid || { fail "the window's session did not end cleanly"; tail "$tmp/window.txt" >&2; }
    grep -q "Session log: $tmp/w.json" "$tmp/window.txt" || fail "no end of session printed"

    # A decision's countdown (set to 2 s) runs out in the window: the default is taken.
    rm -f "$tmp/w.json"
    LSAN_OPTIONS="suppressions=$tmp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
        "$eapsim" view "$drill" --exercise --log "$tmp/w.json" --pace max \
        --set 'exercise/decisions/request_air/wall_countdown="2 s"' >"$tmp/window.txt" 2>&1 &
    view_pid=$!
    logged "$choices == [('request_air', 'hold', 'countdown')]" ||
        fail "the countdown did not take the default"
    win=$(xdotool search --name "eapsim view" 2>/dev/null | head -1)
    [ -n "$win" ] && key q
    for _ in $(seq 200); do kill -0 $view_pid 2>/dev/null || break; sleep 0.1; done
    wait $view_pid || { fail "the countdown's session did not end cleanly"; tail "$tmp/window.txt" >&2; }
fi

if [ $failures -gt 0 ]; then
    echo "$failures failures"
    exit 1
fi
echo "view with exercises: all checks passed"
