/*
 * The pending-event set: a 4-ary min-heap of packed integer keys with cancellable handles.
 *
 * Each heap entry is 16 bytes: a 64-bit key (time << 22 | sequence) and the slot and
 * generation of the event's payload. Ordering by one integer compare keeps equal-time
 * events in scheduling order (FIFO) at almost no cost. Payloads live in a slot pool with a
 * free list, so pushing allocates nothing once the pool and the heap have grown. Cancelling
 * frees the slot and bumps its generation; the heap entry becomes a tombstone skipped when it
 * surfaces (Redis-style lazy deletion), and a handle whose generation no longer matches is
 * stale and harmless.
 */
#ifndef EAPSIM_EVENT_QUEUE_H
#define EAPSIM_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/clock.h"

/* Identifies a scheduled event; 0 (EAP_NO_EVENT) never names one. */
typedef uint64_t eap_handle;
#define EAP_NO_EVENT ((eap_handle)0)

struct eap_kernel;
/* An event's action: the kernel that runs it and the word of data given at scheduling. */
typedef void eap_event_fn(struct eap_kernel *k, uint64_t data);

/* Sequence numbers use the low 22 bits of the key; the queue renumbers pending events when
 * they run out, which also bounds the number of pending events. */
#define EAP_QUEUE_SEQ_BITS 22
#define EAP_QUEUE_MAX_PENDING ((size_t)1 << (EAP_QUEUE_SEQ_BITS - 1))

struct eap_queue_entry {
    uint64_t key;
    uint32_t slot;
    uint32_t gen;
};

struct eap_queue_slot {
    eap_event_fn *fn;
    uint64_t data;
    uint32_t gen;
    uint32_t next_free;
};

struct eap_queue {
    struct eap_queue_entry *heap; /* heap[0..size) */
    size_t size, heap_cap;
    struct eap_queue_slot *slots;
    uint32_t slot_cap, free_head;
    size_t live; /* events scheduled and not yet popped or cancelled */
    uint64_t next_seq;
};

/* An event taken off the queue. */
struct eap_event {
    eap_time time;
    eap_event_fn *fn;
    uint64_t data;
};

/* Initialises an empty queue with room for capacity events (0 for a default). Returns false
 * when memory runs out. Free with eap_queue_finish(). */
bool eap_queue_init(struct eap_queue *q, size_t capacity);

/* Frees the queue's memory. A zeroed queue is fine. */
void eap_queue_finish(struct eap_queue *q);

/* Makes dst (initialised) hold the same pending events as src, with the same handles valid
 * in dst, the same FIFO order and the same next sequence number; grows dst as needed.
 * Returns false when memory runs out (dst is then unchanged but valid). */
bool eap_queue_copy(struct eap_queue *dst, const struct eap_queue *src);

/* Drops every pending event; keeps the memory. Handles issued before are stale after. */
void eap_queue_clear(struct eap_queue *q);

/* Schedules fn(data) at time t (0 <= t <= EAP_TIME_MAX). Returns its handle, or EAP_NO_EVENT
 * when memory runs out or EAP_QUEUE_MAX_PENDING events are pending. O(log n). */
eap_handle eap_queue_push(struct eap_queue *q, eap_time t, eap_event_fn *fn, uint64_t data);

/* Cancels the event named by h. Returns true when it was pending; false (and does nothing)
 * for a stale handle, EAP_NO_EVENT, or an event that already ran. O(1). */
bool eap_queue_cancel(struct eap_queue *q, eap_handle h);

/* True when h names a pending event. */
bool eap_queue_pending(const struct eap_queue *q, eap_handle h);

/* Takes the earliest pending event into *ev. Returns false when none is pending.
 * Amortised O(log n). */
bool eap_queue_pop(struct eap_queue *q, struct eap_event *ev);

/* Time of the earliest pending event, or -1 when none. Skips cancelled entries. */
eap_time eap_queue_peek_time(struct eap_queue *q);

/* Number of pending (not cancelled) events. */
static inline size_t eap_queue_size(const struct eap_queue *q)
{
    return q->live;
}

#endif
