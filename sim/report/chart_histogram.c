/*
 * The histogram of one metric: bars over the bins, and the mean, the median and the record
 * as labelled lines, their labels stacked in rows above the plot so none collides.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/svg.h"
#include "report_internal.h"

/* A labelled vertical line over the histogram: the mean, the median or the record. */
struct mark {
    double value;
    const char *cls;
    char text[256];
    double x, w; /* the line's pixel; the label's estimated width */
    int row;     /* label row, 0 nearest the plot */
    bool left;   /* label left of the line (near the right edge) */
};

#define MARK_ROW_H 17.0

static void mark_span(const struct mark *m, double *a, double *b)
{
    *a = m->left ? m->x - 5 - m->w : m->x + 5;
    *b = *a + m->w;
}

/* Whether two labels can stand as placed: apart in one row, and the lower label clear of
 * the line that rises past it to the upper one. */
static bool marks_clear(const struct mark *m, const struct mark *o)
{
    double a, b, oa, ob;
    mark_span(m, &a, &b);
    mark_span(o, &oa, &ob);
    if (m->row == o->row) {
        return b + 14 < oa || ob + 14 < a;
    }
    const struct mark *low = m->row < o->row ? m : o, *high = m->row < o->row ? o : m;
    double la, lb;
    mark_span(low, &la, &lb);
    return high->x < la - 2 || high->x > lb + 2;
}

/* The cost of a placement: rows used first (each takes height from the plot), then labels
 * left of their lines (they read less naturally); HUGE_VAL when labels collide. */
static double marks_cost(const struct mark *m, size_t n, double w)
{
    double cost = 0;
    for (size_t i = 0; i < n; i++) {
        double a, b;
        mark_span(&m[i], &a, &b);
        if (a < 4 || b > w - 4) {
            return HUGE_VAL;
        }
        for (size_t j = i + 1; j < n; j++) {
            if (!marks_clear(&m[i], &m[j])) {
                return HUGE_VAL;
            }
        }
        cost = fmax(cost, 10.0 * (m[i].row + 1));
    }
    for (size_t i = 0; i < n; i++) {
        cost += m[i].row + (m[i].left ? 0.5 : 0);
    }
    return cost;
}

/* Stacks the labels in rows above the plot, trying every row and side for each (at most
 * 6^3 placements for three labels). Returns the rows used. */
static int place_marks(struct mark *m, size_t n, double w)
{
    size_t options = 1;
    for (size_t i = 0; i < n; i++) {
        options *= 2 * n;
    }
    double best = HUGE_VAL;
    size_t best_code = 0;
    for (size_t code = 0; code < options; code++) {
        for (size_t i = 0, c = code; i < n; i++, c /= 2 * n) {
            m[i].row = (int)(c % (2 * n)) / 2;
            m[i].left = c % 2;
        }
        double cost = marks_cost(m, n, w);
        if (cost < best) {
            best = cost;
            best_code = code;
        }
    }
    int rows = 0;
    for (size_t i = 0, c = best_code; i < n; i++, c /= 2 * n) {
        /* With no clean placement (labels wider than the chart), best_code 0 stacks them. */
        m[i].row = isfinite(best) ? (int)(c % (2 * n)) / 2 : (int)i;
        m[i].left = isfinite(best) ? c % 2 : m[i].x + 5 + m[i].w > w - 4;
        rows = m[i].row + 1 > rows ? m[i].row + 1 : rows;
    }
    return rows;
}

/* One precision for all the marks, so "median 104.6" never stands beside "mean 105": the
 * ticks' decimals when every value is whole at that precision, else one more. */
static struct svg_numfmt marks_numfmt(const struct svg_numfmt *axis_nf, const double *v, size_t n)
{
    struct svg_numfmt nf = *axis_nf;
    double unit = pow(10, -nf.decimals) * nf.div;
    for (size_t i = 0; i < n; i++) {
        double q = v[i] / unit;
        if (fabs(q - round(q)) > 1e-9 * fmax(1, fabs(q))) {
            nf.decimals++;
            break;
        }
    }
    return nf;
}

/* "<name> <value><unit>" into m->text, e.g. "mean 612 min" or "record: 600 min". */
static void mark_text(struct mark *m, const char *name, const struct svg_numfmt *nf,
                      const char *unit, const struct eap_clock *clock)
{
    char at[40] = "";
    if (clock) {
        char hm[32];
        snprintf(at, sizeof(at), " (%s)", eap__clock_text(clock, m->value, hm, sizeof(hm)));
    }
    snprintf(m->text, sizeof(m->text), "%s %s%s%s", name, eap__svg_human(m->value, nf).s, unit, at);
}

static size_t hist_marks(const struct eap_histogram_plot *p, const struct svg_numfmt *axis_nf,
                         struct mark *m)
{
    const double values[] = {p->mean, p->median, p->recorded};
    struct svg_numfmt nf = marks_numfmt(axis_nf, values, p->has_recorded ? 3 : 2);
    const char *unit = eap__chart_unit_suffix(p->x_label);
    char name[128];
    m[0] = (struct mark){.value = p->mean, .cls = "mean"};
    mark_text(&m[0], "mean", &nf, unit, p->clock);
    m[1] = (struct mark){.value = p->median, .cls = "median"};
    mark_text(&m[1], "median", &nf, unit, p->clock);
    if (!p->has_recorded) {
        return 2;
    }
    /* recorded_label names the record ("record", "2012 record"); the value follows it. */
    snprintf(name, sizeof(name),
             "%s:", p->recorded_label && p->recorded_label[0] ? p->recorded_label : "record");
    m[2] = (struct mark){.value = p->recorded, .cls = "record"};
    mark_text(&m[2], name, &nf, unit, p->clock);
    return 3;
}

static bool hist_check(const char *path, const struct eap_histogram_plot *p, struct eap_error *err)
{
    if (!eap__chart_check_path(path, p, "histogram", err)) {
        return false;
    }
    if (p->bins == 0) {
        return eap__chart_refuse(err, path, "the histogram has no bins");
    }
    if (!p->edges || !p->counts) {
        return eap__chart_refuse(err, path, "the histogram has no %s",
                                 p->edges ? "counts" : "edges");
    }
    if (!eap__chart_check_finite(p->edges, p->bins + 1, "edges", path, err) ||
        !eap__chart_check_finite(p->counts, p->bins, "counts", path, err) ||
        !eap__chart_check_value(p->mean, "mean", path, err) ||
        !eap__chart_check_value(p->median, "median", path, err) ||
        !eap__chart_check_value(p->below, "below", path, err) ||
        !eap__chart_check_value(p->above, "above", path, err) ||
        (p->below > 0 && !eap__chart_check_value(p->min, "min", path, err)) ||
        (p->above > 0 && !eap__chart_check_value(p->max, "max", path, err)) ||
        (p->has_recorded && !eap__chart_check_value(p->recorded, "recorded", path, err))) {
        return false;
    }
    for (size_t i = 0; i < p->bins; i++) {
        if (p->edges[i + 1] < p->edges[i]) {
            return eap__chart_refuse(err, path, "edges[%zu] is below edges[%zu]", i + 1, i);
        }
        if (p->counts[i] < 0) {
            return eap__chart_refuse(err, path, "counts[%zu] is negative", i);
        }
    }
    if (p->below < 0 || p->above < 0) {
        return eap__chart_refuse(err, path, "the runs %s the bars are negative",
                                 p->below < 0 ? "below" : "above");
    }
    return true;
}

/* Everything the histogram needs placed before drawing: axes, plot area and mark labels. */
struct hist_layout {
    struct chart_plot pl;
    struct mark marks[3];
    size_t mark_count;
    int rows;
    double max_count;
};

static bool counts_integral(const struct eap_histogram_plot *p, double *max)
{
    bool integral = true;
    *max = 0;
    for (size_t i = 0; i < p->bins; i++) {
        integral = integral && p->counts[i] == floor(p->counts[i]);
        *max = fmax(*max, p->counts[i]);
    }
    return integral;
}

static bool hist_layout(const char *path, const struct eap_histogram_plot *p, struct hist_layout *L,
                        struct eap_error *err)
{
    struct chart_range xr = CHART_RANGE_EMPTY;
    eap__range_add(&xr, p->edges[0]);
    eap__range_add(&xr, p->edges[p->bins]);
    eap__range_add(&xr, p->mean);
    eap__range_add(&xr, p->median);
    if (p->has_recorded) {
        eap__range_add(&xr, p->recorded); /* the axis stretches to show the record */
    }
    if (!eap__range_drawable(xr, path, err)) {
        return false;
    }
    bool integral = counts_integral(p, &L->max_count);
    struct chart_plot *pl = &L->pl;
    /* The y ticks size the left margin, which sizes the x axis, which places the mark
     * labels, whose rows set the final height: fit y first on the tallest likely plot. */
    double bottom = CHART_H - 60, approx_top = 66 + 2 * MARK_ROW_H;
    eap__axis_fit(&pl->y, (struct chart_range){0, L->max_count > 0 ? L->max_count : 1},
                  (int)fmax(2, (bottom - approx_top) / 55), integral);
    pl->x0 = eap__plot_left(&pl->y, "replications", bottom - approx_top);
    pl->x1 = CHART_W - CHART_EDGE - 8;
    eap__axis_fit_x(&pl->x, xr, pl->x1 - pl->x0, p->whole);
    pl->x.p0 = pl->x0;
    pl->x.p1 = pl->x1;
    L->mark_count = hist_marks(p, &pl->x.nf, L->marks);
    for (size_t i = 0; i < L->mark_count; i++) {
        L->marks[i].x = eap__axis_px(&pl->x, L->marks[i].value);
        L->marks[i].w = eap__svg_text_width(L->marks[i].text, CHART_SIZE_MARK * CHART_BOLD);
    }
    L->rows = place_marks(L->marks, L->mark_count, CHART_W);
    pl->y0 = 66 + L->rows * MARK_ROW_H + 14;
    pl->y1 = bottom;
    pl->y.p0 = pl->y1;
    pl->y.p1 = pl->y0;
    return true;
}

/* The format of bar edges: fine enough for the edges of the narrowest bar. */
static struct svg_numfmt edge_numfmt(const struct eap_histogram_plot *p,
                                     const struct chart_axis *ax)
{
    double width = HUGE_VAL;
    for (size_t i = 0; i < p->bins; i++) {
        double w = p->edges[i + 1] - p->edges[i];
        width = w > 0 ? fmin(width, w) : width;
    }
    struct svg_numfmt nf =
        eap__svg_numfmt_for(fmax(fabs(ax->lo), fabs(ax->hi)),
                            isfinite(width) ? fmin(width, ax->step) / 10 : ax->step / 10);
    nf.trim = true; /* "300 to 305", "302.5 to 305" */
    return nf;
}

/* A bar's or a tail's range and count as data attributes, for readers who check the chart
 * against the data. */
static void range_attrs(FILE *f, double lo, double hi, double count)
{
    fprintf(f, " data-lo=\"%s\" data-hi=\"%s\" data-count=\"%s\"", eap__svg_val(lo).s,
            eap__svg_val(hi).s, eap__svg_val(count).s);
}

/* A tooltip: <title>text</title>. */
static void tooltip(FILE *f, const char *text)
{
    fputs("<title>", f);
    eap__svg_escaped(f, text);
    fputs("</title>", f);
}

/* "605 to 615 min: 20,541 runs"; "people killed = 2: 209 runs" for a whole value's bar */
static void bar_text(const struct eap_histogram_plot *p, size_t i, const struct svg_numfmt *nf,
                     char *buf, size_t len)
{
    double mid = (p->edges[i] + p->edges[i + 1]) / 2;
    if (p->whole && p->edges[i + 1] - p->edges[i] == 1 && mid == floor(mid)) {
        snprintf(buf, len, "%s = %.0f: %s %s", p->x_label, mid,
                 eap__svg_human_count(p->counts[i]).s, p->counts[i] == 1 ? "run" : "runs");
        return;
    }
    snprintf(buf, len, "%s to %s%s: %s %s", eap__svg_human(p->edges[i], nf).s,
             eap__svg_human(p->edges[i + 1], nf).s, eap__chart_unit_suffix(p->x_label),
             eap__svg_human_count(p->counts[i]).s, p->counts[i] == 1 ? "run" : "runs");
}

/* One <rect> per non-empty bin, its height proportional to its count. A white gap keeps
 * neighbours apart; a bin of zero width (every run alike) still shows as a thin bar. */
static void hist_bars(FILE *f, const struct eap_histogram_plot *p, const struct hist_layout *L)
{
    const struct chart_axis *ax = &L->pl.x;
    struct svg_numfmt nf = edge_numfmt(p, ax);
    for (size_t i = 0; i < p->bins; i++) {
        if (p->counts[i] <= 0) {
            continue;
        }
        double a = eap__axis_px(ax, p->edges[i]), b = eap__axis_px(ax, p->edges[i + 1]);
        double gap = fmin(1.0, (b - a) * 0.2), c = (a + b) / 2;
        if (p->edges[i + 1] == p->edges[i]) {
            a = c - 6; /* every run alike: a visible bar, not a hairline under the lines */
            b = c + 6;
        } else if (b - a - gap < 2) {
            a = c - 1;
            b = c + 1;
        } else {
            a += gap / 2;
            b -= gap / 2;
        }
        double top = eap__axis_px(&L->pl.y, p->counts[i]);
        char text[600];
        bar_text(p, i, &nf, text, sizeof(text));
        fprintf(f, "<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"",
                eap__svg_px(a).s, eap__svg_px(top).s, eap__svg_px(b - a).s,
                eap__svg_px(L->pl.y1 - top).s);
        range_attrs(f, p->edges[i], p->edges[i + 1], p->counts[i]);
        fputc('>', f);
        tooltip(f, text);
        fputs("</rect>\n", f);
    }
}

/* The runs outside the bars, noted in the plot's top corners: "12 runs below 480 min". */
static void hist_tails(FILE *f, const struct eap_histogram_plot *p, const struct hist_layout *L)
{
    struct svg_numfmt nf = edge_numfmt(p, &L->pl.x);
    const char *unit = eap__chart_unit_suffix(p->x_label);
    for (int side = 0; side < 2; side++) {
        double n = side ? p->above : p->below, edge = p->edges[side ? p->bins : 0];
        if (n <= 0) {
            continue;
        }
        char text[600];
        snprintf(text, sizeof(text), "%s %s %s %s%s", eap__svg_human_count(n).s,
                 n == 1 ? "run" : "runs", side ? "at or above" : "below",
                 eap__svg_human(edge, &nf).s, unit);
        double w = eap__svg_text_width(text, CHART_SIZE_TICK), y = L->pl.y0 + 16;
        double x = side ? L->pl.x1 - 6 : L->pl.x0 + 6;
        fputs("<g class=\"tail\"", f);
        range_attrs(f, side ? edge : p->min, side ? p->max : edge, n);
        fputc('>', f);
        tooltip(f, text);
        fputc('\n', f);
        eap__svg_halo(f, side ? x - w - 3 : x - 3, y - 12, w + 6, 16);
        eap__svg_text(f, x, y, "tail-text", side ? "end" : "start", text);
        fputs("</g>\n", f);
    }
}

/* The mean, the median and the record: lines up from the x axis to their labels. */
static void draw_marks(FILE *f, const struct mark *m, size_t n, const struct chart_plot *pl)
{
    for (size_t i = 0; i < n; i++) {
        double y = pl->y0 - 13 - m[i].row * MARK_ROW_H;
        bool record = strcmp(m[i].cls, "record") == 0;
        fprintf(f, "<g class=\"marker\" data-kind=\"%s\" data-value=\"%s\">", m[i].cls,
                eap__svg_val(m[i].value).s);
        eap__svg_line(f, m[i].cls, m[i].x, pl->y1, m[i].x, y - 10);
        eap__svg_text(f, m[i].left ? m[i].x - 5 : m[i].x + 5, y,
                      record ? "mark record-text" : "mark", m[i].left ? "end" : "start", m[i].text);
        fputs("</g>\n", f);
    }
}

/* "10,000 runs", or with runs that have no value, how many of all: "312 of 10,000 runs never
 * reached it; the bars show the other 9,688". */
static void hist_subtitle(const struct eap_histogram_plot *p, char *buf, size_t len)
{
    if (p->never == 0) {
        snprintf(buf, len, "%s %s", eap__svg_human_count((double)p->runs).s,
                 p->runs == 1 ? "run" : "runs");
        return;
    }
    snprintf(buf, len, "%s of %s runs %s; the bars show the other %s",
             eap__svg_human_count((double)p->never).s,
             eap__svg_human_count((double)(p->never + p->runs)).s,
             p->never_words ? p->never_words : "had no value",
             eap__svg_human_count((double)p->runs).s);
}

bool eap_svg_histogram(const char *path, const struct eap_histogram_plot *p, struct eap_error *err)
{
    struct hist_layout L;
    if (!hist_check(path, p, err) || !hist_layout(path, p, &L, err)) {
        return false;
    }
    char subtitle[512];
    hist_subtitle(p, subtitle, sizeof(subtitle));
    struct eap_atomic_file a;
    FILE *f = eap__svg_open(&a, path, CHART_H, p->title, subtitle, p->stamp, err);
    if (!f) {
        return false;
    }
    eap__draw_y_axis(f, &L.pl, "replications");
    hist_bars(f, p, &L);
    hist_tails(f, p, &L);
    if (L.max_count <= 0) {
        eap__svg_text(f, (L.pl.x0 + L.pl.x1) / 2, (L.pl.y0 + L.pl.y1) / 2, "note", "middle",
                      "no replication fell in these bins");
    }
    eap__draw_x_axis(f, &L.pl, p->x_label, false);
    draw_marks(f, L.marks, L.mark_count, &L.pl);
    return eap__svg_finish(&a, err);
}
