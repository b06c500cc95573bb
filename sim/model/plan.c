/*
 * The plan (tripwires and their actions), triggers, the record's milestones, and the check
 * that every tripwire and threat can ever fire.
 *
 * That check is a fixpoint over what can happen: a timed trigger can fire; a trigger waiting
 * for events fires when every awaited event can happen; an asset can arrive when some
 * tripwire that can fire requests it; a convoy can move when some tripwire that can fire
 * forms or moves it. What is left over can never fire, most often because of a cycle
 * (a waits for b, b waits for a), which the message then spells out.
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
    const char *keys[4] = {"on", "place", "delay", role_keys[role]};
    size_t nkeys = 2 + (allow_delay ? 1 : 0);
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
    if (eap__member(c, w, "at", false)) {
        static const char *const keys[] = {"at", "delay"};
        eap__check_keys(c, w, keys, COUNT_OF(keys));
        out->at_time = true;
        ok = eap__get_time(c, w, "at", true, &out->at);
    } else if (eap__member(c, w, "all", false)) {
        static const char *const keys[] = {"all", "delay"};
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
    } else {
        eap__report(c, w, NULL,
                    "expected \"at\" (a time), \"on\" (an event), \"all\" (a list of events) "
                    "or \"manual\", found %s",
                    w->child ? "none of them" : "an empty object");
        ok = false;
    }
    out->delay = eap__get_quantity(c, w, "delay", EAP_Q_DURATION, false, false);
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
                        "expected aircraft that carry people, found \"%s\" (its effects have no "
                        "\"lift\")",
                        c->scn->assets[a->assets[i]].id);
        }
    }
}

/* Can asset k be on station at place `from`? Its target, or the end of the route of a convoy
 * it escorts. */
static bool reaches(const struct load_ctx *c, int32_t k, int32_t from)
{
    const struct eap_scenario *s = c->scn;
    if (s->assets[k].target_place == from) {
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
        eap__report(c, eap__member(c, obj, "aircraft", false), "aircraft",
                    "expected aircraft that come on station at \"from\" (\"%s\"), found \"%s\", "
                    "whose target is \"%s\" (aircraft board where they are on station)",
                    c->scn->places[a->from].id, as->id, target);
    }
}

static void action_item(struct load_ctx *c, const cJSON *obj, struct eap_action *a)
{
    static const char *const keys[] = {"do",    "id",      "assets",   "party",    "place",
                                       "convoy", "from",   "to",       "parties",  "aircraft",
                                       "boarding", "count", "duration", "note"};
    size_t nk;
    const char *const *kinds = eap__action_kind_names(&nk);
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    a->party = a->place = a->convoy = a->from = a->to = a->duration = EAP_NONE;
    int kind = eap__get_enum(c, obj, "do", kinds, nk, true, -1);
    if (kind < 0) {
        return;
    }
    a->kind = (enum eap_action_kind)kind;
    switch (a->kind) {
    case EAP_ACT_REQUEST:
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
        a->from = eap__get_ref(c, obj, "from", &c->places, true);
        a->to = eap__get_ref(c, obj, "to", &c->places, true);
        action_assets(c, obj, "aircraft", a, true);
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

void eap__load_plan(struct load_ctx *c, const cJSON *array)
{
    c->scn->tripwires = eap__ctx_alloc(c, (c->tripwires.count + 1) * sizeof(struct eap_tripwire));
    c->scn->actions = eap__ctx_alloc(c, (c->actions.count + 1) * sizeof(struct eap_action));
    if (!c->scn->tripwires || !c->scn->actions || !cJSON_IsArray(array)) {
        return;
    }
    c->scn->tripwire_count = c->tripwires.count;
    eap__each_object(c, array, "plan", tripwire_item);
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

/* --- can every tripwire and threat fire? --- */

struct reach {
    bool *tripwire, *threat, *asset, *convoy, *action, *decision;
    bool *enabled; /* per tripwire: enabled in the file, or by a decision that can fall due */
};

static bool threat_kind_emits(enum eap_threat_kind k, enum eap_event_kind ev)
{
    switch (ev) {
    case EAP_EV_BREACH:
    case EAP_EV_SAFE_ROOM_BREACH:
        return k == EAP_THREAT_ATTACK;
    case EAP_EV_FIRE:
    case EAP_EV_UNTENABLE:
        return k == EAP_THREAT_ARSON;
    case EAP_EV_INDIRECT_FIRE:
        return k == EAP_THREAT_INDIRECT_FIRE;
    default:
        return true;
    }
}

/* Can the event the condition awaits ever happen, given what can fire so far? */
static bool condition_possible(const struct eap_scenario *s, const struct reach *r,
                               const struct eap_condition *cond)
{
    switch (eap_event_subject_role(cond->event)) {
    case EAP_ROLE_TRIPWIRE:
        if (cond->subject != EAP_NONE) {
            return r->tripwire[cond->subject];
        }
        for (size_t i = 0; i < s->tripwire_count; i++) {
            if (r->tripwire[i]) {
                return true;
            }
        }
        return false;
    case EAP_ROLE_THREAT:
        for (size_t i = 0; i < s->threat_count; i++) {
            if (r->threat[i] && (cond->subject == EAP_NONE || cond->subject == (int32_t)i) &&
                (cond->place == EAP_NONE || cond->place == s->threats[i].place) &&
                threat_kind_emits(s->threats[i].kind, cond->event)) {
                return true;
            }
        }
        return false;
    case EAP_ROLE_ASSET:
        if (cond->subject != EAP_NONE) {
            return r->asset[cond->subject];
        }
        return true;
    case EAP_ROLE_CONVOY:
        if (cond->subject != EAP_NONE) {
            return r->convoy[cond->subject];
        }
        return true;
    case EAP_ROLE_DECISION:
        if (cond->subject != EAP_NONE) {
            return r->decision[cond->subject];
        }
        return true;
    default:
        return true; /* emergent events (people safe, places evacuated): assume possible */
    }
}

static bool trigger_possible(const struct eap_scenario *s, const struct reach *r,
                             const struct eap_trigger *t)
{
    if (t->manual) {
        return false; /* only a decision fires it */
    }
    if (t->at_time) {
        return true;
    }
    for (size_t i = 0; i < t->count; i++) {
        if (!condition_possible(s, r, &t->all[i])) {
            return false;
        }
    }
    return true;
}

static bool mark(bool *flags, int32_t i)
{
    if (i == EAP_NONE || flags[i]) {
        return false;
    }
    flags[i] = true;
    return true;
}

/* Marks what an action that can run makes possible. */
static bool enable_action(const struct eap_scenario *s, struct reach *r, size_t k)
{
    const struct eap_action *a = &s->actions[k];
    bool changed = mark(r->action, (int32_t)k);
    /* Only a request tasks assets; an airlift flies aircraft a request tasked. */
    if (a->kind == EAP_ACT_REQUEST) {
        for (size_t j = 0; j < a->asset_count; j++) {
            changed |= mark(r->asset, a->assets[j]);
        }
    } else if (a->kind == EAP_ACT_FORM_CONVOY || a->kind == EAP_ACT_MOVE) {
        changed |= mark(r->convoy, a->convoy);
    }
    return changed;
}

/* Marks what the options of a decision that can fall due make possible. */
static bool enable_options(const struct eap_scenario *s, struct reach *r,
                           const struct eap_decision *d)
{
    bool changed = false;
    for (size_t o = 0; o < d->option_count; o++) {
        for (size_t k = 0; k < d->options[o].change_count; k++) {
            const struct eap_change *ch = &d->options[o].changes[k];
            if (ch->kind == EAP_CHANGE_FIRE) {
                changed |= mark(r->tripwire, ch->target);
            } else if (ch->kind == EAP_CHANGE_ENABLE) {
                changed |= mark(r->enabled, ch->target);
            } else if (ch->kind == EAP_CHANGE_START && ch->target != EAP_NONE) {
                changed |= enable_action(s, r, (size_t)ch->target);
            }
        }
    }
    return changed;
}

static void fixpoint(const struct eap_scenario *s, struct reach *r)
{
    for (size_t i = 0; i < s->tripwire_count; i++) {
        r->enabled[i] = s->tripwires[i].enabled;
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < s->tripwire_count; i++) {
            const struct eap_tripwire *t = &s->tripwires[i];
            if (!r->tripwire[i] && r->enabled[i] && trigger_possible(s, r, &t->when)) {
                r->tripwire[i] = changed = true;
            }
            for (size_t k = 0; r->tripwire[i] && k < t->action_count; k++) {
                changed |= enable_action(s, r, (size_t)(t->actions - s->actions) + k);
            }
        }
        for (size_t i = 0; i < s->threat_count; i++) {
            if (!r->threat[i] && trigger_possible(s, r, &s->threats[i].when)) {
                r->threat[i] = changed = true;
            }
        }
        for (size_t i = 0; i < s->decision_count; i++) {
            if (!r->decision[i] && trigger_possible(s, r, &s->decisions[i].when)) {
                r->decision[i] = changed = true;
            }
            if (r->decision[i]) {
                changed |= enable_options(s, r, &s->decisions[i]);
            }
        }
    }
}

/* Describes why a condition cannot hold, naming the blocking object, into buf. Returns the
 * blocking tripwire (>= 0), threat (-2 - index), or -1 when the chain ends. */
static long blocker(const struct eap_scenario *s, const struct eap_condition *cond, char *buf,
                    size_t len)
{
    const char *ev = eap_event_kind_name(cond->event);
    int32_t subj = cond->subject;
    switch (eap_event_subject_role(cond->event)) {
    case EAP_ROLE_TRIPWIRE:
        snprintf(buf, len, "tripwire \"%s\"", subj >= 0 ? s->tripwires[subj].id : "?");
        return subj;
    case EAP_ROLE_THREAT:
        if (subj >= 0) {
            snprintf(buf, len, "threat \"%s\" (%s)", s->threats[subj].id, ev);
            return -2 - (long)subj;
        }
        /* Any matching threat would do: name the first, which cannot start either. */
        for (size_t i = 0; i < s->threat_count; i++) {
            if ((cond->place == EAP_NONE || cond->place == s->threats[i].place) &&
                threat_kind_emits(s->threats[i].kind, cond->event)) {
                snprintf(buf, len, "threat \"%s\" (%s)", s->threats[i].id, ev);
                return -2 - (long)i;
            }
        }
        snprintf(buf, len, "a threat that could cause \"%s\" (there is none)", ev);
        return -1;
    case EAP_ROLE_ASSET:
    case EAP_ROLE_CONVOY: {
        bool asset = eap_event_subject_role(cond->event) == EAP_ROLE_ASSET;
        for (size_t i = 0; i < s->tripwire_count; i++) {
            for (size_t k = 0; k < s->tripwires[i].action_count; k++) {
                const struct eap_action *a = &s->tripwires[i].actions[k];
                bool hit = false;
                for (size_t j = 0; asset && a->kind == EAP_ACT_REQUEST && j < a->asset_count; j++) {
                    hit |= a->assets[j] == subj;
                }
                hit |= !asset && (a->kind == EAP_ACT_FORM_CONVOY || a->kind == EAP_ACT_MOVE) &&
                       a->convoy == subj;
                if (hit) {
                    snprintf(buf, len, "tripwire \"%s\" (which %s %s \"%s\")", s->tripwires[i].id,
                             asset ? "requests" : "moves", asset ? "asset" : "convoy",
                             asset ? s->assets[subj].id : s->convoys[subj].id);
                    return (long)i;
                }
            }
        }
        snprintf(buf, len, "%s \"%s\", which no action %s", asset ? "asset" : "convoy",
                 asset ? s->assets[subj].id : s->convoys[subj].id,
                 asset ? "requests" : "forms or moves");
        return -1;
    }
    case EAP_ROLE_DECISION:
        snprintf(buf, len, "decision point \"%s\", which never falls due",
                 subj >= 0 ? s->decisions[subj].id : "?");
        return -1;
    default:
        snprintf(buf, len, "\"%s\"", ev);
        return -1;
    }
}

static const struct eap_trigger *node_trigger(const struct eap_scenario *s, long node)
{
    return node >= 0 ? &s->tripwires[node].when : &s->threats[-2 - node].when;
}

static const char *node_id(const struct eap_scenario *s, long node)
{
    return node >= 0 ? s->tripwires[node].id : s->threats[-2 - node].id;
}

static bool node_ok(const struct reach *r, long node)
{
    return node >= 0 ? r->tripwire[node] : r->threat[-2 - node];
}

/* Explains why `start` can never fire: the first blocked condition, and the chain of blocked
 * triggers behind it until it ends or comes back on a trigger already in the chain (a cycle,
 * through `start` or not). */
static void explain(const struct eap_scenario *s, const struct reach *r, long start, char *msg,
                    size_t len)
{
    enum { MAX_CHAIN = 64 };
    char what[160] = "", chain[320] = "";
    long seen[MAX_CHAIN];
    size_t nseen = 0;
    long node = start;
    if (node >= 0 && node_trigger(s, node)->manual) {
        snprintf(msg, len, "can never fire: it is manual (only a decision fires it), and no "
                           "decision that can fall due fires it");
        return;
    }
    if (node >= 0 && !r->enabled[node]) {
        snprintf(msg, len, "can never fire: it is not enabled, and no decision that can fall due "
                           "enables or fires it");
        return;
    }
    while (nseen < MAX_CHAIN) {
        seen[nseen++] = node;
        const struct eap_trigger *t = node_trigger(s, node);
        long next = -1;
        for (size_t i = 0; i < t->count; i++) {
            if (!condition_possible(s, r, &t->all[i])) {
                char w[160];
                next = blocker(s, &t->all[i], w, sizeof(w));
                if (node == start) {
                    snprintf(what, sizeof(what), "%s", w);
                }
                break;
            }
        }
        if (next == -1 || node_ok(r, next)) {
            break;
        }
        size_t k = 0;
        while (k < nseen && seen[k] != next) {
            k++;
        }
        if (k < nseen) {
            size_t used = 0;
            for (size_t j = k; j < nseen && used < sizeof(chain); j++) {
                int w = snprintf(chain + used, sizeof(chain) - used, "%s -> ", node_id(s, seen[j]));
                used += w > 0 ? (size_t)w : 0;
            }
            if (used < sizeof(chain)) {
                snprintf(chain + used, sizeof(chain) - used, "%s", node_id(s, next));
            }
            snprintf(msg, len, "can never fire: it waits for %s, and the plan has a cycle: %s",
                     what, chain);
            return;
        }
        node = next;
    }
    /* The blocker's own description may already say why ("which no action requests"). */
    snprintf(msg, len, "can never fire: it waits for %s%s", what,
             strstr(what, ", which ") ? "" : ", which never happens");
}

static const cJSON *nth(const cJSON *array, size_t i)
{
    return cJSON_IsArray(array) ? cJSON_GetArrayItem(array, (int)i) : NULL;
}

/* Decision points that can never fall due: the first condition that cannot hold. */
static void report_decisions(struct load_ctx *c, const struct reach *r, const cJSON *decisions)
{
    const struct eap_scenario *s = c->scn;
    for (size_t i = 0; i < s->decision_count; i++) {
        if (r->decision[i]) {
            continue;
        }
        const struct eap_trigger *t = &s->decisions[i].when;
        char what[200] = "a decision (manual decision points cannot be fired)";
        for (size_t k = 0; !t->manual && k < t->count; k++) {
            if (!condition_possible(s, r, &t->all[k])) {
                blocker(s, &t->all[k], what, sizeof(what));
                break;
            }
        }
        size_t saved = c->path_len;
        eap__ctx_push_key(c, "exercise");
        eap__ctx_push_key(c, "decisions");
        eap__ctx_push_index(c, i);
        eap__report(c, eap__member(c, nth(decisions, i), "when", false), "when",
                    "decision point \"%s\" can never fall due: it waits for %s",
                    s->decisions[i].id, what);
        eap__ctx_pop(c, saved);
    }
}

void eap__check_plan_reachability(struct load_ctx *c, const cJSON *plan, const cJSON *threats)
{
    const cJSON *exercise = cJSON_GetObjectItemCaseSensitive(c->root, "exercise");
    const cJSON *decisions =
        cJSON_IsObject(exercise) ? cJSON_GetObjectItemCaseSensitive(exercise, "decisions") : NULL;
    const struct eap_scenario *s = c->scn;
    struct reach r;
    r.tripwire = calloc(s->tripwire_count + 1, 1);
    r.threat = calloc(s->threat_count + 1, 1);
    r.asset = calloc(s->asset_count + 1, 1);
    r.convoy = calloc(s->convoy_count + 1, 1);
    r.action = calloc(s->action_count + 1, 1);
    r.decision = calloc(s->decision_count + 1, 1);
    r.enabled = calloc(s->tripwire_count + 1, 1);
    if (r.tripwire && r.threat && r.asset && r.convoy && r.action && r.decision && r.enabled) {
        fixpoint(s, &r);
        char msg[384];
        for (size_t i = 0; i < s->tripwire_count; i++) {
            if (!r.tripwire[i]) {
                explain(s, &r, (long)i, msg, sizeof(msg));
                size_t saved = c->path_len;
                eap__ctx_push_key(c, "plan");
                eap__ctx_push_index(c, i);
                eap__report(c, eap__member(c, nth(plan, i), "when", false), "when",
                            "tripwire \"%s\" %s", s->tripwires[i].id, msg);
                eap__ctx_pop(c, saved);
            }
        }
        for (size_t i = 0; i < s->threat_count; i++) {
            if (!r.threat[i]) {
                explain(s, &r, -2 - (long)i, msg, sizeof(msg));
                size_t saved = c->path_len;
                eap__ctx_push_key(c, "threats");
                eap__ctx_push_index(c, i);
                eap__report(c, eap__member(c, nth(threats, i), "when", false), "when",
                            "threat \"%s\" %s", s->threats[i].id, msg);
                eap__ctx_pop(c, saved);
            }
        }
        report_decisions(c, &r, decisions);
    } else {
        c->oom = true;
    }
    free(r.tripwire);
    free(r.threat);
    free(r.asset);
    free(r.convoy);
    free(r.action);
    free(r.decision);
    free(r.enabled);
}
