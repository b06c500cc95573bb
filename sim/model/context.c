/*
 * The load context: the path being read, where every JSON value sits in the text (or which
 * --set argument put it there), lines and columns, and the located reports every part of the
 * loader files its problems through. Below every other file of the loader.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"

/* --- context --- */

void *eap__ctx_alloc(struct load_ctx *c, size_t size)
{
    void *p = eap__arena_alloc(c->arena, size);
    if (!p) {
        c->oom = true;
    }
    return p;
}

char *eap__ctx_strdup(struct load_ctx *c, const char *s)
{
    char *p = eap__arena_strdup(c->arena, s);
    if (!p) {
        c->oom = true;
    }
    return p;
}

/* Appends "/key" with JSON-pointer escaping (~ as ~0, / as ~1). A path that would not fit
 * (only possible with absurdly long unknown keys, which are errors anyway) ends in "...". */
void eap__ctx_push_key(struct load_ctx *c, const char *key)
{
    const size_t cap = sizeof(c->path) - 4; /* room for "..." and the NUL */
    size_t n = c->path_len;
    bool cut = n + 1 > cap;
    if (!cut) {
        c->path[n++] = '/';
    }
    for (const char *p = key; *p && !cut; p++) {
        bool esc = *p == '~' || *p == '/';
        if (n + (esc ? 2 : 1) > cap) {
            cut = true;
        } else if (esc) {
            c->path[n++] = '~';
            c->path[n++] = *p == '~' ? '0' : '1';
        } else {
            c->path[n++] = *p;
        }
    }
    if (cut) {
        while (n > 0 && ((unsigned char)c->path[n] & 0xC0) == 0x80) {
            n--;
        }
        memcpy(c->path + n, "...", 3);
        n += 3;
    }
    c->path[n] = '\0';
    c->path_len = n;
}

void eap__ctx_push_index(struct load_ctx *c, size_t i)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%zu", i);
    eap__ctx_push_key(c, buf);
}

void eap__ctx_pop(struct load_ctx *c, size_t saved_len)
{
    c->path_len = saved_len;
    c->path[saved_len] = '\0';
}

/* --- positions --- */

static size_t pos_slot(const struct load_ctx *c, const cJSON *node)
{
    uintptr_t h = (uintptr_t)node;
    h ^= h >> 17;
    h *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 7) & (c->pos_cap - 1);
}

static bool pos_grow(struct load_ctx *c)
{
    size_t cap = c->pos_cap ? c->pos_cap * 2 : 1024;
    struct node_pos *old = c->pos;
    size_t old_cap = c->pos_cap;
    c->pos = calloc(cap, sizeof(*c->pos));
    if (!c->pos) {
        c->pos = old;
        return false;
    }
    c->pos_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].node) {
            size_t s = pos_slot(c, old[i].node);
            while (c->pos[s].node) {
                s = (s + 1) & (cap - 1);
            }
            c->pos[s] = old[i];
        }
    }
    free(old);
    return true;
}

void eap__record_pos(struct load_ctx *c, const cJSON *node, uint32_t key_off, uint32_t val_off,
                     const char *origin)
{
    if ((c->pos_used + 1) * 2 > c->pos_cap && !pos_grow(c)) {
        c->oom = true;
        return;
    }
    size_t s = pos_slot(c, node);
    while (c->pos[s].node && c->pos[s].node != node) {
        s = (s + 1) & (c->pos_cap - 1);
    }
    if (!c->pos[s].node) {
        c->pos_used++;
    }
    c->pos[s] = (struct node_pos){node, key_off, val_off, origin};
}

static const struct node_pos *find_pos(const struct load_ctx *c, const cJSON *node)
{
    if (!node || c->pos_cap == 0) {
        return NULL;
    }
    size_t s = pos_slot(c, node);
    while (c->pos[s].node) {
        if (c->pos[s].node == node) {
            return &c->pos[s];
        }
        s = (s + 1) & (c->pos_cap - 1);
    }
    return NULL;
}

/* Line and column (1-based) of a byte offset. Columns count characters (UTF-8 sequences),
 * not bytes; a tab is one column, as in most editors' status bars; CRLF ends a line like LF. */
void eap__line_col(const struct load_ctx *c, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = c->line_count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->line_starts[mid] <= off) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    int column = 1;
    for (size_t i = c->line_starts[lo]; i < off && i < c->len; i++) {
        column += ((unsigned char)c->text[i] & 0xC0) != 0x80;
    }
    *line = (int)lo + 1;
    *col = column;
}

bool eap__build_line_table(struct load_ctx *c)
{
    size_t n = 1;
    for (size_t i = 0; i < c->len; i++) {
        n += c->text[i] == '\n';
    }
    c->line_starts = malloc(n * sizeof(*c->line_starts));
    if (!c->line_starts) {
        return false;
    }
    c->line_starts[0] = 0;
    c->line_count = 1;
    for (size_t i = 0; i < c->len; i++) {
        if (c->text[i] == '\n') {
            c->line_starts[c->line_count++] = (uint32_t)(i + 1);
        }
    }
    return true;
}

/* Copies src into dst; when it does not fit, ends it with "..." at a UTF-8 boundary so a
 * cut is visible and the text stays valid UTF-8. */
void eap__copy_marked(char *dst, size_t len, const char *src)
{
    size_t n = strlen(src);
    if (n < len || len < 4) {
        snprintf(dst, len, "%s", src);
        return;
    }
    size_t keep = len - 4;
    while (keep > 0 && ((unsigned char)src[keep] & 0xC0) == 0x80) {
        keep--;
    }
    memcpy(dst, src, keep);
    memcpy(dst + keep, "...", 4);
}

#define copy_marked eap__copy_marked

void eap__report_at(struct load_ctx *c, size_t off, const char *origin, const char *path,
                    const char *msg)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_EINPUT;
    if (origin) {
        /* An origin that names its option ("--sweep ...") is shown as it is. */
        bool named = strncmp(origin, "--", 2) == 0;
        snprintf(e.file, sizeof(e.file), "%s: %s%s", c->file, named ? "" : "--set ", origin);
    } else {
        snprintf(e.file, sizeof(e.file), "%s", c->file);
        if (off != NO_OFF) {
            eap__line_col(c, off, &e.line, &e.col);
        }
    }
    copy_marked(e.path, sizeof(e.path), path);
    copy_marked(e.msg, sizeof(e.msg), msg);
    eap_diag_add(c->diag, &e);
    c->errors++;
}

static void vreport(struct load_ctx *c, const cJSON *node, const char *key, bool at_key,
                    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void vreport(struct load_ctx *c, const cJSON *node, const char *key, bool at_key,
                    const char *fmt, va_list ap)
{
    char msg[1024], path[CTX_PATH_MAX];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t saved = c->path_len;
    if (key) {
        eap__ctx_push_key(c, key);
    }
    snprintf(path, sizeof(path), "%s", c->path_len ? c->path : "/");
    eap__ctx_pop(c, saved);
    const struct node_pos *p = find_pos(c, node);
    size_t off = NO_OFF;
    if (p) {
        off = at_key && p->key_off != NO_OFF ? p->key_off : p->val_off;
    }
    eap__report_at(c, off, p ? p->origin : NULL, path, msg);
}

bool eap__node_line_col(const struct load_ctx *c, const cJSON *node, int *line, int *col)
{
    const struct node_pos *p = find_pos(c, node);
    if (!p || p->origin || p->val_off == NO_OFF) {
        return false;
    }
    eap__line_col(c, p->val_off, line, col);
    return true;
}

void eap__report(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, node, key, false, fmt, ap);
    va_end(ap);
}

void eap__report_key(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, node, key, true, fmt, ap);
    va_end(ap);
}

/* Sorts the problems of one load by position, keeping the order of equal ones: file order,
 * with the problems of --set arguments (which have no line) first. */
void eap__sort_problems(struct eap_diag *d, size_t from)
{
    for (size_t i = from + 1; i < d->count; i++) {
        struct eap_error e = d->items[i];
        size_t j = i;
        while (j > from && (d->items[j - 1].line > e.line ||
                            (d->items[j - 1].line == e.line && d->items[j - 1].col > e.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = e;
    }
}
