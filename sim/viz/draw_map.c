/*
 * The maps: the main map (land, country names, routes, places and their state, scale bar)
 * and the city inset, which magnifies the cluster of places that would sit on one pixel of
 * the main map. Both are drawn by the same pass code; what moves is in draw_units.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

/* ---- Places ---- */

uint32_t eap__viz_place_rgb(enum eap_viz_place_status s)
{
    switch (s) {
    case EAP_VIZ_PLACE_SAFE_HAVEN:
        return eap_viz_color_rgb(EAP_VIZ_C_SAFE);
    case EAP_VIZ_PLACE_THREATENED:
        return eap_viz_color_rgb(EAP_VIZ_C_THREAT);
    case EAP_VIZ_PLACE_BREACHED:
    case EAP_VIZ_PLACE_BURNING:
        return eap_viz_color_rgb(EAP_VIZ_C_BREACH);
    case EAP_VIZ_PLACE_EVACUATED:
        return eap_viz_color_rgb(EAP_VIZ_C_EVACUATED);
    case EAP_VIZ_PLACE_QUIET:
        break;
    }
    return eap_viz_color_rgb(EAP_VIZ_C_QUIET);
}

/* The place's second label line: what is happening there and who is there. */
static void place_status_line(const struct eap_viz_place *pl, char *buf, size_t len)
{
    const char *what = "";
    if (pl->untenable) {
        what = "UNTENABLE";
    } else if (pl->burning) {
        what = pl->attacks > 0 ? "ON FIRE, UNDER ATTACK" : "ON FIRE";
    } else if (pl->breached) {
        what = pl->attacks > 0 ? "BREACHED, UNDER ATTACK" : "BREACHED";
    } else if (pl->attacks > 0) {
        what = "UNDER ATTACK";
    } else if (pl->hit_recently) {
        what = "HIT BY INDIRECT FIRE";
    }
    size_t n = (size_t)snprintf(buf, len, "%s", what);
    if (pl->evacuated && n < len) {
        n += (size_t)snprintf(buf + n, len - n, "%sevacuated", n ? " · " : "");
    } else if (pl->people > 0 && n < len) {
        n += (size_t)snprintf(buf + n, len - n, "%s%d people", n ? " · " : "", pl->people);
    }
    if (pl->casualties > 0 && n < len) {
        snprintf(buf + n, len - n, "%s%d casualt%s", n ? " · " : "", pl->casualties,
                 pl->casualties == 1 ? "y" : "ies");
    }
}

static int place_px(const struct viz_pass *p, size_t i)
{
    if (!p->v->in_play[i]) {
        return 14;
    }
    return p->inset ? 26 : 22;
}

static void draw_place_marker(struct viz_pass *p, size_t i, float x, float y)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_place *pl = &v->frame.places[i];
    int px = place_px(p, i);
    uint32_t rgb = eap__viz_place_rgb(pl->status);
    if (pl->attacks > 0 || pl->hit_recently) {
        /* A ring that pulses in the window (steady in screenshots) marks fighting. */
        float pulse = (float)(0.5 + 0.5 * sin(v->ui.anim * 6.0));
        int ring = px + 10 + (int)(6 * pulse);
        eap__viz_icon_at(v, ICON_RING, x, y, ring, eap_viz_color_rgb(EAP_VIZ_C_THREAT), 230, 0);
    }
    eap__viz_icon_at(v, ICON_DISC, x, y, px + 4, VIZ_DARK, 255, 0);
    eap__viz_icon_at(v, ICON_DISC, x, y, px, rgb, 255, 0);
    enum viz_icon glyph = ICON_PLACE_FIRST + (int)v->scn->places[i].kind;
    eap__viz_icon_at(v, glyph, x, y, px * 5 / 8, VIZ_DARK, 255, 0);
    if (pl->burning) {
        eap__viz_icon_at(v, ICON_FLAME, x - px * 0.45f, y - px * 0.5f, px * 2 / 3, 0xff7a1a, 255,
                         0);
    }
    if (pl->attacks > 0 || pl->hit_recently) {
        eap__viz_icon_at(v, ICON_BURST, x + px * 0.5f, y - px * 0.5f, px * 2 / 3,
                         pl->hit_recently ? eap_viz_color_rgb(EAP_VIZ_C_BREACH)
                                          : eap_viz_color_rgb(EAP_VIZ_C_THREAT),
                         255, 0);
    }
    eap__viz_pass_mark(p, x, y, px);
}

/* Labelling order: places under threat first, then those in play, then the rest. */
static int place_rank(const struct eap_viz *v, size_t i)
{
    const struct eap_viz_place *pl = &v->frame.places[i];
    if (pl->status == EAP_VIZ_PLACE_THREATENED || pl->status == EAP_VIZ_PLACE_BREACHED ||
        pl->status == EAP_VIZ_PLACE_BURNING) {
        return 0;
    }
    return v->in_play[i] ? 1 : 2;
}

/* A place's label must show while something happens there (an attack, a breach, people,
 * casualties, people safe, assets); a place otherwise in play (where people started, a
 * town the convoy passes, a safe haven not reached yet) may give way when room is short;
 * one nothing refers to shows only where there is room. */
static enum eap_viz_need place_need(const struct eap_viz *v, size_t i, const char *cover)
{
    const struct eap_viz_place *pl = &v->frame.places[i];
    if (!v->in_play[i]) {
        return EAP_VIZ_CONTEXT;
    }
    bool danger = pl->status == EAP_VIZ_PLACE_THREATENED || pl->status == EAP_VIZ_PLACE_BREACHED ||
                  pl->status == EAP_VIZ_PLACE_BURNING;
    bool busy = danger || pl->people > 0 || pl->casualties > 0 || pl->safe > 0 || cover[0];
    return busy ? EAP_VIZ_FORCED : EAP_VIZ_WANTED;
}

static void label_place(struct viz_pass *p, size_t i, float x, float y)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_place *pl = &v->frame.places[i];
    char line[160], cover[300], name[96];
    place_status_line(pl, line, sizeof(line));
    eap__viz_cover_line(v, (int32_t)i, EAP_NONE, cover, sizeof(cover));
    eap__viz_short_name(v->scn->places[i].name, name, sizeof(name));
    bool play = v->in_play[i];
    int rank = place_rank(v, i), wrap = eap__viz_label_width(p);
    /* Where people start, shelter or are, before a town on the way. */
    bool key = eap_viz_place_important(v->scn, (int32_t)i) || v->scn->places[i].safe ||
               pl->people > 0 || cover[0];
    struct viz_label_req q = {.x = x,
                              .y = y,
                              .r = place_px(p, i) / 2.0f,
                              .need = place_need(v, i, cover),
                              .prio = rank == 0   ? PRIO_DANGER
                                      : rank == 2 ? PRIO_OTHER
                                      : key       ? PRIO_PLACE
                                                  : PRIO_ROUTE};
    eap__viz_label_text(v, &q, play ? FONT_LABEL : FONT_SMALL, play ? VIZ_TEXT : VIZ_MUTED, name,
                        wrap);
    q.nname = q.nlines;
    uint32_t rgb = pl->status == EAP_VIZ_PLACE_QUIET ? VIZ_MUTED : eap__viz_place_rgb(pl->status);
    eap__viz_label_text(v, &q, FONT_SMALL, rgb, line, wrap);
    eap__viz_label_text(v, &q, FONT_SMALL, 0x9dc0ff, cover, wrap);
    eap__viz_label(p, &q);
}

/* Whether place i is drawn on this pass, and where. */
static bool place_shown(const struct viz_pass *p, size_t i, float *x, float *y)
{
    const struct eap_place *pl = &p->v->scn->places[i];
    return eap__viz_pass_point(p, pl->lat, pl->lon, 0, x, y) &&
           !eap__viz_pass_defers(p, pl->lat, pl->lon);
}

/* Whether a place nothing refers to has room: it is context, drawn only where it crowds
 * nothing that matters. */
static bool has_room(const struct viz_pass *p, size_t i, float x, float y)
{
    int r = place_px(p, i) / 2 + 30; /* room for its label too, clear of its neighbours' */
    SDL_Rect around = {(int)x - r, (int)y - r, 2 * r, 2 * r};
    return p->v->in_play[i] || eap__viz_pass_clear(p, around);
}

static void draw_places(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    size_t n = v->scn->place_count;
    float x, y;
    bool *drawn = v->place_drawn;
    memset(drawn, 0, n * sizeof(*drawn));
    for (int rank = 1; rank >= 0; rank--) { /* the most important drawn last, on top */
        for (size_t i = 0; i < n; i++) {
            if (place_rank(v, i) == rank && place_shown(p, i, &x, &y)) {
                draw_place_marker(p, i, x, y);
                drawn[i] = true;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (place_rank(v, i) == 2 && place_shown(p, i, &x, &y) && has_room(p, i, x, y)) {
            draw_place_marker(p, i, x, y);
            drawn[i] = true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (drawn[i] && place_shown(p, i, &x, &y)) {
            label_place(p, i, x, y);
        }
    }
}

/* ---- Routes ---- */

static void route_polyline(struct viz_pass *p, const struct eap_route *r, float width, uint32_t rgb,
                           uint8_t alpha)
{
    const struct eap_scenario *scn = p->v->scn;
    for (size_t s = 0; s < r->segment_count; s++) {
        const struct eap_place *a = &scn->places[r->segments[s].from];
        const struct eap_place *b = &scn->places[r->segments[s].to];
        float x0, y0, x1, y1;
        eap__viz_pass_point(p, a->lat, a->lon, 0, &x0, &y0);
        eap__viz_pass_point(p, b->lat, b->lon, 0, &x1, &y1);
        eap__viz_thick_line(p->v->ren, x0, y0, x1, y1, width, rgb, alpha);
    }
}

/* The part of a convoy's route already driven, brighter than the rest. */
static void driven_polyline(struct viz_pass *p, size_t c)
{
    const struct eap_scenario *scn = p->v->scn;
    const struct eap_viz_convoy *cv = &p->v->frame.convoys[c];
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    if (cv->status < EAP_VIZ_CONVOY_MOVING || cv->position <= 0) {
        return;
    }
    uint32_t rgb = eap_viz_color_rgb(EAP_VIZ_C_CONVOY);
    for (int32_t s = 0; s <= cv->segment && (size_t)s < r->segment_count; s++) {
        const struct eap_place *a = &scn->places[r->segments[s].from];
        const struct eap_place *b = &scn->places[r->segments[s].to];
        double lat = s == cv->segment ? cv->lat : b->lat, lon = s == cv->segment ? cv->lon : b->lon;
        float x0, y0, x1, y1;
        eap__viz_pass_point(p, a->lat, a->lon, 0, &x0, &y0);
        eap__viz_pass_point(p, lat, lon, 0, &x1, &y1);
        eap__viz_thick_line(p->v->ren, x0, y0, x1, y1, 3.0f, rgb, 255);
    }
}

static void draw_routes(struct viz_pass *p)
{
    const struct eap_scenario *scn = p->v->scn;
    for (size_t r = 0; r < scn->route_count; r++) {
        route_polyline(p, &scn->routes[r], 4.0f, VIZ_DARK, 200);
        route_polyline(p, &scn->routes[r], 2.0f, VIZ_ROUTE, 230);
    }
    for (size_t c = 0; c < scn->convoy_count; c++) {
        driven_polyline(p, c);
    }
}

/* ---- Country names ---- */

/* Each country's name at its largest ring's centroid, where it is big enough on screen and
 * the spot is free (they are drawn after the labels, over the land). */
static void draw_country_names(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    for (size_t i = 0; i < v->geo.ncountries; i++) {
        const struct viz_country *c = &v->geo.countries[i];
        const struct viz_ring *r = &v->geo.rings[c->largest];
        float x, y, x0, y0, x1, y1;
        eap__viz_pass_point(p, r->lat0, r->lon0, 0, &x0, &y0);
        eap__viz_pass_point(p, r->lat1, r->lon1, 0, &x1, &y1);
        /* Only countries big enough on screen to carry their name. */
        if (x1 - x0 < 110 || y0 - y1 < 40 ||
            !eap__viz_pass_point(p, c->label_lat, c->label_lon, 0, &x, &y)) {
            continue;
        }
        char upper[48];
        size_t k = 0;
        for (; c->name[k] && k + 1 < sizeof(upper); k++) {
            upper[k] =
                (char)(c->name[k] >= 'a' && c->name[k] <= 'z' ? c->name[k] - 32 : c->name[k]);
        }
        upper[k] = '\0';
        eap__viz_pass_text(p, eap__viz_text(v, FONT_SMALL, VIZ_COUNTRY, upper, 0, false), x, y);
    }
}

/* ---- Scale bar ---- */

/* The longest round length (1, 2 or 5 times a power of ten, metres) under max_m. */
static double nice_length(double max_m)
{
    double p = pow(10, floor(log10(max_m)));
    return max_m >= 5 * p ? 5 * p : max_m >= 2 * p ? 2 * p : p;
}

static void draw_scale_bar(struct viz_pass *p, int x, int y)
{
    struct eap_viz *v = p->v;
    double lat, lon;
    eap_viz_map_unproject(p->m, p->m->area.x + p->m->area.w / 2.0,
                          p->m->area.y + p->m->area.h / 2.0, &lat, &lon);
    double mpp = eap_viz_map_metres_per_px(p->m, lat);
    double len = nice_length(130 * mpp);
    int w = (int)lround(len / mpp);
    char text[96];
    if (len >= 1000) {
        snprintf(text, sizeof(text), "%g km (%.0f nmi)", len / 1000, len / 1852);
    } else {
        snprintf(text, sizeof(text), "%g m", len);
    }
    eap__viz_fill(v->ren, (SDL_Rect){x - 6, y - 20, w + 12, 30}, VIZ_DARK, 170);
    eap__viz_fill(v->ren, (SDL_Rect){x, y, w, 4}, VIZ_TEXT, 255);
    eap__viz_fill(v->ren, (SDL_Rect){x, y, w / 2, 4}, VIZ_FAINT, 255);
    eap__viz_fill(v->ren, (SDL_Rect){x, y - 3, 1, 10}, VIZ_TEXT, 255);
    eap__viz_fill(v->ren, (SDL_Rect){x + w - 1, y - 3, 1, 10}, VIZ_TEXT, 255);
    eap__viz_draw_text(v, FONT_SMALL, VIZ_TEXT, text, x, y - 17, NULL, NULL);
    eap__viz_pass_take(p, (SDL_Rect){x - 6, y - 20, w + 12, 30});
}

/* ---- The inset ---- */

/* The worst state among the places the inset shows, for its footprint on the main map. */
static uint32_t inset_rgb(const struct eap_viz *v)
{
    enum eap_viz_place_status worst = EAP_VIZ_PLACE_QUIET;
    static const int rank[] = {0, 1, 3, 4, 5, 2};
    for (size_t i = 0; i < v->scn->place_count; i++) {
        const struct eap_place *pl = &v->scn->places[i];
        enum eap_viz_place_status s = v->frame.places[i].status;
        if (eap_viz_layout_in_inset(&v->layout, pl->lat, pl->lon) && rank[s] > rank[worst]) {
            worst = s;
        }
    }
    return eap__viz_place_rgb(worst);
}

/* Appends " · name" to the title when it still fits max_w pixels in bold; a name that does
 * not fit is left out, never cut. */
static void title_add(const struct eap_viz *v, char *buf, size_t len, const char *name, int max_w)
{
    char short_name[128];
    eap__viz_short_name(name, short_name, sizeof(short_name));
    size_t n = strlen(buf);
    if (n + strlen(short_name) + 5 >= len) {
        return;
    }
    snprintf(buf + n, len - n, " · %s", short_name);
    int w = 0;
    if (TTF_SizeUTF8(v->fonts[FONT_BOLD], buf, &w, NULL) != 0 || w > max_w) {
        buf[n] = '\0'; /* it does not fit: back to what was there */
    }
}

/* The inset's title: the places that matter in it (threatened, or where people start),
 * else the place it is centred on, as many as fit max_w pixels. */
static void inset_title(const struct eap_viz *v, char *buf, size_t len, int max_w)
{
    const struct eap_scenario *scn = v->scn;
    snprintf(buf, len, "INSET");
    for (size_t i = 0; i < scn->place_count; i++) {
        const struct eap_place *pl = &scn->places[i];
        if (eap_viz_place_important(scn, (int32_t)i) &&
            eap_viz_layout_in_inset(&v->layout, pl->lat, pl->lon)) {
            title_add(v, buf, len, pl->name, max_w);
        }
    }
    int32_t f = v->layout.inset_focus;
    if (strcmp(buf, "INSET") == 0 && f >= 0) {
        title_add(v, buf, len, scn->places[f].name, max_w);
    }
}

/* On the main map: the inset's footprint and a leader line to its box. */
static void draw_footprint(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_layout *l = &v->layout;
    float x0, y0, x1, y1;
    eap__viz_pass_point(p, l->inset_lat0, l->inset_lon0, 0, &x0, &y0);
    eap__viz_pass_point(p, l->inset_lat1, l->inset_lon1, 0, &x1, &y1);
    float cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    int half = (int)fmaxf(7, fmaxf((x1 - x0) / 2, (y0 - y1) / 2));
    SDL_Rect fp = {(int)cx - half, (int)cy - half, 2 * half, 2 * half};
    uint32_t rgb = inset_rgb(v);
    const struct eap_viz_rect b = l->inset_box;
    float bx = cx < b.x ? b.x : cx > b.x + b.w ? b.x + b.w : cx;
    float by = cy < b.y ? b.y : cy > b.y + b.h ? b.y + b.h : cy;
    eap__viz_dashed_line(v->ren, cx, cy, bx, by, 5, 4, VIZ_TEXT, 150);
    eap__viz_fill(v->ren, fp, rgb, 90);
    /* The outline goes on top of the places at the end of the pass. */
    p->footprint = fp;
    p->footprint_rgb = rgb;
    eap__viz_pass_take(p, fp);
}

static void draw_inset_frame(struct eap_viz *v)
{
    const struct eap_viz_layout *l = &v->layout;
    SDL_Rect box = {l->inset_box.x, l->inset_box.y, l->inset_box.w, l->inset_box.h};
    SDL_Rect shadow = {box.x + 4, box.y + 4, box.w, box.h};
    eap__viz_fill(v->ren, shadow, 0x000000, 110);
    eap__viz_fill(v->ren, (SDL_Rect){box.x, box.y, box.w, l->inset.area.y - box.y}, VIZ_PANEL, 255);
    char zoom[32], title[400];
    snprintf(zoom, sizeof(zoom), "×%.0f", l->inset.scale / v->layout.main.scale);
    const struct viz_text *z = eap__viz_text(v, FONT_SMALL, VIZ_MUTED, zoom, 0, false);
    int zoom_w = z ? z->w : 0;
    if (z) {
        SDL_Rect d = {box.x + box.w - z->w - 8, box.y + 5, z->w, z->h};
        SDL_RenderCopy(v->ren, z->tex, NULL, &d);
    }
    inset_title(v, title, sizeof(title), box.w - zoom_w - 28);
    eap__viz_draw_text(v, FONT_BOLD, VIZ_TEXT, title, box.x + 8, box.y + 3, NULL, NULL);
}

/* The inset's caption: at city scale the 1:50m coastline is off by a kilometre or two. */
static void draw_inset_caption(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_rect a = v->layout.inset.area;
    const struct viz_text *t =
        eap__viz_text(v, FONT_SMALL, VIZ_FAINT, "coastline approx. (1:50m)", 0, false);
    if (t) {
        SDL_Rect d = {a.x + a.w - t->w - 6, a.y + a.h - t->h - 4, t->w, t->h};
        SDL_RenderCopy(v->ren, t->tex, NULL, &d);
        eap__viz_pass_take(p, d);
    }
}

/* Everything on one map, bottom layer first. */
static void draw_layers(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    SDL_Texture *land = eap__viz_land(v, p->inset ? &v->land_inset : &v->land_main, p->m);
    if (land) {
        SDL_RenderCopy(v->ren, land, NULL, &p->clip);
    } else {
        eap__viz_fill(v->ren, p->clip, VIZ_SEA, 255); /* no raster (out of memory): sea */
    }
    if (!p->inset && v->layout.has_inset) {
        /* Keep labels off the inset box; its footprint marks the cluster instead. */
        const struct eap_viz_rect b = v->layout.inset_box;
        eap__viz_pass_take(p, (SDL_Rect){b.x - 4, b.y - 4, b.w + 8, b.h + 8});
    }
    if (!p->inset) {
        eap__viz_draw_rings(p);
    }
    draw_routes(p);
    eap__viz_draw_route_events(p);
    eap__viz_draw_legs(p);
    draw_scale_bar(p, p->clip.x + 14, p->clip.y + p->clip.h - 16);
    if (p->inset) {
        draw_inset_caption(p);
    }
    if (!p->inset && v->layout.has_inset) {
        draw_footprint(p);
    }
    draw_places(p);
    eap__viz_draw_convoys(p);
    eap__viz_draw_assets(p);
    if (p->footprint.w > 0) {
        eap__viz_frame_rect(v->ren, p->footprint, p->footprint_rgb, 255);
    }
    eap__viz_place_labels(p);
    /* Context text last: it goes only where nothing that matters is. */
    if (!p->inset) {
        eap__viz_draw_ring_labels(p);
        draw_country_names(p);
    }
}

void eap__viz_draw_maps(struct eap_viz *v)
{
    struct viz_pass pass; /* about 10 KiB: the placed labels of one map */
    eap__viz_pass_init(&pass, v, &v->layout.main, false);
    SDL_RenderSetClipRect(v->ren, &pass.clip);
    draw_layers(&pass);
    if (v->layout.has_inset) {
        draw_inset_frame(v);
        eap__viz_pass_init(&pass, v, &v->layout.inset, true);
        SDL_RenderSetClipRect(v->ren, &pass.clip);
        draw_layers(&pass);
        const struct eap_viz_rect b = v->layout.inset_box;
        SDL_RenderSetClipRect(v->ren, NULL);
        eap__viz_frame_rect(v->ren, (SDL_Rect){b.x, b.y, b.w, b.h}, VIZ_MUTED, 255);
    }
    SDL_RenderSetClipRect(v->ren, NULL);
}
