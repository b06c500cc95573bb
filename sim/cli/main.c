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
#include "eapsim/error.h"

const char *cli_prog = "eapsim";

static const struct cli_command commands[] = {
    {"run", "SCENARIO [--replay] [--seed N] [--until TIME] [--set PATH=VALUE]... [--format F]",
     "run a scenario once: timeline, milestones against the record, outcome", cli_run, cli_run_help,
     false},
    {"batch", "SCENARIO --runs N [--threads K] [--sweep SPEC] [--out DIR] [--shard K/N] ...",
     "Monte Carlo replications: means, intervals, percentiles, sweeps", cli_batch, cli_batch_help,
     true},
    {"compare", "SCENARIO --runs N [--set ...] --vs-set PATH=VALUE...",
     "paired comparison of two variants on common random numbers", cli_compare, cli_compare_help,
     true},
    {"sensitivity", "SCENARIO --runs N [--metric NAME]",
     "rank the uncertain inputs by their effect on a metric (tornado)", cli_sensitivity,
     cli_sensitivity_help, true},
    {"merge", "SHARD... --out DIR", "combine --shard outputs into one summary", cli_merge,
     cli_merge_help, false},
    {"validate", "SCENARIO... [--set PATH=VALUE]...",
     "check scenario files and report every problem, located", cli_validate, cli_validate_help,
     false},
    {"view", "SCENARIO [--replay] [--seed N] [--set PATH=VALUE]... [--screenshot F --at TIME]",
     "show a run on a map with a timeline and event log (window, or headless PNG)", cli_view,
     cli_view_help, false},
    {"demo", "mm1 [--customers N] [--seed S]", "run the M/M/1 queue example on the event kernel",
     cli_demo, cli_demo_help, false},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cli_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_usage(FILE *out, const struct cli_command *cmd)
{
    if (cmd) {
        fprintf(out, "usage: %s %s %s\n", cli_prog, cmd->name, cmd->args);
        return;
    }
    fprintf(out,
            "usage: %s [--help] [--version] COMMAND [ARGS]\n\n"
            "eapsim simulates emergency action plans: attacks on diplomatic posts and the\n"
            "responses to them, replayed against the public record or sampled in batches.\n\n"
            "commands:\n",
            cli_prog);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out, "\nRun '%s COMMAND --help' for a command's options.\n", cli_prog);
}

int cli_bad_option(const struct cli_command *cmd)
{
    cli_usage(stderr, cmd);
    fprintf(stderr, "Run '%s %s --help' for details.\n", cli_prog, cmd->name);
    return EXIT_USAGE;
}

bool cli_parse_u64(const char *option, const char *text, uint64_t *out)
{
    char *end;
    if (text[0] == '\0' || text[0] == '-' || text[0] == '+') {
        cli_error("%s: expected a non-negative integer, found \"%s\"", option, text);
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || errno == ERANGE) {
        cli_error("%s: expected a non-negative integer, found \"%s\"", option, text);
        return false;
    }
    *out = v;
    return true;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const struct cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
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
            printf("eapsim %s\n", EAP_VERSION);
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
        const struct cli_command *cmd = optind + 1 < argc ? find_command(argv[optind + 1]) : NULL;
        if (cmd && cmd->help) {
            cmd->help(stdout);
        } else {
            cli_usage(stdout, NULL);
        }
        return 0;
    }
    const struct cli_command *cmd = find_command(name);
    if (!cmd) {
        const char *names[NCOMMANDS];
        for (size_t i = 0; i < NCOMMANDS; i++) {
            names[i] = commands[i].name;
        }
        const char *hint = eap_suggest(name, names, NCOMMANDS);
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
    return cmd->main(sub_argc, sub_argv);
}
