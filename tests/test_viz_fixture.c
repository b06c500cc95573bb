/*
 * Hand-built scenarios and traces for the visualizer tests (see test_viz_fixture.h). The
 * numbers follow the public record loosely; what matters is that the tests can predict
 * positions from them.
 */
#include "test_viz_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/dist.h"
#include "eapsim/engine.h"
#include "eapsim/loader.h"

static struct fixture *fixture_new(const char *id, const char *name, const char *start)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    char why[128];
    if (!fx || !eap_clock_parse(&fx->scn.clock, start, why, sizeof(why))) {
        fprintf(stderr, "fixture: %s\n", fx ? why : "out of memory");
        abort();
    }
    fx->scn.id = id;
    fx->scn.name = name;
    fx->scn.file = "fixture";
    fx->scn.inputs = fx->inputs;
    fx->scn.places = fx->places;
    fx->scn.routes = fx->routes;
    fx->scn.parties = fx->parties;
    fx->scn.vehicles = fx->vehicles;
    fx->scn.assets = fx->assets;
    fx->scn.threats = fx->threats;
    fx->scn.convoys = fx->convoys;
    fx->scn.record = fx->record;
    eap_trace_init(&fx->trace);
    return fx;
}

void fixture_free(struct fixture *fx)
{
    if (fx) {
        eap_trace_finish(&fx->trace);
        free(fx);
    }
}

static int32_t input(struct fixture *fx, enum eap_quantity unit, double value)
{
    struct eap_input *in = &fx->inputs[fx->scn.input_count];
    eap_dist_fixed(&in->dist, value);
    in->unit = unit;
    in->path = "/fixture";
    in->replay_value = value;
    return (int32_t)fx->scn.input_count++;
}

static void place(struct fixture *fx, const char *id, const char *name, enum eap_place_kind kind,
                  double lat, double lon, bool safe)
{
    struct eap_place *p = &fx->places[fx->scn.place_count++];
    p->id = id;
    p->name = name;
    p->kind = kind;
    p->lat = lat;
    p->lon = lon;
    p->safe = safe;
    p->perimeter_hold = p->safe_room_hold = p->fire_untenable = p->cover = EAP_NONE;
}

static void segment(struct fixture *fx, int32_t from, int32_t to, double km, double kmh)
{
    struct eap_segment *s = &fx->segments[fx->routes[fx->scn.route_count - 1].segment_count++];
    s->from = from;
    s->to = to;
    s->distance = input(fx, EAP_Q_DISTANCE, km * 1000.0);
    s->speed = input(fx, EAP_Q_SPEED, kmh / 3.6);
    s->incident_delay = s->incident_lethality = EAP_NONE;
}

static void route(struct fixture *fx, const char *id, const char *name)
{
    struct eap_route *r = &fx->routes[fx->scn.route_count++];
    size_t used = 0;
    for (size_t i = 0; i + 1 < fx->scn.route_count; i++) {
        used += fx->routes[i].segment_count;
    }
    r->id = id;
    r->name = name;
    r->segments = &fx->segments[used];
}

static int32_t asset(struct fixture *fx, const char *id, const char *name, enum eap_asset_kind kind,
                     int32_t base, double kmh)
{
    struct eap_asset *a = &fx->assets[fx->scn.asset_count];
    a->id = id;
    a->name = name;
    a->kind = kind;
    a->base = base;
    a->requested_via = EAP_NONE;
    a->readiness = input(fx, EAP_Q_DURATION, 0);
    a->speed = input(fx, EAP_Q_SPEED, kmh / 3.6);
    a->path_factor = 1.0;
    a->target_place = a->target_route = EAP_NONE;
    a->time_on_station = a->endurance = a->desert_p = a->desert_after = EAP_NONE;
    return (int32_t)fx->scn.asset_count++;
}

static void party(struct fixture *fx, const char *id, const char *name, int count, int32_t at)
{
    struct eap_party *p = &fx->parties[fx->scn.party_count++];
    p->id = id;
    p->name = name;
    p->count = count;
    p->at = at;
}

static void threat(struct fixture *fx, const char *id, const char *name, enum eap_threat_kind k,
                   int32_t at)
{
    struct eap_threat *t = &fx->threats[fx->scn.threat_count++];
    t->id = id;
    t->name = name;
    t->kind = k;
    t->place = at;
    t->force = t->duration = t->lethality = t->smoke = t->escape = EAP_NONE;
    t->when.delay = EAP_NONE;
}

static void milestone(struct fixture *fx, const char *id, const char *label, eap_time t,
                      enum eap_event_kind kind, int32_t subject)
{
    struct eap_milestone *m = &fx->record[fx->scn.record_count++];
    m->id = id;
    m->label = label;
    m->time = t;
    m->event = (struct eap_condition){kind, subject, EAP_NONE};
    m->confidence = EAP_CONF_HIGH;
}

static void ev(struct fixture *fx, eap_time t, enum eap_event_kind kind, int place, int32_t subject,
               int32_t object, double value, double value2)
{
    struct eap_trace_event e = {t, (uint16_t)kind, (int16_t)place, subject, object, value, value2};
    eap_trace_append(&fx->trace, &e);
    if (fx->trace.oom) {
        abort();
    }
}

#define M EAP_MINUTE
#define H EAP_HOUR
#define N EAP_NONE

static void benghazi_places(struct fixture *fx)
{
    place(fx, "smc", "Special Mission Compound", EAP_PLACE_COMPOUND, 32.067, 20.083, false);
    place(fx, "annex", "Annex", EAP_PLACE_ANNEX, 32.061, 20.101, false);
    place(fx, "benina", "Benina airport", EAP_PLACE_AIRPORT, 32.0968, 20.2695, false);
    place(fx, "benghazi", "Benghazi", EAP_PLACE_TOWN, 32.1189, 20.0648, false);
    place(fx, "derna", "Derna (drone orbit)", EAP_PLACE_BASE, 32.768, 22.6393, false);
    place(fx, "sigonella", "NAS Sigonella", EAP_PLACE_BASE, 37.4017, 14.9222, false);
    place(fx, "souda", "NSA Souda Bay", EAP_PLACE_BASE, 35.5317, 24.1497, true);
    place(fx, "tripoli", "Embassy Tripoli", EAP_PLACE_EMBASSY, 32.8872, 13.1873, true);
}

static void benghazi_assets(struct fixture *fx)
{
    int32_t a = asset(fx, "drone", "ISR drone (MQ-1)", EAP_ASSET_DRONE, BG_DERNA, 200);
    fx->assets[a].target_place = BG_SMC;
    a = asset(fx, "qrf", "Annex QRF", EAP_ASSET_TEAM, BG_ANNEX, 12);
    fx->assets[a].target_place = BG_SMC;
    a = asset(fx, "drone2", "Relief drone", EAP_ASSET_DRONE, BG_SIGONELLA, 220);
    fx->assets[a].target_place = BG_ANNEX;
    a = asset(fx, "team", "Team from Souda Bay", EAP_ASSET_TRANSPORT, BG_SOUDA, 500);
    fx->assets[a].target_place = BG_ANNEX;
    fx->vias[0] = (struct eap_via){BG_BENINA, EAP_NONE, EAP_NONE, 1.0};
    fx->assets[a].via = &fx->vias[0];
    fx->assets[a].via_count = 1;
}

static void benghazi_trace(struct fixture *fx)
{
    ev(fx, 0, EAP_EV_START, N, N, N, 0, 0);
    ev(fx, 0, EAP_EV_ATTACK_START, BG_SMC, 0, N, 0, 0);
    ev(fx, 5 * M, EAP_EV_SHELTER, BG_SMC, 0, N, 0, 0);
    ev(fx, 17 * M, EAP_EV_TASKED, N, BG_DRONE, 0, 0, 0);
    ev(fx, 17 * M, EAP_EV_ASSET_DEPARTED, BG_DERNA, BG_DRONE, N, 0, 0);
    ev(fx, 20 * M, EAP_EV_BREACH, BG_SMC, 0, N, 0, 0);
    ev(fx, 22 * M, EAP_EV_TASKED, N, BG_QRF, 0, 0, 0);
    ev(fx, 25 * M, EAP_EV_ASSET_DEPARTED, BG_ANNEX, BG_QRF, N, 0, 0);
    ev(fx, 30 * M, EAP_EV_FIRE, BG_SMC, 1, N, 0, 0);
    ev(fx, 45 * M, EAP_EV_ON_STATION, BG_SMC, BG_QRF, N, 0, 0);
    ev(fx, 88 * M, EAP_EV_ON_STATION, BG_SMC, BG_DRONE, N, 0, 0);
    ev(fx, 100 * M, EAP_EV_PARTY_AT, BG_ANNEX, 0, N, 0, 0);
    ev(fx, 100 * M, EAP_EV_PLACE_EVACUATED, BG_SMC, N, N, 0, 0);
    ev(fx, 105 * M, EAP_EV_OFF_STATION, BG_SMC, BG_QRF, N, 0, 0);
    ev(fx, 108 * M, EAP_EV_ATTACK_END, BG_SMC, 0, N, 0, 0);
    ev(fx, 130 * M, EAP_EV_ATTACK_START, BG_ANNEX, 2, N, 0, 0);
    ev(fx, 150 * M, EAP_EV_TASKED, N, BG_TEAM, 0, 0, 0);
    ev(fx, 170 * M, EAP_EV_ASSET_DEPARTED, BG_SOUDA, BG_TEAM, N, 0, 0);
    ev(fx, 200 * M, EAP_EV_ATTACK_END, BG_ANNEX, 2, N, 0, 0);
    ev(fx, 225 * M, EAP_EV_ASSET_AT, BG_BENINA, BG_TEAM, N, 0, 0);
    ev(fx, 5 * H, EAP_EV_TASKED, N, BG_DRONE2, 0, 0, 0);
    ev(fx, 5 * H, EAP_EV_ASSET_DEPARTED, BG_SIGONELLA, BG_DRONE2, N, 0, 0);
    ev(fx, 6 * H, EAP_EV_ASSET_LEFT, BG_BENINA, BG_TEAM, N, 0, 0);
    ev(fx, 6 * H + 40 * M, EAP_EV_ON_STATION, BG_ANNEX, BG_TEAM, N, 0, 0);
    ev(fx, 7 * H + 33 * M, EAP_EV_INDIRECT_FIRE, BG_ANNEX, 3, N, 2, 0);
    ev(fx, 7 * H + 33 * M, EAP_EV_CASUALTIES, BG_ANNEX, 1, 3, 2, 0);
    ev(fx, 9 * H, EAP_EV_ON_STATION, BG_ANNEX, BG_DRONE2, N, 0, 0);
    ev(fx, 11 * H, EAP_EV_PARTY_SAFE, BG_ANNEX, 1, N, 0, 0);
    ev(fx, 12 * H, EAP_EV_END, N, N, N, 0, 0);
}

struct fixture *fixture_benghazi(void)
{
    struct fixture *fx =
        fixture_new("benghazi-fixture", "Benghazi (test fixture)", "2012-09-11T21:42+02:00");
    benghazi_places(fx);
    route(fx, "to_annex", "Compound to Annex");
    segment(fx, BG_SMC, BG_ANNEX, 2.0, 24);
    route(fx, "to_airport", "Annex to Benina");
    segment(fx, BG_ANNEX, BG_BENINA, 18.0, 40);
    party(fx, "smc_party", "Compound party", 7, BG_SMC);
    party(fx, "annex_staff", "Annex staff", 25, BG_ANNEX);
    benghazi_assets(fx);
    threat(fx, "attack1", "Attack on the compound", EAP_THREAT_ATTACK, BG_SMC);
    threat(fx, "arson", "Arson", EAP_THREAT_ARSON, BG_SMC);
    threat(fx, "attack2", "Attack on the Annex", EAP_THREAT_ATTACK, BG_ANNEX);
    threat(fx, "mortar", "Mortar fire", EAP_THREAT_INDIRECT_FIRE, BG_ANNEX);
    milestone(fx, "attack", "Attack begins", 0, EAP_EV_ATTACK_START, 0);
    milestone(fx, "drone_overhead", "Drone overhead", 88 * M, EAP_EV_ON_STATION, BG_DRONE);
    milestone(fx, "left_smc", "All left the compound", 108 * M, EAP_EV_PLACE_EVACUATED, N);
    milestone(fx, "mortar", "Mortar attack", 7 * H + 33 * M, EAP_EV_INDIRECT_FIRE, 3);
    fx->scn.horizon = 12 * H;
    benghazi_trace(fx);
    return fx;
}

static void tripoli_places(struct fixture *fx)
{
    place(fx, "embassy", "US Embassy Tripoli", EAP_PLACE_EMBASSY, 32.83, 13.17, false);
    place(fx, "zawiya", "Zawiya", EAP_PLACE_TOWN, 32.7596, 12.7278, false);
    place(fx, "zuwara", "Zuwara", EAP_PLACE_TOWN, 32.931, 12.082, false);
    place(fx, "ras_ajdir", "Ras Ajdir border crossing", EAP_PLACE_BORDER, 33.14, 11.56, true);
    place(fx, "tip", "Tripoli International", EAP_PLACE_AIRPORT, 32.6635, 13.159, false);
    place(fx, "sigonella", "NAS Sigonella", EAP_PLACE_BASE, 37.4017, 14.9222, false);
    place(fx, "aviano", "Aviano AB", EAP_PLACE_BASE, 46.032, 12.596, false);
}

static void tripoli_assets(struct fixture *fx)
{
    int32_t a = asset(fx, "f16", "F-16 pair", EAP_ASSET_FIGHTER, TR_AVIANO, 900);
    fx->assets[a].target_route = 0;
    a = asset(fx, "mv22", "MV-22 pair", EAP_ASSET_TILTROTOR, TR_SIGONELLA, 518);
    fx->assets[a].target_route = 0;
    a = asset(fx, "drone", "ISR drone", EAP_ASSET_DRONE, TR_SIGONELLA, 250);
    fx->assets[a].target_route = 0;
}

static void tripoli_convoy(struct fixture *fx)
{
    struct eap_vehicle *v = &fx->vehicles[fx->scn.vehicle_count++];
    v->id = "suv";
    v->name = "Armored SUV";
    v->count = 40;
    v->capacity = 5;
    v->speed = v->breakdown_delay = EAP_NONE;
    struct eap_convoy *c = &fx->convoys[fx->scn.convoy_count++];
    c->id = "convoy";
    c->name = "Embassy convoy";
    c->route = 0;
    fx->vehicle_types[0] = 0;
    fx->vehicle_counts[0] = 40;
    c->vehicle_types = fx->vehicle_types;
    c->vehicle_counts = fx->vehicle_counts;
    c->vehicle_type_count = 1;
    c->formation = input(fx, EAP_Q_DURATION, 30 * M);
}

static void tripoli_trace(struct fixture *fx)
{
    ev(fx, 0, EAP_EV_START, N, N, N, 0, 0);
    ev(fx, 0, EAP_EV_TASKED, N, TR_F16, 0, 0, 0);
    ev(fx, 0, EAP_EV_TASKED, N, TR_MV22, 0, 0, 0);
    ev(fx, 0, EAP_EV_TASKED, N, TR_DRONE, 0, 0, 0);
    ev(fx, 0, EAP_EV_CONVOY_FORMING, TR_EMBASSY, 0, N, 158, 0);
    ev(fx, 0, EAP_EV_ASSET_DEPARTED, TR_SIGONELLA, TR_DRONE, N, 0, 0);
    ev(fx, 10 * M, EAP_EV_ASSET_DEPARTED, TR_AVIANO, TR_F16, N, 0, 0);
    ev(fx, 20 * M, EAP_EV_ASSET_DEPARTED, TR_SIGONELLA, TR_MV22, N, 0, 0);
    ev(fx, 30 * M, EAP_EV_CONVOY_FORMED, TR_EMBASSY, 0, N, 0, 0);
    ev(fx, 1 * H, EAP_EV_CONVOY_DEPARTED, TR_EMBASSY, 0, N, 0, 0);
    ev(fx, 1 * H + 30 * M, EAP_EV_ON_STATION, N, TR_MV22, 0, 0, 0);
    ev(fx, 1 * H + 45 * M, EAP_EV_CONVOY_AT, TR_ZAWIYA, 0, N, 48000, 20);
    ev(fx, 1 * H + 50 * M, EAP_EV_ON_STATION, N, TR_F16, 0, 0, 0);
    ev(fx, 2 * H + 10 * M, EAP_EV_CHECKPOINT, TR_ZUWARA, 0, 1 << 16, 80000, 20 * M);
    ev(fx, 2 * H + 20 * M, EAP_EV_ON_STATION, N, TR_DRONE, 0, 0, 0);
    ev(fx, 2 * H + 30 * M, EAP_EV_RESUMED, N, 0, N, 80000, 20);
    ev(fx, 2 * H + 55 * M, EAP_EV_CONVOY_AT, TR_ZUWARA, 0, N, 118000, 20);
    ev(fx, 3 * H + 50 * M, EAP_EV_CONVOY_ARRIVED, TR_RAS_AJDIR, 0, N, 178000, 0);
    ev(fx, 3 * H + 50 * M, EAP_EV_PARTY_AT, TR_RAS_AJDIR, 0, N, 0, 0);
    ev(fx, 3 * H + 50 * M, EAP_EV_PARTY_SAFE, TR_RAS_AJDIR, 0, N, 0, 0);
    ev(fx, 4 * H, EAP_EV_OFF_STATION, N, TR_F16, N, 0, 0);
    ev(fx, 4 * H, EAP_EV_OFF_STATION, N, TR_MV22, N, 0, 0);
    ev(fx, 5 * H, EAP_EV_END, N, N, N, 0, 0);
}

struct fixture *fixture_tripoli(void)
{
    struct fixture *fx =
        fixture_new("tripoli-fixture", "Tripoli (test fixture)", "2014-07-26T04:00+02:00");
    tripoli_places(fx);
    route(fx, "coast_road", "Coast road to Ras Ajdir");
    segment(fx, TR_EMBASSY, TR_ZAWIYA, 45, 60);
    segment(fx, TR_ZAWIYA, TR_ZUWARA, 70, 60);
    segment(fx, TR_ZUWARA, TR_RAS_AJDIR, 60, 60);
    fx->checkpoints[0] =
        (struct eap_checkpoint){"Zuwara checkpoint", EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE, true};
    fx->segments[1].checkpoints = &fx->checkpoints[0];
    fx->segments[1].checkpoint_count = 1;
    party(fx, "staff", "Embassy staff and Marines", 158, TR_EMBASSY);
    tripoli_assets(fx);
    tripoli_convoy(fx);
    milestone(fx, "convoy_left", "Convoy leaves at dawn", 1 * H, EAP_EV_CONVOY_DEPARTED, 0);
    milestone(fx, "in_tunisia", "Convoy in Tunisia", 4 * H, EAP_EV_CONVOY_ARRIVED, 0);
    fx->scn.horizon = 5 * H;
    tripoli_trace(fx);
    return fx;
}

/* ---- The bundled scenarios, replayed ---- */

struct eap_scenario *fixture_scenario(const char *name)
{
    char path[1024];
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/scenarios/%s", root ? root : ".", name);
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *scn = eap_scenario_load(path, NULL, 0, &diag);
    eap_diag_finish(&diag);
    assert_non_null(scn);
    return scn;
}

void fixture_replay(struct replay *r, const char *name)
{
    r->scn = fixture_scenario(name);
    struct eap_error err;
    eap_error_clear(&err);
    r->e = eap_engine_create(r->scn, &err);
    assert_non_null(r->e);
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(r->e, 1, 0, &opt);
    assert_true(eap_engine_run(r->e, &err));
    r->tr = eap_engine_trace(r->e);
}

void fixture_replay_free(struct replay *r)
{
    eap_engine_destroy(r->e);
    eap_scenario_destroy(r->scn);
}

/* ---- Label checks ---- */

/* Overlap in pixels squared of two rectangles (0 when they only touch). */
long fixture_overlap(struct eap_viz_rect a, struct eap_viz_rect b)
{
    long w = (long)fmin(a.x + a.w, b.x + b.w) - (long)fmax(a.x, b.x);
    long h = (long)fmin(a.y + a.h, b.y + b.h) - (long)fmax(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

static double box_distance(struct eap_viz_rect r, double x, double y)
{
    double dx = fmax(fmax(r.x - x, 0), x - (r.x + r.w));
    double dy = fmax(fmax(r.y - y, 0), y - (r.y + r.h));
    return hypot(dx, dy);
}

/* The square inside a marker's disc that labels keep off (as the placer takes it). */
static struct eap_viz_rect inner_square(const struct eap_viz_marker *m)
{
    int in = (int)lroundf(m->r * 2) * 4 / 5;
    return (struct eap_viz_rect){(int)lroundf(m->x) - in / 2, (int)lroundf(m->y) - in / 2, in, in};
}

static bool strictly_inside(struct eap_viz_rect r, double x, double y)
{
    return x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h;
}

/* Whether the segment (x0, y0)-(x1, y1) passes through the inside of r (Liang-Barsky). */
static bool crosses(struct eap_viz_rect r, double x0, double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - (r.x + 1), (r.x + r.w - 1) - x0, y0 - (r.y + 1),
                         (r.y + r.h - 1) - y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) {
                return false;
            }
        } else if (p[i] < 0) {
            t0 = fmax(t0, q[i] / p[i]);
        } else {
            t1 = fmin(t1, q[i] / p[i]);
        }
    }
    return t0 < t1;
}

/* A leader starts at its marker's edge, as drawn, and crosses no other label and no marker
 * (but for one drawn over its own, which the line must come out from under). */
static bool leader_clear(const struct eap_viz_map_items *it, const struct eap_viz_label *a)
{
    double dx = a->lx - a->x, dy = a->ly - a->y, d = hypot(dx, dy);
    double sx = a->x + dx / d * (a->r + 1), sy = a->y + dy / d * (a->r + 1);
    for (size_t k = 0; k < it->nlabels; k++) {
        const struct eap_viz_label *b = &it->labels[k];
        if (b != a && b->shown && crosses(b->box, sx, sy, a->lx, a->ly)) {
            return false;
        }
    }
    for (size_t k = 0; k < it->nmarkers; k++) {
        struct eap_viz_rect sq = inner_square(&it->markers[k]);
        if (!strictly_inside(sq, a->x, a->y) && crosses(sq, sx, sy, a->lx, a->ly)) {
            return false;
        }
    }
    return d > a->r + 2 && box_distance(a->box, a->lx, a->ly) < 1.5;
}

/* Whether the label reads as its marker's: next to it and clearly nearer to it than to any
 * other marker (any other a quarter farther, and 2 px), or joined to it by a clear leader. */
static bool belongs(const struct eap_viz_map_items *it, const struct eap_viz_label *a)
{
    if (a->leader) {
        return leader_clear(it, a);
    }
    double own = box_distance(a->box, a->x, a->y);
    if (own > a->r + 24) {
        return false; /* too far off to read as its marker's without a leader */
    }
    for (size_t k = 0; k < it->nmarkers; k++) {
        const struct eap_viz_marker *m = &it->markers[k];
        bool same = fabsf(m->x - a->x) < 1.5f && fabsf(m->y - a->y) < 1.5f;
        if (!same && box_distance(a->box, m->x, m->y) < own * 1.25 + 2) {
            return false;
        }
    }
    return true;
}

static void report(const char *where, const char *what, const struct eap_viz_label *a)
{
    print_message("%s: label at (%d,%d %dx%d) of the marker at (%.0f,%.0f) %s\n", where, a->box.x,
                  a->box.y, a->box.w, a->box.h, a->x, a->y, what);
}

/* Problems of one shown label against the others from index i on and the markers. */
static int label_problems(const struct eap_viz_map_items *it, size_t i, const char *where)
{
    const struct eap_viz_label *a = &it->labels[i];
    int bad = 0;
    for (size_t j = i + 1; j < it->nlabels; j++) {
        if (it->labels[j].shown && fixture_overlap(a->box, it->labels[j].box) > 0) {
            report(where, "overlaps another label", a);
            bad++;
        }
    }
    for (size_t k = 0; k < it->nmarkers; k++) {
        if (fixture_overlap(a->box, inner_square(&it->markers[k])) > 0) {
            report(where, "covers a marker", a);
            bad++;
        }
    }
    const struct eap_viz_rect c = it->clip;
    bool inside = a->box.x >= c.x && a->box.y >= c.y && a->box.x + a->box.w <= c.x + c.w &&
                  a->box.y + a->box.h <= c.y + c.h;
    if (!inside || a->crowded) {
        report(where, !inside ? "leaves its map" : "is crowded", a);
        bad++;
    }
    if (!belongs(it, a)) {
        report(where, a->leader ? "has a leader across something" : "sits nearer another marker",
               a);
        bad++;
    }
    return bad;
}

int fixture_label_problems(const struct eap_viz_map_items *it, const char *where)
{
    int bad = 0;
    for (size_t i = 0; i < it->nlabels; i++) {
        const struct eap_viz_label *a = &it->labels[i];
        if (a->shown) {
            bad += label_problems(it, i, where);
        } else if (a->need == EAP_VIZ_FORCED) {
            report(where, "is left out though it must show", a);
            bad++;
        }
    }
    return bad;
}
