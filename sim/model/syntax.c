/*
 * A strict JSON (RFC 8259) checker that runs before cJSON, so that syntax errors say what
 * was expected and what was found, at the right place: a trailing comma, a missing comma,
 * single quotes, comments, an unclosed brace, a raw line break inside a string. cJSON is
 * lenient (leading zeros, control characters) and reports only where it stopped. The checker
 * also refuses NUL bytes, broken UTF-8, nesting deeper than EAP_SCENARIO_MAX_DEPTH, containers
 * of more than EAP_SCENARIO_MAX_ITEMS items and strings longer than EAP_SCENARIO_MAX_STRING.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/utf8.h"
#include "loader_internal.h"

struct scan {
    const unsigned char *t;
    size_t len, i;
    size_t err_off;
    char *msg;
    size_t msg_len;
    /* where each open object or array began, for "not closed" messages */
    size_t open_at[EAP_SCENARIO_MAX_DEPTH + 1];
    size_t items[EAP_SCENARIO_MAX_DEPTH + 1]; /* ... and its items so far, less one */
    int depth;
    const struct load_ctx *ctx;
};

static bool fail(struct scan *s, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(struct scan *s, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, s->msg_len, fmt, ap);
    va_end(ap);
    s->err_off = off;
    return false;
}

/* Describes what sits at offset off: "'x'", "the end of the file", "a line break", ... */
static void found_at(const struct scan *s, size_t off, char *buf, size_t len)
{
    if (off >= s->len) {
        snprintf(buf, len, "the end of the file");
        return;
    }
    unsigned char ch = s->t[off];
    if (ch == '\n' || ch == '\r') {
        snprintf(buf, len, "a line break");
    } else if (ch == '\t') {
        snprintf(buf, len, "a tab");
    } else if (ch == '\'') {
        snprintf(buf, len, "a single quote");
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_') {
        size_t n = 0;
        while (off + n < s->len && n < 24 &&
               ((s->t[off + n] >= 'a' && s->t[off + n] <= 'z') ||
                (s->t[off + n] >= 'A' && s->t[off + n] <= 'Z') ||
                (s->t[off + n] >= '0' && s->t[off + n] <= '9') || s->t[off + n] == '_')) {
            n++;
        }
        snprintf(buf, len, "'%.*s'", (int)n, (const char *)s->t + off);
    } else if (ch >= 0x20 && ch < 0x7F) {
        snprintf(buf, len, "'%c'", ch);
    } else if (ch < 0x20 || ch == 0x7F) {
        snprintf(buf, len, "the control character 0x%02X", ch);
    } else {
        size_t n = eap_utf8_len(s->t + off, s->len - off);
        snprintf(buf, len, "'%.*s'", (int)(n ? n : 1), (const char *)s->t + off);
    }
}

/* Does the text at off start with word? (The text need not end in a NUL.) */
static bool starts(const struct scan *s, size_t off, const char *word)
{
    size_t n = strlen(word);
    return s->len - off >= n && memcmp(s->t + off, word, n) == 0;
}

/* A hint for a character that cannot start or continue JSON where it stands. */
static const char *hint_for(const struct scan *s, size_t off)
{
    if (off >= s->len) {
        return "";
    }
    unsigned char ch = s->t[off];
    if (ch == '\'') {
        return " (JSON strings and keys take double quotes)";
    }
    if (ch == '/' || ch == '#') {
        return " (JSON has no comments)";
    }
    if (ch >= 'A' && ch <= 'Z' &&
        (starts(s, off, "True") || starts(s, off, "False") || starts(s, off, "None") ||
         starts(s, off, "NaN") || starts(s, off, "Infinity"))) {
        return " (JSON writes true, false and null in lower case, and has no NaN or Infinity)";
    }
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_') {
        return " (strings and keys take double quotes)";
    }
    return "";
}

static void skip_ws(struct scan *s)
{
    while (s->i < s->len &&
           (s->t[s->i] == ' ' || s->t[s->i] == '\t' || s->t[s->i] == '\n' || s->t[s->i] == '\r')) {
        s->i++;
    }
}

static bool is_hex(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static unsigned hex4(const unsigned char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char ch = p[k];
        v = v * 16 + (unsigned)(ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10);
    }
    return v;
}

/* \uXXXX at s->i (just past the 'u'), with surrogate pairs. */
static bool unicode_escape(struct scan *s, size_t start)
{
    for (int k = 0; k < 4; k++) {
        if (s->i + (size_t)k >= s->len || !is_hex(s->t[s->i + (size_t)k])) {
            return fail(s, start, "JSON syntax error: expected four hex digits after \\u");
        }
    }
    unsigned u = hex4(s->t + s->i);
    s->i += 4;
    if (u >= 0xDC00 && u <= 0xDFFF) {
        return fail(s, start, "JSON syntax error: a lone low surrogate \\u%04X", u);
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (s->i + 6 > s->len || s->t[s->i] != '\\' || s->t[s->i + 1] != 'u' ||
            !is_hex(s->t[s->i + 2]) || !is_hex(s->t[s->i + 3]) || !is_hex(s->t[s->i + 4]) ||
            !is_hex(s->t[s->i + 5]) || hex4(s->t + s->i + 2) < 0xDC00 ||
            hex4(s->t + s->i + 2) > 0xDFFF) {
            return fail(s, start,
                        "JSON syntax error: expected a low surrogate \\uDC00-\\uDFFF after "
                        "\\u%04X",
                        u);
        }
        s->i += 6;
    }
    if (u == 0) {
        return fail(s, start, "JSON syntax error: a string cannot contain \\u0000");
    }
    return true;
}

static bool string(struct scan *s)
{
    size_t open = s->i++;
    while (s->i < s->len) {
        unsigned char ch = s->t[s->i];
        if (ch == '"') {
            s->i++;
            return true;
        }
        if (ch == '\\') {
            size_t at = s->i++;
            unsigned char e = s->i < s->len ? s->t[s->i] : 0;
            s->i++;
            if (e == 'u') {
                if (!unicode_escape(s, at)) {
                    return false;
                }
            } else if (!e || !strchr("\"\\/bfnrt", e)) {
                char f[48];
                found_at(s, at + 1, f, sizeof(f));
                return fail(s, at,
                            "JSON syntax error: expected an escape such as \\n, \\\", \\\\ or "
                            "\\u00e9 after '\\', found %s",
                            f);
            }
            continue;
        }
        if (ch < 0x20) {
            const char *what = ch == '\n' || ch == '\r' ? "a raw line break"
                               : ch == '\t'             ? "a raw tab"
                                                        : "a control character";
            const char *esc = ch == '\n' || ch == '\r' ? "\\n" : ch == '\t' ? "\\t" : "\\u00XX";
            return fail(s, s->i,
                        "JSON syntax error: expected the closing '\"' of the string, found %s "
                        "(write %s inside strings)",
                        what, esc);
        }
        size_t n = eap_utf8_len(s->t + s->i, s->len - s->i);
        s->i += n ? n : 1;
        if (s->i - open - 1 > EAP_SCENARIO_MAX_STRING) { /* between the quotes */
            return fail(s, open,
                        "expected a string of at most %d bytes, found a longer one (no id, name, "
                        "note or source needs that many)",
                        EAP_SCENARIO_MAX_STRING);
        }
    }
    return fail(s, open,
                "JSON syntax error: expected the closing '\"' of this string, found the end of "
                "the file");
}

static size_t digits(struct scan *s)
{
    size_t n = 0;
    while (s->i < s->len && s->t[s->i] >= '0' && s->t[s->i] <= '9') {
        s->i++;
        n++;
    }
    return n;
}

static bool number(struct scan *s)
{
    size_t start = s->i;
    if (s->t[s->i] == '-') {
        s->i++;
    }
    size_t first = s->i, n = digits(s);
    bool ok = n > 0 && !(n > 1 && s->t[first] == '0');
    if (ok && s->i < s->len && s->t[s->i] == '.') {
        s->i++;
        ok = digits(s) > 0;
    }
    if (ok && s->i < s->len && (s->t[s->i] == 'e' || s->t[s->i] == 'E')) {
        s->i++;
        if (s->i < s->len && (s->t[s->i] == '+' || s->t[s->i] == '-')) {
            s->i++;
        }
        ok = digits(s) > 0;
    }
    /* the whole token, for the message */
    size_t end = s->i;
    while (end < s->len && end - start < 32 &&
           ((s->t[end] >= '0' && s->t[end] <= '9') || (s->t[end] && strchr(".eE+-", s->t[end])) ||
            (s->t[end] >= 'a' && s->t[end] <= 'z'))) {
        end++;
    }
    if (!ok || end != s->i) {
        return fail(s, start,
                    "JSON syntax error: expected a number such as 12, -3, 0.5 or 1e3, found "
                    "'%.*s' (no leading zeros, '+' signs, bare '.' or units outside strings)",
                    (int)(end - start), (const char *)s->t + start);
    }
    return true;
}

static bool literal(struct scan *s, const char *word)
{
    size_t n = strlen(word);
    if (s->len - s->i >= n && memcmp(s->t + s->i, word, n) == 0) {
        size_t after = s->i + n;
        if (after >= s->len ||
            !((s->t[after] >= 'a' && s->t[after] <= 'z') ||
              (s->t[after] >= 'A' && s->t[after] <= 'Z') ||
              (s->t[after] >= '0' && s->t[after] <= '9') || s->t[after] == '_')) {
            s->i = after;
            return true;
        }
    }
    return false;
}

static bool value(struct scan *s);

static bool open_container(struct scan *s)
{
    if (s->depth >= EAP_SCENARIO_MAX_DEPTH) {
        return fail(s, s->i,
                    "expected JSON nested at most %d levels deep, found deeper nesting "
                    "(a scenario never needs that many)",
                    EAP_SCENARIO_MAX_DEPTH);
    }
    s->items[s->depth] = 0;
    s->open_at[s->depth++] = s->i++;
    return true;
}

static bool not_closed(struct scan *s, const char *expected)
{
    if (s->depth == 0) {
        return fail(s, s->i, "JSON syntax error: expected %s, found the end of the file", expected);
    }
    int line, col;
    eap__line_col(s->ctx, s->open_at[s->depth - 1], &line, &col);
    bool object = s->t[s->open_at[s->depth - 1]] == '{';
    return fail(s, s->i,
                "JSON syntax error: expected %s, found the end of the file (the %s opened at "
                "line %d, column %d is not closed)",
                expected, object ? "object" : "array", line, col);
}

static bool unexpected(struct scan *s, const char *expected)
{
    char f[64];
    if (s->i >= s->len) {
        return not_closed(s, expected);
    }
    found_at(s, s->i, f, sizeof(f));
    const char *hint = hint_for(s, s->i);
    size_t prev = s->i;
    while (prev > 0 && strchr(" \t\r\n", s->t[prev - 1])) {
        prev--;
    }
    bool after_number = prev > 0 && s->t[prev - 1] >= '0' && s->t[prev - 1] <= '9';
    if (after_number && isalpha(s->t[s->i]) && strstr(expected, "','")) {
        hint = " (a number with a unit is a string: write \"25 km\", not 25 km)";
    } else if (!hint[0] && s->t[s->i] == '"' && strstr(expected, "','")) {
        hint = " (a missing comma?)";
    }
    return fail(s, s->i, "JSON syntax error: expected %s, found %s%s", expected, f, hint);
}

/* After a ',' came the closing bracket: point at the comma. */
static bool trailing_comma(struct scan *s, size_t comma, char close)
{
    return fail(s, comma,
                "JSON syntax error: a trailing comma before '%c' (expected another %s after "
                "',', found '%c')",
                close, close == '}' ? "key" : "value", close);
}

/* At the closing bracket (after white space): steps over it and leaves the container. */
static bool closes(struct scan *s, char close)
{
    skip_ws(s);
    if (s->i < s->len && s->t[s->i] == close) {
        s->i++;
        s->depth--;
        return true;
    }
    return false;
}

enum step { STEP_FAIL, STEP_NEXT, STEP_CLOSED };

/* After a member or an element: the container closes, or a comma leads to the next item, or
 * the text is wrong (reported). */
static enum step after_item(struct scan *s, char close, const char *expected)
{
    if (closes(s, close)) {
        return STEP_CLOSED;
    }
    if (s->i >= s->len || s->t[s->i] != ',') {
        unexpected(s, expected);
        return STEP_FAIL;
    }
    size_t comma = s->i++;
    skip_ws(s);
    if (s->i < s->len && s->t[s->i] == close) {
        trailing_comma(s, comma, close);
        return STEP_FAIL;
    }
    if (++s->items[s->depth - 1] >= EAP_SCENARIO_MAX_ITEMS) {
        int line, col;
        eap__line_col(s->ctx, s->open_at[s->depth - 1], &line, &col);
        fail(s, s->i, "expected at most %d %s, found more (the %s opened at line %d, column %d)",
             EAP_SCENARIO_MAX_ITEMS, close == ']' ? "elements in an array" : "members in an object",
             close == ']' ? "array" : "object", line, col);
        return STEP_FAIL;
    }
    return STEP_NEXT;
}

static bool object(struct scan *s)
{
    if (!open_container(s)) {
        return false;
    }
    if (closes(s, '}')) {
        return true;
    }
    for (;;) {
        if (s->i >= s->len || s->t[s->i] != '"') {
            return unexpected(s, "a key in double quotes or '}'");
        }
        if (!string(s)) {
            return false;
        }
        skip_ws(s);
        if (s->i >= s->len || s->t[s->i] != ':') {
            return unexpected(s, "':' after the key");
        }
        s->i++;
        skip_ws(s);
        if (!value(s)) {
            return false;
        }
        enum step st = after_item(s, '}', "',' or '}' after a member of the object");
        if (st != STEP_NEXT) {
            return st == STEP_CLOSED;
        }
    }
}

static bool array(struct scan *s)
{
    if (!open_container(s)) {
        return false;
    }
    if (closes(s, ']')) {
        return true;
    }
    for (;;) {
        if (!value(s)) {
            return false;
        }
        enum step st = after_item(s, ']', "',' or ']' after an element of the array");
        if (st != STEP_NEXT) {
            return st == STEP_CLOSED;
        }
    }
}

static bool value(struct scan *s)
{
    if (s->i >= s->len) {
        return s->depth ? not_closed(s, "a value") : fail(s, s->i, "expected a value");
    }
    unsigned char ch = s->t[s->i];
    if (ch == '{') {
        return object(s);
    }
    if (ch == '[') {
        return array(s);
    }
    if (ch == '"') {
        return string(s);
    }
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        return number(s);
    }
    if (literal(s, "true") || literal(s, "false") || literal(s, "null")) {
        return true;
    }
    return unexpected(s, "a value (a string in double quotes, a number, an object, an array, "
                         "true, false or null)");
}

/* Refuses NUL bytes and broken UTF-8 anywhere, before the grammar is looked at. */
static bool check_bytes(struct scan *s)
{
    for (size_t i = 0; i < s->len;) {
        if (s->t[i] == 0) {
            return fail(s, i, "expected JSON text, found a NUL byte (a binary file?)");
        }
        size_t n = eap_utf8_len(s->t + i, s->len - i);
        if (n == 0) {
            return fail(s, i,
                        "expected UTF-8 text, found the byte 0x%02X (save the file as UTF-8; "
                        "Latin-1 or UTF-16 text is not accepted)",
                        s->t[i]);
        }
        i += n;
    }
    return true;
}

bool eap__json_check(const struct load_ctx *c, size_t *err_off, char *msg, size_t msg_len)
{
    struct scan s;
    memset(&s, 0, sizeof(s));
    s.t = (const unsigned char *)c->text;
    s.len = c->len;
    s.msg = msg;
    s.msg_len = msg_len;
    s.ctx = c;
    bool ok = check_bytes(&s);
    if (ok) {
        skip_ws(&s);
        ok = value(&s);
    }
    if (ok) {
        skip_ws(&s);
        if (s.i < s.len) {
            char f[64];
            found_at(&s, s.i, f, sizeof(f));
            ok = fail(&s, s.i,
                      "JSON syntax error: expected the end of the file after the top-level "
                      "value, found %s (text after the closing '}'?)",
                      f);
        }
    }
    *err_off = s.err_off;
    return ok;
}
