/*
 * index.html for batch studies: the summary as a table beside the pictures. A batch lists every
 * metric; a comparison lists A, B and the paired difference; a sweep gives one row per point
 * with the main outcomes. Every table shows how many replications never reached a value, so a
 * mean is never read as covering runs it does not.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

struct table {
    size_t cols, rows, max_rows;
    const char **header;
    const char **cells;
    char (*text)[96];
    size_t used, text_cap;
};

static bool table_init(struct table *t, size_t cols, size_t max_rows)
{
    memset(t, 0, sizeof(*t));
    t->cols = cols;
    t->max_rows = max_rows;
    t->text_cap = 4 * (cols + 1) * (max_rows + 1); /* a cell may format parts (intervals) */
    t->header = calloc(cols, sizeof(*t->header));
    t->cells = calloc(cols * (max_rows + 1), sizeof(*t->cells));
    t->text = calloc(t->text_cap, sizeof(*t->text));
    return t->header && t->cells && t->text;
}

static void table_finish(struct table *t)
{
    free(t->header);
    free(t->cells);
    free(t->text);
}

/* Formats a cell into the table's own storage. */
static const char *fmt(struct table *t, const char *f, ...) __attribute__((format(printf, 2, 3)));

static const char *fmt(struct table *t, const char *f, ...)
{
    if (t->used == t->text_cap) {
        return "?";
    }
    char *c = t->text[t->used++];
    va_list ap;
    va_start(ap, f);
    vsnprintf(c, sizeof(*t->text), f, ap);
    va_end(ap);
    return c;
}

/* A number with `dec` decimals; "-" when there is none; never "-0.0". */
static const char *num(struct table *t, double v, int dec)
{
    if (isnan(v) || isinf(v)) {
        return "-";
    }
    double unit = pow(10, -dec);
    if (fabs(v) < unit / 2) {
        v = 0;
    }
    return fmt(t, "%.*f", dec, v);
}

static const char *interval(struct table *t, double lo, double hi, int dec)
{
    if (isnan(lo) || isnan(hi)) {
        return "-";
    }
    return fmt(t, "%s to %s", num(t, lo, dec), num(t, hi, dec));
}

static const char *never(struct table *t, const struct eap_metric_summary *m)
{
    uint64_t all = m->count + m->missing;
    if (m->missing == 0) {
        return "0";
    }
    return fmt(t, "%llu (%.1f%%)", (unsigned long long)m->missing,
               100.0 * (double)m->missing / (double)all);
}

/* A yes/no outcome's column holds its probability. */
static const char *unit_of(const struct eap_metric_def *d)
{
    return d->unit == EAP_MU_FLAG ? "probability" : eap_metric_unit_name(d->unit, true);
}

static const char **row(struct table *t)
{
    return t->cells + t->cols * t->rows++;
}

/* --- a batch --- */

static void batch_table(struct table *t, const struct eap_batch_stats *st)
{
    static const char *const h[] = {"metric", "unit", "mean / p", "95% interval", "p5",
                                    "median", "p95",  "never",    "record"};
    memcpy(t->header, h, sizeof(h));
    for (size_t i = 0; i < st->metric_count; i++) {
        struct eap_metric_summary m;
        eap_metric_summarise(&st->defs[i], &st->a[i], &m);
        const char **r = row(t);
        int dec = m.flag ? 3 : 1;
        r[0] = st->defs[i].label;
        r[1] = unit_of(&st->defs[i]);
        r[2] = num(t, m.flag ? m.p : m.mean, dec);
        r[3] = m.flag ? interval(t, m.p_lo, m.p_hi, dec) : interval(t, m.ci_lo, m.ci_hi, dec);
        r[4] = m.flag ? "" : num(t, m.p5, 1);
        r[5] = m.flag ? "" : num(t, m.p50, 1);
        r[6] = m.flag ? "" : num(t, m.p95, 1);
        r[7] = never(t, &m);
        r[8] = m.has_recorded ? num(t, m.recorded, 1) : "";
    }
}

/* --- a comparison --- */

static void compare_table(struct table *t, const struct eap_batch_stats *st)
{
    static const char *const h[] = {
        "metric", "unit", "A", "B", "B - A", "95% interval of B - A", "never (A / B)"};
    memcpy(t->header, h, sizeof(h));
    for (size_t i = 0; i < st->metric_count; i++) {
        struct eap_metric_summary ma, mb, md;
        eap_metric_summarise(&st->defs[i], &st->a[i], &ma);
        eap_metric_summarise(&st->defs[i], &st->b[i], &mb);
        eap_metric_summarise(&st->defs[i], &st->diff[i], &md);
        bool flag = ma.flag;
        int dec = flag ? 3 : 1;
        const char **r = row(t);
        r[0] = st->defs[i].label;
        r[1] = unit_of(&st->defs[i]);
        r[2] = num(t, flag ? ma.p : ma.mean, dec);
        r[3] = num(t, flag ? mb.p : mb.mean, dec);
        /* yes/no: the paired difference of 0/1 values is the change in probability */
        r[4] = num(t, md.mean, dec);
        r[5] = interval(t, md.ci_lo, md.ci_hi, dec);
        r[6] = fmt(t, "%s / %s", never(t, &ma), never(t, &mb));
    }
}

/* --- a sweep --- */

static int metric_index(const struct eap_batch_stats *st, const char *name)
{
    for (size_t i = 0; i < st->metric_count; i++) {
        if (strcmp(st->defs[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static void sweep_cells(struct table *t, const char **r, const struct eap_batch_stats *st)
{
    const char *const names[] = {"time_all_safe", "all_safe_by_deadline", "casualties", "exposure"};
    for (size_t k = 0; k < 4; k++) {
        int i = metric_index(st, names[k]);
        struct eap_metric_summary m;
        if (i < 0) {
            r[2 * k] = r[2 * k + 1] = "-";
            continue;
        }
        eap_metric_summarise(&st->defs[i], &st->a[i], &m);
        int dec = m.flag ? 3 : 1;
        r[2 * k] = num(t, m.flag ? m.p : m.mean, dec);
        r[2 * k + 1] =
            m.flag ? interval(t, m.p_lo, m.p_hi, dec) : interval(t, m.ci_lo, m.ci_hi, dec);
        if (k == 0 && m.missing) {
            r[2 * k] = fmt(t, "%s (%s never)", r[2 * k], never(t, &m));
        }
    }
}

static void sweep_table(struct table *t, const struct study_args *a, const struct eap_summary *s)
{
    size_t d = s->dim_count;
    t->header[0] = a->dims[0].path;
    if (d > 1) {
        t->header[1] = a->dims[1].path;
    }
    static const char *const h[] = {"time until every survivor is safe (min)",
                                    "95% interval",
                                    "P(every survivor safe by the deadline)",
                                    "95% interval",
                                    "casualties (mean)",
                                    "95% interval",
                                    "exposure (person-min, mean)",
                                    "95% interval"};
    memcpy(t->header + d, h, sizeof(h));
    for (size_t p = 0; p < s->point_count; p++) {
        const char **r = row(t);
        for (size_t k = 0; k < d; k++) {
            r[k] = s->points[p].values[k];
        }
        sweep_cells(t, r + d, s->points[p].stats);
    }
}

/* --- the page --- */

static void subtitle(const struct eap_summary *s, char *buf, size_t len)
{
    const struct eap_batch_meta *m = s->meta;
    const struct eap_batch_stats *st = s->points[0].stats;
    int n = 0;
    if (s->dim_count > 0) {
        n = snprintf(buf, len, "%zu points x %llu replications, seed %llu", s->point_count,
                     (unsigned long long)st->completed, (unsigned long long)m->seed);
    } else {
        n = snprintf(buf, len, "%llu replications, seed %llu", (unsigned long long)st->completed,
                     (unsigned long long)m->seed);
    }
    size_t u = n > 0 ? (size_t)n : 0;
    if (u < len && s->partial) {
        u += (size_t)snprintf(buf + u, len - u, " (interrupted: partial results)");
    }
    if (u < len && m->overrides && m->overrides[0]) {
        u += (size_t)snprintf(buf + u, len - u, "; overrides: %s", m->overrides);
    }
    if (u < len && strcmp(s->kind, "compare") == 0) {
        snprintf(buf + u, len - u,
                 "; B is A with %s; differences are paired (common random "
                 "numbers)",
                 m->vs_overrides);
    }
}

bool study_index(const struct study_args *a, const struct eap_summary *s,
                 const struct eap_html_image *images, size_t image_count)
{
    const struct eap_batch_stats *st = s->points[0].stats;
    bool sweep = s->dim_count > 0, compare = strcmp(s->kind, "compare") == 0;
    size_t cols = sweep ? s->dim_count + 8 : compare ? 7 : 9;
    size_t rows = sweep ? s->point_count : st->metric_count;
    struct table t;
    bool ok = table_init(&t, cols, rows);
    if (ok && sweep) {
        sweep_table(&t, a, s);
    } else if (ok && compare) {
        compare_table(&t, st);
    } else if (ok) {
        batch_table(&t, st);
    }
    char title[300], sub[1200], path[1200];
    snprintf(title, sizeof(title), "%s%s",
             sweep     ? "Sweep: "
             : compare ? "Comparison: "
                       : "",
             s->meta->scenario_name);
    subtitle(s, sub, sizeof(sub));
    struct eap_html_table table = {t.cols, t.rows, t.header, t.cells};
    study_path(a, "index.html", path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_html_index(path, title, sub, &table, images, image_count, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    table_finish(&t);
    return ok;
}
