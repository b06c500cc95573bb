/*
 * The options run, view and the studies share: --replay, --seed, --replication and --set,
 * and the moments --at and --from name. One parser, so they mean the same and say the same
 * when they are wrong.
 */
#include <string.h>

#include "cli.h"
#include "eapsim/clock.h"
#include "eapsim/trace.h"

void cli_run_options_init(struct cli_run_options *o)
{
    memset(o, 0, sizeof(*o));
    o->seed = 1;
}

int cli_run_option(struct cli_run_options *o, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_REPLAY:
        o->replay = true;
        return 1;
    case CLI_OPT_SEED:
        o->sampling = true;
        return cli_parse_u64("--seed", arg, &o->seed) ? 1 : -1;
    case CLI_OPT_REPLICATION:
        o->sampling = true;
        return cli_parse_u64("--replication", arg, &o->replication) ? 1 : -1;
    case CLI_OPT_SET:
        return cli_sets_add(&o->sets, arg) ? 1 : -1;
    default:
        return 0;
    }
}

bool cli_run_options_check(const struct cli_run_options *o)
{
    if (o->replay && o->sampling) {
        cli_error("--replay follows the record and draws nothing; --seed and --replication are "
                  "for sampled runs (leave out --replay)");
        return false;
    }
    return true;
}

/* --- moments of a run --- */

/* The time the run reached a milestone of the record (its first matching trace event).
 * Returns 1 when found, 0 when id is no milestone, -1 when it never happened. */
static int milestone_moment(const struct eap_scenario *scn, const struct eap_trace *tr,
                            const char *id, eap_time *t)
{
    for (size_t i = 0; i < scn->record_count; i++) {
        if (strcmp(scn->record[i].id, id) == 0) {
            long k = eap_trace_find(tr, &scn->record[i].event, 0);
            if (k < 0) {
                return -1;
            }
            *t = tr->events[k].time;
            return 1;
        }
    }
    return 0;
}

/* Says what a moment may be, with a "did you mean" when it looks like a misspelt milestone. */
static void bad_moment(const char *option, const struct eap_scenario *scn, const char *text,
                       const char *why)
{
    const char *ids[64];
    size_t n = 0;
    for (size_t i = 0; i < scn->record_count && n < 64; i++) {
        ids[n++] = scn->record[i].id;
    }
    const char *hint = n ? eap_suggest(text, ids, n) : NULL;
    if (hint) {
        cli_error("%s: no milestone \"%s\" in the record; did you mean \"%s\"?", option, text,
                  hint);
    } else {
        cli_error("%s: %s, or a milestone id of the record%s%s%s", option, why,
                  n ? " such as \"" : "", n ? ids[0] : "", n ? "\"" : "");
    }
}

bool cli_moment(const char *option, const struct eap_scenario *scn, const struct eap_trace *tr,
                const char *text, const char *run_name, eap_time *t)
{
    char why[256];
    int found = milestone_moment(scn, tr, text, t);
    if (found < 0) {
        cli_error("%s: milestone \"%s\" did not happen in %s", option, text, run_name);
        return false;
    }
    if (found == 0 && !eap_clock_parse_time(&scn->clock, text, t, why, sizeof(why))) {
        bad_moment(option, scn, text, why);
        return false;
    }
    if (*t < 0) {
        cli_error("%s: \"%s\" is before the scenario starts", option, text);
        return false;
    }
    return true;
}
