/*
 * Scenario helpers shared by every consumer: the names of kinds as written in files, lookups
 * by id, great-circle distances, and freeing.
 */
#include "eapsim/utf8.h"
#include "eapsim/scenario.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "model_internal.h"

static const char *const place_kinds[] = {"compound", "annex", "embassy", "airport",
                                          "border",   "base",  "town",    "safe_haven"};
static const char *const asset_kinds[] = {"drone", "fighter", "tiltrotor", "transport",
                                          "team",  "militia", "ship"};
static const char *const threat_kinds[] = {"attack", "arson", "indirect_fire"};
static const char *const action_kinds[] = {
    "request",         "shelter",   "destroy_classified", "form_convoy", "move",
    "evacuate_by_air", "draw_down", "evacuate_by_sea",    "withdraw"};

/* Event names and the role of their subject, in enum order. */
static const struct {
    const char *name;
    enum eap_role role;
} events[] = {
    {"start", EAP_ROLE_NONE},
    {"tripwire", EAP_ROLE_TRIPWIRE},
    {"attack_start", EAP_ROLE_THREAT},
    {"attack_end", EAP_ROLE_THREAT},
    {"breach", EAP_ROLE_THREAT},
    {"safe_room_breach", EAP_ROLE_THREAT},
    {"fire", EAP_ROLE_THREAT},
    {"untenable", EAP_ROLE_THREAT},
    {"indirect_fire", EAP_ROLE_THREAT},
    {"casualties", EAP_ROLE_PARTY},
    {"shelter", EAP_ROLE_PARTY},
    {"escaped", EAP_ROLE_PARTY},
    {"guards_left", EAP_ROLE_NONE},
    {"destroy_start", EAP_ROLE_NONE},
    {"classified_destroyed", EAP_ROLE_NONE},
    {"draw_down", EAP_ROLE_PARTY},
    {"request", EAP_ROLE_NONE},
    {"request_lost", EAP_ROLE_HOP},
    {"hop", EAP_ROLE_HOP},
    {"asset_tasked", EAP_ROLE_ASSET},
    {"asset_departed", EAP_ROLE_ASSET},
    {"asset_at", EAP_ROLE_ASSET},
    {"asset_left", EAP_ROLE_ASSET},
    {"asset_on_station", EAP_ROLE_ASSET},
    {"asset_off_station", EAP_ROLE_ASSET},
    {"escort_joined", EAP_ROLE_ASSET},
    {"escort_left", EAP_ROLE_ASSET},
    {"convoy_forming", EAP_ROLE_CONVOY},
    {"convoy_formed", EAP_ROLE_CONVOY},
    {"convoy_departed", EAP_ROLE_CONVOY},
    {"convoy_at", EAP_ROLE_CONVOY},
    {"checkpoint", EAP_ROLE_CONVOY},
    {"incident", EAP_ROLE_CONVOY},
    {"breakdown", EAP_ROLE_CONVOY},
    {"resumed", EAP_ROLE_CONVOY},
    {"convoy_arrived", EAP_ROLE_CONVOY},
    {"convoy_stood_down", EAP_ROLE_CONVOY},
    {"party_at", EAP_ROLE_PARTY},
    {"party_safe", EAP_ROLE_PARTY},
    {"place_evacuated", EAP_ROLE_NONE},
    {"boarding", EAP_ROLE_ASSET},
    {"airlift_departed", EAP_ROLE_ASSET},
    {"airlift_arrived", EAP_ROLE_ASSET},
    {"decision", EAP_ROLE_DECISION},
    {"decided", EAP_ROLE_DECISION},
    {"end", EAP_ROLE_NONE},
};

_Static_assert(COUNT_OF(events) == EAP_EV_KIND_COUNT, "event table out of step with the enum");
_Static_assert(COUNT_OF(place_kinds) == EAP_PLACE_KIND_COUNT, "place kinds out of step");
_Static_assert(COUNT_OF(asset_kinds) == EAP_ASSET_KIND_COUNT, "asset kinds out of step");

const char *eap_place_kind_name(enum eap_place_kind kind)
{
    return (unsigned)kind < COUNT_OF(place_kinds) ? place_kinds[kind] : "?";
}

const char *eap_asset_kind_name(enum eap_asset_kind kind)
{
    return (unsigned)kind < COUNT_OF(asset_kinds) ? asset_kinds[kind] : "?";
}

const char *eap_threat_kind_name(enum eap_threat_kind kind)
{
    return (unsigned)kind < COUNT_OF(threat_kinds) ? threat_kinds[kind] : "?";
}

const char *eap_action_kind_name(enum eap_action_kind kind)
{
    return (unsigned)kind < COUNT_OF(action_kinds) ? action_kinds[kind] : "?";
}

const char *eap_event_kind_name(enum eap_event_kind kind)
{
    return (unsigned)kind < COUNT_OF(events) ? events[kind].name : "?";
}

enum eap_role eap_event_subject_role(enum eap_event_kind kind)
{
    return (unsigned)kind < COUNT_OF(events) ? events[kind].role : EAP_ROLE_NONE;
}

const char *const *eap__place_kind_names(size_t *n)
{
    *n = COUNT_OF(place_kinds);
    return place_kinds;
}

const char *const *eap__asset_kind_names(size_t *n)
{
    *n = COUNT_OF(asset_kinds);
    return asset_kinds;
}

const char *const *eap__threat_kind_names(size_t *n)
{
    *n = COUNT_OF(threat_kinds);
    return threat_kinds;
}

const char *const *eap__action_kind_names(size_t *n)
{
    *n = COUNT_OF(action_kinds);
    return action_kinds;
}

void eap__event_kind_names(const char **out, size_t *n)
{
    for (size_t i = 0; i < COUNT_OF(events); i++) {
        out[i] = events[i].name;
    }
    *n = COUNT_OF(events);
}

double eap_great_circle_m(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371000.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(fmin(1.0, sqrt(a)));
}

#define FIND_BY_ID(fn, array, count)                                                               \
    int32_t fn(const struct eap_scenario *scn, const char *id)                                     \
    {                                                                                              \
        for (size_t i = 0; i < scn->count; i++) {                                                  \
            if (strcmp(scn->array[i].id, id) == 0) {                                               \
                return (int32_t)i;                                                                 \
            }                                                                                      \
        }                                                                                          \
        return EAP_NONE;                                                                           \
    }

FIND_BY_ID(eap_scenario_find_place, places, place_count)
FIND_BY_ID(eap_scenario_find_asset, assets, asset_count)
FIND_BY_ID(eap_scenario_find_party, parties, party_count)
FIND_BY_ID(eap_scenario_find_convoy, convoys, convoy_count)
FIND_BY_ID(eap_scenario_find_action, actions, action_count)
FIND_BY_ID(eap_scenario_find_tripwire, tripwires, tripwire_count)
FIND_BY_ID(eap_scenario_find_decision, decisions, decision_count)
FIND_BY_ID(eap_scenario_find_inject, injects, inject_count)
FIND_BY_ID(eap_scenario_find_objective, objectives, objective_count)

static const char *const inject_methods[EAP_INJECT_METHOD_COUNT] = {
    "phone", "radio", "email", "in_person", "cable", "message", "media"};

const char *eap_inject_method_phrase(enum eap_inject_method m)
{
    static const char *const phrases[EAP_INJECT_METHOD_COUNT] = {
        "by phone", "by radio",   "by email",         "in person",
        "by cable", "by message", "through the media"};
    return (unsigned)m < EAP_INJECT_METHOD_COUNT ? phrases[m] : "?";
}

const char *eap_inject_method_name(enum eap_inject_method m)
{
    return (unsigned)m < EAP_INJECT_METHOD_COUNT ? inject_methods[m] : "?";
}

bool eap_inject_method_parse(const char *name, enum eap_inject_method *out)
{
    for (size_t i = 0; i < EAP_INJECT_METHOD_COUNT; i++) {
        if (strcmp(inject_methods[i], name) == 0) {
            *out = (enum eap_inject_method)i;
            return true;
        }
    }
    return false;
}

/* Whether s[0..n) mentions the simulation cell, in any case. */
static bool names_cell(const char *s, size_t n)
{
    static const char cell[] = "simulation cell";
    size_t m = sizeof(cell) - 1;
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && tolower((unsigned char)s[i + k]) == cell[k]) {
            k++;
        }
        if (k == m) {
            return true;
        }
    }
    return false;
}

const char *eap_inject_sender_for_players(const struct eap_inject *in, char *buf, size_t len)
{
    const char *from = in->from ? in->from : "?";
    size_t n = 0;
    for (const char *p = from; *p;) {
        const char *close = *p == '(' ? strchr(p, ')') : NULL;
        if (close && names_cell(p, (size_t)(close - p))) {
            while (n > 0 && buf[n - 1] == ' ') {
                n--; /* the space before it goes too */
            }
            for (p = close + 1; n == 0 && *p == ' '; p++) {
                /* and at the start, the space after it */
            }
            continue;
        }
        size_t k = eap_utf8_len((const unsigned char *)p, SIZE_MAX);
        k = k ? k : 1;
        if (n + k + 1 > len) {
            break; /* whole characters only */
        }
        memcpy(buf + n, p, k);
        n += k;
        p += k;
    }
    if (len > 0) {
        buf[n] = '\0';
    }
    return buf;
}

int32_t eap_decision_find_option(const struct eap_decision *d, const char *id)
{
    for (size_t i = 0; i < d->option_count; i++) {
        if (strcmp(d->options[i].id, id) == 0) {
            return (int32_t)i;
        }
    }
    return EAP_NONE;
}

bool eap_parties_include(const int32_t *parties, size_t count, int32_t party)
{
    bool listed = count == 0;
    for (size_t i = 0; i < count && !listed; i++) {
        listed = parties[i] == party;
    }
    return listed;
}

const char *eap_scenario_subject_id(const struct eap_scenario *scn, enum eap_event_kind kind,
                                    int32_t subject)
{
    if (subject < 0) {
        return "";
    }
    size_t s = (size_t)subject;
    switch (eap_event_subject_role(kind)) {
    case EAP_ROLE_THREAT:
        return s < scn->threat_count ? scn->threats[s].id : "";
    case EAP_ROLE_PARTY:
        return s < scn->party_count ? scn->parties[s].id : "";
    case EAP_ROLE_ASSET:
        return s < scn->asset_count ? scn->assets[s].id : "";
    case EAP_ROLE_CONVOY:
        return s < scn->convoy_count ? scn->convoys[s].id : "";
    case EAP_ROLE_TRIPWIRE:
        return s < scn->tripwire_count ? scn->tripwires[s].id : "";
    case EAP_ROLE_HOP:
        return s < scn->chain.hop_count ? scn->chain.hops[s].id : "";
    case EAP_ROLE_DECISION:
        return s < scn->decision_count ? scn->decisions[s].id : "";
    case EAP_ROLE_NONE:
        break;
    }
    return "";
}

double eap_route_replay_length(const struct eap_scenario *scn, int32_t route)
{
    const struct eap_route *r = &scn->routes[route];
    double total = 0;
    for (size_t i = 0; i < r->segment_count; i++) {
        total += scn->inputs[r->segments[i].distance].replay_value;
    }
    return total;
}

void eap_scenario_destroy(struct eap_scenario *scn)
{
    if (!scn) {
        return;
    }
    eap__arena_free(scn->arena);
    free(scn);
}
