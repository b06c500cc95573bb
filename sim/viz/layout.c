/*
 * Screen layout and map projection, pure and display-free: the Mercator maps, the split of
 * the window into header / map / panel / timeline, the places the default view fits, and
 * the inset that magnifies a city-scale cluster (the Benghazi compound and annex are 2 km
 * apart, one pixel on a map that must also show Sigonella). Tests use the same functions to
 * find where the renderer put things.
 */
#include "eapsim/viz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define EARTH_R 6371000.0

/* Layout constants (pixels). */
#define HEADER_H 52
#define TIMELINE_H 100
#define CLUSTER_PX 26.0 /* places closer than this on the main map collide */
#define FIT_MARGIN 48
#define INSET_TITLE_H 22
#define INSET_GAP 12
#define MIN_VIEW_M 250000.0 /* the main map shows at least this much ground */
#define MIN_INSET_M 3000.0  /* and the inset at least this */

/* ---- Mercator maps ---- */

double eap_viz_mercator_y(double lat)
{
    double l = fmax(-85.0, fmin(85.0, lat));
    return log(tan(PI / 4 + l * DEG / 2));
}

static double merc_lat(double y)
{
    return (2 * atan(exp(y)) - PI / 2) / DEG;
}

void eap_viz_map_project(const struct eap_viz_map *m, double lat, double lon, double *x, double *y)
{
    *x = m->area.x + m->area.w / 2.0 + (lon * DEG - m->cx) * m->scale;
    *y = m->area.y + m->area.h / 2.0 - (eap_viz_mercator_y(lat) - m->cy) * m->scale;
}

void eap_viz_map_unproject(const struct eap_viz_map *m, double x, double y, double *lat,
                           double *lon)
{
    *lon = (m->cx + (x - m->area.x - m->area.w / 2.0) / m->scale) / DEG;
    *lat = merc_lat(m->cy - (y - m->area.y - m->area.h / 2.0) / m->scale);
}

void eap_viz_map_fit(struct eap_viz_map *m, double lat0, double lon0, double lat1, double lon1,
                     int margin)
{
    double x0 = fmin(lon0, lon1) * DEG, x1 = fmax(lon0, lon1) * DEG;
    double y0 = eap_viz_mercator_y(fmin(lat0, lat1)), y1 = eap_viz_mercator_y(fmax(lat0, lat1));
    double w = fmax(m->area.w - 2.0 * margin, 16.0), h = fmax(m->area.h - 2.0 * margin, 16.0);
    double dx = fmax(x1 - x0, 1e-9), dy = fmax(y1 - y0, 1e-9);
    m->scale = fmin(w / dx, h / dy);
    m->cx = (x0 + x1) / 2;
    m->cy = (y0 + y1) / 2;
}

void eap_viz_map_zoom_at(struct eap_viz_map *m, double x, double y, double factor)
{
    double ox = m->area.x + m->area.w / 2.0, oy = m->area.y + m->area.h / 2.0;
    double wx = m->cx + (x - ox) / m->scale, wy = m->cy - (y - oy) / m->scale;
    m->scale *= factor;
    m->cx = wx - (x - ox) / m->scale;
    m->cy = wy + (y - oy) / m->scale;
}

double eap_viz_map_metres_per_px(const struct eap_viz_map *m, double lat)
{
    return EARTH_R * cos(lat * DEG) / m->scale;
}

bool eap_viz_map_contains(const struct eap_viz_map *m, double lat, double lon)
{
    double x, y;
    eap_viz_map_project(m, lat, lon, &x, &y);
    return x >= m->area.x && x < m->area.x + m->area.w && y >= m->area.y &&
           y < m->area.y + m->area.h;
}

/* ---- Which places the default view shows ---- */

static bool valid(int32_t i, size_t n)
{
    return i >= 0 && (size_t)i < n;
}

/* Never closer than MIN_VIEW_M across, so a one-city scenario still shows its region. */
static void limit_zoom(struct eap_viz_map *m, double lat)
{
    double span = fmin(m->area.w, m->area.h) * eap_viz_map_metres_per_px(m, lat);
    if (span < MIN_VIEW_M) {
        m->scale *= span / MIN_VIEW_M;
    }
}

/* ---- The inset ---- */

static int32_t find_root(int32_t *parent, int32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* The place an inset should be about: the first place attacked, else the first threat's,
 * else the start of the first convoy's route. */
static int32_t focus_place(const struct eap_scenario *scn, const struct eap_trace *tr)
{
    for (size_t i = 0; i < tr->count; i++) {
        if (tr->events[i].kind == EAP_EV_ATTACK_START && tr->events[i].place >= 0) {
            return tr->events[i].place;
        }
    }
    if (scn->threat_count > 0 && valid(scn->threats[0].place, scn->place_count)) {
        return scn->threats[0].place;
    }
    for (size_t c = 0; c < scn->convoy_count; c++) {
        int32_t r = scn->convoys[c].route;
        if (valid(r, scn->route_count) && scn->routes[r].segment_count > 0) {
            return scn->routes[r].segments[0].from;
        }
    }
    return EAP_NONE;
}

static bool is_threat_place(const struct eap_scenario *scn, int32_t p)
{
    for (size_t i = 0; i < scn->threat_count; i++) {
        if (scn->threats[i].place == p) {
            return true;
        }
    }
    return false;
}

bool eap_viz_place_important(const struct eap_scenario *scn, int32_t p)
{
    for (size_t i = 0; i < scn->party_count; i++) {
        if (scn->parties[i].at == p) {
            return true;
        }
    }
    return is_threat_place(scn, p);
}

/* Groups the places that collide on the main map (union-find over close pairs) and returns
 * the root of the cluster most worth magnifying, or EAP_NONE. */
static int32_t pick_cluster(const struct eap_scenario *scn, const struct eap_viz_map *m,
                            int32_t focus, int32_t *parent)
{
    size_t n = scn->place_count;
    for (size_t i = 0; i < n; i++) {
        parent[i] = (int32_t)i;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double xi, yi, xj, yj;
            eap_viz_map_project(m, scn->places[i].lat, scn->places[i].lon, &xi, &yi);
            eap_viz_map_project(m, scn->places[j].lat, scn->places[j].lon, &xj, &yj);
            if (hypot(xi - xj, yi - yj) < CLUSTER_PX) {
                parent[find_root(parent, (int32_t)i)] = find_root(parent, (int32_t)j);
            }
        }
    }
    int32_t best = EAP_NONE;
    long best_score = 0;
    for (size_t r = 0; r < n; r++) {
        long size = 0, score = 0;
        for (size_t i = 0; i < n; i++) {
            if (find_root(parent, (int32_t)i) == (int32_t)r) {
                size++;
                score += 1 + 10 * is_threat_place(scn, (int32_t)i) + 100 * ((int32_t)i == focus);
            }
        }
        if (size >= 2 && score > best_score) {
            best = (int32_t)r;
            best_score = score;
        }
    }
    return best;
}

/* The bounding box of the places (or of one cluster), in degrees. */
struct bbox {
    double lat0, lon0, lat1, lon1;
};

static struct bbox places_bbox(const struct eap_scenario *scn, int32_t *parent, int32_t root)
{
    struct bbox b = {90, 180, -90, -180};
    for (size_t p = 0; p < scn->place_count; p++) {
        if (root == EAP_NONE || find_root(parent, (int32_t)p) == root) {
            b.lat0 = fmin(b.lat0, scn->places[p].lat);
            b.lat1 = fmax(b.lat1, scn->places[p].lat);
            b.lon0 = fmin(b.lon0, scn->places[p].lon);
            b.lon1 = fmax(b.lon1, scn->places[p].lon);
        }
    }
    if (b.lat0 > b.lat1) {
        b = (struct bbox){0, 0, 0, 0};
    }
    return b;
}

/* What the inset shows. When the cluster holds two or more important places (the Benghazi
 * compound and annex), it zooms to them, so they stay far apart on screen, and the cluster's
 * other places (an airport 18 km off) stay on the main map. Otherwise (one embassy and the
 * towns of its convoy route) it shows the whole cluster. */
static struct bbox inset_extent(const struct eap_scenario *scn, int32_t *parent, int32_t root)
{
    struct bbox b = {90, 180, -90, -180};
    size_t n = 0;
    for (size_t p = 0; p < scn->place_count; p++) {
        if (find_root(parent, (int32_t)p) == root && eap_viz_place_important(scn, (int32_t)p)) {
            n++;
            b.lat0 = fmin(b.lat0, scn->places[p].lat);
            b.lat1 = fmax(b.lat1, scn->places[p].lat);
            b.lon0 = fmin(b.lon0, scn->places[p].lon);
            b.lon1 = fmax(b.lon1, scn->places[p].lon);
        }
    }
    return n >= 2 ? b : places_bbox(scn, parent, root);
}

/* Inset box size: about a quarter of the map's area, shaped like what it shows. */
static void box_size(const struct eap_viz_rect map, struct bbox c, int *bw, int *bh)
{
    double dx = fmax((c.lon1 - c.lon0) * DEG, 1e-6),
           dy = fmax(eap_viz_mercator_y(c.lat1) - eap_viz_mercator_y(c.lat0), 1e-6);
    double aspect = fmax(0.8, fmin(1.8, dx / dy));
    double area = 0.25 * map.w * map.h;
    double w = fmin(sqrt(area * aspect), 0.56 * map.w);
    double h = fmin(area / w + INSET_TITLE_H, 0.62 * map.h);
    *bw = (int)fmax(240, w);
    *bh = (int)fmax(200, h);
}

/* Fits box b into the free rectangle r of map m (whose area stays the whole map). */
static void fit_into(struct eap_viz_map *m, struct eap_viz_rect r, struct bbox b)
{
    struct eap_viz_map t = {r, 0, 0, 1};
    eap_viz_map_fit(&t, b.lat0, b.lon0, b.lat1, b.lon1, FIT_MARGIN);
    double dx = (r.x + r.w / 2.0) - (m->area.x + m->area.w / 2.0);
    double dy = (r.y + r.h / 2.0) - (m->area.y + m->area.h / 2.0);
    limit_zoom(&t, (b.lat0 + b.lat1) / 2);
    m->scale = t.scale;
    m->cx = t.cx - dx / t.scale;
    m->cy = t.cy + dy / t.scale;
}

/* Puts the inset in the corner that leaves the most room: for each corner, the places are
 * fitted either beside the box or above/below it, and the largest resulting scale wins. So
 * no place in play is ever hidden under the inset. */
static void place_box(struct eap_viz_layout *l, struct bbox all, int bw, int bh)
{
    const struct eap_viz_rect a = l->map;
    const int g = INSET_GAP;
    double best = -1;
    for (int corner = 0; corner < 4; corner++) {
        bool right = corner & 1, bottom = corner & 2;
        struct eap_viz_rect box = {right ? a.x + a.w - bw - g : a.x + g,
                                   bottom ? a.y + a.h - bh - g : a.y + g, bw, bh};
        struct eap_viz_rect beside = {right ? a.x : a.x + bw + 2 * g, a.y, a.w - bw - 2 * g, a.h};
        struct eap_viz_rect across = {a.x, bottom ? a.y : a.y + bh + 2 * g, a.w, a.h - bh - 2 * g};
        for (int k = 0; k < 2; k++) {
            struct eap_viz_map m = l->main;
            fit_into(&m, k ? across : beside, all);
            if (m.scale > best * 1.02) { /* earlier corners win near-ties: stable layouts */
                best = m.scale;
                l->main = m;
                l->inset_box = box;
            }
        }
    }
}

/* Fits the inset to the cluster's places, padded, and at least MIN_INSET_M across. */
static void fit_inset(struct eap_viz_layout *l, struct bbox c)
{
    /* Wide margins: places at the edge still need room for their labels. */
    eap_viz_map_fit(&l->inset, c.lat0, c.lon0, c.lat1, c.lon1,
                    (int)fmax(40, l->inset.area.w * 0.2));
    double lat = (c.lat0 + c.lat1) / 2;
    double span =
        fmin(l->inset.area.w, l->inset.area.h) * eap_viz_map_metres_per_px(&l->inset, lat);
    if (span < MIN_INSET_M) {
        l->inset.scale *= span / MIN_INSET_M;
    }
    const struct eap_viz_rect a = l->inset.area;
    eap_viz_map_unproject(&l->inset, a.x, a.y + a.h, &l->inset_lat0, &l->inset_lon0);
    eap_viz_map_unproject(&l->inset, a.x + a.w, a.y, &l->inset_lat1, &l->inset_lon1);
}

static void layout_inset(struct eap_viz_layout *l, const struct eap_scenario *scn,
                         const struct eap_trace *tr)
{
    int32_t *parent = calloc(scn->place_count + 1, sizeof(*parent));
    if (!parent) {
        return; /* no inset is a legible degradation, not an error */
    }
    int32_t focus = focus_place(scn, tr);
    int32_t root = pick_cluster(scn, &l->main, focus, parent);
    if (root != EAP_NONE) {
        struct bbox cluster = inset_extent(scn, parent, root);
        int bw, bh;
        box_size(l->map, cluster, &bw, &bh);
        place_box(l, places_bbox(scn, parent, EAP_NONE), bw, bh);
        l->inset.area = (struct eap_viz_rect){l->inset_box.x, l->inset_box.y + INSET_TITLE_H, bw,
                                              bh - INSET_TITLE_H};
        fit_inset(l, cluster);
        l->has_inset = true;
        l->inset_focus = focus != EAP_NONE && find_root(parent, focus) == root ? focus : root;
    }
    free(parent);
}

/* ---- The whole screen ---- */

/* The side panel: wider for an exercise's cards, which a room reads from afar. */
static int panel_width(int w, const struct eap_viz_screen *s)
{
    if (s && s->cards) {
        return (int)fmax(340, fmin(520, w * 0.34));
    }
    return (int)fmax(300, fmin(420, w * 0.28));
}

static void split_screen(struct eap_viz_layout *l, int w, int h, const struct eap_viz_screen *s)
{
    int panel_w = panel_width(w, s);
    int fan_h = s && s->fan_rows > 0 ? (s->fan_rows + 1) * EAP_VIZ_FAN_ROW + 8 : 0;
    /* The fan never takes more than a third of the height: the map stays the picture. */
    fan_h = fan_h > (h - HEADER_H - TIMELINE_H) / 3 ? (h - HEADER_H - TIMELINE_H) / 3 : fan_h;
    int body_h = h - HEADER_H - TIMELINE_H - fan_h;
    l->w = w;
    l->h = h;
    l->header = (struct eap_viz_rect){0, 0, w, HEADER_H};
    l->map = (struct eap_viz_rect){0, HEADER_H, w - panel_w, body_h};
    l->panel = (struct eap_viz_rect){w - panel_w, HEADER_H, panel_w, body_h};
    l->fan = (struct eap_viz_rect){0, HEADER_H + body_h, w, fan_h};
    l->timeline = (struct eap_viz_rect){0, h - TIMELINE_H, w, TIMELINE_H};
    /* Above the track: three lines of milestone labels; below: the hours. */
    l->track = (struct eap_viz_rect){28, h - TIMELINE_H + 56, w - 56, 10};
}

static eap_time timeline_end(const struct eap_scenario *scn, const struct eap_trace *tr)
{
    eap_time end = eap_viz_trace_end(scn, tr);
    for (size_t i = 0; i < scn->record_count; i++) {
        end = scn->record[i].time > end ? scn->record[i].time : end;
    }
    return end > 0 ? end : EAP_HOUR;
}

void eap_viz_layout_compute(struct eap_viz_layout *l, const struct eap_scenario *scn,
                            const struct eap_trace *tr, int w, int h)
{
    eap_viz_layout_screen(l, scn, tr, w, h, NULL);
}

void eap_viz_layout_screen(struct eap_viz_layout *l, const struct eap_scenario *scn,
                           const struct eap_trace *tr, int w, int h, const struct eap_viz_screen *s)
{
    memset(l, 0, sizeof(*l));
    l->inset_focus = EAP_NONE;
    split_screen(l, w, h, s);
    l->t_end = timeline_end(scn, tr);
    l->main.area = l->map;
    /* The default view shows every place of the scenario: a base nothing flies from is
     * still where help could have come from. */
    fit_into(&l->main, l->map, places_bbox(scn, NULL, EAP_NONE));
    layout_inset(l, scn, tr);
}

double eap_viz_timeline_x(const struct eap_viz_layout *l, eap_time t)
{
    double f = l->t_end > 0 ? (double)t / (double)l->t_end : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return l->track.x + f * l->track.w;
}

eap_time eap_viz_timeline_time(const struct eap_viz_layout *l, double x)
{
    double f = l->track.w > 0 ? (x - l->track.x) / l->track.w : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return (eap_time)llround(f * (double)l->t_end);
}

bool eap_viz_layout_in_inset(const struct eap_viz_layout *l, double lat, double lon)
{
    return l->has_inset && lat >= l->inset_lat0 && lat <= l->inset_lat1 && lon >= l->inset_lon0 &&
           lon <= l->inset_lon1;
}

/* ---- Palette ---- */

uint32_t eap_viz_color_rgb(enum eap_viz_color c)
{
    static const uint32_t rgb[EAP_VIZ_C_COUNT] = {
        [EAP_VIZ_C_QUIET] = 0xd8e2ec,     [EAP_VIZ_C_SAFE] = 0x3ccf6e,
        [EAP_VIZ_C_THREAT] = 0xffb020,    [EAP_VIZ_C_BREACH] = 0xff3b30,
        [EAP_VIZ_C_EVACUATED] = 0x8a96a3, [EAP_VIZ_C_CONVOY] = 0x19e0ff,
        [EAP_VIZ_C_ASSET] = 0x4f8dff,     [EAP_VIZ_C_CURSOR] = 0xffe14d,
    };
    return (unsigned)c < EAP_VIZ_C_COUNT ? rgb[c] : 0;
}
