/*
 * Philox4x64-10, the streams' layout on it (rng.h) and the variates built on the streams.
 * Philox's multipliers and key increments are those of Random123; tests/test_rng.c checks
 * its published known-answer vectors.
 */
#include "eapsim/rng.h"

#include <math.h>
#include <stdbool.h>

#include "ziggurat_tables.h"

#ifndef __SIZEOF_INT128__
#error "eapsim needs unsigned __int128 (gcc or clang on a 64-bit target)"
#endif
__extension__ typedef unsigned __int128 u128;

#define PHILOX_M0 UINT64_C(0xD2E7470EE14C6C93)
#define PHILOX_M1 UINT64_C(0xCA5A826395121157)
#define PHILOX_W0 UINT64_C(0x9E3779B97F4A7C15) /* golden ratio */
#define PHILOX_W1 UINT64_C(0xBB67AE8584CAA73B) /* sqrt(3) - 1 */
#define PHILOX_ROUNDS 10

static inline void philox_round(uint64_t c[4], const uint64_t k[2])
{
    u128 p0 = (u128)PHILOX_M0 * c[0];
    u128 p1 = (u128)PHILOX_M1 * c[2];
    uint64_t n0 = (uint64_t)(p1 >> 64) ^ c[1] ^ k[0];
    uint64_t n2 = (uint64_t)(p0 >> 64) ^ c[3] ^ k[1];
    c[1] = (uint64_t)p1;
    c[3] = (uint64_t)p0;
    c[0] = n0;
    c[2] = n2;
}

void eap_philox4x64_10(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4])
{
    uint64_t c[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
    uint64_t k[2] = {key[0], key[1]};
    philox_round(c, k);
    for (int i = 1; i < PHILOX_ROUNDS; i++) {
        k[0] += PHILOX_W0;
        k[1] += PHILOX_W1;
        philox_round(c, k);
    }
    out[0] = c[0];
    out[1] = c[1];
    out[2] = c[2];
    out[3] = c[3];
}

void eap_rng_key_init(struct eap_rng_key *key, uint64_t seed, uint64_t replication)
{
    const uint64_t ctr[4] = {replication, 0, 0, 0}, pkey[2] = {seed, 0};
    eap_philox4x64_10(ctr, pkey, key->k);
}

/* The layout's increments (rng.h): odd, so i -> k + i * G is one-to-one. */
#define WEYL_STREAM UINT64_C(0x9E3779B97F4A7C15) /* golden ratio */
#define WEYL_KEYED UINT64_C(0xBB67AE8584CAA73B)  /* sqrt(3) - 1 */
#define KEYED_BASE (UINT64_C(1) << 32)           /* past every stream id */

/* Pelle Evensen's Moremur (mostlymangling.blogspot.com, December 2019): MurmurHash3's
 * xor-shift, multiply, xor-shift, multiply, xor-shift finalizer with his shifts and
 * multipliers. Each step is invertible (a product by an odd number modulo 2^64; x ^ x >> s,
 * whose top s bits are x's and give the next s down, and so on), so the whole is a
 * bijection. */
static inline uint64_t moremur(uint64_t x)
{
    x ^= x >> 27;
    x *= UINT64_C(0x3C79AC492BA7B653);
    x ^= x >> 33;
    x *= UINT64_C(0x1C69B3F74AC4AE35);
    x ^= x >> 27;
    return x;
}

/* Word j of stream `stream`'s start (rng.h's layout). */
static inline uint64_t start_word(const struct eap_rng_key *key, int j, uint32_t stream)
{
    return moremur(key->k[j] + stream * WEYL_STREAM);
}

/* xoshiro's one fixed point, a state of all zeros (a chance of 2^-256), becomes
 * (1, 0, 0, 0). Word 1 is kept, so a first word drawn from it alone stays right. */
static inline void leave_zero(struct eap_rng *r)
{
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) {
        r->s[0] = 1;
    }
}

void eap_rng_start(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream)
{
    for (int j = 0; j < 4; j++) {
        r->s[j] = start_word(key, j, stream);
    }
    leave_zero(r);
}

uint64_t eap_rng_start_first(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream)
{
    r->s[1] = start_word(key, 1, stream);
    return eap__rng_output(r->s[1]);
}

void eap_rng_start_rest(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream)
{
    r->s[0] = start_word(key, 0, stream);
    r->s[2] = start_word(key, 2, stream);
    r->s[3] = start_word(key, 3, stream);
    leave_zero(r);
    (void)eap_rng_u64(r); /* the first word, drawn by eap_rng_start_first */
}

void eap_rng_init(struct eap_rng *r, uint64_t seed, uint64_t replication, uint32_t stream)
{
    struct eap_rng_key key;
    eap_rng_key_init(&key, seed, replication);
    eap_rng_start(r, &key, stream);
}

void eap_rng_keyed_uniforms(const struct eap_rng_key *key, uint32_t stream, uint64_t first,
                            size_t n, double *out)
{
    uint64_t base = moremur(key->k[0] + (KEYED_BASE + stream) * WEYL_STREAM);
    for (size_t i = 0; i < n; i++) {
        uint64_t w = moremur(base + (first + i) * WEYL_KEYED);
        out[i] = ((double)(w >> 11) + 1.0) * 0x1.0p-53;
    }
}

/* Ziggurat variates (Marsaglia and Tsang, J. Stat. Softw. 5(8), 2000). One word gives the
 * layer from its low bits and the uniform from its top 53 bits, so the two are independent
 * (Doornik, "An improved ziggurat method to generate normal random samples", 2005, showed
 * that sharing bits between them biases the draws). Most draws (97.2% of normals, 97.8% of
 * exponentials: the rectangles' share of the layers, from the tables) end at the first test,
 * with no call to libm. */

/* The wedge of layer i (i >= 1) beyond x[i + 1]: accepts x with probability
 * (f(x) - f[i]) / (f[i + 1] - f[i]), the share of the wedge's height under the curve. */
static bool under_wedge(const double *f, unsigned i, double fx, struct eap_rng *r)
{
    return f[i] + eap_rng_uniform(r) * (f[i + 1] - f[i]) < fx;
}

/* The normal's tail beyond r (Marsaglia 1964): r + x with x exponential of rate r, kept with
 * probability exp(-x * x / 2). */
static double normal_tail(struct eap_rng *r)
{
    for (;;) {
        double x = -log(eap_rng_uniform_pos(r)) / ZIG_NORMAL_R;
        double y = -log(eap_rng_uniform_pos(r));
        if (2 * y > x * x) {
            return ZIG_NORMAL_R + x;
        }
    }
}

/* The normal's loop from its first word w, which rng.h's first step tried already: trying it
 * again here keeps the loop whole, and the draws the same as one loop from the start. */
double eap__rng_normal_more(struct eap_rng *r, uint64_t w)
{
    for (;; w = eap_rng_u64(r)) {
        unsigned i = EAP__ZIG_NORMAL_LAYER(w);
        double sign = EAP__ZIG_NORMAL_SIGN(w);
        double x = eap_rng_uniform_of(w) * eap__zig_normal_x[i];
        if (x < eap__zig_normal_x[i + 1]) {
            return sign * x;
        }
        if (i == 0) {
            return sign * normal_tail(r);
        }
        if (under_wedge(eap__zig_normal_f, i, exp(-0.5 * x * x), r)) {
            return sign * x;
        }
    }
}

double eap__rng_exponential_more(struct eap_rng *r, uint64_t w)
{
    double shift = 0;
    for (;; w = eap_rng_u64(r)) {
        unsigned i = EAP__ZIG_EXP_LAYER(w);
        double x = eap_rng_uniform_of(w) * eap__zig_exp_x[i];
        if (x < eap__zig_exp_x[i + 1]) {
            return shift + x;
        }
        if (i == 0) {
            shift += ZIG_EXP_R; /* the tail beyond r is r plus an exponential: draw again */
        } else if (under_wedge(eap__zig_exp_f, i, exp(-x), r)) {
            return shift + x;
        }
    }
}

uint32_t eap_rng_below(struct eap_rng *r, uint32_t n)
{
    uint64_t m = (uint64_t)eap_rng_u32(r) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)eap_rng_u32(r) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}
