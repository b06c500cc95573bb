/*
 * The after-action report's document: blocks appended in reading order. Running out of memory
 * is remembered (d->oom) and checked once, when the document is rendered.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aar_doc.h"

static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s) {
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    }
    return s;
}

static struct aar_block *add(struct aar_doc *d, enum aar_block_kind kind)
{
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        struct aar_block *b = realloc(d->blocks, cap * sizeof(*b));
        if (!b) {
            d->oom = true;
            return NULL;
        }
        d->blocks = b;
        d->cap = cap;
    }
    struct aar_block *b = &d->blocks[d->count++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    return b;
}

static void text_block(struct aar_doc *d, enum aar_block_kind kind, int level, const char *fmt,
                       va_list ap) __attribute__((format(printf, 4, 0)));

static void text_block(struct aar_doc *d, enum aar_block_kind kind, int level, const char *fmt,
                       va_list ap)
{
    struct aar_block *b = add(d, kind);
    if (b) {
        b->level = level;
        b->text = vformat(fmt, ap);
        d->oom |= b->text == NULL;
    }
}

void eap__doc_heading(struct aar_doc *d, int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_block(d, AAR_HEADING, level, fmt, ap);
    va_end(ap);
}

void eap__doc_para(struct aar_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_block(d, AAR_PARA, 0, fmt, ap);
    va_end(ap);
}

void eap__doc_item(struct aar_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_block(d, AAR_ITEM, 0, fmt, ap);
    va_end(ap);
}

/* The table being filled: the last block, when it is one. */
static struct aar_block *last_table(struct aar_doc *d)
{
    struct aar_block *b = d->count ? &d->blocks[d->count - 1] : NULL;
    return b && b->kind == AAR_TABLE ? b : NULL;
}

void eap__doc_table(struct aar_doc *d, size_t cols, const char *const *header)
{
    struct aar_block *b = add(d, AAR_TABLE);
    if (!b) {
        return;
    }
    b->cols = cols;
    b->numeric = calloc(cols, sizeof(*b->numeric));
    d->oom |= b->numeric == NULL;
    for (size_t c = 0; c < cols; c++) {
        eap__doc_cell(d, "%s", header[c]);
    }
}

void eap__doc_cell(struct aar_doc *d, const char *fmt, ...)
{
    struct aar_block *b = last_table(d);
    if (!b) {
        d->oom = true; /* a cell outside a table: a bug of the builder, reported as a failure */
        return;
    }
    if (b->ncells == b->cellcap) {
        size_t cap = b->cellcap ? b->cellcap * 2 : 32;
        char **cells = realloc(b->cells, cap * sizeof(*cells));
        if (!cells) {
            d->oom = true;
            return;
        }
        b->cells = cells;
        b->cellcap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    d->oom |= s == NULL;
    b->cells[b->ncells++] = s ? s : NULL;
    /* Rows count only complete rows below the header. */
    b->rows = b->ncells >= b->cols ? b->ncells / b->cols - 1 : 0;
}

void eap__doc_numeric(struct aar_doc *d, size_t c)
{
    struct aar_block *b = last_table(d);
    if (b && b->numeric && c < b->cols) {
        b->numeric[c] = true;
    }
}

void eap__doc_timeline(struct aar_doc *d)
{
    add(d, AAR_TIMELINE);
}

void eap__doc_finish(struct aar_doc *d)
{
    for (size_t i = 0; i < d->count; i++) {
        struct aar_block *b = &d->blocks[i];
        free(b->text);
        for (size_t k = 0; k < b->ncells; k++) {
            free(b->cells[k]);
        }
        free(b->cells);
        free(b->numeric);
    }
    free(d->blocks);
    memset(d, 0, sizeof(*d));
}
