/*
 * Forks: a copy of a run as it stands, and branches that continue it on their own random
 * streams. What the history has seen stays as it was; what is under way and not yet seen to
 * end is redrawn conditional on having lasted so far:
 *
 * - a delay that came from one draw x of an input (a readiness, a hold, a flight of a known
 *   distance at a drawn speed) and has run for `elapsed` is redrawn from the input's
 *   distribution restricted to the values that make it last longer than `elapsed`
 *   (x > (elapsed - a) / b for delay a + b x; x < b / elapsed for a distance b over a speed x);
 * - road incidents and breakdowns ahead of a convoy on the road are Poisson processes along
 *   the distance: memoryless, so they are simply drawn afresh from where the convoy is;
 * - an escort that may walk away and has not (yet) does so on the branch with the chance
 *   that it would still walk given it has stayed this long, at a time drawn the same way.
 *
 * A convoy's speed on its current segment and every value already used stay: the history
 * shows them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

bool eap__copy_state(struct eap_engine *dst, const struct eap_engine *src, bool trace)
{
    if (!eap_kernel_copy(&dst->kernel, &src->kernel)) {
        return false;
    }
    const struct eap_trace *t = &src->trace;
    eap_trace_clear(&dst->trace);
    for (size_t i = 0; trace && i < t->count; i++) {
        eap_trace_append(&dst->trace, &t->events[i]);
    }
    if (dst->trace.oom) {
        return false;
    }
    if (dst->tracked_cap < src->tracked_count) {
        struct tracked *tr = realloc(dst->tracked, src->tracked_count * sizeof(*tr));
        if (!tr) {
            return false;
        }
        dst->tracked = tr;
        dst->tracked_cap = src->tracked_count;
    }
    if (src->tracked_count) {
        memcpy(dst->tracked, src->tracked, src->tracked_count * sizeof(*dst->tracked));
    }
    dst->tracked_count = src->tracked_count;
    memcpy(dst->block, src->block, src->lay.size);
    dst->st = src->st;
    dst->opt = src->opt;
    dst->watching = dst->st.quiet ? dst->watch_quiet : dst->watch;
    eap__listen(dst);
    return true;
}

/* State that names a pending event by its handle follows it to its new handle. */
static void rename_handle(struct eap_engine *e, eap_handle old, eap_handle h)
{
    for (size_t i = 0; i < e->owner_count; i++) {
        e->owners[i].ev = e->owners[i].ev == old ? h : e->owners[i].ev;
    }
    for (size_t i = 0; i < e->scn->threat_count; i++) {
        struct threat_state *t = &e->threats[i];
        t->end_ev = t->end_ev == old ? h : t->end_ev;
        t->untenable_ev = t->untenable_ev == old ? h : t->untenable_ev;
    }
    for (size_t q = 0; q < e->scn->place_count; q++) {
        struct place_state *p = &e->places[q];
        p->escape_ev = p->escape_ev == old ? h : p->escape_ev;
    }
}

/* The new delay of a tracked event, drawn conditional on not having ended by now. */
static eap_time redraw_delay(struct eap_engine *e, const struct tracked *t)
{
    const struct eap_input *in = eap__input_source(e, t->lag.input);
    struct eap_rng *r = eap__input_stream(e, t->lag.input);
    double elapsed = (double)(e->kernel.now - t->start);
    if (t->lag.shape == LAG_LINEAR) {
        double lo = t->lag.b > 0 ? (elapsed - t->lag.a) / t->lag.b : -INFINITY;
        double x = eap_dist_sample_between(&in->dist, lo, INFINITY, r);
        return to_ticks(t->lag.a + t->lag.b * (double)to_ticks(x));
    }
    double hi = elapsed > 0 ? t->lag.b / elapsed : INFINITY;
    double x = eap_dist_sample_between(&in->dist, -INFINITY, hi, r);
    return to_ticks(t->lag.a + t->lag.b / greater(x, 0.1));
}

static void redraw_tracked(struct eap_engine *e, struct tracked *t)
{
    bool held = e->st.steered && e->input_mode[t->lag.input] == INPUT_VALUE;
    if (!eap_queue_pending(&e->kernel.queue, t->h) || held ||
        !eap_dist_is_uncertain(&eap__input_source(e, t->lag.input)->dist)) {
        return;
    }
    eap_time old_delay = t->due - t->start;
    eap_time delay = redraw_delay(e, t);
    eap_time at = t->start + delay > e->kernel.now ? t->start + delay : e->kernel.now;
    eap_kernel_cancel(&e->kernel, t->h);
    eap_handle h = eap_kernel_at(&e->kernel, at, eap__dispatch, t->data);
    if (h == EAP_NO_EVENT) {
        e->st.oom = true;
        return;
    }
    rename_handle(e, t->h, h);
    t->h = h;
    t->due = at;
    if (eap__ev_kind(t->data) == EV_LEG_ARRIVE) {
        /* The outbound trip counts against the endurance. */
        uint32_t a, b;
        eap__ev_unpack(t->data, &a, &b);
        e->assets[a].transit_out += delay - old_delay;
    }
}

/* An escort with a chance to walk away that has not: P(walks | still here after `elapsed`)
 * = p S / (1 - p + p S), S the chance that its time to walk exceeds `elapsed`. */
static void redraw_desertion(struct eap_engine *e, int32_t a)
{
    const struct eap_asset *def = &e->scn->assets[a];
    const struct asset_state *as = &e->assets[a];
    if (as->phase != ASSET_ESCORTING || def->desert_p == EAP_NONE) {
        return;
    }
    for (size_t i = 0; i < e->tracked_count; i++) {
        uint32_t x, y;
        eap__ev_unpack(e->tracked[i].data, &x, &y);
        if (eap__ev_kind(e->tracked[i].data) == EV_DESERT && x == (uint32_t)a &&
            eap_queue_pending(&e->kernel.queue, e->tracked[i].h)) {
            return; /* it walks on the branch too, at a redrawn time */
        }
    }
    const struct eap_input *after = eap__input_source(e, def->desert_after);
    double elapsed = (double)(e->kernel.now - e->convoy_departed[as->convoy]);
    double p = eap__draw(e, def->desert_p);
    double survive = 1 - eap_dist_cdf(&after->dist, elapsed);
    double walk = p * survive / (1 - p + p * survive);
    if (!(eap_rng_uniform(eap__process_stream(e, STREAM_DESERT, (size_t)a)) < walk)) {
        return;
    }
    double x = eap_dist_sample_between(&after->dist, elapsed, INFINITY,
                                       eap__input_stream(e, def->desert_after));
    struct lag lag = eap__lag_linear(def->desert_after, 0, 1);
    eap_time start = e->convoy_departed[as->convoy];
    eap__schedule_lag(e, to_ticks(x) - (e->kernel.now - start), &lag, EV_DESERT, (uint32_t)a,
                      (uint32_t)as->convoy);
}

/* A threat with a chance to happen, started at a drawn time after a fixed one, that the
 * history has not seen: P(it happens after now | not seen by now) = p S / (1 - p + p S), S the
 * chance that its time comes after now. Settled here, with its time redrawn if it happens. */
static void redraw_threat_chance(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct threat_state *ts = &e->threats[t];
    struct owner_state *o = &e->owners[threat_owner(e, t)];
    if (th->p == EAP_NONE || !th->when.at_time || ts->active || ts->settled ||
        (ts->started && ts->happens)) {
        return;
    }
    const struct eap_input *delay = eap__input_source(e, th->when.delay);
    double elapsed = (double)(e->kernel.now - th->when.at);
    double survive =
        th->when.delay == EAP_NONE ? (elapsed < 0) : 1 - eap_dist_cdf(&delay->dist, elapsed);
    double p = eap__draw(e, th->p);
    double later = p * survive / (1 - p + p * survive);
    bool happens =
        later > 0 && eap_rng_uniform(eap__process_stream(e, STREAM_THREAT, (size_t)t)) < later;
    eap__cancel(e, &o->ev);
    ts->settled = true;
    ts->happens = happens;
    if (!happens) {
        ts->started = o->fired = true; /* it never comes on this branch */
        return;
    }
    double x = th->when.delay == EAP_NONE
                   ? 0
                   : eap_dist_sample_between(&delay->dist, elapsed, INFINITY,
                                             eap__input_stream(e, th->when.delay));
    eap_time at = th->when.at + to_ticks(x);
    ts->started = o->fired = false;
    o->armed = true;
    o->ev = eap__schedule(e, at > e->kernel.now ? at - e->kernel.now : 0, EV_FIRE_OWNER,
                          threat_owner(e, t), 0);
}

void eap__redraw_under_way(struct eap_engine *e)
{
    size_t n = e->tracked_count; /* entries added below are new draws, not under way */
    for (size_t i = 0; i < n && !e->st.oom; i++) {
        redraw_tracked(e, &e->tracked[i]);
    }
    if (e->opt.replay) {
        return; /* a replayed branch follows the record */
    }
    eap__walls_redraw(e);
    eap__people_redraw(e);
    for (size_t c = 0; c < e->scn->convoy_count; c++) {
        eap__convoy_redraw_candidates(e, (int32_t)c);
    }
    for (size_t a = 0; a < e->scn->asset_count; a++) {
        redraw_desertion(e, (int32_t)a);
    }
    for (size_t t = 0; t < e->scn->threat_count; t++) {
        redraw_threat_chance(e, (int32_t)t);
    }
}
