/*
 * The after-action report as one self-contained HTML page (aar.html): the style sheet and the
 * timeline (inline SVG) are in the page, so it can be mailed or printed as it is. Every text
 * is escaped, so any scenario gives a well-formed page.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aar_doc.h"
#include "eapsim/utf8.h"
#include "eapsim/report.h"
#include "report_internal.h"

static const char css[] =
    "body{margin:0;background:#f5f5f3;color:#1f1f1f;"
    "font:15px/1.5 \"DejaVu Sans\",Helvetica,Arial,sans-serif}"
    "main{max-width:1180px;margin:0 auto;padding:28px 28px 56px}"
    "h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2.2em;"
    "border-bottom:2px solid #b9c4cf}h3{font-size:1.05rem;margin-top:1.6em}"
    ".wrap{overflow:auto;background:#fff;border:1px solid #d6d6d6;border-radius:6px;"
    "margin:12px 0}"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}"
    "th,td{padding:6px 12px;text-align:left;vertical-align:top;border-bottom:1px solid #ebebeb}"
    "thead th{background:#e9eef3;font-weight:600;border-bottom:2px solid #b9c4cf}"
    "tbody tr:nth-child(even){background:#fafafa}"
    ".num{text-align:right;white-space:nowrap}small{color:#6b6b6b;font-size:.8em}"
    "figure{margin:12px 0;background:#fff;border:1px solid #d6d6d6;border-radius:6px;"
    "padding:8px}svg{display:block;width:100%;height:auto}"
    "@media print{body{background:#fff}h2{break-after:avoid}tr{break-inside:avoid}}";

/* Text with strong spans as <strong> and details as <small>, escaped. */
static void put_text(FILE *f, const char *s)
{
    bool strong = false, detail = false;
    char buf[1024];
    while (*s) {
        size_t n = strcspn(s, AAR_STRONG AAR_DETAIL);
        n = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        eap__svg_escaped(f, buf);
        s += n;
        if (*s == AAR_STRONG[0]) {
            fputs(strong ? "</strong>" : "<strong>", f);
            strong = !strong;
            s++;
        } else if (*s == AAR_DETAIL[0]) {
            fputs(detail ? "</small>" : "<small>", f);
            detail = !detail;
            s++;
        }
    }
    fputs(detail ? "</small>" : "", f);
    fputs(strong ? "</strong>" : "", f);
}

static void table(FILE *f, const struct aar_block *b)
{
    bool header = false;
    for (size_t c = 0; c < b->cols; c++) {
        header |= b->cells[c][0] != '\0';
    }
    fputs("<div class=\"wrap\"><table>", f);
    for (size_t r = header ? 0 : 1; r <= b->rows; r++) {
        fputs(r == 0 ? "<thead><tr>" : r == 1 ? "<tbody><tr>" : "<tr>", f);
        for (size_t c = 0; c < b->cols; c++) {
            const char *tag = r == 0 ? "th" : "td";
            fprintf(f, "<%s%s>", tag, b->numeric[c] ? " class=\"num\"" : "");
            put_text(f, b->cells[r * b->cols + c]);
            fprintf(f, "</%s>", tag);
        }
        fputs(r == 0 ? "</tr></thead>" : "</tr>", f);
    }
    fputs(b->rows > 0 ? "</tbody></table></div>\n" : "</table></div>\n", f);
}

/* ---- the timeline ---- */

#define TL_W 1000.0
#define TL_LEFT 96.0
#define TL_RIGHT 24.0
#define TL_H 312.0
#define TL_AXIS 284.0
#define TL_LANES 5
#define TL_FONT 10.0 /* the marks' labels */
#define TL_GAP 3.0   /* between two labels of a row */

/* The lanes, top to bottom, 50 px apart: room between two for the upper lane's row below
 * its marks and the lower lane's two rows above them. */
static const double lane_y[TL_LANES] = {50, 100, 150, 200, 250};
static const char *const lane_name[TL_LANES] = {"Record", "Plan", "Session", "Injects",
                                                "Decisions"};

/* A labelled mark, placed before anything is drawn. */
struct tl_mark {
    double x;  /* the mark's centre */
    int lane;  /* index into lane_y */
    int shape; /* a dot (0), a triangle (1) or a diamond (2) */
    const char *colour;
    char label[16];
    char tip[560];
    eap_time at;
    double lx, w; /* where the label's centre went, and its width */
    int row;      /* 0 above the mark, 1 below it, 2 higher above */
};

struct tl {
    FILE *f;
    const struct eap_exercise_aar *a;
    eap_time end; /* the right edge */
    struct tl_mark *marks;
    size_t count, cap;
};

static double tl_x(const struct tl *t, eap_time at)
{
    return TL_LEFT + (TL_W - TL_LEFT - TL_RIGHT) * (double)at / (double)t->end;
}

/* The baseline of a label in row `row` of a lane at y. */
static double row_baseline(double y, int row)
{
    static const double dy[] = {-9, 18, -20};
    return y + dy[row];
}

/* The latest moment the figure shows: every mark, a little room after it. */
static eap_time tl_end(const struct eap_exercise_aar *a, const struct eap_milestone_result *ses,
                       const struct eap_milestone_result *plan)
{
    eap_time end = EAP_HOUR;
    const struct eap_exercise_record *r = a->rec;
    for (size_t i = 0; i < a->scn->record_count; i++) {
        eap_time m = a->scn->record[i].time;
        m = ses[i].simulated > m ? ses[i].simulated : m;
        m = plan[i].simulated > m ? plan[i].simulated : m;
        end = m > end ? m : end;
    }
    for (size_t i = 0; i < r->shown_count; i++) {
        end = r->shown[i].at > end ? r->shown[i].at : end;
    }
    for (size_t i = 0; i < r->choice_count; i++) {
        end = r->choices[i].at > end ? r->choices[i].at : end;
    }
    return end + end / 20;
}

static void tl_axis(const struct tl *t, double y)
{
    static const eap_time steps[] = {15 * EAP_MINUTE, 30 * EAP_MINUTE, EAP_HOUR,      2 * EAP_HOUR,
                                     3 * EAP_HOUR,    6 * EAP_HOUR,    12 * EAP_HOUR, EAP_DAY};
    size_t k = 0;
    while (k + 1 < sizeof(steps) / sizeof(steps[0]) && t->end / steps[k] > 12) {
        k++;
    }
    fprintf(t->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>",
            TL_LEFT, y, TL_W - TL_RIGHT, y);
    /* Ticks on round local times (22:00, 00:00, ...), not on multiples of the step from a
     * start at 21:42; a tick names its day where the day changes, as the viewer's timeline. */
    const struct eap_clock *c = &t->a->scn->clock;
    int64_t local0 = (c->start_utc + c->utc_offset) % 86400;
    eap_time into = (eap_time)((local0 + 86400) % 86400) * EAP_SECOND % steps[k];
    int day = 0;
    for (eap_time at = (steps[k] - into) % steps[k]; at <= t->end; at += steps[k]) {
        char hm[24];
        if (eap_clock_day(c, at) != day) {
            day = eap_clock_day(c, at);
            eap_clock_format_hm_day(c, at, " ", hm, sizeof(hm));
        } else {
            eap_clock_format_hm(c, at, hm, sizeof(hm));
        }
        double x = tl_x(t, at);
        fprintf(t->f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                x, y, x, y + 5, x, y + 19, hm);
    }
}

static void tl_lane(const struct tl *t, double y, const char *name)
{
    fprintf(t->f,
            "<text x=\"8\" y=\"%.1f\" font-weight=\"600\">%s</text>"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
            y + 4, name, TL_LEFT, y, TL_W - TL_RIGHT, y);
}

/* Queues a mark at time `at` on a lane, labelled, with a tooltip; false when memory runs
 * out. */
static bool tl_add(struct tl *t, eap_time at, int lane, int shape, const char *colour,
                   const char *label, const char *tip)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        struct tl_mark *m = realloc(t->marks, cap * sizeof(*m));
        if (!m) {
            return false;
        }
        t->marks = m;
        t->cap = cap;
    }
    struct tl_mark *m = &t->marks[t->count++];
    memset(m, 0, sizeof(*m));
    m->x = tl_x(t, at);
    m->lane = lane;
    m->shape = shape;
    m->colour = colour;
    m->at = at;
    eap_utf8_fit(m->label, sizeof(m->label), snprintf(m->label, sizeof(m->label), "%s", label));
    eap_utf8_fit(m->tip, sizeof(m->tip), snprintf(m->tip, sizeof(m->tip), "%s", tip));
    m->w = eap__svg_text_width(m->label, TL_FONT);
    return true;
}

/* The marks of one lane in the order of their x (then as queued), as indices into order. */
static size_t lane_order(const struct tl *t, int lane, size_t *order)
{
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (t->marks[i].lane != lane) {
            continue;
        }
        size_t k = n++;
        while (k > 0 && t->marks[order[k - 1]].x > t->marks[i].x) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return n;
}

/* Places the labels of one lane, left to right, in three rows (above the marks, below them,
 * higher above): each in the first row where it fits over its mark; where none has room, in
 * the row where it moves least, pushed right past its neighbour (a leader joins it to its
 * mark). Labels of a row never overlap, and rows never reach into another lane's. */
static void place_lane(struct tl *t, int lane, size_t *order)
{
    size_t n = lane_order(t, lane, order);
    double right[3] = {-1e9, -1e9, -1e9}; /* where each row's last label ends */
    for (size_t k = 0; k < n; k++) {
        struct tl_mark *m = &t->marks[order[k]];
        int best = 0;
        double best_x = 1e18;
        for (int row = 0; row < 3; row++) {
            double x = fmax(m->x, right[row] + TL_GAP + m->w / 2);
            if (x - m->x < best_x - m->x - 0.01) {
                best = row;
                best_x = x;
            }
        }
        m->row = best;
        m->lx = best_x;
        right[best] = best_x + m->w / 2;
    }
}

static void tl_draw_mark(const struct tl *t, const struct tl_mark *m)
{
    double y = lane_y[m->lane], x = m->x, ly = row_baseline(y, m->row);
    char when[48];
    eap_clock_format_hm_day(&t->a->scn->clock, m->at, " ", when, sizeof(when));
    fprintf(t->f, "<g><title>%s: ", when);
    eap__svg_escaped(t->f, m->tip);
    fputs("</title>", t->f);
    if (m->lx - x > 0.5) { /* moved off its mark: a leader from the mark to the label */
        double ey = m->row == 1 ? ly - 9 : ly + 2;
        fprintf(t->f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
                "stroke-width=\"0.8\"/>",
                x, m->row == 1 ? y + 6 : y - 6, m->lx, ey);
    }
    if (m->shape == 0) {
        fprintf(t->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>", x, y, m->colour);
    } else if (m->shape == 1) {
        fprintf(t->f, "<path d=\"M%.1f %.1fl6 10h-12z\" fill=\"%s\"/>", x, y - 6, m->colour);
    } else {
        fprintf(t->f, "<path d=\"M%.1f %.1fl7 7-7 7-7-7z\" fill=\"%s\"/>", x, y - 7, m->colour);
    }
    fprintf(t->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%.0f\">", m->lx,
            ly, TL_FONT);
    eap__svg_escaped(t->f, m->label);
    fputs("</text></g>", t->f);
}

static bool tl_milestones(struct tl *t, const struct eap_milestone_result *ses,
                          const struct eap_milestone_result *plan)
{
    const struct eap_scenario *scn = t->a->scn;
    bool ok = true;
    for (size_t i = 0; i < scn->record_count; i++) {
        char n[24];
        snprintf(n, sizeof(n), "%zu", i + 1);
        const struct eap_milestone *m = &scn->record[i];
        eap_time at[3] = {m->time, plan[i].simulated, ses[i].simulated};
        for (int k = 0; k < 2; k++) {
            if (at[k] >= 0 && at[k + 1] >= 0) {
                fprintf(t->f,
                        "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#bbb\" "
                        "stroke-dasharray=\"3 3\"/>",
                        tl_x(t, at[k]), lane_y[k], tl_x(t, at[k + 1]), lane_y[k + 1]);
            }
        }
        for (int k = 0; k < 3; k++) {
            if (at[k] >= 0) {
                ok = ok &&
                     tl_add(t, at[k], k, 0, k == 0 ? CHART_VERMILLION : CHART_BLUE, n, m->label);
            }
        }
    }
    return ok;
}

static bool tl_session(struct tl *t)
{
    const struct eap_exercise_record *r = t->a->rec;
    const struct eap_scenario *scn = t->a->scn;
    bool ok = true;
    for (size_t i = 0; i < r->shown_count; i++) {
        const struct eap_inject *in = &scn->injects[r->shown[i].inject];
        char n[16];
        snprintf(n, sizeof(n), "%d", in->number);
        ok = ok && tl_add(t, r->shown[i].at, 3, 1, CHART_ORANGE, n, in->text);
    }
    for (size_t i = 0; i < r->choice_count; i++) {
        const struct eap_exercise_choice *c = &r->choices[i];
        const struct eap_decision *dp = &scn->decisions[c->decision];
        char n[24], tip[512];
        snprintf(n, sizeof(n), "D%zu", i + 1);
        snprintf(tip, sizeof(tip), "%s: %s", dp->prompt, dp->options[c->option].label);
        ok = ok && tl_add(t, c->at, 4, 2, "#009E73", n, tip);
    }
    return ok;
}

/* The timeline figure; false when memory runs out (nothing written). */
static bool timeline(FILE *f, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    struct eap_milestone_result *ses = calloc(scn->record_count + 1, sizeof(*ses));
    struct eap_milestone_result *plan = calloc(scn->record_count + 1, sizeof(*plan));
    size_t *order = NULL;
    struct tl t = {.f = f, .a = a};
    bool ok = ses && plan;
    if (ok) {
        eap_report_milestones(scn, &a->session, ses);
        eap_report_milestones(scn, &a->plan, plan);
        t.end = tl_end(a, ses, plan);
        fprintf(f,
                "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                "font-family=\"%s\" font-size=\"12\" role=\"img\">"
                "<title>The session against the plan and the record</title>",
                TL_W, TL_H, CHART_FONT_FAMILY);
        for (int k = 0; k < TL_LANES; k++) {
            tl_lane(&t, lane_y[k], lane_name[k]);
        }
        ok = tl_milestones(&t, ses, plan) && tl_session(&t);
        order = ok ? malloc((t.count + 1) * sizeof(*order)) : NULL;
        ok = ok && order;
    }
    for (int k = 0; ok && k < TL_LANES; k++) {
        place_lane(&t, k, order);
    }
    for (size_t i = 0; ok && i < t.count; i++) {
        tl_draw_mark(&t, &t.marks[i]);
    }
    if (ok) {
        tl_axis(&t, TL_AXIS);
        fputs("</svg><figcaption>Numbered dots are the record's milestones (the table below); "
              "triangles the injects by MSEL number; diamonds the decisions. Where marks "
              "crowd, a line joins a label to its mark. Hover for details.</figcaption>"
              "</figure>\n",
              f);
    }
    free(order);
    free(t.marks);
    free(ses);
    free(plan);
    return ok;
}

/* ---- the page ---- */

bool eap__aar_render_html(FILE *f, const struct aar_doc *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
          f);
    put_text(f, d->count ? d->blocks[0].text : "After-action report");
    fprintf(f, "</title><style>%s</style></head><body><main>\n", css);
    bool drawn = true;
    for (size_t i = 0; drawn && i < d->count; i++) {
        const struct aar_block *b = &d->blocks[i];
        bool first_item = b->kind == AAR_ITEM && (i == 0 || d->blocks[i - 1].kind != AAR_ITEM);
        bool last_item =
            b->kind == AAR_ITEM && (i + 1 == d->count || d->blocks[i + 1].kind != AAR_ITEM);
        switch (b->kind) {
        case AAR_HEADING:
            fprintf(f, "<h%d>", b->level);
            put_text(f, b->text);
            fprintf(f, "</h%d>\n", b->level);
            break;
        case AAR_PARA:
            fputs("<p>", f);
            put_text(f, b->text);
            fputs("</p>\n", f);
            break;
        case AAR_ITEM:
            fputs(first_item ? "<ul><li>" : "<li>", f);
            put_text(f, b->text);
            fputs(last_item ? "</li></ul>\n" : "</li>\n", f);
            break;
        case AAR_TABLE:
            table(f, b);
            break;
        case AAR_TIMELINE:
            drawn = timeline(f, d->aar);
            break;
        }
    }
    if (!drawn) {
        errno = ENOMEM;
        return false;
    }
    fputs("</main></body></html>\n", f);
    return !ferror(f);
}
