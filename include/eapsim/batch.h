/*
 * Batch studies: many replications of a scenario, on threads, shards and MPI ranks, with
 * exact, mergeable statistics (see stats.h).
 *
 * Replications are taken in fixed blocks of EAP_BATCH_BLOCK; replication r always draws from
 * stream (seed, r), and every statistic is an exact integer accumulator, so the result is the
 * same bit for bit whatever the number of threads, the split into shards or the number of MPI
 * ranks. A paired comparison runs both variants of every replication on the same streams
 * (common random numbers) and accumulates their differences.
 */
#ifndef EAPSIM_BATCH_H
#define EAPSIM_BATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "eapsim/engine.h"
#include "eapsim/error.h"
#include "eapsim/hash.h"
#include "eapsim/scenario.h"
#include "eapsim/stats.h"

#define EAP_BATCH_BLOCK 256

/* Receives each replication's metric values in replication order (vs_values is NULL unless
 * the batch is paired). Called under a lock from whichever thread completes a block. */
typedef void eap_batch_row_fn(void *ctx, uint64_t replication, const int64_t *values,
                              const int64_t *vs_values);

/* Called from the thread that started the batch, about five times a second. */
typedef void eap_batch_progress_fn(void *ctx, uint64_t done, uint64_t total);

struct eap_batch_spec {
    const struct eap_scenario *scn; /* the study's scenario (side A) */
    const struct eap_scenario *vs;  /* side B of a paired comparison, or NULL */
    uint64_t seed;
    uint64_t first, count;      /* replications first .. first + count - 1 */
    unsigned threads;           /* 1 or more */
    const double *fixed_inputs; /* NULL, or one value per input of scn (NAN: sampled) */
    /* Branching: with `from` (a snapshot of an engine of scn, see eap_engine_snapshot), every
     * replication continues that history (eap_engine_branch) instead of starting afresh;
     * vs_from is side B's. choices / vs_choices: per decision point of each side's scenario,
     * the option its replications take (EAP_NONE or NULL: the default), also for a decision
     * the snapshot stopped at. */
    const struct eap_engine *from, *vs_from;
    const int32_t *choices, *vs_choices;
    eap_batch_row_fn *on_row; /* NULL: no per-run output */
    void *row_ctx;
    eap_batch_progress_fn *progress; /* NULL: silent */
    void *progress_ctx;
    atomic_int *interrupt; /* when set (a signal handler may set it), no new block starts;
                            * NULL: never */
};

/* The exact result of a batch (or of several merged). */
struct eap_batch_stats {
    size_t metric_count;
    struct eap_metric_def *defs; /* owned copy */
    struct eap_stat *a;          /* per metric */
    struct eap_stat *b;          /* paired: side B per metric, else NULL */
    struct eap_stat *diff;       /* paired: B - A per metric, else NULL */
    uint64_t completed;          /* replications accumulated */
};

/* Initialises empty statistics for these metrics. Returns false when memory runs out. */
bool eap_batch_stats_init(struct eap_batch_stats *s, const struct eap_metric_def *defs,
                          size_t count, bool paired);
void eap_batch_stats_finish(struct eap_batch_stats *s);

/* Adds `from` into `into` exactly. Both must have the same metrics (names and units) and
 * pairing; false with err otherwise or when memory runs out. */
bool eap_batch_stats_merge(struct eap_batch_stats *into, const struct eap_batch_stats *from,
                           struct eap_error *err);

/* Runs the replications of spec into out (initialised here; free with
 * eap_batch_stats_finish). Returns false with err when an engine cannot be made, memory runs
 * out, or the two sides of a comparison do not have the same metrics. An interrupted batch
 * returns true with out->completed < spec->count. */
bool eap_batch_run(const struct eap_batch_spec *spec, struct eap_batch_stats *out,
                   struct eap_error *err);

/* Reads "K/N" (a shard as --shard names it: digits only, no sign or space, each below 2^64).
 * false when text is not of that form; the range of K and N is the caller's to check. */
bool eap_batch_shard_parse(const char *text, uint64_t *k, uint64_t *n);

/* Which replications shard k of n (0-based) runs: a contiguous range of blocks. */
void eap_batch_shard_range(uint64_t runs, uint64_t k, uint64_t n, uint64_t *first, uint64_t *count);

/* --- shard and rank state: what `eapsim merge` and MPI exchange --- */

/* Describes a study for its state file and its summary. */
struct eap_batch_meta {
    const char *scenario_id, *scenario_name, *file;
    uint64_t fingerprint;  /* of the scenario text and every override: merges must agree */
    uint64_t seed, runs;   /* runs: of the whole study, not of this shard */
    uint64_t first, count; /* the replications these statistics cover */
    const char *overrides, *vs_overrides; /* joined --set / --vs-set arguments, or "" */
    const char *from;        /* the history the runs branch from ("02:00 (T+2h00m)"), or NULL/"":
                                none; in the fingerprint too */
    const char *stamp;       /* NULL, or the provenance stamp as a JSON object's text (stamp.h),
                                written as the state's "stamp" and read back as it came */
    const char *deadline;    /* NULL, or the plan's deadline for everyone to be safe, for people:
                                "18:00 on 26 July 2014 (T+18h00m)" */
    const int64_t *replay;   /* NULL, or per metric the record's replay's value
                                (EAP_METRIC_MISSING: it never came about), for the summaries */
    const char *clock_start; /* NULL, or the scenario's start ("2012-09-11T21:42+02:00"), so
                                the summaries can show times from the start as clock times */
    const char *vs_label;    /* NULL, or B's changes (vs_overrides) in a planner's words ("a
                                memorandum of agreement in the request chain"), for the
                                summaries (eap_summary_overrides_words) */
};

/* Serialises the exact state as JSON text (free with free()), or NULL when memory runs out. */
char *eap_batch_state_to_json(const struct eap_batch_meta *meta,
                              const struct eap_batch_stats *stats);

/* Parses a state file's text. Strings of meta point into storage owned by `keep` (free with
 * free() after use). Returns false with a located message in err on malformed input. */
bool eap_batch_state_from_json(const char *name, const char *text, struct eap_batch_meta *meta,
                               struct eap_batch_stats *stats, char **keep, struct eap_error *err);

/* --- MPI (sim/batch/mpi.c, or a stub without MPI) --- */

/* True when an MPI launcher (mpirun, mpiexec, srun) started this process: its environment
 * says so. Whether MPI is built in or not. */
bool eap_mpi_launched(void);

/* Initialises MPI when this process was started by a launcher (and MPI is built in); sets
 * *rank and *size (0 and 1 otherwise). Returns false when MPI could not start. */
bool eap_mpi_init(int *argc, char ***argv, int *rank, int *size);
void eap_mpi_finalize(void);
bool eap_mpi_active(void);
/* True on the rank that writes outputs: rank 0, or the only process without MPI. */
bool eap_mpi_rank0(void);

/* Runs spec over every rank (each takes a contiguous share of the blocks, threads within),
 * then reduces the statistics exactly onto rank 0. On other ranks *out is empty. Per-run rows
 * are not supported under MPI (on_row must be NULL when size > 1). */
bool eap_mpi_batch_run(const struct eap_batch_spec *spec, struct eap_batch_stats *out,
                       struct eap_error *err);

/* True on every rank when any rank's flag is set (collective). */
bool eap_mpi_any(bool flag);

#endif
