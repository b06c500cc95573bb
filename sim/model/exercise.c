/*
 * The exercise section of a scenario: decision points, each with options that change the
 * simulated world from the moment they are taken (inputs set, plan actions started,
 * cancelled or delayed, tripwires enabled, disarmed or fired).
 *
 *   "exercise": {"decisions": [{"id": "depart", "when": {...}, "prompt": "...",
 *       "decides": "chief of mission", "default": "wait", "countdown": "10 min",
 *       "options": [{"id": "wait", "label": "...", "note": "...",
 *                    "set": {"assets/f16_pair/readiness": "30 min"},
 *                    "start": ["..."], "cancel": ["..."], "delay": {"...": "1 h"},
 *                    "enable": ["..."], "disarm": ["..."], "fire": ["..."]}]}]}
 */
#include <stdio.h>
#include <string.h>

#include "loader_internal.h"

void eap__collect_decision_ids(struct load_ctx *c, const cJSON *exercise)
{
    const cJSON *d = cJSON_IsObject(exercise) ? eap__member(c, exercise, "decisions", false) : NULL;
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "exercise");
    eap__collect_ids(c, d, "decisions", &c->decisions, "decision point");
    eap__ctx_pop(c, saved);
}

/* The input a "set" path names; EAP_NONE after reporting why. */
static int32_t target_input(struct load_ctx *c, const cJSON *node, const char *path)
{
    char pointer[512], why[600];
    if (!eap__resolve_path(c->root, path, pointer, sizeof(pointer), why, sizeof(why))) {
        eap__report_key(c, node, path, "expected the path of an input of the scenario: %s", why);
        return EAP_NONE;
    }
    for (size_t i = 0; i < c->input_count; i++) {
        if (strcmp(c->inputs[i].path, pointer) == 0) {
            return (int32_t)i;
        }
    }
    eap__report_key(c, node, path,
                    "expected the path of a duration, distance, speed, rate, count or probability "
                    "of the scenario, found %s, which is not one",
                    pointer);
    return EAP_NONE;
}

static struct eap_change *next_change(struct eap_option *o, size_t cap)
{
    return o->change_count < cap ? &o->changes[o->change_count++] : NULL;
}

/* "set": {"PATH": VALUE, ...}: inputs take a new value (a quantity of their own unit, or a
 * distribution), "request_chain/moa" takes true or false. */
static void option_sets(struct load_ctx *c, const cJSON *set, struct eap_option *o, size_t cap)
{
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "set");
    const cJSON *item;
    cJSON_ArrayForEach(item, set)
    {
        const char *path = item->string;
        struct eap_change *ch = next_change(o, cap);
        if (!ch) {
            break;
        }
        if (strcmp(path, "request_chain/moa") == 0 || strcmp(path, "/request_chain/moa") == 0) {
            ch->kind = EAP_CHANGE_SET_MOA;
            eap__get_bool(c, set, path, true, &ch->flag);
            continue;
        }
        ch->kind = EAP_CHANGE_SET_INPUT;
        ch->target = target_input(c, set, path);
        ch->value = EAP_NONE;
        if (ch->target == EAP_NONE) {
            continue;
        }
        ch->value = eap__get_quantity(c, set, path, c->inputs[ch->target].unit, true, false);
        if (ch->value != EAP_NONE) {
            c->inputs[ch->value].sets = ch->target;
        }
    }
    eap__ctx_pop(c, saved);
}

/* A list of ids of actions or tripwires for one kind of change. */
static void option_refs(struct load_ctx *c, const cJSON *obj, const char *key,
                        enum eap_change_kind kind, const struct id_table *t, struct eap_option *o,
                        size_t cap)
{
    int32_t *refs = NULL;
    size_t n = eap__get_refs(c, obj, key, t, false, &refs);
    for (size_t i = 0; i < n; i++) {
        struct eap_change *ch = next_change(o, cap);
        if (ch) {
            *ch = (struct eap_change){.kind = kind, .target = refs[i], .value = EAP_NONE};
        }
    }
}

/* "delay": {"ACTION": "30 min", ...} */
static void option_delays(struct load_ctx *c, const cJSON *delay, struct eap_option *o,
                          size_t cap)
{
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "delay");
    const cJSON *item;
    cJSON_ArrayForEach(item, delay)
    {
        struct eap_change *ch = next_change(o, cap);
        if (!ch) {
            break;
        }
        *ch = (struct eap_change){.kind = EAP_CHANGE_DELAY, .value = EAP_NONE};
        ch->target = eap__find_id(&c->actions, item->string);
        if (ch->target == EAP_NONE) {
            const char *hint = eap_suggest(item->string, c->actions.ids, c->actions.count);
            eap__report_key(c, item, item->string, "expected the id of a plan action, found "
                            "\"%s\"%s%s%s", item->string, hint ? "; did you mean \"" : "",
                            hint ? hint : "", hint ? "\"?" : "");
        }
        eap_time t;
        if (eap__get_duration_ms(c, delay, item->string, &t)) {
            ch->delay = t;
        }
    }
    eap__ctx_pop(c, saved);
}

static size_t count_members(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsArray(v) || cJSON_IsObject(v) ? (size_t)cJSON_GetArraySize(v) : 0;
}

static void option_item(struct load_ctx *c, const cJSON *obj, struct eap_option *o, size_t i,
                        const char **ids)
{
    static const char *const keys[] = {"id",     "label",  "note",   "set",  "start", "cancel",
                                       "delay",  "enable", "disarm", "fire", "source"};
    static const char *const lists[] = {"set", "start", "cancel", "delay", "enable", "disarm",
                                        "fire"};
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    const char *id = eap__get_string(c, obj, "id", true);
    if (id && !eap__valid_id(id)) {
        eap__report(c, eap__member(c, obj, "id", false), "id",
                    "expected an id made of letters, digits, '_', '-' and '.', found \"%.60s\"", id);
    }
    for (size_t j = 0; id && j < i; j++) {
        if (ids[j] && strcmp(ids[j], id) == 0) {
            eap__report(c, eap__member(c, obj, "id", false), "id", "duplicate option id \"%s\"",
                        id);
        }
    }
    ids[i] = id;
    o->id = eap__ctx_strdup(c, id ? id : "?");
    o->label = eap__get_text(c, obj, "label", true);
    o->label = o->label ? o->label : o->id;
    o->note = eap__get_text(c, obj, "note", false);
    eap__get_string(c, obj, "source", false);
    size_t cap = 0;
    for (size_t k = 0; k < COUNT_OF(lists); k++) {
        cap += count_members(obj, lists[k]);
    }
    o->changes = eap__ctx_alloc(c, (cap + 1) * sizeof(*o->changes));
    if (!o->changes) {
        return;
    }
    const cJSON *set = eap__member(c, obj, "set", false);
    if (set && eap__expect_object(c, set, "set")) {
        option_sets(c, set, o, cap);
    }
    option_refs(c, obj, "disarm", EAP_CHANGE_DISARM, &c->tripwires, o, cap);
    option_refs(c, obj, "cancel", EAP_CHANGE_CANCEL, &c->actions, o, cap);
    const cJSON *delay = eap__member(c, obj, "delay", false);
    if (delay && eap__expect_object(c, delay, "delay")) {
        option_delays(c, delay, o, cap);
    }
    option_refs(c, obj, "enable", EAP_CHANGE_ENABLE, &c->tripwires, o, cap);
    option_refs(c, obj, "fire", EAP_CHANGE_FIRE, &c->tripwires, o, cap);
    option_refs(c, obj, "start", EAP_CHANGE_START, &c->actions, o, cap);
}

static void load_options(struct load_ctx *c, const cJSON *obj, struct eap_decision *d)
{
    const cJSON *opts = eap__member(c, obj, "options", true);
    if (!opts || !eap__expect_array(c, opts, "options", true)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(opts), k = 0, saved = c->path_len;
    if (n < 2) {
        eap__report(c, opts, "options", "expected at least two options, found %zu", n);
    }
    d->options = eap__ctx_alloc(c, n * sizeof(*d->options));
    const char **ids = eap__ctx_alloc(c, n * sizeof(*ids));
    if (!d->options || !ids) {
        return;
    }
    d->option_count = n;
    eap__ctx_push_key(c, "options");
    const cJSON *item;
    cJSON_ArrayForEach(item, opts)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, k);
        d->options[k].id = "?";
        d->options[k].label = "?";
        if (eap__expect_object(c, item, NULL)) {
            option_item(c, item, &d->options[k], k, ids);
        }
        eap__ctx_pop(c, s2);
        k++;
    }
    eap__ctx_pop(c, saved);
}

static void decision_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",      "when",      "prompt",         "decides",
                                       "options", "default",   "countdown",      "wall_countdown",
                                       "source",  "note"};
    struct eap_decision *d = &c->scn->decisions[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    d->id = eap__id_of(c, obj, &c->decisions, i);
    d->prompt = eap__get_text(c, obj, "prompt", true);
    d->prompt = d->prompt ? d->prompt : d->id;
    d->decides = eap__get_text(c, obj, "decides", false);
    eap__get_string(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    eap__parse_trigger(c, obj, "when", &d->when);
    load_options(c, obj, d);
    d->default_option = EAP_NONE;
    const char *def = eap__get_string(c, obj, "default", true);
    if (def && d->options) {
        d->default_option = eap_decision_find_option(d, def);
        if (d->default_option == EAP_NONE) {
            const char *names[64];
            size_t n = d->option_count < 64 ? d->option_count : 64;
            for (size_t k = 0; k < n; k++) {
                names[k] = d->options[k].id;
            }
            const char *hint = eap_suggest(def, names, n);
            eap__report(c, eap__member(c, obj, "default", false), "default",
                        "expected the id of one of the options, found \"%s\"%s%s%s", def,
                        hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
        }
    }
    eap_time t;
    if (eap__member(c, obj, "countdown", false) &&
        eap__get_duration_ms(c, obj, "countdown", &t)) {
        d->countdown = t;
    }
    if (eap__member(c, obj, "wall_countdown", false) &&
        eap__get_duration_ms(c, obj, "wall_countdown", &t)) {
        d->wall_countdown = (double)t / 1000.0;
    }
}

void eap__load_exercise(struct load_ctx *c, const cJSON *exercise)
{
    static const char *const keys[] = {"decisions"};
    c->scn->decisions = eap__ctx_alloc(c, (c->decisions.count + 1) * sizeof(struct eap_decision));
    if (!exercise || !c->scn->decisions || !eap__expect_object(c, exercise, "exercise")) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "exercise");
    eap__check_keys(c, exercise, keys, COUNT_OF(keys));
    const cJSON *d = eap__member(c, exercise, "decisions", false);
    if (d && eap__expect_array(c, d, "decisions", false)) {
        c->scn->decision_count = c->decisions.count;
        eap__each_object(c, d, "decisions", decision_item);
    }
    eap__ctx_pop(c, saved);
}
