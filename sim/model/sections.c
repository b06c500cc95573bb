/*
 * Builders for the scenario's physical sections: places, routes, people, vehicles, the
 * request chain, assets, threats and convoys. Each reads one array of objects, checks keys,
 * types, units, ranges and references, and fills the scenario's array in the same order as
 * the file (so indices equal positions in the JSON array).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"

/* Reads a place's or asset's optional object member into a nested path. */
static const cJSON *sub_object(struct load_ctx *c, const cJSON *obj, const char *key,
                               const char *const *keys, size_t nkeys)
{
    const cJSON *v = eap__member(c, obj, key, false);
    if (!v || !eap__expect_object(c, v, key)) {
        return NULL;
    }
    eap__ctx_push_key(c, key);
    eap__check_keys(c, v, keys, nkeys);
    return v;
}

/* "casualties" was an input; harm now comes from exposure. Says so where it is written. */
static void no_casualties(struct load_ctx *c, const cJSON *obj, const char *instead)
{
    const cJSON *v = eap__member(c, obj, "casualties", false);
    if (v) {
        eap__report_key(c, v, "casualties",
                        "casualties are not an input: they come from exposure (docs/model.md); "
                        "give %s instead",
                        instead);
    }
}

/* --- places --- */

static void load_guards(struct load_ctx *c, const cJSON *obj, struct eap_place *p)
{
    static const char *const keys[] = {"count", "suppression", "walk_away", "source", "note"};
    static const char *const walk_keys[] = {"when", "p", "recorded", "source", "note"};
    struct eap_guards *g = &p->guards;
    g->suppression = g->walk_p = EAP_NONE;
    size_t saved = c->path_len;
    const cJSON *gv = sub_object(c, obj, "guards", keys, COUNT_OF(keys));
    if (gv) {
        g->present = true;
        eap__get_int(c, gv, "count", true, 1, 100000, &g->count);
        g->suppression = eap__get_quantity(c, gv, "suppression", EAP_Q_PROBABILITY, true, false);
        eap__get_string(c, gv, "source", false);
        eap__get_string(c, gv, "note", false);
        size_t s2 = c->path_len;
        const cJSON *w = sub_object(c, gv, "walk_away", walk_keys, COUNT_OF(walk_keys));
        if (w) {
            g->walks = true;
            g->walk_when = eap__ctx_alloc(c, sizeof(*g->walk_when));
            if (g->walk_when) {
                eap__parse_trigger(c, w, "when", g->walk_when);
            }
            g->walk_p = eap__get_quantity(c, w, "p", EAP_Q_PROBABILITY, false, false);
            eap__get_bool(c, w, "recorded", false, &g->recorded_walk);
            eap__get_string(c, w, "source", false);
            eap__get_string(c, w, "note", false);
        }
        eap__ctx_pop(c, s2);
    }
    eap__ctx_pop(c, saved);
}

static void load_protection(struct load_ctx *c, const cJSON *obj, struct eap_place *p)
{
    static const char *const keys[] = {
        "perimeter", "safe_room", "fire_untenable", "reference_force", "cover", "source", "note"};
    size_t saved = c->path_len;
    const cJSON *prot = sub_object(c, obj, "protection", keys, COUNT_OF(keys));
    if (prot) {
        p->perimeter_hold = eap__get_quantity(c, prot, "perimeter", EAP_Q_DURATION, false, false);
        p->safe_room_hold = eap__get_quantity(c, prot, "safe_room", EAP_Q_DURATION, false, false);
        p->fire_untenable =
            eap__get_quantity(c, prot, "fire_untenable", EAP_Q_DURATION, false, false);
        double ref = 0;
        if (eap__get_number(c, prot, "reference_force", false, 1, 1e6, &ref)) {
            p->reference_force = ref;
        }
        p->cover = eap__get_quantity(c, prot, "cover", EAP_Q_PROBABILITY, false, false);
        eap__get_string(c, prot, "source", false);
        eap__get_string(c, prot, "note", false);
    }
    eap__ctx_pop(c, saved);
}

static void place_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",   "name",       "kind",   "lat",    "lon",
                                       "safe", "protection", "guards", "source", "note"};
    struct eap_place *p = &c->scn->places[i];
    size_t nk;
    const char *const *kinds = eap__place_kind_names(&nk);
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    p->id = eap__id_of(c, obj, &c->places, i);
    p->name = eap__get_text(c, obj, "name", true);
    p->kind = (enum eap_place_kind)eap__get_enum(c, obj, "kind", kinds, nk, true, 0);
    eap__get_number(c, obj, "lat", true, -90, 90, &p->lat);
    eap__get_number(c, obj, "lon", true, -180, 180, &p->lon);
    eap__get_bool(c, obj, "safe", false, &p->safe);
    p->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    p->perimeter_hold = p->safe_room_hold = p->fire_untenable = p->cover = EAP_NONE;
    load_protection(c, obj, p);
    load_guards(c, obj, p);
    if (!p->name) {
        p->name = p->id;
    }
}

void eap__load_places(struct load_ctx *c, const cJSON *array)
{
    c->scn->places = eap__ctx_alloc(c, (c->places.count + 1) * sizeof(struct eap_place));
    if (!c->scn->places) {
        return;
    }
    c->scn->place_count = c->places.count;
    if (array && c->places.count == 0) {
        eap__report(c, array, "places", "expected at least one place, found an empty array");
    }
    eap__each_object(c, array, "places", place_item);
}

/* --- routes --- */

static double fixed_value(const struct load_ctx *c, int32_t input)
{
    if (input == EAP_NONE || c->inputs[input].dist.kind != EAP_DIST_FIXED) {
        return NAN;
    }
    return c->inputs[input].dist.a;
}

static void checkpoint_item(struct load_ctx *c, const cJSON *obj, struct eap_checkpoint *k)
{
    static const char *const keys[] = {"name",          "at",     "delay", "p_stop", "stop_delay",
                                       "recorded_stop", "source", "note"};
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    k->name = eap__get_text(c, obj, "name", true);
    if (!k->name) {
        k->name = "checkpoint";
    }
    k->at = eap__get_quantity(c, obj, "at", EAP_Q_DISTANCE, false, false);
    k->delay = eap__get_quantity(c, obj, "delay", EAP_Q_DURATION, true, false);
    k->p_stop = eap__get_quantity(c, obj, "p_stop", EAP_Q_PROBABILITY, false, false);
    k->stop_delay =
        eap__get_quantity(c, obj, "stop_delay", EAP_Q_DURATION, k->p_stop != EAP_NONE, false);
    eap__get_bool(c, obj, "recorded_stop", false, &k->recorded_stop);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

static void load_checkpoints(struct load_ctx *c, const cJSON *obj, struct eap_segment *s)
{
    const cJSON *arr = eap__member(c, obj, "checkpoints", false);
    if (!arr || !eap__expect_array(c, arr, "checkpoints", false)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0, saved = c->path_len;
    s->checkpoints = eap__ctx_alloc(c, (n + 1) * sizeof(*s->checkpoints));
    if (!s->checkpoints) {
        return;
    }
    s->checkpoint_count = n;
    eap__ctx_push_key(c, "checkpoints");
    double prev_at = 0, length = fixed_value(c, s->distance);
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, i);
        if (eap__expect_object(c, item, NULL)) {
            checkpoint_item(c, item, &s->checkpoints[i]);
            double at =
                s->checkpoints[i].at == EAP_NONE ? length : fixed_value(c, s->checkpoints[i].at);
            if (!isnan(at) && !isnan(length) && at > length) {
                eap__report(c, eap__member(c, item, "at", false), "at",
                            "expected a checkpoint within the segment's %.1f km, found one %.1f km "
                            "along it",
                            length / 1000, at / 1000);
            } else if (!isnan(at) && at < prev_at) {
                eap__report(c, eap__member(c, item, "at", false), "at",
                            "expected checkpoints in the order the convoy meets them, found one at "
                            "%.1f km after one at %.1f km",
                            at / 1000, prev_at / 1000);
            }
            prev_at = isnan(at) ? prev_at : at;
        }
        eap__ctx_pop(c, s2);
        i++;
    }
    eap__ctx_pop(c, saved);
}

/* An array of distances along a segment or route (recorded incidents or breakdowns). */
static void load_distances(struct load_ctx *c, const cJSON *obj, const char *key, const char *along,
                           double **out, size_t *count)
{
    const cJSON *rec = eap__member(c, obj, key, false);
    if (!rec || !eap__expect_array(c, rec, key, false)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(rec), i = 0, saved = c->path_len;
    *out = eap__ctx_alloc(c, (n + 1) * sizeof(double));
    eap__ctx_push_key(c, key);
    const cJSON *item;
    cJSON_ArrayForEach(item, rec)
    {
        char idx[24], why[256];
        snprintf(idx, sizeof(idx), "%zu", i++);
        double d;
        if (!cJSON_IsString(item)) {
            char found[96];
            eap__describe_json(item, found, sizeof(found));
            eap__report(c, item, idx, "expected a distance %s, such as \"12 km\", found %s", along,
                        found);
        } else if (!eap_units_parse(EAP_Q_DISTANCE, item->valuestring, &d, why, sizeof(why))) {
            eap__report(c, item, idx, "%s", why);
        } else if (d > 1e8) {
            eap__report(c, item, idx, "expected a distance of at most 100000 km, found \"%s\"",
                        item->valuestring);
        } else if (*out) {
            (*out)[(*count)++] = d;
        }
    }
    eap__ctx_pop(c, saved);
}

/* Keys that shape a threat's lethality ("fire", "reach", "exposed") do nothing without one:
 * says so rather than let them pass as if they hurt anyone. */
static void needs_lethality(struct load_ctx *c, const cJSON *obj, const char *key,
                            int32_t lethality)
{
    const cJSON *v = eap__member(c, obj, key, false);
    if (v && lethality == EAP_NONE) {
        eap__report(c, v, key,
                    "expected \"lethality\" (such as \"0.05 /min\") with \"%s\", which only "
                    "shapes its harm; without it \"%s\" does nothing",
                    key, key);
    }
}

static void load_road_threat(struct load_ctx *c, const cJSON *obj, struct eap_segment *s)
{
    static const char *const keys[] = {
        "incidents_per_100km", "delay",    "lethality", "fire", "reach",
        "casualties",          "recorded", "source",    "note"};
    s->incident_delay = s->incident_lethality = s->incident_fire = s->incident_reach = EAP_NONE;
    size_t saved = c->path_len;
    const cJSON *t = sub_object(c, obj, "threat", keys, COUNT_OF(keys));
    if (t) {
        eap__get_number(c, t, "incidents_per_100km", true, 0, 1000, &s->incidents_per_100km);
        s->incident_delay = eap__get_quantity(c, t, "delay", EAP_Q_DURATION, true, false);
        s->incident_lethality = eap__get_quantity(c, t, "lethality", EAP_Q_RATE, false, false);
        s->incident_fire = eap__get_quantity(c, t, "fire", EAP_Q_DURATION, false, false);
        s->incident_reach = eap__get_quantity(c, t, "reach", EAP_Q_PROBABILITY, false, false);
        needs_lethality(c, t, "fire", s->incident_lethality);
        needs_lethality(c, t, "reach", s->incident_lethality);
        no_casualties(c, t,
                      "\"lethality\", the hazard to the people aboard while an incident "
                      "lasts (such as \"0.05 /min\")");
        eap__get_string(c, t, "source", false);
        eap__get_string(c, t, "note", false);
        load_distances(c, t, "recorded", "along the segment", &s->recorded_incidents,
                       &s->recorded_incident_count);
    }
    eap__ctx_pop(c, saved);
}

static void segment_item(struct load_ctx *c, const cJSON *obj, struct eap_segment *s)
{
    static const char *const keys[] = {"from",        "to",     "distance", "speed",
                                       "checkpoints", "threat", "source",   "note"};
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    s->from = eap__get_ref(c, obj, "from", &c->places, true);
    s->to = eap__get_ref(c, obj, "to", &c->places, true);
    if (s->from != EAP_NONE && s->from == s->to) {
        eap__report(c, eap__member(c, obj, "to", false), "to",
                    "expected a place other than the segment's \"from\", found the same place");
    }
    s->distance = eap__get_quantity(c, obj, "distance", EAP_Q_DISTANCE, true, true);
    s->speed = eap__get_quantity(c, obj, "speed", EAP_Q_SPEED, true, true);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    load_checkpoints(c, obj, s);
    load_road_threat(c, obj, s);
}

static void route_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id", "name", "segments", "source", "note"};
    struct eap_route *r = &c->scn->routes[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    r->id = eap__id_of(c, obj, &c->routes, i);
    r->name = eap__get_text(c, obj, "name", false);
    r->name = r->name ? r->name : r->id;
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    const cJSON *segs = eap__member(c, obj, "segments", true);
    if (!segs || !cJSON_IsArray(segs)) {
        if (segs) {
            eap__expect_array(c, segs, "segments", true);
        }
        return;
    }
    if (cJSON_GetArraySize(segs) == 0) {
        eap__report(c, segs, "segments", "expected at least one segment, found an empty array");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(segs), k = 0, saved = c->path_len;
    r->segments = eap__ctx_alloc(c, n * sizeof(*r->segments));
    if (!r->segments) {
        return;
    }
    r->segment_count = n;
    eap__ctx_push_key(c, "segments");
    const cJSON *item;
    cJSON_ArrayForEach(item, segs)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, k);
        r->segments[k].from = r->segments[k].to = EAP_NONE;
        if (eap__expect_object(c, item, NULL)) {
            segment_item(c, item, &r->segments[k]);
            if (k > 0 && r->segments[k - 1].to != EAP_NONE && r->segments[k].from != EAP_NONE &&
                r->segments[k - 1].to != r->segments[k].from) {
                eap__report(c, eap__member(c, item, "from", false), "from",
                            "expected segment %zu to start where segment %zu ends (\"%s\"), found "
                            "\"%s\" (the segments of a route must connect)",
                            k, k - 1, c->places.ids[r->segments[k - 1].to],
                            c->places.ids[r->segments[k].from]);
            }
        }
        eap__ctx_pop(c, s2);
        k++;
    }
    eap__ctx_pop(c, saved);
}

void eap__load_routes(struct load_ctx *c, const cJSON *array)
{
    c->scn->routes = eap__ctx_alloc(c, (c->routes.count + 1) * sizeof(struct eap_route));
    if (c->scn->routes) {
        c->scn->route_count = c->routes.count;
        eap__each_object(c, array, "routes", route_item);
    }
}

/* --- people and vehicles --- */

static void party_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id", "name", "count", "at", "source", "note"};
    struct eap_party *p = &c->scn->parties[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    p->id = eap__id_of(c, obj, &c->parties, i);
    p->name = eap__get_text(c, obj, "name", false);
    p->name = p->name ? p->name : p->id;
    eap__get_int(c, obj, "count", true, 1, 1000000, &p->count);
    p->at = eap__get_ref(c, obj, "at", &c->places, true);
    p->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

void eap__load_people(struct load_ctx *c, const cJSON *array)
{
    c->scn->parties = eap__ctx_alloc(c, (c->parties.count + 1) * sizeof(struct eap_party));
    if (c->scn->parties) {
        c->scn->party_count = c->parties.count;
        eap__each_object(c, array, "people", party_item);
    }
}

static void vehicle_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",
                                       "name",
                                       "count",
                                       "capacity",
                                       "speed",
                                       "protection",
                                       "breakdowns_per_1000km",
                                       "breakdown_delay",
                                       "recorded_breakdowns",
                                       "source",
                                       "note"};
    struct eap_vehicle *v = &c->scn->vehicles[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    v->id = eap__id_of(c, obj, &c->vehicles, i);
    v->name = eap__get_text(c, obj, "name", false);
    v->name = v->name ? v->name : v->id;
    eap__get_int(c, obj, "count", true, 1, 100000, &v->count);
    eap__get_int(c, obj, "capacity", true, 1, 1000, &v->capacity);
    v->speed = eap__get_quantity(c, obj, "speed", EAP_Q_SPEED, false, true);
    v->protection = eap__get_quantity(c, obj, "protection", EAP_Q_PROBABILITY, false, false);
    eap__get_number(c, obj, "breakdowns_per_1000km", false, 0, 1000, &v->breakdowns_per_1000km);
    v->breakdown_delay = eap__get_quantity(c, obj, "breakdown_delay", EAP_Q_DURATION,
                                           v->breakdowns_per_1000km > 0, false);
    load_distances(c, obj, "recorded_breakdowns", "along the convoy's route",
                   &v->recorded_breakdowns, &v->recorded_breakdown_count);
    v->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

void eap__load_vehicles(struct load_ctx *c, const cJSON *array)
{
    c->scn->vehicles = eap__ctx_alloc(c, (c->vehicles.count + 1) * sizeof(struct eap_vehicle));
    if (c->scn->vehicles) {
        c->scn->vehicle_count = c->vehicles.count;
        eap__each_object(c, array, "vehicles", vehicle_item);
    }
}

/* --- request chain --- */

/* A memorandum's variant of an input draws at the same quantile as the input itself. */
static void shares_stream(struct load_ctx *c, int32_t variant, int32_t base)
{
    if (variant != EAP_NONE && base != EAP_NONE) {
        c->inputs[variant].stream_of = base;
    }
}

/* Whether a probability input can come out as 1 in a run (a fixed 1, or a choice of it). */
static bool can_be_certain(const struct load_ctx *c, int32_t input)
{
    const struct eap_dist *d = input == EAP_NONE ? NULL : &c->inputs[input].dist;
    if (!d) {
        return false;
    }
    for (unsigned i = 0; d->kind == EAP_DIST_CHOICE && i < d->n; i++) {
        if (d->values[i] >= 1 && d->cum[i] > (i ? d->cum[i - 1] : 0)) {
            return true;
        }
    }
    return d->kind == EAP_DIST_FIXED && d->a >= 1;
}

/* A request lost every time and sent again would go round until the horizon (forever, with
 * no wait between tries). */
static void check_resend(struct load_ctx *c, const cJSON *lost, const char *key, int32_t p)
{
    if (can_be_certain(c, p)) {
        eap__report(c, eap__member(c, lost, key, false), key,
                    "expected a chance below 1 with \"resent_after\" (a request lost every time "
                    "would be sent again forever), found one that can be 1");
    }
}

/* "lost": {"p": 0.1, "with_moa": 0.02, "resent_after": "20 min", "recorded": false} */
static void load_lost(struct load_ctx *c, const cJSON *obj, struct eap_hop *h)
{
    static const char *const keys[] = {"p",        "with_moa", "resent_after",
                                       "recorded", "source",   "note"};
    h->lost_p = h->moa_lost_p = h->resend = EAP_NONE;
    size_t saved = c->path_len;
    const cJSON *l = sub_object(c, obj, "lost", keys, COUNT_OF(keys));
    if (l) {
        h->lost_p = eap__get_quantity(c, l, "p", EAP_Q_PROBABILITY, true, false);
        h->moa_lost_p = eap__get_quantity(c, l, "with_moa", EAP_Q_PROBABILITY, false, false);
        shares_stream(c, h->moa_lost_p, h->lost_p);
        h->resend = eap__get_quantity(c, l, "resent_after", EAP_Q_DURATION, false, false);
        if (h->resend != EAP_NONE) {
            check_resend(c, l, "p", h->lost_p);
            check_resend(c, l, "with_moa", h->moa_lost_p);
        }
        eap__get_bool(c, l, "recorded", false, &h->recorded_lost);
        eap__get_string(c, l, "source", false);
        eap__get_string(c, l, "note", false);
    }
    eap__ctx_pop(c, saved);
}

/* The hop before this one: "after", or the one listed before it (a plain chain). */
static void hop_after(struct load_ctx *c, const cJSON *obj, struct eap_hop *h, size_t i)
{
    h->after = i > 0 ? (int32_t)i - 1 : EAP_NONE;
    const cJSON *a = eap__member(c, obj, "after", false);
    if (cJSON_IsNull(a)) {
        h->after = EAP_NONE; /* it takes the request from the post itself */
        return;
    }
    if (!a) {
        return;
    }
    h->after = eap__get_ref(c, obj, "after", &c->hops, false);
    if (h->after != EAP_NONE && (size_t)h->after >= i) {
        eap__report(c, a, "after",
                    "expected a hop listed before this one (the request comes from it), found "
                    "\"%s\"%s",
                    c->hops.ids[h->after], (size_t)h->after == i ? ", the hop itself" : "");
        h->after = EAP_NONE;
    }
}

static void hop_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",       "name", "after",  "delay",
                                       "with_moa", "lost", "source", "note"};
    struct eap_hop *h = &c->scn->chain.hops[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    h->id = eap__id_of(c, obj, &c->hops, i);
    h->name = eap__get_text(c, obj, "name", false);
    h->name = h->name ? h->name : h->id;
    hop_after(c, obj, h, i);
    load_lost(c, obj, h);
    h->delay = eap__get_quantity(c, obj, "delay", EAP_Q_DURATION, true, false);
    h->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    h->moa_delay = EAP_NONE;
    const cJSON *moa = eap__member(c, obj, "with_moa", false);
    double ms;
    char why[256];
    if (cJSON_IsString(moa) && strcmp(moa->valuestring, "skip") == 0) {
        h->moa_skip = true;
    } else if (cJSON_IsString(moa) &&
               !eap_units_parse(EAP_Q_DURATION, moa->valuestring, &ms, why, sizeof(why))) {
        char found[96];
        eap__describe_json(moa, found, sizeof(found));
        eap__report(c, moa, "with_moa",
                    "expected \"skip\" or a duration such as \"3 min\" (the hop's delay under a "
                    "memorandum of agreement), found %s",
                    found);
    } else if (moa) {
        h->moa_delay = eap__get_quantity(c, obj, "with_moa", EAP_Q_DURATION, false, false);
        shares_stream(c, h->moa_delay, h->delay);
    }
}

void eap__load_chain(struct load_ctx *c, const cJSON *obj)
{
    static const char *const keys[] = {"moa", "hops", "source", "note"};
    struct eap_request_chain *ch = &c->scn->chain;
    ch->hops = eap__ctx_alloc(c, (c->hops.count + 1) * sizeof(struct eap_hop));
    if (!obj || !ch->hops || !eap__expect_object(c, obj, "request_chain")) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "request_chain");
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    eap__get_bool(c, obj, "moa", false, &ch->moa);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    ch->hop_count = c->hops.count;
    const cJSON *hops = eap__member(c, obj, "hops", true);
    if (hops && eap__expect_array(c, hops, "hops", true)) {
        eap__each_object(c, hops, "hops", hop_item);
    }
    eap__ctx_pop(c, saved);
}

/* --- assets --- */

static void load_effects(struct load_ctx *c, const cJSON *obj, struct eap_effects *e)
{
    static const char *const keys[] = {"overwatch",   "deterrence", "escort", "reinforce",
                                       "suppression", "lift",       "source", "note"};
    static const char *const lift_keys[] = {"capacity", "turnaround", "source", "note"};
    e->turnaround = EAP_NONE;
    size_t saved = c->path_len;
    const cJSON *fx = sub_object(c, obj, "effects", keys, COUNT_OF(keys));
    if (fx) {
        eap__get_bool(c, fx, "overwatch", false, &e->overwatch);
        eap__get_number(c, fx, "deterrence", false, 0, 1, &e->deterrence);
        eap__get_number(c, fx, "escort", false, 0, 1, &e->escort);
        eap__get_bool(c, fx, "reinforce", false, &e->reinforce);
        eap__get_number(c, fx, "suppression", false, 0, 1, &e->suppression);
        size_t s2 = c->path_len;
        const cJSON *lift = sub_object(c, fx, "lift", lift_keys, COUNT_OF(lift_keys));
        if (lift) {
            eap__get_int(c, lift, "capacity", true, 1, 10000, &e->lift_capacity);
            e->turnaround = eap__get_quantity(c, lift, "turnaround", EAP_Q_DURATION, false, false);
        }
        eap__ctx_pop(c, s2);
    }
    eap__ctx_pop(c, saved);
}

static void load_via(struct load_ctx *c, const cJSON *obj, struct eap_asset *a)
{
    static const char *const keys[] = {"place", "hold", "speed", "path_factor", "source", "note"};
    const cJSON *arr = eap__member(c, obj, "via", false);
    if (!arr || !eap__expect_array(c, arr, "via", false)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0, saved = c->path_len;
    a->via = eap__ctx_alloc(c, (n + 1) * sizeof(*a->via));
    if (!a->via) {
        return;
    }
    a->via_count = n;
    eap__ctx_push_key(c, "via");
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, i);
        struct eap_via *v = &a->via[i];
        v->place = v->hold = v->speed = EAP_NONE;
        v->path_factor = 1;
        if (eap__expect_object(c, item, NULL)) {
            eap__check_keys(c, item, keys, COUNT_OF(keys));
            v->place = eap__get_ref(c, item, "place", &c->places, true);
            v->hold = eap__get_quantity(c, item, "hold", EAP_Q_DURATION, false, false);
            v->speed = eap__get_quantity(c, item, "speed", EAP_Q_SPEED, false, true);
            eap__get_number(c, item, "path_factor", false, 1, 10, &v->path_factor);
            eap__get_string(c, item, "source", false);
            eap__get_string(c, item, "note", false);
        }
        eap__ctx_pop(c, s2);
        i++;
    }
    eap__ctx_pop(c, saved);
}

/* "target" names a place or a route. */
static void load_target(struct load_ctx *c, const cJSON *obj, struct eap_asset *a)
{
    a->target_place = a->target_route = EAP_NONE;
    const cJSON *t = eap__member(c, obj, "target", true);
    if (!t) {
        return;
    }
    if (!cJSON_IsString(t)) {
        char found[96];
        eap__describe_json(t, found, sizeof(found));
        eap__report(c, t, "target", "expected the id of a place or a route, found %s", found);
        return;
    }
    a->target_place = eap__find_id(&c->places, t->valuestring);
    a->target_route = eap__find_id(&c->routes, t->valuestring);
    if (a->target_place != EAP_NONE && a->target_route != EAP_NONE) {
        eap__report(c, t, "target",
                    "\"%s\" is the id of both a place and a route; expected one object (give them "
                    "different ids)",
                    t->valuestring);
        a->target_route = EAP_NONE;
        return;
    }
    if (a->target_place != EAP_NONE || a->target_route != EAP_NONE) {
        return;
    }
    size_t n = c->places.count + c->routes.count;
    const char **names = malloc((n ? n : 1) * sizeof(*names));
    if (!names) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < c->places.count; i++) {
        names[i] = c->places.ids[i];
    }
    for (size_t i = 0; i < c->routes.count; i++) {
        names[c->places.count + i] = c->routes.ids[i];
    }
    const char *hint = eap_suggest(t->valuestring, names, n);
    eap__report(c, t, "target", "no place or route has the id \"%s\"%s%s%s", t->valuestring,
                hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
    free(names);
}

static void load_desertion(struct load_ctx *c, const cJSON *obj, struct eap_asset *a)
{
    static const char *const keys[] = {"p", "after", "recorded", "source", "note"};
    a->desert_p = a->desert_after = EAP_NONE;
    size_t saved = c->path_len;
    const cJSON *d = sub_object(c, obj, "desertion", keys, COUNT_OF(keys));
    if (d) {
        a->desert_p = eap__get_quantity(c, d, "p", EAP_Q_PROBABILITY, true, false);
        a->desert_after = eap__get_quantity(c, d, "after", EAP_Q_DURATION, true, false);
        eap__get_bool(c, d, "recorded", false, &a->recorded_desert);
        eap__get_string(c, d, "source", false);
        eap__get_string(c, d, "note", false);
    }
    eap__ctx_pop(c, saved);
}

static void asset_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {
        "id",      "name",        "kind",   "base",   "requested_via",   "readiness",
        "speed",   "path_factor", "via",    "target", "time_on_station", "endurance",
        "effects", "desertion",   "source", "note"};
    struct eap_asset *a = &c->scn->assets[i];
    size_t nk;
    const char *const *kinds = eap__asset_kind_names(&nk);
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    a->id = eap__id_of(c, obj, &c->assets, i);
    a->name = eap__get_text(c, obj, "name", false);
    a->name = a->name ? a->name : a->id;
    a->kind = (enum eap_asset_kind)eap__get_enum(c, obj, "kind", kinds, nk, true, 0);
    if (!eap__member(c, obj, "base", false)) {
        eap__report(c, obj, NULL,
                    "missing required key \"base\" (the place the asset starts from)");
        a->base = EAP_NONE;
    } else {
        a->base = eap__get_ref(c, obj, "base", &c->places, true);
    }
    a->requested_via = eap__get_ref(c, obj, "requested_via", &c->hops, false);
    a->readiness = eap__get_quantity(c, obj, "readiness", EAP_Q_DURATION, true, false);
    a->speed = eap__get_quantity(c, obj, "speed", EAP_Q_SPEED, true, true);
    a->path_factor = 1;
    eap__get_number(c, obj, "path_factor", false, 1, 10, &a->path_factor);
    load_via(c, obj, a);
    load_target(c, obj, a);
    a->time_on_station = eap__get_quantity(c, obj, "time_on_station", EAP_Q_DURATION, false, false);
    a->endurance = eap__get_quantity(c, obj, "endurance", EAP_Q_DURATION, false, true);
    if (a->time_on_station != EAP_NONE && a->endurance != EAP_NONE) {
        eap__report(c, eap__member(c, obj, "endurance", false), "endurance",
                    "expected \"time_on_station\" or \"endurance\", found both");
    }
    load_effects(c, obj, &a->effects);
    load_desertion(c, obj, a);
    a->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

void eap__load_assets(struct load_ctx *c, const cJSON *array)
{
    c->scn->assets = eap__ctx_alloc(c, (c->assets.count + 1) * sizeof(struct eap_asset));
    if (c->scn->assets) {
        c->scn->asset_count = c->assets.count;
        eap__each_object(c, array, "assets", asset_item);
    }
}

/* --- threats --- */

static void threat_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {
        "id",      "name",  "kind",   "place",      "when", "force",    "duration", "lethality",
        "exposed", "smoke", "escape", "casualties", "p",    "occurred", "source",   "note"};
    struct eap_threat *t = &c->scn->threats[i];
    size_t nk;
    const char *const *kinds = eap__threat_kind_names(&nk);
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    t->id = eap__id_of(c, obj, &c->threats, i);
    t->name = eap__get_text(c, obj, "name", false);
    t->name = t->name ? t->name : t->id;
    t->kind = (enum eap_threat_kind)eap__get_enum(c, obj, "kind", kinds, nk, true, 0);
    t->place = eap__get_ref(c, obj, "place", &c->places, true);
    eap__parse_trigger(c, obj, "when", &t->when);
    t->force = eap__get_quantity(c, obj, "force", EAP_Q_COUNT, t->kind == EAP_THREAT_ATTACK, true);
    if (t->kind != EAP_THREAT_ATTACK && t->force != EAP_NONE) {
        eap__report(c, eap__member(c, obj, "force", false), "force",
                    "expected no \"force\" for a threat of kind \"%s\" (only attacks have one)",
                    eap_threat_kind_name(t->kind));
    }
    t->duration = eap__get_quantity(c, obj, "duration", EAP_Q_DURATION, false, false);
    bool arson = t->kind == EAP_THREAT_ARSON;
    t->lethality = eap__get_quantity(c, obj, "lethality", EAP_Q_RATE, false, false);
    t->smoke = eap__get_quantity(c, obj, "smoke", EAP_Q_RATE, false, false);
    t->exposed = eap__get_quantity(c, obj, "exposed", EAP_Q_PROBABILITY, false, false);
    if (t->exposed != EAP_NONE && t->kind != EAP_THREAT_INDIRECT_FIRE) {
        eap__report(c, eap__member(c, obj, "exposed", false), "exposed",
                    "expected \"exposed\" only on indirect fire (the share of people in the "
                    "open)");
    }
    if (t->kind == EAP_THREAT_INDIRECT_FIRE) {
        needs_lethality(c, obj, "exposed", t->lethality);
    }
    t->escape = eap__get_quantity(c, obj, "escape", EAP_Q_DURATION, t->smoke != EAP_NONE, false);
    if (arson && t->lethality != EAP_NONE) {
        eap__report(c, eap__member(c, obj, "lethality", false), "lethality",
                    "expected \"smoke\" and \"escape\" for a fire (its hazard is the smoke in "
                    "the shelter), found \"lethality\"");
    }
    static const char *const fire_keys[] = {"smoke", "escape"};
    for (size_t k = 0; !arson && k < COUNT_OF(fire_keys); k++) {
        const cJSON *v = eap__member(c, obj, fire_keys[k], false);
        if (v) {
            eap__report(c, v, fire_keys[k], "expected \"%s\" only on a threat of kind \"arson\"",
                        fire_keys[k]);
        }
    }
    no_casualties(c, obj,
                  arson ? "\"smoke\" (the hazard in an untenable shelter) and \"escape\""
                        : "\"lethality\" (a hazard per person and minute, such as \"0.1 /min\")");
    t->p = eap__get_quantity(c, obj, "p", EAP_Q_PROBABILITY, false, false);
    t->occurred = true;
    eap__get_bool(c, obj, "occurred", false, &t->occurred);
    t->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

void eap__load_threats(struct load_ctx *c, const cJSON *array)
{
    c->scn->threats = eap__ctx_alloc(c, (c->threats.count + 1) * sizeof(struct eap_threat));
    if (c->scn->threats) {
        c->scn->threat_count = c->threats.count;
        eap__each_object(c, array, "threats", threat_item);
    }
}

/* --- convoys --- */

static int convoy_seats(struct load_ctx *c, const cJSON *obj, struct eap_convoy *v)
{
    const cJSON *veh = eap__member(c, obj, "vehicles", true);
    if (!veh || !eap__expect_object(c, veh, "vehicles")) {
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(veh), i = 0, saved = c->path_len;
    v->vehicle_types = eap__ctx_alloc(c, (n + 1) * sizeof(int32_t));
    v->vehicle_counts = eap__ctx_alloc(c, (n + 1) * sizeof(int));
    if (!v->vehicle_types || !v->vehicle_counts) {
        return -1;
    }
    int seats = 0;
    bool all_ok = true;
    eap__ctx_push_key(c, "vehicles");
    const cJSON *item;
    cJSON_ArrayForEach(item, veh)
    {
        int32_t t = eap__find_id(&c->vehicles, item->string);
        int count = 0;
        if (t == EAP_NONE) {
            const char *hint = eap_suggest(item->string, c->vehicles.ids, c->vehicles.count);
            eap__report(c, item, item->string, "no vehicle type has the id \"%s\"%s%s%s",
                        item->string, hint ? "; did you mean \"" : "", hint ? hint : "",
                        hint ? "\"?" : "");
            all_ok = false;
        } else if (!cJSON_IsNumber(item) || !(item->valuedouble >= 1) ||
                   item->valuedouble > 100000 || item->valuedouble != floor(item->valuedouble)) {
            char found[96];
            eap__describe_json(item, found, sizeof(found));
            eap__report(c, item, item->string,
                        "expected a whole number of vehicles from 1 to 100000, found %s", found);
            all_ok = false;
        } else if ((count = (int)item->valuedouble) > c->scn->vehicles[t].count) {
            eap__report(c, item, item->string,
                        "expected at most %d vehicles of type \"%s\" (its \"count\"), found %d",
                        c->scn->vehicles[t].count, item->string, count);
            all_ok = false;
        } else {
            v->vehicle_types[i] = t;
            v->vehicle_counts[i] = count;
            seats += count * c->scn->vehicles[t].capacity;
            i++;
        }
    }
    v->vehicle_type_count = i;
    eap__ctx_pop(c, saved);
    if (!all_ok) {
        return -1; /* the seats are unknown: no second message about them */
    }
    if (i == 0 && n == 0) {
        eap__report(c, veh, "vehicles",
                    "expected at least one vehicle type and count, such as {\"armored_suv\": 4}, "
                    "found an empty object");
    }
    return seats;
}

static void convoy_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",      "name",      "route",  "parties", "vehicles",
                                       "escorts", "formation", "source", "note"};
    struct eap_convoy *v = &c->scn->convoys[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    v->id = eap__id_of(c, obj, &c->convoys, i);
    v->name = eap__get_text(c, obj, "name", false);
    v->name = v->name ? v->name : v->id;
    v->route = eap__get_ref(c, obj, "route", &c->routes, true);
    v->party_count = eap__get_refs(c, obj, "parties", &c->parties, false, &v->parties);
    v->escort_count = eap__get_refs(c, obj, "escorts", &c->assets, false, &v->escorts);
    v->formation = eap__get_quantity(c, obj, "formation", EAP_Q_DURATION, true, false);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    int seats = convoy_seats(c, obj, v);
    int people = 0;
    for (size_t k = 0; k < v->party_count; k++) {
        if (v->parties[k] != EAP_NONE) {
            people += c->scn->parties[v->parties[k]].count;
        }
    }
    /* Without a list the convoy takes every party at the start of its route. */
    const struct eap_route *r = v->route != EAP_NONE ? &c->scn->routes[v->route] : NULL;
    if (!eap__member(c, obj, "parties", false) && r && r->segment_count > 0 &&
        r->segments[0].from != EAP_NONE) {
        for (size_t k = 0; k < c->scn->party_count; k++) {
            people += c->scn->parties[k].at == r->segments[0].from ? c->scn->parties[k].count : 0;
        }
    }
    if (seats >= 0 && people > seats) {
        eap__report(c, eap__member(c, obj, "vehicles", false), "vehicles",
                    "expected seats for the %d people the convoy carries, found %d seats", people,
                    seats);
    }
}

void eap__load_convoys(struct load_ctx *c, const cJSON *array)
{
    c->scn->convoys = eap__ctx_alloc(c, (c->convoys.count + 1) * sizeof(struct eap_convoy));
    if (c->scn->convoys) {
        c->scn->convoy_count = c->convoys.count;
        eap__each_object(c, array, "convoys", convoy_item);
    }
}
