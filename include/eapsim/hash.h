/*
 * 64-bit FNV-1a: a small, stable hash for fingerprints (of a study's inputs, for merges) and
 * cache keys. Not for security. Start with EAP_FNV_OFFSET and chain calls over the parts.
 */
#ifndef EAPSIM_HASH_H
#define EAPSIM_HASH_H

#include <stddef.h>
#include <stdint.h>

#define EAP_FNV_OFFSET UINT64_C(0xcbf29ce484222325)

uint64_t eap_fnv1a(uint64_t h, const void *data, size_t len);

/* 32-bit FNV-1a of the string a, a '/', then the string b: the engine names its random
 * streams with it ("input" and an input's path), so its value must never change. */
uint32_t eap_fnv1a32_pair(const char *a, const char *b);

#endif
