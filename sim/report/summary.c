/*
 * Summaries of batches: every metric's mean with its 95% confidence interval, spread and
 * percentiles, and every yes/no outcome's probability with its Wilson interval, as a text
 * table, JSON and CSV. Numbers are computed from the exact statistics only, and printed with
 * fixed formats, so the files are byte-identical however the replications were split. The
 * JSON carries the provenance stamp.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/count_of.h"
#include "eapsim/summary.h"
#include "report_internal.h"
#include "sim/batch/json_int.h"

/* A comparison reports A, B and their paired difference. */
static bool is_difference(const struct eap_summary *s)
{
    return s->kind == EAP_SUMMARY_COMPARE;
}

/* The dimensions of a sweep (0 otherwise), their paths, and point p's values. */
static size_t dim_count(const struct eap_summary *s)
{
    return s->sweep ? s->sweep->dim_count : 0;
}

static const char *dim_path(const struct eap_summary *s, size_t d)
{
    return s->sweep->dims[d].path;
}

static const char *dim_label(const struct eap_summary *s, size_t d)
{
    return s->sweep->dims[d].label;
}

static const char *point_value(const struct eap_summary *s, size_t p, size_t d)
{
    return eap_sweep_value(s->sweep, p, d);
}

static void summarise(const struct eap_metric_def *def, const struct eap_stat *s, bool difference,
                      struct eap_metric_summary *out)
{
    if (difference) {
        eap_metric_summarise_diff(def, s, out);
    } else {
        eap_metric_summarise(def, s, out);
    }
}

const char *eap_summary_kind_name(enum eap_summary_kind kind)
{
    static const char *const names[] = {"batch", "compare", "sweep"};
    return names[kind];
}

/* --- text --- */

/* v with `decimals` decimals, never "-0.0" (a value that rounds to zero has no sign). */
static const char *fixed(double v, int decimals, char *buf, size_t len)
{
    snprintf(buf, len, "%.*f", decimals, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)) {
        memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

static void num_at(FILE *out, double v, int width, int decimals)
{
    char b[48];
    fprintf(out, " %*s", width, isnan(v) ? "-" : fixed(v, decimals, b, sizeof(b)));
}

static void num(FILE *out, double v, int width)
{
    num_at(out, v, width, 1);
}

#define LABEL_WIDTH 58

/* Labels longer than the column end in "..." rather than mid-word silence. */
/* The first line of a label that fits the column (broken at a space), padded; returns the
 * rest, which label_rest prints under it: labels are wrapped, never cut. */
static const char *label_cell(FILE *out, const char *label)
{
    size_t n = strlen(label), cut = n;
    if (n > LABEL_WIDTH) {
        cut = LABEL_WIDTH;
        while (cut > 0 && label[cut] != ' ') {
            cut--;
        }
        cut = cut ? cut : LABEL_WIDTH;
    }
    fprintf(out, "  %-*.*s", LABEL_WIDTH, (int)cut, label);
    label += cut;
    while (*label == ' ') {
        label++;
    }
    return label;
}

static void label_rest(FILE *out, const char *rest)
{
    while (*rest) {
        size_t n = strlen(rest), cut = n;
        if (n > LABEL_WIDTH - 2) {
            cut = LABEL_WIDTH - 2;
            while (cut > 0 && rest[cut] != ' ') {
                cut--;
            }
            cut = cut ? cut : LABEL_WIDTH - 2;
        }
        fprintf(out, "    %.*s\n", (int)cut, rest);
        rest += cut;
        while (*rest == ' ') {
            rest++;
        }
    }
}

const char *eap__percentile_text(double pct, char *buf, size_t size)
{
    if (isnan(pct)) {
        snprintf(buf, size, "-");
    } else if (pct < 0.1) {
        snprintf(buf, size, "p<0.1");
    } else if (pct > 99.9) {
        snprintf(buf, size, "p>99.9");
    } else {
        snprintf(buf, size, "p%.1f", pct);
    }
    return buf;
}

const char *eap__resolution_text(double rel, char *buf, size_t size)
{
    if (rel == 0) {
        snprintf(buf, size, "exact");
    } else {
        snprintf(buf, size, "%.2g%%", 100 * rel);
    }
    return buf;
}

/* The "never" and record notes that end a row ("(12 runs never reached it)"; in a paired
 * difference the pairs left out); record: the record's value, or NULL where a column shows
 * it. */
static void row_notes(FILE *out, const struct eap_metric_summary *m, bool difference,
                      const char *record)
{
    if (m->missing) {
        fprintf(out, "  (%" PRIu64 " %s %s)", m->missing,
                difference        ? (m->missing == 1 ? "pair" : "pairs")
                : m->missing == 1 ? "run"
                                  : "runs",
                eap__never_words(m->def, difference));
    }
    if (m->has_recorded) {
        char at[16];
        fprintf(out, "  record%s%s at %s", record ? " " : "", record ? record : "",
                eap__percentile_text(m->record_percentile, at, sizeof(at)));
    }
}

/* A row of a time, person-time or count metric. The mean and its interval have at least one
 * decimal, more where the interval is narrower (a paired change of -0.009 is not "-0.0"). */
static void text_metric(FILE *out, const struct eap_metric_summary *m, bool difference)
{
    char label[200], ci[64], lo[24], hi[24];
    snprintf(label, sizeof(label), "%s (%s)", m->def->label,
             eap_metric_unit_name(m->def->unit, true));
    const char *rest = label_cell(out, label);
    int dec = eap__interval_decimals(m->ci_lo, m->ci_hi, 1);
    dec = dec < 1 ? 1 : dec > 4 ? 4 : dec;
    num_at(out, m->mean, 9, dec);
    if (isnan(m->ci_lo)) {
        snprintf(ci, sizeof(ci), "-");
    } else {
        snprintf(ci, sizeof(ci), "[%s, %s]", fixed(m->ci_lo, dec, lo, sizeof(lo)),
                 fixed(m->ci_hi, dec, hi, sizeof(hi)));
    }
    fprintf(out, " %21s", ci);
    num(out, m->sd, 7);
    num(out, m->min, 7);
    num(out, m->p5, 7);
    num(out, m->p50, 7);
    num(out, m->p95, 7);
    num(out, m->max, 7);
    char record[24];
    snprintf(record, sizeof(record), "%.1f", m->recorded);
    row_notes(out, m, difference, record);
    fputc('\n', out);
    label_rest(out, rest);
}

static void text_flag(FILE *out, const struct eap_metric_summary *m)
{
    const char *rest = label_cell(out, m->def->label);
    if (isnan(m->p)) {
        fprintf(out, " %9s\n", "-");
    } else {
        char ci[48];
        snprintf(ci, sizeof(ci), "[%.4f, %.4f]", m->p_lo, m->p_hi);
        fprintf(out, " %9.4f %21s\n", m->p, ci);
    }
    label_rest(out, rest);
}

/* A time from the start as the local clock reads it: "05:15", "05:15 +1d" on a later day. */
/* The record's milestones are times of day: with a clock (the files say when the scenario
 * starts), a table of their own in local clock time, not minutes from the start. */
static bool on_the_clock(const struct eap_metric_def *d, const struct eap_clock *c)
{
    return c && d->role == EAP_METRIC_MILESTONE && d->unit != EAP_MU_FLAG;
}

/* One milestone in local clock time: the record, the mean with its interval, and the spread
 * of the runs. */
static void text_clock_row(FILE *out, const struct eap_clock *c, const struct eap_metric_summary *m)
{
    char r[24] = "-", mean[24], lo[24], hi[24], ci[56], q[5][24];
    const double at[5] = {m->min, m->p5, m->p50, m->p95, m->max};
    const char *rest = label_cell(out, m->def->label);
    if (isnan(m->ci_lo)) {
        snprintf(ci, sizeof(ci), "-");
    } else {
        snprintf(ci, sizeof(ci), "[%s, %s]", eap__clock_text(c, m->ci_lo, lo, sizeof(lo)),
                 eap__clock_text(c, m->ci_hi, hi, sizeof(hi)));
    }
    if (m->has_recorded) {
        eap__clock_text(c, m->recorded, r, sizeof(r));
    }
    /* Columns a character wider than "00:30 +1d", so that two times never run together. */
    fprintf(out, " %10s %10s %23s", r, eap__clock_text(c, m->mean, mean, sizeof(mean)), ci);
    for (int k = 0; k < 5; k++) {
        fprintf(out, " %10s", eap__clock_text(c, at[k], q[k], sizeof(q[k])));
    }
    row_notes(out, m, false, NULL);
    fputc('\n', out);
    label_rest(out, rest);
}

/* The milestones' table in local clock time; whether any row has a record. */
static bool text_clock(FILE *out, const struct eap_batch_stats *st, const struct eap_stat *which,
                       const struct eap_clock *c)
{
    bool header = false, records = false;
    for (size_t i = 0; i < st->metric_count; i++) {
        if (!on_the_clock(&st->defs[i], c)) {
            continue;
        }
        if (!header) {
            fprintf(out, "\n  %-*s %10s %10s %23s %10s %10s %10s %10s %10s\n", LABEL_WIDTH,
                    "milestones in local clock time", "record", "mean", "95% CI of the mean", "min",
                    "p5", "median", "p95", "max");
            header = true;
        }
        struct eap_metric_summary m;
        summarise(&st->defs[i], &which[i], false, &m);
        text_clock_row(out, c, &m);
        records |= m.has_recorded;
    }
    return records;
}

/* A table of one side (or of the paired differences): the quantities in their units, the
 * milestones in clock time when there is a clock (never for differences, which are spans),
 * then the yes/no outcomes. */
static void text_stats(FILE *out, const struct eap_batch_stats *st, const struct eap_stat *which,
                       const char *heading, bool differences, const struct eap_clock *clock)
{
    struct eap_metric_summary m;
    const struct eap_clock *c = differences ? NULL : clock;
    fprintf(out, "\n  %-*s %9s %21s %7s %7s %7s %7s %7s %7s\n", LABEL_WIDTH, heading, "mean",
            "95% CI of the mean", "sd", "min", "p5", "p50", "p95", "max");
    bool records = false;
    for (size_t i = 0; i < st->metric_count; i++) {
        if (st->defs[i].unit != EAP_MU_FLAG && !on_the_clock(&st->defs[i], c)) {
            summarise(&st->defs[i], &which[i], differences, &m);
            text_metric(out, &m, differences);
            records |= m.has_recorded;
        }
    }
    records |= text_clock(out, st, which, c);
    if (records) {
        fprintf(out, "  record at pN: N%% of runs reached it sooner than the record (runs that "
                     "never did count as later)\n");
    }
    fprintf(out, "\n  %-*s %9s %21s\n", LABEL_WIDTH,
            differences ? "yes/no outcomes: change in probability" : "yes/no outcomes",
            differences ? "change" : "p", differences ? "95% interval" : "95% Wilson interval");
    for (size_t i = 0; i < st->metric_count; i++) {
        if (st->defs[i].unit == EAP_MU_FLAG) {
            summarise(&st->defs[i], &which[i], differences, &m);
            text_flag(out, &m);
        }
    }
}

/* The kinds of metric (by unit) whose percentiles some statistic of the first point gives
 * only to the accumulator's resolution; none when every percentile is exact. */
static void inexact_kinds(const struct eap_summary *s, bool kinds[4])
{
    memset(kinds, 0, 4 * sizeof(*kinds));
    const struct eap_batch_stats *st = s->point_count ? &s->points[0] : NULL;
    for (size_t i = 0; st && i < st->metric_count; i++) {
        const struct eap_stat *sides[] = {&st->a[i], st->b ? &st->b[i] : NULL,
                                          st->diff ? &st->diff[i] : NULL};
        for (size_t k = 0; k < COUNT_OF(sides); k++) {
            kinds[st->defs[i].unit] |= sides[k] && eap_stat_quantile_error(sides[k]) > 0;
        }
    }
}

bool eap__summary_inexact(const struct eap_summary *s)
{
    bool kinds[4];
    inexact_kinds(s, kinds);
    return kinds[0] || kinds[1] || kinds[2] || kinds[3];
}

/* Once per summary: how exact its percentiles are. */
static void text_resolution(FILE *out, const struct eap_summary *s)
{
    static const char *const names[] = {"durations", "person-time", "counts", "yes/no"};
    bool kinds[4];
    inexact_kinds(s, kinds);
    char which[96] = "", pct[16];
    size_t used = 0;
    for (size_t u = 0; u < COUNT_OF(names); u++) {
        if (kinds[u] && used < sizeof(which)) {
            used += (size_t)snprintf(which + used, sizeof(which) - used, "%s%s",
                                     used ? " and " : "", names[u]);
        }
    }
    if (!used) {
        fputs("percentiles (p5, p50, p95) are exact\n", out);
        return;
    }
    _Static_assert(EAP_STAT_EXACT_MAX == 10000, "the text below names the limit");
    fprintf(out,
            "percentiles (p5, p50, p95) of %s are within %s of the exact values (past 10,000 "
            "runs they come from the accumulator's bins); the others are exact\n",
            which, eap__resolution_text(EAP_STAT_QUANTILE_REL_ERROR, pct, sizeof(pct)));
}

static void text_header(FILE *out, const struct eap_summary *s)
{
    const struct eap_batch_meta *m = s->meta;
    fprintf(out, "%s\n%s\n", m->scenario_name, m->file);
    fprintf(out, "%" PRIu64 " replications of seed %" PRIu64 "%s\n",
            s->point_count ? s->points[0].completed : 0, m->seed,
            s->partial ? " (INTERRUPTED: partial results, completed replications only)" : "");
    if (m->overrides && m->overrides[0]) {
        fprintf(out, "overrides: %s\n", m->overrides);
    }
    if (m->from && m->from[0]) {
        fprintf(out, "from the record's history up to %s, sampled after it\n", m->from);
    }
    if (m->vs_overrides && m->vs_overrides[0] && m->vs_label && m->vs_label[0]) {
        fprintf(out, "compared with: %s (--vs-set %s)\n", m->vs_label, m->vs_overrides);
    } else if (m->vs_overrides && m->vs_overrides[0]) {
        fprintf(out, "compared with: %s\n", m->vs_overrides);
    }
    for (size_t d = 0; d < dim_count(s); d++) {
        bool worded = strcmp(dim_label(s, d), dim_path(s, d)) != 0;
        fprintf(out, "swept: %s%s%s%s\n", dim_label(s, d), worded ? " (" : "",
                worded ? dim_path(s, d) : "", worded ? ")" : "");
    }
    text_resolution(out, s);
}

bool eap_summary_text(FILE *out, const struct eap_summary *s)
{
    text_header(out, s);
    /* The scenario's clock, when the files say when it starts (state files of old versions
     * may not): the milestones' table in clock time. */
    struct eap_clock clock;
    const struct eap_clock *c = eap__summary_clock(s, &clock);
    /* B in the scenario's words where they fit the column, as the header gives them */
    const char *vs = s->meta->vs_label;
    char b_heading[LABEL_WIDTH + 1] = "B: with --vs-set";
    if (vs && vs[0] && strlen(vs) + 3 <= LABEL_WIDTH) {
        snprintf(b_heading, sizeof(b_heading), "B: %s", vs);
    }
    for (size_t p = 0; p < s->point_count; p++) {
        const struct eap_batch_stats *st = &s->points[p];
        if (dim_count(s) > 0) {
            fprintf(out, "\nPOINT %zu:", p + 1);
            for (size_t d = 0; d < dim_count(s); d++) {
                fprintf(out, "%s %s = %s", d ? "," : "", dim_label(s, d), point_value(s, p, d));
            }
            fputc('\n', out);
        }
        if (is_difference(s)) {
            text_stats(out, st, st->a,
                       s->meta->overrides && s->meta->overrides[0] ? "A: the scenario with --set"
                                                                   : "A: the scenario as it is",
                       false, c);
            text_stats(out, st, st->b, b_heading, false, c);
            text_stats(out, st, st->diff, "B - A, paired on common random numbers", true, c);
        } else {
            text_stats(out, st, st->a, "metric", false, c);
        }
    }
    return !ferror(out);
}

/* --- JSON --- */

static void add_num(cJSON *o, const char *key, double v)
{
    if (isnan(v) || isinf(v)) {
        cJSON_AddNullToObject(o, key);
    } else {
        /* A fixed number of significant digits keeps the text stable and readable. */
        char buf[40];
        snprintf(buf, sizeof(buf), "%.10g", v);
        cJSON_AddRawToObject(o, key, buf);
    }
}

static cJSON *json_metric(const struct eap_metric_def *def, const struct eap_stat *s,
                          bool difference)
{
    struct eap_metric_summary m;
    summarise(def, s, difference, &m);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", def->name);
    cJSON_AddStringToObject(o, "label", def->label);
    cJSON_AddStringToObject(o, "unit", eap_metric_unit_name(def->unit, true));
    eap_json_add_u64(o, "count", m.count);
    eap_json_add_u64(o, "missing", m.missing);
    if (m.flag) {
        add_num(o, "p", m.p);
        cJSON *ci = cJSON_AddArrayToObject(o, difference ? "ci95" : "wilson95");
        char buf[40];
        snprintf(buf, sizeof(buf), "%.10g", m.p_lo);
        if (ci) { /* (NULL when memory ran out: an item made for it would leak) */
            cJSON_AddItemToArray(ci, isnan(m.p_lo) ? cJSON_CreateNull() : cJSON_CreateRaw(buf));
        }
        snprintf(buf, sizeof(buf), "%.10g", m.p_hi);
        if (ci) {
            cJSON_AddItemToArray(ci, isnan(m.p_hi) ? cJSON_CreateNull() : cJSON_CreateRaw(buf));
        }
    }
    add_num(o, "mean", m.mean);
    add_num(o, "sd", m.sd);
    add_num(o, "ci95_lo", m.ci_lo);
    add_num(o, "ci95_hi", m.ci_hi);
    add_num(o, "min", m.min);
    add_num(o, "p5", m.p5);
    add_num(o, "p50", m.p50);
    add_num(o, "p95", m.p95);
    add_num(o, "max", m.max);
    char res[16];
    cJSON_AddStringToObject(o, "percentile_resolution",
                            eap__resolution_text(m.resolution, res, sizeof(res)));
    if (m.has_recorded) {
        add_num(o, "recorded", m.recorded);
        add_num(o, "record_percentile", m.record_percentile);
    }
    return o;
}

static cJSON *json_metrics(const struct eap_batch_stats *st, const struct eap_stat *which,
                           bool difference)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < st->metric_count; i++) {
        cJSON_AddItemToArray(arr, json_metric(&st->defs[i], &which[i], difference));
    }
    return arr;
}

static void json_point(cJSON *o, const struct eap_summary *s, size_t p)
{
    const struct eap_batch_stats *st = &s->points[p];
    eap_json_add_u64(o, "completed", st->completed);
    if (dim_count(s) > 0) {
        cJSON *v = cJSON_AddArrayToObject(o, "values");
        for (size_t d = 0; v && d < dim_count(s); d++) {
            cJSON_AddItemToArray(v, cJSON_CreateString(point_value(s, p, d)));
        }
    }
    if (is_difference(s)) {
        cJSON_AddItemToObjectCS(o, "a", json_metrics(st, st->a, false));
        cJSON_AddItemToObjectCS(o, "b", json_metrics(st, st->b, false));
        cJSON_AddItemToObjectCS(o, "difference", json_metrics(st, st->diff, true));
    } else {
        cJSON_AddItemToObjectCS(o, "metrics", json_metrics(st, st->a, false));
    }
}

char *eap_summary_json(const struct eap_summary *s)
{
    const struct eap_batch_meta *m = s->meta;
    errno = 0; /* cJSON's additions drop a member when memory runs out; malloc's errno tells */
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        return NULL;
    }
    cJSON_AddNumberToObject(root, "eapsim_summary", 1);
    if (s->stamp && !eap__json_add_stamp(root, s->stamp)) {
        cJSON_Delete(root);
        return NULL;
    }
    cJSON_AddStringToObject(root, "kind", eap_summary_kind_name(s->kind));
    cJSON_AddStringToObject(root, "scenario", m->scenario_id);
    cJSON_AddStringToObject(root, "name", m->scenario_name);
    cJSON_AddStringToObject(root, "file", m->file);
    eap_json_add_u64(root, "seed", m->seed);
    eap_json_add_u64(root, "runs", m->runs);
    cJSON_AddBoolToObject(root, "partial", s->partial);
    cJSON_AddStringToObject(root, "overrides", m->overrides ? m->overrides : "");
    if (m->from && m->from[0]) {
        cJSON_AddStringToObject(root, "from", m->from);
    }
    if (is_difference(s)) {
        cJSON_AddStringToObject(root, "vs_overrides", m->vs_overrides ? m->vs_overrides : "");
        if (m->vs_label && m->vs_label[0]) {
            cJSON_AddStringToObject(root, "vs_label", m->vs_label);
        }
    }
    cJSON_AddStringToObject(root, "confidence", "95%: Student t for means, Wilson for yes/no");
    if (dim_count(s) > 0) {
        cJSON *dims = cJSON_AddArrayToObject(root, "sweep");
        for (size_t d = 0; dims && d < dim_count(s); d++) {
            cJSON_AddItemToArray(dims, cJSON_CreateString(dim_path(s, d)));
        }
        cJSON *points = cJSON_AddArrayToObject(root, "points");
        for (size_t p = 0; points && p < s->point_count; p++) {
            cJSON *o = cJSON_CreateObject();
            if (o) { /* (json_point's parts would leak into a NULL object) */
                json_point(o, s, p);
                cJSON_AddItemToArray(points, o);
            }
        }
    } else if (s->point_count > 0) {
        json_point(root, s, 0);
    }
    char *text = errno == ENOMEM ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (text) {
        size_t n = strlen(text);
        char *with_nl = realloc(text, n + 2);
        if (with_nl) {
            with_nl[n] = '\n';
            with_nl[n + 1] = '\0';
        } else {
            free(text);
        }
        text = with_nl;
    }
    return text;
}

/* --- CSV --- */

static void csv_num(struct text_buf *b, double v)
{
    if (isnan(v) || isinf(v)) {
        eap__buf_put(b, ",");
    } else {
        eap__buf_put(b, ",%.10g", v);
    }
}

static void csv_row(struct text_buf *b, const struct eap_summary *s, size_t p, const char *side,
                    const struct eap_metric_def *def, const struct eap_stat *st)
{
    struct eap_metric_summary m;
    summarise(def, st, strcmp(side, "b_minus_a") == 0, &m);
    for (size_t d = 0; d < dim_count(s); d++) {
        eap__buf_csv(b, point_value(s, p, d));
        eap__buf_put(b, ",");
    }
    eap__buf_put(b, "%s,%s,", side, def->name);
    eap__buf_csv(b, def->label);
    eap__buf_put(b, ",%s,%" PRIu64 ",%" PRIu64, eap_metric_unit_name(def->unit, true), m.count,
                 m.missing);
    double vals[] = {m.mean, m.sd, m.ci_lo, m.ci_hi, m.min, m.p5, m.p50, m.p95, m.max};
    for (size_t k = 0; k < COUNT_OF(vals); k++) {
        csv_num(b, vals[k]);
    }
    csv_num(b, m.flag ? m.p : NAN);
    csv_num(b, m.flag ? m.p_lo : NAN);
    csv_num(b, m.flag ? m.p_hi : NAN);
    csv_num(b, m.has_recorded ? m.recorded : NAN);
    csv_num(b, m.has_recorded ? m.record_percentile : NAN);
    char res[16];
    eap__buf_put(b, ",%s\n", eap__resolution_text(m.resolution, res, sizeof(res)));
}

char *eap_summary_csv(const struct eap_summary *s)
{
    struct text_buf b = {NULL, 0, 0, false};
    for (size_t d = 0; d < dim_count(s); d++) {
        eap__buf_csv(&b, dim_path(s, d));
        eap__buf_put(&b, ",");
    }
    eap__buf_put(&b,
                 "side,metric,label,unit,count,missing,mean,sd,ci95_lo,ci95_hi,min,p5,p50,p95,max,"
                 "p,p_ci95_lo,p_ci95_hi,recorded,record_percentile,percentile_resolution\n");
    for (size_t p = 0; p < s->point_count; p++) {
        const struct eap_batch_stats *st = &s->points[p];
        for (size_t i = 0; i < st->metric_count; i++) {
            if (is_difference(s)) {
                csv_row(&b, s, p, "a", &st->defs[i], &st->a[i]);
                csv_row(&b, s, p, "b", &st->defs[i], &st->b[i]);
                csv_row(&b, s, p, "b_minus_a", &st->defs[i], &st->diff[i]);
            } else {
                csv_row(&b, s, p, "", &st->defs[i], &st->a[i]);
            }
        }
    }
    return eap__buf_take(&b);
}
