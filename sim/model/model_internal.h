/*
 * Private to the model module: the arena that owns a scenario's memory, and the name tables
 * the loader checks against.
 */
#ifndef EAPSIM_MODEL_INTERNAL_H
#define EAPSIM_MODEL_INTERNAL_H

#include <stddef.h>

#include "eapsim/count_of.h"

struct eap_scenario;
struct eap_metric_def;

/* A bump allocator made of blocks; everything a scenario holds is freed at once. */
struct eap__arena;
struct eap__arena *eap__arena_create(void);
void eap__arena_free(void *arena);
/* Zeroed memory aligned for any type; NULL when memory runs out. */
void *eap__arena_alloc(struct eap__arena *a, size_t size);
char *eap__arena_strdup(struct eap__arena *a, const char *s);

const char *const *eap__place_kind_names(size_t *n);
const char *const *eap__asset_kind_names(size_t *n);
const char *const *eap__threat_kind_names(size_t *n);
const char *const *eap__action_kind_names(size_t *n);
/* The scenario's metric schema (metrics.c): how many, and the definitions in order. */
size_t eap__metric_count(const struct eap_scenario *s);
void eap__metrics_define(const struct eap_scenario *s, struct eap_metric_def *defs);
/* Fills out[EAP_EV_KIND_COUNT] with the event names. */
void eap__event_kind_names(const char **out, size_t *n);

#endif
