/* M/M/1 on the kernel: the mean wait in queue agrees with queueing theory.
 *
 * lambda = 0.9, mu = 1.0 give rho / (mu - lambda) = 9.0 s. Waits in a busy M/M/1 queue are
 * strongly autocorrelated, so one long run's naive standard error would be far too small.
 * Instead R independent replications (streams 0..R-1 of one seed), each with a warm-up cut,
 * give R independent means whose spread yields an honest standard error. The test allows
 * 4 standard errors (t with 29 degrees of freedom puts 99.98% inside) and also requires the
 * standard error to be small (under 0.25 s), so a wrong model cannot pass by being noisy. */
#include <math.h>

#include "cmocka_all.h"
#include "eapsim/mm1.h"

static void test_mean_wait_matches_analytic(void **state)
{
    (void)state;
    enum { R = 30 };
    const uint64_t customers = 60000, warmup = 6000;
    double means[R], sum = 0;
    for (int r = 0; r < R; r++) {
        struct eap_mm1_result res;
        assert_true(eap_mm1_run(0.9, 1.0, customers, warmup, 2026, (uint64_t)r, &res));
        assert_int_equal(res.served, customers - warmup);
        assert_true(res.events >= 2 * customers - 2);
        means[r] = res.mean_wait;
        sum += means[r];
    }
    double grand = sum / R, ss = 0;
    for (int r = 0; r < R; r++) {
        ss += (means[r] - grand) * (means[r] - grand);
    }
    double se = sqrt(ss / (R - 1) / R);
    double want = eap_mm1_analytic_wait(0.9, 1.0);
    assert_true(fabs(want - 9.0) < 1e-12);
    if (se > 0.25 || fabs(grand - want) > 4 * se) {
        fail_msg("mean wait %.3f s, analytic %.3f s, standard error %.3f s", grand, want, se);
    }
}

static void test_same_seed_same_result(void **state)
{
    (void)state;
    struct eap_mm1_result a, b, c;
    assert_true(eap_mm1_run(0.9, 1.0, 20000, 0, 7, 3, &a));
    assert_true(eap_mm1_run(0.9, 1.0, 20000, 0, 7, 3, &b));
    assert_true(eap_mm1_run(0.9, 1.0, 20000, 0, 7, 4, &c));
    assert_true(a.mean_wait == b.mean_wait && a.events == b.events);
    assert_true(a.mean_wait != c.mean_wait);
}

static void test_light_load_wait(void **state)
{
    (void)state;
    /* rho = 0.5: analytic wait 1.0 s; the autocorrelation is mild, so one long run with a
     * generous tolerance of 5% suffices (its standard error is about 1%). */
    struct eap_mm1_result res;
    assert_true(eap_mm1_run(0.5, 1.0, 400000, 1000, 11, 0, &res));
    assert_true(fabs(res.mean_wait - 1.0) < 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_wait_matches_analytic),
        cmocka_unit_test(test_same_seed_same_result),
        cmocka_unit_test(test_light_load_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
