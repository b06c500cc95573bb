/*
 * A growable text buffer for the writers that build a whole file in memory (the summary's
 * CSV, a sensitivity study's JSON and CSV): printf-style appends, and running out of memory
 * remembered until the text is taken.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "report_internal.h"

void eap__buf_put(struct text_buf *b, const char *fmt, ...)
{
    for (int attempt = 0; attempt < 2 && !b->oom; attempt++) {
        va_list ap;
        va_start(ap, fmt);
        int n =
            vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if (b->data && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        /* Too small: grow to hold it (twice over, so appends stay amortised O(1)), retry. */
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
}

char *eap__buf_take(struct text_buf *b)
{
    char *text = b->oom ? NULL : b->data;
    if (b->oom) {
        free(b->data);
    }
    *b = (struct text_buf){NULL, 0, 0, false};
    return text;
}
