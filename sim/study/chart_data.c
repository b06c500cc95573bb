/*
 * The numbers behind a study's charts: a metric's histogram (bin edges and counts in display
 * units, with its mean, median and the record) and a sweep's curves (the mean with its
 * interval at each point). The writers (svg.h) draw them; nothing here knows of pixels.
 */
#include "eapsim/study.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/count_of.h"
#include "eapsim/units.h"

/* The smallest step of 1, 2, 2.5 or 5 times a power of ten, at least `least`, that covers
 * [lo, hi] in at most EAP_STUDY_MAX_BINS bars whose edges are multiples of it (so at least
 * half as many, unless `least` decides: each step is at most twice the one before). */
static double nice_step(double lo, double hi, double least)
{
    static const double mantissas[] = {1, 2, 2.5, 5};
    double step = pow(10, floor(log10(fmax((hi - lo) / EAP_STUDY_MAX_BINS, least))));
    for (;;) {
        for (size_t m = 0; m < COUNT_OF(mantissas); m++) {
            double s = step * mantissas[m];
            if (s >= least && floor(hi / s) + 1 - floor(lo / s) <= EAP_STUDY_MAX_BINS) {
                return s;
            }
        }
        step *= 10;
    }
}

/* The narrowest bar worth drawing over values up to |x|: exact counts allow any, but from
 * the bins a bar should be as wide as a bin there (twice the relative error: a bin's
 * midpoint is within that error of its values), or the split of the bins at its edges, their
 * values taken as even, would shape it more than the runs do. */
static double least_step(const struct eap_stat *s, double x)
{
    return 2 * eap_stat_quantile_error(s) * fabs(x);
}

/* Bin edges in display units: one bar per whole number for small counts, else bars of a round
 * width (20 to 40 of them) over the 0.1% to the 99.9% point, widened to show the record's value;
 * the thin tails beyond are counted apart. Returns the number of bins. */
static size_t bin_edges(const struct eap_metric_def *d, const struct eap_stat *s, bool rec,
                        double recorded, double *edges)
{
    double k = eap_metric_display_scale(d->unit);
    /* In doubles: a merged state's extremes may be anything an int64_t holds. */
    double lo_n = rec ? fmin((double)s->min, recorded) : (double)s->min;
    double hi_n = rec ? fmax((double)s->max, recorded) : (double)s->max;
    if (d->unit == EAP_MU_COUNT && hi_n - lo_n <= EAP_STUDY_MAX_BINS - 1) {
        size_t n = (size_t)(hi_n - lo_n + 1);
        for (size_t i = 0; i <= n; i++) {
            edges[i] = floor(lo_n) - 0.5 + (double)i;
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
    double far = fmax(fabs(lo), fabs(hi));
    double step = nice_step(lo, hi, least_step(s, far)), first = floor(lo / step);
    size_t n = (size_t)(floor(hi / step) + 1 - first); /* the last edge lies above hi */
    for (size_t i = 0; i <= n; i++) {
        edges[i] = (first + (double)i) * step;
    }
    return n;
}

bool eap_study_histogram(const struct eap_metric_def *d, const struct eap_stat *s, bool difference,
                         struct eap_study_histogram *out)
{
    memset(out, 0, sizeof(*out));
    if (s->count == 0) {
        return false;
    }
    double k = eap_metric_display_scale(d->unit);
    out->has_recorded = d->has_recorded && !difference;
    out->recorded = eap_metric_display(d->unit, d->recorded);
    out->bins = bin_edges(d, s, out->has_recorded, out->recorded, out->edges);
    /* Counts below each edge, rounded: integer bars that add up, each within one run of the
     * proportional count (stats.h: a source bin straddling an edge is split, not moved). */
    double prev = round(eap_stat_count_below(s, out->edges[0] * k));
    out->below = prev;
    for (size_t i = 0; i < out->bins; i++) {
        double next = round(eap_stat_count_below(s, out->edges[i + 1] * k));
        out->counts[i] = next - prev;
        prev = next;
    }
    out->above = (double)s->count - prev;
    out->min = (double)s->min / k;
    out->max = (double)s->max / k;
    out->resolution = eap_stat_quantile_error(s);
    out->mean = eap_stat_mean(s) / k;
    out->median = eap_stat_quantile(s, 0.5) / k;
    out->runs = s->count;
    return true;
}

bool eap_study_draws(const struct eap_metric_def *d, bool sweep)
{
    return d->pictured || (sweep && d->unit == EAP_MU_FLAG);
}

/* The x value of each of the first dimension's values: durations in minutes, distances in
 * km, speeds in km/h, plain numbers as they are, and anything else ("true", "false") by
 * position. Returns the unit for the axis ("" when none). */
static const char *sweep_axis(const struct eap_sweep_dim *dim, double *xs)
{
    static const struct {
        enum eap_quantity q;
        double per;
        const char *unit;
    } kinds[] = {{EAP_Q_DURATION, EAP_MINUTE, "minutes"},
                 {EAP_Q_DISTANCE, EAP_M_PER_KM, "km"},
                 {EAP_Q_SPEED, EAP_MPS_PER_KMH, "km/h"}};
    char why[8];
    for (size_t k = 0; k < COUNT_OF(kinds); k++) {
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

/* Curve j: the points of the first dimension that ran for value j of the second, at
 * mem[0 .. 4 * n0) (x, y, lo, hi). Returns how many ran. */
static size_t fill_curve(const struct eap_batch_stats *points, size_t done, size_t n0, size_t n1,
                         size_t j, size_t m, const double *x, double *mem,
                         struct eap_study_curve *c)
{
    double *xs = mem, *ys = xs + n0, *lo = ys + n0, *hi = lo + n0;
    size_t i = 0;
    for (; i < n0 && i * n1 + j < done; i++) {
        const struct eap_batch_stats *st = &points[i * n1 + j];
        struct eap_metric_summary ms;
        eap_metric_summarise(&st->defs[m], &st->a[m], &ms);
        xs[i] = x[i];
        ys[i] = ms.flag ? ms.p : ms.mean;
        lo[i] = ms.flag ? ms.p_lo : ms.ci_lo;
        hi[i] = ms.flag ? ms.p_hi : ms.ci_hi;
    }
    *c = (struct eap_study_curve){j, i, xs, ys, lo, hi};
    return i;
}

bool eap_study_curves(const struct eap_sweep *sw, const struct eap_batch_stats *points, size_t done,
                      size_t m, struct eap_study_curves *out)
{
    memset(out, 0, sizeof(*out));
    size_t n0 = sw->dims[0].count, n1 = sw->dim_count > 1 ? sw->dims[1].count : 1;
    out->values = calloc(n0 * (n1 * 4 + 1) + 1, sizeof(double));
    out->curves = calloc(n1, sizeof(*out->curves));
    if (!out->values || !out->curves) {
        eap_study_curves_finish(out);
        return false;
    }
    out->x_unit = sweep_axis(&sw->dims[0], out->values);
    for (size_t j = 0; j < n1; j++) {
        double *mem = out->values + n0 + j * n0 * 4;
        if (fill_curve(points, done, n0, n1, j, m, out->values, mem, &out->curves[out->count])) {
            out->count++;
        }
    }
    return true;
}

void eap_study_curves_finish(struct eap_study_curves *c)
{
    free(c->values);
    free(c->curves);
    memset(c, 0, sizeof(*c));
}
