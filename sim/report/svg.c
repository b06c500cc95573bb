/*
 * The small SVG writer the charts share: numbers for pixels, data attributes and people;
 * text widths estimated from the font size; XML escaping (also for index.html); elements;
 * and the document, written through atomic.c so a reader never sees half a chart.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/count_of.h"
#include "eapsim/utf8.h"
#include "report_internal.h"

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
                              ".tail-text{font-size:12px;fill:#444444}"
                              ".grid{stroke:#e4e4e4;stroke-width:1}"
                              ".axis{stroke:#666666;stroke-width:1}"
                              ".bar{fill:" CHART_BLUE ";fill-opacity:0.8}"
                              ".mean{stroke:#1f1f1f;stroke-width:1.5;stroke-dasharray:7 4}"
                              ".median{stroke:#1f1f1f;stroke-width:1.5;stroke-dasharray:2 3}"
                              ".record{stroke:" CHART_VERMILLION ";stroke-width:2.5}"
                              ".record-text{fill:" CHART_VERMILLION "}"
                              ".baseline{stroke:#1f1f1f;stroke-width:1.5}"
                              ".low{fill:" CHART_BLUE "}"
                              ".high{fill:" CHART_ORANGE "}"
                              ".halo{fill:#ffffff;fill-opacity:0.85}";

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
struct svg_num eap__svg_px(double v)
{
    struct svg_num n;
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
struct svg_num eap__svg_val(double v)
{
    struct svg_num n;
    snprintf(n.s, sizeof(n.s), "%.10g", v);
    normalize_point(n.s);
    return n;
}

/* The scale for values up to max_abs: big magnitudes in millions or billions. */
static struct svg_numfmt numfmt_scale(double max_abs)
{
    if (max_abs >= 1e9) {
        return (struct svg_numfmt){1e9, "bn", 0, false};
    }
    if (max_abs >= 1e6) {
        return (struct svg_numfmt){1e6, "M", 0, false};
    }
    return (struct svg_numfmt){1, "", 0, false};
}

/* Decimals that tell apart values `resolution` apart once divided by div. */
static int decimals_for(double resolution, double div)
{
    double r = resolution / div;
    int d = r > 0 && r < 1 ? (int)ceil(-log10(r) - 1e-9) : 0;
    return d > 12 ? 12 : d;
}

/* The format for values up to max_abs that must tell apart values `resolution` apart. */
struct svg_numfmt eap__svg_numfmt_for(double max_abs, double resolution)
{
    struct svg_numfmt nf = numfmt_scale(max_abs);
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
struct svg_num eap__svg_human(double v, const struct svg_numfmt *nf)
{
    char raw[64], grouped[32];
    struct svg_num n;
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
struct svg_num eap__svg_human_on(double v, const struct svg_numfmt *axis_nf)
{
    struct svg_numfmt nf = *axis_nf;
    nf.decimals++;
    nf.trim = true;
    return eap__svg_human(v, &nf);
}

/* A count: whole below a million, else three significant digits ("12bn", "2.05M"). */
struct svg_num eap__svg_human_count(double v)
{
    struct svg_numfmt nf = numfmt_scale(fabs(v));
    double scaled = fabs(v) / nf.div;
    nf.decimals = nf.div > 1 && scaled > 0 ? 2 - (int)floor(log10(scaled)) : 2;
    nf.decimals = nf.decimals < 0 ? 0 : nf.decimals;
    nf.trim = true;
    return eap__svg_human(v, &nf);
}

/* Bytes of the character at s: a malformed byte counts as one character of its own. */
size_t eap__svg_char_len(const unsigned char *s)
{
    size_t n = eap_utf8_len(s, SIZE_MAX);
    return n ? n : 1;
}

/* The advance width, in em, of the character of n bytes at s in DejaVu Sans (the widest of
 * the fonts listed, so other fonts fit too): exact for a-z, by class for the rest. */
double eap__svg_char_em(const unsigned char *s, size_t n)
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
double eap__svg_text_width(const char *s, double size)
{
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
         p += eap__svg_char_len(p)) {
        em += eap__svg_char_em(p, eap__svg_char_len(p));
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
void eap__svg_escaped_fit(FILE *f, const char *s, double max_w, double size, bool keep_tail)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    double left = eap__svg_text_width((const char *)p, size);
    if (left <= max_w) {
        for (; *p; p += put_char(f, p)) {
        }
        return;
    }
    double room = max_w - size; /* the ellipsis is about 1 em */
    if (keep_tail) {
        for (; *p && left > room; p += eap__svg_char_len(p)) {
            left -= eap__svg_char_em(p, eap__svg_char_len(p)) * size;
        }
        fputs(ELLIPSIS, f);
        for (; *p; p += put_char(f, p)) {
        }
        return;
    }
    for (double used = 0; *p && used + eap__svg_char_em(p, eap__svg_char_len(p)) * size <= room;) {
        used += eap__svg_char_em(p, eap__svg_char_len(p)) * size;
        p += put_char(f, p);
    }
    fputs(ELLIPSIS, f);
}

void eap__svg_escaped(FILE *f, const char *s)
{
    eap__svg_escaped_fit(f, s, HUGE_VAL, 1, false);
}

/* <text> at (x, y) in a CSS class whose font is `size` px, cut to max_w pixels; anchor is
 * "start", "middle" or "end". */
void eap__svg_text_fit(FILE *f, double x, double y, const char *cls, const char *anchor,
                       const char *s, double max_w, double size)
{
    fprintf(f, "<text class=\"%s\" x=\"%s\" y=\"%s\" text-anchor=\"%s\">", cls, eap__svg_px(x).s,
            eap__svg_px(y).s, anchor);
    eap__svg_escaped_fit(f, s, max_w, size, false);
    fputs("</text>\n", f);
}

void eap__svg_text(FILE *f, double x, double y, const char *cls, const char *anchor, const char *s)
{
    eap__svg_text_fit(f, x, y, cls, anchor, s, HUGE_VAL, 1);
}

void eap__svg_line(FILE *f, const char *cls, double x1, double y1, double x2, double y2)
{
    fprintf(f, "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", cls,
            eap__svg_px(x1).s, eap__svg_px(y1).s, eap__svg_px(x2).s, eap__svg_px(y2).s);
}

/* A white box behind a label that sits over data, so the label stays readable. */
void eap__svg_halo(FILE *f, double x, double y, double w, double h)
{
    fprintf(f, "<rect class=\"halo\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"2\"/>\n",
            eap__svg_px(x).s, eap__svg_px(y).s, eap__svg_px(w).s, eap__svg_px(h).s);
}

/* The stamp's JSON as the text of <metadata>: plain ASCII with <, > and & escaped as JSON
 * escapes (stamp.h), so it needs no XML escaping. False when memory runs out. */
static bool svg_stamp(FILE *f, const struct eap_stamp *stamp)
{
    if (!stamp) {
        return true;
    }
    char *json = eap_stamp_json(stamp, 1);
    if (json) {
        fprintf(f, "<metadata id=\"eapsim-stamp\">\n%s\n</metadata>\n", json);
    }
    free(json);
    return json != NULL;
}

static void svg_begin(FILE *f, double w, double h, const char *title)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%s\" "
            "height=\"%s\" viewBox=\"0 0 %s %s\" font-family=\"%s\">\n",
            eap__svg_px(w).s, eap__svg_px(h).s, eap__svg_px(w).s, eap__svg_px(h).s,
            CHART_FONT_FAMILY);
    fputs("<title>", f);
    eap__svg_escaped(f, title);
    fprintf(f, "</title>\n<style type=\"text/css\">%s</style>\n", svg_css);
    /* An opaque background: viewers with a dark theme would otherwise show black on black. */
    fprintf(f, "<rect class=\"background\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n",
            eap__svg_px(w).s, eap__svg_px(h).s);
}

/* The title and a subtitle at the top left, both cut to the width of the picture. */
static void draw_heading(FILE *f, double w, const char *title, const char *subtitle)
{
    eap__svg_text_fit(f, CHART_EDGE, 32, "title", "start", title, w - 2 * CHART_EDGE,
                      CHART_SIZE_TITLE * CHART_BOLD);
    eap__svg_text_fit(f, CHART_EDGE, 54, "subtitle", "start", subtitle, w - 2 * CHART_EDGE,
                      CHART_SIZE_SUB);
}

/* Opens the chart's file (atomically) and writes its frame and heading; NULL on failure. */
FILE *eap__svg_open(struct eap_atomic_file *a, const char *path, double h, const char *title,
                    const char *subtitle, const struct eap_stamp *stamp, struct eap_error *err)
{
    FILE *f = eap_atomic_open(a, path, err);
    if (f) {
        svg_begin(f, CHART_W, h, title);
        if (!svg_stamp(f, stamp)) {
            eap_atomic_abort(a);
            eap_error_set(err, EAP_ENOMEM, "cannot write %s: out of memory", path);
            return NULL;
        }
        draw_heading(f, CHART_W, title, subtitle);
    }
    return f;
}

/* Completes the file: the closing tag, then the rename that makes it visible. */
bool eap__svg_finish(struct eap_atomic_file *a, struct eap_error *err)
{
    fputs("</svg>\n", a->f);
    return eap_atomic_commit(a, err);
}
