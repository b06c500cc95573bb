/*
 * The scenario arena: blocks of at least 16 KiB, bump-allocated, freed together. A scenario
 * is built once and never changes, so nothing is freed piecemeal.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

struct block {
    struct block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

struct eap__arena {
    struct block *head;
};

struct eap__arena *eap__arena_create(void)
{
    return calloc(1, sizeof(struct eap__arena));
}

void eap__arena_free(void *arena)
{
    struct eap__arena *a = arena;
    if (!a) {
        return;
    }
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *eap__arena_alloc(struct eap__arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0) {
        size = align;
    }
    struct block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 16384 ? size : 16384;
        b = malloc(sizeof(*b) + cap);
        if (!b) {
            return NULL;
        }
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *eap__arena_strdup(struct eap__arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = eap__arena_alloc(a, n);
    if (p) {
        memcpy(p, s, n);
    }
    return p;
}
