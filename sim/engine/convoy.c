/*
 * Convoys: forming (loading people and vehicles), departing with the escorts on station at
 * the start, and moving along the route's segments. Movement goes from one point of interest
 * to the next: a checkpoint, a candidate road incident, a candidate breakdown, or the end of
 * the segment. Road incidents are a Poisson process along the distance, thinned by the cover
 * in place at the moment they would happen (air deterrence over the route, escorts riding
 * along), so cover that arrives or leaves mid-route counts exactly. Replays use the recorded
 * incidents, breakdowns and checkpoint holds instead. While an incident holds the convoy up,
 * the people aboard are under fire: the segment's lethality, less what the vehicles' armour
 * and the escorts' suppression stop (see people.c for what the hazard does).
 *
 * A convoy that is forming claims the people it will carry, so a second convoy from the same
 * place does not take them; a convoy with nobody left to carry when it is ready stands down
 * and takes no escort.
 */
#include <limits.h>
#include <math.h>

#include "engine_internal.h"

static const struct eap_route *route_of(const struct eap_engine *e, int32_t c)
{
    return &e->scn->routes[e->scn->convoys[c].route];
}

/* The segment a convoy is on. */
static const struct eap_segment *segment_of(const struct eap_engine *e, int32_t c)
{
    return &route_of(e, c)->segments[e->convoys[c].seg];
}

static int people_at_start(const struct eap_engine *e, int32_t c)
{
    int32_t origin = route_of(e, c)->segments[0].from;
    int n = 0;
    INDEX_FOR(k, &e->convoy_parties, c)
    {
        int32_t i = e->convoy_parties.items[k];
        n += eap__party_at_place(e, i, origin);
    }
    return n;
}

/* The product of (1 - effect) over the escorts riding with the convoy, for their escort
 * effect (fewer incidents) or their suppression (less fire when there is one). */
static double escort_factor(const struct eap_engine *e, int32_t c, bool suppression)
{
    double f = 1.0;
    INDEX_FOR(k, &e->convoy_escorts, c)
    {
        int32_t i = e->convoy_escorts.items[k];
        const struct eap_effects *fx = &e->scn->assets[i].effects;
        if (e->assets[i].phase == ASSET_ESCORTING && e->assets[i].convoy == c) {
            f *= 1.0 - (suppression ? fx->suppression : fx->escort);
        }
    }
    return f;
}

/* The hazard to the people aboard: none unless an incident holds the convoy up. */
static void convoy_hazard(struct eap_engine *e, int32_t c)
{
    const struct convoy_state *st = &e->convoys[c];
    double rate = 0;
    if (st->ambushed) {
        const struct eap_segment *seg = segment_of(e, c);
        int32_t lethality = seg->incident_lethality;
        rate = lethality == EAP_NONE ? 0 : eap__draw(e, lethality);
        /* Those in the kill zone take the rate, the rest none: spread over everyone aboard,
         * each person takes the reach's share of it (as with indirect fire, docs/model.md). */
        int32_t reach = seg->incident_reach;
        rate *= reach == EAP_NONE ? 1 : eap__draw(e, reach);
        rate *= (1 - st->protection) * escort_factor(e, c, true);
    }
    eap__set_hazard(e, loc_convoy(e, c), rate, EAP_NONE);
}

/* Moving, or stopped on the way: the phases in which its people can be exposed. */
static bool on_the_road(enum convoy_phase phase)
{
    return phase == CONVOY_MOVING || phase == CONVOY_STOPPED;
}

/* Every change of phase goes through here, so the count of people exposed follows it. The
 * count follows the segment and the passing of a safe place too (start_segment, segment_end),
 * so only a phase that goes on or off the road can change it (eap__convoy_exposed): not a
 * stop at a checkpoint or the move on from it. */
static void set_phase(struct eap_engine *e, int32_t c, enum convoy_phase phase)
{
    struct convoy_state *st = &e->convoys[c];
    bool was = on_the_road(st->phase);
    st->phase = phase;
    if (on_the_road(phase) != was) {
        eap__convoy_exposure(e, c);
    }
}

/* --- candidates for incidents and breakdowns --- */

/* The next candidate incident on seg, the segment under way (its callers have it at hand). */
static void next_incident(struct eap_engine *e, int32_t c, const struct eap_segment *seg)
{
    struct convoy_state *st = &e->convoys[c];
    st->next_incident = INFINITY;
    if (e->opt.replay) {
        if (st->recorded_incident < seg->recorded_incident_count) {
            st->next_incident = st->seg_start + seg->recorded_incidents[st->recorded_incident++];
        }
        return;
    }
    double per_metre = seg->incidents_per_100km / 100000.0;
    if (per_metre > 0) {
        double gap =
            eap_rng_exponential(eap__process_stream(e, STREAM_INCIDENT, (size_t)c)) / per_metre;
        st->next_incident = st->pos + gap;
    }
}

static void next_recorded_breakdown(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_convoy *cv = &e->scn->convoys[c];
    st->next_breakdown = INFINITY;
    for (size_t k = 0; k < cv->vehicle_type_count; k++) {
        const struct eap_vehicle *v = &e->scn->vehicles[cv->vehicle_types[k]];
        for (size_t j = 0; j < v->recorded_breakdown_count; j++) {
            double at = v->recorded_breakdowns[j];
            if (at > st->pos && at < st->next_breakdown) {
                st->next_breakdown = at;
                st->breakdown_type = cv->vehicle_types[k];
            }
        }
    }
}

static void next_breakdown(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    if (e->opt.replay) {
        next_recorded_breakdown(e, c);
        return;
    }
    st->next_breakdown = INFINITY;
    if (st->breakdown_rate <= 0) {
        return;
    }
    struct eap_rng *r = eap__process_stream(e, STREAM_BREAKDOWN, (size_t)c);
    st->next_breakdown = st->pos + eap_rng_exponential(r) / st->breakdown_rate;
    /* Which vehicle type breaks down: in proportion to its share of the rate. */
    const struct eap_convoy *cv = &e->scn->convoys[c];
    double u = eap_rng_uniform(r) * st->breakdown_rate, acc = 0;
    st->breakdown_type = cv->vehicle_types[0];
    for (size_t k = 0; k < cv->vehicle_type_count; k++) {
        const struct eap_vehicle *v = &e->scn->vehicles[cv->vehicle_types[k]];
        acc += cv->vehicle_counts[k] * v->breakdowns_per_1000km / 1e6;
        if (u < acc) {
            st->breakdown_type = cv->vehicle_types[k];
            break;
        }
    }
}

/* --- movement --- */

static void schedule_next_poi(struct eap_engine *e, int32_t c, const struct eap_segment *seg)
{
    struct convoy_state *st = &e->convoys[c];
    st->poi = POI_SEGMENT_END;
    st->poi_pos = st->seg_start + st->seg_len;
    const double *checkpoint_at = convoy_checkpoints(e, c);
    if (st->next_checkpoint < seg->checkpoint_count &&
        checkpoint_at[st->next_checkpoint] <= st->poi_pos) {
        st->poi = POI_CHECKPOINT;
        st->poi_pos = checkpoint_at[st->next_checkpoint];
    }
    if (st->next_incident < st->poi_pos) {
        st->poi = POI_INCIDENT;
        st->poi_pos = st->next_incident;
    }
    if (st->next_breakdown < st->poi_pos) {
        st->poi = POI_BREAKDOWN;
        st->poi_pos = st->next_breakdown;
    }
    set_phase(e, c, CONVOY_MOVING);
    double metres = st->poi_pos - st->pos;
    /* The speed on a segment is part of the history a fork keeps (where the convoy is shows
     * it), so the arrival at the next point is not redrawn: no lag. */
    st->poi_ev = eap__schedule(e, to_ticks(metres / st->speed * 1000.0), EV_POI, (uint32_t)c, 0);
}

/* Starts segment k of the route; returns it. */
static const struct eap_segment *start_segment(struct eap_engine *e, int32_t c, size_t k)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_segment *seg = &route_of(e, c)->segments[k];
    st->seg = k;
    eap__convoy_exposure(e, c); /* the new segment may have a road threat or none */
    st->seg_start = st->pos;
    st->seg_len = greater(eap__draw(e, seg->distance), 1.0);
    st->speed = greater(lesser(eap__draw(e, seg->speed), st->top_speed), 0.1);
    st->next_checkpoint = 0;
    st->recorded_incident = 0;
    double prev = 0, *checkpoint_at = convoy_checkpoints(e, c);
    for (size_t i = 0; i < seg->checkpoint_count; i++) {
        int32_t at = seg->checkpoints[i].at;
        double d = at == EAP_NONE ? st->seg_len : lesser(eap__draw(e, at), st->seg_len);
        /* Uncertain positions may be drawn out of order; the convoy meets the checkpoints in
         * their listed order, so a later one is never behind an earlier one. */
        d = greater(d, prev);
        prev = d;
        checkpoint_at[i] = st->seg_start + d;
    }
    next_incident(e, c, seg);
    return seg;
}

static void join_escorts(struct eap_engine *e, int32_t c, int32_t origin)
{
    const struct eap_convoy *cv = &e->scn->convoys[c];
    for (size_t i = 0; i < cv->escort_count; i++) {
        int32_t a = cv->escorts[i];
        struct asset_state *as = &e->assets[a];
        const struct eap_asset *def = &e->scn->assets[a];
        if (as->phase != ASSET_ON_STATION || as->at != origin || as->busy) {
            continue; /* not there when the convoy leaves */
        }
        as->phase = ASSET_ESCORTING;
        as->convoy = c;
        if (as->route != EAP_NONE) {
            /* It rides with the convoy now: its cover over the route is its escort effect. */
            int32_t route = as->route;
            as->route = EAP_NONE;
            eap__update_route_cover(e, route);
        }
        eap__emit(e, EAP_EV_ESCORT_JOINED, origin, a, c, 0, 0);
        if (def->effects.suppression > 0) {
            eap__place_refresh(e, origin); /* its suppression leaves the place with it */
        }
        if (def->desert_p == EAP_NONE) {
            continue;
        }
        bool walks;
        if (e->opt.replay) {
            walks = def->recorded_desert;
        } else {
            double p = eap__draw(e, def->desert_p);
            walks = eap_rng_uniform(eap__process_stream(e, STREAM_DESERT, (size_t)a)) < p;
        }
        if (walks) {
            struct lag lag = eap__lag_linear(def->desert_after, 0, 1);
            eap__schedule_lag(e, eap__draw_ms(e, def->desert_after), &lag, EV_DESERT, (uint32_t)a,
                              (uint32_t)c);
        }
    }
}

static void convoy_vehicles(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_convoy *cv = &e->scn->convoys[c];
    st->top_speed = INFINITY;
    st->breakdown_rate = 0;
    double protection = 0, vehicles = 0;
    for (size_t k = 0; k < cv->vehicle_type_count; k++) {
        const struct eap_vehicle *v = &e->scn->vehicles[cv->vehicle_types[k]];
        if (v->speed != EAP_NONE) {
            st->top_speed = lesser(st->top_speed, eap__draw(e, v->speed));
        }
        st->breakdown_rate += cv->vehicle_counts[k] * v->breakdowns_per_1000km / 1e6;
        protection +=
            cv->vehicle_counts[k] * (v->protection == EAP_NONE ? 0 : eap__draw(e, v->protection));
        vehicles += cv->vehicle_counts[k];
    }
    st->protection = vehicles > 0 ? protection / vehicles : 0;
}

/* People board: those of its parties at the origin whom no other convoy has claimed. */
static int board(struct eap_engine *e, int32_t c, int32_t origin)
{
    int n = 0;
    INDEX_FOR(k, &e->convoy_parties, c)
    {
        int32_t i = e->convoy_parties.items[k];
        n += eap__board_convoy(e, i, origin, c);
    }
    return n;
}

static void depart(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    int32_t origin = route_of(e, c)->segments[0].from;
    if (board(e, c, origin) == 0) {
        /* Nobody left to carry (the others left, or died): it does not go, and its escorts
         * stay where they are. */
        set_phase(e, c, CONVOY_IDLE);
        eap__emit(e, EAP_EV_CONVOY_STOOD_DOWN, origin, c, EAP_NONE, 0, 0);
        return;
    }
    convoy_vehicles(e, c);
    st->pos = 0;
    st->pos_time = e->kernel.now;
    e->convoy_departed[c] = e->kernel.now;
    const struct eap_segment *seg = start_segment(e, c, 0);
    next_breakdown(e, c);
    eap__emit(e, EAP_EV_CONVOY_DEPARTED, origin, c, EAP_NONE, 0, st->speed);
    join_escorts(e, c, origin);
    eap__place_check_evacuated(e, origin);
    schedule_next_poi(e, c, seg);
}

void eap__convoy_form(struct eap_engine *e, int32_t c, bool then_depart)
{
    struct convoy_state *st = &e->convoys[c];
    switch (st->phase) {
    case CONVOY_IDLE: {
        int32_t origin = route_of(e, c)->segments[0].from;
        set_phase(e, c, CONVOY_FORMING);
        st->depart_when_formed = then_depart;
        INDEX_FOR(k, &e->convoy_parties, c)
        {
            int32_t i = e->convoy_parties.items[k];
            eap__claim(e, i, origin, c);
        }
        eap__emit(e, EAP_EV_CONVOY_FORMING, origin, c, EAP_NONE, people_at_start(e, c), 0);
        int32_t formation = e->scn->convoys[c].formation;
        struct lag lag = eap__lag_linear(formation, 0, 1);
        eap__schedule_lag(e, eap__draw_ms(e, formation), &lag, EV_FORMED, (uint32_t)c, 0);
        break;
    }
    case CONVOY_FORMING:
        st->depart_when_formed |= then_depart;
        break;
    case CONVOY_FORMED:
        if (then_depart) {
            depart(e, c);
        }
        break;
    default:
        break; /* already on its way */
    }
}

static void arrive(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    int32_t dest = route_of(e, c)->segments[route_of(e, c)->segment_count - 1].to;
    set_phase(e, c, CONVOY_ARRIVED);
    e->convoy_arrived[c] = e->kernel.now;
    eap__emit(e, EAP_EV_CONVOY_ARRIVED, dest, c, EAP_NONE, st->pos, 0);
    INDEX_FOR(k, &e->convoy_parties, c)
    {
        /* Everyone aboard (a party with nobody aboard moves nobody and is not announced). */
        eap__party_arrive(e, e->convoy_parties.items[k], loc_convoy(e, c), dest, INT_MAX);
    }
    INDEX_FOR(k, &e->convoy_escorts, c)
    {
        int32_t i = e->convoy_escorts.items[k];
        struct asset_state *as = &e->assets[i];
        if (as->phase == ASSET_ESCORTING && as->convoy == c) {
            as->phase = ASSET_ON_STATION;
            as->convoy = EAP_NONE;
            as->at = dest;
            eap__emit(e, EAP_EV_ASSET_AT, dest, i, c, 0, 0);
        }
    }
    eap__airlift_try_board(e);
}

static void stop_for(struct eap_engine *e, int32_t c, eap_time delay, const struct lag *lag)
{
    set_phase(e, c, CONVOY_STOPPED);
    eap__schedule_lag(e, delay, lag, EV_RESUME, (uint32_t)c, 0);
}

static void at_checkpoint(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_checkpoint *cp = &segment_of(e, c)->checkpoints[st->next_checkpoint];
    eap_time delay = eap__draw_ms(e, cp->delay);
    bool held = e->opt.replay ? cp->recorded_stop : false;
    if (!e->opt.replay && cp->p_stop != EAP_NONE) {
        double p = eap__draw(e, cp->p_stop);
        held = eap_rng_uniform(eap__process_stream(e, STREAM_CHECKPOINT, (size_t)c)) < p;
    }
    /* The longer hold, when there is one, is what a fork redraws. */
    struct lag lag = eap__lag_linear(cp->delay, 0, 1);
    if (held) {
        eap_time base = delay;
        delay += eap__draw_ms(e, cp->stop_delay);
        lag = eap__lag_linear(cp->stop_delay, (double)base, 1);
    }
    int32_t object = (int32_t)((st->seg << 16) | st->next_checkpoint);
    st->next_checkpoint++;
    eap__emit(e, EAP_EV_CHECKPOINT, EAP_NONE, c, object, st->pos, (double)delay);
    stop_for(e, c, delay, &lag);
}

static void at_incident(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_segment *seg = segment_of(e, c);
    bool happens = true;
    if (!e->opt.replay) {
        /* Thinning: the candidate becomes an incident with the probability that the cover in
         * place right now leaves. */
        double keep = e->route_deterrence[e->scn->convoys[c].route] * escort_factor(e, c, false);
        happens = eap_rng_uniform(eap__process_stream(e, STREAM_INCIDENT, (size_t)c)) < keep;
    }
    next_incident(e, c, seg);
    if (!happens) {
        schedule_next_poi(e, c, seg);
        return;
    }
    eap_time delay = eap__draw_ms(e, seg->incident_delay);
    struct lag lag = eap__lag_linear(seg->incident_delay, 0, 1);
    e->st.incidents++;
    eap__emit(e, EAP_EV_INCIDENT, EAP_NONE, c, EAP_NONE, st->pos, (double)delay);
    st->ambushed = true;
    st->incident_no++;
    convoy_hazard(e, c);
    stop_for(e, c, delay, &lag);
    if (seg->incident_fire != EAP_NONE) {
        /* The firing stops before the convoy moves on (clearing, regrouping, the wounded). */
        eap_time fire = eap__draw_ms(e, seg->incident_fire);
        if (fire < delay) {
            struct lag f = eap__lag_linear(seg->incident_fire, 0, 1);
            eap__schedule_lag(e, fire, &f, EV_CEASEFIRE, (uint32_t)c, st->incident_no);
        }
    }
}

static void at_breakdown(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_vehicle *v = &e->scn->vehicles[st->breakdown_type];
    eap_time delay = eap__draw_ms(e, v->breakdown_delay);
    struct lag lag = eap__lag_linear(v->breakdown_delay, 0, 1);
    e->st.breakdowns++;
    eap__emit(e, EAP_EV_BREAKDOWN, EAP_NONE, c, st->breakdown_type, st->pos, (double)delay);
    next_breakdown(e, c);
    stop_for(e, c, delay, &lag);
}

static void segment_end(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    const struct eap_route *r = route_of(e, c);
    if (st->seg + 1 == r->segment_count) {
        arrive(e, c);
        return;
    }
    int32_t place = r->segments[st->seg].to;
    const struct eap_segment *seg = start_segment(e, c, st->seg + 1);
    eap__emit(e, EAP_EV_CONVOY_AT, place, c, EAP_NONE, st->pos, st->speed);
    if (e->scn->places[place].safe && !st->passed_safe) {
        st->passed_safe = e->st.past_safe = true;
        eap__convoy_exposure(e, c);
        INDEX_FOR(k, &e->convoy_parties, c)
        {
            int32_t i = e->convoy_parties.items[k];
            if (eap__party_at(e, i, loc_convoy(e, c)) > 0) {
                eap__party_check_safe(e, i, place);
            }
        }
    }
    schedule_next_poi(e, c, seg);
}

static void point_of_interest(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    st->pos = st->poi_pos;
    st->pos_time = e->kernel.now;
    switch (st->poi) {
    case POI_CHECKPOINT:
        at_checkpoint(e, c);
        break;
    case POI_INCIDENT:
        at_incident(e, c);
        break;
    case POI_BREAKDOWN:
        at_breakdown(e, c);
        break;
    case POI_SEGMENT_END:
        segment_end(e, c);
        break;
    }
}

static void desert(struct eap_engine *e, int32_t a, int32_t c)
{
    struct asset_state *as = &e->assets[a];
    const struct convoy_state *st = &e->convoys[c];
    if (as->phase != ASSET_ESCORTING || as->convoy != c) {
        return;
    }
    as->phase = ASSET_OFF;
    as->convoy = EAP_NONE;
    double pos = st->pos;
    if (st->phase == CONVOY_MOVING) {
        pos += st->speed * (double)(e->kernel.now - st->pos_time) / 1000.0;
    }
    eap__emit(e, EAP_EV_ESCORT_LEFT, EAP_NONE, a, c, pos, 0);
    if (st->ambushed) {
        convoy_hazard(e, c); /* its suppression goes with it */
    }
}

/* --- the kernel's handlers (eap__handlers): one per kind of event --- */

static void formed(struct eap_engine *e, int32_t c)
{
    set_phase(e, c, CONVOY_FORMED);
    eap__emit(e, EAP_EV_CONVOY_FORMED, route_of(e, c)->segments[0].from, c, EAP_NONE, 0, 0);
    if (e->convoys[c].depart_when_formed) {
        depart(e, c);
    }
}

static void poi_reached(struct eap_engine *e, int32_t c)
{
    e->convoys[c].poi_ev = EAP_NO_EVENT;
    point_of_interest(e, c);
}

static void resume(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    st->pos_time = e->kernel.now;
    if (st->ambushed) {
        st->ambushed = false;
        convoy_hazard(e, c);
    }
    eap__emit(e, EAP_EV_RESUMED, EAP_NONE, c, EAP_NONE, st->pos, st->speed);
    schedule_next_poi(e, c, segment_of(e, c));
}

/* b: the number of the incident whose fire stops (a later incident's fire goes on). */
static void ceasefire(struct eap_engine *e, int32_t c, int32_t b)
{
    struct convoy_state *st = &e->convoys[c];
    if (st->ambushed && st->incident_no == (uint32_t)b) {
        st->ambushed = false;
        convoy_hazard(e, c);
    }
}

EAP__ON_EVENT_A(eap__on_formed, formed)
EAP__ON_EVENT_A(eap__on_poi, poi_reached)
EAP__ON_EVENT_A(eap__on_resume, resume)
EAP__ON_EVENT(eap__on_ceasefire, ceasefire)
EAP__ON_EVENT(eap__on_desert, desert)

void eap__convoy_redraw_candidates(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    if (st->phase != CONVOY_MOVING && st->phase != CONVOY_STOPPED) {
        return;
    }
    if (st->phase == CONVOY_MOVING) {
        /* Where it is now, on the way to its next point of interest. */
        st->pos += st->speed * (double)(e->kernel.now - st->pos_time) / 1000.0;
        st->pos_time = e->kernel.now;
        eap_kernel_cancel(&e->kernel, st->poi_ev);
    }
    next_incident(e, c, segment_of(e, c));
    next_breakdown(e, c);
    if (st->phase == CONVOY_MOVING) {
        schedule_next_poi(e, c, segment_of(e, c));
    }
}
