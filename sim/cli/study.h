/*
 * Private to the CLI: what `batch`, `compare`, `sensitivity` and `merge` share: their
 * options, the --out directory, progress on a terminal, Ctrl-C, and the outputs. The studies
 * themselves are library calls (eapsim/study.h); their files come from the writers
 * (eapsim/summary.h).
 */
#ifndef EAPSIM_CLI_STUDY_H
#define EAPSIM_CLI_STUDY_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "eapsim/atomic.h"
#include "eapsim/batch.h"
#include "eapsim/report.h"
#include "eapsim/study.h"
#include "eapsim/summary.h"

#define STUDY_MAX_RUNS (UINT64_C(1) << 53)
#define STUDY_MAX_THREADS 4096

struct study_args {
    const char *file;
    uint64_t runs;
    struct cli_run_options run; /* --seed and --set (A's overrides) */
    unsigned threads;
    uint64_t threads_asked; /* --threads as given (threads: at most STUDY_MAX_THREADS) */
    struct cli_sets vs_sets;
    struct eap_sweep sweep;
    const char *out;
    bool per_run, quiet, has_shard;
    uint64_t shard_k, shard_n; /* 1-based k of n */
    enum eap_format format;
    const char *metric; /* sensitivity: the metric to rank inputs by */
    bool runs_given;
    const char *from_text; /* --from: a time or a milestone id, or NULL */
    eap_time from;         /* ... resolved on the replay of the record */
    char from_desc[96];    /* ... as the summaries say it: "02:00 (T+2h00m)" */
};

/* Parses the options of command `name` (batch, compare or sensitivity) into a (zeroed by the
 * caller), refusing those its synopsis does not list, and checks them; returns 0, -1 after
 * --help, or an exit code. Free with study_args_finish. */
int study_parse(int argc, char **argv, struct study_args *a, const char *name);
void study_args_finish(struct study_args *a);

/* --from: resolves the moment on the replay of the record (a->from, a->from_desc) and
 * returns the history of scn up to it as a snapshot to branch from (*snap; NULL without
 * --from). side_b: the same moment's history for side B of a comparison (a->from resolved
 * already). Returns an exit code (the problem printed). */
int study_history(struct study_args *a, const struct eap_scenario *scn, bool side_b,
                  struct eap_engine **snap);

/* Checks that --out can be written (a folder or nothing yet, its parent writable), creates
 * its missing parents and removes what killed runs left beside it: the last step before a
 * study runs, after every input has been checked, so bad input leaves no directory behind.
 * --out itself appears when the study's files are complete. Returns an exit code, 0 ok. */
int study_prepare_out(const struct study_args *a);

/* What a study's summary and state say about it (into *meta): the scenario, the fingerprint
 * of its inputs, the seed, and the replications this run covers (its shard's, with --shard).
 * The joined --set and --vs-set texts go into the caller's buffers ov and vs (each 4096
 * bytes). Returns an exit code: 1 with the problem printed when the scenario file cannot be
 * read again for the fingerprint. */
int study_meta(const struct study_args *a, const struct eap_scenario *scn, char *ov, char *vs,
               struct eap_batch_meta *meta);

/* How every batch of the study runs (replications first .. first + count - 1, the threads,
 * progress on a terminal, Ctrl-C: from here on it stops the study between blocks), for the
 * library's study calls. `progress` is the caller's storage for the progress line. */
struct study_progress {
    double start;
    uint64_t last;
};
struct eap_batch_spec study_spec(const struct study_args *a, uint64_t first, uint64_t count,
                                 struct study_progress *progress);

/* After a study's batches: ends the progress line an interrupt or a failure left open, and
 * prints err when !ok. Returns ok. */
bool study_ran(const struct eap_batch_spec *spec, bool ok, const struct eap_error *err);

/* Runs a batch (sb NULL) or a paired comparison of sa and sb over meta's replications, with
 * runs.csv under --per-run, and reports it (study_report). Returns an exit code. */
int study_batch(const struct study_args *a, const struct eap_study_side *sa,
                const struct eap_study_side *sb, const struct eap_batch_meta *meta);

/* Prints the study's result on stdout in the chosen format and with --out writes its folder
 * (eap_study_out_report): into o when it is begun already (runs.csv in it; NULL: none).
 * Returns an exit code (130 for a partial summary). */
int study_report(const struct study_args *a, const struct eap_study_result *r, double elapsed,
                 struct eap_study_out *o);

#endif
