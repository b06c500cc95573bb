/*
 * What the after-action report says, section by section in HSEEP's AAR/IP order: overview,
 * objectives and ratings, decisions (what each changed, what each option would have given),
 * timeline against the plan and the record, injects, observations, improvement plan. It is
 * built once as a document (aar_doc.h) and rendered as Markdown and HTML; the numbers all come
 * from eap_exercise_aar() (exercise.h). Also the public writers of aar.h.
 */
#include "eapsim/aar.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aar_doc.h"
#include "msel_internal.h"
#include "eapsim/atomic.h"
#include "eapsim/report.h"
#include "eapsim/study.h"
#include "report_internal.h"

/* ---- values as people read them ---- */

/* When something happened ("never" for -1). */
static void when_text(const struct eap_scenario *scn, eap_time t, char *buf, size_t len)
{
    if (t < 0) {
        snprintf(buf, len, "never");
    } else {
        eap_clock_format_moment(&scn->clock, t, buf, len);
    }
}

/* One value of a metric: a clock time for times from the start, "never" when it did not
 * come about. */
static void value_text(const struct eap_scenario *scn, const struct eap_metric_def *def, int64_t v,
                       char *buf, size_t len)
{
    if (v == EAP_METRIC_MISSING) {
        snprintf(buf, len, "never");
    } else if (def->from_start) {
        eap_clock_format_moment(&scn->clock, v, buf, len);
    } else {
        eap_metric_format(def->unit, v, buf, len);
    }
}

/* "at most 35 min", "at least 12", "no": a yes/no target is its answer. */
static void target_text(const struct eap_scenario *scn, const struct eap_objective *o, char *buf,
                        size_t len)
{
    const struct eap_metric_def *def = &scn->metrics[o->metric];
    char v[64];
    value_text(scn, def, o->target, v, sizeof(v));
    static const char *const words[] = {"at most ", "at least ", ""};
    snprintf(buf, len, "%s%s", words[o->kind], v);
}

/* What an objective measures, in the scenario's words, its metric's name as a detail (unless
 * the words are the name: "casualties"). */
static void measure_text(const struct eap_metric_def *def, char *buf, size_t len)
{
    if (strcmp(def->label, def->name) == 0) {
        snprintf(buf, len, "%s", def->label);
    } else {
        snprintf(buf, len, "%s " AAR_DETAIL "(%s)" AAR_DETAIL, def->label, def->name);
    }
}

/* A span of minutes in the style of every other span of the report (eap_metric_format's):
 * "45.2 min" under an hour, "1h50m" from an hour on; signed for a difference; without the
 * unit for an interval's bounds under an hour ("[+7.4, +8.9]" after "+8.1 min"). */
static void minutes_text(double m, bool sign, bool unit, char *buf, size_t len)
{
    const char *s = m < 0 ? "-" : sign ? "+" : "";
    double a = fabs(m);
    if (a < 59.95) {
        snprintf(buf, len, "%s%.1f%s", s, a, unit ? " min" : "");
    } else {
        long t = lround(a);
        snprintf(buf, len, "%s%ldh%02ldm", s, t / 60, t % 60);
    }
}

/* A mean (display units) of a metric: a clock time, a span, a share, a count. */
static void mean_text(const struct eap_scenario *scn, const struct eap_metric_def *def, double x,
                      char *buf, size_t len)
{
    if (isnan(x)) {
        snprintf(buf, len, "-");
    } else if (def->from_start) {
        eap_clock_format_hm_day(&scn->clock, (eap_time)llround(x * EAP_MINUTE), " ", buf, len);
    } else if (def->unit == EAP_MU_FLAG) {
        snprintf(buf, len, "%.0f%%", 100 * x);
    } else if (def->unit == EAP_MU_COUNT) {
        snprintf(buf, len, "%.2f", x);
    } else {
        minutes_text(x, false, true, buf, len);
    }
}

/* "mean [lo, hi]" of one option's runs; the share of runs where it never came about. */
static void summary_text(const struct eap_scenario *scn, const struct eap_metric_summary *s,
                         char *buf, size_t len)
{
    if (s->count == 0) {
        snprintf(buf, len, "never");
        return;
    }
    if (s->def->unit == EAP_MU_FLAG) { /* a share of runs, not a mean of something */
        snprintf(buf, len, "yes in %.0f%% [%.0f, %.0f]", 100 * s->p, 100 * s->p_lo, 100 * s->p_hi);
        return;
    }
    char m[40], lo[40], hi[40];
    mean_text(scn, s->def, s->mean, m, sizeof(m));
    mean_text(scn, s->def, s->ci_lo, lo, sizeof(lo));
    mean_text(scn, s->def, s->ci_hi, hi, sizeof(hi));
    int n = snprintf(buf, len, "%s [%s, %s]", m, lo, hi);
    uint64_t all = s->count + s->missing;
    if (s->missing && n > 0 && (size_t)n < len) {
        snprintf(buf + n, len - (size_t)n, "; never in %.0f%%", 100.0 * (double)s->missing / all);
    }
}

/* A paired difference: a span, percentage points, or a count, signed. */
static void diff_text(const struct eap_metric_summary *s, char *buf, size_t len)
{
    bool flag = s->def->unit == EAP_MU_FLAG, span = !flag && s->def->unit != EAP_MU_COUNT;
    double m = flag ? s->p : s->mean, lo = flag ? s->p_lo : s->ci_lo,
           hi = flag ? s->p_hi : s->ci_hi;
    double k = flag ? 100 : 1;
    char a[40], b[40], c[40];
    if (s->count == 0 || isnan(m)) {
        snprintf(buf, len, "-");
        return;
    }
    if (span) {
        minutes_text(m, true, true, a, sizeof(a));
        minutes_text(lo, true, false, b, sizeof(b));
        minutes_text(hi, true, false, c, sizeof(c));
    } else {
        snprintf(a, sizeof(a), "%+.1f%s", k * m, flag ? " points" : "");
        snprintf(b, sizeof(b), "%+.1f", k * lo);
        snprintf(c, sizeof(c), "%+.1f", k * hi);
    }
    if (isnan(lo)) {
        snprintf(buf, len, "%s", a);
    } else {
        snprintf(buf, len, "%s [%s, %s]", a, b, c);
    }
}

static void wall_text(double s, char *buf, size_t len)
{
    long t = lround(s);
    snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

static const char *chooser_words(enum eap_chooser by)
{
    static const char *const w[] = {"at the prompt", "from the prepared answers",
                                    "by default when the countdown ran out", "as the log recorded"};
    return (unsigned)by < EAP_CHOOSER_COUNT ? w[by] : "?";
}

/* ---- 1. overview ---- */

static void run_text(const struct eap_exercise_record *r, char *buf, size_t len)
{
    if (r->replay) {
        snprintf(buf, len, "the record's replay (every input at its recorded value)");
    } else {
        snprintf(buf, len, "sampled run: seed %llu, replication %llu", (unsigned long long)r->seed,
                 (unsigned long long)r->replication);
    }
}

/* Who decided: the distinct names of the record's choices, joined. */
static void deciders(const struct eap_exercise_record *r, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->choice_count && n < len; i++) {
        const char *who = r->choices[i].who && *r->choices[i].who ? r->choices[i].who : "players";
        bool seen = false;
        for (size_t j = 0; j < i; j++) {
            const char *w = r->choices[j].who && *r->choices[j].who ? r->choices[j].who : "players";
            seen |= strcmp(w, who) == 0;
        }
        if (!seen) {
            int w = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", who);
            n += w > 0 ? (size_t)w : 0;
        }
    }
    if (!buf[0]) {
        snprintf(buf, len, "nobody: no decision was reached");
    }
}

/* The rows of the overview's table about the run itself. */
static void overview_run(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_exercise_record *r = a->rec;
    const struct eap_scenario *scn = a->scn;
    char run[160], start[64], end[64], wall[32];
    run_text(r, run, sizeof(run));
    eap_clock_format_start(&scn->clock, start, sizeof(start));
    eap_clock_format_moment(&scn->clock, r->ended, end, sizeof(end));
    wall_text(r->wall_ended, wall, sizeof(wall));
    eap__doc_cell(d, "Exercise");
    eap__doc_cell(d, "Tabletop exercise on the scenario %s", scn->name);
    eap__doc_cell(d, "Date");
    eap__doc_cell(d, "%s", r->started[0] ? r->started : "not recorded");
    eap__doc_cell(d, "Scenario");
    eap__doc_cell(d, "%s (%s), fingerprint %016llx", scn->id, scn->file ? scn->file : "",
                  (unsigned long long)r->fingerprint);
    eap__doc_cell(d, "Run");
    eap__doc_cell(d, "%s", run);
    for (size_t i = 0; i < r->override_count; i++) {
        eap__doc_cell(d, "Change to the scenario");
        eap__doc_cell(d, "--set %s", r->overrides[i]);
    }
    eap__doc_cell(d, "Simulated time");
    eap__doc_cell(d, "from %s to %s%s", start, end,
                  r->finished ? ", the end of the run" : ", where the session stopped early");
    eap__doc_cell(d, "Length of the session");
    eap__doc_cell(d, "%s (hours:minutes:seconds of wall-clock time)", wall);
}

static void overview(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_exercise_record *r = a->rec;
    char who[512], end[64];
    deciders(r, who, sizeof(who));
    eap_clock_format_moment(&a->scn->clock, r->ended, end, sizeof(end));
    size_t flagged = 0;
    for (size_t i = 0; i < r->observation_count; i++) {
        flagged += r->observations[i].flagged;
    }
    eap__doc_heading(d, 2, "1. Exercise overview");
    static const char *const head[] = {"", ""};
    eap__doc_table(d, 2, head);
    overview_run(d, a);
    eap__doc_cell(d, "Decisions taken");
    eap__doc_cell(d, "%zu of the scenario's %zu decision points, by %s", r->choice_count,
                  a->scn->decision_count, who);
    eap__doc_cell(d, "Injects delivered");
    eap__doc_cell(d, "%zu of %zu", r->shown_count, a->scn->inject_count);
    eap__doc_cell(d, "Observations");
    eap__doc_cell(d, "%zu (%zu marked for the improvement plan)", r->observation_count, flagged);
    eap__doc_cell(d, "Program");
    eap__doc_cell(d, "eapsim %s", r->program[0] ? r->program : "?");
    if (!r->finished) {
        eap__doc_para(d,
                      "The session ended before the run did (the facilitator quit, or it was "
                      "interrupted): results below are as they stood at %s, and a measure that "
                      "had not come about by then counts as never.",
                      end);
    }
}

/* ---- 2. objectives ---- */

static void rating_rule(struct aar_doc *d)
{
    eap__doc_para(d, "Each objective is judged by one measure of the run against its target, "
                     "and rated as HSEEP rates a core capability. The rule:");
    eap__doc_item(d, AAR_STRONG "P" AAR_STRONG " (%s): the target is met.",
                  eap_exercise_rating_name(EAP_RATING_P));
    eap__doc_item(d,
                  AAR_STRONG "S" AAR_STRONG
                             " (%s): the measure came about but missed the target by at most "
                             "%.0f%% of the target (of the time from the start to it, when the "
                             "target is a clock time).",
                  eap_exercise_rating_name(EAP_RATING_S), 100 * EAP_AAR_SOME);
    eap__doc_item(d, AAR_STRONG "M" AAR_STRONG " (%s): it came about but missed by more.",
                  eap_exercise_rating_name(EAP_RATING_M));
    eap__doc_item(d,
                  AAR_STRONG "U" AAR_STRONG
                             " (%s): it never came about (nobody got there, not everyone was "
                             "safe), or a yes/no target came out the other way.",
                  eap_exercise_rating_name(EAP_RATING_U));
    eap__doc_para(d, "HSEEP rates P, S and M when the task was performed, and tells them apart "
                     "by the challenges met on the way; U when it was not performed. Here the "
                     "task is performed when its measure comes about, and the challenge is how "
                     "far it fell short of the target. The rating is the model's reading of one "
                     "run; the evaluators' judgement may differ and prevails.");
}

static void objectives(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    eap__doc_heading(d, 2, "2. Objectives and ratings");
    if (scn->objective_count == 0) {
        eap__doc_para(d, "The scenario sets no objectives.");
        return;
    }
    rating_rule(d);
    static const char *const head[] = {"Objective", "Capability", "Measure",       "Target",
                                       "Result",    "Rating",     "The plan alone"};
    eap__doc_table(d, 7, head);
    for (size_t k = 0; k < scn->objective_count; k++) {
        const struct eap_objective *o = &scn->objectives[k];
        const struct eap_metric_def *def = &scn->metrics[o->metric];
        char target[96], got[96], plan[96], measure[300];
        target_text(scn, o, target, sizeof(target));
        value_text(scn, def, a->session_values[o->metric], got, sizeof(got));
        value_text(scn, def, a->plan_values[o->metric], plan, sizeof(plan));
        measure_text(def, measure, sizeof(measure));
        eap__doc_cell(d, "%s", o->text);
        eap__doc_cell(d, "%s", o->capability ? o->capability : "-");
        eap__doc_cell(d, "%s", measure);
        eap__doc_cell(d, "%s", target);
        eap__doc_cell(d, "%s", got);
        eap__doc_cell(d, "%c", eap_exercise_rating_letter(a->ratings[k]));
        eap__doc_cell(d, "%s (%c)", plan,
                      eap_exercise_rating_letter(eap_exercise_rate(o, a->plan_values[o->metric])));
    }
    eap__doc_para(d, "\"The plan alone\" is the same run (the same scenario, seed and random "
                     "numbers) with every decision at its default: what the plan would have "
                     "given without the players' choices.");
}

/* ---- 3. decisions ---- */

/* A plan action or tripwire as people know it: its tripwire's name, and the id as a
 * detail (the id alone when the tripwire has no name). */
static void plan_text(const struct eap_scenario *scn, int32_t tripwire, const char *id, char *buf,
                      size_t len)
{
    const char *name = tripwire != EAP_NONE ? scn->tripwires[tripwire].name : NULL;
    int n = name ? snprintf(buf, len, "\"%s\" " AAR_DETAIL "(%s)" AAR_DETAIL, name, id)
                 : snprintf(buf, len, "%s", id);
    if (n >= (int)len) {
        buf[len - 1] = '\0';
    }
}

/* What an option's change does, in words. */
static void change_text(const struct eap_scenario *scn, const struct eap_change *ch, char *buf,
                        size_t len)
{
    char name[EAP_PATH_MAX], v[64], what[256];
    if (ch->kind == EAP_CHANGE_SET_INPUT) {
        const struct eap_input *in = &scn->inputs[ch->value];
        eap_study_input_label(scn, scn->inputs[ch->target].path, name, sizeof(name));
        eap_units_format(in->unit, in->replay_value, v, sizeof(v));
        const char *about = in->dist.kind == EAP_DIST_FIXED ? "" : "about ";
        if (snprintf(buf, len, "%s becomes %s%s", name, about, v) >= (int)len) {
            buf[len - 1] = '\0';
        }
        return;
    }
    if (ch->kind == EAP_CHANGE_SET_MOA) {
        snprintf(buf, len, "the request chain works %s a memorandum of agreement",
                 ch->flag ? "with" : "without");
        return;
    }
    bool action = ch->kind == EAP_CHANGE_START || ch->kind == EAP_CHANGE_CANCEL ||
                  ch->kind == EAP_CHANGE_DELAY;
    if (action) {
        const struct eap_action *ac = &scn->actions[ch->target];
        plan_text(scn, ac->tripwire, ac->id, what, sizeof(what));
    } else {
        plan_text(scn, ch->target, scn->tripwires[ch->target].id, what, sizeof(what));
    }
    eap_units_format(EAP_Q_DURATION, (double)ch->delay, v, sizeof(v));
    static const char *const verbs[EAP_CHANGE_KIND_COUNT] = {
        [EAP_CHANGE_START] = "the plan's action %s starts now",
        [EAP_CHANGE_CANCEL] = "the plan's action %s is cancelled",
        [EAP_CHANGE_DELAY] = "the plan's action %s runs %s later",
        [EAP_CHANGE_ENABLE] = "the plan's tripwire %s is armed",
        [EAP_CHANGE_DISARM] = "the plan's tripwire %s is disarmed",
        [EAP_CHANGE_FIRE] = "the plan's tripwire %s fires now"};
    if (snprintf(buf, len, verbs[ch->kind], what, v) >= (int)len) {
        buf[len - 1] = '\0';
    }
}

static void decision_intro(struct aar_doc *d, const struct eap_exercise_aar *a,
                           const struct eap_exercise_aar_decision *dd)
{
    const struct eap_scenario *scn = a->scn;
    const struct eap_exercise_choice *c = &a->rec->choices[dd->choice];
    const struct eap_decision *dp = &scn->decisions[dd->decision];
    const struct eap_option *o = &dp->options[c->option];
    char at[64], wall[32];
    eap_clock_format_moment(&scn->clock, c->at, at, sizeof(at));
    wall_text(c->wall, wall, sizeof(wall));
    eap__doc_heading(d, 3, "3.%zu %s", dd->choice + 1, dp->prompt);
    eap__doc_para(d,
                  "At %s, %s chose " AAR_STRONG "%s" AAR_STRONG
                  " %s, %s into the session (the default was \"%s\").",
                  at, c->who && *c->who ? c->who : "the players", o->label, chooser_words(c->by),
                  wall, dp->options[dp->default_option].label);
    if (o->note || dp->note) {
        eap__doc_para(d, "What the plan says: %s", o->note ? o->note : dp->note);
    }
    if (o->change_count == 0) {
        eap__doc_para(d, "What it changed: nothing; the plan went on as written.");
        return;
    }
    eap__doc_para(d, "What it changed, from that moment on:");
    for (size_t k = 0; k < o->change_count; k++) {
        char t[256];
        change_text(scn, &o->changes[k], t, sizeof(t));
        eap__doc_item(d, "%s", t);
    }
}

static void option_rows(struct aar_doc *d, const struct eap_exercise_aar *a,
                        const struct eap_exercise_aar_decision *dd)
{
    const struct eap_scenario *scn = a->scn;
    const struct eap_decision *dp = &scn->decisions[dd->decision];
    static const char *const head[] = {"Option", "Objective", "The measure: mean [95% CI]",
                                       "Runs meeting the target [95% CI]",
                                       "Against the chosen option [95% CI]"};
    eap__doc_table(d, 5, head);
    for (size_t c = 2; c < 5; c++) {
        eap__doc_numeric(d, c);
    }
    for (size_t o = 0; o < dp->option_count; o++) {
        const struct eap_exercise_aar_option *op = &dd->options[o];
        for (size_t k = 0; k < scn->objective_count; k++) {
            char s[128], diff[160] = "-";
            summary_text(scn, &op->summary[k], s, sizeof(s));
            if (!op->chosen) {
                diff_text(&op->diff[k], diff, sizeof(diff));
            }
            eap__doc_cell(d, "%s%s", k ? "" : dp->options[o].label,
                          k == 0 && op->chosen ? " (chosen)" : "");
            eap__doc_cell(d, "%s", scn->objectives[k].text);
            eap__doc_cell(d, "%s", s);
            eap__doc_cell(d, "%.0f%% [%.0f, %.0f]", 100 * op->met[k], 100 * op->met_lo[k],
                          100 * op->met_hi[k]);
            eap__doc_cell(d, "%s", diff);
        }
    }
}

static void decisions(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    eap__doc_heading(d, 2, "3. Decisions and what the other options would have given");
    if (a->decision_count == 0) {
        eap__doc_para(d, "No decision was taken in this session.");
        return;
    }
    eap__doc_para(d,
                  "For each decision, every option was run %llu times from the moment the "
                  "decision fell due, on the session's history up to it (what had happened "
                  "stays; what was under way is redrawn given how long it had lasted), with "
                  "every later decision at its default. Replication r of every option uses "
                  "the same random numbers (seed %llu), so the differences against the chosen "
                  "option are paired. Means are over the runs where the measure came about.%s",
                  (unsigned long long)a->runs, (unsigned long long)a->seed,
                  a->complete ? "" : " The batches were interrupted: fewer runs completed.");
    for (size_t k = 0; k < a->decision_count; k++) {
        decision_intro(d, a, &a->decisions[k]);
        if (a->scn->objective_count > 0) {
            option_rows(d, a, &a->decisions[k]);
        }
    }
}

/* ---- 4. timeline ---- */

static void milestone_rows(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    struct eap_milestone_result *ses = calloc(scn->record_count + 1, sizeof(*ses));
    struct eap_milestone_result *plan = calloc(scn->record_count + 1, sizeof(*plan));
    if (!ses || !plan) {
        d->oom = true;
    } else {
        eap_report_milestones(scn, &a->session, ses);
        eap_report_milestones(scn, &a->plan, plan);
    }
    static const char *const head[] = {"Milestone", "Record", "Plan", "Session",
                                       "Session - record"};
    eap__doc_table(d, 5, head);
    eap__doc_numeric(d, 4);
    for (size_t i = 0; ses && plan && i < scn->record_count; i++) {
        const struct eap_milestone *m = &scn->record[i];
        char rec[48], p[48], s[48];
        eap_clock_format_moment(&scn->clock, m->time, rec, sizeof(rec));
        when_text(scn, plan[i].simulated, p, sizeof(p));
        when_text(scn, ses[i].simulated, s, sizeof(s));
        eap__doc_cell(d, "%zu. %s", i + 1, m->label);
        eap__doc_cell(d, "%s", rec);
        eap__doc_cell(d, "%s", p);
        eap__doc_cell(d, "%s", s);
        if (ses[i].simulated < 0) {
            eap__doc_cell(d, "-");
        } else {
            eap__doc_cell(d, "%+.0f min", (double)(ses[i].simulated - m->time) / EAP_MINUTE);
        }
    }
    free(ses);
    free(plan);
}

static void timeline(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    eap__doc_heading(d, 2, "4. Timeline against the plan and the record");
    eap__doc_para(d, "The session's run beside the plan's run (every decision at its default) "
                     "and the milestones of the public record. Injects are numbered as in the "
                     "MSEL; decisions are marked where they fell due.");
    eap__doc_timeline(d);
    if (a->scn->record_count > 0) {
        milestone_rows(d, a);
    }
}

/* ---- the session's events ---- */

/* Everything that happened, in time order: the run's events, the injects delivered and the
 * observations (at one instant: events, then injects, then observations). */
static void events(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    const struct eap_exercise_record *r = a->rec;
    eap__doc_heading(d, 3, "What happened in the session");
    static const char *const head[] = {"Time", "What"};
    eap__doc_table(d, 2, head);
    size_t i = 0, j = 0, k = 0;
    const struct eap_trace *t = &a->session;
    for (;;) {
        eap_time te = i < t->count ? t->events[i].time : EAP_TIME_MAX + 1;
        eap_time tj = j < r->shown_count ? r->shown[j].at : EAP_TIME_MAX + 1;
        eap_time tk = k < r->observation_count ? r->observations[k].at : EAP_TIME_MAX + 1;
        eap_time at = te < tj ? (te < tk ? te : tk) : (tj < tk ? tj : tk);
        if (at > EAP_TIME_MAX) {
            break;
        }
        char when[48], line[512];
        eap_clock_format_moment(&scn->clock, at, when, sizeof(when));
        if (te == at) {
            const struct eap_trace_event *ev = &t->events[i++];
            if (!eap_trace_in_timeline(ev)) {
                continue;
            }
            eap_trace_describe(scn, ev, line, sizeof(line));
            eap__doc_cell(d, "%s", when);
            eap__doc_cell(d, "%s", line);
        } else if (tj == at) {
            const struct eap_inject *in = &scn->injects[r->shown[j++].inject];
            eap__doc_cell(d, "%s", when);
            eap__doc_cell(d, "Inject %d, %s to %s: %s", in->number, in->from, in->to, in->text);
        } else {
            const struct eap_exercise_observation *o = &r->observations[k++];
            eap__doc_cell(d, "%s", when);
            eap__doc_cell(d, "Observation%s: %s", o->flagged ? " (for the improvement plan)" : "",
                          o->text);
        }
    }
}

/* ---- 5. injects, 6. observations ---- */

static void injects(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    eap__doc_heading(d, 2, "5. Injects (MSEL)");
    if (scn->inject_count == 0) {
        eap__doc_para(d, "The scenario has no injects.");
        return;
    }
    static const char *const head[] = {
        "No.", "Time", "From", "To", "Method", "Message", "Expected action", "Capability"};
    eap__doc_table(d, 8, head);
    eap__doc_numeric(d, 0);
    for (size_t i = 0; i < scn->inject_count; i++) {
        const struct eap_inject *in = &scn->injects[i];
        char when[48];
        when_text(scn, a->inject_times[i], when, sizeof(when));
        eap__doc_cell(d, "%d", in->number);
        eap__doc_cell(d, "%s", a->inject_times[i] < 0 ? "not reached" : when);
        eap__doc_cell(d, "%s", in->from);
        eap__doc_cell(d, "%s", in->to);
        eap__doc_cell(d, "%s", eap__msel_method_words(in->method));
        eap__doc_cell(d, "%s", in->text);
        eap__doc_cell(d, "%s", in->expected_action ? in->expected_action : "-");
        eap__doc_cell(d, "%s", in->capability ? in->capability : "-");
    }
}

static void observations(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_exercise_record *r = a->rec;
    eap__doc_heading(d, 2, "6. Observations");
    if (r->observation_count == 0) {
        eap__doc_para(d, "The facilitator recorded no observations.");
        return;
    }
    static const char *const head[] = {"Time", "Into the session", "Observation",
                                       "For the improvement plan"};
    eap__doc_table(d, 4, head);
    for (size_t i = 0; i < r->observation_count; i++) {
        const struct eap_exercise_observation *o = &r->observations[i];
        char when[48], wall[32];
        eap_clock_format_moment(&a->scn->clock, o->at, when, sizeof(when));
        wall_text(o->wall, wall, sizeof(wall));
        eap__doc_cell(d, "%s", when);
        eap__doc_cell(d, "%s", wall);
        eap__doc_cell(d, "%s", o->text);
        eap__doc_cell(d, "%s", o->flagged ? "yes" : "no");
    }
}

/* ---- 7. improvement plan ---- */

/* Where the runs point for objective k: the option of any decision that met its target most
 * often, when clearly more often than the choice did (their intervals apart). */
static void lead_text(const struct eap_exercise_aar *a, size_t k, char *buf, size_t len)
{
    snprintf(buf, len, "to be decided");
    double best = 0;
    for (size_t i = 0; i < a->decision_count; i++) {
        const struct eap_exercise_aar_decision *dd = &a->decisions[i];
        const struct eap_decision *dp = &a->scn->decisions[dd->decision];
        const struct eap_exercise_aar_option *ch = &dd->options[a->rec->choices[dd->choice].option];
        for (size_t o = 0; o < dp->option_count; o++) {
            const struct eap_exercise_aar_option *op = &dd->options[o];
            if (!op->chosen && op->met_lo[k] > ch->met_hi[k] && op->met[k] - ch->met[k] > best) {
                best = op->met[k] - ch->met[k];
                snprintf(buf, len,
                         "to be decided; the runs point to \"%s\" at \"%s\": it met "
                         "the target in %.0f%% of runs, against %.0f%% for the choice",
                         dp->options[o].label, dp->prompt, 100 * op->met[k], 100 * ch->met[k]);
            }
        }
    }
}

/* The columns HSEEP's improvement plan leaves to the organisations. */
static void to_fill(struct aar_doc *d)
{
    eap__doc_cell(d, "(to fill: planning, organization, equipment, training or exercises)");
    for (int i = 0; i < 4; i++) {
        eap__doc_cell(d, "(to fill)");
    }
}

static void improvement_plan(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    const struct eap_scenario *scn = a->scn;
    const struct eap_exercise_record *r = a->rec;
    eap__doc_heading(d, 2, "7. Improvement plan");
    eap__doc_para(d, "One row per objective not rated P and per observation marked for the "
                     "plan, in the columns of HSEEP's improvement plan. The model knows the "
                     "issue; the corrective action, the capability element, who is responsible "
                     "and the dates are for the facilitator and the post to fill in.");
    static const char *const head[] = {"Capability",
                                       "Issue / area for improvement",
                                       "Corrective action",
                                       "Capability element",
                                       "Primary responsible organization",
                                       "Organization point of contact",
                                       "Start date",
                                       "Completion date"};
    eap__doc_table(d, 8, head);
    for (size_t k = 0; k < scn->objective_count; k++) {
        const struct eap_objective *o = &scn->objectives[k];
        if (a->ratings[k] == EAP_RATING_P) {
            continue;
        }
        char got[96], target[96], lead[512];
        value_text(scn, &scn->metrics[o->metric], a->session_values[o->metric], got, sizeof(got));
        target_text(scn, o, target, sizeof(target));
        lead_text(a, k, lead, sizeof(lead));
        eap__doc_cell(d, "%s", o->capability ? o->capability : "-");
        eap__doc_cell(d, "%s: %s against a target of %s (rated %c)", o->text, got, target,
                      eap_exercise_rating_letter(a->ratings[k]));
        eap__doc_cell(d, "%s", lead);
        to_fill(d);
    }
    for (size_t i = 0; i < r->observation_count; i++) {
        const struct eap_exercise_observation *ob = &r->observations[i];
        if (ob->flagged) {
            char when[48];
            eap_clock_format_moment(&scn->clock, ob->at, when, sizeof(when));
            eap__doc_cell(d, "-");
            eap__doc_cell(d, "Observed at %s: %s", when, ob->text);
            eap__doc_cell(d, "to be decided");
            to_fill(d);
        }
    }
}

/* ---- the whole ---- */

bool eap__aar_document(struct aar_doc *d, const struct eap_exercise_aar *a)
{
    memset(d, 0, sizeof(*d));
    d->aar = a;
    eap__doc_heading(d, 1, "After-action report: %s", a->scn->name);
    eap__doc_para(d, "A tabletop exercise run on eapsim, reported in the structure of HSEEP's "
                     "after-action report and improvement plan (AAR/IP). The consequences of "
                     "the players' decisions are the model's: the scenario's engine ran them "
                     "from the moment each was taken.");
    overview(d, a);
    objectives(d, a);
    decisions(d, a);
    timeline(d, a);
    events(d, a);
    injects(d, a);
    observations(d, a);
    improvement_plan(d, a);
    eap__doc_para(d,
                  "Written by eapsim %s from the session's record; the same log gives the "
                  "same report (eapsim exercise --replay-log).",
                  a->rec->program[0] ? a->rec->program : "");
    return !d->oom;
}

typedef bool render_fn(FILE *f, const struct aar_doc *d);

/* The last section: how the report was made (stamp.h), one field a row. */
static void provenance(struct aar_doc *d, const struct eap_stamp *stamp)
{
    static const char *const header[] = {"Field", "Value"};
    eap__doc_heading(d, 2, "How this report was made");
    eap__doc_table(d, 2, header);
    const char *key;
    char value[1024];
    for (size_t i = 0; eap_stamp_field(stamp, i, &key, value, sizeof(value)); i++) {
        eap__doc_cell(d, "%s", key);
        eap__doc_cell(d, "%s", value);
    }
}

static bool render(FILE *out, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                   render_fn *fn, struct eap_error *err)
{
    struct aar_doc d;
    bool ok = eap__aar_document(&d, a);
    if (ok && stamp) {
        provenance(&d, stamp);
        ok = !d.oom;
    }
    errno = 0;
    if (!ok || !fn(out, &d)) {
        bool oom = !ok || errno == ENOMEM;
        ok = eap_error_set(err, oom ? EAP_ENOMEM : EAP_EIO,
                           oom ? "out of memory writing the after-action report"
                               : "cannot write the after-action report");
    }
    eap__doc_finish(&d);
    return ok;
}

bool eap_aar_markdown(FILE *out, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                      struct eap_error *err)
{
    return render(out, a, stamp, eap__aar_render_md, err);
}

bool eap_aar_html(FILE *out, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                  struct eap_error *err)
{
    return render(out, a, stamp, eap__aar_render_html, err);
}

static bool write_one(const char *dir, const char *name, const struct eap_exercise_aar *a,
                      const struct eap_stamp *stamp, render_fn *fn, struct eap_error *err)
{
    char path[1024];
    eap__path_in(dir, name, path, sizeof(path));
    struct eap_atomic_file af;
    FILE *f = eap_atomic_open(&af, path, err);
    if (!f) {
        return false;
    }
    if (!render(f, a, stamp, fn, err)) {
        eap_atomic_abort(&af);
        return false;
    }
    return eap_atomic_commit(&af, err);
}

bool eap_aar_write(const char *dir, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                   struct eap_error *err)
{
    struct eap_outdir o;
    if (!eap_outdir_begin(&o, dir, err)) {
        return false;
    }
    /* Both files or neither: a report whose HTML failed must not sit beside an older .md. */
    if (write_one(o.stage, "aar.md", a, stamp, eap__aar_render_md, err) &&
        write_one(o.stage, "aar.html", a, stamp, eap__aar_render_html, err)) {
        return eap_outdir_commit(&o, NULL, NULL, err);
    }
    eap_outdir_explain(&o, err);
    eap_outdir_abort(&o);
    return false;
}
