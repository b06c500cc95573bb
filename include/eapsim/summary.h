/*
 * The summary of a batch, a comparison or a sweep, as text for people and JSON or CSV for
 * tools. Every number comes from the exact statistics alone, printed with fixed formats, so
 * the texts are byte-identical however the replications were split (threads, shards, ranks).
 */
#ifndef EAPSIM_SUMMARY_H
#define EAPSIM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/batch.h"
#include "eapsim/error.h"

/* The numbers of one metric, in display units (minutes, person-minutes, counts): what every
 * output format prints. For yes/no outcomes p and its Wilson interval are set instead. */
struct eap_metric_summary {
    const struct eap_metric_def *def;
    bool flag;
    uint64_t count, missing;
    double mean, sd, ci_lo, ci_hi, min, p5, p50, p95, max;
    double p, p_lo, p_hi; /* flags: share of yes among the non-missing */
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
    const char *kind;        /* "batch", "sweep", "compare" */
    const char *const *dims; /* sweep: the dimensions' paths */
    size_t dim_count;
    const struct eap_summary_point *points;
    size_t point_count;
    bool partial; /* interrupted: the completed replications only */
};

/* Writes the summary for people to out (a table per point). */
bool eap_summary_text(FILE *out, const struct eap_summary *s);

/* The summary as JSON / CSV text (free with free()); NULL when memory runs out. The text
 * depends only on the exact statistics, so it is identical whatever the threads, shards or
 * ranks that produced them. */
char *eap_summary_json(const struct eap_summary *s);
char *eap_summary_csv(const struct eap_summary *s);

#endif
