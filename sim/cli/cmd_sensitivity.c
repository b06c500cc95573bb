/*
 * eapsim sensitivity: which uncertain inputs matter most for a metric (the study is
 * eap_sensitivity_run in the library): the ranking on stdout, and with --out its files and
 * the tornado chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

/* The metric named by --metric (did you mean ...), or by default the time until every
 * survivor is safe. Returns an exit code. */
static int find_metric(const struct eap_scenario *scn, const char *name, size_t *index)
{
    long m = name ? eap_metric_find(scn->metrics, scn->metric_count, name)
                  : eap_metric_with_role(scn->metrics, scn->metric_count, EAP_METRIC_TIME_ALL_SAFE);
    if (m >= 0) {
        *index = (size_t)m;
        return 0;
    }
    const char **names = calloc(scn->metric_count + 1, sizeof(*names));
    for (size_t i = 0; names && i < scn->metric_count; i++) {
        names[i] = scn->metrics[i].name;
    }
    const char *hint = names && name ? eap_suggest(name, names, scn->metric_count) : NULL;
    cli_error("--metric: no metric \"%s\"%s%s%s (see the names in eapsim run --format csv)",
              name ? name : "", hint ? "; did you mean \"" : "", hint ? hint : "",
              hint ? "\"?" : "");
    free(names);
    return EXIT_USAGE;
}

/* The --out folder: the ranking's files, the tornado chart, index.html and run-info.json,
 * all or nothing. json and csv are taken. */
static bool write_folder(const struct study_args *a, const struct eap_sensitivity *sn,
                         double elapsed, char *json, char *csv)
{
    struct eap_outdir o;
    if (!study_out_begin(a, &o)) {
        free(json);
        free(csv);
        return false;
    }
    bool ok = study_out_write(&o, "sensitivity.json", json);
    ok = ok ? study_out_write(&o, "sensitivity.csv", csv) : (free(csv), false);
    struct eap_error err;
    if (ok && !eap_sensitivity_pictures(o.stage, sn, cli_stamp(), cli_written(), &err)) {
        ok = study_out_failed(&o, &err);
    }
    /* a baseline batch, then one at each end of every input's range */
    uint64_t done = sn->runs * (1 + 2 * (uint64_t)sn->count);
    return ok && study_out_commit(a, &o, done, elapsed);
}

/* The ranking on stdout in the chosen format, and with --out its files. Returns an exit
 * code. The JSON and CSV texts are built once, for stdout and --out. */
static int write_outputs(const struct study_args *a, const struct eap_sensitivity *sn,
                         double elapsed)
{
    char *json = study_needs(a, EAP_FORMAT_JSON) ? eap_sensitivity_json(sn, cli_stamp()) : NULL;
    char *csv = study_needs(a, EAP_FORMAT_CSV) ? eap_sensitivity_csv(sn) : NULL;
    bool ok = study_print(a, json, csv) &&
              (a->format != EAP_FORMAT_TEXT || eap_sensitivity_text(stdout, sn));
    fflush(stdout);
    if (ok && a->out) {
        ok = write_folder(a, sn, elapsed, json, csv);
        json = csv = NULL;
    }
    free(json);
    free(csv);
    return ok ? 0 : 1;
}

static int run_sensitivity(const struct study_args *a, const struct eap_scenario *scn, size_t m)
{
    struct study_progress prog;
    struct eap_batch_spec spec = study_spec(a, 0, a->runs, NULL, &prog);
    struct eap_sensitivity sn;
    struct eap_error err;
    double t0 = cli_now();
    bool ok = study_ran(&spec, eap_sensitivity_run(&spec, scn, m, &sn, &err), &err);
    double elapsed = cli_now() - t0;
    int status = !ok ? 1 : !sn.complete ? 130 : 0;
    if (status == 130 && eap_mpi_rank0()) {
        cli_error("sensitivity: interrupted before every input was measured; nothing written");
    } else if (status == 0 && eap_mpi_rank0() && isnan(sn.baseline)) {
        cli_error("sensitivity: \"%s\" has no value in any replication (it never happened), "
                  "so nothing can be ranked by it",
                  scn->metrics[m].name);
        status = 1;
    } else if (status == 0 && eap_mpi_rank0()) {
        status = write_outputs(a, &sn, elapsed);
    }
    eap_sensitivity_finish(&sn);
    return status;
}

int cli_sensitivity(int argc, char **argv)
{
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int status = study_parse(argc, argv, &a, "sensitivity", STUDY_SENSITIVITY);
    struct eap_scenario *scn = status == 0 ? cli_load(a.file, &a.run.sets) : NULL;
    if (status == 0 && !scn) {
        status = EXIT_USAGE;
    }
    size_t m = 0;
    status = status ? status : find_metric(scn, a.metric, &m);
    uint64_t fingerprint;
    struct eap_error err;
    if (status == 0 && !cli_fingerprint(a.file, &a.run.sets, NULL, &fingerprint, &err)) {
        cli_error("%s", err.msg);
        status = 1;
    }
    if (status == 0) {
        cli_stamp_inputs(a.file, fingerprint, a.run.seed, a.runs);
    }
    status = status ? status : study_prepare_out(&a);
    if (status == 0) {
        study_catch_interrupt();
        status = run_sensitivity(&a, scn, m);
    }
    eap_scenario_destroy(scn);
    study_args_finish(&a);
    return status < 0 ? 0 : status;
}
