/*
 * FNV-1a hashes (see hash.h).
 */
#include "eapsim/hash.h"

uint64_t eap_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint32_t eap_fnv1a32_pair(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *p = a; *p; p++) {
        h = (h ^ (unsigned char)*p) * 16777619u;
    }
    h = (h ^ '/') * 16777619u;
    for (const char *p = b; *p; p++) {
        h = (h ^ (unsigned char)*p) * 16777619u;
    }
    return h;
}
