/*
 * The engine's indexes, built once from the scenario when an engine is created: for each
 * entity, the few others an event there can concern (the assets that can cover a route, the
 * threats at a place, the parties that can be at a place or in a convoy). Handlers walk these
 * short lists instead of every asset, threat or party of the scenario, so the cost of an
 * event does not grow with the size of the scenario. Every list is in ascending order, so a
 * walk meets entities in the order a walk over all of them would, and products and events
 * come out the same.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* (group, item) pairs, collected before they become an index. */
struct pairs {
    int32_t (*at)[2];
    size_t count, cap;
    bool oom;
};

static void add(struct pairs *p, size_t group, int32_t item)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        int32_t(*at)[2] = realloc(p->at, cap * sizeof(*at));
        if (!at) {
            p->oom = true;
            return;
        }
        p->at = at;
        p->cap = cap;
    }
    p->at[p->count][0] = (int32_t)group;
    p->at[p->count][1] = item;
    p->count++;
}

static int by_group_then_item(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;
    return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

/* Turns the pairs into an index of `groups` lists, each ascending and without repeats, and
 * frees them. False when memory runs out. */
static bool build(struct eap_index *ix, size_t groups, struct pairs *p)
{
    bool ok = !p->oom;
    ix->first = calloc(groups + 1, sizeof(size_t));
    ix->items = calloc(p->count + 1, sizeof(int32_t));
    ok = ok && ix->first && ix->items;
    if (ok) {
        if (p->count > 0) {
            qsort(p->at, p->count, sizeof(*p->at), by_group_then_item);
        }
        size_t n = 0;
        for (size_t i = 0; i < p->count; i++) {
            if (i > 0 && !by_group_then_item(p->at[i], p->at[i - 1])) {
                continue;
            }
            ix->items[n++] = p->at[i][1];
            ix->first[p->at[i][0] + 1] = n;
        }
        for (size_t g = 1; g <= groups; g++) {
            ix->first[g] = ix->first[g] > ix->first[g - 1] ? ix->first[g] : ix->first[g - 1];
        }
    }
    free(p->at);
    memset(p, 0, sizeof(*p));
    return ok;
}

static void index_free(struct eap_index *ix)
{
    free(ix->first);
    free(ix->items);
    memset(ix, 0, sizeof(*ix));
}

/* Every party of a list, or all of them for an empty list ("everyone"). */
static void add_parties(struct pairs *p, const struct eap_scenario *s, size_t group,
                        const int32_t *parties, size_t count)
{
    for (size_t i = 0; i < (count ? count : s->party_count); i++) {
        add(p, group, count ? parties[i] : (int32_t)i);
    }
}

static bool is_lift(const struct eap_action *act)
{
    return act->kind == EAP_ACT_EVACUATE_BY_AIR || act->kind == EAP_ACT_EVACUATE_BY_SEA;
}

/* The last place of a convoy's route. */
static int32_t convoy_end(const struct eap_scenario *s, size_t c)
{
    const struct eap_route *r = &s->routes[s->convoys[c].route];
    return r->segments[r->segment_count - 1].to;
}

/* Parties that can be at place q: those starting there, and those a convoy or an airlift
 * can bring there (people reach another place in no other way). */
static bool place_parties(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs p = {0};
    for (size_t i = 0; i < s->party_count; i++) {
        add(&p, (size_t)s->parties[i].at, (int32_t)i);
    }
    for (size_t c = 0; c < s->convoy_count; c++) {
        const struct eap_convoy *cv = &s->convoys[c];
        add_parties(&p, s, (size_t)convoy_end(s, c), cv->parties, cv->party_count);
    }
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        if (is_lift(act)) {
            add_parties(&p, s, (size_t)act->to, act->parties, act->party_count);
        }
    }
    return build(&e->place_parties, s->place_count, &p);
}

/* The convoys' parties and escorts, and the convoys bound for each place. */
static bool convoy_lists(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs parties = {0}, escorts = {0};
    for (size_t c = 0; c < s->convoy_count; c++) {
        const struct eap_convoy *cv = &s->convoys[c];
        add_parties(&parties, s, c, cv->parties, cv->party_count);
        for (size_t i = 0; i < cv->escort_count; i++) {
            add(&escorts, c, cv->escorts[i]);
        }
    }
    struct pairs ends = {0};
    for (size_t c = 0; c < s->convoy_count; c++) {
        add(&ends, (size_t)convoy_end(s, c), (int32_t)c);
    }
    bool ok = build(&e->convoy_parties, s->convoy_count, &parties);
    ok = build(&e->convoy_ends, s->place_count, &ends) && ok;
    return build(&e->convoy_escorts, s->convoy_count, &escorts) && ok;
}

/* The parties each airlift serves (its list, or everyone). */
static bool lift_parties(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs p = {0};
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        if (is_lift(act)) {
            add_parties(&p, s, k, act->parties, act->party_count);
        }
    }
    return build(&e->lift_parties, s->action_count, &p);
}

/* The hops each request needs: those on the way from the post to the hop that approves one
 * of its assets. */
static bool request_hops(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs p = {0};
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        for (size_t i = 0; act->kind == EAP_ACT_REQUEST && i < act->asset_count; i++) {
            for (int32_t h = s->assets[act->assets[i]].requested_via; h != EAP_NONE;
                 h = s->chain.hops[h].after) {
                add(&p, k, h);
            }
        }
    }
    return build(&e->request_hops, s->action_count, &p);
}

/* The entry of hop h in action k's list of request_hops (it is there). */
static int32_t hop_node(const struct eap_engine *e, size_t k, int32_t h)
{
    size_t p = e->request_hops.first[k];
    while (e->request_hops.items[p] != h) {
        p++;
    }
    return (int32_t)p;
}

/* The nodes of a request's tree: its hops (their entries in request_hops), then the post of
 * each action (node N + k, N the entries in request_hops). At each node, the assets it
 * approves, in the order the action lists them, and the hops that take the request on from
 * it, in hop order: what a request or a hop's approval does once, without walking the
 * action's assets and hops to find them. */
static bool request_tree(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    const struct eap_index *rh = &e->request_hops;
    size_t n = rh->first[s->action_count];
    struct pairs tasks = {0}, next = {0};
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        for (size_t i = 0; act->kind == EAP_ACT_REQUEST && i < act->asset_count; i++) {
            int32_t via = s->assets[act->assets[i]].requested_via;
            /* the item is the asset's place in the action's list, so the list keeps its
             * order; it becomes the asset below */
            add(&tasks, via == EAP_NONE ? n + k : (size_t)hop_node(e, k, via), (int32_t)i);
        }
        INDEX_FOR(p, rh, k)
        {
            int32_t after = s->chain.hops[rh->items[p]].after;
            add(&next, after == EAP_NONE ? n + k : (size_t)hop_node(e, k, after), (int32_t)p);
        }
    }
    bool ok = build(&e->request_next, n + s->action_count, &next);
    ok = build(&e->request_tasks, n + s->action_count, &tasks) && ok;
    for (size_t k = 0; ok && k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        for (size_t p = rh->first[k]; p <= rh->first[k + 1]; p++) {
            size_t node = p < rh->first[k + 1] ? p : n + k;
            INDEX_FOR(j, &e->request_tasks, node)
            {
                e->request_tasks.items[j] = act->assets[e->request_tasks.items[j]];
            }
        }
    }
    return ok;
}

/* The threats at each place. */
static bool place_threats(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs p = {0};
    for (size_t t = 0; t < s->threat_count; t++) {
        add(&p, (size_t)s->threats[t].place, (int32_t)t);
    }
    return build(&e->place_threats, s->place_count, &p);
}

/* Assets that can be on station at a place or over a route: at the end of their way out,
 * where the convoys they escort arrive, and (lift) at their airlifts' two ends. Helpers are
 * those that reinforce or suppress; lifters carry people; route cover is by target. */
static bool asset_lists(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct pairs helpers = {0}, lifters = {0}, cover = {0};
    for (size_t a = 0; a < s->asset_count; a++) {
        const struct eap_asset *as = &s->assets[a];
        bool helps = as->effects.reinforce || as->effects.suppression > 0;
        int32_t target = as->target_place;
        if (target == EAP_NONE && as->target_route != EAP_NONE) {
            target = s->routes[as->target_route].segments[0].from;
            add(&cover, (size_t)as->target_route, (int32_t)a);
        }
        if (helps && target != EAP_NONE) {
            add(&helpers, (size_t)target, (int32_t)a);
        }
        for (size_t c = 0; helps && c < s->convoy_count; c++) {
            for (size_t i = 0; i < s->convoys[c].escort_count; i++) {
                if (s->convoys[c].escorts[i] == (int32_t)a) {
                    add(&helpers, (size_t)convoy_end(s, c), (int32_t)a);
                }
            }
        }
    }
    for (size_t k = 0; k < s->action_count; k++) {
        const struct eap_action *act = &s->actions[k];
        for (size_t i = 0; is_lift(act) && i < act->asset_count; i++) {
            int32_t a = act->assets[i];
            const struct eap_effects *fx = &s->assets[a].effects;
            add(&lifters, (size_t)act->from, a);
            add(&lifters, (size_t)act->to, a);
            if (fx->reinforce || fx->suppression > 0) {
                add(&helpers, (size_t)act->from, a);
                add(&helpers, (size_t)act->to, a);
            }
        }
    }
    bool ok = build(&e->place_helpers, s->place_count, &helpers);
    ok = build(&e->place_lifters, s->place_count, &lifters) && ok;
    return build(&e->route_cover, s->route_count, &cover) && ok;
}

bool eap__index_build(struct eap_engine *e)
{
    bool ok = place_parties(e);
    ok = convoy_lists(e) && ok;
    ok = place_threats(e) && ok;
    ok = lift_parties(e) && ok;
    ok = request_hops(e) && request_tree(e) && ok;
    return asset_lists(e) && ok;
}

void eap__index_finish(struct eap_engine *e)
{
    index_free(&e->place_parties);
    index_free(&e->convoy_parties);
    index_free(&e->convoy_escorts);
    index_free(&e->convoy_ends);
    index_free(&e->place_threats);
    index_free(&e->place_helpers);
    index_free(&e->place_lifters);
    index_free(&e->route_cover);
    index_free(&e->lift_parties);
    index_free(&e->request_hops);
    index_free(&e->request_tasks);
    index_free(&e->request_next);
}

#ifndef NDEBUG
static bool listed(const struct eap_index *ix, int32_t g, int32_t item)
{
    INDEX_FOR(k, ix, g)
    {
        if (ix->items[k] == item) {
            return true;
        }
    }
    return false;
}

void eap__index_check(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    int32_t q = (int32_t)s->place_count, c = (int32_t)s->convoy_count;
    for (int32_t a = 0; a < (int32_t)s->asset_count; a++) {
        const struct asset_state *as = &e->assets[a];
        const struct eap_effects *fx = &s->assets[a].effects;
        bool on = as->phase == ASSET_ON_STATION;
        assert(!(on && as->at != EAP_NONE && (fx->reinforce || fx->suppression > 0)) ||
               listed(&e->place_helpers, as->at, a));
        assert(!(on && as->route != EAP_NONE) || listed(&e->route_cover, as->route, a));
        assert(as->phase != ASSET_ESCORTING || listed(&e->convoy_escorts, as->convoy, a));
        assert(!(as->load > 0 && as->at != EAP_NONE && as->phase != ASSET_FLYING) ||
               listed(&e->place_lifters, as->at, a));
    }
    for (int32_t p = 0; p < (int32_t)s->party_count; p++) {
        const struct run *rs = e->runs + e->party_first[p];
        for (int r = 0; r < e->parties[p].runs; r++) {
            int32_t loc = rs[r].loc;
            assert(!(loc >= 0 && loc < 2 * q) || listed(&e->place_parties, loc % q, p));
            assert(!(loc >= 2 * q && loc < 2 * q + c) ||
                   listed(&e->convoy_parties, loc - 2 * q, p));
        }
    }
}
#endif
