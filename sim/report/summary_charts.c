/*
 * The pictures of a batch, a comparison or a sweep: a histogram of each main outcome (of its
 * paired difference in a comparison) with the record's value marked, or a curve across the
 * sweep; then the index page that shows them beside the summary table. The numbers come from
 * study.h; here they get their titles, axis labels and files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/summary.h"
#include "eapsim/svg.h"
#include "report_internal.h"

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
        break;
    }
    switch (d->role) {
    case EAP_METRIC_CASUALTIES:
        return difference ? "difference in people killed (B - A)" : "people killed";
    case EAP_METRIC_INCIDENTS:
        return difference ? "difference in road incidents (B - A)" : "road incidents";
    case EAP_METRIC_BREAKDOWNS:
        return difference ? "difference in vehicle breakdowns (B - A)" : "vehicle breakdowns";
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

const char *eap__never_words(const struct eap_metric_def *d, bool difference)
{
    if (difference) {
        return "are left out: A or B never got there";
    }
    switch (d->role) {
    case EAP_METRIC_MILESTONE:
        return "never reached it";
    case EAP_METRIC_TIME_ALL_SAFE:
        return "never had every survivor safe";
    case EAP_METRIC_PARTY_SAFE:
        return "never had every survivor of them safe, or none survived";
    case EAP_METRIC_ON_SCENE:
        return "never had it on scene";
    case EAP_METRIC_CONVOY_DURATION:
        return "never saw the convoy arrive";
    default:
        return "had no value";
    }
}

/* The caption of a picture in index.html: the metric, and how many runs no bar shows. */
static void caption_text(const struct eap_metric_def *d, const struct eap_stat *s, bool difference,
                         char *buf, size_t len)
{
    if (s->missing == 0 || s->count == 0) {
        snprintf(buf, len, "%s", d->label);
        return;
    }
    snprintf(
        buf, len, "%s (%s of %s runs %s)", d->label, eap__svg_human_count((double)s->missing).s,
        eap__svg_human_count((double)(s->missing + s->count)).s, eap__never_words(d, difference));
}

/* A milestone's marks in clock time too, when the files say when the scenario starts: its
 * clock into *clock. */
static bool milestone_clock(const struct eap_summary *s, const struct eap_metric_def *d,
                            struct eap_clock *clock)
{
    return d->role == EAP_METRIC_MILESTONE && eap__summary_clock(s, clock);
}

/* The histogram of statistic s; *drawn false when s holds no value (no file). */
static bool histogram(const char *dir, const struct eap_metric_def *d, const struct eap_stat *s,
                      bool difference, const char *file, const struct eap_summary *sum, bool *drawn,
                      struct eap_error *err)
{
    const struct eap_stamp *stamp = sum->stamp;
    struct eap_clock clock;
    bool on_clock = !difference && milestone_clock(sum, d, &clock);
    struct eap_study_histogram h;
    *drawn = eap_study_histogram(d, s, difference, &h);
    if (!*drawn) {
        return true;
    }
    char title[200], path[1200];
    snprintf(title, sizeof(title), "%s%s", difference ? "Difference: " : "", d->label);
    struct eap_histogram_plot p = {.title = title,
                                   .x_label = axis_label(d, difference),
                                   .bins = h.bins,
                                   .edges = h.edges,
                                   .counts = h.counts,
                                   .below = h.below,
                                   .above = h.above,
                                   .min = h.min,
                                   .max = h.max,
                                   .mean = h.mean,
                                   .median = h.median,
                                   .has_recorded = h.has_recorded,
                                   .recorded = h.recorded,
                                   .recorded_label = "record",
                                   .runs = h.runs,
                                   .never = s->missing,
                                   .never_words = eap__never_words(d, difference),
                                   .whole = d->unit == EAP_MU_COUNT,
                                   .clock = on_clock ? &clock : NULL,
                                   .stamp = stamp};
    eap__path_in(dir, file, path, sizeof(path));
    return eap_svg_histogram(path, &p, err);
}

/* The axis titles of a sweep's chart of metric d. */
static void curve_labels(const struct eap_summary *s, const struct eap_metric_def *d,
                         const char *unit, char *x, size_t xlen, char *y, size_t ylen)
{
    snprintf(y, ylen, "%s (%s)", d->label,
             d->unit == EAP_MU_FLAG ? "probability" : axis_label(d, false));
    snprintf(x, xlen, "%s%s%s%s", s->sweep->dims[0].label, *unit ? " (" : "", unit,
             *unit ? ")" : "");
}

/* One curve per value of the second dimension, over the first. */
static bool curve(const char *dir, const struct eap_summary *s, size_t m, const char *file,
                  struct eap_error *err)
{
    const struct eap_metric_def *d = &s->points[0].defs[m];
    const struct eap_sweep *sw = s->sweep;
    struct eap_study_curves c;
    size_t n1 = sw->dim_count > 1 ? sw->dims[1].count : 1;
    struct eap_curve_series *series = calloc(n1, sizeof(*series));
    char(*labels)[340] = calloc(n1, sizeof(*labels));
    bool ok = series && labels && eap_study_curves(sw, s->points, s->point_count, m, &c);
    if (!ok) {
        free(series);
        free(labels);
        return eap_error_set(err, EAP_ENOMEM, "out of memory drawing %s", file);
    }
    for (size_t k = 0; k < c.count; k++) {
        const struct eap_study_curve *cv = &c.curves[k];
        if (sw->dim_count > 1) {
            snprintf(labels[k], sizeof(labels[k]), "%s = %s", sw->dims[1].label,
                     sw->dims[1].values[cv->second]);
        }
        series[k] = (struct eap_curve_series){labels[k], cv->points, cv->x, cv->y, cv->lo, cv->hi};
    }
    char y_label[400], x_label[320], path[1200];
    curve_labels(s, d, c.x_unit, x_label, sizeof(x_label), y_label, sizeof(y_label));
    struct eap_clock clock;
    bool on_clock = milestone_clock(s, d, &clock);
    struct eap_curve_plot p = {d->label,
                               x_label,
                               y_label,
                               c.count,
                               series,
                               d->has_recorded,
                               eap_metric_display(d->unit, d->recorded),
                               on_clock ? &clock : NULL,
                               s->stamp};
    eap__path_in(dir, file, path, sizeof(path));
    ok = eap_svg_curves(path, &p, err);
    eap_study_curves_finish(&c);
    free(series);
    free(labels);
    return ok;
}

/* Draws metric i; *shown says whether a picture was made (a histogram of nothing is not). */
static bool draw(const char *dir, const struct eap_summary *s, size_t i, const char *file,
                 bool *shown, struct eap_error *err)
{
    const struct eap_batch_stats *st = &s->points[0];
    if (s->kind == EAP_SUMMARY_SWEEP) {
        *shown = true;
        return curve(dir, s, i, file, err);
    }
    bool diff = s->kind == EAP_SUMMARY_COMPARE;
    return histogram(dir, &st->defs[i], diff ? &st->diff[i] : &st->a[i], diff, file, s, shown, err);
}

bool eap_summary_pictures(const char *dir, const struct eap_summary *s, struct eap_error *err)
{
    const struct eap_batch_stats *st = &s->points[0];
    bool sweep = s->kind == EAP_SUMMARY_SWEEP;
    const char *prefix = sweep ? "sweep-" : s->kind == EAP_SUMMARY_COMPARE ? "diff-" : "hist-";
    struct eap_html_image *images = calloc(st->metric_count + 1, sizeof(*images));
    char(*files)[160] = calloc(st->metric_count + 1, sizeof(*files));
    char(*captions)[512] = calloc(st->metric_count + 1, sizeof(*captions));
    bool ok = images && files && captions;
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory drawing the pictures");
    }
    size_t n = 0;
    for (size_t i = 0; ok && i < st->metric_count; i++) {
        const struct eap_metric_def *d = &st->defs[i];
        bool shown = false;
        if (!eap_study_draws(d, sweep)) {
            continue;
        }
        file_name(d->name, prefix, files[n], sizeof(files[n]));
        ok = draw(dir, s, i, files[n], &shown, err);
        if (ok && shown) {
            eap_written_add(s->written, files[n]);
            bool diff = s->kind == EAP_SUMMARY_COMPARE;
            if (sweep) {
                snprintf(captions[n], sizeof(captions[n]), "%s", d->label);
            } else {
                caption_text(d, diff ? &st->diff[i] : &st->a[i], diff, captions[n],
                             sizeof(captions[n]));
            }
            images[n] = (struct eap_html_image){files[n], captions[n]};
            n++;
        }
    }
    ok = ok && eap__summary_index(dir, s, images, n, err);
    free(images);
    free(files);
    free(captions);
    return ok;
}
