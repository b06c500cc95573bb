/*
 * The discrete-event kernel: a clock and a pending-event queue, run in the style of uv_run
 * (step, run until a time, run until empty or stopped). Models hang their state off
 * k->user; handlers receive the kernel and the event's data word.
 */
#ifndef EAPSIM_KERNEL_H
#define EAPSIM_KERNEL_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/event_queue.h"

struct eap_kernel {
    struct eap_queue queue;
    eap_time now;
    /* A stop was asked for (eap_kernel_stop) and not cleared since (each run call clears it as
     * it starts). The queue's halt flag is set and cleared with it, for the run loop's one
     * check of the queue's state. */
    bool stopped;
    uint64_t events_run;
    void *user; /* the model that owns the kernel; the kernel never touches it */
};

/* Initialises a kernel at time 0 with room for capacity pending events (0: default).
 * Returns false when memory runs out. Free with eap_kernel_finish(). */
bool eap_kernel_init(struct eap_kernel *k, size_t capacity, void *user);
void eap_kernel_finish(struct eap_kernel *k);

/* Back to time 0 with nothing pending; memory is kept, so a reset costs O(pending). */
void eap_kernel_reset(struct eap_kernel *k);

/* Makes dst (initialised or zeroed) a copy of src for forking a run: the queue (see
 * eap_queue_copy: the same events under the same handles), now, events_run and the stop flag;
 * dst->user is kept. Returns false when memory runs out, leaving dst's events as they were.
 * O(pending + slots). */
bool eap_kernel_copy(struct eap_kernel *dst, const struct eap_kernel *src);

/* Schedules fn(k, data) at absolute time t (now <= t <= EAP_TIME_MAX). Returns the handle, or
 * EAP_NO_EVENT when memory runs out (see eap_queue_push). Events at equal times run in the
 * order they were scheduled. Inline: it is a model's most frequent call. */
static inline eap_handle eap_kernel_at(struct eap_kernel *k, eap_time t, eap_event_fn *fn,
                                       uint64_t data)
{
    assert(t >= k->now && "scheduling in the past");
    assert(t <= EAP_TIME_MAX && fn != NULL);
    return eap__queue_push(&k->queue, t, fn, data);
}

/* Schedules fn(k, data) after delay >= 0 from now. */
static inline eap_handle eap_kernel_in(struct eap_kernel *k, eap_time delay, eap_event_fn *fn,
                                       uint64_t data)
{
    return eap_kernel_at(k, k->now + delay, fn, data);
}

/* Cancels a pending event; a stale handle or EAP_NO_EVENT is harmless (returns false). */
bool eap_kernel_cancel(struct eap_kernel *k, eap_handle h);

/* Runs the earliest pending event. Returns false when none is pending. */
bool eap_kernel_step(struct eap_kernel *k);

/* Runs events with time <= t in order, then sets now to t (unless stopped first).
 * Returns the number of events run. */
uint64_t eap_kernel_run_until(struct eap_kernel *k, eap_time t);

/* Runs until no event is pending or a handler calls eap_kernel_stop(). */
uint64_t eap_kernel_run(struct eap_kernel *k);

/* Asks a running loop to return after the current event. Cleared by the next run call. A
 * loop run by a handler (nested) and the loop that ran the handler both return. */
static inline void eap_kernel_stop(struct eap_kernel *k)
{
    k->stopped = true;
    eap__queue_halt(&k->queue);
}

/* Clears a stop, as each run call does when it starts: for a model that steps the kernel
 * itself and reads k->stopped after each step. */
static inline void eap_kernel_clear_stop(struct eap_kernel *k)
{
    k->stopped = false;
    eap__queue_unhalt(&k->queue);
}

/* eap_kernel_run for a model whose events mostly share one handler, known where the loop is
 * compiled: an event whose fn is `handler` is called directly, so the compiler can inline the
 * handler into the loop (no indirect call, no saving and restoring registers around it); any
 * other event is called through its fn as usual. Same order, stop, counts and result as
 * eap_kernel_run. Write `return eap_kernel_run_with(k, my_handler);` in the handler's own
 * file (or with LTO) for the handler to be inlined. */
static inline uint64_t eap_kernel_run_with(struct eap_kernel *k, eap_event_fn *handler)
{
    uint64_t before = k->events_run;
    struct eap_event ev;
    eap_kernel_clear_stop(k);
    /* A stop halts the queue as well, so the loop's one check of the queue's state covers it:
     * no test of k->stopped per event. The halt outlasts the loop, as k->stopped does. */
    while (eap__queue_next(&k->queue, &ev, true)) {
        k->now = ev.time;
        k->events_run++;
        if (ev.fn == handler) {
            handler(k, ev.data);
        } else {
            ev.fn(k, ev.data);
        }
    }
    return k->events_run - before;
}

#endif
