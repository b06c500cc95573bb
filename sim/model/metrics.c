/*
 * The metric schema of a scenario (see metrics.h): built once by the loader, read by every
 * consumer. Also the display of metric values, which depends only on their unit.
 */
#include "eapsim/metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "eapsim/clock.h"
#include "eapsim/scenario.h"
#include "eapsim/utf8.h"
#include "model_internal.h"

static const char *const role_names[] = {"time_all_safe",      "casualties",
                                         "exposure",           "breach_before_evacuation",
                                         "breach_before_help", "all_safe_by_deadline",
                                         "incidents",          "any_incident",
                                         "breakdowns",         "safe_time",
                                         "on_scene",           "convoy_duration",
                                         "milestone"};
_Static_assert(COUNT_OF(role_names) == EAP_METRIC_ROLE_COUNT, "metric roles out of step");

const char *eap_metric_role_name(enum eap_metric_role role)
{
    return (unsigned)role < COUNT_OF(role_names) ? role_names[role] : "?";
}

bool eap_metric_role_parse(const char *name, enum eap_metric_role *out)
{
    for (size_t i = 0; i < COUNT_OF(role_names); i++) {
        if (strcmp(name, role_names[i]) == 0) {
            *out = (enum eap_metric_role)i;
            return true;
        }
    }
    return false;
}

void eap_metric_def_derive(struct eap_metric_def *d)
{
    enum eap_metric_role r = d->role;
    d->from_start =
        r == EAP_METRIC_TIME_ALL_SAFE || r == EAP_METRIC_PARTY_SAFE || r == EAP_METRIC_MILESTONE;
    d->pictured =
        d->unit != EAP_MU_FLAG &&
        (r == EAP_METRIC_TIME_ALL_SAFE || r == EAP_METRIC_EXPOSURE || r == EAP_METRIC_CASUALTIES ||
         r == EAP_METRIC_CONVOY_DURATION || r == EAP_METRIC_MILESTONE);
}

long eap_metric_find(const struct eap_metric_def *defs, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(defs[i].name, name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

static void add(struct eap_metric_def *defs, size_t *n, enum eap_metric_role role, int32_t subject,
                const char *name, const char *label, enum eap_metric_unit unit)
{
    struct eap_metric_def *d = &defs[(*n)++];
    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "%s", name);
    eap_utf8_fit(d->label, sizeof(d->label), snprintf(d->label, sizeof(d->label), "%s", label));
    d->unit = unit;
    d->role = role;
    d->subject = subject;
    eap_metric_def_derive(d);
}

size_t eap__metric_count(const struct eap_scenario *s)
{
    return EAP_METRIC_OUTCOMES + s->party_count + s->asset_count + s->convoy_count +
           s->record_count;
}

void eap__metrics_define(const struct eap_scenario *s, struct eap_metric_def *defs)
{
    size_t n = 0;
    char name[96], label[160];
    add(defs, &n, EAP_METRIC_TIME_ALL_SAFE, -1, "time_all_safe",
        "time until every survivor is safe", EAP_MU_DURATION);
    add(defs, &n, EAP_METRIC_CASUALTIES, -1, "casualties", "casualties", EAP_MU_COUNT);
    add(defs, &n, EAP_METRIC_EXPOSURE, -1, "exposure", "exposure to threat (people x time)",
        EAP_MU_PERSON_TIME);
    add(defs, &n, EAP_METRIC_BREACH_OCCUPIED, -1, "breach_before_evacuation",
        "a place breached while people were inside", EAP_MU_FLAG);
    add(defs, &n, EAP_METRIC_BREACH_BEFORE_HELP, -1, "breach_before_help",
        "a place breached with people inside before any responder was there", EAP_MU_FLAG);
    /* The deadline named with its clock time, and its day when it is not the first. */
    eap_time deadline = s->deadline > 0 ? s->deadline : s->horizon;
    char hm[32];
    snprintf(label, sizeof(label), "every survivor safe by %s%s",
             eap_clock_format_hm_day(&s->clock, deadline, " ", hm, sizeof(hm)),
             s->deadline > 0 ? " (the deadline)" : " (the end of the run)");
    add(defs, &n, EAP_METRIC_SAFE_BY_DEADLINE, -1, "all_safe_by_deadline", label, EAP_MU_FLAG);
    add(defs, &n, EAP_METRIC_INCIDENTS, -1, "incidents", "road incidents", EAP_MU_COUNT);
    add(defs, &n, EAP_METRIC_ANY_INCIDENT, -1, "any_incident", "any road incident", EAP_MU_FLAG);
    add(defs, &n, EAP_METRIC_BREAKDOWNS, -1, "breakdowns", "vehicle breakdowns", EAP_MU_COUNT);
    for (size_t i = 0; i < s->party_count; i++) {
        snprintf(name, sizeof(name), "safe_time/%s", s->parties[i].id);
        snprintf(label, sizeof(label), "last survivor safe: %s", s->parties[i].name);
        add(defs, &n, EAP_METRIC_PARTY_SAFE, (int32_t)i, name, label, EAP_MU_DURATION);
    }
    for (size_t i = 0; i < s->asset_count; i++) {
        snprintf(name, sizeof(name), "on_scene/%s", s->assets[i].id);
        snprintf(label, sizeof(label), "on scene: %s", s->assets[i].name);
        add(defs, &n, EAP_METRIC_ON_SCENE, (int32_t)i, name, label, EAP_MU_DURATION);
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        snprintf(name, sizeof(name), "convoy_duration/%s", s->convoys[i].id);
        snprintf(label, sizeof(label), "%s: departure to arrival", s->convoys[i].name);
        add(defs, &n, EAP_METRIC_CONVOY_DURATION, (int32_t)i, name, label, EAP_MU_DURATION);
    }
    for (size_t i = 0; i < s->record_count; i++) {
        snprintf(name, sizeof(name), "milestone/%s", s->record[i].id);
        snprintf(label, sizeof(label), "%s", s->record[i].label);
        add(defs, &n, EAP_METRIC_MILESTONE, (int32_t)i, name, label, EAP_MU_DURATION);
        defs[n - 1].has_recorded = true;
        defs[n - 1].recorded = s->record[i].time;
    }
}

/* --- display --- */

double eap_metric_display_scale(enum eap_metric_unit unit)
{
    return unit == EAP_MU_DURATION || unit == EAP_MU_PERSON_TIME ? (double)EAP_MINUTE : 1.0;
}

double eap_metric_display(enum eap_metric_unit unit, int64_t v)
{
    return (double)v / eap_metric_display_scale(unit);
}

const char *eap_metric_unit_name(enum eap_metric_unit unit, bool abbreviated)
{
    static const char *const names[][2] = {{"minutes", "min"},
                                           {"person-minutes", "person-min"},
                                           {"count", "count"},
                                           {"yes/no", "yes/no"}};
    return names[unit][abbreviated];
}

void eap_metric_format(enum eap_metric_unit unit, int64_t v, char *buf, size_t len)
{
    if (v == EAP_METRIC_MISSING) {
        snprintf(buf, len, "-");
        return;
    }
    switch (unit) {
    case EAP_MU_DURATION: {
        /* Whole minutes, cut like the clock column ("07:57" and "7h57m" for 7h57m40s). */
        int64_t a = v < 0 ? -v : v;
        int64_t m = a / EAP_MINUTE;
        if (m >= 60) {
            snprintf(buf, len, "%s%" PRId64 "h%02" PRId64 "m", v < 0 ? "-" : "", m / 60, m % 60);
        } else {
            snprintf(buf, len, "%s%" PRId64 " min", v < 0 ? "-" : "", m);
        }
        break;
    }
    case EAP_MU_PERSON_TIME:
        snprintf(buf, len, "%.0f person-min", (double)v / EAP_MINUTE);
        break;
    case EAP_MU_FLAG:
        snprintf(buf, len, "%s", v ? "yes" : "no");
        break;
    case EAP_MU_COUNT:
        snprintf(buf, len, "%" PRId64, v);
        break;
    }
}
