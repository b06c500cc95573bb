/* bench_rng_quality [LOG2_DRAWS]: a statistical battery for the streams of rng.h, run as a
 * meson benchmark (it takes a few minutes), not a test.
 *
 * Debian 12 packages neither TestU01 nor PractRand, so this is a battery of our own, and it
 * is much weaker than TestU01's BigCrush (which the generators behind rng.h pass, see
 * rng.h): seven classic tests over about 2^LOG2_DRAWS 64-bit draws (default 30):
 *   freq_high16, freq_low16  chi-square of the top and bottom 16 bits (65,536 cells)
 *   bits                     each of the 64 bit positions: ones against half the draws
 *   serial_pairs             chi-square of pairs of successive top bytes (65,536 cells)
 *   autocorrelation          lags 1 to 8 of the uniforms
 *   gap                      gaps between uniforms below 1/16: geometric, 0..99 and more
 *   birthday_spacings        Marsaglia's: 4,096 birthdays in 2^32 days, repeated; the count
 *                            of repeated spacings is Poisson with mean 4 a repetition
 * The first seven run on one stream; then the battery's tests run again on sources that
 * follow rng.h's layout from its replication key, on 2^(LOG2_DRAWS - 4) words each (a
 * quarter of that for the two that make a Philox block a word), seven tests each, five
 * where a source gives only 53 bits (the two that read the low bits are left out):
 *   streams_of_a_replication     adjacent stream ids 0.. of one replication, taken in turn
 *   replications_of_a_stream     one stream id in adjacent replications 0.., taken in turn
 *   first_words_by_id            the first word of stream ids 0, 1, 2.. of one replication
 *   first_words_by_hashed_id     the same for ids spread over 32 bits, as hashes are
 *   first_words_by_replication   the first word of one stream id in replications 0, 1, 2..
 *   keyed_by_index               keyed draws 0, 1, 2.. of one stream (53 bits)
 *   keyed_by_id                  keyed draw 0 of stream ids 0, 1, 2.. (53 bits)
 *   keyed_by_replication         keyed draw 0 of one stream in replications 0, 1, 2.. (53 bits)
 * Each prints its statistic and upper-tail p-value; a p-value below 1e-6 or above 1 - 1e-6
 * is a failure. The last line is "failures N"; the exit status is 1 when N > 0. Chi-square
 * p-values use the Wilson-Hilferty normal approximation (accurate far into the tails for the
 * degrees of freedom here, 8 and up). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/rng.h"

#define SEED 20240611
#define CELLS 65536

static int failures;

static double upper_normal(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

/* P(X >= x) for X chi-square with df degrees of freedom (Wilson-Hilferty). */
static double upper_chi2(double x, double df)
{
    double v = 2.0 / (9.0 * df);
    return upper_normal((cbrt(x / df) - (1.0 - v)) / sqrt(v));
}

static const char *prefix = ""; /* the source's name, before each test's */

static void report(const char *name, const char *stat, double value, double p)
{
    bool bad = !(p >= 1e-6 && p <= 1.0 - 1e-6);
    failures += bad;
    char full[80];
    snprintf(full, sizeof(full), "%s%s", prefix, name);
    printf("%-44s %s %-12.4f p %.6f%s\n", full, stat, value, p, bad ? "  FAIL" : "");
}

/* A stream id spread over 32 bits, as the engine's hashed ids are. */
#define SOME_ID UINT32_C(0x85a308d3)
#define HASHED(i) ((uint32_t)(i)*UINT32_C(0x9e3779b9))

enum source_kind {
    STREAMS,         /* one stream, or many taken in turn */
    FIRST_BY_ID,     /* the first word of stream `at` of replication 0 */
    FIRST_BY_HASHED, /* the first word of stream HASHED(at) of replication 0 */
    FIRST_BY_REP,    /* the first word of stream SOME_ID of replication `at` */
    KEYED_BY_INDEX,  /* keyed draw `at` of stream SOME_ID of replication 0 */
    KEYED_BY_ID,     /* keyed draw 0 of stream `at` of replication 0 */
    KEYED_BY_REP,    /* keyed draw 0 of stream SOME_ID of replication `at` */
};

/* A source of 64-bit words; `at` counts the words drawn (a keyed draw gives only its top 53
 * bits, the low 11 zero). */
struct source {
    enum source_kind kind;
    struct eap_rng *r;
    size_t n, next;
    struct eap_rng_key key; /* replication 0's */
    uint64_t at;
};

static uint64_t first_word(const struct eap_rng_key *key, uint32_t id)
{
    struct eap_rng r;
    eap_rng_start(&r, key, id);
    return eap_rng_u64(&r);
}

static uint64_t keyed_word(const struct eap_rng_key *key, uint32_t id, uint64_t index)
{
    double u;
    eap_rng_keyed_uniforms(key, id, index, 1, &u);
    return ((uint64_t)(u * 0x1.0p53) - 1) << 11; /* u = (w >> 11 + 1) / 2^53 */
}

static uint64_t from_key_of(uint64_t replication, uint32_t id, bool keyed)
{
    struct eap_rng_key key;
    eap_rng_key_init(&key, SEED, replication);
    return keyed ? keyed_word(&key, id, 0) : first_word(&key, id);
}

static uint64_t draw(struct source *s)
{
    uint64_t at = s->at++;
    switch (s->kind) {
    case FIRST_BY_ID:
        return first_word(&s->key, (uint32_t)at);
    case FIRST_BY_HASHED:
        return first_word(&s->key, HASHED(at));
    case FIRST_BY_REP:
        return from_key_of(at, SOME_ID, false);
    case KEYED_BY_INDEX:
        return keyed_word(&s->key, SOME_ID, at);
    case KEYED_BY_ID:
        return keyed_word(&s->key, (uint32_t)at, 0);
    case KEYED_BY_REP:
        return from_key_of(at, SOME_ID, true);
    case STREAMS:
        break;
    }
    uint64_t x = eap_rng_u64(&s->r[s->next]);
    s->next = s->next + 1 == s->n ? 0 : s->next + 1;
    return x;
}

static double chi2_cells(const uint64_t *count, size_t cells, uint64_t total)
{
    double e = (double)total / (double)cells, x = 0;
    for (size_t i = 0; i < cells; i++) {
        double d = (double)count[i] - e;
        x += d * d / e;
    }
    return x;
}

static void freq16(const char *name, struct source *s, uint64_t n, int shift)
{
    uint64_t *count = calloc(CELLS, sizeof(*count));
    for (uint64_t i = 0; i < n; i++) {
        count[(draw(s) >> shift) & (CELLS - 1)]++;
    }
    double x = chi2_cells(count, CELLS, n);
    report(name, "chi2", x, upper_chi2(x, CELLS - 1));
    free(count);
}

static void bits(struct source *s, uint64_t n)
{
    uint64_t ones[64] = {0};
    for (uint64_t i = 0; i < n; i++) {
        uint64_t x = draw(s);
        for (int b = 0; b < 64; b++) {
            ones[b] += (x >> b) & 1;
        }
    }
    double x = 0; /* sum of 64 squared z-scores: chi-square, 64 degrees of freedom */
    for (int b = 0; b < 64; b++) {
        double z = ((double)ones[b] - 0.5 * (double)n) / sqrt(0.25 * (double)n);
        x += z * z;
    }
    report("bits", "chi2", x, upper_chi2(x, 64));
}

static void serial_pairs(struct source *s, uint64_t pairs)
{
    uint64_t *count = calloc(CELLS, sizeof(*count));
    for (uint64_t i = 0; i < pairs; i++) {
        uint64_t a = draw(s) >> 56, b = draw(s) >> 56;
        count[(a << 8) | b]++;
    }
    double x = chi2_cells(count, CELLS, pairs);
    report("serial_pairs", "chi2", x, upper_chi2(x, CELLS - 1));
    free(count);
}

static double uniform(uint64_t x)
{
    return (double)(x >> 11) * 0x1.0p-53;
}

/* Lags 1..8: each sample correlation times sqrt(n) is standard normal; their squares sum to a
 * chi-square with 8 degrees of freedom. */
static void autocorrelation(const char *name, struct source *s, uint64_t n)
{
    enum { LAGS = 8 };
    double past[LAGS] = {0}, sum[LAGS] = {0};
    for (uint64_t i = 0; i < n; i++) {
        double u = uniform(draw(s)) - 0.5;
        for (int l = 0; l < LAGS; l++) {
            sum[l] += u * past[(i + LAGS - 1 - (uint64_t)l) % LAGS];
        }
        past[i % LAGS] = u;
    }
    double x = 0;
    for (int l = 0; l < LAGS; l++) {
        double z = sum[l] / (1.0 / 12.0) / sqrt((double)n); /* var of u is 1/12 */
        x += z * z;
    }
    report(name, "chi2", x, upper_chi2(x, LAGS));
}

static void gap(struct source *s, uint64_t n)
{
    enum { T = 100 };
    const double p = 1.0 / 16;
    uint64_t count[T + 1] = {0}, gaps = 0, len = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (uniform(draw(s)) < p) {
            count[len < T ? len : T]++;
            gaps++;
            len = 0;
        } else {
            len++;
        }
    }
    double x = 0;
    for (int k = 0; k <= T; k++) {
        double pk = k < T ? p * pow(1 - p, k) : pow(1 - p, T), e = pk * (double)gaps;
        x += ((double)count[k] - e) * ((double)count[k] - e) / e;
    }
    report("gap", "chi2", x, upper_chi2(x, T));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void birthday_spacings(struct source *s, uint64_t reps)
{
    enum { M = 4096 };
    uint64_t day[M], space[M], repeats = 0;
    for (uint64_t r = 0; r < reps; r++) {
        for (int i = 0; i < M; i++) {
            day[i] = draw(s) >> 32; /* 2^32 days */
        }
        qsort(day, M, sizeof(*day), cmp_u64);
        space[0] = day[0];
        for (int i = 1; i < M; i++) {
            space[i] = day[i] - day[i - 1];
        }
        qsort(space, M, sizeof(*space), cmp_u64);
        for (int i = 1; i < M; i++) {
            repeats += space[i] == space[i - 1];
        }
    }
    /* Poisson with mean M^3 / (4 * 2^32) = 4 a repetition; the total, with mean 4 reps, is
     * near normal. */
    double mean = 4.0 * (double)reps, z = ((double)repeats - mean) / sqrt(mean);
    report("birthday_spacings", "z", z, upper_normal(z));
}

/* Streams of seed SEED: `count` of them, replications 0.. of stream SOME_ID (by_stream
 * false) or stream ids 0.. of replication 0, taken in turn. */
static struct source interleaved(size_t count, bool by_stream)
{
    struct source s = {STREAMS, calloc(count, sizeof(struct eap_rng)), count, 0, {{0}}, 0};
    for (size_t i = 0; i < count; i++) {
        eap_rng_init(&s.r[i], SEED, by_stream ? 0 : i, by_stream ? (uint32_t)i : SOME_ID);
    }
    return s;
}

/* The battery on a source of n words or so; a source of 53 bits skips the tests of the low
 * bits. */
static void battery(const char *name, struct source *s, uint64_t n, bool top53)
{
    char p[48];
    snprintf(p, sizeof(p), "%s.", name);
    prefix = p;
    freq16("freq_high16", s, n, 48);
    if (!top53) {
        freq16("freq_low16", s, n, 0);
        bits(s, n);
    }
    serial_pairs(s, n / 2);
    autocorrelation("autocorrelation", s, n);
    gap(s, n);
    birthday_spacings(s, n / 4096 / 16 > 16 ? n / 4096 / 16 : 16);
    prefix = "";
}

static void layout_battery(uint64_t n)
{
    struct source streams = interleaved(4096, true), reps = interleaved(4096, false);
    battery("streams_of_a_replication", &streams, n, false);
    battery("replications_of_a_stream", &reps, n, false);
    free(streams.r);
    free(reps.r);
    struct source s = {FIRST_BY_ID, NULL, 0, 0, {{0}}, 0};
    eap_rng_key_init(&s.key, SEED, 0);
    const struct {
        const char *name;
        enum source_kind kind;
        bool top53;
        int shift; /* of n: the sources that make a Philox block a word are slower */
    } kinds[] = {
        {"first_words_by_id", FIRST_BY_ID, false, 0},
        {"first_words_by_hashed_id", FIRST_BY_HASHED, false, 0},
        {"first_words_by_replication", FIRST_BY_REP, false, 2},
        {"keyed_by_index", KEYED_BY_INDEX, true, 0},
        {"keyed_by_id", KEYED_BY_ID, true, 0},
        {"keyed_by_replication", KEYED_BY_REP, true, 2},
    };
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        s.kind = kinds[k].kind;
        s.at = 0;
        battery(kinds[k].name, &s, n >> kinds[k].shift, kinds[k].top53);
    }
}

int main(int argc, char **argv)
{
    int lg = argc > 1 ? atoi(argv[1]) : 30;
    if (lg < 20 || lg > 40) {
        fprintf(stderr, "usage: bench_rng_quality [LOG2_DRAWS, 20..40]\n");
        return 2;
    }
    uint64_t n = UINT64_C(1) << lg;
    struct eap_rng one;
    eap_rng_init(&one, SEED, 0, 0);
    struct source s = {STREAMS, &one, 1, 0, {{0}}, 0};
    printf("draws about 2^%d\n", lg);
    freq16("freq_high16", &s, n / 8, 48);
    freq16("freq_low16", &s, n / 8, 0);
    bits(&s, n / 16);
    serial_pairs(&s, n / 16);
    autocorrelation("autocorrelation", &s, n / 8);
    gap(&s, n / 8);
    birthday_spacings(&s, n / 64 / 4096);
    layout_battery(n / 16);
    printf("failures %d\n", failures);
    return failures > 0;
}
