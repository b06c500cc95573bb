/* The generator: Philox4x64-10 against Random123's known answers, xoshiro256** against its
 * reference outputs, the stream and keyed-draw layout, distinct starts within a replication,
 * the ziggurat variates' known answers and distributions, and basic moments. */
#include <math.h>
#include <stdlib.h>

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

/* Replication (seed 0, 0)'s key is the Philox block of counter 0 under key 0, Random123's
 * all-zero known answer, and stream (0, 0, 0) starts at Moremur of its words, as rng.h
 * documents. The states and first words were derived from the reference algorithms by
 * tests/rng_vectors.py, independently of this code. */
static void test_stream_layout_is_pinned(void **state)
{
    (void)state;
    struct eap_rng_key key;
    eap_rng_key_init(&key, 0, 0);
    assert_int_equal(key.k[0], UINT64_C(0x16554d9eca36314c));
    assert_int_equal(key.k[3], UINT64_C(0x7e68b68aec7ba23b));
    struct eap_rng r;
    eap_rng_init(&r, 0, 0, 0);
    assert_int_equal(r.s[0], UINT64_C(0x989384423cd76995));
    assert_int_equal(r.s[1], UINT64_C(0x9b87196c0f469339));
    assert_int_equal(r.s[2], UINT64_C(0x6dedcd460a5e733f));
    assert_int_equal(r.s[3], UINT64_C(0x59d96e8a2ae95da6));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x5fbbff57b3f082a4));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0xe9912914bd976c3d));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x6a7814beb2967ee0));
    eap_rng_init(&r, UINT64_C(0x452821e638d01377), UINT64_C(0xa4093822299f31d0), 0x85a308d3);
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0x810438627a4995e8));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0xd6a556118aec69b1));
    assert_int_equal(eap_rng_u64(&r), UINT64_C(0xe06ffa55dea11886));
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
    assert_int_equal(eap_rng_u32(&r), 0x5fbbff57);
    assert_true(eap_rng_uniform(&r) == (double)(UINT64_C(0xe9912914bd976c3d) >> 11) * 0x1.0p-53);
}

/* Keyed draws of rng_vectors.py, asked for in one range and one by one. */
static void test_keyed_layout_is_pinned(void **state)
{
    (void)state;
    const double want[4] = {0x1.fdc09c6e25bdap-2, 0x1.cbed8cb14e8c8p-3, 0x1.9a5838e100080p-4,
                            0x1.978281e5b53bcp-3};
    struct eap_rng_key key;
    eap_rng_key_init(&key, 12345, 678);
    double got[3], last;
    eap_rng_keyed_uniforms(&key, 0x9e3779b9, 0, 3, got);
    eap_rng_keyed_uniforms(&key, 0x9e3779b9, 1000, 1, &last);
    for (int i = 0; i < 3; i++) {
        assert_true(got[i] == want[i]);
    }
    assert_true(last == want[3]);
    eap_rng_key_init(&key, 0, 0);
    eap_rng_keyed_uniforms(&key, 0, 1, 1, &last);
    assert_true(last == 0x1.aa4652fd3cd20p-6);
}

/* Within a replication, distinct stream ids start at distinct states, word by word (rng.h
 * argues it from the bijections): consecutive ids, ids of one bit and ids spread over the
 * 32 bits as hashes are, 4096 distinct ones, give 4096 distinct values of each state word
 * and 4096 distinct first draws. */
static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static size_t sorted_distinct(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof(*v), compare_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m == 0 || v[m - 1] != v[i]) {
            v[m++] = v[i];
        }
    }
    return m;
}

static void test_stream_ids_of_a_replication_start_apart(void **state)
{
    (void)state;
    enum { N = 4096 };
    static uint64_t ids[N], words[5][N];
    for (uint32_t i = 0; i < N; i++) {
        ids[i] = i < 2016 ? i : i < 2048 ? UINT32_C(1) << (i - 2016) : i * UINT32_C(0x9e3779b9);
    }
    size_t n = sorted_distinct(ids, N);
    assert_true(n > N - 40);
    struct eap_rng_key key;
    eap_rng_key_init(&key, 2026, 7);
    for (size_t i = 0; i < n; i++) {
        struct eap_rng r;
        eap_rng_start(&r, &key, (uint32_t)ids[i]);
        for (int j = 0; j < 4; j++) {
            words[j][i] = r.s[j];
        }
        words[4][i] = eap_rng_u64(&r);
    }
    for (int j = 0; j < 5; j++) {
        assert_int_equal(sorted_distinct(words[j], n), n);
    }
}

/* Stream `id` of key, started whole and in halves, gives the same words: the first from word
 * 1 alone, then, once the rest is started, `more` words and the state. */
static void check_halves(const struct eap_rng_key *key, uint32_t id, int more)
{
    struct eap_rng whole, halves;
    eap_rng_start(&whole, key, id);
    assert_int_equal(eap_rng_start_first(&halves, key, id), eap_rng_u64(&whole));
    eap_rng_start_rest(&halves, key, id);
    assert_memory_equal(halves.s, whole.s, sizeof(whole.s));
    for (int i = 0; i < more; i++) {
        assert_int_equal(eap_rng_u64(&halves), eap_rng_u64(&whole));
    }
}

/* A stream started in halves is the same stream, however many words follow the first, and
 * for the one key that makes a start of all zeros (xoshiro's fixed point, which the start
 * moves to (1, 0, 0, 0): moremur(0) is 0, so K = -(id * G) in every word). */
static void test_a_stream_started_in_halves_is_the_same_stream(void **state)
{
    (void)state;
    const int more[] = {0, 1, 2, 100};
    const uint32_t ids[] = {0, 1, 0x85a308d3, UINT32_MAX};
    struct eap_rng_key key;
    for (uint64_t rep = 0; rep < 3; rep++) {
        eap_rng_key_init(&key, 2026, rep);
        for (int i = 0; i < 4; i++) {
            for (int m = 0; m < 4; m++) {
                check_halves(&key, ids[i], more[m]);
            }
        }
    }
    const uint32_t id = 77;
    for (int j = 0; j < 4; j++) {
        key.k[j] = (uint64_t)0 - id * UINT64_C(0x9e3779b97f4a7c15);
    }
    struct eap_rng r;
    eap_rng_start(&r, &key, id);
    assert_true(r.s[0] == 1 && r.s[1] == 0 && r.s[2] == 0 && r.s[3] == 0);
    for (int m = 0; m < 4; m++) {
        check_halves(&key, id, more[m]);
    }
    eap_rng_start(&r, &key, id);
    uint64_t any = 0;
    for (int i = 0; i < 4; i++) {
        any |= eap_rng_u64(&r);
    }
    assert_true(any != 0); /* the fixed point was left: words after the first are not all 0 */
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
    const double normals[4] = {-0x1.75d9f8b107855p-1, 0x1.6fa84ea6a21d3p+0, -0x1.d1266cc401128p-2,
                               -0x1.afe4ea22ad0b4p-1};
    const double exponentials[4] = {0x1.df36e8efbf24cp-2, 0x1.41ba109b86529p+1,
                                    0x1.fb09df030e8f3p-3, 0x1.fb77884844e38p-2};
    struct eap_rng a, b;
    eap_rng_init(&a, 0, 0, 0);
    eap_rng_init(&b, 0, 0, 0);
    for (int i = 0; i < 4; i++) {
        assert_true(eap_rng_normal(&a) == normals[i]);
        assert_true(eap_rng_exponential(&b) == exponentials[i]);
    }
    assert_true(first_draw(eap_rng_normal, 22) == 0x1.026c975b4a3d7p+0);        /* wedge */
    assert_true(first_draw(eap_rng_normal, 1522) == 0x1.c8ba23f3ab0eep+1);      /* tail */
    assert_true(first_draw(eap_rng_exponential, 22) == 0x1.d98512bc6ae13p+0);   /* wedge */
    assert_true(first_draw(eap_rng_exponential, 1522) == 0x1.04a4a2779269dp+3); /* tail */
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
        cmocka_unit_test(test_keyed_layout_is_pinned),
        cmocka_unit_test(test_stream_ids_of_a_replication_start_apart),
        cmocka_unit_test(test_a_stream_started_in_halves_is_the_same_stream),
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
