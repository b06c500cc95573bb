/*
 * Pictures of a batch study: SVG histograms, sweep curves and tornado charts, and an
 * index.html that shows the summary table beside them. Plain stdio, one file per picture,
 * each written through atomic.c so a reader never sees half a chart. SVG text cannot be
 * measured without a renderer, so layout estimates text widths from the font size (DejaVu
 * Sans, the widest font listed, is the yardstick) and leaves room accordingly.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/count_of.h"
#include "eapsim/summary.h"
#include "eapsim/utf8.h"

#define FONT_FAMILY "DejaVu Sans, Helvetica, Arial, sans-serif"

/* Okabe-Ito colours: told apart with the common colour-vision deficiencies. The record is
 * always vermillion; series and bars use the rest. */
#define COL_BLUE "#0072B2"
#define COL_ORANGE "#E69F00"
#define COL_VERMILLION "#D55E00"
static const char *const series_colors[] = {COL_BLUE,   "#009E73", "#CC79A7",
                                            COL_ORANGE, "#56B4E9", "#000000"};
#define SERIES_COLORS COUNT_OF(series_colors)

/* Font sizes of the text classes in svg_css, for width estimates. */
#define SIZE_TITLE 18.0
#define SIZE_SUB 13.0
#define SIZE_TICK 12.0
#define SIZE_MARK 12.0
#define SIZE_NAME 13.0
#define BOLD 1.1 /* bold DejaVu Sans is about a tenth wider */

#define CHART_W 900.0
#define CHART_H 540.0
#define EDGE 24.0 /* blank border around everything */

static const char svg_css[] = "text{fill:#1f1f1f}"
                              ".title{font-size:18px;font-weight:bold}"
                              ".subtitle{font-size:13px;fill:#555555}"
                              ".tick{font-size:12px;fill:#444444}"
                              ".axis-title{font-size:13px;fill:#333333}"
                              ".mark{font-size:12px;font-weight:bold}"
                              ".name{font-size:13px}"
                              ".end{font-size:12px;fill:#333333}"
                              ".legend{font-size:13px;fill:#333333}"
                              ".note{font-size:13px;fill:#666666;font-style:italic}"
                              ".grid{stroke:#e4e4e4;stroke-width:1}"
                              ".axis{stroke:#666666;stroke-width:1}"
                              ".bar{fill:" COL_BLUE ";fill-opacity:0.8}"
                              ".mean{stroke:#1f1f1f;stroke-width:1.5;stroke-dasharray:7 4}"
                              ".median{stroke:#1f1f1f;stroke-width:1.5;stroke-dasharray:2 3}"
                              ".record{stroke:" COL_VERMILLION ";stroke-width:2.5}"
                              ".record-text{fill:" COL_VERMILLION "}"
                              ".baseline{stroke:#1f1f1f;stroke-width:1.5}"
                              ".low{fill:" COL_BLUE "}"
                              ".high{fill:" COL_ORANGE "}"
                              ".halo{fill:#ffffff;fill-opacity:0.85}";

/* ---- numbers and text ---- */

/* A formatted number, returned by value so several fit in one fprintf. */
struct num {
    char s[112];
};

/* printf writes the locale's decimal point; SVG and HTML need '.', whatever LC_NUMERIC the
 * program chose. Any run of bytes that is not a digit, sign or exponent is that point. */
static void normalize_point(char *s)
{
    char *out = s;
    bool in_point = false;
    for (const char *p = s; *p; p++) {
        bool keep = (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e';
        if (keep || !in_point) {
            *out++ = keep ? *p : '.';
        }
        in_point = !keep;
    }
    *out = '\0';
}

/* A pixel coordinate: two decimals at most, trailing zeros dropped. */
static struct num px(double v)
{
    struct num n;
    snprintf(n.s, sizeof(n.s), "%.2f", v);
    normalize_point(n.s);
    char *dot = strchr(n.s, '.');
    if (dot) {
        char *end = dot + strlen(dot) - 1;
        while (end > dot && *end == '0') {
            *end-- = '\0';
        }
        if (end == dot) {
            *dot = '\0';
        }
    }
    return n;
}

/* A data value for data-* attributes, precise enough to check positions against. */
static struct num val(double v)
{
    struct num n;
    snprintf(n.s, sizeof(n.s), "%.10g", v);
    normalize_point(n.s);
    return n;
}

/* How a group of values (the ticks of an axis, the labels on it) is written: a scale with
 * its suffix for big magnitudes, and a fixed number of decimals. */
struct numfmt {
    double div;
    const char *suffix;
    int decimals;
    bool trim; /* drop trailing zeros of the fraction: "600" rather than "600.0" */
};

/* The scale for values up to max_abs: big magnitudes in millions or billions. */
static struct numfmt numfmt_scale(double max_abs)
{
    if (max_abs >= 1e9) {
        return (struct numfmt){1e9, "bn", 0, false};
    }
    if (max_abs >= 1e6) {
        return (struct numfmt){1e6, "M", 0, false};
    }
    return (struct numfmt){1, "", 0, false};
}

/* Decimals that tell apart values `resolution` apart once divided by div. */
static int decimals_for(double resolution, double div)
{
    double r = resolution / div;
    int d = r > 0 && r < 1 ? (int)ceil(-log10(r) - 1e-9) : 0;
    return d > 12 ? 12 : d;
}

/* The format for values up to max_abs that must tell apart values `resolution` apart. */
static struct numfmt numfmt_for(double max_abs, double resolution)
{
    struct numfmt nf = numfmt_scale(max_abs);
    nf.decimals = decimals_for(resolution, nf.div);
    return nf;
}

/* Writes the digits in `in` into out with a comma between groups of three. */
static void group_thousands(char *out, size_t len, const char *in, size_t digits)
{
    size_t o = 0;
    for (size_t i = 0; i < digits && o + 2 < len; i++) {
        if (i > 0 && (digits - i) % 3 == 0) {
            out[o++] = ',';
        }
        out[o++] = in[i];
    }
    out[o] = '\0';
}

/* The fraction of raw ("." and decimals, or ""), without trailing zeros when trimming. */
static size_t fraction_len(const char *frac, bool trim)
{
    size_t n = strlen(frac);
    while (trim && n > 0 && (frac[n - 1] == '0' || frac[n - 1] == '.')) {
        n--;
    }
    return n;
}

/* "1,234", "12.5", "−3" (a true minus sign), "1.2M": for people, not for parsers. */
static struct num human(double v, const struct numfmt *nf)
{
    char raw[64], grouped[32];
    struct num n;
    if (fabs(v) / nf->div >= 1e15) {
        /* Beyond any count or duration a study produces; still a readable number. */
        snprintf(n.s, sizeof(n.s), "%.3g", v);
        normalize_point(n.s);
        return n;
    }
    snprintf(raw, sizeof(raw), "%.*f", nf->decimals, fabs(v) / nf->div);
    normalize_point(raw);
    size_t digits = strcspn(raw, ".");
    group_thousands(grouped, sizeof(grouped), raw, digits);
    /* Zero is "0" on any scale, and has no sign: "−0" or "0.0bn" read as mistakes. */
    bool zero = strspn(raw, "0.") == strlen(raw);
    snprintf(n.s, sizeof(n.s), "%s%s%.*s%s", v < 0 && !zero ? "\xe2\x88\x92" : "", grouped,
             zero ? 0 : (int)fraction_len(raw + digits, nf->trim), raw + digits,
             zero ? "" : nf->suffix);
    return n;
}

/* A value named on its own (a mean, the record) on axis a's scale, one decimal finer than
 * its ticks, trailing zeros dropped: "mean 612.5 min", "record: 0.9M". */
static struct num human_on(double v, const struct numfmt *axis_nf)
{
    struct numfmt nf = *axis_nf;
    nf.decimals++;
    nf.trim = true;
    return human(v, &nf);
}

/* A count: whole below a million, else three significant digits ("12bn", "2.05M"). */
static struct num human_count(double v)
{
    struct numfmt nf = numfmt_scale(fabs(v));
    double scaled = fabs(v) / nf.div;
    nf.decimals = nf.div > 1 && scaled > 0 ? 2 - (int)floor(log10(scaled)) : 2;
    nf.decimals = nf.decimals < 0 ? 0 : nf.decimals;
    nf.trim = true;
    return human(v, &nf);
}

/* Bytes of the character at s: a malformed byte counts as one character of its own. */
static size_t char_len(const unsigned char *s)
{
    size_t n = eap_utf8_len(s, SIZE_MAX);
    return n ? n : 1;
}

/* The advance width, in em, of the character of n bytes at s in DejaVu Sans (the widest of
 * the fonts listed, so other fonts fit too): exact for a-z, by class for the rest. */
static double char_em(const unsigned char *s, size_t n)
{
    static const double lower[26] = {0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278,
                                     0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411,
                                     0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525};
    unsigned char c = s[0];
    if (n > 1) {
        return n == 2 ? 0.75 : 1.0;
    }
    if (c >= 'a' && c <= 'z') {
        return lower[c - 'a'];
    }
    if ((c >= 'A' && c <= 'Z') || c == '_') {
        return 0.72;
    }
    if ((c >= '0' && c <= '9') || c == '$') {
        return 0.636;
    }
    if (c == ' ' || strchr(".,:;'!|", c)) {
        return 0.337;
    }
    return strchr("()[]{}/\\-\"*", c) ? 0.45 : 0.84;
}

/* Estimated width of s (NULL reads as "") in pixels at font `size`. */
static double text_width(const char *s, double size)
{
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p += char_len(p)) {
        em += char_em(p, char_len(p));
    }
    return em * size;
}

/* Writes one character of s escaped for XML and HTML; returns the bytes consumed. Control
 * characters XML forbids become spaces, malformed UTF-8 the replacement character, so any
 * caller string gives a well-formed file. */
static size_t put_char(FILE *f, const unsigned char *s)
{
    static const char *const entity[] = {
        ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};
    size_t n = eap_utf8_len(s, SIZE_MAX);
    if (n == 0) {
        fputs("\xef\xbf\xbd", f);
        return 1;
    }
    if (n == 1 && s[0] < COUNT_OF(entity) && entity[s[0]]) {
        fputs(entity[s[0]], f);
    } else if (n == 1 && s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') {
        fputc(' ', f);
    } else {
        fwrite(s, 1, n, f);
    }
    return n;
}

#define ELLIPSIS "\xe2\x80\xa6"

/* Writes s (NULL reads as "") escaped, cut with an ellipsis to fit max_w pixels at font
 * `size`. Names keep their tail ("…isr_drone/speed"): the last path part says the most. */
static void put_escaped_fit(FILE *f, const char *s, double max_w, double size, bool keep_tail)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    double left = text_width((const char *)p, size);
    if (left <= max_w) {
        for (; *p; p += put_char(f, p)) {
        }
        return;
    }
    double room = max_w - size; /* the ellipsis is about 1 em */
    if (keep_tail) {
        for (; *p && left > room; p += char_len(p)) {
            left -= char_em(p, char_len(p)) * size;
        }
        fputs(ELLIPSIS, f);
        for (; *p; p += put_char(f, p)) {
        }
        return;
    }
    for (double used = 0; *p && used + char_em(p, char_len(p)) * size <= room;) {
        used += char_em(p, char_len(p)) * size;
        p += put_char(f, p);
    }
    fputs(ELLIPSIS, f);
}

static void put_escaped(FILE *f, const char *s)
{
    put_escaped_fit(f, s, HUGE_VAL, 1, false);
}

/* <text> at (x, y) in a CSS class whose font is `size` px, cut to max_w pixels; anchor is
 * "start", "middle" or "end". */
static void put_text_fit(FILE *f, double x, double y, const char *cls, const char *anchor,
                         const char *s, double max_w, double size)
{
    fprintf(f, "<text class=\"%s\" x=\"%s\" y=\"%s\" text-anchor=\"%s\">", cls, px(x).s, px(y).s,
            anchor);
    put_escaped_fit(f, s, max_w, size, false);
    fputs("</text>\n", f);
}

static void put_text(FILE *f, double x, double y, const char *cls, const char *anchor,
                     const char *s)
{
    put_text_fit(f, x, y, cls, anchor, s, HUGE_VAL, 1);
}

static void put_line(FILE *f, const char *cls, double x1, double y1, double x2, double y2)
{
    fprintf(f, "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", cls, px(x1).s,
            px(y1).s, px(x2).s, px(y2).s);
}

/* A white box behind a label that sits over data, so the label stays readable. */
static void put_halo(FILE *f, double x, double y, double w, double h)
{
    fprintf(f, "<rect class=\"halo\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"2\"/>\n",
            px(x).s, px(y).s, px(w).s, px(h).s);
}

/* ---- errors ---- */

/* "cannot draw <path>: <cause>": the caller's input cannot be drawn (EAP_EINPUT). */
__attribute__((format(printf, 3, 4))) static bool refuse(struct eap_error *err, const char *path,
                                                         const char *fmt, ...)
{
    char cause[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cause, sizeof(cause), fmt, ap);
    va_end(ap);
    return eap_error_set(err, EAP_EINPUT, "cannot draw %s: %s", path ? path : "(no path)", cause);
}

/* Refuses NaN and infinity in v[0..n): a chart of them would be garbage. */
static bool check_finite(const double *v, size_t n, const char *name, const char *path,
                         struct eap_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return refuse(err, path, "%s[%zu] is %s", name, i, isnan(v[i]) ? "NaN" : "infinite");
        }
    }
    return true;
}

static bool check_value(double v, const char *name, const char *path, struct eap_error *err)
{
    if (!isfinite(v)) {
        return refuse(err, path, "%s is %s", name, isnan(v) ? "NaN" : "infinite");
    }
    return true;
}

/* Refuses NaN in nothing but infinity anywhere: NaN marks a point without data. */
static bool check_not_inf(const double *v, size_t n, const char *name, const char *path,
                          struct eap_error *err)
{
    for (size_t i = 0; v && i < n; i++) {
        if (isinf(v[i])) {
            return refuse(err, path, "%s[%zu] is infinite", name, i);
        }
    }
    return true;
}

/* ---- axes ---- */

/* A linear axis from lo to hi with ticks every step; p0 and p1 are the pixels of lo and
 * hi (p1 < p0 on a vertical axis, whose values grow upwards). */
struct axis {
    double lo, hi, step;
    double p0, p1;
    struct numfmt nf;
};

/* A range of data values, grown one value at a time. */
struct range {
    double lo, hi;
};

#define RANGE_EMPTY ((struct range){INFINITY, -INFINITY})

static void range_add(struct range *r, double v)
{
    if (isfinite(v)) {
        r->lo = fmin(r->lo, v);
        r->hi = fmax(r->hi, v);
    }
}

static double axis_px(const struct axis *a, double v)
{
    return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

static size_t axis_ticks(const struct axis *a)
{
    return (size_t)llround((a->hi - a->lo) / a->step) + 1;
}

static double axis_tick(const struct axis *a, size_t i)
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
static void axis_fit(struct axis *a, struct range r, int target, bool integral)
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
    a->nf = numfmt_for(fmax(fabs(a->lo), fabs(a->hi)), a->step);
}

static double axis_label_width(const struct axis *a)
{
    double w = 0;
    for (size_t i = 0; i < axis_ticks(a); i++) {
        w = fmax(w, text_width(human(axis_tick(a, i), &a->nf).s, SIZE_TICK));
    }
    return w;
}

/* A horizontal axis over `len` pixels: as many ticks as fit without their labels touching. */
static void axis_fit_x(struct axis *a, struct range r, double len, bool integral)
{
    int target = (int)fmax(2, fmin(10, len / 80));
    for (int tries = 0; tries < 6; tries++) {
        axis_fit(a, r, target, integral);
        double room = len / (double)axis_ticks(a);
        if (axis_label_width(a) + 16 <= room || target == 2) {
            return;
        }
        target--;
    }
}

/* Values the axis must show must have a finite span, or no pixel maps to them. */
static bool range_drawable(struct range r, const char *path, struct eap_error *err)
{
    if (!isfinite(r.hi - r.lo) || !isfinite(fabs(r.lo) + fabs(r.hi))) {
        return refuse(err, path, "the values span too wide a range to draw");
    }
    return true;
}

/* Plot area: left, right, top, bottom in pixels, and the two axes that map into it. */
struct plot {
    double x0, x1, y0, y1;
    struct axis x, y;
};

/* Vertical grid lines and the x axis with its ticks, labels and title. Each tick carries
 * its value (data-value) so tests and tools can read the scale back. */
static void draw_x_axis(FILE *f, const struct plot *p, const char *title, bool grid)
{
    for (size_t i = 0; i < axis_ticks(&p->x); i++) {
        double v = axis_tick(&p->x, i), x = axis_px(&p->x, v);
        if (grid) {
            put_line(f, "grid", x, p->y0, x, p->y1);
        }
        fprintf(f, "<g class=\"xtick\" data-value=\"%s\">", val(v).s);
        put_line(f, "axis", x, p->y1, x, p->y1 + 5);
        put_text(f, x, p->y1 + 19, "tick", "middle", human(v, &p->x.nf).s);
        fputs("</g>\n", f);
    }
    put_line(f, "axis", p->x0, p->y1, p->x1, p->y1);
    put_text_fit(f, (p->x0 + p->x1) / 2, p->y1 + 40, "axis-title", "middle", title, p->x1 - p->x0,
                 SIZE_SUB);
}

/* Where to break s into two lines that fit max_w: the space that makes the longer line
 * shortest. 0 when s fits on one line or has no space. */
static size_t wrap_point(const char *s, double max_w, double size)
{
    double total = text_width(s, size), best = HUGE_VAL;
    size_t at = 0;
    if (!s || total <= max_w) {
        return 0;
    }
    double before = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += char_len(p)) {
        if (*p == ' ') {
            double longer = fmax(before, total - before - char_em(p, 1) * size);
            if (longer < best) {
                best = longer;
                at = (size_t)(p - (const unsigned char *)s);
            }
        }
        before += char_em(p, char_len(p)) * size;
    }
    return at;
}

/* The y axis title, rotated to run up the left edge: on two lines when one is too short
 * for it, so a long metric name keeps its unit at the end. */
static void draw_y_title(FILE *f, const char *title, double cy, double len)
{
    size_t cut = wrap_point(title, len, SIZE_SUB);
    char first[512];
    snprintf(first, sizeof(first), "%.*s", (int)(cut ? cut : sizeof(first) - 1),
             title ? title : "");
    fprintf(f, "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"rotate(-90 %s %s)\">",
            px(EDGE).s, px(cy).s);
    fprintf(f, "<tspan x=\"%s\" y=\"%s\">", px(EDGE).s, px(cy).s);
    put_escaped_fit(f, first, len, SIZE_SUB, false);
    fputs("</tspan>", f);
    if (cut) {
        fprintf(f, "<tspan x=\"%s\" y=\"%s\">", px(EDGE).s, px(cy + 16).s);
        put_escaped_fit(f, title + cut + 1, len, SIZE_SUB, false);
        fputs("</tspan>", f);
    }
    fputs("</text>\n", f);
}

/* Horizontal grid lines and the y axis; its title runs up the left edge. */
static void draw_y_axis(FILE *f, const struct plot *p, const char *title)
{
    for (size_t i = 0; i < axis_ticks(&p->y); i++) {
        double v = axis_tick(&p->y, i), y = axis_px(&p->y, v);
        put_line(f, "grid", p->x0, y, p->x1, y);
        fprintf(f, "<g class=\"ytick\" data-value=\"%s\">", val(v).s);
        put_text(f, p->x0 - 8, y + 4, "tick", "end", human(v, &p->y.nf).s);
        fputs("</g>\n", f);
    }
    put_line(f, "axis", p->x0, p->y0, p->x0, p->y1);
    draw_y_title(f, title, (p->y0 + p->y1) / 2, p->y1 - p->y0);
}

/* The left edge of a plot whose y axis has these tick labels and this title over `len`
 * pixels: room for the rotated title (one or two lines) and the widest label. */
static double plot_left(const struct axis *y, const char *title, double len)
{
    double title_w = wrap_point(title, len, SIZE_SUB) ? 30 : 14;
    return EDGE + title_w + 10 + axis_label_width(y) + 8;
}

/* ---- document ---- */

static void svg_begin(FILE *f, double w, double h, const char *title)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%s\" "
            "height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\">\n",
            px(w).s, px(h).s, px(w).s, px(h).s, FONT_FAMILY);
    fputs("<title>", f);
    put_escaped(f, title);
    fprintf(f, "</title>\n<style type=\"text/css\">%s</style>\n", svg_css);
    /* An opaque background: viewers with a dark theme would otherwise show black on black. */
    fprintf(f, "<rect class=\"background\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n",
            px(w).s, px(h).s);
}

/* The title and a subtitle at the top left, both cut to the width of the picture. */
static void draw_heading(FILE *f, double w, const char *title, const char *subtitle)
{
    put_text_fit(f, EDGE, 32, "title", "start", title, w - 2 * EDGE, SIZE_TITLE * BOLD);
    put_text_fit(f, EDGE, 54, "subtitle", "start", subtitle, w - 2 * EDGE, SIZE_SUB);
}

/* Completes the file: the closing tag, then the rename that makes it visible. */
/* Opens the chart's file (atomically) and writes its frame and heading; NULL on failure. */
static FILE *svg_open(struct eap_atomic_file *a, const char *path, double h, const char *title,
                      const char *subtitle, struct eap_error *err)
{
    FILE *f = eap_atomic_open(a, path, err);
    if (f) {
        svg_begin(f, CHART_W, h, title);
        draw_heading(f, CHART_W, title, subtitle);
    }
    return f;
}

static bool svg_finish(struct eap_atomic_file *a, struct eap_error *err)
{
    fputs("</svg>\n", a->f);
    return eap_atomic_commit(a, err);
}

static bool check_path(const char *path, const void *p, const char *what, struct eap_error *err)
{
    if (!path || !path[0]) {
        return eap_error_set(err, EAP_EINPUT, "cannot draw %s: no output path", what);
    }
    if (!p) {
        return refuse(err, path, "no %s given", what);
    }
    return true;
}

/* ---- histogram ---- */

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

/* The unit to write after a value on an axis titled `axis_title`: the header gives no unit
 * of its own, and "record: 600 min" reads better than "record: 600". */
static const char *unit_suffix(const char *axis_title)
{
    if (!axis_title) {
        return "";
    }
    if (strstr(axis_title, "person-minutes")) {
        return " person-min";
    }
    return strstr(axis_title, "minutes") ? " min" : "";
}

/* One precision for all the marks, so "median 104.6" never stands beside "mean 105": the
 * ticks' decimals when every value is whole at that precision, else one more. */
static struct numfmt marks_numfmt(const struct numfmt *axis_nf, const double *v, size_t n)
{
    struct numfmt nf = *axis_nf;
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
static void mark_text(struct mark *m, const char *name, const struct numfmt *nf, const char *unit)
{
    snprintf(m->text, sizeof(m->text), "%s %s%s", name, human(m->value, nf).s, unit);
}

static size_t hist_marks(const struct eap_histogram_plot *p, const struct numfmt *axis_nf,
                         struct mark *m)
{
    const double values[] = {p->mean, p->median, p->recorded};
    struct numfmt nf = marks_numfmt(axis_nf, values, p->has_recorded ? 3 : 2);
    const char *unit = unit_suffix(p->x_label);
    char name[128];
    m[0] = (struct mark){.value = p->mean, .cls = "mean"};
    mark_text(&m[0], "mean", &nf, unit);
    m[1] = (struct mark){.value = p->median, .cls = "median"};
    mark_text(&m[1], "median", &nf, unit);
    if (!p->has_recorded) {
        return 2;
    }
    /* recorded_label names the record ("record", "2012 record"); the value follows it. */
    snprintf(name, sizeof(name),
             "%s:", p->recorded_label && p->recorded_label[0] ? p->recorded_label : "record");
    m[2] = (struct mark){.value = p->recorded, .cls = "record"};
    mark_text(&m[2], name, &nf, unit);
    return 3;
}

static bool hist_check(const char *path, const struct eap_histogram_plot *p, struct eap_error *err)
{
    if (!check_path(path, p, "histogram", err)) {
        return false;
    }
    if (p->bins == 0) {
        return refuse(err, path, "the histogram has no bins");
    }
    if (!p->edges || !p->counts) {
        return refuse(err, path, "the histogram has no %s", p->edges ? "counts" : "edges");
    }
    if (!check_finite(p->edges, p->bins + 1, "edges", path, err) ||
        !check_finite(p->counts, p->bins, "counts", path, err) ||
        !check_value(p->mean, "mean", path, err) || !check_value(p->median, "median", path, err) ||
        (p->has_recorded && !check_value(p->recorded, "recorded", path, err))) {
        return false;
    }
    for (size_t i = 0; i < p->bins; i++) {
        if (p->edges[i + 1] < p->edges[i]) {
            return refuse(err, path, "edges[%zu] is below edges[%zu]", i + 1, i);
        }
        if (p->counts[i] < 0) {
            return refuse(err, path, "counts[%zu] is negative", i);
        }
    }
    return true;
}

/* Everything the histogram needs placed before drawing: axes, plot area and mark labels. */
struct hist_layout {
    struct plot pl;
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
    struct range xr = RANGE_EMPTY;
    range_add(&xr, p->edges[0]);
    range_add(&xr, p->edges[p->bins]);
    range_add(&xr, p->mean);
    range_add(&xr, p->median);
    if (p->has_recorded) {
        range_add(&xr, p->recorded); /* the axis stretches to show the record */
    }
    if (!range_drawable(xr, path, err)) {
        return false;
    }
    bool integral = counts_integral(p, &L->max_count);
    struct plot *pl = &L->pl;
    /* The y ticks size the left margin, which sizes the x axis, which places the mark
     * labels, whose rows set the final height: fit y first on the tallest likely plot. */
    double bottom = CHART_H - 60, approx_top = 66 + 2 * MARK_ROW_H;
    axis_fit(&pl->y, (struct range){0, L->max_count > 0 ? L->max_count : 1},
             (int)fmax(2, (bottom - approx_top) / 55), integral);
    pl->x0 = plot_left(&pl->y, "replications", bottom - approx_top);
    pl->x1 = CHART_W - EDGE - 8;
    axis_fit_x(&pl->x, xr, pl->x1 - pl->x0, false);
    pl->x.p0 = pl->x0;
    pl->x.p1 = pl->x1;
    L->mark_count = hist_marks(p, &pl->x.nf, L->marks);
    for (size_t i = 0; i < L->mark_count; i++) {
        L->marks[i].x = axis_px(&pl->x, L->marks[i].value);
        L->marks[i].w = text_width(L->marks[i].text, SIZE_MARK * BOLD);
    }
    L->rows = place_marks(L->marks, L->mark_count, CHART_W);
    pl->y0 = 66 + L->rows * MARK_ROW_H + 14;
    pl->y1 = bottom;
    pl->y.p0 = pl->y1;
    pl->y.p1 = pl->y0;
    return true;
}

/* One <rect> per non-empty bin, its height proportional to its count. A white gap keeps
 * neighbours apart; a bin of zero width (every run alike) still shows as a thin bar. */
static void hist_bars(FILE *f, const struct eap_histogram_plot *p, const struct hist_layout *L)
{
    const struct axis *ax = &L->pl.x;
    struct numfmt nf = numfmt_for(fmax(fabs(ax->lo), fabs(ax->hi)), ax->step / 10);
    for (size_t i = 0; i < p->bins; i++) {
        if (p->counts[i] <= 0) {
            continue;
        }
        double a = axis_px(ax, p->edges[i]), b = axis_px(ax, p->edges[i + 1]);
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
        double top = axis_px(&L->pl.y, p->counts[i]);
        fprintf(f,
                "<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                "data-count=\"%s\"><title>%s to %s: %s</title></rect>\n",
                px(a).s, px(top).s, px(b - a).s, px(L->pl.y1 - top).s, val(p->counts[i]).s,
                human(p->edges[i], &nf).s, human(p->edges[i + 1], &nf).s,
                human_count(p->counts[i]).s);
    }
}

/* The mean, the median and the record: lines up from the x axis to their labels. */
static void draw_marks(FILE *f, const struct mark *m, size_t n, const struct plot *pl)
{
    for (size_t i = 0; i < n; i++) {
        double y = pl->y0 - 13 - m[i].row * MARK_ROW_H;
        bool record = strcmp(m[i].cls, "record") == 0;
        fprintf(f, "<g class=\"marker\" data-kind=\"%s\" data-value=\"%s\">", m[i].cls,
                val(m[i].value).s);
        put_line(f, m[i].cls, m[i].x, pl->y1, m[i].x, y - 10);
        put_text(f, m[i].left ? m[i].x - 5 : m[i].x + 5, y, record ? "mark record-text" : "mark",
                 m[i].left ? "end" : "start", m[i].text);
        fputs("</g>\n", f);
    }
}

static void hist_subtitle(const struct eap_histogram_plot *p, char *buf, size_t len)
{
    snprintf(buf, len, "%s %s", human_count((double)p->runs).s, p->runs == 1 ? "run" : "runs");
}

bool eap_svg_histogram(const char *path, const struct eap_histogram_plot *p, struct eap_error *err)
{
    struct hist_layout L;
    if (!hist_check(path, p, err) || !hist_layout(path, p, &L, err)) {
        return false;
    }
    char subtitle[160];
    hist_subtitle(p, subtitle, sizeof(subtitle));
    struct eap_atomic_file a;
    FILE *f = svg_open(&a, path, CHART_H, p->title, subtitle, err);
    if (!f) {
        return false;
    }
    draw_y_axis(f, &L.pl, "replications");
    hist_bars(f, p, &L);
    if (L.max_count <= 0) {
        put_text(f, (L.pl.x0 + L.pl.x1) / 2, (L.pl.y0 + L.pl.y1) / 2, "note", "middle",
                 "no replication fell in these bins");
    }
    draw_x_axis(f, &L.pl, p->x_label, false);
    draw_marks(f, L.marks, L.mark_count, &L.pl);
    return svg_finish(&a, err);
}

/* ---- curves ---- */

static bool curves_check(const char *path, const struct eap_curve_plot *p, struct eap_error *err)
{
    if (!check_path(path, p, "curve plot", err)) {
        return false;
    }
    if (p->series_count == 0 || !p->series) {
        return refuse(err, path, "the curve plot has no series");
    }
    if (p->has_recorded && !check_value(p->recorded, "recorded", path, err)) {
        return false;
    }
    for (size_t i = 0; i < p->series_count; i++) {
        const struct eap_curve_series *s = &p->series[i];
        if (s->points > 0 && (!s->x || !s->y)) {
            return refuse(err, path, "series %zu has no %s", i, s->x ? "y values" : "x values");
        }
        if (!check_finite(s->x, s->points, "x", path, err) ||
            !check_not_inf(s->y, s->points, "y", path, err) ||
            !check_not_inf(s->lo, s->points, "lo", path, err) ||
            !check_not_inf(s->hi, s->points, "hi", path, err)) {
            return false;
        }
    }
    return true;
}

static bool band_at(const struct eap_curve_series *s, size_t i)
{
    return s->lo && s->hi && isfinite(s->lo[i]) && isfinite(s->hi[i]);
}

static void curves_ranges(const struct eap_curve_plot *p, struct range *xr, struct range *yr,
                          bool *empty)
{
    for (size_t i = 0; i < p->series_count; i++) {
        const struct eap_curve_series *s = &p->series[i];
        for (size_t j = 0; j < s->points; j++) {
            range_add(xr, s->x[j]);
            range_add(yr, s->y[j]);
            if (band_at(s, j)) {
                range_add(yr, s->lo[j]);
                range_add(yr, s->hi[j]);
            }
        }
    }
    *empty = !(yr->lo <= yr->hi);
    if (p->has_recorded) {
        range_add(yr, p->recorded);
    }
    /* Nothing to show (every point without data): still draw honest, empty axes. */
    if (!(yr->lo <= yr->hi)) {
        *yr = (struct range){0, 1};
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
    return 34 + text_width(series_label(&p->series[k], k, buf, sizeof(buf)), 13) + 22;
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
    struct plot pl;
    int legend_rows;
    bool empty; /* no point has data */
};

#define LEGEND_TOP 70.0
#define LEGEND_ROW_H 20.0

static bool curves_layout(const char *path, const struct eap_curve_plot *p, struct curves_layout *L,
                          struct eap_error *err)
{
    struct range xr = RANGE_EMPTY, yr = RANGE_EMPTY;
    curves_ranges(p, &xr, &yr, &L->empty);
    if (!(xr.lo <= xr.hi)) {
        xr = (struct range){0, 1};
    }
    if (!range_drawable(xr, path, err) || !range_drawable(yr, path, err)) {
        return false;
    }
    struct plot *pl = &L->pl;
    L->legend_rows = legend_rows(p, CHART_W - 2 * EDGE);
    pl->y0 = L->legend_rows > 0 ? LEGEND_TOP + L->legend_rows * LEGEND_ROW_H + 12 : 78;
    pl->y1 = CHART_H - 60;
    axis_fit(&pl->y, yr, (int)fmax(2, (pl->y1 - pl->y0) / 55), false);
    pl->y.p0 = pl->y1;
    pl->y.p1 = pl->y0;
    pl->x0 = plot_left(&pl->y, p->y_label, pl->y1 - pl->y0);
    pl->x1 = CHART_W - EDGE - 8;
    /* Markers at the ends of the sweep sit a little inside the axes, not on them. */
    axis_fit_x(&pl->x, xr, pl->x1 - pl->x0 - 24, false);
    pl->x.p0 = pl->x0 + 12;
    pl->x.p1 = pl->x1 - 12;
    return true;
}

/* The confidence band of series k: one polygon per run of points that have a band (hi
 * forwards, lo backwards); a lone point gets a whisker instead. */
static void draw_band(FILE *f, const struct eap_curve_series *s, size_t k, const struct plot *pl)
{
    const char *color = series_colors[k % SERIES_COLORS];
    for (size_t i = 0; i < s->points;) {
        size_t end = i;
        while (end < s->points && band_at(s, end)) {
            end++;
        }
        if (end - i == 1) {
            double x = axis_px(&pl->x, s->x[i]);
            fprintf(f,
                    "<line class=\"whisker\" data-series=\"%zu\" stroke=\"%s\" "
                    "stroke-opacity=\"0.5\" stroke-width=\"6\" x1=\"%s\" y1=\"%s\" x2=\"%s\" "
                    "y2=\"%s\"/>\n",
                    k, color, px(x).s, px(axis_px(&pl->y, s->lo[i])).s, px(x).s,
                    px(axis_px(&pl->y, s->hi[i])).s);
        } else if (end - i > 1) {
            fprintf(f,
                    "<polygon class=\"band\" data-series=\"%zu\" fill=\"%s\" "
                    "fill-opacity=\"0.18\" points=\"",
                    k, color);
            for (size_t j = i; j < end; j++) {
                fprintf(f, "%s,%s ", px(axis_px(&pl->x, s->x[j])).s,
                        px(axis_px(&pl->y, s->hi[j])).s);
            }
            for (size_t j = end; j-- > i;) {
                fprintf(f, "%s,%s ", px(axis_px(&pl->x, s->x[j])).s,
                        px(axis_px(&pl->y, s->lo[j])).s);
            }
            fputs("\"/>\n", f);
        }
        i = end > i ? end : i + 1;
    }
}

/* The mean line of series k, broken wherever a point has no data (NaN y). */
static void draw_line(FILE *f, const struct eap_curve_series *s, size_t k, const struct plot *pl)
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
                fprintf(f, "%s,%s ", px(axis_px(&pl->x, s->x[j])).s,
                        px(axis_px(&pl->y, s->y[j])).s);
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
                px(x).s, px(y).s, color);
    } else {
        bool cross = shape[strlen(shape) - 1] != 'z';
        fprintf(f, "<path d=\"M%s %s%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"", px(x).s,
                px(y).s, shape, cross ? "none" : color, cross ? color : "#ffffff",
                cross ? "2" : "1.2");
    }
}

static void draw_points(FILE *f, const struct eap_curve_series *s, size_t k, const struct plot *pl)
{
    for (size_t i = 0; i < s->points; i++) {
        if (!isfinite(s->y[i])) {
            continue;
        }
        put_marker(f, k, axis_px(&pl->x, s->x[i]), axis_px(&pl->y, s->y[i]));
        fprintf(f, " class=\"pt\" data-series=\"%zu\" data-x=\"%s\" data-y=\"%s\"/>\n", k,
                val(s->x[i]).s, val(s->y[i]).s);
    }
}

static void draw_legend(FILE *f, const struct eap_curve_plot *p)
{
    double x = EDGE, y = LEGEND_TOP + 14;
    for (size_t k = 0; k < p->series_count; k++) {
        char buf[32];
        const char *label = series_label(&p->series[k], k, buf, sizeof(buf));
        double w = legend_item_width(p, k);
        if (x > EDGE && x + w > CHART_W - EDGE) {
            x = EDGE;
            y += LEGEND_ROW_H;
        }
        fprintf(f, "<g class=\"legend-item\" data-series=\"%zu\">", k);
        fprintf(f,
                "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
                "stroke-width=\"2.25\"/>",
                px(x).s, px(y - 4).s, px(x + 26).s, px(y - 4).s, series_colors[k % SERIES_COLORS]);
        put_marker(f, k, x + 13, y - 4);
        fputs("/>", f);
        put_text_fit(f, x + 34, y, "legend", "start", label, CHART_W - 2 * EDGE - 34, SIZE_SUB);
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
static int box_hits(const struct eap_curve_plot *p, const struct plot *pl, const struct box *b)
{
    int hits = 0;
    for (size_t k = 0; k < p->series_count; k++) {
        const struct eap_curve_series *s = &p->series[k];
        for (size_t j = 0; j < s->points; j++) {
            if (!isfinite(s->y[j])) {
                continue;
            }
            double x0 = axis_px(&pl->x, s->x[j]), y0 = axis_px(&pl->y, s->y[j]);
            bool next = j + 1 < s->points && isfinite(s->y[j + 1]);
            double x1 = next ? axis_px(&pl->x, s->x[j + 1]) : x0;
            double y1 = next ? axis_px(&pl->y, s->y[j + 1]) : y0;
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
static void record_label_at(const struct eap_curve_plot *p, const struct plot *pl, double y,
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

static void record_text(const struct eap_curve_plot *p, const struct plot *pl, char *buf,
                        size_t len)
{
    snprintf(buf, len, "record: %s%s", human_on(p->recorded, &pl->y.nf).s, unit_suffix(p->y_label));
}

/* A horizontal reference line across the plot, under the data. */
static void draw_record_line(FILE *f, const struct eap_curve_plot *p, const struct plot *pl)
{
    double y = axis_px(&pl->y, p->recorded);
    fprintf(f, "<g class=\"marker\" data-kind=\"record\" data-value=\"%s\">", val(p->recorded).s);
    put_line(f, "record", pl->x0, y, pl->x1, y);
    fputs("</g>\n", f);
}

/* Its label, over the data (on a white ground) where it hides the least. */
static void draw_record_label(FILE *f, const struct eap_curve_plot *p, const struct plot *pl)
{
    char text[160];
    record_text(p, pl, text, sizeof(text));
    double w = text_width(text, SIZE_MARK * BOLD), tx, ty;
    record_label_at(p, pl, axis_px(&pl->y, p->recorded), w, &tx, &ty);
    put_halo(f, tx - w - 3, ty - 13, w + 6, 17);
    put_text(f, tx, ty, "mark record-text", "end", text);
}

bool eap_svg_curves(const char *path, const struct eap_curve_plot *p, struct eap_error *err)
{
    struct curves_layout L;
    if (!curves_check(path, p, err) || !curves_layout(path, p, &L, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f = svg_open(&a, path, CHART_H, p->title,
                       "Mean of the replications at each point, with its confidence band", err);
    if (!f) {
        return false;
    }
    if (p->series_count > 1) {
        draw_legend(f, p);
    }
    draw_y_axis(f, &L.pl, p->y_label);
    draw_x_axis(f, &L.pl, p->x_label, true);
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
        put_text(f, (L.pl.x0 + L.pl.x1) / 2, (L.pl.y0 + L.pl.y1) / 2 - 30, "note", "middle",
                 "no point of the sweep has data");
    }
    return svg_finish(&a, err);
}

/* ---- tornado ---- */

static bool tornado_check(const char *path, const struct eap_tornado_plot *p, struct eap_error *err)
{
    if (!check_path(path, p, "tornado chart", err)) {
        return false;
    }
    if (p->bar_count == 0 || !p->bars) {
        return refuse(err, path, "the tornado chart has no bars");
    }
    if (!check_value(p->baseline, "baseline", path, err)) {
        return false;
    }
    for (size_t i = 0; i < p->bar_count; i++) {
        if (!isfinite(p->bars[i].at_low) || !isfinite(p->bars[i].at_high)) {
            return refuse(err, path, "bars[%zu] (%s) has a value that is not finite", i,
                          p->bars[i].input ? p->bars[i].input : "unnamed");
        }
    }
    return true;
}

#define ROW_H 34.0
#define BAR_H 22.0
#define TORNADO_TOP 116.0

struct tornado_layout {
    struct plot pl;
    double name_right; /* input names end here */
    double h;
};

/* Whether a bar end's label goes left of it: left of the baseline, or, when the bar has no
 * length, on the side away from the other bar of its row (low left when both have none). */
static bool end_left(double v, double other, double base, bool low)
{
    return v < base || (v == base && (other > base || (other == base && low)));
}

/* Room for the end labels on each side of the plot. */
static void tornado_pads(const struct eap_tornado_plot *p, double *left, double *right)
{
    *left = *right = 0;
    for (size_t i = 0; i < p->bar_count; i++) {
        const struct eap_tornado_bar *b = &p->bars[i];
        double wl = text_width(b->low_label, SIZE_TICK) + 10;
        double wh = text_width(b->high_label, SIZE_TICK) + 10;
        bool ll = end_left(b->at_low, b->at_high, p->baseline, true);
        bool hl = end_left(b->at_high, b->at_low, p->baseline, false);
        *left = fmax(*left, fmax(ll ? wl : 0, hl ? wh : 0));
        *right = fmax(*right, fmax(ll ? 0 : wl, hl ? 0 : wh));
    }
    *left = fmin(*left, CHART_W * 0.2);
    *right = fmin(*right, CHART_W * 0.2);
}

static bool tornado_layout(const char *path, const struct eap_tornado_plot *p,
                           struct tornado_layout *L, struct eap_error *err)
{
    struct range r = RANGE_EMPTY;
    range_add(&r, p->baseline);
    double names = 0;
    for (size_t i = 0; i < p->bar_count; i++) {
        range_add(&r, p->bars[i].at_low);
        range_add(&r, p->bars[i].at_high);
        names = fmax(names, text_width(p->bars[i].input, SIZE_NAME));
    }
    if (!range_drawable(r, path, err)) {
        return false;
    }
    double pad_l, pad_r;
    tornado_pads(p, &pad_l, &pad_r);
    L->name_right = EDGE + fmin(names, CHART_W * 0.28);
    struct plot *pl = &L->pl;
    pl->x0 = L->name_right + 12;
    pl->x1 = CHART_W - EDGE;
    pl->y0 = TORNADO_TOP;
    pl->y1 = TORNADO_TOP + (double)p->bar_count * ROW_H;
    axis_fit_x(&pl->x, r, pl->x1 - pl->x0 - pad_l - pad_r, false);
    pl->x.p0 = pl->x0 + pad_l;
    pl->x.p1 = pl->x1 - pad_r;
    L->h = pl->y1 + 60;
    return true;
}

/* One side of a row: a bar from the baseline to v, its label beyond the end. */
static void tornado_bar(FILE *f, const struct tornado_layout *L, const char *cls, double v,
                        double base, double y, double h, bool left, const char *label)
{
    double xb = axis_px(&L->pl.x, base), xv = axis_px(&L->pl.x, v);
    fprintf(f, "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" data-value=\"%s\">",
            cls, px(fmin(xb, xv)).s, px(y).s, px(fabs(xv - xb)).s, px(h).s, val(v).s);
    fputs("<title>", f);
    put_escaped(f, label);
    fprintf(f, ": %s</title></rect>\n", human_on(v, &L->pl.x.nf).s);
    double room = left ? xv - EDGE / 2 - L->name_right : CHART_W - EDGE / 2 - xv;
    put_text_fit(f, left ? xv - 5 : xv + 5, y + h / 2 + 4, "end", left ? "end" : "start", label,
                 room, SIZE_TICK);
}

/* A row: the input's name, then its low and high bars. Bars on opposite sides of the
 * baseline share the row's height; on the same side (an effect that is not monotonic) each
 * takes half, so neither hides the other. */
static void tornado_row(FILE *f, const struct tornado_layout *L, const struct eap_tornado_plot *p,
                        size_t i)
{
    const struct eap_tornado_bar *b = &p->bars[i];
    double top = L->pl.y0 + (double)i * ROW_H + (ROW_H - BAR_H) / 2;
    bool same_side = (b->at_low - p->baseline) * (b->at_high - p->baseline) > 0;
    double h = same_side ? BAR_H / 2 - 1 : BAR_H;
    fprintf(f, "<g class=\"row\" data-index=\"%zu\">", i);
    fputs("<title>", f);
    put_escaped(f, b->input);
    fputs("</title>\n", f);
    fprintf(f, "<text class=\"name\" x=\"%s\" y=\"%s\" text-anchor=\"end\">", px(L->name_right).s,
            px(top + BAR_H / 2 + 4.5).s);
    put_escaped_fit(f, b->input, L->name_right - EDGE / 2, SIZE_NAME, true);
    fputs("</text>\n", f);
    tornado_bar(f, L, "low", b->at_low, p->baseline, top, h,
                end_left(b->at_low, b->at_high, p->baseline, true), b->low_label);
    tornado_bar(f, L, "high", b->at_high, p->baseline, same_side ? top + h + 2 : top, h,
                end_left(b->at_high, b->at_low, p->baseline, false), b->high_label);
    fputs("</g>\n", f);
}

static void tornado_legend(FILE *f)
{
    static const char *const labels[] = {"input at its low value", "input at its high value"};
    static const char *const classes[] = {"low", "high"};
    double x = EDGE, y = 84;
    for (int i = 0; i < 2; i++) {
        fprintf(f, "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"14\" height=\"14\"/>\n",
                classes[i], px(x).s, px(y - 11).s);
        put_text(f, x + 20, y, "legend", "start", labels[i]);
        x += 20 + text_width(labels[i], 13) + 28;
    }
}

static void tornado_baseline(FILE *f, const struct tornado_layout *L, double base, const char *unit)
{
    double x = axis_px(&L->pl.x, base);
    char text[160];
    snprintf(text, sizeof(text), "baseline %s%s", human_on(base, &L->pl.x.nf).s, unit);
    fprintf(f, "<g class=\"marker\" data-kind=\"baseline\" data-value=\"%s\">", val(base).s);
    put_line(f, "baseline", x, L->pl.y0 - 6, x, L->pl.y1);
    put_text(f, x, L->pl.y0 - 12, "mark", "middle", text);
    fputs("</g>\n", f);
}

bool eap_svg_tornado(const char *path, const struct eap_tornado_plot *p, struct eap_error *err)
{
    struct tornado_layout L;
    if (!tornado_check(path, p, err) || !tornado_layout(path, p, &L, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f =
        svg_open(&a, path, L.h, p->title,
                 "Mean with one input held at its low or its high value, the others sampled", err);
    if (!f) {
        return false;
    }
    tornado_legend(f);
    /* The plot keeps room for end labels beyond the ticks; the axis spans the ticks only. */
    struct plot ticks = L.pl;
    ticks.x0 = ticks.x.p0;
    ticks.x1 = ticks.x.p1;
    draw_x_axis(f, &ticks, p->x_label, true);
    for (size_t i = 0; i < p->bar_count; i++) {
        tornado_row(f, &L, p, i);
    }
    tornado_baseline(f, &L, p->baseline, unit_suffix(p->x_label));
    return svg_finish(&a, err);
}

/* ---- index.html ---- */

static const char html_css[] =
    ":root{color-scheme:light}"
    "body{margin:0;background:#f5f5f3;color:#1f1f1f;"
    "font:15px/1.5 \"DejaVu Sans\",Helvetica,Arial,sans-serif}"
    "main{max-width:1320px;margin:0 auto;padding:28px 28px 56px}"
    "h1{font-size:1.55rem;line-height:1.25;margin:0 0 6px}"
    ".subtitle{color:#555;margin:0 0 24px}"
    ".table-wrap{max-height:70vh;overflow:auto;background:#fff;border:1px solid #d6d6d6;"
    "border-radius:6px}"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}"
    "th,td{padding:7px 14px;text-align:left;vertical-align:top;border-bottom:1px solid #ebebeb}"
    "thead th{position:sticky;top:0;z-index:1;background:#e9eef3;font-weight:600;"
    "border-bottom:2px solid #b9c4cf}"
    "tbody tr:nth-child(even){background:#fafafa}"
    "tbody tr:hover{background:#eef4fa}"
    ".num{text-align:right;white-space:nowrap}"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));"
    "gap:20px;align-items:start;margin-top:28px}"
    "figure{margin:0;background:#fff;border:1px solid #d6d6d6;border-radius:6px;padding:12px}"
    "figure img{display:block;width:100%;height:auto}"
    "figcaption{margin-top:8px;color:#444;font-size:.93rem}"
    "@media (max-width:600px){main{padding:16px 12px 40px}th,td{padding:6px 8px}}"
    "@media print{body{background:#fff}.table-wrap{max-height:none;overflow:visible}"
    "thead th{position:static}figure{break-inside:avoid}}";

/* Numbers, durations and counts ("612", "−3.5", "88 min", "[590, 640]") read best
 * right-aligned, so their digits line up. */
static bool looks_numeric(const char *s)
{
    while (s && *s == ' ') {
        s++;
    }
    if (!s) {
        return false;
    }
    if (*s == '-' || *s == '+' || *s == '[') {
        s++;
    } else if (strncmp(s, "\xe2\x88\x92", 3) == 0) {
        s += 3;
    }
    s += *s == '.';
    return *s >= '0' && *s <= '9';
}

/* "", "-" and dashes stand for "no value" and say nothing about a column's kind. */
static bool placeholder(const char *s)
{
    return !s || !s[0] || strcmp(s, "-") == 0 || strcmp(s, "\xe2\x80\x93") == 0 ||
           strcmp(s, "\xe2\x80\x94") == 0;
}

/* A column is numeric when every cell with a value is, and one at least has a value. */
static bool column_numeric(const struct eap_html_table *t, size_t c)
{
    bool any = false;
    for (size_t r = 0; r < t->rows; r++) {
        const char *cell = t->cells[r * t->columns + c];
        if (!placeholder(cell)) {
            if (!looks_numeric(cell)) {
                return false;
            }
            any = true;
        }
    }
    return any;
}

/* A relative file path as a URL: bytes a URL gives meaning to are percent-encoded. */
static void put_url(FILE *f, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p <= ' ' || *p == '%' || *p == '#' || *p == '?' || *p == '"' || *p == '\\' ||
            *p == '<' || *p == '>' || *p == 0x7F) {
            fprintf(f, "%%%02X", *p);
        } else if (*p == '&') {
            fputs("&amp;", f);
        } else if (*p == '\'') {
            fputs("&#39;", f);
        } else {
            fputc(*p, f);
        }
    }
}

static bool html_check(const char *path, const struct eap_html_table *t,
                       const struct eap_html_image *images, size_t image_count,
                       struct eap_error *err)
{
    if (!path || !path[0]) {
        return eap_error_set(err, EAP_EINPUT, "cannot write index: no output path");
    }
    if (t && t->columns > 0 && !t->header) {
        return refuse(err, path, "the table has no header");
    }
    if (t && t->rows > 0 && t->columns > 0 && !t->cells) {
        return refuse(err, path, "the table has no cells");
    }
    if (image_count > 0 && !images) {
        return refuse(err, path, "the images are missing");
    }
    for (size_t i = 0; i < image_count; i++) {
        if (!images[i].file || !images[i].file[0]) {
            return refuse(err, path, "image %zu has no file", i);
        }
    }
    return true;
}

static void html_cell(FILE *f, const char *tag, bool numeric, const char *text)
{
    fprintf(f, "<%s%s>", tag, numeric ? " class=\"num\"" : "");
    put_escaped(f, text);
    fprintf(f, "</%s>", tag);
}

static bool html_table(FILE *f, const struct eap_html_table *t)
{
    bool *numeric = malloc(t->columns * sizeof(*numeric));
    if (!numeric) {
        return false;
    }
    fputs("<section aria-label=\"Summary\">\n<div class=\"table-wrap\"><table>\n<thead><tr>", f);
    for (size_t c = 0; c < t->columns; c++) {
        numeric[c] = column_numeric(t, c);
        html_cell(f, "th", numeric[c], t->header[c]);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < t->rows; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->columns; c++) {
            html_cell(f, "td", numeric[c], t->cells[r * t->columns + c]);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table></div>\n</section>\n", f);
    free(numeric);
    return true;
}

/* Each picture links to itself, so a click opens it full size. */
static void html_figures(FILE *f, const struct eap_html_image *images, size_t n)
{
    fputs("<section class=\"figures\" aria-label=\"Charts\">\n", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<figure><a href=\"", f);
        put_url(f, images[i].file);
        fputs("\"><img src=\"", f);
        put_url(f, images[i].file);
        fputs("\" alt=\"", f);
        put_escaped(f, images[i].caption ? images[i].caption : images[i].file);
        fputs("\" width=\"900\" loading=\"lazy\"/></a>", f);
        if (images[i].caption && images[i].caption[0]) {
            fputs("<figcaption>", f);
            put_escaped(f, images[i].caption);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n", f);
    }
    fputs("</section>\n", f);
}

static void html_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>",
          f);
    put_escaped(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n", html_css);
}

bool eap_html_index(const char *path, const char *title, const char *subtitle,
                    const struct eap_html_table *table, const struct eap_html_image *images,
                    size_t image_count, struct eap_error *err)
{
    if (!html_check(path, table, images, image_count, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f = eap_atomic_open(&a, path, err);
    if (!f) {
        return false;
    }
    html_head(f, title);
    fputs("<body>\n<main>\n<header><h1>", f);
    put_escaped(f, title);
    fputs("</h1>", f);
    if (subtitle && subtitle[0]) {
        fputs("<p class=\"subtitle\">", f);
        put_escaped(f, subtitle);
        fputs("</p>", f);
    }
    fputs("</header>\n", f);
    if (table && table->columns > 0 && !html_table(f, table)) {
        eap_atomic_abort(&a);
        return eap_error_set(err, EAP_ENOMEM, "cannot write %s: out of memory", path);
    }
    if (image_count > 0) {
        html_figures(f, images, image_count);
    }
    fputs("</main>\n</body>\n</html>\n", f);
    return eap_atomic_commit(&a, err);
}
