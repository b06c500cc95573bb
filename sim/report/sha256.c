/*
 * SHA-256 (FIPS 180-4), for the digests run-info.json gives of every file a study writes, so
 * that a reader can tell a file is the one that study made. Small and plain: outputs are
 * megabytes at most, hashed once each.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/stamp.h"

struct sha256 {
    uint32_t h[8];
    unsigned char block[64];
    size_t used;    /* bytes in block */
    uint64_t total; /* bytes hashed */
};

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_init(struct sha256 *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof(h0));
    c->used = 0;
    c->total = 0;
}

/* The message schedule of one 64-byte block (FIPS 180-4, 6.2.2 step 1). */
static void schedule(const unsigned char *p, uint32_t w[64])
{
    for (int t = 0; t < 16; t++) {
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    }
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
}

static void compress(struct sha256 *c, const unsigned char *p)
{
    uint32_t w[64], v[8];
    schedule(p, w);
    memcpy(v, c->h, sizeof(v));
    for (int t = 0; t < 64; t++) {
        uint32_t s1 = ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25);
        uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint32_t t1 = v[7] + s1 + ch + K[t] + w[t];
        uint32_t s0 = ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22);
        uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof(v[0]));
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (int i = 0; i < 8; i++) {
        c->h[i] += v[i];
    }
}

static void sha256_update(struct sha256 *c, const unsigned char *p, size_t len)
{
    c->total += len;
    while (len > 0) {
        size_t take = 64 - c->used < len ? 64 - c->used : len;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        len -= take;
        if (c->used == 64) {
            compress(c, c->block);
            c->used = 0;
        }
    }
}

/* Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number. */
static void sha256_final(struct sha256 *c, unsigned char out[32])
{
    uint64_t bits = c->total * 8;
    unsigned char pad[72] = {0x80};
    size_t n = (c->used < 56 ? 56 : 120) - c->used;
    for (int i = 0; i < 8; i++) {
        pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    }
    sha256_update(c, pad, n + 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(c->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->h[i];
    }
}

void eap_sha256(const void *data, size_t len, unsigned char out[32])
{
    struct sha256 c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    sha256_final(&c, out);
}

bool eap_sha256_file(const char *path, char hex[65], struct eap_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int saved = errno;
        return eap_error_set(err, saved == ENOMEM ? EAP_ENOMEM : EAP_EIO, "cannot read %s: %s",
                             path, strerror(saved));
    }
    struct sha256 c;
    sha256_init(&c);
    unsigned char buf[1 << 14], out[32];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        sha256_update(&c, buf, n);
    }
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        return eap_error_set(err, EAP_EIO, "cannot read %s", path);
    }
    sha256_final(&c, out);
    for (int i = 0; i < 32; i++) {
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    }
    return true;
}
