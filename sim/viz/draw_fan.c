/*
 * A fan of forked runs, drawn in a strip above the timeline on the same time axis: one row
 * per outcome still to come (everyone safe first, then the record's milestones by median
 * time), each a bar from the 5th to the 95th percentile of the runs with a tick at the
 * median, and its name and times beside it. A dashed line marks the moment of the fork.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

#define FAN_ROWS_MAX 8
#define SAFE_RGB 0x3ccf6e
#define BAND_RGB 0x6fa8ff

/* Whether a band gets a row: everyone safe always; a milestone when it is still to come. */
static bool rowed(const struct eap_viz_band *b)
{
    return b->milestone == EAP_NONE || !b->done;
}

int eap__viz_fan_rows(const struct eap_viz_fan *fan)
{
    int n = 0;
    for (size_t b = 0; b < fan->count; b++) {
        n += rowed(&fan->bands[b]);
    }
    return n < 1 ? 1 : n > FAN_ROWS_MAX ? FAN_ROWS_MAX : n;
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
        n = (size_t)snprintf(buf, len, "%s %s to %s, median %s", name, lo, hi, mid);
    }
    if (b->came < runs && n < len) {
        snprintf(buf + n, len - n, "; not in %.0f%% of runs",
                 100.0 * (double)(runs - b->came) / (double)runs);
    }
}

static void draw_band(struct eap_viz *v, const struct eap_viz_band *b, size_t index, int y)
{
    const struct eap_viz_layout *l = &v->layout;
    uint32_t rgb = b->milestone == EAP_NONE ? SAFE_RGB : BAND_RGB;
    char text[400];
    band_text(v, b, v->fan.fan.runs, text, sizeof(text));
    const struct viz_text *t = eap__viz_text(v, FONT_SMALL, VIZ_TEXT, text, 0, false);
    int x0 = l->track.x, x1 = l->track.x + l->track.w;
    if (b->came > 0) {
        x0 = (int)lround(eap_viz_timeline_x(l, b->p5));
        x1 = (int)lround(eap_viz_timeline_x(l, b->p95));
        int xm = (int)lround(eap_viz_timeline_x(l, b->p50));
        eap__viz_fill(v->ren, (SDL_Rect){x0 - 1, y + 5, x1 - x0 + 3, 8}, rgb, 230);
        eap__viz_fill(v->ren, (SDL_Rect){xm - 1, y + 2, 3, 14}, 0xffffff, 255);
    }
    if (!t) {
        return;
    }
    /* Beside the bar: after it where there is room, else before it. */
    int tx = x1 + 8 + t->w <= l->w - 6 ? x1 + 8 : x0 - 8 - t->w;
    tx = tx < 4 ? 4 : tx;
    SDL_Rect d = {tx, y + (EAP_VIZ_FAN_ROW - t->h) / 2, t->w, t->h};
    SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    SDL_Rect box = {x0 < tx ? x0 - 1 : tx, y, (x1 + 2 > tx + t->w ? x1 + 2 : tx + t->w) -
                                                  (x0 < tx ? x0 - 1 : tx),
                    EAP_VIZ_FAN_ROW};
    eap__viz_item(v, EAP_VIZ_ITEM_BAND, box, (int32_t)index, text);
}

static void fan_heading(struct eap_viz *v, SDL_Rect r)
{
    const struct eap_viz_fan *fan = &v->fan.fan;
    char clock[32], off[32], text[400];
    eap__viz_clock(v, fan->from, clock, sizeof(clock));
    eap_time_format_offset(fan->from - fan->from % EAP_MINUTE, off, sizeof(off));
    snprintf(text, sizeof(text),
             "WHAT COMES NEXT · %llu runs forked at %s (%s)%s · bar: 5%% to 95%% of runs, "
             "tick: median · V hides, F forks again",
             (unsigned long long)fan->runs, clock, off, fan->complete ? "" : ", cancelled");
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
    fan_heading(v, r);
    int rows = (r.h - 8) / EAP_VIZ_FAN_ROW - 1, row = 0;
    int fx = (int)lround(eap_viz_timeline_x(l, fan->from));
    eap__viz_dashed_line(v->ren, (float)fx + 0.5f, (float)r.y + EAP_VIZ_FAN_ROW,
                         (float)fx + 0.5f, (float)(r.y + r.h), 3, 3,
                         eap_viz_color_rgb(EAP_VIZ_C_CURSOR), 255);
    for (size_t b = 0; b < fan->count && row < rows; b++) {
        if (rowed(&fan->bands[b])) {
            draw_band(v, &fan->bands[b], b, r.y + (row + 1) * EAP_VIZ_FAN_ROW + 4);
            row++;
        }
    }
}
