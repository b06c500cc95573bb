/* Distributions: sample moments against the analytic ones, quantiles against the
 * empirical CDF, draws from a word drawn already against whole draws, and refusal of
 * invalid parameters; and the engine's coins from a process stream started in halves, as an
 * input's first draw starts its stream (the engine's own header, as they are internal to it).
 *
 * Tolerances: with N draws the sample mean has standard error sqrt(var / N) and the sample
 * variance about sqrt((m4 - var^2) / N), m4 the fourth central moment (estimated from the
 * same sample). Checks allow Z standard errors; with the fixed seeds the outcome is
 * deterministic, and Z = 4.5 would be exceeded by chance about once in 150,000 seeds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/engine/engine_internal.h"
#include "cmocka_all.h"
#include "eapsim/dist.h"
#include "eapsim/loader.h"

#define N 200000
#define Z 4.5

static double draws[N];

static void check_moments(const struct eap_dist *d, uint64_t seed)
{
    struct eap_rng r;
    eap_rng_init(&r, seed, 0, 0);
    double sum = 0;
    for (int i = 0; i < N; i++) {
        draws[i] = eap_dist_sample(d, &r);
        assert_true(isfinite(draws[i]) && draws[i] >= 0);
        sum += draws[i];
    }
    double mean = sum / N, m2 = 0, m4 = 0;
    for (int i = 0; i < N; i++) {
        double e = draws[i] - mean;
        m2 += e * e;
        m4 += e * e * e * e;
    }
    m2 /= N - 1;
    m4 /= N;
    double want_mean = eap_dist_mean(d), want_var = eap_dist_variance(d);
    double se_mean = sqrt(want_var / N), se_var = sqrt(fmax(m4 - m2 * m2, 0) / N);
    if (fabs(mean - want_mean) > Z * se_mean || fabs(m2 - want_var) > Z * se_var) {
        fail_msg("%s: mean %g (want %g +- %g), variance %g (want %g +- %g)",
                 eap_dist_kind_name(d->kind), mean, want_mean, Z * se_mean, m2, want_var,
                 Z * se_var);
    }
    /* Quantiles: the share of draws at or below q(p) is p within its binomial error. */
    const double ps[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (size_t k = 0; k < 5; k++) {
        double q = eap_dist_quantile(d, ps[k]);
        size_t below = 0;
        for (int i = 0; i < N; i++) {
            below += draws[i] <= q;
        }
        double share = (double)below / N, se = sqrt(ps[k] * (1 - ps[k]) / N);
        bool discrete = d->kind == EAP_DIST_CHOICE;
        if (!discrete && fabs(share - ps[k]) > Z * se) {
            fail_msg("%s: P(X <= q(%g) = %g) is %g", eap_dist_kind_name(d->kind), ps[k], q, share);
        }
        if (discrete && share < ps[k] - Z * se) {
            fail_msg("choice: P(X <= q(%g)) is %g", ps[k], share);
        }
    }
}

static char why[256];

static void test_fixed(void **state)
{
    (void)state;
    struct eap_dist d;
    eap_dist_fixed(&d, 88 * 60000.0);
    struct eap_rng r;
    eap_rng_init(&r, 1, 0, 0);
    assert_true(eap_dist_sample(&d, &r) == 88 * 60000.0);
    assert_true(eap_dist_variance(&d) == 0);
    assert_false(eap_dist_is_uncertain(&d));
}

static void test_uniform_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_uniform(&d, 10, 70, why, sizeof(why)));
    check_moments(&d, 11);
}

static void test_triangular_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    /* the fact sheet's drone task-to-station range, minutes */
    assert_true(eap_dist_triangular(&d, 45, 71, 110, why, sizeof(why)));
    check_moments(&d, 12);
    assert_true(eap_dist_triangular(&d, 0, 0, 5, why, sizeof(why))); /* mode at min */
    check_moments(&d, 13);
}

static void test_pert_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_pert(&d, 60, 180, 240, why, sizeof(why)));
    assert_true(fabs(eap_dist_mean(&d) - (60 + 4 * 180 + 240) / 6.0) < 1e-12);
    check_moments(&d, 14);
}

static void test_truncated_normal_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_normal(&d, 30, 10, why, sizeof(why))); /* barely truncated */
    check_moments(&d, 15);
    assert_true(eap_dist_normal(&d, 2, 10, why, sizeof(why))); /* heavily truncated */
    check_moments(&d, 16);
    assert_true(eap_dist_normal(&d, -20, 10, why, sizeof(why))); /* tail sampler */
    check_moments(&d, 17);
}

static void test_lognormal_moments_and_p90(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_lognormal_p90(&d, 40, 120, why, sizeof(why)));
    assert_true(fabs(eap_dist_quantile(&d, 0.5) - 40) < 1e-9);
    assert_true(fabs(eap_dist_quantile(&d, 0.9) - 120) < 1e-9);
    check_moments(&d, 18);
}

static void test_exponential_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_exponential(&d, 180, why, sizeof(why)));
    check_moments(&d, 19);
}

static void test_choice_moments(void **state)
{
    (void)state;
    struct eap_dist d;
    double v[] = {0, 1, 2, 3}, p[] = {0.3, 0.3, 0.25, 0.15};
    assert_true(eap_dist_choice(&d, v, p, 4, why, sizeof(why)));
    assert_true(fabs(eap_dist_mean(&d) - 1.25) < 1e-12);
    check_moments(&d, 20);
    /* options out of value order: quantiles still follow the values */
    double v2[] = {5, 1}, p2[] = {0.5, 0.5};
    assert_true(eap_dist_choice(&d, v2, p2, 2, why, sizeof(why)));
    assert_true(eap_dist_quantile(&d, 0.25) == 1);
    assert_true(eap_dist_quantile(&d, 0.75) == 5);
}

static void test_recorded_value_is_kept(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_triangular(&d, 45, 71, 110, why, sizeof(why)));
    assert_false(d.has_recorded);
    eap_dist_set_recorded(&d, 71);
    assert_true(d.has_recorded && d.recorded == 71);
    struct eap_dist copy = d;
    assert_true(copy.has_recorded && copy.recorded == 71);
}

/* Drawing from a word drawn already (dist.h) gives eap_dist_sample's draws, one after
 * another from one stream, and leaves the stream where eap_dist_sample leaves it; returns
 * how many of n draws needed more than their first word. */
static int check_from_word(const struct eap_dist *d, uint64_t seed, int n)
{
    assert_true(eap_dist_from_word(d));
    struct eap_rng a, b;
    eap_rng_init(&a, seed, 0, 0);
    eap_rng_init(&b, seed, 0, 0);
    int rests = 0;
    for (int i = 0; i < n; i++) {
        double want = eap_dist_sample(d, &a), got;
        uint64_t w = eap_rng_u64(&b);
        if (!eap_dist_sample_word(d, w, &got)) {
            got = eap_dist_sample_rest(d, w, &b);
            rests++;
        }
        assert_memory_equal(&got, &want, sizeof(got));
        assert_memory_equal(b.s, a.s, sizeof(a.s));
    }
    return rests;
}

/* Uniform, triangular and choice draws are one word's; lognormal and exponential ones are
 * too but for those in the ziggurat's wedges and tails (2.8% and 2.2%: some 50 of 2000), which
 * take more. */
static void test_a_draw_from_its_first_word_is_the_same_draw(void **state)
{
    (void)state;
    struct eap_dist d;
    assert_true(eap_dist_uniform(&d, 10, 70, why, sizeof(why)));
    assert_int_equal(check_from_word(&d, 21, 2000), 0);
    assert_true(eap_dist_triangular(&d, 45, 71, 110, why, sizeof(why)));
    assert_int_equal(check_from_word(&d, 22, 2000), 0);
    double v[] = {5, 1, 3}, p[] = {0.2, 0.5, 0.3};
    assert_true(eap_dist_choice(&d, v, p, 3, why, sizeof(why)));
    assert_int_equal(check_from_word(&d, 23, 2000), 0);
    assert_true(eap_dist_lognormal_p90(&d, 40, 120, why, sizeof(why)));
    assert_true(check_from_word(&d, 24, 2000) > 10);
    assert_true(eap_dist_exponential(&d, 180, why, sizeof(why)));
    assert_true(check_from_word(&d, 25, 2000) > 10);
    /* The others need their stream from the start. */
    assert_true(eap_dist_pert(&d, 60, 180, 240, why, sizeof(why)));
    assert_false(eap_dist_from_word(&d));
    assert_true(eap_dist_normal(&d, 30, 10, why, sizeof(why)));
    assert_false(eap_dist_from_word(&d));
    eap_dist_fixed(&d, 3);
    assert_false(eap_dist_from_word(&d));
}

/* A process stream's coins (eap__process_uniform, whose first in a run starts one state word
 * of four) are eap_rng_uniform's from the stream as eap_rng_init starts it, one, two or three
 * a run; and the stream taken whole afterwards (a fork's redraw, a process's other draws)
 * goes on from there, as it does when it was taken whole first. */
static void test_a_process_stream_started_in_halves_is_the_same_stream(void **state)
{
    (void)state;
    char path[4096];
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/scenarios/benghazi-2012.json", root ? root : ".");
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(path, NULL, 0, &diag);
    assert_non_null(s);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    assert_non_null(e);
    for (uint64_t rep = 0; rep < 12; rep++) {
        eap_engine_reset(e, 7, rep, NULL);
        size_t hop = rep % 2;
        struct eap_rng r;
        eap_rng_init(&r, 7, rep, e->streams[e->process_first[STREAM_HOP] + hop].id);
        if (rep % 4 == 3) { /* taken whole first */
            assert_int_equal(eap_rng_u64(eap__process_stream(e, STREAM_HOP, hop)), eap_rng_u64(&r));
        }
        for (uint64_t n = 0; n <= rep % 3; n++) {
            double got = eap__process_uniform(e, STREAM_HOP, hop), want = eap_rng_uniform(&r);
            assert_memory_equal(&got, &want, sizeof(got));
        }
        assert_int_equal(eap_rng_u64(eap__process_stream(e, STREAM_HOP, hop)), eap_rng_u64(&r));
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
}

static void expect_refusal(bool ok, const char *needle)
{
    assert_false(ok);
    if (!strstr(why, needle)) {
        fail_msg("message \"%s\" lacks \"%s\"", why, needle);
    }
}

static void test_invalid_parameters_are_refused(void **state)
{
    (void)state;
    struct eap_dist d;
    expect_refusal(eap_dist_uniform(&d, 5, 3, why, sizeof(why)), "min (5) must be below max (3)");
    expect_refusal(eap_dist_triangular(&d, 10, 5, 20, why, sizeof(why)), "must lie between");
    expect_refusal(eap_dist_triangular(&d, 20, 20, 10, why, sizeof(why)), "must be below max");
    expect_refusal(eap_dist_pert(&d, 1, 2, 1, why, sizeof(why)), "must be below max");
    expect_refusal(eap_dist_normal(&d, 5, -1, why, sizeof(why)), "sd must be positive");
    expect_refusal(eap_dist_normal(&d, -100, 1, why, sizeof(why)), "almost nothing");
    expect_refusal(eap_dist_lognormal(&d, 0, 1, why, sizeof(why)), "median must be positive");
    expect_refusal(eap_dist_lognormal(&d, 5, -0.5, why, sizeof(why)), "sigma must be positive");
    expect_refusal(eap_dist_lognormal_p90(&d, 40, 30, why, sizeof(why)), "above the median");
    expect_refusal(eap_dist_exponential(&d, 0, why, sizeof(why)), "mean must be positive");
    expect_refusal(eap_dist_uniform(&d, -1, 3, why, sizeof(why)), "negative");
    expect_refusal(eap_dist_uniform(&d, NAN, 3, why, sizeof(why)), "finite");
    double v[] = {1, 2}, p[] = {0.5, 0.6};
    expect_refusal(eap_dist_choice(&d, v, p, 2, why, sizeof(why)), "sum to 1");
    double p3[] = {1.5, -0.5};
    expect_refusal(eap_dist_choice(&d, v, p3, 2, why, sizeof(why)), "not in [0, 1]");
    expect_refusal(eap_dist_choice(&d, v, p, 0, why, sizeof(why)), "options");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_triangular_moments),
        cmocka_unit_test(test_pert_moments),
        cmocka_unit_test(test_truncated_normal_moments),
        cmocka_unit_test(test_lognormal_moments_and_p90),
        cmocka_unit_test(test_exponential_moments),
        cmocka_unit_test(test_choice_moments),
        cmocka_unit_test(test_recorded_value_is_kept),
        cmocka_unit_test(test_a_draw_from_its_first_word_is_the_same_draw),
        cmocka_unit_test(test_a_process_stream_started_in_halves_is_the_same_stream),
        cmocka_unit_test(test_invalid_parameters_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
