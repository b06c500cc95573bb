/* The event queue and kernel: ordering, FIFO ties, cancellation, stale handles, run modes,
 * and a randomised comparison against a sorted reference. */
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/kernel.h"
#include "eapsim/rng.h"

#define LOG_MAX 4096

struct log {
    uint64_t data[LOG_MAX];
    eap_time time[LOG_MAX];
    size_t n;
};

static void record(struct eap_kernel *k, uint64_t data)
{
    struct log *log = k->user;
    assert_true(log->n < LOG_MAX);
    log->time[log->n] = k->now;
    log->data[log->n++] = data;
}

static void nop_event(struct eap_kernel *k, uint64_t data)
{
    (void)k;
    (void)data;
}

static void test_events_run_in_time_order(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    eap_kernel_at(&k, 30, record, 3);
    eap_kernel_at(&k, 10, record, 1);
    eap_kernel_at(&k, 20, record, 2);
    assert_int_equal(eap_kernel_run(&k), 3);
    assert_int_equal(log.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(log.data[i], i + 1);
        assert_int_equal(log.time[i], (eap_time)(i + 1) * 10);
    }
    eap_kernel_finish(&k);
}

static void test_equal_times_run_in_schedule_order(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    /* a-then-b and b-then-a, as libuv's timer_order test does, at many equal times */
    for (uint64_t i = 0; i < 1000; i++) {
        eap_kernel_at(&k, (eap_time)(i % 3) * 5, record, i);
    }
    eap_kernel_run(&k);
    assert_int_equal(log.n, 1000);
    for (size_t i = 1; i < log.n; i++) {
        assert_true(log.time[i - 1] <= log.time[i]);
        if (log.time[i - 1] == log.time[i]) {
            assert_true(log.data[i - 1] < log.data[i]);
        }
    }
    eap_kernel_finish(&k);
}

static void test_cancel_removes_event_and_stale_handle_is_harmless(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    eap_handle a = eap_kernel_at(&k, 10, record, 1);
    eap_handle b = eap_kernel_at(&k, 20, record, 2);
    eap_kernel_at(&k, 30, record, 3);
    assert_true(eap_kernel_cancel(&k, b));
    assert_false(eap_kernel_cancel(&k, b)); /* twice: stale */
    assert_false(eap_kernel_cancel(&k, EAP_NO_EVENT));
    assert_int_equal(eap_queue_size(&k.queue), 2);
    eap_kernel_run(&k);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.data[0], 1);
    assert_int_equal(log.data[1], 3);
    assert_false(eap_kernel_cancel(&k, a)); /* already ran */
    /* The slot of a cancelled event is reused; the old handle must not cancel the new one. */
    eap_handle c = eap_kernel_at(&k, 40, record, 4);
    assert_false(eap_kernel_cancel(&k, b));
    assert_true(eap_queue_pending(&k.queue, c));
    eap_kernel_run(&k);
    assert_int_equal(log.n, 3);
    eap_kernel_finish(&k);
}

/* A handle is its key's low word plus one, and a key's two bits under the sequence are 0 (the
 * slot's number times 4): a handle with either set names no event, whatever slot it points
 * at, and cancelling through it changes nothing. */
static void test_forged_handles_name_nothing(void **state)
{
    (void)state;
    struct eap_queue q;
    assert_true(eap_queue_init(&q, 0));
    eap_handle h[3];
    for (int i = 0; i < 3; i++) {
        h[i] = eap_queue_push(&q, 10 * (i + 1), nop_event, (uint64_t)i);
    }
    for (int i = 0; i < 3; i++) {
        for (eap_handle bits = 1; bits <= 3; bits++) {
            eap_handle forged = (h[i] - 1) + bits + 1; /* a low word with bit 0, 1 or both */
            assert_false(eap_queue_pending(&q, forged));
            assert_false(eap_queue_cancel(&q, forged));
        }
        assert_false(eap_queue_pending(&q, h[i] ^ ((eap_handle)1 << 63))); /* another sequence */
        assert_true(eap_queue_pending(&q, h[i]));
    }
    assert_int_equal(eap_queue_size(&q), 3);
    eap_queue_finish(&q);
}

/* The count of tombstones and the flag a pop tests go together through cancel, copy, pop and
 * clear. */
static void test_tombstone_flag_follows_the_count(void **state)
{
    (void)state;
    struct eap_queue q, c;
    memset(&c, 0, sizeof(c));
    assert_true(eap_queue_init(&q, 0));
    eap_handle far = eap_queue_push(&q, 1000, nop_event, 1);
    eap_queue_push(&q, 10, nop_event, 2);
    assert_false(q.flags & EAP__QUEUE_DEAD);
    assert_true(eap_queue_cancel(&q, far));
    assert_true(q.flags & EAP__QUEUE_DEAD);
    assert_true(eap_queue_copy(&c, &q));
    assert_true(c.flags & EAP__QUEUE_DEAD);
    assert_int_equal(c.dead, 1);
    struct eap_event ev;
    assert_true(eap_queue_pop(&c, &ev)); /* the live event; the tombstone lies below */
    assert_int_equal(ev.data, 2);
    assert_true(c.flags & EAP__QUEUE_DEAD);
    assert_false(eap_queue_pop(&c, &ev)); /* only the tombstone was left: dropped */
    assert_int_equal(c.dead, 0);
    assert_false(c.flags & EAP__QUEUE_DEAD);
    eap_queue_clear(&q);
    assert_int_equal(q.dead, 0);
    assert_false(q.flags & EAP__QUEUE_DEAD);
    assert_int_equal(eap_queue_size(&q), 0);
    eap_queue_finish(&q);
    eap_queue_finish(&c);
}

static void schedule_now(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    if (data < 5) {
        eap_kernel_in(k, 0, schedule_now, data + 1);
    }
}

static void test_handler_may_schedule_at_now(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    eap_kernel_at(&k, 7, schedule_now, 0);
    eap_kernel_at(&k, 7, record, 100);
    eap_kernel_run(&k);
    /* 0 runs, then the already-queued 100, then 1..5 scheduled at now in turn */
    uint64_t want[] = {0, 100, 1, 2, 3, 4, 5};
    assert_int_equal(log.n, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(log.data[i], want[i]);
        assert_int_equal(log.time[i], 7);
    }
    eap_kernel_finish(&k);
}

/* A handler that cancels its own event (its handle is in the log's data slot 0) and one
 * still pending (slot 1): its own is no longer pending, the other is. */
static eap_handle own_and_other[2];
static int cancel_results[2];

static void cancel_self(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    cancel_results[0] = eap_kernel_cancel(k, own_and_other[0]);
    cancel_results[1] = eap_kernel_cancel(k, own_and_other[1]);
}

static void test_running_event_cannot_be_cancelled(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    own_and_other[0] = eap_kernel_at(&k, 5, cancel_self, 1);
    own_and_other[1] = eap_kernel_at(&k, 9, record, 2);
    eap_kernel_at(&k, 7, record, 3);
    eap_kernel_run(&k);
    assert_int_equal(cancel_results[0], 0); /* popped: running, not pending */
    assert_int_equal(cancel_results[1], 1);
    assert_int_equal(log.n, 2);
    assert_int_equal(log.data[0], 1);
    assert_int_equal(log.data[1], 3);
    eap_kernel_finish(&k);
}

static void stopper(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    eap_kernel_stop(k);
}

static void test_run_until_and_stop(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    for (uint64_t i = 1; i <= 10; i++) {
        eap_kernel_at(&k, (eap_time)i * 100, record, i);
    }
    assert_int_equal(eap_kernel_run_until(&k, 350), 3);
    assert_int_equal(k.now, 350);
    assert_int_equal(eap_kernel_run_until(&k, 400), 1); /* inclusive bound */
    eap_kernel_at(&k, 450, stopper, 99);
    assert_int_equal(eap_kernel_run(&k), 1);
    assert_int_equal(log.data[log.n - 1], 99);
    assert_int_equal(eap_queue_size(&k.queue), 6);
    eap_kernel_reset(&k);
    assert_int_equal(k.now, 0);
    assert_int_equal(eap_queue_size(&k.queue), 0);
    assert_false(eap_kernel_step(&k));
    eap_kernel_finish(&k);
}

/* A stop reaches the run loops only: one called from a handler that eap_kernel_step or
 * eap_kernel_run_until ran sets k->stopped, and the next step still runs the next event; the
 * next eap_kernel_run starts afresh and runs to the end. */
static void test_stop_outside_the_run_loop(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    eap_kernel_at(&k, 10, stopper, 1);
    eap_kernel_at(&k, 20, record, 2);
    eap_kernel_at(&k, 30, stopper, 3);
    eap_kernel_at(&k, 40, record, 4);
    eap_kernel_at(&k, 50, record, 5);
    assert_true(eap_kernel_step(&k));
    assert_true(k.stopped);
    assert_true(eap_kernel_step(&k)); /* the stop does not make the queue look empty */
    assert_int_equal(log.data[log.n - 1], 2);
    assert_int_equal(eap_kernel_run_until(&k, 35), 1); /* stops after the stopper at 30 */
    assert_int_equal(k.now, 30);
    assert_int_equal(eap_queue_peek_time(&k.queue), 40);
    assert_int_equal(eap_kernel_run(&k), 2);
    assert_false(k.stopped);
    assert_int_equal(log.n, 5);
    assert_int_equal(log.data[4], 5);
    eap_kernel_finish(&k);
}

/* Runs a nested loop: the kernel's own run, from inside a handler. */
static void runs_nested(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    eap_kernel_run(k);
}

/* Stops, then clears the stop with a run call of its own (to now: nothing is due). */
static void stops_then_runs(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    eap_kernel_stop(k);
    eap_kernel_run_until(k, k->now);
}

/* A stop in a loop that a handler runs ends that loop and the loop that ran the handler; a
 * stop cleared by a later run call ends neither. */
static void test_stop_in_nested_loops(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    eap_kernel_at(&k, 10, runs_nested, 1);
    eap_kernel_at(&k, 20, stopper, 2);
    eap_kernel_at(&k, 30, record, 3);
    assert_int_equal(eap_kernel_run(&k), 2); /* 10, and 20 in the nested loop */
    assert_true(k.stopped);
    assert_int_equal(eap_queue_size(&k.queue), 1);
    assert_int_equal(eap_kernel_run(&k), 1);
    assert_int_equal(log.data[log.n - 1], 3);
    eap_kernel_at(&k, 40, stops_then_runs, 4);
    eap_kernel_at(&k, 50, record, 5);
    assert_int_equal(eap_kernel_run(&k), 2);
    assert_false(k.stopped);
    assert_int_equal(log.data[log.n - 1], 5);
    eap_kernel_finish(&k);
}

/* Records, and for data % 100 < 5 schedules data + 1 at now (a FIFO tie behind what is
 * already due), alternately through itself and through `record`. */
static void record_more(struct eap_kernel *k, uint64_t data)
{
    record(k, data);
    if (data % 100 < 5) {
        eap_kernel_at(k, k->now, data % 2 ? record : record_more, data + 1);
    }
}

/* Schedules a mix of handlers, ties, a cancellation and a stop; the same for both loops. */
static void schedule_mix(struct eap_kernel *k)
{
    for (uint64_t i = 0; i < 40; i++) {
        eap_event_fn *fn = i % 3 == 0 ? record : record_more;
        eap_kernel_at(k, (eap_time)(i % 7) * 10, fn, i * 100);
    }
    eap_handle h = eap_kernel_at(k, 25, record_more, 7777);
    assert_true(eap_kernel_cancel(k, h));
    eap_kernel_at(k, 35, stopper, 9999);
}

/* eap_kernel_run_with runs the same events in the same order, with the same stop, counts and
 * clock, as eap_kernel_run, whether an event's handler is the loop's known one or not. */
static void test_run_with_matches_run(void **state)
{
    (void)state;
    static struct log plain, with; /* static: 64 KiB each */
    struct eap_kernel a, b;
    memset(&plain, 0, sizeof(plain));
    memset(&with, 0, sizeof(with));
    assert_true(eap_kernel_init(&a, 0, &plain));
    assert_true(eap_kernel_init(&b, 0, &with));
    schedule_mix(&a);
    schedule_mix(&b);
    for (int leg = 0; leg < 2; leg++) { /* up to the stop, then to the end */
        uint64_t ran = eap_kernel_run(&a);
        assert_int_equal(eap_kernel_run_with(&b, record_more), ran);
        assert_true(ran > 0);
        assert_int_equal(b.now, a.now);
        assert_int_equal(b.events_run, a.events_run);
        assert_int_equal(eap_queue_size(&b.queue), eap_queue_size(&a.queue));
    }
    assert_int_equal(eap_queue_size(&b.queue), 0);
    assert_int_equal(with.n, plain.n);
    assert_memory_equal(with.data, plain.data, plain.n * sizeof(plain.data[0]));
    assert_memory_equal(with.time, plain.time, plain.n * sizeof(plain.time[0]));
    eap_kernel_finish(&a);
    eap_kernel_finish(&b);
}

/* Reference model: a list sorted by (time, insertion index). */
struct ref_ev {
    eap_time t;
    uint64_t id;
    bool live;
};

static void test_randomised_against_reference(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct ref_ev *ref = calloc(N, sizeof(*ref));
    eap_handle *h = calloc(N, sizeof(*h));
    struct log *log = calloc(1, sizeof(*log));
    char *cancelled = calloc(N, 1);
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 4, log));
    struct eap_rng rng;
    eap_rng_init(&rng, 42, 0, 0);
    size_t n = 0;
    for (size_t step = 0; step < N; step++) {
        uint32_t op = eap_rng_below(&rng, 10);
        if (op < 7 || n == 0) {
            eap_time t = k.now + eap_rng_below(&rng, 50); /* many ties */
            ref[n] = (struct ref_ev){t, n, true};
            h[n] = eap_kernel_at(&k, t, record, n);
            n++;
        } else if (op < 9) {
            size_t victim = eap_rng_below(&rng, (uint32_t)n);
            bool was_live = ref[victim].live;
            assert_int_equal(eap_kernel_cancel(&k, h[victim]), was_live);
            cancelled[victim] |= was_live;
            ref[victim].live = false;
        } else {
            size_t before = log->n;
            if (eap_kernel_step(&k)) {
                ref[log->data[before]].live = false;
            }
        }
    }
    /* Everything that ran so far ran in (time, id) order; then drain and check all. */
    eap_kernel_run(&k);
    for (size_t i = 1; i < log->n; i++) {
        struct ref_ev *a = &ref[log->data[i - 1]], *b = &ref[log->data[i]];
        assert_true(a->t < b->t || (a->t == b->t && a->id < b->id));
    }
    /* Every scheduled event either ran exactly once or was cancelled, never both. */
    char *ran = calloc(n, 1);
    for (size_t i = 0; i < log->n; i++) {
        assert_int_equal(ran[log->data[i]], 0);
        ran[log->data[i]] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ran[i] + cancelled[i], 1);
    }
    free(cancelled);
    free(ran);
    eap_kernel_finish(&k);
    free(ref);
    free(h);
    free(log);
}

/* The earliest live event of the reference (by time, then id), or N when none. */
static size_t ref_first(const struct ref_ev *ref, size_t n)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        if (ref[i].live && (best == n || ref[i].t < ref[best].t)) {
            best = i; /* ids rise with i: the first of equal times is the earliest pushed */
        }
    }
    return best;
}

/* Pops every event of q and checks them against the reference's live ones, in order. */
static void drain_against_reference(struct eap_queue *q, struct ref_ev *ref, size_t n)
{
    struct eap_event ev;
    for (size_t want; (want = ref_first(ref, n)) < n; ref[want].live = false) {
        assert_true(eap_queue_pop(q, &ev));
        assert_int_equal(ev.data, ref[want].id);
        assert_int_equal(ev.time, ref[want].t);
    }
    assert_false(eap_queue_pop(q, &ev));
}

/* A few pending events are kept in order, more in a heap (EAP__SORTED_MAX): the pending count
 * swings across the limit and back, by pushes after pops (into the vacant root) and without,
 * pops that no push follows, and cancels, and every pop is checked against the reference, as
 * is a copy taken at every swing, whichever layout the queue is in then. */
static void test_pending_count_crossing_the_sorted_limit(void **state)
{
    (void)state;
    enum { N = 20000, SWINGS = 120 };
    struct ref_ev *ref = calloc(N, sizeof(*ref)), *copy_ref = calloc(N, sizeof(*ref));
    eap_handle *h = calloc(N, sizeof(*h));
    struct eap_queue q, copy;
    assert_true(eap_queue_init(&q, 0));
    memset(&copy, 0, sizeof(copy));
    struct eap_rng rng;
    eap_rng_init(&rng, 7, 0, 0);
    size_t n = 0, live = 0;
    eap_time now = 0;
    struct eap_event ev;
    for (int swing = 0; swing < SWINGS; swing++) {
        /* up to somewhere around the limit (4 to 43 pending), then down to 0 to 3 */
        size_t high = 4 + eap_rng_below(&rng, 40), low = eap_rng_below(&rng, 4);
        for (bool rising = true; rising || live > low;) {
            uint32_t op = eap_rng_below(&rng, 10);
            if (rising && live >= high) {
                rising = false;
                assert_true(eap_queue_copy(&copy, &q));
                memcpy(copy_ref, ref, n * sizeof(*ref));
                drain_against_reference(&copy, copy_ref, n);
            } else if (op < (rising ? 6u : 3u)) {
                eap_time t = now + eap_rng_below(&rng, 8); /* ties, and often first */
                ref[n] = (struct ref_ev){t, n, true};
                h[n] = eap_queue_push(&q, t, nop_event, n);
                n++, live++;
            } else if (op < 9 && live > 0) {
                size_t want = ref_first(ref, n);
                assert_true(eap_queue_pop(&q, &ev));
                assert_int_equal(ev.data, want);
                now = ev.time;
                ref[want].live = false;
                live--;
            } else if (live > 0) {
                size_t victim = eap_rng_below(&rng, (uint32_t)n);
                assert_int_equal(eap_queue_cancel(&q, h[victim]), ref[victim].live);
                live -= ref[victim].live;
                ref[victim].live = false;
            }
            assert_int_equal(eap_queue_size(&q), live);
            assert_true(n < N);
        }
    }
    drain_against_reference(&q, ref, n);
    eap_queue_finish(&q);
    eap_queue_finish(&copy);
    free(ref);
    free(copy_ref);
    free(h);
}

static void count_event(struct eap_kernel *k, uint64_t data)
{
    uint64_t *count = k->user;
    (void)data;
    (*count)++;
}

/* The key packs time, sequence and slot into 128 bits: the largest times and sequence
 * numbers must still order by time, then FIFO. The sequence is set near its end directly
 * (2^60 pushes would take decades). */
static void test_fifo_at_largest_times_and_sequence_numbers(void **state)
{
    (void)state;
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    /* 2^60 - 2^38 - 30: the low 38 bits wrap into the high 22 in the middle of the pushes */
    k.queue.seq = (((eap_queue_key)1 << 60) - ((eap_queue_key)1 << 38) - 30) << 26;
    for (uint64_t i = 0; i < 60; i++) {
        eap_time t = i % 3 == 0 ? EAP_TIME_MAX : EAP_TIME_MAX - 1 - (eap_time)(i % 2);
        eap_kernel_at(&k, t, record, i);
    }
    eap_kernel_run(&k);
    assert_int_equal(log.n, 60);
    for (size_t i = 1; i < log.n; i++) {
        assert_true(log.time[i - 1] <= log.time[i]);
        if (log.time[i - 1] == log.time[i]) {
            assert_true(log.data[i - 1] < log.data[i]);
        }
    }
    assert_int_equal(log.time[59], EAP_TIME_MAX);
    assert_true(k.queue.seq == (((eap_queue_key)1 << 60) - ((eap_queue_key)1 << 38) + 30) << 26);
    eap_kernel_finish(&k);
}

static void test_mass_cancel_compacts(void **state)
{
    (void)state;
    uint64_t count = 0;
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &count));
    enum { N = 20000 };
    eap_handle *h = malloc(N * sizeof(*h));
    for (size_t i = 0; i < N; i++) {
        h[i] = eap_kernel_at(&k, (eap_time)(N - i), count_event, i);
    }
    for (size_t i = 0; i < N; i++) {
        if (i % 4 != 0) {
            assert_true(eap_kernel_cancel(&k, h[i]));
        }
    }
    assert_int_equal(eap_queue_size(&k.queue), N / 4);
    /* Once tombstones outnumbered live events they were purged. */
    assert_true(k.queue.size < N / 2);
    eap_kernel_run(&k);
    assert_int_equal(count, N / 4);
    free(h);
    eap_kernel_finish(&k);
}

/* --- copies (eap_queue_copy, eap_kernel_copy) --- */

/* Builds a kernel with events pending at many equal times, some cancelled (tombstones), some
 * run, and the last pop's root left vacant; hs[i] is the handle of event i. */
static void build_busy_kernel(struct eap_kernel *k, struct log *log, eap_handle *hs, size_t n)
{
    assert_true(eap_kernel_init(k, 4, log));
    struct eap_rng rng;
    eap_rng_init(&rng, 9, 0, 0);
    for (size_t i = 0; i < n; i++) {
        hs[i] = eap_kernel_at(k, k->now + eap_rng_below(&rng, 40), record, i);
        if (i % 7 == 3) {
            assert_true(eap_kernel_cancel(k, hs[i / 2]) ||
                        !eap_queue_pending(&k->queue, hs[i / 2]));
        }
        if (i % 5 == 4) {
            assert_true(eap_kernel_step(k));
        }
    }
    assert_true(eap_kernel_step(k)); /* leaves the root vacant */
}

/* Runs k to the end into log and checks that it ran want's events from `from` on. */
static void run_and_compare(struct eap_kernel *k, struct log *log, const struct log *want,
                            size_t from)
{
    eap_kernel_run(k);
    assert_int_equal(log->n, want->n - from);
    for (size_t i = 0; i < log->n; i++) {
        assert_int_equal(log->data[i], want->data[from + i]);
        assert_int_equal(log->time[i], want->time[from + i]);
    }
}

static void test_copy_runs_the_same_events_in_the_same_order(void **state)
{
    (void)state;
    enum { N = 600 };
    static struct log src_log, logs[3];
    static eap_handle hs[N];
    struct eap_kernel src;
    build_busy_kernel(&src, &src_log, hs, N);
    size_t ran = src_log.n;
    /* into a zeroed kernel, a smaller one and a larger one already holding events */
    struct eap_kernel dst[3];
    memset(&dst[0], 0, sizeof(dst[0]));
    assert_true(eap_kernel_init(&dst[1], 1, &logs[1]));
    assert_true(eap_kernel_init(&dst[2], 5000, &logs[2]));
    eap_kernel_at(&dst[2], 3, record, 12345);
    for (int d = 0; d < 3; d++) {
        logs[d].n = 0;
        dst[d].user = &logs[d];
        assert_true(eap_kernel_copy(&dst[d], &src));
        assert_ptr_equal(dst[d].user, &logs[d]); /* user is the destination's own */
        assert_int_equal(dst[d].now, src.now);
        assert_int_equal(dst[d].events_run, src.events_run);
        assert_int_equal(eap_queue_size(&dst[d].queue), eap_queue_size(&src.queue));
        /* The next push gets the same handle in both: same slots, same next sequence. */
        eap_handle a = eap_kernel_at(&src, src.now + 7, record, N + (uint64_t)d);
        eap_handle b = eap_kernel_at(&dst[d], dst[d].now + 7, record, N + (uint64_t)d);
        assert_int_equal(a, b);
    }
    eap_kernel_run(&src);
    for (int d = 0; d < 3; d++) {
        /* src ran the three pushes above; copy d was made after the first d of them and
         * got the same push next, so it lacks only the later ones */
        struct log want = {.n = 0};
        for (size_t i = ran; i < src_log.n; i++) {
            uint64_t v = src_log.data[i];
            if (v <= N + (uint64_t)d) {
                want.time[want.n] = src_log.time[i];
                want.data[want.n++] = v;
            }
        }
        run_and_compare(&dst[d], &logs[d], &want, 0);
        eap_kernel_finish(&dst[d]);
    }
    eap_kernel_finish(&src);
}

static void test_handles_from_the_source_work_in_the_copy(void **state)
{
    (void)state;
    enum { N = 300 };
    static struct log src_log, dst_log;
    static eap_handle hs[N];
    struct eap_kernel src, dst;
    build_busy_kernel(&src, &src_log, hs, N);
    assert_true(eap_kernel_init(&dst, 0, &dst_log));
    assert_true(eap_kernel_copy(&dst, &src));
    size_t cancelled = 0, stale = 0;
    for (size_t i = 0; i < N; i++) {
        bool pending = eap_queue_pending(&src.queue, hs[i]);
        assert_int_equal(eap_queue_pending(&dst.queue, hs[i]), pending);
        if (pending && i % 3 == 0) {
            assert_true(eap_kernel_cancel(&dst, hs[i])); /* in the copy only */
            assert_false(eap_queue_pending(&dst.queue, hs[i]));
            assert_true(eap_queue_pending(&src.queue, hs[i]));
            cancelled++;
        } else if (!pending) {
            assert_false(eap_kernel_cancel(&dst, hs[i])); /* stale in both */
            stale++;
        }
    }
    assert_true(cancelled > 10 && stale > 10);
    size_t src_before = src_log.n;
    eap_kernel_run(&src);
    eap_kernel_run(&dst);
    assert_int_equal(dst_log.n, src_log.n - src_before - cancelled);
    for (size_t i = 0, j = src_before; i < dst_log.n; i++, j++) {
        while (src_log.data[j] % 3 == 0 && src_log.data[j] < N) {
            j++; /* cancelled in the copy */
        }
        assert_int_equal(dst_log.data[i], src_log.data[j]);
    }
    eap_kernel_finish(&src);
    eap_kernel_finish(&dst);
}

static void test_copy_of_an_empty_queue_and_onto_itself(void **state)
{
    (void)state;
    struct eap_queue zero, q, dst;
    memset(&zero, 0, sizeof(zero));
    assert_true(eap_queue_init(&q, 0));
    assert_true(eap_queue_init(&dst, 0));
    assert_true(eap_queue_push(&dst, 5, count_event, 1) != EAP_NO_EVENT);
    assert_true(eap_queue_copy(&dst, &zero)); /* a zeroed source empties dst */
    assert_int_equal(eap_queue_size(&dst), 0);
    assert_int_equal(eap_queue_peek_time(&dst), -1);
    eap_handle h = eap_queue_push(&q, 9, count_event, 2);
    assert_true(eap_queue_copy(&q, &q));
    assert_true(eap_queue_pending(&q, h));
    assert_true(eap_queue_copy(&dst, &q));
    struct eap_event ev;
    assert_true(eap_queue_pop(&dst, &ev));
    assert_int_equal(ev.time, 9);
    assert_int_equal(ev.data, 2);
    assert_false(eap_queue_pop(&dst, &ev));
    eap_queue_finish(&q);
    eap_queue_finish(&dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_run_in_time_order),
        cmocka_unit_test(test_run_with_matches_run),
        cmocka_unit_test(test_equal_times_run_in_schedule_order),
        cmocka_unit_test(test_cancel_removes_event_and_stale_handle_is_harmless),
        cmocka_unit_test(test_handler_may_schedule_at_now),
        cmocka_unit_test(test_run_until_and_stop),
        cmocka_unit_test(test_stop_outside_the_run_loop),
        cmocka_unit_test(test_stop_in_nested_loops),
        cmocka_unit_test(test_forged_handles_name_nothing),
        cmocka_unit_test(test_tombstone_flag_follows_the_count),
        cmocka_unit_test(test_running_event_cannot_be_cancelled),
        cmocka_unit_test(test_randomised_against_reference),
        cmocka_unit_test(test_pending_count_crossing_the_sorted_limit),
        cmocka_unit_test(test_fifo_at_largest_times_and_sequence_numbers),
        cmocka_unit_test(test_mass_cancel_compacts),
        cmocka_unit_test(test_copy_runs_the_same_events_in_the_same_order),
        cmocka_unit_test(test_handles_from_the_source_work_in_the_copy),
        cmocka_unit_test(test_copy_of_an_empty_queue_and_onto_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
