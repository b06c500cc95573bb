/*
 * Private to the CLI: the subcommand table and small helpers shared by the subcommands.
 * Every subcommand returns the process exit code: 0 ok, 1 runtime failure, 2 bad input or
 * usage.
 */
#ifndef EAPSIM_CLI_H
#define EAPSIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_USAGE 2

struct cli_command {
    const char *name;
    const char *args;    /* one-line synopsis of the arguments */
    const char *summary; /* what it does, one line */
    int (*main)(int argc, char **argv);
    void (*help)(FILE *out);
};

extern const char *cli_prog;

/* Prints "eapsim: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the usage of one command (or all when cmd is NULL) to out. */
void cli_usage(FILE *out, const struct cli_command *cmd);

/* Reports an unknown option or missing argument seen by getopt and returns EXIT_USAGE. */
int cli_bad_option(const struct cli_command *cmd, int argc, char **argv);

/* Parses a non-negative integer option value; on failure prints a located error. */
bool cli_parse_u64(const char *option, const char *text, uint64_t *out);

/* Subcommands. */
int cli_demo(int argc, char **argv);
void cli_demo_help(FILE *out);

#endif
