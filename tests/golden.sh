#!/usr/bin/env bash
# Golden outputs: what the program prints and writes for a fixed set of commands, kept in
# tests/golden/ and compared byte for byte. A refactor must leave them unchanged; a change
# that is meant to alter them regenerates them with
#
#   tests/golden.sh build/sim/cli/eapsim --update
#
# and says in its commit message which outputs changed and why.
#
#   golden.sh EAPSIM [--update]
set -u
eapsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
golden=$here/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 1

# The files carry no wall-clock time, paths outside the source tree or host names. Their
# provenance stamp takes its time from SOURCE_DATE_EPOCH, and its command line has only
# relative paths: the commands run in a scratch directory where scenarios/ is the source
# tree's and every --out is relative. The stamp's commit changes with every commit: it is
# written COMMIT in the golden files.
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C
work=$tmp/work
mkdir -p "$work"
ln -s "$root/scenarios" "$work/scenarios"
cd "$work" || exit 1
B=scenarios/benghazi-2012.json
T=scenarios/tripoli-2014.json
out=$tmp/out
mkdir -p "$out"
failures=0
commit=$("$eapsim" --version | sed -n 's/.*(commit \(.*\))$/\1/p')

run() { # run NAME ARGS...: stdout into NAME; a failing command is a failure
    local name=$1
    shift
    if ! "$eapsim" "$@" >"$out/$name" 2>"$tmp/err"; then
        echo "FAIL: eapsim $* exited $?" >&2
        cat "$tmp/err" >&2
        failures=$((failures + 1))
    fi
}

keep() { # keep DIR FILE NAME: a file written under --out
    cp "$1/$2" "$out/$3" 2>/dev/null || { echo "FAIL: $1/$2 was not written" >&2; failures=$((failures + 1)); }
}

run run-benghazi-replay.txt run $B --replay
run run-tripoli-replay.txt run $T --replay
run run-benghazi-replay.json run $B --replay --format json
run run-tripoli-replay.csv run $T --replay --format csv
run run-benghazi-seed7.txt run $B --seed 7
run run-tripoli-seed7.txt run $T --seed 7

run batch-tripoli.txt batch $T --runs 2000 --threads 2 --quiet --out bt
keep bt summary.json batch-tripoli-summary.json
keep bt summary.csv batch-tripoli-summary.csv
keep bt hist-milestone-convoy_in_tunisia.svg batch-tripoli-hist-convoy_in_tunisia.svg
keep bt index.html batch-tripoli-index.html

run compare-benghazi-moa.txt compare $B --runs 1000 --threads 2 --quiet \
    --vs-set request_chain/moa=true --out cb
keep cb summary.json compare-benghazi-moa-summary.json
keep cb index.html compare-benghazi-moa-index.html
run compare-benghazi-moa.json compare $B --runs 1000 --threads 2 --quiet \
    --vs-set request_chain/moa=true --format json

run sweep-benghazi.txt batch $B --runs 500 --threads 2 --quiet \
    --sweep "request_chain/hops/africom/delay=0:30:15 min" --out sb
keep sb summary.json sweep-benghazi-summary.json
keep sb sweep-time_all_safe.svg sweep-benghazi-time_all_safe.svg
keep sb index.html sweep-benghazi-index.html

run sensitivity-benghazi.txt sensitivity $B --runs 200 --threads 2 --quiet --out sn
keep sn sensitivity.json sensitivity-benghazi.json
keep sn sensitivity.csv sensitivity-benghazi.csv
keep sn tornado.svg sensitivity-benghazi-tornado.svg
keep sn index.html sensitivity-benghazi-index.html

# A metric that never varies (every Tripoli run has every survivor safe by the deadline).
run sensitivity-tripoli-flat.txt sensitivity $T --runs 100 --threads 2 --quiet \
    --metric all_safe_by_deadline --out st
keep st index.html sensitivity-tripoli-flat-index.html

# The commit, wherever a stamp names it (JSON, "commit: ...", CSV rows, the page's footer).
[ -n "$commit" ] && sed -i "/commit/s/$commit/COMMIT/g" "$out"/*

if [ "$update" = --update ]; then
    [ $failures -eq 0 ] || { echo "not updating: a command failed" >&2; exit 1; }
    rm -rf "$golden"
    mkdir -p "$golden"
    cp "$out"/* "$golden"/
    echo "golden outputs updated: $(ls "$golden" | wc -l) files in tests/golden"
    exit 0
fi

for f in "$out"/*; do
    name=$(basename "$f")
    if [ ! -f "$golden/$name" ]; then
        echo "FAIL: $name has no golden file (tests/golden.sh EAPSIM --update)" >&2
        failures=$((failures + 1))
    elif ! cmp -s "$golden/$name" "$f"; then
        echo "FAIL: $name differs from tests/golden/$name:" >&2
        diff "$golden/$name" "$f" | head -20 >&2
        failures=$((failures + 1))
    fi
done
for g in "$golden"/*; do
    [ -f "$out/$(basename "$g")" ] || { echo "FAIL: $(basename "$g") was not produced" >&2; failures=$((failures + 1)); }
done
[ $failures -eq 0 ] && echo "$(ls "$golden" | wc -l) golden outputs identical"
exit $((failures > 0))
