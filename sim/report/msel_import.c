/*
 * A spreadsheet MSEL (CSV) back into a scenario: each row becomes an inject of the exercise
 * section, written in one canonical layout, and the scenario file's text is changed only
 * where its injects were (or are inserted). Every cell is checked with a located message
 * (FILE:LINE:COL, the spreadsheet's row and column, the column's name, expected and found),
 * then the new scenario is loaded, so an inject that can never fall due is refused too; the
 * loader's messages about the injects are moved back to the rows and columns they came
 * from. Nothing is returned unless everything is right.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eapsim/loader.h"
#include "msel_internal.h"

#define MSEL_MAX_ROWS 10000

struct import {
    const struct eap_scenario *scn;
    struct msel_names names;
    const char *name;
    struct csv_table t;
    int col[MSEL_COL_COUNT]; /* the CSV column of each, or -1 */
    struct eap_diag *errors, *warnings;
    struct text_buf items; /* the injects' JSON, one item after another */
    size_t count;
    size_t *row_of;   /* the CSV row of each inject */
    char (*ids)[128]; /* each inject's id, given or "msel-N" */
    int last_number;
    int indent; /* of the "injects" key */
};

/* "A", "B", ... "Z", "AA": the spreadsheet's name of column k (from 0). */
static void column_letters(size_t k, char *buf, size_t len)
{
    char tmp[8];
    size_t n = 0;
    for (k++; k > 0 && n < sizeof(tmp); k = (k - 1) / 26) {
        tmp[n++] = (char)('A' + (k - 1) % 26);
    }
    size_t i = 0;
    for (; i < n && i + 1 < len; i++) {
        buf[i] = tmp[n - 1 - i];
    }
    buf[i] = '\0';
}

static void report(struct eap_diag *d, enum eap_status code, const char *file, int line, int col,
                   const char *where, const char *fmt, va_list ap)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = code;
    snprintf(e.file, sizeof(e.file), "%s", file);
    e.line = line;
    e.col = col;
    snprintf(e.path, sizeof(e.path), "%s", where);
    vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
    eap_diag_add(d, &e);
}

/* A problem (or a warning) at a cell of the CSV: row r (from 0, the header), CSV column k. */
static void at_cell(struct import *im, struct eap_diag *d, size_t r, size_t k, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void at_cell(struct import *im, struct eap_diag *d, size_t r, size_t k, const char *fmt, ...)
{
    char letters[8], where[EAP_PATH_MAX];
    column_letters(k, letters, sizeof(letters));
    const char *head = k < csv_row_cells(&im->t, 0) ? csv_cell(&im->t, 0, k)->text : "";
    const struct csv_cell *c =
        k < csv_row_cells(&im->t, r) ? csv_cell(&im->t, r, k) : csv_cell(&im->t, r, 0);
    snprintf(where, sizeof(where), "row %zu, column %s (\"%.60s\")", r + 1, letters, head);
    va_list ap;
    va_start(ap, fmt);
    report(d, d == im->errors ? EAP_EINPUT : EAP_OK, im->name, c->line, c->col, where, fmt, ap);
    va_end(ap);
}

/* --- the header --- */

static int known_column(const char *name)
{
    for (int c = 0; c < MSEL_COL_COUNT; c++) {
        if (strcasecmp(name, eap__msel_columns[c].header) == 0) {
            return c;
        }
    }
    return -1;
}

static void unknown_column(struct import *im, size_t k, const char *name)
{
    const char *names[MSEL_COL_COUNT];
    for (int c = 0; c < MSEL_COL_COUNT; c++) {
        names[c] = eap__msel_columns[c].header;
    }
    if (!name[0]) {
        at_cell(im, im->warnings, 0, k, "a column without a name in the header: ignored");
        return;
    }
    const char *hint = eap_suggest(name, names, MSEL_COL_COUNT);
    at_cell(im, im->warnings, 0, k, "a column the MSEL does not know (\"%s\"%s%s%s): ignored", name,
            hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
}

static void missing_columns(struct import *im)
{
    for (int c = 0; c < MSEL_COL_COUNT; c++) {
        const struct msel_column *m = &eap__msel_columns[c];
        if (m->required && im->col[c] < 0) {
            at_cell(im, im->errors, 0, 0,
                    "expected a column \"%s\" (%s), found none (the first row names the columns; "
                    "eapsim msel SCENARIO --format csv writes them)",
                    m->header, m->what);
        }
    }
}

static void header(struct import *im)
{
    for (int c = 0; c < MSEL_COL_COUNT; c++) {
        im->col[c] = -1;
    }
    for (size_t k = 0; k < csv_row_cells(&im->t, 0); k++) {
        char name[256];
        eap__msel_normalize(csv_cell(&im->t, 0, k)->text, name, sizeof(name));
        int c = known_column(name);
        if (c < 0) {
            unknown_column(im, k, name);
        } else if (im->col[c] >= 0) {
            char first[8];
            column_letters((size_t)im->col[c], first, sizeof(first));
            at_cell(im, im->errors, 0, k,
                    "expected each column once, found \"%s\" again (first "
                    "in column %s)",
                    name, first);
        } else {
            im->col[c] = (int)k;
        }
    }
    missing_columns(im);
}

/* --- the rows --- */

/* The text of column c in row r ("" when the CSV has no such column). */
static const char *text_of(const struct import *im, size_t r, int c)
{
    return im->col[c] < 0 ? "" : csv_cell(&im->t, r, (size_t)im->col[c])->text;
}

static void at(struct import *im, size_t r, int c, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A problem with column c of row r. */
static void at(struct import *im, size_t r, int c, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    at_cell(im, im->errors, r, im->col[c] < 0 ? 0 : (size_t)im->col[c], "%s", msg);
}

static bool number(struct import *im, size_t r, int *n)
{
    const char *s = text_of(im, r, MSEL_NUMBER);
    size_t k = strspn(s, "0123456789");
    long v = k > 0 && k < 6 && s[k] == '\0' ? strtol(s, NULL, 10) : 0;
    if (v < 1) {
        at(im, r, MSEL_NUMBER,
           "expected the MSEL number, a whole number from 1 to 99999, found "
           "\"%.40s\"",
           s);
        return false;
    }
    if (v <= im->last_number) {
        at(im, r, MSEL_NUMBER,
           "expected an MSEL number above the previous row's (%d), found %ld "
           "(the list is in MSEL order)",
           im->last_number, v);
        return false;
    }
    *n = im->last_number = (int)v;
    return true;
}

static bool valid_id(const char *s)
{
    return s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
                       strlen(s);
}

/* The inject's id, given or "msel-N" as the loader would make it: unique. */
static bool inject_id(struct import *im, size_t r, int n)
{
    const char *given = text_of(im, r, MSEL_ID);
    if (given[0] && (!valid_id(given) || strlen(given) >= sizeof(im->ids[0]))) {
        at(im, r, MSEL_ID,
           "expected an id made of letters, digits, '_', '-' and '.', or an empty "
           "cell (for \"msel-%d\"), found \"%.60s\"",
           n, given);
        return false;
    }
    char *id = im->ids[im->count];
    if (given[0]) {
        snprintf(id, sizeof(im->ids[0]), "%s", given);
    } else {
        snprintf(id, sizeof(im->ids[0]), "msel-%d", n);
    }
    for (size_t k = 0; k < im->count; k++) {
        if (strcmp(im->ids[k], id) == 0) {
            at(im, r, given[0] ? MSEL_ID : MSEL_NUMBER,
               "expected a unique inject id, found \"%s\" "
               "again (first on row %zu)",
               id, im->row_of[k] + 1);
            return false;
        }
    }
    return true;
}

static bool filled(struct import *im, size_t r, int c)
{
    if (text_of(im, r, c)[0]) {
        return true;
    }
    at(im, r, c, "expected %s, found an empty cell", eap__msel_columns[c].what);
    return false;
}

static bool method(struct import *im, size_t r, enum eap_inject_method *m)
{
    const char *s = text_of(im, r, MSEL_METHOD);
    if (eap__msel_method_parse(s, m)) {
        return true;
    }
    const char *names[EAP_INJECT_METHOD_COUNT];
    for (size_t i = 0; i < EAP_INJECT_METHOD_COUNT; i++) {
        names[i] = eap__msel_method_words((enum eap_inject_method)i);
    }
    const char *hint = eap_suggest(s, names, EAP_INJECT_METHOD_COUNT);
    at(im, r, MSEL_METHOD,
       "expected phone, radio, email, in person, cable, message or media, "
       "found \"%.40s\"%s%s%s",
       s, hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
    return false;
}

static bool objective(struct import *im, size_t r)
{
    const char *s = text_of(im, r, MSEL_OBJECTIVE);
    if (!s[0] || eap_scenario_find_objective(im->scn, s) != EAP_NONE) {
        return true;
    }
    const char *names[64];
    size_t n = im->scn->objective_count < 64 ? im->scn->objective_count : 64;
    for (size_t i = 0; i < n; i++) {
        names[i] = im->scn->objectives[i].id;
    }
    const char *hint = eap_suggest(s, names, n);
    at(im, r, MSEL_OBJECTIVE,
       "expected the id of one of the scenario's %zu objectives, or an "
       "empty cell, found \"%.60s\"%s%s%s",
       im->scn->objective_count, s, hint ? "; did you mean \"" : "", hint ? hint : "",
       hint ? "\"?" : "");
    return false;
}

static bool when(struct import *im, size_t r, struct text_buf *json)
{
    char why[384];
    if (eap__msel_parse_when(&im->names, text_of(im, r, MSEL_WHEN), json, why, sizeof(why))) {
        return true;
    }
    at(im, r, MSEL_WHEN, "%s", why);
    return false;
}

/* --- an inject in the canonical layout --- */

/* One line of keys whose cells are not empty: ",\n", the indent, "key": "value", ... */
static void keys_line(struct import *im, size_t r, const char *const *keys, const int *cols,
                      size_t n)
{
    bool first = true;
    for (size_t k = 0; k < n; k++) {
        const char *v = text_of(im, r, cols[k]);
        if (!v[0]) {
            continue;
        }
        if (first) {
            eap__buf_put(&im->items, ",\n%*s\"%s\": ", im->indent + 3, "", keys[k]);
        } else {
            eap__buf_put(&im->items, ", \"%s\": ", keys[k]);
        }
        eap__msel_json_string(&im->items, v);
        first = false;
    }
}

static void write_item(struct import *im, size_t r, int n, const char *when_json,
                       enum eap_inject_method m)
{
    struct text_buf *b = &im->items;
    eap__buf_put(b, "%s%*s{\"number\": %d", im->count ? ",\n" : "", im->indent + 2, "", n);
    if (text_of(im, r, MSEL_ID)[0]) {
        eap__buf_put(b, ", \"id\": ");
        eap__msel_json_string(b, text_of(im, r, MSEL_ID));
    }
    eap__buf_put(b, ", \"when\": %s", when_json);
    keys_line(im, r, (const char *const[]){"from", "to"}, (const int[]){MSEL_FROM, MSEL_TO}, 2);
    eap__buf_put(b, ", \"method\": \"%s\"", eap_inject_method_name(m));
    static const struct {
        const char *keys[2];
        int cols[2];
        size_t n;
    } lines[] = {
        {{"text"}, {MSEL_TEXT}, 1},
        {{"expected_action"}, {MSEL_EXPECTED}, 1},
        {{"objective", "capability"}, {MSEL_OBJECTIVE, MSEL_CAPABILITY}, 2},
        {{"controller_note"}, {MSEL_NOTES}, 1},
        {{"source"}, {MSEL_SOURCE}, 1},
    };
    for (size_t k = 0; k < sizeof(lines) / sizeof(lines[0]); k++) {
        keys_line(im, r, lines[k].keys, lines[k].cols, lines[k].n);
    }
    eap__buf_put(b, "}");
}

static bool row_is_empty(const struct import *im, size_t r)
{
    for (size_t k = 0; k < csv_row_cells(&im->t, r); k++) {
        if (csv_cell(&im->t, r, k)->text[0]) {
            return false;
        }
    }
    return true;
}

/* Checks row r and writes its inject; every problem of the row is reported. */
static void row(struct import *im, size_t r)
{
    size_t n = csv_row_cells(&im->t, r), want = csv_row_cells(&im->t, 0);
    if (n != want) {
        at_cell(im, im->errors, r, n < want ? n - 1 : want,
                "expected %zu cells as in the header "
                "row, found %zu",
                want, n);
        return;
    }
    int num = 0;
    enum eap_inject_method m = EAP_INJECT_PHONE;
    struct text_buf w = {0};
    bool ok = number(im, r, &num);
    ok = ok && inject_id(im, r, num);
    ok &= when(im, r, &w);
    ok &= filled(im, r, MSEL_FROM);
    ok &= filled(im, r, MSEL_TO);
    ok &= filled(im, r, MSEL_TEXT);
    ok &= method(im, r, &m);
    ok &= objective(im, r);
    char *when_json = eap__buf_take(&w);
    if (ok && when_json) {
        write_item(im, r, num, when_json, m);
        im->row_of[im->count++] = r;
    } else if (ok) {
        im->items.oom = true; /* the row is good, but memory ran out writing its "when" */
    }
    free(when_json);
}

/* --- where the injects go in the scenario's text (valid JSON: it has loaded) --- */

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')) {
        i++;
    }
    return i;
}

/* From an opening quote to just past the closing one. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++) {
        i += t[i] == '\\';
    }
    return i + 1;
}

static size_t skip_value(const char *t, size_t len, size_t i)
{
    if (t[i] == '"') {
        return skip_string(t, len, i);
    }
    if (t[i] != '{' && t[i] != '[') {
        while (i < len && !strchr(",}] \t\r\n", t[i])) {
            i++;
        }
        return i;
    }
    for (int depth = 0; i < len; i++) {
        if (t[i] == '"') {
            i = skip_string(t, len, i) - 1;
        } else if (t[i] == '{' || t[i] == '[') {
            depth++;
        } else if ((t[i] == '}' || t[i] == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return len;
}

/* A member of an object: where its key's quote is, and its value's start and end. */
struct member {
    size_t key, value, end;
};

/* The member `key` of the object whose '{' is at obj; *last: the end of its last member's
 * value (obj + 1 when it has none); *close: its '}'. */
static bool find_member(const char *t, size_t len, size_t obj, const char *key, struct member *m,
                        size_t *last, size_t *close)
{
    bool found = false;
    size_t i = skip_ws(t, len, obj + 1), k = strlen(key);
    *last = obj + 1;
    while (i < len && t[i] == '"') {
        size_t ks = i, ke = skip_string(t, len, i);
        size_t vs = skip_ws(t, len, skip_ws(t, len, ke) + 1), ve = skip_value(t, len, vs);
        if (!found && ke - ks == k + 2 && strncmp(t + ks + 1, key, k) == 0) {
            *m = (struct member){ks, vs, ve};
            found = true;
        }
        *last = ve;
        i = skip_ws(t, len, ve);
        i = i < len && t[i] == ',' ? skip_ws(t, len, i + 1) : i;
    }
    *close = i;
    return found;
}

/* The blanks that open the line holding offset at. */
static int line_indent(const char *t, size_t at)
{
    size_t s = at;
    while (s > 0 && t[s - 1] != '\n') {
        s--;
    }
    int n = 0;
    while (s + (size_t)n < at && (t[s + n] == ' ' || t[s + n] == '\t')) {
        n++;
    }
    return n;
}

/* Where the injects go: the value of "injects" replaced; a member inserted after
 * "objectives", or before the exercise's first member, or into an empty exercise; or a new
 * exercise section at the end of the scenario. indent: of the "injects" key; outer: of the
 * line that closes what is inserted. */
enum target_kind { REPLACE, AFTER_MEMBER, BEFORE_MEMBER, FILL_EMPTY, NEW_EXERCISE };

struct target {
    enum target_kind kind;
    size_t from, to;
    int indent, outer;
};

static struct target exercise_target(const char *t, size_t len, const struct member *ex)
{
    struct member m;
    size_t last, close;
    if (find_member(t, len, ex->value, "injects", &m, &last, &close)) {
        return (struct target){REPLACE, m.value, m.end, line_indent(t, m.key), 0};
    }
    if (find_member(t, len, ex->value, "objectives", &m, &last, &close)) {
        return (struct target){AFTER_MEMBER, m.end, m.end, line_indent(t, m.key), 0};
    }
    size_t first = skip_ws(t, len, ex->value + 1);
    if (first < close) {
        return (struct target){BEFORE_MEMBER, first, first, line_indent(t, first), 0};
    }
    int outer = line_indent(t, ex->key);
    return (struct target){FILL_EMPTY, ex->value, close + 1, outer + 2, outer};
}

static struct target locate(const char *t, size_t len)
{
    size_t root = skip_ws(t, len, len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
    struct member ex;
    size_t last, close;
    if (find_member(t, len, root, "exercise", &ex, &last, &close)) {
        return exercise_target(t, len, &ex);
    }
    size_t first = skip_ws(t, len, root + 1);
    int outer = first < close ? line_indent(t, first) : 2;
    return (struct target){NEW_EXERCISE, last, last, outer + 2, outer};
}

static void put_array(const struct import *im, struct text_buf *b)
{
    if (im->count == 0) {
        eap__buf_put(b, "[]");
    } else {
        eap__buf_put(b, "[\n%.*s\n%*s]", (int)im->items.len, im->items.data, im->indent, "");
    }
}

/* The scenario's text with the injects in place; NULL when memory runs out. */
static char *spliced(const struct import *im, const struct target *g, const char *t, size_t len,
                     size_t *out_len)
{
    struct text_buf b = {0};
    eap__buf_put(&b, "%.*s", (int)g->from, t);
    switch (g->kind) {
    case REPLACE:
        break;
    case AFTER_MEMBER:
        eap__buf_put(&b, ",\n%*s\"injects\": ", g->indent, "");
        break;
    case BEFORE_MEMBER:
    case FILL_EMPTY:
        eap__buf_put(&b, g->kind == FILL_EMPTY ? "{\n%*s\"injects\": " : "%*s\"injects\": ",
                     g->kind == FILL_EMPTY ? g->indent : 0, "");
        break;
    case NEW_EXERCISE:
        eap__buf_put(&b, ",\n%*s\"exercise\": {\n%*s\"injects\": ", g->outer, "", g->indent, "");
        break;
    }
    put_array(im, &b);
    if (g->kind == BEFORE_MEMBER) {
        eap__buf_put(&b, ",\n%*s", g->indent, "");
    } else if (g->kind == FILL_EMPTY || g->kind == NEW_EXERCISE) {
        eap__buf_put(&b, "\n%*s}", g->outer, "");
    }
    eap__buf_put(&b, "%.*s", (int)(len - g->to), t + g->to);
    *out_len = b.len;
    return eap__buf_take(&b);
}

/* --- the new scenario must load --- */

static int column_of_key(const char *key)
{
    static const struct {
        const char *key;
        int col;
    } keys[] = {{"number", MSEL_NUMBER},
                {"id", MSEL_ID},
                {"when", MSEL_WHEN},
                {"from", MSEL_FROM},
                {"to", MSEL_TO},
                {"method", MSEL_METHOD},
                {"text", MSEL_TEXT},
                {"expected_action", MSEL_EXPECTED},
                {"objective", MSEL_OBJECTIVE},
                {"capability", MSEL_CAPABILITY},
                {"controller_note", MSEL_NOTES},
                {"source", MSEL_SOURCE}};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t n = strlen(keys[i].key);
        if (strncmp(key, keys[i].key, n) == 0 && (key[n] == '\0' || key[n] == '/')) {
            return keys[i].col;
        }
    }
    return MSEL_NUMBER;
}

/* A problem the loader found in the new scenario: about an inject, it goes back to the row
 * and column it came from; anything else (which an import cannot cause) is passed on. */
static void loader_problem(struct import *im, const struct eap_error *e)
{
    static const char prefix[] = "/exercise/injects/";
    char *rest;
    unsigned long k = 0;
    if (strncmp(e->path, prefix, sizeof(prefix) - 1) == 0) {
        k = strtoul(e->path + sizeof(prefix) - 1, &rest, 10);
        if (k < im->count) {
            at(im, im->row_of[k], column_of_key(*rest == '/' ? rest + 1 : ""), "%s", e->msg);
            return;
        }
    }
    eap_diag_add(im->errors, e);
}

static bool loads(struct import *im, const char *text, size_t len)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load_text(im->scn->file, text, len, NULL, 0, &diag);
    for (size_t i = 0; !s && i < diag.count; i++) {
        loader_problem(im, &diag.items[i]);
    }
    if (!s && diag.count == 0) {
        struct eap_error e;
        eap_error_clear(&e);
        eap_error_set(&e, EAP_ENOMEM, "out of memory checking the new scenario");
        eap_diag_add(im->errors, &e);
    }
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    return s != NULL;
}

/* --- the whole import --- */

static bool rows(struct import *im)
{
    size_t n = im->t.rows;
    im->row_of = calloc(n + 1, sizeof(*im->row_of));
    im->ids = calloc(n + 1, sizeof(*im->ids));
    if (!im->row_of || !im->ids) {
        return false;
    }
    for (size_t r = 1; r < n; r++) {
        if (r > MSEL_MAX_ROWS) {
            /* An MSEL has tens or hundreds of injects; checks further on grow with the
             * square of the count. */
            at_cell(im, im->errors, r, 0, "expected at most %d injects, found more", MSEL_MAX_ROWS);
            break;
        }
        if (!row_is_empty(im, r)) {
            row(im, r);
        }
    }
    return true;
}

char *eap_msel_import(const struct eap_scenario *scn, const char *text, size_t len,
                      const char *csv_name, const char *csv, size_t csv_len, size_t *out_len,
                      struct eap_diag *errors, struct eap_diag *warnings)
{
    struct import im = {.scn = scn, .name = csv_name, .errors = errors, .warnings = warnings};
    struct eap_error e;
    eap_error_clear(&e);
    if (!eap__csv_read(csv_name, csv, csv_len, &im.t, &e)) {
        eap_diag_add(errors, &e);
        return NULL;
    }
    struct target g = locate(text, len);
    im.indent = g.indent;
    bool memory = eap__msel_names_init(&im.names, scn);
    if (memory) {
        header(&im);
    }
    if (memory && errors->count == 0) {
        memory = rows(&im) && !im.items.oom;
    }
    char *out = NULL;
    if (memory && errors->count == 0) {
        out = spliced(&im, &g, text, len, out_len);
        memory = out != NULL;
    }
    if (out && !loads(&im, out, *out_len)) {
        free(out);
        out = NULL;
    }
    if (!memory) {
        eap_error_set(&e, EAP_ENOMEM, "out of memory reading %s", csv_name);
        eap_diag_add(errors, &e);
    }
    eap__msel_names_finish(&im.names);
    free(im.items.data);
    free(im.row_of);
    free(im.ids);
    eap__csv_free(&im.t);
    return out;
}
