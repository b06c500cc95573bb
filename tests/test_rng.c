/* The generator: Philox4x64-10 against Random123's known answers, xoshiro256** against its
 * reference outputs, the stream layout, the ziggurat variates' known answers and
 * distributions, and basic moments. */
#include <math.h>

#include "cmocka_all.h"
#include "eapsim/dist.h"
#include "eapsim/rng.h"

static void check_kat(const uint64_t ctr[4], const uint64_t key[2], const uint64_t want[4])
{
    uint64_t out[4];
    eap_philox4x64_10(ctr, key, out);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(out[i], want[i]);
    }
}

/* Random123 tests/kat_vectors, the three "philox4x64 10" lines (counter, key, result). */
static void test_philox_known_answers(void **state)
{
    (void)state;
    const uint64_t z[4] = {0, 0, 0, 0}, zk[2] = {0, 0};
    const uint64_t w1[4] = {UINT64_C(0x16554d9eca36314c), UINT64_C(0xdb20fe9d672d0fdc),
                            UINT64_C(0xd7e772cee186176b), UINT64_C(0x7e68b68aec7ba23b)};
    check_kat(z, zk, w1);
    const uint64_t f[4] = {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX};
    const uint64_t fk[2] = {UINT64_MAX, UINT64_MAX};
    const uint64_t w2[4] = {UINT64_C(0x87b092c3013fe90b), UINT64_C(0x438c3c67be8d0224),
                            UINT64_C(0x9cc7d7c69cd777b6), UINT64_C(0xa09caebf594f0ba0)};
    check_kat(f, fk, w2);
    const uint64_t p[4] = {UINT64_C(0x243f6a8885a308d3), UINT64_C(0x13198a2e03707344),
                           UINT64_C(0xa4093822299f31d0), UINT64_C(0x082efa98ec4e6c89)};
    const uint64_t pk[2] = {UINT64_C(0x452821e638d01377), UINT64_C(0xbe5466cf34e90c6c)};
    const uint64_t w3[4] = {UINT64_C(0xa528f45403e61d95), UINT64_C(0x38c72dbd566e9788),
                            UINT64_C(0xa5a1610e72fd18b5), UINT64_C(0x57bd43b5e52b7fe6)};
    check_kat(p, pk, w3);
}

/* The outputs of the xoshiro256** reference implementation from state (1, 2, 3, 4). */
static void test_xoshiro_reference_outputs(void **state)
{
    (void)state;
    struct eap_rng r = {{1, 2, 3, 4}};
    assert_int_equal(eap_rng_u64(&r), UINT64_C(11520));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(1509978240));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(1215971899390074240));
}

/* Stream (seed, replication, stream id) starts at the Philox block of counter (0, stream id,
 * replication, 0) under key (seed, 0), as rng.h documents: stream (0, 0, 0) starts at the
 * all-zero known answer. The first words of two streams were derived from the reference
 * algorithms by tests/rng_vectors.py, independently of this code. */
static void test_stream_layout_is_pinned(void **state)
{
    (void)state;
    struct eap_rng r;
    eap_rng_init(&r, 0, 0, 0);
    assert_int_equal(r.s[0], UINT64_C(0x16554d9eca36314c));
    assert_int_equal(r.s[1], UINT64_C(0xdb20fe9d672d0fdc));
    assert_int_equal(r.s[2], UINT64_C(0xd7e772cee186176b));
    assert_int_equal(r.s[3], UINT64_C(0x7e68b68aec7ba23b));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x6660d59175e4d73b));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0xe6088b3bd03091d2));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x222f60181575f994));
    eap_rng_init(&r, UINT64_C(0x452821e638d01377), UINT64_C(0xa4093822299f31d0), 0x85a308d3);
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x86c318384ab41d1b));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x3b5c07fdde94e976));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x23c2fa68d43c2295));
    /* Each of seed, replication and stream id takes part: changing any one changes the
     * start; and a 32-bit draw is the high half of a word, a uniform its top 53 bits. */
    struct eap_rng a, b, c;
    eap_rng_init(&a, 1, 0, 0);
    eap_rng_init(&b, 0, 1, 0);
    eap_rng_init(&c, 0, 0, 1);
    eap_rng_init(&r, 0, 0, 0);
    uint64_t first = eap_rng_u64(&r);
    assert_true(eap_rng_u64(&a) != first && eap_rng_u64(&b) != first && eap_rng_u64(&c) != first);
    eap_rng_init(&r, 0, 0, 0);
    assert_int_equal(eap_rng_u32(&r), 0x6660d591);
    assert_true(eap_rng_uniform(&r) == (double)(UINT64_C(0xe6088b3bd03091d2) >> 11) * 0x1.0p-53);
}

static double first_draw(double (*draw)(struct eap_rng *), uint64_t seed)
{
    struct eap_rng r;
    eap_rng_init(&r, seed, 0, 0);
    return draw(&r);
}

/* The ziggurats' draws, derived by tests/rng_vectors.py from the algorithm rng.c documents
 * (its own code and freshly computed tables): the first four of stream (0, 0, 0), and the
 * first draw of the first seeds whose first word falls in a wedge or the tail. */
static void test_ziggurat_known_answers(void **state)
{
    (void)state;
    const double normals[4] = {0x1.47f657d48d85dp-1, -0x1.28de96161b316p+0, -0x1.385a28b130892p-2,
                               -0x1.6558bf212f1ecp+0};
    const double exponentials[4] = {0x1.1eb461e047afcp+0, 0x1.5b6a302d3c592p-1,
                                    0x1.8755c66c38481p-3, 0x1.ca187b6474222p-1};
    struct eap_rng a, b;
    eap_rng_init(&a, 0, 0, 0);
    eap_rng_init(&b, 0, 0, 0);
    for (int i = 0; i < 4; i++) {
        assert_true(eap_rng_normal(&a) == normals[i]);
        assert_true(eap_rng_exponential(&b) == exponentials[i]);
    }
    assert_true(first_draw(eap_rng_normal, 26) == 0x1.94b4980055c5cp+0);        /* wedge */
    assert_true(first_draw(eap_rng_normal, 1164) == -0x1.dbae413d0797bp+1);     /* tail */
    assert_true(first_draw(eap_rng_exponential, 26) == 0x1.8ab3a0e1a7067p+1);   /* wedge */
    assert_true(first_draw(eap_rng_exponential, 5686) == 0x1.166378289c54bp+3); /* tail */
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

/* Chi-square of n draws over 64 cells of equal probability (cell k holds the draws whose CDF
 * lies in [k/64, (k+1)/64)), and the count beyond the ziggurat's base edge r, drawn by the
 * tail code: Poisson with mean n * tail, within 5 of its standard deviations. 103.4 is the
 * 0.999 quantile of chi-square with 63 degrees of freedom. */
static void check_ziggurat(double (*draw)(struct eap_rng *), double (*cdf)(double), double r_edge,
                           double tail, uint64_t seed)
{
    enum { N = 400000, CELLS = 64 };
    struct eap_rng r;
    eap_rng_init(&r, seed, 0, 0);
    unsigned counts[CELLS] = {0}, beyond = 0;
    for (int i = 0; i < N; i++) {
        double x = draw(&r);
        int k = (int)(cdf(x) * CELLS);
        counts[k < CELLS ? k : CELLS - 1]++;
        beyond += fabs(x) > r_edge;
    }
    double chi = 0, e = (double)N / CELLS;
    for (int k = 0; k < CELLS; k++) {
        chi += (counts[k] - e) * (counts[k] - e) / e;
    }
    assert_true(chi < 103.4);
    assert_true(fabs(beyond - N * tail) < 5 * sqrt(N * tail));
}

static double exponential_cdf(double x)
{
    return -expm1(-x);
}

/* The ziggurats of rng.c draw the normal and the exponential, wedges and tails included
 * (r = 3.4426 for the normal's 128 layers, 7.6971 for the exponential's 256). */
static void test_ziggurat_variates_follow_their_distributions(void **state)
{
    (void)state;
    check_ziggurat(eap_rng_normal, eap_normal_cdf, 3.4426198558966521, 5.7611e-4, 11);
    check_ziggurat(eap_rng_exponential, exponential_cdf, 7.6971174701310497, 4.5413e-4, 12);
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
        cmocka_unit_test(test_xoshiro_reference_outputs),
        cmocka_unit_test(test_stream_layout_is_pinned),
        cmocka_unit_test(test_ziggurat_known_answers),
        cmocka_unit_test(test_same_stream_same_numbers_different_streams_differ),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_below_is_unbiased_and_in_range),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_ziggurat_variates_follow_their_distributions),
        cmocka_unit_test(test_normal_quantile_and_cdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
