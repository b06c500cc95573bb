/*
 * 4-ary min-heap of packed 128-bit keys (see event_queue.h, which also holds the inline hot
 * paths). Four children of 16 bytes fill one 64-byte cache line, so a sift-down
 * step costs one line. Tombstones left by cancel are skipped on pop and purged when they
 * outnumber the live events.
 */
#include "eapsim/event_queue.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Children of i are 4i+1..4i+4. Placing heap[0] three entries into a 64-byte line puts
 * every group of four children in one cache line. */
#define HEAP_PAD 3
#define MAX_SLOTS ((uint32_t)EAP_QUEUE_MAX_PENDING)

void eap__sift_down_deep(eap_queue_key *heap, size_t n, size_t i, eap_queue_key k)
{
    size_t c;
    while ((c = 4 * i + 1) + 3 < n) {
        /* The smallest of four children by a tournament of indices, selected with
         * arithmetic on the comparisons: the key order is random, so a branch would be
         * mispredicted half the time, and compilers do not reliably turn 128-bit selections
         * into conditional moves. */
        size_t a = c + (heap[c + 1] < heap[c]);
        size_t b = c + 2 + (heap[c + 3] < heap[c + 2]);
        size_t m = a + ((b - a) & -(size_t)(heap[b] < heap[a]));
        if (k < heap[m]) {
            heap[i] = k;
            return;
        }
        heap[i] = heap[m];
        i = m;
    }
    eap__sift_down(heap, n, i, k); /* a partial group of leaves, or none */
}

/* Above this many pending events the slot array outgrows the first-level cache (32 bytes a
 * slot), and fetching the next pops' slots ahead pays; below, the prefetches only cost. */
#define PREFETCH_FROM 1024

void eap__queue_sift_root_deep(struct eap_queue *q, size_t n, eap_queue_key k)
{
    /* The root's four children are the candidates for the next pops: their slots, which a
     * pop reads, are fetched from memory while the sift goes on, instead of when a pop needs
     * them. In a large queue the slot array is far bigger than the caches, and this read
     * would cost as much as the whole sift. */
    if (n > PREFETCH_FROM) {
        for (size_t j = 1; j <= 4; j++) {
            __builtin_prefetch(eap__ref_slot(q, eap__key_ref(q->heap[j])));
        }
    }
    eap__sift_down_deep(q->heap, n, 0, k);
}

_Static_assert(EAP__SORTED_MAX < 1024, "heap_room leaves the sorted entries and sentinel room");

/* Where heap[0] goes for size entries: home in a heap; sorted, so that the last entry is
 * EAP__SORTED_MAX entries after home (a full sorted queue starts at home, as a heap does). */
static eap_queue_key *heap_start(eap_queue_key *home, bool sorted, size_t size)
{
    if (!home) { /* a zeroed queue has no memory */
        return NULL;
    }
    return sorted ? home + EAP__SORTED_MAX - size : home;
}

/* Lays the entries out anew from home: sorted when asked (with the sentinel after them),
 * else as they are. */
static void set_entries(struct eap_queue *q, bool sorted, const eap_queue_key *from, size_t size)
{
    eap_queue_key *to = heap_start(q->home, sorted, size);
    if (size > 0) {
        memmove(to, from, size * sizeof(*to));
    }
    if (sorted && q->home) {
        q->home[EAP__SORTED_MAX] = EAP__FREE_KEY;
    }
    q->heap = to;
    q->size = size;
    q->sorted = sorted;
}

/* Gives the heap room for cap entries, keeping its contents. */
static bool alloc_heap(struct eap_queue *q, size_t cap)
{
    size_t bytes = (cap + HEAP_PAD) * sizeof(eap_queue_key);
    bytes = (bytes + 63) & ~(size_t)63;
    eap_queue_key *base = aligned_alloc(64, bytes);
    if (!base) {
        return false;
    }
    eap_queue_key *old = q->home;
    q->home = base + HEAP_PAD;
    q->heap_cap = cap;
    set_entries(q, q->sorted, q->heap, q->size);
    if (old) {
        free(old - HEAP_PAD);
    }
    return true;
}

void eap__queue_to_sorted(struct eap_queue *q)
{
    eap_queue_key *h = q->heap;
    for (size_t i = 1; i < q->size; i++) { /* a handful: insertion sort */
        eap_queue_key k = h[i];
        size_t j = i;
        for (; j > 0 && k < h[j - 1]; j--) {
            h[j] = h[j - 1];
        }
        h[j] = k;
    }
    set_entries(q, true, h, q->size);
}

/* Heap entries that cap slots can need: each pending event has a slot and one entry; the
 * tombstones number at most max(1024, pending) (cancel compacts past that, and only cancel
 * adds them); and one vacant root. With this much room a push never checks the heap. */
static size_t heap_room(uint32_t cap)
{
    return (size_t)cap + (cap > 1024 ? cap : 1024) + 1;
}

/* Gives the pool cap slots (at most MAX_SLOTS), and the heap the room they need; the new
 * slots go to the front of the free list in increasing order, so they are handed out first
 * and in order. */
static bool reserve_slots(struct eap_queue *q, uint32_t cap)
{
    uint32_t old = q->slot_cap;
    if (cap <= old) {
        return true;
    }
    if (q->heap_cap < heap_room(cap) && !alloc_heap(q, heap_room(cap))) {
        return false;
    }
    struct eap_queue_slot *s = realloc(q->slots, (size_t)cap * sizeof(*s));
    if (!s) {
        return false;
    }
    for (uint32_t i = old; i < cap; i++) {
        s[i] = (struct eap_queue_slot){NULL, i + 1 < cap ? i + 1 : q->free_head, EAP__FREE_KEY};
    }
    q->free_head = old;
    q->slots = s;
    q->slot_cap = cap;
    return true;
}

static uint32_t slot_target(size_t want)
{
    return want < MAX_SLOTS ? (uint32_t)want : MAX_SLOTS;
}

/* A zeroed queue's fields that mean "none" are not zero. */
static void set_empty_links(struct eap_queue *q)
{
    q->free_head = EAP__NO_SLOT;
    q->hole_ref = EAP__NO_SLOT;
}

bool eap_queue_init(struct eap_queue *q, size_t capacity)
{
    memset(q, 0, sizeof(*q));
    set_empty_links(q);
    q->sorted = true;
    if (capacity == 0) {
        capacity = 64;
    }
    if (!reserve_slots(q, slot_target(capacity))) {
        eap_queue_finish(q);
        return false;
    }
    return true;
}

void eap_queue_finish(struct eap_queue *q)
{
    if (q->home) {
        free(q->home - HEAP_PAD);
    }
    free(q->slots);
    memset(q, 0, sizeof(*q));
    set_empty_links(q);
}

/* Gives the held slot of a vacant root back to the free list; true when there was one (then
 * heap[0] is still there, vacant, for the caller to drop). */
static bool release_hole(struct eap_queue *q)
{
    if (q->hole_ref == EAP__NO_SLOT) {
        return false;
    }
    eap__queue_free_slot(q, q->hole_ref >> 2);
    q->hole_ref = EAP__NO_SLOT;
    return true;
}

/* The sequence number is not reset, so that handles from before stay stale. */
void eap_queue_clear(struct eap_queue *q)
{
    for (size_t i = release_hole(q) ? 1 : 0; i < q->size; i++) {
        if (eap__key_live(q, q->heap[i])) {
            eap__queue_free_slot(q, eap__key_slot(q->heap[i]));
        }
    }
    set_entries(q, true, NULL, 0);
    q->dead = 0;
    q->flags &= ~EAP__QUEUE_DEAD;
}

/* dst's slots past src's go after src's free list, in order, where src's own pool would
 * grow: then dst hands out the same handles src would. */
static void chain_extra_slots(struct eap_queue *dst, uint32_t from)
{
    for (uint32_t i = from; i < dst->slot_cap; i++) {
        dst->slots[i].key = EAP__FREE_KEY;
        dst->slots[i].data = i + 1 < dst->slot_cap ? i + 1 : EAP__NO_SLOT;
    }
    if (from == dst->slot_cap) {
        return;
    }
    if (dst->free_head == EAP__NO_SLOT) {
        dst->free_head = from;
        return;
    }
    uint32_t last = dst->free_head;
    while (dst->slots[last].data != EAP__NO_SLOT) {
        last = (uint32_t)dst->slots[last].data;
    }
    dst->slots[last].data = from;
}

bool eap_queue_copy(struct eap_queue *dst, const struct eap_queue *src)
{
    if (dst == src) {
        return true;
    }
    if (!dst->slots) {
        set_empty_links(dst); /* a zeroed queue */
    }
    if (!reserve_slots(dst, src->slot_cap)) { /* which gives the heap room for src's */
        return false;
    }
    set_entries(dst, src->sorted, src->heap, src->size);
    if (src->slot_cap > 0) {
        memcpy(dst->slots, src->slots, (size_t)src->slot_cap * sizeof(*dst->slots));
    }
    dst->free_head = src->slot_cap > 0 ? src->free_head : EAP__NO_SLOT;
    dst->hole_ref = src->slot_cap > 0 ? src->hole_ref : EAP__NO_SLOT;
    chain_extra_slots(dst, src->slot_cap);
    dst->dead = src->dead;
    dst->flags = src->flags;
    dst->seq = src->seq;
    return true;
}

/* The heap always has room for every slot's event (heap_room), so only the pool can be full. */
eap_handle eap__queue_push_slow(struct eap_queue *q, eap_time t, eap_event_fn *fn, uint64_t data)
{
    if (q->slot_cap == MAX_SLOTS ||
        !reserve_slots(q, slot_target(q->slot_cap ? (size_t)q->slot_cap * 2 : 64))) {
        return EAP_NO_EVENT;
    }
    return eap__queue_push_free(q, t, fn, data);
}

eap_handle eap_queue_push(struct eap_queue *q, eap_time t, eap_event_fn *fn, uint64_t data)
{
    assert(t >= 0 && t <= EAP_TIME_MAX);
    assert(fn != NULL);
    return eap__queue_push(q, t, fn, data);
}

/* The slot a handle names, or EAP__NO_SLOT when it names none pending. A handle is its
 * event's key's low word plus one; a free slot's key has slot bits no handle has; the slot
 * held by a vacant root still has the popped event's key, but that event is not pending. */
static uint32_t handle_slot(const struct eap_queue *q, eap_handle h)
{
    uint64_t low = h - 1; /* EAP_NO_EVENT gives slot bits all ones: no slot */
    uint32_t ref = (uint32_t)low & EAP__REF_MASK, slot = ref >> 2;
    /* A forged handle with either of the key's two zero bits set matches no slot's key. */
    if (slot >= q->slot_cap || ref == q->hole_ref || (uint64_t)q->slots[slot].key != low) {
        return EAP__NO_SLOT;
    }
    return slot;
}

bool eap_queue_pending(const struct eap_queue *q, eap_handle h)
{
    return handle_slot(q, h) != EAP__NO_SLOT;
}

/* Removes tombstones (and a vacant root) and rebuilds the heap bottom-up (Floyd), O(n). Only
 * a heap has more than 1024 tombstones. */
static void compact(struct eap_queue *q)
{
    assert(!q->sorted);
    size_t n = 0;
    for (size_t i = release_hole(q) ? 1 : 0; i < q->size; i++) {
        eap_queue_key k = q->heap[i];
        if (eap__key_live(q, k)) {
            q->heap[n++] = k;
        }
    }
    q->size = n;
    q->dead = 0;
    q->flags &= ~EAP__QUEUE_DEAD;
    for (size_t i = n / 4 + 1; i-- > 0;) {
        if (i < n) {
            eap__sift_down(q->heap, n, i, q->heap[i]);
        }
    }
}

bool eap_queue_cancel(struct eap_queue *q, eap_handle h)
{
    uint32_t slot = handle_slot(q, h);
    if (slot == EAP__NO_SLOT) {
        return false;
    }
    eap__queue_free_slot(q, slot);
    q->dead++;
    q->flags |= EAP__QUEUE_DEAD;
    if (q->dead > 1024 && q->dead > eap_queue_size(q)) {
        compact(q);
    }
    return true;
}

void eap__queue_drop_dead(struct eap_queue *q)
{
    while (q->size > 0 && !eap__key_live(q, q->heap[0])) {
        eap__queue_remove_top(q);
        q->dead--;
    }
    if (q->dead == 0) {
        q->flags &= ~EAP__QUEUE_DEAD;
    }
}

bool eap_queue_pop(struct eap_queue *q, struct eap_event *ev)
{
    return eap__queue_pop(q, ev);
}

eap_time eap_queue_peek_time(struct eap_queue *q)
{
    return eap__queue_settle(q) ? eap__key_time(q->heap[0]) : -1;
}
