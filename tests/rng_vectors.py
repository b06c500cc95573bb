#!/usr/bin/env python3
"""Derives the stream-layout vectors of tests/test_rng.c from the reference algorithms,
independently of the C code: Philox4x64-10 as Salmon et al. define it (checked here against
Random123's published known answers) and xoshiro256** as Blackman and Vigna define it
(checked against the outputs of their reference implementation from state 1, 2, 3, 4).
A stream (seed, replication, stream id) starts xoshiro256** at the Philox block of counter
(0, stream id, replication, 0) under key (seed, 0); see include/eapsim/rng.h.

    python3 tests/rng_vectors.py      # prints the vectors; fails if a reference check fails
"""

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
    s = philox4x64((0, stream_id, replication, 0), (seed, 0))
    if s == [0, 0, 0, 0]:
        s = [1, 0, 0, 0]
    return [xoshiro_next(s) for _ in range(count)]


def main():
    for ctr, key, want in PHILOX_KAT:
        assert tuple(philox4x64(ctr, key)) == want, (ctr, key)
    s = [1, 2, 3, 4]
    assert [xoshiro_next(s) for _ in range(4)] == XOSHIRO_1234
    for seed, rep, sid in [(0, 0, 0), (0x452821e638d01377, 0xa4093822299f31d0, 0x85a308d3)]:
        words = ', '.join('UINT64_C(0x%016x)' % w for w in stream(seed, rep, sid, 3))
        print('stream (0x%x, 0x%x, 0x%x): %s' % (seed, rep, sid, words))


if __name__ == '__main__':
    main()
