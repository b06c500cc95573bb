/*
 * A growable text buffer for the writers that build a whole file in memory (the summary's
 * CSV, a sensitivity study's JSON and CSV): printf-style appends, CSV fields and JSON strings
 * quoted as their formats want, and running out of memory remembered until the text is
 * taken.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void eap__buf_csv(struct text_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        eap__buf_put(b, "%s", s);
        return;
    }
    eap__buf_put(b, "\"");
    for (const char *p = s; *p; p++) {
        eap__buf_put(b, *p == '"' ? "\"\"" : "%c", *p);
    }
    eap__buf_put(b, "\"");
}

void eap__buf_json(struct text_buf *b, const char *s)
{
    eap__buf_put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            eap__buf_put(b, "\\%c", *p);
        } else if (*p < 0x20) {
            eap__buf_put(b, "\\u%04x", *p);
        } else {
            eap__buf_put(b, "%c", *p);
        }
    }
    eap__buf_put(b, "\"");
}
