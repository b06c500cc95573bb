/*
 * Response assets: a request walks the request chain's tree of hops (a memorandum of
 * agreement shortens or skips hops, and makes them less likely to lose the request; a lost
 * request may be sent again later); each asset is tasked when the hop it needs approves it,
 * leaves its
 * base after its readiness (notice to move), travels each leg at its speed over the
 * great-circle distance (times a path factor for roads), may stop on the way (an airport,
 * where it holds), and comes on station over its target for a time or until its endurance
 * runs out. On station it applies its effects: reinforcement ends an attack on the place,
 * deterrence lowers the road threat on the route it covers, lift carries people out.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "eapsim/count_of.h"

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

/* Whether the request is lost at hop h on this try: the record's first try in a replay,
 * else a draw at the hop's chance (its chance under a memorandum, if it has one). */
static bool lost_at(struct eap_engine *e, int32_t h, int tries)
{
    const struct eap_hop *hop = &e->scn->chain.hops[h];
    int32_t p = e->st.moa && hop->moa_lost_p != EAP_NONE ? hop->moa_lost_p : hop->lost_p;
    if (p == EAP_NONE || (e->st.moa && hop->moa_skip)) {
        return false;
    }
    if (e->opt.replay) {
        return hop->recorded_lost && tries == 1;
    }
    return eap__process_uniform(e, STREAM_HOP, (size_t)h) < eap__draw(e, p);
}

#define MAX_SENDS 100

/* Sends request r to the hop at entry `node` of request_hops (the node is what its events
 * carry: the hop is request_hops.items[node]). */
static void start_hop(struct eap_engine *e, int32_t r, int32_t node)
{
    int32_t h = e->request_hops.items[node];
    size_t at = (size_t)r * e->scn->chain.hop_count + (size_t)h;
    int tries = ++e->hop_tries[at];
    if (lost_at(e, h, tries)) {
        /* A post that has sent the same request MAX_SENDS times stops: without that, a hop
         * steered to lose every request (a decision can set its chance to 1) with a resend
         * delay that can be 0 would loop at one instant for ever. */
        int32_t resend = tries < MAX_SENDS ? e->scn->chain.hops[h].resend : EAP_NONE;
        eap__emit(e, EAP_EV_REQUEST_LOST, EAP_NONE, h, r, resend != EAP_NONE, 0);
        if (resend != EAP_NONE) {
            struct lag lag = eap__lag_linear(resend, 0, 1);
            eap__schedule_lag(e, eap__draw_ms(e, resend), &lag, EV_HOP_RESEND, (uint32_t)r,
                              (uint32_t)node);
        }
        return;
    }
    int32_t input = hop_input(e, h);
    eap_time d = eap__draw_ms(e, input);
    struct lag lag = eap__lag_linear(input, 0, 1);
    eap__schedule_lag(e, d, &lag, EV_HOP, (uint32_t)r, (uint32_t)node);
    e->hop_delays[at] = d;
}

/* At a node of request r's tree (a hop that approved it, or the post): tasks the assets
 * approved there and starts the hops that take it on from there (those on the way from the
 * post to the hop that approves an asset), as the node's lists name them (index.c). */
static void pass_on(struct eap_engine *e, int32_t r, size_t node)
{
    INDEX_FOR(k, &e->request_tasks, node)
    {
        task(e, e->request_tasks.items[k], r);
    }
    INDEX_FOR(k, &e->request_next, node)
    {
        start_hop(e, r, (int32_t)e->request_next.items[k]);
    }
}

/* Whether the post makes the request at all (the 2016 Inspector General found chiefs of
 * mission unsure how to ask for military support). */
static bool request_made(struct eap_engine *e, int32_t action)
{
    const struct eap_action *act = &e->scn->actions[action];
    if (act->made == EAP_NONE) {
        return true;
    }
    if (e->opt.replay) {
        return act->recorded_made;
    }
    return eap__process_uniform(e, STREAM_REQUEST, (size_t)action) < eap__draw(e, act->made);
}

void eap__request_assets(struct eap_engine *e, int32_t action)
{
    if (e->st.request_count == e->request_cap) {
        return; /* cannot happen: one request per action, and actions run once */
    }
    const struct eap_action *act = &e->scn->actions[action];
    int32_t r = (int32_t)e->st.request_count++;
    if (!request_made(e, action)) {
        eap__emit(e, EAP_EV_REQUEST_LOST, EAP_NONE, EAP_NONE, r, 0, 0);
        return;
    }
    eap__emit(e, EAP_EV_REQUEST, EAP_NONE, r, act->tripwire, (double)act->asset_count, 0);
    /* the post's node follows the hops' entries */
    pass_on(e, r, e->request_hops.first[e->scn->action_count] + (size_t)action);
}

static void hop_done(struct eap_engine *e, int32_t r, int32_t node)
{
    int32_t h = e->request_hops.items[node];
    size_t at = (size_t)r * e->scn->chain.hop_count + (size_t)h;
    eap__emit(e, EAP_EV_HOP, EAP_NONE, h, r, (double)e->hop_delays[at], 0);
    pass_on(e, r, (size_t)node);
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

/* The distances every run flies again (each asset's legs, times their path factors, and its
 * way home from its target, each airlift's way out and back), worked out once: the
 * trigonometry was the dearest part of a flight. */
bool eap__assets_prepare(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t legs = 0;
    e->leg_first = calloc(s->asset_count + 1, sizeof(size_t));
    for (size_t a = 0; e->leg_first && a < s->asset_count; a++) {
        e->leg_first[a] = legs;
        legs += s->assets[a].via_count + 1;
    }
    e->leg_m = calloc(legs + 1, sizeof(double));
    e->home_m = calloc(s->asset_count + 1, sizeof(double));
    e->lift_m = calloc(2 * s->action_count + 1, sizeof(double));
    if (!e->leg_first || !e->leg_m || !e->home_m || !e->lift_m) {
        return false;
    }
    for (int32_t a = 0; a < (int32_t)s->asset_count; a++) {
        size_t vias = s->assets[a].via_count;
        for (size_t leg = 0; leg <= vias; leg++) {
            e->leg_m[e->leg_first[a] + leg] =
                place_distance(e, leg_start(e, a, leg), leg_end(e, a, leg)) *
                (leg == 0 ? s->assets[a].path_factor : s->assets[a].via[leg - 1].path_factor);
        }
        e->home_m[a] = place_distance(e, leg_end(e, a, vias), s->assets[a].base);
    }
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        if (act->kind == EAP_ACT_EVACUATE_BY_AIR || act->kind == EAP_ACT_EVACUATE_BY_SEA) {
            e->lift_m[2 * k] = place_distance(e, act->from, act->to);
            e->lift_m[2 * k + 1] = place_distance(e, act->to, act->from);
        }
    }
    return true;
}

static void start_leg(struct eap_engine *e, int32_t a, size_t leg)
{
    const struct eap_asset *as = &e->scn->assets[a];
    struct asset_state *st = &e->assets[a];
    int32_t speed_in = as->speed;
    if (leg > 0 && as->via[leg - 1].speed != EAP_NONE) {
        speed_in = as->via[leg - 1].speed;
    }
    st->phase = ASSET_TRANSIT;
    st->at = EAP_NONE;
    double speed = greater(eap__draw(e, speed_in), 0.1);
    int32_t from = leg_start(e, a, leg), to = leg_end(e, a, leg);
    double metres = e->leg_m[e->leg_first[a] + leg];
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
    INDEX_FOR(k, &e->route_cover, route)
    {
        int32_t i = e->route_cover.items[k];
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
    if (as->target_place != EAP_NONE) {
        eap__responder_arrives(e, as->target_place, a);
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

static void off_station(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
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
    if (st->at != EAP_NONE && e->scn->assets[a].effects.suppression > 0) {
        eap__place_refresh(e, st->at); /* its share of the attackers' effect goes with it */
    }
}

void eap__withdraw(struct eap_engine *e, int32_t a)
{
    const struct eap_asset *as = &e->scn->assets[a];
    struct asset_state *st = &e->assets[a];
    if (st->phase != ASSET_ON_STATION || st->busy || st->at == EAP_NONE) {
        return; /* only an asset on station somewhere can pull back */
    }
    int32_t from = st->at, route = st->route;
    st->phase = ASSET_OFF;
    st->at = st->route = EAP_NONE;
    double speed = greater(eap__draw(e, as->speed), 0.1);
    bool from_target = from == leg_end(e, a, as->via_count);
    double home = from_target ? e->home_m[a] : place_distance(e, from, as->base);
    double metres = home * as->path_factor;
    eap_time t = to_ticks(metres / speed * 1000.0);
    eap__emit(e, EAP_EV_ASSET_LEFT, from, a, as->base, metres, (double)t);
    if (route != EAP_NONE) {
        eap__update_route_cover(e, route);
    }
    eap__place_refresh(e, from);
    struct lag lag = eap__lag_inverse(as->speed, metres * 1000.0);
    eap__schedule_lag(e, t, &lag, EV_WITHDRAWN, (uint32_t)a, 0);
}

/* --- airlift --- */

/* The index of an action in the scenario's table. The walks below over an airlift's parties
 * take it, and the end of their list, once before the loop: INDEX_FOR would read both again
 * after every call in the loop. */
static size_t action_of(const struct eap_engine *e, const struct eap_action *act)
{
    return (size_t)(act - e->scn->actions);
}

/* Boards waiting people onto aircraft a at the pickup place, where someone is; true when
 * anyone boarded. */
static bool board(struct eap_engine *e, int32_t a, const struct eap_action *act)
{
    struct asset_state *st = &e->assets[a];
    const struct eap_index *ix = &e->lift_parties;
    int room = e->scn->assets[a].effects.lift_capacity, load = 0;
    size_t lift = action_of(e, act);
    for (size_t k = ix->first[lift], end = ix->first[lift + 1]; k < end && room > 0; k++) {
        int32_t i = ix->items[k];
        if (eap__party_at_place(e, i, act->from) == 0) {
            continue; /* one walk over its runs rather than two moves that find nobody */
        }
        /* Those in the open first, then those sheltering. */
        int n = eap__move(e, i, loc_open(act->from), loc_aboard(e, a), room);
        n += eap__move(e, i, loc_shelter(e, act->from), loc_aboard(e, a), room - n);
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
        if (e->places[act->from].people == 0) {
            continue; /* nobody at the pickup (most tries): none of its aircraft boards or
                         goes back for anyone, and no party need be looked at */
        }
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

/* Schedules kind for aircraft a after the flight of its airlift, out or back. */
static void fly(struct eap_engine *e, int32_t a, bool back, enum ev_kind kind)
{
    int32_t input = e->scn->assets[a].speed;
    double metres = e->lift_m[2 * (size_t)e->airlifts[e->assets[a].airlift] + back];
    double speed = greater(eap__draw(e, input), 0.1);
    struct lag lag = eap__lag_inverse(input, metres * 1000.0);
    eap__schedule_lag(e, to_ticks(metres / speed * 1000.0), &lag, kind, (uint32_t)a, 0);
}

static void takeoff(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->phase = ASSET_FLYING;
    st->at = EAP_NONE;
    eap__emit(e, EAP_EV_AIRLIFT_DEPARTED, act->from, a, act->to, st->load, 0);
    eap__place_check_evacuated(e, act->from);
    fly(e, a, false, EV_LAND);
}

/* Is a convoy ordered toward the pickup (forming, formed or on the road) and not there yet? */
static bool convoy_bound_for(const struct eap_engine *e, int32_t place)
{
    INDEX_FOR(k, &e->convoy_ends, place)
    {
        enum convoy_phase ph = e->convoys[e->convoy_ends.items[k]].phase;
        if (ph != CONVOY_IDLE && ph != CONVOY_ARRIVED) {
            return true;
        }
    }
    return false;
}

/* People waiting at the pickup whom this airlift serves. */
static bool waiting_at_pickup(const struct eap_engine *e, const struct eap_action *act)
{
    if (e->places[act->from].people == 0) {
        return false; /* nobody there at all: no need to look party by party */
    }
    size_t lift = action_of(e, act);
    for (size_t k = e->lift_parties.first[lift], end = e->lift_parties.first[lift + 1]; k < end;
         k++) {
        if (eap__party_at_place(e, e->lift_parties.items[k], act->from) > 0) {
            return true;
        }
    }
    return false;
}

/* Will anyone else need this airlift? People waiting at the pickup, a convoy on its way to
 * it, or listed parties not yet lifted wherever they are (at another place, or in a convoy;
 * people in the air are at none). */
static bool more_to_lift(const struct eap_engine *e, const struct eap_action *act)
{
    if (convoy_bound_for(e, act->from) || waiting_at_pickup(e, act)) {
        return true;
    }
    if (act->party_count == 0) {
        return false; /* everyone: those who reach the pickup, and nobody else */
    }
    size_t lift = action_of(e, act);
    for (size_t k = e->lift_parties.first[lift], end = e->lift_parties.first[lift + 1]; k < end;
         k++) {
        if (eap__party_away(e, e->lift_parties.items[k], act->to, true)) {
            return true;
        }
    }
    return false;
}

static void land(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->at = act->to;
    eap__emit(e, EAP_EV_AIRLIFT_ARRIVED, act->to, a, act->from, st->load, 0);
    st->load = 0; /* off the aircraft before anyone counts them at the place */
    size_t lift = action_of(e, act);
    for (size_t k = e->lift_parties.first[lift], end = e->lift_parties.first[lift + 1]; k < end;
         k++) {
        int32_t i = e->lift_parties.items[k];
        int aboard = eap__party_at(e, i, loc_aboard(e, a));
        if (aboard > 0) {
            eap__party_arrive(e, i, loc_aboard(e, a), act->to, aboard);
        }
    }
    if (more_to_lift(e, act)) {
        int32_t input = e->scn->assets[a].effects.turnaround;
        struct lag lag = eap__lag_linear(input, 0, 1);
        eap__schedule_lag(e, eap__draw_ms(e, input), &lag, EV_RETURN, (uint32_t)a, 0);
    } else {
        st->phase = ASSET_ON_STATION;
        st->busy = false;
    }
}

static void fly_back(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    eap__emit(e, EAP_EV_ASSET_LEFT, act->to, a, EAP_NONE, 0, 0);
    st->at = EAP_NONE;
    fly(e, a, true, EV_RETURNED);
}

static void back_at_pickup(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    const struct eap_action *act = &e->scn->actions[e->airlifts[st->airlift]];
    st->at = act->from;
    st->phase = ASSET_ON_STATION;
    st->busy = false;
    eap__emit(e, EAP_EV_ASSET_AT, act->from, a, EAP_NONE, 0, 0);
    eap__airlift_try_board(e);
}

/* --- dispatch --- */

static void withdrawn(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    st->phase = ASSET_IDLE;
    st->at = e->scn->assets[a].base;
    eap__emit(e, EAP_EV_ASSET_AT, st->at, a, EAP_NONE, 0, 0);
}

static void depart(struct eap_engine *e, int32_t a, int32_t b)
{
    (void)b;
    struct asset_state *st = &e->assets[a];
    st->departed = e->kernel.now;
    st->transit_out = 0;
    start_leg(e, a, 0);
}

/* Leg `leg` is flown: it holds at the via place, or it is on station. */
static void leg_arrive(struct eap_engine *e, int32_t a, int32_t leg)
{
    const struct eap_asset *as = &e->scn->assets[a];
    if ((size_t)leg >= as->via_count) {
        on_station(e, a);
        return;
    }
    struct asset_state *st = &e->assets[a];
    const struct eap_via *v = &as->via[leg];
    st->phase = ASSET_HOLD;
    st->at = v->place;
    eap__emit(e, EAP_EV_ASSET_AT, v->place, a, EAP_NONE, 0, 0);
    struct lag lag = eap__lag_linear(v->hold, 0, 1);
    eap__schedule_lag(e, eap__draw_ms(e, v->hold), &lag, EV_LEG_DEPART, (uint32_t)a, (uint32_t)leg);
}

static void leg_depart(struct eap_engine *e, int32_t a, int32_t leg)
{
    start_leg(e, a, (size_t)leg + 1);
}

/* The kernel calls each kind of asset event's handler directly (engine.c's eap__handlers),
 * with the event's two words as they were scheduled: an asset (a request for EV_HOP and
 * EV_HOP_RESEND) and a leg or hop, or 0 (the handlers of the asset alone ignore it). One
 * jump to the handler, which saves only the registers it needs (a switch around the
 * handlers inlined saved them all for every event). */
EAP__ON_EVENT(eap__on_hop, hop_done)
EAP__ON_EVENT(eap__on_hop_resend, start_hop)
EAP__ON_EVENT(eap__on_withdrawn, withdrawn)
EAP__ON_EVENT(eap__on_depart, depart)
EAP__ON_EVENT(eap__on_leg_arrive, leg_arrive)
EAP__ON_EVENT(eap__on_leg_depart, leg_depart)
EAP__ON_EVENT(eap__on_off_station, off_station)
EAP__ON_EVENT(eap__on_takeoff, takeoff)
EAP__ON_EVENT(eap__on_land, land)
EAP__ON_EVENT(eap__on_return, fly_back)
EAP__ON_EVENT(eap__on_returned, back_at_pickup)
