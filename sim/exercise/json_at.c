/*
 * Where a value sits in JSON text, for located messages about files the exercise reads (the
 * session log): cJSON keeps no positions, so a JSON pointer is followed through the text
 * itself. The text has already been parsed, so it is JSON; a key or index the text does not
 * have stops the walk at the nearest enclosing value.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_internal.h"

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) {
        i++;
    }
    return i;
}

/* The end of the string that starts at t[i] (a quote): one past its closing quote. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++) {
        i += t[i] == '\\';
    }
    return i < len ? i + 1 : len;
}

/* One past the value that starts at t[i]: a string, a number or literal, or a nested object
 * or array (strings inside it skipped whole, so brackets in them do not count). */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    if (i < len && t[i] == '"') {
        return skip_string(t, len, i);
    }
    if (i < len && t[i] != '{' && t[i] != '[') {
        while (i < len && t[i] && !strchr(",}] \n\r\t", t[i])) {
            i++;
        }
        return i;
    }
    size_t depth = 0;
    while (i < len) {
        char c = t[i];
        if (c == '"') {
            i = skip_string(t, len, i);
            continue;
        }
        depth += c == '{' || c == '[';
        if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
        i++;
    }
    return len;
}

/* Within the object at t[i], the value of member `key` (its first len bytes), or len. */
static size_t member(const char *t, size_t len, size_t i, const char *key, size_t klen)
{
    i = skip_ws(t, len, i + 1);
    while (i < len && t[i] == '"') {
        size_t end = skip_string(t, len, i);
        bool match = end - i - 2 == klen && memcmp(t + i + 1, key, klen) == 0;
        i = skip_ws(t, len, end);
        i = skip_ws(t, len, i + 1); /* the colon */
        if (match) {
            return i;
        }
        i = skip_ws(t, len, skip_value(t, len, i));
        i = i < len && t[i] == ',' ? skip_ws(t, len, i + 1) : len;
    }
    return len;
}

/* Within the array at t[i], element n, or len. */
static size_t element(const char *t, size_t len, size_t i, unsigned long n)
{
    i = skip_ws(t, len, i + 1);
    for (unsigned long k = 0; i < len && t[i] != ']'; k++) {
        if (k == n) {
            return i;
        }
        i = skip_ws(t, len, skip_value(t, len, i));
        i = i < len && t[i] == ',' ? skip_ws(t, len, i + 1) : len;
    }
    return len;
}

size_t eap__json_at(const char *t, size_t len, const char *pointer)
{
    size_t at = skip_ws(t, len, 0);
    const char *p = pointer;
    while (*p == '/' && at < len) {
        p++;
        size_t n = strcspn(p, "/");
        size_t next = len;
        if (t[at] == '{') {
            next = member(t, len, at, p, n);
        } else if (t[at] == '[') {
            char *end;
            unsigned long k = strtoul(p, &end, 10);
            next = end == p + n ? element(t, len, at, k) : len;
        }
        if (next >= len) {
            break; /* not there: the enclosing value is the nearest place */
        }
        at = next;
        p += n;
    }
    return at;
}

void eap__json_line_col(const char *t, size_t len, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (t[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)t[i] & 0xC0) != 0x80) {
            ++*col; /* columns count characters: continuation bytes add nothing */
        }
    }
}
