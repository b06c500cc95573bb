/*
 * An exercise on the map, drawn for a room: the injects as cards in the side panel, newest
 * on top; the decision that waits as a prompt over the dimmed map, one large button per
 * option with its key and the plan's note; the decisions taken as marks on the timeline; and
 * a line over the map for what the window has to say (a fork under way, an observation being
 * typed, the decision just taken). Every card and button is recorded as an item, which the
 * tests read and the window's clicks hit.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

#define CARD_PAD 10
#define CARD_GAP 8
#define CARD_LINES 6
#define ACCENT_NEW 0xffb020
#define ACCENT_OLD 0x4f6a88
#define EXPECTED_RGB 0x8be8a6
#define NOTE_RGB 0xffcf70
#define DECIDED_SHOWN (10 * EAP_MINUTE) /* how long the decision just taken stays named */

static SDL_Rect sdl(struct eap_viz_rect r)
{
    return (SDL_Rect){r.x, r.y, r.w, r.h};
}

static bool inside(SDL_Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static void copy_tex(struct eap_viz *v, const struct viz_text *t, int x, int y)
{
    if (t) {
        SDL_Rect d = {x, y, t->w, t->h};
        SDL_RenderCopy(v->ren, t->tex, NULL, &d);
    }
}

/* Appends a line of text to an item's words. */
static void add_words(char *buf, size_t len, const char *s)
{
    size_t n = strlen(buf);
    if (s && s[0] && n + 1 < len) {
        snprintf(buf + n, len - n, "%s%s", n ? "\n" : "", s);
    }
}

/* ---- Cards ---- */

/* A card's lines, measured: heading, sender, message, and for the facilitator the expected
 * action, what it tests and the controller's note. */
struct card {
    const struct viz_text *line[CARD_LINES];
    int h; /* the whole card, padding included */
};

/* How much of a card shows: all of it; its heading and message; its heading alone. */
enum card_fill { CARD_WHOLE, CARD_MESSAGE, CARD_HEADING };

static void card_lines(struct eap_viz *v, const struct eap_viz_card *c, bool newest, int wrap,
                       enum card_fill fill, struct card *out)
{
    memset(out, 0, sizeof(*out));
    out->line[0] =
        eap__viz_text(v, FONT_CARD_BOLD, newest ? ACCENT_NEW : 0xb8c7d6, c->title, 0, false);
    if (fill == CARD_WHOLE) {
        out->line[1] = eap__viz_text(v, FONT_BODY, VIZ_MUTED, c->from, wrap, false);
        out->line[2] = eap__viz_text(v, FONT_CARD, VIZ_TEXT, c->text, wrap, false);
        out->line[3] = eap__viz_text(v, FONT_BODY, EXPECTED_RGB, c->expected, wrap, false);
        out->line[4] = eap__viz_text(v, FONT_SMALL, VIZ_MUTED, c->tests, wrap, false);
        out->line[5] = eap__viz_text(v, FONT_BODY, NOTE_RGB, c->note, wrap, false);
    } else if (fill == CARD_MESSAGE) {
        out->line[2] = eap__viz_text(v, FONT_BODY, 0xc9d6e3, c->text, wrap, false);
    }
    out->h = 2 * CARD_PAD - 4;
    for (int i = 0; i < CARD_LINES; i++) {
        out->h += out->line[i] ? out->line[i]->h + 4 : 0;
    }
}

static void draw_card(struct eap_viz *v, const struct card *c, SDL_Rect box, bool newest)
{
    eap__viz_fill(v->ren, box, newest ? 0x233449 : 0x172534, 255);
    eap__viz_fill(v->ren, (SDL_Rect){box.x, box.y, 4, box.h}, newest ? ACCENT_NEW : ACCENT_OLD,
                  255);
    int y = box.y + CARD_PAD - 2;
    for (int i = 0; i < CARD_LINES; i++) {
        if (c->line[i]) {
            copy_tex(v, c->line[i], box.x + CARD_PAD + 4, y);
            y += c->line[i]->h + 4;
        }
    }
}

static void card_words(const struct eap_viz_card *c, enum card_fill fill, char *buf, size_t len)
{
    buf[0] = '\0';
    add_words(buf, len, c->title);
    add_words(buf, len, fill == CARD_WHOLE ? c->from : NULL);
    add_words(buf, len, fill != CARD_HEADING ? c->text : NULL);
    if (fill == CARD_WHOLE) {
        add_words(buf, len, c->expected);
        add_words(buf, len, c->tests);
        add_words(buf, len, c->note);
    }
}

#define CARDS_MAX 64

int eap__viz_draw_cards(struct eap_viz *v, int y, int bottom)
{
    const struct eap_exercise_record *rec = v->ex.o.rec;
    const struct eap_viz_rect p = v->layout.panel;
    size_t idx[CARDS_MAX];
    size_t n = rec ? eap_viz_cards_by(rec->shown, rec->shown_count, v->ui.t, idx, CARDS_MAX) : 0;
    char title[64];
    snprintf(title, sizeof(title), "INJECTS  %zu shown", n);
    eap__viz_draw_text(v, FONT_BOLD, VIZ_MUTED, title, p.x + 14, y, NULL, NULL);
    y += 22;
    if (n == 0) {
        eap__viz_draw_text(v, FONT_BODY, VIZ_FAINT, "no inject yet", p.x + 16, y, NULL, NULL);
        return y + 20;
    }
    int wrap = p.w - 2 * CARD_PAD - 28;
    eap_time newest = rec->shown[idx[0]].at;
    for (size_t k = 0; k < n; k++) {
        const struct eap_exercise_shown *x = &rec->shown[idx[k]];
        struct eap_viz_card words;
        struct card c;
        eap_viz_card_of(v->scn, x, v->ex.o.player, &words);
        /* Whole while they fit, then older ones by their message or their heading alone:
         * shortened, never cut. The newest is always whole. A card before the last leaves
         * room for the line that counts the rest. */
        int room = bottom - y - (k + 1 < n ? 18 : 0);
        enum card_fill fill = CARD_WHOLE;
        card_lines(v, &words, x->at == newest, wrap, fill, &c);
        while (k > 0 && c.h > room && fill != CARD_HEADING) {
            fill = fill == CARD_WHOLE ? CARD_MESSAGE : CARD_HEADING;
            card_lines(v, &words, x->at == newest, wrap, fill, &c);
        }
        if (k > 0 && c.h > room) {
            char more[64];
            snprintf(more, sizeof(more), "and %zu earlier", n - k);
            eap__viz_draw_text(v, FONT_SMALL, VIZ_FAINT, more, p.x + 16, y, NULL, NULL);
            return y + 16;
        }
        SDL_Rect box = {p.x + 10, y, p.w - 20, c.h};
        draw_card(v, &c, box, x->at == newest);
        char text[1200];
        card_words(&words, fill, text, sizeof(text));
        eap__viz_item(v, EAP_VIZ_ITEM_CARD, box, (int32_t)idx[k], text);
        y += c.h + CARD_GAP;
    }
    return y;
}

/* ---- The decision waiting ---- */

#define BOX_PAD 20
#define BAR_H 38
#define KEY_W 34
#define BUTTON_GAP 10
#define OPTIONS_MAX 16

struct prompt {
    const struct viz_text *bar, *clock, *question, *decides, *note, *footer;
    const struct viz_text *label[OPTIONS_MAX], *why[OPTIONS_MAX];
    int button_h[OPTIONS_MAX];
    size_t options;
    int w, h;
};

static void prompt_clock(const struct eap_viz *v, char *buf, size_t len)
{
    char clock[32], off[32];
    eap__viz_clock(v, v->ex.o.now, clock, sizeof(clock));
    eap_time_format_offset(v->ex.o.now - v->ex.o.now % EAP_MINUTE, off, sizeof(off));
    if (v->ex.o.countdown >= 0) {
        snprintf(buf, len, "%s · %s · %.0f s to decide", clock, off, ceil(v->ex.o.countdown));
    } else {
        snprintf(buf, len, "%s · %s", clock, off);
    }
}

/* Measures the prompt at a level of detail: 0 everything, 1 without the facilitator's note,
 * 2 without the plan's notes on the options. */
static void measure_prompt(struct eap_viz *v, const struct eap_decision *d, int w, int level,
                           struct prompt *q)
{
    memset(q, 0, sizeof(*q));
    int inner = w - 2 * BOX_PAD, text_w = inner - KEY_W - 30;
    char buf[1200];
    q->w = w;
    q->bar = eap__viz_text(v, FONT_TITLE, VIZ_DARK, "DECISION · the clock is stopped", 0, false);
    prompt_clock(v, buf, sizeof(buf));
    q->clock = eap__viz_text(v, FONT_BOLD, VIZ_DARK, buf, 0, false);
    q->question = eap__viz_text(v, FONT_PROMPT, VIZ_TEXT, d->prompt, inner, false);
    snprintf(buf, sizeof(buf), "Decides: %s", d->decides ? d->decides : "the players");
    q->decides = eap__viz_text(v, FONT_BODY, VIZ_MUTED, buf, inner, false);
    /* The notes are the scenario's words for the facilitator (they may tell what happened
     * in the record): not the players'. */
    if (level < 1 && !v->ex.o.player && d->note) {
        snprintf(buf, sizeof(buf), "What the plan says: %s", d->note);
        q->note = eap__viz_text(v, FONT_BODY, NOTE_RGB, buf, inner, false);
    }
    q->options = d->option_count < OPTIONS_MAX ? d->option_count : OPTIONS_MAX;
    q->h = BAR_H + BOX_PAD + (q->question ? q->question->h : 0) + 6 +
           (q->decides ? q->decides->h : 0) + (q->note ? q->note->h + 6 : 0) + 14;
    for (size_t k = 0; k < q->options; k++) {
        const struct eap_option *o = &d->options[k];
        snprintf(buf, sizeof(buf), "%s%s", o->label,
                 (int32_t)k == d->default_option ? "  (default)" : "");
        q->label[k] = eap__viz_text(v, FONT_BUTTON, VIZ_TEXT, buf, text_w, false);
        if (level < 2 && !v->ex.o.player && o->note) {
            q->why[k] = eap__viz_text(v, FONT_BODY, 0xc9d6e3, o->note, text_w, false);
        }
        int h = (q->label[k] ? q->label[k]->h : 0) + (q->why[k] ? q->why[k]->h + 4 : 0) + 18;
        q->button_h[k] = h < 48 ? 48 : h;
        q->h += q->button_h[k] + BUTTON_GAP;
    }
    snprintf(buf, sizeof(buf),
             "Press 1 to %zu or click an option · B back to the previous decision · N note · "
             "P pause",
             q->options);
    q->footer = eap__viz_text(v, FONT_SMALL, VIZ_MUTED, buf, inner, false);
    q->h += (q->footer ? q->footer->h : 0) + BOX_PAD - 4;
}

static void draw_button(struct eap_viz *v, const struct prompt *q, size_t k, SDL_Rect b)
{
    bool hover = inside(b, v->ui.mouse_x, v->ui.mouse_y);
    uint32_t blue = eap_viz_color_rgb(EAP_VIZ_C_ASSET);
    eap__viz_fill(v->ren, b, hover ? 0x2b5584 : 0x1d3a5c, 255);
    eap__viz_frame_rect(v->ren, b, blue, 255);
    eap__viz_frame_rect(v->ren, (SDL_Rect){b.x + 1, b.y + 1, b.w - 2, b.h - 2}, blue, 255);
    SDL_Rect key = {b.x + 8, b.y + (b.h - KEY_W) / 2, KEY_W, KEY_W};
    eap__viz_fill(v->ren, key, hover ? 0xffe14d : 0xb9d3ff, 255);
    char num[24]; /* room for any size_t (-Wformat-truncation) */
    snprintf(num, sizeof(num), "%zu", k + 1);
    const struct viz_text *t = eap__viz_text(v, FONT_PROMPT, VIZ_DARK, num, 0, false);
    if (t) {
        copy_tex(v, t, key.x + (KEY_W - t->w) / 2, key.y + (KEY_W - t->h) / 2);
    }
    int x = key.x + KEY_W + 14, y = b.y + 9;
    copy_tex(v, q->label[k], x, y);
    if (q->why[k]) {
        copy_tex(v, q->why[k], x, y + q->label[k]->h + 4);
    }
}

static void record_button(struct eap_viz *v, const struct eap_decision *d, size_t k, SDL_Rect b)
{
    char words[1200];
    const char *note = v->ex.o.player ? NULL : d->options[k].note;
    snprintf(words, sizeof(words), "%zu %s%s%s%s", k + 1, d->options[k].label,
             (int32_t)k == d->default_option ? " (default)" : "", note ? "\n" : "",
             note ? note : "");
    eap__viz_item(v, EAP_VIZ_ITEM_BUTTON, b, (int32_t)k, words);
}

static void draw_prompt(struct eap_viz *v, const struct eap_decision *d, const struct prompt *q,
                        SDL_Rect box)
{
    uint32_t amber = eap_viz_color_rgb(EAP_VIZ_C_THREAT);
    bool urgent = v->ex.o.countdown >= 0 && v->ex.o.countdown < 15;
    eap__viz_fill(v->ren, (SDL_Rect){box.x - 3, box.y - 3, box.w + 6, box.h + 6}, amber, 255);
    eap__viz_fill(v->ren, box, VIZ_PANEL, 255);
    eap__viz_fill(v->ren, (SDL_Rect){box.x, box.y, box.w, BAR_H},
                  urgent ? eap_viz_color_rgb(EAP_VIZ_C_BREACH) : amber, 255);
    int bar_mid = box.y + BAR_H / 2;
    copy_tex(v, q->bar, box.x + BOX_PAD, bar_mid - (q->bar ? q->bar->h / 2 : 0));
    if (q->clock) {
        copy_tex(v, q->clock, box.x + box.w - BOX_PAD - q->clock->w, bar_mid - q->clock->h / 2);
    }
    int x = box.x + BOX_PAD, y = box.y + BAR_H + BOX_PAD - 4;
    copy_tex(v, q->question, x, y);
    y += (q->question ? q->question->h : 0) + 6;
    copy_tex(v, q->decides, x, y);
    y += q->decides ? q->decides->h : 0;
    if (q->note) {
        copy_tex(v, q->note, x, y + 6);
        y += q->note->h + 6;
    }
    char words[1200] = "";
    add_words(words, sizeof(words), d->prompt);
    add_words(words, sizeof(words), d->decides);
    eap__viz_item(v, EAP_VIZ_ITEM_PROMPT, box, v->ex.o.pending, words);
    y += 14;
    for (size_t k = 0; k < q->options; k++) {
        SDL_Rect b = {x, y, box.w - 2 * BOX_PAD, q->button_h[k]};
        draw_button(v, q, k, b);
        record_button(v, d, k, b);
        y += q->button_h[k] + BUTTON_GAP;
    }
    copy_tex(v, q->footer, x, y + 2);
}

void eap__viz_draw_decision(struct eap_viz *v)
{
    const struct eap_viz_overlay *o = &v->ex.o;
    if (o->pending < 0 || (size_t)o->pending >= v->scn->decision_count || v->ui.t < o->now) {
        return;
    }
    const struct eap_decision *d = &v->scn->decisions[o->pending];
    const struct eap_viz_rect m = v->layout.map;
    int w = m.w - 40 < 780 ? m.w - 40 : 780;
    struct prompt q;
    for (int level = 0; level < 3; level++) {
        measure_prompt(v, d, w, level, &q);
        if (q.h <= m.h - 24) {
            break;
        }
    }
    /* The map stays in sight, dimmed: the question is what matters now. */
    eap__viz_fill(v->ren, sdl(m), 0x000000, 130);
    int top = m.y + (m.h - q.h) / 2;
    SDL_Rect box = {m.x + (m.w - w) / 2, top < m.y + 12 ? m.y + 12 : top, w, q.h};
    draw_prompt(v, d, &q, box);
}

/* ---- Decisions on the timeline ---- */

static bool label_free(int x0, int w, int taken[][2], size_t ntaken)
{
    for (size_t i = 0; i < ntaken; i++) {
        if (x0 < taken[i][1] + 10 && taken[i][0] < x0 + w + 10) {
            return false;
        }
    }
    return true;
}

/* A decision's mark: an amber diamond over the track, its label above when there is room. */
static void choice_mark(struct eap_viz *v, const struct eap_exercise_choice *c, size_t i,
                        int taken[][2], size_t *ntaken, size_t max)
{
    const struct eap_viz_layout *l = &v->layout;
    int x = (int)lround(eap_viz_timeline_x(l, c->at));
    uint32_t amber = eap_viz_color_rgb(EAP_VIZ_C_THREAT);
    SDL_Vertex dia[4];
    float cx = (float)x + 0.5f, cy = (float)l->track.y - 6, r = 7;
    const float pts[4][2] = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
    for (int k = 0; k < 4; k++) {
        dia[k] = (SDL_Vertex){{cx + pts[k][0] * r, cy + pts[k][1] * r},
                              {(Uint8)(amber >> 16), (Uint8)(amber >> 8), (Uint8)amber, 255},
                              {0, 0}};
    }
    const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(v->ren, NULL, dia, 4, idx, 6);
    const struct eap_decision *d = &v->scn->decisions[c->decision];
    char clock[32], text[600];
    eap__viz_clock(v, c->at, clock, sizeof(clock));
    snprintf(text, sizeof(text), "%s decided: %s", clock, d->options[c->option].label);
    int wrap = l->w / 4 < 200 ? 200 : l->w / 4 > 340 ? 340 : l->w / 4;
    const struct viz_text *t = eap__viz_text(v, FONT_SMALL, amber, text, wrap, false);
    int top = l->timeline.y + 4, bottom = l->track.y - 8;
    SDL_Rect mark = {x - 8, (int)cy - 8, 17, 17};
    if (t && top + t->h <= bottom && *ntaken < max) {
        int x0 = x - 3 + t->w <= l->w - 4 ? x - 3 : x + 3 - t->w;
        if (x0 >= 4 && label_free(x0, t->w, taken, *ntaken)) {
            taken[*ntaken][0] = x0;
            taken[(*ntaken)++][1] = x0 + t->w;
            copy_tex(v, t, x0, top);
            eap__viz_fill(v->ren, (SDL_Rect){x, top + t->h, 1, bottom - top - t->h}, amber, 160);
            mark = (SDL_Rect){x0 < x - 8 ? x0 : x - 8, top, t->w + 16, (int)cy + 8 - top};
        }
    }
    eap__viz_item(v, EAP_VIZ_ITEM_CHOICE, mark, (int32_t)i, text);
}

void eap__viz_draw_choice_marks(struct eap_viz *v, int taken[][2], size_t *ntaken, size_t max)
{
    const struct eap_exercise_record *rec = v->ex.o.rec;
    const struct eap_viz_layout *l = &v->layout;
    if (!v->ex.on || !rec) {
        return;
    }
    /* The injects as ticks on the track: the exercise's rhythm. */
    for (size_t k = 0; k < rec->shown_count; k++) {
        if (rec->shown[k].at <= v->ui.t) {
            int x = (int)lround(eap_viz_timeline_x(l, rec->shown[k].at));
            eap__viz_fill(v->ren, (SDL_Rect){x, l->track.y - 3, 2, 3}, 0xffcf70, 255);
        }
    }
    /* The latest decisions get their labels first. */
    for (size_t i = rec->choice_count; i-- > 0;) {
        if (rec->choices[i].at <= v->ui.t) {
            choice_mark(v, &rec->choices[i], i, taken, ntaken, max);
        }
    }
    if (v->ex.o.pending >= 0 && v->ui.t >= v->ex.o.now) {
        int x = (int)lround(eap_viz_timeline_x(l, v->ex.o.now));
        eap__viz_icon_at(v, ICON_RING, (float)x + 0.5f, (float)l->track.y - 6, 20,
                         eap_viz_color_rgb(EAP_VIZ_C_THREAT), 255, 0);
    }
}

/* ---- Notices over the map ---- */

static int notice_box(struct eap_viz *v, const char *text, uint32_t accent, int y, double progress,
                      bool caret)
{
    const struct eap_viz_rect m = v->layout.map;
    int wrap = m.w - 80 < 720 ? m.w - 80 : 720;
    char line[700];
    snprintf(line, sizeof(line), "%s%s", text, caret ? "▌" : "");
    const struct viz_text *t = eap__viz_text(v, FONT_BOLD, VIZ_TEXT, line, wrap, false);
    if (!t) {
        return y;
    }
    int bar = progress >= 0 ? 10 : 0;
    SDL_Rect box = {m.x + (m.w - t->w) / 2 - 16, y, t->w + 32, t->h + 16 + bar};
    eap__viz_fill(v->ren, box, VIZ_PANEL, 240);
    eap__viz_fill(v->ren, (SDL_Rect){box.x, box.y, 4, box.h}, accent, 255);
    copy_tex(v, t, box.x + 16, box.y + 8);
    if (bar) {
        SDL_Rect track = {box.x + 16, box.y + t->h + 12, box.w - 32, 6};
        eap__viz_fill(v->ren, track, 0x223244, 255);
        track.w = (int)lround(track.w * fmin(1, progress));
        eap__viz_fill(v->ren, track, eap_viz_color_rgb(EAP_VIZ_C_ASSET), 255);
    }
    eap__viz_item(v, EAP_VIZ_ITEM_NOTICE, box, -1, text);
    return box.y + box.h + 8;
}

/* The decision taken last, for a while after it was taken. */
static const struct eap_exercise_choice *just_decided(const struct eap_viz *v)
{
    const struct eap_exercise_record *rec = v->ex.o.rec;
    const struct eap_exercise_choice *last = NULL;
    for (size_t i = 0; rec && i < rec->choice_count; i++) {
        if (rec->choices[i].at <= v->ui.t) {
            last = &rec->choices[i];
        }
    }
    return last && v->ui.t - last->at < DECIDED_SHOWN ? last : NULL;
}

void eap__viz_draw_notices(struct eap_viz *v)
{
    int y = v->layout.map.y + 12;
    if (v->ui.notice[0]) {
        y = notice_box(v, v->ui.notice,
                       v->ui.typing ? NOTE_RGB : eap_viz_color_rgb(EAP_VIZ_C_ASSET), y,
                       v->ui.progress, v->ui.typing);
    }
    const struct eap_exercise_choice *c = v->ex.on ? just_decided(v) : NULL;
    bool asking = v->ex.o.pending >= 0 && v->ui.t >= v->ex.o.now;
    if (c && !asking) {
        static const char *const how[] = {"the players", "prepared answers",
                                          "default: the countdown ran out", "the log"};
        char clock[32], text[800];
        eap__viz_clock(v, c->at, clock, sizeof(clock));
        snprintf(text, sizeof(text), "Decided at %s (%s): %s", clock,
                 (unsigned)c->by < EAP_CHOOSER_COUNT ? how[c->by] : "?",
                 v->scn->decisions[c->decision].options[c->option].label);
        notice_box(v, text, eap_viz_color_rgb(EAP_VIZ_C_THREAT), y, -1, false);
    }
}
