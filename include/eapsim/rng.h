/*
 * Random streams, one per (seed, replication, stream id).
 *
 * A stream is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021: passes TestU01's BigCrush and PractRand) whose 256-bit state is
 * the Philox4x64-10 block (Salmon, Moraes, Dror and Shaw, SC'11, "Parallel random numbers: as
 * easy as 1, 2, 3": passes BigCrush with three rounds to spare) of counter (0, stream id,
 * replication, 0) under key (seed, 0). The counter-based Philox names each stream: stream
 * (s, r, i) yields the same numbers whichever thread, shard or MPI rank runs replication r,
 * with no state to hand over; xoshiro then draws each number in a dozen instructions, a third
 * of what a Philox word costs. Distinct streams start at unrelated points of xoshiro's 2^256
 * period, so two of them overlap with a chance below 2^-128 even for billions of streams of
 * billions of draws. The engine gives each uncertain input its own stream id, so changing
 * one input in a paired comparison leaves the random numbers of all the others untouched
 * (common random numbers). tests/test_rng.c checks Random123's known answers for Philox,
 * the published xoshiro256** outputs, and the stream layout; tests/rng_vectors.py derives
 * the layout's vectors independently.
 */
#ifndef EAPSIM_RNG_H
#define EAPSIM_RNG_H

#include <math.h>
#include <stdint.h>

struct eap_rng {
    uint64_t s[4]; /* xoshiro256** state */
};

/* The Philox4x64 bijection with 10 rounds: out = philox(ctr, key). */
void eap_philox4x64_10(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]);

/* Starts stream (seed, replication, stream) at its first word: one Philox block, no
 * allocation. (A Philox block of all zeros, a chance of 2^-256, would be xoshiro's fixed
 * point; it is replaced by state (1, 0, 0, 0).) */
void eap_rng_init(struct eap_rng *r, uint64_t seed, uint64_t replication, uint32_t stream);

/* The index-th keyed draw of stream (seed, replication, stream): a uniform double in (0, 1]
 * from the Philox block of counter (0, stream, replication, index + 1), which no stream's
 * start uses. For draws that must not depend on the order they are asked for (a person's
 * threshold among many): each costs one Philox block. */
double eap_rng_keyed_uniform_pos(uint64_t seed, uint64_t replication, uint32_t stream,
                                 uint64_t index);

/* Next 64 random bits: one xoshiro256** step. */
static inline uint64_t eap_rng_u64(struct eap_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t out = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return out;
}

/* Next 32 random bits: the high half of the next word (the low half is not used). */
static inline uint32_t eap_rng_u32(struct eap_rng *r)
{
    return (uint32_t)(eap_rng_u64(r) >> 32);
}

/* Uniform double in [0, 1) with 53 random bits. */
static inline double eap_rng_uniform(struct eap_rng *r)
{
    return (double)(eap_rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Uniform double in (0, 1): safe to take the logarithm of. */
static inline double eap_rng_uniform_pos(struct eap_rng *r)
{
    return ((double)(eap_rng_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* Exponential variate with mean 1 and standard normal variate, by the ziggurat method (see
 * rng.c): one word per draw but for about one draw in forty, which takes a few more. The
 * first step, which ends 97% of draws, is inline here: a model's handler that draws then
 * calls nothing, so it keeps its registers instead of saving them around a call. */
static inline double eap_rng_exponential(struct eap_rng *r);
static inline double eap_rng_normal(struct eap_rng *r);

/* --- The variates' first step, not API ---------------------------------------------------
 * A word's low bits pick the layer, its top 53 bits the uniform (independent bits); the
 * normal's sign is bit 7. The tables are sim/core/ziggurat_tables.h's. */
extern const double eap__zig_normal_x[129], eap__zig_normal_f[129];
extern const double eap__zig_exp_x[257], eap__zig_exp_f[257];
#define EAP__ZIG_UNIFORM(w) ((double)((w) >> 11) * 0x1.0p-53)
#define EAP__ZIG_NORMAL_LAYER(w) ((unsigned)((w) & 0x7f))
#define EAP__ZIG_NORMAL_SIGN(w) (((w) & 0x80) ? -1.0 : 1.0)
#define EAP__ZIG_EXP_LAYER(w) ((unsigned)((w) & 0xff))

/* The rest of a draw whose first word w fell outside its layer's rectangle (rng.c). */
double eap__rng_normal_more(struct eap_rng *r, uint64_t w);
double eap__rng_exponential_more(struct eap_rng *r, uint64_t w);

static inline double eap_rng_exponential(struct eap_rng *r)
{
    uint64_t w = eap_rng_u64(r);
    unsigned i = EAP__ZIG_EXP_LAYER(w);
    double x = EAP__ZIG_UNIFORM(w) * eap__zig_exp_x[i];
    if (x < eap__zig_exp_x[i + 1]) {
        return x;
    }
    return eap__rng_exponential_more(r, w);
}

static inline double eap_rng_normal(struct eap_rng *r)
{
    uint64_t w = eap_rng_u64(r);
    unsigned i = EAP__ZIG_NORMAL_LAYER(w);
    double x = EAP__ZIG_UNIFORM(w) * eap__zig_normal_x[i];
    if (x < eap__zig_normal_x[i + 1]) {
        return EAP__ZIG_NORMAL_SIGN(w) * x;
    }
    return eap__rng_normal_more(r, w);
}

/* Uniform integer in [0, n), n > 0, without modulo bias (Lemire). */
uint32_t eap_rng_below(struct eap_rng *r, uint32_t n);

#endif
