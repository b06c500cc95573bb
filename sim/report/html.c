/*
 * index.html: a study's answer first, then its summary table beside its pictures, in one
 * self-contained page that prints on A4 (the opening on the first page). Written atomically,
 * escaped like the SVG files.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/html.h"
#include "report_internal.h"

static const char html_css[] =
    ":root{color-scheme:light}"
    "body{margin:0;background:#f5f5f3;color:#1f1f1f;"
    "font:15px/1.5 \"DejaVu Sans\",Helvetica,Arial,sans-serif}"
    "main{max-width:1320px;margin:0 auto;padding:28px 28px 56px}"
    "h1{font-size:1.55rem;line-height:1.25;margin:0 0 6px}"
    ".subtitle{color:#555;margin:0 0 24px}"
    ".table-wrap{max-height:70vh;overflow:auto;background:#fff;border:1px solid #d6d6d6;"
    "border-radius:6px}"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}"
    "th,td{padding:7px 14px;text-align:left;vertical-align:top;border-bottom:1px solid #ebebeb}"
    "thead th{position:sticky;top:0;z-index:1;background:#e9eef3;font-weight:600;"
    "border-bottom:2px solid #b9c4cf}"
    "tbody tr:nth-child(even){background:#fafafa}"
    "tbody tr:hover{background:#eef4fa}"
    ".num{text-align:right;white-space:nowrap}"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));"
    "gap:20px;align-items:start;margin-top:28px}"
    "figure{margin:0;background:#fff;border:1px solid #d6d6d6;border-radius:6px;padding:12px}"
    "figure img{display:block;width:100%;height:auto}"
    "figcaption{margin-top:8px;color:#444;font-size:.93rem}"
    ".stamp{margin-top:32px;color:#555;font-size:.8rem}"
    ".stamp h2{font-size:.9rem;margin:0 0 4px}"
    ".stamp dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:0 12px}"
    ".stamp div{display:contents}.stamp dt{font-weight:600}.stamp dd{margin:0;"
    "overflow-wrap:anywhere}"
    ".opening{background:#fff;border:1px solid #d6d6d6;border-radius:6px;padding:18px 24px;"
    "margin:0 0 28px}"
    ".opening h2{font-size:1.05rem;margin:18px 0 6px}"
    ".opening p{margin:0 0 8px;max-width:60rem}"
    ".opening p.answer{font-size:1.3rem;line-height:1.4;font-weight:600;margin-bottom:12px}"
    ".opening pre{background:#f0f2f4;border-radius:4px;padding:6px 10px;margin:4px 0 8px;"
    "white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}"
    ".opening table{width:auto;font-size:.9rem}.opening th,.opening td{padding:3px 10px}"
    ".opening{overflow-x:auto}.opening td:first-child{min-width:14em}"
    "h2.details{font-size:1.2rem;margin:0 0 8px}.note{color:#555;font-size:.85rem;margin:6px 0}"
    "@media (max-width:600px){main{padding:16px 12px 40px}th,td{padding:6px 8px}}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}"
    ".opening{border:none;padding:0;margin:0;break-after:page}"
    ".opening p.answer{font-size:14pt}.opening table{font-size:8pt}"
    ".opening th,.opening td{padding:1px 4px}.opening td:first-child{min-width:16em}"
    ".table-wrap{max-height:none;overflow:visible}table{font-size:8pt}"
    "th,td{padding:2px 6px}td:first-child{min-width:13em}"
    "thead th{position:static}figure{break-inside:avoid}}";

/* Numbers, durations and counts ("612", "−3.5", "88 min", "[590, 640]") read best
 * right-aligned, so their digits line up. */
static bool looks_numeric(const char *s)
{
    while (s && *s == ' ') {
        s++;
    }
    if (!s) {
        return false;
    }
    if (*s == '-' || *s == '+' || *s == '[') {
        s++;
    } else if (strncmp(s, "\xe2\x88\x92", 3) == 0) {
        s += 3;
    }
    s += *s == '.';
    return *s >= '0' && *s <= '9';
}

/* "", "-" and dashes stand for "no value" and say nothing about a column's kind. */
static bool placeholder(const char *s)
{
    return !s || !s[0] || strcmp(s, "-") == 0 || strcmp(s, "\xe2\x80\x93") == 0 ||
           strcmp(s, "\xe2\x80\x94") == 0;
}

/* A column is numeric when every cell with a value is, and one at least has a value. */
static bool column_numeric(const struct eap_html_table *t, size_t c)
{
    bool any = false;
    for (size_t r = 0; r < t->rows; r++) {
        const char *cell = t->cells[r * t->columns + c];
        if (!placeholder(cell)) {
            if (!looks_numeric(cell)) {
                return false;
            }
            any = true;
        }
    }
    return any;
}

/* A relative file path as a URL: bytes a URL gives meaning to are percent-encoded. */
static void put_url(FILE *f, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p <= ' ' || *p == '%' || *p == '#' || *p == '?' || *p == '"' || *p == '\\' ||
            *p == '<' || *p == '>' || *p == 0x7F) {
            fprintf(f, "%%%02X", *p);
        } else if (*p == '&') {
            fputs("&amp;", f);
        } else if (*p == '\'') {
            fputs("&#39;", f);
        } else {
            fputc(*p, f);
        }
    }
}

static bool html_check(const char *path, const struct eap_html_table *t,
                       const struct eap_html_image *images, size_t image_count,
                       struct eap_error *err)
{
    if (!path || !path[0]) {
        return eap_error_set(err, EAP_EINPUT, "cannot write index: no output path");
    }
    if (t && t->columns > 0 && !t->header) {
        return eap__chart_refuse(err, path, "the table has no header");
    }
    if (t && t->rows > 0 && t->columns > 0 && !t->cells) {
        return eap__chart_refuse(err, path, "the table has no cells");
    }
    if (image_count > 0 && !images) {
        return eap__chart_refuse(err, path, "the images are missing");
    }
    for (size_t i = 0; i < image_count; i++) {
        if (!images[i].file || !images[i].file[0]) {
            return eap__chart_refuse(err, path, "image %zu has no file", i);
        }
    }
    return true;
}

static void html_cell(FILE *f, const char *tag, bool numeric, const char *text)
{
    fprintf(f, "<%s%s>", tag, numeric ? " class=\"num\"" : "");
    eap__svg_escaped(f, text);
    fprintf(f, "</%s>", tag);
}

/* A table; `wrapped`: the page's main one, in its scrolling frame. */
static bool html_table(FILE *f, const struct eap_html_table *t, bool wrapped)
{
    bool *numeric = malloc(t->columns * sizeof(*numeric));
    if (!numeric) {
        return false;
    }
    fputs(wrapped ? "<div class=\"table-wrap\"><table>\n<thead><tr>" : "<table>\n<thead><tr>", f);
    for (size_t c = 0; c < t->columns; c++) {
        numeric[c] = column_numeric(t, c);
        html_cell(f, "th", numeric[c], t->header[c]);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t r = 0; r < t->rows; r++) {
        fputs("<tr>", f);
        for (size_t c = 0; c < t->columns; c++) {
            html_cell(f, "td", numeric[c], t->cells[r * t->columns + c]);
        }
        fputs("</tr>\n", f);
    }
    fputs(wrapped ? "</tbody>\n</table></div>\n" : "</tbody>\n</table>\n", f);
    free(numeric);
    return true;
}

/* Each picture links to itself, so a click opens it full size. */
static void html_figures(FILE *f, const struct eap_html_image *images, size_t n)
{
    fputs("<section class=\"figures\" aria-label=\"Charts\">\n", f);
    for (size_t i = 0; i < n; i++) {
        fputs("<figure><a href=\"", f);
        put_url(f, images[i].file);
        fputs("\"><img src=\"", f);
        put_url(f, images[i].file);
        fputs("\" alt=\"", f);
        eap__svg_escaped(f, images[i].caption ? images[i].caption : images[i].file);
        fputs("\" width=\"900\" loading=\"lazy\"/></a>", f);
        if (images[i].caption && images[i].caption[0]) {
            fputs("<figcaption>", f);
            eap__svg_escaped(f, images[i].caption);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n", f);
    }
    fputs("</section>\n", f);
}

/* An opening section: its heading, paragraphs (the very first one, the answer, set large),
 * command and table. */
static bool html_section(FILE *f, const struct eap_html_section *s, bool first)
{
    if (s->heading && s->heading[0]) {
        fputs("<h2>", f);
        eap__svg_escaped(f, s->heading);
        fputs("</h2>\n", f);
    }
    for (size_t i = 0; i < s->paragraph_count; i++) {
        fputs(first && i == 0 ? "<p class=\"answer\">" : "<p>", f);
        eap__svg_escaped(f, s->paragraphs[i]);
        fputs("</p>\n", f);
    }
    if (s->command && s->command[0]) {
        fputs("<pre><code>", f);
        eap__svg_escaped(f, s->command);
        fputs("</code></pre>\n", f);
    }
    return !s->table || s->table->columns == 0 || html_table(f, s->table, false);
}

static void html_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>",
          f);
    eap__svg_escaped(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n", html_css);
}

/* The stamp at the foot of the page: one field a line, named by data-stamp. */
static void html_stamp(FILE *f, const struct eap_stamp *stamp)
{
    const char *key;
    char value[4096];
    fputs("<footer class=\"stamp\" aria-label=\"Provenance\">\n<h2>How this page was made</h2>\n"
          "<dl>\n",
          f);
    for (size_t i = 0; eap_stamp_field(stamp, i, &key, value, sizeof(value)); i++) {
        fprintf(f, "<div data-stamp=\"%s\"><dt>%s</dt><dd>", key, key);
        eap__svg_escaped(f, value);
        fputs("</dd></div>\n", f);
    }
    fputs("</dl>\n</footer>\n", f);
}

static bool page_check(const char *path, const struct eap_html_page *p, struct eap_error *err)
{
    if (!html_check(path, p->table, p->images, p->image_count, err)) {
        return false;
    }
    for (size_t i = 0; i < p->opening_count; i++) {
        if (!html_check(path, p->opening[i].table, NULL, 0, err)) {
            return false;
        }
    }
    return true;
}

/* The opening, then the details: false when memory runs out. */
static bool html_body(FILE *f, const struct eap_html_page *p)
{
    bool ok = true;
    if (p->opening_count > 0) {
        fputs("<section class=\"opening\" id=\"answer\" aria-label=\"The answer\">\n", f);
        for (size_t i = 0; ok && i < p->opening_count; i++) {
            ok = html_section(f, &p->opening[i], i == 0);
        }
        fputs("</section>\n", f);
    }
    fputs("<section id=\"details\" aria-label=\"Summary\">\n", f);
    if (p->details_heading && p->details_heading[0]) {
        fputs("<h2 class=\"details\">", f);
        eap__svg_escaped(f, p->details_heading);
        fputs("</h2>\n", f);
    }
    ok = ok && (!p->table || p->table->columns == 0 || html_table(f, p->table, true));
    if (p->details_note && p->details_note[0]) {
        fputs("<p class=\"note\">", f);
        eap__svg_escaped(f, p->details_note);
        fputs("</p>\n", f);
    }
    fputs("</section>\n", f);
    if (p->image_count > 0) {
        html_figures(f, p->images, p->image_count);
    }
    if (p->stamp) {
        html_stamp(f, p->stamp);
    }
    return ok;
}

bool eap_html_write(const char *path, const struct eap_html_page *p, struct eap_error *err)
{
    if (!page_check(path, p, err)) {
        return false;
    }
    struct eap_atomic_file a;
    FILE *f = eap_atomic_open(&a, path, err);
    if (!f) {
        return false;
    }
    html_head(f, p->title);
    fputs("<body>\n<main>\n<header><h1>", f);
    eap__svg_escaped(f, p->title);
    fputs("</h1>", f);
    if (p->subtitle && p->subtitle[0]) {
        fputs("<p class=\"subtitle\">", f);
        eap__svg_escaped(f, p->subtitle);
        fputs("</p>", f);
    }
    fputs("</header>\n", f);
    if (!html_body(f, p)) {
        eap_atomic_abort(&a);
        return eap_error_set(err, EAP_ENOMEM, "cannot write %s: out of memory", path);
    }
    fputs("</main>\n</body>\n</html>\n", f);
    return eap_atomic_commit(&a, err);
}

bool eap_html_index(const char *path, const char *title, const char *subtitle,
                    const struct eap_html_table *table, const struct eap_html_image *images,
                    size_t image_count, const struct eap_stamp *stamp, struct eap_error *err)
{
    struct eap_html_page p = {.title = title,
                              .subtitle = subtitle,
                              .table = table,
                              .images = images,
                              .image_count = image_count,
                              .stamp = stamp};
    return eap_html_write(path, &p, err);
}

/* ---- building the table ---- */

bool eap__cells_init(struct html_cells *t, size_t cols, size_t max_rows)
{
    memset(t, 0, sizeof(*t));
    t->cols = cols;
    t->max_rows = max_rows;
    t->text_cap = 4 * (cols + 1) * (max_rows + 1); /* a cell may format parts (intervals) */
    t->header = calloc(cols, sizeof(*t->header));
    t->cells = calloc(cols * (max_rows + 1), sizeof(*t->cells));
    t->text = calloc(t->text_cap, sizeof(*t->text));
    return t->header && t->cells && t->text;
}

void eap__cells_finish(struct html_cells *t)
{
    for (size_t i = 0; i < t->used; i++) {
        free(t->text[i]);
    }
    free(t->header);
    free(t->cells);
    free(t->text);
    memset(t, 0, sizeof(*t));
}

const char **eap__cells_row(struct html_cells *t)
{
    return t->cells + t->cols * t->rows++;
}

/* Each text is held whole, however long (a label is wrapped by the browser, never cut). */
const char *eap__cells_fmt(struct html_cells *t, const char *f, ...)
{
    va_list ap, again;
    va_start(ap, f);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *c = t->used < t->text_cap && n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (c) {
        vsnprintf(c, (size_t)n + 1, f, again);
        t->text[t->used++] = c;
    }
    va_end(again);
    t->oom |= c == NULL;
    return c ? c : "?";
}

const char *eap__cells_num(struct html_cells *t, double v, int dec)
{
    if (isnan(v) || isinf(v)) {
        return "-";
    }
    double unit = pow(10, -dec);
    if (fabs(v) < unit / 2) {
        v = 0;
    }
    return eap__cells_fmt(t, "%.*f", dec, v);
}

const char *eap__cells_interval(struct html_cells *t, double lo, double hi, int dec)
{
    if (isnan(lo) || isnan(hi)) {
        return "-";
    }
    return eap__cells_fmt(t, "%s to %s", eap__cells_num(t, lo, dec), eap__cells_num(t, hi, dec));
}

struct eap_html_table eap__cells_table(const struct html_cells *t)
{
    return (struct eap_html_table){t->cols, t->rows, t->header, t->cells};
}

void eap__path_in(const char *dir, const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", dir, name);
}
