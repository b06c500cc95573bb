/*
 * The exercise section of a scenario: objectives, each judged by a metric against a target;
 * the injects of the Master Scenario Events List (HSEEP), messages that fall due at a time
 * or on a model event; and decision points, each with options that change the simulated
 * world from the moment they are taken (inputs set, plan actions started, cancelled or
 * delayed, tripwires enabled, disarmed or fired).
 *
 *   "exercise": {"objectives": [{"id": "safe", "text": "...", "capability": "...",
 *       "metric": "time_all_safe", "at_most": "04:30"}],
 *     "injects": [{"number": 1, "id": "call", "when": {"at": "T+3m"}, "from": "...",
 *       "to": "RSO", "method": "phone", "text": "...", "expected_action": "...",
 *       "objective": "safe", "capability": "...", "controller_note": "...", "source": "..."}],
 *   "exercise": {"decisions": [{"id": "depart", "when": {...}, "prompt": "...",
 *       "decides": "chief of mission", "default": "wait", "countdown": "10 min",
 *       "options": [{"id": "wait", "label": "...", "note": "...",
 *                    "set": {"assets/f16_pair/readiness": "30 min"},
 *                    "start": ["..."], "cancel": ["..."], "delay": {"...": "1 h"},
 *                    "enable": ["..."], "disarm": ["..."], "fire": ["..."]}]}]}
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"
#include "model_internal.h"

void eap__collect_decision_ids(struct load_ctx *c, const cJSON *exercise)
{
    bool obj = cJSON_IsObject(exercise);
    const cJSON *d = obj ? eap__member(c, exercise, "decisions", false) : NULL;
    const cJSON *o = obj ? eap__member(c, exercise, "objectives", false) : NULL;
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "exercise");
    eap__collect_ids(c, d, "decisions", &c->decisions, "decision point");
    eap__collect_ids(c, o, "objectives", &c->objectives, "objective");
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
    /* An input whose own value was refused (a bad --set, a typo in the file) is not among
     * the inputs either; that problem is reported already, at the value or inside it, and
     * this one would only follow from it. */
    size_t n = strlen(pointer);
    for (size_t i = 0; i < c->diag->count; i++) {
        const char *at = c->diag->items[i].path;
        if (strncmp(at, pointer, n) == 0 && (at[n] == '\0' || at[n] == '/')) {
            return EAP_NONE;
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
static void option_delays(struct load_ctx *c, const cJSON *delay, struct eap_option *o, size_t cap)
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
            eap__report_key(c, item, item->string,
                            "expected the id of a plan action, found "
                            "\"%s\"%s%s%s",
                            item->string, hint ? "; did you mean \"" : "", hint ? hint : "",
                            hint ? "\"?" : "");
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
    static const char *const keys[] = {"id",    "label",  "note",   "set",  "start", "cancel",
                                       "delay", "enable", "disarm", "fire", "source"};
    static const char *const lists[] = {"set",    "start",  "cancel", "delay",
                                        "enable", "disarm", "fire"};
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    const char *id = eap__get_string(c, obj, "id", true);
    if (id && !eap__valid_id(id)) {
        eap__report(c, eap__member(c, obj, "id", false), "id",
                    "expected an id made of letters, digits, '_', '-' and '.', found \"%.60s\"",
                    id);
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
    static const char *const keys[] = {"id",      "when",    "prompt",    "decides",
                                       "options", "default", "countdown", "wall_countdown",
                                       "source",  "note"};
    struct eap_decision *d = &c->scn->decisions[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    d->id = eap__id_of(c, obj, &c->decisions, i);
    d->prompt = eap__get_text(c, obj, "prompt", true);
    d->prompt = d->prompt ? d->prompt : d->id;
    d->decides = eap__get_text(c, obj, "decides", false);
    d->source = eap__get_text(c, obj, "source", false);
    d->note = eap__get_text(c, obj, "note", false);
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
    if (eap__member(c, obj, "countdown", false) && eap__get_duration_ms(c, obj, "countdown", &t)) {
        d->countdown = t;
    }
    if (eap__member(c, obj, "wall_countdown", false) &&
        eap__get_duration_ms(c, obj, "wall_countdown", &t)) {
        d->wall_countdown = (double)t / 1000.0;
    }
}

/* --- objectives --- */

/* The metric an objective names, resolved against the scenario's metric schema (which
 * depends only on what is loaded before the exercise). EAP_NONE after reporting. */
static int32_t objective_metric(struct load_ctx *c, const cJSON *obj, struct eap_metric_def *defs,
                                size_t n)
{
    const char *name = eap__get_string(c, obj, "metric", true);
    if (!name) {
        return EAP_NONE;
    }
    long m = eap_metric_find(defs, n, name);
    if (m < 0) {
        const char *names[512];
        size_t k = n < 512 ? n : 512;
        for (size_t i = 0; i < k; i++) {
            names[i] = defs[i].name;
        }
        const char *hint = eap_suggest(name, names, k);
        eap__report(
            c, eap__member(c, obj, "metric", false), "metric",
            "expected the name of a metric of the scenario (\"time_all_safe\", "
            "\"casualties\", \"on_scene/ASSET\", \"milestone/ID\", ...), found \"%s\"%s%s%s",
            name, hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
        return EAP_NONE;
    }
    return (int32_t)m;
}

/* A target in the metric's own terms: a duration ("60 min") or, for a time counted from the
 * start, a clock time ("04:30"); a count; true or false for a yes/no outcome. */
static bool target_value(struct load_ctx *c, const cJSON *obj, const char *key,
                         const struct eap_metric_def *d, int64_t *out)
{
    const cJSON *v = eap__member(c, obj, key, true);
    if (!v) {
        return false;
    }
    if (d->unit == EAP_MU_FLAG) {
        bool b;
        if (!eap__get_bool(c, obj, key, true, &b)) {
            return false;
        }
        *out = b;
        return true;
    }
    if (d->unit == EAP_MU_COUNT) {
        int n;
        if (!eap__get_int(c, obj, key, true, 0, 1000000, &n)) {
            return false;
        }
        *out = n;
        return true;
    }
    if (d->unit == EAP_MU_PERSON_TIME) {
        eap_time t;
        if (!eap__get_duration_ms(c, obj, key, &t)) {
            return false;
        }
        *out = t; /* person-time: a duration per person, times nobody: read as given */
        return true;
    }
    char why[160];
    double ms;
    if (cJSON_IsString(v) &&
        eap_units_parse(EAP_Q_DURATION, v->valuestring, &ms, why, sizeof(why))) {
        *out = (int64_t)llround(ms);
        return true;
    }
    eap_time t;
    if (d->from_start && cJSON_IsString(v) &&
        eap_clock_parse_time(&c->scn->clock, v->valuestring, &t, why, sizeof(why))) {
        *out = t;
        return true;
    }
    char found[96];
    eap__describe_json(v, found, sizeof(found));
    eap__report(c, v, key, "expected %s, found %s",
                d->from_start ? "a duration (\"60 min\") or a time (\"04:30\", \"T+6h\")"
                              : "a duration (\"60 min\"): this metric is not counted from the "
                                "start, so a clock time means nothing for it",
                found);
    return false;
}

static void objective_item(struct load_ctx *c, const cJSON *obj, size_t i,
                           struct eap_metric_def *defs, size_t n)
{
    static const char *const keys[] = {"id",       "text", "capability", "metric", "at_most",
                                       "at_least", "is",   "source",     "note"};
    struct eap_objective *o = &c->scn->objectives[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    o->id = eap__id_of(c, obj, &c->objectives, i);
    o->text = eap__get_text(c, obj, "text", true);
    o->text = o->text ? o->text : o->id;
    o->capability = eap__get_text(c, obj, "capability", false);
    o->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    o->metric = objective_metric(c, obj, defs, n);
    static const char *const kinds[] = {"at_most", "at_least", "is"};
    int given = 0, kind = -1;
    for (int k = 0; k < 3; k++) {
        if (eap__member(c, obj, kinds[k], false)) {
            given++;
            kind = k;
        }
    }
    if (given != 1) {
        eap__report(c, obj, NULL,
                    "expected exactly one target, \"at_most\", \"at_least\" or \"is\", found %d",
                    given);
        return;
    }
    o->kind = (enum eap_target_kind)kind;
    if (o->metric == EAP_NONE) {
        return;
    }
    const struct eap_metric_def *d = &defs[o->metric];
    if ((o->kind == EAP_TARGET_IS) != (d->unit == EAP_MU_FLAG)) {
        eap__report_key(
            c, obj, kinds[kind], "expected %s for metric \"%s\" (%s), found \"%s\"",
            d->unit == EAP_MU_FLAG ? "\"is\": true or false" : "\"at_most\" or \"at_least\"",
            d->name, d->unit == EAP_MU_FLAG ? "a yes/no outcome" : "a quantity", kinds[kind]);
        return;
    }
    target_value(c, obj, kinds[kind], d, &o->target);
}

static void load_objectives(struct load_ctx *c, const cJSON *array)
{
    c->scn->objectives =
        eap__ctx_alloc(c, (c->objectives.count + 1) * sizeof(struct eap_objective));
    if (!array || !c->scn->objectives || !eap__expect_array(c, array, "objectives", false)) {
        return;
    }
    size_t n = eap__metric_count(c->scn);
    struct eap_metric_def *defs = calloc(n ? n : 1, sizeof(*defs));
    if (!defs) {
        c->oom = true;
        return;
    }
    eap__metrics_define(c->scn, defs);
    c->scn->objective_count = c->objectives.count;
    size_t saved = c->path_len, k = 0;
    eap__ctx_push_key(c, "objectives");
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, k);
        c->scn->objectives[k].metric = EAP_NONE;
        if (eap__expect_object(c, item, NULL)) {
            objective_item(c, item, k, defs, n);
        }
        eap__ctx_pop(c, s2);
        k++;
    }
    eap__ctx_pop(c, saved);
    free(defs);
}

/* --- injects --- */

static void inject_trigger(struct load_ctx *c, const cJSON *obj, struct eap_inject *in)
{
    if (!eap__parse_trigger(c, obj, "when", &in->when)) {
        return;
    }
    const cJSON *when = eap__member(c, obj, "when", false);
    if (in->when.manual || in->when.has_unless) {
        eap__report(c, when, "when",
                    "expected an inject's time (\"at\") or the event it follows (\"on\"), found a "
                    "%s trigger",
                    in->when.manual ? "manual" : "fallback");
        return;
    }
    /* The session works out when an inject is due from the trace alone, so its delay is a
     * fixed duration, not a draw of the run. */
    if (in->when.delay != EAP_NONE && c->inputs[in->when.delay].dist.kind != EAP_DIST_FIXED) {
        eap__report(c, when, "when",
                    "expected a fixed delay for an inject (\"10 min\"), found a distribution: "
                    "injects tell the players what happened, they do not draw anything");
    }
}

static void inject_item(struct load_ctx *c, const cJSON *obj, size_t i)
{
    static const char *const keys[] = {"id",
                                       "number",
                                       "when",
                                       "from",
                                       "to",
                                       "method",
                                       "text",
                                       "expected_action",
                                       "objective",
                                       "capability",
                                       "controller_note",
                                       "source",
                                       "note"};
    static const char *const methods[EAP_INJECT_METHOD_COUNT] = {
        "phone", "radio", "email", "in_person", "cable", "message", "media"};
    struct eap_inject *in = &c->scn->injects[i];
    eap__check_keys(c, obj, keys, COUNT_OF(keys));
    in->number = (int)i + 1;
    eap__get_int(c, obj, "number", true, 1, 99999, &in->number);
    const char *id = eap__get_string(c, obj, "id", false);
    char dflt[32];
    snprintf(dflt, sizeof(dflt), "msel-%d", in->number);
    in->id = eap__ctx_strdup(c, id ? id : dflt);
    inject_trigger(c, obj, in);
    in->from = eap__get_text(c, obj, "from", true);
    in->to = eap__get_text(c, obj, "to", true);
    in->method = (enum eap_inject_method)eap__get_enum(c, obj, "method", methods,
                                                       EAP_INJECT_METHOD_COUNT, true, 0);
    in->text = eap__get_text(c, obj, "text", true);
    in->expected_action = eap__get_text(c, obj, "expected_action", false);
    in->objective = eap__get_ref(c, obj, "objective", &c->objectives, false);
    in->capability = eap__get_text(c, obj, "capability", false);
    in->controller_note = eap__get_text(c, obj, "controller_note", false);
    in->source = eap__get_text(c, obj, "source", false);
    eap__get_string(c, obj, "note", false);
    in->from = in->from ? in->from : "?";
    in->to = in->to ? in->to : "?";
    in->text = in->text ? in->text : "";
}

/* MSEL numbers are unique and ascending, as controllers read them down the list. */
static void check_numbers(struct load_ctx *c, const cJSON *array)
{
    const struct eap_scenario *s = c->scn;
    for (size_t i = 1; i < s->inject_count; i++) {
        if (s->injects[i].number <= s->injects[i - 1].number) {
            size_t saved = c->path_len;
            eap__ctx_push_key(c, "injects");
            eap__ctx_push_index(c, i);
            eap__report(c, eap__member(c, cJSON_GetArrayItem(array, (int)i), "number", false),
                        "number",
                        "expected an MSEL number above the previous inject's (%d), found %d",
                        s->injects[i - 1].number, s->injects[i].number);
            eap__ctx_pop(c, saved);
        }
    }
    for (size_t i = 0; i < s->inject_count; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->injects[i].id, s->injects[j].id) == 0) {
                size_t saved = c->path_len;
                eap__ctx_push_key(c, "injects");
                eap__ctx_push_index(c, i);
                eap__report(c, eap__member(c, cJSON_GetArrayItem(array, (int)i), "id", false), "id",
                            "duplicate inject id \"%s\"", s->injects[i].id);
                eap__ctx_pop(c, saved);
            }
        }
    }
}

static void load_injects(struct load_ctx *c, const cJSON *array)
{
    size_t n = cJSON_IsArray(array) ? (size_t)cJSON_GetArraySize(array) : 0;
    c->scn->injects = eap__ctx_alloc(c, (n + 1) * sizeof(struct eap_inject));
    if (!array || !c->scn->injects || !eap__expect_array(c, array, "injects", false)) {
        return;
    }
    c->scn->inject_count = n;
    size_t saved = c->path_len, k = 0;
    eap__ctx_push_key(c, "injects");
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, k);
        c->scn->injects[k].objective = EAP_NONE;
        c->scn->injects[k].id = "?";
        c->scn->injects[k].number = (int)k + 1;
        if (eap__expect_object(c, item, NULL)) {
            inject_item(c, item, k);
        }
        eap__ctx_pop(c, s2);
        k++;
    }
    eap__ctx_pop(c, saved);
    check_numbers(c, array);
}

void eap__load_exercise(struct load_ctx *c, const cJSON *exercise)
{
    static const char *const keys[] = {"objectives", "injects", "decisions", "source", "note"};
    c->scn->decisions = eap__ctx_alloc(c, (c->decisions.count + 1) * sizeof(struct eap_decision));
    if (!exercise || !c->scn->decisions || !eap__expect_object(c, exercise, "exercise")) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "exercise");
    eap__check_keys(c, exercise, keys, COUNT_OF(keys));
    eap__get_string(c, exercise, "source", false);
    eap__get_string(c, exercise, "note", false);
    load_objectives(c, eap__member(c, exercise, "objectives", false));
    load_injects(c, eap__member(c, exercise, "injects", false));
    const cJSON *d = eap__member(c, exercise, "decisions", false);
    if (d && eap__expect_array(c, d, "decisions", false)) {
        c->scn->decision_count = c->decisions.count;
        eap__each_object(c, d, "decisions", decision_item);
    }
    eap__ctx_pop(c, saved);
}
