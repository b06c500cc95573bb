/*
 * eapsim batch: Monte Carlo replications of a scenario (optionally a sweep over one or two
 * inputs), on threads, shards (--shard K/N, then eapsim merge) or MPI ranks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

/* One line per point, so a long sweep shows where it is (and a test can interrupt it
 * between points without guessing at timings): progress, so on a terminal only, as the
 * batches' own line (the spec has a progress callback then). */
static void point_done(void *ctx, size_t done, size_t total)
{
    const struct eap_batch_spec *spec = ctx;
    if (spec->progress && eap_mpi_rank0()) {
        fprintf(stderr, "sweep point %zu of %zu done\n", done, total);
    }
}

/* Loads every point (a bad value stops the study before it runs). Returns an exit code. */
static int load_points(const struct study_args *a, struct eap_sweep_run *r)
{
    struct eap_diag diag;
    struct eap_error err;
    eap_diag_init(&diag);
    bool ok = eap_sweep_load(r, &a->sweep, a->file, a->run.sets.items, a->run.sets.count, "--sweep",
                             &diag, &err);
    if (!ok && err.code == EAP_EINPUT) {
        cli_report_diag(a->file, &diag);
    } else if (!ok) {
        cli_error("%s", err.msg);
    }
    eap_diag_finish(&diag);
    return ok ? 0 : eap_status_exit_code(err.code);
}

/* Points run in order; after Ctrl-C the summary holds the points that ran. */
static int run_sweep(const struct study_args *a, const struct eap_batch_meta *meta)
{
    struct eap_sweep_run r = {0};
    int status = load_points(a, &r);
    status = status ? status : study_prepare_out(a);
    if (status == 0) {
        struct study_progress prog;
        struct eap_batch_spec spec = study_spec(a, 0, a->runs, &prog);
        struct eap_error err;
        double t0 = cli_now();
        bool ok = study_ran(&spec, eap_sweep_run(&r, &spec, point_done, &spec, &err), &err);
        struct eap_summary s = {meta,   EAP_SUMMARY_SWEEP, &a->sweep, r.stats,
                                r.done, r.partial,         NULL,      NULL};
        if (!ok) {
            status = 1;
        } else if (r.done > 0 && eap_mpi_rank0()) {
            status = study_report(a, &(struct eap_study_result){&s, NULL}, cli_now() - t0, NULL);
        } else if (r.partial) {
            status = 130;
        }
    }
    eap_sweep_run_finish(&r);
    return status;
}

int cli_batch(int argc, char **argv)
{
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int status = study_parse(argc, argv, &a, "batch");
    struct eap_scenario *scn = status == 0 ? cli_load(a.file, &a.run.sets) : NULL;
    struct eap_engine *history = NULL;
    if (status == 0 && !scn) {
        status = EXIT_USAGE;
    }
    status = status ? status : study_history(&a, scn, false, &history);
    if (status == 0) {
        char ov[4096], vs[4096];
        struct eap_batch_meta meta;
        status = study_meta(&a, scn, ov, vs, &meta);
        if (status == 0 && a.sweep.dim_count) {
            eap_sweep_name(&a.sweep, scn);
            status = run_sweep(&a, &meta);
        } else if (status == 0 && (status = study_prepare_out(&a)) == 0) {
            struct eap_study_side side = {scn, NULL, history};
            status = study_batch(&a, &side, NULL, &meta);
        }
    }
    eap_engine_destroy(history);
    eap_scenario_destroy(scn);
    study_args_finish(&a);
    return status < 0 ? 0 : status;
}
