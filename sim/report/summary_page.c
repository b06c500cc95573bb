/*
 * index.html of a batch, a comparison or a sweep: the opening for the people who decide
 * (summary_answer.c), then the summary as a table beside the pictures. A batch lists every
 * metric; a comparison lists A, B and the paired difference; a sweep gives one row per point
 * with the main outcomes. Every table shows how many replications never reached a value, so
 * a mean is never read as covering runs it does not, and gives each number to the precision
 * its interval (or the percentiles' resolution) supports.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/clock.h"
#include "eapsim/html.h"
#include "eapsim/summary.h"
#include "report_internal.h"

/* How many runs left the metric without a value. For a party's last survivor those are the
 * runs in which none of the party survived, which "never" would misread. */
static const char *never(struct html_cells *t, const struct eap_metric_summary *m)
{
    uint64_t all = m->count + m->missing;
    if (m->missing == 0) {
        return "0";
    }
    return eap__cells_fmt(t, "%llu (%.1f%%)%s", (unsigned long long)m->missing,
                          100.0 * (double)m->missing / (double)all,
                          m->def->role == EAP_METRIC_PARTY_SAFE ? " no survivor" : "");
}

/* A milestone of the record, and the moment every survivor (of all, or of a party) is safe,
 * are times of day counted from the scenario's start, not from the first event: with the
 * scenario's clock, their cells show the local clock time with the day, as the replay does
 * ("577 min" would read as a duration it is not). */
static bool on_the_clock(const struct eap_metric_def *d, const struct eap_clock *c)
{
    return c && d->unit == EAP_MU_DURATION &&
           (d->role == EAP_METRIC_MILESTONE || d->role == EAP_METRIC_TIME_ALL_SAFE ||
            d->role == EAP_METRIC_PARTY_SAFE);
}

static const char *clock_cell(struct html_cells *t, const struct eap_clock *c, double minutes)
{
    char buf[32];
    return eap__cells_fmt(t, "%s", eap__clock_text(c, minutes, buf, sizeof(buf)));
}

static const char *clock_interval(struct html_cells *t, const struct eap_clock *c, double lo,
                                  double hi)
{
    char a[32], b[32];
    if (isnan(lo) || isnan(hi)) {
        return "-";
    }
    return eap__cells_fmt(t, "%s to %s", eap__clock_text(c, lo, a, sizeof(a)),
                          eap__clock_text(c, hi, b, sizeof(b)));
}

/* A yes/no outcome's column holds its probability. */
static const char *unit_of(const struct eap_metric_def *d)
{
    return d->unit == EAP_MU_FLAG ? "probability" : eap_metric_unit_name(d->unit, true);
}

/* The decimals the mean's (or probability's) interval supports; without an interval (every
 * run alike, or too few), counts are whole and the rest get one. */
static int decimals(const struct eap_metric_summary *m)
{
    return m->flag
               ? eap__interval_decimals(m->p_lo, m->p_hi, 3)
               : eap__interval_decimals(m->ci_lo, m->ci_hi, m->def->unit == EAP_MU_COUNT ? 0 : 1);
}

/* The mean (or probability) and its interval, to the precision of the interval. */
static const char *value(struct html_cells *t, const struct eap_metric_summary *m)
{
    return eap__cells_num(t, m->flag ? m->p : m->mean, decimals(m));
}

static const char *interval(struct html_cells *t, const struct eap_metric_summary *m)
{
    return m->flag ? eap__cells_interval(t, m->p_lo, m->p_hi, decimals(m))
                   : eap__cells_interval(t, m->ci_lo, m->ci_hi, decimals(m));
}

/* A percentile to the precision its resolution allows (a count's are whole numbers). */
static const char *percentile(struct html_cells *t, const struct eap_metric_summary *m, double v)
{
    int d = m->def->unit == EAP_MU_COUNT ? 0 : eap__percentile_decimals(v, m->resolution);
    return m->flag ? "" : eap__cells_num(t, v, d);
}

/* A milestone's row of a batch's table in clock time (r[1] to r[8]). */
static void batch_clock_cells(struct html_cells *t, const char **r, const struct eap_clock *c,
                              const struct eap_metric_summary *m)
{
    r[1] = "local time";
    r[2] = clock_cell(t, c, m->mean);
    r[3] = clock_interval(t, c, m->ci_lo, m->ci_hi);
    r[4] = clock_cell(t, c, m->p5);
    r[5] = clock_cell(t, c, m->p50);
    r[6] = clock_cell(t, c, m->p95);
    r[8] = m->has_recorded ? clock_cell(t, c, m->recorded) : "";
}

static void batch_table(struct html_cells *t, const struct eap_study_row *rows, size_t n,
                        const struct eap_clock *c)
{
    static const char *const h[] = {
        "metric", "unit", "mean / p", "95% interval", "p5",
        "median", "p95",  "never",    "record",       "record's percentile"};
    memcpy(t->header, h, sizeof(h));
    for (size_t i = 0; i < n; i++) {
        const struct eap_metric_summary *m = &rows[i].a;
        const char **r = eap__cells_row(t);
        r[0] = rows[i].def->label;
        r[1] = unit_of(rows[i].def);
        r[2] = value(t, m);
        r[3] = interval(t, m);
        r[4] = percentile(t, m, m->p5);
        r[5] = percentile(t, m, m->p50);
        r[6] = percentile(t, m, m->p95);
        r[7] = never(t, m);
        r[8] = m->has_recorded ? eap__cells_num(t, m->recorded, 1) : "";
        if (on_the_clock(rows[i].def, c)) {
            batch_clock_cells(t, r, c, m);
        }
        char at[16];
        r[9] = m->has_recorded
                   ? eap__cells_fmt(t, "%s",
                                    eap__percentile_text(m->record_percentile, at, sizeof(at)))
                   : "";
    }
}

/* A and B side by side, then the paired difference; a milestone's A and B in clock time (its
 * difference stays a duration). */
static void compare_table(struct html_cells *t, const struct eap_study_row *rows, size_t n,
                          const struct eap_clock *c)
{
    static const char *const h[] = {
        "metric", "unit", "A", "B", "B - A", "95% interval of B - A", "never (A / B)"};
    memcpy(t->header, h, sizeof(h));
    for (size_t i = 0; i < n; i++) {
        const struct eap_study_row *w = &rows[i];
        int dec = eap__interval_decimals(w->diff.ci_lo, w->diff.ci_hi, w->a.flag ? 3 : 1);
        bool clock = on_the_clock(w->def, c);
        const char **r = eap__cells_row(t);
        r[0] = w->def->label;
        r[1] = clock ? "local time (B - A: min)" : unit_of(w->def);
        r[2] = clock ? clock_cell(t, c, w->a.mean) : value(t, &w->a);
        r[3] = clock ? clock_cell(t, c, w->b.mean) : value(t, &w->b);
        /* yes/no: the paired difference of 0/1 values is the change in probability */
        r[4] = eap__cells_num(t, w->diff.mean, dec);
        r[5] = eap__cells_interval(t, w->diff.ci_lo, w->diff.ci_hi, dec);
        r[6] = eap__cells_fmt(t, "%s / %s", never(t, &w->a), never(t, &w->b));
    }
}

/* One point's outcomes; with the clock, the time until every survivor is safe as the local
 * time it comes to (the time is counted from the scenario's start, not from the first event,
 * so "577 min" reads as a duration it is not). */
static void sweep_cells(struct html_cells *t, const char **r, const struct eap_batch_stats *st,
                        const struct eap_clock *c)
{
    struct eap_metric_summary m[EAP_STUDY_SWEEP_COLUMNS];
    bool present[EAP_STUDY_SWEEP_COLUMNS];
    eap_study_sweep_row(st, m, present);
    for (size_t k = 0; k < EAP_STUDY_SWEEP_COLUMNS; k++) {
        if (!present[k]) {
            r[2 * k] = r[2 * k + 1] = "-";
            continue;
        }
        bool clock = k == 0 && c;
        r[2 * k] = clock ? clock_cell(t, c, m[k].mean) : value(t, &m[k]);
        r[2 * k + 1] = clock ? clock_interval(t, c, m[k].ci_lo, m[k].ci_hi) : interval(t, &m[k]);
        if (k == 0 && m[k].missing) { /* the time until all are safe: how often never */
            r[2 * k] = eap__cells_fmt(t, "%s (%s never)", r[2 * k], never(t, &m[k]));
        }
    }
}

/* The probability's column names the deadline with its time, as the metric's label does
 * ("every survivor safe by 12:00 +1d (the deadline)"). */
static const char *deadline_header(struct html_cells *t, const struct eap_batch_stats *st)
{
    long i = eap_metric_with_role(st->defs, st->metric_count, EAP_METRIC_SAFE_BY_DEADLINE);
    return i < 0 ? "share of runs with every survivor safe by the deadline"
                 : eap__cells_fmt(t, "share of runs with %s", st->defs[i].label);
}

static void sweep_table(struct html_cells *t, const struct eap_summary *s,
                        const struct eap_clock *c)
{
    const struct eap_sweep *sw = s->sweep;
    for (size_t k = 0; k < sw->dim_count; k++) {
        t->header[k] = sw->dims[k].label;
    }
    /* in the order of eap_study_sweep_roles */
    const char *const h[] = {c ? "every survivor safe at (mean, local time)"
                               : "time until every survivor is safe (min)",
                             "95% interval",
                             deadline_header(t, &s->points[0]),
                             "95% interval",
                             "casualties (mean)",
                             "95% interval",
                             "exposure (person-min, mean)",
                             "95% interval"};
    memcpy(t->header + sw->dim_count, h, sizeof(h));
    for (size_t p = 0; p < s->point_count; p++) {
        const char **r = eap__cells_row(t);
        for (size_t k = 0; k < sw->dim_count; k++) {
            r[k] = eap_sweep_value(sw, p, k);
        }
        sweep_cells(t, r + sw->dim_count, &s->points[p], c);
    }
}

static void subtitle(const struct eap_summary *s, char *buf, size_t len)
{
    const struct eap_batch_meta *m = s->meta;
    const struct eap_batch_stats *st = &s->points[0];
    int n = 0;
    if (s->kind == EAP_SUMMARY_SWEEP) {
        n = snprintf(buf, len, "%zu points x %s replications, seed %llu", s->point_count,
                     eap__svg_human_count((double)st->completed).s, (unsigned long long)m->seed);
    } else {
        n = snprintf(buf, len, "%s replications, seed %llu",
                     eap__svg_human_count((double)st->completed).s, (unsigned long long)m->seed);
    }
    size_t u = n > 0 ? (size_t)n : 0;
    if (u < len && s->partial) {
        u += (size_t)snprintf(buf + u, len - u, " (interrupted: partial results)");
    }
    if (u < len && m->overrides && m->overrides[0]) {
        u += (size_t)snprintf(buf + u, len - u, "; overrides: %s", m->overrides);
    }
    if (u < len && m->from && m->from[0]) {
        u += (size_t)snprintf(buf + u, len - u,
                              "; from the record's history up to %s, sampled after it", m->from);
    }
    if (u < len && s->kind == EAP_SUMMARY_COMPARE && m->vs_label && m->vs_label[0]) {
        snprintf(buf + u, len - u,
                 "; B is A with %s (--vs-set %s); differences are paired (common random "
                 "numbers)",
                 m->vs_label, m->vs_overrides);
    } else if (u < len && s->kind == EAP_SUMMARY_COMPARE) {
        snprintf(buf + u, len - u,
                 "; B is A with %s; differences are paired (common random "
                 "numbers)",
                 m->vs_overrides);
    }
}

/* Under the table: how exact its percentiles are, and what a record's percentile means. */
static void details_note(const struct eap_summary *s, char *buf, size_t len)
{
    char res[16];
    int n =
        snprintf(buf, len,
                 "Means and probabilities are given to the precision their 95%% interval "
                 "supports. Percentiles are %s.",
                 eap__summary_inexact(s) ? "within the accumulator's resolution of the exact values"
                                         : "exact");
    size_t u = n > 0 ? (size_t)n : 0;
    if (u < len && eap__summary_inexact(s)) {
        u += (size_t)snprintf(buf + u, len - u, " (%s past 10,000 runs)",
                              eap__resolution_text(EAP_STAT_QUANTILE_REL_ERROR, res, sizeof(res)));
    }
    if (u < len && s->kind == EAP_SUMMARY_BATCH) {
        u += (size_t)snprintf(buf + u, len - u,
                              " A record's percentile is the share of runs that reached it sooner "
                              "(runs that never did count as later): near 0 or 100 the history "
                              "is an outlier of the model.");
    }
    struct eap_clock clock;
    if (u < len && s->kind != EAP_SUMMARY_SWEEP && eap__summary_clock(s, &clock)) {
        u += (size_t)snprintf(buf + u, len - u,
                              " Milestones, and when survivors are safe, are given in local "
                              "time with the day after the first (\"+1d\"); their differences "
                              "and the other times in minutes.");
    }
    if (u < len && s->kind != EAP_SUMMARY_SWEEP) {
        snprintf(buf + u, len - u,
                 " \"Never\" counts the runs in which it did not come about, which the means "
                 "and percentiles leave out; for a party's last survivor, \"no survivor\" marks "
                 "the runs in which none of the party survived (or its survivors were not all "
                 "safe when the run ended).");
    }
}

/* The table of s into t; false when memory runs out. */
static bool fill_table(struct html_cells *t, const struct eap_summary *s)
{
    const struct eap_batch_stats *st = &s->points[0];
    struct eap_clock clock;
    const struct eap_clock *c = eap__summary_clock(s, &clock);
    memset(t, 0, sizeof(*t));
    if (s->kind == EAP_SUMMARY_SWEEP) {
        bool ok =
            eap__cells_init(t, s->sweep->dim_count + 2 * EAP_STUDY_SWEEP_COLUMNS, s->point_count);
        if (ok) {
            sweep_table(t, s, c);
        }
        return ok && !t->oom;
    }
    bool compare = s->kind == EAP_SUMMARY_COMPARE;
    struct eap_study_row *rows = calloc(st->metric_count + 1, sizeof(*rows));
    bool ok = rows && eap__cells_init(t, compare ? 7 : 10, st->metric_count);
    if (ok) {
        eap_study_rows(st, rows);
        (compare ? compare_table : batch_table)(t, rows, st->metric_count, c);
    }
    free(rows);
    return ok && !t->oom;
}

bool eap__summary_index(const char *dir, const struct eap_summary *s,
                        const struct eap_html_image *images, size_t image_count,
                        struct eap_error *err)
{
    struct html_cells t;
    struct summary_opening o;
    bool ok = fill_table(&t, s);
    ok = eap__opening(s, &o) && !o.replay.oom && ok;
    char title[300], sub[1200], path[1200], note[1400];
    snprintf(title, sizeof(title), "%s%s",
             s->kind == EAP_SUMMARY_SWEEP     ? "Sweep: "
             : s->kind == EAP_SUMMARY_COMPARE ? "Comparison: "
                                              : "",
             s->meta->scenario_name);
    subtitle(s, sub, sizeof(sub));
    details_note(s, note, sizeof(note));
    struct eap_html_table table = eap__cells_table(&t);
    struct eap_html_page page = {title, sub,    o.sections, o.count,     "Details",
                                 note,  &table, images,     image_count, s->stamp};
    eap__path_in(dir, "index.html", path, sizeof(path));
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory writing %s", path);
    } else {
        ok = eap_html_write(path, &page, err);
        if (ok) {
            eap_written_add(s->written, "index.html");
        }
    }
    eap__opening_finish(&o);
    eap__cells_finish(&t);
    return ok;
}
