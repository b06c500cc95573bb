/*
 * Text as cached textures, keyed by content (string, font, colour, wrap width, halo): a
 * label or log line is rasterised by SDL_ttf once and then only copied, which is what keeps
 * the software renderer above 60 frames per second. Least recently used entries make room.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/hash.h"
#include "viz_internal.h"

static uint64_t key_hash(const char *str, int font, uint32_t rgb, int wrap, bool halo)
{
    uint64_t h = eap_fnv1a(EAP_FNV_OFFSET, str, strlen(str));
    int meta[4] = {font, (int)rgb, wrap, halo};
    return eap_fnv1a(h, meta, sizeof(meta));
}

static SDL_Color sdl_rgb(uint32_t rgb)
{
    return (SDL_Color){(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
}

static SDL_Surface *render_plain(TTF_Font *f, const char *str, uint32_t rgb, int wrap)
{
    return wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(f, str, sdl_rgb(rgb), (Uint32)wrap)
                    : TTF_RenderUTF8_Blended(f, str, sdl_rgb(rgb));
}

/* The text over a dark outline of itself, so it reads over land, sea and routes. */
static SDL_Surface *render_halo(struct eap_viz *v, enum viz_font font, const char *str,
                                uint32_t rgb)
{
    SDL_Surface *back = TTF_RenderUTF8_Blended(v->halo[font], str, sdl_rgb(VIZ_DARK));
    SDL_Surface *front = TTF_RenderUTF8_Blended(v->fonts[font], str, sdl_rgb(rgb));
    if (back && front) {
        int outline = TTF_GetFontOutline(v->halo[font]);
        SDL_Rect at = {outline, outline, front->w, front->h};
        SDL_SetSurfaceBlendMode(front, SDL_BLENDMODE_BLEND);
        SDL_BlitSurface(front, NULL, back, &at);
    }
    SDL_FreeSurface(front);
    return back;
}

static void drop(struct viz_text *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
    }
    free(e->str);
    memset(e, 0, sizeof(*e));
}

/* A free slot: an empty one, else the least recently used. */
static struct viz_text *slot(struct eap_viz *v)
{
    struct viz_text *lru = &v->text[0];
    for (size_t i = 0; i < VIZ_TEXT_CACHE; i++) {
        if (!v->text[i].tex) {
            return &v->text[i];
        }
        if (v->text[i].last_used < lru->last_used) {
            lru = &v->text[i];
        }
    }
    drop(lru);
    return lru;
}

const struct viz_text *eap__viz_text(struct eap_viz *v, enum viz_font font, uint32_t rgb,
                                     const char *str, int wrap, bool halo)
{
    if (!str || !str[0] || !v->text) {
        return NULL;
    }
    uint64_t h = key_hash(str, font, rgb, wrap, halo);
    for (size_t i = 0; i < VIZ_TEXT_CACHE; i++) {
        struct viz_text *e = &v->text[i];
        if (e->tex && e->hash == h && e->font == (int)font && e->rgb == rgb && e->wrap == wrap &&
            e->halo == halo && strcmp(e->str, str) == 0) {
            e->last_used = v->frame_no;
            return e;
        }
    }
    SDL_Surface *s =
        halo ? render_halo(v, font, str, rgb) : render_plain(v->fonts[font], str, rgb, wrap);
    if (!s) {
        return NULL;
    }
    struct viz_text *e = slot(v);
    e->tex = SDL_CreateTextureFromSurface(v->ren, s);
    e->str = strdup(str);
    e->w = s->w;
    e->h = s->h;
    SDL_FreeSurface(s);
    if (!e->tex || !e->str) {
        drop(e);
        return NULL;
    }
    e->hash = h;
    e->font = font;
    e->rgb = rgb;
    e->wrap = wrap;
    e->halo = halo;
    e->last_used = v->frame_no;
    return e;
}

void eap__viz_draw_text(struct eap_viz *v, enum viz_font font, uint32_t rgb, const char *str, int x,
                        int y, int *w, int *h)
{
    const struct viz_text *t = eap__viz_text(v, font, rgb, str, 0, false);
    if (w) {
        *w = t ? t->w : 0;
    }
    if (h) {
        *h = t ? t->h : 0;
    }
    if (t) {
        SDL_Rect r = {x, y, t->w, t->h};
        SDL_RenderCopy(v->ren, t->tex, NULL, &r);
    }
}

void eap__viz_text_free(struct eap_viz *v)
{
    if (!v->text) {
        return;
    }
    for (size_t i = 0; i < VIZ_TEXT_CACHE; i++) {
        drop(&v->text[i]);
    }
    free(v->text);
    v->text = NULL;
}

/* Cuts s at the first of the markers (not at its very start). */
static void cut_at(char *s, const char *const *markers, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *m = strstr(s, markers[i]);
        if (m && m != s) {
            *m = '\0';
        }
    }
}

const char *eap__viz_brief_name(const char *name, char *buf, size_t len)
{
    static const char *const markers[] = {" (", " from ", " with ", ", "};
    snprintf(buf, len, "%s", name ? name : "");
    cut_at(buf, markers, sizeof(markers) / sizeof(markers[0]));
    return buf;
}

const char *eap__viz_short_name(const char *name, char *buf, size_t len)
{
    static const char *const markers[] = {" ("};
    snprintf(buf, len, "%s", name ? name : "");
    cut_at(buf, markers, 1);
    return buf;
}

static void add_line(struct eap_viz *v, struct viz_label_req *q, enum viz_font font, uint32_t rgb,
                     const char *line)
{
    const struct viz_text *t = eap__viz_text(v, font, rgb, line, 0, !q->chip);
    if (t && q->nlines < VIZ_LABEL_LINES) {
        q->lines[q->nlines++] = t;
    }
}

/* Word-wraps one paragraph (no '\n') into label lines. */
static void wrap_paragraph(struct eap_viz *v, struct viz_label_req *q, enum viz_font font,
                           uint32_t rgb, const char *str, int max_w)
{
    char line[512] = "", cand[512];
    const char *p = str;
    while (p && *p) {
        while (*p == ' ') {
            p++;
        }
        const char *end = strchr(p, ' ');
        int len = end ? (int)(end - p) : (int)strlen(p);
        snprintf(cand, sizeof(cand), "%s%s%.*s", line, line[0] ? " " : "", len, p);
        int w = 0;
        TTF_SizeUTF8(v->fonts[font], cand, &w, NULL);
        if (line[0] && w > max_w) {
            add_line(v, q, font, rgb, line);
            snprintf(line, sizeof(line), "%.*s", len, p);
        } else {
            snprintf(line, sizeof(line), "%s", cand);
        }
        p = end;
    }
    if (line[0]) {
        add_line(v, q, font, rgb, line);
    }
}

void eap__viz_label_text(struct eap_viz *v, struct viz_label_req *q, enum viz_font font,
                         uint32_t rgb, const char *str, int max_w)
{
    char para[512];
    while (str && *str) {
        const char *nl = strchr(str, '\n');
        size_t n = nl ? (size_t)(nl - str) : strlen(str);
        snprintf(para, sizeof(para), "%.*s", (int)n, str);
        wrap_paragraph(v, q, font, rgb, para, max_w);
        str = nl ? nl + 1 : NULL;
    }
}

/* ---- Times ---- */

const char *eap__viz_duration(eap_time ms, char *buf, size_t len)
{
    long long m = (long long)((ms + EAP_MINUTE / 2) / EAP_MINUTE);
    if (m >= 60) {
        snprintf(buf, len, "%lldh%02lldm", m / 60, m % 60);
    } else {
        snprintf(buf, len, "%lld min", m);
    }
    return buf;
}

const char *eap__viz_clock(const struct eap_viz *v, eap_time t, char *buf, size_t len)
{
    return eap_viz_clock_text(&v->scn->clock, t, buf, len);
}
