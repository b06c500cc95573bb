/*
 * The numbers of one metric from its exact statistic, in display units: what every summary
 * table, output format and chart shows. Computed from the exact integers only, so equal
 * statistics give equal numbers however the replications were split.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/study.h"

#define LEVEL 0.95

static double display(enum eap_metric_unit unit, double v)
{
    return v / eap_metric_display_scale(unit);
}

static double record_percentile(const struct eap_metric_def *def, const struct eap_stat *s)
{
    uint64_t runs = s->count + s->missing, below, at;
    if (!def->has_recorded || runs == 0) {
        return NAN;
    }
    eap_stat_rank(s, def->recorded, &below, &at);
    return 100.0 * ((double)below + 0.5 * (double)at) / (double)runs;
}

void eap_metric_summarise(const struct eap_metric_def *def, const struct eap_stat *s,
                          struct eap_metric_summary *out)
{
    memset(out, 0, sizeof(*out));
    out->def = def;
    out->flag = def->unit == EAP_MU_FLAG;
    out->count = s->count;
    out->missing = s->missing;
    out->has_recorded = def->has_recorded;
    out->recorded = display(def->unit, (double)def->recorded);
    out->record_percentile = record_percentile(def, s);
    if (out->flag && !eap_stat_proportion(s, LEVEL, &out->p, &out->p_lo, &out->p_hi)) {
        out->p = out->p_lo = out->p_hi = NAN;
    }
    enum eap_metric_unit u = def->unit;
    out->mean = display(u, eap_stat_mean(s));
    out->sd = display(u, eap_stat_sd(s));
    eap_stat_mean_ci(s, LEVEL, &out->ci_lo, &out->ci_hi);
    out->ci_lo = display(u, out->ci_lo);
    out->ci_hi = display(u, out->ci_hi);
    out->min = s->count ? display(u, (double)s->min) : NAN;
    out->max = s->count ? display(u, (double)s->max) : NAN;
    out->p5 = display(u, eap_stat_quantile(s, 0.05));
    out->p50 = display(u, eap_stat_quantile(s, 0.50));
    out->p95 = display(u, eap_stat_quantile(s, 0.95));
    out->resolution = eap_stat_quantile_error(s);
}

/* Paired differences of yes/no outcomes take -1, 0 or 1: their mean is the change in
 * probability, and its interval is the t interval of a mean (not a Wilson interval). */
void eap_metric_summarise_diff(const struct eap_metric_def *def, const struct eap_stat *s,
                               struct eap_metric_summary *out)
{
    eap_metric_summarise(def, s, out);
    out->has_recorded = false; /* the record's value is not a difference */
    out->record_percentile = NAN;
    if (out->flag) {
        out->p = eap_stat_mean(s);
        eap_stat_mean_ci(s, LEVEL, &out->p_lo, &out->p_hi);
    }
}

long eap_metric_with_role(const struct eap_metric_def *defs, size_t count,
                          enum eap_metric_role role)
{
    for (size_t i = 0; i < count; i++) {
        if (defs[i].role == role) {
            return (long)i;
        }
    }
    return -1;
}

void eap_study_rows(const struct eap_batch_stats *st, struct eap_study_row *rows)
{
    for (size_t i = 0; i < st->metric_count; i++) {
        struct eap_study_row *r = &rows[i];
        memset(r, 0, sizeof(*r));
        r->def = &st->defs[i];
        eap_metric_summarise(r->def, &st->a[i], &r->a);
        if (st->b) {
            eap_metric_summarise(r->def, &st->b[i], &r->b);
            eap_metric_summarise_diff(r->def, &st->diff[i], &r->diff);
        }
    }
}

const enum eap_metric_role eap_study_sweep_roles[EAP_STUDY_SWEEP_COLUMNS] = {
    EAP_METRIC_TIME_ALL_SAFE, EAP_METRIC_SAFE_BY_DEADLINE, EAP_METRIC_CASUALTIES,
    EAP_METRIC_EXPOSURE};

void eap_study_sweep_row(const struct eap_batch_stats *st,
                         struct eap_metric_summary out[EAP_STUDY_SWEEP_COLUMNS],
                         bool present[EAP_STUDY_SWEEP_COLUMNS])
{
    for (size_t k = 0; k < EAP_STUDY_SWEEP_COLUMNS; k++) {
        long i = eap_metric_with_role(st->defs, st->metric_count, eap_study_sweep_roles[k]);
        present[k] = i >= 0;
        memset(&out[k], 0, sizeof(out[k]));
        if (present[k]) {
            eap_metric_summarise(&st->defs[i], &st->a[i], &out[k]);
        }
    }
}

bool eap_study_metric(const struct eap_scenario *scn, const char *name, size_t *index,
                      struct eap_error *err)
{
    long m = name ? eap_metric_find(scn->metrics, scn->metric_count, name)
                  : eap_metric_with_role(scn->metrics, scn->metric_count, EAP_METRIC_TIME_ALL_SAFE);
    if (m >= 0) {
        *index = (size_t)m;
        return true;
    }
    const char **names = calloc(scn->metric_count + 1, sizeof(*names));
    if (!names) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory while looking up a metric");
    }
    for (size_t i = 0; i < scn->metric_count; i++) {
        names[i] = scn->metrics[i].name;
    }
    const char *hint = name ? eap_suggest(name, names, scn->metric_count) : NULL;
    eap_error_set(
        err, EAP_EINPUT, "no metric \"%s\"%s%s%s (see the names in eapsim run --format csv)",
        name ? name : "", hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
    free(names);
    return false;
}
