/*
 * The MSEL written out: CSV for spreadsheets (RFC 4180, CRLF, the columns the reader takes
 * back), Markdown and a self-contained HTML page for controllers' binders (the objectives
 * first, then the list, the objective and the capability an inject tests in one column).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "eapsim/count_of.h"
#include "msel_internal.h"

bool eap_msel_format_parse(const char *name, enum eap_msel_format *out)
{
    static const struct {
        const char *name;
        enum eap_msel_format f;
    } names[] = {{"csv", EAP_MSEL_CSV},
                 {"md", EAP_MSEL_MARKDOWN},
                 {"markdown", EAP_MSEL_MARKDOWN},
                 {"html", EAP_MSEL_HTML}};
    for (size_t i = 0; i < COUNT_OF(names); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    }
    return false;
}

/* --- one row's cells --- */

struct msel_row {
    const char *cell[MSEL_COL_COUNT];
    char number[16], when[1024], replay[64], objective[512];
};

static void fill_row(const struct eap_scenario *scn, size_t i, const eap_time *replay,
                     struct msel_row *r)
{
    const struct eap_inject *in = &scn->injects[i];
    snprintf(r->number, sizeof(r->number), "%d", in->number);
    eap_msel_when(scn, &in->when, r->when, sizeof(r->when));
    if (replay && replay[i] >= 0) {
        /* To the minute, as the clock beside it. */
        eap__msel_time(&scn->clock, replay[i] - replay[i] % EAP_MINUTE, r->replay,
                       sizeof(r->replay));
    } else {
        snprintf(r->replay, sizeof(r->replay), "not in the replay");
    }
    const char *const cells[MSEL_COL_COUNT] = {
        [MSEL_NUMBER] = r->number,
        [MSEL_ID] = in->id,
        [MSEL_WHEN] = r->when,
        [MSEL_REPLAY] = r->replay,
        [MSEL_FROM] = in->from,
        [MSEL_TO] = in->to,
        [MSEL_METHOD] = eap__msel_method_words(in->method),
        [MSEL_TEXT] = in->text,
        [MSEL_EXPECTED] = in->expected_action ? in->expected_action : "",
        [MSEL_OBJECTIVE] = in->objective != EAP_NONE ? scn->objectives[in->objective].id : "",
        [MSEL_CAPABILITY] = in->capability ? in->capability : "",
        [MSEL_NOTES] = in->controller_note ? in->controller_note : "",
        [MSEL_SOURCE] = in->source ? in->source : "",
    };
    memcpy(r->cell, cells, sizeof(cells));
    /* Binders show the objective's words beside its id. */
    if (in->objective != EAP_NONE) {
        snprintf(r->objective, sizeof(r->objective), "%s (%s)", scn->objectives[in->objective].text,
                 scn->objectives[in->objective].id);
    } else {
        r->objective[0] = '\0';
    }
}

static bool shown(int c, const eap_time *replay)
{
    return c != MSEL_REPLAY || replay != NULL;
}

/* --- CSV --- */

static void put_csv_cell(FILE *f, const char *s, bool first)
{
    if (!first) {
        fputc(',', f);
    }
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_csv(FILE *f, const struct eap_scenario *scn, const eap_time *replay)
{
    for (int c = 0; c < MSEL_COL_COUNT; c++) {
        if (shown(c, replay)) {
            put_csv_cell(f, eap__msel_columns[c].header, c == 0);
        }
    }
    fputs("\r\n", f);
    struct msel_row r;
    for (size_t i = 0; i < scn->inject_count; i++) {
        fill_row(scn, i, replay, &r);
        for (int c = 0; c < MSEL_COL_COUNT; c++) {
            if (shown(c, replay)) {
                put_csv_cell(f, r.cell[c], c == 0);
            }
        }
        fputs("\r\n", f);
    }
}

/* --- the objectives, for binders --- */

/* The measure in the scenario's words and its target, the metric's name after them as the
 * objective's id is after its text: "on scene: Two F-16s from Aviano, at most 5h00m
 * (on_scene/f16_pair)", "time until every survivor is safe, at most 12:00 (T+12h00m)
 * (time_all_safe)", "any road incident: no (any_incident)". */
static void target_words(const struct eap_scenario *scn, const struct eap_objective *o, char *buf,
                         size_t len)
{
    const struct eap_metric_def *d = &scn->metrics[o->metric];
    static const char *const kinds[] = {", at most ", ", at least ", ": "};
    char v[80];
    if (d->unit == EAP_MU_DURATION && d->from_start) {
        eap_clock_format_moment(&scn->clock, o->target, v, sizeof(v));
    } else {
        eap_metric_format(d->unit, o->target, v, sizeof(v));
    }
    bool same = strcmp(d->label, d->name) == 0; /* "casualties": no need to say it twice */
    snprintf(buf, len, "%s%s%s%s%s%s", d->label, kinds[o->kind], v, same ? "" : " (",
             same ? "" : d->name, same ? "" : ")");
}

/* --- Markdown --- */

static void md_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|' || *s == '\\' || *s == '<' || *s == '*' || *s == '_' || *s == '`') {
            fputc('\\', f);
            fputc(*s, f);
        } else if (*s == '\n') {
            fputs("<br>", f);
        } else if (*s != '\r') {
            fputc(*s, f);
        }
    }
}

static void md_row(FILE *f, const char *const *cells, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        fputs(k ? " | " : "| ", f);
        md_text(f, cells[k]);
    }
    fputs(" |\n", f);
}

static void md_objectives(FILE *f, const struct eap_scenario *scn)
{
    static const char *const head[] = {"Objective", "Target", "Capability", "Source"};
    fputs("## Objectives\n\n", f);
    md_row(f, head, 4);
    fputs("|---|---|---|---|\n", f);
    for (size_t i = 0; i < scn->objective_count; i++) {
        const struct eap_objective *o = &scn->objectives[i];
        char name[512], target[512];
        snprintf(name, sizeof(name), "%s (%s)", o->text, o->id);
        target_words(scn, o, target, sizeof(target));
        const char *cells[] = {name, target, o->capability ? o->capability : "",
                               o->source ? o->source : ""};
        md_row(f, cells, 4);
    }
    fputs("\n", f);
}

/* The list's columns in a binder: the id goes with the number (when it is not the default
 * "msel-N"), and the objective with the capability. */
static const int binder_cols[] = {MSEL_NUMBER,    MSEL_WHEN,   MSEL_REPLAY, MSEL_FROM,
                                  MSEL_TO,        MSEL_METHOD, MSEL_TEXT,   MSEL_EXPECTED,
                                  MSEL_OBJECTIVE, MSEL_NOTES,  MSEL_SOURCE};

static const char *binder_header(int c)
{
    return c == MSEL_OBJECTIVE ? "Objective / capability" : eap__msel_columns[c].header;
}

static const char *binder_cell(const struct eap_scenario *scn, size_t i, struct msel_row *r, int c,
                               char *buf, size_t len)
{
    const struct eap_inject *in = &scn->injects[i];
    char dflt[32];
    snprintf(dflt, sizeof(dflt), "msel-%d", in->number);
    if (c == MSEL_NUMBER && strcmp(in->id, dflt) != 0) {
        snprintf(buf, len, "%d\n(%s)", in->number, in->id);
        return buf;
    }
    if (c == MSEL_OBJECTIVE) {
        snprintf(buf, len, "%s%s%s", r->objective, r->objective[0] && in->capability ? "\n" : "",
                 in->capability ? in->capability : "");
        return buf;
    }
    return r->cell[c];
}

static void write_markdown(FILE *f, const struct eap_scenario *scn, const eap_time *replay)
{
    char start[64];
    eap_clock_format_start(&scn->clock, start, sizeof(start));
    fputs("# Master Scenario Events List: ", f);
    md_text(f, scn->name);
    fprintf(
        f,
        "\n\nScenario `%s`, starting %s (local time). %zu injects. Times are offsets "
        "from the start with the local clock time; triggers fall due on the model's events.\n\n",
        scn->id, start, scn->inject_count);
    md_objectives(f, scn);
    fputs("## Injects\n\n", f);
    const char *head[COUNT_OF(binder_cols)], *cells[COUNT_OF(binder_cols)];
    size_t n = 0;
    for (size_t k = 0; k < COUNT_OF(binder_cols); k++) {
        if (shown(binder_cols[k], replay)) {
            head[n++] = binder_header(binder_cols[k]);
        }
    }
    md_row(f, head, n);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? "|---" : "|---:", f);
    }
    fputs("|\n", f);
    struct msel_row r;
    char bufs[COUNT_OF(binder_cols)][1024];
    for (size_t i = 0; i < scn->inject_count; i++) {
        fill_row(scn, i, replay, &r);
        size_t m = 0;
        for (size_t k = 0; k < COUNT_OF(binder_cols); k++) {
            if (shown(binder_cols[k], replay)) {
                cells[m] = binder_cell(scn, i, &r, binder_cols[k], bufs[m], sizeof(bufs[m]));
                m++;
            }
        }
        md_row(f, cells, m);
    }
}

/* --- HTML --- */

static const char html_css[] =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:2em;color:#111}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
    "table{border-collapse:collapse;width:100%;font-size:0.85em}"
    "th,td{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}"
    "th{background:#e8e8e8}thead{display:table-header-group}tr{page-break-inside:avoid}"
    "td.num{text-align:right;white-space:nowrap}td.when{white-space:nowrap}"
    "td.note{background:#fff6d5}p.meta{color:#444}"
    "@media print{body{margin:0}@page{size:landscape;margin:1cm}}";

/* s escaped, its line breaks as <br>. */
static void html_text(FILE *f, const char *s)
{
    char line[2048];
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof(line), "%.*s", (int)n, p);
        eap__svg_escaped(f, line);
        p += n;
        if (*p == '\n') {
            fputs("<br>", f);
            p++;
        }
    }
}

static void html_cell(FILE *f, const char *tag, const char *cls, const char *s)
{
    fprintf(f, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    html_text(f, s);
    fprintf(f, "</%s>", tag);
}

static void html_objectives(FILE *f, const struct eap_scenario *scn)
{
    fputs("<h2>Objectives</h2>\n<table><thead><tr><th>Objective</th><th>Target</th>"
          "<th>Capability</th><th>Source</th></tr></thead><tbody>\n",
          f);
    for (size_t i = 0; i < scn->objective_count; i++) {
        const struct eap_objective *o = &scn->objectives[i];
        char name[512], target[512];
        snprintf(name, sizeof(name), "%s (%s)", o->text, o->id);
        target_words(scn, o, target, sizeof(target));
        fputs("<tr>", f);
        html_cell(f, "td", NULL, name);
        html_cell(f, "td", NULL, target);
        html_cell(f, "td", NULL, o->capability ? o->capability : "");
        html_cell(f, "td", NULL, o->source ? o->source : "");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static const char *html_class(int c)
{
    return c == MSEL_NUMBER                     ? "num"
           : c == MSEL_WHEN || c == MSEL_REPLAY ? "when"
           : c == MSEL_NOTES                    ? "note"
                                                : NULL;
}

static void html_injects(FILE *f, const struct eap_scenario *scn, const eap_time *replay)
{
    fputs("<h2>Injects</h2>\n<table><thead><tr>", f);
    for (size_t k = 0; k < COUNT_OF(binder_cols); k++) {
        if (shown(binder_cols[k], replay)) {
            html_cell(f, "th", NULL, binder_header(binder_cols[k]));
        }
    }
    fputs("</tr></thead><tbody>\n", f);
    struct msel_row r;
    char buf[1024];
    for (size_t i = 0; i < scn->inject_count; i++) {
        fill_row(scn, i, replay, &r);
        fputs("<tr>", f);
        for (size_t k = 0; k < COUNT_OF(binder_cols); k++) {
            int c = binder_cols[k];
            if (shown(c, replay)) {
                html_cell(f, "td", html_class(c), binder_cell(scn, i, &r, c, buf, sizeof(buf)));
            }
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void write_html(FILE *f, const struct eap_scenario *scn, const eap_time *replay)
{
    char start[64];
    eap_clock_format_start(&scn->clock, start, sizeof(start));
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>MSEL: ",
          f);
    eap__svg_escaped(f, scn->name);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Master Scenario Events List: ",
            html_css);
    eap__svg_escaped(f, scn->name);
    fputs("</h1>\n<p class=\"meta\">Scenario <code>", f);
    eap__svg_escaped(f, scn->id);
    fprintf(f,
            "</code>, starting %s (local time). %zu injects. Times are offsets from the "
            "start with the local clock time; triggers fall due on the model's events. The "
            "shaded column is for controllers only.</p>\n",
            start, scn->inject_count);
    html_objectives(f, scn);
    html_injects(f, scn, replay);
    fputs("</body>\n</html>\n", f);
}

bool eap_msel_write(FILE *f, const struct eap_scenario *scn, const eap_time *replay,
                    enum eap_msel_format format, struct eap_error *err)
{
    switch (format) {
    case EAP_MSEL_CSV:
        write_csv(f, scn, replay);
        break;
    case EAP_MSEL_MARKDOWN:
        write_markdown(f, scn, replay);
        break;
    case EAP_MSEL_HTML:
        write_html(f, scn, replay);
        break;
    }
    if (fflush(f) != 0 || ferror(f)) {
        return eap_error_set(err, EAP_EIO, "cannot write the MSEL: %s", "write error");
    }
    return true;
}
