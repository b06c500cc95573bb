/*
 * The record of a session: what it ran (scenario fingerprint, seed, overrides) and everything
 * it did (injects shown, choices, observations). The record owns its arrays and strings, so
 * a session, the log reader and a copy all free it the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"

static char *dup_text(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) {
        memcpy(d, s, n);
    }
    return d;
}

void eap__copy_text(char *dst, size_t len, const char *src)
{
    src = src ? src : "";
    size_t n = strlen(src);
    if (n >= len) {
        n = len - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) {
            n--; /* never end inside a UTF-8 sequence */
        }
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Makes room for one more element of an array of `size`-byte elements. */
static bool grow(void **array, size_t count, size_t *cap, size_t size)
{
    if (count < *cap) {
        return true;
    }
    size_t n = *cap ? *cap * 2 : 8;
    void *p = realloc(*array, n * size);
    if (!p) {
        return false;
    }
    *array = p;
    *cap = n;
    return true;
}

bool eap__record_add_shown(struct eap_exercise_record *r, int32_t inject, eap_time at, double wall)
{
    if (!grow((void **)&r->shown, r->shown_count, &r->cap_shown, sizeof(*r->shown))) {
        return false;
    }
    r->shown[r->shown_count++] = (struct eap_exercise_shown){inject, at, wall};
    return true;
}

bool eap__record_add_choice(struct eap_exercise_record *r, const struct eap_exercise_choice *c)
{
    char *who = dup_text(c->who);
    if (!who ||
        !grow((void **)&r->choices, r->choice_count, &r->cap_choices, sizeof(*r->choices))) {
        free(who);
        return false;
    }
    r->choices[r->choice_count] = *c;
    r->choices[r->choice_count++].who = who;
    return true;
}

bool eap__record_add_observation(struct eap_exercise_record *r,
                                 const struct eap_exercise_observation *o)
{
    char *text = dup_text(o->text);
    if (!text || !grow((void **)&r->observations, r->observation_count, &r->cap_observations,
                       sizeof(*r->observations))) {
        free(text);
        return false;
    }
    r->observations[r->observation_count] = *o;
    r->observations[r->observation_count++].text = text;
    return true;
}

void eap__record_drop_choice(struct eap_exercise_record *r)
{
    if (r->choice_count > 0) {
        free(r->choices[--r->choice_count].who);
    }
}

bool eap__record_setup(struct eap_exercise_record *r, const struct eap_exercise_setup *s)
{
    r->scn = s->scn;
    r->fingerprint = s->fingerprint;
    r->seed = s->seed;
    r->replication = s->replication;
    r->replay = s->replay;
    eap__copy_text(r->started, sizeof(r->started), s->started);
    eap__copy_text(r->program, sizeof(r->program), s->program);
    if (s->override_count == 0) {
        return true;
    }
    r->overrides = calloc(s->override_count, sizeof(*r->overrides));
    if (!r->overrides) {
        return false;
    }
    for (size_t i = 0; i < s->override_count; i++) {
        r->overrides[i] = dup_text(s->overrides[i]);
        if (!r->overrides[i]) {
            return false; /* the caller finishes the record, which frees what was copied */
        }
        r->override_count = i + 1;
    }
    return true;
}

void eap_exercise_record_finish(struct eap_exercise_record *r)
{
    for (size_t i = 0; i < r->override_count; i++) {
        free(r->overrides[i]);
    }
    for (size_t i = 0; i < r->choice_count; i++) {
        free(r->choices[i].who);
    }
    for (size_t i = 0; i < r->observation_count; i++) {
        free(r->observations[i].text);
    }
    free(r->overrides);
    free(r->shown);
    free(r->choices);
    free(r->observations);
    memset(r, 0, sizeof(*r));
}

bool eap_exercise_record_copy(struct eap_exercise_record *dst,
                              const struct eap_exercise_record *src)
{
    memset(dst, 0, sizeof(*dst));
    struct eap_exercise_setup s = {
        src->scn,           src->fingerprint, src->seed,    src->replication,
        src->replay,        src->started,     src->program, (const char *const *)src->overrides,
        src->override_count};
    bool ok = eap__record_setup(dst, &s);
    for (size_t i = 0; ok && i < src->shown_count; i++) {
        const struct eap_exercise_shown *x = &src->shown[i];
        ok = eap__record_add_shown(dst, x->inject, x->at, x->wall);
    }
    for (size_t i = 0; ok && i < src->choice_count; i++) {
        ok = eap__record_add_choice(dst, &src->choices[i]);
    }
    for (size_t i = 0; ok && i < src->observation_count; i++) {
        ok = eap__record_add_observation(dst, &src->observations[i]);
    }
    if (!ok) {
        eap_exercise_record_finish(dst);
        return false;
    }
    dst->ended = src->ended;
    dst->wall_ended = src->wall_ended;
    dst->finished = src->finished;
    return true;
}
