/*
 * eapsim run SCENARIO: one replication, replayed against the record or sampled, reported
 * as a timeline, the milestones against the record, and the outcome.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eapsim/engine.h"
#include "eapsim/report.h"
#include "eapsim/study.h"

struct run_args {
    const char *file;
    struct cli_run_options run;
    const char *until;
    enum eap_format format;
};

static int parse_args(int argc, char **argv, struct run_args *a)
{
    static const struct option opts[] = {
        CLI_LONG_REPLAY,
        CLI_LONG_SEED,
        CLI_LONG_REPLICATION,
        CLI_LONG_SET,
        {"until", required_argument, NULL, 'u'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "rs:R:u:S:f:h", opts, NULL)) != -1) {
        int taken = cli_run_option(&a->run, c, optarg);
        if (taken != 0) {
            if (taken < 0) {
                return EXIT_USAGE;
            }
            continue;
        }
        switch (c) {
        case 'u':
            a->until = optarg;
            break;
        case 'f':
            if (!eap_format_parse(optarg, &a->format)) {
                cli_error("--format: expected text, json or csv, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_help("run");
            return -1;
        default:
            return cli_bad_option("run");
        }
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "run: expected a scenario file"
                                 : "run: expected one scenario file, found several");
        return cli_bad_option("run");
    }
    a->file = argv[optind];
    return cli_run_options_check(&a->run) ? 0 : EXIT_USAGE;
}

/* The run's report on stdout. Returns the exit code. */
static int report(const struct run_args *a, const struct eap_scenario *scn,
                  const struct eap_engine *e)
{
    size_t n = scn->metric_count;
    int64_t *values = calloc(n + 1, sizeof(*values));
    if (!values) {
        cli_error("out of memory");
        return 1;
    }
    char sets[2048];
    cli_sets_join(&a->run.sets, sets, sizeof(sets));
    struct eap_error err;
    if (!cli_stamp_scenario(a->file, &a->run.sets, a->run.seed, 1, &err)) {
        cli_error("%s", err.msg);
        free(values);
        return 1;
    }
    struct eap_run_info info = {a->run.replay,     a->run.seed, a->run.replication,
                                eap_engine_now(e), sets,        cli_stamp()};
    eap_engine_metrics(e, values);
    errno = 0;
    bool ok =
        eap_report_run(stdout, a->format, scn, eap_engine_trace(e), scn->metrics, values, n, &info);
    free(values);
    if (!ok) { /* eap_report_run fails when memory runs out or stdout cannot be written */
        cli_error("cannot write the report: %s",
                  errno == ENOMEM ? "out of memory" : strerror(errno ? errno : EIO));
    }
    return ok ? 0 : 1;
}

int cli_run(int argc, char **argv)
{
    static struct run_args a;
    memset(&a, 0, sizeof(a));
    cli_run_options_init(&a.run);
    int rc = parse_args(argc, argv, &a);
    if (rc != 0) {
        return rc < 0 ? 0 : rc;
    }
    struct eap_scenario *scn = cli_load(a.file, &a.run.sets);
    if (!scn) {
        return EXIT_USAGE;
    }
    struct eap_engine_options opt = {.replay = a.run.replay};
    char why[256];
    eap_time until = 0;
    if (a.until && !eap_clock_parse_time(&scn->clock, a.until, &until, why, sizeof(why))) {
        cli_error("--until: %s", why);
        eap_scenario_destroy(scn);
        return EXIT_USAGE;
    }
    if (a.until && until <= 0) {
        cli_error("--until: \"%s\" is not after the start", a.until);
        eap_scenario_destroy(scn);
        return EXIT_USAGE;
    }
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine *e = cli_run_once(scn, &opt, until, a.run.seed, a.run.replication, &err);
    int status = e ? report(&a, scn, e) : 1;
    if (status != 0 && err.msg[0]) {
        cli_error("%s", err.msg);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(scn);
    return status;
}
