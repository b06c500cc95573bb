/*
 * Where everything is at time t, from the scenario and the complete trace: place states,
 * head counts, convoy and asset positions. Pure and display-free, so it is unit-tested
 * without SDL, and seeking backwards is the same computation as playing forwards.
 */
#include "eapsim/viz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEG (3.14159265358979323846 / 180.0)

/* ---- Trace navigation ---- */

size_t eap_viz_events_until(const struct eap_trace *tr, eap_time t)
{
    size_t lo = 0, hi = tr->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tr->events[mid].time <= t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

eap_time eap_viz_trace_end(const struct eap_scenario *scn, const struct eap_trace *tr)
{
    for (size_t i = tr->count; i-- > 0;) {
        if (tr->events[i].kind == EAP_EV_END) {
            return tr->events[i].time;
        }
    }
    if (tr->count > 0 && tr->events[tr->count - 1].time > 0) {
        return tr->events[tr->count - 1].time;
    }
    return scn->horizon > 0 ? scn->horizon : EAP_HOUR;
}

eap_time eap_viz_next_event_time(const struct eap_trace *tr, eap_time t)
{
    size_t i = eap_viz_events_until(tr, t);
    return i < tr->count ? tr->events[i].time : t;
}

eap_time eap_viz_prev_event_time(const struct eap_trace *tr, eap_time t)
{
    size_t i = eap_viz_events_until(tr, t);
    while (i > 0 && tr->events[i - 1].time >= t) {
        i--;
    }
    return i > 0 ? tr->events[i - 1].time : t;
}

/* ---- Small geometry helpers ---- */

static bool valid(int32_t i, size_t n)
{
    return i >= 0 && (size_t)i < n;
}

static double bearing_deg(double lat0, double lon0, double lat1, double lon1)
{
    double dlon = (lon1 - lon0) * DEG;
    double y = sin(dlon) * cos(lat1 * DEG);
    double x = cos(lat0 * DEG) * sin(lat1 * DEG) - sin(lat0 * DEG) * cos(lat1 * DEG) * cos(dlon);
    double b = atan2(y, x) / DEG;
    return b < 0 ? b + 360.0 : b;
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double fraction(eap_time t, eap_time t0, eap_time t1)
{
    return t1 > t0 ? clamp01((double)(t - t0) / (double)(t1 - t0)) : 1.0;
}

/* ---- Convoys along their routes ---- */

static bool is_convoy_move(uint16_t kind)
{
    switch ((enum eap_event_kind)kind) {
    case EAP_EV_CONVOY_DEPARTED:
    case EAP_EV_CONVOY_AT:
    case EAP_EV_CHECKPOINT:
    case EAP_EV_INCIDENT:
    case EAP_EV_BREAKDOWN:
    case EAP_EV_RESUMED:
    case EAP_EV_CONVOY_ARRIVED:
        return true;
    default:
        return false;
    }
}

/* Index of the next CONVOY_AT record of convoy c at or after *from, or -1. */
static long next_convoy_at(const struct eap_trace *tr, int32_t c, size_t from)
{
    for (size_t i = from; i < tr->count; i++) {
        if (tr->events[i].kind == EAP_EV_CONVOY_AT && tr->events[i].subject == c) {
            return (long)i;
        }
    }
    return -1;
}

static long find_arrival(const struct eap_trace *tr, int32_t c)
{
    for (size_t i = 0; i < tr->count; i++) {
        if (tr->events[i].kind == EAP_EV_CONVOY_ARRIVED && tr->events[i].subject == c) {
            return (long)i;
        }
    }
    return -1;
}

/* End position (m) of segment j: its waypoint's CONVOY_AT record when the trace has one
 * (consumed from *k), the arrival for the last segment, else start + replay distance. */
static double segment_end(const struct eap_scenario *scn, const struct eap_trace *tr, int32_t c,
                          size_t j, double start, size_t *k, long arrival)
{
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    const struct eap_segment *s = &r->segments[j];
    long i = next_convoy_at(tr, c, *k);
    if (i >= 0 && tr->events[i].place == s->to) {
        *k = (size_t)i + 1;
        return tr->events[i].value;
    }
    if (j + 1 == r->segment_count && arrival >= 0) {
        return tr->events[arrival].value;
    }
    return start +
           (valid(s->distance, scn->input_count) ? scn->inputs[s->distance].replay_value : 0.0);
}

/* Walks the route to `metres`; returns the segment index and writes the point. */
static int32_t route_walk(const struct eap_scenario *scn, const struct eap_trace *tr, int32_t c,
                          double metres, double *lat, double *lon)
{
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    long arrival = find_arrival(tr, c);
    double start = 0;
    size_t k = 0;
    for (size_t j = 0; j < r->segment_count; j++) {
        double end = segment_end(scn, tr, c, j, start, &k, arrival);
        if (metres <= end || j + 1 == r->segment_count) {
            const struct eap_place *a = &scn->places[r->segments[j].from];
            const struct eap_place *b = &scn->places[r->segments[j].to];
            double f = end > start ? clamp01((metres - start) / (end - start)) : 1.0;
            *lat = a->lat + (b->lat - a->lat) * f;
            *lon = a->lon + (b->lon - a->lon) * f;
            return (int32_t)j;
        }
        start = end;
    }
    *lat = *lon = 0;
    return 0;
}

void eap_viz_convoy_point(const struct eap_scenario *scn, const struct eap_trace *tr,
                          int32_t convoy, double metres, double *lat, double *lon)
{
    route_walk(scn, tr, convoy, metres, lat, lon);
}

/* Length of the convoy's route as driven: the arrival position, else the sum of the
 * waypoint positions the walk finds. */
static double convoy_length(const struct eap_scenario *scn, const struct eap_trace *tr, int32_t c)
{
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    long arrival = find_arrival(tr, c);
    if (arrival >= 0) {
        return tr->events[arrival].value;
    }
    double end = 0;
    size_t k = 0;
    for (size_t j = 0; j < r->segment_count; j++) {
        end = segment_end(scn, tr, c, j, end, &k, arrival);
    }
    return end;
}

static enum eap_viz_convoy_status convoy_status_of(uint16_t kind)
{
    switch ((enum eap_event_kind)kind) {
    case EAP_EV_CONVOY_FORMING:
        return EAP_VIZ_CONVOY_FORMING;
    case EAP_EV_CONVOY_FORMED:
        return EAP_VIZ_CONVOY_READY;
    case EAP_EV_CHECKPOINT:
        return EAP_VIZ_CONVOY_HALTED;
    case EAP_EV_INCIDENT:
        return EAP_VIZ_CONVOY_INCIDENT;
    case EAP_EV_BREAKDOWN:
        return EAP_VIZ_CONVOY_BREAKDOWN;
    case EAP_EV_CONVOY_ARRIVED:
        return EAP_VIZ_CONVOY_ARRIVED;
    default:
        return EAP_VIZ_CONVOY_MOVING;
    }
}

/* Speed (m/s) the convoy moves at after record p: the record's own when it carries one,
 * else the segment's replay speed. Used only past the end of the trace. */
static double convoy_speed_after(const struct eap_scenario *scn, const struct eap_trace_event *p,
                                 int32_t segment)
{
    if ((p->kind == EAP_EV_CONVOY_AT || p->kind == EAP_EV_RESUMED) && p->value2 > 0) {
        return p->value2;
    }
    const struct eap_route *r = &scn->routes[scn->convoys[p->subject].route];
    if (valid(segment, r->segment_count)) {
        int32_t s = r->segments[segment].speed;
        if (valid(s, scn->input_count)) {
            return scn->inputs[s].replay_value;
        }
    }
    return 0;
}

/* Metres along the route at t given the record in force (prev) and the next one (or -1). */
static double convoy_metres(const struct eap_scenario *scn, const struct eap_trace *tr, long prev,
                            long next, eap_time t, double length)
{
    const struct eap_trace_event *p = &tr->events[prev];
    enum eap_viz_convoy_status st = convoy_status_of(p->kind);
    if (st != EAP_VIZ_CONVOY_MOVING) {
        return p->value;
    }
    if (next >= 0) {
        const struct eap_trace_event *n = &tr->events[next];
        return p->value + (n->value - p->value) * fraction(t, p->time, n->time);
    }
    /* The run ended with the convoy on the road: carry on at its speed. */
    double lat, lon;
    int32_t seg = route_walk(scn, tr, p->subject, p->value, &lat, &lon);
    double m = p->value + convoy_speed_after(scn, p, seg) * (double)(t - p->time) / 1000.0;
    return fmin(m, length);
}

/* The last convoy record of c at or before index `upto` (exclusive), and the next movement
 * record at or after it. */
static void convoy_records(const struct eap_trace *tr, int32_t c, size_t upto, long *prev,
                           long *next)
{
    *prev = *next = -1;
    for (size_t i = upto; i-- > 0;) {
        const struct eap_trace_event *ev = &tr->events[i];
        if (ev->subject == c && (is_convoy_move(ev->kind) || ev->kind == EAP_EV_CONVOY_FORMING ||
                                 ev->kind == EAP_EV_CONVOY_FORMED)) {
            *prev = (long)i;
            break;
        }
    }
    for (size_t i = upto; i < tr->count; i++) {
        if (tr->events[i].subject == c && is_convoy_move(tr->events[i].kind)) {
            *next = (long)i;
            break;
        }
    }
}

/* Status, metres and position of convoy c at time t. */
static void convoy_at_time(const struct eap_scenario *scn, const struct eap_trace *tr, int32_t c,
                           eap_time t, struct eap_viz_convoy *out)
{
    long prev, next;
    convoy_records(tr, c, eap_viz_events_until(tr, t), &prev, &next);
    const struct eap_route *r = &scn->routes[scn->convoys[c].route];
    out->record = prev;
    out->length = convoy_length(scn, tr, c);
    if (prev < 0) {
        out->status = EAP_VIZ_CONVOY_NONE;
        out->position = 0;
    } else {
        out->status = convoy_status_of(tr->events[prev].kind);
        bool on_road = is_convoy_move(tr->events[prev].kind);
        out->position = on_road ? convoy_metres(scn, tr, prev, next, t, out->length) : 0;
    }
    out->segment = route_walk(scn, tr, c, out->position, &out->lat, &out->lon);
    const struct eap_segment *s = &r->segments[out->segment];
    out->heading = bearing_deg(scn->places[s->from].lat, scn->places[s->from].lon,
                               scn->places[s->to].lat, scn->places[s->to].lon);
}

/* ---- Assets ---- */

/* A convoy that uses route r, preferring one on the road. */
static int32_t convoy_on_route(const struct eap_scenario *scn, const struct eap_viz_frame *f,
                               int32_t route)
{
    int32_t any = EAP_NONE;
    for (size_t c = 0; c < scn->convoy_count; c++) {
        if (scn->convoys[c].route != route) {
            continue;
        }
        enum eap_viz_convoy_status st = f->convoys[c].status;
        if (st != EAP_VIZ_CONVOY_NONE && st != EAP_VIZ_CONVOY_ARRIVED) {
            return (int32_t)c;
        }
        if (any == EAP_NONE) {
            any = (int32_t)c;
        }
    }
    return any;
}

static void place_pos(const struct eap_scenario *scn, int32_t p, double *lat, double *lon)
{
    if (valid(p, scn->place_count)) {
        *lat = scn->places[p].lat;
        *lon = scn->places[p].lon;
    }
}

/* Where a route station is at time t: over the convoy on it, else the route's start. */
static void route_station_pos(const struct eap_scenario *scn, const struct eap_trace *tr,
                              const struct eap_viz_frame *f, int32_t route, eap_time t, double *lat,
                              double *lon, int32_t *convoy)
{
    *convoy = valid(route, scn->route_count) ? convoy_on_route(scn, f, route) : EAP_NONE;
    if (*convoy != EAP_NONE) {
        struct eap_viz_convoy tmp;
        convoy_at_time(scn, tr, *convoy, t, &tmp);
        if (tmp.status != EAP_VIZ_CONVOY_NONE) {
            *lat = tmp.lat;
            *lon = tmp.lon;
            return;
        }
    }
    if (valid(route, scn->route_count) && scn->routes[route].segment_count > 0) {
        place_pos(scn, scn->routes[route].segments[0].from, lat, lon);
    }
}

/* Position an asset is heading for or standing at with record ev, at time t. */
static void record_pos(const struct eap_scenario *scn, const struct eap_trace *tr,
                       const struct eap_viz_frame *f, const struct eap_trace_event *ev, eap_time t,
                       double *lat, double *lon)
{
    int32_t convoy;
    if (ev->kind == EAP_EV_ESCORT_JOINED && valid(ev->object, scn->convoy_count)) {
        struct eap_viz_convoy tmp;
        convoy_at_time(scn, tr, ev->object, t, &tmp);
        *lat = tmp.lat;
        *lon = tmp.lon;
    } else if (ev->kind == EAP_EV_ON_STATION && ev->place < 0) {
        route_station_pos(scn, tr, f, ev->object, t, lat, lon, &convoy);
    } else {
        place_pos(scn, ev->place, lat, lon);
    }
}

/* The place an asset that left `from` makes for next, per its plan: the via after `from`,
 * else its target (the start of a target route). */
static int32_t planned_next(const struct eap_scenario *scn, const struct eap_asset *a, int32_t from)
{
    size_t k = 0;
    for (size_t i = 0; i < a->via_count; i++) {
        if (a->via[i].place == from) {
            k = i + 1;
        }
    }
    if (k < a->via_count) {
        return a->via[k].place;
    }
    if (a->target_place >= 0) {
        return a->target_place;
    }
    if (valid(a->target_route, scn->route_count) &&
        scn->routes[a->target_route].segment_count > 0) {
        return scn->routes[a->target_route].segments[0].from;
    }
    return EAP_NONE;
}

static double asset_speed(const struct eap_scenario *scn, const struct eap_asset *a)
{
    return valid(a->speed, scn->input_count) ? scn->inputs[a->speed].replay_value : 0;
}

static void set_leg(struct eap_viz_asset *o, double f)
{
    o->lat = o->from_lat + (o->to_lat - o->from_lat) * f;
    o->lon = o->from_lon + (o->to_lon - o->from_lon) * f;
    if (o->to_lat != o->from_lat || o->to_lon != o->from_lon) {
        o->heading = bearing_deg(o->from_lat, o->from_lon, o->to_lat, o->to_lon);
    }
}

/* In transit from record p: towards the next record n, or (past the end of the trace)
 * towards its planned next stop at its cruise speed, never quite arriving. */
static void asset_transit(const struct eap_scenario *scn, const struct eap_trace *tr,
                          const struct eap_viz_frame *f, const struct eap_trace_event *p, long n,
                          eap_time t, struct eap_viz_asset *o)
{
    const struct eap_asset *a = &scn->assets[p->subject];
    o->status = EAP_VIZ_ASSET_TRANSIT;
    o->place = EAP_NONE;
    place_pos(scn, p->place, &o->from_lat, &o->from_lon);
    o->to_lat = o->from_lat;
    o->to_lon = o->from_lon;
    if (n >= 0) {
        const struct eap_trace_event *ne = &tr->events[n];
        record_pos(scn, tr, f, ne, ne->time, &o->to_lat, &o->to_lon);
        set_leg(o, fraction(t, p->time, ne->time));
        return;
    }
    int32_t dest = p->kind == EAP_EV_AIRLIFT_DEPARTED ? p->object : planned_next(scn, a, p->place);
    place_pos(scn, dest, &o->to_lat, &o->to_lon);
    double d = eap_great_circle_m(o->from_lat, o->from_lon, o->to_lat, o->to_lon);
    double v = asset_speed(scn, a), pf = a->path_factor > 0 ? a->path_factor : 1.0;
    double flown = v * (double)(t - p->time) / 1000.0 / pf;
    set_leg(o, d > 0 ? fmin(flown / d, 0.98) : 0.0);
}

/* Off station: heading home at cruise speed; done once there. */
static void asset_return(const struct eap_scenario *scn, const struct eap_trace *tr,
                         const struct eap_viz_frame *f, const struct eap_trace_event *p, eap_time t,
                         struct eap_viz_asset *o)
{
    const struct eap_asset *a = &scn->assets[p->subject];
    int32_t convoy;
    if (p->place >= 0) {
        place_pos(scn, p->place, &o->from_lat, &o->from_lon);
    } else {
        route_station_pos(scn, tr, f, a->target_route, p->time, &o->from_lat, &o->from_lon,
                          &convoy);
    }
    place_pos(scn, a->base, &o->to_lat, &o->to_lon);
    double d = eap_great_circle_m(o->from_lat, o->from_lon, o->to_lat, o->to_lon);
    double v = asset_speed(scn, a);
    double secs = (double)(t - p->time) / 1000.0;
    if (v <= 0 || d <= 0 || secs * v >= d) {
        o->status = EAP_VIZ_ASSET_DONE;
        return;
    }
    o->status = EAP_VIZ_ASSET_RETURNING;
    o->place = EAP_NONE;
    set_leg(o, secs * v / d);
}

static void asset_still(const struct eap_scenario *scn, struct eap_viz_asset *o, int32_t place,
                        enum eap_viz_asset_status st)
{
    o->status = st;
    o->place = place;
    place_pos(scn, place, &o->lat, &o->lon);
}

/* An aircraft or team "on station" at its own base, having flown nowhere (no stops on the
 * way), is ready there, not over it: as the trace words it ("ready at"). Drones and fighters
 * on station are always over their target. */
static bool ready_at_base(const struct eap_scenario *scn, const struct eap_trace_event *p)
{
    const struct eap_asset *a = &scn->assets[p->subject];
    return p->place >= 0 && p->place == a->base && a->via_count == 0 &&
           a->kind != EAP_ASSET_DRONE && a->kind != EAP_ASSET_FIGHTER;
}

/* Positions asset a from its record in force (o->record) and its next record (o->next). */
static void position_asset(const struct eap_scenario *scn, const struct eap_trace *tr,
                           const struct eap_viz_frame *f, eap_time t, struct eap_viz_asset *o)
{
    const struct eap_trace_event *p = &tr->events[o->record];
    switch ((enum eap_event_kind)p->kind) {
    case EAP_EV_TASKED:
        asset_still(scn, o, scn->assets[p->subject].base, EAP_VIZ_ASSET_TASKED);
        break;
    case EAP_EV_ASSET_DEPARTED:
    case EAP_EV_ASSET_LEFT:
    case EAP_EV_AIRLIFT_DEPARTED:
        asset_transit(scn, tr, f, p, o->next, t, o);
        break;
    case EAP_EV_ASSET_AT:
    case EAP_EV_BOARDING:
    case EAP_EV_AIRLIFT_ARRIVED:
        asset_still(scn, o, p->place, EAP_VIZ_ASSET_HOLDING);
        break;
    case EAP_EV_ON_STATION:
        asset_still(scn, o, p->place,
                    ready_at_base(scn, p) ? EAP_VIZ_ASSET_READY : EAP_VIZ_ASSET_ON_STATION);
        if (p->place < 0) {
            o->route = p->object;
            route_station_pos(scn, tr, f, p->object, t, &o->lat, &o->lon, &o->convoy);
        }
        break;
    case EAP_EV_OFF_STATION:
        asset_return(scn, tr, f, p, t, o);
        break;
    case EAP_EV_ESCORT_JOINED:
        o->status = EAP_VIZ_ASSET_ESCORTING;
        o->place = EAP_NONE;
        o->convoy = p->object;
        if (valid(p->object, f->convoy_count)) {
            o->lat = f->convoys[p->object].lat;
            o->lon = f->convoys[p->object].lon;
            o->heading = f->convoys[p->object].heading;
        }
        break;
    default: /* ESCORT_LEFT: it walked away */
        o->status = EAP_VIZ_ASSET_DONE;
        break;
    }
}

/* ---- People ---- */

/* Encoding of party whereabouts in frame->party_where. */
static int32_t carried_by_convoy(int32_t c)
{
    return -2 - c;
}

static int32_t carried_by_aircraft(const struct eap_scenario *scn, int32_t a)
{
    return -2 - (int32_t)scn->convoy_count - a;
}

static bool convoy_takes(const struct eap_convoy *cv, int32_t party)
{
    return eap_parties_include(cv->parties, cv->party_count, party);
}

/* Whether an evacuate_by_air action of the plan flies `party` out of `from` on aircraft a. */
static bool airlift_takes(const struct eap_scenario *scn, int32_t a, int32_t from, int32_t party)
{
    for (size_t w = 0; w < scn->tripwire_count; w++) {
        for (size_t k = 0; k < scn->tripwires[w].action_count; k++) {
            const struct eap_action *ac = &scn->tripwires[w].actions[k];
            if (ac->kind != EAP_ACT_EVACUATE_BY_AIR || ac->from != from) {
                continue;
            }
            bool flies = false;
            for (size_t i = 0; i < ac->asset_count; i++) {
                flies = flies || ac->assets[i] == a;
            }
            if (flies && eap_parties_include(ac->parties, ac->party_count, party)) {
                return true;
            }
        }
    }
    return false;
}

/* Moves `n` people from a place to a carrier (convoy or aircraft) and marks which parties
 * travel with it, so that their later PARTY_AT records do not count them twice. */
static void board(const struct eap_scenario *scn, struct eap_viz_frame *f,
                  const struct eap_trace_event *ev, int n, int32_t carrier)
{
    if (valid(ev->place, f->place_count)) {
        f->places[ev->place].people -= n;
    }
    for (size_t p = 0; p < scn->party_count; p++) {
        if (f->party_where[p] != ev->place) {
            continue;
        }
        bool takes = ev->kind == EAP_EV_CONVOY_DEPARTED
                         ? convoy_takes(&scn->convoys[ev->subject], (int32_t)p)
                         : airlift_takes(scn, ev->subject, ev->place, (int32_t)p);
        if (takes) {
            f->party_where[p] = carrier;
        }
    }
}

/* A party reported at a place: it walked there unless a carrier brought it. */
static void party_at(const struct eap_scenario *scn, struct eap_viz_frame *f,
                     const struct eap_trace_event *ev)
{
    if (!valid(ev->subject, scn->party_count) || !valid(ev->place, f->place_count)) {
        return;
    }
    int32_t was = f->party_where[ev->subject];
    if (was >= 0 && was != ev->place) {
        int n = scn->parties[ev->subject].count;
        f->places[was].people -= n;
        f->places[ev->place].people += n;
    }
    f->party_where[ev->subject] = ev->place;
}

/* ---- Applying records ---- */

/* The head count a record carries, as a whole number (the trace keeps it in a double). */
static int count_of(const struct eap_trace_event *ev)
{
    return (int)lround(ev->value);
}

static void apply_place(struct eap_viz_frame *f, const struct eap_trace_event *ev)
{
    struct eap_viz_place *pl = &f->places[ev->place];
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_ATTACK_START:
        pl->attacks++;
        break;
    case EAP_EV_ATTACK_END:
        pl->attacks -= pl->attacks > 0;
        break;
    case EAP_EV_BREACH:
        pl->breached = true;
        break;
    case EAP_EV_SAFE_ROOM_BREACH:
        pl->breached = pl->safe_room_breached = true;
        break;
    case EAP_EV_FIRE:
        pl->burning = true;
        break;
    case EAP_EV_UNTENABLE:
        pl->burning = pl->untenable = true;
        break;
    case EAP_EV_INDIRECT_FIRE:
        pl->hit_recently = pl->hit_recently || ev->time + EAP_VIZ_HIT_SHOWN > f->t;
        break;
    case EAP_EV_CASUALTIES:
        /* The label counts the living at the place; casualties are shown beside them. */
        pl->casualties += count_of(ev);
        pl->people = pl->people > count_of(ev) ? pl->people - count_of(ev) : 0;
        break;
    case EAP_EV_SHELTER:
        pl->sheltering = true;
        break;
    case EAP_EV_DRAW_DOWN:
        pl->people -= count_of(ev);
        break;
    case EAP_EV_PLACE_EVACUATED:
        /* "The last people leave": nobody is left there. */
        pl->evacuated = true;
        pl->people = 0;
        break;
    default:
        break;
    }
}

static void apply_convoy(const struct eap_scenario *scn, struct eap_viz_frame *f,
                         const struct eap_trace_event *ev)
{
    struct eap_viz_convoy *cv = &f->convoys[ev->subject];
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_CONVOY_FORMING:
        cv->people = count_of(ev);
        break;
    case EAP_EV_CONVOY_DEPARTED:
        board(scn, f, ev, cv->people, carried_by_convoy(ev->subject));
        break;
    case EAP_EV_CONVOY_ARRIVED:
        if (valid(ev->place, f->place_count)) {
            f->places[ev->place].people += cv->people;
        }
        for (size_t p = 0; p < scn->party_count; p++) {
            if (f->party_where[p] == carried_by_convoy(ev->subject)) {
                f->party_where[p] = ev->place;
            }
        }
        break;
    default:
        break;
    }
}

static void apply_asset(const struct eap_scenario *scn, struct eap_viz_frame *f,
                        const struct eap_trace_event *ev, size_t index)
{
    struct eap_viz_asset *as = &f->assets[ev->subject];
    as->record = (long)index;
    if (ev->kind == EAP_EV_AIRLIFT_DEPARTED) {
        as->people = count_of(ev);
        board(scn, f, ev, as->people, carried_by_aircraft(scn, ev->subject));
    } else if (ev->kind == EAP_EV_AIRLIFT_ARRIVED) {
        if (valid(ev->place, f->place_count)) {
            f->places[ev->place].people += count_of(ev);
        }
        as->people = 0;
    }
}

static void apply_party(const struct eap_scenario *scn, struct eap_viz_frame *f,
                        const struct eap_trace_event *ev)
{
    if (ev->kind == EAP_EV_PARTY_AT) {
        party_at(scn, f, ev);
    } else if (ev->kind == EAP_EV_CASUALTIES && valid(ev->subject, scn->party_count)) {
        f->casualties += count_of(ev);
        f->party_casualties[ev->subject] += count_of(ev);
        /* Without a place they fell on the road: the convoy carrying them has fewer aboard. */
        int32_t c = -2 - f->party_where[ev->subject];
        if (ev->place == EAP_NONE && c >= 0 && (size_t)c < scn->convoy_count) {
            int *aboard = &f->convoys[c].people;
            *aboard = *aboard > count_of(ev) ? *aboard - count_of(ev) : 0;
        }
    } else if (ev->kind == EAP_EV_PARTY_SAFE && valid(ev->subject, scn->party_count)) {
        int n = scn->parties[ev->subject].count - f->party_casualties[ev->subject];
        n = n < 0 ? 0 : n;
        f->people_safe += n;
        if (valid(ev->place, f->place_count)) {
            f->places[ev->place].safe += n;
        }
    }
}

static void apply(const struct eap_scenario *scn, struct eap_viz_frame *f,
                  const struct eap_trace_event *ev, size_t index)
{
    enum eap_role role = eap_event_subject_role((enum eap_event_kind)ev->kind);
    if (valid(ev->place, f->place_count)) {
        apply_place(f, ev);
    }
    if (role == EAP_ROLE_CONVOY && valid(ev->subject, f->convoy_count)) {
        apply_convoy(scn, f, ev);
    } else if (role == EAP_ROLE_ASSET && valid(ev->subject, f->asset_count)) {
        apply_asset(scn, f, ev, index);
    } else if (role == EAP_ROLE_PARTY) {
        apply_party(scn, f, ev);
    }
}

/* ---- The frame ---- */

bool eap_viz_frame_init(struct eap_viz_frame *f, const struct eap_scenario *scn)
{
    memset(f, 0, sizeof(*f));
    /* calloc(n + 1): a scenario without convoys still gets a valid pointer. */
    f->places = calloc(scn->place_count + 1, sizeof(*f->places));
    f->convoys = calloc(scn->convoy_count + 1, sizeof(*f->convoys));
    f->assets = calloc(scn->asset_count + 1, sizeof(*f->assets));
    f->party_where = calloc(scn->party_count + 1, sizeof(*f->party_where));
    f->party_casualties = calloc(scn->party_count + 1, sizeof(*f->party_casualties));
    f->place_time = calloc(scn->place_count + 1, sizeof(*f->place_time));
    if (!f->places || !f->convoys || !f->assets || !f->party_where || !f->party_casualties ||
        !f->place_time) {
        eap_viz_frame_finish(f);
        return false;
    }
    f->place_count = scn->place_count;
    f->convoy_count = scn->convoy_count;
    f->asset_count = scn->asset_count;
    f->party_count = scn->party_count;
    return true;
}

void eap_viz_frame_finish(struct eap_viz_frame *f)
{
    free(f->places);
    free(f->convoys);
    free(f->assets);
    free(f->party_where);
    free(f->party_casualties);
    free(f->place_time);
    memset(f, 0, sizeof(*f));
}

/* The state before the first record: everyone where the scenario puts them. */
static void reset(const struct eap_scenario *scn, struct eap_viz_frame *f, eap_time t)
{
    f->t = t;
    f->people_total = f->people_safe = f->casualties = 0;
    memset(f->places, 0, f->place_count * sizeof(*f->places));
    memset(f->party_casualties, 0, f->party_count * sizeof(*f->party_casualties));
    for (size_t p = 0; p < scn->party_count; p++) {
        int32_t at = scn->parties[p].at;
        f->party_where[p] = valid(at, f->place_count) ? at : EAP_NONE;
        f->people_total += scn->parties[p].count;
        if (valid(at, f->place_count)) {
            f->places[at].people += scn->parties[p].count;
        }
    }
    for (size_t c = 0; c < f->convoy_count; c++) {
        memset(&f->convoys[c], 0, sizeof(f->convoys[c]));
        f->convoys[c].record = -1;
    }
    for (size_t a = 0; a < f->asset_count; a++) {
        struct eap_viz_asset *o = &f->assets[a];
        memset(o, 0, sizeof(*o));
        o->record = o->next = -1;
        o->reported = -1;
        o->route = o->convoy = EAP_NONE;
        asset_still(scn, o, scn->assets[a].base, EAP_VIZ_ASSET_IDLE);
    }
}

static void derive_place_status(const struct eap_scenario *scn, struct eap_viz_frame *f)
{
    for (size_t p = 0; p < f->place_count; p++) {
        struct eap_viz_place *pl = &f->places[p];
        if (pl->people < 0) {
            pl->people = 0; /* a trace that moves more people than it had: never show < 0 */
        }
        if (pl->burning) {
            pl->status = EAP_VIZ_PLACE_BURNING;
        } else if (pl->breached) {
            pl->status = EAP_VIZ_PLACE_BREACHED;
        } else if (pl->attacks > 0 || pl->hit_recently) {
            pl->status = EAP_VIZ_PLACE_THREATENED;
        } else if (pl->evacuated) {
            pl->status = EAP_VIZ_PLACE_EVACUATED;
        } else if (scn->places[p].safe) {
            pl->status = EAP_VIZ_PLACE_SAFE_HAVEN;
        } else {
            pl->status = EAP_VIZ_PLACE_QUIET;
        }
    }
}

/* The first record after index n-1 of every asset that has one (one forward scan). */
static void find_next_asset_records(const struct eap_trace *tr, size_t n, struct eap_viz_frame *f)
{
    size_t missing = f->asset_count;
    for (size_t i = n; i < tr->count && missing > 0; i++) {
        const struct eap_trace_event *ev = &tr->events[i];
        if (eap_event_subject_role((enum eap_event_kind)ev->kind) == EAP_ROLE_ASSET &&
            valid(ev->subject, f->asset_count) && f->assets[ev->subject].next < 0) {
            f->assets[ev->subject].next = (long)i;
            missing--;
        }
    }
}

static void position_all(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                         struct eap_viz_frame *f)
{
    for (size_t c = 0; c < f->convoy_count; c++) {
        struct eap_viz_convoy *cv = &f->convoys[c];
        int people = cv->people;
        convoy_at_time(scn, tr, (int32_t)c, t, cv);
        cv->people = people;
        for (size_t k = 0; k < scn->convoys[c].vehicle_type_count; k++) {
            cv->vehicles += scn->convoys[c].vehicle_counts[k];
        }
    }
    find_next_asset_records(tr, f->events_done, f);
    for (size_t a = 0; a < f->asset_count; a++) {
        if (f->assets[a].record >= 0) {
            position_asset(scn, tr, f, t, &f->assets[a]);
        }
    }
    for (size_t a = 0; a < f->asset_count; a++) {
        int32_t c = f->assets[a].convoy;
        if (f->assets[a].status == EAP_VIZ_ASSET_ESCORTING && valid(c, f->convoy_count)) {
            f->convoys[c].escorts++;
        }
    }
}

void eap_viz_state_at(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                      struct eap_viz_frame *out)
{
    reset(scn, out, t);
    out->events_done = eap_viz_events_until(tr, t);
    for (size_t i = 0; i < out->events_done; i++) {
        apply(scn, out, &tr->events[i], i);
    }
    derive_place_status(scn, out);
    position_all(scn, tr, t, out);
}
