/* Replications allocate nothing: an engine's reset never allocates, and once its kernel and
 * trace have grown to what the runs need, running allocates nothing either; a batch's
 * allocations do not grow with its number of runs but for what its statistics take on (the
 * histogram blocks, 1 KiB per octave a metric's values reach, and the array of kept exact
 * values, which doubles up to EAP_STAT_EXACT_MAX: stats.h). Allocations are counted by
 * wrapping malloc, calloc and realloc at link time (-Wl,--wrap, tests/meson.build), which
 * covers every call the library makes; eap_stat_add and eap_stat_merge are wrapped too, so
 * the statistics' own allocations are told apart. */
#include <stdatomic.h>
#include <stdlib.h>

#include "cmocka_all.h"
#include "eapsim/batch.h"
#include "eapsim/engine.h"
#include "eapsim/stats.h"
#include "scenario_fixture.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
bool __real_eap_stat_add(struct eap_stat *s, int64_t v);
bool __real_eap_stat_merge(struct eap_stat *into, const struct eap_stat *from);
bool __wrap_eap_stat_add(struct eap_stat *s, int64_t v);
bool __wrap_eap_stat_merge(struct eap_stat *into, const struct eap_stat *from);

/* Every allocation, and those made inside eap_stat_add or eap_stat_merge (on this thread). */
static atomic_ulong allocations, stat_allocations;
static _Thread_local bool in_stats;

static void counted(void)
{
    atomic_fetch_add(&allocations, 1);
    if (in_stats) {
        atomic_fetch_add(&stat_allocations, 1);
    }
}

void *__wrap_malloc(size_t n)
{
    counted();
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    counted();
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    counted();
    return __real_realloc(p, n);
}

bool __wrap_eap_stat_add(struct eap_stat *s, int64_t v)
{
    in_stats = true;
    bool ok = __real_eap_stat_add(s, v);
    in_stats = false;
    return ok;
}

bool __wrap_eap_stat_merge(struct eap_stat *into, const struct eap_stat *from)
{
    in_stats = true;
    bool ok = __real_eap_stat_merge(into, from);
    in_stats = false;
    return ok;
}

static const char *const scenarios[] = {"tripoli-2014.json", "benghazi-2012.json"};

/* Runs replications first .. first + count - 1 and returns the allocations they made, those
 * of the resets in *in_reset. */
static unsigned long run_reps(struct eap_engine *e, uint64_t first, uint64_t count,
                              const struct eap_engine_options *opt, unsigned long *in_reset)
{
    struct eap_error err;
    int64_t values[512];
    assert_true(eap_engine_scenario(e)->metric_count <= 512);
    unsigned long before = atomic_load(&allocations), resets = 0;
    for (uint64_t r = first; r < first + count; r++) {
        unsigned long at = atomic_load(&allocations);
        eap_engine_reset(e, 7, r, opt);
        resets += atomic_load(&allocations) - at;
        assert_true(eap_engine_run(e, &err));
        eap_engine_metrics(e, values);
    }
    *in_reset = resets;
    return atomic_load(&allocations) - before;
}

/* After a thousand replications have grown the kernel and the trace, ten thousand more
 * allocate nothing, traced (as `run` and `view`) or not (as a batch); no reset ever does. */
static void test_replications_allocate_nothing(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        struct eap_scenario *s = fixture_load_file(scenarios[i], NULL, 0);
        struct eap_error err;
        struct eap_engine *e = eap_engine_create(s, &err);
        assert_non_null(e);
        for (int traced = 0; traced < 2; traced++) {
            struct eap_engine_options opt = {.untraced = !traced};
            unsigned long resets, warm = run_reps(e, 0, 1000, &opt, &resets);
            assert_int_equal(resets, 0);
            (void)warm; /* the first runs grow the kernel's pool and the trace */
            assert_int_equal(run_reps(e, 1000, 10000, &opt, &resets), 0);
            assert_int_equal(resets, 0);
        }
        eap_engine_destroy(e);
        eap_scenario_destroy(s);
    }
}

/* Histogram blocks held by a batch's statistics: their bytes less the kept values' array
 * (each stat's block table is under 1 KiB). */
static unsigned long histogram_blocks(const struct eap_batch_stats *st)
{
    unsigned long blocks = 0;
    for (size_t i = 0; i < st->metric_count; i++) {
        const struct eap_stat *a = &st->a[i];
        blocks += (eap_stat_bytes(a) - a->exact_cap * sizeof(*a->exact)) / 1024;
    }
    return blocks;
}

/* The allocations a statistic's kept exact values took in a one-thread batch: the worker's
 * array grew from 64 by doubling (capped at EAP_STAT_EXACT_MAX) until it held them all, and
 * the merge into the result made one joined array. The result keeps as many as the worker. */
static unsigned long exact_allocations(const struct eap_stat *merged)
{
    uint32_t n = merged->exact_n;
    if (n == 0) {
        return 0;
    }
    unsigned long growths = 1;
    for (uint32_t cap = 64; cap < n; growths++) {
        cap = 2 * cap > EAP_STAT_EXACT_MAX ? EAP_STAT_EXACT_MAX : 2 * cap;
    }
    return growths + 1;
}

/* One thread: a batch of 10,000 runs allocates exactly as often as one of 100 outside its
 * statistics; inside them, the worker's statistics and the merged result take on the same
 * histogram blocks, and the kept values' arrays grow as their counts say. */
static void test_a_batch_allocates_the_same_whatever_its_length(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        struct eap_scenario *s = fixture_load_file(scenarios[i], NULL, 0);
        unsigned long others[2], in_stats_count[2], blocks[2], exact[2] = {0, 0};
        const uint64_t runs[2] = {100, 10000};
        for (int k = 0; k < 2; k++) {
            struct eap_batch_spec spec = {.scn = s, .seed = 3, .count = runs[k], .threads = 1};
            struct eap_batch_stats st;
            struct eap_error err;
            unsigned long before = atomic_load(&allocations);
            unsigned long stat_before = atomic_load(&stat_allocations);
            assert_true(eap_batch_run(&spec, &st, &err));
            in_stats_count[k] = atomic_load(&stat_allocations) - stat_before;
            others[k] = atomic_load(&allocations) - before - in_stats_count[k];
            blocks[k] = histogram_blocks(&st);
            for (size_t m = 0; m < st.metric_count; m++) {
                assert_false(st.a[m].inexact); /* 10,000 runs: every value kept */
                exact[k] += exact_allocations(&st.a[m]);
            }
            eap_batch_stats_finish(&st);
        }
        assert_int_equal(others[1], others[0]);
        assert_true(blocks[1] > blocks[0] && exact[1] > exact[0]); /* both parts are seen */
        assert_int_equal(in_stats_count[1] - in_stats_count[0],
                         2 * (blocks[1] - blocks[0]) + (exact[1] - exact[0]));
        eap_scenario_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replications_allocate_nothing),
        cmocka_unit_test(test_a_batch_allocates_the_same_whatever_its_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
