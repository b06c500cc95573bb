/*
 * eapsim compare: two variants of a scenario run on the same random numbers replication by
 * replication (common random numbers), so their difference is measured far more precisely
 * than two separate batches would allow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

/* B: the --set overrides, then the --vs-set ones (named as such in messages). */
static struct eap_scenario *load_b(const struct study_args *a)
{
    static struct cli_sets both;
    both = a->run.sets;
    for (size_t i = 0; i < a->vs_sets.count; i++) {
        if (!cli_sets_add_from(&both, "--vs-set", a->vs_sets.items[i].origin)) {
            return NULL;
        }
    }
    return cli_load(a->file, &both);
}

int cli_compare(int argc, char **argv)
{
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int status = study_parse(argc, argv, &a, "compare");
    struct eap_scenario *sa = status == 0 ? cli_load(a.file, &a.run.sets) : NULL;
    struct eap_scenario *sb = sa ? load_b(&a) : NULL;
    struct eap_engine *ha = NULL, *hb = NULL;
    if (status == 0 && !sb) {
        status = EXIT_USAGE;
    }
    /* Each side branches from its own scenario's replay up to the same moment: a --vs-set
     * that changes what happened before it changes B's history too. */
    status = status ? status : study_history(&a, sa, false, &ha);
    status = status ? status : study_history(&a, sb, true, &hb);
    if (status == 0) {
        char ov[4096], vs[4096];
        struct eap_batch_meta meta;
        struct eap_study_side side_a = {sa, NULL, ha}, side_b = {sb, NULL, hb};
        status = study_meta(&a, sa, ov, vs, &meta);
        status = status ? status : study_prepare_out(&a);
        status = status ? status : study_batch(&a, &side_a, &side_b, &meta);
    }
    eap_engine_destroy(ha);
    eap_engine_destroy(hb);
    eap_scenario_destroy(sa);
    eap_scenario_destroy(sb);
    study_args_finish(&a);
    return status < 0 ? 0 : status;
}
