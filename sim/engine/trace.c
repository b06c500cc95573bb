/*
 * The trace buffer and the one-line descriptions every consumer shows for an event.
 */
#include "eapsim/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/units.h"

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

static const char *place_name(const struct eap_scenario *scn, int32_t p)
{
    return p >= 0 && (size_t)p < scn->place_count ? scn->places[p].name : "?";
}

static const char *asset_name(const struct eap_scenario *scn, int32_t a)
{
    return a >= 0 && (size_t)a < scn->asset_count ? scn->assets[a].name : "?";
}

static bool is_ship(const struct eap_scenario *scn, int32_t a)
{
    return a >= 0 && (size_t)a < scn->asset_count && scn->assets[a].kind == EAP_ASSET_SHIP;
}

static const char *party_name(const struct eap_scenario *scn, int32_t p)
{
    return p >= 0 && (size_t)p < scn->party_count ? scn->parties[p].name : "?";
}

static const char *convoy_name(const struct eap_scenario *scn, int32_t c)
{
    return c >= 0 && (size_t)c < scn->convoy_count ? scn->convoys[c].name : "?";
}

static const struct eap_decision *decision(const struct eap_scenario *scn, int32_t d)
{
    return d >= 0 && (size_t)d < scn->decision_count ? &scn->decisions[d] : NULL;
}

static const char *threat_name(const struct eap_scenario *scn, int32_t t)
{
    return t >= 0 && (size_t)t < scn->threat_count ? scn->threats[t].name : "?";
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

/* "on station over" for aircraft watching a place or any asset covering a route; "ready at"
 * for a force that stays at its base; "arrives at" for the rest. */
static const char *station_verb(const struct eap_scenario *scn, const struct eap_trace_event *ev)
{
    if (ev->subject < 0 || (size_t)ev->subject >= scn->asset_count) {
        return "on station at";
    }
    const struct eap_asset *a = &scn->assets[ev->subject];
    if (ev->place < 0 || a->kind == EAP_ASSET_DRONE || a->kind == EAP_ASSET_FIGHTER) {
        return "on station over";
    }
    if (ev->place == a->base && a->via_count == 0) {
        return "ready at";
    }
    return "on scene at";
}

static const char *station_name(const struct eap_scenario *scn, const struct eap_trace_event *ev)
{
    if (ev->place >= 0) {
        return place_name(scn, ev->place);
    }
    if (ev->object >= 0 && (size_t)ev->object < scn->route_count) {
        return scn->routes[ev->object].name;
    }
    return "its target";
}

/* A duration for a timeline line: minutes are enough ("25 min", "1h11m"). */
static void minutes(double ms, char *buf, size_t len)
{
    long long m = (long long)(ms / EAP_MINUTE + 0.5);
    if (m >= 60) {
        snprintf(buf, len, "%lldh%02lldm", m / 60, m % 60);
    } else {
        snprintf(buf, len, "%lld min", m);
    }
}

/* "X under way from Y to Z (252 km, 1h11m)": the leg as the engine computed it. */
static void leg(const struct eap_scenario *scn, const struct eap_trace_event *ev, const char *what,
                char *buf, size_t len)
{
    const char *name = asset_name(scn, ev->subject), *from = place_name(scn, ev->place);
    if (ev->object < 0 || (size_t)ev->object >= scn->place_count) {
        snprintf(buf, len, "%s %s %s", name, what, from);
        return;
    }
    if (ev->object == ev->place) {
        snprintf(buf, len, "%s under way at %s", name, from);
        return;
    }
    char d[32];
    minutes(ev->value2, d, sizeof(d));
    snprintf(buf, len, "%s %s %s to %s (%.0f km, %s)", name, what, from,
             place_name(scn, ev->object), ev->value / 1000.0, d);
}

void eap_trace_describe(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                        size_t len)
{
    char d[48]; /* a delay, formatted only by the kinds that tell one */
    int n = (int)ev->value;
    double km = ev->value / 1000.0;
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_START:
        snprintf(buf, len, "Scenario starts");
        break;
    case EAP_EV_TRIPWIRE:
        snprintf(buf, len, "Plan: %s",
                 ev->subject >= 0 && (size_t)ev->subject < scn->tripwire_count
                     ? scn->tripwires[ev->subject].name
                     : "?");
        break;
    case EAP_EV_ATTACK_START:
        snprintf(buf, len, "%s begins at %s (%d attackers)", threat_name(scn, ev->subject),
                 place_name(scn, ev->place), n);
        break;
    case EAP_EV_ATTACK_END:
        snprintf(buf, len, "%s ends", threat_name(scn, ev->subject));
        break;
    case EAP_EV_BREACH:
        snprintf(buf, len, "Perimeter of %s breached", place_name(scn, ev->place));
        break;
    case EAP_EV_SAFE_ROOM_BREACH:
        snprintf(buf, len, "Safe room at %s breached", place_name(scn, ev->place));
        break;
    case EAP_EV_FIRE:
        snprintf(buf, len, "Fire set at %s", place_name(scn, ev->place));
        break;
    case EAP_EV_UNTENABLE:
        snprintf(buf, len, "Shelter at %s untenable (fire and smoke)", place_name(scn, ev->place));
        break;
    case EAP_EV_INDIRECT_FIRE:
        snprintf(buf, len, "%s hits %s", threat_name(scn, ev->subject), place_name(scn, ev->place));
        break;
    case EAP_EV_CASUALTIES:
        /* A convoy's casualties have no place: they fell on the road. */
        snprintf(buf, len, "%d casualt%s among %s %s%s", n, n == 1 ? "y" : "ies",
                 party_name(scn, ev->subject), ev->place == EAP_NONE ? "on the road" : "at ",
                 ev->place == EAP_NONE ? "" : place_name(scn, ev->place));
        break;
    case EAP_EV_SHELTER:
        snprintf(buf, len, "%s shelter at %s", party_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_ESCAPED:
        snprintf(buf, len, "%d of %s get out of the smoke at %s", n, party_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_GUARDS_LEFT:
        snprintf(buf, len, "The %d guards at %s walk away", n, place_name(scn, ev->place));
        break;
    case EAP_EV_DESTROY_START:
        snprintf(buf, len, "Destruction of classified material begins at %s",
                 place_name(scn, ev->place));
        break;
    case EAP_EV_CLASSIFIED_DESTROYED:
        snprintf(buf, len, "Classified material destroyed at %s", place_name(scn, ev->place));
        break;
    case EAP_EV_DRAW_DOWN:
        snprintf(buf, len, "%d of %s leave %s (draw-down)", n, party_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_REQUEST:
        snprintf(buf, len, "Request for support enters the chain (%d asset%s)", n,
                 n == 1 ? "" : "s");
        break;
    case EAP_EV_REQUEST_LOST:
        if (ev->subject < 0) {
            snprintf(buf, len, "The request for support is never made");
        } else {
            snprintf(buf, len, "Request lost at %s%s",
                     (size_t)ev->subject < scn->chain.hop_count ? scn->chain.hops[ev->subject].name
                                                                : "?",
                     ev->value > 0 ? "; it will be sent again" : "");
        }
        break;
    case EAP_EV_HOP:
        eap_units_format(EAP_Q_DURATION, ev->value, d, sizeof(d));
        snprintf(buf, len, "Request passes %s (%s)",
                 ev->subject >= 0 && (size_t)ev->subject < scn->chain.hop_count
                     ? scn->chain.hops[ev->subject].name
                     : "?",
                 d);
        break;
    case EAP_EV_TASKED:
        snprintf(buf, len, "%s tasked", asset_name(scn, ev->subject));
        break;
    case EAP_EV_ASSET_DEPARTED:
        leg(scn, ev, "under way from", buf, len);
        break;
    case EAP_EV_ASSET_AT:
        snprintf(buf, len, "%s at %s", asset_name(scn, ev->subject), place_name(scn, ev->place));
        break;
    case EAP_EV_ASSET_LEFT:
        leg(scn, ev, "under way again from", buf, len);
        break;
    case EAP_EV_ON_STATION:
        snprintf(buf, len, "%s %s %s", asset_name(scn, ev->subject), station_verb(scn, ev),
                 station_name(scn, ev));
        break;
    case EAP_EV_OFF_STATION:
        snprintf(buf, len, "%s off station", asset_name(scn, ev->subject));
        break;
    case EAP_EV_ESCORT_JOINED:
        snprintf(buf, len, "%s escorting %s", asset_name(scn, ev->subject),
                 convoy_name(scn, ev->object));
        break;
    case EAP_EV_ESCORT_LEFT:
        snprintf(buf, len, "%s no longer escorting %s (km %.0f)", asset_name(scn, ev->subject),
                 convoy_name(scn, ev->object), km);
        break;
    case EAP_EV_CONVOY_FORMING:
        snprintf(buf, len, "%s forming at %s (%d people)", convoy_name(scn, ev->subject),
                 place_name(scn, ev->place), n);
        break;
    case EAP_EV_CONVOY_FORMED:
        snprintf(buf, len, "%s formed at %s", convoy_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_CONVOY_DEPARTED:
        snprintf(buf, len, "%s leaves %s", convoy_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_CONVOY_AT:
        snprintf(buf, len, "%s passes %s (km %.0f)", convoy_name(scn, ev->subject),
                 place_name(scn, ev->place), km);
        break;
    case EAP_EV_CHECKPOINT:
        eap_units_format(EAP_Q_DURATION, ev->value2, d, sizeof(d));
        snprintf(buf, len, "%s held at %s for %s", convoy_name(scn, ev->subject),
                 checkpoint_name(scn, ev), d);
        break;
    case EAP_EV_INCIDENT:
        eap_units_format(EAP_Q_DURATION, ev->value2, d, sizeof(d));
        snprintf(buf, len, "%s: incident at km %.0f, delayed %s", convoy_name(scn, ev->subject), km,
                 d);
        break;
    case EAP_EV_BREAKDOWN:
        eap_units_format(EAP_Q_DURATION, ev->value2, d, sizeof(d));
        snprintf(buf, len, "%s: vehicle breakdown at km %.0f, delayed %s",
                 convoy_name(scn, ev->subject), km, d);
        break;
    case EAP_EV_RESUMED:
        snprintf(buf, len, "%s moving again (km %.0f)", convoy_name(scn, ev->subject), km);
        break;
    case EAP_EV_CONVOY_ARRIVED:
        snprintf(buf, len, "%s arrives at %s (%.0f km)", convoy_name(scn, ev->subject),
                 place_name(scn, ev->place), km);
        break;
    case EAP_EV_CONVOY_STOOD_DOWN:
        snprintf(buf, len, "%s stands down at %s: nobody left to carry",
                 convoy_name(scn, ev->subject), place_name(scn, ev->place));
        break;
    case EAP_EV_PARTY_AT:
        snprintf(buf, len, "%s: %d at %s", party_name(scn, ev->subject), n,
                 place_name(scn, ev->place));
        break;
    case EAP_EV_PARTY_SAFE:
        snprintf(buf, len, "%s safe at %s", party_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_PLACE_EVACUATED:
        snprintf(buf, len, "Last people leave %s", place_name(scn, ev->place));
        break;
    case EAP_EV_BOARDING:
        snprintf(buf, len, "%d people boarding %s at %s", n, asset_name(scn, ev->subject),
                 place_name(scn, ev->place));
        break;
    case EAP_EV_AIRLIFT_DEPARTED:
        snprintf(buf, len, "%s %s %s with %d people", asset_name(scn, ev->subject),
                 is_ship(scn, ev->subject) ? "sails from" : "airborne from",
                 place_name(scn, ev->place), n);
        break;
    case EAP_EV_AIRLIFT_ARRIVED:
        snprintf(buf, len, "%s %s %s with %d people", asset_name(scn, ev->subject),
                 is_ship(scn, ev->subject) ? "reaches" : "landed at", place_name(scn, ev->place),
                 n);
        break;
    case EAP_EV_DECISION:
        snprintf(buf, len, "Decision due%s%s: %s",
                 decision(scn, ev->subject) && decision(scn, ev->subject)->decides ? " for " : "",
                 decision(scn, ev->subject) && decision(scn, ev->subject)->decides
                     ? decision(scn, ev->subject)->decides
                     : "",
                 decision(scn, ev->subject) ? decision(scn, ev->subject)->prompt : "?");
        break;
    case EAP_EV_DECIDED: {
        const struct eap_decision *dp = decision(scn, ev->subject);
        const char *label = dp && ev->object >= 0 && (size_t)ev->object < dp->option_count
                                ? dp->options[ev->object].label
                                : "?";
        snprintf(buf, len, "Decided: %s%s", label,
                 ev->value > 0 ? " (the default: no answer in time)" : "");
        break;
    }
    case EAP_EV_END:
        snprintf(buf, len, "End of simulation");
        break;
    case EAP_EV_KIND_COUNT:
        snprintf(buf, len, "?");
        break;
    }
}
