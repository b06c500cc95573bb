/*
 * The numbers of the after-action report, computed from a session's record alone: the
 * session's run and the plan's run (every decision at its default) rebuilt, the objectives
 * rated, and for each decision a paired batch per option, branched where the decision fell
 * due on the session's history, later decisions at their defaults. The writers
 * (sim/report/aar*.c) only format what is here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"

static bool oom(struct eap_error *err)
{
    return eap_error_set(err, EAP_ENOMEM, "out of memory computing the after-action report");
}

static bool copy_trace(struct eap_trace *dst, const struct eap_trace *src)
{
    eap_trace_init(dst);
    for (size_t i = 0; i < src->count; i++) {
        eap_trace_append(dst, &src->events[i]);
    }
    return !dst->oom;
}

struct eap_engine *eap_exercise_branch_point(const struct eap_exercise_record *rec, size_t choice,
                                             struct eap_error *err)
{
    struct eap_engine *e = eap_engine_create(rec->scn, err);
    if (!e) {
        return NULL;
    }
    if (!eap__rebuild(e, rec, choice, true, 0, true, err)) {
        eap_engine_destroy(e);
        return NULL;
    }
    const struct eap_exercise_choice *c = &rec->choices[choice];
    if (eap_engine_pending_decision(e) != c->decision || eap_engine_now(e) != c->at) {
        eap_engine_destroy(e);
        eap_error_set(err, EAP_EINPUT,
                      "the record does not fit the run: its choice %zu is not "
                      "where the run stops next",
                      choice + 1);
        return NULL;
    }
    return e;
}

/* ---- the session's run and the plan's ---- */

static bool session_run(struct eap_exercise_aar *a, struct eap_engine *e, struct eap_error *err)
{
    const struct eap_exercise_record *rec = a->rec;
    const struct eap_scenario *scn = a->scn;
    eap_time until = rec->finished ? EAP_TIME_MAX : rec->ended;
    if (!eap__rebuild(e, rec, rec->choice_count, false, until, false, err)) {
        return false;
    }
    if (!copy_trace(&a->session, eap_engine_trace(e))) {
        return oom(err);
    }
    eap_engine_metrics(e, a->session_values);
    eap_exercise_inject_times(scn, &a->session, a->inject_times);
    for (size_t i = 0; i < scn->inject_count; i++) {
        if (a->inject_times[i] > eap_engine_now(e)) {
            a->inject_times[i] = -1; /* not due yet where the session ended */
        }
    }
    for (size_t k = 0; k < scn->objective_count; k++) {
        const struct eap_objective *o = &scn->objectives[k];
        a->ratings[k] = eap_exercise_rate(o, a->session_values[o->metric]);
    }
    return true;
}

static bool plan_run(struct eap_exercise_aar *a, struct eap_engine *e, struct eap_error *err)
{
    struct eap_engine_options opt = {.replay = a->rec->replay};
    eap_engine_reset(e, a->rec->seed, a->rec->replication, &opt);
    if (!eap_engine_run(e, err)) {
        return false;
    }
    eap_engine_metrics(e, a->plan_values);
    return copy_trace(&a->plan, eap_engine_trace(e)) || oom(err);
}

/* ---- the paired batches of one decision ---- */

/* Runs meeting each objective's target, counted from every replication's values. */
struct met_count {
    const struct eap_scenario *scn;
    uint64_t *a, *b; /* per objective */
};

static void count_row(void *ctx, uint64_t replication, const int64_t *values,
                      const int64_t *vs_values)
{
    (void)replication;
    struct met_count *m = ctx;
    for (size_t k = 0; k < m->scn->objective_count; k++) {
        const struct eap_objective *o = &m->scn->objectives[k];
        m->a[k] += eap_exercise_met(o, values[o->metric]);
        m->b[k] += vs_values && eap_exercise_met(o, vs_values[o->metric]);
    }
}

static bool alloc_option(struct eap_exercise_aar_option *o, size_t n)
{
    n = n ? n : 1;
    o->summary = calloc(n, sizeof(*o->summary));
    o->diff = calloc(n, sizeof(*o->diff));
    o->met = calloc(n, sizeof(*o->met));
    o->met_lo = calloc(n, sizeof(*o->met_lo));
    o->met_hi = calloc(n, sizeof(*o->met_hi));
    return o->summary && o->diff && o->met && o->met_lo && o->met_hi;
}

static void free_option(struct eap_exercise_aar_option *o)
{
    free(o->summary);
    free(o->diff);
    free(o->met);
    free(o->met_lo);
    free(o->met_hi);
}

/* One option's figures from its side of a paired batch: b selects side B. */
static void fill_option(struct eap_exercise_aar_option *o, const struct eap_scenario *scn,
                        const struct eap_batch_stats *st, const uint64_t *met, bool b)
{
    for (size_t k = 0; k < scn->objective_count; k++) {
        int32_t m = scn->objectives[k].metric;
        eap_metric_summarise(&scn->metrics[m], b ? &st->b[m] : &st->a[m], &o->summary[k]);
        if (b) {
            eap_metric_summarise_diff(&scn->metrics[m], &st->diff[m], &o->diff[k]);
        }
        o->met[k] = st->completed ? (double)met[k] / (double)st->completed : NAN;
        eap_stat_wilson(met[k], st->completed, 0.95, &o->met_lo[k], &o->met_hi[k]);
    }
}

/* The chosen option against option `opt`: one paired batch. */
static bool compare_option(struct eap_exercise_aar *a, struct eap_exercise_aar_decision *dd,
                           const struct eap_batch_spec *tmpl, const struct eap_engine *snap,
                           int32_t *choices, int32_t *vs_choices, int32_t opt,
                           struct eap_error *err)
{
    const struct eap_scenario *scn = a->scn;
    size_t n = scn->objective_count + 1;
    uint64_t *ma = calloc(n, sizeof(*ma)), *mb = calloc(n, sizeof(*mb));
    struct met_count mc = {scn, ma, mb};
    struct eap_batch_spec spec = *tmpl;
    spec.choices = choices;
    spec.vs_choices = vs_choices;
    spec.on_row = count_row;
    spec.row_ctx = &mc;
    vs_choices[dd->decision] = opt;
    struct eap_study_side side = {scn, NULL, snap};
    struct eap_batch_stats st;
    bool ok = ma && mb && eap_study_compare(&spec, &side, &side, &st, err);
    if (ok) {
        size_t chosen = (size_t)choices[dd->decision];
        fill_option(&dd->options[chosen], scn, &st, ma, false);
        fill_option(&dd->options[opt], scn, &st, mb, true);
        dd->runs = dd->runs && dd->runs < st.completed ? dd->runs : st.completed;
        a->complete &= st.completed == tmpl->count;
        eap_batch_stats_finish(&st);
    } else if (!ma || !mb) {
        oom(err);
    }
    free(ma);
    free(mb);
    return ok;
}

static bool decision_batches(struct eap_exercise_aar *a, size_t k,
                             const struct eap_batch_spec *tmpl, struct eap_error *err)
{
    const struct eap_scenario *scn = a->scn;
    const struct eap_exercise_choice *c = &a->rec->choices[k];
    struct eap_exercise_aar_decision *dd = &a->decisions[k];
    const struct eap_decision *dp = &scn->decisions[c->decision];
    dd->choice = k;
    dd->decision = c->decision;
    dd->options = calloc(dp->option_count, sizeof(*dd->options));
    int32_t *choices = malloc((scn->decision_count + 1) * sizeof(*choices));
    int32_t *vs = malloc((scn->decision_count + 1) * sizeof(*vs));
    bool ok = dd->options && choices && vs;
    for (size_t o = 0; ok && o < dp->option_count; o++) {
        ok = alloc_option(&dd->options[o], scn->objective_count);
        dd->options[o].chosen = (int32_t)o == c->option;
    }
    for (size_t d = 0; ok && d < scn->decision_count; d++) {
        choices[d] = vs[d] = EAP_NONE; /* later decisions at their defaults */
    }
    struct eap_engine *snap = ok ? eap_exercise_branch_point(a->rec, k, err) : NULL;
    if (!ok) {
        oom(err);
    }
    ok = ok && snap;
    if (ok) {
        choices[c->decision] = c->option;
    }
    for (size_t o = 0; ok && o < dp->option_count; o++) {
        if ((int32_t)o != c->option) {
            ok = compare_option(a, dd, tmpl, snap, choices, vs, (int32_t)o, err);
        }
    }
    eap_engine_destroy(snap);
    free(choices);
    free(vs);
    return ok;
}

/* ---- the whole ---- */

static bool alloc_aar(struct eap_exercise_aar *a, const struct eap_scenario *scn)
{
    a->session_values = calloc(scn->metric_count + 1, sizeof(*a->session_values));
    a->plan_values = calloc(scn->metric_count + 1, sizeof(*a->plan_values));
    a->inject_times = calloc(scn->inject_count + 1, sizeof(*a->inject_times));
    a->ratings = calloc(scn->objective_count + 1, sizeof(*a->ratings));
    a->decisions = calloc(a->rec->choice_count + 1, sizeof(*a->decisions));
    return a->session_values && a->plan_values && a->inject_times && a->ratings && a->decisions;
}

bool eap_exercise_aar(const struct eap_exercise_record *rec, const struct eap_batch_spec *tmpl,
                      struct eap_exercise_aar *out, struct eap_error *err)
{
    memset(out, 0, sizeof(*out));
    out->rec = rec;
    out->scn = rec->scn;
    out->seed = tmpl->seed;
    out->runs = tmpl->count;
    out->complete = true;
    struct eap_engine *e = NULL;
    bool ok = alloc_aar(out, rec->scn) || oom(err);
    ok = ok && (e = eap_engine_create(rec->scn, err)) != NULL;
    ok = ok && session_run(out, e, err) && plan_run(out, e, err);
    eap_engine_destroy(e);
    for (size_t k = 0; ok && k < rec->choice_count; k++) {
        ok = decision_batches(out, k, tmpl, err);
        out->decision_count = k + 1;
    }
    if (!ok) {
        out->decision_count = rec->choice_count; /* every one allocated may need freeing */
        eap_exercise_aar_finish(out);
    }
    return ok;
}

void eap_exercise_aar_finish(struct eap_exercise_aar *a)
{
    for (size_t k = 0; a->decisions && k < a->decision_count; k++) {
        struct eap_exercise_aar_decision *dd = &a->decisions[k];
        for (size_t o = 0; dd->options && o < a->scn->decisions[dd->decision].option_count; o++) {
            free_option(&dd->options[o]);
        }
        free(dd->options);
    }
    free(a->decisions);
    free(a->session_values);
    free(a->plan_values);
    free(a->inject_times);
    free(a->ratings);
    eap_trace_finish(&a->session);
    eap_trace_finish(&a->plan);
    memset(a, 0, sizeof(*a));
}
