/* The pictures: every file is well-formed XML (a small checker below), histogram bars are
 * one per non-empty bin with heights proportional to the counts, the record, mean and
 * baseline lines sit at their values on the axis the file itself declares (ticks carry
 * data-value), text is escaped, curves get a band per series and break at points without
 * data, tornado bars keep their order and span baseline..value, the index has rows x columns
 * cells and its images, and bad input or an unwritable path leaves no file behind. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "test_scenarios.h"
#include "eapsim/atomic.h"
#include "eapsim/html.h"
#include "eapsim/loader.h"
#include "eapsim/summary.h"
#include "eapsim/svg.h"
#include "eapsim/utf8.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/eap-charts-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    if (!d) {
        return -1;
    }
    char path[512];
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    return rmdir(dir);
}

/* The path of `name` in the test directory (one static buffer per call site is enough). */
static const char *in_dir(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", dir, name);
    return buf;
}

/* Entries of the test directory whose names start with `prefix` (a file or its .tmp). */
static int entries_named(const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    }
    closedir(d);
    return n;
}

/* The whole file; free with free(). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* --- a minimal XML checker: balanced tags, quoted attributes, valid entities --- */

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.';
}

/* Length of the entity at s ("&amp;", "&#39;"), or 0 when it is not a valid one. */
static size_t entity_len(const char *s)
{
    static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t i = 0; i < 5; i++) {
        if (strncmp(s, named[i], strlen(named[i])) == 0) {
            return strlen(named[i]);
        }
    }
    size_t n = 2;
    bool hex = s[1] == '#' && s[2] == 'x';
    n += hex;
    if (s[1] != '#') {
        return 0;
    }
    size_t digits = strspn(s + n, hex ? "0123456789abcdefABCDEF" : "0123456789");
    return digits > 0 && s[n + digits] == ';' ? n + digits + 1 : 0;
}

/* Text or an attribute value up to `stop`: no '<', and every '&' starts an entity. */
static const char *check_chars(const char *p, char stop)
{
    for (; *p && *p != stop; p++) {
        if (*p == '<' && stop != '<') {
            return NULL;
        }
        if (*p == '&') {
            size_t n = entity_len(p);
            if (n == 0) {
                return NULL;
            }
            p += n - 1;
        }
    }
    return p;
}

struct xml_stack {
    char names[64][32];
    int depth, roots;
};

/* A start tag at p (after '<'): its name and attributes. Returns the end, or NULL. */
static const char *check_start_tag(const char *p, struct xml_stack *st)
{
    size_t n = 0;
    while (is_name_char(p[n])) {
        n++;
    }
    if (n == 0 || n >= 32 || st->depth >= 64) {
        return NULL;
    }
    char name[32];
    memcpy(name, p, n);
    name[n] = '\0';
    p += n;
    for (;;) {
        p += strspn(p, " \t\r\n");
        if (p[0] == '/' && p[1] == '>') {
            st->roots += st->depth == 0;
            return p + 2;
        }
        if (p[0] == '>') {
            st->roots += st->depth == 0;
            snprintf(st->names[st->depth++], 32, "%s", name);
            return p + 1;
        }
        size_t an = 0;
        while (is_name_char(p[an])) {
            an++;
        }
        if (an == 0 || p[an] != '=' || (p[an + 1] != '"' && p[an + 1] != '\'')) {
            return NULL;
        }
        char quote = p[an + 1];
        p = check_chars(p + an + 2, quote);
        if (!p || *p != quote) {
            return NULL;
        }
        p++;
    }
}

static const char *check_end_tag(const char *p, struct xml_stack *st)
{
    size_t n = 0;
    while (is_name_char(p[n])) {
        n++;
    }
    if (st->depth == 0 || strlen(st->names[st->depth - 1]) != n ||
        strncmp(st->names[st->depth - 1], p, n) != 0) {
        return NULL;
    }
    st->depth--;
    p += n + strspn(p + n, " \t\r\n");
    return *p == '>' ? p + 1 : NULL;
}

/* Skips a declaration, comment, doctype or CDATA section at p (at '<'); NULL when p is none. */
static const char *skip_special(const char *p)
{
    static const char *const open[] = {"<?", "<!--", "<!DOCTYPE", "<![CDATA["};
    static const char *const close[] = {"?>", "-->", ">", "]]>"};
    for (size_t i = 0; i < 4; i++) {
        if (strncmp(p, open[i], strlen(open[i])) == 0) {
            const char *end = strstr(p + strlen(open[i]), close[i]);
            return end ? end + strlen(close[i]) : p + strlen(p);
        }
    }
    return NULL;
}

static bool well_formed(const char *doc)
{
    struct xml_stack st = {.depth = 0, .roots = 0};
    const char *p = doc;
    while (p && *p) {
        if (*p != '<') {
            p = check_chars(p, '<');
            continue;
        }
        const char *special = skip_special(p);
        if (special) {
            p = special;
        } else if (p[1] == '/') {
            p = check_end_tag(p + 2, &st);
        } else {
            p = check_start_tag(p + 1, &st);
        }
    }
    return p && st.depth == 0 && st.roots == 1;
}

/* --- reading elements back --- */

struct el {
    char name[32];
    size_t n;
    char key[32][32];
    char value[32][512];
    const char *end; /* just past the start tag */
};

/* The next start tag at or after *pos named `name` (any when NULL); false when none. */
static bool next_el(const char **pos, const char *name, struct el *e)
{
    for (const char *p = strchr(*pos, '<'); p; p = strchr(p + 1, '<')) {
        size_t n = 0;
        while (is_name_char(p[1 + n])) {
            n++;
        }
        if (n == 0 || n >= 32 || (name && (strlen(name) != n || strncmp(p + 1, name, n) != 0))) {
            continue;
        }
        memcpy(e->name, p + 1, n);
        e->name[n] = '\0';
        e->n = 0;
        const char *q = p + 1 + n;
        while (*q == ' ' && e->n < 32) {
            q++;
            size_t kn = strcspn(q, "=");
            const char *v = q + kn + 2, *vend = strchr(v, q[kn + 1]);
            snprintf(e->key[e->n], 32, "%.*s", (int)kn, q);
            snprintf(e->value[e->n++], 512, "%.*s", (int)(vend - v), v);
            q = vend + 1;
        }
        e->end = strchr(q, '>') + 1;
        *pos = e->end;
        return true;
    }
    return false;
}

static const char *attr(const struct el *e, const char *key)
{
    for (size_t i = 0; i < e->n; i++) {
        if (strcmp(e->key[i], key) == 0) {
            return e->value[i];
        }
    }
    return NULL;
}

static double num(const struct el *e, const char *key)
{
    const char *v = attr(e, key);
    assert_non_null(v);
    return strtod(v, NULL);
}

static bool has_class(const struct el *e, const char *cls)
{
    const char *v = attr(e, "class");
    size_t n = strlen(cls);
    for (const char *p = v; p && (p = strstr(p, cls)); p += n) {
        if ((p == v || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) {
            return true;
        }
    }
    return false;
}

/* Elements named `name` with class `cls` in doc. */
static int count_els(const char *doc, const char *name, const char *cls)
{
    struct el e;
    int n = 0;
    for (const char *p = doc; next_el(&p, name, &e);) {
        n += !cls || has_class(&e, cls);
    }
    return n;
}

/* The scale an SVG declares on one axis: pixel = a + b * value, from its first and last
 * tick groups (class xtick or ytick, each holding its value and a line or text at its
 * position). Also the range of tick values. */
struct scale {
    double a, b, lo, hi;
    int ticks;
};

static double tick_pixel(const char **p, bool x)
{
    struct el e;
    assert_true(next_el(p, NULL, &e));
    if (strcmp(e.name, "line") == 0) {
        return num(&e, x ? "x1" : "y1");
    }
    return num(&e, "y") - 4; /* y tick labels sit 4 px below their value's baseline */
}

static struct scale read_scale(const char *doc, bool x)
{
    struct scale s = {0, 0, HUGE_VAL, -HUGE_VAL, 0};
    struct el e;
    double v0 = 0, p0 = 0, v1 = 0, p1 = 0;
    for (const char *p = doc; next_el(&p, "g", &e);) {
        if (!has_class(&e, x ? "xtick" : "ytick")) {
            continue;
        }
        double v = num(&e, "data-value"), px = tick_pixel(&p, x);
        if (s.ticks++ == 0) {
            v0 = v;
            p0 = px;
        }
        v1 = v;
        p1 = px;
        s.lo = fmin(s.lo, v);
        s.hi = fmax(s.hi, v);
    }
    assert_true(s.ticks >= 2);
    s.b = (p1 - p0) / (v1 - v0);
    s.a = p0 - s.b * v0;
    return s;
}

static double to_px(const struct scale *s, double v)
{
    return s->a + s->b * v;
}

/* The first line inside the marker group of `kind` (mean, median, record, baseline). */
static bool marker_line(const char *doc, const char *kind, struct el *line, double *value)
{
    struct el e;
    for (const char *p = doc; next_el(&p, "g", &e);) {
        if (has_class(&e, "marker") && strcmp(attr(&e, "data-kind"), kind) == 0) {
            *value = num(&e, "data-value");
            assert_true(next_el(&p, "line", line));
            return true;
        }
    }
    return false;
}

/* --- histograms --- */

static const double edges6[] = {300, 400, 500, 600, 700, 800, 900};
static const double counts6[] = {3, 0, 10, 25, 0, 7};

static struct eap_histogram_plot hist6(void)
{
    return (struct eap_histogram_plot){.title = "Time until everyone is safe",
                                       .x_label = "minutes after the start",
                                       .bins = 6,
                                       .edges = edges6,
                                       .counts = counts6,
                                       .mean = 590,
                                       .median = 575,
                                       .has_recorded = true,
                                       .recorded = 150,
                                       .recorded_label = "record",
                                       .runs = 45};
}

static char *write_hist(const char *name, const struct eap_histogram_plot *p)
{
    char path[256];
    struct eap_error err;
    eap_error_clear(&err);
    bool ok = eap_svg_histogram(in_dir(name, path, sizeof(path)), p, &err);
    if (!ok) {
        fail_msg("eap_svg_histogram: %s", err.msg);
    }
    char *doc = slurp(path);
    assert_true(well_formed(doc));
    assert_int_equal(entries_named(name), 1); /* no .tmp left beside it */
    return doc;
}

static void test_histogram_is_a_self_contained_svg(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    char *doc = write_hist("h.svg", &p);
    struct el svg;
    const char *pos = doc;
    assert_true(next_el(&pos, "svg", &svg));
    assert_string_equal(attr(&svg, "xmlns"), "http://www.w3.org/2000/svg");
    assert_string_equal(attr(&svg, "version"), "1.1");
    assert_non_null(attr(&svg, "width"));
    assert_non_null(attr(&svg, "height"));
    assert_non_null(attr(&svg, "viewBox"));
    assert_non_null(strstr(attr(&svg, "font-family"), "sans-serif"));
    assert_null(strstr(doc, "<script"));
    assert_null(strstr(doc, "href"));
    assert_null(strstr(doc, "url("));
    assert_non_null(strstr(doc, ">45 runs<"));
    free(doc);
}

/* Runs that never reached the milestone have no bar: the chart says how many of all. */
static void test_histogram_says_how_many_runs_no_bar_shows(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    p.runs = 9688;
    p.never = 312;
    p.never_words = "never reached it";
    char *doc = write_hist("never.svg", &p);
    assert_non_null(
        strstr(doc, ">312 of 10,000 runs never reached it; the bars show the other 9,688<"));
    free(doc);
}

static void test_histogram_has_a_bar_per_nonempty_bin_proportional_to_its_count(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    char *doc = write_hist("bars.svg", &p);
    struct el e;
    double expect[] = {3, 10, 25, 7}, heights[4], last_x = -1;
    int n = 0;
    for (const char *pos = doc; next_el(&pos, "rect", &e);) {
        if (has_class(&e, "bar")) {
            assert_true(n < 4);
            assert_true(num(&e, "data-count") == expect[n]);
            assert_true(num(&e, "x") > last_x); /* left to right */
            last_x = num(&e, "x");
            heights[n++] = num(&e, "height");
        }
    }
    assert_int_equal(n, 4);
    double k = heights[2] / 25;
    for (int i = 0; i < 4; i++) {
        assert_true(fabs(heights[i] - k * expect[i]) < 0.02);
    }
    /* The y axis counts replications: its ticks reach the tallest bar. */
    struct scale y = read_scale(doc, false);
    assert_true(y.lo == 0 && y.hi >= 25);
    free(doc);
}

/* Each bar carries its exact range and count (data-lo, data-hi, data-count) and says them in
 * its tooltip; the runs beyond the bars are noted as tails with their ranges reaching the
 * extremes, so the counts on the chart add up to every run. */
static void test_bars_and_tails_state_their_ranges_and_counts(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    p.below = 2;
    p.above = 1;
    p.min = 212.5;
    p.max = 1040;
    p.runs = 48;
    char *doc = write_hist("ranges.svg", &p);
    struct el e;
    double total = 0;
    int bars = 0;
    for (const char *pos = doc; next_el(&pos, "rect", &e);) {
        if (has_class(&e, "bar")) {
            size_t i = 0;
            while (i < 6 && edges6[i] != num(&e, "data-lo")) {
                i++;
            }
            assert_true(i < 6 && num(&e, "data-hi") == edges6[i + 1]);
            assert_true(num(&e, "data-count") == counts6[i]);
            total += num(&e, "data-count");
            bars++;
        }
    }
    assert_int_equal(bars, 4);
    assert_non_null(strstr(doc, "<title>500 to 600 min: 10 runs</title>"));
    const char *pos = doc;
    assert_true(next_el(&pos, "g", &e));
    while (!has_class(&e, "tail")) {
        assert_true(next_el(&pos, "g", &e));
    }
    assert_true(num(&e, "data-lo") == 212.5 && num(&e, "data-hi") == 300);
    assert_true(num(&e, "data-count") == 2);
    total += num(&e, "data-count");
    assert_true(next_el(&pos, "g", &e) && has_class(&e, "tail"));
    assert_true(num(&e, "data-lo") == 900 && num(&e, "data-hi") == 1040);
    total += num(&e, "data-count");
    assert_true(total == 48);
    assert_non_null(strstr(doc, ">2 runs below 300 min<"));
    assert_non_null(strstr(doc, ">1 run at or above 900 min<"));
    free(doc);
    /* Without tails there are none on the chart. */
    p = hist6();
    doc = write_hist("no-tails.svg", &p);
    assert_null(strstr(doc, "class=\"tail\""));
    free(doc);
}

static void test_record_line_sits_at_its_value_on_the_extended_axis(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6(); /* the record, 150, lies left of every bar */
    char *doc = write_hist("record.svg", &p);
    struct scale x = read_scale(doc, true);
    assert_true(x.lo <= 150 && x.hi >= 900);
    const char *kinds[] = {"record", "mean", "median"};
    double values[] = {150, 590, 575};
    for (int i = 0; i < 3; i++) {
        struct el line;
        double v;
        assert_true(marker_line(doc, kinds[i], &line, &v));
        assert_true(v == values[i]);
        assert_true(fabs(num(&line, "x1") - to_px(&x, v)) < 0.05);
        assert_true(fabs(num(&line, "x2") - num(&line, "x1")) < 1e-9);
        assert_true(has_class(&line, kinds[i]));
    }
    assert_non_null(strstr(doc, ">record: 150 min<"));
    assert_non_null(strstr(doc, ">mean 590 min<"));
    /* The first bar starts where 300 is on that axis. */
    struct el e;
    for (const char *pos = doc; next_el(&pos, "rect", &e) && !has_class(&e, "bar");) {
    }
    assert_true(fabs(num(&e, "x") - to_px(&x, 300)) < 1.0);
    free(doc);
}

static void test_text_is_escaped(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    p.title = "A <&> \"b\" 'c'";
    p.x_label = "bad bytes \x01\xff\xc3 end";
    p.recorded_label = "<record>";
    char *doc = write_hist("escape.svg", &p);
    assert_non_null(strstr(doc, "A &lt;&amp;&gt; &quot;b&quot; &#39;c&#39;"));
    assert_null(strstr(doc, "<&>"));
    assert_non_null(strstr(doc, "&lt;record&gt;: 150"));
    assert_null(strstr(doc, "\x01"));
    free(doc);
}

/* The one UTF-8 decoder (core/utf8.c), which the loader and these writers share: RFC 3629's
 * table of well-formed sequences, and no byte read past a NUL or past `left`. */
static void test_utf8_decoder_takes_only_well_formed_sequences(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len; /* expected; 0: not well-formed */
    } cases[] = {
        {"a", 1},
        {"\x7f", 1},
        {"\xc2\xa9", 2},
        {"\xdf\xbf", 2},
        {"\xe2\x88\x92", 3},
        {"\xef\xbf\xbd", 3},
        {"\xf0\x9f\x98\x80", 4},
        {"\xf4\x8f\xbf\xbf", 4}, /* U+10FFFF, the last code point */
        {"\x80", 0},             /* a continuation byte alone */
        {"\xc0\xaf", 0},         /* overlong "/" */
        {"\xc1\xbf", 0},
        {"\xe0\x9f\xbf", 0},     /* overlong three-byte form */
        {"\xed\xa0\x80", 0},     /* a surrogate, U+D800 */
        {"\xf0\x8f\xbf\xbf", 0}, /* overlong four-byte form */
        {"\xf4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 0},
        {"\xff", 0},
        {"\xe2\x88", 0}, /* cut short by the NUL */
        {"\xc3(", 0},    /* a lead byte without its continuation */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const unsigned char *b = (const unsigned char *)cases[i].bytes;
        if (eap_utf8_len(b, SIZE_MAX) != cases[i].len) {
            fail_msg("case %zu: expected %zu", i, cases[i].len);
        }
    }
    /* `left` bounds the read: a sequence longer than what is left is not one. */
    const unsigned char euro[] = {0xe2, 0x82, 0xac};
    assert_int_equal(eap_utf8_len(euro, 3), 3);
    assert_int_equal(eap_utf8_len(euro, 2), 0);
    assert_int_equal(eap_utf8_len(euro, 0), 0);
}

/* snprintf then eap_utf8_fit, as the library writes a name (not inlined: the compiler would
 * warn of the truncation the test is about). */
__attribute__((noinline)) static const char *fit_text(char *buf, size_t len, const char *a,
                                                      const char *b)
{
    eap_utf8_fit(buf, len, snprintf(buf, len, "%s%s", a, b));
    return buf;
}

/* Text too long for its buffer is cut between characters, at a word where one is near, and
 * ends in an ellipsis; text that fits is left alone. */
static void test_a_name_too_long_is_cut_between_characters_and_says_so(void **state)
{
    (void)state;
    char buf[20];
    const char *accents = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                          "\xc3\xa9\xc3\xa9";
    assert_string_equal(fit_text(buf, sizeof(buf), "Drone ", "\xc3\xa9\xc3\xa9"),
                        "Drone \xc3\xa9\xc3\xa9"); /* fitted: as it was */
    /* at the space, not inside a character */
    assert_string_equal(fit_text(buf, sizeof(buf), "Drone ", accents), "Drone\xe2\x80\xa6");
    assert_string_equal(fit_text(buf, sizeof(buf), "D", accents),
                        "D\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x80\xa6");
    assert_string_equal(fit_text(buf, sizeof(buf), "set to 21 min ", "and more text"),
                        "set to 21 min\xe2\x80\xa6");
}

static void test_a_single_bin_and_an_empty_histogram_draw(void **state)
{
    (void)state;
    double one_e[] = {3, 4}, one_c[] = {7};
    struct eap_histogram_plot one = {.title = "Single bin",
                                     .x_label = "count",
                                     .bins = 1,
                                     .edges = one_e,
                                     .counts = one_c,
                                     .mean = 3.4,
                                     .median = 3,
                                     .runs = 7};
    char *doc = write_hist("single.svg", &one);
    assert_int_equal(count_els(doc, "rect", "bar"), 1);
    free(doc);

    double zero_c[] = {0, 0, 0, 0, 0, 0};
    struct eap_histogram_plot zero = hist6();
    zero.counts = zero_c;
    doc = write_hist("zero.svg", &zero);
    assert_int_equal(count_els(doc, "rect", "bar"), 0);
    assert_non_null(strstr(doc, "no replication fell in these bins"));
    free(doc);
}

static void test_identical_values_draw_a_visible_bar_on_a_real_axis(void **state)
{
    (void)state;
    double same_e[] = {600, 600}, same_c[] = {2000};
    struct eap_histogram_plot same = {.title = "All alike",
                                      .x_label = "minutes",
                                      .bins = 1,
                                      .edges = same_e,
                                      .counts = same_c,
                                      .mean = 600,
                                      .median = 600,
                                      .has_recorded = true,
                                      .recorded = 600,
                                      .runs = 2000};
    char *doc = write_hist("same.svg", &same);
    struct el e;
    const char *pos = doc;
    while (next_el(&pos, "rect", &e) && !has_class(&e, "bar")) {
    }
    assert_true(num(&e, "width") >= 2); /* visible, centred on 600 */
    struct scale x = read_scale(doc, true);
    assert_true(fabs(num(&e, "x") + num(&e, "width") / 2 - to_px(&x, 600)) < 0.05);
    free(doc);

    /* A mean off by rounding noise must not shrink the axis to nothing. */
    same.mean = nextafter(600, 700);
    doc = write_hist("noise.svg", &same);
    x = read_scale(doc, true);
    assert_true(x.hi - x.lo >= 1 && x.lo <= 600 && x.hi >= 600);
    assert_null(strstr(doc, "nan"));
    assert_null(strstr(doc, "inf"));
    free(doc);
}

static void test_negative_and_huge_values_get_readable_ticks(void **state)
{
    (void)state;
    double neg_e[] = {-120, -60, 0, 60}, neg_c[] = {5, 9, 2};
    struct eap_histogram_plot neg = {.title = "Difference",
                                     .x_label = "difference, minutes (B - A)",
                                     .bins = 3,
                                     .edges = neg_e,
                                     .counts = neg_c,
                                     .mean = -40,
                                     .median = -45,
                                     .runs = 16};
    char *doc = write_hist("neg.svg", &neg);
    assert_true(read_scale(doc, true).lo <= -120);
    assert_non_null(strstr(doc, ">\xe2\x88\x92" /* a true minus sign */ "100<"));
    free(doc);

    double big_e[] = {0, 1e4, 2e4, 3e4}, big_c[] = {4e12, 1e12, 2.5e12};
    struct eap_histogram_plot big = {.title = "Huge",
                                     .x_label = "person-minutes",
                                     .bins = 3,
                                     .edges = big_e,
                                     .counts = big_c,
                                     .mean = 1e4,
                                     .median = 9e3,
                                     .runs = 7500000000000ULL};
    doc = write_hist("big.svg", &big);
    assert_non_null(strstr(doc, ">10,000<"));       /* thousands separators */
    assert_non_null(strstr(doc, "bn<"));            /* counts in billions */
    assert_non_null(strstr(doc, ">7,500bn runs<")); /* the subtitle too */
    int bars = count_els(doc, "rect", "bar");
    assert_int_equal(bars, 3);
    free(doc);
}

static void expect_refusal(const struct eap_histogram_plot *p, const char *why)
{
    char path[256];
    struct eap_error err;
    eap_error_clear(&err);
    assert_false(eap_svg_histogram(in_dir("bad.svg", path, sizeof(path)), p, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    if (!strstr(err.msg, why)) {
        fail_msg("expected \"%s\" in \"%s\"", why, err.msg);
    }
    assert_int_equal(entries_named("bad.svg"), 0);
}

static void test_bad_histograms_are_refused_and_leave_no_file(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    double nan_e[] = {300, 400, NAN, 600, 700, 800, 900};
    double inf_c[] = {3, 0, INFINITY, 25, 0, 7}, neg_c[] = {3, 0, -1, 25, 0, 7};
    double desc_e[] = {300, 400, 500, 450, 700, 800, 900};
    expect_refusal(NULL, "no histogram");
    p.bins = 0;
    expect_refusal(&p, "no bins");
    p = hist6();
    p.edges = NULL;
    expect_refusal(&p, "no edges");
    p = hist6();
    p.edges = nan_e;
    expect_refusal(&p, "edges[2] is NaN");
    p = hist6();
    p.counts = inf_c;
    expect_refusal(&p, "counts[2] is infinite");
    p.counts = neg_c;
    expect_refusal(&p, "counts[2] is negative");
    p = hist6();
    p.edges = desc_e;
    expect_refusal(&p, "edges[3] is below edges[2]");
    p = hist6();
    p.mean = NAN;
    expect_refusal(&p, "mean is NaN");
    p = hist6();
    p.recorded = -INFINITY;
    expect_refusal(&p, "recorded");
    p.has_recorded = false; /* an unused record value is not looked at */
    free(write_hist("unused.svg", &p));

    struct eap_error err;
    assert_false(eap_svg_histogram(NULL, &p, &err));
    assert_int_equal(err.code, EAP_EINPUT);
}

static void test_bad_input_keeps_the_previous_file(void **state)
{
    (void)state;
    struct eap_histogram_plot p = hist6();
    char *before = write_hist("keep.svg", &p), path[256];
    p.mean = NAN;
    struct eap_error err;
    assert_false(eap_svg_histogram(in_dir("keep.svg", path, sizeof(path)), &p, &err));
    char *after = slurp(path);
    assert_string_equal(before, after);
    assert_int_equal(entries_named("keep.svg"), 1);
    free(before);
    free(after);
}

static void test_unwritable_path_is_named_in_the_error(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof(path), "%s/no/such/dir/h.svg", dir);
    struct eap_histogram_plot h = hist6();
    struct eap_error err;
    assert_false(eap_svg_histogram(path, &h, &err));
    assert_int_equal(err.code, EAP_EIO);
    assert_non_null(strstr(err.msg, path));

    double x[] = {1, 2}, y[] = {3, 4};
    struct eap_curve_series s = {"", 2, x, y, NULL, NULL};
    struct eap_curve_plot c = {"t", "x", "y", 1, &s, false, 0, NULL, NULL};
    assert_false(eap_svg_curves(path, &c, &err));
    assert_non_null(strstr(err.msg, path));

    struct eap_tornado_bar b = {"in", "lo", "hi", 1, 2};
    struct eap_tornado_plot t = {"t", "x", 1.5, 1, &b, NULL};
    assert_false(eap_svg_tornado(path, &t, &err));
    assert_non_null(strstr(err.msg, path));

    assert_false(eap_html_index(path, "t", "s", NULL, NULL, 0, NULL, &err));
    assert_int_equal(err.code, EAP_EIO);
    assert_non_null(strstr(err.msg, path));
}

/* --- curves --- */

static const double sweep_x[] = {0, 10, 20, 30, 40};

static char *write_curves(const char *name, const struct eap_curve_plot *p)
{
    char path[256];
    struct eap_error err;
    if (!eap_svg_curves(in_dir(name, path, sizeof(path)), p, &err)) {
        fail_msg("eap_svg_curves: %s", err.msg);
    }
    char *doc = slurp(path);
    assert_true(well_formed(doc));
    assert_int_equal(entries_named(name), 1);
    return doc;
}

/* Elements of series k: name (any when NULL) with class cls. */
static int series_els(const char *doc, const char *name, const char *cls, int k)
{
    struct el e;
    int n = 0;
    for (const char *p = doc; next_el(&p, name, &e);) {
        const char *s = attr(&e, "data-series");
        n += has_class(&e, cls) && s && atoi(s) == k;
    }
    return n;
}

/* Checks every circle marker sits at its data-x, data-y on the axes the file declares;
 * returns how many there are (series 0 uses circles). */
static int circles_on_axes(const char *doc)
{
    struct scale x = read_scale(doc, true), ys = read_scale(doc, false);
    struct el e;
    int seen = 0;
    for (const char *pos = doc; next_el(&pos, "circle", &e);) {
        if (has_class(&e, "pt")) {
            assert_true(fabs(num(&e, "cx") - to_px(&x, num(&e, "data-x"))) < 0.05);
            assert_true(fabs(num(&e, "cy") - to_px(&ys, num(&e, "data-y"))) < 0.05);
            seen++;
        }
    }
    return seen;
}

static void test_curves_draw_a_band_per_series_and_skip_points_without_data(void **state)
{
    (void)state;
    double y[3][5], lo[3][5], hi[3][5];
    struct eap_curve_series s[3];
    const char *labels[] = {"hops = 2", "hops = 4", "hops = 6"};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < 5; i++) {
            y[k][i] = 400 + 50 * k + 3 * sweep_x[i];
            lo[k][i] = y[k][i] - 20;
            hi[k][i] = y[k][i] + 20;
        }
        s[k] = (struct eap_curve_series){labels[k], 5, sweep_x, y[k], lo[k], hi[k]};
    }
    y[1][2] = lo[1][2] = hi[1][2] = NAN; /* no data in the middle of series 1 */
    struct eap_curve_plot p = {.title = "Time until everyone is safe",
                               .x_label = "drone readiness (minutes)",
                               .y_label = "minutes after the start",
                               .series_count = 3,
                               .series = s,
                               .has_recorded = true,
                               .recorded = 600};
    char *doc = write_curves("curves.svg", &p);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(series_els(doc, "polygon", "band", k), k == 1 ? 2 : 1);
        assert_int_equal(series_els(doc, "polyline", "line", k), k == 1 ? 2 : 1);
        assert_int_equal(series_els(doc, NULL, "pt", k), k == 1 ? 4 : 5);
        assert_int_equal(series_els(doc, "g", "legend-item", k), 1);
    }
    assert_null(strstr(doc, "nan"));
    assert_null(strstr(doc, "NaN"));
    assert_null(strstr(doc, "inf"));
    assert_int_equal(circles_on_axes(doc), 5);
    struct scale ys = read_scale(doc, false);
    struct el line;
    double v;
    assert_true(marker_line(doc, "record", &line, &v));
    assert_true(fabs(num(&line, "y1") - to_px(&ys, 600)) < 0.05);
    assert_true(num(&line, "y1") == num(&line, "y2"));
    assert_non_null(strstr(doc, ">record: 600 min<"));
    free(doc);
    /* a time from the start on the scenario's clock: the record says when, too */
    struct eap_clock clock;
    char why[128];
    assert_true(eap_clock_parse(&clock, "2012-09-11T21:42+02:00", why, sizeof(why)));
    p.clock = &clock;
    doc = write_curves("curves.svg", &p);
    assert_non_null(strstr(doc, ">record: 600 min (07:42 +1d)<"));
    free(doc);
}

static void test_a_one_dimensional_sweep_has_no_legend(void **state)
{
    (void)state;
    double y[] = {40, 50, 60, 70, 80}, lo[] = {35, 45, 55, 65, 75}, hi[] = {45, 55, 65, 75, 85};
    struct eap_curve_series s = {"", 5, sweep_x, y, lo, hi};
    struct eap_curve_plot p = {
        "Drone on scene", "readiness", "minutes", 1, &s, false, 0, NULL, NULL};
    char *doc = write_curves("one.svg", &p);
    assert_int_equal(count_els(doc, "g", "legend-item"), 0);
    assert_int_equal(series_els(doc, "polygon", "band", 0), 1);
    /* A band's polygon runs along hi and back along lo: two vertices per point. */
    struct el e;
    const char *pos = doc;
    while (next_el(&pos, "polygon", &e) && !has_class(&e, "band")) {
    }
    int pairs = 0;
    for (const char *c = attr(&e, "points"); (c = strchr(c, ',')); c++) {
        pairs++;
    }
    assert_int_equal(pairs, 10);
    free(doc);
}

static void test_a_long_y_title_wraps_and_keeps_its_end(void **state)
{
    (void)state;
    double y[] = {105, 115, 125, 135, 145};
    struct eap_curve_series s = {"", 5, sweep_x, y, NULL, NULL};
    struct eap_curve_plot p = {.title = "t",
                               .x_label = "readiness",
                               .y_label = "Surveillance drone overhead, 88 minutes after the "
                                          "assault began (minutes after the start)",
                               .series_count = 1,
                               .series = &s};
    char *doc = write_curves("wrap.svg", &p);
    assert_int_equal(count_els(doc, "tspan", NULL), 2);
    assert_non_null(strstr(doc, "(minutes after the start)</tspan>"));
    assert_null(strstr(doc, "\xe2\x80\xa6")); /* nothing cut */
    free(doc);
}

static void test_bad_curves_are_refused(void **state)
{
    (void)state;
    double x[] = {0, 1}, nan_x[] = {0, NAN}, y[] = {1, 2}, inf_y[] = {1, INFINITY};
    struct eap_curve_series s = {"", 2, x, y, NULL, NULL};
    struct eap_curve_plot p = {"t", "x", "y", 1, &s, false, 0, NULL, NULL};
    char path[256];
    in_dir("badc.svg", path, sizeof(path));
    struct eap_error err;
    s.x = nan_x;
    assert_false(eap_svg_curves(path, &p, &err));
    assert_non_null(strstr(err.msg, "x[1] is NaN"));
    s.x = x;
    s.y = inf_y;
    assert_false(eap_svg_curves(path, &p, &err));
    assert_non_null(strstr(err.msg, "y[1] is infinite"));
    s.y = NULL;
    assert_false(eap_svg_curves(path, &p, &err));
    s.y = y;
    p.series_count = 0;
    assert_false(eap_svg_curves(path, &p, &err));
    assert_non_null(strstr(err.msg, "no series"));
    p.series_count = 1;
    p.has_recorded = true;
    p.recorded = NAN;
    assert_false(eap_svg_curves(path, &p, &err));
    assert_false(eap_svg_curves(path, NULL, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_int_equal(entries_named("badc.svg"), 0);
}

/* --- tornado --- */

/* A tornado bar runs from the baseline to its value on the declared axis. */
static void assert_spans(const struct el *e, const struct scale *x, double base, double value)
{
    double a = fmin(to_px(x, base), to_px(x, value)), b = fmax(to_px(x, base), to_px(x, value));
    assert_true(fabs(num(e, "x") - a) < 0.05);
    assert_true(fabs(num(e, "x") + num(e, "width") - b) < 0.05);
}

static void test_tornado_keeps_the_order_and_bars_span_baseline_to_value(void **state)
{
    (void)state;
    struct eap_tornado_bar bars[] = {
        {"request_chain/opscenter_delay", "p10: 12 min", "p90: 55 min", 541, 662},
        {"threats/wave2/start", "p10: 23:05", "p90: 00:40", 630, 575},
        {"same/side", "p10: 1", "p90: 2", 610, 625},
        {"no/effect", "p10: a", "p90: b", 603.5, 603.5},
    };
    struct eap_tornado_plot p = {"What moves <it>", "mean, minutes", 603.5, 4, bars, NULL};
    char path[256];
    struct eap_error err;
    assert_true(eap_svg_tornado(in_dir("t.svg", path, sizeof(path)), &p, &err));
    char *doc = slurp(path);
    assert_true(well_formed(doc));
    struct scale x = read_scale(doc, true);
    struct el line, e;
    double v;
    assert_true(marker_line(doc, "baseline", &line, &v));
    assert_true(fabs(num(&line, "x1") - to_px(&x, 603.5)) < 0.05);
    int row = -1, seen = 0;
    double last_y = -1;
    for (const char *pos = doc; next_el(&pos, NULL, &e);) {
        if (strcmp(e.name, "g") == 0 && has_class(&e, "row")) {
            assert_int_equal(atoi(attr(&e, "data-index")), ++row);
            assert_true(strncmp(e.end, "<title>", 7) == 0);
            assert_true(strncmp(e.end + 7, bars[row].input, strlen(bars[row].input)) == 0);
        }
        bool low = has_class(&e, "low");
        if (strcmp(e.name, "rect") != 0 || row < 0 || (!low && !has_class(&e, "high"))) {
            continue;
        }
        assert_spans(&e, &x, 603.5, low ? bars[row].at_low : bars[row].at_high);
        assert_true(num(&e, "y") >= last_y); /* rows go down the page in the given order */
        last_y = num(&e, "y");
        seen++;
    }
    assert_int_equal(seen, 8);
    assert_non_null(strstr(doc, ">p90: 55 min<"));
    assert_non_null(strstr(doc, "What moves &lt;it&gt;"));
    free(doc);
}

static void test_bad_tornado_is_refused(void **state)
{
    (void)state;
    struct eap_tornado_bar bars[] = {{"a", "l", "h", 1, NAN}};
    struct eap_tornado_plot p = {"t", "x", 0, 1, bars, NULL};
    char path[256];
    in_dir("badt.svg", path, sizeof(path));
    struct eap_error err;
    assert_false(eap_svg_tornado(path, &p, &err));
    assert_non_null(strstr(err.msg, "bars[0] (a)"));
    bars[0].at_high = 2;
    p.baseline = INFINITY;
    assert_false(eap_svg_tornado(path, &p, &err));
    p.baseline = 0;
    p.bar_count = 0;
    assert_false(eap_svg_tornado(path, &p, &err));
    assert_non_null(strstr(err.msg, "no bars"));
    assert_int_equal(entries_named("badt.svg"), 0);
}

/* --- index.html --- */

/* The page opens with the answer (its first paragraph set apart), the sections in order,
 * commands as code, then the details under their heading, the stamp at the foot; nothing
 * from elsewhere. */
static void test_page_opens_with_the_answer(void **state)
{
    (void)state;
    const char *header[] = {"milestone", "record"}, *cells[] = {"drone <overhead>", "T+1h28m"};
    struct eap_html_table replay = {2, 1, header, cells};
    const char *answer[] = {"Everyone is safe by 12:00 in 72.4% of runs.", "Casualties 4.61."};
    const char *moves[] = {"Run a sensitivity study:"};
    struct eap_html_section opening[] = {
        {"The answer", answer, 2, NULL, NULL},
        {"What moves it most", moves, 1, "eapsim sensitivity x.json --metric a&b", NULL},
        {"The replay against the record", NULL, 0, NULL, &replay}};
    const char *settings[] = {"--set a=1"};
    struct eap_stamp st;
    eap_stamp_init(&st);
    st.settings = settings;
    st.setting_count = 1;
    st.command_line = "eapsim batch x.json";
    struct eap_html_page page = {"T", "sub", opening, 3, "Details", "a note", NULL, NULL, 0, &st};
    char path[256];
    struct eap_error err;
    assert_true(eap_html_write(in_dir("page.html", path, sizeof(path)), &page, &err));
    char *doc = slurp(path);
    assert_true(well_formed(doc));
    const char *order[] = {
        "<section class=\"opening\"",
        "<h2>The answer</h2>",
        "<p class=\"answer\">Everyone is safe by 12:00 in 72.4% of runs.</p>",
        "<p>Casualties 4.61.</p>",
        "<h2>What moves it most</h2>",
        "<pre><code>eapsim sensitivity x.json --metric a&amp;b</code></pre>",
        "<td>drone &lt;overhead&gt;</td>",
        "</section>",
        "<h2 class=\"details\">Details</h2>",
        "<p class=\"note\">a note</p>",
        "<div data-stamp=\"settings\"><dt>settings</dt><dd>--set a=1</dd></div>"};
    const char *at = doc;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        const char *next = strstr(at, order[i]);
        if (!next) {
            fail_msg("%s missing or out of order", order[i]);
        }
        at = next;
    }
    assert_null(strstr(doc, "<script"));
    assert_null(strstr(doc, "http"));
    assert_non_null(strstr(doc, "@page{size:A4")); /* the opening prints on a page of its own */
    assert_non_null(strstr(doc, ".opening{border:none;padding:0;margin:0;break-after:page}"));
    free(doc);
}

/* A comparison's B in the scenario's words: inputs by their labels, the memorandum as such,
 * anything without words as written. */
static void test_overrides_read_in_the_scenarios_words(void **state)
{
    (void)state;
    struct eap_scenario *scn = load("benghazi-2012.json", NULL);
    const struct eap_override ov[] = {{"request_chain/moa", "true", ""},
                                      {"assets/annex_qrf/readiness", "\"5 min\"", ""},
                                      {"/assets/0/speed", "30 km/h", ""},
                                      {"request_chain/moa", "false", ""},
                                      {"places/smc/kind", "\"annex\"", ""}};
    char buf[1024];
    eap_summary_overrides_words(scn, ov, 1, buf, sizeof(buf));
    assert_string_equal(buf, "a memorandum of agreement in the request chain");
    eap_summary_overrides_words(scn, ov + 1, 4, buf, sizeof(buf));
    assert_string_equal(buf, "Annex quick reaction force: readiness set to 5 min; "
                             "Annex quick reaction force: speed set to 30 km/h; "
                             "no memorandum of agreement in the request chain; "
                             "places/smc/kind=\"annex\"");
    /* Whole overrides only, the rest counted: never a value cut into another ("set to 2") */
    char small[16], mid[120];
    eap_summary_overrides_words(scn, ov + 1, 1, small, sizeof(small));
    assert_string_equal(small, "");
    eap_summary_overrides_words(scn, ov + 1, 4, mid, sizeof(mid));
    assert_string_equal(mid, "Annex quick reaction force: readiness set to 5 min; and 3 more");
    eap_scenario_destroy(scn);
}

static void test_index_has_every_cell_and_every_image(void **state)
{
    (void)state;
    enum { ROWS = 12, COLS = 4 };
    const char *header[COLS] = {"metric", "unit", "mean", "record"};
    const char *cells[ROWS * COLS];
    char text[ROWS][16];
    for (int r = 0; r < ROWS; r++) {
        snprintf(text[r], sizeof(text[r]), "%d.5", 100 * r);
        cells[r * COLS + 0] = r == 3 ? "P(breach) <&>" : "time until safe";
        cells[r * COLS + 1] = "min";
        cells[r * COLS + 2] = text[r];
        cells[r * COLS + 3] = r == 5 ? "-" : "88 min";
    }
    struct eap_html_table t = {COLS, ROWS, header, cells};
    struct eap_html_image im[] = {{"hist.svg", "Distribution"},
                                  {"sweep.svg", "Sweep"},
                                  {"my chart.svg", "Spaces & all"},
                                  {"tornado.svg", NULL}};
    char path[256];
    struct eap_error err;
    assert_true(eap_html_index(in_dir("index.html", path, sizeof(path)), "Benghazi <2012>",
                               "2,000 runs", &t, im, 4, NULL, &err));
    char *doc = slurp(path);
    assert_true(well_formed(doc));
    assert_int_equal(entries_named("index.html"), 1);
    assert_int_equal(count_els(doc, "td", NULL), ROWS * COLS);
    assert_int_equal(count_els(doc, "th", NULL), COLS);
    assert_int_equal(count_els(doc, "tr", NULL), ROWS + 1);
    assert_int_equal(count_els(doc, "td", "num"), 2 * ROWS); /* mean and record columns */
    assert_int_equal(count_els(doc, "img", NULL), 4);
    assert_int_equal(count_els(doc, "figcaption", NULL), 3);
    assert_non_null(strstr(doc, "src=\"hist.svg\""));
    assert_non_null(strstr(doc, "src=\"my%20chart.svg\""));
    assert_non_null(strstr(doc, "<title>Benghazi &lt;2012&gt;</title>"));
    assert_non_null(strstr(doc, ">P(breach) &lt;&amp;&gt;<"));
    assert_non_null(strstr(doc, ">Spaces &amp; all<"));
    assert_null(strstr(doc, "<script"));
    free(doc);
}

static void test_bad_index_is_refused(void **state)
{
    (void)state;
    const char *cells[] = {"a", "b"};
    struct eap_html_table t = {2, 1, NULL, cells};
    struct eap_html_image im = {NULL, "x"};
    char path[256];
    in_dir("badi.html", path, sizeof(path));
    struct eap_error err;
    assert_false(eap_html_index(path, "t", "s", &t, NULL, 0, NULL, &err));
    assert_non_null(strstr(err.msg, "no header"));
    assert_false(eap_html_index(path, "t", "s", NULL, &im, 1, NULL, &err));
    assert_non_null(strstr(err.msg, "image 0 has no file"));
    assert_false(eap_html_index(path, "t", "s", NULL, NULL, 2, NULL, &err));
    assert_false(eap_html_index(NULL, "t", "s", NULL, NULL, 0, NULL, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_int_equal(entries_named("badi.html"), 0);
}

static void test_the_checker_catches_broken_xml(void **state)
{
    (void)state;
    assert_true(well_formed("<?xml version=\"1.0\"?><a x=\"1\"><b/>t &amp; u</a>"));
    assert_false(well_formed("<a><b></a></b>"));
    assert_false(well_formed("<a>x & y</a>"));
    assert_false(well_formed("<a x=\"<\"/>"));
    assert_false(well_formed("<a>"));
    assert_false(well_formed("<a/><b/>"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_checker_catches_broken_xml),
        cmocka_unit_test(test_histogram_is_a_self_contained_svg),
        cmocka_unit_test(test_histogram_says_how_many_runs_no_bar_shows),
        cmocka_unit_test(test_histogram_has_a_bar_per_nonempty_bin_proportional_to_its_count),
        cmocka_unit_test(test_bars_and_tails_state_their_ranges_and_counts),
        cmocka_unit_test(test_record_line_sits_at_its_value_on_the_extended_axis),
        cmocka_unit_test(test_text_is_escaped),
        cmocka_unit_test(test_utf8_decoder_takes_only_well_formed_sequences),
        cmocka_unit_test(test_a_single_bin_and_an_empty_histogram_draw),
        cmocka_unit_test(test_identical_values_draw_a_visible_bar_on_a_real_axis),
        cmocka_unit_test(test_negative_and_huge_values_get_readable_ticks),
        cmocka_unit_test(test_bad_histograms_are_refused_and_leave_no_file),
        cmocka_unit_test(test_bad_input_keeps_the_previous_file),
        cmocka_unit_test(test_unwritable_path_is_named_in_the_error),
        cmocka_unit_test(test_curves_draw_a_band_per_series_and_skip_points_without_data),
        cmocka_unit_test(test_a_one_dimensional_sweep_has_no_legend),
        cmocka_unit_test(test_a_long_y_title_wraps_and_keeps_its_end),
        cmocka_unit_test(test_bad_curves_are_refused),
        cmocka_unit_test(test_tornado_keeps_the_order_and_bars_span_baseline_to_value),
        cmocka_unit_test(test_bad_tornado_is_refused),
        cmocka_unit_test(test_page_opens_with_the_answer),
        cmocka_unit_test(test_overrides_read_in_the_scenarios_words),
        cmocka_unit_test(test_a_name_too_long_is_cut_between_characters_and_says_so),
        cmocka_unit_test(test_index_has_every_cell_and_every_image),
        cmocka_unit_test(test_bad_index_is_refused),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
