/*
 * One map pass: the main map and the inset are drawn by the same code, each pass with its
 * projection, its clip and what is already on it (markers, furniture, labels). Labels are
 * queued while the markers go down; at the end of the pass the pure placer (labels.c) finds
 * their spots from the sizes measured here, and they are drawn, with leader lines where they
 * sit away from their markers. Below everything that draws on the maps (draw_units.c,
 * draw_map.c). What a pass put down is kept for eap_viz_map_items.
 */
#include <math.h>
#include <string.h>

#include "viz_internal.h"

void eap__viz_pass_init(struct viz_pass *p, struct eap_viz *v, const struct eap_viz_map *m,
                        bool inset)
{
    p->v = v;
    p->m = m;
    p->inset = inset;
    p->clip = (SDL_Rect){m->area.x, m->area.y, m->area.w, m->area.h};
    eap_viz_placer_init(&p->placer, m->area);
    p->nlabels = 0;
    memset(p->stack, 0, sizeof(p->stack));
    memset(p->orbit, 0, sizeof(p->orbit));
    memset(p->stack_convoy, 0, sizeof(p->stack_convoy));
    p->footprint = (SDL_Rect){0, 0, 0, 0};
    p->footprint_rgb = 0;
    struct viz_drawn *d = &v->drawn[inset];
    d->valid = true;
    d->clip = m->area;
    d->nlabels = d->nmarks = 0;
}

bool eap__viz_pass_point(const struct viz_pass *p, double lat, double lon, double slack, float *x,
                         float *y)
{
    double sx, sy;
    eap_viz_map_project(p->m, lat, lon, &sx, &sy);
    *x = (float)sx;
    *y = (float)sy;
    const struct eap_viz_rect a = p->m->area;
    return sx >= a.x - slack && sx < a.x + a.w + slack && sy >= a.y - slack &&
           sy < a.y + a.h + slack;
}

bool eap__viz_pass_defers(const struct viz_pass *p, double lat, double lon)
{
    return !p->inset && eap_viz_layout_in_inset(&p->v->layout, lat, lon);
}

static struct eap_viz_rect viz_rect(SDL_Rect r)
{
    return (struct eap_viz_rect){r.x, r.y, r.w, r.h};
}

void eap__viz_pass_take(struct viz_pass *p, SDL_Rect r)
{
    eap_viz_placer_take(&p->placer, viz_rect(r));
}

void eap__viz_pass_mark(struct viz_pass *p, float x, float y, int px)
{
    eap_viz_placer_mark(&p->placer, x, y, px / 2.0f);
    struct viz_drawn *d = &p->v->drawn[p->inset];
    if (d->nmarks < EAP_VIZ_PLACER_MAX) {
        d->marks[d->nmarks++] = (struct eap_viz_marker){x, y, px / 2.0f};
    }
}

bool eap__viz_pass_clear(const struct viz_pass *p, SDL_Rect r)
{
    SDL_Rect in;
    return !SDL_IntersectRect(&r, &p->clip, &in) || eap_viz_placer_free(&p->placer, viz_rect(in));
}

/* Keeps a label of this pass for eap_viz_map_items. */
static void record(struct viz_pass *p, const struct eap_viz_label *l)
{
    struct viz_drawn *d = &p->v->drawn[p->inset];
    if (d->nlabels < VIZ_DRAWN_LABELS) {
        d->labels[d->nlabels++] = *l;
    }
}

bool eap__viz_pass_text(struct viz_pass *p, const struct viz_text *t, float x, float y)
{
    if (!t) {
        return false;
    }
    SDL_Rect d = {(int)lroundf(x) - t->w / 2, (int)lroundf(y) - t->h / 2, t->w, t->h};
    if (!eap_viz_placer_try(&p->placer, viz_rect(d))) {
        return false;
    }
    SDL_RenderCopy(p->v->ren, t->tex, NULL, &d);
    struct eap_viz_label l = {
        .x = x, .y = y, .w = t->w, .h = t->h, .shown = true, .lx = x, .ly = y, .box = viz_rect(d)};
    record(p, &l);
    return true;
}

/* ---- Labels ---- */

void eap__viz_label(struct viz_pass *p, const struct viz_label_req *req)
{
    if (req->nlines > 0 && p->nlabels < VIZ_MAX_LABELS) {
        p->labels[p->nlabels++] = *req;
    }
}

/* Halo text carries its outline as padding: its lines overlap by that much. */
static int line_step(const struct viz_text *t, bool chip)
{
    return t ? t->h - (chip ? 0 : 4) : 0;
}

/* The size of the first n lines as drawn, plus a chip's padding and accent bar. */
static void size_of(const struct viz_label_req *q, size_t n, int *w, int *h)
{
    int pad = q->chip ? 4 : 0, bar = q->chip && q->accent ? 3 : 0;
    *w = 0;
    *h = 2 * pad + (q->chip ? 0 : 4);
    for (size_t i = 0; i < n; i++) {
        *w = q->lines[i]->w > *w ? q->lines[i]->w : *w;
        *h += line_step(q->lines[i], q->chip);
    }
    *w += 2 * pad + bar;
}

/* What the placer needs: the marker, the label's size whole and in its compact form (the
 * name alone), how important it is. */
static void measure(const struct viz_label_req *q, struct eap_viz_label *out)
{
    *out = (struct eap_viz_label){
        .x = q->x, .y = q->y, .r = q->r, .prio = (int)q->prio, .need = q->need};
    size_of(q, q->nlines, &out->w, &out->h);
    if (q->nname > 0 && q->nname < q->nlines) {
        size_of(q, q->nname, &out->cw, &out->ch);
    }
}

static void draw_block(struct viz_pass *p, const struct viz_label_req *q,
                       const struct eap_viz_label *l)
{
    SDL_Renderer *ren = p->v->ren;
    const struct eap_viz_rect b = l->box;
    int pad = q->chip ? 4 : 0;
    if (q->chip) {
        eap__viz_fill(ren, (SDL_Rect){b.x, b.y, b.w, b.h}, VIZ_DARK, 215);
        if (q->accent) {
            eap__viz_fill(ren, (SDL_Rect){b.x, b.y, 3, b.h}, q->accent, 255);
        }
    }
    int x = b.x + pad + (q->chip && q->accent ? 3 : 0), y = b.y + pad;
    size_t n = l->compact ? q->nname : q->nlines;
    for (size_t i = 0; i < n; i++) {
        SDL_Rect r = {x, y, q->lines[i]->w, q->lines[i]->h};
        SDL_RenderCopy(ren, q->lines[i]->tex, NULL, &r);
        y += line_step(q->lines[i], q->chip);
    }
}

/* A line from the marker's edge to a label placed away from it, dark under light so that it
 * reads over land, sea and routes, with a dot where it meets the label. */
static void draw_leader(struct viz_pass *p, const struct eap_viz_label *l)
{
    float dx = l->lx - l->x, dy = l->ly - l->y, d = hypotf(dx, dy);
    if (d <= l->r + 2) {
        return;
    }
    float sx = l->x + dx / d * (l->r + 1), sy = l->y + dy / d * (l->r + 1);
    eap__viz_thick_line(p->v->ren, sx, sy, l->lx, l->ly, 3.0f, VIZ_DARK, 160);
    eap__viz_thick_line(p->v->ren, sx, sy, l->lx, l->ly, 1.0f, VIZ_TEXT, 220);
    eap__viz_fill(p->v->ren, (SDL_Rect){(int)lroundf(l->lx) - 1, (int)lroundf(l->ly) - 1, 3, 3},
                  VIZ_TEXT, 255);
}

void eap__viz_place_labels(struct viz_pass *p)
{
    struct eap_viz_label *place = p->place;
    for (size_t i = 0; i < p->nlabels; i++) {
        measure(&p->labels[i], &place[i]);
    }
    eap_viz_place_labels(&p->placer, place, p->nlabels);
    /* Leaders first, so that no label is drawn under a line. */
    for (size_t i = 0; i < p->nlabels; i++) {
        if (place[i].shown && place[i].leader) {
            draw_leader(p, &place[i]);
        }
    }
    for (size_t i = 0; i < p->nlabels; i++) {
        if (place[i].shown) {
            draw_block(p, &p->labels[i], &place[i]);
        }
        record(p, &place[i]);
    }
}

/* Labels wrap at this width: narrower in a small inset. */
int eap__viz_label_width(const struct viz_pass *p)
{
    int w = p->clip.w / 2;
    return w < 180 ? 180 : w > 300 ? 300 : w;
}
