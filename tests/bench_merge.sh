#!/usr/bin/env bash
# The merge of a study's shards, timed:
#   bench_merge.sh EAPSIM SCENARIO RUNS [SHARDS]
# Runs RUNS replications as SHARDS shards (default 64, 2 threads each), then merges them five
# times and prints each merge's seconds, the median, the summed size of the shards' state
# files, and last "merge_seconds S" (the median). The merged summary must equal that of one
# batch of RUNS (exit 1 otherwise).
set -u
eapsim=$1
scn=$2
runs=$3
shards=${4:-64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }

t0=$(now)
for k in $(seq 1 "$shards"); do
    "$eapsim" batch "$scn" --runs "$runs" --threads 2 --shard "$k/$shards" --out "$tmp/shard-$k" \
        --quiet >/dev/null || { echo "FAIL: shard $k" >&2; exit 1; }
done
echo "shards $shards of $runs replications in $(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}') s"
echo "state_bytes $(cat "$tmp"/shard-*/state.json | wc -c)"
times=""
for i in 1 2 3 4 5; do
    rm -rf "$tmp/merged"
    t0=$(now)
    "$eapsim" merge "$tmp"/shard-*/ --out "$tmp/merged" >"$tmp/merged.txt" ||
        { echo "FAIL: merge" >&2; exit 1; }
    t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}')
    echo "merge $i: $t s"
    times+="$t "
done
"$eapsim" batch "$scn" --runs "$runs" --threads 2 --out "$tmp/one" --quiet >/dev/null ||
    { echo "FAIL: the single batch" >&2; exit 1; }
cmp -s "$tmp/one/summary.json" "$tmp/merged/summary.json" ||
    { echo "FAIL: the merged summary differs from one batch's" >&2; exit 1; }
echo "merge_seconds $(echo "$times" | tr ' ' '\n' | grep . | sort -g | sed -n 3p)"
