/*
 * Objectives judged against their targets, and rated as HSEEP rates a core capability. The
 * rule and why it follows HSEEP's definitions are in docs/exercise.md; the after-action
 * report prints it beside the ratings.
 */
#include <math.h>

#include "eapsim/exercise.h"

static const char *const names[] = {"Performed without Challenges",
                                    "Performed with Some Challenges",
                                    "Performed with Major Challenges", "Unable to be Performed"};

char eap_exercise_rating_letter(enum eap_rating r)
{
    return (unsigned)r <= EAP_RATING_U ? "PSMU"[r] : '?';
}

const char *eap_exercise_rating_name(enum eap_rating r)
{
    return (unsigned)r <= EAP_RATING_U ? names[r] : "?";
}

bool eap_exercise_met(const struct eap_objective *o, int64_t value)
{
    if (value == EAP_METRIC_MISSING) {
        return false;
    }
    switch (o->kind) {
    case EAP_TARGET_AT_MOST:
        return value <= o->target;
    case EAP_TARGET_AT_LEAST:
        return value >= o->target;
    case EAP_TARGET_IS:
        return value == o->target;
    }
    return false;
}

enum eap_rating eap_exercise_rate(const struct eap_objective *o, int64_t value)
{
    if (eap_exercise_met(o, value)) {
        return EAP_RATING_P;
    }
    if (value == EAP_METRIC_MISSING || o->kind == EAP_TARGET_IS) {
        return EAP_RATING_U; /* it never came about, or a yes/no target came out the other way */
    }
    /* Both are integers of one unit; the miss is measured in the target's own terms. */
    double miss = o->kind == EAP_TARGET_AT_MOST ? (double)value - (double)o->target
                                                : (double)o->target - (double)value;
    return miss <= EAP_AAR_SOME * fabs((double)o->target) ? EAP_RATING_S : EAP_RATING_M;
}
