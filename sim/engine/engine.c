/*
 * The engine's public face: creation (the state block, the trigger watchers, the streams),
 * reset, run control, the dispatch of scheduled events to the parts, steering, decisions,
 * and the outcome metrics. The processes live in threats.c, assets.c and convoy.c, the plan
 * in plan.c, forks in fork.c.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/hash.h"
#include "engine_internal.h"

/* --- dispatch --- */

static void draw_down(struct eap_engine *e, int32_t k)
{
    const struct eap_action *a = &e->scn->actions[k];
    int32_t place = eap__party_main_place(e, a->party);
    int n = eap__move(e, a->party, loc_open(place), LOC_SAFE, a->count);
    n += eap__move(e, a->party, loc_shelter(e, place), LOC_SAFE, a->count - n);
    if (n <= 0) {
        return;
    }
    eap__emit(e, EAP_EV_DRAW_DOWN, place, a->party, EAP_NONE, n, 0);
    eap__party_check_safe(e, a->party, place);
    eap__place_check_evacuated(e, place);
}

static void end_run(struct eap_engine *e)
{
    eap__settle_exposure(e);
    eap__emit(e, EAP_EV_END, EAP_NONE, EAP_NONE, EAP_NONE, 0, 0);
    e->st.done = true;
    e->st.end_ev = EAP_NO_EVENT;
    eap_kernel_stop(&e->kernel);
}

/* Each kind of event has a handler of its own, which the kernel calls through the event's
 * fn (eap__schedule gives it): one indirect call an event, and no switch after it. A handler
 * unpacks the event and passes it on, a tail call in a release build, so an event pays for
 * no frame but that of the part that handles it. (One dispatch function with a switch had
 * every part's handlers inlined into it, and saved six registers and a 232-byte frame for
 * every event.) Debug builds check the indexes after every event. */
static EAP__ON_EVENT_A(on_fire_owner, eap__fire_owner)
static EAP__ON_EVENT_A(on_action, eap__run_action)
static EAP__ON_EVENT_A(on_decision_timeout, eap__decision_timeout)
static EAP__ON_EVENT_A(on_harm, eap__harm_due)
static EAP__ON_EVENT_A(on_draw_down, draw_down)

/* A classified-material destruction's end: the trace's event at its place. */
static void destroyed(struct eap_engine *e, int32_t place)
{
    eap__emit(e, EAP_EV_CLASSIFIED_DESTROYED, place, EAP_NONE, EAP_NONE, 0, 0);
}
static EAP__ON_EVENT_A(on_destroyed, destroyed)

static void on_end(struct eap_kernel *k, uint64_t data)
{
    (void)data;
    end_run(k->user);
    eap__handled(k->user);
}

eap_event_fn *const eap__handlers[EV_KIND_COUNT] = {
    [EV_FIRE_OWNER] = on_fire_owner,
    [EV_ACTION] = on_action,
    [EV_DECISION_TIMEOUT] = on_decision_timeout,
    [EV_ATTACK_END] = eap__on_threat_end,
    [EV_UNTENABLE] = eap__on_untenable,
    [EV_THREAT_END] = eap__on_threat_end,
    [EV_HOP] = eap__on_hop,
    [EV_HOP_RESEND] = eap__on_hop_resend,
    [EV_WITHDRAWN] = eap__on_withdrawn,
    [EV_DEPART] = eap__on_depart,
    [EV_LEG_ARRIVE] = eap__on_leg_arrive,
    [EV_LEG_DEPART] = eap__on_leg_depart,
    [EV_OFF_STATION] = eap__on_off_station,
    [EV_FORMED] = eap__on_formed,
    [EV_POI] = eap__on_poi,
    [EV_RESUME] = eap__on_resume,
    [EV_CEASEFIRE] = eap__on_ceasefire,
    [EV_DESERT] = eap__on_desert,
    [EV_DESTROYED] = on_destroyed,
    [EV_DRAW_DOWN] = on_draw_down,
    [EV_TAKEOFF] = eap__on_takeoff,
    [EV_LAND] = eap__on_land,
    [EV_RETURN] = eap__on_return,
    [EV_RETURNED] = eap__on_returned,
    [EV_HARM] = on_harm,
    [EV_WALL] = eap__on_wall,
    [EV_ESCAPE] = eap__on_escape,
    [EV_END] = on_end,
};

void eap__dispatch(struct eap_kernel *k, uint64_t data)
{
    eap__handlers[eap__ev_kind(data)](k, data);
}

/* --- creation --- */

/* Orders marks by subject (EAP_NONE first), then slot. */
static int by_mark_subject(const void *a, const void *b)
{
    const struct mark *x = a, *y = b;
    if (x->cond->subject != y->cond->subject) {
        return x->cond->subject < y->cond->subject ? -1 : 1;
    }
    return (x->slot > y->slot) - (x->slot < y->slot);
}

/* Orders watchers by subject (EAP_NONE first), then by their rank in owner order. */
static int by_watcher_subject(const void *a, const void *b)
{
    const struct watcher *x = a, *y = b;
    if (x->subject != y->subject) {
        return x->subject < y->subject ? -1 : 1;
    }
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The conditions whose first match is a metric: the record's milestones, then the origin. */
static const struct eap_condition *mark_cond(const struct eap_scenario *s, size_t i)
{
    return i < s->record_count ? &s->record[i].event : &s->origin;
}

static bool build_marks(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t n = e->mark_count = s->record_count + (s->has_origin ? 1 : 0);
    size_t counts[EAP_EV_KIND_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        counts[mark_cond(s, i)->event]++;
    }
    e->mark_storage = calloc(n + 1, sizeof(struct mark));
    e->mark_subjects = calloc(n + 1, sizeof(int32_t));
    if (!e->mark_storage || !e->mark_subjects) {
        return false;
    }
    size_t offset = 0;
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        e->marks[k].items = e->mark_storage + offset;
        e->marks[k].subjects = e->mark_subjects + offset;
        offset += counts[k];
    }
    for (size_t i = 0; i < n; i++) {
        struct mark_list *ml = &e->marks[mark_cond(s, i)->event];
        ml->items[ml->count++] = (struct mark){mark_cond(s, i), i};
    }
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        struct mark_list *ml = &e->marks[k];
        qsort(ml->items, ml->count, sizeof(*ml->items), by_mark_subject);
        for (size_t i = 0; i < ml->count; i++) {
            ml->subjects[i] = ml->items[i].cond->subject;
            ml->any += ml->subjects[i] == EAP_NONE;
        }
    }
    return true;
}

/* Each owner's trigger, in a table: the watchers and the arming look it up at every event
 * they concern. */
static const struct eap_trigger *trigger_of(const struct eap_scenario *s, uint32_t owner)
{
    if (owner < s->tripwire_count) {
        return &s->tripwires[owner].when;
    }
    owner -= (uint32_t)s->tripwire_count;
    if (owner < s->threat_count) {
        return &s->threats[owner].when;
    }
    owner -= (uint32_t)s->threat_count;
    if (owner < s->decision_count) {
        return &s->decisions[owner].when;
    }
    const struct eap_guards *g = &s->places[owner - s->decision_count].guards;
    return g->walks && g->walk_when ? g->walk_when : &eap__never;
}

static bool list_triggers(struct eap_engine *e)
{
    e->triggers = calloc(e->owner_count + 1, sizeof(*e->triggers));
    if (!e->triggers) {
        return false;
    }
    for (uint32_t o = 0; o < e->owner_count; o++) {
        e->triggers[o] = trigger_of(e->scn, o);
    }
    return true;
}

static bool waits(const struct eap_trigger *t)
{
    return !t->at_time && !t->manual;
}

/* Owners a quiet run (see reset_watching) leaves unwatched: tripwires that start disabled
 * (only an enabling change, a decision's option or steering, can wake them), and idle
 * decision points. */
static bool dormant(const struct eap_engine *e, uint32_t owner)
{
    const struct eap_scenario *s = e->scn;
    if (owner < s->tripwire_count) {
        return !s->tripwires[owner].enabled;
    }
    size_t d = owner - s->tripwire_count - s->threat_count;
    return owner >= s->tripwire_count + s->threat_count && d < s->decision_count && e->idle[d];
}

static bool on_decisions(const struct eap_condition *c)
{
    return c->event == EAP_EV_DECISION || c->event == EAP_EV_DECIDED;
}

/* A decision point is idle when its falling due is seen by nobody in an untraced run: no
 * mark or trigger waits for a decision event, its trigger draws no delay, and its default
 * option changes nothing. A quiet run that takes that option need not schedule it at all. */
static bool find_idle_decisions(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    e->idle = calloc(s->decision_count + 1, sizeof(*e->idle));
    if (!e->idle) {
        return false;
    }
    if (e->marks[EAP_EV_DECISION].count > 0 || e->marks[EAP_EV_DECIDED].count > 0) {
        return true;
    }
    for (uint32_t o = 0; o < e->owner_count; o++) {
        const struct eap_trigger *t = eap__owner_trigger(e, o);
        for (size_t c = 0; c < t->count; c++) {
            if (on_decisions(&t->all[c])) {
                return true;
            }
        }
        if (t->has_unless && on_decisions(&t->unless)) {
            return true;
        }
    }
    for (size_t d = 0; d < s->decision_count; d++) {
        const struct eap_decision *dp = &s->decisions[d];
        e->idle[d] =
            dp->when.delay == EAP_NONE && dp->options[dp->default_option].change_count == 0;
    }
    return true;
}

/* Fills one table of watch lists from storage (room for every watcher): all owners', or
 * without the dormant tripwires'. */
static void fill_watchers(struct eap_engine *e, struct watch_list *table, struct watcher *items,
                          int32_t *subjects, bool skip_dormant)
{
    size_t counts[EAP_EV_KIND_COUNT] = {0};
    for (uint32_t o = 0; o < e->owner_count; o++) {
        const struct eap_trigger *t = eap__owner_trigger(e, o);
        if (skip_dormant && dormant(e, o)) {
            continue;
        }
        for (size_t c = 0; waits(t) && c < t->count; c++) {
            counts[t->all[c].event]++;
        }
        if (t->has_unless) {
            counts[t->unless.event]++;
        }
    }
    size_t offset = 0;
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        table[k] = (struct watch_list){.items = items + offset, .subjects = subjects + offset};
        offset += counts[k];
    }
    for (uint32_t o = 0; o < e->owner_count; o++) {
        const struct eap_trigger *t = eap__owner_trigger(e, o);
        if (skip_dormant && dormant(e, o)) {
            continue;
        }
        for (size_t c = 0; waits(t) && c < t->count; c++) {
            struct watch_list *wl = &table[t->all[c].event];
            wl->items[wl->count] =
                (struct watcher){o, (uint32_t)c, t->all[c].subject, (uint32_t)wl->count};
            wl->count++;
        }
        if (t->has_unless) {
            struct watch_list *wl = &table[t->unless.event];
            wl->items[wl->count] =
                (struct watcher){o, EAP_MAX_CONDITIONS, t->unless.subject, (uint32_t)wl->count};
            wl->count++;
        }
    }
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        struct watch_list *wl = &table[k];
        qsort(wl->items, wl->count, sizeof(*wl->items), by_watcher_subject);
        for (size_t i = 0; i < wl->count; i++) {
            wl->subjects[i] = wl->items[i].subject;
            wl->any += wl->subjects[i] == EAP_NONE;
        }
    }
}

static bool build_watchers(struct eap_engine *e)
{
    size_t total = 0;
    for (uint32_t o = 0; o < e->owner_count; o++) {
        const struct eap_trigger *t = eap__owner_trigger(e, o);
        total += (waits(t) ? t->count : 0) + (t->has_unless ? 1 : 0);
    }
    if (!find_idle_decisions(e)) {
        return false;
    }
    /* Two tables: every owner's watchers, then those of a quiet run. */
    e->watch_storage = calloc(2 * (total + 1), sizeof(struct watcher));
    e->watch_subjects = calloc(2 * (total + 1), sizeof(int32_t));
    if (!e->watch_storage || !e->watch_subjects) {
        return false;
    }
    fill_watchers(e, e->watch, e->watch_storage, e->watch_subjects, false);
    fill_watchers(e, e->watch_quiet, e->watch_storage + total + 1, e->watch_subjects + total + 1,
                  true);
    e->watching = e->watch;
    /* The owners a reset schedules, in owner order. */
    e->timed = calloc(e->owner_count + 1, sizeof(*e->timed));
    if (!e->timed) {
        return false;
    }
    for (uint32_t o = 0; o < e->owner_count; o++) {
        if (eap__owner_trigger(e, o)->at_time) {
            e->timed[e->timed_count++] = o;
        }
    }
    eap__waited_subjects(e, e->watch, e->waited[0]);
    eap__waited_subjects(e, e->watch_quiet, e->waited[1]);
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        e->waited[2][k] = UINT64_MAX; /* a trace records every event */
    }
    return true;
}

/* The span of the subject index of a list sorted by subject from `any` on. */
static uint32_t subject_span(const int32_t *subjects, size_t any, size_t count)
{
    return count > any ? (uint32_t)subjects[count - 1] + 1 : 0;
}

/* Fills the subject index of a list at *room, and moves *room past it. */
static struct subject_index index_subjects(const int32_t *subjects, size_t any, size_t count,
                                           uint32_t **room)
{
    struct subject_index ix = {*room, subject_span(subjects, any, count)};
    size_t i = any;
    for (uint32_t s = 0; s <= ix.span; s++) {
        while (i < count && (uint32_t)subjects[i] < s) {
            i++;
        }
        ix.at[s] = (uint32_t)i;
    }
    *room += ix.span + 1;
    return ix;
}

/* Indexes the marks and both tables of watchers by subject, in one allocation: a table per
 * event kind, as long as the highest subject any of its entries names. */
static bool index_by_subject(struct eap_engine *e)
{
    size_t total = 0;
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        const struct mark_list *ml = &e->marks[k];
        const struct watch_list *w = &e->watch[k], *q = &e->watch_quiet[k];
        total += subject_span(ml->subjects, ml->any, ml->count) +
                 subject_span(w->subjects, w->any, w->count) +
                 subject_span(q->subjects, q->any, q->count) + 3;
    }
    uint32_t *room = e->subject_at = calloc(total, sizeof(*e->subject_at));
    if (!room) {
        return false;
    }
    for (size_t k = 0; k < EAP_EV_KIND_COUNT; k++) {
        struct mark_list *ml = &e->marks[k];
        struct watch_list *w = &e->watch[k], *q = &e->watch_quiet[k];
        ml->by_subject = index_subjects(ml->subjects, ml->any, ml->count, &room);
        w->by_subject = index_subjects(w->subjects, w->any, w->count, &room);
        q->by_subject = index_subjects(q->subjects, q->any, q->count, &room);
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

/* Reserves n elements of `size` bytes in the block, aligned for any type. */
static size_t reserve(size_t *used, size_t n, size_t size)
{
    size_t at = *used;
    *used += ((n + 1) * size + 15) & ~(size_t)15;
    return at;
}

static void plan_block(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    struct block_layout *L = &e->lay;
    size_t u = 0, P = s->party_count, Q = s->place_count, A = s->asset_count;
    size_t C = s->convoy_count;
    L->checkpoint_stride = max_checkpoints(s) + 1;
    /* First what every run starts with (a reset copies it from the pristine image)... */
    L->parties = reserve(&u, P, sizeof(struct party_state));
    L->clocks = reserve(&u, e->loc_hazards, sizeof(struct hazard_clock));
    L->places = reserve(&u, Q, sizeof(struct place_state));
    L->threats = reserve(&u, s->threat_count, sizeof(struct threat_state));
    L->convoys = reserve(&u, C, sizeof(struct convoy_state));
    L->owners = reserve(&u, e->owner_count, sizeof(struct owner_state));
    L->actions = reserve(&u, s->action_count, sizeof(struct action_state));
    L->decisions = reserve(&u, s->decision_count, sizeof(struct decision_state));
    L->input_mode = reserve(&u, s->input_count, sizeof(uint8_t));
    L->hop_tries = reserve(&u, e->request_cap * s->chain.hop_count, sizeof(uint8_t));
    L->assets = reserve(&u, A, sizeof(struct asset_state));
    L->first_seen = reserve(&u, e->mark_count, sizeof(eap_time));
    L->on_scene = reserve(&u, A, sizeof(eap_time));
    L->convoy_departed = reserve(&u, C, sizeof(eap_time));
    L->convoy_arrived = reserve(&u, C, sizeof(eap_time));
    L->route_deterrence = reserve(&u, s->route_count, sizeof(double));
    L->pristine = u;
    /* ...then what the run writes before it reads (but each party's first run, which the
     * image holds too: a party of 158 has room for 158 runs, and starts with one). */
    L->runs = reserve(&u, e->person_count, sizeof(struct run));
    L->thr = reserve(&u, e->person_count, sizeof(double));
    L->checkpoints = reserve(&u, C * L->checkpoint_stride, sizeof(double));
    L->hop_delays = reserve(&u, e->request_cap * s->chain.hop_count, sizeof(eap_time));
    L->airlifts = reserve(&u, e->request_cap, sizeof(int32_t));
    L->input_value = reserve(&u, s->input_count, sizeof(double));
    L->input_from = reserve(&u, s->input_count, sizeof(int32_t));
    L->streams = reserve(&u, e->stream_count, sizeof(struct stream));
    L->size = u;
}

static bool allocate_state(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    size_t most = s->party_count + s->asset_count + s->convoy_count + s->route_count +
                  s->threat_count + s->place_count + s->action_count + s->chain.hop_count + 1;
    e->stream_count = s->input_count + STREAM_KIND_COUNT * most;
    e->request_cap = s->action_count + 1; /* one request or airlift order per action */
    e->loc_hazards = 2 * s->place_count + s->convoy_count;
    e->party_first = calloc(s->party_count + 1, sizeof(size_t));
    if (!e->party_first) {
        return false;
    }
    for (size_t i = 0; i < s->party_count; i++) {
        e->party_first[i] = e->person_count;
        e->person_count += (size_t)s->parties[i].count;
    }
    plan_block(e);
    e->block = calloc(1, e->lay.size);
    e->share = calloc(s->party_count + 1, sizeof(int));
    e->frac = calloc(s->party_count + 1, sizeof(double));
    if (!e->block || !e->share || !e->frac) {
        return false;
    }
    const struct block_layout *L = &e->lay;
    unsigned char *b = e->block;
    e->parties = (void *)(b + L->parties);
    e->runs = (void *)(b + L->runs);
    e->thr = (void *)(b + L->thr);
    e->clocks = (void *)(b + L->clocks);
    e->places = (void *)(b + L->places);
    e->threats = (void *)(b + L->threats);
    e->assets = (void *)(b + L->assets);
    e->convoys = (void *)(b + L->convoys);
    e->checkpoints = (void *)(b + L->checkpoints);
    e->hop_tries = (void *)(b + L->hop_tries);
    e->hop_delays = (void *)(b + L->hop_delays);
    e->airlifts = (void *)(b + L->airlifts);
    e->owners = (void *)(b + L->owners);
    e->actions = (void *)(b + L->actions);
    e->decisions = (void *)(b + L->decisions);
    e->first_seen = (void *)(b + L->first_seen);
    e->on_scene = (void *)(b + L->on_scene);
    e->convoy_departed = (void *)(b + L->convoy_departed);
    e->convoy_arrived = (void *)(b + L->convoy_arrived);
    e->route_deterrence = (void *)(b + L->route_deterrence);
    e->input_mode = (void *)(b + L->input_mode);
    e->input_value = (void *)(b + L->input_value);
    e->input_from = (void *)(b + L->input_from);
    e->streams = (void *)(b + L->streams);
    return true;
}

/* The state every run starts from: the same for every replication, so it is built once, at
 * creation, and kept (keep_pristine). */
static void start_state(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    memset(e->block, 0, e->lay.pristine);
    for (size_t q = 0; q < s->place_count; q++) {
        struct place_state *ps = &e->places[q];
        ps->cover = ps->guard_share = NAN;
        ps->guards_here = s->places[q].guards.present;
        ps->perimeter.hold = ps->safe_room.hold = -1;
        ps->smoke = EAP_NONE;
    }
    eap__people_reset(e);
    for (size_t i = 0; i < s->asset_count; i++) {
        e->assets[i] = (struct asset_state){.phase = ASSET_IDLE,
                                            .at = s->assets[i].base,
                                            .route = EAP_NONE,
                                            .convoy = EAP_NONE,
                                            .airlift = EAP_NONE};
        e->on_scene[i] = -1;
    }
    for (size_t i = 0; i < e->mark_count; i++) {
        e->first_seen[i] = -1;
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        e->convoy_departed[i] = e->convoy_arrived[i] = -1;
    }
    for (size_t i = 0; i < s->route_count; i++) {
        e->route_deterrence[i] = 1.0;
    }
    for (size_t i = 0; i < s->decision_count; i++) {
        e->decisions[i].option = EAP_NONE;
    }
    for (size_t i = 0; i < s->tripwire_count; i++) {
        e->owners[i].disabled = !s->tripwires[i].enabled;
    }
}

/* The first run of party p (people.c's runs_of), or NULL for a party of nobody, which has
 * none: a party with members starts with one. */
static struct run *first_run(const struct eap_engine *e, size_t p)
{
    return e->scn->parties[p].count > 0 ? &e->runs[e->party_first[p]] : NULL;
}

/* Builds the state a run starts from and keeps an image of it: the block up to
 * lay.pristine, and each party's first run. Debug builds check that the start writes
 * nothing else, so that the image is the whole of it. */
static bool keep_pristine(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    e->pristine = malloc(e->lay.pristine);
    e->first_runs = calloc(s->party_count + 1, sizeof(*e->first_runs));
    if (!e->pristine || !e->first_runs) {
        return false;
    }
#ifndef NDEBUG
    memset(e->block, 0xA5, e->lay.size);
#endif
    start_state(e);
    memcpy(e->pristine, e->block, e->lay.pristine);
    for (size_t p = 0; p < s->party_count; p++) {
        if (first_run(e, p)) {
            e->first_runs[p] = *first_run(e, p);
        }
    }
#ifndef NDEBUG
    for (size_t p = 0; p < s->party_count; p++) {
        if (first_run(e, p)) {
            memset(first_run(e, p), 0xA5, sizeof(struct run));
        }
    }
    for (size_t i = e->lay.pristine; i < e->lay.size; i++) {
        assert(e->block[i] == 0xA5);
    }
    memset(e->block, 0, e->lay.size);
#endif
    return true;
}

/* Streams are named by what they drive, not by position: an input by its JSON path, a process
 * by its kind and the id of its entity. A variant that adds or removes an input (a paired
 * comparison, a sweep) then leaves every other input's random numbers exactly as they were. */
static void name_streams(struct eap_engine *e)
{
    static const char *const kinds[STREAM_KIND_COUNT] = {"incident", "breakdown", "checkpoint",
                                                         "desert",   "threat",    "harm",
                                                         "guards",   "request",   "hop"};
    const struct eap_scenario *s = e->scn;
    size_t per_kind = (e->stream_count - s->input_count) / STREAM_KIND_COUNT;
    for (size_t k = 0; k < STREAM_KIND_COUNT; k++) {
        e->process_first[k] = s->input_count + k * per_kind;
    }
    for (size_t i = 0; i < s->input_count; i++) {
        int32_t own = s->inputs[i].stream_of == EAP_NONE ? (int32_t)i : s->inputs[i].stream_of;
        e->streams[i].id = eap_fnv1a32_pair("input", s->inputs[own].path);
    }
    for (size_t k = 0; k < STREAM_KIND_COUNT; k++) {
        for (size_t j = 0; j < per_kind; j++) {
            const char *id = "";
            if (k == STREAM_INCIDENT || k == STREAM_BREAKDOWN || k == STREAM_CHECKPOINT) {
                id = j < s->convoy_count ? s->convoys[j].id : "";
            } else if (k == STREAM_DESERT) {
                id = j < s->asset_count ? s->assets[j].id : "";
            } else if (k == STREAM_THREAT) {
                id = j < s->threat_count ? s->threats[j].id : "";
            } else if (k == STREAM_HARM) {
                id = j < s->party_count ? s->parties[j].id : "";
            } else if (k == STREAM_GUARDS) {
                id = j < s->place_count ? s->places[j].id : "";
            } else if (k == STREAM_HOP) {
                id = j < s->chain.hop_count ? s->chain.hops[j].id : "";
            } else {
                id = j < s->action_count ? s->actions[j].id : "";
            }
            char name[160];
            snprintf(name, sizeof(name), "%s:%s:%zu", kinds[k], id, id[0] ? 0 : j);
            e->streams[e->process_first[k] + j].id = eap_fnv1a32_pair("process", name);
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
    e->owner_count =
        scn->tripwire_count + scn->threat_count + scn->decision_count + scn->place_count;
    if (!eap_kernel_init(&e->kernel, 256, e) || !build_marks(e) || !allocate_state(e) ||
        !list_triggers(e) || !build_watchers(e) || !index_by_subject(e) ||
        !eap__assets_prepare(e) || !eap__index_build(e) || !keep_pristine(e)) {
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
    free(e->block);
    free(e->pristine);
    free(e->first_runs);
    free(e->triggers);
    free(e->watch_storage);
    free(e->timed);
    free(e->idle);
    free(e->watch_subjects);
    free(e->mark_storage);
    free(e->mark_subjects);
    free(e->subject_at);
    free(e->share);
    free(e->frac);
    free(e->tracked);
    free(e->party_first);
    free(e->leg_m);
    free(e->leg_first);
    free(e->home_m);
    free(e->lift_m);
    eap__index_finish(e);
    free(e);
}

/* --- reset --- */

/* Inputs held at a value by the options (a sensitivity study's p10 or p90). */
static void fix_inputs(struct eap_engine *e)
{
    const double *fixed = e->opt.fixed_inputs;
    for (size_t i = 0; fixed && i < e->scn->input_count; i++) {
        if (!isnan(fixed[i])) {
            eap__set_input(e, (int32_t)i, fixed[i]);
        }
    }
}

static void reset_state(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    /* The rest is written before it is read; the streams restart on first use (their epoch
     * moves on). */
    memcpy(e->block, e->pristine, e->lay.pristine);
    for (size_t p = 0; p < s->party_count; p++) {
        struct run *r = first_run(e, p);
        if (r) {
            *r = e->first_runs[p];
        }
    }
    uint64_t epoch = e->st.epoch + 1;
    e->st = (struct run_state){.seed = e->st.seed,
                               .replication = e->st.replication,
                               .epoch = epoch,
                               .horizon = s->horizon,
                               .pending_decision = EAP_NONE,
                               .moa = s->chain.moa};
    fix_inputs(e);
}

/* Whether the option a decision point takes in an unattended run keeps a run quiet: it
 * enables no tripwire, and an idle decision point's changes nothing (it is not scheduled). */
static bool choice_keeps_quiet(const struct eap_engine *e, size_t d)
{
    const struct eap_decision *dp = &e->scn->decisions[d];
    int32_t o = e->opt.choices ? e->opt.choices[d] : EAP_NONE;
    const struct eap_option *opt = &dp->options[o != EAP_NONE ? o : dp->default_option];
    if (e->idle[d] && opt->change_count > 0) {
        return false;
    }
    for (size_t k = 0; k < opt->change_count; k++) {
        if (opt->changes[k].kind == EAP_CHANGE_ENABLE) {
            return false;
        }
    }
    return true;
}

/* A run is quiet when nobody steers it (the options promise it; a tracked run may be forked
 * and steered) and the options its decision points take enable no tripwire and leave the
 * idle ones idle. The tripwires that start disabled then never fire, and what they have seen
 * matters to nobody, so their watchers (main's scenarios have several, for the exercises'
 * decisions) are skipped; the idle decision points are neither watched nor scheduled. */
static void reset_watching(struct eap_engine *e)
{
    bool quiet = e->opt.unsteered && !e->opt.interactive && !e->opt.track;
    for (size_t d = 0; quiet && d < e->scn->decision_count; d++) {
        quiet = choice_keeps_quiet(e, d);
    }
    e->st.quiet = quiet;
    e->watching = quiet ? e->watch_quiet : e->watch;
    eap__listen(e);
}

void eap_engine_reset(struct eap_engine *e, uint64_t seed, uint64_t replication,
                      const struct eap_engine_options *opt)
{
    memset(&e->opt, 0, sizeof(e->opt));
    if (opt) {
        e->opt = *opt;
    }
    e->st.seed = seed;
    e->st.replication = replication;
    eap_kernel_reset(&e->kernel);
    eap_trace_clear(&e->trace);
    e->tracked_count = 0;
    reset_state(e);
    reset_watching(e);
    eap__emit(e, EAP_EV_START, EAP_NONE, EAP_NONE, EAP_NONE, 0, 0);
    e->st.end_ev = eap__schedule(e, e->st.horizon, EV_END, 0, 0);
    for (size_t i = 0; i < e->timed_count; i++) {
        uint32_t o = e->timed[i];
        const struct eap_trigger *t = eap__owner_trigger(e, o);
        if (!e->owners[o].disabled && !(e->st.quiet && dormant(e, o))) {
            struct lag lag = eap__lag_linear(t->delay, (double)t->at, 1);
            e->owners[o].armed = true;
            e->owners[o].ev =
                eap__schedule_lag(e, t->at + eap__draw_ms(e, t->delay), &lag, EV_FIRE_OWNER, o, 0);
        }
    }
}

/* --- run control --- */

static enum eap_run_status failed(struct eap_error *err)
{
    eap_error_set(err, EAP_ENOMEM, "out of memory while running the scenario");
    return EAP_RUN_FAILED;
}

enum eap_run_status eap_engine_run_until(struct eap_engine *e, eap_time t, struct eap_error *err)
{
    if (e->st.oom) {
        return failed(err);
    }
    if (t == EAP_TIME_MAX && !e->st.done) {
        /* To the end: the kernel's own loop, which the end event, a decision point or a
         * failure stops (the end event is pending until the run ends). */
        eap_kernel_run(&e->kernel);
        return e->st.oom ? failed(err) : e->st.done ? EAP_RUN_ENDED : EAP_RUN_DECISION;
    }
    eap_kernel_clear_stop(&e->kernel);
    while (!e->st.done) {
        eap_time next = eap_queue_peek_time(&e->kernel.queue);
        if (next < 0 || next > t) {
            e->kernel.now = t > e->kernel.now ? t : e->kernel.now;
            return EAP_RUN_REACHED;
        }
        eap_kernel_step(&e->kernel);
        if (e->st.oom) {
            return failed(err);
        }
        if (e->kernel.stopped && !e->st.done) {
            return EAP_RUN_DECISION; /* only a decision point stops the kernel mid-run */
        }
    }
    return EAP_RUN_ENDED;
}

bool eap_engine_run(struct eap_engine *e, struct eap_error *err)
{
    return eap_engine_run_until(e, EAP_TIME_MAX, err) != EAP_RUN_FAILED;
}

bool eap_engine_ended(const struct eap_engine *e)
{
    return e->st.done;
}

eap_time eap_engine_horizon(const struct eap_engine *e)
{
    return e->st.horizon;
}

bool eap_engine_set_horizon(struct eap_engine *e, eap_time t)
{
    if (e->st.done || t <= e->kernel.now || t > EAP_TIME_MAX) {
        return false;
    }
    eap_kernel_cancel(&e->kernel, e->st.end_ev);
    e->st.horizon = t;
    e->st.end_ev = eap__schedule(e, t - e->kernel.now, EV_END, 0, 0);
    return true;
}

/* --- steering --- */

void eap_engine_set_input(struct eap_engine *e, int32_t input, double value)
{
    eap__set_input(e, input, value);
}

void eap_engine_set_input_from(struct eap_engine *e, int32_t input, int32_t from)
{
    eap__set_input_from(e, input, from);
}

void eap_engine_set_moa(struct eap_engine *e, bool moa)
{
    e->st.moa = moa;
}

static bool refuse(struct eap_error *err, const char *what, const char *id, const char *why)
{
    return eap_error_set(err, EAP_EINPUT, "%s \"%s\" %s", what, id, why);
}

bool eap_engine_start_action(struct eap_engine *e, int32_t k, struct eap_error *err)
{
    return eap__start_action(e, k) ||
           refuse(err, "action", e->scn->actions[k].id, "cannot start: it has already run");
}

bool eap_engine_cancel_action(struct eap_engine *e, int32_t k, struct eap_error *err)
{
    return eap__cancel_action(e, k) ||
           refuse(err, "action", e->scn->actions[k].id, "cannot be cancelled: it has run");
}

bool eap_engine_delay_action(struct eap_engine *e, int32_t k, eap_time delay, struct eap_error *err)
{
    return eap__delay_action(e, k, delay) ||
           refuse(err, "action", e->scn->actions[k].id,
                  "cannot be delayed: it has run or was cancelled");
}

bool eap_engine_enable_tripwire(struct eap_engine *e, int32_t i, struct eap_error *err)
{
    return eap__enable_tripwire(e, i) ||
           refuse(err, "tripwire", e->scn->tripwires[i].id, "has fired already");
}

bool eap_engine_disarm_tripwire(struct eap_engine *e, int32_t i, struct eap_error *err)
{
    return eap__disarm_tripwire(e, i) ||
           refuse(err, "tripwire", e->scn->tripwires[i].id, "has fired already");
}

bool eap_engine_fire_tripwire(struct eap_engine *e, int32_t i, struct eap_error *err)
{
    return eap__fire_tripwire(e, i) ||
           refuse(err, "tripwire", e->scn->tripwires[i].id, "has fired already");
}

int32_t eap_engine_pending_decision(const struct eap_engine *e)
{
    return e->st.pending_decision;
}

bool eap_engine_decision_due(const struct eap_engine *e, int32_t d)
{
    return e->decisions[d].due;
}

int32_t eap_engine_decision_taken(const struct eap_engine *e, int32_t d)
{
    return e->decisions[d].option;
}

bool eap_engine_decide(struct eap_engine *e, int32_t d, int32_t option, struct eap_error *err)
{
    const struct eap_decision *dp = &e->scn->decisions[d];
    if (!e->decisions[d].due) {
        return refuse(err, "decision point", dp->id, "is not due yet");
    }
    if (e->decisions[d].option != EAP_NONE) {
        return refuse(err, "decision point", dp->id, "has been decided already");
    }
    if (option < 0 || (size_t)option >= dp->option_count) {
        return eap_error_set(err, EAP_EINPUT, "decision point \"%s\" has %zu options, not %d",
                             dp->id, dp->option_count, option + 1);
    }
    eap__decide(e, d, option, false);
    return true;
}

/* --- forks --- */

struct eap_engine *eap_engine_snapshot(const struct eap_engine *e, struct eap_error *err)
{
    struct eap_engine *s = eap_engine_create(e->scn, err);
    if (s && !eap__copy_state(s, e, true)) {
        eap_engine_destroy(s);
        eap_error_set(err, EAP_ENOMEM, "out of memory taking a snapshot of the run");
        return NULL;
    }
    return s;
}

bool eap_engine_branch(struct eap_engine *e, const struct eap_engine *from, uint64_t seed,
                       uint64_t replication, const struct eap_engine_options *opt,
                       struct eap_error *err)
{
    assert(!from->st.quiet); /* a quiet run has not watched every tripwire */
    if (!eap__copy_state(e, from, !(opt && opt->untraced))) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory branching the run");
    }
    memset(&e->opt, 0, sizeof(e->opt));
    if (opt) {
        e->opt = *opt;
    }
    eap__listen(e);
    e->st.seed = seed;
    e->st.replication = replication;
    e->st.epoch = from->st.epoch + 1; /* every stream starts afresh on the branch's numbers */
    fix_inputs(e);
    eap__redraw_under_way(e);
    /* Decisions the history left open (it stopped at one, or went on while people
     * deliberated) are taken now, as the branch's options say, unless the branch itself asks
     * people. */
    for (size_t d = 0; !e->opt.interactive && d < e->scn->decision_count; d++) {
        if (e->decisions[d].due && e->decisions[d].option == EAP_NONE) {
            int32_t o = e->opt.choices ? e->opt.choices[d] : EAP_NONE;
            eap__decide(e, (int32_t)d, o != EAP_NONE ? o : e->scn->decisions[d].default_option,
                        false);
        }
    }
    if (e->st.oom) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory branching the run");
    }
    return true;
}

/* --- reading --- */

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

/* Every survivor safe: each party is resolved (its survivors safe, or none left), and
 * someone survived at all; a run in which everyone died is not "everyone safe". Returns the
 * time, or -1. */
static eap_time all_safe_time(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    eap_time all_safe = 0;
    int64_t survivors = 0;
    for (size_t i = 0; i < s->party_count; i++) {
        const struct party_state *p = &e->parties[i];
        survivors += s->parties[i].count - p->dead;
        if (!p->resolved) {
            return -1;
        }
        all_safe = p->resolved_time > all_safe ? p->resolved_time : all_safe;
    }
    return survivors > 0 ? all_safe : -1;
}

void eap_engine_metrics(const struct eap_engine *e, int64_t *v)
{
    const struct eap_scenario *s = e->scn;
    eap_time all_safe = all_safe_time(e);
    eap_time deadline = s->deadline > 0 ? s->deadline : s->horizon;
    /* A paused run: the exposure so far runs up to now. */
    int64_t exposure = e->st.exposure + eap__people_exposed(e) * (e->kernel.now - e->st.settled);
    size_t k = 0;
    v[k++] = all_safe >= 0 ? all_safe : EAP_METRIC_MISSING;
    v[k++] = e->st.casualties;
    v[k++] = exposure;
    v[k++] = e->st.breach_while_occupied;
    v[k++] = e->st.breach_before_help;
    v[k++] = all_safe >= 0 && all_safe <= deadline;
    v[k++] = e->st.incidents;
    v[k++] = e->st.incidents > 0;
    v[k++] = e->st.breakdowns;
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
