/*
 * The chrome round the map: the header (scenario, local clock, T+ offset, playback speed,
 * who is safe), the side panel (legend and the event log, which scrolls with time), the
 * timeline bar (hours, record milestones, the current time) and the help overlay.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz_internal.h"

static SDL_Rect rect_of(struct eap_viz_rect r)
{
    return (SDL_Rect){r.x, r.y, r.w, r.h};
}

/* Draws text right-aligned at x; returns its width. */
static int text_right(struct eap_viz *v, enum viz_font f, uint32_t rgb, const char *s, int x, int y)
{
    const struct viz_text *t = eap__viz_text(v, f, rgb, s, 0, false);
    if (!t) {
        return 0;
    }
    SDL_Rect d = {x - t->w, y, t->w, t->h};
    SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    return t->w;
}

/* ---- Header ---- */

/* Draws the clock block right-aligned at `right`; returns its left edge. */
static int header_clock(struct eap_viz *v, int right)
{
    const struct eap_clock *clk = &v->scn->clock;
    char hm[16], date[32], off[32];
    eap_clock_format_hm(clk, v->ui.t, hm, sizeof(hm));
    eap_clock_format_datetime(clk, v->ui.t, date, sizeof(date));
    date[10] = '\0'; /* "YYYY-MM-DD" */
    eap_time_format_offset(v->ui.t, off, sizeof(off));
    const struct viz_text *a = eap__viz_text(v, FONT_SMALL, VIZ_MUTED, date, 0, false);
    const struct viz_text *b =
        eap__viz_text(v, FONT_BOLD, eap_viz_color_rgb(EAP_VIZ_C_CURSOR), off, 0, false);
    int w2 = (a && b) ? (a->w > b->w ? a->w : b->w) : 0;
    int x = right - w2;
    eap__viz_draw_text(v, FONT_SMALL, VIZ_MUTED, date, x, 9, NULL, NULL);
    eap__viz_draw_text(v, FONT_BOLD, eap_viz_color_rgb(EAP_VIZ_C_CURSOR), off, x, 25, NULL, NULL);
    return x - 10 - text_right(v, FONT_CLOCK, VIZ_TEXT, hm, x - 10, 8);
}

static bool fits(struct eap_viz *v, enum viz_font f, const char *s, int max_w)
{
    int w = 0;
    return TTF_SizeUTF8(v->fonts[f], s, &w, NULL) == 0 && w <= max_w;
}

/* The scenario's name, never cut: whole on one line when it fits, else the part before ": "
 * (the rest is a subtitle), else wrapped in smaller type over the header's height. Returns
 * whether the line below is still free for the subtitle. */
static bool header_title(struct eap_viz *v, const char *name, int max_w)
{
    char head[512];
    snprintf(head, sizeof(head), "%s", name);
    char *colon = strstr(head, ": ");
    if (!fits(v, FONT_TITLE, head, max_w) && colon) {
        *colon = '\0';
    }
    if (fits(v, FONT_TITLE, head, max_w)) {
        eap__viz_draw_text(v, FONT_TITLE, VIZ_TEXT, head, 14, 7, NULL, NULL);
        return true;
    }
    const int room = v->layout.header.h - 6;
    const struct viz_text *t = eap__viz_text(v, FONT_BOLD, VIZ_TEXT, head, max_w, false);
    if (!t || t->h > room) {
        t = eap__viz_text(v, FONT_SMALL, VIZ_TEXT, head, max_w, false);
    }
    if (t) {
        SDL_Rect d = {14, (v->layout.header.h - t->h) / 2, t->w, t->h};
        SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    }
    return false;
}

/* The subtitle's parts (split at " · ") that fit max_w, whole: a part is left out, never
 * cut. */
static void header_subtitle(struct eap_viz *v, int max_w)
{
    char out[512] = "", cand[512];
    const char *p = v->subtitle;
    while (p && *p) {
        const char *dot = strstr(p, " · ");
        int n = dot ? (int)(dot - p) : (int)strlen(p);
        snprintf(cand, sizeof(cand), "%s%s%.*s", out, out[0] ? " · " : "", n, p);
        if (fits(v, FONT_SMALL, cand, max_w)) {
            snprintf(out, sizeof(out), "%s", cand);
        }
        p = dot ? dot + strlen(" · ") : NULL;
    }
    eap__viz_draw_text(v, FONT_SMALL, VIZ_MUTED, out, 14, 30, NULL, NULL);
}

/* Who is safe so far, over the side panel. */
static void header_people(struct eap_viz *v, int x)
{
    const struct eap_viz_frame *f = &v->frame;
    char safe[64], hurt[96];
    snprintf(safe, sizeof(safe), "SAFE %d OF %d", f->people_safe, f->people_total);
    if (v->ex.on && v->ex.o.player) {
        snprintf(hurt, sizeof(hurt), "casualties %d", f->casualties); /* the trace is not theirs */
    } else {
        snprintf(hurt, sizeof(hurt), "casualties %d · %zu of %zu events", f->casualties,
                 f->events_done, v->tr->count);
    }
    bool all = f->people_total > 0 && f->people_safe >= f->people_total;
    eap__viz_draw_text(v, FONT_BOLD, all ? eap_viz_color_rgb(EAP_VIZ_C_SAFE) : VIZ_TEXT, safe, x, 8,
                       NULL, NULL);
    eap__viz_draw_text(v, FONT_SMALL, f->casualties ? 0xff7b70 : VIZ_MUTED, hurt, x, 28, NULL,
                       NULL);
}

/* Playback state, in the window only. */
static void header_playback(struct eap_viz *v)
{
    char play[64], hint[48];
    bool asking = v->ex.on && v->ex.o.pending >= 0 && v->ui.t >= v->ex.o.now;
    if (asking) {
        snprintf(play, sizeof(play), "❚❚ DECISION");
    } else if (isinf(v->ui.speed)) {
        snprintf(play, sizeof(play), "%s  max", v->ui.paused ? "❚❚ PAUSED" : "▶");
    } else {
        snprintf(play, sizeof(play), "%s  %g×", v->ui.paused ? "❚❚ PAUSED" : "▶", v->ui.speed);
    }
    text_right(v, FONT_BOLD,
               v->ui.paused || asking ? eap_viz_color_rgb(EAP_VIZ_C_THREAT) : VIZ_TEXT, play,
               v->layout.w - 12, 8);
    if (v->ui.fps > 0) {
        snprintf(hint, sizeof(hint), "%.0f fps · H: help", v->ui.fps);
    } else {
        snprintf(hint, sizeof(hint), "H: help");
    }
    text_right(v, FONT_SMALL, VIZ_FAINT, hint, v->layout.w - 12, 30);
}

void eap__viz_draw_header(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    eap__viz_fill(v->ren, rect_of(l->header), VIZ_PANEL, 255);
    eap__viz_fill(v->ren, (SDL_Rect){0, l->header.h - 1, l->w, 1}, VIZ_PANEL_EDGE, 255);
    int clock_x = header_clock(v, l->map.w - 14);
    if (header_title(v, v->scn->name ? v->scn->name : v->scn->id, clock_x - 30)) {
        header_subtitle(v, clock_x - 30);
    }
    header_people(v, l->panel.x + 14);
    if (v->ui.window) {
        header_playback(v);
    }
}

/* ---- Legend ---- */

struct cursor {
    int x, y, w;
};

static void legend_swatch(struct eap_viz *v, struct cursor *c, int col, uint32_t rgb,
                          enum viz_icon glyph, const char *label)
{
    int x = c->x + col * (c->w / 2);
    eap__viz_icon_at(v, ICON_DISC, x + 8, c->y + 8, 16, rgb, 255, 0);
    if (glyph != ICON_COUNT) {
        eap__viz_icon_at(v, glyph, x + 8, c->y + 8, 10, VIZ_DARK, 255, 0);
    }
    eap__viz_draw_text(v, FONT_SMALL, VIZ_TEXT, label, x + 22, c->y + 1, NULL, NULL);
    if (col == 1) {
        c->y += 19;
    }
}

static void legend_states(struct eap_viz *v, struct cursor *c)
{
    static const struct {
        enum eap_viz_color c;
        const char *label;
    } states[] = {
        {EAP_VIZ_C_QUIET, "quiet"},
        {EAP_VIZ_C_SAFE, "safe haven"},
        {EAP_VIZ_C_THREAT, "under attack / hit"},
        {EAP_VIZ_C_BREACH, "breached / burning"},
        {EAP_VIZ_C_EVACUATED, "evacuated"},
    };
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
        legend_swatch(v, c, (int)(i % 2), eap_viz_color_rgb(states[i].c), ICON_COUNT,
                      states[i].label);
    }
    c->y += 19;
}

static void legend_kinds(struct eap_viz *v, struct cursor *c)
{
    for (int k = 0; k < EAP_PLACE_KIND_COUNT; k++) {
        char name[32];
        snprintf(name, sizeof(name), "%s", eap_place_kind_name((enum eap_place_kind)k));
        for (char *s = name; *s; s++) {
            *s = *s == '_' ? ' ' : *s;
        }
        legend_swatch(v, c, k % 2, eap_viz_color_rgb(EAP_VIZ_C_QUIET), ICON_PLACE_FIRST + k, name);
    }
}

static void legend_line(struct eap_viz *v, struct cursor *c, const char *text)
{
    const struct viz_text *t = eap__viz_text(v, FONT_SMALL, VIZ_TEXT, text, c->w - 26, false);
    if (t) {
        SDL_Rect d = {c->x + 24, c->y + 1, t->w, t->h};
        SDL_RenderCopy(v->ren, t->tex, NULL, &d);
        c->y += t->h + 5;
    }
}

static void legend_units(struct eap_viz *v, struct cursor *c)
{
    uint32_t blue = eap_viz_color_rgb(EAP_VIZ_C_ASSET);
    eap__viz_icon_at(v, ICON_DISC, c->x + 8, c->y + 8, 16, eap_viz_color_rgb(EAP_VIZ_C_CONVOY), 255,
                     0);
    eap__viz_icon_at(v, ICON_CONVOY, c->x + 8, c->y + 8, 12, VIZ_DARK, 255, 0);
    legend_line(v, c, "convoy: vehicles, people, km driven (route driven so far in cyan)");
    eap__viz_icon_at(v, ICON_DISC, c->x + 8, c->y + 8, 16, blue, 255, 0);
    eap__viz_icon_at(v, ICON_ASSET_FIRST + EAP_ASSET_FIGHTER, c->x + 8, c->y + 8, 12, 0xffffff, 255,
                     0);
    legend_line(v, c, "aircraft or team (dashed: leg still to fly; circle: on station)");
    eap__viz_dashed_line(v->ren, (float)c->x, (float)c->y + 8, (float)c->x + 17, (float)c->y + 8, 4,
                         3, VIZ_RING, 255);
    legend_line(v, c,
                "flight-hour rings: how far a tasked aircraft gets from its base in "
                "1h00m, 2h00m… at cruise speed");
}

static int draw_legend(struct eap_viz *v, int y)
{
    const struct eap_viz_rect p = v->layout.panel;
    struct cursor c = {p.x + 14, y, p.w - 28};
    eap__viz_draw_text(v, FONT_BOLD, VIZ_MUTED, "LEGEND", c.x, c.y, NULL, NULL);
    c.y += 22;
    legend_states(v, &c);
    legend_kinds(v, &c);
    c.y += 4;
    legend_units(v, &c);
    eap__viz_fill(v->ren, (SDL_Rect){p.x + 10, c.y + 4, p.w - 20, 1}, VIZ_PANEL_EDGE, 255);
    return c.y + 12;
}

/* ---- Event log ---- */

static uint32_t event_rgb(enum eap_event_kind k)
{
    switch (k) {
    case EAP_EV_ATTACK_START:
    case EAP_EV_BREACH:
    case EAP_EV_SAFE_ROOM_BREACH:
    case EAP_EV_FIRE:
    case EAP_EV_UNTENABLE:
    case EAP_EV_INDIRECT_FIRE:
    case EAP_EV_CASUALTIES:
    case EAP_EV_INCIDENT:
        return 0xff7b70;
    case EAP_EV_TRIPWIRE:
    case EAP_EV_REQUEST:
    case EAP_EV_HOP:
    case EAP_EV_TASKED:
    case EAP_EV_ATTACK_END:
    case EAP_EV_CHECKPOINT:
    case EAP_EV_BREAKDOWN:
        return 0xffcf70;
    case EAP_EV_ASSET_DEPARTED:
    case EAP_EV_ASSET_AT:
    case EAP_EV_ASSET_LEFT:
    case EAP_EV_ON_STATION:
    case EAP_EV_OFF_STATION:
    case EAP_EV_ESCORT_JOINED:
    case EAP_EV_ESCORT_LEFT:
    case EAP_EV_BOARDING:
    case EAP_EV_AIRLIFT_DEPARTED:
        return 0x9dc0ff;
    case EAP_EV_CONVOY_FORMING:
    case EAP_EV_CONVOY_FORMED:
    case EAP_EV_CONVOY_DEPARTED:
    case EAP_EV_CONVOY_AT:
    case EAP_EV_RESUMED:
        return 0x86ecff;
    case EAP_EV_CONVOY_ARRIVED:
    case EAP_EV_PARTY_AT:
    case EAP_EV_PARTY_SAFE:
    case EAP_EV_PLACE_EVACUATED:
    case EAP_EV_AIRLIFT_ARRIVED:
        return 0x8be8a6;
    default:
        return VIZ_TEXT;
    }
}

#define LOG_TIME_W 64 /* the time column: "05:15 +1d" over "T+7h33m" */

/* One log entry, bottom edge at y: the local time (with the day after the first) over the
 * offset from the start, beside what happened. Returns its top, or INT_MIN when it does not
 * fit below `limit` (then nothing is drawn). */
static int log_line(struct eap_viz *v, size_t i, int y, int limit, bool latest)
{
    const struct eap_viz_rect p = v->layout.panel;
    const struct eap_trace_event *ev = &v->tr->events[i];
    char desc[256], hm[32], off[32];
    eap_trace_describe(v->scn, ev, desc, sizeof(desc));
    eap__viz_clock(v, ev->time, hm, sizeof(hm));
    /* Minutes, as the clock column: the report's timeline does the same. */
    eap_time_format_offset(ev->time - ev->time % EAP_MINUTE, off, sizeof(off));
    /* The colour says what kind of thing happened; the newest lines stand out. */
    uint32_t rgb = event_rgb((enum eap_event_kind)ev->kind);
    int x = p.x + 16, text_x = x + LOG_TIME_W;
    const struct viz_text *t =
        eap__viz_text(v, FONT_SMALL, latest ? VIZ_TEXT : rgb, desc, p.x + p.w - 12 - text_x, false);
    const struct viz_text *c = eap__viz_text(v, FONT_SMALL, VIZ_FAINT, off, 0, false);
    if (!t || !c) {
        return y;
    }
    int h = t->h > 2 * c->h - 2 ? t->h : 2 * c->h - 2, top = y - h - 4;
    if (top < limit) {
        return INT_MIN;
    }
    if (latest) {
        eap__viz_fill(v->ren, (SDL_Rect){p.x + 8, top - 1, p.w - 16, h + 4}, 0x1f3246, 255);
        eap__viz_fill(v->ren, (SDL_Rect){p.x + 8, top - 1, 3, h + 4}, rgb, 255);
    }
    eap__viz_draw_text(v, FONT_SMALL, latest ? VIZ_TEXT : VIZ_MUTED, hm, x, top + 1, NULL, NULL);
    SDL_Rect d = {x, top + c->h - 1, c->w, c->h};
    SDL_RenderCopy(v->ren, c->tex, NULL, &d);
    d = (SDL_Rect){text_x, top + 1, t->w, t->h};
    SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    return top;
}

static void draw_log(struct eap_viz *v, int y)
{
    const struct eap_viz_rect p = v->layout.panel;
    char title[64];
    snprintf(title, sizeof(title), "EVENT LOG  %zu of %zu", v->frame.events_done, v->tr->count);
    eap__viz_draw_text(v, FONT_BOLD, VIZ_MUTED, title, p.x + 14, y, NULL, NULL);
    int top = y + 22, bottom = p.y + p.h - 8;
    SDL_Rect clip = {p.x, top, p.w, bottom - top};
    SDL_RenderSetClipRect(v->ren, &clip);
    size_t n = v->frame.events_done;
    eap_time newest = n > 0 ? v->tr->events[n - 1].time : -1;
    /* Newest at the bottom; the log fills upwards and scrolls as time passes. */
    for (size_t i = n; i-- > 0 && bottom > top;) {
        if (eap_trace_in_timeline(&v->tr->events[i])) {
            bottom = log_line(v, i, bottom, top, v->tr->events[i].time == newest);
        }
    }
    SDL_RenderSetClipRect(v->ren, NULL);
    if (n == 0) {
        eap__viz_draw_text(v, FONT_SMALL, VIZ_FAINT, "nothing has happened yet", p.x + 16, top + 4,
                           NULL, NULL);
    }
}

/* An exercise's panel: the cards, and for the facilitator the event log under them. */
static void draw_exercise_panel(struct eap_viz *v, int y)
{
    const struct eap_viz_rect p = v->layout.panel;
    int bottom = p.y + p.h - 8;
    bool log = v->ui.log && !v->ex.o.player;
    int split = log ? y + (bottom - y) * 68 / 100 : bottom;
    SDL_Rect clip = {p.x, y, p.w, split - y};
    SDL_RenderSetClipRect(v->ren, &clip);
    eap__viz_draw_cards(v, y, split);
    SDL_RenderSetClipRect(v->ren, NULL);
    if (log) {
        eap__viz_fill(v->ren, (SDL_Rect){p.x + 10, split + 2, p.w - 20, 1}, VIZ_PANEL_EDGE, 255);
        draw_log(v, split + 10);
    }
}

void eap__viz_draw_panel(struct eap_viz *v)
{
    const struct eap_viz_rect p = v->layout.panel;
    eap__viz_fill(v->ren, rect_of(p), VIZ_PANEL, 255);
    eap__viz_fill(v->ren, (SDL_Rect){p.x, p.y, 1, p.h}, VIZ_PANEL_EDGE, 255);
    int y = p.y + 12;
    if (v->ui.legend) {
        y = draw_legend(v, y);
    }
    if (v->ex.on) {
        draw_exercise_panel(v, y);
    } else {
        draw_log(v, y);
    }
}

/* ---- Timeline ---- */

/* A tick step (ms) that leaves at least min_px between ticks. */
static eap_time tick_step(const struct eap_viz_layout *l, double min_px)
{
    static const eap_time steps[] = {
        5 * EAP_MINUTE, 10 * EAP_MINUTE, 15 * EAP_MINUTE, 30 * EAP_MINUTE, EAP_HOUR,
        2 * EAP_HOUR,   3 * EAP_HOUR,    6 * EAP_HOUR,    12 * EAP_HOUR,   EAP_DAY};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i] * (double)l->track.w / (double)l->t_end >= min_px) {
            return steps[i];
        }
    }
    return 2 * EAP_DAY;
}

/* Ticks on round local clock times (22:00, 23:00, ...), labelled below the track, with the
 * day where it changes ("00:00 +1d"); a label that would touch the one before is left out. */
static void draw_hours(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    eap_time step = tick_step(l, 64);
    int64_t local0 = (v->scn->clock.start_utc + v->scn->clock.utc_offset) * 1000;
    eap_time first = (step - (eap_time)(((local0 % step) + step) % step)) % step;
    int free_x = 0, day = 0;
    for (eap_time t = first; t <= l->t_end; t += step) {
        int x = (int)lround(eap_viz_timeline_x(l, t));
        char hm[32];
        int d = eap_clock_day(&v->scn->clock, t);
        if (d != day) {
            eap__viz_clock(v, t, hm, sizeof(hm));
        } else {
            eap_clock_format_hm(&v->scn->clock, t, hm, sizeof(hm));
        }
        eap__viz_fill(v->ren, (SDL_Rect){x, l->track.y + l->track.h, 1, 5}, VIZ_MUTED, 255);
        const struct viz_text *txt =
            eap__viz_text(v, FONT_SMALL, d != day ? VIZ_TEXT : VIZ_MUTED, hm, 0, false);
        if (txt && x - txt->w / 2 >= free_x && x + txt->w / 2 < l->w - 2) {
            SDL_Rect r = {x - txt->w / 2, l->track.y + l->track.h + 6, txt->w, txt->h};
            SDL_RenderCopy(v->ren, txt->tex, NULL, &r);
            free_x = r.x + r.w + 6;
            day = d; /* a day marker left out goes on the next label */
        }
    }
}

#define MILESTONES_LABELLED 64 /* the first ones get labels; all get dots */

/* Record milestones in the order their labels are placed: nearest the current time first.
 * Returns how many. */
static size_t milestone_order(const struct eap_viz *v, size_t *order)
{
    size_t n =
        v->scn->record_count < MILESTONES_LABELLED ? v->scn->record_count : MILESTONES_LABELLED;
    eap_time t = v->ui.t;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
    }
    /* Insertion sort by the distance in time to now (stable: ties in record order). */
    for (size_t i = 1; i < n; i++) {
        size_t k = order[i], j = i;
        eap_time dk = llabs(v->scn->record[k].time - t);
        while (j > 0 && llabs(v->scn->record[order[j - 1]].time - t) > dk) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    return n;
}

/* The label of milestone m wrapped to `wrap` pixels ("23:10 Surveillance drone overhead,
 * ..."), left-aligned at its dot x, or right-aligned when that runs off the screen. False
 * when it would touch a label already placed (taken holds their x ranges). */
static bool milestone_label(struct eap_viz *v, const struct eap_milestone *m, int x, uint32_t rgb,
                            int taken[][2], size_t *ntaken)
{
    const struct eap_viz_layout *l = &v->layout;
    char clock[32], text[400];
    eap__viz_clock(v, m->time, clock, sizeof(clock));
    snprintf(text, sizeof(text), "%s %s", clock, m->label ? m->label : m->id);
    int wrap = l->w / 5 < 160 ? 160 : l->w / 5 > 260 ? 260 : l->w / 5;
    const struct viz_text *t = eap__viz_text(v, FONT_SMALL, rgb, text, wrap, false);
    int top = l->timeline.y + 4, bottom = l->track.y - 8;
    if (!t || top + t->h > bottom) {
        return false;
    }
    int x0 = x - 3 + t->w <= l->w - 4 ? x - 3 : x + 3 - t->w;
    for (size_t i = 0; i < *ntaken; i++) {
        if (x0 < taken[i][1] + 10 && taken[i][0] < x0 + t->w + 10) {
            return false;
        }
    }
    if (x0 < 4) {
        return false;
    }
    taken[*ntaken][0] = x0;
    taken[(*ntaken)++][1] = x0 + t->w;
    SDL_Rect d = {x0, top, t->w, t->h};
    SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    eap__viz_fill(v->ren, (SDL_Rect){x, top + t->h, 1, bottom - top - t->h + 3}, rgb, 120);
    return true;
}

/* Record milestones: a dot over the track at each recorded time, and as many labels above
 * as fit side by side, whole (wrapped, never cut), those nearest the current time first. */
static void draw_milestones(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    size_t order[MILESTONES_LABELLED], ntaken = 0;
    int taken[2 * MILESTONES_LABELLED][2];
    /* An exercise's decisions come first; the players do not see the record ahead. */
    eap__viz_draw_choice_marks(v, taken, &ntaken, MILESTONES_LABELLED);
    if (v->ex.on && v->ex.o.player) {
        return;
    }
    size_t n = milestone_order(v, order);
    for (size_t k = 0; k < n; k++) {
        const struct eap_milestone *m = &v->scn->record[order[k]];
        int x = (int)lround(eap_viz_timeline_x(l, m->time));
        milestone_label(v, m, x, m->time <= v->ui.t ? 0xffd27a : VIZ_MUTED, taken, &ntaken);
    }
    for (size_t i = 0; i < v->scn->record_count; i++) {
        const struct eap_milestone *m = &v->scn->record[i];
        uint32_t rgb = m->time <= v->ui.t ? 0xffd27a : VIZ_MUTED;
        int x = (int)lround(eap_viz_timeline_x(l, m->time));
        eap__viz_icon_at(v, ICON_DISC, (float)x, (float)l->track.y - 5, 8, rgb, 255, 0);
    }
}

void eap__viz_draw_timeline(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    eap__viz_fill(v->ren, rect_of(l->timeline), VIZ_PANEL, 255);
    eap__viz_fill(v->ren, (SDL_Rect){0, l->timeline.y, l->w, 1}, VIZ_PANEL_EDGE, 255);
    SDL_Rect track = rect_of(l->track);
    eap__viz_fill(v->ren, track, 0x223244, 255);
    int cx = (int)lround(eap_viz_timeline_x(l, v->ui.t));
    eap__viz_fill(v->ren, (SDL_Rect){track.x, track.y, cx - track.x, track.h}, 0x2f6fd0, 255);
    bool player = v->ex.on && v->ex.o.player;
    for (size_t i = 0; i < v->tr->count && !player; i++) {
        /* Every event as a hairline on the track: where the action clusters. */
        int x = (int)lround(eap_viz_timeline_x(l, v->tr->events[i].time));
        eap__viz_fill(v->ren, (SDL_Rect){x, track.y + 2, 1, track.h - 4}, 0x8fb3d9, 200);
    }
    draw_hours(v);
    draw_milestones(v);
    uint32_t cur = eap_viz_color_rgb(EAP_VIZ_C_CURSOR);
    eap__viz_fill(
        v->ren,
        (SDL_Rect){cx - 1, l->track.y - 8, 3, l->timeline.y + l->timeline.h - 4 - (l->track.y - 8)},
        cur, 255);
    eap__viz_icon_at(v, ICON_DISC, (float)cx + 0.5f, (float)track.y + track.h / 2.0f, 14, cur, 255,
                     0);
}

/* ---- Help ---- */

/* The keys of the window as it plays a run (or a session log played back). */
static const char *const run_keys[][2] = {
    {"Space", "pause / resume"},
    {"+ / -", "faster / slower (1× to 3600×)"},
    {"1 … 9", "speed 1×, 10×, 30×, 60×, 120×, 300×, 600×, 1800×, 3600×"},
    {"← / →", "previous / next event in the trace"},
    {"Home / End", "start / end of the run"},
    {"R", "restart from the start, playing"},
};

/* The keys of a live exercise. */
static const char *const session_keys[][2] = {
    {"1 … 9, click", "at a decision: take that option"},
    {"B", "at a decision: back to the previous one, to take it again"},
    {"Space, P", "pause / resume the clock (at a decision: its countdown)"},
    {"→, S", "skip to the next inject or decision"},
    {"+ / -", "faster / slower (1× to 3600×); 1 … 9 between decisions"},
    {"N", "add an observation at this moment (start it with ! for the plan)"},
};

/* The keys every window has. */
static const char *const view_keys[][2] = {
    {"F", "fork 1,000 runs from now: the spread of what comes next"},
    {"V", "show / hide that fan"},
    {"F11", "fullscreen on / off"},
    {"L", "legend on / off"},
    {"E", "event log under the cards (an exercise) on / off"},
    {"G", "flight-hour rings for every aircraft, tasked or not"},
    {"0", "reset the map view"},
    {"wheel", "zoom about the cursor (main map or inset)"},
    {"drag", "pan the map or the inset; on the timeline: seek"},
    {"H, F1", "this help"},
    {"Q, Esc", "quit (Esc first closes this help, cancels a fork)"},
};

static int help_rows(struct eap_viz *v, const char *const (*keys)[2], size_t n, SDL_Rect box, int y)
{
    for (size_t i = 0; i < n; i++, y += 22) {
        eap__viz_draw_text(v, FONT_BOLD, eap_viz_color_rgb(EAP_VIZ_C_CURSOR), keys[i][0],
                           box.x + 20, y, NULL, NULL);
        eap__viz_draw_text(v, FONT_BODY, VIZ_TEXT, keys[i][1], box.x + 150, y, NULL, NULL);
    }
    return y;
}

void eap__viz_draw_help(struct eap_viz *v)
{
    bool live = v->ui.session;
    size_t n1 = live ? sizeof(session_keys) / sizeof(session_keys[0])
                     : sizeof(run_keys) / sizeof(run_keys[0]);
    size_t n2 = sizeof(view_keys) / sizeof(view_keys[0]);
    int w = 640, h = 64 + (int)(n1 + n2) * 22;
    SDL_Rect box = {(v->layout.w - w) / 2, (v->layout.h - h) / 2, w, h};
    eap__viz_fill(v->ren, (SDL_Rect){0, 0, v->layout.w, v->layout.h}, 0x000000, 120);
    eap__viz_fill(v->ren, box, VIZ_PANEL, 245);
    eap__viz_frame_rect(v->ren, box, VIZ_MUTED, 255);
    eap__viz_draw_text(v, FONT_TITLE, VIZ_TEXT, "Keys", box.x + 20, box.y + 14, NULL, NULL);
    int y = help_rows(v, live ? session_keys : run_keys, n1, box, box.y + 48);
    help_rows(v, view_keys, n2, box, y);
}
