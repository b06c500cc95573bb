/*
 * One map pass: the main map and the inset are drawn by the same code, each pass with its
 * projection, its clip and what is already on it (markers, furniture, labels). Labels are
 * queued while the markers go down and placed at the end of the pass, most important first.
 * Below everything that draws on the maps (draw_units.c, draw_map.c).
 */
#include <math.h>
#include <string.h>

#include "viz_internal.h"

void eap__viz_pass_init(struct viz_pass *p, struct eap_viz *v, const struct eap_viz_map *m,
                        bool inset)
{
    memset(p, 0, sizeof(*p));
    p->v = v;
    p->m = m;
    p->inset = inset;
    p->clip = (SDL_Rect){m->area.x, m->area.y, m->area.w, m->area.h};
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

void eap__viz_pass_take(struct viz_pass *p, SDL_Rect r)
{
    if (p->ntaken < VIZ_MAX_TAKEN) {
        p->taken[p->ntaken++] = r;
    }
}

void eap__viz_pass_mark(struct viz_pass *p, float x, float y, int px)
{
    int in = px * 4 / 5; /* the disc's inner square: a neighbour may touch its round edge */
    eap__viz_pass_take(p, (SDL_Rect){(int)lroundf(x) - in / 2, (int)lroundf(y) - in / 2, in, in});
    if (p->nmarks < VIZ_MAX_TAKEN) {
        p->marks[p->nmarks++] = (SDL_FPoint){x, y};
    }
}

static float rect_distance(SDL_Rect r, float x, float y)
{
    float dx = fmaxf(fmaxf(r.x - x, 0), x - (r.x + r.w));
    float dy = fmaxf(fmaxf(r.y - y, 0), y - (r.y + r.h));
    return hypotf(dx, dy);
}

/* A label spot is misleading when another marker sits nearer to it than its own. */
static bool ambiguous(const struct viz_pass *p, SDL_Rect r, float x, float y)
{
    float own = rect_distance(r, x, y);
    for (size_t i = 0; i < p->nmarks; i++) {
        const SDL_FPoint m = p->marks[i];
        if (fabsf(m.x - x) + fabsf(m.y - y) > 1.5f && rect_distance(r, m.x, m.y) + 2 < own) {
            return true;
        }
    }
    return false;
}

static bool inside(SDL_Rect r, SDL_Rect clip)
{
    return r.x >= clip.x && r.y >= clip.y && r.x + r.w <= clip.x + clip.w &&
           r.y + r.h <= clip.y + clip.h;
}

bool eap__viz_pass_free(const struct viz_pass *p, SDL_Rect r)
{
    return inside(r, p->clip) && !eap__viz_overlaps(r, p->taken, p->ntaken);
}

/* Halo text carries its outline as padding: its lines overlap by that much. */
static int line_step(const struct viz_text *t, bool chip)
{
    return t ? t->h - (chip ? 0 : 4) : 0;
}

static void draw_label_block(struct viz_pass *p, const struct viz_label_req *q, SDL_Rect box)
{
    SDL_Renderer *ren = p->v->ren;
    int pad = q->chip ? 4 : 0;
    if (q->chip) {
        eap__viz_fill(ren, box, VIZ_DARK, 215);
        if (q->accent) {
            eap__viz_fill(ren, (SDL_Rect){box.x, box.y, 3, box.h}, q->accent, 255);
        }
    }
    int x = box.x + pad + (q->chip && q->accent ? 3 : 0), y = box.y + pad;
    for (size_t i = 0; i < q->nlines; i++) {
        SDL_Rect r = {x, y, q->lines[i]->w, q->lines[i]->h};
        SDL_RenderCopy(ren, q->lines[i]->tex, NULL, &r);
        y += line_step(q->lines[i], q->chip);
    }
}

void eap__viz_label(struct viz_pass *p, const struct viz_label_req *req)
{
    if (req->nlines > 0 && p->nlabels < VIZ_MAX_LABELS) {
        p->labels[p->nlabels++] = *req;
    }
}

/* Pixels of r already covered by taken rectangles (counting overlaps twice). */
static long overlap_area(SDL_Rect r, const SDL_Rect *taken, size_t n)
{
    long sum = 0;
    for (size_t i = 0; i < n; i++) {
        SDL_Rect x;
        if (SDL_IntersectRect(&r, &taken[i], &x)) {
            sum += (long)x.w * x.h;
        }
    }
    return sum;
}

#define SPOTS 24

/* Candidate spots round a marker of radius r at (x, y) for a w x h label: the four sides,
 * then the four corners, close by, a little farther, and farther still. */
static void candidates(const struct viz_label_req *q, int w, int h, SDL_Rect c[SPOTS])
{
    static const int gap[3] = {2, 8, 20};
    int ix = (int)lroundf(q->x), iy = (int)lroundf(q->y);
    for (int ring = 0; ring < 3; ring++) {
        int r = (int)ceilf(q->r) + gap[ring];
        SDL_Rect *k = &c[ring * 8];
        k[0] = (SDL_Rect){ix + r, iy - h / 2, w, h};
        k[1] = (SDL_Rect){ix - r - w, iy - h / 2, w, h};
        k[2] = (SDL_Rect){ix - w / 2, iy - r - h, w, h};
        k[3] = (SDL_Rect){ix - w / 2, iy + r, w, h};
        k[4] = (SDL_Rect){ix + r - 4, iy - r - h + 6, w, h};
        k[5] = (SDL_Rect){ix + r - 4, iy + r - 6, w, h};
        k[6] = (SDL_Rect){ix - r - w + 4, iy - r - h + 6, w, h};
        k[7] = (SDL_Rect){ix - r - w + 4, iy + r - 6, w, h};
    }
}

/* The first candidate that covers nothing; else, when forced, the one that covers least
 * (a spot nearer another marker than its own counts as covering a fifth of itself). */
static bool find_spot(struct viz_pass *p, const struct viz_label_req *q, int w, int h,
                      SDL_Rect *out, int *index)
{
    SDL_Rect c[SPOTS];
    candidates(q, w, h, c);
    long least = -1;
    for (int i = 0; i < SPOTS; i++) {
        if (!inside(c[i], p->clip)) {
            continue;
        }
        long covered = overlap_area(c[i], p->taken, p->ntaken);
        if (ambiguous(p, c[i], q->x, q->y)) {
            covered += (long)c[i].w * c[i].h / 5; /* better than covering text, but not free */
        }
        if (covered == 0 || (q->force && (least < 0 || covered < least))) {
            least = covered;
            *out = c[i];
            *index = i;
        }
        if (covered == 0) {
            return true;
        }
    }
    return least >= 0;
}

/* A faint line from a marker to a label placed on the farthest ring of spots, so that it
 * still reads as belonging to it. */
static void leader(struct viz_pass *p, const struct viz_label_req *q, SDL_Rect r)
{
    float nx = fmaxf((float)r.x, fminf(q->x, (float)(r.x + r.w)));
    float ny = fmaxf((float)r.y, fminf(q->y, (float)(r.y + r.h)));
    float dx = nx - q->x, dy = ny - q->y, d = hypotf(dx, dy);
    if (d > q->r + 2) {
        float sx = q->x + dx / d * (q->r + 1), sy = q->y + dy / d * (q->r + 1);
        eap__viz_thick_line(p->v->ren, sx, sy, nx, ny, 1.0f, VIZ_MUTED, 200);
    }
}

static void place_label(struct viz_pass *p, const struct viz_label_req *q)
{
    int pad = q->chip ? 4 : 0, bar = q->chip && q->accent ? 3 : 0;
    int w = 0, h = 2 * pad + (q->chip ? 0 : 4);
    for (size_t i = 0; i < q->nlines; i++) {
        w = q->lines[i]->w > w ? q->lines[i]->w : w;
        h += line_step(q->lines[i], q->chip);
    }
    w += 2 * pad + bar;
    SDL_Rect spot;
    int index = 0;
    if (find_spot(p, q, w, h, &spot, &index)) {
        eap__viz_pass_take(p, spot);
        if (index >= 16) {
            leader(p, q, spot);
        }
        draw_label_block(p, q, spot);
    }
}

void eap__viz_place_labels(struct viz_pass *p)
{
    for (int prio = PRIO_DANGER; prio <= PRIO_OTHER; prio++) {
        for (size_t i = 0; i < p->nlabels; i++) {
            if (p->labels[i].prio == (enum viz_label_prio)prio) {
                place_label(p, &p->labels[i]);
            }
        }
    }
}

/* Labels wrap at this width: narrower in a small inset. */
int eap__viz_label_width(const struct viz_pass *p)
{
    int w = p->clip.w / 2;
    return w < 180 ? 180 : w > 300 ? 300 : w;
}
