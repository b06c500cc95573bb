/*
 * Hand-built scenarios and traces for the visualizer tests (see test_viz_fixture.h). The
 * numbers follow the public record loosely; what matters is that the tests can predict
 * positions from them.
 */
#include "test_viz_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/dist.h"

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
