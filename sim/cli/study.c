/*
 * The command line's side of batch studies: Ctrl-C, progress on a terminal, what a study's
 * files say about it, and its outputs, which the library prints to stdout and writes under
 * --out, all or nothing (eap_study_out_report, eapsim/summary.h); wall-clock figures go to
 * stderr and run-info.json only.
 */
#include "study.h"

#include "eapsim/clock.h"
#include "eapsim/hash.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by the SIGINT handler: no new block of replications starts. A lock-free atomic, so
 * the handler may set it and the worker threads read it. */
static atomic_int study_interrupted;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs a lock-free atomic_int");

/* Only an atomic store: async-signal-safe, and errno untouched. A second Ctrl-C does the
 * same; the stop is already quick (the blocks under way take milliseconds), and a kill in
 * the middle of writing the outputs would only leave temporary files behind. */
static void on_interrupt(int sig)
{
    (void)sig;
    atomic_store(&study_interrupted, 1);
}

/* Installed as the first batch is about to run: a Ctrl-C before it (while the scenario loads,
 * say) simply ends the process, with nothing to summarise. */
static void catch_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

int study_meta(const struct study_args *a, const struct eap_scenario *scn, char *ov, char *vs,
               struct eap_batch_meta *meta)
{
    cli_sets_join(&a->run.sets, ov, 4096);
    cli_sets_join(&a->vs_sets, vs, 4096);
    struct eap_batch_meta m = {scn->id, scn->name, scn->file, 0,   a->run.seed,  a->runs,
                               0,       a->runs,   ov,        vs,  a->from_desc, NULL,
                               NULL,    NULL,      NULL,      NULL};
    struct eap_error err;
    if (!cli_fingerprint(a->file, &a->run.sets, &a->vs_sets, &m.fingerprint, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    if (a->from_text) {
        m.fingerprint = eap_fnv1a(m.fingerprint, &a->from, sizeof(a->from));
    }
    cli_stamp_inputs(a->file, m.fingerprint, a->run.seed, a->runs);
    m.stamp = cli_stamp_json();
    if (!m.stamp) {
        cli_error("out of memory while making the provenance stamp");
        return 1;
    }
    m.deadline = cli_deadline(scn);
    m.vs_label = cli_vs_words(scn, &a->vs_sets);
    static char start[48];
    m.clock_start = eap_clock_format_start(&scn->clock, start, sizeof(start));
    if (!cli_replay(scn, &m.replay)) {
        return 1;
    }
    if (a->has_shard) {
        eap_batch_shard_range(a->runs, a->shard_k - 1, a->shard_n, &m.first, &m.count);
    }
    *meta = m;
    return 0;
}

/* "done / total replications, rate, time left" on one line; a study's next batch (done back
 * at its start) restarts the clock. */
static void progress(void *ctx, uint64_t done, uint64_t total)
{
    struct study_progress *p = ctx;
    if (done == 0 || done < p->last) {
        p->start = cli_now();
    }
    p->last = done;
    double t = cli_now() - p->start;
    double rate = t > 0 ? (double)done / t : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r  %llu / %llu replications  %.0f/s  %.0f s left   ",
            (unsigned long long)done, (unsigned long long)total, rate, left);
    if (done >= total) {
        fputc('\n', stderr);
    }
    fflush(stderr);
}

struct eap_batch_spec study_spec(const struct study_args *a, uint64_t first, uint64_t count,
                                 struct study_progress *prog)
{
    catch_interrupt();
    *prog = (struct study_progress){cli_now(), 0};
    return (struct eap_batch_spec){
        .seed = a->run.seed,
        .first = first,
        .count = count,
        .threads = a->threads,
        .progress = !a->quiet && isatty(STDERR_FILENO) ? progress : NULL,
        .progress_ctx = prog,
        .interrupt = &study_interrupted,
    };
}

bool study_ran(const struct eap_batch_spec *spec, bool ok, const struct eap_error *err)
{
    if (spec->progress && (!ok || study_interrupted)) {
        fputc('\n', stderr); /* the progress line ended without its newline */
    }
    if (!ok) {
        cli_error("%s", err->msg);
    }
    return ok;
}

/* --- batches and comparisons --- */

static void rate_line(const struct study_args *a, uint64_t completed, double elapsed)
{
    if (!a->quiet) {
        fprintf(stderr, "%llu replications in %.2f s (%.0f per second, %u thread%s)\n",
                (unsigned long long)completed, elapsed,
                elapsed > 0 ? (double)completed / elapsed : 0, a->threads,
                a->threads == 1 ? "" : "s");
    }
}

int study_history(struct study_args *a, const struct eap_scenario *scn, bool side_b,
                  struct eap_engine **snap)
{
    *snap = NULL;
    if (!a->from_text) {
        return 0;
    }
    struct eap_error err;
    *snap = side_b ? eap_study_history(scn, a->from, &err)
                   : eap_study_history_at(scn, a->from_text, &a->from, &err);
    if (!*snap) {
        cli_error("--from: %s", err.msg);
        return eap_status_exit_code(err.code);
    }
    eap_clock_format_moment(&scn->clock, a->from, a->from_desc, sizeof(a->from_desc));
    return 0;
}

/* The --out folder's settings (not begun): the process's stamp, the files it wrote and read,
 * the threads. */
static struct eap_study_out out_settings(const struct study_args *a)
{
    return (struct eap_study_out){
        .stamp = cli_stamp(), .written = cli_written(), .read = cli_read(), .threads = a->threads};
}

int study_batch(const struct study_args *a, const struct eap_study_side *sa,
                const struct eap_study_side *sb, const struct eap_batch_meta *meta)
{
    struct eap_study_out out = out_settings(a), *o = a->per_run ? &out : NULL;
    struct study_progress prog;
    struct eap_batch_spec spec = study_spec(a, meta->first, meta->count, &prog);
    struct eap_batch_stats stats;
    struct eap_error err;
    double t0 = cli_now();
    bool ok = eap_study_out_runs(o, a->out, &spec, sa, sb, &stats, &err);
    if (!study_ran(&spec, ok, &err)) {
        return 1;
    }
    double elapsed = cli_now() - t0;
    int status = 0;
    if (eap_mpi_rank0()) {
        bool partial = study_interrupted || stats.completed < meta->count;
        struct eap_summary s = {
            meta, sb ? EAP_SUMMARY_COMPARE : EAP_SUMMARY_BATCH, NULL, &stats, 1, partial, NULL,
            NULL};
        status = study_report(a, &(struct eap_study_result){&s, NULL}, elapsed, o);
        if (!sb) {
            rate_line(a, stats.completed, elapsed);
        }
    }
    eap_batch_stats_finish(&stats);
    return status;
}

int study_report(const struct study_args *a, const struct eap_study_result *r, double elapsed,
                 struct eap_study_out *o)
{
    struct eap_study_out own = out_settings(a);
    struct eap_error err;
    if (!eap_study_out_report(o ? o : &own, a->out, stdout, a->format, r, elapsed, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    return r->summary && r->summary->partial ? 130 : 0;
}
