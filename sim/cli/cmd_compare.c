/*
 * eapsim compare: two variants of a scenario run on the same random numbers replication by
 * replication (common random numbers), so their difference is measured far more precisely
 * than two separate batches would allow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

void cli_compare_help(FILE *out)
{
    fprintf(out,
            "usage: %s compare SCENARIO --runs N [--set PATH=VALUE]... --vs-set PATH=VALUE...\n"
            "                      [--seed S] [--threads K] [--out DIR [--per-run]] [--shard K/N]\n"
            "                      [--format F] [--quiet]\n\n"
            "A is the scenario with the --set overrides; B is A with the --vs-set overrides on\n"
            "top. Both run replication r on the same random streams, and the summary gives A,\n"
            "B and the paired difference B - A for every metric with its 95%% confidence\n"
            "interval. Example: what would a memorandum of agreement have changed?\n\n"
            "  %s compare scenarios/benghazi-2012.json --runs 20000 \\\n"
            "      --vs-set request_chain/moa=true\n",
            cli_prog, cli_prog);
}

/* Runs the paired batch and reports it; rows, when given, are committed (and set to NULL).
 * Returns an exit code. */
static int run_compare(const struct study_args *a, const struct eap_scenario *sa,
                       const struct eap_scenario *sb, const struct eap_batch_meta *meta,
                       struct study_rows **rows)
{
    struct eap_batch_stats stats;
    double t0 = cli_now();
    if (!study_run(a, sa, sb, NULL, meta->first, meta->count, *rows, &stats)) {
        return 1;
    }
    int status = *rows && !study_rows_commit(*rows) ? 1 : 0;
    *rows = NULL;
    if (eap_mpi_rank0()) {
        struct eap_summary_point pt = {NULL, &stats};
        struct eap_summary s = {
            meta, "compare", NULL, 0, &pt, 1, study_interrupted || stats.completed < meta->count};
        int st = study_report(a, &s, cli_now() - t0);
        status = status ? status : st;
    }
    eap_batch_stats_finish(&stats);
    return status;
}

int cli_compare(int argc, char **argv)
{
    static const struct cli_command self = {
        "compare", "SCENARIO --runs N --vs-set PATH=VALUE...", "", NULL, NULL, false};
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int rc = study_parse(argc, argv, &a, &self, cli_compare_help, STUDY_COMPARE);
    if (rc != 0) {
        return rc < 0 ? 0 : rc;
    }
    study_catch_interrupt();
    static struct cli_sets both;
    both = a.sets;
    for (size_t i = 0; i < a.vs_sets.count; i++) {
        if (!cli_sets_add_from(&both, "--vs-set", a.vs_sets.items[i].origin)) {
            return EXIT_USAGE;
        }
    }
    struct eap_scenario *sa = cli_load(a.file, &a.sets), *sb = sa ? cli_load(a.file, &both) : NULL;
    if (!sa || !sb) {
        eap_scenario_destroy(sa);
        return EXIT_USAGE;
    }
    char ov[4096], vs[4096];
    struct eap_batch_meta meta = study_meta(&a, sa, ov, vs);
    int status = study_prepare_out(&a);
    struct study_rows *rows = NULL;
    if (status == 0 && a.per_run && !(rows = study_rows_open(a.out, sa, true))) {
        status = 1;
    }
    if (status == 0) {
        status = run_compare(&a, sa, sb, &meta, &rows);
    }
    study_rows_abort(rows);
    eap_scenario_destroy(sa);
    eap_scenario_destroy(sb);
    return status;
}
