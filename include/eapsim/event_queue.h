/*
 * The pending-event set: a 4-ary min-heap of packed 128-bit keys with cancellable handles.
 *
 * Each heap entry is one 128-bit integer: the time (42 bits), a sequence number (60 bits)
 * and the slot of the event's payload (24 bits, times 4). One integer compare orders events
 * by time and keeps equal times in scheduling order (FIFO); the sequence never wraps (2^60
 * pushes take 36 years at a billion a second), so nothing is ever renumbered. Payloads live in
 * a slot pool with a free list, so pushing allocates nothing once the pool and the heap have
 * grown. A slot records the sequence number of the event it holds: cancelling frees the
 * slot, the heap entry becomes a tombstone skipped when it surfaces (Redis-style lazy
 * deletion), and a handle whose sequence no longer matches its slot's is stale and harmless.
 *
 * Popping leaves the root vacant and the next push fills it and sifts down once, instead of
 * a sift-down to remove and a sift-up to insert: a handler that schedules its successor,
 * the common case, costs one sift.
 *
 * While few events are pending (at most EAP__SORTED_MAX), the entries are kept in ascending
 * order instead, which is a heap too: a new event mostly goes near the front (past about one
 * entry in the bundled scenarios, where five to ten are pending), so walking in from the front
 * costs a compare or two where a sift from the root costs seven or eight, and a pop that no
 * push follows only steps past the root. Either way the queue pops in exact key order.
 */
#ifndef EAPSIM_EVENT_QUEUE_H
#define EAPSIM_EVENT_QUEUE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/clock.h"

/* Identifies a scheduled event; 0 (EAP_NO_EVENT) never names one. A handle is stale once its
 * event ran or was cancelled; it could only name another event after 2^38 more pushes, when
 * an event with the same low 38 bits of sequence number took the same slot. */
typedef uint64_t eap_handle;
#define EAP_NO_EVENT ((eap_handle)0)

struct eap_kernel;
/* An event's action: the kernel that runs it and the word of data given at scheduling. */
typedef void eap_event_fn(struct eap_kernel *k, uint64_t data);

/* Events pending at once: slot numbers have 24 bits. */
#define EAP_QUEUE_MAX_PENDING (((size_t)1 << 24) - 1)
/* Pushes over a queue's life: its sequence numbers have 60 bits, enough for 36 years at a
 * billion pushes a second, so running out is not checked but asserted. */
#define EAP_QUEUE_MAX_PUSHES (UINT64_C(1) << 60)

/* A heap entry: time << 86 | sequence << 26 | slot << 2 (42 + 60 + 24 bits and two zero
 * bits). The slot times 4 is its offset in 8-byte words, so the slot's address is one scaled
 * add from the key, with no shift or move on the pop's path. One 128-bit integer, so an entry
 * compares in one step; gcc and clang have it on every 64-bit target (the
 * project's platform, docs/architecture.md). */
#ifndef __SIZEOF_INT128__
#error "eapsim needs unsigned __int128 (gcc or clang on a 64-bit target)"
#endif
__extension__ typedef unsigned __int128 eap_queue_key;

struct eap_queue_slot {
    eap_event_fn *fn;
    uint64_t data;     /* the event's data; the next free slot while the slot is free */
    eap_queue_key key; /* the key of the event held, so a heap entry with another is stale */
};

struct eap_queue {
    /* heap[0..size), with room for every slot's event: home in a heap, in ascending order
     * home + EAP__SORTED_MAX - size while sorted (so that the last entry stays put, and the
     * front moves as the root is taken or an event is pushed before it), followed by the
     * sentinel home[EAP__SORTED_MAX] = EAP__FREE_KEY */
    eap_queue_key *heap;
    size_t size, heap_cap;
    eap_queue_key *home; /* the start of the heap's memory, after its padding */
    struct eap_queue_slot *slots;
    uint32_t slot_cap, free_head;
    /* After a pop, heap[0] is vacant and the popped event's slot is held for the push that
     * fills it (it is freed before anything looks for tombstones): the slot's reference (its
     * number times 4, as keys hold it); EAP__NO_SLOT otherwise. */
    uint32_t hole_ref;
    size_t dead; /* tombstones in the heap: entries of cancelled events */
    /* The rest of what a pop must deal with before it takes the root, as bits, so that the
     * common case (none of it) costs one test: EAP__QUEUE_DEAD while there are tombstones,
     * EAP__QUEUE_HALT while the kernel is stopped (eap__queue_halt, set and cleared with
     * k->stopped): the kernel's run loop returns at its next pop; other pops ignore it. Not
     * in one word with hole_ref, nor next to it (the compiler would merge the two loads): a
     * pop reading both at once would wait for the push's narrower store to hole_ref to retire
     * (no store-to-load forwarding), which cost 3% of an M/M/1 event. */
    uint8_t flags;
    bool sorted; /* the entries are in ascending order, at most EAP__SORTED_MAX of them */
    /* The next sequence number, shifted to where the key holds it (above the slot's 26
     * bits); the time goes above it. */
    eap_queue_key seq;
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

/* Drops every pending event; keeps the memory. Handles issued before are stale after. */
void eap_queue_clear(struct eap_queue *q);

/* Makes dst (initialised or zeroed) a copy of src: the same pending events, each valid under
 * the same handle in dst, the same FIFO order and the same next sequence, so that both then
 * run, and hand out handles, alike. Grows dst as needed. Returns false when memory runs out,
 * leaving dst as it was (possibly with more room). O(size + slots). */
bool eap_queue_copy(struct eap_queue *dst, const struct eap_queue *src);

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
    return q->size - q->dead - (q->hole_ref != UINT32_MAX);
}

/* --- Inline fast paths, not API --------------------------------------------------------
 * Push and pop are most of a kernel's cost per event, so they compile into their callers
 * (eap_kernel_at, the kernel's run loop), as a hand-written heap's would. Everything below
 * is the queue's own and may change; call the functions above. */

#define EAP__SLOT_BITS 24
#define EAP__SEQ_SHIFT (EAP__SLOT_BITS + 2)
#define EAP__TIME_SHIFT (EAP__SEQ_SHIFT + 60)
#define EAP__REF_MASK ((UINT32_C(1) << EAP__SEQ_SHIFT) - 1)
#define EAP__NO_SLOT UINT32_MAX
#define EAP__QUEUE_DEAD 1u /* flags: tombstones in the heap (dead > 0) */
#define EAP__QUEUE_HALT 2u /* flags: the kernel's run loop is to return at its next pop */
/* Entries (pending events, tombstones and a vacant root) kept in order, not in a heap. At
 * most this many, a walk in from the front is cheaper than a sift, as a new event mostly goes
 * near the front; past it the queue turns into a heap (it already is one) until it is down to
 * a quarter of it (hysteresis: a queue near the limit does not switch at every event). */
#define EAP__SORTED_MAX 16
/* A free slot's key: its slot bits are all ones, which no slot's reference is. */
#define EAP__FREE_KEY (~(eap_queue_key)0)

_Static_assert(sizeof(struct eap_queue_slot) == 32, "a slot's reference is its offset / 8");

static inline eap_time eap__key_time(eap_queue_key k)
{
    return (eap_time)(uint64_t)(k >> EAP__TIME_SHIFT);
}

/* The reference of the key's slot: the slot's number times 4. */
static inline uint32_t eap__key_ref(eap_queue_key k)
{
    return (uint32_t)k & EAP__REF_MASK;
}

static inline uint32_t eap__key_slot(eap_queue_key k)
{
    return eap__key_ref(k) >> 2;
}

/* The slot a reference names: 8 bytes times the reference from the pool's start. */
static inline struct eap_queue_slot *eap__ref_slot(const struct eap_queue *q, uint32_t ref)
{
    return (struct eap_queue_slot *)((char *)q->slots + (size_t)ref * 8);
}

/* True when the heap entry k is its slot's current event, not a tombstone. */
static inline bool eap__key_live(const struct eap_queue *q, eap_queue_key k)
{
    return eap__ref_slot(q, eap__key_ref(k))->key == k;
}

/* Moves k up from hole i to its place. */
static inline void eap__sift_up(eap_queue_key *heap, size_t i, eap_queue_key k)
{
    while (i > 0) {
        size_t parent = (i - 1) >> 2;
        if (heap[parent] < k) {
            break;
        }
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = k;
}

/* Moves k down from hole i of heap[0..n) to its place, when i has four children or more
 * (event_queue.c): out of line, as its loop needs many registers. */
void eap__sift_down_deep(eap_queue_key *heap, size_t n, size_t i, eap_queue_key k);

/* Moves k down from hole i of heap[0..n) to its place; inline for a small heap, where i has
 * at most three children, all leaves. */
static inline void eap__sift_down(eap_queue_key *heap, size_t n, size_t i, eap_queue_key k)
{
    size_t c = 4 * i + 1;
    if (c + 3 < n) {
        eap__sift_down_deep(heap, n, i, k);
        return;
    }
    if (c < n) {
        size_t m = c;
        m = c + 1 < n && heap[c + 1] < heap[m] ? c + 1 : m;
        m = c + 2 < n && heap[c + 2] < heap[m] ? c + 2 : m;
        if (heap[m] < k) {
            heap[i] = heap[m];
            i = m;
        }
    }
    heap[i] = k;
}

/* Moves k down from the vacant root of heap[0..n) when the root has four children or more
 * (event_queue.c): as sift_down, and it prefetches the slot of the new root, the next event
 * to pop, while the sift goes on. */
void eap__queue_sift_root_deep(struct eap_queue *q, size_t n, eap_queue_key k);

/* Moves k down from the vacant root of heap[0..n) to its place. */
static inline void eap__queue_sift_root(struct eap_queue *q, size_t n, eap_queue_key k)
{
    if (n > 4) {
        eap__queue_sift_root_deep(q, n, k);
    } else {
        eap__sift_down(q->heap, n, 0, k);
    }
}

/* Puts k in its place in the sorted entries from heap[0], which is vacant: the entries before
 * k move to the front by one. The sentinel after the last entry (EAP__FREE_KEY, above every
 * key) ends the walk, so it needs no count. */
static inline void eap__sorted_insert(eap_queue_key *heap, eap_queue_key k)
{
    for (; heap[1] < k; heap++) {
        heap[0] = heap[1];
    }
    heap[0] = k;
}

/* Sorts a heap down to a quarter of EAP__SORTED_MAX entries (event_queue.c). */
void eap__queue_to_sorted(struct eap_queue *q);

/* Removes the root: sorted, the front steps past it; in a heap, the last entry takes its
 * place. */
static inline void eap__queue_remove_top(struct eap_queue *q)
{
    if (q->sorted) {
        q->heap++;
        q->size--;
        return;
    }
    size_t n = --q->size;
    if (n > 0) {
        eap__queue_sift_root(q, n, q->heap[n]);
    }
    if (n <= EAP__SORTED_MAX / 4) {
        eap__queue_to_sorted(q);
    }
}

static inline void eap__queue_free_slot(struct eap_queue *q, uint32_t slot)
{
    struct eap_queue_slot *s = &q->slots[slot];
    s->key = EAP__FREE_KEY;
    s->data = q->free_head;
    q->free_head = slot;
}

/* Drops tombstones from the top (event_queue.c). */
void eap__queue_drop_dead(struct eap_queue *q);

/* True when a pop has something to deal with first: a vacant root, tombstones or a halt. */
static inline bool eap__queue_unsettled(const struct eap_queue *q)
{
    return q->hole_ref != EAP__NO_SLOT || q->flags != 0;
}

/* Fills a vacant root and drops tombstones from the top; true when a live event is on top.
 * Without cancellations there are no tombstones to look for; with some, they mostly lie
 * deep (an event cancelled is often far off), so the root is looked at here and the call
 * made only when it is one. */
static inline bool eap__queue_settle(struct eap_queue *q)
{
    if (q->hole_ref != EAP__NO_SLOT) {
        eap__queue_free_slot(q, q->hole_ref >> 2);
        q->hole_ref = EAP__NO_SLOT;
        eap__queue_remove_top(q);
    }
    if ((q->flags & EAP__QUEUE_DEAD) && q->size > 0 && !eap__key_live(q, q->heap[0])) {
        eap__queue_drop_dead(q);
    }
    return q->size > 0;
}

/* Makes the kernel's run loop (eap__queue_next with stop_at_halt) return at its next pop. */
static inline void eap__queue_halt(struct eap_queue *q)
{
    q->flags |= EAP__QUEUE_HALT;
}

/* Ends a halt, whether a run loop met it or not. */
static inline void eap__queue_unhalt(struct eap_queue *q)
{
    q->flags &= ~EAP__QUEUE_HALT;
}

/* Takes the earliest event, unless stop_at_halt and the queue is halted (the halt stays).
 * Its root entry stays vacant and its slot stays held for the next push: a handler that
 * schedules its successor costs one sift and no free-list work. The held slot keeps the
 * event's key until then; handle checks treat it as free. */
static inline bool eap__queue_next(struct eap_queue *q, struct eap_event *ev, bool stop_at_halt)
{
    if (eap__queue_unsettled(q)) {
        if (stop_at_halt && (q->flags & EAP__QUEUE_HALT)) {
            return false;
        }
        eap__queue_settle(q);
    }
    if (q->size == 0) {
        return false;
    }
    eap_queue_key top = q->heap[0];
    uint32_t ref = eap__key_ref(top);
    const struct eap_queue_slot *s = eap__ref_slot(q, ref);
    ev->time = eap__key_time(top);
    ev->fn = s->fn;
    ev->data = s->data;
    q->hole_ref = ref;
    return true;
}

static inline bool eap__queue_pop(struct eap_queue *q, struct eap_event *ev)
{
    return eap__queue_next(q, ev, false);
}

/* A pushed event's handle: its key's low word plus one, never 0 (no slot has the slot bits
 * all ones). Saying so lets callers' checks for EAP_NO_EVENT fold away on the fast paths. */
static inline eap_handle eap__key_handle(eap_queue_key k)
{
    eap_handle h = (uint64_t)k + 1;
    if (h == EAP_NO_EVENT) {
        __builtin_unreachable();
    }
    return h;
}

/* Fills the slot of reference ref with the event, with the next sequence number; returns its
 * key. */
static inline eap_queue_key eap__queue_fill_slot(struct eap_queue *q, uint32_t ref, eap_time t,
                                                 eap_event_fn *fn, uint64_t data)
{
    assert(q->seq >> EAP__TIME_SHIFT == 0 && "2^60 pushes");
    eap_queue_key k = ((eap_queue_key)(uint64_t)t << EAP__TIME_SHIFT) | q->seq | ref;
    q->seq += (eap_queue_key)1 << EAP__SEQ_SHIFT;
    struct eap_queue_slot *s = eap__ref_slot(q, ref);
    s->fn = fn;
    s->data = data;
    s->key = k;
    return k;
}

/* Grows the slot pool, then pushes (event_queue.c). */
eap_handle eap__queue_push_slow(struct eap_queue *q, eap_time t, eap_event_fn *fn, uint64_t data);

/* Pushes into a free slot; the caller has checked there is one. The heap always has room for
 * every slot's event (see heap_room in event_queue.c). */
static inline eap_handle eap__queue_push_free(struct eap_queue *q, eap_time t, eap_event_fn *fn,
                                              uint64_t data)
{
    uint32_t slot = q->free_head;
    q->free_head = (uint32_t)q->slots[slot].data;
    eap_queue_key k = eap__queue_fill_slot(q, slot << 2, t, fn, data);
    if (q->sorted) {
        if (q->size < EAP__SORTED_MAX) { /* a vacant entry before the front, then its place */
            q->size++;
            eap__sorted_insert(--q->heap, k);
            return eap__key_handle(k);
        }
        q->sorted = false; /* full: heap == home, and ascending order is a heap */
    }
    eap__sift_up(q->heap, q->size++, k);
    return eap__key_handle(k);
}

static inline eap_handle eap__queue_push(struct eap_queue *q, eap_time t, eap_event_fn *fn,
                                         uint64_t data)
{
    uint32_t ref = q->hole_ref;
    if (ref != EAP__NO_SLOT) { /* fill the vacant root with the popped event's slot */
        q->hole_ref = EAP__NO_SLOT;
        eap_queue_key k = eap__queue_fill_slot(q, ref, t, fn, data);
        if (q->sorted) {
            eap__sorted_insert(q->heap, k);
        } else {
            eap__queue_sift_root(q, q->size, k);
        }
        return eap__key_handle(k);
    }
    if (q->free_head == EAP__NO_SLOT) {
        return eap__queue_push_slow(q, t, fn, data);
    }
    return eap__queue_push_free(q, t, fn, data);
}

#endif
