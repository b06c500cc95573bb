/*
 * The EAP engine's core: creation and reset, draws, the trace and the trigger watchers,
 * the plan's tripwires, people's whereabouts and exposure, and the outcome metrics. The
 * processes themselves live in threats.c, assets.c and convoy.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"

/* --- event packing: kind in the top 8 bits, a in 28 bits, b in 28 bits --- */

uint64_t eap__ev_pack(enum ev_kind kind, uint32_t a, uint32_t b)
{
    return ((uint64_t)kind << 56) | ((uint64_t)(a & 0xFFFFFFF) << 28) | (b & 0xFFFFFFF);
}

void eap__ev_unpack(uint64_t data, uint32_t *a, uint32_t *b)
{
    *a = (uint32_t)(data >> 28) & 0xFFFFFFF;
    *b = (uint32_t)data & 0xFFFFFFF;
}

static void dispatch(struct eap_kernel *k, uint64_t data);

eap_handle eap__schedule(struct eap_engine *e, eap_time delay, enum ev_kind kind, uint32_t a,
                         uint32_t b)
{
    if (delay < 0) {
        delay = 0;
    }
    eap_time end = e->opt.until;
    if (e->kernel.now + delay > end) {
        return EAP_NO_EVENT; /* beyond the horizon: it never happens in this run */
    }
    eap_handle h = eap_kernel_in(&e->kernel, delay, dispatch, eap__ev_pack(kind, a, b));
    if (h == EAP_NO_EVENT) {
        e->oom = true;
        eap_kernel_stop(&e->kernel);
    }
    return h;
}

/* --- draws --- */

/* Streams start on first use in a replication: most replications touch only some of them. */
static inline struct eap_rng *stream(struct eap_engine *e, size_t i)
{
    if (e->stream_epoch[i] != e->epoch) {
        e->stream_epoch[i] = e->epoch;
        eap_rng_init(&e->streams[i], e->seed, e->replication, e->stream_ids[i]);
    }
    return &e->streams[i];
}

double eap__draw(struct eap_engine *e, int32_t input)
{
    const struct eap_input *in = &e->scn->inputs[input];
    if (e->opt.fixed_inputs && !isnan(e->opt.fixed_inputs[input])) {
        return e->opt.fixed_inputs[input];
    }
    if (e->opt.replay) {
        return in->replay_value;
    }
    if (in->dist.kind == EAP_DIST_FIXED) {
        return in->dist.a;
    }
    return eap_dist_sample(&in->dist, stream(e, (size_t)input));
}

eap_time eap__draw_ms(struct eap_engine *e, int32_t input)
{
    if (input == EAP_NONE) {
        return 0;
    }
    return to_ticks(eap__draw(e, input));
}

int eap__draw_count(struct eap_engine *e, int32_t input)
{
    if (input == EAP_NONE) {
        return 0;
    }
    double n = eap__draw(e, input);
    return n > 0 ? (int)llround(n) : 0;
}

struct eap_rng *eap__process_stream(struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    size_t per_kind = (e->stream_count - e->scn->input_count) / STREAM_KIND_COUNT;
    return stream(e, e->scn->input_count + (size_t)kind * per_kind + entity);
}

/* --- the trace and triggers --- */

static const struct eap_trigger *owner_trigger(const struct eap_engine *e, uint32_t owner)
{
    const struct eap_scenario *s = e->scn;
    return owner < s->tripwire_count ? &s->tripwires[owner].when
                                     : &s->threats[owner - s->tripwire_count].when;
}

static void arm(struct eap_engine *e, uint32_t owner)
{
    struct owner_state *o = &e->owners[owner];
    o->armed = true;
    eap__schedule(e, eap__draw_ms(e, owner_trigger(e, owner)->delay), EV_FIRE_OWNER, owner, 0);
}

void eap__emit(struct eap_engine *e, enum eap_event_kind kind, int32_t place, int32_t subject,
               int32_t object, double value, double value2)
{
    struct eap_trace_event ev = {e->kernel.now, (uint16_t)kind, (int16_t)place, subject,
                                 object,        value,          value2};
    eap_trace_append(&e->trace, &ev);
    if (e->trace.oom) {
        e->oom = true;
        eap_kernel_stop(&e->kernel);
    }
    const struct mark_list *ml = &e->marks[kind];
    for (size_t i = 0; i < ml->count; i++) {
        const struct mark *m = &ml->items[i];
        if (e->first_seen[m->slot] < 0 && eap_condition_matches(m->cond, &ev)) {
            e->first_seen[m->slot] = ev.time;
        }
    }
    const struct watch_list *wl = &e->watch[kind];
    for (size_t i = 0; i < wl->count; i++) {
        const struct watcher *w = &wl->items[i];
        struct owner_state *o = &e->owners[w->owner];
        const struct eap_trigger *t = owner_trigger(e, w->owner);
        if (o->armed || (o->met & (1u << w->cond)) ||
            !eap_condition_matches(&t->all[w->cond], &ev)) {
            continue;
        }
        o->met |= 1u << w->cond;
        if (o->met == (1u << t->count) - 1) {
            arm(e, w->owner);
        }
    }
}

static void run_actions(struct eap_engine *e, int32_t tripwire)
{
    const struct eap_tripwire *t = &e->scn->tripwires[tripwire];
    for (size_t i = 0; i < t->action_count; i++) {
        const struct eap_action *a = &t->actions[i];
        switch (a->kind) {
        case EAP_ACT_REQUEST:
            eap__request_assets(e, a, tripwire);
            break;
        case EAP_ACT_SHELTER: {
            struct party_state *p = &e->parties[a->party];
            int32_t place = eap__party_main_place(e, a->party);
            if (p->here[place] > 0 && p->sheltered_at != place) {
                p->sheltered_at = place;
                eap__emit(e, EAP_EV_SHELTER, place, a->party, EAP_NONE, p->here[place], 0);
            }
            break;
        }
        case EAP_ACT_DESTROY_CLASSIFIED: {
            eap_time d = eap__draw_ms(e, a->duration);
            eap__emit(e, EAP_EV_DESTROY_START, a->place, EAP_NONE, EAP_NONE, (double)d, 0);
            eap__schedule(e, d, EV_DESTROYED, (uint32_t)a->place, 0);
            break;
        }
        case EAP_ACT_FORM_CONVOY:
            eap__convoy_form(e, a->convoy, false);
            break;
        case EAP_ACT_MOVE:
            eap__convoy_form(e, a->convoy, true);
            break;
        case EAP_ACT_EVACUATE_BY_AIR:
            eap__airlift_start(e, a);
            break;
        case EAP_ACT_DRAW_DOWN:
            eap__schedule(e, eap__draw_ms(e, a->duration), EV_DRAW_DOWN, (uint32_t)tripwire,
                          (uint32_t)i);
            break;
        }
    }
}

void eap__fire_owner(struct eap_engine *e, uint32_t owner)
{
    struct owner_state *o = &e->owners[owner];
    if (o->fired) {
        return;
    }
    o->fired = true;
    if (owner < e->scn->tripwire_count) {
        eap__emit(e, EAP_EV_TRIPWIRE, EAP_NONE, (int32_t)owner, EAP_NONE, 0, 0);
        run_actions(e, (int32_t)owner);
    } else {
        eap__threat_start(e, (int32_t)(owner - e->scn->tripwire_count));
    }
}

/* --- people --- */

int eap__place_occupants(const struct eap_engine *e, int32_t place)
{
    int n = 0;
    for (size_t i = 0; i < e->scn->party_count; i++) {
        n += e->parties[i].here[place];
    }
    return n;
}

int32_t eap__party_main_place(const struct eap_engine *e, int32_t party)
{
    const struct party_state *p = &e->parties[party];
    int32_t best = e->scn->parties[party].at;
    for (size_t q = 0; q < e->scn->place_count; q++) {
        if (p->here[q] > p->here[best]) {
            best = (int32_t)q;
        }
    }
    return best;
}

/* People under threat right now: at a place with an active threat, or in a convoy on a road
 * with a road threat. Most of the time no place is threatened, so the places are checked
 * first and the parties only for those that are. */
static int64_t people_exposed(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    int64_t n = 0;
    for (size_t q = 0; e->threatened_places > 0 && q < s->place_count; q++) {
        if (e->places[q].active_threats > 0) {
            n += eap__place_occupants(e, (int32_t)q);
        }
    }
    for (size_t c = 0; c < s->convoy_count; c++) {
        if (!eap__convoy_exposed(e, (int32_t)c)) {
            continue;
        }
        for (size_t i = 0; i < s->party_count; i++) {
            if (e->parties[i].convoy == (int32_t)c) {
                n += e->parties[i].in_convoy;
            }
        }
    }
    return n;
}

void eap__place_threat(struct eap_engine *e, int32_t place, int delta)
{
    int before = e->places[place].active_threats;
    e->places[place].active_threats += delta;
    e->threatened_places += (e->places[place].active_threats > 0) - (before > 0);
}

void eap__settle_exposure(struct eap_engine *e)
{
    eap_time dt = e->kernel.now - e->settled;
    if (dt > 0) {
        e->exposure += people_exposed(e) * dt;
        e->settled = e->kernel.now;
    }
}

void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place)
{
    struct party_state *p = &e->parties[party];
    int alive = e->scn->parties[party].count - p->dead;
    int safe = p->safe;
    if (p->convoy != EAP_NONE && e->convoys[p->convoy].passed_safe) {
        safe += p->in_convoy; /* still riding, but past the border */
    }
    if (p->resolved || safe < alive) {
        return;
    }
    p->resolved = true;
    p->resolved_time = e->kernel.now;
    if (alive > 0) {
        p->safe_time = e->kernel.now;
        eap__emit(e, EAP_EV_PARTY_SAFE, place, party, EAP_NONE, safe, 0);
    }
}

void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t place, int count)
{
    struct party_state *p = &e->parties[party];
    if (count <= 0) {
        return;
    }
    if (e->scn->places[place].safe) {
        p->safe += count;
    } else {
        p->here[place] += count;
        if (p->sheltered_at == place) {
            p->sheltered_at = EAP_NONE; /* newcomers mingle; whoever shelters must decide anew */
        }
        int occ = eap__place_occupants(e, place);
        if (occ > e->places[place].occupants_seen) {
            e->places[place].occupants_seen = occ;
        }
        e->places[place].evacuated = false;
    }
    eap__emit(e, EAP_EV_PARTY_AT, place, party, EAP_NONE, count, 0);
    eap__party_check_safe(e, party, place);
}

void eap__place_check_evacuated(struct eap_engine *e, int32_t place)
{
    struct place_state *ps = &e->places[place];
    if (!ps->evacuated && ps->occupants_seen > 0 && eap__place_occupants(e, place) == 0) {
        ps->evacuated = true;
        eap__emit(e, EAP_EV_PLACE_EVACUATED, place, EAP_NONE, EAP_NONE, 0, 0);
    }
}

static void draw_down(struct eap_engine *e, uint32_t tripwire, uint32_t action)
{
    const struct eap_action *a = &e->scn->tripwires[tripwire].actions[action];
    struct party_state *p = &e->parties[a->party];
    int32_t place = eap__party_main_place(e, a->party);
    int n = a->count < p->here[place] ? a->count : p->here[place];
    if (n <= 0) {
        return;
    }
    p->here[place] -= n;
    p->safe += n;
    eap__emit(e, EAP_EV_DRAW_DOWN, place, a->party, EAP_NONE, n, 0);
    eap__party_check_safe(e, a->party, place);
    eap__place_check_evacuated(e, place);
}

/* --- dispatch --- */

static void end_run(struct eap_engine *e)
{
    eap__settle_exposure(e);
    eap__emit(e, EAP_EV_END, EAP_NONE, EAP_NONE, EAP_NONE, 0, 0);
    e->done = true;
    eap_kernel_stop(&e->kernel);
}

static void dispatch(struct eap_kernel *k, uint64_t data)
{
    struct eap_engine *e = k->user;
    enum ev_kind kind = (enum ev_kind)(data >> 56);
    uint32_t a, b;
    eap__ev_unpack(data, &a, &b);
    eap__settle_exposure(e);
    switch (kind) {
    case EV_FIRE_OWNER:
        eap__fire_owner(e, a);
        break;
    case EV_BREACH:
    case EV_SAFE_ROOM:
    case EV_ATTACK_END:
    case EV_UNTENABLE:
    case EV_THREAT_END:
        eap__threat_event(e, kind, a);
        break;
    case EV_HOP:
    case EV_DEPART:
    case EV_LEG_ARRIVE:
    case EV_LEG_DEPART:
    case EV_OFF_STATION:
    case EV_TAKEOFF:
    case EV_LAND:
    case EV_RETURN:
    case EV_RETURNED:
        eap__asset_event(e, kind, a, b);
        break;
    case EV_FORMED:
    case EV_POI:
    case EV_RESUME:
    case EV_DESERT:
        eap__convoy_event(e, kind, a, b);
        break;
    case EV_DESTROYED:
        eap__emit(e, EAP_EV_CLASSIFIED_DESTROYED, (int32_t)a, EAP_NONE, EAP_NONE, 0, 0);
        break;
    case EV_DRAW_DOWN:
        draw_down(e, a, b);
        break;
    case EV_END:
        end_run(e);
        break;
    }
}

/* --- creation --- */

/* The conditions whose first match is a metric: the record's milestones, then the origin. */
static size_t mark_count(const struct eap_scenario *s)
{
    return s->record_count + (s->has_origin ? 1 : 0);
}

static const struct eap_condition *mark_cond(const struct eap_scenario *s, size_t i)
{
    return i < s->record_count ? &s->record[i].event : &s->origin;
}

static bool build_marks(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t n = mark_count(s);
    size_t counts[EAP_EV_KIND_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        counts[mark_cond(s, i)->event]++;
    }
    e->mark_storage = calloc(n + 1, sizeof(struct mark));
    e->first_seen = calloc(n + 1, sizeof(eap_time));
    if (!e->mark_storage || !e->first_seen) {
        return false;
    }
    size_t offset = 0;
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        e->marks[k].items = e->mark_storage + offset;
        offset += counts[k];
    }
    for (size_t i = 0; i < n; i++) {
        struct mark_list *ml = &e->marks[mark_cond(s, i)->event];
        ml->items[ml->count++] = (struct mark){mark_cond(s, i), i};
    }
    return true;
}

static bool build_watchers(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t owners = s->tripwire_count + s->threat_count, total = 0;
    size_t counts[EAP_EV_KIND_COUNT] = {0};
    for (uint32_t o = 0; o < owners; o++) {
        const struct eap_trigger *t = owner_trigger(e, o);
        for (size_t c = 0; !t->at_time && c < t->count; c++) {
            counts[t->all[c].event]++;
            total++;
        }
    }
    e->watch_storage = calloc(total + 1, sizeof(struct watcher));
    e->owners = calloc(owners + 1, sizeof(struct owner_state));
    if (!e->watch_storage || !e->owners) {
        return false;
    }
    size_t offset = 0;
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        e->watch[k].items = e->watch_storage + offset;
        offset += counts[k];
    }
    for (uint32_t o = 0; o < owners; o++) {
        const struct eap_trigger *t = owner_trigger(e, o);
        for (size_t c = 0; !t->at_time && c < t->count; c++) {
            struct watch_list *wl = &e->watch[t->all[c].event];
            wl->items[wl->count++] = (struct watcher){o, (uint32_t)c};
        }
    }
    return true;
}

static size_t max_checkpoints(const struct eap_scenario *s)
{
    size_t m = 0;
    for (size_t r = 0; r < s->route_count; r++) {
        for (size_t k = 0; k < s->routes[r].segment_count; k++) {
            size_t n = s->routes[r].segments[k].checkpoint_count;
            m = n > m ? n : m;
        }
    }
    return m;
}

static bool allocate_state(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t most = s->party_count + s->asset_count + s->convoy_count + s->route_count +
                  s->threat_count + s->place_count + 1;
    e->stream_count = s->input_count + STREAM_KIND_COUNT * most;
    e->streams = calloc(e->stream_count, sizeof(*e->streams));
    e->stream_ids = calloc(e->stream_count, sizeof(*e->stream_ids));
    e->stream_epoch = calloc(e->stream_count, sizeof(*e->stream_epoch));
    e->parties = calloc(s->party_count + 1, sizeof(*e->parties));
    e->here_storage = calloc((s->party_count + 1) * (s->place_count + 1), sizeof(int));
    e->places = calloc(s->place_count + 1, sizeof(*e->places));
    e->threats = calloc(s->threat_count + 1, sizeof(*e->threats));
    e->assets = calloc(s->asset_count + 1, sizeof(*e->assets));
    e->load_storage = calloc((s->asset_count + 1) * (s->party_count + 1), sizeof(int));
    e->convoys = calloc(s->convoy_count + 1, sizeof(*e->convoys));
    size_t mc = max_checkpoints(s) + 1;
    e->checkpoint_storage = calloc((s->convoy_count + 1) * mc, sizeof(double));
    e->route_deterrence = calloc(s->route_count + 1, sizeof(double));
    e->share = calloc(s->party_count + 1, sizeof(int));
    e->frac = calloc(s->party_count + 1, sizeof(double));
    e->on_scene = calloc(s->asset_count + 1, sizeof(eap_time));
    e->convoy_departed = calloc(s->convoy_count + 1, sizeof(eap_time));
    e->convoy_arrived = calloc(s->convoy_count + 1, sizeof(eap_time));
    size_t actions = 1;
    for (size_t i = 0; i < s->tripwire_count; i++) {
        actions += s->tripwires[i].action_count;
    }
    e->request_cap = e->airlift_cap = actions;
    e->requests = calloc(actions, sizeof(*e->requests));
    e->airlifts = calloc(actions, sizeof(*e->airlifts));
    if (!e->streams || !e->stream_ids || !e->stream_epoch || !e->parties || !e->here_storage ||
        !e->places || !e->threats || !e->assets || !e->load_storage || !e->convoys ||
        !e->checkpoint_storage || !e->route_deterrence || !e->on_scene || !e->convoy_departed ||
        !e->convoy_arrived || !e->requests || !e->airlifts || !e->share || !e->frac) {
        return false;
    }
    for (size_t i = 0; i < s->asset_count; i++) {
        e->assets[i].load_by_party = e->load_storage + i * (s->party_count + 1);
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        e->convoys[i].checkpoint_at = e->checkpoint_storage + i * mc;
    }
    return true;
}

static uint32_t hash32(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *p = a; *p; p++) {
        h = (h ^ (unsigned char)*p) * 16777619u;
    }
    h = (h ^ '/') * 16777619u;
    for (const char *p = b; *p; p++) {
        h = (h ^ (unsigned char)*p) * 16777619u;
    }
    return h;
}

/* Streams are named by what they drive, not by position: an input by its JSON path, a process
 * by its kind and the id of its entity. A variant that adds or removes an input (a paired
 * comparison, a sweep) then leaves every other input's random numbers exactly as they were. */
static void name_streams(struct eap_engine *e)
{
    static const char *const kinds[STREAM_KIND_COUNT] = {"incident", "breakdown", "checkpoint",
                                                         "desert", "threat"};
    const struct eap_scenario *s = e->scn;
    size_t per_kind = (e->stream_count - s->input_count) / STREAM_KIND_COUNT;
    for (size_t i = 0; i < s->input_count; i++) {
        e->stream_ids[i] = hash32("input", s->inputs[i].path);
    }
    for (size_t k = 0; k < STREAM_KIND_COUNT; k++) {
        for (size_t j = 0; j < per_kind; j++) {
            const char *id = "";
            if (k == STREAM_INCIDENT || k == STREAM_BREAKDOWN || k == STREAM_CHECKPOINT) {
                id = j < s->convoy_count ? s->convoys[j].id : "";
            } else if (k == STREAM_DESERT) {
                id = j < s->asset_count ? s->assets[j].id : "";
            } else {
                id = j < s->threat_count ? s->threats[j].id : "";
            }
            char name[160];
            snprintf(name, sizeof(name), "%s:%s:%zu", kinds[k], id, id[0] ? 0 : j);
            e->stream_ids[s->input_count + k * per_kind + j] = hash32("process", name);
        }
    }
}

struct eap_engine *eap_engine_create(const struct eap_scenario *scn, struct eap_error *err)
{
    struct eap_engine *e = calloc(1, sizeof(*e));
    if (!e) {
        eap_error_set(err, EAP_ENOMEM, "out of memory creating the engine");
        return NULL;
    }
    e->scn = scn;
    eap_trace_init(&e->trace);
    if (!eap_kernel_init(&e->kernel, 256, e) || !allocate_state(e) || !build_watchers(e) ||
        !build_marks(e)) {
        eap_engine_destroy(e);
        eap_error_set(err, EAP_ENOMEM, "out of memory creating the engine");
        return NULL;
    }
    name_streams(e);
    eap_engine_reset(e, 1, 0, NULL);
    return e;
}

void eap_engine_destroy(struct eap_engine *e)
{
    if (!e) {
        return;
    }
    eap_kernel_finish(&e->kernel);
    eap_trace_finish(&e->trace);
    free(e->streams);
    free(e->stream_ids);
    free(e->stream_epoch);
    free(e->watch_storage);
    free(e->mark_storage);
    free(e->first_seen);
    free(e->owners);
    free(e->parties);
    free(e->here_storage);
    free(e->places);
    free(e->threats);
    free(e->assets);
    free(e->load_storage);
    free(e->convoys);
    free(e->checkpoint_storage);
    free(e->route_deterrence);
    free(e->share);
    free(e->frac);
    free(e->on_scene);
    free(e->convoy_departed);
    free(e->convoy_arrived);
    free(e->requests);
    free(e->airlifts);
    free(e);
}

/* --- reset and run --- */

static void reset_state(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t owners = s->tripwire_count + s->threat_count;
    memset(e->owners, 0, owners * sizeof(*e->owners));
    memset(e->places, 0, s->place_count * sizeof(*e->places));
    memset(e->threats, 0, s->threat_count * sizeof(*e->threats));
    memset(e->load_storage, 0, (s->asset_count + 1) * (s->party_count + 1) * sizeof(int));
    memset(e->here_storage, 0, (s->party_count + 1) * (s->place_count + 1) * sizeof(int));
    for (size_t i = 0; i < s->party_count; i++) {
        int *here = e->here_storage + i * (s->place_count + 1);
        e->parties[i] = (struct party_state){
            .here = here, .sheltered_at = EAP_NONE, .convoy = EAP_NONE, .safe_time = -1};
        int32_t p = s->parties[i].at;
        if (s->places[p].safe) {
            /* Already safe at the start: resolved at time 0, with nothing to announce. */
            e->parties[i].safe = s->parties[i].count;
            e->parties[i].resolved = true;
            e->parties[i].safe_time = 0;
        } else {
            here[p] = s->parties[i].count;
            e->places[p].occupants_seen += s->parties[i].count;
        }
    }
    for (size_t i = 0; i < s->asset_count; i++) {
        int *load = e->assets[i].load_by_party;
        e->assets[i] = (struct asset_state){.phase = ASSET_IDLE,
                                            .at = s->assets[i].base,
                                            .route = EAP_NONE,
                                            .convoy = EAP_NONE,
                                            .airlift = EAP_NONE,
                                            .load_by_party = load};
        e->on_scene[i] = -1;
    }
    for (size_t i = 0; i < mark_count(s); i++) {
        e->first_seen[i] = -1;
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        double *cp = e->convoys[i].checkpoint_at;
        memset(&e->convoys[i], 0, sizeof(e->convoys[i]));
        e->convoys[i].checkpoint_at = cp;
        e->convoy_departed[i] = e->convoy_arrived[i] = -1;
    }
    for (size_t i = 0; i < s->route_count; i++) {
        e->route_deterrence[i] = 1.0;
    }
    e->request_count = e->airlift_count = 0;
    e->settled = 0;
    e->exposure = 0;
    e->threatened_places = 0;
    e->casualties = e->incidents = e->breakdowns = 0;
    e->breach_while_occupied = false;
}

void eap_engine_reset(struct eap_engine *e, uint64_t seed, uint64_t replication,
                      const struct eap_engine_options *opt)
{
    const struct eap_scenario *s = e->scn;
    e->seed = seed;
    e->replication = replication;
    memset(&e->opt, 0, sizeof(e->opt));
    if (opt) {
        e->opt = *opt;
    }
    if (e->opt.until <= 0 || e->opt.until > s->horizon) {
        e->opt.until = s->horizon;
    }
    e->done = e->oom = false;
    eap_kernel_reset(&e->kernel);
    eap_trace_clear(&e->trace);
    reset_state(e);
    e->epoch++; /* every stream restarts on its first use in this replication */
    eap__emit(e, EAP_EV_START, EAP_NONE, EAP_NONE, EAP_NONE, 0, 0);
    eap__schedule(e, e->opt.until, EV_END, 0, 0);
    size_t owners = s->tripwire_count + s->threat_count;
    for (uint32_t o = 0; o < owners; o++) {
        const struct eap_trigger *t = owner_trigger(e, o);
        if (t->at_time) {
            e->owners[o].armed = true;
            eap__schedule(e, t->at + eap__draw_ms(e, t->delay), EV_FIRE_OWNER, o, 0);
        }
    }
}

bool eap_engine_step(struct eap_engine *e)
{
    if (e->done || e->oom) {
        return false;
    }
    e->kernel.stopped = false;
    if (!eap_kernel_step(&e->kernel)) {
        e->done = true;
    }
    return !e->done && !e->oom;
}

void eap_engine_run_until(struct eap_engine *e, eap_time t)
{
    while (!e->done && !e->oom) {
        eap_time next = eap_queue_peek_time(&e->kernel.queue);
        if (next < 0 || next > t) {
            break;
        }
        eap_engine_step(e);
    }
}

bool eap_engine_run(struct eap_engine *e, struct eap_error *err)
{
    while (eap_engine_step(e)) {
    }
    if (e->oom) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory while running the scenario");
    }
    return true;
}

const struct eap_scenario *eap_engine_scenario(const struct eap_engine *e)
{
    return e->scn;
}

eap_time eap_engine_now(const struct eap_engine *e)
{
    return e->kernel.now;
}

const struct eap_trace *eap_engine_trace(const struct eap_engine *e)
{
    return &e->trace;
}

uint64_t eap_engine_events(const struct eap_engine *e)
{
    return e->kernel.events_run;
}

/* --- metrics --- */

void eap_engine_metrics(const struct eap_engine *e, int64_t *v)
{
    const struct eap_scenario *s = e->scn;
    /* Every survivor safe: each party is resolved (its survivors safe, or none left), and
     * someone survived at all; a run in which everyone died is not "everyone safe". */
    eap_time all_safe = 0;
    bool everyone = true;
    int64_t survivors = 0;
    for (size_t i = 0; i < s->party_count; i++) {
        const struct party_state *p = &e->parties[i];
        survivors += s->parties[i].count - p->dead;
        if (!p->resolved) {
            everyone = false;
        } else if (p->resolved_time > all_safe) {
            all_safe = p->resolved_time;
        }
    }
    everyone = everyone && survivors > 0;
    eap_time deadline = s->deadline > 0 ? s->deadline : s->horizon;
    size_t k = 0;
    v[k++] = everyone ? all_safe : EAP_METRIC_MISSING;
    v[k++] = e->casualties;
    v[k++] = e->exposure;
    v[k++] = e->breach_while_occupied;
    v[k++] = everyone && all_safe <= deadline;
    v[k++] = e->incidents;
    v[k++] = e->incidents > 0;
    v[k++] = e->breakdowns;
    for (size_t i = 0; i < s->party_count; i++) {
        v[k++] = e->parties[i].safe_time >= 0 ? e->parties[i].safe_time : EAP_METRIC_MISSING;
    }
    /* On-scene times count from the scenario's reference event (e.g. the attack on the
     * compound), the same in every replication; missing when that never happens. */
    eap_time origin = s->has_origin ? e->first_seen[s->record_count] : 0;
    for (size_t i = 0; i < s->asset_count; i++) {
        bool ok = e->on_scene[i] >= 0 && origin >= 0;
        v[k++] = ok ? e->on_scene[i] - origin : EAP_METRIC_MISSING;
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        v[k++] = e->convoy_arrived[i] >= 0 ? e->convoy_arrived[i] - e->convoy_departed[i]
                                           : EAP_METRIC_MISSING;
    }
    for (size_t i = 0; i < s->record_count; i++) {
        v[k++] = e->first_seen[i] >= 0 ? e->first_seen[i] : EAP_METRIC_MISSING;
    }
}
