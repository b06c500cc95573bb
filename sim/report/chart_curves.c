/*
 * Sweep curves: the mean of each series against the swept value with its confidence band
 * (a whisker for a lone point), markers that differ by shape as well as colour, a legend,
 * and the record as a reference line whose label goes where it hides the least data.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/count_of.h"
#include "eapsim/svg.h"
#include "report_internal.h"

static const char *const series_colors[] = {CHART_BLUE,   "#009E73", "#CC79A7",
                                            CHART_ORANGE, "#56B4E9", "#000000"};
#define SERIES_COLORS COUNT_OF(series_colors)

static bool curves_check(const char *path, const struct eap_curve_plot *p, struct eap_error *err)
{
    if (!eap__chart_check_path(path, p, "curve plot", err)) {
        return false;
    }
    if (p->series_count == 0 || !p->series) {
        return eap__chart_refuse(err, path, "the curve plot has no series");
    }
    if (p->has_recorded && !eap__chart_check_value(p->recorded, "recorded", path, err)) {
        return false;
    }
    for (size_t i = 0; i < p->series_count; i++) {
        const struct eap_curve_series *s = &p->series[i];
        if (s->points > 0 && (!s->x || !s->y)) {
            return eap__chart_refuse(err, path, "series %zu has no %s", i,
                                     s->x ? "y values" : "x values");
        }
        if (!eap__chart_check_finite(s->x, s->points, "x", path, err) ||
            !eap__chart_check_not_inf(s->y, s->points, "y", path, err) ||
            !eap__chart_check_not_inf(s->lo, s->points, "lo", path, err) ||
            !eap__chart_check_not_inf(s->hi, s->points, "hi", path, err)) {
            return false;
        }
    }
    return true;
}

static bool band_at(const struct eap_curve_series *s, size_t i)
{
    return s->lo && s->hi && isfinite(s->lo[i]) && isfinite(s->hi[i]);
}

static void curves_ranges(const struct eap_curve_plot *p, struct chart_range *xr,
                          struct chart_range *yr, bool *empty)
{
    for (size_t i = 0; i < p->series_count; i++) {
        const struct eap_curve_series *s = &p->series[i];
        for (size_t j = 0; j < s->points; j++) {
            eap__range_add(xr, s->x[j]);
            eap__range_add(yr, s->y[j]);
            if (band_at(s, j)) {
                eap__range_add(yr, s->lo[j]);
                eap__range_add(yr, s->hi[j]);
            }
        }
    }
    *empty = !(yr->lo <= yr->hi);
    if (p->has_recorded) {
        eap__range_add(yr, p->recorded);
    }
    /* Nothing to show (every point without data): still draw honest, empty axes. */
    if (!(yr->lo <= yr->hi)) {
        *yr = (struct chart_range){0, 1};
    }
}

static const char *series_label(const struct eap_curve_series *s, size_t i, char *buf, size_t len)
{
    if (s->label && s->label[0]) {
        return s->label;
    }
    snprintf(buf, len, "series %zu", i + 1);
    return buf;
}

/* A legend entry's width: its line and marker, its label, the gap to the next. */
static double legend_item_width(const struct eap_curve_plot *p, size_t k)
{
    char buf[32];
    return 34 + eap__svg_text_width(series_label(&p->series[k], k, buf, sizeof(buf)), 13) + 22;
}

/* Legend entries flow left to right and wrap; returns the rows used (0 without legend). */
static int legend_rows(const struct eap_curve_plot *p, double width)
{
    if (p->series_count < 2) {
        return 0;
    }
    int rows = 1;
    double x = 0;
    for (size_t i = 0; i < p->series_count; i++) {
        double w = legend_item_width(p, i);
        if (x > 0 && x + w > width) {
            rows++;
            x = 0;
        }
        x += w;
    }
    return rows;
}

struct curves_layout {
    struct chart_plot pl;
    int legend_rows;
    bool empty; /* no point has data */
};

#define LEGEND_TOP 70.0
#define LEGEND_ROW_H 20.0

static bool curves_layout(const char *path, const struct eap_curve_plot *p, struct curves_layout *L,
                          struct eap_error *err)
{
    struct chart_range xr = CHART_RANGE_EMPTY, yr = CHART_RANGE_EMPTY;
    curves_ranges(p, &xr, &yr, &L->empty);
    if (!(xr.lo <= xr.hi)) {
        xr = (struct chart_range){0, 1};
    }
    if (!eap__range_drawable(xr, path, err) || !eap__range_drawable(yr, path, err)) {
        return false;
    }
    struct chart_plot *pl = &L->pl;
    L->legend_rows = legend_rows(p, CHART_W - 2 * CHART_EDGE);
    pl->y0 = L->legend_rows > 0 ? LEGEND_TOP + L->legend_rows * LEGEND_ROW_H + 12 : 78;
    pl->y1 = CHART_H - 60;
    eap__axis_fit(&pl->y, yr, (int)fmax(2, (pl->y1 - pl->y0) / 55), false);
    pl->y.p0 = pl->y1;
    pl->y.p1 = pl->y0;
    pl->x0 = eap__plot_left(&pl->y, p->y_label, pl->y1 - pl->y0);
    pl->x1 = CHART_W - CHART_EDGE - 8;
    /* Markers at the ends of the sweep sit a little inside the axes, not on them. */
    eap__axis_fit_x(&pl->x, xr, pl->x1 - pl->x0 - 24, false);
    pl->x.p0 = pl->x0 + 12;
    pl->x.p1 = pl->x1 - 12;
    return true;
}

/* The confidence band of series k: one polygon per run of points that have a band (hi
 * forwards, lo backwards); a lone point gets a whisker instead. */
static void draw_band(FILE *f, const struct eap_curve_series *s, size_t k,
                      const struct chart_plot *pl)
{
    const char *color = series_colors[k % SERIES_COLORS];
    for (size_t i = 0; i < s->points;) {
        size_t end = i;
        while (end < s->points && band_at(s, end)) {
            end++;
        }
        if (end - i == 1) {
            double x = eap__axis_px(&pl->x, s->x[i]);
            fprintf(f,
                    "<line class=\"whisker\" data-series=\"%zu\" stroke=\"%s\" "
                    "stroke-opacity=\"0.5\" stroke-width=\"6\" x1=\"%s\" y1=\"%s\" x2=\"%s\" "
                    "y2=\"%s\"/>\n",
                    k, color, eap__svg_px(x).s, eap__svg_px(eap__axis_px(&pl->y, s->lo[i])).s,
                    eap__svg_px(x).s, eap__svg_px(eap__axis_px(&pl->y, s->hi[i])).s);
        } else if (end - i > 1) {
            fprintf(f,
                    "<polygon class=\"band\" data-series=\"%zu\" fill=\"%s\" "
                    "fill-opacity=\"0.18\" points=\"",
                    k, color);
            for (size_t j = i; j < end; j++) {
                fprintf(f, "%s,%s ", eap__svg_px(eap__axis_px(&pl->x, s->x[j])).s,
                        eap__svg_px(eap__axis_px(&pl->y, s->hi[j])).s);
            }
            for (size_t j = end; j-- > i;) {
                fprintf(f, "%s,%s ", eap__svg_px(eap__axis_px(&pl->x, s->x[j])).s,
                        eap__svg_px(eap__axis_px(&pl->y, s->lo[j])).s);
            }
            fputs("\"/>\n", f);
        }
        i = end > i ? end : i + 1;
    }
}

/* The mean line of series k, broken wherever a point has no data (NaN y). */
static void draw_line(FILE *f, const struct eap_curve_series *s, size_t k,
                      const struct chart_plot *pl)
{
    for (size_t i = 0; i < s->points;) {
        size_t end = i;
        while (end < s->points && isfinite(s->y[end])) {
            end++;
        }
        if (end - i > 1) {
            fprintf(f,
                    "<polyline class=\"line\" data-series=\"%zu\" fill=\"none\" stroke=\"%s\" "
                    "stroke-width=\"2.25\" stroke-linejoin=\"round\" points=\"",
                    k, series_colors[k % SERIES_COLORS]);
            for (size_t j = i; j < end; j++) {
                fprintf(f, "%s,%s ", eap__svg_px(eap__axis_px(&pl->x, s->x[j])).s,
                        eap__svg_px(eap__axis_px(&pl->y, s->y[j])).s);
            }
            fputs("\"/>\n", f);
        }
        i = end > i ? end : i + 1;
    }
}

/* Marker shapes differ by series as well as colours, for grey print and colour blindness. */
static void put_marker(FILE *f, size_t k, double x, double y)
{
    static const char *const shapes[] = {NULL,
                                         "m-3.6 -3.6h7.2v7.2h-7.2z",
                                         "m0 -5l5 5l-5 5l-5 -5z",
                                         "m0 -5l4.6 8h-9.2z",
                                         "m0 5l4.6 -8h-9.2z",
                                         "m-4 -4l8 8m0 -8l-8 8"};
    const char *color = series_colors[k % SERIES_COLORS];
    /* Offset by the round of colours, so series 7 differs from series 1 in shape. */
    size_t n = COUNT_OF(shapes);
    const char *shape = shapes[(k + k / SERIES_COLORS) % n];
    if (!shape) {
        fprintf(f,
                "<circle cx=\"%s\" cy=\"%s\" r=\"4.2\" fill=\"%s\" stroke=\"#ffffff\" "
                "stroke-width=\"1.2\"",
                eap__svg_px(x).s, eap__svg_px(y).s, color);
    } else {
        bool cross = shape[strlen(shape) - 1] != 'z';
        fprintf(f, "<path d=\"M%s %s%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"",
                eap__svg_px(x).s, eap__svg_px(y).s, shape, cross ? "none" : color,
                cross ? color : "#ffffff", cross ? "2" : "1.2");
    }
}

static void draw_points(FILE *f, const struct eap_curve_series *s, size_t k,
                        const struct chart_plot *pl)
{
    for (size_t i = 0; i < s->points; i++) {
        if (!isfinite(s->y[i])) {
            continue;
        }
        put_marker(f, k, eap__axis_px(&pl->x, s->x[i]), eap__axis_px(&pl->y, s->y[i]));
        fprintf(f, " class=\"pt\" data-series=\"%zu\" data-x=\"%s\" data-y=\"%s\"/>\n", k,
                eap__svg_val(s->x[i]).s, eap__svg_val(s->y[i]).s);
    }
}

static void draw_legend(FILE *f, const struct eap_curve_plot *p)
{
    double x = CHART_EDGE, y = LEGEND_TOP + 14;
    for (size_t k = 0; k < p->series_count; k++) {
        char buf[32];
        const char *label = series_label(&p->series[k], k, buf, sizeof(buf));
        double w = legend_item_width(p, k);
        if (x > CHART_EDGE && x + w > CHART_W - CHART_EDGE) {
            x = CHART_EDGE;
            y += LEGEND_ROW_H;
        }
        fprintf(f, "<g class=\"legend-item\" data-series=\"%zu\">", k);
        fprintf(f,
                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
                "stroke-width=\"2.25\"/>",
                eap__svg_px(x).s, eap__svg_px(y - 4).s, eap__svg_px(x + 26).s, eap__svg_px(y - 4).s,
                series_colors[k % SERIES_COLORS]);
        put_marker(f, k, x + 13, y - 4);
        fputs("/>", f);
        eap__svg_text_fit(f, x + 34, y, "legend", "start", label, CHART_W - 2 * CHART_EDGE - 34,
                          CHART_SIZE_SUB);
        fputs("</g>\n", f);
        x += w;
    }
}

/* A box in pixels: left, top, right, bottom. */
struct box {
    double x0, y0, x1, y1;
};

static bool box_has(const struct box *b, double x, double y)
{
    return x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1;
}

/* How much of the data a label in box b would hide: points, and samples along the lines. */
static int box_hits(const struct eap_curve_plot *p, const struct chart_plot *pl,
                    const struct box *b)
{
    int hits = 0;
    for (size_t k = 0; k < p->series_count; k++) {
        const struct eap_curve_series *s = &p->series[k];
        for (size_t j = 0; j < s->points; j++) {
            if (!isfinite(s->y[j])) {
                continue;
            }
            double x0 = eap__axis_px(&pl->x, s->x[j]), y0 = eap__axis_px(&pl->y, s->y[j]);
            bool next = j + 1 < s->points && isfinite(s->y[j + 1]);
            double x1 = next ? eap__axis_px(&pl->x, s->x[j + 1]) : x0;
            double y1 = next ? eap__axis_px(&pl->y, s->y[j + 1]) : y0;
            hits += 4 * box_has(b, x0, y0);
            for (int t = 1; next && t < 16; t++) {
                hits += box_has(b, x0 + (x1 - x0) * t / 16, y0 + (y1 - y0) * t / 16);
            }
        }
    }
    return hits;
}

/* The record's label: at the right or the left end of its line, above or below it, where
 * it hides the least data. Sets the right end of the text's baseline. */
static void record_label_at(const struct eap_curve_plot *p, const struct chart_plot *pl, double y,
                            double w, double *tx, double *ty)
{
    int best = -1;
    *tx = pl->x1 - 6; /* a plot too short for a label above or below: write it on the line */
    *ty = y + 4;
    for (int c = 0; c < 4; c++) {
        bool right = c % 2 == 0, above = c < 2;
        double x = right ? pl->x1 - 6 : pl->x0 + 8 + w, base = above ? y - 6 : y + 16;
        struct box b = {x - w - 3, base - 14, x + 3, base + 5};
        if (b.y0 < pl->y0 || b.y1 > pl->y1) {
            continue;
        }
        int hits = box_hits(p, pl, &b);
        if (best < 0 || hits < best) {
            best = hits;
            *tx = x;
            *ty = base;
        }
    }
}

static void record_text(const struct eap_curve_plot *p, const struct chart_plot *pl, char *buf,
                        size_t len)
{
    char at[40] = "";
    if (p->clock) {
        char hm[32];
        snprintf(at, sizeof(at), " (%s)", eap__clock_text(p->clock, p->recorded, hm, sizeof(hm)));
    }
    snprintf(buf, len, "record: %s%s%s", eap__svg_human_on(p->recorded, &pl->y.nf).s,
             eap__chart_unit_suffix(p->y_label), at);
}

/* A horizontal reference line across the plot, under the data. */
static void draw_record_line(FILE *f, const struct eap_curve_plot *p, const struct chart_plot *pl)
{
    double y = eap__axis_px(&pl->y, p->recorded);
    fprintf(f, "<g class=\"marker\" data-kind=\"record\" data-value=\"%s\">",
            eap__svg_val(p->recorded).s);
    eap__svg_line(f, "record", pl->x0, y, pl->x1, y);
    fputs("</g>\n", f);
}

/* Its label, over the data (on a white ground) where it hides the least. */
static void draw_record_label(FILE *f, const struct eap_curve_plot *p, const struct chart_plot *pl)
{
    char text[160];
    record_text(p, pl, text, sizeof(text));
    double w = eap__svg_text_width(text, CHART_SIZE_MARK * CHART_BOLD), tx, ty;
    record_label_at(p, pl, eap__axis_px(&pl->y, p->recorded), w, &tx, &ty);
    eap__svg_halo(f, tx - w - 3, ty - 13, w + 6, 17);
    eap__svg_text(f, tx, ty, "mark record-text", "end", text);
}

bool eap_svg_curves(const char *path, const struct eap_curve_plot *p, struct eap_error *err)
{
    struct curves_layout L;
    if (!curves_check(path, p, err) || !curves_layout(path, p, &L, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f = eap__svg_open(&a, path, CHART_H, p->title,
                            "Mean of the replications at each point, with its confidence band",
                            p->stamp, err);
    if (!f) {
        return false;
    }
    if (p->series_count > 1) {
        draw_legend(f, p);
    }
    eap__draw_y_axis(f, &L.pl, p->y_label);
    eap__draw_x_axis(f, &L.pl, p->x_label, true);
    for (size_t k = 0; k < p->series_count; k++) {
        draw_band(f, &p->series[k], k, &L.pl);
    }
    if (p->has_recorded) {
        draw_record_line(f, p, &L.pl);
    }
    for (size_t k = 0; k < p->series_count; k++) {
        draw_line(f, &p->series[k], k, &L.pl);
        draw_points(f, &p->series[k], k, &L.pl);
    }
    if (p->has_recorded) {
        draw_record_label(f, p, &L.pl);
    }
    if (L.empty) {
        eap__svg_text(f, (L.pl.x0 + L.pl.x1) / 2, (L.pl.y0 + L.pl.y1) / 2 - 30, "note", "middle",
                      "no point of the sweep has data");
    }
    return eap__svg_finish(&a, err);
}
