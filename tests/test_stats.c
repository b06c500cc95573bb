/* Exact mergeable statistics: moments against direct computation, exactness at the int64
 * limits, the quantile error bound, order independence of adding and merging (byte-identical
 * JSON, bit-identical results), the JSON round trip and its validation, and the Student t and
 * Wilson intervals against reference values (mpmath, 40 digits). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cmocka_all.h"
#include "sim/batch/stats_json.h"
#include "eapsim/rng.h"
#include "eapsim/stats.h"

#define N 100000

static int64_t values[N];
static int64_t sorted[N];

/* The compact JSON text of s; free with free(). */
static char *json_text(const struct eap_stat *s)
{
    cJSON *obj = eap_stat_to_json(s);
    assert_non_null(obj);
    char *text = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    assert_non_null(text);
    return text;
}

static void add_all(struct eap_stat *s, const int64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(eap_stat_add(s, v[i]));
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A mix like a batch's metrics and paired differences: durations (lognormal, ms), signed
 * differences, zeros, flags, a few huge values and about 1% missing. */
static void fill_mixed(uint64_t seed)
{
    struct eap_rng r;
    eap_rng_init(&r, seed, 0, 0);
    for (size_t i = 0; i < N; i++) {
        uint32_t kind = eap_rng_below(&r, 100);
        if (kind == 0) {
            values[i] = EAP_STAT_MISSING;
        } else if (kind < 50) {
            values[i] = (int64_t)(2.4e6 * exp(1.2 * eap_rng_normal(&r)));
        } else if (kind < 80) {
            values[i] = (int64_t)(5e5 * eap_rng_normal(&r));
        } else if (kind < 90) {
            values[i] = eap_rng_below(&r, 2);
        } else if (kind < 99) {
            values[i] = 0;
        } else {
            values[i] = (int64_t)(eap_rng_u64(&r) >> 1) * (eap_rng_below(&r, 2) ? 1 : -1);
        }
    }
}

/* --- basics -------------------------------------------------------------------------------- */

static void test_empty_stat_gives_nan_and_holds_no_memory(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    assert_int_equal(s.count, 0);
    assert_int_equal(s.missing, 0);
    assert_int_equal(eap_stat_bytes(&s), 0);
    assert_true(isnan(eap_stat_mean(&s)));
    assert_true(isnan(eap_stat_variance(&s)));
    assert_true(isnan(eap_stat_sd(&s)));
    assert_true(isnan(eap_stat_quantile(&s, 0)));
    assert_true(isnan(eap_stat_quantile(&s, 0.5)));
    double lo = 0, hi = 0, p = 0;
    eap_stat_mean_ci(&s, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    assert_false(eap_stat_proportion(&s, 0.95, &p, &lo, &hi));
    assert_true(isnan(p) && isnan(lo) && isnan(hi));
    char *text = json_text(&s);
    assert_string_equal(text, "{\"count\":0,\"missing\":0,\"min\":null,\"max\":null,"
                              "\"sum\":0,\"sumsq\":0,\"bins_per_octave\":128,\"bins\":[]}");
    free(text);
    eap_stat_finish(&s);
    eap_stat_finish(&s); /* idempotent */
    struct eap_stat zeroed = {0};
    eap_stat_finish(&zeroed);
}

static void test_min_max_count_and_missing(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    assert_true(eap_stat_add(&s, EAP_STAT_MISSING));
    assert_int_equal(s.count, 0);
    assert_int_equal(s.missing, 1);
    assert_true(isnan(eap_stat_mean(&s)));
    const int64_t v[] = {7, -3, EAP_STAT_MISSING, 12, 0, EAP_STAT_MISSING, -3};
    add_all(&s, v, 7);
    assert_int_equal(s.count, 5);
    assert_int_equal(s.missing, 3);
    assert_int_equal(s.min, -3);
    assert_int_equal(s.max, 12);
    assert_true(eap_stat_mean(&s) == 13.0 / 5);
    /* One value: a mean, but no spread and no interval. */
    struct eap_stat one;
    eap_stat_init(&one);
    assert_true(eap_stat_add(&one, -42));
    assert_true(eap_stat_mean(&one) == -42);
    assert_true(isnan(eap_stat_sd(&one)));
    assert_true(eap_stat_quantile(&one, 0.5) == -42);
    double lo, hi;
    eap_stat_mean_ci(&one, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    eap_stat_finish(&one);
    eap_stat_finish(&s);
}

static void test_mean_and_sd_match_two_pass_double(void **state)
{
    (void)state;
    struct eap_rng r;
    eap_rng_init(&r, 11, 0, 0);
    struct eap_stat s;
    eap_stat_init(&s);
    double sum = 0;
    for (size_t i = 0; i < N; i++) { /* |v| < 2^24: every partial sum is exact in double */
        values[i] = (int64_t)eap_rng_below(&r, 11000000) - 1000000;
        sum += (double)values[i];
        assert_true(eap_stat_add(&s, values[i]));
    }
    double mean = sum / N, m2 = 0;
    for (size_t i = 0; i < N; i++) {
        m2 += ((double)values[i] - mean) * ((double)values[i] - mean);
    }
    double sd = sqrt(m2 / (N - 1));
    assert_true(eap_stat_mean(&s) == mean);
    assert_true(fabs(eap_stat_sd(&s) - sd) <= 1e-12 * sd);
    assert_true(fabs(eap_stat_variance(&s) - sd * sd) <= 1e-12 * sd * sd);
    eap_stat_finish(&s);
}

static void test_variance_has_no_cancellation(void **state)
{
    (void)state;
    /* Naive double sums of squares lose everything here (x^2 ~ 1e30, spread 2.5). */
    struct eap_stat s;
    eap_stat_init(&s);
    for (int64_t k = 1; k <= 5; k++) {
        assert_true(eap_stat_add(&s, INT64_C(1000000000000000) + k));
    }
    assert_true(eap_stat_variance(&s) == 2.5);
    assert_true(eap_stat_sd(&s) == sqrt(2.5));
    assert_true(eap_stat_mean(&s) == 1000000000000003.0);
    eap_stat_finish(&s);
    /* Constant data has exactly zero spread, however large. */
    eap_stat_init(&s);
    for (int i = 0; i < 1000; i++) {
        assert_true(eap_stat_add(&s, INT64_C(-86400000000000)));
    }
    assert_true(eap_stat_sd(&s) == 0);
    double lo, hi;
    eap_stat_mean_ci(&s, 0.95, &lo, &hi);
    assert_true(lo == -86400000000000.0 && hi == lo);
    eap_stat_finish(&s);
}

static void test_negative_values_and_paired_differences(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    const int64_t a[] = {100, 250, 90, 4000000, 7};
    const int64_t b[] = {130, 200, 95, 3000000, 7};
    for (int i = 0; i < 5; i++) {
        assert_true(eap_stat_add(&s, a[i] - b[i]));
    }
    assert_int_equal(s.min, -30);
    assert_int_equal(s.max, 1000000);
    assert_true(eap_stat_mean(&s) == (-30 + 50 - 5 + 1000000 + 0) / 5.0);
    assert_true(eap_stat_quantile(&s, 0) == -30);
    assert_true(eap_stat_quantile(&s, 0.2) == -30);
    assert_true(eap_stat_quantile(&s, 0.4) == -5);
    assert_true(eap_stat_quantile(&s, 0.6) == 0);
    assert_true(eap_stat_quantile(&s, 0.8) == 50);
    assert_true(eap_stat_quantile(&s, 1) == 1000000);
    char *text = json_text(&s);
    assert_string_equal(text,
                        "{\"count\":5,\"missing\":0,\"min\":-30,\"max\":1000000,"
                        "\"sum\":1000015,\"sumsq\":1000000003425,"
                        "\"bins_per_octave\":128,\"bins\":[[-30,1],[-5,1],[0,1],[50,1],[1780,1]],"
                        "\"exact\":[1000000]}");
    free(text);
    eap_stat_finish(&s);
}

static void test_sums_stay_exact_at_the_int64_limits(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    for (int i = 0; i < 3; i++) {
        assert_true(eap_stat_add(&s, INT64_MAX));
    }
    char *text = json_text(&s);
    /* Integers beyond 2^53 - 1 are strings (json_int.h), the small ones numbers. */
    assert_non_null(strstr(text, "\"count\":3,"));
    assert_non_null(strstr(text, "\"max\":\"9223372036854775807\""));
    assert_non_null(strstr(text, "\"sum\":\"27670116110564327421\""));
    assert_non_null(strstr(text, "\"sumsq\":\"255211775190703847542190723352697503747\""));
    free(text);
    /* Doubling by self-merge to n = 3 * 2^60: the sum needs 125 bits, the squares 188. */
    for (int i = 0; i < 60; i++) {
        assert_true(eap_stat_merge(&s, &s));
    }
    assert_true(s.count == UINT64_C(3) << 60);
    text = json_text(&s);
    assert_non_null(strstr(text, "\"sum\":\"31901471898837980946232604932907728896\""));
    assert_non_null(strstr(text, "\"sumsq\":\"2942391438462506607409996854151834013588739370796"
                                 "15619072\""));
    free(text);
    assert_true(eap_stat_mean(&s) == 0x1p63);
    assert_true(eap_stat_sd(&s) == 0);
    assert_true(eap_stat_quantile(&s, 0.5) == (double)INT64_MAX);
    /* Opposite extremes cancel exactly; the spread is INT64_MAX * sqrt(n / (n - 1)). */
    struct eap_stat pm;
    eap_stat_init(&pm);
    for (int i = 0; i < 1000; i++) {
        assert_true(eap_stat_add(&pm, INT64_MAX));
        assert_true(eap_stat_add(&pm, -INT64_MAX));
    }
    for (int i = 0; i < 50; i++) {
        assert_true(eap_stat_merge(&pm, &pm));
    }
    assert_true(eap_stat_mean(&pm) == 0);
    assert_true(fabs(eap_stat_sd(&pm) / 0x1p63 - 1) < 1e-15);
    assert_int_equal(pm.min, -INT64_MAX);
    assert_true(eap_stat_quantile(&pm, 0.25) < -0x1p62 && eap_stat_quantile(&pm, 0.75) > 0x1p62);
    eap_stat_finish(&pm);
    eap_stat_finish(&s);
}

static void test_bins_are_allocated_lazily(void **state)
{
    (void)state;
    struct eap_stat flag, empty;
    eap_stat_init(&flag);
    eap_stat_init(&empty);
    for (int i = 0; i < 1000; i++) {
        assert_true(eap_stat_add(&flag, i % 3 == 0));
    }
    size_t table = 114 * sizeof(uint64_t *), block = 128 * sizeof(uint64_t);
    assert_int_equal(eap_stat_bytes(&flag), table + block);
    assert_true(eap_stat_add(&flag, 1000)); /* a second octave block, and a kept value */
    assert_int_equal(eap_stat_bytes(&flag), table + 2 * block + 64 * sizeof(int64_t));
    assert_true(eap_stat_add(&empty, EAP_STAT_MISSING));
    assert_true(eap_stat_merge(&empty, &empty));
    assert_int_equal(eap_stat_bytes(&empty), 0);
    eap_stat_finish(&flag);
    eap_stat_finish(&empty);
}

/* --- quantiles ----------------------------------------------------------------------------- */

/* Exact nearest-rank quantile of the sorted non-missing values. */
static double exact_quantile(const int64_t *v, size_t n, double p)
{
    size_t rank = (size_t)ceil(p * (double)n - 1e-9);
    return (double)v[rank < 1 ? 0 : rank - 1];
}

static void check_quantiles(const struct eap_stat *s, const int64_t *v, size_t n)
{
    const double ps[] = {0.0001, 0.001, 0.01, 0.05,  0.1,    0.25,  0.5,  0.75,
                         0.9,    0.95,  0.99, 0.999, 0.9999, 0.123, 0.777};
    for (size_t k = 0; k < sizeof(ps) / sizeof(ps[0]); k++) {
        double want = exact_quantile(v, n, ps[k]), got = eap_stat_quantile(s, ps[k]);
        double tol = fabs(want) * (EAP_STAT_QUANTILE_REL_ERROR + 0x1p-52);
        if (!(fabs(got - want) <= tol)) {
            fail_msg("quantile %g: got %.17g, exact %.17g", ps[k], got, want);
        }
    }
    assert_true(eap_stat_quantile(s, 0) == (double)v[0]);
    assert_true(eap_stat_quantile(s, 1) == (double)v[n - 1]);
}

static void test_quantiles_within_documented_error_of_exact(void **state)
{
    (void)state;
    struct eap_rng r;
    eap_rng_init(&r, 5, 0, 0);
    struct eap_stat dur, diff;
    eap_stat_init(&dur);
    eap_stat_init(&diff);
    for (size_t i = 0; i < N; i++) { /* durations: lognormal, median 40 min in ms */
        values[i] = (int64_t)(2.4e6 * exp(1.2 * eap_rng_normal(&r)));
        assert_true(eap_stat_add(&dur, values[i]));
    }
    memcpy(sorted, values, sizeof(values));
    qsort(sorted, N, sizeof(sorted[0]), cmp_i64);
    check_quantiles(&dur, sorted, N);
    for (size_t i = 0; i < N; i++) { /* paired differences: both signs, heavy tails */
        values[i] = (int64_t)(3e5 * eap_rng_normal(&r) / (0.2 + eap_rng_uniform(&r)));
        assert_true(eap_stat_add(&diff, values[i]));
    }
    memcpy(sorted, values, sizeof(values));
    qsort(sorted, N, sizeof(sorted[0]), cmp_i64);
    check_quantiles(&diff, sorted, N);
    eap_stat_finish(&dur);
    eap_stat_finish(&diff);
}

/* A stat that has let its values go (more than EAP_STAT_EXACT_MAX of them away from zero,
 * half far below and half far above), with x added: its results come from the bins. */
static void far_values_and(struct eap_stat *s, int64_t x)
{
    eap_stat_init(s);
    for (int i = 0; i <= EAP_STAT_EXACT_MAX / 2; i++) {
        assert_true(eap_stat_add(s, -INT64_MAX));
        assert_true(eap_stat_add(s, INT64_MAX));
    }
    assert_true(eap_stat_add(s, x));
    assert_true(eap_stat_quantile_error(s) == EAP_STAT_QUANTILE_REL_ERROR);
}

/* The median of {far below, x, far above} is x's bin midpoint, unclamped. */
static void check_bin_of(int64_t x)
{
    struct eap_stat s;
    far_values_and(&s, x);
    double got = eap_stat_quantile(&s, 0.5), want = (double)x;
    if (llabs(x) < 256
            ? got != want
            : !(fabs(got - want) <= fabs(want) * (EAP_STAT_QUANTILE_REL_ERROR + 0x1p-52))) {
        fail_msg("value %lld: bin midpoint %.17g", (long long)x, got);
    }
    eap_stat_finish(&s);
}

static void test_quantile_error_bound_holds_at_every_bin_edge(void **state)
{
    (void)state;
    for (int64_t x = -600; x <= 600; x++) {
        check_bin_of(x);
    }
    for (int e = 8; e <= 62; e++) {
        int shift = e - 7;
        for (int64_t sub = 128; sub < 256; sub += 9) {
            int64_t low = sub << shift, width = INT64_C(1) << shift;
            const int64_t xs[] = {low, low + width - 1, low + width / 2, low + width / 3};
            for (int k = 0; k < 4; k++) {
                check_bin_of(xs[k]);
                check_bin_of(-xs[k]);
            }
        }
    }
    check_bin_of(INT64_MAX - 1);
    check_bin_of(-INT64_MAX + 1);
}

static void test_quantile_rank_rules(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    for (int64_t v = 1; v <= 10; v++) {
        assert_true(eap_stat_add(&s, v * 10));
    }
    assert_true(eap_stat_quantile(&s, 0.1) == 10);
    assert_true(eap_stat_quantile(&s, 0.9) == 90);
    assert_true(eap_stat_quantile(&s, 0.7) == 70);
    assert_true(eap_stat_quantile(&s, 0.71) == 80);
    assert_true(eap_stat_quantile(&s, 1e-300) == 10);
    for (int64_t v = 11; v <= 100; v++) {
        assert_true(eap_stat_add(&s, v * 10));
    }
    assert_true(0.07 * 100 > 7);                    /* in double arithmetic */
    assert_true(eap_stat_quantile(&s, 0.07) == 70); /* still rank 7 */
    assert_true(eap_stat_quantile(&s, 0.075) == 80);
    assert_true(isnan(eap_stat_quantile(&s, -0.1)));
    assert_true(isnan(eap_stat_quantile(&s, 1.5)));
    assert_true(isnan(eap_stat_quantile(&s, NAN)));
    eap_stat_finish(&s);
}

/* Where a value falls: exact below 256; above, the values that share its bin (within the
 * documented relative error) count as "at" it, the rest as below or above. */
static void test_rank_of_a_value_among_the_values(void **state)
{
    (void)state;
    struct eap_stat s;
    uint64_t below, at;
    eap_stat_init(&s);
    eap_stat_rank(&s, 5, &below, &at);
    assert_true(below == 0 && at == 0);
    for (int64_t v = 1; v <= 200; v++) {
        assert_true(eap_stat_add(&s, v));
    }
    assert_true(eap_stat_add(&s, EAP_STAT_MISSING)); /* not counted either way */
    eap_stat_rank(&s, 50, &below, &at);
    assert_true(below == 49 && at == 1);
    eap_stat_rank(&s, 0, &below, &at);
    assert_true(below == 0 && at == 0);
    eap_stat_rank(&s, 1000, &below, &at);
    assert_true(below == 200 && at == 0);
    eap_stat_rank(&s, -3, &below, &at);
    assert_true(below == 0 && at == 0);
    eap_stat_finish(&s);
    /* 1,000 values 1,000,000 apart from 10^9, kept: exactly 500 below 1.5 * 10^9 and one at
     * it. */
    eap_stat_init(&s);
    for (int64_t k = 0; k < 1000; k++) {
        assert_true(eap_stat_add(&s, 1000000000 + k * 1000000));
    }
    int64_t x = 1500000000;
    eap_stat_rank(&s, x, &below, &at);
    assert_true(below == 500 && at == 1);
    /* The same 11 times over, too many to keep: x's bin is 2^23 wide (0.39% of 2^31), so the
     * values within it count as "at", and below + at covers every value <= x. */
    for (int rep = 0; rep < 10; rep++) {
        for (int64_t k = 0; k < 1000; k++) {
            assert_true(eap_stat_add(&s, 1000000000 + k * 1000000));
        }
    }
    eap_stat_rank(&s, x, &below, &at);
    uint64_t exact_le = 11 * 501;        /* 10^9 .. 1.5 * 10^9 */
    assert_true(at > 0 && at <= 11 * 9); /* 2^23 / 10^6 = 8.4 values to a bin */
    assert_true(below < exact_le && below + at >= exact_le - 11 * 9 &&
                below + at <= exact_le + 11 * 9);
    eap_stat_finish(&s);
}

/* --- kept exact values and counts below a point --------------------------------------------- */

/* Up to EAP_STAT_EXACT_MAX values away from zero, quantiles are the exact order statistics;
 * one more and they come from the bins, however the values were split and merged. */
static void test_small_batches_give_exact_quantiles(void **state)
{
    (void)state;
    struct eap_rng r;
    eap_rng_init(&r, 11, 0, 0);
    const size_t n = EAP_STAT_EXACT_MAX;
    struct eap_stat s, half[2], self;
    eap_stat_init(&s);
    eap_stat_init(&half[0]);
    eap_stat_init(&half[1]);
    eap_stat_init(&self);
    for (size_t i = 0; i < n; i++) { /* durations (ms), and some small values (exact bins) */
        values[i] = i % 10 == 0 ? (int64_t)eap_rng_below(&r, 200) - 100
                                : (int64_t)(2.4e6 * exp(0.8 * eap_rng_normal(&r)));
        assert_true(eap_stat_add(&s, values[i]));
        assert_true(eap_stat_add(&half[i % 2], values[i]));
    }
    memcpy(sorted, values, n * sizeof(values[0]));
    qsort(sorted, n, sizeof(sorted[0]), cmp_i64);
    assert_true(eap_stat_quantile_error(&s) == 0);
    for (double p = 0.0001; p < 1; p += 0.0173) {
        assert_true(eap_stat_quantile(&s, p) == exact_quantile(sorted, n, p));
    }
    assert_true(eap_stat_merge(&half[0], &half[1]));
    char *a = json_text(&s), *b = json_text(&half[0]);
    assert_string_equal(a, b); /* kept values are written in order: the same text */
    free(a);
    free(b);
    /* Half of them merged with itself stays within the limit; all of them with one more
     * value, or merged with itself, does not. */
    for (size_t i = 0; i < n / 2; i++) {
        assert_true(eap_stat_add(&self, values[i]));
    }
    assert_true(eap_stat_merge(&self, &self));
    assert_true(eap_stat_quantile_error(&self) == 0);
    assert_true(eap_stat_merge(&half[0], &half[0]));
    assert_true(eap_stat_quantile_error(&half[0]) == EAP_STAT_QUANTILE_REL_ERROR);
    size_t away = 0; /* values of magnitude 256 or more: those kept */
    for (size_t i = 0; i < n; i++) {
        away += llabs(values[i]) >= 256;
    }
    for (size_t i = away; i < EAP_STAT_EXACT_MAX; i++) {
        assert_true(eap_stat_add(&s, 1000000));
    }
    assert_true(eap_stat_quantile_error(&s) == 0);
    assert_true(eap_stat_add(&s, 1000000));
    assert_true(eap_stat_quantile_error(&s) == EAP_STAT_QUANTILE_REL_ERROR);
    /* The kept values are gone: only the pointer table and whole blocks of bins remain. */
    assert_int_equal((eap_stat_bytes(&s) - 114 * sizeof(uint64_t *)) % (128 * sizeof(uint64_t)), 0);
    eap_stat_finish(&s);
    eap_stat_finish(&half[0]);
    eap_stat_finish(&half[1]);
    eap_stat_finish(&self);
}

/* Counts below a point: exact with kept values; from the bins, a bin that straddles the point
 * is split in proportion to its span below it, not given whole to one side. */
static void test_count_below_splits_straddling_bins(void **state)
{
    (void)state;
    /* Every integer of [2^20, 2^20 + 2^14) once: two bins of 8,192 integers each, filled
     * evenly, so the proportional split is right to half a value (the spread convention). */
    const int64_t lo = INT64_C(1) << 20, n = INT64_C(1) << 14;
    struct eap_stat s, few;
    eap_stat_init(&s);
    eap_stat_init(&few);
    for (int64_t v = lo; v < lo + n; v++) {
        assert_true(eap_stat_add(&s, v));
        assert_true(v % 3 != 0 || eap_stat_add(&few, v));
    }
    assert_true(eap_stat_quantile_error(&s) > 0 && eap_stat_quantile_error(&few) == 0);
    for (int64_t x = lo - 7; x <= lo + n + 7; x += 97) {
        double exact = (double)(x < lo ? 0 : (x > lo + n ? n : x - lo));
        double got = eap_stat_count_below(&s, (double)x);
        if (!(fabs(got - exact) <= 0.5)) {
            fail_msg("below %lld: %.3f, exact %.0f", (long long)x, got, exact);
        }
        double exact_few = 0; /* the multiples of 3 below x */
        for (int64_t v = lo; v < x && v < lo + n; v++) {
            exact_few += v % 3 == 0;
        }
        assert_true(eap_stat_count_below(&few, (double)x) == exact_few);
    }
    /* Values below 256 in magnitude count exactly, by value. */
    struct eap_stat small;
    far_values_and(&small, 3);
    assert_true(eap_stat_add(&small, -4));
    assert_true(eap_stat_count_below(&small, 3) == EAP_STAT_EXACT_MAX / 2 + 1 + 1);
    assert_true(eap_stat_count_below(&small, 3.5) == EAP_STAT_EXACT_MAX / 2 + 1 + 2);
    eap_stat_finish(&small);
    eap_stat_finish(&s);
    eap_stat_finish(&few);
}

/* --- determinism and merging --------------------------------------------------------------- */

struct results {
    double mean, var, sd, ci[2], q[7];
};

static void get_results(const struct eap_stat *s, struct results *r)
{
    const double ps[] = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1};
    memset(r, 0, sizeof(*r));
    r->mean = eap_stat_mean(s);
    r->var = eap_stat_variance(s);
    r->sd = eap_stat_sd(s);
    eap_stat_mean_ci(s, 0.95, &r->ci[0], &r->ci[1]);
    for (size_t k = 0; k < 7; k++) {
        r->q[k] = eap_stat_quantile(s, ps[k]);
    }
}

static void test_merge_order_does_not_change_a_bit(void **state)
{
    (void)state;
    fill_mixed(2024);
    struct eap_stat one, rev, merged, chunk[7];
    eap_stat_init(&one);
    eap_stat_init(&rev);
    eap_stat_init(&merged);
    add_all(&one, values, N);
    for (size_t i = N; i-- > 0;) {
        assert_true(eap_stat_add(&rev, values[i]));
    }
    const size_t cut[8] = {0, 3, 1000, 17000, 17001, 50000, 99999, N};
    for (int c = 0; c < 7; c++) {
        eap_stat_init(&chunk[c]);
        add_all(&chunk[c], values + cut[c], cut[c + 1] - cut[c]);
    }
    const int order[7] = {4, 0, 6, 2, 5, 1, 3};
    for (int k = 0; k < 7; k++) {
        assert_true(eap_stat_merge(&merged, &chunk[order[k]]));
    }
    char *a = json_text(&one), *b = json_text(&rev), *c = json_text(&merged);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    struct results ra, rb, rc;
    get_results(&one, &ra);
    get_results(&rev, &rb);
    get_results(&merged, &rc);
    assert_memory_equal(&ra, &rb, sizeof(ra));
    assert_memory_equal(&ra, &rc, sizeof(ra));
    assert_true(isfinite(ra.sd) && isfinite(ra.ci[0]));
    free(a);
    free(b);
    free(c);
    for (int k = 0; k < 7; k++) {
        eap_stat_finish(&chunk[k]);
    }
    eap_stat_finish(&one);
    eap_stat_finish(&rev);
    eap_stat_finish(&merged);
}

static void test_merge_with_empty_and_count_overflow(void **state)
{
    (void)state;
    struct eap_stat s, empty, copy;
    eap_stat_init(&s);
    eap_stat_init(&empty);
    eap_stat_init(&copy);
    const int64_t v[] = {5, -9, 300000, EAP_STAT_MISSING};
    add_all(&s, v, 4);
    char *before = json_text(&s);
    assert_true(eap_stat_merge(&s, &empty));
    assert_true(eap_stat_merge(&copy, &s));
    char *after = json_text(&s), *copied = json_text(&copy);
    assert_string_equal(before, after);
    assert_string_equal(before, copied);
    /* A stat holding 2^64 - 1 zeros cannot take one more value by merging. */
    cJSON *full = cJSON_Parse("{\"count\":\"18446744073709551615\",\"missing\":\"0\","
                              "\"min\":\"0\",\"max\":\"0\",\"sum\":\"0\",\"sumsq\":\"0\","
                              "\"bins_per_octave\":128,\"bins\":[[0,\"18446744073709551615\"]]}");
    struct eap_stat big;
    struct eap_error err = {0};
    assert_true(eap_stat_from_json(&big, full, &err));
    assert_false(eap_stat_merge(&s, &big));
    char *unchanged = json_text(&s);
    assert_string_equal(before, unchanged);
    cJSON_Delete(full);
    free(before);
    free(after);
    free(copied);
    free(unchanged);
    eap_stat_finish(&big);
    eap_stat_finish(&s);
    eap_stat_finish(&empty);
    eap_stat_finish(&copy);
}

/* --- JSON ---------------------------------------------------------------------------------- */

static void round_trip(const struct eap_stat *s)
{
    char *text = json_text(s);
    cJSON *obj = cJSON_Parse(text);
    assert_non_null(obj);
    struct eap_stat back;
    struct eap_error err = {0};
    if (!eap_stat_from_json(&back, obj, &err)) {
        fail_msg("from_json: %s: %s", err.path, err.msg);
    }
    char *again = json_text(&back);
    assert_string_equal(text, again);
    struct results ra, rb;
    get_results(s, &ra);
    get_results(&back, &rb);
    assert_memory_equal(&ra, &rb, sizeof(ra));
    free(text);
    free(again);
    cJSON_Delete(obj);
    eap_stat_finish(&back);
}

static void test_json_round_trip_is_identical(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    round_trip(&s);
    assert_true(eap_stat_add(&s, EAP_STAT_MISSING));
    round_trip(&s);
    fill_mixed(77);
    add_all(&s, values, N);
    round_trip(&s);
    eap_stat_finish(&s);
    eap_stat_init(&s);
    assert_true(eap_stat_add(&s, INT64_MAX));
    assert_true(eap_stat_add(&s, -INT64_MAX));
    round_trip(&s);
    eap_stat_finish(&s);
}

/* The integer convention's edge: 2^53 - 1 is the last integer written as a JSON number,
 * 2^53 the first written as a string (a double-based reader would round 2^53 + 1); both read
 * back to the same stat. */
static void test_json_integers_past_2_53_are_strings(void **state)
{
    (void)state;
    const int64_t edge = (INT64_C(1) << 53) - 1;
    const char *const want[] = {"\"max\":9007199254740991,", "\"max\":\"9007199254740992\","};
    for (int k = 0; k < 2; k++) {
        struct eap_stat s;
        eap_stat_init(&s);
        assert_true(eap_stat_add(&s, edge + k));
        char *text = json_text(&s);
        if (!strstr(text, want[k])) {
            fail_msg("%s has no %s", text, want[k]);
        }
        round_trip(&s);
        free(text);
        eap_stat_finish(&s);
    }
}

#define BASE_BINS                                                                                  \
    "{\"count\":3,\"missing\":1,\"min\":-5,\"max\":300,\"sum\":295,\"sumsq\":90025,"               \
    "\"bins_per_octave\":128,\"bins\":[[-5,1],[0,1],[278,1]]"
#define BASE BASE_BINS ",\"exact\":[300]}"
/* The same values without the kept one, as a stat that let them go (or was written before
 * stats kept them) reads. */
#define BASE_NO_EXACT BASE_BINS "}"

/* The same stat as a version 1 state file wrote it: every integer a string. */
#define BASE_V1                                                                                    \
    "{\"count\":\"3\",\"missing\":\"1\",\"min\":\"-5\",\"max\":\"300\",\"sum\":\"295\","           \
    "\"sumsq\":\"90025\",\"bins_per_octave\":128,\"bins\":[[-5,\"1\"],[0,\"1\"],[278,\"1\"]]}"

struct bad_case {
    const char *key;   /* field to replace, delete or add */
    const char *value; /* JSON text of the new value; NULL deletes the field */
    const char *path;  /* expected err.path */
    const char *msg;   /* expected part of err.msg */
};

#define EXPECTED_INT "expected an integer (a number, or decimal digits in a string), found "

static const struct bad_case bad_cases[] = {
    {"count", NULL, "/count", "\"count\": " EXPECTED_INT "nothing"},
    {"count", "3.5", "/count", "\"count\": " EXPECTED_INT "a number with a fraction"},
    {"count", "9007199254740993", "/count", "found a number beyond 2^53 - 1"},
    {"count", "-3", "/count", "\"count\": must not be negative"},
    {"count", "\"-3\"", "/count", "\"count\": must not be negative"},
    {"count", "\"3x\"", "/count", "\"count\": \"3x\" is not a decimal integer"},
    {"count", "\"\"", "/count", "\"count\": \"\" is not a decimal integer"},
    {"count", "\" 3\"", "/count", "is not a decimal integer"},
    {"count", "\"18446744073709551616\"", "/count", "\"count\": \"18446744073709551616\" is out"},
    {"count", "4", "/bins", "\"bins\": the bin counts add up to 3, not to count (4)"},
    {"count", "0", "/min", "\"min\": expected null when count is 0, found a number"},
    {"missing", "null", "/missing", "\"missing\": " EXPECTED_INT "null"},
    {"min", "\"abc\"", "/min", "\"min\": \"abc\" is not a decimal integer"},
    {"min", "null", "/min", "\"min\": " EXPECTED_INT "null"},
    {"min", "400", "/min", "\"min\": 400 is greater than max (300)"},
    {"max", "\"-9223372036854775808\"", "/max",
     "\"max\": \"-9223372036854775808\" is out of range"},
    {"max", "302", "/bins", "\"bins\": the first bin must hold min (bin -5) and the last max"},
    {"sum", "1000000", "/sum", "\"sum\": inconsistent with count, min and max"},
    {"sum", "1.5", "/sum", "\"sum\": " EXPECTED_INT "a number with a fraction"},
    {"sum", "\"1.5\"", "/sum", "\"sum\": \"1.5\" is not a decimal integer"},
    {"sum", "\"170141183460469231731687303715884105728\"", "/sum", "\"sum\": \"1701411834"},
    {"sumsq", "10", "/sumsq", "\"sumsq\": inconsistent with count, min, max and sum"},
    {"sumsq", "\"999999999999999999999\"", "/sumsq", "\"sumsq\": inconsistent"},
    {"sumsq", "\"1e5\"", "/sumsq", "\"sumsq\": \"1e5\" is not a decimal integer"},
    {"sumsq", "-1", "/sumsq", "\"sumsq\": must not be negative"},
    {"sumsq", "[]", "/sumsq", "\"sumsq\": " EXPECTED_INT "an array"},
    {"bins_per_octave", "64", "/bins_per_octave", "histograms with 128 bins per octave, found 64"},
    {"bins_per_octave", NULL, "/bins_per_octave", "expected the number 128, found nothing"},
    {"bins", "{}", "/bins", "\"bins\": expected an array, found an object"},
    {"bins", "[[-5,1],[0,1]]", "/bins", "\"bins\": the bin counts add up to 2"},
    {"bins", "[[-5,1],[0,1],[9000,1]]", "/bins/2/0", "integer in [-7295, 7295]"},
    {"bins", "[[-5,1],[0,1],[1.5,1]]", "/bins/2/0", "integer in [-7295, 7295]"},
    {"bins", "[[-5,1],[0,1],[\"278\",1]]", "/bins/2/0", "integer in [-7295, 7295]"},
    {"bins", "[[-5,1],[278,1],[0,1]]", "/bins/2/0", "must increase, found 0 after 278"},
    {"bins", "[[-5,1],[-5,1],[278,1]]", "/bins/1/0", "must increase, found -5 after -5"},
    {"bins", "[[-5,1],[0,1],[278,1.5]]", "/bins/2/1",
     "bin count must be a positive integer, found a number with a fraction"},
    {"bins", "[[-5,1],[0,0],[278,2]]", "/bins/1/1", "positive integer, found 0"},
    {"bins", "[[-5,1],[0,1],[278,\"x\"]]", "/bins/2/1", "found \"x\""},
    {"bins", "[[-5,1],[0,1],[278]]", "/bins/2", "pairs, found an array of another length"},
    {"bins", "[[-5,1],[0,1],7]", "/bins/2", "pairs, found a number"},
    {"bins", "[[-5,1],[0,1],[279,1]]", "/bins", "the last max (bin 278), found -5 and 279"},
    {"bins", "[[-6,1],[0,1],[278,1]]", "/bins", "first bin must hold min (bin -5)"},
    {"exact", "[]", "/exact", "expected an array of 1 to 10000 values, found an array"},
    {"exact", "{}", "/exact", "expected an array of 1 to 10000 values, found an object"},
    {"exact", "[\"x\"]", "/exact/0", "\"exact\": expected an integer metric value"},
    {"exact", "[301.5]", "/exact/0", "\"exact\": expected an integer metric value"},
    {"exact", "[301]", "/exact/0", "within [min, max] and of magnitude 256 or more, found 301"},
    {"exact", "[-300]", "/exact/0", "within [min, max] and of magnitude 256 or more, found -300"},
    {"exact", "[5]", "/exact/0", "of magnitude 256 or more, found 5"},
    {"exact", "[300,299]", "/exact/1", "values must be increasing"},
    {"exact", "[300,300]", "/exact", "bin 278 counts 1 values, \"exact\" lists 2"},
    {"cuont", "3", "/cuont", "unknown stat field \"cuont\"; did you mean \"count\"?"},
    {"zzzzzzzzzzzz", "1", "/zzzzzzzzzzzz", "unknown stat field \"zzzzzzzzzzzz\""},
};

static void expect_rejected(const cJSON *obj, const char *path, const char *msg)
{
    struct eap_stat s;
    struct eap_error err = {0};
    assert_false(eap_stat_from_json(&s, obj, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    if (strcmp(err.path, path) != 0 || !strstr(err.msg, msg)) {
        fail_msg("expected %s: ...%s..., got %s: %s", path, msg, err.path, err.msg);
    }
    assert_int_equal(s.count, 0);
    assert_int_equal(eap_stat_bytes(&s), 0);
    eap_stat_finish(&s);
}

static void test_json_rejects_bad_input_naming_the_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        cJSON *obj = cJSON_Parse(BASE);
        assert_non_null(obj);
        cJSON_DeleteItemFromObjectCaseSensitive(obj, c->key);
        if (c->value) {
            cJSON *v = cJSON_Parse(c->value);
            assert_non_null(v);
            cJSON_AddItemToObject(obj, c->key, v);
        }
        expect_rejected(obj, c->path, c->msg);
        cJSON_Delete(obj);
    }
    /* The base is what eap_stat_to_json writes for these values, and reads back; so does the
     * version 1 form with strings, to the same stat. */
    struct eap_stat s;
    eap_stat_init(&s);
    const int64_t v[] = {300, EAP_STAT_MISSING, 0, -5};
    add_all(&s, v, 4);
    char *text = json_text(&s);
    assert_string_equal(text, BASE);
    eap_stat_finish(&s);
    /* The version 1 form (and any stat without "exact") holds the same values but not the one
     * kept: it reads as a stat that let its values go. */
    const char *forms[] = {BASE, BASE_V1, BASE_NO_EXACT};
    const char *back[] = {BASE, BASE_NO_EXACT, BASE_NO_EXACT};
    const double error[] = {0, EAP_STAT_QUANTILE_REL_ERROR, EAP_STAT_QUANTILE_REL_ERROR};
    struct eap_error err = {0};
    cJSON *obj = NULL;
    for (size_t i = 0; i < 3; i++) {
        obj = cJSON_Parse(forms[i]);
        assert_true(eap_stat_from_json(&s, obj, &err));
        assert_true(eap_stat_quantile_error(&s) == error[i]);
        char *again = json_text(&s);
        assert_string_equal(again, back[i]);
        free(again);
        eap_stat_finish(&s);
        cJSON_Delete(obj);
    }
    free(text);
    const char *raw[][3] = {
        {"[1, 2]", "", "stat: expected a JSON object, found an array"},
        {"{\"count\":3,\"count\":3}", "/count", "stat field \"count\" appears twice"},
        {"{\"count\":\"0\",\"missing\":\"0\",\"min\":null,\"max\":null,\"sum\":\"1\",\"sumsq\":"
         "\"1\","
         "\"bins_per_octave\":128,\"bins\":[]}",
         "/sum", "\"sum\": inconsistent"},
        {"{\"count\":\"0\",\"missing\":\"0\",\"min\":null,\"max\":null,\"sum\":\"0\",\"sumsq\":"
         "\"0\","
         "\"bins_per_octave\":128,\"bins\":[[0,\"1\"]]}",
         "/bins", "add up to 1, not to count (0)"},
    };
    for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
        obj = cJSON_Parse(raw[i][0]);
        assert_non_null(obj);
        expect_rejected(obj, raw[i][1], raw[i][2]);
        cJSON_Delete(obj);
    }
    expect_rejected(NULL, "", "found nothing");
}

/* Every single-character corruption of a valid stat is rejected or read back consistently,
 * never crashes (the memcheck and sanitizer runs watch this). */
static void test_json_corruptions_never_crash(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    const int64_t v[] = {-70000, -5, 0, 1, 300, 123456789, EAP_STAT_MISSING};
    add_all(&s, v, 7);
    char *text = json_text(&s);
    size_t len = strlen(text), accepted = 0;
    const char subst[] = "019-\"[]{},:n.e ";
    for (size_t i = 0; i < len; i++) {
        for (const char *c = subst; *c; c++) {
            char *copy = strdup(text);
            assert_non_null(copy);
            copy[i] = *c;
            cJSON *obj = cJSON_Parse(copy);
            struct eap_stat back;
            struct eap_error err = {0};
            if (eap_stat_from_json(&back, obj, &err)) {
                accepted++;
                round_trip(&back); /* whatever was accepted is a consistent stat */
                eap_stat_finish(&back);
            } else {
                assert_true(err.msg[0] != '\0');
            }
            cJSON_Delete(obj);
            free(copy);
        }
    }
    assert_true(accepted > 0); /* e.g. "missing":"1" -> "9" is still a valid stat */
    free(text);
    eap_stat_finish(&s);
}

/* --- intervals ----------------------------------------------------------------------------- */

struct t_ref {
    double p;
    uint64_t df;
    double t;
};

/* mpmath 1.3, 40 digits: the root of betainc(df/2, 1/2, 0, df/(df+t^2))/2 = 1 - p. */
static const struct t_ref t_refs[] = {
    {0.6, 1, 0.32491969623290633},       {0.95, 1, 6.3137515146750431},
    {0.975, 1, 12.706204736174705},      {0.995, 1, 63.656741162871581},
    {0.9995, 1, 636.61924876871962},     {0.6, 2, 0.28867513459481288},
    {0.975, 2, 4.3026527297494639},      {0.9995, 2, 31.599054576443621},
    {0.6, 3, 0.27667066233268991},       {0.975, 3, 3.1824463052837096},
    {0.9995, 3, 12.923978636687483},     {0.975, 4, 2.7764451051977944},
    {0.6, 5, 0.26718086570414513},       {0.95, 5, 2.0150483733330242},
    {0.975, 5, 2.5705818356363155},      {0.995, 5, 4.0321429835552281},
    {0.9995, 5, 6.8688266258811102},     {0.975, 7, 2.3646242515927853},
    {0.95, 10, 1.8124611228116764},      {0.995, 10, 3.1692726726169512},
    {0.6, 30, 0.25560536495191277},      {0.975, 30, 2.0422724563012383},
    {0.9995, 30, 3.6459586350420218},    {0.975, 100, 1.9839715185235523},
    {0.6, 1999, 0.25338082368227336},    {0.975, 1999, 1.961151420170562},
    {0.9995, 1999, 3.2954005769273776},  {0.975, 2000, 1.961150826099438},
    {0.9995, 2000, 3.2953981367297396},  {0.6, 2001, 0.25338078997591194},
    {0.975, 2001, 1.9611502326224414},   {0.9995, 2001, 3.2953956989743548},
    {0.975, 5000, 1.9604385517065079},   {0.995, 5000, 2.5768129665562811},
    {0.975, 1000000, 1.959966356814107}, {0.9995, 1000000, 3.2905364612486911},
};

static void test_t_quantile_matches_reference_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(t_refs) / sizeof(t_refs[0]); i++) {
        const struct t_ref *r = &t_refs[i];
        double got = eap_stat_t_quantile(r->p, r->df);
        if (!(fabs(got - r->t) <= 1e-12 * r->t)) {
            fail_msg("t(%g, %llu) = %.17g, want %.17g", r->p, (unsigned long long)r->df, got, r->t);
        }
        assert_true(eap_stat_t_quantile(1 - r->p, r->df) == -got);
    }
    /* The brief's table, and the normal limit. */
    assert_true(fabs(eap_stat_t_quantile(0.975, 1) - 12.7062047) < 1e-7);
    assert_true(fabs(eap_stat_t_quantile(0.975, 5) - 2.5705818) < 1e-7);
    assert_true(fabs(eap_stat_t_quantile(0.975, 30) - 2.0422725) < 1e-7);
    assert_true(fabs(eap_stat_t_quantile(0.975, UINT64_C(1) << 62) - 1.959963984540054) < 1e-14);
    assert_true(eap_stat_t_quantile(0.5, 7) == 0);
    assert_true(eap_stat_t_quantile(1, 7) == INFINITY);
    assert_true(eap_stat_t_quantile(0, 7) == -INFINITY);
    assert_true(isnan(eap_stat_t_quantile(0.9, 0)));
    assert_true(isnan(eap_stat_t_quantile(1.1, 3)));
    assert_true(isnan(eap_stat_t_quantile(NAN, 3)));
    /* Monotone in df across the switch from series to expansion. */
    for (uint64_t df = 1990; df < 2010; df++) {
        assert_true(eap_stat_t_quantile(0.975, df + 1) < eap_stat_t_quantile(0.975, df));
    }
}

static void test_mean_ci_uses_student_t(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    for (int64_t v = 1; v <= 5; v++) {
        assert_true(eap_stat_add(&s, v));
    }
    double lo, hi;
    eap_stat_mean_ci(&s, 0.95, &lo, &hi);
    assert_true(fabs(lo - 1.0367568385224423) < 1e-13);
    assert_true(fabs(hi - 4.9632431614775577) < 1e-13);
    eap_stat_mean_ci(&s, 1, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    eap_stat_mean_ci(&s, 0, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    eap_stat_finish(&s);
}

static void test_wilson_matches_reference_values(void **state)
{
    (void)state;
    const struct {
        uint64_t k, n;
        double lo, hi;
    } refs[] = {
        {0, 10, 0.0, 0.27753279986288925},
        {5, 10, 0.23659309051256398, 0.76340690948743602},
        {10, 10, 0.72246720013711075, 1.0},
        {30, 100, 0.2189488529493276, 0.39584854633346667},
        {1, 1000000, 1.7652457674537147e-7, 5.664911804311443e-6},
    };
    for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
        double lo, hi;
        eap_stat_wilson(refs[i].k, refs[i].n, 0.95, &lo, &hi);
        if (!(fabs(lo - refs[i].lo) <= 1e-13 * refs[i].hi &&
              fabs(hi - refs[i].hi) <= 1e-13 * refs[i].hi)) {
            fail_msg("wilson %llu/%llu: [%.17g, %.17g]", (unsigned long long)refs[i].k,
                     (unsigned long long)refs[i].n, lo, hi);
        }
    }
    double lo, hi;
    eap_stat_wilson(0, 10, 0.95, &lo, &hi);
    assert_true(lo == 0);
    eap_stat_wilson(10, 10, 0.95, &lo, &hi);
    assert_true(hi == 1);
    eap_stat_wilson(0, 0, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    eap_stat_wilson(11, 10, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    eap_stat_wilson(1, 10, 1.5, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
}

static void test_proportion_of_a_flag_metric(void **state)
{
    (void)state;
    struct eap_stat s;
    eap_stat_init(&s);
    for (int i = 0; i < 100; i++) {
        assert_true(eap_stat_add(&s, i < 30));
    }
    assert_true(eap_stat_add(&s, EAP_STAT_MISSING));
    double p, lo, hi, wlo, whi;
    assert_true(eap_stat_proportion(&s, 0.95, &p, &lo, &hi));
    eap_stat_wilson(30, 100, 0.95, &wlo, &whi);
    assert_true(p == 0.3 && lo == wlo && hi == whi);
    assert_true(eap_stat_proportion(&s, 0.95, NULL, NULL, NULL));
    assert_true(eap_stat_add(&s, 2)); /* no longer a 0/1 metric */
    assert_false(eap_stat_proportion(&s, 0.95, &p, &lo, &hi));
    assert_true(isnan(p) && isnan(lo) && isnan(hi));
    eap_stat_finish(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_stat_gives_nan_and_holds_no_memory),
        cmocka_unit_test(test_min_max_count_and_missing),
        cmocka_unit_test(test_mean_and_sd_match_two_pass_double),
        cmocka_unit_test(test_variance_has_no_cancellation),
        cmocka_unit_test(test_negative_values_and_paired_differences),
        cmocka_unit_test(test_sums_stay_exact_at_the_int64_limits),
        cmocka_unit_test(test_bins_are_allocated_lazily),
        cmocka_unit_test(test_quantiles_within_documented_error_of_exact),
        cmocka_unit_test(test_quantile_error_bound_holds_at_every_bin_edge),
        cmocka_unit_test(test_quantile_rank_rules),
        cmocka_unit_test(test_rank_of_a_value_among_the_values),
        cmocka_unit_test(test_small_batches_give_exact_quantiles),
        cmocka_unit_test(test_count_below_splits_straddling_bins),
        cmocka_unit_test(test_merge_order_does_not_change_a_bit),
        cmocka_unit_test(test_merge_with_empty_and_count_overflow),
        cmocka_unit_test(test_json_round_trip_is_identical),
        cmocka_unit_test(test_json_integers_past_2_53_are_strings),
        cmocka_unit_test(test_json_rejects_bad_input_naming_the_field),
        cmocka_unit_test(test_json_corruptions_never_crash),
        cmocka_unit_test(test_t_quantile_matches_reference_values),
        cmocka_unit_test(test_mean_ci_uses_student_t),
        cmocka_unit_test(test_wilson_matches_reference_values),
        cmocka_unit_test(test_proportion_of_a_flag_metric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
