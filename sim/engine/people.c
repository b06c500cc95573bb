/*
 * People, one by one: where each is, the harm each has taken, and who is safe.
 *
 * Harm comes from exposure (docs/model.md). Every location where people can be hurt (the
 * open part of a place, its shelter, a convoy) has a hazard: the chance per person and unit
 * of time of being killed, set by the threats there (threats.c, convoy.c) and constant
 * between events. A person dies when the hazard accumulated over everything he has been
 * through reaches his threshold, a unit exponential drawn for him once (in a replay, the
 * evenly spaced quantiles of the unit exponential, so the record's fate comes out of the
 * exposure rather than out of luck). With the same thresholds, less exposure never kills
 * more: a response that comes sooner cannot raise the harm of a run.
 *
 * Each location keeps a clock of the hazard per person accumulated there; a person keeps a
 * base such that his harm is base + the clock of where he is. The next death at a location
 * is then the earliest threshold among those there, reached at a time the clock's rate
 * gives: one event per location, rescheduled when the rate or the people change.
 */
#include <math.h>
#include <string.h>

#include "engine_internal.h"

/* --- locations --- */

static bool hazardous(const struct eap_engine *e, int32_t loc)
{
    return loc >= 0 && (size_t)loc < e->loc_hazards;
}

static double clock_now(const struct eap_engine *e, int32_t loc)
{
    const struct hazard_clock *k = &e->clocks[loc];
    return k->c0 + k->rate * (double)(e->kernel.now - k->t0);
}

/* The place of a location, or EAP_NONE for a convoy or an aircraft. */
static int32_t loc_place(const struct eap_engine *e, int32_t loc)
{
    int32_t q = (int32_t)e->scn->place_count;
    return loc < 0 ? EAP_NONE : loc < q ? loc : loc < 2 * q ? loc - q : EAP_NONE;
}

int32_t eap__loc_at(const struct eap_engine *e, int32_t place)
{
    return e->scn->places[place].safe ? LOC_SAFE : loc_open(place);
}

/* --- thresholds --- */

/* Person k of a party of n: a unit exponential from a keyed draw of the party's stream, one per
 * person, so the draw does not depend on who needed one first. A replay takes the (k + 1/2)
 * / n quantile instead. */
static double threshold(struct eap_engine *e, size_t i)
{
    struct person *p = &e->persons[i];
    if (!isnan(p->thr)) {
        return p->thr;
    }
    size_t k = i - e->party_first[p->party];
    int n = e->scn->parties[p->party].count;
    if (e->opt.replay) {
        p->thr = -log1p(-((double)k + 0.5) / n);
    } else {
        p->thr = -log(eap__keyed_uniform(e, STREAM_HARM, (size_t)p->party, k));
    }
    return p->thr;
}

/* --- counts --- */

static void count(struct eap_engine *e, int32_t party, int32_t loc, int delta)
{
    const struct eap_scenario *s = e->scn;
    int32_t q = (int32_t)s->place_count, c = (int32_t)s->convoy_count;
    if (loc == LOC_SAFE) {
        e->parties[party].safe += delta;
    } else if (loc == LOC_DEAD) {
        e->parties[party].dead += delta;
    } else if (loc < 2 * q) {
        int32_t place = loc_place(e, loc);
        party_here(e, party)[place] += delta;
        if (loc >= q) {
            party_sheltered(e, party)[place] += delta;
        }
    } else if (loc < 2 * q + c) {
        party_in_convoy(e, party)[loc - 2 * q] += delta;
    } else {
        asset_load(e, loc - 2 * q - c)[party] += delta;
    }
}

/* --- the next death at a location --- */

static void reschedule(struct eap_engine *e, int32_t loc)
{
    struct hazard_clock *k = &e->clocks[loc];
    eap_kernel_cancel(&e->kernel, k->ev);
    k->ev = EAP_NO_EVENT;
    if (!(k->rate > 0)) {
        return;
    }
    double now = clock_now(e, loc), first = INFINITY;
    for (size_t i = 0; i < e->person_count; i++) {
        const struct person *p = &e->persons[i];
        if (p->loc == loc) {
            first = fmin(first, threshold(e, i) - p->base);
        }
    }
    if (isinf(first)) {
        return;
    }
    /* Rounded up to the tick, so the threshold has been reached when the event comes. */
    double wait = fmax(0, (first - now) / k->rate);
    eap_time delay = wait >= (double)EAP_TIME_MAX ? EAP_TIME_MAX : (eap_time)ceil(wait);
    k->ev = eap__schedule(e, delay, EV_HARM, (uint32_t)loc, 0);
}

void eap__set_hazard(struct eap_engine *e, int32_t loc, double rate, int32_t source)
{
    struct hazard_clock *k = &e->clocks[loc];
    k->source = source;
    if (rate == k->rate) {
        return;
    }
    k->c0 = clock_now(e, loc);
    k->t0 = e->kernel.now;
    k->rate = rate;
    reschedule(e, loc);
}

void eap__rearm_hazards(struct eap_engine *e)
{
    for (size_t l = 0; l < e->loc_hazards; l++) {
        struct hazard_clock *k = &e->clocks[l];
        k->c0 = clock_now(e, (int32_t)l);
        k->t0 = e->kernel.now;
        reschedule(e, (int32_t)l);
    }
}

void eap__harm_due(struct eap_engine *e, int32_t loc)
{
    const struct eap_scenario *s = e->scn;
    struct hazard_clock *k = &e->clocks[loc];
    k->ev = EAP_NO_EVENT;
    double now = clock_now(e, loc);
    int32_t place = loc_place(e, loc);
    for (size_t party = 0; party < s->party_count; party++) {
        int killed = 0;
        size_t end = e->party_first[party] + (size_t)s->parties[party].count;
        for (size_t i = e->party_first[party]; i < end; i++) {
            struct person *p = &e->persons[i];
            if (p->loc == loc && threshold(e, i) <= p->base + now + 1e-9) {
                count(e, (int32_t)party, loc, -1);
                count(e, (int32_t)party, LOC_DEAD, +1);
                p->loc = LOC_DEAD;
                p->claim = EAP_NONE;
                killed++;
            }
        }
        if (killed > 0) {
            e->st.casualties += killed;
            eap__emit(e, EAP_EV_CASUALTIES, place, (int32_t)party, k->source, killed, 0);
            eap__party_check_safe(e, (int32_t)party, place);
        }
    }
    reschedule(e, loc);
}

/* --- moving people --- */

int eap__move(struct eap_engine *e, int32_t party, int32_t from, int32_t to, int n)
{
    const struct eap_scenario *s = e->scn;
    size_t end = e->party_first[party] + (size_t)s->parties[party].count;
    int moved = 0;
    for (size_t i = e->party_first[party]; i < end && moved < n; i++) {
        struct person *p = &e->persons[i];
        if (p->loc != from) {
            continue;
        }
        /* The harm taken so far travels with the person. */
        if (hazardous(e, from)) {
            p->base += clock_now(e, from);
        }
        if (hazardous(e, to)) {
            p->base -= clock_now(e, to);
        }
        p->loc = to;
        p->claim = EAP_NONE;
        moved++;
    }
    if (moved > 0) {
        count(e, party, from, -moved);
        count(e, party, to, +moved);
        if (hazardous(e, to) && e->clocks[to].rate > 0) {
            reschedule(e, to); /* a newcomer may die sooner than those already there */
        }
    }
    return moved;
}

void eap__claim(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy)
{
    size_t end = e->party_first[party] + (size_t)e->scn->parties[party].count;
    for (size_t i = e->party_first[party]; i < end; i++) {
        struct person *p = &e->persons[i];
        bool here = p->loc == loc_open(place) || p->loc == loc_shelter(e, place);
        if (here && p->claim == EAP_NONE) {
            p->claim = convoy;
        }
    }
}

int eap__board_convoy(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy)
{
    const struct eap_scenario *s = e->scn;
    size_t end = e->party_first[party] + (size_t)s->parties[party].count;
    int32_t to = loc_convoy(e, convoy);
    int moved = 0;
    for (size_t i = e->party_first[party]; i < end; i++) {
        struct person *p = &e->persons[i];
        bool here = p->loc == loc_open(place) || p->loc == loc_shelter(e, place);
        if (here && (p->claim == EAP_NONE || p->claim == convoy)) {
            int32_t from = p->loc;
            p->base += clock_now(e, from);
            p->base -= clock_now(e, to);
            p->loc = to;
            p->claim = EAP_NONE;
            count(e, party, from, -1);
            count(e, party, to, +1);
            moved++;
        }
    }
    if (moved > 0 && e->clocks[to].rate > 0) {
        reschedule(e, to);
    }
    return moved;
}

void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t from, int32_t place, int n)
{
    int32_t to = eap__loc_at(e, place);
    n = eap__move(e, party, from, to, n);
    if (n <= 0) {
        return;
    }
    if (to != LOC_SAFE) {
        int occ = eap__place_occupants(e, place);
        if (occ > e->places[place].occupants_seen) {
            e->places[place].occupants_seen = occ;
        }
        e->places[place].evacuated = false;
    }
    eap__emit(e, EAP_EV_PARTY_AT, place, party, EAP_NONE, n, 0);
    eap__party_check_safe(e, party, place);
}

void eap__people_reset(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    for (size_t party = 0; party < s->party_count; party++) {
        int32_t at = s->parties[party].at;
        int32_t loc = eap__loc_at(e, at);
        size_t first = e->party_first[party];
        for (size_t k = 0; k < (size_t)s->parties[party].count; k++) {
            e->persons[first + k] = (struct person){(int32_t)party, loc, EAP_NONE, 0, NAN};
        }
        e->parties[party] = (struct party_state){.safe_time = -1};
        count(e, (int32_t)party, loc, s->parties[party].count);
        if (loc == LOC_SAFE) {
            /* Already safe at the start: resolved at time 0, with nothing to announce. */
            e->parties[party].resolved = true;
            e->parties[party].safe_time = 0;
        } else {
            e->places[at].occupants_seen += s->parties[party].count;
        }
    }
    for (size_t l = 0; l < e->loc_hazards; l++) {
        e->clocks[l] = (struct hazard_clock){.source = EAP_NONE, .ev = EAP_NO_EVENT};
    }
}

/* --- where people are --- */

int eap__place_occupants(const struct eap_engine *e, int32_t place)
{
    int n = 0;
    for (size_t i = 0; i < e->scn->party_count; i++) {
        n += party_here(e, (int32_t)i)[place];
    }
    /* Those aboard an aircraft still on the ground there have not left. */
    for (size_t a = 0; a < e->scn->asset_count; a++) {
        const struct asset_state *as = &e->assets[a];
        if (as->load > 0 && as->at == place && as->phase != ASSET_FLYING) {
            n += as->load;
        }
    }
    return n;
}

int32_t eap__party_main_place(const struct eap_engine *e, int32_t party)
{
    const int *here = party_here(e, party);
    int32_t best = e->scn->parties[party].at;
    for (size_t q = 0; q < e->scn->place_count; q++) {
        if (here[q] > here[best]) {
            best = (int32_t)q;
        }
    }
    return best;
}

bool eap__convoy_exposed(const struct eap_engine *e, int32_t c)
{
    const struct convoy_state *st = &e->convoys[c];
    if (st->phase != CONVOY_MOVING && st->phase != CONVOY_STOPPED) {
        return false;
    }
    if (st->passed_safe) {
        return false; /* over the border: its people count as safe, no longer exposed */
    }
    const struct eap_route *r = &e->scn->routes[e->scn->convoys[c].route];
    return r->segments[st->seg].incidents_per_100km > 0;
}

int eap__party_past_safe(const struct eap_engine *e, int32_t party)
{
    int n = 0;
    const int *in = party_in_convoy(e, party);
    for (size_t c = 0; c < e->scn->convoy_count; c++) {
        n += e->convoys[c].passed_safe ? in[c] : 0;
    }
    return n;
}

/* People under threat right now: at a place with an active threat, or in a convoy on a road
 * with a road threat. Most of the time no place is threatened, so the places are checked
 * first and the parties only for those that are. */
int64_t eap__people_exposed(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    int64_t n = 0;
    for (size_t q = 0; e->st.threatened_places > 0 && q < s->place_count; q++) {
        if (e->places[q].active_threats > 0) {
            for (size_t i = 0; i < s->party_count; i++) {
                n += party_here(e, (int32_t)i)[q];
            }
        }
    }
    for (size_t c = 0; c < s->convoy_count; c++) {
        if (!eap__convoy_exposed(e, (int32_t)c)) {
            continue;
        }
        for (size_t i = 0; i < s->party_count; i++) {
            n += party_in_convoy(e, (int32_t)i)[c];
        }
    }
    return n;
}

void eap__place_threat(struct eap_engine *e, int32_t place, int delta)
{
    int before = e->places[place].active_threats;
    e->places[place].active_threats += delta;
    e->st.threatened_places += (e->places[place].active_threats > 0) - (before > 0);
}

void eap__settle_exposure(struct eap_engine *e)
{
    eap_time dt = e->kernel.now - e->st.settled;
    if (dt > 0) {
        e->st.exposure += eap__people_exposed(e) * dt;
        e->st.settled = e->kernel.now;
    }
}

/* --- safety --- */

void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place)
{
    struct party_state *p = &e->parties[party];
    int alive = e->scn->parties[party].count - p->dead;
    int safe = p->safe + eap__party_past_safe(e, party); /* riding, but past the border */
    if (p->resolved || safe < alive) {
        return;
    }
    p->resolved = true;
    p->resolved_time = e->kernel.now;
    if (alive > 0) {
        p->safe_time = e->kernel.now;
        eap__emit(e, EAP_EV_PARTY_SAFE, place, party, EAP_NONE, safe, 0);
    }
}

void eap__place_check_evacuated(struct eap_engine *e, int32_t place)
{
    struct place_state *ps = &e->places[place];
    if (!ps->evacuated && ps->occupants_seen > 0 && eap__place_occupants(e, place) == 0) {
        ps->evacuated = true;
        eap__emit(e, EAP_EV_PLACE_EVACUATED, place, EAP_NONE, EAP_NONE, 0, 0);
    }
}
