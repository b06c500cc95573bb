/* Replications allocate nothing: an engine's reset never allocates, and once its kernel and
 * trace have grown to what the runs need, running allocates nothing either; a batch's
 * allocations do not grow with its number of runs beyond the histogram blocks its statistics
 * take on (1 KiB per octave a metric's values reach, stats.h). Allocations are counted by
 * wrapping malloc, calloc and realloc at link time (-Wl,--wrap, tests/meson.build), which
 * covers every call the library makes. */
#include <stdatomic.h>
#include <stdlib.h>

#include "cmocka_all.h"
#include "eapsim/batch.h"
#include "eapsim/engine.h"
#include "scenario_fixture.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static atomic_ulong allocations;

void *__wrap_malloc(size_t n)
{
    atomic_fetch_add(&allocations, 1);
    return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    atomic_fetch_add(&allocations, 1);
    return __real_realloc(p, n);
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

/* Histogram blocks held by a batch's statistics (each stat's block table is under 1 KiB). */
static unsigned long histogram_blocks(const struct eap_batch_stats *st)
{
    unsigned long blocks = 0;
    for (size_t i = 0; i < st->metric_count; i++) {
        blocks += eap_stat_bytes(&st->a[i]) / 1024;
    }
    return blocks;
}

/* One thread: its worker's statistics and the merged result take on the same blocks, so a
 * batch of 10,000 runs allocates twice the extra blocks more than one of 1,000, and nothing
 * else more. */
static void test_a_batch_allocates_the_same_whatever_its_length(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
        struct eap_scenario *s = fixture_load_file(scenarios[i], NULL, 0);
        unsigned long allocs[2], blocks[2];
        const uint64_t runs[2] = {1000, 10000};
        for (int k = 0; k < 2; k++) {
            struct eap_batch_spec spec = {.scn = s, .seed = 3, .count = runs[k], .threads = 1};
            struct eap_batch_stats st;
            struct eap_error err;
            unsigned long before = atomic_load(&allocations);
            assert_true(eap_batch_run(&spec, &st, &err));
            allocs[k] = atomic_load(&allocations) - before;
            blocks[k] = histogram_blocks(&st);
            eap_batch_stats_finish(&st);
        }
        assert_int_equal(allocs[1] - allocs[0], 2 * (blocks[1] - blocks[0]));
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
