/*
 * Drawing primitives on top of SDL_Renderer that work the same on a GPU window and on the
 * software renderer of a screenshot: translucent rectangles, thick and dashed lines, and
 * tinted, rotated icons.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "viz_internal.h"

void eap__viz_color(SDL_Renderer *ren, uint32_t rgb, uint8_t alpha)
{
    SDL_SetRenderDrawBlendMode(ren, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ren, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha);
}

void eap__viz_fill(SDL_Renderer *ren, SDL_Rect r, uint32_t rgb, uint8_t alpha)
{
    eap__viz_color(ren, rgb, alpha);
    SDL_RenderFillRect(ren, &r);
}

void eap__viz_frame_rect(SDL_Renderer *ren, SDL_Rect r, uint32_t rgb, uint8_t alpha)
{
    eap__viz_color(ren, rgb, alpha);
    SDL_RenderDrawRect(ren, &r);
}

void eap__viz_thick_line(SDL_Renderer *ren, float x0, float y0, float x1, float y1, float width,
                         uint32_t rgb, uint8_t alpha)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f) {
        return;
    }
    if (width <= 1.0f) {
        eap__viz_color(ren, rgb, alpha);
        SDL_RenderDrawLineF(ren, x0, y0, x1, y1);
        return;
    }
    /* A quad around the segment, with the ends pushed out half a width (square caps) so
     * consecutive segments of a polyline meet without gaps. */
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    float ex = dx / len * width / 2, ey = dy / len * width / 2;
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, alpha};
    SDL_Vertex v[4] = {
        {{x0 - ex + nx, y0 - ey + ny}, c, {0, 0}},
        {{x0 - ex - nx, y0 - ey - ny}, c, {0, 0}},
        {{x1 + ex - nx, y1 + ey - ny}, c, {0, 0}},
        {{x1 + ex + nx, y1 + ey + ny}, c, {0, 0}},
    };
    const int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(ren, NULL, v, 4, idx, 6);
}

void eap__viz_dashed_line(SDL_Renderer *ren, float x0, float y0, float x1, float y1, float on,
                          float off, uint32_t rgb, uint8_t alpha)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.5f || on <= 0) {
        return;
    }
    /* Lines far off screen are not worth thousands of dashes. */
    if (len > 20000.0f) {
        return;
    }
    eap__viz_color(ren, rgb, alpha);
    for (float s = 0; s < len; s += on + off) {
        float e = fminf(s + on, len);
        SDL_RenderDrawLineF(ren, x0 + dx * s / len, y0 + dy * s / len, x0 + dx * e / len,
                            y0 + dy * e / len);
    }
}

void eap__viz_icon_at(struct eap_viz *v, enum viz_icon icon, float x, float y, int px, uint32_t rgb,
                      uint8_t alpha, double angle)
{
    SDL_Texture *t = eap__viz_icon(v, icon, px);
    if (!t) {
        return;
    }
    SDL_SetTextureColorMod(t, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb);
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_FRect r = {roundf(x - px / 2.0f), roundf(y - px / 2.0f), (float)px, (float)px};
    if (fabs(angle) < 0.5) {
        SDL_RenderCopyF(v->ren, t, NULL, &r);
    } else {
        SDL_RenderCopyExF(v->ren, t, NULL, &r, angle, NULL, SDL_FLIP_NONE);
    }
}

/* ---- What the chrome put down ---- */

void eap__viz_item(struct eap_viz *v, enum eap_viz_item_kind kind, SDL_Rect box, int32_t index,
                   const char *text)
{
    struct viz_items *it = &v->items;
    if (it->count == it->cap) {
        size_t cap = it->cap ? 2 * it->cap : 32;
        struct eap_viz_item *grown = realloc(it->items, cap * sizeof(*grown));
        if (!grown) {
            return;
        }
        it->items = grown;
        it->cap = cap;
    }
    struct eap_viz_item *e = &it->items[it->count++];
    e->kind = kind;
    e->box = (struct eap_viz_rect){box.x, box.y, box.w, box.h};
    e->index = index;
    snprintf(e->text, sizeof(e->text), "%s", text ? text : "");
}
