#!/usr/bin/env python3
"""Derives the stream-layout vectors of tests/test_rng.c from the reference algorithms,
independently of the C code: Philox4x64-10 as Salmon et al. define it (checked here against
Random123's published known answers) and xoshiro256** as Blackman and Vigna define it
(checked against the outputs of their reference implementation from state 1, 2, 3, 4).
The layout (include/eapsim/rng.h): replication r's key K is the Philox block of counter
(r, 0, 0, 0) under key (seed, 0); stream i starts xoshiro256** at words
moremur(K[j] + i * G), G the golden-ratio increment, Moremur as Pelle Evensen published it
(mostlymangling.blogspot.com, December 2019); keyed draw k of stream i is
moremur(b + k * H), b = moremur(K[0] + (2^32 + i) * G), H = sqrt(3) - 1 in 64-bit fixed point.
The increments are computed here from their definitions, not copied.

The normal and exponential variates follow the ziggurat as rng.c documents it (Marsaglia and
Tsang 2000; layer from a word's low bits, uniform from its top 53), written here from the
algorithm with tables that tests/ziggurat_tables.py computes afresh in 50 digits, so the
vectors check rng.c's code path by path: the first draws of stream (0, 0, 0), and the first
draw of the first seeds (replication 0, stream 0) whose first draw goes to a wedge or a tail.

    python3 tests/rng_vectors.py      # prints the vectors; fails if a reference check fails
"""

import math

import ziggurat_tables as zt

M64 = (1 << 64) - 1
PHILOX_M = (0xD2E7470EE14C6C93, 0xCA5A826395121157)
PHILOX_W = (0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B)


def philox4x64(ctr, key, rounds=10):
    c, k = list(ctr), list(key)
    for r in range(rounds):
        if r > 0:
            k = [(k[0] + PHILOX_W[0]) & M64, (k[1] + PHILOX_W[1]) & M64]
        p0, p1 = PHILOX_M[0] * c[0], PHILOX_M[1] * c[2]
        c = [(p1 >> 64) ^ c[1] ^ k[0], p1 & M64, (p0 >> 64) ^ c[3] ^ k[1], p0 & M64]
    return c


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


def xoshiro_next(s):
    out = (rotl((s[1] * 5) & M64, 7) * 9) & M64
    t = (s[1] << 17) & M64
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return out


# Random123 tests/kat_vectors, "philox4x64 10" lines: counter, key, result.
PHILOX_KAT = [
    ((0, 0, 0, 0), (0, 0),
     (0x16554d9eca36314c, 0xdb20fe9d672d0fdc, 0xd7e772cee186176b, 0x7e68b68aec7ba23b)),
    ((M64, M64, M64, M64), (M64, M64),
     (0x87b092c3013fe90b, 0x438c3c67be8d0224, 0x9cc7d7c69cd777b6, 0xa09caebf594f0ba0)),
    ((0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89),
     (0x452821e638d01377, 0xbe5466cf34e90c6c),
     (0xa528f45403e61d95, 0x38c72dbd566e9788, 0xa5a1610e72fd18b5, 0x57bd43b5e52b7fe6)),
]
# Outputs of the xoshiro256** reference implementation from state (1, 2, 3, 4).
XOSHIRO_1234 = [11520, 0, 1509978240, 1215971899390074240]


def stream(seed, replication, stream_id, count):
    s = start(seed, replication, stream_id)
    return [xoshiro_next(s) for _ in range(count)]


def tables(spec):
    r, _, x, f = zt.ziggurat(*spec[1:])
    return float(r), [float(v) for v in x], [float(v) for v in f]


NORMAL = tables(zt.NORMAL)
EXPONENTIAL = tables(zt.EXPONENTIAL)


def uniform(s):
    return (xoshiro_next(s) >> 11) * 2.0 ** -53


def uniform_pos(s):
    return ((xoshiro_next(s) >> 11) + 0.5) * 2.0 ** -53


def normal(s, path):
    """A standard normal; appends to path which way each try went."""
    r, x, f = NORMAL
    while True:
        w = xoshiro_next(s)
        i, sign = w & 0x7F, -1.0 if w & 0x80 else 1.0
        z = (w >> 11) * 2.0 ** -53 * x[i]
        if z < x[i + 1]:
            path.append('rectangle')
            return sign * z
        if i == 0:
            path.append('tail')
            while True:
                t = -math.log(uniform_pos(s)) / r
                if 2 * -math.log(uniform_pos(s)) > t * t:
                    return sign * (r + t)
        path.append('wedge')
        if f[i] + uniform(s) * (f[i + 1] - f[i]) < math.exp(-0.5 * z * z):
            return sign * z


def exponential(s, path):
    r, x, f = EXPONENTIAL
    shift = 0.0
    while True:
        w = xoshiro_next(s)
        i = w & 0xFF
        z = (w >> 11) * 2.0 ** -53 * x[i]
        if z < x[i + 1]:
            path.append('rectangle')
            return shift + z
        if i == 0:
            path.append('tail')
            shift += r
            continue
        path.append('wedge')
        if f[i] + uniform(s) * (f[i + 1] - f[i]) < math.exp(-z):
            return shift + z


def golden_increment():
    # (sqrt(5) - 1) / 2 to 64 bits, by integer square root: exact, no floating point.
    return ((math.isqrt(5 << 128) - (1 << 64)) >> 1) | 1


def sqrt3_increment():
    # sqrt(3) - 1 to 64 bits.
    return (math.isqrt(3 << 128) - (1 << 64)) | 1


G = golden_increment()
H = sqrt3_increment()


def moremur(x):
    x ^= x >> 27
    x = (x * 0x3C79AC492BA7B653) & M64
    x ^= x >> 33
    x = (x * 0x1C69B3F74AC4AE35) & M64
    return x ^ (x >> 27)


def replication_key(seed, replication):
    return philox4x64((replication, 0, 0, 0), (seed, 0))


def start(seed, replication, stream_id):
    k = replication_key(seed, replication)
    s = [moremur((k[j] + stream_id * G) & M64) for j in range(4)]
    return [1, 0, 0, 0] if s == [0, 0, 0, 0] else s


def keyed_uniform(seed, replication, stream_id, index):
    k = replication_key(seed, replication)
    base = moremur((k[0] + ((1 << 32) + stream_id) * G) & M64)
    w = moremur((base + index * H) & M64)
    return ((w >> 11) + 1.0) * 2.0 ** -53


def first_seed_through(variate, way):
    """The first seed whose stream (seed, 0, 0) sends its first draw through way."""
    seed = 0
    while True:
        path = []
        value = variate(start(seed, 0, 0), path)
        if path[0] == way:
            return seed, value
        seed += 1


def print_variates():
    for name, variate in (('normal', normal), ('exponential', exponential)):
        s = start(0, 0, 0)
        print('%s of stream (0, 0, 0): %s' % (
            name, ', '.join(variate(s, []).hex() for _ in range(4))))
        for way in ('wedge', 'tail'):
            seed, value = first_seed_through(variate, way)
            print('%s, first through the %s: seed %d, %s' % (name, way, seed, value.hex()))


def main():
    for ctr, key, want in PHILOX_KAT:
        assert tuple(philox4x64(ctr, key)) == want, (ctr, key)
    s = [1, 2, 3, 4]
    assert [xoshiro_next(s) for _ in range(4)] == XOSHIRO_1234
    print('state of stream (0, 0, 0): ' + ', '.join('0x%016x' % w for w in start(0, 0, 0)))
    for seed, rep, sid in [(0, 0, 0), (0x452821e638d01377, 0xa4093822299f31d0, 0x85a308d3)]:
        words = ', '.join('UINT64_C(0x%016x)' % w for w in stream(seed, rep, sid, 3))
        print('stream (0x%x, 0x%x, 0x%x): %s' % (seed, rep, sid, words))
    print_variates()
    for seed, rep, sid in [(12345, 678, 0x9e3779b9), (0, 0, 0)]:
        draws = ', '.join(keyed_uniform(seed, rep, sid, k).hex() for k in (0, 1, 2, 1000))
        print('keyed draws 0, 1, 2, 1000 of (%d, %d, 0x%x): %s' % (seed, rep, sid, draws))


if __name__ == '__main__':
    main()
