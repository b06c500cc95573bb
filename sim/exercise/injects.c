/*
 * When injects fall due, from the trace alone: an inject changes nothing in the run, so its
 * time is the same wherever the run is looked at (a session, a replayed log, the viewer,
 * the after-action report).
 */
#include <string.h>

#include "eapsim/exercise.h"

static eap_time due(const struct eap_scenario *scn, const struct eap_inject *in,
                    const struct eap_trace *tr)
{
    const struct eap_trigger *w = &in->when;
    eap_time t = w->at_time ? w->at : 0;
    for (size_t k = 0; !w->at_time && k < w->count; k++) {
        long i = eap_trace_find(tr, &w->all[k], 0);
        if (i < 0) {
            return -1;
        }
        t = tr->events[i].time > t ? tr->events[i].time : t;
    }
    if (w->delay != EAP_NONE) {
        t += (eap_time)scn->inputs[w->delay].dist.a; /* fixed: the loader saw to it */
    }
    return t < w->not_before ? w->not_before : t;
}

void eap_exercise_inject_times(const struct eap_scenario *scn, const struct eap_trace *tr,
                               eap_time *times)
{
    for (size_t i = 0; i < scn->inject_count; i++) {
        times[i] = due(scn, &scn->injects[i], tr);
    }
}

static const char *const choosers[EAP_CHOOSER_COUNT] = {"players", "answers", "countdown", "log"};

const char *eap_chooser_name(enum eap_chooser by)
{
    return (unsigned)by < EAP_CHOOSER_COUNT ? choosers[by] : "?";
}

bool eap_chooser_parse(const char *name, enum eap_chooser *out)
{
    for (size_t i = 0; i < EAP_CHOOSER_COUNT; i++) {
        if (strcmp(choosers[i], name) == 0) {
            *out = (enum eap_chooser)i;
            return true;
        }
    }
    return false;
}
