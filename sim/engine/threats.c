/*
 * Threats against places, and the hazard they set there.
 *
 * Walls: a place's perimeter, and then its safe room, holds until the attackers' force-time
 * (their force over the place's reference force, integrated over time) reaches the layer's
 * hold time. Twice the attackers wear it twice as fast; attacks that overlap add their
 * forces, so a second wave brings the fall forward; responders on scene and the place's
 * guards take a share of the attackers' effect, so they slow it down.
 *
 * Hazard (per person and unit of time, see people.c): an attack's lethality, scaled by its
 * force over the reference force and by the share of its effect left after responders and
 * guards, reaches people in the open through the place's cover while the perimeter holds,
 * fully once it is breached, and people in the safe room only once that is breached too.
 * Indirect fire reaches those in the open at the place (a share of the people there, so each
 * person takes that share of its lethality on average), not those in a safe room that holds.
 * Arson makes the shelter untenable after the place's fire_untenable time: those in it are in
 * the smoke until they get out (the fire's escape time, or sooner when responders reach
 * them), and the smoke's hazard is theirs meanwhile.
 */
#include <math.h>

#include "engine_internal.h"

/* --- the share of the attackers' effect left after responders and guards --- */

/* The share of the attackers' effect the guards take while they are there: drawn on first
 * need, 0 when they are not there (or there are none). */
static double guard_share(struct eap_engine *e, int32_t q)
{
    struct place_state *ps = &e->places[q];
    const struct eap_guards *g = &e->scn->places[q].guards;
    if (!ps->guards_here || !g->present) {
        return 0;
    }
    if (isnan(ps->guard_share)) {
        ps->guard_share = g->suppression == EAP_NONE ? 0 : eap__draw(e, g->suppression);
    }
    return ps->guard_share;
}

static double share_left(struct eap_engine *e, int32_t q)
{
    struct place_state *ps = &e->places[q];
    const struct eap_guards *g = &e->scn->places[q].guards;
    double left = 1;
    INDEX_FOR(k, &e->place_helpers, q)
    {
        int32_t a = e->place_helpers.items[k];
        const struct asset_state *as = &e->assets[a];
        double s = e->scn->assets[a].effects.suppression;
        if (s > 0 && as->phase == ASSET_ON_STATION && as->at == q) {
            left *= 1 - s;
        }
    }
    if (ps->guards_here && g->present) {
        left *= 1 - guard_share(e, q);
    }
    return left;
}

static double cover(struct eap_engine *e, int32_t q)
{
    struct place_state *ps = &e->places[q];
    if (isnan(ps->cover)) {
        int32_t input = e->scn->places[q].cover;
        ps->cover = input == EAP_NONE ? 0 : eap__draw(e, input);
    }
    return ps->cover;
}

/* Attackers at the place, over the reference force, times what they have left. */
static double force_ratio(const struct eap_engine *e, int32_t t)
{
    double ref = e->scn->places[e->scn->threats[t].place].reference_force;
    return ref > 0 ? e->threats[t].force / ref : 1;
}

/* --- the walls --- */

static void wall_account(struct wall_state *w, eap_time now)
{
    w->worn += w->rate * (double)(now - w->at);
    w->at = now;
}

/* Sets a wall's wear rate from now, and when it falls at that rate. */
static void wall_rate(struct eap_engine *e, int32_t q, int layer, double rate)
{
    struct place_state *ps = &e->places[q];
    struct wall_state *w = layer ? &ps->safe_room : &ps->perimeter;
    wall_account(w, e->kernel.now);
    if (rate == w->rate && w->ev != EAP_NO_EVENT) {
        return;
    }
    w->rate = rate;
    eap__cancel(e, &w->ev);
    if (rate > 0) {
        double wait = greater(0, (w->hold - w->worn) / rate);
        eap_time delay = wait >= (double)EAP_TIME_MAX ? EAP_TIME_MAX : (eap_time)ceil(wait);
        w->ev = eap__schedule(e, delay, EV_WALL, (uint32_t)q, (uint32_t)layer);
    }
}

/* The hold of a layer, drawn when attackers first press on it (no layer: it does not hold). */
static void wall_draw(struct eap_engine *e, int32_t q, int layer)
{
    const struct eap_place *p = &e->scn->places[q];
    struct wall_state *w = layer ? &e->places[q].safe_room : &e->places[q].perimeter;
    if (w->hold < 0) {
        w->hold = (double)eap__draw_ms(e, layer ? p->safe_room_hold : p->perimeter_hold);
        w->at = e->kernel.now;
    }
}

/* --- the hazard at a place --- */

/* What the threats active at a place do now: the hazard in the open and in the shelter (and
 * the threat doing most of it), and the attackers' force on the walls (force-time per ms). */
struct hazard {
    double open, shelter;
    double top; /* the largest single contribution, for naming the source */
    int32_t source;
    double force;
};

static void add(struct hazard *h, int32_t t, double open, double shelter)
{
    h->open += open;
    h->shelter += shelter;
    if (greater(open, shelter) > h->top) {
        h->top = greater(open, shelter);
        h->source = t;
    }
}

/* One walk over the place's threats gives both the hazard and the force: a refresh comes
 * with nearly every event at a place under attack. Drawing the cover here, before the walls'
 * holds are drawn, changes no number: every input has a stream of its own. */
static struct hazard place_hazard(struct eap_engine *e, int32_t q, double left)
{
    const struct eap_place *p = &e->scn->places[q];
    const struct place_state *ps = &e->places[q];
    struct hazard h = {0, 0, 0, EAP_NONE, 0};
    bool room = p->safe_room_hold != EAP_NONE, room_holds = room && !ps->safe_room_breached;
    INDEX_FOR(k, &e->place_threats, q)
    {
        int32_t i = e->place_threats.items[k];
        const struct eap_threat *th = &e->scn->threats[i];
        const struct threat_state *ts = &e->threats[i];
        if (!ts->active) {
            continue;
        }
        if (th->kind == EAP_THREAT_ATTACK) {
            double full = ts->lethality * force_ratio(e, i) * left;
            double open = ps->breached ? full : full * (1 - cover(e, q));
            h.force += force_ratio(e, i) * left;
            add(&h, i, open, room_holds ? 0 : open);
        } else if (th->kind == EAP_THREAT_INDIRECT_FIRE) {
            /* Rounds hurt those in the open; inside, people are taken to be covered. A
             * person's hazard is the average over where people are. */
            double open = ts->lethality * ts->exposed;
            add(&h, i, open, room_holds ? 0 : open);
        }
    }
    if (ps->smoke != EAP_NONE) {
        add(&h, ps->smoke, 0, e->threats[ps->smoke].smoke);
    }
    return h;
}

/* The walls under pressure: a layer's hold is drawn when attackers first press on it, and
 * the one standing wears at the attackers' force. */
static void walls_follow(struct eap_engine *e, int32_t q, double force)
{
    const struct eap_place *p = &e->scn->places[q];
    struct place_state *ps = &e->places[q];
    if (force > 0 && !ps->breached) {
        wall_draw(e, q, 0);
    }
    if (force > 0 && ps->breached && p->safe_room_hold != EAP_NONE && !ps->safe_room_breached) {
        wall_draw(e, q, 1);
    }
    if (!ps->breached && ps->perimeter.hold >= 0) {
        wall_rate(e, q, 0, force);
    }
    if (ps->breached && !ps->safe_room_breached && ps->safe_room.hold >= 0) {
        wall_rate(e, q, 1, force);
    }
}

/* Whether a threat active at the place does harm or wears the walls by itself: an attack or
 * indirect fire. A fire does neither until its smoke fills the shelter (place.smoke). */
static bool harmful_active(const struct eap_engine *e, int32_t q)
{
    INDEX_FOR(k, &e->place_threats, q)
    {
        int32_t i = e->place_threats.items[k];
        if (e->threats[i].active && e->scn->threats[i].kind != EAP_THREAT_ARSON) {
            return true;
        }
    }
    return false;
}

/* A place where nothing goes on: no attack or indirect fire active and no smoke, so no force
 * and no hazard, and none in force before (the walls are not wearing, the hazard clocks
 * stand still). A refresh would find it so and leave it (walls_follow's accounting at a rate
 * of 0 adds nothing; eap__set_hazard keeps a rate that has not changed). Responders come and
 * go at such places before the attacks and after (a fire the attackers set may burn on). */
static bool quiet(const struct eap_engine *e, int32_t q)
{
    const struct place_state *ps = &e->places[q];
    return ps->smoke == EAP_NONE && ps->perimeter.rate == 0 && ps->safe_room.rate == 0 &&
           e->clocks[loc_open(q)].rate == 0 && e->clocks[loc_shelter(e, q)].rate == 0 &&
           (ps->active_threats == 0 || !harmful_active(e, q));
}

void eap__place_refresh(struct eap_engine *e, int32_t q)
{
    if (e->place_threats.first[q] == e->place_threats.first[q + 1]) {
        /* No threat can reach the place: no force, no hazard, no wall under pressure, and
         * what the guards would take off nothing is not worth drawing (nothing else reads
         * it). Assets come and go at such places (airfields, bases) all the time. */
        return;
    }
    if (quiet(e, q)) {
        /* What a full refresh would change: the guards' share drawn on first need (as
         * share_left would, so that a fork finds it drawn or not as before), and no threat
         * named as the source of the (nil) hazard. */
        guard_share(e, q);
        e->clocks[loc_open(q)].source = e->clocks[loc_shelter(e, q)].source = EAP_NONE;
        return;
    }
    struct hazard h = place_hazard(e, q, share_left(e, q));
    walls_follow(e, q, h.force);
    eap__set_hazard(e, loc_open(q), h.open, h.source);
    eap__set_hazard(e, loc_shelter(e, q), h.shelter, h.source);
}

/* The strongest attack at a place right now, for naming who breached it. */
static int32_t main_attack(const struct eap_engine *e, int32_t q)
{
    int32_t best = EAP_NONE;
    INDEX_FOR(k, &e->place_threats, q)
    {
        int32_t i = e->place_threats.items[k];
        if (e->threats[i].active && e->scn->threats[i].kind == EAP_THREAT_ATTACK &&
            (best == EAP_NONE || e->threats[i].force > e->threats[best].force)) {
            best = i;
        }
    }
    return best;
}

static void wall_falls(struct eap_engine *e, int32_t q, int layer)
{
    struct place_state *ps = &e->places[q];
    struct wall_state *w = layer ? &ps->safe_room : &ps->perimeter;
    w->ev = EAP_NO_EVENT;
    wall_account(w, e->kernel.now);
    w->rate = 0;
    int32_t t = main_attack(e, q);
    double force = t != EAP_NONE ? e->threats[t].force : 0;
    if (layer == 0) {
        ps->breached = true;
        if (eap__place_occupants(e, q) > 0) {
            e->st.breach_while_occupied = true;
            if (!ps->helped) {
                e->st.breach_before_help = true;
            }
        }
        eap__emit(e, EAP_EV_BREACH, q, t, EAP_NONE, force, 0);
    } else {
        ps->safe_room_breached = true;
        eap__emit(e, EAP_EV_SAFE_ROOM_BREACH, q, t, EAP_NONE, force, 0);
    }
    eap__place_refresh(e, q);
}

/* --- threats starting and ending --- */

/* A threat with a probability may not materialise; the record says whether it did. */
static bool threat_happens(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    if (e->threats[t].settled) {
        return e->threats[t].happens; /* a fork has decided it already */
    }
    if (e->opt.replay) {
        return th->occurred;
    }
    if (th->p == EAP_NONE) {
        return true;
    }
    double p = eap__draw(e, th->p);
    return eap_rng_uniform(eap__process_stream(e, STREAM_THREAT, (size_t)t)) < p;
}

static double draw_rate(struct eap_engine *e, int32_t input)
{
    return input == EAP_NONE ? 0 : eap__draw(e, input);
}

static void start_kind(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    const struct eap_place *p = &e->scn->places[th->place];
    struct threat_state *ts = &e->threats[t];
    switch (th->kind) {
    case EAP_THREAT_ATTACK:
        ts->force = th->force != EAP_NONE ? eap__draw(e, th->force) : 0;
        eap__emit(e, EAP_EV_ATTACK_START, th->place, t, EAP_NONE, ts->force, 0);
        break;
    case EAP_THREAT_ARSON:
        ts->smoke = draw_rate(e, th->smoke);
        eap__emit(e, EAP_EV_FIRE, th->place, t, EAP_NONE, 0, 0);
        if (p->fire_untenable != EAP_NONE) {
            struct lag lag = eap__lag_linear(p->fire_untenable, 0, 1);
            ts->untenable_ev = eap__schedule_lag(e, eap__draw_ms(e, p->fire_untenable), &lag,
                                                 EV_UNTENABLE, (uint32_t)t, 0);
        }
        break;
    case EAP_THREAT_INDIRECT_FIRE:
        ts->exposed = th->exposed == EAP_NONE ? 1 : eap__draw(e, th->exposed);
        eap__emit(e, EAP_EV_INDIRECT_FIRE, th->place, t, EAP_NONE, 0, 0);
        break;
    }
}

/* Whether a responder (one that reinforces or suppresses) is on scene at the place. */
static bool responder_at(const struct eap_engine *e, int32_t q)
{
    INDEX_FOR(k, &e->place_helpers, q)
    {
        int32_t a = e->place_helpers.items[k];
        const struct eap_effects *fx = &e->scn->assets[a].effects;
        if ((fx->reinforce || fx->suppression > 0) && e->assets[a].phase == ASSET_ON_STATION &&
            e->assets[a].at == q) {
            return true;
        }
    }
    return false;
}

void eap__threat_start(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct threat_state *ts = &e->threats[t];
    if (ts->started) {
        return;
    }
    ts->started = true;
    /* Fires are set by attackers: once they have gone, nobody sets one. */
    if (th->kind == EAP_THREAT_ARSON && main_attack(e, th->place) == EAP_NONE) {
        return;
    }
    if (!threat_happens(e, t)) {
        return;
    }
    ts->happens = true;
    ts->active = true;
    ts->lethality = draw_rate(e, th->lethality);
    eap__place_threat(e, th->place, +1);
    start_kind(e, t);
    if (th->duration != EAP_NONE) {
        struct lag lag = eap__lag_linear(th->duration, 0, 1);
        ts->end_ev = eap__schedule_lag(
            e, eap__draw_ms(e, th->duration), &lag,
            th->kind == EAP_THREAT_ATTACK ? EV_ATTACK_END : EV_THREAT_END, (uint32_t)t, 0);
    }
    eap__place_refresh(e, th->place);
}

/* Ends a threat, and refreshes its place; false when it was not active (nothing done). */
static bool end_threat(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct threat_state *ts = &e->threats[t];
    if (!ts->active) {
        return false;
    }
    ts->active = false;
    eap__place_threat(e, th->place, -1);
    eap__cancel(e, &ts->end_ev);
    eap__cancel(e, &ts->untenable_ev); /* a fire put out makes nothing untenable */
    if (th->kind == EAP_THREAT_ATTACK) {
        eap__emit(e, EAP_EV_ATTACK_END, th->place, t, EAP_NONE, 0, 0);
    }
    eap__place_refresh(e, th->place);
    return true;
}

/* --- fire and smoke --- */

/* Those left alive in the smoke get out of the shelter. */
static void escape(struct eap_engine *e, int32_t q)
{
    struct place_state *ps = &e->places[q];
    ps->escape_ev = EAP_NO_EVENT;
    ps->smoke = EAP_NONE;
    INDEX_FOR(k, &e->place_parties, q)
    {
        int32_t i = e->place_parties.items[k];
        int32_t from = loc_shelter(e, q);
        int n = eap__move(e, i, from, loc_open(q), eap__party_at(e, i, from));
        if (n > 0) {
            eap__emit(e, EAP_EV_ESCAPED, q, i, EAP_NONE, n, 0);
        }
    }
    eap__place_refresh(e, q);
}

static void untenable(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct place_state *ps = &e->places[th->place];
    e->threats[t].untenable_ev = EAP_NO_EVENT;
    if (ps->untenable) {
        return;
    }
    ps->untenable = true;
    ps->smoke = t;
    eap__emit(e, EAP_EV_UNTENABLE, th->place, t, EAP_NONE, 0, 0);
    if (responder_at(e, th->place)) {
        escape(e, th->place); /* responders on scene get them out at once */
        return;
    }
    eap__place_refresh(e, th->place);
    struct lag lag = eap__lag_linear(th->escape, 0, 1);
    ps->escape_ev =
        eap__schedule_lag(e, eap__draw_ms(e, th->escape), &lag, EV_ESCAPE, (uint32_t)th->place, 0);
}

/* --- guards --- */

void eap__guards_walk(struct eap_engine *e, int32_t q)
{
    const struct eap_guards *g = &e->scn->places[q].guards;
    struct place_state *ps = &e->places[q];
    if (!ps->guards_here) {
        return;
    }
    bool walks;
    if (e->opt.replay) {
        walks = g->recorded_walk;
    } else {
        double p = g->walk_p == EAP_NONE ? 1 : eap__draw(e, g->walk_p);
        walks = eap_rng_uniform(eap__process_stream(e, STREAM_GUARDS, (size_t)q)) < p;
    }
    if (!walks) {
        return;
    }
    ps->guards_here = false;
    eap__emit(e, EAP_EV_GUARDS_LEFT, q, EAP_NONE, EAP_NONE, g->count, 0);
    eap__place_refresh(e, q);
}

/* --- the kernel's handlers (eap__handlers): one per kind of event --- */

static void threat_ends(struct eap_engine *e, int32_t t)
{
    e->threats[t].end_ev = EAP_NO_EVENT;
    end_threat(e, t);
}

EAP__ON_EVENT_A(eap__on_threat_end, threat_ends)
EAP__ON_EVENT_A(eap__on_untenable, untenable)
EAP__ON_EVENT(eap__on_wall, wall_falls)
EAP__ON_EVENT_A(eap__on_escape, escape)

void eap__responder_arrives(struct eap_engine *e, int32_t place, int32_t asset)
{
    const struct eap_effects *fx = &e->scn->assets[asset].effects;
    struct place_state *ps = &e->places[place];
    /* The asset is on station already, so a refresh on the way (people out of the smoke, an
     * attack ended) takes its share too, and one after it would find nothing changed. */
    bool refreshed = false;
    if (fx->reinforce || fx->suppression > 0) {
        ps->helped = true;
        if (ps->smoke != EAP_NONE) {
            /* Rescuers get those still in the smoke out (the annex team searched the villa
             * for the ambassador's party, ARB). */
            eap__cancel(e, &ps->escape_ev);
            escape(e, place);
            refreshed = true;
        }
    }
    INDEX_FOR(k, &e->place_threats, place)
    {
        int32_t i = e->place_threats.items[k];
        if (fx->reinforce && e->scn->threats[i].kind == EAP_THREAT_ATTACK) {
            refreshed |= end_threat(e, i); /* the attackers give up on the place */
        }
    }
    if (!refreshed) {
        eap__place_refresh(e, place);
    }
}

/* --- forks --- */

/* A wall under pressure has held so far: its hold is redrawn from its distribution,
 * restricted to holds longer than the force-time it has already withstood. */
static void wall_redraw(struct eap_engine *e, int32_t q, int layer)
{
    const struct eap_place *p = &e->scn->places[q];
    struct wall_state *w = layer ? &e->places[q].safe_room : &e->places[q].perimeter;
    int32_t input = layer ? p->safe_room_hold : p->perimeter_hold;
    if (w->hold < 0 || w->ev == EAP_NO_EVENT || input == EAP_NONE) {
        return;
    }
    const struct eap_input *in = eap__input_source(e, input);
    if (!eap_dist_is_uncertain(&in->dist) ||
        (e->st.steered && e->input_mode[input] == INPUT_VALUE)) {
        return;
    }
    wall_account(w, e->kernel.now);
    double hold =
        eap_dist_sample_between(&in->dist, w->worn, INFINITY, eap__input_stream(e, input));
    w->hold = (double)to_ticks(hold);
    double rate = w->rate;
    w->rate = -1; /* not the current rate: wall_rate schedules the fall afresh */
    wall_rate(e, q, layer, rate);
}

void eap__walls_redraw(struct eap_engine *e)
{
    for (size_t q = 0; q < e->scn->place_count; q++) {
        wall_redraw(e, (int32_t)q, 0);
        wall_redraw(e, (int32_t)q, 1);
    }
}
