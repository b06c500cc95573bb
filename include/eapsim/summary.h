/*
 * The outputs of a study: the summary of a batch, a comparison or a sweep as text for people
 * and JSON or CSV for tools; a sensitivity study's ranking likewise; the pictures and the
 * index.html page of each (through svg.h and html.h); and the per-run table. Every number
 * comes from the exact statistics alone (see study.h), printed with fixed formats, so the
 * texts are byte-identical however the replications were split (threads, shards, ranks).
 * Files are written atomically (atomic.h).
 */
#ifndef EAPSIM_SUMMARY_H
#define EAPSIM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/atomic.h"
#include "eapsim/batch.h"
#include "eapsim/error.h"
#include "eapsim/report.h"
#include "eapsim/stamp.h"
#include "eapsim/study.h"

/* ---- the files a command writes ---- */

/* The names of the files written into an output directory, for run-info.json. Zero it to
 * start; the writers that take one add each file once it is complete. */
struct eap_written {
    char (*names)[256];
    size_t count, cap;
    bool oom; /* a name could not be kept: run-info.json would be incomplete */
};

/* Adds name (a file in the directory; a name already there is not added twice). NULL w is
 * ignored. */
void eap_written_add(struct eap_written *w, const char *name);
void eap_written_finish(struct eap_written *w);

/* ---- batches, comparisons and sweeps ---- */

enum eap_summary_kind { EAP_SUMMARY_BATCH, EAP_SUMMARY_COMPARE, EAP_SUMMARY_SWEEP };

/* "batch", "compare" or "sweep", as the JSON summary's "kind" says. */
const char *eap_summary_kind_name(enum eap_summary_kind kind);

/* A study's summary: one point (a batch, a comparison, a merge) or a sweep's points. */
struct eap_summary {
    const struct eap_batch_meta *meta;
    enum eap_summary_kind kind;
    const struct eap_sweep *sweep;        /* a sweep's grid; NULL otherwise */
    const struct eap_batch_stats *points; /* point_count statistics, a sweep's in grid order
                                             (the first points of the grid when interrupted) */
    size_t point_count;
    bool partial;                  /* interrupted: the completed replications only */
    const struct eap_stamp *stamp; /* what every file says of how it was made; NULL: none */
    struct eap_written *written;   /* NULL, or where the pictures and the page add their names */
};

/* Overrides (--set, --vs-set) in a planner's words, joined by "; " into buf (cut to len): an
 * input by the label the scenario gives it (eap_study_input_label) and its new value
 * ("Annex quick reaction force: readiness set to 5 min"), the request chain's memorandum of
 * agreement as such ("a memorandum of agreement in the request chain"), anything else as
 * written ("PATH=VALUE"). For eap_batch_meta.vs_label. O(overrides x inputs). */
void eap_summary_overrides_words(const struct eap_scenario *scn, const struct eap_override *ov,
                                 size_t n, char *buf, size_t len);

/* Writes the summary for people to out (a table per point). Returns false when writing
 * fails. */
bool eap_summary_text(FILE *out, const struct eap_summary *s);

/* The summary as JSON / CSV text (free with free()); NULL when memory runs out. The JSON
 * carries the stamp (its first key, "stamp"); the CSV stays a plain table (run-info.json
 * stands for it). */
char *eap_summary_json(const struct eap_summary *s);
char *eap_summary_csv(const struct eap_summary *s);

/* Writes the pictures of s into the directory dir: histograms of the main outcomes
 * (hist-NAME.svg), of the paired differences for a comparison (diff-NAME.svg), curves across
 * a sweep (sweep-NAME.svg); then index.html with the summary table beside them. Each carries
 * s->stamp and is added to s->written. Returns false with err when a file cannot be written
 * or memory runs out. */
bool eap_summary_pictures(const char *dir, const struct eap_summary *s, struct eap_error *err);

/* run-info.json: the stamp of a command's files, every file it wrote into dir (from files)
 * with its size and SHA-256, so that plain tables such as summary.csv and runs.csv are
 * covered too, the files it read (inputs, paths as given: a merge's shards; NULL: none) with
 * theirs, and the wall-clock figures (elapsed seconds, replications, their rate,
 * threads, host), which never enter a summary so that summaries stay byte-identical.
 * Reads each file. Free with free(); NULL with err when a file cannot be read or memory runs
 * out. */
char *eap_run_info_json(const char *dir, const struct eap_stamp *stamp,
                        const struct eap_written *files, const struct eap_written *inputs,
                        double elapsed, uint64_t replications, unsigned threads,
                        struct eap_error *err);

/* ---- sensitivity ---- */

/* The ranking of a complete sensitivity study as a text table for people (to out; for a
 * flat study, eap_sensitivity_flat, why nothing is ranked and a metric to rank by), JSON
 * (with the stamp, NULL: none) or CSV (free with free(); NULL when memory runs out). */
bool eap_sensitivity_text(FILE *out, const struct eap_sensitivity *s);
char *eap_sensitivity_json(const struct eap_sensitivity *s, const struct eap_stamp *stamp);
char *eap_sensitivity_csv(const struct eap_sensitivity *s);

/* Writes tornado.svg (the 15 inputs with the largest effects) and index.html (every input,
 * and what the effect and the first-order index mean) into dir, each with the stamp, and
 * adds them to written (NULL: not kept). A flat study (eap_sensitivity_flat) has no tornado,
 * and its page says why nothing is ranked in place of the table. Returns false with err. */
bool eap_sensitivity_pictures(const char *dir, const struct eap_sensitivity *s,
                              const struct eap_stamp *stamp, struct eap_written *written,
                              struct eap_error *err);

/* ---- the per-run table ---- */

/* runs.csv under a directory: one row per replication, in replication order, as a batch
 * delivers them (eap_batch_spec.on_row = eap_runs_csv_row, row_ctx = the table). Values in
 * display units; a paired batch adds B's values ("vs:" columns). Written atomically: the
 * file appears on commit. */
struct eap_runs_csv;

/* Opens the table (NULL with err when the file cannot be created or memory runs out). */
struct eap_runs_csv *eap_runs_csv_open(const char *dir, const struct eap_scenario *scn, bool paired,
                                       struct eap_error *err);
eap_batch_row_fn eap_runs_csv_row;
/* Whether every row so far was written (false from the first failure on: a full disk). */
bool eap_runs_csv_ok(const struct eap_runs_csv *r);
/* Completes the file and frees the table; false with err when writing failed. */
bool eap_runs_csv_commit(struct eap_runs_csv *r, struct eap_error *err);
/* Drops the file and frees the table. NULL is ignored. */
void eap_runs_csv_abort(struct eap_runs_csv *r);

/* ---- a study's output folder, all or nothing (study_out.c) ---- */

/* The folder a study writes (--out): every file goes into a temporary folder beside it
 * (eap_outdir), run-info.json last as its manifest, and the folder is put in place only when
 * every file is complete; on any failure the target is left as it was and err names the file
 * as in the target ("DIR/runs.csv: No space left on device"). Set stamp, written, read and
 * threads (the caller's) in a zeroed struct, then begin it with eap_study_out_begin, or let
 * eap_study_out_runs or eap_study_out_report begin it when they need it: it is begun while
 * dir.stage is not empty. */
struct eap_study_out {
    struct eap_outdir dir;
    const struct eap_stamp *stamp;  /* what every file carries */
    struct eap_written *written;    /* the names written so far, for run-info.json */
    const struct eap_written *read; /* the files read (a merge's shards); NULL: none */
    unsigned threads;               /* for run-info.json's wall-clock figures */
};

/* Starts writing dir (eap_outdir_begin). false with err. */
bool eap_study_out_begin(struct eap_study_out *o, const char *dir, struct eap_error *err);

/* Writes text (taken; NULL means memory ran out) as the folder's file name. On failure the
 * folder is abandoned (eap_study_out_abort) and false returned with err. */
bool eap_study_out_write(struct eap_study_out *o, const char *name, char *text,
                         struct eap_error *err);

/* Writes run-info.json (replications: the runs the files describe; elapsed: wall-clock
 * seconds) and puts the folder in place. On failure the folder is abandoned. */
bool eap_study_out_commit(struct eap_study_out *o, uint64_t replications, double elapsed,
                          struct eap_error *err);

/* Abandons the folder: the target stays as it was. Safe after a failure or a commit, and on
 * a folder never begun. */
void eap_study_out_abort(struct eap_study_out *o);

/* A batch's, comparison's or sweep's files: summary.json and summary.csv (json and csv: the
 * texts already built for stdout, taken), state.json (not for a sweep, whose points cannot be
 * merged), the pictures and index.html, then the commit. */
bool eap_study_out_summary(struct eap_study_out *o, const struct eap_summary *s, char *json,
                           char *csv, double elapsed, struct eap_error *err);

/* A sensitivity study's files: sensitivity.json and sensitivity.csv (taken), tornado.svg
 * (not for a flat study) and index.html, then the commit. */
bool eap_study_out_sensitivity(struct eap_study_out *o, const struct eap_sensitivity *sn,
                               char *json, char *csv, double elapsed, struct eap_error *err);

/* What a study gives its writers: a summary (a batch, a comparison, a sweep, a merge), or
 * when that is NULL a complete sensitivity study's ranking. */
struct eap_study_result {
    const struct eap_summary *summary;
    const struct eap_sensitivity *sensitivity;
};

/* Prints the result to out in `format`, then, when dir is not NULL, writes its folder there
 * (eap_study_out_summary or eap_study_out_sensitivity): into o when o is begun already
 * (eap_study_out_runs wrote runs.csv into it), else into a folder begun here once the
 * printing succeeded. The JSON and CSV texts are built once for both; the printed JSON and
 * every file carry o->stamp, and a summary's pictures add their names to o->written. false
 * with err: EAP_ENOMEM when a text cannot be built, EAP_EIO when out cannot be written, or
 * the folder's failure; a folder begun is then abandoned. */
bool eap_study_out_report(struct eap_study_out *o, const char *dir, FILE *out,
                          enum eap_format format, const struct eap_study_result *r, double elapsed,
                          struct eap_error *err);

/* Runs one side's batch (b NULL: eap_study_run) or the paired batch of a and b
 * (eap_study_compare), with runs.csv streaming into the folder o, begun here at dir unless it
 * is already; o NULL: the batch alone, no table. A table that can no longer be written (a
 * full disk) stops the batch between blocks as an interrupt does (spec->interrupt is then
 * set; it must not be NULL), so the rest of the batch is not spent for nothing. false with
 * err, the folder abandoned. */
bool eap_study_out_runs(struct eap_study_out *o, const char *dir, struct eap_batch_spec *spec,
                        const struct eap_study_side *a, const struct eap_study_side *b,
                        struct eap_batch_stats *stats, struct eap_error *err);

#endif
