/*
 * The options run, view and the studies share: --replay, --seed, --replication and --set,
 * and the moments --at and --from name. One parser, so they mean the same and say the same
 * when they are wrong.
 */
#include <string.h>

#include "cli.h"
#include "eapsim/study.h"

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

bool cli_moment(const char *option, const struct eap_scenario *scn, const struct eap_trace *tr,
                const char *text, const char *run_name, eap_time *t)
{
    struct eap_error err;
    if (!eap_study_moment(scn, tr, text, run_name, t, &err)) {
        cli_error("%s: %s", option, err.msg);
        return false;
    }
    return true;
}
