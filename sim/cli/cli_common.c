/*
 * What every program of the command line shares (eapsim, and eapsim-view, which `eapsim view`
 * runs): the program's name in messages, errors, usage and help from the synopsis table,
 * integer options, and a monotonic clock for rates.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "synopsis.h"

const char *cli_prog = "eapsim";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", cli_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_usage(FILE *out, const char *name)
{
    const struct cli_synopsis *c = name ? cli_synopsis_find(name) : NULL;
    if (c) {
        cli_synopsis_usage(out, cli_prog, c);
    } else {
        cli_synopsis_overview(out, cli_prog);
    }
}

void cli_help(const char *name)
{
    const struct cli_synopsis *c = cli_synopsis_find(name);
    if (c) {
        cli_synopsis_help(stdout, cli_prog, c);
    } else {
        cli_synopsis_overview(stdout, cli_prog);
    }
}

int cli_bad_option(const char *name)
{
    cli_usage(stderr, name);
    fprintf(stderr, "Run '%s %s --help' for details.\n", cli_prog, name);
    return EXIT_USAGE;
}

bool cli_parse_u64(const char *option, const char *text, uint64_t *out)
{
    char *end;
    if (!isdigit((unsigned char)text[0])) { /* strtoull would take " -5" as 2^64 - 5 */
        cli_error("%s: expected a non-negative integer, found \"%s\"", option, text);
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || end == text) {
        cli_error("%s: expected a non-negative integer, found \"%s\"", option, text);
        return false;
    }
    if (errno == ERANGE) {
        cli_error("%s: expected an integer below 2^64 (18446744073709551616), found \"%s\"", option,
                  text);
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
