/*
 * The base map: Natural Earth country outlines read from GeoJSON (the cJSON tree never
 * leaves this file), and their raster for one view (land, borders, graticule), drawn at
 * twice the resolution and averaged down so coastlines are anti-aliased. The raster is
 * cached in a texture and redone only when the view changes (zoom, pan, resize).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "viz_internal.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define SS 2 /* supersampling factor of the raster */
#define MAX_MAP_BYTES ((long)32 << 20)

/* ---- Loading ---- */

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return true;
    }
    size_t c = *cap ? *cap : 64;
    while (c < need) {
        c *= 2;
    }
    void *q = realloc(*p, c * size);
    if (!q) {
        return false;
    }
    *p = q;
    *cap = c;
    return true;
}

struct builder {
    struct viz_geo *g;
    size_t pts_cap, rings_cap, countries_cap;
};

/* Appends one ring of [lon, lat] pairs; points are stored in Mercator units so a view's
 * projection is one multiply-add per coordinate. */
static bool add_ring(struct builder *b, const cJSON *ring, int country)
{
    struct viz_geo *g = b->g;
    int n = cJSON_GetArraySize(ring);
    if (n < 3) {
        return true;
    }
    if (!grow((void **)&g->pts, &b->pts_cap, (g->npts + (size_t)n) * 2, sizeof(float)) ||
        !grow((void **)&g->rings, &b->rings_cap, g->nrings + 1, sizeof(*g->rings))) {
        return false;
    }
    struct viz_ring *r = &g->rings[g->nrings++];
    *r = (struct viz_ring){g->npts, 0, country, 90, 180, -90, -180};
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        const cJSON *lon = cJSON_GetArrayItem(pt, 0), *lat = cJSON_GetArrayItem(pt, 1);
        if (!cJSON_IsNumber(lon) || !cJSON_IsNumber(lat)) {
            continue;
        }
        g->pts[g->npts * 2] = (float)(lon->valuedouble * DEG);
        g->pts[g->npts * 2 + 1] = (float)eap_viz_mercator_y(lat->valuedouble);
        r->lat0 = fminf(r->lat0, (float)lat->valuedouble);
        r->lat1 = fmaxf(r->lat1, (float)lat->valuedouble);
        r->lon0 = fminf(r->lon0, (float)lon->valuedouble);
        r->lon1 = fmaxf(r->lon1, (float)lon->valuedouble);
        g->npts++;
        r->count++;
    }
    return true;
}

/* Area-weighted centroid (shoelace) of a ring in lon/lat, and its absolute area. */
static double ring_centroid(const struct viz_geo *g, const struct viz_ring *r, double *lat,
                            double *lon)
{
    double a = 0, cx = 0, cy = 0;
    for (size_t i = 0; i < r->count; i++) {
        const float *p = &g->pts[(r->start + i) * 2];
        const float *q = &g->pts[(r->start + (i + 1) % r->count) * 2];
        double cross = (double)p[0] * q[1] - (double)q[0] * p[1];
        a += cross;
        cx += (p[0] + q[0]) * cross;
        cy += (p[1] + q[1]) * cross;
    }
    if (fabs(a) < 1e-12) {
        return 0;
    }
    *lon = cx / (3 * a) / DEG;
    *lat = (2 * atan(exp(cy / (3 * a))) - PI / 2) / DEG;
    return fabs(a / 2);
}

static bool add_country(struct builder *b, const cJSON *feature)
{
    struct viz_geo *g = b->g;
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(feature, "properties");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(props, "name");
    const cJSON *geom = cJSON_GetObjectItemCaseSensitive(feature, "geometry");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
    const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    if (!cJSON_IsString(type) || !cJSON_IsArray(coords) ||
        !grow((void **)&g->countries, &b->countries_cap, g->ncountries + 1,
              sizeof(*g->countries))) {
        return cJSON_IsString(type); /* a feature without geometry is skipped */
    }
    int country = (int)g->ncountries++;
    struct viz_country *c = &g->countries[country];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", cJSON_IsString(name) ? name->valuestring : "");
    bool multi = strcmp(type->valuestring, "MultiPolygon") == 0;
    const cJSON *poly;
    double best = -1;
    cJSON_ArrayForEach(poly, coords)
    {
        /* Outer rings only: the file has no holes. */
        const cJSON *ring = multi ? cJSON_GetArrayItem(poly, 0) : poly;
        size_t before = g->nrings;
        if (!add_ring(b, ring, country)) {
            return false;
        }
        double lat = 0, lon = 0;
        double area = g->nrings > before ? ring_centroid(g, &g->rings[before], &lat, &lon) : 0;
        if (area > best) {
            best = area;
            c->largest = before;
            c->label_lat = lat;
            c->label_lon = lon;
        }
        if (!multi) {
            break;
        }
    }
    return true;
}

bool eap__viz_geo_load(struct viz_geo *g, const char *path, struct eap_error *err)
{
    size_t len;
    memset(g, 0, sizeof(*g));
    char *text = eap__viz_read_file(path, "map", MAX_MAP_BYTES, &len, err);
    if (!text) {
        return false;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *features = cJSON_GetObjectItemCaseSensitive(root, "features");
    if (!cJSON_IsArray(features)) {
        cJSON_Delete(root);
        return eap_error_set(err, EAP_EIO, "map %s: not a GeoJSON FeatureCollection", path);
    }
    struct builder b = {g, 0, 0, 0};
    const cJSON *f;
    bool ok = true;
    cJSON_ArrayForEach(f, features)
    {
        ok = ok && add_country(&b, f);
    }
    cJSON_Delete(root);
    if (!ok) {
        eap__viz_geo_free(g);
        return eap_error_set(err, EAP_ENOMEM, "out of memory reading map %s", path);
    }
    return true;
}

void eap__viz_geo_free(struct viz_geo *g)
{
    free(g->pts);
    free(g->rings);
    free(g->countries);
    memset(g, 0, sizeof(*g));
}

/* Even-odd point-in-ring test, in Mercator units. */
static bool ring_contains(const struct viz_geo *g, const struct viz_ring *r, double x, double y)
{
    bool in = false;
    for (size_t i = 0, j = r->count - 1; i < r->count; j = i++) {
        const float *a = &g->pts[(r->start + i) * 2], *b = &g->pts[(r->start + j) * 2];
        if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
            in = !in;
        }
    }
    return in;
}

int eap__viz_geo_country_at(const struct viz_geo *g, double lat, double lon)
{
    for (size_t i = 0; i < g->nrings; i++) {
        const struct viz_ring *r = &g->rings[i];
        if (lat >= r->lat0 && lat <= r->lat1 && lon >= r->lon0 && lon <= r->lon1 &&
            ring_contains(g, r, lon * DEG, eap_viz_mercator_y(lat))) {
            return r->country;
        }
    }
    return -1;
}

/* ---- Rasterising one view ---- */

struct raster {
    uint32_t *px; /* W x H at SS times the screen resolution */
    int w, h;
    double ox, oy, k; /* buffer x = (mx - ox) * k, y = (oy - my) * k */
    double *xs;       /* scanline crossings */
    size_t xs_cap;
};

static void span(struct raster *r, int y, double x0, double x1, uint32_t argb)
{
    int a = (int)ceil(x0 - 0.5), b = (int)floor(x1 - 0.5);
    a = a < 0 ? 0 : a;
    b = b >= r->w ? r->w - 1 : b;
    uint32_t *row = &r->px[(size_t)y * (size_t)r->w];
    for (int x = a; x <= b; x++) {
        row[x] = argb;
    }
}

static void sort_doubles(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Scanline fill of one ring (even-odd), sampling each row at its centre. */
static void fill_ring(struct raster *r, const float *pts, size_t n, double ymin, double ymax,
                      uint32_t argb)
{
    if (!grow((void **)&r->xs, &r->xs_cap, n, sizeof(double))) {
        return;
    }
    int y0 = (int)fmax(0, floor(ymin)), y1 = (int)fmin(r->h - 1, ceil(ymax));
    for (int y = y0; y <= y1; y++) {
        double yc = y + 0.5;
        size_t k = 0;
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            double ay = (r->oy - pts[i * 2 + 1]) * r->k, by = (r->oy - pts[j * 2 + 1]) * r->k;
            if ((ay <= yc) != (by <= yc)) {
                double ax = (pts[i * 2] - r->ox) * r->k, bx = (pts[j * 2] - r->ox) * r->k;
                r->xs[k++] = ax + (yc - ay) * (bx - ax) / (by - ay);
            }
        }
        sort_doubles(r->xs, k);
        for (size_t i = 0; i + 1 < k; i += 2) {
            span(r, y, r->xs[i], r->xs[i + 1], argb);
        }
    }
}

/* Liang-Barsky: clips the segment to the buffer; false when nothing is left. */
static bool clip(const struct raster *r, double *x0, double *y0, double *x1, double *y1)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {*x0, r->w - 1 - *x0, *y0, r->h - 1 - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) {
                return false;
            }
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            t0 = fmax(t0, t);
        } else {
            t1 = fmin(t1, t);
        }
    }
    if (t0 > t1) {
        return false;
    }
    double ax = *x0, ay = *y0;
    *x0 = ax + t0 * dx;
    *y0 = ay + t0 * dy;
    *x1 = ax + t1 * dx;
    *y1 = ay + t1 * dy;
    return true;
}

/* A line `brush` buffer pixels thick (Bresenham with a square brush). */
static void stroke(struct raster *r, double x0, double y0, double x1, double y1, int brush,
                   uint32_t argb)
{
    if (!clip(r, &x0, &y0, &x1, &y1)) {
        return;
    }
    int ax = (int)x0, ay = (int)y0, bx = (int)x1, by = (int)y1;
    int dx = abs(bx - ax), dy = -abs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
    int e = dx + dy;
    for (;;) {
        for (int j = 0; j < brush && ay + j < r->h; j++) {
            for (int i = 0; i < brush && ax + i < r->w; i++) {
                r->px[(size_t)(ay + j) * (size_t)r->w + (size_t)(ax + i)] = argb;
            }
        }
        if (ax == bx && ay == by) {
            break;
        }
        int e2 = 2 * e;
        if (e2 >= dy) {
            e += dy;
            ax += sx;
        }
        if (e2 <= dx) {
            e += dx;
            ay += sy;
        }
    }
}

static uint32_t argb(uint32_t rgb)
{
    return 0xff000000u | rgb;
}

/* Parallels and meridians at a round step that leaves about 90 screen pixels between lines. */
static void graticule(struct raster *r, const struct eap_viz_map *m)
{
    static const double steps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20};
    double step = 20;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i] * DEG * m->scale >= 90) {
            step = steps[i];
            break;
        }
    }
    double lat0, lon0, lat1, lon1;
    eap_viz_map_unproject(m, m->area.x, m->area.y + m->area.h, &lat0, &lon0);
    eap_viz_map_unproject(m, m->area.x + m->area.w, m->area.y, &lat1, &lon1);
    for (double lon = ceil(lon0 / step) * step; lon <= lon1; lon += step) {
        double x = (lon * DEG - r->ox) * r->k;
        stroke(r, x, 0, x, r->h - 1, 1, argb(VIZ_GRID));
    }
    for (double lat = ceil(lat0 / step) * step; lat <= lat1; lat += step) {
        double y = (r->oy - eap_viz_mercator_y(lat)) * r->k;
        stroke(r, 0, y, r->w - 1, y, 1, argb(VIZ_GRID));
    }
}

static void draw_land(struct raster *r, const struct viz_geo *g, int host)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < g->nrings; i++) {
            const struct viz_ring *ring = &g->rings[i];
            const float *pts = &g->pts[ring->start * 2];
            double xmin = (ring->lon0 * DEG - r->ox) * r->k,
                   xmax = (ring->lon1 * DEG - r->ox) * r->k;
            double ymin = (r->oy - eap_viz_mercator_y(ring->lat1)) * r->k,
                   ymax = (r->oy - eap_viz_mercator_y(ring->lat0)) * r->k;
            if (xmax < 0 || xmin >= r->w || ymax < 0 || ymin >= r->h) {
                continue; /* off screen */
            }
            if (pass == 0) {
                fill_ring(r, pts, ring->count, ymin, ymax,
                          argb(ring->country == host ? VIZ_LAND_HOST : VIZ_LAND));
                continue;
            }
            for (size_t a = 0, b = ring->count - 1; a < ring->count; b = a++) {
                stroke(r, (pts[b * 2] - r->ox) * r->k, (r->oy - pts[b * 2 + 1]) * r->k,
                       (pts[a * 2] - r->ox) * r->k, (r->oy - pts[a * 2 + 1]) * r->k, SS,
                       argb(VIZ_BORDER));
            }
        }
    }
}

/* Averages SS x SS blocks of the buffer into out (w x h). */
static void downsample(const struct raster *r, uint32_t *out, int w, int h)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned s[3] = {0, 0, 0};
            for (int j = 0; j < SS; j++) {
                const uint32_t *row = &r->px[(size_t)(y * SS + j) * (size_t)r->w + (size_t)x * SS];
                for (int i = 0; i < SS; i++) {
                    s[0] += (row[i] >> 16) & 0xff;
                    s[1] += (row[i] >> 8) & 0xff;
                    s[2] += row[i] & 0xff;
                }
            }
            unsigned n = SS * SS;
            out[(size_t)y * (size_t)w + (size_t)x] =
                0xff000000u | (s[0] / n) << 16 | (s[1] / n) << 8 | (s[2] / n);
        }
    }
}

static bool same_view(const struct eap_viz_map *a, const struct eap_viz_map *b)
{
    return a->area.x == b->area.x && a->area.y == b->area.y && a->area.w == b->area.w &&
           a->area.h == b->area.h && a->cx == b->cx && a->cy == b->cy && a->scale == b->scale;
}

static bool ensure_texture(struct eap_viz *v, struct viz_land *c, int w, int h)
{
    if (c->tex && c->w == w && c->h == h) {
        return true;
    }
    if (c->tex) {
        SDL_DestroyTexture(c->tex);
    }
    c->tex = SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
    c->w = w;
    c->h = h;
    if (c->tex) {
        /* Opaque: a plain copy, several times faster than blending in software. */
        SDL_SetTextureBlendMode(c->tex, SDL_BLENDMODE_NONE);
    }
    return c->tex != NULL;
}

SDL_Texture *eap__viz_land(struct eap_viz *v, struct viz_land *cache, const struct eap_viz_map *m)
{
    if (cache->valid && same_view(&cache->view, m)) {
        return cache->tex;
    }
    int w = m->area.w, h = m->area.h;
    struct raster r = {NULL, w * SS, h * SS, 0, 0, m->scale * SS, NULL, 0};
    r.ox = m->cx - (w / 2.0) / m->scale;
    r.oy = m->cy + (h / 2.0) / m->scale;
    uint32_t *out = malloc((size_t)w * (size_t)h * sizeof(*out));
    r.px = malloc((size_t)r.w * (size_t)r.h * sizeof(*r.px));
    bool ok = w > 0 && h > 0 && out && r.px && ensure_texture(v, cache, w, h);
    if (ok) {
        for (size_t i = 0; i < (size_t)r.w * (size_t)r.h; i++) {
            r.px[i] = argb(VIZ_SEA);
        }
        graticule(&r, m);
        draw_land(&r, &v->geo, v->host_country);
        downsample(&r, out, w, h);
        SDL_UpdateTexture(cache->tex, NULL, out, w * (int)sizeof(*out));
        cache->view = *m;
    }
    cache->valid = ok;
    free(out);
    free(r.px);
    free(r.xs);
    return ok ? cache->tex : NULL;
}

void eap__viz_land_free(struct viz_land *cache)
{
    if (cache->tex) {
        SDL_DestroyTexture(cache->tex);
    }
    memset(cache, 0, sizeof(*cache));
}
