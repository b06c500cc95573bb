/* Philox4x32-10 against Random123's known answers, the stream layout, and basic moments. */
#include <math.h>

#include "cmocka_all.h"
#include "eapsim/dist.h"
#include "eapsim/rng.h"

static void check_kat(const uint32_t ctr[4], const uint32_t key[2], const uint32_t want[4])
{
    uint32_t out[4];
    eap_philox4x32_10(ctr, key, out);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(out[i], want[i]);
    }
}

/* Random123 tests/kat_vectors, the three "philox4x32 10" lines. */
static void test_philox_known_answers(void **state)
{
    (void)state;
    const uint32_t z[4] = {0, 0, 0, 0}, zk[2] = {0, 0};
    const uint32_t w1[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
    check_kat(z, zk, w1);
    const uint32_t f[4] = {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    const uint32_t fk[2] = {0xffffffff, 0xffffffff};
    const uint32_t w2[4] = {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
    check_kat(f, fk, w2);
    const uint32_t p[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
    const uint32_t pk[2] = {0xa4093822, 0x299f31d0};
    const uint32_t w3[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    check_kat(p, pk, w3);
}

/* The stream (seed, replication, stream id) maps onto key and counter as documented. */
static void test_stream_layout_is_pinned(void **state)
{
    (void)state;
    struct eap_rng r;
    eap_rng_init(&r, 0, 0, 0);
    assert_int_equal(eap_rng_u32(&r), 0x6627e8d5);
    assert_int_equal(eap_rng_u32(&r), 0xe169c58d);
    assert_int_equal(eap_rng_u32(&r), 0xbc57ac4c);
    assert_int_equal(eap_rng_u32(&r), 0x9b00dbd8);
    eap_rng_init(&r, UINT64_C(0x299f31d0a4093822), UINT64_C(0x0370734413198a2e), 0x85a308d3);
    eap_rng_seek(&r, 0x243f6a88);
    assert_int_equal(eap_rng_u32(&r), 0xd16cfe09);
    assert_int_equal(eap_rng_u32(&r), 0x94fdcceb);
    assert_int_equal(eap_rng_u32(&r), 0x5001e420);
    assert_int_equal(eap_rng_u32(&r), 0x24126ea1);
}

static void test_same_stream_same_numbers_different_streams_differ(void **state)
{
    (void)state;
    struct eap_rng a, b, c, d;
    eap_rng_init(&a, 7, 123456789, 3);
    eap_rng_init(&b, 7, 123456789, 3);
    eap_rng_init(&c, 7, 123456790, 3);
    eap_rng_init(&d, 7, 123456789, 4);
    int same_c = 0, same_d = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t x = eap_rng_u32(&a);
        assert_int_equal(x, eap_rng_u32(&b));
        same_c += x == eap_rng_u32(&c);
        same_d += x == eap_rng_u32(&d);
    }
    assert_true(same_c < 3);
    assert_true(same_d < 3);
}

static void test_uniform_moments(void **state)
{
    (void)state;
    enum { N = 400000 };
    struct eap_rng r;
    eap_rng_init(&r, 2024, 0, 0);
    double sum = 0, sum2 = 0, lo = 1, hi = 0;
    for (int i = 0; i < N; i++) {
        double u = eap_rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / N, var = sum2 / N - mean * mean;
    /* 5 standard errors: sd of U(0,1) is 1/sqrt(12); of U^2 about 0.298 */
    assert_true(fabs(mean - 0.5) < 5 * sqrt(1.0 / 12 / N));
    assert_true(fabs(var - 1.0 / 12) < 5 * 0.0745 / sqrt(N));
    assert_true(lo < 1e-4 && hi > 1 - 1e-4);
}

static void test_below_is_unbiased_and_in_range(void **state)
{
    (void)state;
    enum { N = 300000, K = 6 };
    struct eap_rng r;
    eap_rng_init(&r, 5, 1, 0);
    unsigned counts[K] = {0};
    for (int i = 0; i < N; i++) {
        uint32_t v = eap_rng_below(&r, K);
        assert_true(v < K);
        counts[v]++;
    }
    /* chi-square with 5 degrees of freedom; 20.5 is its 0.999 quantile */
    double chi = 0, e = (double)N / K;
    for (int i = 0; i < K; i++) {
        chi += (counts[i] - e) * (counts[i] - e) / e;
    }
    assert_true(chi < 20.5);
}

static void test_normal_moments(void **state)
{
    (void)state;
    enum { N = 400000 };
    struct eap_rng r;
    eap_rng_init(&r, 99, 0, 0);
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N; i++) {
        double z = eap_rng_normal(&r);
        sum += z;
        sum2 += z * z;
    }
    double mean = sum / N, var = sum2 / N - mean * mean;
    assert_true(fabs(mean) < 5 / sqrt(N));
    assert_true(fabs(var - 1) < 5 * sqrt(2.0 / N)); /* var of Z^2 is 2 */
}

static void test_normal_quantile_and_cdf(void **state)
{
    (void)state;
    assert_true(fabs(eap_normal_quantile(0.9) - 1.2815515655446004) < 1e-12);
    assert_true(fabs(eap_normal_quantile(0.5)) < 1e-14);
    assert_true(fabs(eap_normal_quantile(0.001) + 3.090232306167813) < 1e-11);
    for (double p = 0.0005; p < 1; p += 0.0173) {
        assert_true(fabs(eap_normal_cdf(eap_normal_quantile(p)) - p) < 1e-13);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_known_answers),
        cmocka_unit_test(test_stream_layout_is_pinned),
        cmocka_unit_test(test_same_stream_same_numbers_different_streams_differ),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_below_is_unbiased_and_in_range),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_normal_quantile_and_cdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
