/* bench_rng_quality [LOG2_DRAWS]: a statistical battery for the streams of rng.h, run as a
 * meson benchmark (it takes a minute), not a test.
 *
 * Debian 12 packages neither TestU01 nor PractRand, so this is a battery of our own, and it
 * is much weaker than TestU01's BigCrush (which the generators behind rng.h pass, see
 * rng.h): eleven classic tests over about 2^LOG2_DRAWS 64-bit draws (default 30):
 *   freq_high16, freq_low16  chi-square of the top and bottom 16 bits (65,536 cells)
 *   bits                     each of the 64 bit positions: ones against half the draws
 *   serial_pairs             chi-square of pairs of successive top bytes (65,536 cells)
 *   autocorrelation          lags 1 to 8 of the uniforms
 *   gap                      gaps between uniforms below 1/16: geometric, 0..99 and more
 *   birthday_spacings        Marsaglia's: 4,096 birthdays in 2^32 days, repeated; the count
 *                            of repeated spacings is Poisson with mean 4 a repetition
 *   across_replications_*    freq_high16 and autocorrelation of the first draws of 4,096
 *   across_streams_*         consecutive replications (or stream ids) taken in turn: the
 *                            streams of neighbouring counters must look independent
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

static void report(const char *name, const char *stat, double value, double p)
{
    bool bad = !(p >= 1e-6 && p <= 1.0 - 1e-6);
    failures += bad;
    printf("%-34s %s %-12.4f p %.6f%s\n", name, stat, value, p, bad ? "  FAIL" : "");
}

/* A source of 64-bit words: one stream, or many taken in turn. */
struct source {
    struct eap_rng *r;
    size_t n, next;
};

static uint64_t draw(struct source *s)
{
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

/* Streams of seed SEED: `count` of them, replications 0.. (by_stream false) or stream ids
 * 0.. of replication 0, taken in turn. */
static struct source interleaved(size_t count, bool by_stream)
{
    struct source s = {calloc(count, sizeof(struct eap_rng)), count, 0};
    for (size_t i = 0; i < count; i++) {
        eap_rng_init(&s.r[i], SEED, by_stream ? 0 : i, by_stream ? (uint32_t)i : 0);
    }
    return s;
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
    struct source s = {&one, 1, 0};
    printf("draws about 2^%d\n", lg);
    freq16("freq_high16", &s, n / 8, 48);
    freq16("freq_low16", &s, n / 8, 0);
    bits(&s, n / 16);
    serial_pairs(&s, n / 16);
    autocorrelation("autocorrelation", &s, n / 8);
    gap(&s, n / 8);
    birthday_spacings(&s, n / 64 / 4096);
    struct source reps = interleaved(4096, false), ids = interleaved(4096, true);
    freq16("across_replications_freq_high16", &reps, n / 16, 48);
    autocorrelation("across_replications_autocorr", &reps, n / 16);
    freq16("across_streams_freq_high16", &ids, n / 16, 48);
    autocorrelation("across_streams_autocorr", &ids, n / 16);
    free(reps.r);
    free(ids.r);
    printf("failures %d\n", failures);
    return failures > 0;
}
