/*
 * eapsim exercise SCENARIO: a facilitated tabletop exercise in the terminal. This file parses
 * the command line and runs the session in the terminal; setting it up (fresh, resumed from a
 * log, or a log replayed, with prepared answers) and writing what it leaves (the log, the
 * run's report, the after-action report) are exercise_setup.c's, which the window shares,
 * and the session itself runs in cmd_exercise_loop.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd_exercise.h"

/* --- the command line --- */

static int parse_args(int argc, char **argv, struct ex_args *a)
{
    static const struct option opts[] = {
        CLI_LONG_REPLAY,    CLI_LONG_SEED,   CLI_LONG_REPLICATION,
        CLI_LONG_SET,       EX_LONG_OPTIONS, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "rs:R:S:h", opts, NULL)) != -1) {
        if (c == 'h') {
            cli_help("exercise");
            return -1;
        }
        int taken = cli_run_option(&a->run, c, optarg);
        taken = taken ? taken : ex_take_option(a, c, optarg);
        if (taken <= 0) {
            return taken < 0 ? EXIT_USAGE : cli_bad_option("exercise");
        }
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "exercise: expected a scenario file"
                                 : "exercise: expected one scenario file, found several");
        return cli_bad_option("exercise");
    }
    a->file = argv[optind];
    if (a->answers && !a->pace_given) { /* a rehearsal: nobody waits for 60x */
        a->pace = EX_PACE_MAX;
        snprintf(a->pace_text, sizeof(a->pace_text), "max");
    }
    const char *why = ex_conflict(a);
    if (why) {
        cli_error("%s", why);
        return EXIT_USAGE;
    }
    return cli_run_options_check(&a->run) ? 0 : EXIT_USAGE;
}

/* --- the session --- */

static void banner(const struct ex_run *r)
{
    const struct eap_exercise_record *rec = eap_exercise_session_record(r->s);
    printf("EXERCISE: %s\n", r->scn->name);
    if (rec->replay) {
        printf("  The record's replay: every input at its recorded value.\n");
    } else {
        printf("  Sampled run: seed %llu, replication %llu.\n", (unsigned long long)rec->seed,
               (unsigned long long)rec->replication);
    }
    printf("  Pace %s. Facilitator's view: expected actions and controller notes are shown.\n",
           r->args->pace_text);
    if (r->log_rec) {
        printf("  Replaying the log %s (%zu decisions).\n", r->args->replay_log,
               r->log_rec->choice_count);
    } else if (r->args->resume) {
        char hm[32];
        eap_clock_format_moment(&r->scn->clock, eap_exercise_now(r->s), hm, sizeof(hm));
        printf("  Resumed from %s at %s, after %zu decisions.\n", r->args->resume, hm,
               rec->choice_count);
    }
    if (r->scn->inject_count == 0 && r->scn->decision_count == 0) {
        printf("  This scenario has no injects or decisions (no \"exercise\" section): the run "
               "plays without stopping.\n");
    }
    if (r->args->pace != EX_PACE_MAX) {
        printf("  Keys: p pause, s skip to the next event, n note, q quit, h help.\n");
    }
}

static int run(struct ex_setup *u, struct ex_run *r)
{
    int rc = ex_setup_open(u, r);
    if (rc != 0) {
        return rc;
    }
    banner(r);
    ex_signals_install();
    ex_term_open(&r->term);
    bool ran = ex_loop(r);
    ex_term_close(&r->term);
    return ex_finish(r, ran);
}

int cli_exercise(int argc, char **argv)
{
    static struct ex_args a;
    ex_args_init(&a);
    int rc = parse_args(argc, argv, &a);
    if (rc != 0) {
        return rc < 0 ? 0 : rc;
    }
    struct ex_setup u = {.a = &a};
    struct ex_run r = {.args = &a, .transcript = true};
    rc = ex_setup_load(&u);
    r.scn = u.scn;
    if (rc == 0) {
        rc = run(&u, &r);
    }
    ex_setup_free(&u, &r);
    return rc;
}
