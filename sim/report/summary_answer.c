/*
 * The opening of a study's index.html, for the people who decide: the answer in one sentence
 * (the probability that everyone is safe by the plan's deadline, with its interval), what
 * moves it (a pointer to `eapsim sensitivity`), and the replay against the record, milestone
 * by milestone. Numbers carry the precision their interval supports.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/utf8.h"
#include "eapsim/clock.h"
#include "eapsim/summary.h"
#include "report_internal.h"

#define NEAR_RECORD_MIN 5.0 /* a replay within 5 minutes reproduces a milestone (CONTRIBUTING) */

int eap__interval_decimals(double lo, double hi, int fallback)
{
    double half = (hi - lo) / 2;
    if (!(half > 0) || !isfinite(half)) {
        return fallback;
    }
    int d = (int)ceil(-log10(half) - 1e-9);
    return d < 0 ? 0 : (d > 6 ? 6 : d);
}

int eap__percentile_decimals(double v, double resolution)
{
    double half = resolution * fabs(v);
    if (!(half > 0)) {
        return 1;
    }
    int d = (int)ceil(-log10(half) - 1e-9);
    return d < 0 ? 0 : (d > 1 ? 1 : d);
}

/* "72.3% (95% interval 71.4% to 73.2%)" of a probability and its interval. */
static void percent_with_interval(double p, double lo, double hi, char *buf, size_t len)
{
    int d = eap__interval_decimals(100 * lo, 100 * hi, 1);
    snprintf(buf, len, "%.*f%% (95%% interval %.*f%% to %.*f%%)", d, 100 * p, d, 100 * lo, d,
             100 * hi);
}

/* The summary of the metric with this role in statistic set `which` of st, or false. */
static bool role_summary(const struct eap_batch_stats *st, const struct eap_stat *which,
                         enum eap_metric_role role, struct eap_metric_summary *m)
{
    long i = eap_metric_with_role(st->defs, st->metric_count, role);
    if (i < 0) {
        return false;
    }
    eap_metric_summarise(&st->defs[i], &which[i], m);
    return m->count > 0;
}

const struct eap_clock *eap__summary_clock(const struct eap_summary *s, struct eap_clock *clock)
{
    char why[160];
    const char *start = s->meta->clock_start;
    return start && eap_clock_parse(clock, start, why, sizeof(why)) ? clock : NULL;
}

char *eap__clock_text(const struct eap_clock *clock, double minutes, char *buf, size_t len)
{
    if (isnan(minutes)) {
        snprintf(buf, len, "-");
        return buf;
    }
    eap_time at = (eap_time)floor(minutes) * EAP_MINUTE;
    return clock ? eap_clock_format_hm_day(clock, at, " ", buf, len)
                 : eap_time_format_offset(at, buf, len);
}

/* "4.6 (95% interval 4.5 to 4.8)": a mean with its interval, to the precision it supports. */
static void mean_with_interval(const struct eap_metric_summary *m, char *buf, size_t len)
{
    int d = eap__interval_decimals(m->ci_lo, m->ci_hi, 1);
    snprintf(buf, len, "%.*f (95%% interval %.*f to %.*f)", d, m->mean, d, m->ci_lo, d, m->ci_hi);
}

/* ---- what a comparison changed, in words ---- */

/* One override in words into buf; returns the characters written (as snprintf). */
static int override_words(const struct eap_scenario *scn, const struct eap_override *o, char *buf,
                          size_t len)
{
    const char *path = o->path + (o->path[0] == '/');
    if (strcmp(path, "request_chain/moa") == 0 &&
        (strcmp(o->value, "true") == 0 || strcmp(o->value, "false") == 0)) {
        return snprintf(buf, len, "%s memorandum of agreement in the request chain",
                        o->value[0] == 't' ? "a" : "no");
    }
    const struct eap_input *in = eap_study_input_at(scn, path);
    if (!in) {
        return snprintf(buf, len, "%s=%s", path, o->value);
    }
    char label[EAP_PATH_MAX];
    eap_study_input_label(scn, in->path, label, sizeof(label));
    /* A text value ("5 min") is written as JSON, in quotes, or bare: shown bare. */
    size_t n = strlen(o->value);
    bool quoted = n >= 2 && o->value[0] == '"' && o->value[n - 1] == '"';
    return snprintf(buf, len, "%s set to %.*s", label, (int)(quoted ? n - 2 : n),
                    o->value + quoted);
}

void eap_summary_overrides_words(const struct eap_scenario *scn, const struct eap_override *ov,
                                 size_t n, char *buf, size_t len)
{
    /* Whole overrides only: those that do not fit are counted ("; and 3 more"), never cut
     * into a value that reads like another one ("set to 2" for "set to 21 min"). */
    const size_t more = 32; /* room kept for "; and N more" */
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char one[512];
        eap_utf8_fit(one, sizeof(one), override_words(scn, &ov[i], one, sizeof(one)));
        size_t need = strlen(one) + (i ? 2 : 0);
        if (used + need + (i + 1 < n ? more : 0) >= len) {
            if (len > used + more) {
                snprintf(buf + used, len - used, "%sand %zu more", i ? "; " : "", n - i);
            }
            return;
        }
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "", one);
    }
}

/* ---- the answer ---- */

/* "by 18:00 on 2014-07-26 (T+18h00m)", or "by the plan's deadline". */
static void by_deadline(const struct eap_batch_meta *meta, char *buf, size_t len)
{
    snprintf(buf, len, "by %s",
             meta->deadline && meta->deadline[0] ? meta->deadline : "the plan's deadline");
}

/* Where the runs start, for the answer: "" or ", given the record up to 01:30 (T+3h48m)". */
static void given_history(const struct eap_batch_meta *meta, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", meta->from && meta->from[0] ? ", given the record up to " : "",
             meta->from && meta->from[0] ? meta->from : "");
}

/* The answer of a batch: the probability, then (detail) casualties and time. */
static void batch_answer(const struct eap_summary *s, struct text_buf *b, struct text_buf *detail)
{
    const struct eap_batch_stats *st = &s->points[0];
    struct eap_metric_summary safe, cas, time;
    char by[200], given[160];
    by_deadline(s->meta, by, sizeof(by));
    given_history(s->meta, given, sizeof(given));
    const char *runs = eap__svg_human_count((double)st->completed).s;
    if (role_summary(st, st->a, EAP_METRIC_SAFE_BY_DEADLINE, &safe) && !isnan(safe.p)) {
        int d = eap__interval_decimals(100 * safe.p_lo, 100 * safe.p_hi, 1);
        if (safe.p == 1 || safe.p == 0) { /* "in 100.000% of runs" says less than this */
            eap__buf_put(b,
                         "Everyone who survives is safe %s in %s of the %s simulated runs%s (95%% "
                         "interval for the probability: %.*f%% to %.*f%%).",
                         by, safe.p == 1 ? "all" : "none", runs, given, safe.p == 1 ? d : 0,
                         100 * safe.p_lo, safe.p == 1 ? 0 : d, 100 * safe.p_hi);
        } else {
            eap__buf_put(b,
                         "Everyone who survives is safe %s in %.*f%% of simulated runs%s (95%% "
                         "interval %.*f%% to %.*f%%; %s runs).",
                         by, d, 100 * safe.p, given, d, 100 * safe.p_lo, d, 100 * safe.p_hi, runs);
        }
    } else {
        eap__buf_put(b, "No run of these %llu measures whether everyone was safe %s.",
                     (unsigned long long)st->completed, by);
    }
    bool casualties = role_summary(st, st->a, EAP_METRIC_CASUALTIES, &cas);
    if (casualties) {
        char c[120];
        mean_with_interval(&cas, c, sizeof(c));
        eap__buf_put(detail, "Casualties average %s", c);
    }
    if (role_summary(st, st->a, EAP_METRIC_TIME_ALL_SAFE, &time)) {
        struct eap_clock clock;
        const struct eap_clock *c = eap__summary_clock(s, &clock);
        char at[3][32];
        eap__buf_put(detail, "%s every survivor is safe at %s (median; 5%% to 95%%: %s to %s)%s",
                     casualties ? ";" : "In the runs,",
                     eap__clock_text(c, time.p50, at[0], sizeof(at[0])),
                     eap__clock_text(c, time.p5, at[1], sizeof(at[1])),
                     eap__clock_text(c, time.p95, at[2], sizeof(at[2])),
                     time.missing ? " in the runs where all are safe in the end" : "");
    }
    eap__buf_put(detail, ".");
}

/* The answer of a comparison: the change in that probability, paired. */
/* Casualties with A and with B, and the paired change with its interval: "everyone who
 * survives" reads better when more people die, so the answer never gives it alone. */
static void compare_casualties(const struct eap_batch_stats *st, struct text_buf *detail)
{
    long i = eap_metric_with_role(st->defs, st->metric_count, EAP_METRIC_CASUALTIES);
    struct eap_metric_summary a, bb, d;
    if (i < 0 || !role_summary(st, st->a, EAP_METRIC_CASUALTIES, &a) ||
        !role_summary(st, st->b, EAP_METRIC_CASUALTIES, &bb)) {
        return;
    }
    eap_metric_summarise_diff(&st->defs[i], &st->diff[i], &d);
    int dec = eap__interval_decimals(d.ci_lo, d.ci_hi, 1);
    eap__buf_put(detail,
                 "Casualties average %.*f with B against %.*f as it is: a change of %+.*f "
                 "(95%% interval %+.*f to %+.*f), paired run by run.",
                 dec, bb.mean, dec, a.mean, dec, d.mean, dec, d.ci_lo, dec, d.ci_hi);
}

static void compare_answer(const struct eap_summary *s, struct text_buf *b, struct text_buf *detail)
{
    const struct eap_batch_stats *st = &s->points[0];
    struct eap_metric_summary a, bb;
    char by[200], pa[160], pb[160];
    by_deadline(s->meta, by, sizeof(by));
    long i = eap_metric_with_role(st->defs, st->metric_count, EAP_METRIC_SAFE_BY_DEADLINE);
    if (i < 0 || !role_summary(st, st->a, EAP_METRIC_SAFE_BY_DEADLINE, &a) ||
        !role_summary(st, st->b, EAP_METRIC_SAFE_BY_DEADLINE, &bb)) {
        eap__buf_put(b, "No run of these measures whether everyone was safe %s.", by);
        return;
    }
    struct eap_metric_summary d;
    eap_metric_summarise_diff(&st->defs[i], &st->diff[i], &d);
    percent_with_interval(a.p, a.p_lo, a.p_hi, pa, sizeof(pa));
    percent_with_interval(bb.p, bb.p_lo, bb.p_hi, pb, sizeof(pb));
    int dec = eap__interval_decimals(100 * d.p_lo, 100 * d.p_hi, 1);
    /* B in the scenario's words where the study says them; its options as typed otherwise. */
    const char *words =
        s->meta->vs_label && s->meta->vs_label[0] ? s->meta->vs_label : s->meta->vs_overrides;
    eap__buf_put(b,
                 "With B (%s), everyone who survives is safe %s in %s of the runs, against %s "
                 "as it is: a change of %+.*f percentage points (95%% interval %+.*f to %+.*f), "
                 "paired run by run.",
                 words, by, pb, pa, dec, 100 * d.p, dec, 100 * d.p_lo, dec, 100 * d.p_hi);
    compare_casualties(st, detail);
}

/* A sweep's point p named by its values: "delay = 15 min" (", "-joined for two inputs). */
static void point_words(const struct eap_sweep *sw, size_t p, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t dim = 0; dim < sw->dim_count && used < len; dim++) {
        int w = snprintf(buf + used, len - used, "%s%s = %s", dim ? ", " : "", sw->dims[dim].label,
                         eap_sweep_value(sw, p, dim));
        used += w > 0 ? (size_t)w : 0;
    }
}

/* ", with 4.7 casualties on average (95% interval 4.4 to 4.9)" at a point, or "" without
 * them. */
static void point_casualties(const struct eap_batch_stats *st, char *buf, size_t len)
{
    struct eap_metric_summary cas;
    char m[120];
    buf[0] = '\0';
    if (role_summary(st, st->a, EAP_METRIC_CASUALTIES, &cas)) {
        mean_with_interval(&cas, m, sizeof(m));
        char *interval = strchr(m, ' ');
        snprintf(buf, len, ", with %.*s casualties on average%s", (int)(interval - m), m, interval);
    }
}

/* The points where the probability is lowest (k 0) and highest (k 1), or false. */
static bool sweep_extremes(const struct eap_summary *s, size_t at[2],
                           struct eap_metric_summary m[2])
{
    at[0] = at[1] = SIZE_MAX;
    for (size_t p = 0; p < s->point_count; p++) {
        struct eap_metric_summary x;
        const struct eap_batch_stats *st = &s->points[p];
        if (!role_summary(st, st->a, EAP_METRIC_SAFE_BY_DEADLINE, &x) || isnan(x.p)) {
            continue;
        }
        if (at[0] == SIZE_MAX || x.p < m[0].p) {
            at[0] = p, m[0] = x;
        }
        if (at[1] == SIZE_MAX || x.p > m[1].p) {
            at[1] = p, m[1] = x;
        }
    }
    return at[0] != SIZE_MAX;
}

/* The answer of a sweep: the probability at its lowest and its highest point, each with the
 * casualties there (a higher probability may come with more dead). */
/* Where the probability is the same at every point: the casualties' lowest and highest mean
 * across the points, each named by its point. */
static void sweep_casualties(const struct eap_summary *s, struct text_buf *detail)
{
    size_t at[2] = {SIZE_MAX, SIZE_MAX};
    struct eap_metric_summary m[2];
    for (size_t p = 0; p < s->point_count; p++) {
        struct eap_metric_summary x;
        const struct eap_batch_stats *st = &s->points[p];
        if (!role_summary(st, st->a, EAP_METRIC_CASUALTIES, &x)) {
            continue;
        }
        for (int k = 0; k < 2; k++) {
            if (at[k] == SIZE_MAX || (k ? x.mean > m[k].mean : x.mean < m[k].mean)) {
                at[k] = p, m[k] = x;
            }
        }
    }
    if (at[0] == SIZE_MAX) {
        return;
    }
    char c[2][120], where[2][400];
    for (int k = 0; k < 2; k++) {
        mean_with_interval(&m[k], c[k], sizeof(c[k]));
        point_words(s->sweep, at[k], where[k], sizeof(where[k]));
    }
    if (strcmp(c[0], c[1]) == 0) { /* the same as far as the intervals tell */
        eap__buf_put(detail, "Casualties average %s at every point.", c[0]);
    } else {
        eap__buf_put(detail, "Casualties average from %s (%s) to %s (%s).", c[0], where[0], c[1],
                     where[1]);
    }
}

static void sweep_answer(const struct eap_summary *s, struct text_buf *b, struct text_buf *detail)
{
    size_t at[2];
    struct eap_metric_summary m[2];
    char by[200], pr[2][160], where[2][400], cas[2][160];
    by_deadline(s->meta, by, sizeof(by));
    if (!sweep_extremes(s, at, m)) {
        eap__buf_put(b, "No run of this sweep measures whether everyone was safe %s.", by);
        return;
    }
    for (int k = 0; k < 2; k++) {
        point_words(s->sweep, at[k], where[k], sizeof(where[k]));
        point_casualties(&s->points[at[k]], cas[k], sizeof(cas[k]));
        percent_with_interval(m[k].p, m[k].p_lo, m[k].p_hi, pr[k], sizeof(pr[k]));
    }
    if (m[0].p == m[1].p) {
        eap__buf_put(b,
                     "At every one of the %zu points of the sweep, everyone who survives is safe "
                     "%s in %s of the runs.",
                     s->point_count, by, pr[0]);
        sweep_casualties(s, detail);
        return;
    }
    eap__buf_put(b,
                 "Across the %zu points of the sweep, everyone who survives is safe %s in %s of "
                 "the runs where that is lowest, at %s%s; and in %s where it is highest, at "
                 "%s%s.",
                 s->point_count, by, pr[0], where[0], cas[0], pr[1], where[1], cas[1]);
}

/* ---- the replay against the record ---- */

/* A time from the start as the run report prints it: the local clock time to the minute, with
 * its day after the first ("00:30 +1d"; seconds dropped, as a clock shows them, so the
 * difference column is that of the times shown); the offset ("T+1h28m") when the files do not
 * say when the scenario starts (clock NULL); "-" when it never came about. */
static const char *moment(struct html_cells *t, const struct eap_clock *clock, double minutes)
{
    char buf[32];
    return eap__cells_fmt(t, "%s", eap__clock_text(clock, minutes, buf, sizeof(buf)));
}

static void replay_row(struct html_cells *t, const struct eap_clock *c,
                       const struct eap_metric_summary *m, double replay, double *worst,
                       const char **worst_label, size_t *near)
{
    const char **r = eap__cells_row(t);
    char at[16];
    r[0] = m->def->label;
    r[1] = moment(t, c, m->recorded);
    r[2] = moment(t, c, replay);
    double diff = floor(replay) - floor(m->recorded);
    r[3] = isnan(replay) ? "never" : eap__cells_fmt(t, diff == 0 ? "0 min" : "%+.0f min", diff);
    r[4] = moment(t, c, m->p50);
    r[5] = eap__cells_fmt(t, "%s to %s", moment(t, c, m->p5), moment(t, c, m->p95));
    r[6] = eap__cells_fmt(t, "%s", eap__percentile_text(m->record_percentile, at, sizeof(at)));
    double gap = isnan(replay) ? INFINITY : fabs(replay - m->recorded);
    *near += gap <= NEAR_RECORD_MIN;
    if (!isnan(replay) && gap > *worst) {
        *worst = gap;
        *worst_label = m->def->label;
    }
}

/* The milestones of the record: recorded, replayed, and where the runs put them. */
static void replay_table(const struct eap_summary *s, struct html_cells *t, struct text_buf *b)
{
    static const char *const h[] = {"milestone of the record", "record",       "replay",
                                    "replay - record",         "runs: median", "runs: 5% to 95%",
                                    "record's percentile"};
    memcpy(t->header, h, sizeof(h));
    const struct eap_batch_stats *st = &s->points[0];
    double worst = 0;
    const char *worst_label = NULL;
    size_t near = 0, n = 0;
    struct eap_clock clock;
    const struct eap_clock *c = eap__summary_clock(s, &clock);
    for (size_t i = 0; i < st->metric_count; i++) {
        const struct eap_metric_def *d = &st->defs[i];
        if (d->role != EAP_METRIC_MILESTONE || !d->has_recorded) {
            continue;
        }
        struct eap_metric_summary m;
        eap_metric_summarise(d, &st->a[i], &m);
        int64_t v = s->meta->replay ? s->meta->replay[i] : EAP_METRIC_MISSING;
        replay_row(t, c, &m, v == EAP_METRIC_MISSING ? NAN : eap_metric_display(d->unit, v), &worst,
                   &worst_label, &near);
        n++;
    }
    if (n == 0) {
        eap__buf_put(b, "The scenario has no record to replay against.");
    } else if (!s->meta->replay) {
        eap__buf_put(b,
                     "These files do not hold the replay (eapsim run %s --replay shows it); "
                     "the table gives the record against the sampled runs.",
                     s->meta->file);
    } else {
        eap__buf_put(b,
                     "Replayed with every input at its recorded value, the model puts %zu of "
                     "the record's %zu milestones within %.0f minutes of their recorded time",
                     near, n, NEAR_RECORD_MIN);
        eap__buf_put(b, worst_label ? "; the largest gap is %.0f minutes (%s)." : ".", worst,
                     worst_label);
    }
}

/* ---- the opening ---- */

void eap__opening_finish(struct summary_opening *o)
{
    free(o->answer);
    free(o->detail);
    free(o->moves);
    free(o->command);
    free(o->replay_text);
    eap__cells_finish(&o->replay);
    memset(o, 0, sizeof(*o));
}

/* Whether the probability is the same (0 or 1) in every run: then nothing moves it, and a
 * sensitivity study of it would rank nothing. */
static bool probability_fixed(const struct eap_batch_stats *st)
{
    struct eap_metric_summary safe;
    return role_summary(st, st->a, EAP_METRIC_SAFE_BY_DEADLINE, &safe) &&
           (safe.p == 0 || safe.p == 1);
}

static void sensitivity_pointer(const struct eap_summary *s, struct summary_opening *o)
{
    struct text_buf b = {NULL, 0, 0, false};
    bool sets = s->meta->overrides && s->meta->overrides[0];
    bool fixed = probability_fixed(&s->points[0]);
    eap__buf_put(&b,
                 "A batch does not rank the inputs. A sensitivity study holds each uncertain "
                 "input at its 10th and then its 90th percentile and ranks the inputs by how "
                 "much they move %s%s%s:",
                 fixed ? "the time until every survivor is safe (the probability is the same in "
                         "every run, so nothing moves it)"
                       : "this probability",
                 sets ? "; give it the same --set options: " : "", sets ? s->meta->overrides : "");
    o->moves = eap__buf_take(&b);
    eap__buf_put(&b, "eapsim sensitivity %s --runs 2000 --metric %s", s->meta->file,
                 fixed ? "time_all_safe" : "all_safe_by_deadline");
    o->command = eap__buf_take(&b);
}

/* The answer, in one or two paragraphs. */
static void answer(const struct eap_summary *s, struct summary_opening *o)
{
    struct text_buf b = {NULL, 0, 0, false}, detail = {NULL, 0, 0, false};
    (s->kind == EAP_SUMMARY_SWEEP     ? sweep_answer
     : s->kind == EAP_SUMMARY_COMPARE ? compare_answer
                                      : batch_answer)(s, &b, &detail);
    o->answer = eap__buf_take(&b);
    o->detail = detail.len > 1 ? eap__buf_take(&detail) : (free(eap__buf_take(&detail)), NULL);
    o->paragraphs[0] = o->answer;
    o->paragraphs[1] = o->detail;
    o->sections[o->count++] =
        (struct eap_html_section){"The answer", o->paragraphs, o->detail ? 2 : 1, NULL, NULL};
}

bool eap__opening(const struct eap_summary *s, struct summary_opening *o)
{
    memset(o, 0, sizeof(*o));
    answer(s, o);
    if (s->kind == EAP_SUMMARY_SWEEP) { /* its table is the sweep itself */
        return o->answer != NULL;
    }
    sensitivity_pointer(s, o);
    o->paragraphs[2] = o->moves;
    o->sections[o->count++] =
        (struct eap_html_section){"What moves it most", &o->paragraphs[2], 1, o->command, NULL};
    if (!eap__cells_init(&o->replay, 7, s->points[0].metric_count)) {
        return false;
    }
    struct text_buf b = {NULL, 0, 0, false};
    replay_table(s, &o->replay, &b);
    o->replay_text = eap__buf_take(&b);
    o->paragraphs[3] = o->replay_text;
    o->replay_table = eap__cells_table(&o->replay);
    /* a comparison's sampled columns are A's, the scenario as the file has it */
    o->sections[o->count++] = (struct eap_html_section){
        s->kind == EAP_SUMMARY_COMPARE ? "The replay against the record (A, the scenario as it is)"
                                       : "The replay against the record",
        &o->paragraphs[3], 1, NULL, &o->replay_table};
    return o->answer && o->moves && o->command && o->replay_text;
}
