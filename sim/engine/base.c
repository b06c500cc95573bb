/*
 * What every part of the engine uses: scheduling events, drawing inputs from their streams,
 * writing the trace and letting the triggers that wait for an event see it, and the
 * accounts of where people are and how long they have been exposed.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

const struct eap_trigger eap__never = {.manual = true};

eap_handle eap__schedule_event(struct eap_engine *e, eap_time delay, eap_event_fn *fn,
                               uint64_t data)
{
    assert(fn != NULL); /* every kind of event has a handler */
    delay = delay < 0 ? 0 : delay;
    /* Past the end of the clock's range an event can never come; the horizon ends the run
     * long before. */
    if (delay > EAP_TIME_MAX - e->kernel.now) {
        delay = EAP_TIME_MAX - e->kernel.now;
    }
    eap_handle h = eap_kernel_in(&e->kernel, delay, fn, data);
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

/* The replication's key (rng.h), made by the first stream started or keyed draw asked for
 * in a run: a run that draws nothing pays no Philox block. Out of line: inlined, the block
 * made every stream start save registers, for the one start a run that needs it. */
static __attribute__((noinline)) void make_key(struct eap_engine *e)
{
    e->st.key_epoch = e->st.epoch;
    eap_rng_key_init(&e->st.key, e->st.seed, e->st.replication);
}

static inline const struct eap_rng_key *replication_key(struct eap_engine *e)
{
    if (e->st.key_epoch != e->st.epoch) {
        make_key(e);
    }
    return &e->st.key;
}

/* Streams start on first use in a run: most runs touch only some of them. Most inputs are
 * drawn once a run, and most draws need one word of their stream (dist.h's
 * eap_dist_from_word), which xoshiro256** makes from state word 1 alone: an input's first draw
 * starts that word only (rng.h's eap_rng_start_first, one finalizer of the four) and marks the
 * stream half started, its epoch the run's with this bit set (epochs count resets and
 * branches, far below 2^63). So does a process stream's first coin (eap__process_uniform):
 * most give one a run. The stream's next use starts the rest. */
#define HALF_STARTED (UINT64_C(1) << 63)

static void start(struct eap_engine *e, struct stream *s)
{
    if (s->epoch == (e->st.epoch | HALF_STARTED)) {
        eap_rng_start_rest(&s->rng, replication_key(e), s->id);
    } else {
        eap_rng_start(&s->rng, replication_key(e), s->id);
    }
    s->epoch = e->st.epoch;
}

/* A stream of the run, started now if it has not been (wholly) in this run. */
static inline struct eap_rng *started(struct eap_engine *e, struct stream *s)
{
    if (s->epoch != e->st.epoch) {
        start(e, s);
    }
    return &s->rng;
}

static inline struct eap_rng *stream(struct eap_engine *e, size_t i)
{
    return started(e, &e->streams[i]);
}

/* Starts the state word of a stream not started in this run that its first word comes from
 * (the replication's key made), and returns that word. */
static inline uint64_t start_half(struct eap_engine *e, struct stream *s)
{
    s->epoch = e->st.epoch | HALF_STARTED;
    return eap_rng_start_first(&s->rng, &e->st.key, s->id);
}

/* An input's draw from its stream s not (wholly) started in this run: its first draw, or its
 * second from a stream started in halves. Its common way, a first draw that one word decides,
 * calls nothing, so it saves no registers: the other ways end in a call to one of these. */
static double first_draw(struct eap_engine *e, struct stream *s, const struct eap_dist *d);

static __attribute__((noinline)) double draw_whole(struct eap_engine *e, struct stream *s,
                                                   const struct eap_dist *d)
{
    return eap_dist_sample(d, started(e, s));
}

static __attribute__((noinline)) double draw_rest(struct eap_engine *e, struct stream *s,
                                                  const struct eap_dist *d, uint64_t w)
{
    return eap_dist_sample_rest(d, w, started(e, s));
}

static __attribute__((noinline)) double first_draw_of_run(struct eap_engine *e, struct stream *s,
                                                          const struct eap_dist *d)
{
    make_key(e);
    return first_draw(e, s, d);
}

static __attribute__((noinline)) double first_draw(struct eap_engine *e, struct stream *s,
                                                   const struct eap_dist *d)
{
    if (s->epoch == (e->st.epoch | HALF_STARTED) || !eap_dist_from_word(d)) {
        return draw_whole(e, s, d);
    }
    if (e->st.key_epoch != e->st.epoch) {
        return first_draw_of_run(e, s, d);
    }
    uint64_t w = start_half(e, s);
    double x;
    if (eap_dist_sample_word(d, w, &x)) {
        return x;
    }
    return draw_rest(e, s, d, w);
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
    struct stream *s = &e->streams[input];
    if (s->epoch != e->st.epoch) {
        return first_draw(e, s, &in->dist);
    }
    return eap_dist_sample(&in->dist, &s->rng);
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

static size_t process_stream_index(const struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    return e->process_first[kind] + entity;
}

struct eap_rng *eap__process_stream(struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    return stream(e, process_stream_index(e, kind, entity));
}

double eap__process_uniform(struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    struct stream *s = &e->streams[process_stream_index(e, kind, entity)];
    if (s->epoch == e->st.epoch || s->epoch == (e->st.epoch | HALF_STARTED)) {
        return eap_rng_uniform(started(e, s));
    }
    replication_key(e);
    return eap_rng_uniform_of(start_half(e, s));
}

void eap__keyed_uniforms(struct eap_engine *e, enum stream_kind kind, size_t entity, uint64_t first,
                         size_t n, double *out)
{
    uint32_t id = e->streams[process_stream_index(e, kind, entity)].id;
    eap_rng_keyed_uniforms(replication_key(e), id, first, n, out);
}

/* --- the trace and triggers --- */

void eap__arm(struct eap_engine *e, uint32_t owner)
{
    struct owner_state *o = &e->owners[owner];
    const struct eap_trigger *t = eap__owner_trigger(e, owner);
    o->armed = true;
    struct lag lag = eap__lag_linear(t->delay, 0, 1);
    eap_time delay = eap__draw_ms(e, t->delay);
    if (t->not_before > e->kernel.now + delay) {
        delay = t->not_before - e->kernel.now; /* "when ready, and not before 05:00" */
        lag.input = EAP_NONE;
    }
    o->ev = eap__schedule_lag(e, delay, &lag, EV_FIRE_OWNER, owner, 0);
}

/* Where the entries for `subject` lie in a list indexed by subject: [*lo, *hi) (empty for
 * EAP_NONE, whose entries are the list's first `any`). */
static void subject_range(const struct subject_index *ix, int32_t subject, size_t *lo, size_t *hi)
{
    bool some = subject >= 0 && (uint32_t)subject < ix->span;
    *lo = some ? ix->at[subject] : 0;
    *hi = some ? ix->at[subject + 1] : 0;
}

static void note_mark(struct eap_engine *e, const struct mark *m, const struct eap_trace_event *ev)
{
    if (e->first_seen[m->slot] < 0 && eap_condition_matches(m->cond, ev)) {
        e->first_seen[m->slot] = ev->time;
    }
}

static void note_marks(struct eap_engine *e, const struct eap_trace_event *ev)
{
    const struct mark_list *ml = &e->marks[ev->kind];
    size_t lo, hi;
    subject_range(&ml->by_subject, ev->subject, &lo, &hi);
    for (size_t i = 0; i < ml->any; i++) {
        note_mark(e, &ml->items[i], ev);
    }
    for (size_t i = lo; i < hi; i++) {
        note_mark(e, &ml->items[i], ev);
    }
}

static void wake(struct eap_engine *e, const struct watcher *w, const struct eap_trace_event *ev)
{
    struct owner_state *o = &e->owners[w->owner];
    const struct eap_trigger *t = eap__owner_trigger(e, w->owner);
    if (w->cond == EAP_MAX_CONDITIONS) {
        o->unless_seen |= eap_condition_matches(&t->unless, ev);
        return;
    }
    if (o->armed || o->fired || (o->met & (1u << w->cond)) ||
        !eap_condition_matches(&t->all[w->cond], ev)) {
        return;
    }
    /* A disabled tripwire still remembers what it has seen: enabled later, it fires at once
     * if its conditions have all held. */
    o->met |= 1u << w->cond;
    if (o->met == (1u << t->count) - 1 && !o->disabled) {
        eap__arm(e, w->owner);
    }
}

/* The watchers for any subject and those for the event's subject, merged back into owner
 * order: owners armed by one event schedule their firings in that order. */
static void wake_watchers(struct eap_engine *e, const struct eap_trace_event *ev)
{
    const struct watch_list *wl = &e->watching[ev->kind];
    size_t i = 0, j, hi;
    subject_range(&wl->by_subject, ev->subject, &j, &hi);
    while (i < wl->any || j < hi) {
        bool first = j >= hi || (i < wl->any && wl->items[i].pos < wl->items[j].pos);
        wake(e, first ? &wl->items[i++] : &wl->items[j++], ev);
    }
}

/* The subjects that the entries of a list sorted by subject (those for any subject first)
 * wait for, a bit each below 63; bit 63 stands for every other subject and for none, so it
 * is set whenever anything waits (see eap__emit). */
static uint64_t subject_bits(const int32_t *subjects, size_t any, size_t count)
{
    uint64_t bits = any > 0 ? UINT64_MAX : 0;
    for (size_t i = any; i < count; i++) {
        bits |= (uint32_t)subjects[i] < 63 ? UINT64_C(1) << subjects[i] : UINT64_MAX;
    }
    return bits ? bits | UINT64_C(1) << 63 : 0;
}

void eap__waited_subjects(const struct eap_engine *e, const struct watch_list *watching,
                          uint64_t *waited)
{
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        const struct mark_list *ml = &e->marks[k];
        const struct watch_list *wl = &watching[k];
        waited[k] = subject_bits(ml->subjects, ml->any, ml->count) |
                    subject_bits(wl->subjects, wl->any, wl->count);
    }
}

void eap__listen(struct eap_engine *e)
{
    e->heard = e->waited[e->opt.untraced ? e->st.quiet : 2];
}

void eap__emit_heard(struct eap_engine *e, enum eap_event_kind kind, int32_t place, int32_t subject,
                     int32_t object, double value, double value2)
{
    struct eap_trace_event ev = {e->kernel.now, (uint16_t)kind, (int16_t)place, subject,
                                 object,        value,          value2};
    if (!e->opt.untraced) {
        eap_trace_append(&e->trace, &ev);
        if (e->trace.oom) {
            e->st.oom = true;
            eap_kernel_stop(&e->kernel);
        }
    }
    /* Most kinds of event have nothing waiting for them. */
    if (e->marks[kind].count > 0) {
        note_marks(e, &ev);
    }
    if (e->watching[kind].count > 0) {
        wake_watchers(e, &ev);
    }
}
