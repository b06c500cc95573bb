/*
 * Exact mergeable statistics: 128/192-bit integer moments, a lazily allocated log-linear
 * histogram, results computed from the integers at the end, Student t and Wilson intervals,
 * and the JSON form used by shard files (with full validation on the way back in; integers
 * as json_int.h says).
 * Multi-word integers are arrays of uint64_t limbs, least significant first; products and
 * carries go through unsigned __int128, so this file needs gcc or clang on a 64-bit target.
 */
#include "eapsim/stats.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "eapsim/count_of.h"
#include "eapsim/dist.h"
#include "json_int.h"
#include "stats_json.h"

#ifndef __SIZEOF_INT128__
#error "stats.c needs unsigned __int128 (gcc or clang on a 64-bit target)"
#endif
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

/* Histogram layout. A magnitude m gets index m below 2 * SUBBINS; above, index
 * shift * SUBBINS + (m >> shift), shift = floor(log2 m) - SUB_BITS. Indices run 0..BIN_MAX;
 * a block is one octave of SUBBINS counters, BLOCKS_PER_SIGN blocks per sign. */
#define SUB_BITS 7
#define SUBBINS (1u << SUB_BITS)
#define BLOCKS_PER_SIGN ((EAP_STAT_BIN_MAX >> SUB_BITS) + 1)
#define NBLOCKS (2 * BLOCKS_PER_SIGN)
#define BLOCK_BYTES (SUBBINS * sizeof(uint64_t))

_Static_assert(SUBBINS == EAP_STAT_SUBBINS, "stats.h and stats.c disagree on sub-bins");
_Static_assert(((63 - 1 - SUB_BITS) << SUB_BITS) + 2 * SUBBINS - 1 == EAP_STAT_BIN_MAX,
               "EAP_STAT_BIN_MAX is the index of 2^63 - 1");

#define TEN19 UINT64_C(10000000000000000000)
#define DEC_MAX 64 /* digits of a 192-bit number (58), a sign and the terminator */
#define T_SERIES_MAX_DF 2000
#define PI 3.14159265358979323846

static unsigned mag_index(uint64_t m)
{
    unsigned e = 63u - (unsigned)__builtin_clzll(m | 1);
    unsigned shift = e > SUB_BITS ? e - SUB_BITS : 0;
    return (shift << SUB_BITS) + (unsigned)(m >> shift);
}

/* |v| as an unsigned magnitude (defined for INT64_MIN too). */
static uint64_t mag_of(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* The signed bin number of v (as in the JSON form). */
static int bin_number(int64_t v)
{
    return v < 0 ? -(int)mag_index(0 - (uint64_t)v) : (int)mag_index((uint64_t)v);
}

/* Midpoint of the integers in magnitude bin idx: within 2^-8 relative of each of them. */
static double bin_mid(unsigned idx)
{
    if (idx < 2 * SUBBINS) {
        return idx;
    }
    unsigned shift = (idx >> SUB_BITS) - 1;
    uint64_t low = (uint64_t)(SUBBINS | (idx & (SUBBINS - 1))) << shift;
    uint64_t width = UINT64_C(1) << shift;
    return (double)low + ((double)width - 1) / 2;
}

static i128 get_sum(const struct eap_stat *s)
{
    return (i128)(((u128)s->sum[1] << 64) | s->sum[0]);
}

/* --- lifecycle and accumulation ------------------------------------------------------------ */

void eap_stat_init(struct eap_stat *s)
{
    memset(s, 0, sizeof(*s));
    s->min = INT64_MAX;
    s->max = INT64_MIN;
}

void eap_stat_finish(struct eap_stat *s)
{
    if (s->blocks) {
        for (unsigned j = 0; j < NBLOCKS; j++) {
            free(s->blocks[j]);
        }
        free(s->blocks);
    }
    free(s->exact);
    eap_stat_init(s);
}

/* --- the kept exact values ------------------------------------------------------------------ */

/* Values below 256 in magnitude have bins of their own; only the others need keeping. */
static bool kept(uint64_t mag)
{
    return mag >= 2 * SUBBINS;
}

static void let_go(struct eap_stat *s)
{
    free(s->exact);
    s->exact = NULL;
    s->exact_n = s->exact_cap = 0;
    s->inexact = true;
}

/* Room for one more kept value (the array doubles, up to EAP_STAT_EXACT_MAX). */
static bool exact_room(struct eap_stat *s)
{
    if (s->exact_n < s->exact_cap) {
        return true;
    }
    uint32_t cap = s->exact_cap ? 2 * s->exact_cap : 64;
    cap = cap > EAP_STAT_EXACT_MAX ? EAP_STAT_EXACT_MAX : cap;
    int64_t *grown = realloc(s->exact, cap * sizeof(*grown));
    if (!grown) {
        return false;
    }
    s->exact = grown;
    s->exact_cap = cap;
    return true;
}

/* Keeps v (|v| >= 256), or lets every kept value go when there would be too many. False when
 * memory runs out (nothing changed). */
static bool keep_exact(struct eap_stat *s, int64_t v)
{
    if (s->exact_n == EAP_STAT_EXACT_MAX) {
        let_go(s);
        return true;
    }
    if (!exact_room(s)) {
        return false;
    }
    s->exact_sorted = s->exact_n == 0 || (s->exact_sorted && v >= s->exact[s->exact_n - 1]);
    s->exact[s->exact_n++] = v;
    return true;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The kept values in increasing order: s's own array when sorted, else a sorted copy left in
 * *tmp for the caller to free. NULL when s keeps no value or memory runs out (the caller then
 * reads the bins, which are within the documented error). */
static const int64_t *sorted_exact(const struct eap_stat *s, int64_t **tmp)
{
    *tmp = NULL;
    if (s->inexact || s->exact_n == 0) {
        return NULL;
    }
    if (s->exact_sorted) {
        return s->exact;
    }
    if (!(*tmp = malloc(s->exact_n * sizeof(**tmp)))) {
        return NULL;
    }
    memcpy(*tmp, s->exact, s->exact_n * sizeof(**tmp));
    qsort(*tmp, s->exact_n, sizeof(**tmp), cmp_i64);
    return *tmp;
}

/* The kept values of into and from joined and sorted, in a new array *out (NULL when the
 * result keeps none; *inexact when there are too many to keep). False when memory runs out. */
static bool join_exact(const struct eap_stat *into, const struct eap_stat *from, int64_t **out,
                       uint32_t *n, bool *inexact)
{
    *out = NULL;
    *n = 0;
    *inexact = into->inexact || from->inexact ||
               into->exact_n + from->exact_n > (uint32_t)EAP_STAT_EXACT_MAX;
    if (*inexact) {
        return true;
    }
    *n = into->exact_n + from->exact_n;
    if (*n == 0) {
        return true;
    }
    if (!(*out = malloc(*n * sizeof(**out)))) {
        return false;
    }
    if (into->exact_n) { /* memcpy from NULL is undefined even for 0 bytes */
        memcpy(*out, into->exact, into->exact_n * sizeof(**out));
    }
    if (from->exact_n) {
        memcpy(*out + into->exact_n, from->exact, from->exact_n * sizeof(**out));
    }
    qsort(*out, *n, sizeof(**out), cmp_i64);
    return true;
}

/* The block j of s, allocated (zeroed) on first use; NULL when memory runs out. */
static uint64_t *get_block(struct eap_stat *s, unsigned j)
{
    if (!s->blocks && !(s->blocks = calloc(NBLOCKS, sizeof(*s->blocks)))) {
        return NULL;
    }
    if (!s->blocks[j]) {
        s->blocks[j] = calloc(SUBBINS, sizeof(uint64_t));
    }
    return s->blocks[j];
}

/* The block of a value: its sign's half, then its octave. */
static unsigned block_of(int64_t v, unsigned idx)
{
    return (unsigned)((uint64_t)v >> 63) * BLOCKS_PER_SIGN + (idx >> SUB_BITS);
}

/* Counts v (of magnitude mag, in bin idx of block) in the bins and the moments. */
static inline void accumulate(struct eap_stat *s, int64_t v, uint64_t mag, unsigned idx,
                              uint64_t *block)
{
    uint64_t u = (uint64_t)v, neg = u >> 63;
    block[idx & (SUBBINS - 1)]++;
    s->count++;
    s->min = v < s->min ? v : s->min;
    s->max = v > s->max ? v : s->max;
    /* 128-bit two's complement: the high limb takes the carry and v's sign extension. */
    uint64_t lo = s->sum[0] + u;
    s->sum[1] += (uint64_t)(lo < u) - neg;
    s->sum[0] = lo;
    u128 sq = (u128)mag * mag;
    u128 low = (((u128)s->sumsq[1] << 64) | s->sumsq[0]) + sq;
    s->sumsq[2] += low < sq;
    s->sumsq[0] = (uint64_t)low;
    s->sumsq[1] = (uint64_t)(low >> 64);
}

/* An add that needs more than counting: the first value of its octave (the block is
 * allocated) or a value kept one by one. Out of line, so that the common add, which the
 * batch makes for every metric of every replication, has no call to save registers for. */
__attribute__((noinline)) static bool add_rare(struct eap_stat *s, int64_t v)
{
    uint64_t mag = mag_of(v);
    unsigned idx = mag_index(mag), j = block_of(v, idx);
    uint64_t *block = s->blocks ? s->blocks[j] : NULL;
    if ((!block && !(block = get_block(s, j))) || (!s->inexact && kept(mag) && !keep_exact(s, v))) {
        s->oom = true;
        return false;
    }
    accumulate(s, v, mag, idx, block);
    return true;
}

bool eap_stat_add(struct eap_stat *s, int64_t v)
{
    if (v == EAP_STAT_MISSING) {
        s->missing++;
        return true;
    }
    uint64_t mag = mag_of(v);
    unsigned idx = mag_index(mag);
    uint64_t *block = s->blocks ? s->blocks[block_of(v, idx)] : NULL;
    if (!block || (!s->inexact && kept(mag))) {
        return add_rare(s, v);
    }
    accumulate(s, v, mag, idx, block);
    return true;
}

/* w += x over n limbs, dropping the final carry (the callers' ranges rule it out). */
static void add_limbs(uint64_t *w, const uint64_t *x, size_t n)
{
    uint64_t carry = 0;
    for (size_t i = 0; i < n; i++) {
        u128 t = (u128)w[i] + x[i] + carry;
        w[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

bool eap_stat_merge(struct eap_stat *into, const struct eap_stat *from)
{
    into->oom |= from->oom;
    if (from->count > UINT64_MAX - into->count || from->missing > UINT64_MAX - into->missing) {
        return false;
    }
    /* Allocate everything first, so that failure leaves the counts untouched. */
    int64_t *joined;
    uint32_t joined_n;
    bool inexact;
    if (!join_exact(into, from, &joined, &joined_n, &inexact)) {
        into->oom = true;
        return false;
    }
    if (from->blocks) {
        for (unsigned j = 0; j < NBLOCKS; j++) {
            if (from->blocks[j] && !get_block(into, j)) {
                free(joined);
                into->oom = true;
                return false;
            }
        }
        for (unsigned j = 0; j < NBLOCKS; j++) {
            if (from->blocks[j]) {
                for (unsigned i = 0; i < SUBBINS; i++) {
                    into->blocks[j][i] += from->blocks[j][i];
                }
            }
        }
    }
    /* Copies first: from may be into. */
    uint64_t sum[2] = {from->sum[0], from->sum[1]};
    uint64_t sumsq[3] = {from->sumsq[0], from->sumsq[1], from->sumsq[2]};
    int64_t fmin = from->min, fmax = from->max;
    into->count += from->count;
    into->missing += from->missing;
    into->min = fmin < into->min ? fmin : into->min;
    into->max = fmax > into->max ? fmax : into->max;
    add_limbs(into->sum, sum, 2);
    add_limbs(into->sumsq, sumsq, 3);
    free(into->exact);
    into->exact = joined;
    into->exact_n = into->exact_cap = joined_n;
    into->exact_sorted = true;
    into->inexact = inexact;
    return true;
}

size_t eap_stat_bytes(const struct eap_stat *s)
{
    if (!s->blocks) {
        return 0;
    }
    size_t bytes = NBLOCKS * sizeof(*s->blocks) + s->exact_cap * sizeof(*s->exact);
    for (unsigned j = 0; j < NBLOCKS; j++) {
        bytes += s->blocks[j] ? BLOCK_BYTES : 0;
    }
    return bytes;
}

/* --- results ------------------------------------------------------------------------------- */

double eap_stat_mean(const struct eap_stat *s)
{
    if (s->count == 0) {
        return NAN;
    }
    i128 sum = get_sum(s), n = (i128)s->count, exact = (i128)1 << 53;
    if (sum > -exact && sum < exact && n < exact) { /* both exact in double: correctly rounded */
        return (double)sum / (double)n;
    }
    /* sum = q * n + r exactly, |q| < 2^63 and |r| < n: two correctly rounded conversions. */
    i128 q = sum / n, r = sum % n;
    return (double)q + (double)r / (double)s->count;
}

/* out[0 .. na+nb-1] = a * b. */
static void mul_limbs(uint64_t *out, const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    memset(out, 0, (na + nb) * sizeof(*out));
    for (size_t i = 0; i < na; i++) {
        uint64_t carry = 0;
        for (size_t k = 0; k < nb; k++) {
            u128 t = (u128)a[i] * b[k] + out[i + k] + carry;
            out[i + k] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        out[i + nb] = carry;
    }
}

/* Compares n-limb numbers: -1, 0 or 1. */
static int cmp_limbs(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

/* The 256-bit products n * sumsq and sum^2, whose difference is the variance numerator. */
static void variance_terms(const struct eap_stat *s, uint64_t nss[4], uint64_t ss[4])
{
    i128 sum = get_sum(s);
    u128 mag = sum < 0 ? 0 - (u128)sum : (u128)sum;
    uint64_t m[2] = {(uint64_t)mag, (uint64_t)(mag >> 64)};
    mul_limbs(nss, &s->count, 1, s->sumsq, 3);
    mul_limbs(ss, m, 2, m, 2);
}

/* The n-limb number w as a double: its top 64 bits, rounded once, then scaled. */
static double limbs_to_double(const uint64_t *w, size_t n)
{
    size_t i = n;
    while (i > 0 && w[i - 1] == 0) {
        i--;
    }
    if (i == 0) {
        return 0;
    }
    unsigned lz = (unsigned)__builtin_clzll(w[i - 1]);
    uint64_t top = w[i - 1] << lz;
    if (lz > 0 && i > 1) {
        top |= w[i - 2] >> (64 - lz);
    }
    return ldexp((double)top, (int)(64 * (i - 1)) - (int)lz);
}

double eap_stat_variance(const struct eap_stat *s)
{
    if (s->count < 2) {
        return NAN;
    }
    uint64_t d[4], ss[4], borrow = 0;
    variance_terms(s, d, ss);
    for (size_t i = 0; i < 4; i++) { /* d -= ss; never negative (Cauchy-Schwarz) */
        u128 t = (u128)d[i] - ss[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return limbs_to_double(d, 4) / ((double)s->count * (double)(s->count - 1));
}

double eap_stat_sd(const struct eap_stat *s)
{
    return sqrt(eap_stat_variance(s));
}

static bool valid_level(double level)
{
    return level > 0 && level < 1;
}

void eap_stat_mean_ci(const struct eap_stat *s, double level, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (s->count < 2 || !valid_level(level)) {
        return;
    }
    double t = eap_stat_t_quantile(0.5 + 0.5 * level, s->count - 1);
    double mean = eap_stat_mean(s), half = t * eap_stat_sd(s) / sqrt((double)s->count);
    *lo = mean - half;
    *hi = mean + half;
}

/* The nearest rank ceil(p * n) in [1, n], forgiving the rounding error in p * n. */
static uint64_t nearest_rank(double p, uint64_t n)
{
    double pn = p * (double)n;
    double k = ceil(pn - pn * 0x1p-51);
    return k < 1 ? 1 : (k >= (double)n ? n : (uint64_t)k);
}

/* Midpoint of the bin holding the value of the given rank, walking bins in value order. */
static double rank_bin_mid(const struct eap_stat *s, uint64_t rank)
{
    uint64_t cum = 0;
    for (unsigned j = BLOCKS_PER_SIGN; j-- > 0;) {
        const uint64_t *b = s->blocks[BLOCKS_PER_SIGN + j];
        for (unsigned i = SUBBINS; b && i-- > 0;) {
            if ((cum += b[i]) >= rank) {
                return -bin_mid((j << SUB_BITS) | i);
            }
        }
    }
    for (unsigned j = 0; j < BLOCKS_PER_SIGN; j++) {
        const uint64_t *b = s->blocks[j];
        for (unsigned i = 0; b && i < SUBBINS; i++) {
            if ((cum += b[i]) >= rank) {
                return bin_mid((j << SUB_BITS) | i);
            }
        }
    }
    return NAN; /* not reached: the bins sum to count */
}

/* Walks the non-empty bins of s in storage order (not value order): each call gives the next
 * one's magnitude index, sign and count, false after the last. Start with it zeroed. */
struct bin_walk {
    unsigned j, i;
};

static bool next_bin(const struct eap_stat *s, struct bin_walk *w, unsigned *idx, bool *neg,
                     uint64_t *count)
{
    for (; s->blocks && w->j < NBLOCKS; w->j++, w->i = 0) {
        const uint64_t *b = s->blocks[w->j];
        for (; b && w->i < SUBBINS; w->i++) {
            if (b[w->i]) {
                *neg = w->j >= BLOCKS_PER_SIGN;
                *idx = ((*neg ? w->j - BLOCKS_PER_SIGN : w->j) << SUB_BITS) | w->i;
                *count = b[w->i++];
                return true;
            }
        }
    }
    return false;
}

/* How many of the n increasing values v lie below x (first of them at or above x). */
static uint32_t count_under(const int64_t *v, uint32_t n, double x)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((double)v[mid] < x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The share of wide bin idx's values below x, those values taken as spread evenly over the
 * integers of the bin that lie within [min, max], each integer k over [k - 1/2, k + 1/2). */
static double share_below(const struct eap_stat *s, unsigned idx, bool neg, double x)
{
    unsigned shift = (idx >> SUB_BITS) - 1;
    double low = (double)((uint64_t)(SUBBINS | (idx & (SUBBINS - 1))) << shift);
    double high = low + (double)((UINT64_C(1) << shift) - 1);
    double a = neg ? -high : low, b = neg ? -low : high;
    a = fmax(a, (double)s->min);
    b = fmin(b, (double)s->max);
    double f = (x - (a - 0.5)) / (b - a + 1);
    return f < 0 ? 0 : (f > 1 ? 1 : f);
}

double eap_stat_count_below(const struct eap_stat *s, double x)
{
    int64_t *tmp;
    const int64_t *v = sorted_exact(s, &tmp);
    double below = v ? (double)count_under(v, s->exact_n, x) : 0;
    struct bin_walk w = {0, 0};
    unsigned idx;
    bool neg;
    uint64_t c;
    while (next_bin(s, &w, &idx, &neg, &c)) {
        if (!kept(idx)) { /* an exact bin: idx is its magnitude */
            below += (neg ? -(double)idx : (double)idx) < x ? (double)c : 0;
        } else if (!v) {
            below += (double)c * share_below(s, idx, neg, x);
        }
    }
    free(tmp);
    return below;
}

/* eap_stat_rank from the kept values v and the exact bins. */
static void rank_exact(const struct eap_stat *s, const int64_t *v, int64_t x, uint64_t *below,
                       uint64_t *at)
{
    uint32_t lo = count_under(v, s->exact_n, (double)x), hi = lo;
    while (hi < s->exact_n && v[hi] == x) {
        hi++;
    }
    *below = lo;
    *at = hi - lo;
    struct bin_walk w = {0, 0};
    unsigned idx;
    bool neg;
    uint64_t c;
    while (next_bin(s, &w, &idx, &neg, &c)) {
        int64_t value = neg ? -(int64_t)idx : (int64_t)idx;
        if (!kept(idx)) {
            *below += value < x ? c : 0;
            *at += value == x ? c : 0;
        }
    }
}

void eap_stat_rank(const struct eap_stat *s, int64_t x, uint64_t *below, uint64_t *at)
{
    *below = *at = 0;
    if (s->count == 0 || !s->blocks) {
        return;
    }
    int64_t *tmp;
    const int64_t *v = sorted_exact(s, &tmp);
    if (v) {
        rank_exact(s, v, x, below, at);
        free(tmp);
        return;
    }
    int n = bin_number(x);
    double mx = n < 0 ? -bin_mid((unsigned)-n) : bin_mid((unsigned)n);
    struct bin_walk w = {0, 0};
    unsigned idx;
    bool neg;
    uint64_t c;
    while (next_bin(s, &w, &idx, &neg, &c)) {
        double mid = neg ? -bin_mid(idx) : bin_mid(idx);
        *below += mid < mx ? c : 0;
        *at += mid == mx ? c : 0;
    }
}

/* The value of the given rank from the kept values v (increasing) and the exact bins: the
 * kept negatives come first, then the values below 256 in magnitude, then the kept
 * positives. */
static double rank_value_exact(const struct eap_stat *s, const int64_t *v, uint64_t rank)
{
    uint64_t negatives = count_under(v, s->exact_n, 0), small = s->count - s->exact_n;
    if (rank <= negatives) {
        return (double)v[rank - 1];
    }
    if (rank <= negatives + small) {
        return rank_bin_mid(s, rank); /* an exact bin */
    }
    return (double)v[rank - small - 1];
}

double eap_stat_quantile(const struct eap_stat *s, double p)
{
    if (s->count == 0 || !(p >= 0 && p <= 1)) {
        return NAN;
    }
    if (p == 0) {
        return (double)s->min;
    }
    if (p == 1) {
        return (double)s->max;
    }
    uint64_t rank = nearest_rank(p, s->count);
    int64_t *tmp;
    const int64_t *v = sorted_exact(s, &tmp);
    double x = v ? rank_value_exact(s, v, rank) : rank_bin_mid(s, rank);
    free(tmp);
    double min = (double)s->min, max = (double)s->max;
    return x < min ? min : (x > max ? max : x);
}

double eap_stat_quantile_error(const struct eap_stat *s)
{
    return s->inexact ? EAP_STAT_QUANTILE_REL_ERROR : 0;
}

bool eap_stat_proportion(const struct eap_stat *s, double level, double *p, double *lo, double *hi)
{
    double pp = NAN, l = NAN, h = NAN;
    bool ok = s->count > 0 && s->min >= 0 && s->max <= 1;
    if (ok) {
        uint64_t yes = s->sum[0]; /* values are 0 or 1, so the sum is the number of 1s */
        pp = (double)yes / (double)s->count;
        eap_stat_wilson(yes, s->count, level, &l, &h);
    }
    if (p) {
        *p = pp;
    }
    if (lo) {
        *lo = l;
    }
    if (hi) {
        *hi = h;
    }
    return ok;
}

void eap_stat_wilson(uint64_t successes, uint64_t n, double level, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (n == 0 || successes > n || !valid_level(level)) {
        return;
    }
    double z = eap_normal_quantile(0.5 + 0.5 * level), z2 = z * z, nn = (double)n;
    double ph = (double)successes / nn, denom = 1 + z2 / nn;
    double center = (ph + z2 / (2 * nn)) / denom;
    double half = z * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denom;
    *lo = successes == 0 ? 0 : fmax(0, center - half);
    *hi = successes == n ? 1 : fmin(1, center + half);
}

/* --- Student t quantile -------------------------------------------------------------------- */

/* P(|T| <= t) for t = sqrt(df) tan(theta), df >= 3: the finite series of A&S 26.7.3 (odd df)
 * and 26.7.4 (even df) in powers of cos^2(theta). O(df). */
static double t_central(double theta, uint64_t df)
{
    double s = sin(theta), c = cos(theta), c2 = c * c;
    if (df % 2 == 1) {
        double term = c, sum = c;
        for (uint64_t k = 1; 2 * k + 1 <= df - 2; k++) {
            term *= (double)(2 * k) / (double)(2 * k + 1) * c2;
            sum += term;
        }
        return 2 / PI * (theta + s * sum);
    }
    double term = 1, sum = 1;
    for (uint64_t k = 1; 2 * k <= df - 2; k++) {
        term *= (double)(2 * k - 1) / (double)(2 * k) * c2;
        sum += term;
    }
    return s * sum;
}

/* t with P(T <= t) = p, 0.5 < p < 1, df <= T_SERIES_MAX_DF. */
static double t_upper_series(double p, uint64_t df)
{
    double q = 1 - p, a = 2 * p - 1; /* both exact for p in [0.5, 1] */
    if (df == 1) {
        return 1 / tan(PI * q);
    }
    if (df == 2) {
        return a / sqrt(2 * q * (1 - q));
    }
    /* Bisection on theta: slow but sure, deterministic, ~60 series evaluations. */
    double lo = 0, hi = PI / 2;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) {
            break;
        }
        if (t_central(mid, df) < a) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return sqrt((double)df) * tan(0.5 * (lo + hi));
}

/* Cornish-Fisher expansion of the t quantile in powers of 1/df (A&S 26.7.5). */
static double t_upper_expansion(double p, uint64_t df)
{
    double x = eap_normal_quantile(p), x2 = x * x, v = 1 / (double)df;
    double g1 = (x2 + 1) * x / 4;
    double g2 = ((5 * x2 + 16) * x2 + 3) * x / 96;
    double g3 = (((3 * x2 + 19) * x2 + 17) * x2 - 15) * x / 384;
    double g4 = ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945) * x / 92160;
    return x + (g1 + (g2 + (g3 + g4 * v) * v) * v) * v;
}

double eap_stat_t_quantile(double p, uint64_t df)
{
    if (df == 0 || !(p >= 0 && p <= 1)) {
        return NAN;
    }
    if (p == 0 || p == 1) {
        return p == 0 ? -INFINITY : INFINITY;
    }
    if (p == 0.5) {
        return 0;
    }
    if (p < 0.5) {
        return -eap_stat_t_quantile(1 - p, df);
    }
    return df <= T_SERIES_MAX_DF ? t_upper_series(p, df) : t_upper_expansion(p, df);
}

/* --- decimal strings of multi-limb integers ------------------------------------------------ */

/* Writes the magnitude w (n <= 3 limbs) in decimal, with a '-' when neg, into buf[DEC_MAX]. */
static void format_dec(char *buf, const uint64_t *w, size_t n, bool neg)
{
    uint64_t t[3] = {0}, chunk[4];
    memcpy(t, w, n * sizeof(*w));
    size_t nc = 0;
    do { /* peel off 19 decimal digits at a time */
        uint64_t rem = 0;
        for (size_t i = n; i-- > 0;) {
            u128 cur = ((u128)rem << 64) | t[i];
            t[i] = (uint64_t)(cur / TEN19);
            rem = (uint64_t)(cur % TEN19);
        }
        chunk[nc++] = rem;
    } while (t[0] | t[1] | t[2]);
    int len = snprintf(buf, DEC_MAX, "%s%" PRIu64, neg ? "-" : "", chunk[nc - 1]);
    while (nc-- > 1) {
        len += snprintf(buf + len, DEC_MAX - (size_t)len, "%019" PRIu64, chunk[nc - 1]);
    }
}

enum parse_result { PARSE_OK, PARSE_SYNTAX, PARSE_RANGE };

/* Reads an optional '-' and one or more decimal digits into the n-limb magnitude w. */
static enum parse_result parse_dec(const char *str, uint64_t *w, size_t n, bool *neg)
{
    memset(w, 0, n * sizeof(*w));
    *neg = *str == '-';
    str += *neg;
    if (*str == '\0') {
        return PARSE_SYNTAX;
    }
    for (; *str; str++) {
        if (*str < '0' || *str > '9') {
            return PARSE_SYNTAX;
        }
        uint64_t carry = (uint64_t)(*str - '0');
        for (size_t i = 0; i < n; i++) {
            u128 t = (u128)w[i] * 10 + carry;
            w[i] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        if (carry) {
            return PARSE_RANGE;
        }
    }
    return PARSE_OK;
}

/* --- JSON writer --------------------------------------------------------------------------- */

static bool add_dec(cJSON *obj, const char *name, const uint64_t *w, size_t n, bool neg)
{
    char buf[DEC_MAX];
    format_dec(buf, w, n, neg);
    return eap_json_add_int(obj, name, buf);
}

static bool add_int64(cJSON *obj, const char *name, int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    return add_dec(obj, name, &mag, 1, v < 0);
}

static bool add_bin(cJSON *bins, int number, uint64_t count)
{
    char buf[DEC_MAX];
    format_dec(buf, &count, 1, false);
    cJSON *pair = cJSON_CreateArray(), *num = cJSON_CreateNumber(number);
    cJSON *cnt = eap_json_int(buf);
    if (!pair || !num || !cnt) {
        cJSON_Delete(pair);
        cJSON_Delete(num);
        cJSON_Delete(cnt);
        return false;
    }
    /* Adding fails only for NULL items, ruled out above. */
    cJSON_AddItemToArray(pair, num);
    cJSON_AddItemToArray(pair, cnt);
    cJSON_AddItemToArray(bins, pair);
    return true;
}

/* Appends the non-empty bins in increasing bin-number order. */
static bool add_bins(cJSON *bins, const struct eap_stat *s)
{
    if (!s->blocks) {
        return true;
    }
    for (unsigned j = BLOCKS_PER_SIGN; j-- > 0;) {
        const uint64_t *b = s->blocks[BLOCKS_PER_SIGN + j];
        for (unsigned i = SUBBINS; b && i-- > 0;) {
            if (b[i] && !add_bin(bins, -(int)((j << SUB_BITS) | i), b[i])) {
                return false;
            }
        }
    }
    for (unsigned j = 0; j < BLOCKS_PER_SIGN; j++) {
        const uint64_t *b = s->blocks[j];
        for (unsigned i = 0; b && i < SUBBINS; i++) {
            if (b[i] && !add_bin(bins, (int)((j << SUB_BITS) | i), b[i])) {
                return false;
            }
        }
    }
    return true;
}

/* "exact": the kept values in increasing order, written only while the stat keeps some. */
static bool add_exact(cJSON *obj, const struct eap_stat *s)
{
    int64_t *tmp;
    const int64_t *v = sorted_exact(s, &tmp);
    if (!v) {
        return s->inexact || s->exact_n == 0; /* else out of memory */
    }
    cJSON *arr = cJSON_AddArrayToObject(obj, "exact");
    bool ok = arr != NULL;
    for (uint32_t i = 0; ok && i < s->exact_n; i++) {
        char buf[DEC_MAX];
        uint64_t mag = v[i] < 0 ? 0 - (uint64_t)v[i] : (uint64_t)v[i];
        format_dec(buf, &mag, 1, v[i] < 0);
        cJSON *item = eap_json_int(buf);
        ok = item && cJSON_AddItemToArray(arr, item);
    }
    free(tmp);
    return ok;
}

cJSON *eap_stat_to_json(const struct eap_stat *s)
{
    if (s->oom) {
        return NULL;
    }
    cJSON *obj = cJSON_CreateObject();
    i128 sum = get_sum(s);
    u128 mag = sum < 0 ? 0 - (u128)sum : (u128)sum;
    uint64_t m[2] = {(uint64_t)mag, (uint64_t)(mag >> 64)};
    bool empty = s->count == 0;
    bool ok = obj && add_dec(obj, "count", &s->count, 1, false) &&
              add_dec(obj, "missing", &s->missing, 1, false) &&
              (empty ? cJSON_AddNullToObject(obj, "min") != NULL : add_int64(obj, "min", s->min)) &&
              (empty ? cJSON_AddNullToObject(obj, "max") != NULL : add_int64(obj, "max", s->max)) &&
              add_dec(obj, "sum", m, 2, sum < 0) && add_dec(obj, "sumsq", s->sumsq, 3, false) &&
              cJSON_AddNumberToObject(obj, "bins_per_octave", SUBBINS) != NULL;
    cJSON *bins = ok ? cJSON_AddArrayToObject(obj, "bins") : NULL;
    if (!bins || !add_bins(bins, s) || !add_exact(obj, s)) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* --- JSON reader --------------------------------------------------------------------------- */

static const char *const fields[] = {"count", "missing",         "min",  "max", "sum", "sumsq",
                                     "bins",  "bins_per_octave", "exact"};
#define NFIELDS COUNT_OF(fields)

/* Sets an EAP_EINPUT error at the JSON pointer path (relative to the stat object). */
static bool fail(struct eap_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct eap_error *err, const char *path, const char *fmt, ...)
{
    if (!err) {
        return false;
    }
    char msg[sizeof(err->msg)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(err->path, sizeof(err->path), "%s", path);
    return eap_error_set(err, EAP_EINPUT, "%s", msg);
}

/* Rejects unknown and repeated keys, naming the key and the nearest known one. */
static bool check_keys(const cJSON *obj, struct eap_error *err)
{
    unsigned seen[NFIELDS] = {0};
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        const char *key = item->string ? item->string : "";
        size_t k = 0;
        while (k < NFIELDS && strcmp(key, fields[k]) != 0) {
            k++;
        }
        char path[112];
        snprintf(path, sizeof(path), "/%.100s", key);
        if (k == NFIELDS) {
            const char *near = eap_suggest(key, fields, NFIELDS);
            return fail(err, path, "unknown stat field \"%.100s\"%s%s%s", key,
                        near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
        }
        if (seen[k]++) {
            return fail(err, path, "stat field \"%s\" appears twice", fields[k]);
        }
    }
    return true;
}

/* Reads field name, an integer (json_int.h: a number, or decimal digits in a string), into
 * the n-limb magnitude w and its sign. */
static bool get_dec(const cJSON *obj, const char *name, uint64_t *w, size_t n, bool signed_,
                    bool *neg, struct eap_error *err)
{
    char path[32], str[EAP_JSON_INT_TEXT];
    snprintf(path, sizeof(path), "/%s", name);
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    const char *why;
    if (!eap_json_int_text(item, str, &why)) {
        return fail(err, path,
                    "stat field \"%s\": expected an integer (a number, or decimal digits in a "
                    "string), found %s",
                    name, why);
    }
    switch (parse_dec(str, w, n, neg)) {
    case PARSE_SYNTAX:
        return fail(err, path, "stat field \"%s\": \"%.40s\" is not a decimal integer", name, str);
    case PARSE_RANGE:
        return fail(err, path, "stat field \"%s\": \"%.40s\" is out of range", name, str);
    case PARSE_OK:
        break;
    }
    if (*neg && !signed_) {
        return fail(err, path, "stat field \"%s\": must not be negative, found \"%.40s\"", name,
                    str);
    }
    return true;
}

static bool get_u64(const cJSON *obj, const char *name, uint64_t *v, struct eap_error *err)
{
    bool neg = false;
    return get_dec(obj, name, v, 1, false, &neg, err);
}

/* min or max: null when count is 0, else an int64 other than the missing marker. */
static bool get_extreme(const cJSON *obj, const char *name, bool empty, int64_t *v,
                        struct eap_error *err)
{
    char path[32];
    snprintf(path, sizeof(path), "/%s", name);
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (empty) {
        return cJSON_IsNull(item) ||
               fail(err, path, "stat field \"%s\": expected null when count is 0, found %s", name,
                    eap_json_kind(item));
    }
    uint64_t mag = 0;
    bool neg = false;
    if (!get_dec(obj, name, &mag, 1, true, &neg, err)) {
        return false;
    }
    if (mag > (uint64_t)INT64_MAX) { /* only a string can be this large (json_int.h) */
        char text[EAP_JSON_INT_TEXT];
        eap_json_int_text(item, text, &(const char *){NULL});
        return fail(err, path, "stat field \"%s\": \"%.40s\" is out of range for a metric value",
                    name, text);
    }
    *v = neg ? -(int64_t)mag : (int64_t)mag;
    return true;
}

static bool get_sum_field(const cJSON *obj, i128 *sum, struct eap_error *err)
{
    uint64_t w[2] = {0};
    bool neg = false;
    if (!get_dec(obj, "sum", w, 2, true, &neg, err)) {
        return false;
    }
    u128 mag = ((u128)w[1] << 64) | w[0];
    if (mag >> 127) { /* beyond any reachable sum; also keeps the negation defined */
        char text[EAP_JSON_INT_TEXT];
        eap_json_int_text(cJSON_GetObjectItemCaseSensitive(obj, "sum"), text,
                          &(const char *){NULL});
        return fail(err, "/sum", "stat field \"sum\": \"%.40s\" is out of range", text);
    }
    *sum = neg ? -(i128)mag : (i128)mag;
    return true;
}

/* Pair i of "bins", [bin number, count]: number in range and above prev, count positive. */
static bool get_bin(const cJSON *pair, size_t i, int prev, int *number, uint64_t *count,
                    struct eap_error *err)
{
    char path[64];
    if (!cJSON_IsArray(pair) || cJSON_GetArraySize(pair) != 2) {
        snprintf(path, sizeof(path), "/bins/%zu", i);
        return fail(err, path,
                    "stat field \"bins\": expected [bin number, count] pairs, found %s%s",
                    eap_json_kind(pair), cJSON_IsArray(pair) ? " of another length" : "");
    }
    const cJSON *num = cJSON_GetArrayItem(pair, 0), *cnt = cJSON_GetArrayItem(pair, 1);
    double d = num->valuedouble;
    snprintf(path, sizeof(path), "/bins/%zu/0", i);
    if (!cJSON_IsNumber(num) || !(d >= -EAP_STAT_BIN_MAX && d <= EAP_STAT_BIN_MAX) || d != (int)d) {
        return fail(err, path, "stat field \"bins\": a bin number must be an integer in [%d, %d]",
                    -EAP_STAT_BIN_MAX, EAP_STAT_BIN_MAX);
    }
    *number = (int)d;
    if (i > 0 && *number <= prev) {
        return fail(err, path, "stat field \"bins\": bin numbers must increase, found %d after %d",
                    *number, prev);
    }
    bool neg = false;
    char text[EAP_JSON_INT_TEXT];
    const char *why = "";
    snprintf(path, sizeof(path), "/bins/%zu/1", i);
    if (!eap_json_int_text(cnt, text, &why)) {
        return fail(err, path,
                    "stat field \"bins\": a bin count must be a positive integer, found %s", why);
    }
    if (parse_dec(text, count, 1, &neg) != PARSE_OK || neg || *count == 0) {
        const char *q = cJSON_IsString(cnt) ? "\"" : "";
        return fail(err, path,
                    "stat field \"bins\": a bin count must be a positive integer, found %s%.40s%s",
                    q, text, q);
    }
    return true;
}

/* Reads the bins into s, checking they add up to count and hold min and max at the ends. */
static bool get_bins(const cJSON *obj, struct eap_stat *s, struct eap_error *err)
{
    const cJSON *bins = cJSON_GetObjectItemCaseSensitive(obj, "bins");
    if (!cJSON_IsArray(bins)) {
        return fail(err, "/bins", "stat field \"bins\": expected an array, found %s",
                    eap_json_kind(bins));
    }
    uint64_t total = 0;
    int first = 0, number = 0;
    size_t i = 0;
    const cJSON *pair;
    cJSON_ArrayForEach(pair, bins)
    {
        uint64_t c = 0;
        if (!get_bin(pair, i, number, &number, &c, err)) {
            return false;
        }
        if (c > UINT64_MAX - total) {
            return fail(err, "/bins", "stat field \"bins\": the bin counts overflow 64 bits");
        }
        total += c;
        first = i++ == 0 ? number : first;
        unsigned idx = (unsigned)abs(number);
        uint64_t *b = get_block(s, (number < 0 ? BLOCKS_PER_SIGN : 0) + (idx >> SUB_BITS));
        if (!b) {
            return eap_error_set(err, EAP_ENOMEM, "cannot read a stat: out of memory");
        }
        b[idx & (SUBBINS - 1)] = c;
    }
    if (total != s->count) {
        return fail(err, "/bins",
                    "stat field \"bins\": the bin counts add up to %" PRIu64
                    ", not to count (%" PRIu64 ")",
                    total, s->count);
    }
    if (s->count > 0 && (first != bin_number(s->min) || number != bin_number(s->max))) {
        return fail(err, "/bins",
                    "stat field \"bins\": the first bin must hold min (bin %d) and "
                    "the last max (bin %d), found %d and %d",
                    bin_number(s->min), bin_number(s->max), first, number);
    }
    return true;
}

/* count*min <= sum <= count*max and sum^2 <= count*sumsq <= count^2 * max(min^2, max^2). */
static bool check_moments(const struct eap_stat *s, i128 sum, struct eap_error *err)
{
    i128 n = (i128)s->count;
    if (sum < n * s->min || sum > n * s->max) { /* count 0: sum must be 0 */
        return fail(err, "/sum", "stat field \"sum\": inconsistent with count, min and max");
    }
    uint64_t nss[4], ss[4], bound[3];
    variance_terms(s, nss, ss);
    uint64_t amin = s->min < 0 ? 0 - (uint64_t)s->min : (uint64_t)s->min;
    uint64_t amax = s->max < 0 ? 0 - (uint64_t)s->max : (uint64_t)s->max;
    uint64_t big = amin > amax ? amin : amax;
    u128 top = (u128)big * big;
    uint64_t t[2] = {(uint64_t)top, (uint64_t)(top >> 64)};
    mul_limbs(bound, &s->count, 1, t, 2);
    if (cmp_limbs(nss, ss, 4) < 0 || cmp_limbs(s->sumsq, bound, 3) > 0) {
        return fail(err, "/sumsq",
                    "stat field \"sumsq\": inconsistent with count, min, max and "
                    "sum");
    }
    return true;
}

/* Item i of "exact": a value of magnitude 256 or more, not below the one before it, within
 * [min, max]. */
static bool get_exact_value(const struct eap_stat *s, const cJSON *item, uint32_t i, int64_t *v,
                            struct eap_error *err)
{
    char path[48], text[EAP_JSON_INT_TEXT];
    snprintf(path, sizeof(path), "/exact/%u", i);
    const char *why = "";
    uint64_t mag = 0;
    bool neg = false;
    if (!eap_json_int_text(item, text, &why) || parse_dec(text, &mag, 1, &neg) != PARSE_OK ||
        mag > (uint64_t)INT64_MAX) {
        return fail(err, path, "stat field \"exact\": expected an integer metric value");
    }
    *v = neg ? -(int64_t)mag : (int64_t)mag;
    if (!kept(mag) || *v < s->min || *v > s->max || (i > 0 && *v < s->exact[i - 1])) {
        return fail(err, path,
                    "stat field \"exact\": values must be increasing, within [min, max] and of "
                    "magnitude 256 or more, found %" PRId64,
                    *v);
    }
    return true;
}

/* Every kept value must be counted in its bin, and every value of a wide bin kept. */
static bool check_exact_bins(struct eap_stat *s, struct eap_error *err)
{
    uint64_t wide = 0;
    struct bin_walk w = {0, 0};
    unsigned idx;
    bool neg;
    uint64_t c;
    while (next_bin(s, &w, &idx, &neg, &c)) {
        wide += kept(idx) ? c : 0;
    }
    for (uint32_t i = 0, k = 0; i < s->exact_n; i = k) {
        int b = bin_number(s->exact[i]);
        for (k = i; k < s->exact_n && bin_number(s->exact[k]) == b; k++) {
        }
        unsigned m = (unsigned)abs(b);
        const uint64_t *block = s->blocks[(b < 0 ? BLOCKS_PER_SIGN : 0) + (m >> SUB_BITS)];
        if (!block || block[m & (SUBBINS - 1)] != k - i) {
            return fail(err, "/exact",
                        "stat field \"exact\": bin %d counts %" PRIu64
                        " values, \"exact\" lists %u",
                        b, block ? block[m & (SUBBINS - 1)] : 0, k - i);
        }
    }
    if (wide != s->exact_n) {
        return fail(err, "/exact",
                    "stat field \"exact\": lists %u values, the bins hold %" PRIu64
                    " of magnitude 256 or more",
                    s->exact_n, wide);
    }
    return true;
}

/* "exact" (optional): the kept values. Without it a stat with values of magnitude 256 or more
 * reads as one that let them go (as every stat written before eapsim kept them). */
static bool get_exact(const cJSON *obj, struct eap_stat *s, struct eap_error *err)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "exact");
    if (!arr) {
        s->inexact = s->count > 0 && (kept(mag_of(s->min)) || kept(mag_of(s->max)));
        return true;
    }
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : -1;
    if (n < 1 || n > EAP_STAT_EXACT_MAX) {
        return fail(err, "/exact",
                    "stat field \"exact\": expected an array of 1 to %d values, found %s",
                    EAP_STAT_EXACT_MAX, eap_json_kind(arr));
    }
    if (!(s->exact = malloc((size_t)n * sizeof(*s->exact)))) {
        return eap_error_set(err, EAP_ENOMEM, "cannot read a stat: out of memory");
    }
    s->exact_cap = (uint32_t)n;
    s->exact_sorted = true;
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        if (!get_exact_value(s, item, s->exact_n, &s->exact[s->exact_n], err)) {
            return false;
        }
        s->exact_n++;
    }
    return check_exact_bins(s, err);
}

static bool read_stat(struct eap_stat *s, const cJSON *obj, struct eap_error *err)
{
    if (!cJSON_IsObject(obj)) {
        return fail(err, "", "stat: expected a JSON object, found %s", eap_json_kind(obj));
    }
    if (!check_keys(obj, err)) {
        return false;
    }
    const cJSON *bpo = cJSON_GetObjectItemCaseSensitive(obj, "bins_per_octave");
    if (!cJSON_IsNumber(bpo)) {
        return fail(err, "/bins_per_octave",
                    "stat field \"bins_per_octave\": expected the number %u, found %s", SUBBINS,
                    eap_json_kind(bpo));
    }
    if (bpo->valuedouble != SUBBINS) {
        return fail(err, "/bins_per_octave",
                    "stat field \"bins_per_octave\": this build reads histograms with %u bins per "
                    "octave, found %.17g",
                    SUBBINS, bpo->valuedouble);
    }
    bool neg = false;
    i128 sum = 0;
    if (!get_u64(obj, "count", &s->count, err) || !get_u64(obj, "missing", &s->missing, err) ||
        !get_extreme(obj, "min", s->count == 0, &s->min, err) ||
        !get_extreme(obj, "max", s->count == 0, &s->max, err) || !get_sum_field(obj, &sum, err) ||
        !get_dec(obj, "sumsq", s->sumsq, 3, false, &neg, err)) {
        return false;
    }
    if (s->count > 0 && s->min > s->max) {
        return fail(err, "/min",
                    "stat field \"min\": %" PRId64 " is greater than max (%" PRId64 ")", s->min,
                    s->max);
    }
    s->sum[0] = (uint64_t)(u128)sum;
    s->sum[1] = (uint64_t)((u128)sum >> 64);
    return check_moments(s, sum, err) && get_bins(obj, s, err) && get_exact(obj, s, err);
}

bool eap_stat_from_json(struct eap_stat *s, const cJSON *obj, struct eap_error *err)
{
    eap_stat_init(s);
    if (!read_stat(s, obj, err)) {
        eap_stat_finish(s);
        return false;
    }
    return true;
}
