/*
 * The check that every tripwire, threat and decision point can ever fire. A fixpoint over
 * what can happen: a timed trigger can fire; a trigger waiting for events fires when every
 * awaited event can happen; an asset can arrive when some tripwire that can fire (or some
 * decision option that can be taken) requests it; a convoy can move when something that can
 * happen forms or moves it; a manual or disabled tripwire can fire when a decision that can
 * fall due fires or enables it; an inject falls due when the event it waits for can happen.
 * What is left over can never fire, most often because of a
 * cycle (a waits for b, b waits for a), which the message then spells out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_internal.h"

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
        snprintf(msg, len,
                 "can never fire: it is manual (only a decision fires it), and no "
                 "decision that can fall due fires it");
        return;
    }
    if (node >= 0 && !r->enabled[node]) {
        snprintf(msg, len,
                 "can never fire: it is not enabled, and no decision that can fall due "
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
                    "decision point \"%s\" can never fall due: it waits for %s", s->decisions[i].id,
                    what);
        eap__ctx_pop(c, saved);
    }
}

/* Injects that can never fall due: they wait for an event that cannot happen. */
static void report_injects(struct load_ctx *c, const struct reach *r, const cJSON *injects)
{
    const struct eap_scenario *s = c->scn;
    for (size_t i = 0; i < s->inject_count; i++) {
        const struct eap_trigger *t = &s->injects[i].when;
        for (size_t k = 0; k < t->count; k++) {
            if (condition_possible(s, r, &t->all[k])) {
                continue;
            }
            char what[200];
            blocker(s, &t->all[k], what, sizeof(what));
            size_t saved = c->path_len;
            eap__ctx_push_key(c, "exercise");
            eap__ctx_push_key(c, "injects");
            eap__ctx_push_index(c, i);
            eap__report(c, eap__member(c, nth(injects, i), "when", false), "when",
                        "inject %d (\"%s\") can never fall due: it waits for %s",
                        s->injects[i].number, s->injects[i].id, what);
            eap__ctx_pop(c, saved);
            break;
        }
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
        report_injects(c, &r,
                       cJSON_IsObject(exercise)
                           ? cJSON_GetObjectItemCaseSensitive(exercise, "injects")
                           : NULL);
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
