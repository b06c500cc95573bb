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

#include "eapsim/units.h"
#include "study.h"

/* Times counted from the scenario's start (when everyone was safe, each milestone) read
 * "minutes after the start"; spans (a convoy's trip, time to get on scene) read "minutes". */
static const char *axis_label(const struct eap_metric_def *d, bool difference)
{
    switch (d->unit) {
    case EAP_MU_DURATION:
        if (difference) {
            return "difference, minutes (B - A)";
        }
        return d->from_start ? "minutes after the start" : "minutes";
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
    double k = eap_metric_display_scale(d->unit);
    /* In doubles: a merged state's extremes may be anything an int64_t holds. */
    double lo_n = rec ? fmin((double)s->min, recorded) : (double)s->min;
    double hi_n = rec ? fmax((double)s->max, recorded) : (double)s->max;
    if (d->unit == EAP_MU_COUNT && hi_n - lo_n <= MAX_BINS - 1) {
        int n = (int)(hi_n - lo_n + 1);
        for (int i = 0; i <= n; i++) {
            edges[i] = floor(lo_n) - 0.5 + i;
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
    double k = eap_metric_display_scale(d->unit);
    bool rec = d->has_recorded && !difference;
    double recorded = eap_metric_display(d->unit, d->recorded);
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
    struct eap_histogram_plot p = {title,
                                   axis_label(d, difference),
                                   (size_t)bins,
                                   edges,
                                   counts,
                                   eap_stat_mean(s) / k,
                                   eap_stat_quantile(s, 0.5) / k,
                                   rec,
                                   recorded,
                                   "record",
                                   s->count};
    study_path(a, file, path, sizeof(path));
    struct eap_error err;
    if (!eap_svg_histogram(path, &p, &err)) {
        cli_error("%s", err.msg);
        return false;
    }
    return true;
}

/* The x axis of a sweep dimension: durations in minutes, distances in km, speeds in km/h,
 * plain numbers as they are, and anything else ("true", "false") by position. Returns the
 * unit for the axis label ("" when none). */
static const char *sweep_axis(const struct sweep_dim *dim, double *xs)
{
    static const struct {
        enum eap_quantity q;
        double per;
        const char *unit;
    } kinds[] = {{EAP_Q_DURATION, EAP_MINUTE, "minutes"},
                 {EAP_Q_DISTANCE, EAP_M_PER_KM, "km"},
                 {EAP_Q_SPEED, EAP_MPS_PER_KMH, "km/h"}};
    char why[8];
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t i = 0;
        for (double v;
             i < dim->count && eap_units_parse(kinds[k].q, dim->values[i], &v, why, sizeof(why));
             i++) {
            xs[i] = v / kinds[k].per;
        }
        if (i == dim->count) {
            return kinds[k].unit;
        }
    }
    size_t i = 0;
    for (char *end; i < dim->count; i++) {
        xs[i] = strtod(dim->values[i], &end);
        if (end == dim->values[i] || *end) {
            break;
        }
    }
    for (size_t j = 0; i < dim->count && j < dim->count; j++) {
        xs[j] = (double)j; /* not all numbers: by position */
    }
    return "";
}

/* One curve per value of the second dimension, over the first. An interrupted sweep has
 * fewer points than the grid: each curve holds those of its points that ran. */
static bool curve(const struct study_args *a, const struct eap_summary *s, size_t m,
                  const char *file)
{
    const struct eap_metric_def *d = &s->points[0].stats->defs[m];
    size_t n0 = a->dims[0].count, n1 = s->dim_count > 1 ? a->dims[1].count : 1;
    double *x = calloc(n0 * (n1 * 4 + 1) + 1, sizeof(double));
    struct eap_curve_series *series = calloc(n1, sizeof(*series));
    char(*labels)[340] = calloc(n1, sizeof(*labels));
    bool ok = x && series && labels;
    const char *unit = ok ? sweep_axis(&a->dims[0], x) : "";
    size_t curves = 0;
    for (size_t j = 0; ok && j < n1; j++) {
        double *xs = x + n0 + j * n0 * 4, *ys = xs + n0, *lo = ys + n0, *hi = lo + n0;
        size_t i = 0;
        for (; i < n0 && i * n1 + j < s->point_count; i++) {
            struct eap_metric_summary ms;
            eap_metric_summarise(d, &s->points[i * n1 + j].stats->a[m], &ms);
            xs[i] = x[i];
            ys[i] = ms.flag ? ms.p : ms.mean;
            lo[i] = ms.flag ? ms.p_lo : ms.ci_lo;
            hi[i] = ms.flag ? ms.p_hi : ms.ci_hi;
        }
        if (i == 0) {
            continue;
        }
        if (s->dim_count > 1) {
            snprintf(labels[j], sizeof(labels[j]), "%s = %s", a->dims[1].path,
                     a->dims[1].values[j]);
        }
        series[curves++] = (struct eap_curve_series){labels[j], i, xs, ys, lo, hi};
    }
    char y_label[400], x_label[320], path[1200];
    snprintf(y_label, sizeof(y_label), "%s (%s)", d->label,
             d->unit == EAP_MU_FLAG ? "probability" : axis_label(d, false));
    snprintf(x_label, sizeof(x_label), "%s%s%s%s", a->dims[0].path, *unit ? " (" : "", unit,
             *unit ? ")" : "");
    struct eap_curve_plot p = {d->label,
                               x_label,
                               y_label,
                               curves,
                               series,
                               d->has_recorded,
                               eap_metric_display(d->unit, d->recorded)};
    study_path(a, file, path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_svg_curves(path, &p, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    if (!x || !series || !labels) {
        cli_error("out of memory");
    }
    free(x);
    free(series);
    free(labels);
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
    char(*files)[160] = calloc(st->metric_count + 1, sizeof(*files));
    size_t n = 0;
    for (size_t i = 0; images && files && ok && i < st->metric_count; i++) {
        const struct eap_metric_def *d = &st->defs[i];
        bool sweep_curve = s->dim_count > 0 && (d->pictured || d->unit == EAP_MU_FLAG);
        if (!sweep_curve && !(s->dim_count == 0 && d->pictured)) {
            continue;
        }
        file_name(d->name,
                  s->dim_count ? "sweep-"
                  : diff       ? "diff-"
                               : "hist-",
                  files[n], sizeof(files[n]));
        ok = s->dim_count ? curve(a, s, i, files[n])
                          : histogram(a, d, diff ? &st->diff[i] : &st->a[i], diff, files[n]);
        if (ok && (s->dim_count || (diff ? st->diff[i].count : st->a[i].count) > 0)) {
            images[n] = (struct eap_html_image){files[n], d->label};
            n++;
        }
    }
    ok = ok && images && files && study_index(a, s, images, n);
    free(images);
    free(files);
    return ok;
}

/* The summary on stdout in the chosen format, then under --out its files; the JSON and CSV
 * texts are built once for both. */
int study_report(const struct study_args *a, const struct eap_summary *s, double elapsed)
{
    bool need_json = a->format == EAP_FORMAT_JSON || a->out;
    bool need_csv = a->format == EAP_FORMAT_CSV || a->out;
    char *json = need_json ? eap_summary_json(s) : NULL;
    char *csv = need_csv ? eap_summary_csv(s) : NULL;
    bool ok = (json || !need_json) && (csv || !need_csv);
    if (!ok) {
        cli_error("out of memory");
    } else if (a->format == EAP_FORMAT_TEXT) {
        ok = eap_summary_text(stdout, s);
    } else {
        ok = fputs(a->format == EAP_FORMAT_JSON ? json : csv, stdout) >= 0;
    }
    fflush(stdout);
    if (a->out && ok) {
        ok = study_write(a, "summary.json", json); /* study_write frees the text */
        json = NULL;
        if (ok) {
            ok = study_write(a, "summary.csv", csv);
            csv = NULL;
        }
        ok = ok && run_info(a, s, elapsed);
        if (ok && s->dim_count == 0) {
            ok = study_write(a, "state.json", eap_batch_state_to_json(s->meta, s->points[0].stats));
        }
        ok = ok && pictures(a, s);
    }
    free(json);
    free(csv);
    if (!ok) {
        return 1;
    }
    return s->partial ? 130 : 0;
}
