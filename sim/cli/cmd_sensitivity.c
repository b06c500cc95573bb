/*
 * eapsim sensitivity: which uncertain inputs matter most for a metric (the study is
 * eap_sensitivity_run in the library): the ranking on stdout, and with --out its files and
 * the tornado chart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

static int run_sensitivity(const struct study_args *a, const struct eap_scenario *scn, size_t m)
{
    struct study_progress prog;
    struct eap_batch_spec spec = study_spec(a, 0, a->runs, &prog);
    struct eap_sensitivity sn;
    struct eap_error err;
    double t0 = cli_now();
    bool ok = study_ran(&spec, eap_sensitivity_run(&spec, scn, m, &sn, &err), &err);
    double elapsed = cli_now() - t0;
    int status = !ok ? 1 : !sn.complete ? 130 : 0;
    if (status == 130 && eap_mpi_rank0()) {
        cli_error("sensitivity: interrupted before every input was measured; nothing written");
    } else if (status == 0 && eap_mpi_rank0()) {
        status = study_report(a, &(struct eap_study_result){NULL, &sn}, elapsed, NULL);
    }
    eap_sensitivity_finish(&sn);
    return status;
}

int cli_sensitivity(int argc, char **argv)
{
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int status = study_parse(argc, argv, &a, "sensitivity");
    struct eap_scenario *scn = status == 0 ? cli_load(a.file, &a.run.sets) : NULL;
    if (status == 0 && !scn) {
        status = EXIT_USAGE;
    }
    size_t m = 0;
    struct eap_error err;
    if (status == 0 && !eap_study_metric(scn, a.metric, &m, &err)) {
        cli_error("--metric: %s", err.msg);
        status = eap_status_exit_code(err.code);
    }
    if (status == 0 && !cli_stamp_scenario(a.file, &a.run.sets, a.run.seed, a.runs, &err)) {
        cli_error("%s", err.msg);
        status = 1;
    }
    status = status ? status : study_prepare_out(&a);
    if (status == 0) {
        status = run_sensitivity(&a, scn, m);
    }
    eap_scenario_destroy(scn);
    study_args_finish(&a);
    return status < 0 ? 0 : status;
}
