/*
 * Private to the CLI: the synopsis of every command, in one table that drives the usage lines,
 * each command's --help and the man page eapsim(1) (written at build time by gen_man.c).
 * Texts are plain: they are wrapped for the terminal and marked up for troff when rendered.
 */
#ifndef EAPSIM_CLI_SYNOPSIS_H
#define EAPSIM_CLI_SYNOPSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One option: how it is written ("--seed S") and what it does. */
struct cli_option_doc {
    const char *flag;
    const char *text;
};

/* One command. Paragraphs of `description` and `notes` are separated by a blank line ("\n\n");
 * a paragraph whose lines start with two spaces is an example, kept line for line. */
struct cli_synopsis {
    const char *name;    /* "batch" */
    const char *usage;   /* the arguments after the name, wrapped at spaces outside brackets */
    const char *summary; /* one line, for the list of commands */
    const char *description;
    const struct cli_option_doc *options; /* ends with {NULL, NULL} */
    const char *notes;                    /* after the options, or NULL */
};

extern const struct cli_synopsis cli_synopses[];
extern const size_t cli_synopsis_count;

/* The command named `name`, or NULL. */
const struct cli_synopsis *cli_synopsis_find(const char *name);

/* "usage: PROG NAME USAGE", wrapped at 80 columns, continuation lines under the arguments. */
void cli_synopsis_usage(FILE *out, const char *prog, const struct cli_synopsis *c);

/* The program's usage: its options, what it is, the list of commands. */
void cli_synopsis_overview(FILE *out, const char *prog);

/* A command's --help: its usage, description, options and notes, wrapped at 80 columns. */
void cli_synopsis_help(FILE *out, const char *prog, const struct cli_synopsis *c);

/* The man page eapsim(1) in troff (man macros), from the whole table. */
void cli_synopsis_man(FILE *out, const char *prog, const char *version);

#endif
