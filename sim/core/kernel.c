/*
 * The kernel's run loops. The due event is popped before its handler runs (as libuv does
 * with timers), so a handler may schedule at "now" and the new event runs after it. The
 * queue's pop is compiled inline here (event_queue.h): with push, it is most of the
 * kernel's cost per event.
 */
#include "eapsim/kernel.h"

#include <string.h>

bool eap_kernel_init(struct eap_kernel *k, size_t capacity, void *user)
{
    memset(k, 0, sizeof(*k));
    k->user = user;
    return eap_queue_init(&k->queue, capacity);
}

void eap_kernel_finish(struct eap_kernel *k)
{
    eap_queue_finish(&k->queue);
    k->now = 0;
}

void eap_kernel_reset(struct eap_kernel *k)
{
    eap_queue_clear(&k->queue);
    k->now = 0;
    eap_kernel_clear_stop(k);
    k->events_run = 0;
}

bool eap_kernel_copy(struct eap_kernel *dst, const struct eap_kernel *src)
{
    if (!eap_queue_copy(&dst->queue, &src->queue)) {
        return false;
    }
    dst->now = src->now;
    dst->stopped = src->stopped;
    dst->events_run = src->events_run;
    return true;
}

bool eap_kernel_cancel(struct eap_kernel *k, eap_handle h)
{
    return eap_queue_cancel(&k->queue, h);
}

static inline bool step(struct eap_kernel *k)
{
    struct eap_event ev;
    if (!eap__queue_pop(&k->queue, &ev)) {
        return false;
    }
    k->now = ev.time;
    k->events_run++;
    ev.fn(k, ev.data);
    return true;
}

bool eap_kernel_step(struct eap_kernel *k)
{
    return step(k);
}

uint64_t eap_kernel_run_until(struct eap_kernel *k, eap_time t)
{
    uint64_t before = k->events_run;
    eap_kernel_clear_stop(k);
    while (!k->stopped) {
        eap_time next = eap__queue_settle(&k->queue) ? eap__key_time(k->queue.heap[0]) : -1;
        if (next < 0 || next > t) {
            if (t > k->now) {
                k->now = t;
            }
            break;
        }
        step(k);
    }
    return k->events_run - before;
}

uint64_t eap_kernel_run(struct eap_kernel *k)
{
    return eap_kernel_run_with(k, NULL); /* no event's fn is NULL: each is called through it */
}
