/*
 * Loading a scenario for a subcommand: --set arguments become overrides, and every problem
 * is printed located (file:line:col: /json/path: message) before the caller exits with 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eapsim/loader.h"

void cli_print_diag(const struct eap_diag *d)
{
    char line[1024];
    for (size_t i = 0; i < d->count; i++) {
        eap_error_format(&d->items[i], line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
    if (d->dropped) {
        fprintf(stderr, "(and %zu more problems)\n", d->dropped);
    }
}

bool cli_sets_add(struct cli_sets *s, const char *arg)
{
    return cli_sets_add_from(s, NULL, arg);
}

bool cli_sets_add_from(struct cli_sets *s, const char *option, const char *arg)
{
    if (s->count == CLI_MAX_SETS) {
        cli_error("--set: at most %d overrides", CLI_MAX_SETS);
        return false;
    }
    struct eap_error err;
    eap_error_clear(&err);
    char *buf = s->buf[s->count];
    if (!eap_override_split(arg, buf, sizeof(s->buf[0]), &s->items[s->count], &err)) {
        cli_error("%s", err.msg);
        return false;
    }
    /* The set outlives the argument (sweeps build theirs in a loop): keep a copy. */
    snprintf(s->origin[s->count], sizeof(s->origin[0]), "%s%s%s", option ? option : "",
             option ? " " : "", arg);
    s->items[s->count].origin = s->origin[s->count];
    s->count++;
    return true;
}

void cli_sets_join(const struct cli_sets *s, char *out, size_t len)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < s->count && n < len; i++) {
        int w = snprintf(out + n, len - n, "%s%s", i ? " " : "", s->items[i].origin);
        n += w > 0 ? (size_t)w : 0;
    }
}

void cli_report_diag(const char *file, const struct eap_diag *d)
{
    cli_print_diag(d);
    fprintf(stderr, "%s: %zu problem%s found in %s\n", cli_prog, d->count + d->dropped,
            d->count + d->dropped == 1 ? "" : "s", file);
}

struct eap_scenario *cli_load(const char *file, const struct cli_sets *sets)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *scn =
        eap_scenario_load(file, sets ? sets->items : NULL, sets ? sets->count : 0, &diag);
    if (!scn) {
        cli_report_diag(file, &diag);
    }
    eap_diag_finish(&diag);
    return scn;
}

struct eap_engine *cli_run_once(const struct eap_scenario *scn,
                                const struct eap_engine_options *opt, eap_time until, uint64_t seed,
                                uint64_t rep, struct eap_error *err)
{
    struct eap_engine *e = eap_engine_create(scn, err);
    if (e) {
        eap_engine_reset(e, seed, rep, opt);
        if (until > 0 && until < scn->horizon) {
            eap_engine_set_horizon(e, until); /* the run ends there, as if it were the horizon */
        }
        if (!eap_engine_run(e, err)) {
            eap_engine_destroy(e);
            e = NULL;
        }
    }
    return e;
}
