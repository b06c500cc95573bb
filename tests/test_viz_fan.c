/* The fan the window draws when it forks runs from the moment shown, without a display: a
 * fork at the end of the run gives zero-width bands at the run's own values; a fork at the
 * start gives the percentiles of the batch branched from there, the same for 1 and 2
 * threads; the worker thread reports its progress and can be cancelled. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/batch.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

#define RUNS 300

struct ctx {
    struct replay r;
};

static int setup(void **state)
{
    struct ctx *c = test_calloc(1, sizeof(*c));
    fixture_replay(&c->r, "benghazi-2012.json");
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    fixture_replay_free(&c->r);
    test_free(c);
    return 0;
}

static const struct eap_viz_run replay = {true, 1, 0};

static void fork_at(const struct ctx *c, eap_time t, uint64_t runs, unsigned threads,
                    struct eap_viz_fan *fan)
{
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine *snap = eap_viz_fork_point(c->r.scn, &replay, t, &err);
    assert_non_null(snap);
    struct eap_viz_fork_spec spec = {c->r.scn, snap, 7, runs, threads};
    assert_true(eap_viz_fork_run(&spec, fan, &err));
}

/* Forked at the end, every run is the run itself: each band has no width, at the replay's
 * own value, and is marked done. */
static void test_fork_at_the_end_has_zero_width(void **state)
{
    struct ctx *c = *state;
    const struct eap_scenario *scn = c->r.scn;
    eap_time end = eap_viz_trace_end(scn, c->r.tr);
    struct eap_viz_fan fan;
    fork_at(c, end, RUNS, 2, &fan);
    int64_t *values = test_calloc(scn->metric_count + 1, sizeof(*values));
    eap_engine_metrics(c->r.e, values);
    assert_true(fan.complete);
    assert_int_equal(fan.runs, RUNS);
    size_t milestones = 0;
    for (size_t m = 0; m < scn->metric_count; m++) {
        milestones += scn->metrics[m].role == EAP_METRIC_MILESTONE;
    }
    assert_int_equal(fan.count, 1 + milestones); /* everyone safe, and each milestone */
    assert_true(milestones >= 10);
    assert_int_equal(fan.bands[0].milestone, EAP_NONE);
    assert_int_equal(scn->metrics[fan.bands[0].metric].role, EAP_METRIC_TIME_ALL_SAFE);
    for (size_t b = 0; b < fan.count; b++) {
        const struct eap_viz_band *band = &fan.bands[b];
        int64_t v = values[band->metric];
        if (v == EAP_METRIC_MISSING) {
            assert_int_equal(band->came, 0);
            continue;
        }
        assert_int_equal(band->came, RUNS);
        assert_int_equal(band->p5, v);
        assert_int_equal(band->p50, v);
        assert_int_equal(band->p95, v);
        assert_true(band->done);
    }
    test_free(values);
    eap_viz_fan_finish(&fan);
}

/* Forked at the start, the bands are the percentiles of the batch branched from there,
 * whatever the thread count; the outcomes ahead are spread. */
static void test_fork_at_the_start_gives_the_batch_percentiles(void **state)
{
    struct ctx *c = *state;
    const struct eap_scenario *scn = c->r.scn;
    struct eap_error err;
    struct eap_engine *snap = eap_viz_fork_point(scn, &replay, 0, &err);
    assert_non_null(snap);
    struct eap_batch_spec b = {.scn = scn, .seed = 7, .count = RUNS, .threads = 1, .from = snap};
    struct eap_batch_stats st;
    assert_true(eap_batch_run(&b, &st, &err));
    eap_engine_destroy(snap);
    struct eap_viz_fan one, two;
    fork_at(c, 0, RUNS, 1, &one);
    fork_at(c, 0, RUNS, 2, &two);
    assert_int_equal(one.count, two.count);
    assert_memory_equal(one.bands, two.bands, one.count * sizeof(*one.bands));
    for (size_t k = 0; k < one.count; k++) {
        const struct eap_viz_band *band = &one.bands[k];
        const struct eap_stat *s = &st.a[band->metric];
        assert_int_equal(band->came, s->count);
        if (s->count > 0) {
            assert_int_equal(band->p5, llround(eap_stat_quantile(s, 0.05)));
            assert_int_equal(band->p50, llround(eap_stat_quantile(s, 0.50)));
            assert_int_equal(band->p95, llround(eap_stat_quantile(s, 0.95)));
            assert_true(band->p5 <= band->p50 && band->p50 <= band->p95);
        }
        if (k > 1 && one.bands[k - 1].came && band->came) {
            assert_true(one.bands[k - 1].p50 <= band->p50); /* milestones by median time */
        }
    }
    /* When everyone is safe is uncertain from the start: a band, not a point. */
    assert_true(one.bands[0].p95 - one.bands[0].p5 > 10 * EAP_MINUTE);
    assert_false(one.bands[0].done);
    eap_batch_stats_finish(&st);
    eap_viz_fan_finish(&one);
    eap_viz_fan_finish(&two);
}

/* On its thread the fork reports how far it got and stops when asked: what it gives is
 * marked incomplete. */
static void test_fork_on_a_thread_reports_and_cancels(void **state)
{
    struct ctx *c = *state;
    struct eap_error err;
    struct eap_engine *snap = eap_viz_fork_point(c->r.scn, &replay, 2 * EAP_HOUR, &err);
    assert_non_null(snap);
    const uint64_t many = 5000000; /* far more than can run before the cancel lands */
    struct eap_viz_fork_spec spec = {c->r.scn, snap, 1, many, 2};
    struct eap_viz_fork *f = eap_viz_fork_start(&spec, &err);
    assert_non_null(f);
    uint64_t done, total;
    eap_viz_fork_poll(f, &done, &total);
    assert_int_equal(total, many);
    assert_true(done <= total);
    eap_viz_fork_cancel(f);
    struct eap_viz_fan fan;
    assert_true(eap_viz_fork_finish(f, &fan, &err));
    assert_false(fan.complete);
    assert_true(fan.runs < many);
    assert_int_equal(fan.runs % EAP_BATCH_BLOCK, 0);
    assert_int_equal(fan.from, 2 * EAP_HOUR);
    eap_viz_fan_finish(&fan);

    /* Left to run, it ends with every run done. */
    snap = eap_viz_fork_point(c->r.scn, &replay, 2 * EAP_HOUR, &err);
    struct eap_viz_fork_spec small = {c->r.scn, snap, 1, RUNS, 2};
    f = eap_viz_fork_start(&small, &err);
    assert_non_null(f);
    assert_true(eap_viz_fork_finish(f, &fan, &err));
    assert_true(fan.complete);
    assert_int_equal(fan.runs, RUNS);
    eap_viz_fan_finish(&fan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fork_at_the_end_has_zero_width, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fork_at_the_start_gives_the_batch_percentiles, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fork_on_a_thread_reports_and_cancels, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
