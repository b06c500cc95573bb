/*
 * Random streams, one per (seed, replication, stream id).
 *
 * A stream is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021: passes TestU01's BigCrush and PractRand), started at a 256-bit
 * state that depends on the seed, the replication and the stream id alone, so stream
 * (s, r, i) yields the same numbers whichever thread, shard or MPI rank runs replication r,
 * in whatever order the streams are started, with no state to hand over. The engine gives
 * each uncertain input its own stream id (a hash of its place in the scenario), so changing
 * one input in a paired comparison leaves the random numbers of all the others untouched
 * (common random numbers).
 *
 * The state is made in two steps (results for a given seed differ from eapsim versions that
 * started each stream with a Philox block of its own):
 *
 * 1. The replication key K = (K0, K1, K2, K3): the Philox4x64-10 block (Salmon, Moraes, Dror
 *    and Shaw, SC'11, "Parallel random numbers: as easy as 1, 2, 3": passes BigCrush with
 *    three rounds to spare) of counter (replication, 0, 0, 0) under key (seed, 0). Philox
 *    serves nothing else: counter words 1 to 3 are zero here, and any later use of Philox
 *    must set one of them. One block a replication, 256 bits that look independent from one
 *    replication to the next.
 *
 * 2. Word j of stream i's state: mix(Kj + i * G), with G the odd golden-ratio increment
 *    0x9e3779b97f4a7c15 and mix Pelle Evensen's Moremur finalizer ("Stronger, better, morer,
 *    Moremur; a better Murmur3-type mixer", mostlymangling.blogspot.com, December 2019), a
 *    bijection of 64-bit words in two multiplies. Over the stream ids, word j is thus
 *    Moremur's counter-mode generator (mix of a Weyl sequence, the SplitMix64 construction
 *    of Steele, Lea and Flood, OOPSLA 2014) started at the random point Kj. In Evensen's
 *    tests this generator with increment 1, the worst he lists, first fails PractRand after
 *    2^33 bytes, where MurmurHash3's and SplitMix64's finalizers fail after 2^17 and 2^19;
 *    a replication uses a few hundred of its words (the stream ids, hashes spread over 2^32).
 *    tests/bench_rng_quality.c tests these sequences as the engine uses them. The four
 *    words' chains of two multiplies run side by side: a stream start costs eight
 *    multiplies where a Philox block a stream cost twenty.
 *
 * Why this is safe. Within one replication, i -> Kj + i * G is one-to-one on 64-bit words
 * (G is odd) and mix is a bijection, so two stream ids give different values of every state
 * word: no two streams of a replication start alike. Across replications the keys are
 * unrelated: streams (r, i) and (r', i') start alike only if Kj - K'j = (i' - i) * G for all
 * four j at once, one chance in 2^256 per choice of i' - i (fewer than 2^33): 2^-223 for a
 * pair of replications, below 2^-160 among a billion replications, where 64-bit seeds for
 * the 5e8 streams of a long study would collide with a chance of about 1% (birthdays).
 * Starts that look random make an overlap of two streams' sequences in xoshiro's period of
 * 2^256 - 1 as unlikely as before, below 2^-128 for billions of streams of billions of
 * draws. A state of all zeros, xoshiro's
 * fixed point, would need four words of zero (a chance of 2^-256): it is replaced by
 * (1, 0, 0, 0).
 *
 * Keyed draws (a draw that depends on its index, not on the order draws are asked for: a
 * person's threshold) come from the same key: stream i's keyed base is
 * b = mix(K0 + (2^32 + i) * G), at points of K0's sequence that no stream's state word 0
 * uses (stream ids are below 2^32), and its draw k is the top 53 bits of mix(b + k * H),
 * H = 0xbb67ae8584caa73b (sqrt(3) - 1, odd), as a double in (0, 1]. So
 * keyed draws of one stream are Moremur's counter-mode generator started at a random point
 * (the same argument), distinct for distinct k, two multiplies each where a Philox block gave
 * four for twenty.
 *
 * tests/test_rng.c checks Random123's known answers for Philox, the published xoshiro256**
 * outputs, and the layout; tests/rng_vectors.py derives the layout's vectors independently.
 */
#ifndef EAPSIM_RNG_H
#define EAPSIM_RNG_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct eap_rng {
    uint64_t s[4]; /* xoshiro256** state */
};

/* The Philox4x64 bijection with 10 rounds: out = philox(ctr, key). */
void eap_philox4x64_10(const uint64_t ctr[4], const uint64_t key[2], uint64_t out[4]);

/* A replication's key (above): the one Philox block a replication costs. */
struct eap_rng_key {
    uint64_t k[4];
};
void eap_rng_key_init(struct eap_rng_key *key, uint64_t seed, uint64_t replication);

/* Starts stream `stream` of the key's replication at its first word: four finalizers, no
 * allocation. */
void eap_rng_start(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream);

/* Starts stream `stream` in two halves, for streams that mostly draw one word a run: a
 * word of xoshiro256** is a function of state word 1 alone (eap__rng_output), so the first
 * costs one finalizer of four. eap_rng_start_first sets word 1 and returns the stream's first
 * word; eap_rng_start_rest, which must come before any other use of r, sets the other three
 * words and steps past that first word, leaving r as eap_rng_start and one eap_rng_u64 would
 * have. */
uint64_t eap_rng_start_first(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream);
void eap_rng_start_rest(struct eap_rng *r, const struct eap_rng_key *key, uint32_t stream);

/* Starts stream (seed, replication, stream): eap_rng_key_init then eap_rng_start, for those
 * that start only a stream or two of a replication. */
void eap_rng_init(struct eap_rng *r, uint64_t seed, uint64_t replication, uint32_t stream);

/* Keyed draws first .. first + n - 1 of stream `stream` of the key's replication into out,
 * each a uniform double in (0, 1] from its draw's top 53 bits: for draws that must not depend
 * on the order they are asked for. */
void eap_rng_keyed_uniforms(const struct eap_rng_key *key, uint32_t stream, uint64_t first,
                            size_t n, double *out);

/* xoshiro256**'s scrambler: the word a step returns, from state word 1 as it was. */
static inline uint64_t eap__rng_output(uint64_t s1)
{
    uint64_t x = s1 * 5;
    return ((x << 7) | (x >> 57)) * 9;
}

/* Next 64 random bits: one xoshiro256** step. */
static inline uint64_t eap_rng_u64(struct eap_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = eap__rng_output(s[1]);
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

/* The uniform double in [0, 1) that word w gives: its top 53 bits. */
static inline double eap_rng_uniform_of(uint64_t w)
{
    return (double)(w >> 11) * 0x1.0p-53;
}

/* Uniform double in [0, 1) with 53 random bits. */
static inline double eap_rng_uniform(struct eap_rng *r)
{
    return eap_rng_uniform_of(eap_rng_u64(r));
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
#define EAP__ZIG_NORMAL_LAYER(w) ((unsigned)((w) & 0x7f))
#define EAP__ZIG_NORMAL_SIGN(w) (((w) & 0x80) ? -1.0 : 1.0)
#define EAP__ZIG_EXP_LAYER(w) ((unsigned)((w) & 0xff))

/* The first step from a draw's first word w: true, with the variate in *x, when w falls
 * inside its layer's rectangle; false when the draw needs the rest below. */
static inline bool eap__rng_exponential_first(uint64_t w, double *x)
{
    unsigned i = EAP__ZIG_EXP_LAYER(w);
    *x = eap_rng_uniform_of(w) * eap__zig_exp_x[i];
    return *x < eap__zig_exp_x[i + 1];
}

static inline bool eap__rng_normal_first(uint64_t w, double *x)
{
    unsigned i = EAP__ZIG_NORMAL_LAYER(w);
    double y = eap_rng_uniform_of(w) * eap__zig_normal_x[i];
    *x = EAP__ZIG_NORMAL_SIGN(w) * y;
    return y < eap__zig_normal_x[i + 1];
}

/* The rest of a draw whose first word w fell outside its layer's rectangle (rng.c). */
double eap__rng_normal_more(struct eap_rng *r, uint64_t w);
double eap__rng_exponential_more(struct eap_rng *r, uint64_t w);

static inline double eap_rng_exponential(struct eap_rng *r)
{
    uint64_t w = eap_rng_u64(r);
    double x;
    if (eap__rng_exponential_first(w, &x)) {
        return x;
    }
    return eap__rng_exponential_more(r, w);
}

static inline double eap_rng_normal(struct eap_rng *r)
{
    uint64_t w = eap_rng_u64(r);
    double x;
    if (eap__rng_normal_first(w, &x)) {
        return x;
    }
    return eap__rng_normal_more(r, w);
}

/* Uniform integer in [0, n), n > 0, without modulo bias (Lemire). */
uint32_t eap_rng_below(struct eap_rng *r, uint32_t n);

#endif
