/*
 * The bare reference the kernel benchmarks measure themselves against (bench_mm1 and
 * bench_hold --reference): a plain 4-ary min-heap of packed 128-bit keys, with nothing else
 * (no handles, no cancellation, no payload beyond what the caller packs into the key), and
 * xoshiro256** states seeded through splitmix64. It is the "practical ceiling" of
 * docs/benchmarks.md: what a hand-written simulation loop costs. It shares no code with the
 * library's queue or kernel on purpose; the variates it draws are rng.h's (the same
 * algorithm on both sides, so a comparison measures the queue and the dispatch).
 * Header-only and static: each benchmark compiles its own copy into its loop; the median
 * helper at the end serves both benchmarks' reports.
 */
#ifndef EAPSIM_TESTS_BARE_HEAP_H
#define EAPSIM_TESTS_BARE_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

__extension__ typedef unsigned __int128 bare_key;

/* --- seeds --- */

/* A xoshiro256** state from splitmix64, as its authors advise; the loops step it with
 * rng.h's variates, so that both sides of a comparison draw alike. */
struct bare_rng {
    uint64_t s[4];
};

static inline uint64_t bare_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static inline void bare_rng_seed(struct bare_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        r->s[i] = bare_splitmix64(&seed);
    }
}

/* --- 4-ary min-heap of 128-bit keys --- */

struct bare_heap {
    bare_key *a;
    size_t n, cap;
};

static inline bool bare_heap_init(struct bare_heap *h, size_t cap)
{
    h->a = malloc(cap * sizeof(*h->a));
    h->n = 0;
    h->cap = cap;
    return h->a != NULL;
}

static inline void bare_heap_finish(struct bare_heap *h)
{
    free(h->a);
    h->a = NULL;
    h->n = h->cap = 0;
}

static inline bool bare_heap_push(struct bare_heap *h, bare_key k)
{
    if (h->n == h->cap) {
        bare_key *a = realloc(h->a, 2 * h->cap * sizeof(*a));
        if (!a) {
            return false;
        }
        h->a = a;
        h->cap *= 2;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (h->a[p] <= k) {
            break;
        }
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = k;
    return true;
}

/* Removes and returns the smallest key; the heap must not be empty. */
static inline bare_key bare_heap_pop(struct bare_heap *h)
{
    bare_key top = h->a[0], k = h->a[--h->n];
    size_t n = h->n, i = 0, c;
    while ((c = 4 * i + 1) < n) {
        size_t m = c, end = c + 4 < n ? c + 4 : n;
        for (size_t j = c + 1; j < end; j++) {
            m = h->a[j] < h->a[m] ? j : m;
        }
        if (h->a[m] >= k) {
            break;
        }
        h->a[i] = h->a[m];
        i = m;
    }
    if (n > 0) {
        h->a[i] = k;
    }
    return top;
}

/* --- reporting --- */

static inline int bare_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n), n > 0; sorts v. */
static inline double bare_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bare_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
