/*
 * Studies of many runs, on the batch runner (batch.h): paired comparisons on common random
 * numbers, sweeps over one or two inputs, and sensitivity analysis (one input at a time at its
 * 10th and 90th percentiles, ranked, with a variance-based index). Also the data behind every
 * table and chart the study commands produce, as plain structs: the summary rows of a metric,
 * a histogram's bars, a sweep's curves, a sensitivity study's ranked inputs (the tornado's
 * bars). The writers (summary.h, svg.h, html.h) turn them into files.
 *
 * The library never prints. How the batches of a study run is the caller's: it passes a
 * struct eap_batch_spec as a template, whose seed, replications (first, count), threads,
 * progress callback, interrupt flag and per-run rows apply to every batch of the study, as
 * does any field the batch runner gains (such as a snapshot to branch from). A study copies
 * the template and sets only the sides: scn, vs and fixed_inputs. Batches run across MPI
 * ranks when MPI is active (eap_mpi_batch_run); then only rank 0 holds statistics, and every
 * rank must make the same calls.
 */
#ifndef EAPSIM_STUDY_H
#define EAPSIM_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/batch.h"
#include "eapsim/error.h"
#include "eapsim/loader.h"
#include "eapsim/metrics.h"
#include "eapsim/scenario.h"
#include "eapsim/stats.h"

/* ---- the numbers of one metric ---- */

/* One metric's summary in display units (minutes, person-minutes, counts): what every table
 * and output format shows. For yes/no outcomes p and its interval are set as well. */
struct eap_metric_summary {
    const struct eap_metric_def *def;
    bool flag;
    uint64_t count, missing;
    double mean, sd, ci_lo, ci_hi, min, p5, p50, p95, max;
    /* The percentiles' bound on relative error: 0 when exact (up to EAP_STAT_EXACT_MAX runs,
     * and for values below 256 in base units), else EAP_STAT_QUANTILE_REL_ERROR. */
    double resolution;
    double p, p_lo, p_hi; /* flags: share of yes among the non-missing, Wilson interval */
    bool has_recorded;
    double recorded;
    /* Where the record falls among the runs, in percent (NAN without a record or runs): the
     * share of runs that reached the milestone sooner, counting half of those within the
     * histogram's resolution of it; runs that never reached it count as later. Near 0 or 100
     * the history is an outlier of the model. */
    double record_percentile;
};

/* Summarises statistic s of metric def at the 95% level. O(histogram bins). */
void eap_metric_summarise(const struct eap_metric_def *def, const struct eap_stat *s,
                          struct eap_metric_summary *out);

/* The same for a paired difference B - A: the record's value is left out (it is not a
 * difference), and a yes/no outcome's p is the mean of the -1/0/1 differences (the change in
 * probability) with the t interval of a mean, not a Wilson interval. */
void eap_metric_summarise_diff(const struct eap_metric_def *def, const struct eap_stat *s,
                               struct eap_metric_summary *out);

/* Index of the first metric with this role in defs, or -1. */
long eap_metric_with_role(const struct eap_metric_def *defs, size_t count,
                          enum eap_metric_role role);

/* The metric a study ranks by: the one named `name` (as --metric gives it), or with NULL the
 * time until every survivor is safe. false with err (EAP_EINPUT) naming what was asked, with
 * "did you mean" the nearest name, or EAP_ENOMEM. */
bool eap_study_metric(const struct eap_scenario *scn, const char *name, size_t *index,
                      struct eap_error *err);

/* One metric's row of a study's summary table: A, and for a paired batch B and B - A. */
struct eap_study_row {
    const struct eap_metric_def *def;
    struct eap_metric_summary a, b, diff; /* b and diff zeroed unless paired */
};

/* Fills rows[st->metric_count], one per metric in the schema's order. */
void eap_study_rows(const struct eap_batch_stats *st, struct eap_study_row *rows);

/* The outcomes a sweep's table shows for each point, by role: the time until every survivor
 * is safe, whether all were safe by the deadline, casualties and exposure. */
#define EAP_STUDY_SWEEP_COLUMNS 4
extern const enum eap_metric_role eap_study_sweep_roles[EAP_STUDY_SWEEP_COLUMNS];

/* The summaries of those outcomes at one point; present[k] is false when the schema has no
 * metric of role k. */
void eap_study_sweep_row(const struct eap_batch_stats *st,
                         struct eap_metric_summary out[EAP_STUDY_SWEEP_COLUMNS],
                         bool present[EAP_STUDY_SWEEP_COLUMNS]);

/* ---- sides and batches ---- */

/* One side of a study: what each of its runs is. The scenario (with its overrides) and the
 * inputs held fixed (NULL, or one value per input of scn in base units, NAN: sampled). */
struct eap_study_side {
    const struct eap_scenario *scn;
    const double *fixed_inputs;
    /* NULL, or a snapshot of an engine of scn (eap_study_history): every replication
     * continues that history instead of starting afresh. */
    const struct eap_engine *from;
};

/* The record's history up to t: scn replayed (every input at its recorded value, what is
 * under way tracked) until time t, as a snapshot for a side's `from`, so that a batch asks
 * "given what had happened by t, what came next?". Destroy it with eap_engine_destroy().
 * NULL with err when the replay ends before t (EAP_EINPUT) or memory runs out. */
struct eap_engine *eap_study_history(const struct eap_scenario *scn, eap_time t,
                                     struct eap_error *err);

/* A moment of a run as people name it: a local clock time, an offset or a date and time
 * (eap_clock_parse_time), or a milestone id of the record, the time the run whose trace is
 * tr (called run_name in messages: "the replay of the record") reached it. false with err
 * (EAP_EINPUT) when it is none of these ("did you mean" for a misspelt milestone), never
 * happened, or lies before the start. */
bool eap_study_moment(const struct eap_scenario *scn, const struct eap_trace *tr, const char *text,
                      const char *run_name, eap_time *t, struct eap_error *err);

/* eap_study_history at a moment named as eap_study_moment reads it on the replay of the
 * record; *t is that moment. */
struct eap_engine *eap_study_history_at(const struct eap_scenario *scn, const char *moment,
                                        eap_time *t, struct eap_error *err);

/* The worker threads a study runs on unless told: the processors online, at most `most`
 * (the caller's cap on threads it starts), 1 when the system cannot say. */
unsigned eap_study_cores(unsigned most);

/* Runs the template's replications of one side into out (initialised here; free with
 * eap_batch_stats_finish). An interrupted batch returns true with out->completed below the
 * template's count. Returns false with err when the batch cannot run. */
bool eap_study_run(const struct eap_batch_spec *tmpl, const struct eap_study_side *side,
                   struct eap_batch_stats *out, struct eap_error *err);

/* A paired comparison: replication r of side B runs on the same random streams as
 * replication r of side A (common random numbers), and out holds A, B and the difference
 * B - A of every metric (out->b, out->diff). The two sides must have the same metric schema.
 * Side B's fixed inputs must be NULL: the batch runner holds inputs fixed on side A only
 * (EAP_EINPUT otherwise). Returns false with err as eap_study_run. */
bool eap_study_compare(const struct eap_batch_spec *tmpl, const struct eap_study_side *a,
                       const struct eap_study_side *b, struct eap_batch_stats *out,
                       struct eap_error *err);

/* ---- what a study is, for its files ---- */

/* The fingerprint of a study's inputs, which merged shards must share: the scenario file's
 * bytes and every override of side A, then of side B, each as written (its origin). 0 when
 * the file cannot be read, errno saying why. O(file size). */
uint64_t eap_study_fingerprint(const char *file, const struct eap_override *a, size_t a_count,
                               const struct eap_override *b, size_t b_count);

/* An input's JSON path with ids in place of indices ("/assets/2/readiness" becomes
 * "assets/isr_drone/readiness"), the form --set takes, into buf (cut to len). */
void eap_study_input_name(const struct eap_scenario *scn, const char *path, char *buf, size_t len);

/* The input an override path names, with ids as --set takes them or with indices (a leading
 * '/' or not), or NULL. O(inputs). */
const struct eap_input *eap_study_input_at(const struct eap_scenario *scn, const char *path);

/* The input at `path` (with ids or indices) in a planner's words, from the names the
 * scenario gives ("Annex quick reaction force: readiness", "Coast road to Tunisia, Janzour
 * to Zawiya: ambush lethality"; the request chain's memorandum of agreement as such); the
 * path itself only where no words are known for a key. */
void eap_study_input_label(const struct eap_scenario *scn, const char *path, char *buf, size_t len);

/* ---- sweeps ---- */

#define EAP_SWEEP_MAX_DIMS 2
#define EAP_SWEEP_MAX_POINTS 1000
/* Points of the whole grid, all dimensions together: each keeps its statistics (some hundreds
 * of kB) until the end, and each is a whole batch. */
#define EAP_SWEEP_MAX_GRID 1000
#define EAP_SWEEP_VALUE_MAX 64

/* One dimension of a sweep: the input's path, its label in words (eap_sweep_name; the path
 * until then) and its values as override text ("15 min"). */
struct eap_sweep_dim {
    char path[256];
    char label[EAP_PATH_MAX];
    size_t count;
    char (*values)[EAP_SWEEP_VALUE_MAX];
};

/* A grid of one or two dimensions. Zero it before the first eap_sweep_add. */
struct eap_sweep {
    size_t dim_count;
    struct eap_sweep_dim dims[EAP_SWEEP_MAX_DIMS];
};

/* Adds a dimension from "PATH=A:B:STEP[ UNIT]" (A, A + STEP, ... up to B, each with the unit:
 * "0:60:10 min") or "PATH=V1,V2,...". Returns false with err (EAP_EUSAGE, the message
 * starting with spec) for a missing '=', a step that is not above zero, A above B, more than
 * EAP_SWEEP_MAX_POINTS values, an empty or too long value, or a third dimension; EAP_ENOMEM
 * when memory runs out. The values are checked against the scenario when the points load. */
bool eap_sweep_add(struct eap_sweep *sw, const char *spec, struct eap_error *err);

/* Names each dimension by the label the scenario gives its input (eap_study_input_label:
 * 'Request chain step "AFRICOM tasks air cover": delay'), for every output a planner reads;
 * the path stays in the JSON and CSV, and beside the label in the text's header. */
void eap_sweep_name(struct eap_sweep *sw, const struct eap_scenario *scn);

/* Frees the values; the sweep is empty again. Safe on a zeroed sweep. */
void eap_sweep_finish(struct eap_sweep *sw);

/* The points of the grid: the product of the dimensions' counts (1 without dimensions). */
size_t eap_sweep_points(const struct eap_sweep *sw);

/* The value of dimension d at point p. Points go through the grid in order, the last
 * dimension fastest: point p of a 3 x 2 grid is (p / 2, p % 2). */
const char *eap_sweep_value(const struct eap_sweep *sw, size_t p, size_t d);

/* A sweep's points, loaded and run. Zero it before eap_sweep_load. */
struct eap_sweep_run {
    size_t count;                  /* points in the grid */
    struct eap_scenario **scns;    /* the scenario at each point */
    struct eap_batch_stats *stats; /* each point's statistics: points 0 .. done - 1 */
    size_t done;                   /* points that ran, in grid order */
    bool partial;                  /* stopped early: points missing, or the last one partial */
};

/* Loads the scenario at every point before anything runs, so a bad value stops the study
 * early: `file` with the base overrides, then the point's "PATH=VALUE" for each dimension
 * (named in messages as "<label> PATH=VALUE", e.g. label "--sweep"). Returns false with the
 * problems of the first bad point in diag (err EAP_EINPUT), or with err EAP_ENOMEM. */
bool eap_sweep_load(struct eap_sweep_run *r, const struct eap_sweep *sw, const char *file,
                    const struct eap_override *base, size_t base_count, const char *label,
                    struct eap_diag *diag, struct eap_error *err);

/* Called on every MPI rank after each point that ran: done of total. */
typedef void eap_sweep_point_fn(void *ctx, size_t done, size_t total);

/* Runs the loaded points in grid order, each the template's batch on its scenario. Once the
 * template's interrupt flag is set (on any rank: the ranks agree, since each point is a
 * collective run) no new point starts; r->done points ran and r->partial is set. A point none
 * of whose replications finished is left out. Returns false with err when a batch fails. */
bool eap_sweep_run(struct eap_sweep_run *r, const struct eap_batch_spec *tmpl,
                   eap_sweep_point_fn *on_point, void *ctx, struct eap_error *err);

/* Frees the scenarios and statistics. Safe on a zeroed run. */
void eap_sweep_run_finish(struct eap_sweep_run *r);

/* ---- sensitivity ---- */

/* One uncertain input of a sensitivity study. */
struct eap_sensitivity_input {
    size_t input;             /* index into scn->inputs */
    char name[EAP_PATH_MAX];  /* its path with ids (eap_study_input_name) */
    char label[EAP_PATH_MAX]; /* in words (eap_study_input_label) */
    double low, high;         /* its 10th and 90th percentiles, base units */
    double at_low, at_high;   /* the metric's mean (a probability for yes/no outcomes), display
                                 units, with the input held at low and at high */
    double effect;            /* at_high - at_low: what the ranking orders by (magnitude) */
    double first_order;       /* estimate of the first-order (main-effect) variance index
                                 Var(E[Y | input]) / Var(Y) from the same runs (docs/batch.md);
                                 NAN when Var(Y) is 0 or unknown */
};

struct eap_sensitivity {
    const struct eap_scenario *scn;       /* borrowed */
    size_t metric;                        /* index in the scenario's metric schema */
    uint64_t seed, runs;                  /* of every batch: the template's */
    double baseline;                      /* the metric's mean with every input sampled */
    double variance;                      /* its variance over the replications (display units^2) */
    size_t count;                         /* uncertain inputs */
    struct eap_sensitivity_input *inputs; /* ranked: largest |effect| first, an effect that
                                             could not be measured (NAN) last, ties in the
                                             scenario's order */
    bool complete;                        /* every input measured (false after an interrupt) */
};

/* Measures every uncertain input of scn against metric `metric`: a baseline batch with
 * everything sampled, then for each input a batch with it held at its 10th and one at its
 * 90th percentile, all on the same replications (common random numbers), so an input that
 * cannot change the metric has an effect of exactly 0. Stops between inputs once the
 * template's interrupt flag is set (on any rank), with out->complete false and the inputs
 * unranked. On MPI ranks other than 0 the means are NAN. Returns false with err when a batch
 * fails or memory runs out, and (EAP_EINPUT, on every rank, before the inputs' batches) when
 * the metric has no value in any replication of the baseline; free out with
 * eap_sensitivity_finish either way. */
bool eap_sensitivity_run(const struct eap_batch_spec *tmpl, const struct eap_scenario *scn,
                         size_t metric, struct eap_sensitivity *out, struct eap_error *err);

void eap_sensitivity_finish(struct eap_sensitivity *s);

/* Whether the metric took one value in every run of a complete study: no variance with every
 * input sampled, and the baseline's mean with each input held at either end. Then nothing
 * moves it and there is nothing to rank (a probability of 0 or 1 in every run, say); the
 * writers say so rather than print rows of equal means. O(inputs). */
bool eap_sensitivity_flat(const struct eap_sensitivity *s);

/* The metric to suggest instead when a study is flat: the scenario's time until every
 * survivor is safe, else its casualties (not the study's own); -1 when there is none. */
long eap_sensitivity_better_metric(const struct eap_sensitivity *s);

/* ---- the data behind the charts ---- */

#define EAP_STUDY_MAX_BINS 40

/* A histogram of one metric in display units: one bar per whole number for a count that
 * spans fewer than EAP_STUDY_MAX_BINS values, else bars of a round width (1, 2, 2.5 or 5 times
 * a power of ten; 20 to EAP_STUDY_MAX_BINS of them) from the 0.1% to the 99.9% point, widened
 * to show the record's value. Bar i counts the runs with edges[i] <= value < edges[i + 1];
 * `below` and `above` count the thin tails outside the bars, so bars and tails add up to
 * `runs`. Counts are exact while the statistic keeps its values (up to EAP_STAT_EXACT_MAX);
 * beyond, an accumulator bin that straddles an edge is split in proportion (stats.h,
 * eap_stat_count_below), so a bar is the number of runs in its range up to the unevenness of
 * the runs inside the two accumulator bins at its ends. */
struct eap_study_histogram {
    size_t bins;
    double edges[EAP_STUDY_MAX_BINS + 1]; /* bins + 1 ascending */
    double counts[EAP_STUDY_MAX_BINS];    /* replications per bar, whole numbers */
    double below, above;                  /* replications under edges[0], at or over edges[bins] */
    double min, max;                      /* the extreme values (the tails' far ends) */
    double resolution; /* relative resolution of the counts' source bins; 0: exact */
    double mean, median;
    bool has_recorded; /* the record's value, marked (never on a difference) */
    double recorded;
    uint64_t runs; /* the values counted */
};

/* The histogram of statistic s of metric d (difference: s is a paired difference). Returns
 * false when s holds no value: there is nothing to draw. O(bars x histogram bins). */
bool eap_study_histogram(const struct eap_metric_def *d, const struct eap_stat *s, bool difference,
                         struct eap_study_histogram *out);

/* Whether a study draws metric d: histograms of the main outcomes (d->pictured), and on a
 * sweep's curves the yes/no outcomes too. */
bool eap_study_draws(const struct eap_metric_def *d, bool sweep);

/* One curve of a sweep's chart: the metric's mean (a probability for yes/no outcomes) with
 * its 95% interval at each value of the first dimension that ran, for one value of the
 * second dimension (`second`; 0 for a one-dimensional sweep). */
struct eap_study_curve {
    size_t second;
    size_t points;
    const double *x, *y, *lo, *hi;
};

/* The curves of one metric over a sweep. x is the first dimension's value: durations in
 * minutes, distances in km, speeds in km/h, plain numbers as they are, anything else
 * ("true", "false") by position. */
struct eap_study_curves {
    const char *x_unit; /* "minutes", "km", "km/h", or "" */
    size_t count;       /* curves with at least one point */
    struct eap_study_curve *curves;
    double *values; /* private */
};

/* The curves of metric m from the statistics of the first `done` points of sw's grid (an
 * interrupted sweep gives curves of unequal length). Returns false when memory runs out.
 * Free with eap_study_curves_finish. */
bool eap_study_curves(const struct eap_sweep *sw, const struct eap_batch_stats *points, size_t done,
                      size_t m, struct eap_study_curves *out);

void eap_study_curves_finish(struct eap_study_curves *c);

#endif
