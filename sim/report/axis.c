/*
 * Axes and scales shared by the charts: ranges of data, linear axes with ticks people count
 * in (1, 2 or 5 times a power of ten), their labels and titles, and the checks every chart
 * makes of its input before anything is written.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* "cannot draw <path>: <cause>": the caller's input cannot be drawn (EAP_EINPUT). */
bool eap__chart_refuse(struct eap_error *err, const char *path, const char *fmt, ...)
{
    char cause[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cause, sizeof(cause), fmt, ap);
    va_end(ap);
    return eap_error_set(err, EAP_EINPUT, "cannot draw %s: %s", path ? path : "(no path)", cause);
}

/* Refuses NaN and infinity in v[0..n): a chart of them would be garbage. */
bool eap__chart_check_finite(const double *v, size_t n, const char *name, const char *path,
                             struct eap_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return eap__chart_refuse(err, path, "%s[%zu] is %s", name, i,
                                     isnan(v[i]) ? "NaN" : "infinite");
        }
    }
    return true;
}

bool eap__chart_check_value(double v, const char *name, const char *path, struct eap_error *err)
{
    if (!isfinite(v)) {
        return eap__chart_refuse(err, path, "%s is %s", name, isnan(v) ? "NaN" : "infinite");
    }
    return true;
}

/* Refuses NaN in nothing but infinity anywhere: NaN marks a point without data. */
bool eap__chart_check_not_inf(const double *v, size_t n, const char *name, const char *path,
                              struct eap_error *err)
{
    for (size_t i = 0; v && i < n; i++) {
        if (isinf(v[i])) {
            return eap__chart_refuse(err, path, "%s[%zu] is infinite", name, i);
        }
    }
    return true;
}

bool eap__chart_check_path(const char *path, const void *p, const char *what, struct eap_error *err)
{
    if (!path || !path[0]) {
        return eap_error_set(err, EAP_EINPUT, "cannot draw %s: no output path", what);
    }
    if (!p) {
        return eap__chart_refuse(err, path, "no %s given", what);
    }
    return true;
}

/* The unit to write after a value on an axis titled `axis_title`: the header gives no unit
 * of its own, and "record: 600 min" reads better than "record: 600". */
const char *eap__chart_unit_suffix(const char *axis_title)
{
    if (!axis_title) {
        return "";
    }
    if (strstr(axis_title, "person-minutes")) {
        return " person-min";
    }
    return strstr(axis_title, "minutes") ? " min" : "";
}

void eap__range_add(struct chart_range *r, double v)
{
    if (isfinite(v)) {
        r->lo = fmin(r->lo, v);
        r->hi = fmax(r->hi, v);
    }
}

double eap__axis_px(const struct chart_axis *a, double v)
{
    return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

size_t eap__axis_ticks(const struct chart_axis *a)
{
    return (size_t)llround((a->hi - a->lo) / a->step) + 1;
}

double eap__axis_tick(const struct chart_axis *a, size_t i)
{
    double v = a->lo + (double)i * a->step;
    /* -0.3 + 3 * 0.1 is 5.6e-17, not 0: snap it, so the tick's data-value says 0 too. */
    return fabs(v) < a->step * 1e-9 ? 0 : v;
}

/* 1, 2 or 5 times a power of ten: the steps people count in. */
static double nice_step(double raw)
{
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/* Fits about `target` ticks over [lo, hi], widened to whole steps. Counts get whole steps. */
void eap__axis_fit(struct chart_axis *a, struct chart_range r, int target, bool integral)
{
    if (!(r.hi - r.lo > 1e-9 * fmax(fabs(r.lo), fabs(r.hi)))) {
        /* One value (every run alike, give or take rounding noise, which would leave no
         * room between ticks): show a small range around it. */
        double pad = r.lo != 0 ? fabs(r.lo) * 0.05 : 1;
        r.lo -= pad;
        r.hi += pad;
    }
    a->step = nice_step((r.hi - r.lo) / target);
    if (integral && a->step < 1) {
        a->step = 1;
    }
    a->lo = floor(r.lo / a->step + 1e-9) * a->step;
    a->hi = ceil(r.hi / a->step - 1e-9) * a->step;
    a->nf = eap__svg_numfmt_for(fmax(fabs(a->lo), fabs(a->hi)), a->step);
}

static double axis_label_width(const struct chart_axis *a)
{
    double w = 0;
    for (size_t i = 0; i < eap__axis_ticks(a); i++) {
        w = fmax(w, eap__svg_text_width(eap__svg_human(eap__axis_tick(a, i), &a->nf).s,
                                        CHART_SIZE_TICK));
    }
    return w;
}

/* A horizontal axis over `len` pixels: as many ticks as fit without their labels touching. */
void eap__axis_fit_x(struct chart_axis *a, struct chart_range r, double len, bool integral)
{
    int target = (int)fmax(2, fmin(10, len / 80));
    for (int tries = 0; tries < 6; tries++) {
        eap__axis_fit(a, r, target, integral);
        double room = len / (double)eap__axis_ticks(a);
        if (axis_label_width(a) + 16 <= room || target == 2) {
            return;
        }
        target--;
    }
}

/* Values the axis must show must have a finite span, or no pixel maps to them. */
bool eap__range_drawable(struct chart_range r, const char *path, struct eap_error *err)
{
    if (!isfinite(r.hi - r.lo) || !isfinite(fabs(r.lo) + fabs(r.hi))) {
        return eap__chart_refuse(err, path, "the values span too wide a range to draw");
    }
    return true;
}

/* Vertical grid lines and the x axis with its ticks, labels and title. Each tick carries
 * its value (data-value) so tests and tools can read the scale back. */
void eap__draw_x_axis(FILE *f, const struct chart_plot *p, const char *title, bool grid)
{
    for (size_t i = 0; i < eap__axis_ticks(&p->x); i++) {
        double v = eap__axis_tick(&p->x, i), x = eap__axis_px(&p->x, v);
        if (grid) {
            eap__svg_line(f, "grid", x, p->y0, x, p->y1);
        }
        fprintf(f, "<g class=\"xtick\" data-value=\"%s\">", eap__svg_val(v).s);
        eap__svg_line(f, "axis", x, p->y1, x, p->y1 + 5);
        eap__svg_text(f, x, p->y1 + 19, "tick", "middle", eap__svg_human(v, &p->x.nf).s);
        fputs("</g>\n", f);
    }
    eap__svg_line(f, "axis", p->x0, p->y1, p->x1, p->y1);
    eap__svg_text_fit(f, (p->x0 + p->x1) / 2, p->y1 + 40, "axis-title", "middle", title,
                      p->x1 - p->x0, CHART_SIZE_SUB);
}

/* Where to break s into two lines that fit max_w: the space that makes the longer line
 * shortest. 0 when s fits on one line or has no space. */
static size_t wrap_point(const char *s, double max_w, double size)
{
    double total = eap__svg_text_width(s, size), best = HUGE_VAL;
    size_t at = 0;
    if (!s || total <= max_w) {
        return 0;
    }
    double before = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += eap__svg_char_len(p)) {
        if (*p == ' ') {
            double longer = fmax(before, total - before - eap__svg_char_em(p, 1) * size);
            if (longer < best) {
                best = longer;
                at = (size_t)(p - (const unsigned char *)s);
            }
        }
        before += eap__svg_char_em(p, eap__svg_char_len(p)) * size;
    }
    return at;
}

/* The y axis title, rotated to run up the left edge: on two lines when one is too short
 * for it, so a long metric name keeps its unit at the end. */
static void draw_y_title(FILE *f, const char *title, double cy, double len)
{
    size_t cut = wrap_point(title, len, CHART_SIZE_SUB);
    char first[512];
    snprintf(first, sizeof(first), "%.*s", (int)(cut ? cut : sizeof(first) - 1),
             title ? title : "");
    fprintf(f, "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">",
            eap__svg_px(CHART_EDGE).s, eap__svg_px(cy).s);
    fprintf(f, "<tspan x=\"%s\" y=\"%s\">", eap__svg_px(CHART_EDGE).s, eap__svg_px(cy).s);
    eap__svg_escaped_fit(f, first, len, CHART_SIZE_SUB, false);
    fputs("</tspan>", f);
    if (cut) {
        fprintf(f, "<tspan x=\"%s\" y=\"%s\">", eap__svg_px(CHART_EDGE).s, eap__svg_px(cy + 16).s);
        eap__svg_escaped_fit(f, title + cut + 1, len, CHART_SIZE_SUB, false);
        fputs("</tspan>", f);
    }
    fputs("</text>\n", f);
}

/* Horizontal grid lines and the y axis; its title runs up the left edge. */
void eap__draw_y_axis(FILE *f, const struct chart_plot *p, const char *title)
{
    for (size_t i = 0; i < eap__axis_ticks(&p->y); i++) {
        double v = eap__axis_tick(&p->y, i), y = eap__axis_px(&p->y, v);
        eap__svg_line(f, "grid", p->x0, y, p->x1, y);
        fprintf(f, "<g class=\"ytick\" data-value=\"%s\">", eap__svg_val(v).s);
        eap__svg_text(f, p->x0 - 8, y + 4, "tick", "end", eap__svg_human(v, &p->y.nf).s);
        fputs("</g>\n", f);
    }
    eap__svg_line(f, "axis", p->x0, p->y0, p->x0, p->y1);
    draw_y_title(f, title, (p->y0 + p->y1) / 2, p->y1 - p->y0);
}

/* The left edge of a plot whose y axis has these tick labels and this title over `len`
 * pixels: room for the rotated title (one or two lines) and the widest label. */
double eap__plot_left(const struct chart_axis *y, const char *title, double len)
{
    double title_w = wrap_point(title, len, CHART_SIZE_SUB) ? 30 : 14;
    return CHART_EDGE + title_w + 10 + axis_label_width(y) + 8;
}
