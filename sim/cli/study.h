/*
 * Private to the CLI: what `batch`, `compare`, `sensitivity` and `merge` share: their common
 * options, sweeps, the --out directory and its files (all written atomically), progress on a
 * terminal, and Ctrl-C.
 */
#ifndef EAPSIM_CLI_STUDY_H
#define EAPSIM_CLI_STUDY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "eapsim/batch.h"
#include "eapsim/report.h"
#include "eapsim/atomic.h"
#include "eapsim/html.h"
#include "eapsim/summary.h"
#include "eapsim/svg.h"

#define STUDY_MAX_POINTS 1000
#define STUDY_MAX_DIMS 2
#define STUDY_MAX_RUNS (UINT64_C(1) << 53)

/* A sweep dimension: a path and its values as override text. */
struct sweep_dim {
    char path[256];
    size_t count;
    char (*values)[64];
};

struct study_args {
    const char *file;
    uint64_t runs, seed;
    unsigned threads;
    struct cli_sets sets, vs_sets;
    struct sweep_dim dims[STUDY_MAX_DIMS];
    size_t dim_count;
    const char *out;
    bool per_run, quiet, has_shard;
    uint64_t shard_k, shard_n; /* 1-based k of n */
    enum eap_format format;
    const char *metric; /* sensitivity: the metric to rank inputs by */
    bool runs_given;
};

/* Which command parses: each refuses the options that are not its own. */
enum study_kind { STUDY_BATCH, STUDY_COMPARE, STUDY_SENSITIVITY };

/* Set by the SIGINT handler: no new block of replications starts. A lock-free atomic, so
 * the handler may set it and the worker threads read it. */
extern atomic_int study_interrupted;
void study_catch_interrupt(void);

/* Parses "PATH=A:B:STEP[ UNIT]" or "PATH=V1,V2,..." into dim; prints the problem and
 * returns false on bad input (a zero or negative step, A above B, too many points). */
bool study_parse_sweep(const char *arg, struct sweep_dim *dim);
void study_free_sweeps(struct study_args *a);

/* Parses the options shared by batch, compare and sensitivity into a, refusing those the
 * command would ignore, and checks them (study_check); returns 0, -1 after --help, or an
 * exit code. */
int study_parse(int argc, char **argv, struct study_args *a, const struct cli_command *self,
                void (*help)(FILE *), enum study_kind kind);

/* An input's path with ids in place of indices ("/assets/isr_drone/readiness"), the form
 * --set accepts. */
void study_input_label(const struct eap_scenario *scn, const char *path, char *buf, size_t len);

/* Checks option values that apply to every study (runs, threads, shard). Returns an exit
 * code, 0 ok. */
int study_check(struct study_args *a);

/* Creates --out if needed and checks it is writable: the last step before a study runs,
 * after every input has been checked, so bad input leaves no directory behind. Returns an
 * exit code, 0 ok. */
int study_prepare_out(const struct study_args *a);

/* What a study's summary and state say about it: the scenario, the fingerprint of its inputs,
 * the seed, and the replications this run covers (its shard's, with --shard). The joined
 * --set and --vs-set texts go into the caller's buffers ov and vs (each 4096 bytes). */
struct eap_batch_meta study_meta(const struct study_args *a, const struct eap_scenario *scn,
                                 char *ov, char *vs);

/* Runs one batch (threads, MPI ranks) with progress on a terminal. Returns false with the
 * problem printed. rows: NULL or the per-run file to stream to. */
struct study_rows;
bool study_run(const struct study_args *a, const struct eap_scenario *scn,
               const struct eap_scenario *vs, const double *fixed, uint64_t first, uint64_t count,
               struct study_rows *rows, struct eap_batch_stats *out);

/* The per-run table (runs.csv) written as the replications complete, in order. */
struct study_rows *study_rows_open(const char *dir, const struct eap_scenario *scn, bool paired);
bool study_rows_commit(struct study_rows *r);
void study_rows_abort(struct study_rows *r);

/* Writes the summary to stdout in the chosen format, and with --out the summary files,
 * state.json (when not a sweep), the pictures and index.html. Returns an exit code. */
int study_report(const struct study_args *a, const struct eap_summary *s, double elapsed);

/* Writes text (taking ownership; NULL means out of memory) to --out/name atomically. Prints
 * the problem and returns false on failure. */
bool study_write(const struct study_args *a, const char *name, char *text);

/* Writes index.html under --out: the summary table (per metric; A, B and B - A for a
 * comparison; one row per point for a sweep) beside the pictures. */
bool study_index(const struct study_args *a, const struct eap_summary *s,
                 const struct eap_html_image *images, size_t image_count);

/* Joins a path under --out. */
void study_path(const struct study_args *a, const char *name, char *buf, size_t len);

#endif
