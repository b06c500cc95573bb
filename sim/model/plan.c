/*
 * The plan (tripwires and their actions, in one table addressed by id), triggers and their
 * conditions, and the record's milestones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"

static const char *const role_keys[] = {NULL,     "threat",   "party", "asset",
                                        "convoy", "tripwire", "hop",   "decision"};

static const struct id_table *role_table(struct load_ctx *c, enum eap_role role)
{
    switch (role) {
    case EAP_ROLE_THREAT:
        return &c->threats;
    case EAP_ROLE_PARTY:
        return &c->parties;
    case EAP_ROLE_ASSET:
        return &c->assets;
    case EAP_ROLE_CONVOY:
        return &c->convoys;
    case EAP_ROLE_TRIPWIRE:
        return &c->tripwires;
    case EAP_ROLE_HOP:
        return &c->hops;
    case EAP_ROLE_DECISION:
        return &c->decisions;
    case EAP_ROLE_NONE:
        break;
    }
    return NULL;
}

/* {"on": "asset_on_station", "asset": "isr_drone", "place": "smc"} */
bool eap__parse_condition(struct load_ctx *c, const cJSON *obj, bool allow_delay,
                          struct eap_condition *out)
{
    const char *names[EAP_EV_KIND_COUNT];
    size_t n;
    eap__event_kind_names(names, &n);
    out->subject = out->place = EAP_NONE;
    int ev = eap__get_enum(c, obj, "on", names, n, true, -1);
    if (ev < 0) {
        return false;
    }
    out->event = (enum eap_event_kind)ev;
    enum eap_role role = eap_event_subject_role(out->event);
    const char *keys[7] = {"on", "place", "delay", "not_before", "source", "note", role_keys[role]};
    size_t nkeys = allow_delay ? 6 : 2;
    if (role != EAP_ROLE_NONE) {
        keys[nkeys++] = role_keys[role];
    }
    eap__check_keys(c, obj, keys, nkeys);
    out->place = eap__get_ref(c, obj, "place", &c->places, false);
    if (role != EAP_ROLE_NONE) {
        out->subject = eap__get_ref(c, obj, role_keys[role], role_table(c, role), false);
    }
    return true;
}

bool eap__parse_trigger(struct load_ctx *c, const cJSON *obj, const char *key,
                        struct eap_trigger *out)
{
    memset(out, 0, sizeof(*out));
    out->delay = EAP_NONE;
    const cJSON *w = eap__member(c, obj, key, true);
    if (!w || !eap__expect_object(c, w, key)) {
        return false;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, key);
    bool ok = true;
    if (eap__member(c, w, "manual", false)) {
        static const char *const keys[] = {"manual"};
        eap__check_keys(c, w, keys, COUNT_OF(keys));
        bool manual = false;
        ok = eap__get_bool(c, w, "manual", true, &manual);
        if (ok && !manual) {
            eap__report(c, eap__member(c, w, "manual", false), "manual",
                        "expected true (fired only by a decision); leave \"manual\" out for a "
                        "trigger of its own");
            ok = false;
        }
        out->manual = true;
        eap__ctx_pop(c, saved);
        return ok;
    }
    if (eap__member(c, w, "unless", false)) {
        static const char *const keys[] = {"unless", "by", "delay", "source", "note"};
        eap__check_keys(c, w, keys, COUNT_OF(keys));
        out->at_time = out->has_unless = true;
        ok = eap__get_time(c, w, "by", true, &out->at);
        const cJSON *u = eap__member(c, w, "unless", true);
        if (u && eap__expect_object(c, u, "unless")) {
            size_t s2 = c->path_len;
            eap__ctx_push_key(c, "unless");
            ok &= eap__parse_condition(c, u, false, &out->unless);
            eap__ctx_pop(c, s2);
        }
    } else if (eap__member(c, w, "at", false)) {
        static const char *const keys[] = {"at", "delay", "not_before", "source", "note"};
        eap__check_keys(c, w, keys, COUNT_OF(keys));
        out->at_time = true;
        ok = eap__get_time(c, w, "at", true, &out->at);
        const cJSON *nb = eap__member(c, w, "not_before", false);
        if (nb) {
            eap__report_key(c, nb, "not_before",
                            "expected \"not_before\" only with \"on\" or \"all\" (a trigger that "
                            "waits for events); a trigger with \"at\" fires at that time");
            ok = false;
        }
    } else if (eap__member(c, w, "all", false)) {
        static const char *const keys[] = {"all", "delay", "not_before", "source", "note"};
        eap__check_keys(c, w, keys, COUNT_OF(keys));
        const cJSON *all = eap__member(c, w, "all", true);
        if (eap__expect_array(c, all, "all", true)) {
            size_t i = 0, s2 = c->path_len;
            eap__ctx_push_key(c, "all");
            const cJSON *item;
            cJSON_ArrayForEach(item, all)
            {
                size_t s3 = c->path_len;
                eap__ctx_push_index(c, i++);
                if (out->count == EAP_MAX_CONDITIONS) {
                    eap__report(c, item, NULL,
                                "expected at most %d conditions in \"all\", found %d",
                                EAP_MAX_CONDITIONS, cJSON_GetArraySize(all));
                    ok = false;
                } else if (eap__expect_object(c, item, NULL)) {
                    ok &= eap__parse_condition(c, item, false, &out->all[out->count++]);
                }
                eap__ctx_pop(c, s3);
            }
            eap__ctx_pop(c, s2);
        }
    } else if (eap__member(c, w, "on", false)) {
        ok = eap__parse_condition(c, w, true, &out->all[0]);
        out->count = 1;
    } else if (eap__member(c, w, "by", false)) {
        eap__report(c, w, NULL,
                    "expected \"unless\" (the event that makes the fallback unneeded) with "
                    "\"by\", found \"by\" alone");
        ok = false;
    } else {
        eap__report(c, w, NULL,
                    "expected \"at\" (a time), \"on\" (an event), \"all\" (a list of events), "
                    "\"unless\" with \"by\" (a fallback) or \"manual\", found %s",
                    w->child ? "none of them" : "an empty object");
        ok = false;
    }
    out->delay = eap__get_quantity(c, w, "delay", EAP_Q_DURATION, false, false);
    if (!out->at_time && eap__member(c, w, "not_before", false)) {
        ok &= eap__get_time(c, w, "not_before", true, &out->not_before);
    }
    eap__ctx_pop(c, saved);
    return ok;
}

/* --- actions --- */

static void action_assets(struct load_ctx *c, const cJSON *obj, const char *key,
                          struct eap_action *a, bool lift)
{
    /* Required: eap__get_refs reports a missing, mistyped or empty list. */
    a->asset_count = eap__get_refs(c, obj, key, &c->assets, true, &a->assets);
    for (size_t i = 0; lift && i < a->asset_count; i++) {
        if (a->assets[i] != EAP_NONE && c->scn->assets[a->assets[i]].effects.lift_capacity == 0) {
            eap__report(c, eap__member(c, obj, key, false), key,
                        "expected %s that carry people, found \"%s\" (its effects have no "
                        "\"lift\")",
                        key, c->scn->assets[a->assets[i]].id);
        }
    }
}

/* Can asset k be on station at place `from`? Its target (for a route, the route's first
 * place, where the engine puts an asset that covers it), or the end of the route of a convoy
 * it escorts. */
static bool reaches(const struct load_ctx *c, int32_t k, int32_t from)
{
    const struct eap_scenario *s = c->scn;
    int32_t route = s->assets[k].target_route;
    if (s->assets[k].target_place == from ||
        (route != EAP_NONE && s->routes[route].segment_count > 0 &&
         s->routes[route].segments[0].from == from)) {
        return true;
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        const struct eap_convoy *v = &s->convoys[i];
        for (size_t j = 0; j < v->escort_count && v->route != EAP_NONE; j++) {
            const struct eap_route *r = &s->routes[v->route];
            if (v->escorts[j] == k && r->segment_count > 0 &&
                r->segments[r->segment_count - 1].to == from) {
                return true;
            }
        }
    }
    return false;
}

/* Aircraft board only where they are on station: an airlift from a place its aircraft never
 * reach would silently never happen. */
static void check_pickup(struct load_ctx *c, const cJSON *obj, const struct eap_action *a)
{
    for (size_t i = 0; a->from != EAP_NONE && i < a->asset_count; i++) {
        int32_t k = a->assets[i];
        if (k == EAP_NONE || reaches(c, k, a->from)) {
            continue;
        }
        const struct eap_asset *as = &c->scn->assets[k];
        const char *target = as->target_place != EAP_NONE   ? c->scn->places[as->target_place].id
                             : as->target_route != EAP_NONE ? c->scn->routes[as->target_route].id
                                                            : "?";
        const char *key = a->kind == EAP_ACT_EVACUATE_BY_SEA ? "ships" : "aircraft";
        eap__report(c, eap__member(c, obj, key, false), key,
                    "expected %s that come on station at \"from\" (\"%s\"), found \"%s\", "
                    "whose target is \"%s\" (people board %s only where it is on station)",
                    key, c->scn->places[a->from].id, as->id, target,
                    a->kind == EAP_ACT_EVACUATE_BY_SEA ? "a ship" : "an aircraft");
    }
}

/* The keys of each kind of action besides "do", "id", "source" and "note". */
static const char *const kind_keys[][6] = {
    [EAP_ACT_REQUEST] = {"assets", "made", "recorded_made"},
    [EAP_ACT_SHELTER] = {"party"},
    [EAP_ACT_DESTROY_CLASSIFIED] = {"place", "duration"},
    [EAP_ACT_FORM_CONVOY] = {"convoy"},
    [EAP_ACT_MOVE] = {"convoy"},
    [EAP_ACT_EVACUATE_BY_AIR] = {"from", "to", "aircraft", "parties", "boarding"},
    [EAP_ACT_DRAW_DOWN] = {"party", "count", "duration"},
    [EAP_ACT_EVACUATE_BY_SEA] = {"from", "to", "ships", "parties", "boarding"},
    [EAP_ACT_WITHDRAW] = {"assets"},
};
_Static_assert(COUNT_OF(kind_keys) == EAP_ACT_WITHDRAW + 1, "one row of keys per action kind");

static bool listed(const char *const *keys, size_t n, const char *key)
{
    for (size_t i = 0; i < n && keys[i]; i++) {
        if (strcmp(keys[i], key) == 0) {
            return true;
        }
    }
    return false;
}

/* A key of some other kind of action would be read by nothing: "made" on a shelter, "ships"
 * on an airlift. (Keys of no action at all are reported by eap__check_keys.) */
static void check_kind_keys(struct load_ctx *c, const cJSON *obj, enum eap_action_kind kind,
                            const char *const *all, size_t n)
{
    static const char *const common[] = {"do", "id", "source", "note"};
    const char *const *own = kind_keys[kind];
    size_t n_own = 0;
    char takes[160] = "";
    while (n_own < COUNT_OF(kind_keys[0]) && own[n_own]) {
        n_own++;
    }
    for (size_t i = 0, used = 0; i < n_own && used < sizeof(takes); i++) {
        const char *sep = i == 0 ? "" : i + 1 == n_own ? " and " : ", ";
        int w = snprintf(takes + used, sizeof(takes) - used, "%s\"%s\"", sep, own[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        const char *k = item->string;
        if (listed(all, n, k) && !listed(common, COUNT_OF(common), k) && !listed(own, n_own, k)) {
            eap__report_key(c, item, k, "expected the keys of \"%s\" (%s), found \"%s\"",
                            eap_action_kind_name(kind), takes, k);
        }
    }
}

static void action_item(struct load_ctx *c, const cJSON *obj, struct eap_action *a)
{
    static const char *const keys[] = {
        "do",    "id",       "assets",  "party",         "place",  "convoy",
        "from",  "to",       "parties", "aircraft",      "ships",  "boarding",
        "count", "duration", "made",    "recorded_made", "source", "note"};
    size_t nk;
    const char *const *kinds = eap__action_kind_names(&nk);
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    a->party = a->place = a->convoy = a->from = a->to = a->duration = a->made = EAP_NONE;
    a->recorded_made = true;
    int kind = eap__get_enum(c, obj, "do", kinds, nk, true, -1);
    if (kind < 0) {
        return;
    }
    a->kind = (enum eap_action_kind)kind;
    check_kind_keys(c, obj, a->kind, keys, COUNT_OF(keys));
    switch (a->kind) {
    case EAP_ACT_REQUEST:
        action_assets(c, obj, "assets", a, false);
        a->made = eap__get_quantity(c, obj, "made", EAP_Q_PROBABILITY, false, false);
        eap__get_bool(c, obj, "recorded_made", false, &a->recorded_made);
        break;
    case EAP_ACT_WITHDRAW:
        action_assets(c, obj, "assets", a, false);
        break;
    case EAP_ACT_SHELTER:
        a->party = eap__get_ref(c, obj, "party", &c->parties, true);
        break;
    case EAP_ACT_DESTROY_CLASSIFIED:
        a->place = eap__get_ref(c, obj, "place", &c->places, true);
        a->duration = eap__get_quantity(c, obj, "duration", EAP_Q_DURATION, true, false);
        break;
    case EAP_ACT_FORM_CONVOY:
    case EAP_ACT_MOVE:
        a->convoy = eap__get_ref(c, obj, "convoy", &c->convoys, true);
        break;
    case EAP_ACT_EVACUATE_BY_AIR:
    case EAP_ACT_EVACUATE_BY_SEA:
        a->from = eap__get_ref(c, obj, "from", &c->places, true);
        a->to = eap__get_ref(c, obj, "to", &c->places, true);
        action_assets(c, obj, a->kind == EAP_ACT_EVACUATE_BY_SEA ? "ships" : "aircraft", a, true);
        a->party_count = eap__get_refs(c, obj, "parties", &c->parties, false, &a->parties);
        a->duration = eap__get_quantity(c, obj, "boarding", EAP_Q_DURATION, true, false);
        if (a->from != EAP_NONE && a->from == a->to) {
            eap__report(c, eap__member(c, obj, "to", false), "to",
                        "expected a destination other than \"from\", found the same place");
        }
        check_pickup(c, obj, a);
        break;
    case EAP_ACT_DRAW_DOWN:
        a->party = eap__get_ref(c, obj, "party", &c->parties, true);
        eap__get_int(c, obj, "count", true, 1, 1000000, &a->count);
        a->duration = eap__get_quantity(c, obj, "duration", EAP_Q_DURATION, true, false);
        if (a->party != EAP_NONE && a->count > c->scn->parties[a->party].count) {
            eap__report(c, eap__member(c, obj, "count", false), "count",
                        "expected at most the party's %d people, found %d",
                        c->scn->parties[a->party].count, a->count);
        }
        break;
    }
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
}

static void tripwire_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id", "name", "when", "enabled", "do", "source", "note"};
    struct eap_tripwire *t = &c->scn->tripwires[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    t->id = eap__id_of(c, obj, &c->tripwires, i);
    t->name = eap__get_text(c, obj, "name", false);
    t->name = t->name ? t->name : t->id;
    t->enabled = true;
    eap__get_bool(c, obj, "enabled", false, &t->enabled);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    eap__parse_trigger(c, obj, "when", &t->when);
    const cJSON *acts = eap__member(c, obj, "do", true);
    if (!acts || !eap__expect_array(c, acts, "do", true)) {
        return;
    }
    /* The tripwire's actions are the next range of the action table, in file order (the ids
     * were collected in the same order). */
    size_t n = (size_t)cJSON_GetArraySize(acts), k = 0, saved = c->path_len;
    size_t first = c->scn->action_count;
    if (first + n > c->actions.count) {
        return; /* cannot happen: the table was sized from the same file */
    }
    t->actions = &c->scn->actions[first];
    t->action_count = n;
    c->scn->action_count += n;
    eap__ctx_push_key(c, "do");
    const cJSON *item;
    cJSON_ArrayForEach(item, acts)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, k);
        struct eap_action *a = &t->actions[k];
        a->id = eap__ctx_strdup(c, c->actions.ids[first + k] ? c->actions.ids[first + k] : "?");
        a->tripwire = (int32_t)i;
        if (eap__expect_object(c, item, NULL)) {
            action_item(c, item, a);
        }
        eap__ctx_pop(c, s2);
        k++;
    }
    eap__ctx_pop(c, saved);
}

/* Whether some request action of the plan asks for asset k. */
static bool requested(const struct eap_scenario *s, int32_t k)
{
    for (size_t i = 0; i < s->action_count; i++) {
        const struct eap_action *a = &s->actions[i];
        for (size_t j = 0; a->kind == EAP_ACT_REQUEST && j < a->asset_count; j++) {
            if (a->assets[j] == k) {
                return true;
            }
        }
    }
    return false;
}

/* An asset comes on station only once requested; withdrawing one that no action requests
 * would silently do nothing. Checked once the whole plan is read (the request may come in
 * a later tripwire). */
static void check_withdrawals(struct load_ctx *c, const cJSON *plan)
{
    const struct eap_scenario *s = c->scn;
    size_t i = 0, saved = c->path_len;
    const cJSON *tw;
    cJSON_ArrayForEach(tw, plan)
    {
        const cJSON *acts = cJSON_IsObject(tw) ? cJSON_GetObjectItemCaseSensitive(tw, "do") : NULL;
        for (size_t k = 0; i < s->tripwire_count && k < s->tripwires[i].action_count; k++) {
            const struct eap_action *a = &s->tripwires[i].actions[k];
            const cJSON *list =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(acts, (int)k), "assets");
            for (size_t j = 0; a->kind == EAP_ACT_WITHDRAW && j < a->asset_count; j++) {
                if (a->assets[j] == EAP_NONE || requested(s, a->assets[j])) {
                    continue;
                }
                char idx[24];
                snprintf(idx, sizeof(idx), "%zu", j);
                eap__ctx_push_key(c, "plan");
                eap__ctx_push_index(c, i);
                eap__ctx_push_key(c, "do");
                eap__ctx_push_index(c, k);
                eap__ctx_push_key(c, "assets");
                eap__report(c, cJSON_GetArrayItem(list, (int)j), idx,
                            "expected an asset that some action requests, found \"%s\", which "
                            "none does (an asset never requested is never on station to withdraw)",
                            s->assets[a->assets[j]].id);
                eap__ctx_pop(c, saved);
            }
        }
        i++;
    }
}

void eap__load_plan(struct load_ctx *c, const cJSON *array)
{
    c->scn->tripwires = eap__ctx_alloc(c, (c->tripwires.count + 1) * sizeof(struct eap_tripwire));
    c->scn->actions = eap__ctx_alloc(c, (c->actions.count + 1) * sizeof(struct eap_action));
    if (!c->scn->tripwires || !c->scn->actions || !cJSON_IsArray(array)) {
        return;
    }
    c->scn->tripwire_count = c->tripwires.count;
    eap__each_object(c, array, "plan", tripwire_item);
    check_withdrawals(c, array);
}

/* An action's id: its own "id", or "<tripwire id>.<n>" counting from 1. */
static const char *action_id(struct load_ctx *c, const cJSON *act, const char *tripwire, size_t k)
{
    const cJSON *id = cJSON_IsObject(act) ? cJSON_GetObjectItemCaseSensitive(act, "id") : NULL;
    if (id) {
        if (!cJSON_IsString(id) || !eap__valid_id(id->valuestring)) {
            eap__report(c, id, "id",
                        "expected an id made of letters, digits, '_', '-' and '.' (or leave it "
                        "out for \"%s.%zu\")",
                        tripwire ? tripwire : "tripwire", k + 1);
            return NULL;
        }
        return id->valuestring;
    }
    if (!tripwire) {
        return NULL;
    }
    char buf[160];
    snprintf(buf, sizeof(buf), "%s.%zu", tripwire, k + 1);
    return eap__ctx_strdup(c, buf);
}

void eap__collect_action_ids(struct load_ctx *c, const cJSON *plan)
{
    struct id_table *t = &c->actions;
    t->what = "action";
    t->count = 0;
    size_t n = 0, i = 0;
    const cJSON *tw, *tws = cJSON_IsArray(plan) ? plan : NULL;
    cJSON_ArrayForEach(tw, tws)
    {
        const cJSON *acts = cJSON_IsObject(tw) ? cJSON_GetObjectItemCaseSensitive(tw, "do") : NULL;
        n += cJSON_IsArray(acts) ? (size_t)cJSON_GetArraySize(acts) : 0;
    }
    t->ids = eap__ctx_alloc(c, (n + 1) * sizeof(*t->ids));
    if (!t->ids) {
        return;
    }
    size_t saved = c->path_len;
    cJSON_ArrayForEach(tw, tws)
    {
        const cJSON *acts = cJSON_IsObject(tw) ? cJSON_GetObjectItemCaseSensitive(tw, "do") : NULL;
        const char *tid = i < c->tripwires.count ? c->tripwires.ids[i] : NULL;
        size_t k = 0;
        const cJSON *act, *list = cJSON_IsArray(acts) ? acts : NULL;
        cJSON_ArrayForEach(act, list)
        {
            eap__ctx_push_key(c, "plan");
            eap__ctx_push_index(c, i);
            eap__ctx_push_key(c, "do");
            eap__ctx_push_index(c, k);
            const char *id = action_id(c, act, tid, k);
            for (size_t j = 0; id && j < t->count; j++) {
                if (t->ids[j] && strcmp(t->ids[j], id) == 0) {
                    eap__report(c, cJSON_GetObjectItemCaseSensitive(act, "id"), "id",
                                "duplicate action id \"%s\" (an action of a tripwire is "
                                "\"<tripwire id>.<n>\" unless it has an id)",
                                id);
                }
            }
            t->ids[t->count++] = id;
            eap__ctx_pop(c, saved);
            k++;
        }
        i++;
    }
}

/* --- record --- */

static enum eap_confidence parse_confidence(struct load_ctx *c, const cJSON *obj)
{
    static const char *const names[] = {"L", "M", "H", "low", "medium", "high"};
    int k = eap__get_enum(c, obj, "confidence", names, COUNT_OF(names), false, -1);
    return k < 0 ? EAP_CONF_NONE : (enum eap_confidence)(k % 3 + 1);
}

static void milestone_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    struct eap_milestone *m = &c->scn->record[i];
    static const char *const keys[] = {"id",     "label",      "time", "event",
                                       "source", "confidence", "note"};
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    m->id = eap__id_of(c, obj, &c->milestones, i);
    m->label = eap__get_text(c, obj, "label", true);
    m->label = m->label ? m->label : m->id;
    m->source = eap__get_text(c, obj, "source", true);
    m->note = eap__get_text(c, obj, "note", false);
    m->confidence = parse_confidence(c, obj);
    eap__get_time(c, obj, "time", true, &m->time);
    const cJSON *ev = eap__member(c, obj, "event", true);
    if (ev && eap__expect_object(c, ev, "event")) {
        size_t saved = c->path_len;
        eap__ctx_push_key(c, "event");
        eap__parse_condition(c, ev, false, &m->event);
        eap__ctx_pop(c, saved);
    }
}

void eap__load_record(struct load_ctx *c, const cJSON *array)
{
    c->scn->record = eap__ctx_alloc(c, (c->milestones.count + 1) * sizeof(struct eap_milestone));
    if (!c->scn->record || !cJSON_IsArray(array)) {
        return;
    }
    c->scn->record_count = c->milestones.count;
    eap__each_object(c, array, "record", milestone_item);
}
