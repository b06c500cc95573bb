/*
 * The after-action report as Markdown (GitHub's tables): aar.md, for reading in a repository,
 * an editor, or pasted into the post's own report. The drawn timeline is in aar.html.
 */
#include <stdio.h>
#include <string.h>

#include "aar_doc.h"

/* Text for a paragraph or a cell: strong spans as **...**, details as they are, line breaks
 * as spaces, '<' as an entity, and in table cells '|' escaped. */
static void put_text(FILE *f, const char *s, bool cell)
{
    for (; *s; s++) {
        if (*s == AAR_STRONG[0]) {
            fputs("**", f);
        } else if (*s == AAR_DETAIL[0]) {
            continue; /* a detail reads as it is written */
        } else if (*s == '\n' || *s == '\r') {
            fputc(' ', f);
        } else if (cell && *s == '|') {
            fputs("\\|", f);
        } else if (*s == '<') {
            fputs("&lt;", f); /* scenario and facilitator text is shown, never taken as HTML */
        } else {
            fputc(*s, f);
        }
    }
}

static void table(FILE *f, const struct aar_block *b)
{
    for (size_t r = 0; r <= b->rows; r++) {
        fputc('|', f);
        for (size_t c = 0; c < b->cols; c++) {
            fputc(' ', f);
            put_text(f, b->cells[r * b->cols + c], true);
            fputs(" |", f);
        }
        fputc('\n', f);
        if (r == 0) {
            fputc('|', f);
            for (size_t c = 0; c < b->cols; c++) {
                fputs(b->numeric[c] ? " ---: |" : " --- |", f);
            }
            fputc('\n', f);
        }
    }
    fputc('\n', f);
}

bool eap__aar_render_md(FILE *f, const struct aar_doc *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const struct aar_block *b = &d->blocks[i];
        bool last_item = i + 1 == d->count || d->blocks[i + 1].kind != AAR_ITEM;
        switch (b->kind) {
        case AAR_HEADING:
            fprintf(f, "%.*s ", b->level, "###");
            put_text(f, b->text, false);
            fputs("\n\n", f);
            break;
        case AAR_PARA:
            put_text(f, b->text, false);
            fputs("\n\n", f);
            break;
        case AAR_ITEM:
            fputs("- ", f);
            put_text(f, b->text, false);
            fputs(last_item ? "\n\n" : "\n", f);
            break;
        case AAR_TABLE:
            table(f, b);
            break;
        case AAR_TIMELINE:
            fputs("(The timeline is drawn in aar.html.)\n\n", f);
            break;
        }
    }
    return !ferror(f);
}
