/* Histograms that equal the data: a million draws from known smooth distributions (uniform,
 * triangular, lognormal) go through the accumulator (stats.h) and the chart data
 * (eap_study_histogram), and every bar, and each tail beyond the bars, holds the number of
 * draws the distribution puts in its range, within 4 standard errors. The accumulator's bins
 * (0.39% wide) are coarser than the spacing of the draws, so a bar edge falls inside a bin:
 * splitting that bin in proportion keeps the bar right; moving it whole to one side would be
 * off by up to half a bin's count, thousands of standard errors here. With at most
 * EAP_STAT_EXACT_MAX draws the counts are exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/rng.h"
#include "eapsim/study.h"

#define DRAWS 1000000
#define MS_PER_MIN 60000.0

/* A distribution of minutes by its CDF and a draw from a uniform u in (0, 1). */
struct law {
    const char *name;
    double a, b, c; /* parameters, minutes (lognormal: median, sigma) */
    double (*cdf)(const struct law *, double);
    double (*draw)(const struct law *, double);
};

static double uniform_cdf(const struct law *l, double x)
{
    return x <= l->a ? 0 : (x >= l->b ? 1 : (x - l->a) / (l->b - l->a));
}

static double uniform_draw(const struct law *l, double u)
{
    return l->a + u * (l->b - l->a);
}

/* Triangular on [a, c] with its mode at b. */
static double triangular_cdf(const struct law *l, double x)
{
    double a = l->a, m = l->b, c = l->c;
    if (x <= a) {
        return 0;
    }
    if (x >= c) {
        return 1;
    }
    return x <= m ? (x - a) * (x - a) / ((c - a) * (m - a))
                  : 1 - (c - x) * (c - x) / ((c - a) * (c - m));
}

static double triangular_draw(const struct law *l, double u)
{
    double a = l->a, m = l->b, c = l->c, fm = (m - a) / (c - a);
    return u < fm ? a + sqrt(u * (c - a) * (m - a)) : c - sqrt((1 - u) * (c - a) * (c - m));
}

static double lognormal_cdf(const struct law *l, double x)
{
    return x <= 0 ? 0 : 0.5 * erfc(-log(x / l->a) / (l->b * sqrt(2)));
}

/* Inverse CDF by bisection: slow, but a test wants it plainly right. */
static double lognormal_draw(const struct law *l, double u)
{
    double lo = 0, hi = l->a * exp(12 * l->b);
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        *(lognormal_cdf(l, mid) < u ? &lo : &hi) = mid;
    }
    return 0.5 * (lo + hi);
}

static const struct law laws[] = {
    {"uniform 50-70 min", 50, 70, 0, uniform_cdf, uniform_draw},
    {"triangular 40-55-90 min", 40, 55, 90, triangular_cdf, triangular_draw},
    {"lognormal median 60 min, sigma 0.3", 60, 0.3, 0, lognormal_cdf, lognormal_draw},
};

static struct eap_metric_def minutes_metric(void)
{
    struct eap_metric_def d;
    memset(&d, 0, sizeof(d));
    snprintf(d.name, sizeof(d.name), "span");
    snprintf(d.label, sizeof(d.label), "a span");
    d.unit = EAP_MU_DURATION;
    d.role = EAP_METRIC_ON_SCENE;
    d.subject = 0;
    return d;
}

/* n draws of law l, in whole milliseconds as the engine measures, into s. Lognormal draws go
 * through a table of its inverse CDF, interpolated: exact to far below the test's tolerance
 * (4096 points over (0, 1), each from 200 bisection steps). */
static void fill(struct eap_stat *s, const struct law *l, size_t n, uint64_t seed)
{
    static double table[4097];
    bool tabled = l->draw == lognormal_draw;
    for (int i = 0; tabled && i <= 4096; i++) {
        table[i] = l->draw(l, fmin(fmax(i / 4096.0, 1e-12), 1 - 1e-12));
    }
    struct eap_rng r;
    eap_rng_init(&r, seed, 0, 0);
    eap_stat_init(s);
    for (size_t i = 0; i < n; i++) {
        double u = eap_rng_uniform_pos(&r), x;
        if (tabled && u > 1.0 / 4096 && u < 4095.0 / 4096) {
            double at = u * 4096, f = at - floor(at);
            x = table[(int)at] * (1 - f) + table[(int)at + 1] * f;
        } else {
            x = l->draw(l, u);
        }
        assert_true(eap_stat_add(s, (int64_t)llround(x * MS_PER_MIN)));
    }
}

/* |observed - expected| within 4 binomial standard errors of n draws with probability p (plus
 * one run for the rounding of the counts to whole runs). */
static void expect_count(const char *what, double lo, double hi, double observed, double p,
                         double n)
{
    double se = sqrt(n * p * (1 - p)), expected = n * p;
    if (!(fabs(observed - expected) <= 4 * se + 1)) {
        fail_msg("%s, [%g, %g): %.0f runs, expected %.1f (standard error %.1f)", what, lo, hi,
                 observed, expected, se);
    }
}

/* The interpolated lognormal table shifts its CDF by at most about 1e-6; the tolerance of a
 * bar of p = 0.01 is 4 * sqrt(1e6 * 0.01) = 400 runs, 4e-4 in probability: no allowance
 * needed. */
static void check_law(const struct law *l)
{
    struct eap_stat s;
    fill(&s, l, DRAWS, 7);
    struct eap_metric_def d = minutes_metric();
    struct eap_study_histogram h;
    assert_true(eap_study_histogram(&d, &s, false, &h));
    assert_true(h.bins >= 20 && h.bins <= EAP_STUDY_MAX_BINS);
    assert_true(h.resolution > 0); /* a million draws: the counts come from the bins */
    double total = h.below + h.above;
    for (size_t i = 0; i < h.bins; i++) {
        double p = l->cdf(l, h.edges[i + 1]) - l->cdf(l, h.edges[i]);
        expect_count(l->name, h.edges[i], h.edges[i + 1], h.counts[i], p, DRAWS);
        total += h.counts[i];
    }
    expect_count(l->name, -INFINITY, h.edges[0], h.below, l->cdf(l, h.edges[0]), DRAWS);
    expect_count(l->name, h.edges[h.bins], INFINITY, h.above, 1 - l->cdf(l, h.edges[h.bins]),
                 DRAWS);
    assert_true(total == DRAWS);
    eap_stat_finish(&s);
}

static void test_uniform_bars_hold_their_expected_counts(void **state)
{
    (void)state;
    check_law(&laws[0]);
}

static void test_triangular_bars_hold_their_expected_counts(void **state)
{
    (void)state;
    check_law(&laws[1]);
}

static void test_lognormal_bars_hold_their_expected_counts(void **state)
{
    (void)state;
    check_law(&laws[2]);
}

/* Bars lie on round values (multiples of 1, 2, 2.5 or 5 times a power of ten), and are no
 * narrower than a bin of the accumulator at the top of the range. */
static void test_bar_edges_are_round_and_no_narrower_than_a_bin(void **state)
{
    (void)state;
    struct eap_stat s;
    fill(&s, &laws[2], 20000, 9);
    struct eap_metric_def d = minutes_metric();
    struct eap_study_histogram h;
    assert_true(eap_study_histogram(&d, &s, false, &h));
    double step = h.edges[1] - h.edges[0], top = h.edges[h.bins];
    double mantissa = step / pow(10, floor(log10(step)));
    assert_true(fabs(mantissa - 1) < 1e-9 || fabs(mantissa - 2) < 1e-9 ||
                fabs(mantissa - 2.5) < 1e-9 || fabs(mantissa - 5) < 1e-9);
    for (size_t i = 0; i <= h.bins; i++) {
        double q = h.edges[i] / step;
        assert_true(fabs(q - round(q)) < 1e-9);
    }
    assert_true(step >= 2 * EAP_STAT_QUANTILE_REL_ERROR * top);
    eap_stat_finish(&s);
}

/* Up to EAP_STAT_EXACT_MAX values the accumulator keeps them: every bar and tail is the exact
 * number of draws in its range, and bars may be narrower than a bin. */
static void test_small_batches_give_exact_bars(void **state)
{
    (void)state;
    const size_t n = EAP_STAT_EXACT_MAX;
    struct eap_stat s;
    fill(&s, &laws[1], n, 11);
    struct eap_rng r;
    eap_rng_init(&r, 11, 0, 0);
    int64_t *v = malloc(n * sizeof(*v));
    assert_non_null(v);
    for (size_t i = 0; i < n; i++) { /* the same draws again */
        v[i] = llround(laws[1].draw(&laws[1], eap_rng_uniform_pos(&r)) * MS_PER_MIN);
    }
    struct eap_metric_def d = minutes_metric();
    struct eap_study_histogram h;
    assert_true(eap_study_histogram(&d, &s, false, &h));
    assert_true(h.resolution == 0);
    for (size_t b = 0; b <= h.bins + 1; b++) {
        double lo = b == 0 ? -INFINITY : h.edges[b - 1] * MS_PER_MIN;
        double hi = b == h.bins + 1 ? INFINITY : h.edges[b] * MS_PER_MIN;
        double got = b == 0 ? h.below : (b == h.bins + 1 ? h.above : h.counts[b - 1]), want = 0;
        for (size_t i = 0; i < n; i++) {
            want += (double)v[i] >= lo && (double)v[i] < hi;
        }
        if (got != want) {
            fail_msg("bar %zu [%g, %g) min: %.0f, exact %.0f", b, lo / MS_PER_MIN, hi / MS_PER_MIN,
                     got, want);
        }
    }
    free(v);
    eap_stat_finish(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform_bars_hold_their_expected_counts),
        cmocka_unit_test(test_triangular_bars_hold_their_expected_counts),
        cmocka_unit_test(test_lognormal_bars_hold_their_expected_counts),
        cmocka_unit_test(test_bar_edges_are_round_and_no_narrower_than_a_bin),
        cmocka_unit_test(test_small_batches_give_exact_bars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
