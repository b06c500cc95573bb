/*
 * eapsim: the command-line front end. Thin: parse arguments, call the library, print, and
 * map outcomes to exit codes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "eap_config.h"
#include "eapsim/batch.h"
#include "eapsim/count_of.h"
#include "eapsim/error.h"
#include "eapsim/stamp.h"
#include "synopsis.h"

/* What runs each command of the synopsis table (synopsis.c), by name. */
struct command {
    const char *name;
    int (*main)(int argc, char **argv);
    bool parallel; /* runs across MPI ranks (the others refuse to run under mpirun) */
};

static const struct command commands[] = {
    {"run", cli_run, false},           {"batch", cli_batch, true},
    {"compare", cli_compare, true},    {"sensitivity", cli_sensitivity, true},
    {"merge", cli_merge, false},       {"validate", cli_validate, false},
    {"view", cli_view, false},         {"demo", cli_demo, false},
    {"exercise", cli_exercise, false}, {"msel", cli_msel, false},
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < COUNT_OF(commands); i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

static int dispatch(int argc, char **argv, int ranks);

int main(int argc, char **argv)
{
    /* Under mpirun a build without MPI would run N independent copies writing the same
     * files. */
    if (eap_mpi_launched() && !EAP_HAVE_MPI) {
        cli_error("started by an MPI launcher, but this build has no MPI support (configure "
                  "with -Dmpi=enabled and install libopenmpi-dev)");
        return EXIT_USAGE;
    }
    int rank, size;
    if (!eap_mpi_init(&argc, &argv, &rank, &size)) {
        cli_error("started by an MPI launcher, but MPI could not start (MPI_Init failed)");
        return 1;
    }
    int rc = dispatch(argc, argv, size);
    eap_mpi_finalize();
    return rc;
}

static int dispatch(int argc, char **argv, int ranks)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;
    /* '+' stops at the first non-option: the subcommand parses its own options. */
    while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            cli_usage(stdout, NULL);
            return 0;
        case 'V':
            printf("eapsim %s (commit %s)\n", eap_stamp_version(), eap_stamp_commit());
            return 0;
        default:
            cli_usage(stderr, NULL);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_usage(stderr, NULL);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    if (strcmp(name, "help") == 0) {
        cli_help(optind + 1 < argc ? argv[optind + 1] : "");
        return 0;
    }
    const struct command *cmd = find_command(name);
    if (!cmd) {
        const char *names[COUNT_OF(commands)];
        for (size_t i = 0; i < COUNT_OF(commands); i++) {
            names[i] = commands[i].name;
        }
        const char *hint = eap_suggest(name, names, COUNT_OF(commands));
        if (hint) {
            cli_error("unknown command \"%s\"; did you mean \"%s\"?", name, hint);
        } else {
            cli_error("unknown command \"%s\"", name);
        }
        cli_usage(stderr, NULL);
        return EXIT_USAGE;
    }
    if (ranks > 1 && !cmd->parallel) {
        /* Every rank would do the same work and print (or write) the same thing. */
        if (eap_mpi_rank0()) {
            cli_error("%s runs in one process; under mpirun use batch, compare or sensitivity",
                      cmd->name);
        }
        return EXIT_USAGE;
    }
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    optind = 0; /* glibc: 0 re-initialises getopt, so the subcommand parses afresh */
    if (!cli_stamp_begin(sub_argc, sub_argv)) {
        cli_stamp_end();
        return EXIT_USAGE;
    }
    int rc = cmd->main(sub_argc, sub_argv);
    cli_stamp_end();
    return rc;
}
