/*
 * Private to the after-action report: the report as a document of blocks (headings,
 * paragraphs, lists, tables, the timeline figure) that aar.c builds once and aar_md.c and
 * aar_html.c render, so the two formats say the same thing.
 */
#ifndef EAPSIM_AAR_DOC_H
#define EAPSIM_AAR_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/exercise.h"

enum aar_block_kind { AAR_HEADING, AAR_PARA, AAR_ITEM, AAR_TABLE, AAR_TIMELINE };

/* Texts are plain: each renderer escapes them. Paragraphs and list items may hold spans
 * between two AAR_STRONG marks, which both renderers show in bold; any text may hold a detail
 * between two AAR_DETAIL marks (an id beside the words it stands for), which the HTML shows
 * in small grey print and the Markdown as it is. */
#define AAR_STRONG "\x01"
#define AAR_DETAIL "\x02"

struct aar_block {
    enum aar_block_kind kind;
    int level;         /* heading: 1 to 3 */
    char *text;        /* heading, paragraph, list item */
    size_t cols, rows; /* table: rows below the header row */
    char **cells;      /* table: (rows + 1) * cols, the header first (NULL: out of memory) */
    size_t ncells, cellcap;
    bool *numeric; /* table: per column, right-aligned */
};

struct aar_doc {
    struct aar_block *blocks;
    size_t count, cap;
    bool oom;
    const struct eap_exercise_aar *aar; /* for the timeline figure */
};

void eap__doc_heading(struct aar_doc *d, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void eap__doc_para(struct aar_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void eap__doc_item(struct aar_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A table of `cols` columns: the header's cells, then eap__doc_cell fills rows in order. */
void eap__doc_table(struct aar_doc *d, size_t cols, const char *const *header);
void eap__doc_cell(struct aar_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Right-aligns column c of the last table. */
void eap__doc_numeric(struct aar_doc *d, size_t c);
void eap__doc_timeline(struct aar_doc *d);
void eap__doc_finish(struct aar_doc *d);

/* Builds the whole report (aar.c). False when memory ran out. */
bool eap__aar_document(struct aar_doc *d, const struct eap_exercise_aar *a);

/* Renderers (aar_md.c, aar_html.c); false when writing fails, or when memory runs out (errno
 * ENOMEM then). */
bool eap__aar_render_md(FILE *f, const struct aar_doc *d);
bool eap__aar_render_html(FILE *f, const struct aar_doc *d);

#endif
