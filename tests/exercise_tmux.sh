#!/usr/bin/env bash
# The exercise's real prompt on a real terminal: eapsim exercise runs in a tmux pane, keys are
# typed with send-keys, and what the facilitator would see is read with capture-pane. Every
# step waits for the text it expects (polling, with a timeout), never a fixed sleep.
#   exercise_tmux.sh EAPSIM SCENARIO_DIR
# Skipped (exit 77) when tmux is not installed.
set -u
eapsim=$1
data=$2
scn=$data/exercise-drill.json
command -v tmux >/dev/null || { echo "no tmux: skipped"; exit 77; }
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
sock="eapsim-test-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

screen() {
    tmux -L "$sock" capture-pane -p -J -S -200 -t ex
}

# Waits up to 20 s for text on the screen; the step fails (and shows the screen) otherwise.
expect() { # expect TEXT WHAT
    for _ in $(seq 200); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    fail "$2: \"$1\" never appeared"
    screen | tail -15 >&2
    return 1
}

keys() {
    tmux -L "$sock" send-keys -t ex "$@"
}

# A 2-second wall-clock countdown on the last decision, so that running out is seen.
# Runs eapsim exercise in a pane that stays open; $AFTER runs in the pane once it exits.
start() { # start ARGS...
    tmux -L "$sock" new-session -d -s ex -x 100 -y 50 \
        "$eapsim exercise $scn --pace max --runs 50 --threads 1 $*; echo EXIT=\$?; ${AFTER:-} sleep 600"
}

# Seed 3: a run in which the jets come over before the quick reaction force reaches the post,
# so the jets' decision (with the countdown) comes before the route's.
start --seed 3 --log "$tmp/s.json" --aar "$tmp/aar" \
    --set "exercise/decisions/jets_over/wall_countdown=\"2 s\""
expect "Choose 1-3." "the first decision's prompt"
keys "?"
expect "What the plan says: The plan asks for the quick reaction force only" "? shows the plan's note"
keys "n"
expect "Observation (start with ! to put it in the improvement plan):" "n asks for the observation"
keys "!nobody warned the ops centre" Enter
expect "Observation at 22:30 (T+30m) (for the improvement plan): nobody warned" "the observation"
keys "2"
expect "-> 2) Ask for the jets now (chief of mission, at the prompt)" "key 2 chooses"
expect "DECISION: destroy" "the second decision"
keys "b"
expect "Back to the previous decision." "b goes back"
keys "3"
expect "-> 3) Ask for the jets under the memorandum of agreement" "a new choice after going back"
keys "p"
expect "Paused: the countdown stands still" "p pauses"
keys "p"
expect "Resumed." "p resumes"
keys "1"
expect "DECISION: jets_over" "the jets' decision"
expect "The countdown ran out: the default is taken." "the wall-clock countdown"
expect "DECISION: route" "the route decision"
keys "2"
expect "-> 2) The coast road" "the route chosen"
expect "END OF THE EXERCISE" "the run's end"
expect "After-action report: $tmp/aar/aar.md" "the after-action report"
expect "EXIT=0" "the exit status"
grep -q '"by": "countdown"' "$tmp/s.json" || fail "the countdown's default is not in the log"
grep -q '"choice": "moa"' "$tmp/s.json" || fail "the choice made after going back is not logged"
grep -q "nobody warned the ops centre" "$tmp/aar/aar.md" ||
    fail "the observation is not in the after-action report"
tmux -L "$sock" kill-session -t ex

# q at a prompt quits: the log is saved unfinished and the terminal is given back as it was.
AFTER="stty -a >$tmp/stty;" start --log "$tmp/q.json"
expect "Choose 1-3." "the prompt before quitting"
keys "q"
expect "THE EXERCISE STOPS AT 22:30 (T+30m)" "q stops the exercise"
expect "EXIT=0" "the exit status after q"
grep -q '"finished": false' "$tmp/q.json" || fail "q: the log is not marked unfinished"
for _ in $(seq 200); do [ -s "$tmp/stty" ] && break; sleep 0.1; done
grep -Eq '(^| )icanon( |$)' "$tmp/stty" && grep -Eq '(^| )echo( |$)' "$tmp/stty" ||
    fail "the terminal was left in raw mode after q"

[ $failures -eq 0 ] && echo "the exercise prompt under tmux: all steps passed"
exit $((failures > 0))
