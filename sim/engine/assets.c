/*
 * Response assets: a request walks the request chain hop by hop (a memorandum of agreement
 * shortens or skips hops); each asset is tasked when the hop it needs approves it, leaves its
 * base after its readiness (notice to move), travels each leg at its speed over the
 * great-circle distance (times a path factor for roads), may stop on the way (an airport,
 * where it holds), and comes on station over its target for a time or until its endurance
 * runs out. On station it applies its effects: reinforcement ends an attack on the place,
 * deterrence lowers the road threat on the route it covers, lift carries people out.
 */
#include <math.h>

#include "engine_internal.h"

/* --- request chain --- */

static void task(struct eap_engine *e, int32_t a, int32_t request)
{
    struct asset_state *as = &e->assets[a];
    if (as->phase != ASSET_IDLE) {
        return; /* already tasked by an earlier request */
    }
    as->phase = ASSET_TASKED;
    eap__emit(e, EAP_EV_TASKED, EAP_NONE, a, request, 0, 0);
    int32_t ready = e->scn->assets[a].readiness;
    struct lag lag = eap__lag_linear(ready, 0, 1);
    eap__schedule_lag(e, eap__draw_ms(e, ready), &lag, EV_DEPART, (uint32_t)a, 0);
}

static int32_t last_hop(const struct eap_engine *e, const struct eap_action *act)
{
    int32_t last = EAP_NONE;
    for (size_t i = 0; i < act->asset_count; i++) {
        int32_t h = e->scn->assets[act->assets[i]].requested_via;
        last = h > last ? h : last;
    }
    return last;
}

/* The input a hop's delay is drawn from, or EAP_NONE when it is skipped. */
static int32_t hop_input(const struct eap_engine *e, int32_t h)
{
    const struct eap_hop *hop = &e->scn->chain.hops[h];
    if (e->st.moa && hop->moa_skip) {
        return EAP_NONE;
    }
    if (e->st.moa && hop->moa_delay != EAP_NONE) {
        return hop->moa_delay;
    }
    return hop->delay;
}

static void start_hop(struct eap_engine *e, int32_t r, int32_t h)
{
    int32_t input = hop_input(e, h);
    eap_time d = eap__draw_ms(e, input);
    struct lag lag = eap__lag_linear(input, 0, 1);
    eap__schedule_lag(e, d, &lag, EV_HOP, (uint32_t)r, (uint32_t)h);
    e->requests[r].hop_delay = d;
}

void eap__request_assets(struct eap_engine *e, int32_t action)
{
    if (e->st.request_count == e->request_cap) {
        return; /* cannot happen: one request per action, and actions run once */
    }
    const struct eap_action *act = &e->scn->actions[action];
    int32_t r = (int32_t)e->st.request_count++;
    e->requests[r].action = action;
    eap__emit(e, EAP_EV_REQUEST, EAP_NONE, r, act->tripwire, (double)act->asset_count, 0);
    for (size_t i = 0; i < act->asset_count; i++) {
        if (e->scn->assets[act->assets[i]].requested_via == EAP_NONE) {
            task(e, act->assets[i], r);
        }
    }
    if (last_hop(e, act) != EAP_NONE) {
        start_hop(e, r, 0);
    }
}

static void hop_done(struct eap_engine *e, int32_t r, int32_t h)
{
    const struct eap_action *act = &e->scn->actions[e->requests[r].action];
    eap__emit(e, EAP_EV_HOP, EAP_NONE, h, r, (double)e->requests[r].hop_delay, 0);
    for (size_t i = 0; i < act->asset_count; i++) {
        if (e->scn->assets[act->assets[i]].requested_via == h) {
            task(e, act->assets[i], r);
        }
    }
    if (h < last_hop(e, act)) {
        start_hop(e, r, h + 1);
    }
}

/* --- transit --- */

/* Where leg `leg` of asset a ends: a via place, or the target (a route's first place). */
static int32_t leg_end(const struct eap_engine *e, int32_t a, size_t leg)
{
    const struct eap_asset *as = &e->scn->assets[a];
    if (leg < as->via_count) {
        return as->via[leg].place;
    }
    if (as->target_place != EAP_NONE) {
        return as->target_place;
    }
    return e->scn->routes[as->target_route].segments[0].from;
}

static int32_t leg_start(const struct eap_engine *e, int32_t a, size_t leg)
{
    return leg == 0 ? e->scn->assets[a].base : e->scn->assets[a].via[leg - 1].place;
}

static double place_distance(const struct eap_engine *e, int32_t p, int32_t q)
{
    const struct eap_place *a = &e->scn->places[p], *b = &e->scn->places[q];
    return eap_great_circle_m(a->lat, a->lon, b->lat, b->lon);
}

static void start_leg(struct eap_engine *e, int32_t a, size_t leg)
{
    const struct eap_asset *as = &e->scn->assets[a];
    struct asset_state *st = &e->assets[a];
    int32_t speed_in = as->speed;
    double factor = as->path_factor;
    if (leg > 0) {
        const struct eap_via *v = &as->via[leg - 1];
        speed_in = v->speed != EAP_NONE ? v->speed : as->speed;
        factor = v->path_factor;
    }
    st->phase = ASSET_TRANSIT;
    st->at = EAP_NONE;
    double speed = fmax(eap__draw(e, speed_in), 0.1);
    int32_t from = leg_start(e, a, leg), to = leg_end(e, a, leg);
    double metres = place_distance(e, from, to) * factor;
    eap_time t = to_ticks(metres / speed * 1000.0);
    st->transit_out += t;
    /* The leg's distance and duration travel with the event, so a reader can check the
     * geography in the timeline. */
    eap__emit(e, leg == 0 ? EAP_EV_ASSET_DEPARTED : EAP_EV_ASSET_LEFT, from, a, to, metres,
              (double)t);
    struct lag lag = eap__lag_inverse(speed_in, metres * 1000.0);
    eap__schedule_lag(e, t, &lag, EV_LEG_ARRIVE, (uint32_t)a, (uint32_t)leg);
}

void eap__update_route_cover(struct eap_engine *e, int32_t route)
{
    double f = 1.0;
    for (size_t i = 0; i < e->scn->asset_count; i++) {
        if (e->assets[i].phase == ASSET_ON_STATION && e->assets[i].route == route) {
            f *= 1.0 - e->scn->assets[i].effects.deterrence;
        }
    }
    e->route_deterrence[route] = f;
}

static void on_station(struct eap_engine *e, int32_t a)
{
    const struct eap_asset *as = &e->scn->assets[a];
    struct asset_state *st = &e->assets[a];
    st->phase = ASSET_ON_STATION;
    st->at = leg_end(e, a, as->via_count);
    st->route = as->target_route;
    if (e->on_scene[a] < 0) {
        e->on_scene[a] = e->kernel.now;
    }
    eap__emit(e, EAP_EV_ON_STATION, as->target_place, a, as->target_route, 0, 0);
    if (as->effects.reinforce && as->target_place != EAP_NONE) {
        eap__threats_reinforced(e, as->target_place);
    }
    if (as->target_route != EAP_NONE) {
        eap__update_route_cover(e, as->target_route);
    }
    eap_time stay = -1;
    struct lag lag = eap__lag_linear(EAP_NONE, 0, 1);
    if (as->time_on_station != EAP_NONE) {
        stay = eap__draw_ms(e, as->time_on_station);
        lag = eap__lag_linear(as->time_on_station, 0, 1);
    } else if (as->endurance != EAP_NONE) {
        /* Fuel for the way back is as much as for the way out. */
        eap_time aloft = e->kernel.now - st->departed;
        stay = eap__draw_ms(e, as->endurance) - aloft - st->transit_out;
        stay = stay > 0 ? stay : 0;
        lag = eap__lag_linear(as->endurance, -(double)(aloft + st->transit_out), 1);
    }
    if (stay >= 0) {
        eap__schedule_lag(e, stay, &lag, EV_OFF_STATION, (uint32_t)a, 0);
    }
    eap__airlift_try_board(e);
}

static void off_station(struct eap_engine *e, int32_t a)
{
    struct asset_state *st = &e->assets[a];
    if (st->phase != ASSET_ON_STATION || st->busy) {
        return; /* escorting, flying a lift, or already gone */
    }
    st->phase = ASSET_OFF;
    eap__emit(e, EAP_EV_OFF_STATION, st->at, a, st->route, 0, 0);
    int32_t route = st->route;
    st->route = EAP_NONE;
    if (route != EAP_NONE) {
        eap__update_route_cover(e, route);
    }
}

/* --- airlift --- */

static bool lift_serves(const struct eap_action *act, size_t party)
{
    return eap_parties_include(act->parties, act->party_count, (int32_t)party);
}

/* Boards waiting people onto aircraft a at the pickup place; true when anyone boarded. */
static bool board(struct eap_engine *e, int32_t a, const struct eap_action *act)
{
    struct asset_state *st = &e->assets[a];
    int room = e->scn->assets[a].effects.lift_capacity, load = 0;
    for (size_t i = 0; i < e->scn->party_count && room > 0; i++) {
        int *here = party_here(e, (int32_t)i);
        if (here[act->from] == 0 || !lift_serves(act, i)) {
            continue;
        }
        int n = here[act->from] < room ? here[act->from] : room;
        here[act->from] -= n;
        asset_load(e, a)[i] += n;
        room -= n;
        load += n;
    }
    if (load == 0) {
        return false;
    }
    st->busy = true;
    st->load = load;
    eap__emit(e, EAP_EV_BOARDING, act->from, a, EAP_NONE, load, 0);
    struct lag lag = eap__lag_linear(act->duration, 0, 1);
    eap__schedule_lag(e, eap__draw_ms(e, act->duration), &lag, EV_TAKEOFF, (uint32_t)a, 0);
    return true;
}

static bool waiting_at_pickup(const struct eap_engine *e, const struct eap_action *act);

void eap__airlift_try_board(struct eap_engine *e)
{
    for (size_t o = 0; o < e->st.airlift_count; o++) {
        const struct eap_action *act = &e->scn->actions[e->airlifts[o]];
        for (size_t k = 0; k < act->asset_count; k++) {
            int32_t a = act->assets[k];
            struct asset_state *st = &e->assets[a];
            if (st->airlift != (int32_t)o || st->phase != ASSET_ON_STATION || st->busy) {
                continue;
            }
            if (st->at == act->from) {
                board(e, a, act);
            } else if (st->at == act->to && waiting_at_pickup(e, act)) {
                /* It stood down at the destination, and people have since reached the
                 * pickup: it goes back for them. */
                st->busy = true;
                eap__schedule(e, 0, EV_RETURN, (uint32_t)a, 0);
            }
        }
    }
}

void eap__airlift_start(struct eap_engine *e, int32_t action)
{
    if (e->st.airlift_count == e->request_cap) {
        return; /* cannot happen: one order per action, and actions run once */
    }
    const struct eap_action *act = &e->scn->actions[action];
    int32_t o = (int32_t)e->st.airlift_count++;
    e->airlifts[o] = action;
    for (size_t k = 0; k < act->asset_count; k++) {
        if (e->assets[act->assets[k]].airlift == EAP_NONE) {
            e->assets[act->assets[k]].airlift = o;
        }
    }
    eap__airlift_try_board(e);
}

/* Schedules kind for aircraft a after its flight from `from` to `to`. */
static void fly(struct eap_engine *e, int32_t a, int32_t from, int32_t to, enum ev_kind kind)
{
    int32_t input = e->scn->assets[a].speed;
    double speed = fmax(eap__draw(e, input), 0.1), metres = place_distance(e, from, to);
    struct lag lag = eap__lag_inverse(input, metres * 1000.0);
    eap__schedule_lag(e, to_ticks(metres / speed * 1000.0), &lag, kind, (uint32_t)a, 0);
}

static void takeoff(struct eap_engine *e, int32_t a)
{
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->phase = ASSET_FLYING;
    st->at = EAP_NONE;
    eap__emit(e, EAP_EV_AIRLIFT_DEPARTED, act->from, a, act->to, st->load, 0);
    eap__place_check_evacuated(e, act->from);
    fly(e, a, act->from, act->to, EV_LAND);
}

/* Whether party i has members at some place other than `except` (people in convoys or in
 * the air are not at a place). */
static bool party_elsewhere(const struct eap_engine *e, size_t i, int32_t except)
{
    const int *here = party_here(e, (int32_t)i);
    for (size_t q = 0; q < e->scn->place_count; q++) {
        if ((int32_t)q != except && here[q] > 0) {
            return true;
        }
    }
    return false;
}

/* Is a convoy ordered toward the pickup (forming, formed or on the road) and not there yet? */
static bool convoy_bound_for(const struct eap_engine *e, int32_t place)
{
    for (size_t c = 0; c < e->scn->convoy_count; c++) {
        const struct eap_route *r = &e->scn->routes[e->scn->convoys[c].route];
        enum convoy_phase ph = e->convoys[c].phase;
        if (r->segments[r->segment_count - 1].to == place && ph != CONVOY_IDLE &&
            ph != CONVOY_ARRIVED) {
            return true;
        }
    }
    return false;
}

/* People waiting at the pickup whom this airlift serves. */
static bool waiting_at_pickup(const struct eap_engine *e, const struct eap_action *act)
{
    for (size_t i = 0; i < e->scn->party_count; i++) {
        if (lift_serves(act, i) && party_here(e, (int32_t)i)[act->from] > 0) {
            return true;
        }
    }
    return false;
}

/* Will anyone else need this airlift? People waiting at the pickup, a convoy on its way to
 * it, or listed parties not yet lifted wherever they are. */
static bool more_to_lift(const struct eap_engine *e, const struct eap_action *act)
{
    if (convoy_bound_for(e, act->from) || waiting_at_pickup(e, act)) {
        return true;
    }
    for (size_t i = 0; act->party_count > 0 && i < e->scn->party_count; i++) {
        const struct party_state *p = &e->parties[i];
        if (lift_serves(act, i) && (party_elsewhere(e, i, act->to) || p->in_convoy > 0)) {
            return true;
        }
    }
    return false;
}

static void land(struct eap_engine *e, int32_t a)
{
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->at = act->to;
    eap__emit(e, EAP_EV_AIRLIFT_ARRIVED, act->to, a, act->from, st->load, 0);
    int *load = asset_load(e, a);
    for (size_t i = 0; i < e->scn->party_count; i++) {
        int n = load[i];
        if (n > 0) {
            load[i] = 0;
            eap__party_arrive(e, (int32_t)i, act->to, n);
        }
    }
    st->load = 0;
    if (more_to_lift(e, act)) {
        int32_t input = e->scn->assets[a].effects.turnaround;
        struct lag lag = eap__lag_linear(input, 0, 1);
        eap__schedule_lag(e, eap__draw_ms(e, input), &lag, EV_RETURN, (uint32_t)a, 0);
    } else {
        st->phase = ASSET_ON_STATION;
        st->busy = false;
    }
}

static void fly_back(struct eap_engine *e, int32_t a)
{
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    eap__emit(e, EAP_EV_ASSET_LEFT, act->to, a, EAP_NONE, 0, 0);
    st->at = EAP_NONE;
    fly(e, a, act->to, act->from, EV_RETURNED);
}

static void back_at_pickup(struct eap_engine *e, int32_t a)
{
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->at = act->from;
    st->phase = ASSET_ON_STATION;
    st->busy = false;
    eap__emit(e, EAP_EV_ASSET_AT, act->from, a, EAP_NONE, 0, 0);
    eap__airlift_try_board(e);
}

/* --- dispatch --- */

void eap__asset_event(struct eap_engine *e, enum ev_kind kind, uint32_t a, uint32_t b)
{
    int32_t id = (int32_t)a;
    struct asset_state *st = &e->assets[a < e->scn->asset_count ? a : 0];
    switch (kind) {
    case EV_HOP:
        hop_done(e, id, (int32_t)b);
        break;
    case EV_DEPART:
        st->departed = e->kernel.now;
        st->transit_out = 0;
        start_leg(e, id, 0);
        break;
    case EV_LEG_ARRIVE:
        if (b < e->scn->assets[a].via_count) {
            const struct eap_via *v = &e->scn->assets[a].via[b];
            st->phase = ASSET_HOLD;
            st->at = v->place;
            eap__emit(e, EAP_EV_ASSET_AT, v->place, id, EAP_NONE, 0, 0);
            struct lag lag = eap__lag_linear(v->hold, 0, 1);
            eap__schedule_lag(e, eap__draw_ms(e, v->hold), &lag, EV_LEG_DEPART, a, b);
        } else {
            on_station(e, id);
        }
        break;
    case EV_LEG_DEPART:
        start_leg(e, id, b + 1);
        break;
    case EV_OFF_STATION:
        off_station(e, id);
        break;
    case EV_TAKEOFF:
        takeoff(e, id);
        break;
    case EV_LAND:
        land(e, id);
        break;
    case EV_RETURN:
        fly_back(e, id);
        break;
    case EV_RETURNED:
        back_at_pickup(e, id);
        break;
    default:
        break;
    }
}
