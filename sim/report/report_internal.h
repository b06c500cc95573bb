/*
 * Private to the report module: what the SVG writer (svg.c), the axis and scale module
 * (axis.c), the charts (chart_histogram.c, chart_curves.c, chart_tornado.c) and the index
 * page (html.c) share. Layout estimates text widths from the font size, since SVG text cannot
 * be measured without a renderer: DejaVu Sans, the widest font listed, is the yardstick.
 */
#ifndef EAPSIM_REPORT_INTERNAL_H
#define EAPSIM_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/atomic.h"
#include "eapsim/error.h"
#include "eapsim/html.h"
#include "eapsim/stamp.h"

/* ---- files (atomic.c) ---- */

/* Creates the directory path and its missing parents (as mkdir -p; path is modified while it
 * runs and restored). False with err: EAP_EUSAGE when path exists and is not a directory,
 * EAP_EIO naming the component that could not be made and why. */
bool eap__mkdirs(char *path, struct eap_error *err);

#define CHART_FONT_FAMILY "DejaVu Sans, Helvetica, Arial, sans-serif"

/* Okabe-Ito colours: told apart with the common colour-vision deficiencies. The record is
 * always vermillion; series and bars use the rest. */
#define CHART_BLUE "#0072B2"
#define CHART_ORANGE "#E69F00"
#define CHART_VERMILLION "#D55E00"

/* Font sizes of the text classes in the SVG style sheet, for width estimates. */
#define CHART_SIZE_TITLE 18.0
#define CHART_SIZE_SUB 13.0
#define CHART_SIZE_TICK 12.0
#define CHART_SIZE_MARK 12.0
#define CHART_SIZE_NAME 13.0
#define CHART_BOLD 1.1 /* bold DejaVu Sans is about a tenth wider */

#define CHART_W 900.0
#define CHART_H 540.0
#define CHART_EDGE 24.0 /* blank border around everything */

/* ---- the SVG writer (svg.c) ---- */

/* A formatted number, returned by value so several fit in one fprintf. */
struct svg_num {
    char s[112];
};

/* How a group of values (the ticks of an axis, the labels on it) is written: a scale with
 * its suffix for big magnitudes, and a fixed number of decimals. */
struct svg_numfmt {
    double div;
    const char *suffix;
    int decimals;
    bool trim; /* drop trailing zeros of the fraction: "600" rather than "600.0" */
};

/* A pixel coordinate: two decimals at most, trailing zeros dropped. */
struct svg_num eap__svg_px(double v);
/* A data value for data-* attributes, precise enough to check positions against. */
struct svg_num eap__svg_val(double v);
/* The format for values up to max_abs that must tell apart values `resolution` apart. */
struct svg_numfmt eap__svg_numfmt_for(double max_abs, double resolution);
/* For people: "1,234", "12.5", "−3", "1.2M"; _on: a value named on its own on an axis's
 * scale, one decimal finer; _count: whole below a million, else three significant digits. */
struct svg_num eap__svg_human(double v, const struct svg_numfmt *nf);
struct svg_num eap__svg_human_on(double v, const struct svg_numfmt *axis_nf);
struct svg_num eap__svg_human_count(double v);

/* Bytes of the character at s (a malformed byte is one character of its own), its advance
 * in em, and the estimated width of s (NULL reads as "") in pixels at font `size`. */
size_t eap__svg_char_len(const unsigned char *s);
double eap__svg_char_em(const unsigned char *s, size_t n);
double eap__svg_text_width(const char *s, double size);

/* Writes s escaped for XML and HTML, cut with an ellipsis to fit max_w pixels (keeping the
 * tail when keep_tail); _escaped writes all of it. Control characters become spaces and
 * malformed UTF-8 the replacement character, so any string gives a well-formed file. */
void eap__svg_escaped_fit(FILE *f, const char *s, double max_w, double size, bool keep_tail);
void eap__svg_escaped(FILE *f, const char *s);

/* Elements: <text> (cut to max_w at font `size` for _fit; anchor "start", "middle" or
 * "end"), <line>, and a white box behind a label that sits over data. */
void eap__svg_text_fit(FILE *f, double x, double y, const char *cls, const char *anchor,
                       const char *s, double max_w, double size);
void eap__svg_text(FILE *f, double x, double y, const char *cls, const char *anchor, const char *s);
void eap__svg_line(FILE *f, const char *cls, double x1, double y1, double x2, double y2);
void eap__svg_halo(FILE *f, double x, double y, double w, double h);

/* Opens a chart's file atomically and writes its frame, the stamp (NULL: none) as JSON in
 * <metadata id="eapsim-stamp">, style and heading (NULL with err on failure); _finish closes
 * the document and renames it into place. */
FILE *eap__svg_open(struct eap_atomic_file *a, const char *path, double h, const char *title,
                    const char *subtitle, const struct eap_stamp *stamp, struct eap_error *err);
bool eap__svg_finish(struct eap_atomic_file *a, struct eap_error *err);

/* ---- checks every chart makes of its input (axis.c) ---- */

/* "cannot draw <path>: <cause>" (EAP_EINPUT); returns false. */
bool eap__chart_refuse(struct eap_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* No output path, or no plot: refused. */
bool eap__chart_check_path(const char *path, const void *p, const char *what,
                           struct eap_error *err);
/* NaN or infinity in v[0..n) (finite), in v (value), or infinity only (not_inf: NaN marks a
 * point without data): refused, naming the value. */
bool eap__chart_check_finite(const double *v, size_t n, const char *name, const char *path,
                             struct eap_error *err);
bool eap__chart_check_value(double v, const char *name, const char *path, struct eap_error *err);
bool eap__chart_check_not_inf(const double *v, size_t n, const char *name, const char *path,
                              struct eap_error *err);

/* The unit to write after a value on an axis titled `axis_title` (" min", " person-min" or
 * ""): "record: 600 min" reads better than "record: 600". */
const char *eap__chart_unit_suffix(const char *axis_title);

/* ---- axes and scales (axis.c) ---- */

/* A linear axis from lo to hi with ticks every step; p0 and p1 are the pixels of lo and
 * hi (p1 < p0 on a vertical axis, whose values grow upwards). */
struct chart_axis {
    double lo, hi, step;
    double p0, p1;
    struct svg_numfmt nf;
};

/* A range of data values, grown one value at a time. */
struct chart_range {
    double lo, hi;
};

#define CHART_RANGE_EMPTY ((struct chart_range){INFINITY, -INFINITY})

/* Plot area: left, right, top, bottom in pixels, and the two axes that map into it. */
struct chart_plot {
    double x0, x1, y0, y1;
    struct chart_axis x, y;
};

void eap__range_add(struct chart_range *r, double v);
/* Values the axis must show must have a finite span, or no pixel maps to them. */
bool eap__range_drawable(struct chart_range r, const char *path, struct eap_error *err);

/* The pixel of v; the number of ticks; tick i's value. */
double eap__axis_px(const struct chart_axis *a, double v);
size_t eap__axis_ticks(const struct chart_axis *a);
double eap__axis_tick(const struct chart_axis *a, size_t i);
/* Fits about `target` ticks of 1, 2 or 5 times a power of ten over r, widened to whole
 * steps (whole numbers when integral). _x: a horizontal axis over `len` pixels, with as many
 * ticks as fit without their labels touching. */
void eap__axis_fit(struct chart_axis *a, struct chart_range r, int target, bool integral);
void eap__axis_fit_x(struct chart_axis *a, struct chart_range r, double len, bool integral);

/* The axes with their grid lines, ticks (each with its data-value), labels and titles; the
 * y title runs up the left edge, on two lines when one is too short for it. */
void eap__draw_x_axis(FILE *f, const struct chart_plot *p, const char *title, bool grid);
void eap__draw_y_axis(FILE *f, const struct chart_plot *p, const char *title);
/* The left edge of a plot whose y axis has these ticks and this title over `len` pixels. */
double eap__plot_left(const struct chart_axis *y, const char *title, double len);

/* The record's percentile among the runs as the tables show it: "p3.2", "p<0.1", "p>99.9",
 * "-" for none (summary.c). */
const char *eap__percentile_text(double pct, char *buf, size_t size);

/* Whether some percentile of s (its first point) is not exact (summary.c). */
struct eap_summary;
bool eap__summary_inexact(const struct eap_summary *s);

/* The percentiles' resolution as the summaries state it: "exact", or the relative bound
 * ("0.39%") (summary.c). */
const char *eap__resolution_text(double rel, char *buf, size_t size);

/* ---- the cells of an index page's table (html.c) ---- */

/* A table under construction: a header and rows of cells, the formatted cells' texts (whole,
 * however long) owned by the table. */
struct html_cells {
    size_t cols, rows, max_rows;
    const char **header;
    const char **cells;
    char **text;
    size_t used, text_cap;
    bool oom; /* a text could not be kept (memory, or more than about four a cell): the
                 table shows "?" there and must not be written */
};

/* Room for max_rows rows of cols cells (about four formatted texts per cell). Returns false
 * when memory runs out; eap__cells_finish frees either way. */
bool eap__cells_init(struct html_cells *t, size_t cols, size_t max_rows);
void eap__cells_finish(struct html_cells *t);
/* The next row's cells (cols of them), to fill in. */
const char **eap__cells_row(struct html_cells *t);
/* A text formatted into the table's storage; "?" and t->oom set when memory runs out or
 * the table holds its most texts already. */
const char *eap__cells_fmt(struct html_cells *t, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
/* A number with `dec` decimals, never "-0.0"; "-" for NaN or infinity. */
const char *eap__cells_num(struct html_cells *t, double v, int dec);
/* "lo to hi"; "-" when either is NaN. */
const char *eap__cells_interval(struct html_cells *t, double lo, double hi, int dec);
/* The table as html.h takes it. */
struct eap_html_table eap__cells_table(const struct html_cells *t);

/* The source commit this build was made from (generated: commit.c.in), "" when unknown. */
extern const char eap__build_commit[];

/* ---- a text built in memory (text_buf.c) ---- */

/* Zero it to start. */
struct text_buf {
    char *data;
    size_t len, cap;
    bool oom; /* an append ran out of memory: the text is incomplete */
};

void eap__buf_put(struct text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text (free with free()), or NULL when memory ran out; b is empty again. A buffer that
 * holds nothing gives NULL too: put at least one byte. */
char *eap__buf_take(struct text_buf *b);
/* A CSV field (RFC 4180: quoted when it holds a comma, a quote or a line break). */
void eap__buf_csv(struct text_buf *b, const char *s);
/* A JSON string, quotes and escapes included. */
void eap__buf_json(struct text_buf *b, const char *s);

/* ---- the stamp in the files (stamp.c) ---- */

/* s as a JSON string in plain ASCII (stamp.h): quotes, backslashes, control characters, <, >
 * and & escaped, and every other character past ASCII as \uXXXX. */
void eap__json_string(struct text_buf *b, const char *s);

/* Appends `  "stamp": {...},` and a newline: the stamp as the member of a JSON object whose
 * members are indented by two spaces. Nothing when stamp is NULL. */
void eap__buf_put_stamp(struct text_buf *b, const struct eap_stamp *stamp);

/* Adds the stamp to a cJSON object as "stamp"; false when memory runs out. */
struct cJSON;
bool eap__json_add_stamp(struct cJSON *obj, const struct eap_stamp *stamp);

/* "DIR/NAME" into buf. */
void eap__path_in(const char *dir, const char *name, char *buf, size_t len);

struct eap_metric_def;

/* What a run without a value of metric d did not do, as the summaries and pictures say it
 * ("never reached it"); for a paired difference, a pair of runs is left out when either side
 * has no value ("are left out: A or B never got there"). (summary_charts.c) */
const char *eap__never_words(const struct eap_metric_def *d, bool difference);

/* ---- numbers to the precision their uncertainty supports (summary_answer.c, html.c) ---- */

/* Decimals that show an interval's half-width to one significant digit: "0.124 (0.122 to
 * 0.125)", not "0.1 (0.1 to 0.1)"; fallback when the interval is empty or unknown. 0 to 6. */
int eap__interval_decimals(double lo, double hi, int fallback);
/* Decimals for a percentile of about v given its relative resolution (0: exact, 1 decimal):
 * a 600-minute time within 0.39% reads "579", not "578.9". */
int eap__percentile_decimals(double v, double resolution);

/* ---- the opening of a summary's page (summary_answer.c) ---- */

struct eap_summary;
struct eap_clock;

/* The scenario's clock from s->meta->clock_start into clock, or NULL when the files do not
 * say when the scenario starts (state files of old versions). */
const struct eap_clock *eap__summary_clock(const struct eap_summary *s, struct eap_clock *clock);
/* A time `minutes` from the start as the local clock shows it, to the minute, with its day
 * after the first ("09:37", "05:15 +1d"); the offset ("T+9h37m") when clock is NULL; "-" for
 * NaN (it never came about). Returns buf. */
char *eap__clock_text(const struct eap_clock *clock, double minutes, char *buf, size_t len);

/* The answer (one sentence, and a second with casualties and time), what moves it, the
 * replay against the record: the sections of the page's opening, with their texts. */
struct summary_opening {
    struct eap_html_section sections[3];
    size_t count;
    const char *paragraphs[4];
    char *answer, *detail, *moves, *command, *replay_text;
    struct html_cells replay;
    struct eap_html_table replay_table;
};

/* Fills o for summary s (a sweep's opening is its answer alone). False when memory runs
 * out; free with eap__opening_finish either way. */
bool eap__opening(const struct eap_summary *s, struct summary_opening *o);
void eap__opening_finish(struct summary_opening *o);

/* Index pages (summary_page.c, sensitivity.c): the table of a summary beside its pictures. */
struct eap_html_image;
bool eap__summary_index(const char *dir, const struct eap_summary *s,
                        const struct eap_html_image *images, size_t image_count,
                        struct eap_error *err);

#endif
