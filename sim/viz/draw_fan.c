/*
 * A fan of forked runs, drawn in a strip above the timeline on the same time axis: each
 * outcome still to come (everyone safe first, then the record's milestones by median time)
 * is a bar from the 5th to the 95th percentile of the runs with a tick at the median, and its
 * name and times beside it. Bars share a row where they and their words do not meet, so the
 * strip stays a few rows high. A dashed line marks the moment of the fork.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

#define FAN_ROWS_MAX 12 /* the layout gives the strip at most a third of the height */
#define SAFE_RGB 0x3ccf6e
#define BAND_RGB 0x6fa8ff

/* Whether a band gets a row: everyone safe always; a milestone when it is still to come. */
static bool rowed(const struct eap_viz_band *b)
{
    return b->milestone == EAP_NONE || !b->done;
}

static void band_name(const struct eap_viz *v, const struct eap_viz_band *b, char *buf, size_t len)
{
    if (b->milestone == EAP_NONE) {
        snprintf(buf, len, "Everyone safe");
        return;
    }
    const struct eap_milestone *m = &v->scn->record[b->milestone];
    eap__viz_brief_name(m->label ? m->label : m->id, buf, len);
}

/* "Everyone safe 23:02 to 01:41 +1d, median 00:15 +1d; not in 12% of runs". */
static void band_text(const struct eap_viz *v, const struct eap_viz_band *b, uint64_t runs,
                      char *buf, size_t len)
{
    char name[160], lo[32], mid[32], hi[32];
    band_name(v, b, name, sizeof(name));
    if (b->came == 0) {
        snprintf(buf, len, "%s: in no run", name);
        return;
    }
    eap__viz_clock(v, b->p5, lo, sizeof(lo));
    eap__viz_clock(v, b->p50, mid, sizeof(mid));
    eap__viz_clock(v, b->p95, hi, sizeof(hi));
    size_t n;
    if (b->p5 == b->p95) {
        n = (size_t)snprintf(buf, len, "%s %s in every run%s", name, lo,
                             b->came < runs ? " where it came" : "");
    } else {
        n = (size_t)snprintf(buf, len, "%s %s–%s, median %s", name, lo, hi, mid);
    }
    if (b->came < runs && n < len) {
        snprintf(buf + n, len - n, "; not in %.0f%% of runs",
                 100.0 * (double)(runs - b->came) / (double)runs);
    }
}

/* Where a band goes across: its bar, its median, and its words after the bar where there is
 * room, else before it. */
struct across {
    int x0, x1, xm, tx;
    bool over; /* the words go over the bar, on a dark ground */
    const struct viz_text *t;
    char text[400];
};

static void across_of(struct eap_viz *v, const struct eap_viz_band *b, struct across *a)
{
    const struct eap_viz_layout *l = &v->layout;
    memset(a, 0, sizeof(*a));
    band_text(v, b, v->fan.fan.runs, a->text, sizeof(a->text));
    a->t = eap__viz_text(v, FONT_SMALL, VIZ_TEXT, a->text, 0, false);
    a->x0 = l->track.x;
    a->x1 = a->xm = l->track.x + l->track.w;
    if (b->came > 0) {
        a->x0 = (int)lround(eap_viz_timeline_x(l, b->p5));
        a->x1 = (int)lround(eap_viz_timeline_x(l, b->p95));
        a->xm = (int)lround(eap_viz_timeline_x(l, b->p50));
    }
    /* After the bar, else before it, else (a bar across most of the axis) over its end. */
    int w = a->t ? a->t->w : 0;
    if (a->x1 + 8 + w <= l->w - 6) {
        a->tx = a->x1 + 8;
    } else if (a->x0 - 8 - w >= 4) {
        a->tx = a->x0 - 8 - w;
    } else {
        a->tx = l->w - 6 - w;
        a->over = true;
    }
}

static int left_of(const struct across *a)
{
    return a->tx < a->x0 ? a->tx : a->x0 - 1;
}

static int right_of(const struct across *a)
{
    int w = a->t ? a->t->w : 0;
    return a->tx + w > a->x1 + 2 ? a->tx + w : a->x1 + 2;
}

int eap__viz_fan_pack(struct eap_viz *v)
{
    struct viz_fan *f = &v->fan;
    int ends[FAN_ROWS_MAX], rows = 0;
    for (size_t b = 0; b < f->fan.count; b++) {
        f->row[b] = -1;
        if (!rowed(&f->fan.bands[b])) {
            continue;
        }
        struct across a;
        across_of(v, &f->fan.bands[b], &a);
        int r = 0;
        while (r < rows && ends[r] + 14 > left_of(&a)) {
            r++;
        }
        if (r == FAN_ROWS_MAX) {
            continue; /* no room: left out */
        }
        rows = r == rows ? rows + 1 : rows;
        ends[r] = right_of(&a);
        f->row[b] = r;
    }
    return rows < 1 ? 1 : rows;
}

static void draw_band(struct eap_viz *v, const struct eap_viz_band *b, size_t index, int y)
{
    uint32_t rgb = b->milestone == EAP_NONE ? SAFE_RGB : BAND_RGB;
    struct across a;
    across_of(v, b, &a);
    if (b->came > 0) {
        eap__viz_fill(v->ren, (SDL_Rect){a.x0 - 1, y + 5, a.x1 - a.x0 + 3, 8}, rgb, 230);
        eap__viz_fill(v->ren, (SDL_Rect){a.xm - 1, y + 2, 3, 14}, 0xffffff, 255);
    }
    if (a.t) {
        SDL_Rect d = {a.tx, y + (EAP_VIZ_FAN_ROW - a.t->h) / 2, a.t->w, a.t->h};
        if (a.over) {
            eap__viz_fill(v->ren, (SDL_Rect){d.x - 4, y + 1, d.w + 8, EAP_VIZ_FAN_ROW - 2},
                          VIZ_PANEL, 230);
        }
        SDL_RenderCopy(v->ren, a.t->tex, NULL, &d);
    }
    SDL_Rect box = {left_of(&a), y, right_of(&a) - left_of(&a), EAP_VIZ_FAN_ROW};
    eap__viz_item(v, EAP_VIZ_ITEM_BAND, box, (int32_t)index, a.text);
}

/* "1,000" */
static void thousands(uint64_t n, char *buf, size_t len)
{
    if (n >= 1000) {
        snprintf(buf, len, "%llu,%03llu", (unsigned long long)(n / 1000),
                 (unsigned long long)(n % 1000));
    } else {
        snprintf(buf, len, "%llu", (unsigned long long)n);
    }
}

static void fan_heading(struct eap_viz *v, SDL_Rect r, int rows)
{
    const struct eap_viz_fan *fan = &v->fan.fan;
    char clock[32], off[32], runs[32], more[64] = "", text[500];
    size_t left_out = 0;
    for (size_t b = 0; b < fan->count; b++) {
        left_out += rowed(&fan->bands[b]) && (v->fan.row[b] < 0 || v->fan.row[b] >= rows);
    }
    if (left_out) {
        snprintf(more, sizeof(more), " · %zu more without room", left_out);
    }
    eap__viz_clock(v, fan->from, clock, sizeof(clock));
    eap_time_format_offset(fan->from - fan->from % EAP_MINUTE, off, sizeof(off));
    thousands(fan->runs, runs, sizeof(runs));
    snprintf(text, sizeof(text),
             "WHAT COMES NEXT · %s runs forked at %s (%s)%s · bar: 5%% to 95%% of runs, "
             "tick: median%s · V hides, F forks again",
             runs, clock, off, fan->complete ? "" : ", cancelled", more);
    eap__viz_draw_text(v, FONT_SMALL, VIZ_MUTED, text, r.x + 14, r.y + 4, NULL, NULL);
}

void eap__viz_draw_fan(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    const struct eap_viz_fan *fan = &v->fan.fan;
    SDL_Rect r = {l->fan.x, l->fan.y, l->fan.w, l->fan.h};
    if (r.h <= 0) {
        return;
    }
    eap__viz_fill(v->ren, r, VIZ_PANEL, 255);
    eap__viz_fill(v->ren, (SDL_Rect){r.x, r.y, r.w, 1}, VIZ_PANEL_EDGE, 255);
    int rows = (r.h - 8) / EAP_VIZ_FAN_ROW - 1;
    fan_heading(v, r, rows);
    int fx = (int)lround(eap_viz_timeline_x(l, fan->from));
    eap__viz_dashed_line(v->ren, (float)fx + 0.5f, (float)r.y + EAP_VIZ_FAN_ROW, (float)fx + 0.5f,
                         (float)(r.y + r.h), 3, 3, eap_viz_color_rgb(EAP_VIZ_C_CURSOR), 255);
    for (size_t b = 0; b < fan->count; b++) {
        int row = v->fan.row[b];
        if (row >= 0 && row < rows) {
            draw_band(v, &fan->bands[b], b, r.y + (row + 1) * EAP_VIZ_FAN_ROW + 4);
        }
    }
}
