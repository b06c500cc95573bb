/*
 * eapsim batch: Monte Carlo replications of a scenario (optionally a sweep over one or two
 * inputs), on threads, shards (--shard K/N, then eapsim merge) or MPI ranks.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "study.h"

void cli_batch_help(FILE *out)
{
    fprintf(out,
            "usage: %s batch SCENARIO --runs N [--seed S] [--threads K] [--set PATH=VALUE]...\n"
            "                    [--sweep PATH=A:B:STEP[ UNIT] | --sweep PATH=V1,V2,...]...\n"
            "                    [--out DIR [--per-run]] [--shard K/N] [--format F] [--quiet]\n\n"
            "Runs N sampled replications and prints, for every metric, the mean with its 95%%\n"
            "confidence interval, the standard deviation, min, 5th/50th/95th percentiles and max,\n"
            "and for every yes/no outcome its probability with a Wilson interval. Replication r\n"
            "of seed S is the same whatever the threads, shards or MPI ranks, so the summary\n"
            "files are identical too.\n\n"
            "  --runs N          replications (required)\n"
            "  --seed S          random seed (default 1)\n"
            "  --threads K       worker threads (default: the number of CPUs)\n"
            "  --set PATH=VALUE  change the scenario (repeatable), e.g.\n"
            "                    --set assets/isr_drone/readiness=\"30 min\"\n"
            "  --sweep SPEC      run the batch at each value of an input, one summary row per\n"
            "                    point: PATH=A:B:STEP with an optional unit (\"0:60:10 min\") or\n"
            "                    a list PATH=V1,V2,V3; twice for a two-dimensional grid\n"
            "  --out DIR         write summary.json, summary.csv, state.json, run-info.json,\n"
            "                    SVG pictures and index.html there (atomically)\n"
            "  --per-run         also write runs.csv, one row per replication\n"
            "  --shard K/N       run only shard K of N (1 <= K <= N) and write its state.json\n"
            "                    to --out; combine shards with eapsim merge\n"
            "  --format F        the summary on stdout: text (default), json or csv\n"
            "  --quiet           no progress on the terminal\n\n"
            "Under MPI (mpirun -np R %s batch ...) the ranks split the replications and rank 0\n"
            "writes the outputs. Ctrl-C stops cleanly: the summary of the completed\n"
            "replications is written, marked partial (exit status 130).\n",
            cli_prog, cli_prog);
}

/* --- sweeps --- */

struct sweep_run {
    struct eap_scenario **scns;
    struct eap_batch_stats *stats;
    const char *(*values)[STUDY_MAX_DIMS];
    size_t points;
};

/* Loads the scenario at every point first, so a bad value stops the study before it runs.
 * Returns an exit code. */
static int load_points(const struct study_args *a, struct sweep_run *r)
{
    size_t n1 = a->dim_count > 1 ? a->dims[1].count : 1;
    r->points = a->dims[0].count * n1;
    r->scns = calloc(r->points, sizeof(*r->scns));
    r->stats = calloc(r->points, sizeof(*r->stats));
    r->values = calloc(r->points, sizeof(*r->values));
    if (!r->scns || !r->stats || !r->values) {
        cli_error("out of memory");
        return 1;
    }
    for (size_t p = 0; p < r->points; p++) {
        struct cli_sets *sets = malloc(sizeof(*sets));
        if (!sets) {
            cli_error("out of memory");
            return 1;
        }
        *sets = a->sets;
        for (size_t d = 0; d < a->dim_count; d++) {
            size_t idx = d == 0 ? p / n1 : p % n1;
            char arg[512];
            snprintf(arg, sizeof(arg), "%s=%s", a->dims[d].path, a->dims[d].values[idx]);
            r->values[p][d] = a->dims[d].values[idx];
            if (!cli_sets_add_from(sets, "--sweep", arg)) {
                free(sets);
                return EXIT_USAGE;
            }
        }
        r->scns[p] = cli_load(a->file, sets);
        free(sets);
        if (!r->scns[p]) {
            return EXIT_USAGE;
        }
    }
    return 0;
}

static void free_points(struct sweep_run *r)
{
    for (size_t p = 0; p < r->points; p++) {
        if (r->scns) {
            eap_scenario_destroy(r->scns[p]);
        }
        if (r->stats) {
            eap_batch_stats_finish(&r->stats[p]);
        }
    }
    free(r->scns);
    free(r->stats);
    free(r->values);
}

static int run_sweep(const struct study_args *a, struct eap_batch_meta *meta)
{
    struct sweep_run r = {0};
    int status = load_points(a, &r);
    if (status == 0) {
        status = study_prepare_out(a);
    }
    if (status == 0) {
        struct eap_summary_point *pts = calloc(r.points, sizeof(*pts));
        const char *dims[STUDY_MAX_DIMS] = {a->dims[0].path, a->dims[1].path};
        double t0 = cli_now();
        if (!pts) {
            cli_error("out of memory");
            status = 1;
        }
        /* Points run in order; after Ctrl-C the summary holds the points that ran (the last
         * one partial unless none of its replications finished). Every MPI rank must agree
         * on when to stop, since each point is a collective run. */
        size_t done = 0;
        bool stop = eap_mpi_any(study_interrupted);
        while (pts && done < r.points && !stop) {
            if (!study_run(a, r.scns[done], NULL, NULL, 0, a->runs, NULL, &r.stats[done])) {
                status = 1;
                break;
            }
            stop = eap_mpi_any(study_interrupted);
            if (stop && r.stats[done].completed == 0) {
                break; /* every rank stops here; rank 0 leaves the empty point out */
            }
            pts[done] = (struct eap_summary_point){r.values[done], &r.stats[done]};
            done++;
            if (!a->quiet && eap_mpi_rank0()) {
                /* One line per point, so a long sweep shows where it is (and a test can
                 * interrupt it between points without guessing at timings). */
                fprintf(stderr, "sweep point %zu of %zu done\n", done, r.points);
            }
        }
        bool partial = stop || done < r.points;
        struct eap_summary s = {meta, "sweep", dims, a->dim_count, pts, done, partial};
        if (status == 0 && done > 0 && eap_mpi_rank0()) {
            status = study_report(a, &s, cli_now() - t0);
        } else if (status == 0 && stop) {
            status = 130;
        }
        free(pts);
    }
    free_points(&r);
    return status;
}

/* --- plain batches --- */

static int run_batch(const struct study_args *a, const struct eap_scenario *scn,
                     struct eap_batch_meta *meta)
{
    uint64_t first = meta->first, count = meta->count;
    struct study_rows *rows = a->per_run ? study_rows_open(a->out, scn, false) : NULL;
    if (a->per_run && !rows) {
        return 1;
    }
    struct eap_batch_stats stats;
    double t0 = cli_now();
    if (!study_run(a, scn, NULL, NULL, first, count, rows, &stats)) {
        study_rows_abort(rows);
        return 1;
    }
    double elapsed = cli_now() - t0;
    int status = 0;
    if (rows && !study_rows_commit(rows)) {
        status = 1;
    }
    if (eap_mpi_rank0()) {
        struct eap_summary_point pt = {NULL, &stats};
        bool partial = study_interrupted || stats.completed < count;
        struct eap_summary s = {meta, "batch", NULL, 0, &pt, 1, partial};
        int st = study_report(a, &s, elapsed);
        status = status ? status : st;
        if (!a->quiet) {
            fprintf(stderr, "%llu replications in %.2f s (%.0f per second, %u thread%s)\n",
                    (unsigned long long)stats.completed, elapsed,
                    elapsed > 0 ? (double)stats.completed / elapsed : 0, a->threads,
                    a->threads == 1 ? "" : "s");
        }
    }
    eap_batch_stats_finish(&stats);
    return status;
}

int cli_batch(int argc, char **argv)
{
    static const struct cli_command self = {"batch", "SCENARIO --runs N [options]", "", NULL, NULL,
                                            false};
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int rc = study_parse(argc, argv, &a, &self, cli_batch_help, STUDY_BATCH);
    if (rc != 0) {
        study_free_sweeps(&a);
        return rc < 0 ? 0 : rc;
    }
    study_catch_interrupt();
    struct eap_scenario *scn = cli_load(a.file, &a.sets);
    if (!scn) {
        study_free_sweeps(&a);
        return EXIT_USAGE;
    }
    char ov[4096], vs[4096];
    struct eap_batch_meta meta = study_meta(&a, scn, ov, vs);
    int status = a.dim_count ? run_sweep(&a, &meta) : study_prepare_out(&a);
    if (status == 0 && !a.dim_count) {
        status = run_batch(&a, scn, &meta);
    }
    eap_scenario_destroy(scn);
    study_free_sweeps(&a);
    return status;
}
