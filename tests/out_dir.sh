#!/usr/bin/env bash
# --out folders are written all or nothing (docs/robustness.md), as users meet them:
#   out_dir.sh EAPSIM SCENARIO_DIR ENOSPC_PRELOAD
# - missing parents are created; run-info.json lists exactly the files of the run;
# - a folder that exists is replaced in one step: the previous run's files go (those its
#   manifest lists, and temporary files of killed writes), other files and subfolders stay;
# - a full disk while writing each file of a batch --out --per-run (a test double for write(2)
#   and fsync(2), tests/enospc.c), and on a real tmpfs when one can be mounted (as root, or in
#   a user namespace): exit 1, one message naming DIR/FILE and "No space left on device", the
#   folder exactly as it was (absent, or byte for byte the previous run's), no temporary left;
# - kill -9 during a batch leaves a temporary folder that the next run writing there removes
#   (a user's subfolder found in one goes back); a live run's temporary folder stays;
# - the working folder and a mount point, which cannot be replaced as a whole, get their files
#   replaced in place, with the same guarantees (a full disk at each file, a full mount point);
# - --out naming a file is refused, exit 2.
# With "tmpfs MOUNTPOINT" after the three arguments it runs only the tmpfs cases (the script
# calls itself so, in a mount namespace of its own).
set -u
eapsim=$(realpath "$1")
scenarios=$(realpath "$2")
preload=$(realpath "$3")
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

scn=$scenarios/tripoli-2014.json
study=(batch "$scn" --runs 300 --per-run --threads 2 --quiet)

# What is in a folder: every name with its type, and every file's checksum ("absent").
snapshot() {
    if [ -e "$1" ]; then
        (cd "$1" && find . -printf '%y %p\n' | sort && find . -type f -exec md5sum {} + | sort -k2)
    else
        echo absent
    fi
}

# Temporary folders beside DIR and in it, and temporary files in it.
leftovers() {
    [ "$1" = . ] || ls -a "$(dirname "$1")" | grep -F ".$(basename "$1").eapsim-"
    [ -d "$1" ] && ls -a "$1" | grep -E '\.tmp\.|\.eapsim-'
}

# The files run-info.json lists (its "files" array, one {"file": NAME, ...} a line), one a
# line, sorted as ls sorts.
manifest() {
    awk '/^  "files": \[/ { on = !/\]/; next } on && /^  \]/ { on = 0 } on' "$1/run-info.json" |
        grep -o '"file": "[^"]*"' | cut -d'"' -f4 | sort
}

# must_fail_cleanly WHAT DIR MESSAGE [VAR=VALUE...]: the study run with the test double and
# the environment given fails with exit 1 and exactly MESSAGE, and leaves DIR as it was.
must_fail_cleanly() {
    local what=$1 dir=$2 message=$3 before rc
    shift 3
    before=$(snapshot "$dir")
    env "$@" LD_PRELOAD="$preload" "$eapsim" "${study[@]}" --out "$dir" >/dev/null 2>"$tmp/e"
    rc=$?
    [ $rc -eq 1 ] || fail "$what: exit $rc, expected 1"
    [ "$(cat "$tmp/e")" = "$message" ] ||
        fail "$what: expected the message \"$message\", found \"$(cat "$tmp/e")\""
    [ "$(snapshot "$dir")" = "$before" ] || fail "$what: $dir changed"
    [ -z "$(leftovers "$dir")" ] || fail "$what: left $(leftovers "$dir" | tr '\n' ' ')"
}

# --- a real full disk: a small tmpfs (run in a mount namespace, see the end) ---
if [ "${4:-}" = tmpfs ]; then
    mnt=$5
    mount -t tmpfs -o size=4m eapsim-test "$mnt" || exit 77
    cd "$mnt" || exit 1
    "$eapsim" "${study[@]}" --out prev >/dev/null || fail "tmpfs: the first run failed"
    hit=()
    for room in 0 8192 40960 102400; do
        rm -f filler
        avail=$(df -B1 --output=avail . | tail -n1)
        head -c $((avail - room)) /dev/zero >filler 2>/dev/null
        for dir in new prev; do
            before=$(snapshot "$dir")
            "$eapsim" "${study[@]}" --out "$dir" >/dev/null 2>"$tmp/e"
            rc=$?
            what="tmpfs with $room bytes free, --out $dir"
            [ $rc -eq 1 ] || fail "$what: exit $rc, expected 1"
            grep -qxE "eapsim: cannot write $dir/[a-z_.-]+: No space left on device" "$tmp/e" ||
                fail "$what: message \"$(cat "$tmp/e")\""
            [ "$(snapshot "$dir")" = "$before" ] || fail "$what: $dir changed"
            [ -z "$(leftovers "$dir")" ] || fail "$what: left $(leftovers "$dir")"
            hit+=("$(sed 's|.*/||; s|:.*||' "$tmp/e")")
        done
    done
    files=$(printf '%s\n' "${hit[@]}" | sort -u | tr '\n' ' ')
    echo "tmpfs: the disk filled up in $files"
    [ "$(printf '%s\n' "${hit[@]}" | sort -u | wc -l)" -ge 2 ] ||
        fail "tmpfs: every case failed in the same file ($files)"
    # A mount point cannot be replaced as a whole: its files are replaced in place.
    rm -f filler
    mkdir mp && mount -t tmpfs -o size=1m eapsim-mp mp || exit 77
    echo "mine" >mp/notes.txt
    "$eapsim" "${study[@]}" --out mp >/dev/null && "$eapsim" "${study[@]}" --out mp >/dev/null ||
        fail "tmpfs: runs into a mount point"
    [ "$(cat mp/notes.txt)" = mine ] && [ "$(manifest mp)" = "$(ls mp | grep -vxE 'run-info.json|notes.txt')" ] ||
        fail "tmpfs: the mount point after two runs: $(ls -a mp | tr '\n' ' ')"
    avail=$(df -B1 --output=avail mp | tail -n1)
    head -c "$avail" /dev/zero >mp/filler 2>/dev/null
    before=$(snapshot mp)
    "$eapsim" "${study[@]}" --out mp >/dev/null 2>"$tmp/e"
    rc=$?
    [ $rc -eq 1 ] && grep -qxE "eapsim: cannot write mp/[a-z_.-]+: No space left on device" "$tmp/e" ||
        fail "tmpfs: a full mount point: exit $rc, \"$(cat "$tmp/e")\""
    [ "$(snapshot mp)" = "$before" ] || fail "tmpfs: the full mount point changed"
    [ -z "$(leftovers mp)" ] || fail "tmpfs: left $(leftovers mp) in the mount point"
    umount mp
    cd / && umount "$mnt"
    exit $((failures > 0))
fi

# --- missing parents, the manifest ---
out=$tmp/a/b/c
"$eapsim" "${study[@]}" --out "$out" >/dev/null || fail "--out with missing parents"
[ "$(manifest "$out")" = "$(ls "$out" | grep -vx run-info.json)" ] ||
    fail "run-info.json does not list the folder's files: $(manifest "$out" | tr '\n' ' ')"
[ -z "$(leftovers "$out")" ] || fail "a run left $(leftovers "$out")"

# --- replacing a folder: the previous run's files go, the user's stay ---
echo "my notes" >"$out/notes.txt"
mkdir "$out/plots" && echo x >"$out/plots/mine.svg"
touch "$out/summary.json.tmp.Ab12Cd" # a killed write of an earlier version
cp "$out/summary.json" "$tmp/old-summary.json"
"$eapsim" batch "$scn" --runs 200 --threads 2 --quiet --out "$out" >/dev/null ||
    fail "a run into an existing folder"
[ -e "$out/runs.csv" ] && fail "the previous run's runs.csv (in its manifest) stayed"
[ "$(cat "$out/notes.txt" 2>/dev/null)" = "my notes" ] || fail "a user's file was lost"
[ -f "$out/plots/mine.svg" ] || fail "a user's subfolder was lost"
[ -e "$out/summary.json.tmp.Ab12Cd" ] && fail "a stale temporary file stayed"
cmp -s "$out/summary.json" "$tmp/old-summary.json" && fail "summary.json was not replaced"
grep -q '"replications": 200' "$out/run-info.json" || fail "run-info.json was not replaced"
[ "$(manifest "$out")" = "$(ls "$out" | grep -vxE 'run-info.json|notes.txt|plots')" ] ||
    fail "the manifest after a replacement: $(manifest "$out" | tr '\n' ' ')"

# --- the working folder: written in place, the shell's folder stays ---
cd "$out" || exit 1
"$eapsim" "${study[@]}" --out . >/dev/null || fail "--out . (the working folder)"
[ "$(cat notes.txt 2>/dev/null)" = "my notes" ] && [ -f plots/mine.svg ] && [ -f runs.csv ] ||
    fail "--out .: the folder after the run: $(ls | tr '\n' ' ')"
[ "$(manifest .)" = "$(ls | grep -vxE 'run-info.json|notes.txt|plots')" ] ||
    fail "--out .: the manifest: $(manifest . | tr '\n' ' ')"
[ -z "$(leftovers .)" ] || fail "--out .: left $(leftovers .)"
cd - >/dev/null || exit 1

# --- refusals ---
echo text >"$tmp/file"
"$eapsim" batch "$scn" --runs 10 --quiet --out "$tmp/file" 2>"$tmp/e"
rc=$?
[ $rc -eq 2 ] && grep -qxF -- "eapsim: --out $tmp/file: exists and is not a directory" "$tmp/e" ||
    fail "--out naming a file: exit $rc, \"$(cat "$tmp/e")\""

# --- a full disk at each file, with the test double ---
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
rm -rf "$tmp/p"
EAP_TEST_WRITE_LOG=$tmp/writes LD_PRELOAD=$preload "$eapsim" "${study[@]}" --out "$tmp/p" \
    >/dev/null || fail "a run with the test double and no limit"
# The files in writing order.
awk '{ n = $2; sub(/.*\//, "", n); sub(/\.tmp\..*$/, "", n); if (!(n in seen)) print n; seen[n] = 1 }' \
    "$tmp/writes" >"$tmp/names"
[ "$(sort "$tmp/names")" = "$(ls "$tmp/p" | sort)" ] ||
    fail "the test double did not see every file written: $(tr '\n' ' ' <"$tmp/names")"
# The list is read on its own descriptor: the commands in the loop must not eat its lines.
checked=0
while read -r name <&3; do
    checked=$((checked + 1))
    for dir in "$tmp/new" "$tmp/p"; do
        must_fail_cleanly "full disk in $name, --out $dir" "$dir" \
            "eapsim: cannot write $dir/$name: No space left on device" EAP_TEST_ENOSPC_IN="$name"
    done
    cd "$tmp/p" || exit 1 # in place, as the working folder
    must_fail_cleanly "full disk in $name, --out . in $tmp/p" . \
        "eapsim: cannot write ./$name: No space left on device" EAP_TEST_ENOSPC_IN="$name"
    cd - >/dev/null || exit 1
done 3<"$tmp/names"
[ "$checked" -eq "$(ls "$tmp/p" | wc -l)" ] ||
    fail "a full disk was tried in $checked of $(ls "$tmp/p" | wc -l) files"
must_fail_cleanly "fsync failing" "$tmp/p" \
    "eapsim: cannot write $tmp/p/runs.csv: No space left on device" EAP_TEST_ENOSPC_FSYNC=1
echo "test double: a full disk in each of $checked files left the folder as it was"

# Moving in place failing at each file (the files in name order, the manifest last): what
# was moved goes back. The exchange failing. A file system without the exchange.
k=0
for name in $(ls "$tmp/p" | LC_ALL=C sort | grep -vx run-info.json) run-info.json; do
    k=$((k + 1))
    cd "$tmp/p" || exit 1
    must_fail_cleanly "move $k ($name) failing, in place" . \
        "eapsim: cannot write ./$name: Input/output error" EAP_TEST_MOVE_FAIL_AT=$k
    cd - >/dev/null || exit 1
done
must_fail_cleanly "the exchange failing" "$tmp/p" "eapsim: cannot write $tmp/p: Input/output error" \
    EAP_TEST_MOVE_FAIL_AT=1
mkdir -p "$tmp/x/sub" && echo x >"$tmp/x/notes.txt" && echo y >"$tmp/x/sub/f"
EAP_TEST_NO_EXCHANGE=1 LD_PRELOAD=$preload "$eapsim" "${study[@]}" --out "$tmp/x" >/dev/null &&
    EAP_TEST_NO_EXCHANGE=1 LD_PRELOAD=$preload "$eapsim" "${study[@]}" --out "$tmp/x" >/dev/null ||
    fail "runs where folders cannot be exchanged"
[ -f "$tmp/x/notes.txt" ] && [ -f "$tmp/x/sub/f" ] && [ -z "$(leftovers "$tmp/x")" ] &&
    [ "$(manifest "$tmp/x")" = "$(ls "$tmp/x" | grep -vxE 'run-info.json|notes.txt|sub')" ] ||
    fail "without the exchange: $(ls -a "$tmp/x" | tr '\n' ' ')"
# The other studies write their folders the same way.
"$eapsim" batch "$scn" --runs 100 --shard 1/1 --quiet --out "$tmp/shard" >/dev/null
others=("compare $scn --runs 100 --vs-set assets/militia_escort/desertion/p=1"
    "batch $scn --runs 100 --sweep assets/f16_pair/readiness=0:60:30_min"
    "sensitivity $scn --runs 20" "merge $tmp/shard")
for cmd in "${others[@]}"; do
    read -r -a args <<<"$cmd" # "_min": a space inside an argument
    args=("${args[@]//_min/ min}")
    EAP_TEST_ENOSPC_AFTER=3000 LD_PRELOAD=$preload "$eapsim" "${args[@]}" --out "$tmp/o" \
        >/dev/null 2>"$tmp/e"
    rc=$?
    [ $rc -eq 1 ] && grep -qxE "eapsim: cannot write $tmp/o/[a-z_.-]+: No space left on device" "$tmp/e" ||
        fail "${args[0]} on a full disk: exit $rc, \"$(cat "$tmp/e")\""
    [ -e "$tmp/o" ] || [ -n "$(leftovers "$tmp/o")" ] && fail "${args[0]} on a full disk left files"
done

# --- kill -9 mid-batch, then a new run ---
"$eapsim" batch "$scenarios/benghazi-2012.json" --runs 100000000 --per-run --threads 2 --quiet \
    --out "$tmp/k" >/dev/null 2>&1 &
pid=$!
stage=
for _ in $(seq 400); do # until runs.csv has rows, at most 20 s
    stage=$(ls -d "$tmp"/.k.eapsim-* 2>/dev/null | head -n1)
    [ -n "$stage" ] && [ -n "$(find "$stage" -name 'runs.csv.tmp.*' -size +16k)" ] && break
    sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
[ -n "$stage" ] && [ -d "$stage" ] || fail "kill -9: the batch left no temporary folder to test with"
[ -e "$tmp/k" ] && fail "kill -9 mid-batch: $tmp/k appeared"
# A subfolder of the user's in a leftover (a run killed between the exchange and moving it
# back) goes back into the folder.
mkdir -p "$tmp/.k.eapsim-Zz9Yy8/keep" && echo x >"$tmp/.k.eapsim-Zz9Yy8/keep/f"
"$eapsim" "${study[@]}" --out "$tmp/k" >/dev/null || fail "the run after kill -9"
[ -z "$(leftovers "$tmp/k")" ] || fail "after kill -9 and a new run: left $(leftovers "$tmp/k")"
[ -f "$tmp/k/keep/f" ] || fail "a user's subfolder found in a leftover was not put back"

# --- a live run's temporary folder is not a leftover ---
"$eapsim" batch "$scenarios/benghazi-2012.json" --runs 100000000 --per-run --threads 1 --quiet \
    --out "$tmp/live" >/dev/null 2>&1 &
pid=$!
stage=
# Until the run writes into its temporary folder: then it holds the folder's lock. (The
# folder `--out` is checked with at the start is made and removed at once, and one seen
# before its lock is taken may be another run's to clean up; neither is the live folder.)
for _ in $(seq 400); do
    stage=$(ls -d "$tmp"/.live.eapsim-* 2>/dev/null | head -n1)
    [ -n "$stage" ] && [ -n "$(find "$stage" -name 'runs.csv.tmp.*' 2>/dev/null)" ] && break
    sleep 0.05
done
"$eapsim" batch "$scn" --runs 100 --quiet --out "$tmp/live" >/dev/null ||
    fail "a run beside a live one"
[ -n "$stage" ] && [ -d "$stage" ] || fail "a live run's temporary folder was removed"
kill -9 $pid
wait $pid 2>/dev/null

# --- a real full disk, where a tmpfs can be mounted ---
mkdir "$tmp/mnt"
mount_namespace
if [ ${#ns[@]} -gt 0 ]; then
    "${ns[@]}" bash "$0" "$eapsim" "$scenarios" "$preload" tmpfs "$tmp/mnt"
    rc=$?
    [ $rc -eq 0 ] || [ $rc -eq 77 ] || fail "the full tmpfs cases"
    [ $rc -eq 77 ] && echo "tmpfs: could not mount one; the test double's cases stand alone"
else
    echo "tmpfs: no mount namespace here (not root, no user namespaces); the test double's cases stand alone"
fi

[ $failures -eq 0 ] && echo "out folders: all or nothing, on full disks, after kill -9 and when replaced"
exit $((failures > 0))
