/*
 * What every part of the engine uses: scheduling events, drawing inputs from their streams,
 * writing the trace and letting the triggers that wait for an event see it, and the
 * accounts of where people are and how long they have been exposed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* --- events: kind in the top 8 bits, a in 28 bits, b in 28 bits --- */

uint64_t eap__ev_pack(enum ev_kind kind, uint32_t a, uint32_t b)
{
    return ((uint64_t)kind << 56) | ((uint64_t)(a & 0xFFFFFFF) << 28) | (b & 0xFFFFFFF);
}

enum ev_kind eap__ev_kind(uint64_t data)
{
    return (enum ev_kind)(data >> 56);
}

void eap__ev_unpack(uint64_t data, uint32_t *a, uint32_t *b)
{
    *a = (uint32_t)(data >> 28) & 0xFFFFFFF;
    *b = (uint32_t)data & 0xFFFFFFF;
}

eap_handle eap__schedule(struct eap_engine *e, eap_time delay, enum ev_kind kind, uint32_t a,
                         uint32_t b)
{
    delay = delay < 0 ? 0 : delay;
    /* Past the end of the clock's range an event can never come; the horizon ends the run
     * long before. */
    if (delay > EAP_TIME_MAX - e->kernel.now) {
        delay = EAP_TIME_MAX - e->kernel.now;
    }
    eap_handle h = eap_kernel_in(&e->kernel, delay, eap__dispatch, eap__ev_pack(kind, a, b));
    if (h == EAP_NO_EVENT) {
        e->st.oom = true;
        eap_kernel_stop(&e->kernel);
    }
    return h;
}

static void track(struct eap_engine *e, eap_handle h, eap_time due, const struct lag *lag,
                  uint64_t data)
{
    if (e->tracked_count == e->tracked_cap) {
        size_t cap = e->tracked_cap ? e->tracked_cap * 2 : 64;
        struct tracked *t = realloc(e->tracked, cap * sizeof(*t));
        if (!t) {
            e->st.oom = true;
            eap_kernel_stop(&e->kernel);
            return;
        }
        e->tracked = t;
        e->tracked_cap = cap;
    }
    e->tracked[e->tracked_count++] = (struct tracked){h, e->kernel.now, due, *lag, data};
}

eap_handle eap__schedule_tracked(struct eap_engine *e, eap_time delay, const struct lag *lag,
                                 enum ev_kind kind, uint32_t a, uint32_t b)
{
    eap_handle h = eap__schedule(e, delay, kind, a, b);
    if (h != EAP_NO_EVENT && lag->input != EAP_NONE) {
        track(e, h, e->kernel.now + delay, lag, eap__ev_pack(kind, a, b));
    }
    return h;
}

/* --- draws --- */

/* Streams start on first use in a run: most runs touch only some of them. */
static inline struct eap_rng *stream(struct eap_engine *e, size_t i)
{
    if (e->stream_epoch[i] != e->st.epoch) {
        e->stream_epoch[i] = e->st.epoch;
        eap_rng_init(&e->streams[i], e->st.seed, e->st.replication, e->stream_ids[i]);
    }
    return &e->streams[i];
}

struct eap_rng *eap__input_stream(struct eap_engine *e, int32_t input)
{
    return stream(e, (size_t)input);
}

void eap__set_input(struct eap_engine *e, int32_t input, double value)
{
    e->input_mode[input] = isnan(value) ? INPUT_SCENARIO : INPUT_VALUE;
    e->input_value[input] = value;
    e->st.steered = true;
}

void eap__set_input_from(struct eap_engine *e, int32_t input, int32_t from)
{
    e->input_mode[input] = from == EAP_NONE ? INPUT_SCENARIO : INPUT_FROM;
    e->input_from[input] = from;
    e->st.steered = true;
}

double eap__draw(struct eap_engine *e, int32_t input)
{
    if (e->st.steered && e->input_mode[input] == INPUT_VALUE) {
        return e->input_value[input];
    }
    const struct eap_input *in = eap__input_source(e, input);
    if (e->opt.replay) {
        return in->replay_value;
    }
    if (in->dist.kind == EAP_DIST_FIXED) {
        return in->dist.a;
    }
    return eap_dist_sample(&in->dist, stream(e, (size_t)input));
}

eap_time eap__draw_ms(struct eap_engine *e, int32_t input)
{
    if (input == EAP_NONE) {
        return 0;
    }
    return to_ticks(eap__draw(e, input));
}

int eap__draw_count(struct eap_engine *e, int32_t input)
{
    if (input == EAP_NONE) {
        return 0;
    }
    double n = eap__draw(e, input);
    return n > 0 ? (int)llround(n) : 0;
}

struct eap_rng *eap__process_stream(struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    size_t per_kind = (e->stream_count - e->scn->input_count) / STREAM_KIND_COUNT;
    return stream(e, e->scn->input_count + (size_t)kind * per_kind + entity);
}

/* --- the trace and triggers --- */

void eap__arm(struct eap_engine *e, uint32_t owner)
{
    struct owner_state *o = &e->owners[owner];
    const struct eap_trigger *t = eap__owner_trigger(e, owner);
    o->armed = true;
    struct lag lag = eap__lag_linear(t->delay, 0, 1);
    o->ev = eap__schedule_lag(e, eap__draw_ms(e, t->delay), &lag, EV_FIRE_OWNER, owner, 0);
}

static void note_marks(struct eap_engine *e, const struct eap_trace_event *ev)
{
    const struct mark_list *ml = &e->marks[ev->kind];
    for (size_t i = 0; i < ml->count; i++) {
        const struct mark *m = &ml->items[i];
        if (e->first_seen[m->slot] < 0 && eap_condition_matches(m->cond, ev)) {
            e->first_seen[m->slot] = ev->time;
        }
    }
}

static void wake_watchers(struct eap_engine *e, const struct eap_trace_event *ev)
{
    const struct watch_list *wl = &e->watch[ev->kind];
    for (size_t i = 0; i < wl->count; i++) {
        const struct watcher *w = &wl->items[i];
        struct owner_state *o = &e->owners[w->owner];
        const struct eap_trigger *t = eap__owner_trigger(e, w->owner);
        if (o->armed || o->fired || (o->met & (1u << w->cond)) ||
            !eap_condition_matches(&t->all[w->cond], ev)) {
            continue;
        }
        /* A disabled tripwire still remembers what it has seen: enabled later, it fires at
         * once if its conditions have all held. */
        o->met |= 1u << w->cond;
        if (o->met == (1u << t->count) - 1 && !o->disabled) {
            eap__arm(e, w->owner);
        }
    }
}

void eap__emit(struct eap_engine *e, enum eap_event_kind kind, int32_t place, int32_t subject,
               int32_t object, double value, double value2)
{
    struct eap_trace_event ev = {e->kernel.now, (uint16_t)kind, (int16_t)place, subject,
                                 object,        value,          value2};
    eap_trace_append(&e->trace, &ev);
    if (e->trace.oom) {
        e->st.oom = true;
        eap_kernel_stop(&e->kernel);
    }
    note_marks(e, &ev);
    wake_watchers(e, &ev);
}

/* --- people --- */

int eap__place_occupants(const struct eap_engine *e, int32_t place)
{
    int n = 0;
    for (size_t i = 0; i < e->scn->party_count; i++) {
        n += party_here(e, (int32_t)i)[place];
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
    if (c == EAP_NONE) {
        return false;
    }
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

/* People under threat right now: at a place with an active threat, or in a convoy on a road
 * with a road threat. Most of the time no place is threatened, so the places are checked
 * first and the parties only for those that are. */
int64_t eap__people_exposed(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    int64_t n = 0;
    for (size_t q = 0; e->st.threatened_places > 0 && q < s->place_count; q++) {
        if (e->places[q].active_threats > 0) {
            n += eap__place_occupants(e, (int32_t)q);
        }
    }
    for (size_t c = 0; c < s->convoy_count; c++) {
        if (!eap__convoy_exposed(e, (int32_t)c)) {
            continue;
        }
        for (size_t i = 0; i < s->party_count; i++) {
            if (e->parties[i].convoy == (int32_t)c) {
                n += e->parties[i].in_convoy;
            }
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

void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place)
{
    struct party_state *p = &e->parties[party];
    int alive = e->scn->parties[party].count - p->dead;
    int safe = p->safe;
    if (p->convoy != EAP_NONE && e->convoys[p->convoy].passed_safe) {
        safe += p->in_convoy; /* still riding, but past the border */
    }
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

void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t place, int count)
{
    struct party_state *p = &e->parties[party];
    if (count <= 0) {
        return;
    }
    if (e->scn->places[place].safe) {
        p->safe += count;
    } else {
        party_here(e, party)[place] += count;
        if (p->sheltered_at == place) {
            p->sheltered_at = EAP_NONE; /* newcomers mingle; whoever shelters must decide anew */
        }
        int occ = eap__place_occupants(e, place);
        if (occ > e->places[place].occupants_seen) {
            e->places[place].occupants_seen = occ;
        }
        e->places[place].evacuated = false;
    }
    eap__emit(e, EAP_EV_PARTY_AT, place, party, EAP_NONE, count, 0);
    eap__party_check_safe(e, party, place);
}

void eap__place_check_evacuated(struct eap_engine *e, int32_t place)
{
    struct place_state *ps = &e->places[place];
    if (!ps->evacuated && ps->occupants_seen > 0 && eap__place_occupants(e, place) == 0) {
        ps->evacuated = true;
        eap__emit(e, EAP_EV_PLACE_EVACUATED, place, EAP_NONE, EAP_NONE, 0, 0);
    }
}
