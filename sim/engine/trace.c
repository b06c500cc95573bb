/*
 * The trace buffer and the one-line descriptions every consumer shows for an event.
 */
#include "eapsim/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eap_trace_init(struct eap_trace *t)
{
    memset(t, 0, sizeof(*t));
}

void eap_trace_finish(struct eap_trace *t)
{
    free(t->events);
    memset(t, 0, sizeof(*t));
}

void eap_trace_append(struct eap_trace *t, const struct eap_trace_event *ev)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct eap_trace_event *events = realloc(t->events, cap * sizeof(*events));
        if (!events) {
            t->oom = true;
            return;
        }
        t->events = events;
        t->cap = cap;
    }
    t->events[t->count++] = *ev;
}

long eap_trace_find(const struct eap_trace *t, const struct eap_condition *c, size_t from)
{
    for (size_t i = from; i < t->count; i++) {
        if (eap_condition_matches(c, &t->events[i])) {
            return (long)i;
        }
    }
    return -1;
}

bool eap_trace_in_timeline(const struct eap_trace_event *ev)
{
    /* A leg that starts where it ends (a force kept at its own base) moves nobody; the
     * line after it ("ready at") says what the asset does. */
    return !((ev->kind == EAP_EV_ASSET_DEPARTED || ev->kind == EAP_EV_ASSET_LEFT) &&
             ev->object >= 0 && ev->object == ev->place);
}

/* --- Describing events for people ---
 *
 * Every line a timeline, an event log or a report shows for an event is written here, to
 * these rules:
 *
 * - Names come from the scenario and are printed as written, capital and all. A name of a
 *   threat, party, asset, convoy, route, request-chain hop, tripwire or decision option stands
 *   only at the start of a line or right after a colon, where a capital reads naturally, and is
 *   never the subject of a verb that would have to agree with it ("Attacks on the annex
 *   begins"). After such a name comes a verbless predicate (a participle, an adjective or a
 *   preposition: "tasked", "under way from", "held at", "safe at"), or a colon and a clause
 *   whose subject is a count the line gives itself ("2 killed at ..."). Hop names are often
 *   sentences of their own, so they only ever follow a colon. Place and checkpoint names are
 *   the names of places: they follow "at", "from", "to" and "over" as written.
 * - No parenthesis follows a name (which may end in its own): figures are worded into the
 *   sentence ("with 20 attackers", "after 402 km", "at km 17").
 * - Counts agree with their noun ("1 person", "2 people"). A casualty is a person killed: the
 *   model's harm is a hazard of being killed (people.c).
 * - Durations are rounded to the minute, the resolution a timeline is read at.
 */

static const char *plural(long n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* A count from an event's value: whole people (a drawn force need not be whole). */
static long count(double v)
{
    return (long)(v + 0.5);
}

static const char *place_name(const struct eap_scenario *scn, int32_t p)
{
    return p >= 0 && (size_t)p < scn->place_count ? scn->places[p].name : "?";
}

static const struct eap_asset *asset(const struct eap_scenario *scn, int32_t a)
{
    return a >= 0 && (size_t)a < scn->asset_count ? &scn->assets[a] : NULL;
}

static const char *asset_name(const struct eap_scenario *scn, int32_t a)
{
    return asset(scn, a) ? asset(scn, a)->name : "?";
}

static bool is_ship(const struct eap_scenario *scn, int32_t a)
{
    return asset(scn, a) && asset(scn, a)->kind == EAP_ASSET_SHIP;
}

static const struct eap_party *party(const struct eap_scenario *scn, int32_t p)
{
    return p >= 0 && (size_t)p < scn->party_count ? &scn->parties[p] : NULL;
}

static const char *party_name(const struct eap_scenario *scn, int32_t p)
{
    return party(scn, p) ? party(scn, p)->name : "?";
}

static const char *convoy_name(const struct eap_scenario *scn, int32_t c)
{
    return c >= 0 && (size_t)c < scn->convoy_count ? scn->convoys[c].name : "?";
}

static const struct eap_route *route(const struct eap_scenario *scn, int32_t r)
{
    return r >= 0 && (size_t)r < scn->route_count ? &scn->routes[r] : NULL;
}

static const struct eap_decision *decision(const struct eap_scenario *scn, int32_t d)
{
    return d >= 0 && (size_t)d < scn->decision_count ? &scn->decisions[d] : NULL;
}

static const char *threat_name(const struct eap_scenario *scn, int32_t t)
{
    return t >= 0 && (size_t)t < scn->threat_count ? scn->threats[t].name : "?";
}

static const char *hop_name(const struct eap_scenario *scn, int32_t h)
{
    return h >= 0 && (size_t)h < scn->chain.hop_count ? scn->chain.hops[h].name : "?";
}

static const char *checkpoint_name(const struct eap_scenario *scn, const struct eap_trace_event *ev)
{
    int32_t c = ev->subject;
    if (c < 0 || (size_t)c >= scn->convoy_count || ev->object < 0) {
        return "?";
    }
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    size_t seg = (size_t)ev->object >> 16, k = (size_t)ev->object & 0xffff;
    if (seg >= r->segment_count || k >= r->segments[seg].checkpoint_count) {
        return "?";
    }
    return r->segments[seg].checkpoints[k].name;
}

/* A duration: "25 min", "1h11m"; "under a minute" rather than a "0 min" that is not nothing. */
static void minutes(double ms, char *buf, size_t len)
{
    long long m = (long long)(ms / EAP_MINUTE + 0.5);
    if (m >= 60) {
        snprintf(buf, len, "%lldh%02lldm", m / 60, m % 60);
    } else if (m == 0 && ms > 0) {
        snprintf(buf, len, "under a minute");
    } else {
        snprintf(buf, len, "%lld min", m);
    }
}

/* Kilometres, for a distance ("1.8 km", "402 km") or a position on a route ("km 17"): to
 * the tenth below 10 km (the annex is 1.8 km from the compound, which "2 km" hides), whole
 * above. */
static void kilometres(double m, char *buf, size_t len)
{
    double km = m / 1000.0;
    if (km < 9.95) {
        snprintf(buf, len, "%.1f", km);
    } else {
        snprintf(buf, len, "%.0f", km);
    }
}

/* --- the plan, threats and the request chain --- */

static bool describe_plan(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                          char *buf, size_t len)
{
    const struct eap_decision *dp = decision(scn, ev->subject);
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_START:
        snprintf(buf, len, "Scenario starts");
        return true;
    case EAP_EV_TRIPWIRE:
        snprintf(buf, len, "Plan: %s",
                 ev->subject >= 0 && (size_t)ev->subject < scn->tripwire_count
                     ? scn->tripwires[ev->subject].name
                     : "?");
        return true;
    case EAP_EV_DESTROY_START:
        snprintf(buf, len, "Destruction of classified material begins at %s",
                 place_name(scn, ev->place));
        return true;
    case EAP_EV_CLASSIFIED_DESTROYED:
        snprintf(buf, len, "Classified material destroyed at %s", place_name(scn, ev->place));
        return true;
    case EAP_EV_DECISION:
        /* `decides` is a role in lower case ("chief of mission"), written to sit mid-line. */
        snprintf(buf, len, "Decision due%s%s: %s", dp && dp->decides ? " for " : "",
                 dp && dp->decides ? dp->decides : "", dp ? dp->prompt : "?");
        return true;
    case EAP_EV_DECIDED: {
        const char *label = dp && ev->object >= 0 && (size_t)ev->object < dp->option_count
                                ? dp->options[ev->object].label
                                : "?";
        snprintf(buf, len, "Decided%s: %s", ev->value > 0 ? " by default, no answer in time" : "",
                 label);
        return true;
    }
    case EAP_EV_END:
        snprintf(buf, len, "End of simulation");
        return true;
    default:
        return false;
    }
}

static bool describe_threat(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                            char *buf, size_t len)
{
    const char *place = place_name(scn, ev->place), *threat = threat_name(scn, ev->subject);
    long n = count(ev->value);
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_ATTACK_START:
        if (n > 0) {
            snprintf(buf, len, "Attack begins at %s with %ld %s: %s", place, n,
                     plural(n, "attacker", "attackers"), threat);
        } else {
            snprintf(buf, len, "Attack begins at %s: %s", place, threat);
        }
        return true;
    case EAP_EV_ATTACK_END:
        snprintf(buf, len, "Attack at %s ends: %s", place, threat);
        return true;
    case EAP_EV_BREACH:
        snprintf(buf, len, "Perimeter of %s breached", place);
        return true;
    case EAP_EV_SAFE_ROOM_BREACH:
        snprintf(buf, len, "Safe room at %s breached", place);
        return true;
    case EAP_EV_FIRE:
        snprintf(buf, len, "Fire set at %s", place);
        return true;
    case EAP_EV_UNTENABLE:
        snprintf(buf, len, "Fire and smoke make the shelter at %s untenable", place);
        return true;
    case EAP_EV_INDIRECT_FIRE:
        snprintf(buf, len, "Indirect fire hits %s: %s", place, threat);
        return true;
    case EAP_EV_GUARDS_LEFT:
        if (n == 1) {
            snprintf(buf, len, "The guard at %s walks away", place);
        } else {
            snprintf(buf, len, "The %ld guards at %s walk away", n, place);
        }
        return true;
    default:
        return false;
    }
}

static bool describe_chain(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                           char *buf, size_t len)
{
    char d[32];
    long n = count(ev->value);
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_REQUEST:
        snprintf(buf, len, "Request for support enters the chain (%ld %s)", n,
                 plural(n, "asset", "assets"));
        return true;
    case EAP_EV_REQUEST_LOST:
        if (ev->subject < 0) {
            snprintf(buf, len, "The request for support is never made");
        } else {
            snprintf(buf, len, "Request chain step loses the request%s: %s",
                     ev->value > 0 ? ", which will be sent again" : "", hop_name(scn, ev->subject));
        }
        return true;
    case EAP_EV_HOP:
        /* The duration goes before the hop's name, which may end in a parenthesis. */
        minutes(ev->value, d, sizeof(d));
        snprintf(buf, len, "Request chain step (%s): %s", d, hop_name(scn, ev->subject));
        return true;
    case EAP_EV_TASKED:
        snprintf(buf, len, "%s tasked", asset_name(scn, ev->subject));
        return true;
    default:
        return false;
    }
}

/* --- people --- */

/* "Annex security officers: all 4 survivors safe at ...": who is safe, counting the living
 * when the party lost people. */
static void party_safe(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                       size_t len)
{
    const struct eap_party *p = party(scn, ev->subject);
    const char *name = party_name(scn, ev->subject), *place = place_name(scn, ev->place);
    long n = count(ev->value);
    bool lost = p && n < p->count;
    char who[64];
    if (n == 1 && !lost) {
        snprintf(buf, len, "%s safe at %s", name, place);
        return;
    }
    if (n == 1) {
        snprintf(who, sizeof(who), "the only survivor");
    } else if (n == 2) {
        snprintf(who, sizeof(who), "both%s", lost ? " survivors" : "");
    } else {
        snprintf(who, sizeof(who), "all %ld%s", n, lost ? " survivors" : "");
    }
    snprintf(buf, len, "%s: %s safe at %s", name, who, place);
}

static bool describe_people(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                            char *buf, size_t len)
{
    const char *name = party_name(scn, ev->subject), *place = place_name(scn, ev->place);
    long n = count(ev->value);
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_CASUALTIES:
        /* A convoy's casualties have no place: they fell on the road. */
        snprintf(buf, len, "%s: %ld killed %s%s", name, n,
                 ev->place == EAP_NONE ? "on the road" : "at ", ev->place == EAP_NONE ? "" : place);
        return true;
    case EAP_EV_SHELTER:
        snprintf(buf, len, "%s: %ld %s shelter at %s", name, n, plural(n, "takes", "take"), place);
        return true;
    case EAP_EV_ESCAPED:
        snprintf(buf, len, "%s: %ld %s out of the smoke at %s", name, n, plural(n, "gets", "get"),
                 place);
        return true;
    case EAP_EV_DRAW_DOWN:
        snprintf(buf, len, "%s: %ld %s %s in a draw-down", name, n, plural(n, "leaves", "leave"),
                 place);
        return true;
    case EAP_EV_PARTY_AT:
        snprintf(buf, len, "%s: %ld %s %s", name, n, plural(n, "reaches", "reach"), place);
        return true;
    case EAP_EV_PARTY_SAFE:
        party_safe(scn, ev, buf, len);
        return true;
    case EAP_EV_PLACE_EVACUATED:
        snprintf(buf, len, "Last people leave %s", place);
        return true;
    default:
        return false;
    }
}

/* --- assets --- */

/* Whether a leg ends at the start of the route the asset is to cover (its last leg): the leg
 * goes there to cover the route, not to visit the place. */
static bool leg_covers_route(const struct eap_scenario *scn, const struct eap_trace_event *ev)
{
    const struct eap_asset *a = asset(scn, ev->subject);
    const struct eap_route *r = a ? route(scn, a->target_route) : NULL;
    if (!r || r->segment_count == 0 || ev->object != r->segments[0].from) {
        return false;
    }
    if (a->via_count == 0) {
        return ev->kind == EAP_EV_ASSET_DEPARTED;
    }
    return ev->kind == EAP_EV_ASSET_LEFT && ev->place == a->via[a->via_count - 1].place;
}

/* Where an aircraft or ship flies back to for more people: the pickup of the lift that took
 * it to `to`, or EAP_NONE when no lift, or more than one pickup, fits. The event does not
 * carry it. O(actions x their assets). */
static int32_t pickup_of(const struct eap_scenario *scn, int32_t a, int32_t to)
{
    int32_t found = EAP_NONE;
    for (size_t i = 0; i < scn->action_count; i++) {
        const struct eap_action *act = &scn->actions[i];
        if ((act->kind != EAP_ACT_EVACUATE_BY_AIR && act->kind != EAP_ACT_EVACUATE_BY_SEA) ||
            act->to != to) {
            continue;
        }
        for (size_t k = 0; k < act->asset_count; k++) {
            if (act->assets[k] != a) {
                continue;
            }
            if (found != EAP_NONE && found != act->from) {
                return EAP_NONE;
            }
            found = act->from;
        }
    }
    return found;
}

static void return_trip(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                        size_t len)
{
    const char *how = is_ship(scn, ev->subject) ? "sailing back" : "flying back";
    int32_t to = pickup_of(scn, ev->subject, ev->place);
    if (to == EAP_NONE) {
        snprintf(buf, len, "%s %s from %s for more people", asset_name(scn, ev->subject), how,
                 place_name(scn, ev->place));
    } else {
        snprintf(buf, len, "%s %s from %s to %s for more people", asset_name(scn, ev->subject), how,
                 place_name(scn, ev->place), place_name(scn, to));
    }
}

/* "X under way from Y to Z, 252 km in 1h11m": the leg as the engine computed it. A later
 * leg is "under way again"; a leg back to the asset's base after a withdrawal is
 * "returning"; the leg to a route the asset covers says so ("to cover the route, 1469 km in
 * 1h39m to its start at Z"). */
static void leg(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                size_t len)
{
    const struct eap_asset *a = asset(scn, ev->subject);
    const char *name = asset_name(scn, ev->subject), *from = place_name(scn, ev->place);
    if (ev->object < 0 || (size_t)ev->object >= scn->place_count) {
        return_trip(scn, ev, buf, len);
        return;
    }
    if (ev->object == ev->place) {
        /* Timelines leave this one out (eap_trace_in_timeline); data exports keep it. */
        snprintf(buf, len, "%s already at %s, no travel needed", name, from);
        return;
    }
    const char *how = ev->kind == EAP_EV_ASSET_DEPARTED ? "under way"
                      : a && ev->object == a->base      ? "returning"
                                                        : "under way again";
    char km[32], d[32];
    kilometres(ev->value, km, sizeof(km));
    minutes(ev->value2, d, sizeof(d));
    if (leg_covers_route(scn, ev)) {
        snprintf(buf, len, "%s %s from %s to cover the route, %s km in %s to its start at %s", name,
                 how, from, km, d, place_name(scn, ev->object));
    } else {
        snprintf(buf, len, "%s %s from %s to %s, %s km in %s", name, how, from,
                 place_name(scn, ev->object), km, d);
    }
}

/* "on station over" for aircraft watching a place; "ready at" for a force that stays at its
 * base; "on scene at" for the rest. */
static const char *station_verb(const struct eap_scenario *scn, const struct eap_trace_event *ev)
{
    const struct eap_asset *a = asset(scn, ev->subject);
    if (!a || a->kind == EAP_ASSET_DRONE || a->kind == EAP_ASSET_FIGHTER) {
        return "on station over";
    }
    if (ev->place == a->base && a->via_count == 0) {
        return "ready at";
    }
    return "on scene at";
}

static void on_station(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                       size_t len)
{
    const char *name = asset_name(scn, ev->subject);
    const struct eap_route *r = route(scn, ev->object);
    if (ev->place >= 0) {
        snprintf(buf, len, "%s %s %s", name, station_verb(scn, ev), place_name(scn, ev->place));
    } else if (r) {
        snprintf(buf, len, "%s on station over the route: %s", name, r->name);
    } else {
        snprintf(buf, len, "%s on station", name);
    }
}

static bool describe_asset(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                           char *buf, size_t len)
{
    const struct eap_asset *a = asset(scn, ev->subject);
    const char *name = asset_name(scn, ev->subject), *place = place_name(scn, ev->place);
    long n = count(ev->value);
    const char *people = plural(n, "person", "people");
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_ASSET_DEPARTED:
    case EAP_EV_ASSET_LEFT:
        leg(scn, ev, buf, len);
        return true;
    case EAP_EV_ASSET_AT:
        snprintf(buf, len, "%s %s %s", name, a && ev->place == a->base ? "back at" : "arrived at",
                 place);
        return true;
    case EAP_EV_ON_STATION:
        on_station(scn, ev, buf, len);
        return true;
    case EAP_EV_OFF_STATION:
        snprintf(buf, len, "%s off station", name);
        return true;
    case EAP_EV_BOARDING:
        snprintf(buf, len, "%s boarding %ld %s at %s", name, n, people, place);
        return true;
    case EAP_EV_AIRLIFT_DEPARTED:
        snprintf(buf, len, "%s %s %s with %ld %s", name,
                 is_ship(scn, ev->subject) ? "under way from" : "airborne from", place, n, people);
        return true;
    case EAP_EV_AIRLIFT_ARRIVED:
        snprintf(buf, len, "%s %s %s with %ld %s", name,
                 is_ship(scn, ev->subject) ? "arrived at" : "landed at", place, n, people);
        return true;
    default:
        return false;
    }
}

/* --- convoys --- */

static bool describe_convoy(const struct eap_scenario *scn, const struct eap_trace_event *ev,
                            char *buf, size_t len)
{
    char d[32], km[32];
    const char *name = convoy_name(scn, ev->subject), *place = place_name(scn, ev->place);
    long n = count(ev->value);
    kilometres(ev->value, km, sizeof(km)); /* the position, for the kinds that carry one */
    minutes(ev->value2, d, sizeof(d));     /* a delay, for the kinds that carry one */
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_ESCORT_JOINED:
        snprintf(buf, len, "%s joined by an escort: %s", convoy_name(scn, ev->object),
                 asset_name(scn, ev->subject));
        return true;
    case EAP_EV_ESCORT_LEFT:
        snprintf(buf, len, "%s deserted by an escort at km %s: %s", convoy_name(scn, ev->object),
                 km, asset_name(scn, ev->subject));
        return true;
    case EAP_EV_CONVOY_FORMING:
        snprintf(buf, len, "%s forming at %s with %ld %s", name, place, n,
                 plural(n, "person", "people"));
        return true;
    case EAP_EV_CONVOY_FORMED:
        snprintf(buf, len, "%s formed at %s", name, place);
        return true;
    case EAP_EV_CONVOY_DEPARTED:
        snprintf(buf, len, "%s under way from %s", name, place);
        return true;
    case EAP_EV_CONVOY_AT:
        snprintf(buf, len, "%s passing %s at km %s", name, place, km);
        return true;
    case EAP_EV_CHECKPOINT:
        snprintf(buf, len, "%s held at %s for %s", name, checkpoint_name(scn, ev), d);
        return true;
    case EAP_EV_INCIDENT:
    case EAP_EV_BREAKDOWN:
        snprintf(buf, len, "%s: %s at km %s, delayed %s", name,
                 ev->kind == EAP_EV_INCIDENT ? "road incident" : "vehicle breakdown", km, d);
        return true;
    case EAP_EV_RESUMED:
        snprintf(buf, len, "%s moving again at km %s", name, km);
        return true;
    case EAP_EV_CONVOY_ARRIVED:
        snprintf(buf, len, "%s arrived at %s after %s km", name, place, km);
        return true;
    case EAP_EV_CONVOY_STOOD_DOWN:
        snprintf(buf, len, "%s stood down at %s: nobody left to carry", name, place);
        return true;
    default:
        return false;
    }
}

void eap_trace_describe(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                        size_t len)
{
    if (!describe_plan(scn, ev, buf, len) && !describe_threat(scn, ev, buf, len) &&
        !describe_chain(scn, ev, buf, len) && !describe_people(scn, ev, buf, len) &&
        !describe_asset(scn, ev, buf, len) && !describe_convoy(scn, ev, buf, len)) {
        snprintf(buf, len, "?");
    }
}
