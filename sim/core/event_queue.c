/*
 * 4-ary min-heap of packed keys (see event_queue.h). Four children of 16 bytes fill one
 * 64-byte cache line, so a sift-down step costs one line; sifting moves a "hole" instead of
 * swapping. Tombstones left by cancel are skipped on pop and purged when they outnumber the
 * live events or when sequence numbers are renumbered.
 */
#include "eapsim/event_queue.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define SEQ_MASK ((UINT64_C(1) << EAP_QUEUE_SEQ_BITS) - 1)
#define NO_SLOT UINT32_MAX

static inline eap_time key_time(uint64_t key)
{
    return (eap_time)(key >> EAP_QUEUE_SEQ_BITS);
}

/* Children of i are 4i+1..4i+4. Placing heap[0] three entries into a 64-byte line puts
 * every group of four children in one cache line. */
#define HEAP_PAD 3

static bool alloc_heap(struct eap_queue *q, size_t cap)
{
    size_t bytes = (cap + HEAP_PAD) * sizeof(struct eap_queue_entry);
    bytes = (bytes + 63) & ~(size_t)63;
    struct eap_queue_entry *base = aligned_alloc(64, bytes);
    if (!base) {
        return false;
    }
    if (q->heap) {
        memcpy(base + HEAP_PAD, q->heap, q->size * sizeof(*base));
        free(q->heap - HEAP_PAD);
    }
    q->heap = base + HEAP_PAD;
    q->heap_cap = cap;
    return true;
}

static bool grow_heap(struct eap_queue *q)
{
    return alloc_heap(q, q->heap_cap ? q->heap_cap * 2 : 64);
}

static bool grow_slots(struct eap_queue *q)
{
    uint32_t old = q->slot_cap, cap = old ? old * 2 : 64;
    struct eap_queue_slot *s = realloc(q->slots, (size_t)cap * sizeof(*s));
    if (!s) {
        return false;
    }
    for (uint32_t i = old; i < cap; i++) {
        s[i].fn = NULL;
        s[i].data = 0;
        s[i].gen = 1;
        s[i].next_free = i + 1 < cap ? i + 1 : q->free_head;
    }
    q->free_head = old;
    q->slots = s;
    q->slot_cap = cap;
    return true;
}

bool eap_queue_init(struct eap_queue *q, size_t capacity)
{
    memset(q, 0, sizeof(*q));
    q->free_head = NO_SLOT;
    if (capacity == 0) {
        capacity = 64;
    }
    if (!alloc_heap(q, capacity) || !grow_slots(q)) {
        eap_queue_finish(q);
        return false;
    }
    return true;
}

void eap_queue_finish(struct eap_queue *q)
{
    if (q->heap) {
        free(q->heap - HEAP_PAD);
    }
    free(q->slots);
    memset(q, 0, sizeof(*q));
    q->free_head = NO_SLOT;
}

bool eap_queue_copy(struct eap_queue *dst, const struct eap_queue *src)
{
    if (dst->heap_cap < src->size && !alloc_heap(dst, src->heap_cap)) {
        return false;
    }
    if (dst->slot_cap != src->slot_cap) {
        struct eap_queue_slot *s = realloc(dst->slots, (size_t)src->slot_cap * sizeof(*s));
        if (!s) {
            return false;
        }
        dst->slots = s;
        dst->slot_cap = src->slot_cap;
    }
    memcpy(dst->heap, src->heap, src->size * sizeof(*dst->heap));
    memcpy(dst->slots, src->slots, (size_t)src->slot_cap * sizeof(*dst->slots));
    dst->size = src->size;
    dst->free_head = src->free_head;
    dst->live = src->live;
    dst->next_seq = src->next_seq;
    return true;
}

static void free_slot(struct eap_queue *q, uint32_t slot)
{
    struct eap_queue_slot *s = &q->slots[slot];
    s->gen = s->gen + 1 ? s->gen + 1 : 1; /* 0 is never a live generation */
    s->fn = NULL;
    s->next_free = q->free_head;
    q->free_head = slot;
}

void eap_queue_clear(struct eap_queue *q)
{
    for (size_t i = 0; i < q->size; i++) {
        struct eap_queue_entry *e = &q->heap[i];
        if (q->slots[e->slot].gen == e->gen) {
            free_slot(q, e->slot);
        }
    }
    q->size = 0;
    q->live = 0;
    q->next_seq = 0;
}

static void sift_up(struct eap_queue_entry *heap, size_t i, struct eap_queue_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) >> 2;
        if (heap[parent].key <= e.key) {
            break;
        }
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

static void sift_down(struct eap_queue_entry *heap, size_t n, size_t i, struct eap_queue_entry e)
{
    const uint64_t key = e.key;
    size_t c;
    /* Full groups of four children: pick the smallest with conditional moves, no branches
     * on the (unpredictable) key order. */
    while ((c = 4 * i + 1) + 3 < n) {
        const struct eap_queue_entry *ch = heap + c;
        uint64_t k0 = ch[0].key, k1 = ch[1].key, k2 = ch[2].key, k3 = ch[3].key;
        size_t a = k1 < k0 ? 1 : 0, b = k3 < k2 ? 3 : 2;
        uint64_t ka = k1 < k0 ? k1 : k0, kb = k3 < k2 ? k3 : k2;
        size_t m = kb < ka ? b : a;
        uint64_t km = kb < ka ? kb : ka;
        if (km >= key) {
            heap[i] = e;
            return;
        }
        heap[i] = ch[m];
        i = c + m;
    }
    if (c < n) {
        size_t m = c;
        for (size_t j = c + 1; j < n; j++) {
            if (heap[j].key < heap[m].key) {
                m = j;
            }
        }
        if (heap[m].key < key) {
            heap[i] = heap[m];
            i = m;
        }
    }
    heap[i] = e;
}

/* Removes tombstones and rebuilds the heap bottom-up (Floyd), O(n). */
static void compact(struct eap_queue *q)
{
    size_t n = 0;
    for (size_t i = 0; i < q->size; i++) {
        struct eap_queue_entry e = q->heap[i];
        if (q->slots[e.slot].gen == e.gen) {
            q->heap[n++] = e;
        }
    }
    q->size = n;
    for (size_t i = n / 4 + 1; i-- > 0;) {
        if (i < n) {
            sift_down(q->heap, n, i, q->heap[i]);
        }
    }
}

static int cmp_key(const void *a, const void *b)
{
    uint64_t x = ((const struct eap_queue_entry *)a)->key;
    uint64_t y = ((const struct eap_queue_entry *)b)->key;
    return (x > y) - (x < y);
}

/* Sequence numbers ran out: renumber the pending events 0..n-1 in their current order. A
 * sorted array is a valid heap, so nothing else changes. Rare: once per 2^22 pushes. */
static void renumber(struct eap_queue *q)
{
    compact(q);
    qsort(q->heap, q->size, sizeof(*q->heap), cmp_key);
    for (size_t i = 0; i < q->size; i++) {
        q->heap[i].key = (q->heap[i].key & ~SEQ_MASK) | (uint64_t)i;
    }
    q->next_seq = q->size;
}

eap_handle eap_queue_push(struct eap_queue *q, eap_time t, eap_event_fn *fn, uint64_t data)
{
    assert(t >= 0 && t <= EAP_TIME_MAX);
    assert(fn != NULL);
    if (q->live >= EAP_QUEUE_MAX_PENDING) {
        return EAP_NO_EVENT;
    }
    if (q->next_seq > SEQ_MASK) {
        renumber(q);
    }
    if (q->size == q->heap_cap && !grow_heap(q)) {
        return EAP_NO_EVENT;
    }
    if (q->free_head == NO_SLOT && !grow_slots(q)) {
        return EAP_NO_EVENT;
    }
    uint32_t slot = q->free_head;
    struct eap_queue_slot *s = &q->slots[slot];
    q->free_head = s->next_free;
    s->fn = fn;
    s->data = data;
    struct eap_queue_entry e = {((uint64_t)t << EAP_QUEUE_SEQ_BITS) | q->next_seq++, slot, s->gen};
    sift_up(q->heap, q->size++, e);
    q->live++;
    return ((uint64_t)s->gen << 32) | slot;
}

bool eap_queue_pending(const struct eap_queue *q, eap_handle h)
{
    uint32_t slot = (uint32_t)h, gen = (uint32_t)(h >> 32);
    return h != EAP_NO_EVENT && slot < q->slot_cap && q->slots[slot].gen == gen &&
           q->slots[slot].fn != NULL;
}

bool eap_queue_cancel(struct eap_queue *q, eap_handle h)
{
    if (!eap_queue_pending(q, h)) {
        return false;
    }
    free_slot(q, (uint32_t)h);
    q->live--;
    size_t dead = q->size - q->live;
    if (dead > 1024 && dead > q->live) {
        compact(q);
    }
    return true;
}

/* Removes the heap's top entry. */
static inline void pop_top(struct eap_queue *q)
{
    size_t n = --q->size;
    if (n > 0) {
        sift_down(q->heap, n, 0, q->heap[n]);
    }
}

/* Drops tombstones from the top; true when a live entry is on top. */
static inline bool settle_top(struct eap_queue *q)
{
    while (q->size > 0) {
        struct eap_queue_entry *top = &q->heap[0];
        if (q->slots[top->slot].gen == top->gen) {
            return true;
        }
        pop_top(q);
    }
    return false;
}

bool eap_queue_pop(struct eap_queue *q, struct eap_event *ev)
{
    if (!settle_top(q)) {
        return false;
    }
    struct eap_queue_entry top = q->heap[0];
    struct eap_queue_slot *s = &q->slots[top.slot];
    ev->time = key_time(top.key);
    ev->fn = s->fn;
    ev->data = s->data;
    free_slot(q, top.slot);
    q->live--;
    pop_top(q);
    return true;
}

eap_time eap_queue_peek_time(struct eap_queue *q)
{
    return settle_top(q) ? key_time(q->heap[0].key) : -1;
}
