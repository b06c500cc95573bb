/*
 * What moves on the maps: convoys (vehicles and head count), aircraft and teams in transit,
 * holding or on station, the legs they fly, what happened on the road (checkpoints,
 * incidents, breakdowns), and flight-hour rings round the bases of tasked aircraft.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

#define PI 3.14159265358979323846
#define DEG (PI / 180.0)
#define EARTH_R 6371000.0

static bool valid(int32_t i, size_t n)
{
    return i >= 0 && (size_t)i < n;
}

static bool flies(enum eap_asset_kind k)
{
    return k == EAP_ASSET_DRONE || k == EAP_ASSET_FIGHTER || k == EAP_ASSET_TILTROTOR ||
           k == EAP_ASSET_TRANSPORT;
}

/* ---- Road events ---- */

static void road_marker(struct viz_pass *p, const struct eap_trace_event *ev)
{
    struct eap_viz *v = p->v;
    double lat, lon;
    float x, y;
    eap_viz_convoy_point(v->scn, v->tr, ev->subject, ev->value, &lat, &lon);
    if (!eap__viz_pass_point(p, lat, lon, 0, &x, &y) || eap__viz_pass_defers(p, lat, lon)) {
        return;
    }
    if (ev->kind == EAP_EV_INCIDENT) {
        eap__viz_icon_at(v, ICON_BURST, x, y, 16, eap_viz_color_rgb(EAP_VIZ_C_BREACH), 255, 0);
    } else {
        uint32_t rgb =
            ev->kind == EAP_EV_CHECKPOINT ? eap_viz_color_rgb(EAP_VIZ_C_THREAT) : VIZ_MUTED;
        eap__viz_icon_at(v, ICON_DISC, x, y, 11, VIZ_DARK, 255, 0);
        eap__viz_icon_at(v, ICON_DISC, x, y, 8, rgb, 255, 0);
    }
}

void eap__viz_draw_route_events(struct viz_pass *p)
{
    const struct eap_viz *v = p->v;
    for (size_t i = 0; i < v->frame.events_done; i++) {
        const struct eap_trace_event *ev = &v->tr->events[i];
        if ((ev->kind == EAP_EV_CHECKPOINT || ev->kind == EAP_EV_INCIDENT ||
             ev->kind == EAP_EV_BREAKDOWN) &&
            valid(ev->subject, v->scn->convoy_count)) {
            road_marker(p, ev);
        }
    }
}

/* ---- Legs ---- */

void eap__viz_draw_legs(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    uint32_t rgb = eap_viz_color_rgb(EAP_VIZ_C_ASSET);
    for (size_t a = 0; a < v->frame.asset_count; a++) {
        const struct eap_viz_asset *o = &v->frame.assets[a];
        if (o->status != EAP_VIZ_ASSET_TRANSIT && o->status != EAP_VIZ_ASSET_RETURNING) {
            continue;
        }
        float x0, y0, x, y, x1, y1;
        eap__viz_pass_point(p, o->from_lat, o->from_lon, 0, &x0, &y0);
        eap__viz_pass_point(p, o->lat, o->lon, 0, &x, &y);
        eap__viz_pass_point(p, o->to_lat, o->to_lon, 0, &x1, &y1);
        /* Flown: solid and faint; still to fly: dashed and brighter. */
        eap__viz_thick_line(v->ren, x0, y0, x, y, 2.0f, rgb, 110);
        eap__viz_dashed_line(v->ren, x, y, x1, y1, 7, 5, rgb, 220);
    }
}

/* ---- Convoys ---- */

static uint32_t convoy_ring_rgb(enum eap_viz_convoy_status s)
{
    switch (s) {
    case EAP_VIZ_CONVOY_HALTED:
    case EAP_VIZ_CONVOY_BREAKDOWN:
        return eap_viz_color_rgb(EAP_VIZ_C_THREAT);
    case EAP_VIZ_CONVOY_INCIDENT:
        return eap_viz_color_rgb(EAP_VIZ_C_BREACH);
    case EAP_VIZ_CONVOY_ARRIVED:
        return eap_viz_color_rgb(EAP_VIZ_C_SAFE);
    default:
        return VIZ_TEXT;
    }
}

static const char *convoy_doing(enum eap_viz_convoy_status s)
{
    switch (s) {
    case EAP_VIZ_CONVOY_FORMING:
        return "forming";
    case EAP_VIZ_CONVOY_READY:
        return "ready to leave";
    case EAP_VIZ_CONVOY_HALTED:
        return "held at a checkpoint";
    case EAP_VIZ_CONVOY_INCIDENT:
        return "incident: stopped";
    case EAP_VIZ_CONVOY_BREAKDOWN:
        return "breakdown: stopped";
    case EAP_VIZ_CONVOY_ARRIVED:
        return "arrived";
    default:
        return "moving";
    }
}

static void label_convoy(struct viz_pass *p, size_t c, float x, float y, float r)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_convoy *cv = &v->frame.convoys[c];
    char line[200], cover[300], name[96];
    snprintf(line, sizeof(line), "%d vehicles · %d people · km %.0f of %.0f · %s", cv->vehicles,
             cv->people, cv->position / 1000, cv->length / 1000, convoy_doing(cv->status));
    eap__viz_cover_line(v, EAP_NONE, (int32_t)c, cover, sizeof(cover));
    eap__viz_short_name(v->scn->convoys[c].name, name, sizeof(name));
    int wrap = eap__viz_label_width(p);
    struct viz_label_req q = {.x = x,
                              .y = y,
                              .r = r,
                              .need = EAP_VIZ_FORCED,
                              .chip = true,
                              .accent = eap_viz_color_rgb(EAP_VIZ_C_CONVOY),
                              .prio = PRIO_CONVOY};
    eap__viz_label_text(v, &q, FONT_BOLD, VIZ_TEXT, name, wrap);
    q.nname = q.nlines;
    eap__viz_label_text(v, &q, FONT_SMALL, VIZ_MUTED, line, wrap);
    eap__viz_label_text(v, &q, FONT_SMALL, 0x9dc0ff, cover, wrap);
    eap__viz_label(p, &q);
}

/* Arrived convoys stay on the map for a while, then their people count at the place. */
#define ARRIVED_SHOWN (30 * EAP_MINUTE)
#define CONVOY_PX(p) ((p)->inset ? 28 : 26)

/* Where the convoy's marker goes: on the road when moving; beside its place while it
 * forms, waits or has arrived, so the place's own state stays visible. */
static bool convoy_spot(const struct viz_pass *p, size_t c, float *x, float *y)
{
    const struct eap_viz_convoy *cv = &p->v->frame.convoys[c];
    if (cv->status == EAP_VIZ_CONVOY_NONE ||
        (cv->status == EAP_VIZ_CONVOY_ARRIVED &&
         p->v->frame.t - p->v->tr->events[cv->record].time > ARRIVED_SHOWN) ||
        !eap__viz_pass_point(p, cv->lat, cv->lon, 0, x, y)) {
        return false;
    }
    if (cv->status == EAP_VIZ_CONVOY_FORMING || cv->status == EAP_VIZ_CONVOY_READY ||
        cv->status == EAP_VIZ_CONVOY_ARRIVED) {
        *x += CONVOY_PX(p) * 0.85f;
        *y += CONVOY_PX(p) * 0.85f;
    }
    return true;
}

void eap__viz_draw_convoys(struct viz_pass *p)
{
    struct eap_viz *v = p->v;
    for (size_t c = 0; c < v->frame.convoy_count; c++) {
        const struct eap_viz_convoy *cv = &v->frame.convoys[c];
        float x, y;
        if (!convoy_spot(p, c, &x, &y)) {
            continue;
        }
        if (eap__viz_pass_defers(p, cv->lat, cv->lon)) {
            continue; /* the inset shows it; its footprint stands for it here */
        }
        int px = CONVOY_PX(p);
        eap__viz_icon_at(v, ICON_DISC, x, y, px + 8, convoy_ring_rgb(cv->status), 255, 0);
        eap__viz_icon_at(v, ICON_DISC, x, y, px + 4, VIZ_DARK, 255, 0);
        eap__viz_icon_at(v, ICON_DISC, x, y, px, eap_viz_color_rgb(EAP_VIZ_C_CONVOY), 255, 0);
        eap__viz_icon_at(v, ICON_CONVOY, x, y, px * 3 / 4, VIZ_DARK, 255, 0);
        eap__viz_pass_mark(p, x, y, px + 8);
        label_convoy(p, c, x, y, px / 2.0f + 4);
    }
}

/* ---- Assets ---- */

static bool rotates(enum eap_asset_kind k)
{
    return k != EAP_ASSET_TEAM && k != EAP_ASSET_MILITIA;
}

static uint32_t asset_rgb(enum eap_asset_kind k)
{
    return k == EAP_ASSET_MILITIA ? 0x9a9560 : eap_viz_color_rgb(EAP_VIZ_C_ASSET);
}

static const char *place_name(const struct eap_viz *v, int32_t p)
{
    return valid(p, v->scn->place_count) ? v->scn->places[p].name : "?";
}

/* Where the asset is going: the place of its next record, if any. */
static const char *heading_for(const struct eap_viz *v, const struct eap_viz_asset *o)
{
    if (o->next >= 0 && v->tr->events[o->next].place >= 0) {
        return place_name(v, v->tr->events[o->next].place);
    }
    const struct eap_scenario *scn = v->scn;
    if (o->next >= 0 && v->tr->events[o->next].kind == EAP_EV_ON_STATION &&
        valid(v->tr->events[o->next].object, scn->route_count)) {
        return scn->routes[v->tr->events[o->next].object].name;
    }
    return NULL;
}

static void asset_doing(const struct eap_viz *v, const struct eap_viz_asset *o, char *buf,
                        size_t len)
{
    const char *to = heading_for(v, o);
    switch (o->status) {
    case EAP_VIZ_ASSET_TASKED:
        snprintf(buf, len, "tasked, at %s", place_name(v, o->place));
        break;
    case EAP_VIZ_ASSET_READY:
        snprintf(buf, len, "ready at %s", place_name(v, o->place));
        break;
    case EAP_VIZ_ASSET_TRANSIT:
        snprintf(buf, len, "en route%s%s", to ? " to " : "", to ? to : "");
        break;
    case EAP_VIZ_ASSET_HOLDING:
        snprintf(buf, len, "on the ground at %s", place_name(v, o->place));
        break;
    case EAP_VIZ_ASSET_ON_STATION:
        snprintf(buf, len, "on station over %s",
                 o->place >= 0                            ? place_name(v, o->place)
                 : valid(o->convoy, v->scn->convoy_count) ? v->scn->convoys[o->convoy].name
                                                          : "its route");
        break;
    case EAP_VIZ_ASSET_ESCORTING:
        snprintf(buf, len, "escorting %s",
                 valid(o->convoy, v->scn->convoy_count) ? v->scn->convoys[o->convoy].name : "");
        break;
    default:
        snprintf(buf, len, "returning to base");
        break;
    }
    if (o->people > 0) {
        size_t n = strlen(buf);
        snprintf(buf + n, len - n, " · %d aboard", o->people);
    }
    if (o->reported >= 0) {
        /* The players' view: this is what the post heard, not where it is now. */
        char clock[32];
        size_t n = strlen(buf);
        snprintf(buf + n, len - n, "\nas last heard, at %s",
                 eap__viz_clock(v, o->reported, clock, sizeof(clock)));
    }
}

/* The orbit slot of an asset over a place or a convoy (0, 1, ...). */
static int slot_at(struct viz_pass *p, const struct eap_viz_asset *o)
{
    if (o->place >= 0 && o->place < 64) {
        return p->orbit[o->place]++;
    }
    if (o->convoy >= 0 && o->convoy < 16) {
        return p->stack_convoy[o->convoy]++;
    }
    return 0;
}

/* Tasked, ready or on the ground at a place: its icon stands beside the place. */
static bool waiting(const struct eap_viz_asset *o)
{
    return o->status == EAP_VIZ_ASSET_TASKED || o->status == EAP_VIZ_ASSET_READY ||
           o->status == EAP_VIZ_ASSET_HOLDING;
}

/* Where to draw the icon: beside its place (stacked when several share it), beside the
 * convoy it escorts, on an orbit round its station, or where it is. */
static void icon_spot(struct viz_pass *p, const struct eap_viz_asset *o, float x, float y, int px,
                      float *ix, float *iy)
{
    *ix = x;
    *iy = y;
    if (waiting(o)) {
        int k = 0;
        if (o->place >= 0 && o->place < 64) {
            k = p->stack[o->place]++;
        }
        *ix = x + px * (0.95f + 1.05f * k);
        *iy = y - px * 0.75f;
    }
}

static void orbit(struct viz_pass *p, float x, float y, float r, uint32_t rgb)
{
    for (int i = 0; i < 24; i += 2) {
        double a0 = i * 15.0 * DEG, a1 = (i + 1) * 15.0 * DEG;
        eap__viz_thick_line(p->v->ren, x + r * (float)sin(a0), y - r * (float)cos(a0),
                            x + r * (float)sin(a1), y - r * (float)cos(a1), 2.0f, rgb, 230);
    }
}

static bool orbiting(const struct eap_viz_asset *o)
{
    return o->status == EAP_VIZ_ASSET_ON_STATION || o->status == EAP_VIZ_ASSET_ESCORTING;
}

bool eap__viz_asset_grouped(const struct eap_viz_asset *o)
{
    return orbiting(o) || (waiting(o) && o->place >= 0);
}

static void asset_icon(struct viz_pass *p, size_t a, float x, float y, int px, uint8_t alpha)
{
    struct eap_viz *v = p->v;
    const struct eap_asset *as = &v->scn->assets[a];
    const struct eap_viz_asset *o = &v->frame.assets[a];
    eap__viz_icon_at(v, ICON_DISC, x, y, px + 4, VIZ_DARK, alpha, 0);
    eap__viz_icon_at(v, ICON_DISC, x, y, px, asset_rgb(as->kind), alpha, 0);
    eap__viz_icon_at(v, ICON_ASSET_FIRST + (int)as->kind, x, y, px * 3 / 4, 0xffffff, alpha,
                     rotates(as->kind) ? o->heading : 0);
    eap__viz_pass_mark(p, x, y, px);
}

/* The screen spot of the place or convoy a grouped asset belongs to. */
static bool anchor_spot(const struct viz_pass *p, const struct eap_viz_asset *o, float *x, float *y,
                        float *r)
{
    if (o->place >= 0) {
        *r = (p->inset ? 26 : 22) / 2.0f;
        return eap__viz_pass_point(p, o->lat, o->lon, 0, x, y);
    }
    if (valid(o->convoy, p->v->frame.convoy_count) && convoy_spot(p, (size_t)o->convoy, x, y)) {
        *r = (CONVOY_PX(p) + 8) / 2.0f;
        return true;
    }
    *r = 0;
    return eap__viz_pass_point(p, o->lat, o->lon, 0, x, y);
}

/* Grouped with a place or convoy (named in its label): on an orbit round it when on
 * station or riding along, stacked beside it when waiting there. */
static void draw_grouped(struct viz_pass *p, size_t a)
{
    const struct eap_viz_asset *o = &p->v->frame.assets[a];
    float x, y, r, ix, iy;
    if (eap__viz_pass_defers(p, o->lat, o->lon) || !anchor_spot(p, o, &x, &y, &r)) {
        return; /* the inset shows it */
    }
    if (!orbiting(o)) {
        int px = p->inset ? 22 : 20;
        icon_spot(p, o, x, y, px, &ix, &iy);
        asset_icon(p, a, ix, iy, px, o->status == EAP_VIZ_ASSET_TASKED ? 150 : 255);
        return;
    }
    int px = p->inset ? 20 : 18;
    int k = slot_at(p, o);
    float radius = r + px / 2.0f + 3;
    if (k == 0) {
        orbit(p, x, y, radius, eap_viz_color_rgb(EAP_VIZ_C_ASSET));
    }
    static const double angles[] = {45, 315, 135, 225, 0, 90, 180, 270};
    double ang = angles[k % 8] * DEG;
    ix = x + radius * (float)sin(ang);
    iy = y - radius * (float)cos(ang);
    asset_icon(p, a, ix, iy, px, 255);
}

/* Whether a marker is already down at (x, y) on this pass. */
static bool marked_at(const struct viz_pass *p, float x, float y)
{
    for (size_t i = 0; i < p->placer.nmarks; i++) {
        const struct eap_viz_marker *m = &p->placer.marks[i];
        if (fabsf(m->x - x) < 2 && fabsf(m->y - y) < 2) {
            return true;
        }
    }
    return false;
}

/* In the players' view an asset stands where the post last heard of it, often a place or
 * another asset's spot, for as long as nothing new is heard: there its icon moves to the
 * first free spot round that marker, so that each icon shows and takes a label of its own.
 * (In the facilitator's view icons meet only in passing.) */
static void fan_out(const struct viz_pass *p, int px, float *ix, float *iy)
{
    static const double angles[] = {45, 315, 135, 225, 0, 90, 180, 270};
    if (!marked_at(p, *ix, *iy)) {
        return;
    }
    for (size_t k = 0; k < sizeof(angles) / sizeof(angles[0]); k++) {
        float x = *ix + px * 1.1f * (float)sin(angles[k] * DEG);
        float y = *iy - px * 1.1f * (float)cos(angles[k] * DEG);
        if (!marked_at(p, x, y)) {
            *ix = x;
            *iy = y;
            return;
        }
    }
}

/* Tasked, in transit, holding or returning: an icon with a label of its own. */
static void draw_free(struct viz_pass *p, size_t a)
{
    struct eap_viz *v = p->v;
    const struct eap_viz_asset *o = &v->frame.assets[a];
    float x, y, ix, iy;
    if (!eap__viz_pass_point(p, o->lat, o->lon, 0, &x, &y) ||
        eap__viz_pass_defers(p, o->lat, o->lon)) {
        return; /* off this map, or the inset shows it */
    }
    int px = p->inset ? 24 : 22;
    icon_spot(p, o, x, y, px, &ix, &iy);
    if (o->reported >= 0) {
        fan_out(p, px, &ix, &iy);
    }
    bool waiting = o->status == EAP_VIZ_ASSET_TASKED;
    asset_icon(p, a, ix, iy, px, waiting ? 150 : 255);
    char line[200], name[96];
    asset_doing(v, o, line, sizeof(line));
    eap__viz_short_name(v->scn->assets[a].name, name, sizeof(name));
    int wrap = eap__viz_label_width(p);
    struct viz_label_req q = {.x = ix,
                              .y = iy,
                              .r = px / 2.0f,
                              .need = waiting ? EAP_VIZ_CONTEXT : EAP_VIZ_FORCED,
                              .chip = true,
                              .accent = asset_rgb(v->scn->assets[a].kind),
                              .prio = waiting ? PRIO_WAITING : PRIO_MOVING};
    eap__viz_label_text(v, &q, FONT_BOLD, VIZ_TEXT, name, wrap);
    q.nname = q.nlines;
    eap__viz_label_text(v, &q, FONT_SMALL, VIZ_MUTED, line, wrap);
    eap__viz_label(p, &q);
}

/* The groups of a label, in the order they are listed, worded as the event log words them:
 * drones and fighters "on station over" a place are overhead, others "on scene"; "ready at"
 * their base; on the ground at a stop; tasked and not yet gone. */
enum group { G_OVERHEAD, G_ON_SCENE, G_READY, G_ON_GROUND, G_TASKED, G_COUNT };

static int group_of(const struct eap_viz *v, size_t a)
{
    const struct eap_viz_asset *o = &v->frame.assets[a];
    enum eap_asset_kind k = v->scn->assets[a].kind;
    switch (o->status) {
    case EAP_VIZ_ASSET_ON_STATION:
        /* Over a route (o->place < 0) anything flying is cover. */
        if (k == EAP_ASSET_DRONE || k == EAP_ASSET_FIGHTER || (o->place < 0 && flies(k))) {
            return G_OVERHEAD;
        }
        return G_ON_SCENE;
    case EAP_VIZ_ASSET_ESCORTING:
        return flies(k) ? G_OVERHEAD : G_ON_SCENE;
    case EAP_VIZ_ASSET_READY:
        return G_READY;
    case EAP_VIZ_ASSET_HOLDING:
        return G_ON_GROUND;
    case EAP_VIZ_ASSET_TASKED:
        return G_TASKED;
    default:
        return G_COUNT;
    }
}

/* Brief names of the assets of one group at a place (or, place < 0, with a convoy). */
static void names_at(const struct eap_viz *v, int32_t place, int32_t convoy, int group, char *buf,
                     size_t len)
{
    buf[0] = '\0';
    for (size_t a = 0; a < v->frame.asset_count; a++) {
        const struct eap_viz_asset *o = &v->frame.assets[a];
        bool here = eap__viz_asset_grouped(o) &&
                    (place >= 0 ? o->place == place : o->convoy == convoy && o->place < 0);
        if (here && group_of(v, a) == group) {
            char name[96];
            size_t n = strlen(buf);
            eap__viz_brief_name(v->scn->assets[a].name, name, sizeof(name));
            snprintf(buf + n, len - n, "%s%s", n ? ", " : "", name);
        }
    }
}

void eap__viz_cover_line(const struct eap_viz *v, int32_t place, int32_t convoy, char *buf,
                         size_t len)
{
    static const char *const at_place[G_COUNT] = {
        "overhead: ", "on scene: ", "ready: ", "on the ground: ", "tasked: "};
    static const char *const with_convoy[G_COUNT] = {"cover: ", "escort: ", "", "", ""};
    size_t n = 0;
    buf[0] = '\0';
    for (int g = 0; g < G_COUNT && n < len; g++) {
        char names[300];
        names_at(v, place, convoy, g, names, sizeof(names));
        if (names[0]) {
            const char *head = place >= 0 ? at_place[g] : with_convoy[g];
            n += (size_t)snprintf(buf + n, len - n, "%s%s%s", n ? "\n" : "", head, names);
        }
    }
}

void eap__viz_draw_assets(struct viz_pass *p)
{
    for (size_t a = 0; a < p->v->frame.asset_count; a++) {
        const struct eap_viz_asset *o = &p->v->frame.assets[a];
        if (eap__viz_asset_grouped(o)) {
            draw_grouped(p, a);
        } else if (o->status != EAP_VIZ_ASSET_IDLE && o->status != EAP_VIZ_ASSET_DONE) {
            draw_free(p, a);
        }
    }
}

/* ---- Flight-hour rings ---- */

/* Ground metres the asset covers in an hour of flight from its base. */
static double metres_per_hour(const struct eap_viz *v, const struct eap_asset *a)
{
    double speed = valid(a->speed, v->scn->input_count) ? v->scn->inputs[a->speed].replay_value : 0;
    return speed * 3600.0 / (a->path_factor > 0 ? a->path_factor : 1.0);
}

static double distance_to_target(const struct eap_viz *v, const struct eap_asset *a)
{
    const struct eap_scenario *scn = v->scn;
    int32_t t = a->target_place;
    if (t < 0 && valid(a->target_route, scn->route_count) &&
        scn->routes[a->target_route].segment_count > 0) {
        t = scn->routes[a->target_route].segments[0].from;
    }
    if (!valid(t, scn->place_count)) {
        return 0;
    }
    const struct eap_place *b = &scn->places[a->base], *d = &scn->places[t];
    return eap_great_circle_m(b->lat, b->lon, d->lat, d->lon);
}

static void destination(double lat, double lon, double bearing, double dist, double *olat,
                        double *olon)
{
    double d = dist / EARTH_R, p1 = lat * DEG, l1 = lon * DEG, th = bearing * DEG;
    double p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(th));
    double l2 = l1 + atan2(sin(th) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2));
    *olat = p2 / DEG;
    *olon = l2 / DEG;
}

/* A dashed geodesic circle of `radius` metres round (lat, lon). */
static void ring(struct viz_pass *p, double lat, double lon, double radius)
{
    float px = 0, py = 0;
    for (int i = 0; i <= 120; i++) {
        double rl, rn;
        float x, y;
        destination(lat, lon, i * 3.0, radius, &rl, &rn);
        bool on = eap__viz_pass_point(p, rl, rn, 200, &x, &y);
        if (i > 0 && on && i % 3 != 0) {
            eap__viz_thick_line(p->v->ren, px, py, x, y, 1.0f, VIZ_RING, 120);
        }
        px = x;
        py = y;
    }
}

/* Labels a ring where it crosses the map: north if visible, else the first of a few
 * bearings that is on screen and covers nothing. */
static void ring_label(struct viz_pass *p, double lat, double lon, double radius, const char *txt)
{
    static const double bearings[] = {0, 30, 330, 60, 300, 90, 270, 120, 240, 180};
    const struct viz_text *t = eap__viz_text(p->v, FONT_SMALL, VIZ_RING, txt, 0, true);
    for (size_t i = 0; t && i < sizeof(bearings) / sizeof(bearings[0]); i++) {
        double rl, rn;
        float x, y;
        destination(lat, lon, bearings[i], radius, &rl, &rn);
        if (eap__viz_pass_point(p, rl, rn, -20, &x, &y) && eap__viz_pass_text(p, t, x, y)) {
            return;
        }
    }
}

static bool ring_wanted(const struct eap_viz *v, size_t a)
{
    const struct eap_asset *as = &v->scn->assets[a];
    enum eap_viz_asset_status s = v->frame.assets[a].status;
    bool busy = s != EAP_VIZ_ASSET_IDLE && s != EAP_VIZ_ASSET_DONE;
    return flies(as->kind) && valid(as->base, v->scn->place_count) && metres_per_hour(v, as) > 0 &&
           (busy || v->ui.all_rings);
}

/* Same base, speed within 5%: one set of rings is enough. */
static bool ring_duplicate(const struct eap_viz *v, size_t a)
{
    const struct eap_asset *as = &v->scn->assets[a];
    for (size_t b = 0; b < a; b++) {
        const struct eap_asset *bs = &v->scn->assets[b];
        if (ring_wanted(v, b) && bs->base == as->base &&
            fabs(metres_per_hour(v, bs) - metres_per_hour(v, as)) < 0.05 * metres_per_hour(v, as)) {
            return true;
        }
    }
    return false;
}

/* Rings at whole flight hours from the base, out to just past its target (at most four;
 * the step grows for slow or far assets). They answer "how long until it can be there". */
struct ring_set {
    double per_hour; /* metres a flight hour */
    int step, count; /* hours between rings, and how many */
};

static struct ring_set ring_set(const struct eap_viz *v, const struct eap_asset *as)
{
    struct ring_set r = {metres_per_hour(v, as), 1, 1};
    double hours = distance_to_target(v, as) / r.per_hour;
    r.step = hours <= 3 ? 1 : (int)ceil(hours / 3);
    r.count = (int)fmin(4, fmax(1, ceil(hours / r.step)));
    return r;
}

static bool rings_drawn(const struct eap_viz *v, size_t a)
{
    return ring_wanted(v, a) && !ring_duplicate(v, a);
}

void eap__viz_draw_rings(struct viz_pass *p)
{
    for (size_t a = 0; a < p->v->scn->asset_count; a++) {
        if (rings_drawn(p->v, a)) {
            const struct eap_asset *as = &p->v->scn->assets[a];
            const struct eap_place *base = &p->v->scn->places[as->base];
            struct ring_set r = ring_set(p->v, as);
            for (int i = 1; i <= r.count; i++) {
                ring(p, base->lat, base->lon, r.per_hour * r.step * i);
            }
        }
    }
}

/* Each ring's flight time, and on the outermost the aircraft's name ("2h00m · Two F-16s"). */
void eap__viz_draw_ring_labels(struct viz_pass *p)
{
    for (size_t a = 0; a < p->v->scn->asset_count; a++) {
        if (!rings_drawn(p->v, a)) {
            continue;
        }
        const struct eap_asset *as = &p->v->scn->assets[a];
        const struct eap_place *base = &p->v->scn->places[as->base];
        struct ring_set r = ring_set(p->v, as);
        char name[96], hours[32], txt[160];
        eap__viz_brief_name(as->name, name, sizeof(name));
        for (int i = 1; i <= r.count; i++) {
            eap__viz_duration((eap_time)r.step * i * EAP_HOUR, hours, sizeof(hours));
            snprintf(txt, sizeof(txt), i == r.count ? "%s · %s" : "%s", hours, name);
            ring_label(p, base->lat, base->lon, r.per_hour * r.step * i, txt);
        }
    }
}
