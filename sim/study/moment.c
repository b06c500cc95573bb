/*
 * Moments as people name them (--from, --at): a clock time, an offset, a date and time, or
 * a milestone id of the record, read on a run's trace; and the record's history up to such a
 * moment, the branching point of a study that asks "what came next?".
 */
#include <string.h>

#include "eapsim/clock.h"
#include "eapsim/engine.h"
#include "eapsim/study.h"
#include "eapsim/trace.h"

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
static bool bad_moment(const struct eap_scenario *scn, const char *text, const char *why,
                       struct eap_error *err)
{
    const char *ids[64];
    size_t n = 0;
    for (size_t i = 0; i < scn->record_count && n < 64; i++) {
        ids[n++] = scn->record[i].id;
    }
    const char *hint = n ? eap_suggest(text, ids, n) : NULL;
    if (hint) {
        return eap_error_set(err, EAP_EINPUT,
                             "no milestone \"%s\" in the record; did you mean \"%s\"?", text, hint);
    }
    return eap_error_set(err, EAP_EINPUT, "%s, or a milestone id of the record%s%s%s", why,
                         n ? " such as \"" : "", n ? ids[0] : "", n ? "\"" : "");
}

bool eap_study_moment(const struct eap_scenario *scn, const struct eap_trace *tr, const char *text,
                      const char *run_name, eap_time *t, struct eap_error *err)
{
    char why[256];
    int found = milestone_moment(scn, tr, text, t);
    if (found < 0) {
        return eap_error_set(err, EAP_EINPUT, "milestone \"%s\" did not happen in %s", text,
                             run_name);
    }
    if (found == 0 && !eap_clock_parse_time(&scn->clock, text, t, why, sizeof(why))) {
        return bad_moment(scn, text, why, err);
    }
    if (*t < 0) {
        return eap_error_set(err, EAP_EINPUT, "\"%s\" is before the scenario starts", text);
    }
    return true;
}

struct eap_engine *eap_study_history_at(const struct eap_scenario *scn, const char *moment,
                                        eap_time *t, struct eap_error *err)
{
    struct eap_engine *replay = eap_engine_create(scn, err);
    if (!replay) {
        return NULL;
    }
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(replay, 0, 0, &opt);
    bool ok = eap_engine_run(replay, err) && eap_study_moment(scn, eap_engine_trace(replay), moment,
                                                              "the replay of the record", t, err);
    eap_engine_destroy(replay);
    struct eap_engine *snap = ok ? eap_study_history(scn, *t, err) : NULL;
    if (ok && !snap && err->code == EAP_EINPUT) {
        char inner[sizeof(err->msg)];
        memcpy(inner, err->msg, sizeof(inner));
        eap_error_set(err, EAP_EINPUT, "%s: %s", moment, inner);
    }
    return snap;
}
