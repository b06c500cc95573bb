/*
 * What a study leaves behind: the summary on stdout, and under --out the summary files,
 * state.json for merges, run-info.json (wall clock, kept apart from the summaries so they
 * stay byte-identical), the pictures and index.html.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "study.h"

/* Metrics that get a picture: the main outcomes, convoys and the record's milestones. */
static bool pictured(const struct eap_metric_def *d)
{
    return d->unit != EAP_MU_FLAG &&
           (strcmp(d->name, "time_all_safe") == 0 || strcmp(d->name, "exposure") == 0 ||
            strcmp(d->name, "casualties") == 0 || strncmp(d->name, "convoy_duration/", 16) == 0 ||
            strncmp(d->name, "milestone/", 10) == 0);
}

static double unit_scale(enum eap_metric_unit u)
{
    return u == EAP_MU_DURATION || u == EAP_MU_PERSON_TIME ? (double)EAP_MINUTE : 1.0;
}

static const char *axis_label(const struct eap_metric_def *d, bool difference)
{
    switch (d->unit) {
    case EAP_MU_DURATION:
        return difference ? "difference, minutes (B - A)" : "minutes after the start";
    case EAP_MU_PERSON_TIME:
        return difference ? "difference, person-minutes (B - A)" : "person-minutes";
    default:
        return difference ? "difference (B - A)" : "count";
    }
}

/* File-safe name: "milestone/drone_overhead" -> "milestone-drone_overhead". */
static void file_name(const char *metric, const char *prefix, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s.svg", prefix, metric);
    for (char *p = buf; *p; p++) {
        if (*p == '/' || *p == ' ') {
            *p = '-';
        }
    }
}

#define MAX_BINS 40

/* Bin edges in display units: one bar per whole number for small counts, else 30 equal bars
 * from the 0.1% to the 99.9% point (the thin tails fall into the outer bars), widened to show
 * the record's value. Returns the number of bins. */
static int bin_edges(const struct eap_metric_def *d, const struct eap_stat *s, bool rec,
                     double recorded, double *edges)
{
    double k = unit_scale(d->unit);
    if (d->unit == EAP_MU_COUNT && s->max - s->min <= MAX_BINS - 1) {
        int64_t lo = s->min, hi = s->max;
        if (rec) {
            lo = (int64_t)fmin((double)lo, recorded);
            hi = (int64_t)fmax((double)hi, recorded);
        }
        int n = (int)(hi - lo + 1);
        for (int i = 0; i <= n; i++) {
            edges[i] = (double)lo - 0.5 + i;
        }
        return n;
    }
    double lo = eap_stat_quantile(s, 0.001) / k, hi = eap_stat_quantile(s, 0.999) / k;
    if (rec) {
        lo = fmin(lo, recorded);
        hi = fmax(hi, recorded);
    }
    if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
    }
    for (int i = 0; i <= 30; i++) {
        edges[i] = lo + (hi - lo) * i / 30;
    }
    return 30;
}

static bool histogram(const struct study_args *a, const struct eap_metric_def *d,
                      const struct eap_stat *s, bool difference, const char *file)
{
    if (s->count == 0) {
        return true;
    }
    double k = unit_scale(d->unit);
    bool rec = d->has_recorded && !difference;
    double recorded = (double)d->recorded / k;
    double edges[MAX_BINS + 1], counts[MAX_BINS];
    int bins = bin_edges(d, s, rec, recorded, edges);
    uint64_t prev = 0;
    for (int i = 0; i < bins; i++) {
        uint64_t below = i + 1 == bins ? s->count : eap_stat_count_below(s, edges[i + 1] * k);
        counts[i] = (double)(below - prev);
        prev = below;
    }
    char title[200], path[1200];
    snprintf(title, sizeof(title), "%s%s", difference ? "Difference: " : "", d->label);
    struct eap_histogram_plot p = {title,  axis_label(d, difference),
                                   (size_t)bins, edges,
                                   counts, eap_stat_mean(s) / k,
                                   eap_stat_quantile(s, 0.5) / k, rec,
                                   recorded, "record",
                                   s->count};
    study_path(a, file, path, sizeof(path));
    struct eap_error err;
    if (!eap_svg_histogram(path, &p, &err)) {
        cli_error("%s", err.msg);
        return false;
    }
    return true;
}

/* x of a sweep value: its number, or its position when it is not a number ("true"). */
static double sweep_x(const char *v, size_t index)
{
    char *end;
    double x = strtod(v, &end);
    return end != v ? x : (double)index;
}

static bool curve(const struct study_args *a, const struct eap_summary *s, size_t m,
                  const char *file)
{
    const struct eap_metric_def *d = &s->points[0].stats->defs[m];
    size_t n0 = a->dims[0].count, n1 = s->dim_count > 1 ? a->dims[1].count : 1;
    double *x = calloc(n0 * n1 * 4 + 1, sizeof(double));
    struct eap_curve_series *series = calloc(n1, sizeof(*series));
    char (*labels)[340] = calloc(n1, sizeof(*labels));
    bool ok = x && series && labels;
    for (size_t j = 0; ok && j < n1; j++) {
        double *xs = x + j * n0 * 4, *ys = xs + n0, *lo = ys + n0, *hi = lo + n0;
        for (size_t i = 0; i < n0; i++) {
            struct eap_metric_summary ms;
            eap_metric_summarise(d, &s->points[i * n1 + j].stats->a[m], &ms);
            xs[i] = sweep_x(a->dims[0].values[i], i);
            ys[i] = ms.flag ? ms.p : ms.mean;
            lo[i] = ms.flag ? ms.p_lo : ms.ci_lo;
            hi[i] = ms.flag ? ms.p_hi : ms.ci_hi;
        }
        if (s->dim_count > 1) {
            snprintf(labels[j], sizeof(labels[j]), "%s = %s", a->dims[1].path, a->dims[1].values[j]);
        }
        series[j] = (struct eap_curve_series){labels[j], n0, xs, ys, lo, hi};
    }
    char y_label[400], path[1200];
    snprintf(y_label, sizeof(y_label), "%s (%s)", d->label,
             d->unit == EAP_MU_FLAG ? "probability" : axis_label(d, false));
    struct eap_curve_plot p = {d->label, a->dims[0].path, y_label, n1, series,
                               d->has_recorded, (double)d->recorded / unit_scale(d->unit)};
    study_path(a, file, path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_svg_curves(path, &p, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    free(x);
    free(series);
    free(labels);
    return ok;
}

/* --- index.html --- */

struct table {
    const char **cells;
    char (*text)[64];
    size_t rows, used;
};

static const char *const header[] = {"metric", "unit", "mean / p", "95% interval", "p5",
                                     "median", "p95", "record"};
#define COLS (sizeof(header) / sizeof(header[0]))

static const char *cell(struct table *t, const char *fmt, double v)
{
    char *c = t->text[t->used++];
    if (isnan(v)) {
        snprintf(c, 64, "-");
    } else {
        snprintf(c, 64, fmt, v);
    }
    return c;
}

static void table_row(struct table *t, const struct eap_metric_def *d, const struct eap_stat *s)
{
    struct eap_metric_summary m;
    eap_metric_summarise(d, s, &m);
    const char **row = t->cells + t->rows * COLS;
    row[0] = d->label;
    row[1] = m.flag ? "probability" : d->unit == EAP_MU_COUNT ? "count"
                                    : d->unit == EAP_MU_DURATION ? "min" : "person-min";
    char *ci = t->text[t->used++];
    if (m.flag) {
        row[2] = cell(t, "%.3f", m.p);
        snprintf(ci, 64, isnan(m.p_lo) ? "-" : "%.3f - %.3f", m.p_lo, m.p_hi);
        row[4] = row[5] = row[6] = "";
    } else {
        row[2] = cell(t, "%.1f", m.mean);
        snprintf(ci, 64, isnan(m.ci_lo) ? "-" : "%.1f - %.1f", m.ci_lo, m.ci_hi);
        row[4] = cell(t, "%.1f", m.p5);
        row[5] = cell(t, "%.1f", m.p50);
        row[6] = cell(t, "%.1f", m.p95);
    }
    row[3] = ci;
    row[7] = m.has_recorded ? cell(t, "%.1f", m.recorded) : "";
    t->rows++;
}

static bool index_html(const struct study_args *a, const struct eap_summary *s,
                       const struct eap_html_image *images, size_t image_count)
{
    const struct eap_batch_stats *st = s->points[0].stats;
    bool diff = strcmp(s->kind, "compare") == 0;
    const struct eap_stat *which = diff ? st->diff : st->a;
    struct table t = {calloc(st->metric_count * COLS + 1, sizeof(char *)),
                      calloc(st->metric_count * 8 + 1, sizeof(*t.text)), 0, 0};
    bool ok = t.cells && t.text;
    for (size_t i = 0; ok && i < st->metric_count; i++) {
        table_row(&t, &st->defs[i], &which[i]);
    }
    char title[300], sub[600], path[1200];
    snprintf(title, sizeof(title), "%s%s", diff ? "Comparison: " : "", s->meta->scenario_name);
    snprintf(sub, sizeof(sub), "%llu replications, seed %llu%s%s%s%s%s",
             (unsigned long long)st->completed, (unsigned long long)s->meta->seed,
             s->partial ? " (interrupted: partial)" : "", s->meta->overrides[0] ? "; " : "",
             s->meta->overrides, diff ? "; B - A with B: " : "",
             diff ? s->meta->vs_overrides : "");
    struct eap_html_table table = {COLS, t.rows, header, t.cells};
    study_path(a, "index.html", path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_html_index(path, title, sub, &table, images, image_count, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    free(t.cells);
    free(t.text);
    return ok;
}

/* --- files --- */

bool study_write(const struct study_args *a, const char *name, char *text)
{
    char path[1200];
    struct eap_error err;
    study_path(a, name, path, sizeof(path));
    bool ok = text && eap_write_file_atomic(path, text, strlen(text), &err);
    if (!ok) {
        cli_error("%s", text ? err.msg : "out of memory");
    }
    free(text);
    return ok;
}

static bool run_info(const struct study_args *a, const struct eap_summary *s, double elapsed)
{
    uint64_t done = 0;
    for (size_t p = 0; p < s->point_count; p++) {
        done += s->points[p].stats->completed;
    }
    char host[128] = "";
    gethostname(host, sizeof(host) - 1);
    char *text = malloc(1024);
    if (text) {
        snprintf(text, 1024,
                 "{\n  \"elapsed_seconds\": %.3f,\n  \"replications\": %llu,\n"
                 "  \"replications_per_second\": %.0f,\n  \"threads\": %u,\n"
                 "  \"host\": \"%s\"\n}\n",
                 elapsed, (unsigned long long)done, elapsed > 0 ? (double)done / elapsed : 0,
                 a->threads, host);
    }
    return study_write(a, "run-info.json", text);
}

static bool pictures(const struct study_args *a, const struct eap_summary *s)
{
    const struct eap_batch_stats *st = s->points[0].stats;
    bool diff = strcmp(s->kind, "compare") == 0, ok = true;
    struct eap_html_image *images = calloc(st->metric_count + 1, sizeof(*images));
    char (*files)[160] = calloc(st->metric_count + 1, sizeof(*files));
    size_t n = 0;
    for (size_t i = 0; images && files && ok && i < st->metric_count; i++) {
        const struct eap_metric_def *d = &st->defs[i];
        bool sweep_curve = s->dim_count > 0 && (pictured(d) || d->unit == EAP_MU_FLAG);
        if (!sweep_curve && !(s->dim_count == 0 && pictured(d))) {
            continue;
        }
        file_name(d->name, s->dim_count ? "sweep-" : diff ? "diff-" : "hist-", files[n],
                  sizeof(files[n]));
        ok = s->dim_count ? curve(a, s, i, files[n])
                          : histogram(a, d, diff ? &st->diff[i] : &st->a[i], diff, files[n]);
        if (ok && (s->dim_count || (diff ? st->diff[i].count : st->a[i].count) > 0)) {
            images[n] = (struct eap_html_image){files[n], d->label};
            n++;
        }
    }
    ok = ok && images && files && index_html(a, s, images, n);
    free(images);
    free(files);
    return ok;
}

int study_report(const struct study_args *a, const struct eap_summary *s,
                 const struct eap_scenario *scn, double elapsed)
{
    (void)scn;
    bool ok = true;
    switch (a->format) {
    case EAP_FORMAT_TEXT:
        ok = eap_summary_text(stdout, s);
        break;
    case EAP_FORMAT_JSON: {
        char *text = eap_summary_json(s);
        ok = text && fputs(text, stdout) >= 0;
        free(text);
        break;
    }
    case EAP_FORMAT_CSV: {
        char *text = eap_summary_csv(s);
        ok = text && fputs(text, stdout) >= 0;
        free(text);
        break;
    }
    }
    fflush(stdout);
    if (a->out && ok) {
        ok = study_write(a, "summary.json", eap_summary_json(s)) &&
             study_write(a, "summary.csv", eap_summary_csv(s)) && run_info(a, s, elapsed);
        if (ok && s->dim_count == 0) {
            ok = study_write(a, "state.json", eap_batch_state_to_json(s->meta, s->points[0].stats));
        }
        ok = ok && pictures(a, s);
    }
    if (!ok) {
        return 1;
    }
    return s->partial ? 130 : 0;
}
