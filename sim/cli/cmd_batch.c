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

static unsigned cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 1024 ? (unsigned)n : 1;
}

static bool parse_shard(const char *text, struct study_args *a)
{
    unsigned long long k, n;
    char tail;
    if (sscanf(text, "%llu/%llu%c", &k, &n, &tail) != 2) {
        cli_error("--shard: expected K/N such as 2/8, found \"%s\"", text);
        return false;
    }
    a->has_shard = true;
    a->shard_k = k;
    a->shard_n = n;
    return true;
}

/* Options shared with compare and sensitivity; returns 0, or an exit code to return. */
int study_parse(int argc, char **argv, struct study_args *a, const struct cli_command *self,
                void (*help)(FILE *), bool allow_sweep, bool allow_vs)
{
    static const struct option opts[] = {
        {"runs", required_argument, NULL, 'n'},   {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'}, {"set", required_argument, NULL, 'S'},
        {"vs-set", required_argument, NULL, 'V'}, {"sweep", required_argument, NULL, 'w'},
        {"out", required_argument, NULL, 'o'},    {"per-run", no_argument, NULL, 'p'},
        {"shard", required_argument, NULL, 'k'},  {"format", required_argument, NULL, 'f'},
        {"metric", required_argument, NULL, 'm'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    a->seed = 1;
    a->threads = cpu_count();
    uint64_t threads;
    bool runs_given = false;
    int c;
    while ((c = getopt_long(argc, argv, "n:s:t:S:V:w:o:pk:f:m:qh", opts, NULL)) != -1) {
        bool ok = true;
        switch (c) {
        case 'n':
            ok = cli_parse_u64("--runs", optarg, &a->runs);
            runs_given = true;
            break;
        case 's':
            ok = cli_parse_u64("--seed", optarg, &a->seed);
            break;
        case 't':
            ok = cli_parse_u64("--threads", optarg, &threads);
            a->threads = threads > 4096 ? 4096 : (unsigned)threads;
            break;
        case 'S':
            ok = cli_sets_add(&a->sets, optarg);
            break;
        case 'V':
            ok = allow_vs && cli_sets_add(&a->vs_sets, optarg);
            break;
        case 'w':
            if (!allow_sweep || a->dim_count == STUDY_MAX_DIMS) {
                cli_error(allow_sweep ? "--sweep: at most two dimensions"
                                      : "--sweep is for eapsim batch");
                return EXIT_USAGE;
            }
            ok = study_parse_sweep(optarg, &a->dims[a->dim_count++]);
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'p':
            a->per_run = true;
            break;
        case 'k':
            ok = parse_shard(optarg, a);
            break;
        case 'f':
            ok = eap_format_parse(optarg, &a->format);
            if (!ok) {
                cli_error("--format: expected text, json or csv, found \"%s\"", optarg);
            }
            break;
        case 'm':
            a->metric = optarg;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'h':
            help(stdout);
            return -1;
        default:
            return cli_bad_option(self, argc, argv);
        }
        if (!ok) {
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("%s: expected one scenario file", self->name);
        return cli_bad_option(self, argc, argv);
    }
    a->file = argv[optind];
    if (!runs_given) {
        cli_error("%s: --runs N is required (the number of replications)", self->name);
        return EXIT_USAGE;
    }
    if (a->has_shard && a->dim_count) {
        cli_error("--shard with --sweep is not supported: run each sweep value as a batch with "
                  "--set and its own shards");
        return EXIT_USAGE;
    }
    return study_check(a);
}

/* --- sweeps --- */

struct sweep_run {
    struct eap_scenario **scns;
    struct eap_batch_stats *stats;
    const char *(*values)[STUDY_MAX_DIMS];
    size_t points;
};

/* Loads the scenario at every point first, so a bad value stops the study before it runs. */
static bool load_points(const struct study_args *a, struct sweep_run *r)
{
    size_t n1 = a->dim_count > 1 ? a->dims[1].count : 1;
    r->points = a->dims[0].count * n1;
    r->scns = calloc(r->points, sizeof(*r->scns));
    r->stats = calloc(r->points, sizeof(*r->stats));
    r->values = calloc(r->points, sizeof(*r->values));
    if (!r->scns || !r->stats || !r->values) {
        cli_error("out of memory");
        return false;
    }
    for (size_t p = 0; p < r->points; p++) {
        struct cli_sets *sets = malloc(sizeof(*sets));
        if (!sets) {
            cli_error("out of memory");
            return false;
        }
        *sets = a->sets;
        for (size_t d = 0; d < a->dim_count; d++) {
            size_t idx = d == 0 ? p / n1 : p % n1;
            char arg[512];
            snprintf(arg, sizeof(arg), "%s=%s", a->dims[d].path, a->dims[d].values[idx]);
            r->values[p][d] = a->dims[d].values[idx];
            if (!cli_sets_add_from(sets, "--sweep", arg)) {
                free(sets);
                return false;
            }
        }
        r->scns[p] = cli_load(a->file, sets);
        free(sets);
        if (!r->scns[p]) {
            return false;
        }
    }
    return true;
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
    int status = EXIT_USAGE;
    if (load_points(a, &r)) {
        status = 0;
        struct eap_summary_point *pts = calloc(r.points, sizeof(*pts));
        const char *dims[STUDY_MAX_DIMS] = {a->dims[0].path, a->dims[1].path};
        double t0 = study_now();
        size_t done = 0;
        for (; pts && done < r.points && !study_interrupted; done++) {
            if (!study_run(a, r.scns[done], NULL, NULL, 0, a->runs, NULL, &r.stats[done])) {
                status = 1;
                break;
            }
            pts[done] = (struct eap_summary_point){r.values[done], &r.stats[done]};
        }
        bool partial = study_interrupted || done < r.points;
        struct eap_summary s = {meta, "sweep", dims, a->dim_count, pts, done, partial};
        if (status == 0 && done > 0 && (!eap_mpi_active() || eap_mpi_rank0())) {
            status = study_report(a, &s, r.scns[0], study_now() - t0);
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
    uint64_t first = 0, count = a->runs;
    if (a->has_shard) {
        eap_batch_shard_range(a->runs, a->shard_k - 1, a->shard_n, &first, &count);
    }
    meta->first = first;
    meta->count = count;
    struct study_rows *rows = a->per_run ? study_rows_open(a->out, scn, false) : NULL;
    if (a->per_run && !rows) {
        return 1;
    }
    struct eap_batch_stats stats;
    double t0 = study_now();
    if (!study_run(a, scn, NULL, NULL, first, count, rows, &stats)) {
        study_rows_abort(rows);
        return 1;
    }
    double elapsed = study_now() - t0;
    int status = 0;
    if (rows && !study_rows_commit(rows)) {
        status = 1;
    }
    if (!eap_mpi_active() || eap_mpi_rank0()) {
        struct eap_summary_point pt = {NULL, &stats};
        bool partial = study_interrupted || stats.completed < count;
        struct eap_summary s = {meta, "batch", NULL, 0, &pt, 1, partial};
        int st = study_report(a, &s, scn, elapsed);
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
    static const struct cli_command self = {"batch", "SCENARIO --runs N [options]", "", NULL,
                                            NULL};
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int rc = study_parse(argc, argv, &a, &self, cli_batch_help, true, false);
    if (rc != 0) {
        study_free_sweeps(&a);
        return rc < 0 ? 0 : rc;
    }
    study_catch_interrupt();
    char overrides[4096];
    cli_sets_join(&a.sets, overrides, sizeof(overrides));
    struct eap_scenario *scn = cli_load(a.file, &a.sets);
    if (!scn) {
        study_free_sweeps(&a);
        return EXIT_USAGE;
    }
    struct eap_batch_meta meta = {scn->id, scn->name, scn->file,
                                  study_fingerprint(a.file, &a.sets, NULL), a.seed, a.runs,
                                  0, a.runs, overrides, ""};
    int status = a.dim_count ? run_sweep(&a, &meta) : run_batch(&a, scn, &meta);
    eap_scenario_destroy(scn);
    study_free_sweeps(&a);
    return status;
}
