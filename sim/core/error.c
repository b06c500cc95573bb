/*
 * Status table, error formatting, the diagnostics list and the "did you mean" helper.
 */
#include "eapsim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *eap_strerror(enum eap_status code)
{
    switch (code) {
#define EAP_STATUS_DESC(name, exitc, desc)                                                         \
    case EAP_##name:                                                                               \
        return desc;
        EAP_STATUS_MAP(EAP_STATUS_DESC)
#undef EAP_STATUS_DESC
    }
    return "unknown error";
}

int eap_status_exit_code(enum eap_status code)
{
    switch (code) {
#define EAP_STATUS_EXIT(name, exitc, desc)                                                         \
    case EAP_##name:                                                                               \
        return exitc;
        EAP_STATUS_MAP(EAP_STATUS_EXIT)
#undef EAP_STATUS_EXIT
    }
    return 1;
}

void eap_error_clear(struct eap_error *err)
{
    if (err) {
        memset(err, 0, sizeof(*err));
    }
}

bool eap_error_set(struct eap_error *err, enum eap_status code, const char *fmt, ...)
{
    if (!err) {
        return false;
    }
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return false;
}

void eap_error_format(const struct eap_error *err, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
#define APPEND(...)                                                                                \
    do {                                                                                           \
        if (n < len) {                                                                             \
            int w = snprintf(buf + n, len - n, __VA_ARGS__);                                       \
            n += w > 0 ? (size_t)w : 0;                                                            \
        }                                                                                          \
    } while (0)
    if (err->file[0]) {
        APPEND("%s:", err->file);
        if (err->line > 0) {
            APPEND("%d:%d:", err->line, err->col);
        }
        APPEND(" ");
    }
    if (err->path[0]) {
        APPEND("%s: ", err->path);
    }
    APPEND("%s", err->msg[0] ? err->msg : eap_strerror(err->code));
#undef APPEND
}

void eap_diag_init(struct eap_diag *d)
{
    memset(d, 0, sizeof(*d));
}

void eap_diag_finish(struct eap_diag *d)
{
    if (d) {
        free(d->items);
        memset(d, 0, sizeof(*d));
    }
}

void eap_diag_add(struct eap_diag *d, const struct eap_error *err)
{
    if (d->count >= EAP_DIAG_MAX) {
        d->dropped++;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        struct eap_error *items = realloc(d->items, cap * sizeof(*items));
        if (!items) {
            d->dropped++;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    d->items[d->count++] = *err;
}

/* Optimal string alignment distance, bounded to short words (ids and keys). */
static size_t edit_distance(const char *a, const char *b)
{
    enum { MAXW = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= MAXW || lb >= MAXW) {
        return la > lb ? la : lb;
    }
    size_t d[MAXW + 1][MAXW + 1];
    for (size_t i = 0; i <= la; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= lb; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) {
                best = d[i][j - 1] + 1;
            }
            if (d[i - 1][j - 1] + cost < best) {
                best = d[i - 1][j - 1] + cost;
            }
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Whether every letter of word appears in c, in order: a letter left out ("mn" for "min"). */
static bool subsequence(const char *word, const char *c)
{
    for (; *word && *c; c++) {
        word += *word == *c;
    }
    return *word == '\0';
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n]) {
        n++;
    }
    return n;
}

/* Between candidates at the same edit distance: the one the word is an abbreviation of
 * ("mn": "min" before "ms"), then the one sharing the longer start, then the first listed. */
static bool better_tie(const char *word, const char *c, const char *best)
{
    bool sc = subsequence(word, c), sb = subsequence(word, best);
    if (sc != sb) {
        return sc;
    }
    return common_prefix(word, c) > common_prefix(word, best);
}

const char *eap_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t lw = strlen(word);
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i]) {
            continue;
        }
        size_t dist = edit_distance(word, candidates[i]);
        if (dist < best_d || (dist == best_d && better_tie(word, candidates[i], best))) {
            best_d = dist;
            best = candidates[i];
        }
    }
    /* A typo changes a few letters; about a quarter of the word is the limit of plausibility
     * ("minuts" -> "minute", but not "parsecs" -> "secs"). */
    size_t limit = lw < 4 ? 1 : lw / 4 + 1;
    if (best && best_d <= limit && best_d > 0) {
        return best;
    }
    return NULL;
}
