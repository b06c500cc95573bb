/*
 * Label placement, pure and display-free: given the markers on a map, what labels must keep
 * off (markers, the scale bar, the inset box) and the size of each label, it finds each label
 * a spot beside its own marker, or farther off with a leader line, so that no two labels
 * overlap and none reads as another marker's. The renderer measures the text and draws the
 * result; tests check the placement on synthetic layouts without SDL.
 */
#include "eapsim/viz.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Gaps (pixels between the marker's edge and the label) of the spots beside a marker... */
static const int beside_gap[] = {2, 8};
#define NBESIDE_GAPS 2
/* ...and of the spots farther off, which get a leader line (closer together near the marker,
 * where a few pixels decide between two neighbours). */
static const int far_gap[] = {14, 20,  26,  32,  40,  48,  56,  66, 78,
                              92, 108, 126, 146, 168, 192, 218, 244};
#define NFAR_GAPS (sizeof(far_gap) / sizeof(far_gap[0]))
/* Pixels a leader keeps clear of markers other than its own. */
#define LEADER_CLEAR 4
/* Spots at one gap: 8 round the marker and up to SLIDES more along each side. */
#define SLIDES 24
#define MAX_SPOTS (8 + 4 * SLIDES)
/* How far past its middle a far spot slides (within the SLIDES / 2 steps of 4 px). */
#define FAR_SLACK 12

static struct eap_viz_rect inner_square(const struct eap_viz_marker *m);

void eap_viz_placer_init(struct eap_viz_placer *p, struct eap_viz_rect clip)
{
    p->clip = clip;
    p->ntaken = p->nmarks = p->nleaders = 0;
}

void eap_viz_placer_take(struct eap_viz_placer *p, struct eap_viz_rect r)
{
    if (p->ntaken < EAP_VIZ_PLACER_MAX) {
        p->taken[p->ntaken++] = r;
    }
}

void eap_viz_placer_mark(struct eap_viz_placer *p, float x, float y, float r)
{
    /* The disc's inner square: a neighbour's label may touch its round edge. */
    struct eap_viz_marker m = {x, y, r};
    eap_viz_placer_take(p, inner_square(&m));
    if (p->nmarks < EAP_VIZ_PLACER_MAX) {
        p->marks[p->nmarks++] = m;
    }
}

/* ---- Geometry ---- */

static bool intersect(struct eap_viz_rect a, struct eap_viz_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static long overlap_area(struct eap_viz_rect a, struct eap_viz_rect b)
{
    long w = (long)(a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w) - (a.x > b.x ? a.x : b.x);
    long h = (long)(a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h) - (a.y > b.y ? a.y : b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

static bool inside(struct eap_viz_rect r, struct eap_viz_rect clip)
{
    return r.x >= clip.x && r.y >= clip.y && r.x + r.w <= clip.x + clip.w &&
           r.y + r.h <= clip.y + clip.h;
}

static float box_distance(struct eap_viz_rect r, float x, float y)
{
    float dx = fmaxf(fmaxf(r.x - x, 0), x - (r.x + r.w));
    float dy = fmaxf(fmaxf(r.y - y, 0), y - (r.y + r.h));
    return hypotf(dx, dy);
}

/* Whether segment s passes through the inside of r (touching its edge is fine):
 * Liang-Barsky clipping against r shrunk by a pixel. */
static bool segment_crosses_rect(struct eap_viz_segment s, struct eap_viz_rect r)
{
    float t0 = 0, t1 = 1, dx = s.x1 - s.x0, dy = s.y1 - s.y0;
    const float p[4] = {-dx, dx, -dy, dy};
    const float q[4] = {s.x0 - (r.x + 1), (r.x + r.w - 1) - s.x0, s.y0 - (r.y + 1),
                        (r.y + r.h - 1) - s.y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) {
                return false;
            }
        } else if (p[i] < 0) {
            t0 = fmaxf(t0, q[i] / p[i]);
        } else {
            t1 = fminf(t1, q[i] / p[i]);
        }
    }
    return t0 < t1;
}

static float cross(float ax, float ay, float bx, float by, float cx, float cy)
{
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/* Whether two segments cross properly (sharing an end point does not count). */
static bool segments_cross(struct eap_viz_segment a, struct eap_viz_segment b)
{
    float d1 = cross(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0);
    float d2 = cross(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1);
    float d3 = cross(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0);
    float d4 = cross(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/* ---- What is free ---- */

bool eap_viz_placer_free(const struct eap_viz_placer *p, struct eap_viz_rect r)
{
    if (!inside(r, p->clip)) {
        return false;
    }
    for (size_t i = 0; i < p->ntaken; i++) {
        if (intersect(r, p->taken[i])) {
            return false;
        }
    }
    for (size_t i = 0; i < p->nleaders; i++) {
        if (segment_crosses_rect(p->leaders[i], r)) {
            return false;
        }
    }
    return true;
}

bool eap_viz_placer_try(struct eap_viz_placer *p, struct eap_viz_rect r)
{
    if (!eap_viz_placer_free(p, r)) {
        return false;
    }
    eap_viz_placer_take(p, r);
    return true;
}

/* A spot beside a marker reads as another's unless its own marker is clearly the nearest:
 * any other at less than a quarter more distance (and 2 px) makes it ambiguous. */
static bool ambiguous(const struct eap_viz_placer *p, struct eap_viz_rect r,
                      const struct eap_viz_label *q)
{
    float own = box_distance(r, q->x, q->y);
    for (size_t i = 0; i < p->nmarks; i++) {
        const struct eap_viz_marker *m = &p->marks[i];
        if (fabsf(m->x - q->x) + fabsf(m->y - q->y) > 1.5f &&
            box_distance(r, m->x, m->y) < own * 1.25f + 2) {
            return true;
        }
    }
    return false;
}

/* Whether (x, y) lies strictly inside r. */
static bool contains(struct eap_viz_rect r, float x, float y)
{
    return x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h;
}

static struct eap_viz_rect inner_square(const struct eap_viz_marker *m)
{
    int in = (int)lroundf(m->r * 2) * 4 / 5;
    return (struct eap_viz_rect){(int)lroundf(m->x) - in / 2, (int)lroundf(m->y) - in / 2, in, in};
}

/* Whether a leader from marker (x, y) along s would cross something: a label, a marker, the
 * furniture or another leader. A marker drawn over this one (its centre lies under it) does
 * not count: the line has to come out from under it. */
static bool leader_blocked(const struct eap_viz_placer *p, const struct eap_viz_label *q,
                           struct eap_viz_segment s)
{
    float x = q->x, y = q->y;
    for (size_t i = 0; i < p->ntaken; i++) {
        if (segment_crosses_rect(s, p->taken[i]) && !contains(p->taken[i], x, y)) {
            return true;
        }
    }
    /* Nor may it graze another marker: a line that passes a few pixels from one seems to
     * start there, and closes the gap that marker's own leader may need. A marker that
     * touches this one cannot be given that berth (the line starts beside it): the line only
     * keeps off it. */
    for (size_t i = 0; i < p->nmarks; i++) {
        const struct eap_viz_marker *m = &p->marks[i];
        struct eap_viz_rect r = inner_square(m);
        bool touching = hypotf(m->x - x, m->y - y) < m->r + q->r;
        int clear = touching ? 0 : LEADER_CLEAR;
        struct eap_viz_rect wide = {r.x - clear, r.y - clear, r.w + 2 * clear, r.h + 2 * clear};
        if (!contains(wide, x, y) && segment_crosses_rect(s, wide)) {
            return true;
        }
    }
    for (size_t i = 0; i < p->nleaders; i++) {
        if (segments_cross(s, p->leaders[i])) {
            return true;
        }
    }
    return false;
}

/* ---- Spots ---- */

/* The spots at one gap from the marker's edge, best first: centred to the right, left,
 * above and below; the four corners (tucked in a little, since a disc leaves its corners
 * empty); then slid along each side, nearest the centred spot first, as long as the marker
 * still faces the label (the "slider" model of map labelling). A far spot, which a leader
 * joins to its marker, need not face it: it slides FAR_SLACK pixels past the label's middle,
 * so that a label can pass the edge of a box (the inset) the centred spot runs into.
 * Returns how many. */
static int spots_at(const struct eap_viz_label *q, int gap, bool far, struct eap_viz_rect *out)
{
    int ix = (int)lroundf(q->x), iy = (int)lroundf(q->y), w = q->w, h = q->h;
    int r = (int)ceilf(q->r) + gap, n = 0;
    int right = ix + r, left = ix - r - w, above = iy - r - h, below = iy + r;
    int cx = ix - w / 2, cy = iy - h / 2;
    out[n++] = (struct eap_viz_rect){right, cy, w, h};
    out[n++] = (struct eap_viz_rect){left, cy, w, h};
    out[n++] = (struct eap_viz_rect){cx, above, w, h};
    out[n++] = (struct eap_viz_rect){cx, below, w, h};
    out[n++] = (struct eap_viz_rect){right - 4, above + 6, w, h};
    out[n++] = (struct eap_viz_rect){right - 4, below - 6, w, h};
    out[n++] = (struct eap_viz_rect){left + 4, above + 6, w, h};
    out[n++] = (struct eap_viz_rect){left + 4, below - 6, w, h};
    int step_y = 4, step_x = w / 12 > 4 ? w / 12 : 4;
    for (int k = 1; k <= SLIDES / 2; k++) {
        int dy = (k + 1) / 2 * step_y * (k % 2 ? 1 : -1);
        int dx = (k + 1) / 2 * step_x * (k % 2 ? 1 : -1);
        if (abs(dy) <= (far ? h / 2 + FAR_SLACK : h / 2 - 4)) {
            out[n++] = (struct eap_viz_rect){right, cy + dy, w, h};
            out[n++] = (struct eap_viz_rect){left, cy + dy, w, h};
        }
        if (abs(dx) <= (far ? w / 2 + FAR_SLACK : w / 2 - 4)) {
            out[n++] = (struct eap_viz_rect){cx + dx, above, w, h};
            out[n++] = (struct eap_viz_rect){cx + dx, below, w, h};
        }
    }
    return n;
}

/* The leader from the marker's edge to the nearest point of the box. */
static struct eap_viz_segment leader_to(const struct eap_viz_label *q, struct eap_viz_rect r)
{
    float nx = fmaxf((float)r.x, fminf(q->x, (float)(r.x + r.w)));
    float ny = fmaxf((float)r.y, fminf(q->y, (float)(r.y + r.h)));
    float dx = nx - q->x, dy = ny - q->y, d = hypotf(dx, dy);
    float k = d > 0 ? (q->r + 1) / d : 0;
    return (struct eap_viz_segment){q->x + dx * k, q->y + dy * k, nx, ny};
}

/* ---- Placing ---- */

static void take_label(struct eap_viz_placer *p, struct eap_viz_label *q, struct eap_viz_rect r,
                       bool leader)
{
    q->shown = true;
    q->box = r;
    q->leader = leader;
    struct eap_viz_segment s = leader_to(q, r);
    q->lx = s.x1;
    q->ly = s.y1;
    eap_viz_placer_take(p, r);
    if (leader && p->nleaders < EAP_VIZ_PLACER_LEADERS) {
        p->leaders[p->nleaders++] = s;
    }
}

static bool place_beside(struct eap_viz_placer *p, struct eap_viz_label *q)
{
    struct eap_viz_rect spots[MAX_SPOTS];
    for (int g = 0; g < NBESIDE_GAPS; g++) {
        int n = spots_at(q, beside_gap[g], false, spots);
        for (int k = 0; k < n; k++) {
            if (eap_viz_placer_free(p, spots[k]) && !ambiguous(p, spots[k], q)) {
                take_label(p, q, spots[k], false);
                return true;
            }
        }
    }
    return false;
}

/* The nearest free far spot whose leader crosses nothing. */
static bool place_far(struct eap_viz_placer *p, struct eap_viz_label *q)
{
    struct eap_viz_rect spots[MAX_SPOTS];
    for (size_t g = 0; g < NFAR_GAPS; g++) {
        int n = spots_at(q, far_gap[g], true, spots);
        for (int k = 0; k < n; k++) {
            if (eap_viz_placer_free(p, spots[k]) && !leader_blocked(p, q, leader_to(q, spots[k]))) {
                take_label(p, q, spots[k], true);
                return true;
            }
        }
    }
    return false;
}

/* The last resort of a forced label: the spot beside its marker that covers least. */
static void place_crowded(struct eap_viz_placer *p, struct eap_viz_label *q)
{
    struct eap_viz_rect spots[MAX_SPOTS];
    int n = spots_at(q, beside_gap[0], false, spots);
    long least = LONG_MAX;
    struct eap_viz_rect best = spots[0];
    for (int k = 0; k < n; k++) {
        long covered = 0;
        for (size_t i = 0; i < p->ntaken; i++) {
            covered += overlap_area(spots[k], p->taken[i]);
        }
        /* Leaving the map is worse than covering anything on it. */
        covered += inside(spots[k], p->clip) ? 0 : (long)spots[k].w * spots[k].h * 4;
        if (covered < least) {
            least = covered;
            best = spots[k];
        }
    }
    take_label(p, q, best, false);
    q->crowded = true;
}

/* Beside the marker, else (unless it is context) farther off with a leader; the label's size
 * is q->w x q->h. */
static bool place_sized(struct eap_viz_placer *p, struct eap_viz_label *q)
{
    return place_beside(p, q) || (q->need != EAP_VIZ_CONTEXT && place_far(p, q));
}

/* The compact form's spot, as the label's own. */
static void adopt(struct eap_viz_label *q, const struct eap_viz_label *c)
{
    q->shown = true;
    q->compact = true;
    q->leader = c->leader;
    q->crowded = c->crowded;
    q->lx = c->lx;
    q->ly = c->ly;
    q->box = c->box;
}

static void place_one(struct eap_viz_placer *p, struct eap_viz_label *q)
{
    q->shown = q->leader = q->crowded = q->compact = false;
    if (q->w <= 0 || q->h <= 0 || place_sized(p, q)) {
        return;
    }
    /* No room for it whole: its compact form (its name), where it has one. */
    struct eap_viz_label c = *q;
    c.w = q->cw;
    c.h = q->ch;
    bool small = c.w > 0 && c.h > 0 && (c.w < q->w || c.h < q->h);
    if (small && place_sized(p, &c)) {
        adopt(q, &c);
    } else if (q->need == EAP_VIZ_FORCED) {
        place_crowded(p, small ? &c : q);
        if (small) {
            adopt(q, &c);
        }
    }
}

/* The order labels are placed in: by priority, and within one, what must show first. */
static long rank(const struct eap_viz_label *q)
{
    return (long)q->prio * 4 + (EAP_VIZ_FORCED - (long)q->need);
}

#define CROWD_PX 60.0f /* markers this near a label's own make it hard to place */

/* How many other markers sit near the label's marker. Within a rank the most crowded go
 * first: in a cluster the inner markers need a leader out between the outer ones before
 * the outer ones' labels close the way. */
static int crowd(const struct eap_viz_placer *p, const struct eap_viz_label *q)
{
    int n = 0;
    for (size_t i = 0; i < p->nmarks; i++) {
        float dx = p->marks[i].x - q->x, dy = p->marks[i].y - q->y;
        n += dx * dx + dy * dy < CROWD_PX * CROWD_PX && (fabsf(dx) > 0.5f || fabsf(dy) > 0.5f);
    }
    return n;
}

static void place_rank(struct eap_viz_placer *p, struct eap_viz_label *labels, size_t n, long k,
                       const bool *skip)
{
    int most = 0;
    for (size_t i = 0; i < n; i++) {
        if (rank(&labels[i]) == k) {
            int c = crowd(p, &labels[i]);
            most = c > most ? c : most;
        }
    }
    for (int c = most; c >= 0; c--) {
        for (size_t i = 0; i < n; i++) {
            if (rank(&labels[i]) == k && !(skip && skip[i]) && crowd(p, &labels[i]) == c) {
                place_one(p, &labels[i]);
            }
        }
    }
}

/* The lowest rank above `*level` (any rank, the first time) among the labels `pick` allows
 * (all when pick is NULL; else those whose flag equals `flag`). False when there is none. */
static bool next_rank(const struct eap_viz_label *labels, size_t n, const bool *pick, bool flag,
                      bool *started, long *level)
{
    bool found = false;
    long next = LONG_MAX;
    for (size_t i = 0; i < n; i++) {
        long k = rank(&labels[i]);
        if ((!pick || pick[i] == flag) && (!*started || k > *level) && k <= next) {
            next = k;
            found = true;
        }
    }
    *started = true;
    *level = next;
    return found;
}

/* One sweep per rank, lowest first; with `first`, the labels it flags (those walled in by
 * an earlier sweep) go before all the others, in their ranks' order. */
static void place_all(struct eap_viz_placer *p, struct eap_viz_label *labels, size_t n,
                      const bool *first)
{
    bool started = false;
    long level = 0;
    while (first && next_rank(labels, n, first, true, &started, &level)) {
        for (size_t i = 0; i < n; i++) {
            if (first[i] && rank(&labels[i]) == level) {
                place_one(p, &labels[i]);
            }
        }
    }
    started = false;
    while (next_rank(labels, n, first, false, &started, &level)) {
        place_rank(p, labels, n, level, first);
    }
}

#define RETRY_MAX 512 /* labels the later sweeps can reorder (a frame has a few dozen) */
#define SWEEPS 4

/* Adds the crowded labels to `first`; returns how many are crowded. */
static size_t mark_crowded(const struct eap_viz_label *labels, size_t n, bool *first)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        first[i] = first[i] || labels[i].crowded;
        k += labels[i].crowded;
    }
    return k;
}

static void sweep(struct eap_viz_placer *p, size_t taken, size_t leaders,
                  struct eap_viz_label *labels, size_t n, const bool *first)
{
    p->ntaken = taken;
    p->nleaders = leaders;
    place_all(p, labels, n, first);
}

void eap_viz_place_labels(struct eap_viz_placer *p, struct eap_viz_label *labels, size_t n)
{
    size_t taken = p->ntaken, leaders = p->nleaders;
    place_all(p, labels, n, NULL);
    if (n > RETRY_MAX) {
        return;
    }
    /* A greedy sweep can wall a label in with the labels placed before it. Again, with the
     * walled-in ones (of this and the earlier sweeps) before all others: room for every
     * label matters more than which gets the best spot. The sweep that crowds fewest wins;
     * when it is not the last, it is done again (it depends on its inputs only). */
    bool first[RETRY_MAX] = {false}, best_first[RETRY_MAX];
    size_t best = mark_crowded(labels, n, first);
    bool best_is_first_sweep = true, last_is_best = true;
    for (int k = 1; k < SWEEPS && best > 0; k++) {
        bool used[RETRY_MAX];
        memcpy(used, first, n * sizeof(*first));
        sweep(p, taken, leaders, labels, n, used);
        size_t crowded = mark_crowded(labels, n, first);
        last_is_best = crowded < best;
        if (last_is_best) {
            best = crowded;
            best_is_first_sweep = false;
            memcpy(best_first, used, n * sizeof(*used));
        }
    }
    if (!last_is_best) {
        sweep(p, taken, leaders, labels, n, best_is_first_sweep ? NULL : best_first);
    }
}
