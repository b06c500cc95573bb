/*
 * Batch outputs: files written atomically, the summary of a study (text, JSON, CSV), the
 * per-run table, and the pictures (SVG histograms, sweep curves, a tornado chart, and an
 * index.html that shows the summary table beside them).
 *
 * Every file goes to a temporary name in the same directory first and is renamed into place
 * once complete, so an interrupted run never leaves a half-written file behind.
 */
#ifndef EAPSIM_SUMMARY_H
#define EAPSIM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/batch.h"
#include "eapsim/error.h"

/* --- atomic files --- */

struct eap_atomic_file {
    FILE *f;
    char path[1024];
    char tmp[1040];
};

/* Opens a temporary file beside `path` for writing. Returns the stream, or NULL with err set
 * (EAP_EIO, naming the file and the cause). */
FILE *eap_atomic_open(struct eap_atomic_file *a, const char *path, struct eap_error *err);

/* Flushes, syncs and renames the temporary file onto `path`. On failure removes the
 * temporary file and returns false with err set. */
bool eap_atomic_commit(struct eap_atomic_file *a, struct eap_error *err);

/* Closes and removes the temporary file; the target is left as it was. Safe to call on a
 * zeroed or already committed struct. */
void eap_atomic_abort(struct eap_atomic_file *a);

/* Writes `len` bytes of `text` to `path` atomically. */
bool eap_write_file_atomic(const char *path, const char *text, size_t len, struct eap_error *err);

/* --- summaries of a batch (sim/report/summary.c) --- */

/* The numbers of one metric, in display units (minutes, person-minutes, counts): what every
 * output format prints. For yes/no outcomes p and its Wilson interval are set instead. */
struct eap_metric_summary {
    const struct eap_metric_def *def;
    bool flag;
    uint64_t count, missing;
    double mean, sd, ci_lo, ci_hi, min, p5, p50, p95, max;
    double p, p_lo, p_hi;      /* flags: share of yes among the non-missing */
    bool has_recorded;
    double recorded;
};

/* Summarises statistic s of metric def (level 0.95). */
void eap_metric_summarise(const struct eap_metric_def *def, const struct eap_stat *s,
                          struct eap_metric_summary *out);

/* A study's summary, for one point (a batch) or many (a sweep). */
struct eap_summary_point {
    const char *const *values; /* sweep: one value per dimension (as given); else NULL */
    const struct eap_batch_stats *stats;
};

struct eap_summary {
    const struct eap_batch_meta *meta;
    const char *kind;          /* "batch", "sweep", "compare" */
    const char *const *dims;   /* sweep: the dimensions' paths */
    size_t dim_count;
    const struct eap_summary_point *points;
    size_t point_count;
    bool partial;              /* interrupted: the completed replications only */
};

/* Writes the summary for people to out (a table per point). */
bool eap_summary_text(FILE *out, const struct eap_summary *s);

/* The summary as JSON / CSV text (free with free()); NULL when memory runs out. The text
 * depends only on the exact statistics, so it is identical whatever the threads, shards or
 * ranks that produced them. */
char *eap_summary_json(const struct eap_summary *s);
char *eap_summary_csv(const struct eap_summary *s);

/* --- pictures (sim/report/charts.c) --- */

/* A histogram of one metric. Bars are given by their edges (n + 1) and counts (n). */
struct eap_histogram_plot {
    const char *title;    /* e.g. "Time until everyone is safe" */
    const char *x_label;  /* e.g. "minutes after the start" */
    size_t bins;
    const double *edges;  /* bins + 1 ascending values */
    const double *counts; /* bins values (replications) */
    double mean, median;
    bool has_recorded;
    double recorded;      /* the record's value, marked with a labelled line */
    const char *recorded_label;
    unsigned long long runs;
};

/* One line of a sweep: y (mean) and its confidence band against x. */
struct eap_curve_series {
    const char *label; /* "" for a one-dimensional sweep; else the second dimension's value */
    size_t points;
    const double *x, *y, *lo, *hi;
};

struct eap_curve_plot {
    const char *title;
    const char *x_label, *y_label;
    size_t series_count;
    const struct eap_curve_series *series;
    bool has_recorded;
    double recorded; /* drawn as a horizontal reference line */
};

/* One bar of a tornado chart: the metric's mean with the input at its low and at its high
 * value, everything else sampled as usual. */
struct eap_tornado_bar {
    const char *input;      /* e.g. "assets/isr_drone/speed" */
    const char *low_label;  /* e.g. "p10: 81 kn" */
    const char *high_label; /* e.g. "p90: 112 kn" */
    double at_low, at_high;
};

struct eap_tornado_plot {
    const char *title;
    const char *x_label;
    double baseline; /* the metric's mean with every input sampled */
    size_t bar_count;
    const struct eap_tornado_bar *bars; /* in the order to draw, largest effect first */
};

/* Each writes an SVG file atomically (a browser opens it). Returns false with err set. */
bool eap_svg_histogram(const char *path, const struct eap_histogram_plot *p,
                       struct eap_error *err);
bool eap_svg_curves(const char *path, const struct eap_curve_plot *p, struct eap_error *err);
bool eap_svg_tornado(const char *path, const struct eap_tornado_plot *p, struct eap_error *err);

/* A page that shows a table beside pictures: rows of cells under a header, and images with
 * captions (paths relative to the page). Written atomically. */
struct eap_html_table {
    size_t columns, rows;
    const char *const *header; /* columns entries */
    const char *const *cells;  /* rows * columns entries, row by row */
};

struct eap_html_image {
    const char *file;
    const char *caption;
};

bool eap_html_index(const char *path, const char *title, const char *subtitle,
                    const struct eap_html_table *table, const struct eap_html_image *images,
                    size_t image_count, struct eap_error *err);

#endif
