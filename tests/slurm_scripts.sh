#!/usr/bin/env bash
# The Slurm job scripts of docs/batch.md, run as Slurm would run them:
#   slurm_scripts.sh EAPSIM SCENARIO_DIR DOC [mpi]
# Each ```sh block after a "<!-- slurm: NAME -->" line of DOC is a script. shards.sbatch runs
# once per array task (SLURM_ARRAY_TASK_ID 1..64 of SLURM_ARRAY_TASK_COUNT 64), merge.sbatch
# after them all, and the merged summary must be identical to a single process's but for the
# provenance stamp's command line. With "mpi", mpi.sbatch runs with SLURM_NTASKS 2, `srun`
# standing in for `mpirun -np 2`, and its summary must be identical too. `srun` is a stand-in
# on PATH: it runs the task itself (or the MPI job's ranks); what Slurm adds besides (queues,
# nodes, the environment) is not exercised here.
set -u
eapsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scenarios=$2
doc=$3
mode=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
problems=()
# Every file carries the provenance stamp (stamp.h): its time is SOURCE_DATE_EPOCH's, and its
# command line (another --out, or the merge), on a line of its own, is the one field that differs.
export SOURCE_DATE_EPOCH=1700000000
# matches WHAT DIR_A DIR_B FILE...: each file the same in both directories but for the stamp's
# command line.
matches() {
    local what=$1 a=$2 b=$3 f
    shift 3
    for f in "$@"; do
        cmp -s <(grep -v command_line "$a/$f") <(grep -v command_line "$b/$f") || { problems+=("$what: $f differs"); diff "$a/$f" "$b/$f" | head -5; }
    done
}

# The scripts, by name.
awk -v dir="$tmp" '
    /^<!-- slurm: [a-z.]+ -->$/ { name = $3; next }
    name != "" && /^```sh$/ { out = dir "/" name; inside = 1; next }
    inside && /^```$/ { inside = 0; name = ""; close(out); next }
    inside { print > out }' "$doc"
for s in shards.sbatch merge.sbatch mpi.sbatch; do
    [ -s "$tmp/$s" ] || { echo "FAIL: $doc has no script $s" >&2; exit 1; }
done

# srun: the task itself, or the ranks of an MPI job through mpirun.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/srun" <<'EOF'
#!/usr/bin/env bash
if [ "${SLURM_NTASKS:-1}" -gt 1 ]; then
    exec mpirun --allow-run-as-root --oversubscribe -np "$SLURM_NTASKS" "$@"
fi
exec "$@"
EOF
chmod +x "$tmp/bin/srun"
export PATH="$tmp/bin:$PATH" EAPSIM="$eapsim" SCENARIO="$scenarios/tripoli-2014.json"
export RUNS=20000 SEED=5 SLURM_CPUS_PER_TASK=1

"$eapsim" batch "$SCENARIO" --runs $RUNS --seed $SEED --threads 1 --out "$tmp/one" --quiet \
    >"$tmp/one.txt" || problems+=("the single-process batch failed")
cp "$tmp/one.txt" "$tmp/one/summary.txt"

# The job array, then the merge.
export STUDY="$tmp/study" SLURM_ARRAY_TASK_COUNT=64
for k in $(seq 1 64); do
    SLURM_ARRAY_TASK_ID=$k bash "$tmp/shards.sbatch" || problems+=("shards.sbatch, task $k failed")
done
bash "$tmp/merge.sbatch" || problems+=("merge.sbatch failed")
cp "$STUDY/merged.txt" "$STUDY/merged/summary.txt"
matches "64 shards merged vs one process" "$tmp/one" "$STUDY/merged" summary.json summary.csv \
    summary.txt

# One MPI job of two ranks.
if [ "$mode" = mpi ] && command -v mpirun >/dev/null; then
    SLURM_NTASKS=2 STUDY="$tmp/mpi" bash "$tmp/mpi.sbatch" || problems+=("mpi.sbatch failed")
    cp "$tmp/mpi.txt" "$tmp/mpi/summary.txt"
    matches "the MPI job vs one process" "$tmp/one" "$tmp/mpi" summary.json summary.csv \
        state.json summary.txt
elif [ "$mode" = mpi ]; then
    echo "no mpirun: the MPI job is not run"
fi
for p in "${problems[@]}"; do
    echo "FAIL: $p" >&2
done
[ ${#problems[@]} -eq 0 ] && echo "the Slurm scripts give the single process's summaries"
exit $((${#problems[@]} > 0))
