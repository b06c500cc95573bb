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

static void count_event(struct eap_kernel *k, uint64_t data)
{
    uint64_t *count = k->user;
    (void)data;
    (*count)++;
}

static void test_sequence_renumbering_keeps_fifo(void **state)
{
    (void)state;
    /* Push more events than the 22-bit sequence space holds, keeping some pending across
     * the renumbering, and check that FIFO order at equal times survives it. */
    struct log log = {.n = 0};
    struct eap_kernel k;
    assert_true(eap_kernel_init(&k, 0, &log));
    for (uint64_t i = 0; i < 10; i++) {
        eap_kernel_at(&k, 1000000, record, i);
    }
    uint64_t count = 0;
    k.user = &count;
    for (uint64_t i = 0; i < (UINT64_C(1) << EAP_QUEUE_SEQ_BITS) + 100; i++) {
        eap_kernel_at(&k, k.now, count_event, i);
        eap_kernel_step(&k);
    }
    for (uint64_t i = 10; i < 20; i++) {
        eap_kernel_at(&k, 1000000, record, i);
    }
    k.user = &log;
    eap_kernel_run(&k);
    assert_int_equal(count, (UINT64_C(1) << EAP_QUEUE_SEQ_BITS) + 100);
    assert_int_equal(log.n, 20);
    for (size_t i = 0; i < 20; i++) {
        assert_int_equal(log.data[i], i);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_run_in_time_order),
        cmocka_unit_test(test_equal_times_run_in_schedule_order),
        cmocka_unit_test(test_cancel_removes_event_and_stale_handle_is_harmless),
        cmocka_unit_test(test_handler_may_schedule_at_now),
        cmocka_unit_test(test_run_until_and_stop),
        cmocka_unit_test(test_randomised_against_reference),
        cmocka_unit_test(test_sequence_renumbering_keeps_fifo),
        cmocka_unit_test(test_mass_cancel_compacts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
