/*
 * "What are the odds from here": runs forked from the moment shown, and the spread of what
 * comes next, pure. The run shown is taken to that moment with what is under way tracked and
 * snapshotted; a batch continues the snapshot many times on its own random streams (later
 * decisions at their defaults); the fan is the 5th, 50th and 95th percentiles of when
 * everyone is safe and of when each milestone of the record comes about. The window runs the
 * batch on a worker thread (eap_viz_fork_start), so it stays responsive and can cancel.
 */
#include "eapsim/viz.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- The fan of a batch ---- */

static eap_time quantile_time(const struct eap_stat *s, double p)
{
    double q = eap_stat_quantile(s, p);
    return isnan(q) ? -1 : (eap_time)llround(q);
}

static void band_of(const struct eap_stat *s, const struct eap_metric_def *d, int32_t m,
                    eap_time from, struct eap_viz_band *b)
{
    b->metric = m;
    b->milestone = d->role == EAP_METRIC_MILESTONE ? d->subject : EAP_NONE;
    b->came = s->count;
    b->p5 = quantile_time(s, 0.05);
    b->p50 = quantile_time(s, 0.50);
    b->p95 = quantile_time(s, 0.95);
    /* What the shared history saw is the same in every run. */
    b->done = s->count > 0 && s->missing == 0 && s->max <= from;
}

/* Everyone safe first, then by median time (those that never came about last). */
static int band_order(const void *pa, const void *pb)
{
    const struct eap_viz_band *a = pa, *b = pb;
    if ((a->milestone == EAP_NONE) != (b->milestone == EAP_NONE)) {
        return a->milestone == EAP_NONE ? -1 : 1;
    }
    eap_time ta = a->came ? a->p50 : INT64_MAX, tb = b->came ? b->p50 : INT64_MAX;
    if (ta != tb) {
        return ta < tb ? -1 : 1;
    }
    return (a->metric > b->metric) - (a->metric < b->metric);
}

static bool in_fan(const struct eap_metric_def *d)
{
    return d->from_start &&
           (d->role == EAP_METRIC_TIME_ALL_SAFE || d->role == EAP_METRIC_MILESTONE);
}

bool eap_viz_fan_of(const struct eap_scenario *scn, const struct eap_batch_stats *st, eap_time from,
                    struct eap_viz_fan *out, struct eap_error *err)
{
    memset(out, 0, sizeof(*out));
    out->from = from;
    out->runs = st->completed;
    out->bands = calloc(scn->metric_count + 1, sizeof(*out->bands));
    if (!out->bands) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory for the fan");
    }
    for (size_t m = 0; m < scn->metric_count && m < st->metric_count; m++) {
        if (in_fan(&scn->metrics[m])) {
            band_of(&st->a[m], &scn->metrics[m], (int32_t)m, from, &out->bands[out->count++]);
        }
    }
    qsort(out->bands, out->count, sizeof(*out->bands), band_order);
    return true;
}

void eap_viz_fan_finish(struct eap_viz_fan *f)
{
    free(f->bands);
    memset(f, 0, sizeof(*f));
}

/* ---- The moment to fork from ---- */

struct eap_engine *eap_viz_fork_point(const struct eap_scenario *scn, const struct eap_viz_run *run,
                                      eap_time t, struct eap_error *err)
{
    struct eap_engine *e = eap_engine_create(scn, err);
    if (!e) {
        return NULL;
    }
    struct eap_engine_options opt = {.replay = run->replay, .track = true};
    eap_engine_reset(e, run->seed, run->replication, &opt);
    struct eap_engine *snap = NULL;
    /* Past the end the run is over: every branch of it is the run itself. */
    if (eap_engine_run_until(e, t, err) != EAP_RUN_FAILED) {
        snap = eap_engine_snapshot(e, err);
    }
    eap_engine_destroy(e);
    return snap;
}

/* ---- The fork on a worker thread ---- */

struct eap_viz_fork {
    struct eap_viz_fork_spec spec;
    pthread_t thread;
    atomic_int stop;
    atomic_uint_fast64_t done;
    atomic_bool over;
    bool ok;
    struct eap_batch_stats stats;
    struct eap_error err;
};

static void progress(void *ctx, uint64_t done, uint64_t total)
{
    struct eap_viz_fork *f = ctx;
    (void)total;
    atomic_store(&f->done, done);
}

static void *fork_main(void *arg)
{
    struct eap_viz_fork *f = arg;
    const struct eap_viz_fork_spec *sp = &f->spec;
    struct eap_batch_spec b = {.scn = sp->scn,
                               .seed = sp->seed,
                               .count = sp->runs,
                               .threads = sp->threads ? sp->threads : 1,
                               .from = sp->snapshot,
                               .progress = progress,
                               .progress_ctx = f,
                               .interrupt = &f->stop};
    f->ok = eap_batch_run(&b, &f->stats, &f->err);
    atomic_store(&f->done, f->ok ? f->stats.completed : 0);
    atomic_store(&f->over, true);
    return NULL;
}

struct eap_viz_fork *eap_viz_fork_start(const struct eap_viz_fork_spec *spec, struct eap_error *err)
{
    struct eap_viz_fork *f = calloc(1, sizeof(*f));
    if (!f) {
        eap_engine_destroy(spec->snapshot);
        eap_error_set(err, EAP_ENOMEM, "out of memory for the fork");
        return NULL;
    }
    f->spec = *spec;
    atomic_init(&f->stop, 0);
    atomic_init(&f->done, 0);
    atomic_init(&f->over, false);
    eap_error_clear(&f->err);
    if (pthread_create(&f->thread, NULL, fork_main, f) != 0) {
        eap_engine_destroy(spec->snapshot);
        free(f);
        eap_error_set(err, EAP_EINTERNAL, "cannot start a thread for the fork");
        return NULL;
    }
    return f;
}

bool eap_viz_fork_poll(struct eap_viz_fork *f, uint64_t *done, uint64_t *total)
{
    if (done) {
        *done = atomic_load(&f->done);
    }
    if (total) {
        *total = f->spec.runs;
    }
    return atomic_load(&f->over);
}

void eap_viz_fork_cancel(struct eap_viz_fork *f)
{
    atomic_store(&f->stop, 1);
}

bool eap_viz_fork_finish(struct eap_viz_fork *f, struct eap_viz_fan *out, struct eap_error *err)
{
    pthread_join(f->thread, NULL);
    bool ok = f->ok;
    if (!ok) {
        *err = f->err;
        memset(out, 0, sizeof(*out));
    } else {
        ok = eap_viz_fan_of(f->spec.scn, &f->stats, eap_engine_now(f->spec.snapshot), out, err);
        out->complete = f->stats.completed == f->spec.runs;
        eap_batch_stats_finish(&f->stats);
    }
    eap_engine_destroy(f->spec.snapshot);
    free(f);
    return ok;
}

bool eap_viz_fork_run(const struct eap_viz_fork_spec *spec, struct eap_viz_fan *out,
                      struct eap_error *err)
{
    struct eap_viz_fork *f = eap_viz_fork_start(spec, err);
    return f && eap_viz_fork_finish(f, out, err);
}
