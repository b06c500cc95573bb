/*
 * The tornado chart of a sensitivity study: one row per input, bars from the baseline to the
 * metric's mean with the input at its low and at its high value, largest effect first.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/svg.h"
#include "report_internal.h"

static bool tornado_check(const char *path, const struct eap_tornado_plot *p, struct eap_error *err)
{
    if (!eap__chart_check_path(path, p, "tornado chart", err)) {
        return false;
    }
    if (p->bar_count == 0 || !p->bars) {
        return eap__chart_refuse(err, path, "the tornado chart has no bars");
    }
    if (!eap__chart_check_value(p->baseline, "baseline", path, err)) {
        return false;
    }
    for (size_t i = 0; i < p->bar_count; i++) {
        if (!isfinite(p->bars[i].at_low) || !isfinite(p->bars[i].at_high)) {
            return eap__chart_refuse(err, path, "bars[%zu] (%s) has a value that is not finite", i,
                                     p->bars[i].input ? p->bars[i].input : "unnamed");
        }
    }
    return true;
}

#define ROW_H 34.0
#define BAR_H 22.0
#define TORNADO_TOP 116.0
#define NAME_LINE 13.0 /* line height of an input's name, wrapped (never cut) */
#define NAME_LINES 4   /* at most; a name longer than that is cut at the front */

struct tornado_layout {
    struct chart_plot pl;
    double name_right; /* input names end here */
    double name_w;     /* their column's width */
    double row_h;      /* ROW_H, or taller when a name wraps over more lines */
    double h;
};

/* Splits name into lines that fit in width w (at spaces; a word wider than w stays whole);
 * returns how many, at most NAME_LINES, with starts[k] and lens[k] into name. */
static size_t name_lines(const char *name, double w, const char **starts, size_t *lens)
{
    size_t n = 0;
    const char *p = name;
    while (*p && n < NAME_LINES) {
        const char *end = p, *fit = NULL;
        while (*end) {
            const char *next = end;
            while (*next == ' ') {
                next++;
            }
            while (*next && *next != ' ') {
                next++;
            }
            char line[512];
            snprintf(line, sizeof(line), "%.*s", (int)(next - p), p);
            if (fit && eap__svg_text_width(line, CHART_SIZE_NAME) > w) {
                break;
            }
            fit = end = next;
        }
        starts[n] = p;
        lens[n] = (size_t)(end - p);
        n++;
        p = end;
        while (*p == ' ') {
            p++;
        }
    }
    if (*p && n > 0) { /* more than NAME_LINES lines: the last keeps the rest */
        lens[n - 1] = strlen(starts[n - 1]);
    }
    return n;
}

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
        double wl = eap__svg_text_width(b->low_label, CHART_SIZE_TICK) + 10;
        double wh = eap__svg_text_width(b->high_label, CHART_SIZE_TICK) + 10;
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
    struct chart_range r = CHART_RANGE_EMPTY;
    eap__range_add(&r, p->baseline);
    double names = 0;
    for (size_t i = 0; i < p->bar_count; i++) {
        eap__range_add(&r, p->bars[i].at_low);
        eap__range_add(&r, p->bars[i].at_high);
        names = fmax(names, eap__svg_text_width(p->bars[i].input, CHART_SIZE_NAME));
    }
    L->name_w = fmin(names, CHART_W * 0.28);
    size_t most = 1;
    for (size_t i = 0; i < p->bar_count; i++) {
        const char *st[NAME_LINES];
        size_t ln[NAME_LINES];
        size_t n = name_lines(p->bars[i].input, L->name_w, st, ln);
        most = n > most ? n : most;
    }
    L->row_h = fmax(ROW_H, (double)most * NAME_LINE + 10);
    if (!eap__range_drawable(r, path, err)) {
        return false;
    }
    double pad_l, pad_r;
    tornado_pads(p, &pad_l, &pad_r);
    L->name_right = CHART_EDGE + L->name_w;
    struct chart_plot *pl = &L->pl;
    pl->x0 = L->name_right + 12;
    pl->x1 = CHART_W - CHART_EDGE;
    pl->y0 = TORNADO_TOP;
    pl->y1 = TORNADO_TOP + (double)p->bar_count * L->row_h;
    eap__axis_fit_x(&pl->x, r, pl->x1 - pl->x0 - pad_l - pad_r, false);
    pl->x.p0 = pl->x0 + pad_l;
    pl->x.p1 = pl->x1 - pad_r;
    L->h = pl->y1 + 60;
    return true;
}

/* One side of a row: a bar from the baseline to v, its label beyond the end. */
static void tornado_bar(FILE *f, const struct tornado_layout *L, const char *cls, double v,
                        double base, double y, double h, bool left, const char *label)
{
    double xb = eap__axis_px(&L->pl.x, base), xv = eap__axis_px(&L->pl.x, v);
    fprintf(f, "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" data-value=\"%s\">",
            cls, eap__svg_px(fmin(xb, xv)).s, eap__svg_px(y).s, eap__svg_px(fabs(xv - xb)).s,
            eap__svg_px(h).s, eap__svg_val(v).s);
    fputs("<title>", f);
    eap__svg_escaped(f, label);
    fprintf(f, ": %s</title></rect>\n", eap__svg_human_on(v, &L->pl.x.nf).s);
    double room = left ? xv - CHART_EDGE / 2 - L->name_right : CHART_W - CHART_EDGE / 2 - xv;
    eap__svg_text_fit(f, left ? xv - 5 : xv + 5, y + h / 2 + 4, "end", left ? "end" : "start",
                      label, room, CHART_SIZE_TICK);
}

/* A row: the input's name, then its low and high bars. Bars on opposite sides of the
 * baseline share the row's height; on the same side (an effect that is not monotonic) each
 * takes half, so neither hides the other. */
static void tornado_row(FILE *f, const struct tornado_layout *L, const struct eap_tornado_plot *p,
                        size_t i)
{
    const struct eap_tornado_bar *b = &p->bars[i];
    double top = L->pl.y0 + (double)i * L->row_h + (L->row_h - BAR_H) / 2;
    bool same_side = (b->at_low - p->baseline) * (b->at_high - p->baseline) > 0;
    double h = same_side ? BAR_H / 2 - 1 : BAR_H;
    fprintf(f, "<g class=\"row\" data-index=\"%zu\">", i);
    fputs("<title>", f);
    eap__svg_escaped(f, b->input);
    fputs("</title>\n", f);
    const char *st[NAME_LINES];
    size_t ln[NAME_LINES];
    size_t lines = name_lines(b->input, L->name_w, st, ln);
    double y = top + BAR_H / 2 + 4.5 - ((double)lines - 1) * NAME_LINE / 2;
    fprintf(f, "<text class=\"name\" x=\"%s\" y=\"%s\" text-anchor=\"end\">",
            eap__svg_px(L->name_right).s, eap__svg_px(y).s);
    for (size_t k = 0; k < lines; k++) {
        char line[512];
        snprintf(line, sizeof(line), "%.*s", (int)ln[k], st[k]);
        fprintf(f, "<tspan x=\"%s\" dy=\"%s\">", eap__svg_px(L->name_right).s,
                k ? eap__svg_px(NAME_LINE).s : "0");
        eap__svg_escaped_fit(f, line, L->name_w + CHART_EDGE / 2, CHART_SIZE_NAME, true);
        fputs("</tspan>", f);
    }
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
    double x = CHART_EDGE, y = 84;
    for (int i = 0; i < 2; i++) {
        fprintf(f, "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"14\" height=\"14\"/>\n",
                classes[i], eap__svg_px(x).s, eap__svg_px(y - 11).s);
        eap__svg_text(f, x + 20, y, "legend", "start", labels[i]);
        x += 20 + eap__svg_text_width(labels[i], 13) + 28;
    }
}

static void tornado_baseline(FILE *f, const struct tornado_layout *L, double base, const char *unit)
{
    double x = eap__axis_px(&L->pl.x, base);
    char text[160];
    snprintf(text, sizeof(text), "baseline %s%s", eap__svg_human_on(base, &L->pl.x.nf).s, unit);
    fprintf(f, "<g class=\"marker\" data-kind=\"baseline\" data-value=\"%s\">",
            eap__svg_val(base).s);
    eap__svg_line(f, "baseline", x, L->pl.y0 - 6, x, L->pl.y1);
    eap__svg_text(f, x, L->pl.y0 - 12, "mark", "middle", text);
    fputs("</g>\n", f);
}

bool eap_svg_tornado(const char *path, const struct eap_tornado_plot *p, struct eap_error *err)
{
    struct tornado_layout L;
    if (!tornado_check(path, p, err) || !tornado_layout(path, p, &L, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f = eap__svg_open(
        &a, path, L.h, p->title,
        "Mean with one input held at its low or its high value, the others sampled", p->stamp, err);
    if (!f) {
        return false;
    }
    tornado_legend(f);
    /* The plot keeps room for end labels beyond the ticks; the axis spans the ticks only. */
    struct chart_plot ticks = L.pl;
    ticks.x0 = ticks.x.p0;
    ticks.x1 = ticks.x.p1;
    eap__draw_x_axis(f, &ticks, p->x_label, true);
    for (size_t i = 0; i < p->bar_count; i++) {
        tornado_row(f, &L, p, i);
    }
    tornado_baseline(f, &L, p->baseline, eap__chart_unit_suffix(p->x_label));
    return eap__svg_finish(&a, err);
}
