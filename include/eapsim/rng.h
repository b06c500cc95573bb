/*
 * Random streams: counter-based, Philox4x32-10 (Salmon et al., SC'11, "Parallel random
 * numbers: as easy as 1, 2, 3"), with the Random123 known-answer vectors as tests.
 *
 * A stream is named by (seed, replication, stream id): the key is the 64-bit seed; the
 * 128-bit counter is (block, stream id, replication low, replication high). Stream
 * (s, r, i) therefore yields the same numbers whichever thread, shard or MPI rank runs
 * replication r, with no state to hand over and no jumping ahead. The engine gives each
 * uncertain input its own stream id, so changing one input in a paired comparison leaves
 * the random numbers of all the others untouched (common random numbers).
 * Each stream holds 2^32 blocks of four 32-bit words.
 */
#ifndef EAPSIM_RNG_H
#define EAPSIM_RNG_H

#include <stdint.h>

struct eap_rng {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t buf[4];
    unsigned used; /* words of buf already handed out; 4 means refill */
};

/* The Philox4x32 bijection with 10 rounds: out = philox(ctr, key). */
void eap_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* Starts stream (seed, replication, stream) at its first word. O(1), no allocation. */
void eap_rng_init(struct eap_rng *r, uint64_t seed, uint64_t replication, uint32_t stream);

/* Moves the stream to the start of block `block` (4 words a block). */
static inline void eap_rng_seek(struct eap_rng *r, uint32_t block)
{
    r->ctr[0] = block;
    r->used = 4;
}

/* Next 32 random bits. */
static inline uint32_t eap_rng_u32(struct eap_rng *r)
{
    if (r->used == 4) {
        eap_philox4x32_10(r->ctr, r->key, r->buf);
        r->ctr[0]++;
        r->used = 0;
    }
    return r->buf[r->used++];
}

/* Next 64 random bits (two words, high first). */
static inline uint64_t eap_rng_u64(struct eap_rng *r)
{
    uint64_t hi = eap_rng_u32(r);
    return (hi << 32) | eap_rng_u32(r);
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

/* Standard normal variate (Box-Muller, one of the pair; two uniforms per call). */
double eap_rng_normal(struct eap_rng *r);

/* Exponential variate with mean 1. */
double eap_rng_exponential(struct eap_rng *r);

/* Uniform integer in [0, n), n > 0, without modulo bias (Lemire). */
uint32_t eap_rng_below(struct eap_rng *r, uint32_t n);

#endif
