/*
 * The outputs of a sensitivity study: the ranking as a text table, JSON and CSV, the tornado
 * chart of the inputs with the largest effects, and the index page with every input. Inputs
 * are named by their labels in words (the path is a detail of the JSON, CSV and page); their
 * values, and the metric's means, are shown in their own units.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/clock.h"
#include "eapsim/summary.h"
#include "eapsim/svg.h"
#include "eapsim/units.h"
#include "report_internal.h"

#define TORNADO_BARS 15 /* a tornado past 15 bars is unreadable */

static const struct eap_metric_def *metric(const struct eap_sensitivity *s)
{
    return &s->scn->metrics[s->metric];
}

static enum eap_quantity unit_of(const struct eap_sensitivity *s, size_t k)
{
    return s->scn->inputs[s->inputs[k].input].unit;
}

/* A number for JSON: null when it could not be measured. */
static const char *jnum(double v, char *buf, size_t len)
{
    if (isnan(v) || isinf(v)) {
        return "null";
    }
    snprintf(buf, len, "%.10g", v);
    return buf;
}

/* An input's value as the run uses it: counts are drawn whole (43 attackers, not 42.8). */
static char *input_value(enum eap_quantity unit, double v, char *buf, size_t len)
{
    if (unit == EAP_Q_COUNT) {
        snprintf(buf, len, "%lld", llround(v));
        return buf;
    }
    return eap_units_format(unit, v, buf, len);
}

/* A mean of the metric in its unit, for reading: a duration as one ("9h46m", "+16 s" for an
 * effect: `sign`), people x time in person-minutes, a count or a probability as a number.
 * The JSON and CSV keep the exact figures (in minutes for times). */
static char *metric_value(const struct eap_sensitivity *s, double v, bool sign, char *buf,
                          size_t len)
{
    if (isnan(v)) {
        snprintf(buf, len, "-"); /* no run of that batch had a value */
        return buf;
    }
    enum eap_metric_unit unit = metric(s)->unit;
    /* what rounds to zero in the unit's display has no sign: "0 s", not "-0 s" */
    double zero = unit == EAP_MU_DURATION      ? 0.5 / 60
                  : unit == EAP_MU_PERSON_TIME ? 0.5
                  : unit == EAP_MU_FLAG        ? 0.0005
                                               : 0.005;
    const char *plus = !sign || fabs(v) < zero ? "" : v >= 0 ? "+" : "-";
    double m = sign ? fabs(v) : v;
    switch (unit) {
    case EAP_MU_DURATION:
        snprintf(buf, len, "%s", plus);
        eap_units_format(EAP_Q_DURATION, m * 60000.0, buf + strlen(buf), len - strlen(buf));
        break;
    case EAP_MU_PERSON_TIME:
        snprintf(buf, len, "%s%.0f person-min", plus, m);
        break;
    case EAP_MU_FLAG:
        snprintf(buf, len, "%s%.3f", plus, m);
        break;
    default:
        snprintf(buf, len, "%s%.2f", plus, m);
        break;
    }
    return buf;
}

char *eap_sensitivity_json(const struct eap_sensitivity *s, const struct eap_stamp *stamp)
{
    struct text_buf t = {0};
    char b0[40], b1[40], b2[40], b3[40], b4[40], b5[40], b6[40];
    eap__buf_put(&t, "{\n  \"eapsim_summary\": 1,\n");
    eap__buf_put_stamp(&t, stamp);
    eap__buf_put(&t,
                 "  \"kind\": \"sensitivity\",\n"
                 "  \"scenario\": \"%s\",\n  \"seed\": %llu,\n  \"runs\": %llu,\n"
                 "  \"metric\": \"%s\",\n  \"baseline\": %s,\n  \"inputs\": [",
                 s->scn->id, (unsigned long long)s->seed, (unsigned long long)s->runs,
                 metric(s)->name, jnum(s->baseline, b0, sizeof(b0)));
    for (size_t k = 0; k < s->count; k++) {
        const struct eap_sensitivity_input *in = &s->inputs[k];
        eap__buf_put(&t, "%s\n    {\"input\": ", k ? "," : "");
        eap__buf_json(&t, in->name);
        eap__buf_put(&t, ", \"label\": ");
        eap__buf_json(&t, in->label);
        eap__buf_put(&t,
                     ", \"low\": %s, \"high\": %s, \"mean_at_low\": %s, "
                     "\"mean_at_high\": %s, \"effect\": %s, \"first_order\": %s}",
                     jnum(in->low, b1, sizeof(b1)), jnum(in->high, b2, sizeof(b2)),
                     jnum(in->at_low, b3, sizeof(b3)), jnum(in->at_high, b4, sizeof(b4)),
                     jnum(in->effect, b5, sizeof(b5)), jnum(in->first_order, b6, sizeof(b6)));
    }
    eap__buf_put(&t, "\n  ]\n}\n");
    return eap__buf_take(&t);
}

char *eap_sensitivity_csv(const struct eap_sensitivity *s)
{
    struct text_buf t = {0};
    eap__buf_put(&t, "input,label,low,high,mean_at_low,mean_at_high,effect,first_order\n");
    for (size_t k = 0; k < s->count; k++) {
        const struct eap_sensitivity_input *in = &s->inputs[k];
        eap__buf_csv(&t, in->name);
        eap__buf_put(&t, ",");
        eap__buf_csv(&t, in->label);
        eap__buf_put(&t, ",%.10g,%.10g,%.10g,%.10g,%.10g,", in->low, in->high, in->at_low,
                     in->at_high, in->effect);
        eap__buf_put(&t, isnan(in->first_order) ? "\n" : "%.10g\n", in->first_order);
    }
    return eap__buf_take(&t);
}

/* The first line of text that fits in width (broken at a space, or cut inside a word longer
 * than the line) into line; returns the rest. */
static const char *wrap_line(const char *text, char *line, size_t width)
{
    size_t n = strlen(text);
    if (n <= width) {
        snprintf(line, width + 1, "%s", text);
        return text + n;
    }
    size_t cut = width;
    while (cut > 0 && text[cut] != ' ') {
        cut--;
    }
    cut = cut ? cut : width;
    snprintf(line, width + 1, "%.*s", (int)cut, text);
    text += cut;
    while (*text == ' ') {
        text++;
    }
    return text;
}

/* A flat study in words, once: what every run gave, that nothing moves it, and a metric that
 * varies to rank by instead ("" when there is none to suggest). */
static void flat_words(const struct eap_sensitivity *s, char *buf, size_t len)
{
    char v[48], is[96];
    if (metric(s)->unit == EAP_MU_FLAG) {
        snprintf(is, sizeof(is), "%s in every run (a probability of %s)",
                 s->baseline == 1 ? "holds" : "fails", s->baseline == 1 ? "1" : "0");
    } else {
        snprintf(is, sizeof(is), "is %s in every run",
                 metric_value(s, s->baseline, false, v, sizeof(v)));
    }
    int n = snprintf(buf, len,
                     "\"%s\" %s, with every input sampled and with each held at its 10th and "
                     "at its 90th percentile: it does not vary, so nothing moves it and there is "
                     "nothing to rank.",
                     metric(s)->label, is);
    long better = eap_sensitivity_better_metric(s);
    if (better >= 0 && n > 0 && (size_t)n < len) {
        snprintf(buf + n, len - (size_t)n,
                 " A metric that varies ranks the inputs: --metric %s (%s).",
                 s->scn->metrics[better].name, s->scn->metrics[better].label);
    }
}

/* The S1 column: "-" where it cannot be measured (the metric does not vary). */
static const char *s1_text(double v, char *buf, size_t len)
{
    if (isnan(v)) {
        return "-";
    }
    snprintf(buf, len, "%.3f", v);
    return buf;
}

bool eap_sensitivity_text(FILE *out, const struct eap_sensitivity *s)
{
    fprintf(out, "%s\nsensitivity of \"%s\" (mean over %llu replications each, seed %llu)\n",
            s->scn->name, metric(s)->label, (unsigned long long)s->runs,
            (unsigned long long)s->seed);
    char base[48], at[112] = "";
    if (metric(s)->from_start && !isnan(s->baseline)) {
        /* a time from the start: when that is on the scenario's clock */
        char hm[32], start[32];
        eap__clock_text(&s->scn->clock, s->baseline, hm, sizeof(hm));
        eap_clock_format_hm(&s->scn->clock, 0, start, sizeof(start));
        snprintf(at, sizeof(at), " after the start at %s, so at %s", start, hm);
    }
    fprintf(out, "baseline (every input sampled): %s%s\n\n",
            metric_value(s, s->baseline, false, base, sizeof(base)), at);
    if (eap_sensitivity_flat(s)) {
        char words[1024], line[80];
        flat_words(s, words, sizeof(words));
        for (const char *rest = words; *rest;) {
            rest = wrap_line(rest, line, 78);
            fprintf(out, "%s\n", line);
        }
        return !ferror(out);
    }
    fprintf(out, "  %-52s %12s %12s %10s %10s %10s %6s\n", "input (at its 10th / 90th percentile)",
            "low", "high", "mean@low", "mean@high", "effect", "S1");
    for (size_t k = 0; k < s->count; k++) {
        const struct eap_sensitivity_input *in = &s->inputs[k];
        char lo[48], hi[48], at_lo[48], at_hi[48], eff[48];
        input_value(unit_of(s, k), in->low, lo, sizeof(lo));
        input_value(unit_of(s, k), in->high, hi, sizeof(hi));
        /* the label in words, wrapped (never cut) over as many lines as it needs */
        char first[64];
        const char *rest = wrap_line(in->label, first, 52);
        char s1[16];
        fprintf(out, "  %-52s %12s %12s %10s %10s %10s %6s\n", first, lo, hi,
                metric_value(s, in->at_low, false, at_lo, sizeof(at_lo)),
                metric_value(s, in->at_high, false, at_hi, sizeof(at_hi)),
                metric_value(s, in->effect, true, eff, sizeof(eff)),
                s1_text(in->first_order, s1, sizeof(s1)));
        while (*rest) {
            rest = wrap_line(rest, first, 50);
            fprintf(out, "    %s\n", first);
        }
    }
    fprintf(out, "\nS1: the input's first-order variance index, the share of the metric's variance "
                 "it causes alone\n(estimated from the same runs; see docs/batch.md; \"-\": the "
                 "metric does not vary)\n");
    return !ferror(out);
}

/* "p10: 81 kn" */
static void value_label(enum eap_quantity unit, double v, const char *which, char *buf, size_t len)
{
    char u[48];
    input_value(unit, v, u, sizeof(u));
    snprintf(buf, len, "%s: %s", which, u);
}

static bool tornado(const char *dir, const struct eap_sensitivity *s, const struct eap_stamp *stamp,
                    struct eap_error *err)
{
    size_t shown = s->count < TORNADO_BARS ? s->count : TORNADO_BARS;
    struct eap_tornado_bar *bars = calloc(shown + 1, sizeof(*bars));
    char(*labels)[2][64] = calloc(shown + 1, sizeof(*labels));
    if (!bars || !labels) {
        free(bars);
        free(labels);
        return eap_error_set(err, EAP_ENOMEM, "out of memory drawing tornado.svg");
    }
    for (size_t k = 0; k < shown; k++) {
        const struct eap_sensitivity_input *in = &s->inputs[k];
        value_label(unit_of(s, k), in->low, "p10", labels[k][0], sizeof(labels[k][0]));
        value_label(unit_of(s, k), in->high, "p90", labels[k][1], sizeof(labels[k][1]));
        bars[k] = (struct eap_tornado_bar){in->label, labels[k][0], labels[k][1], in->at_low,
                                           in->at_high};
    }
    const struct eap_metric_def *def = metric(s);
    char path[1200], title[256];
    snprintf(title, sizeof(title), "What moves \"%s\"", def->label);
    struct eap_tornado_plot p = {title,
                                 def->unit == EAP_MU_FLAG    ? "probability"
                                 : def->unit == EAP_MU_COUNT ? "mean count"
                                                             : "mean, minutes",
                                 s->baseline,
                                 shown,
                                 bars,
                                 stamp};
    eap__path_in(dir, "tornado.svg", path, sizeof(path));
    bool ok = eap_svg_tornado(path, &p, err);
    free(bars);
    free(labels);
    return ok;
}

static void page_rows(struct html_cells *t, const struct eap_sensitivity *s)
{
    static const char *const header[] = {
        "input", "p10", "p90", "mean at p10", "mean at p90", "effect", "first-order index", "path"};
    memcpy(t->header, header, sizeof(header));
    for (size_t k = 0; k < s->count; k++) {
        const struct eap_sensitivity_input *in = &s->inputs[k];
        char lo[64], hi[64];
        input_value(unit_of(s, k), in->low, lo, sizeof(lo));
        input_value(unit_of(s, k), in->high, hi, sizeof(hi));
        const char **r = eap__cells_row(t);
        r[0] = eap__cells_fmt(t, "%s", in->label);
        r[1] = eap__cells_fmt(t, "%s", lo);
        r[2] = eap__cells_fmt(t, "%s", hi);
        char v[48];
        r[3] = eap__cells_fmt(t, "%s", metric_value(s, in->at_low, false, v, sizeof(v)));
        r[4] = eap__cells_fmt(t, "%s", metric_value(s, in->at_high, false, v, sizeof(v)));
        r[5] = eap__cells_fmt(t, "%s", metric_value(s, in->effect, true, v, sizeof(v)));
        r[6] = eap__cells_num(t, in->first_order, 3);
        r[7] = in->name;
    }
}

/* Under the table: what its two measures mean. */
static const char page_note[] =
    "Effect: the mean at p90 minus the mean at p10, every other input sampled as usual, on the "
    "same runs; the inputs are ranked by its size. First-order index: the share of the "
    "metric's variance from run to run that the input causes alone (0 to 1), estimated from "
    "the same runs (docs/batch.md); \"-\" where the metric does not vary.";

static bool page(const char *dir, const struct eap_sensitivity *s, const struct eap_stamp *stamp,
                 struct eap_error *err)
{
    struct html_cells t;
    char path[1200], title[300], sub[400], words[1024];
    bool flat = eap_sensitivity_flat(s);
    eap__path_in(dir, "index.html", path, sizeof(path));
    if (!eap__cells_init(&t, 8, s->count)) {
        eap__cells_finish(&t);
        return eap_error_set(err, EAP_ENOMEM, "out of memory writing %s", path);
    }
    page_rows(&t, s);
    struct eap_html_table table = eap__cells_table(&t);
    struct eap_html_image img = {"tornado.svg", "inputs ranked by their effect"};
    snprintf(title, sizeof(title), "Sensitivity: %s", s->scn->name);
    snprintf(sub, sizeof(sub), "metric: %s; %llu replications per point, seed %llu",
             metric(s)->label, (unsigned long long)s->runs, (unsigned long long)s->seed);
    /* A flat study: the reason, once, in place of the table of equal means and the tornado. */
    flat_words(s, words, sizeof(words));
    const char *paragraph = words;
    struct eap_html_section answer = {"Nothing to rank", &paragraph, 1, NULL, NULL};
    struct eap_html_page p = {.title = title,
                              .subtitle = sub,
                              .opening = flat ? &answer : NULL,
                              .opening_count = flat,
                              .details_heading = flat ? NULL : "The inputs, ranked",
                              .details_note = flat ? NULL : page_note,
                              .table = flat ? NULL : &table,
                              .images = flat ? NULL : &img,
                              .image_count = !flat,
                              .stamp = stamp};
    bool ok = !t.oom ? eap_html_write(path, &p, err)
                     : eap_error_set(err, EAP_ENOMEM, "out of memory writing %s", path);
    eap__cells_finish(&t);
    return ok;
}

bool eap_sensitivity_pictures(const char *dir, const struct eap_sensitivity *s,
                              const struct eap_stamp *stamp, struct eap_written *written,
                              struct eap_error *err)
{
    if (!eap_sensitivity_flat(s)) { /* a flat study has no bars: every mean is the baseline */
        if (!tornado(dir, s, stamp, err)) {
            return false;
        }
        eap_written_add(written, "tornado.svg");
    }
    if (!page(dir, s, stamp, err)) {
        return false;
    }
    eap_written_add(written, "index.html");
    return true;
}
