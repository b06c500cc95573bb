/*
 * Private to the MSEL files of the report module: the columns of the list, the words of its
 * "time or trigger" cells both ways (msel_when.c), the CSV reader (msel_csv.c), and the
 * injects written back as JSON (msel_import.c). The writers are in msel_write.c.
 */
#ifndef EAPSIM_MSEL_INTERNAL_H
#define EAPSIM_MSEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/msel.h"
#include "report_internal.h"

/* The columns, in the order the export writes them. */
enum msel_col {
    MSEL_NUMBER,
    MSEL_ID,
    MSEL_WHEN,
    MSEL_REPLAY,
    MSEL_FROM,
    MSEL_TO,
    MSEL_METHOD,
    MSEL_TEXT,
    MSEL_EXPECTED,
    MSEL_OBJECTIVE,
    MSEL_CAPABILITY,
    MSEL_NOTES,
    MSEL_SOURCE,
    MSEL_COL_COUNT
};

struct msel_column {
    const char *header; /* as the CSV's first row writes it */
    const char *what;   /* for messages: "the inject's text" */
    bool required;      /* the reader refuses a CSV without it */
    bool derived;       /* written for people, ignored by the reader (the replay's times) */
};

extern const struct msel_column eap__msel_columns[MSEL_COL_COUNT];

/* A delivery method as the list writes it ("in person"), and back from those words or the
 * format's names ("in_person"), in any case. */
const char *eap__msel_method_words(enum eap_inject_method m);
bool eap__msel_method_parse(const char *text, enum eap_inject_method *out);

/* An exact duration in the format's words, parsed back to the same value: "5 min", "2 h",
 * "45 s", "1h30m", "1h30m15s". */
void eap__msel_duration(eap_time t, char *buf, size_t len);

/* A time as the list writes it: "T+17m (21:59)", "T+7h33m (05:15+1d)". */
void eap__msel_time(const struct eap_clock *clock, eap_time t, char *buf, size_t len);

/* The longest name a cell holds: longer ones are cut, the same way both ways. */
#define CELL_NAME_MAX 1024

/* An event condition in the cell's words: the event's words, the place after them, the
 * subject's name after a colon ("on station: Unarmed MQ-1 Predator", "convoy passes Zawiya:
 * Evacuation convoy"); a name that two objects of a kind share gets its id in brackets. */
void eap__msel_phrase(const struct eap_scenario *s, const struct eap_condition *c, char *buf,
                      size_t len);
/* The words of an event kind ("on station"); how many subjects of its kind the scenario has;
 * the key that names its subject in a condition ("asset"), or NULL. */
const char *eap__msel_event_words(enum eap_event_kind kind);
/* The words between an event's words and its place (" at ", " from "). */
const char *eap__msel_before_place(enum eap_event_kind kind);
size_t eap__msel_subject_count(const struct eap_scenario *s, enum eap_event_kind kind);
const char *eap__msel_role_key(enum eap_event_kind kind);

/* The note an imported trigger's delay carries (validate --strict asks every number for a
 * source or a note). */
#define EAP_MSEL_DELAY_NOTE "the MSEL's delay: the controllers' timing, not a figure of the record"

/* The names cells use, each made and normalized once for a scenario: per place, and per
 * subject of each role (subject[EAP_ROLE_ASSET][i], ...), as eap__msel_phrase writes them. A
 * phrase is then read back in O(places + subjects). */
struct msel_names {
    const struct eap_scenario *scn;
    char **place;
    char **subject[EAP_ROLE_DECISION + 1];
};

/* Makes the names of scn (borrowed); false when memory runs out. _finish frees them. */
bool eap__msel_names_init(struct msel_names *n, const struct eap_scenario *scn);
void eap__msel_names_finish(struct msel_names *n);

/* A "time or trigger" cell read back as the JSON of a trigger ({"at": "T+17m"}, {"on":
 * "asset_on_station", "asset": "isr_drone", "delay": "5 min"}), appended to json. On a cell
 * that is none of the forms eap_msel_when writes, returns false with what was expected and
 * found (and the nearest phrase it knows, when one is close) in why. */
bool eap__msel_parse_when(const struct msel_names *names, const char *cell, struct text_buf *json,
                          char *why, size_t why_len);

/* in with its blanks (spaces, tabs, line breaks) collapsed to one space and its ends
 * trimmed, into out (which may be in). */
void eap__msel_normalize(const char *in, char *out, size_t len);

/* s as a JSON string, quotes included: UTF-8 kept as it is, quotes, backslashes and control
 * characters escaped. */
void eap__msel_json_string(struct text_buf *b, const char *s);

/* --- the CSV reader (msel_csv.c) --- */

/* One cell: its text (unquoted, NUL-terminated), and where it starts in the file. */
struct csv_cell {
    char *text;
    int line, col; /* 1-based; col counts characters */
};

/* A file of records, the first one the header. */
struct csv_table {
    struct csv_cell *cells; /* row by row */
    size_t *row_start;      /* index of each row's first cell; row_start[rows] = cell count */
    size_t rows;
    char *store; /* the cells' text */
};

/* Reads RFC 4180 CSV (commas, double quotes doubled inside quoted cells, which may hold
 * commas and line breaks; CRLF or LF line ends; a UTF-8 byte order mark skipped). Returns
 * false with the first problem located in err (file: name): a quote inside an unquoted cell,
 * text after a closing quote, an unclosed quote, bytes that are not UTF-8 or a NUL, or no
 * rows at all. */
bool eap__csv_read(const char *name, const char *text, size_t len, struct csv_table *t,
                   struct eap_error *err);
void eap__csv_free(struct csv_table *t);

static inline size_t csv_row_cells(const struct csv_table *t, size_t row)
{
    return t->row_start[row + 1] - t->row_start[row];
}

static inline const struct csv_cell *csv_cell(const struct csv_table *t, size_t row, size_t col)
{
    return &t->cells[t->row_start[row] + col];
}

#endif
