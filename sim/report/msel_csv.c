/*
 * A strict RFC 4180 reader for spreadsheet MSELs: records of comma-separated cells, a cell
 * quoted when it holds commas, quotes (doubled) or line breaks; CRLF or LF line ends; a
 * UTF-8 byte order mark (which spreadsheets write) skipped. Every cell keeps where it starts,
 * line and character column, so the import can say where a problem is. Malformed quoting is
 * refused rather than guessed at: a spreadsheet never writes it, and a hand edit that does
 * would otherwise shift every cell after it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/utf8.h"
#include "msel_internal.h"

struct csv_reader {
    const char *t;
    size_t len, i;
    int line, col;
    const char *name;
    struct eap_error *err;
    /* the growing table */
    struct csv_cell *cells;
    size_t ncells, cap;
    size_t *rows;
    size_t nrows, row_cap;
    char *store;
    size_t used;
};

static bool fail(struct csv_reader *r, int line, int col, const char *msg)
{
    eap_error_clear(r->err);
    eap_error_set(r->err, EAP_EINPUT, "%s", msg);
    snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
    r->err->line = line;
    r->err->col = col;
    return false;
}

/* Moves past the character at i (a UTF-8 sequence counts as one column). */
static void step(struct csv_reader *r)
{
    if (r->t[r->i] == '\n') {
        r->line++;
        r->col = 1;
        r->i++;
        return;
    }
    size_t n = eap_utf8_len((const unsigned char *)r->t + r->i, r->len - r->i);
    r->i += n ? n : 1;
    r->col++;
}

static bool push_cell(struct csv_reader *r, size_t text, int line, int col)
{
    if (r->ncells == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct csv_cell *c = realloc(r->cells, cap * sizeof(*c));
        if (!c) {
            return eap_error_set(r->err, EAP_ENOMEM, "out of memory reading %s", r->name);
        }
        r->cells = c;
        r->cap = cap;
    }
    /* The text's offset for now: the store may still move. */
    r->cells[r->ncells++] = (struct csv_cell){(char *)(uintptr_t)text, line, col};
    return true;
}

/* Starts a row at the next cell (or, at the end, marks where the last row ends). */
static bool push_row(struct csv_reader *r, bool end)
{
    if (r->nrows + 2 > r->row_cap) {
        size_t cap = r->row_cap ? 2 * r->row_cap : 32;
        size_t *rows = realloc(r->rows, cap * sizeof(*rows));
        if (!rows) {
            return eap_error_set(r->err, EAP_ENOMEM, "out of memory reading %s", r->name);
        }
        r->rows = rows;
        r->row_cap = cap;
    }
    r->rows[r->nrows] = r->ncells;
    r->nrows += !end;
    return true;
}

/* Copies the character at i into the cell's text and moves past it. */
static void keep(struct csv_reader *r)
{
    size_t from = r->i;
    step(r);
    memcpy(r->store + r->used, r->t + from, r->i - from);
    r->used += r->i - from;
}

/* A quoted cell's text, from after its opening quote to its closing one. */
static bool quoted(struct csv_reader *r, int line, int col)
{
    for (;;) {
        if (r->i >= r->len) {
            return fail(r, line, col,
                        "expected a closing '\"' for the quoted cell that opens "
                        "here, found the end of the file");
        }
        if (r->t[r->i] == '"' && r->i + 1 < r->len && r->t[r->i + 1] == '"') {
            r->store[r->used++] = '"';
            step(r);
            step(r);
        } else if (r->t[r->i] == '"') {
            step(r);
            return true;
        } else if (r->t[r->i] == '\r' && r->i + 1 < r->len && r->t[r->i + 1] == '\n') {
            r->i++; /* a line break inside the cell is kept as LF */
        } else {
            keep(r);
        }
    }
}

static bool at_end_of_cell(const struct csv_reader *r)
{
    return r->i >= r->len || r->t[r->i] == ',' || r->t[r->i] == '\n' ||
           (r->t[r->i] == '\r' && r->i + 1 < r->len && r->t[r->i + 1] == '\n');
}

/* One cell, quoted or not, up to (not past) the comma or line end after it. */
static bool cell(struct csv_reader *r)
{
    int line = r->line, col = r->col;
    size_t text = r->used;
    if (r->i < r->len && r->t[r->i] == '"') {
        step(r);
        if (!quoted(r, line, col)) {
            return false;
        }
        if (!at_end_of_cell(r)) {
            return fail(r, r->line, r->col,
                        "expected ',' or the end of the line after a quoted "
                        "cell's closing '\"', found more text (a quote "
                        "inside a quoted cell is written twice: \"\")");
        }
    } else {
        while (!at_end_of_cell(r)) {
            if (r->t[r->i] == '"') {
                return fail(r, r->line, r->col,
                            "expected a quote only at the start of a cell, found one inside an "
                            "unquoted cell (quote the whole cell and double the quote: \"a "
                            "\"\"b\"\"\")");
            }
            keep(r);
        }
    }
    r->store[r->used++] = '\0';
    return push_cell(r, text, line, col);
}

/* The bytes are UTF-8 without NUL: what a spreadsheet's "CSV UTF-8" writes. */
static bool check_bytes(struct csv_reader *r)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < r->len;) {
        size_t n = eap_utf8_len((const unsigned char *)r->t + i, r->len - i);
        if (r->t[i] == '\0' || n == 0) {
            return fail(r, line, col,
                        r->t[i] == '\0' ? "expected text, found a NUL byte (a binary file?)"
                                        : "expected UTF-8 text, found a byte that is not UTF-8 "
                                          "(save the spreadsheet as \"CSV UTF-8\")");
        }
        line += r->t[i] == '\n';
        col = r->t[i] == '\n' ? 1 : col + 1;
        i += n;
    }
    return true;
}

static bool records(struct csv_reader *r)
{
    while (r->i < r->len) {
        if (!push_row(r, false)) {
            return false;
        }
        for (;;) {
            if (!cell(r)) {
                return false;
            }
            if (r->i < r->len && r->t[r->i] == ',') {
                step(r);
                continue;
            }
            r->i += r->i < r->len && r->t[r->i] == '\r'; /* CRLF */
            if (r->i < r->len) {
                step(r); /* the line break */
            }
            break;
        }
    }
    return push_row(r, true);
}

bool eap__csv_read(const char *name, const char *text, size_t len, struct csv_table *t,
                   struct eap_error *err)
{
    memset(t, 0, sizeof(*t));
    struct csv_reader r = {.t = text, .len = len, .line = 1, .col = 1, .name = name, .err = err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        r.i = 3;
    }
    if (!check_bytes(&r)) {
        return false;
    }
    r.store = malloc(len + 1); /* the cells' text is never longer than the file */
    bool ok = r.store && records(&r);
    if (!r.store) {
        eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", name);
    }
    if (ok && r.nrows == 0) {
        ok = fail(&r, 1, 1, "expected a header row and a row per inject, found an empty file");
    }
    if (!ok) {
        free(r.cells);
        free(r.rows);
        free(r.store);
        return false;
    }
    for (size_t i = 0; i < r.ncells; i++) {
        r.cells[i].text = r.store + (uintptr_t)r.cells[i].text;
    }
    *t = (struct csv_table){r.cells, r.rows, r.nrows, r.store};
    return true;
}

void eap__csv_free(struct csv_table *t)
{
    free(t->cells);
    free(t->row_start);
    free(t->store);
    memset(t, 0, sizeof(*t));
}
