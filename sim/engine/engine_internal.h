/*
 * Private to the engine: its state and the functions its files share. The files call each
 * other one way, from the top down:
 *
 *   engine.c   public API: create, reset, run control, dispatch, steering, metrics
 *   fork.c     snapshots and branches: conditional redraws of what is under way
 *   plan.c     tripwires, actions, decision points and their changes
 *   convoy.c   forming, departing, moving along segments, checkpoints, incidents, breakdowns
 *   assets.c   the request chain, tasking, transit, time on station, airlift
 *   threats.c  attacks and their walls, arson, indirect fire, guards: the hazard at places
 *   people.c   people one by one: where they are, the harm they take from the hazard where
 *              they are, when they are safe; exposure
 *   base.c     what every part uses: scheduling, draws and streams, the trace and the
 *              trigger watchers
 *   index.c    built at creation: who an event at a place, convoy or route can concern
 *
 * A file calls only files below it (convoy.c may call assets.c and threats.c, never plan.c);
 * tests/check_layers.py holds that. Parts learn of each other's state by reading it, which
 * this header shares.
 *
 * The mutable state of a run lives in one block of memory with no pointers inside (entities
 * refer to each other by index), sized from the scenario when the engine is created: a reset
 * copies back the state every run starts from (built once, at creation), a snapshot copies
 * the block with one memcpy, and nothing is allocated per replication or per event once the
 * kernel and the trace have grown. The block grows linearly with the scenario (no
 * party-by-place tables), and no handler walks every entity of a kind: the
 * indexes name the few an event can concern, so an event costs the same in a scenario 64
 * times larger (tests/bench_growth.c).
 */
#ifndef EAPSIM_ENGINE_INTERNAL_H
#define EAPSIM_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "eapsim/engine.h"
#include "eapsim/kernel.h"
#include "eapsim/rng.h"

/* --- what waits for the trace --- */

/* Who waits for a trace event: a tripwire, a threat or a decision point (owners, numbered in
 * that order), and which of its conditions. */
struct watcher {
    uint32_t owner;
    uint32_t cond;   /* EAP_MAX_CONDITIONS: a fallback's `unless` event */
    int32_t subject; /* the condition's subject, EAP_NONE: any */
    uint32_t pos;    /* its rank in owner order among the watchers of its event kind */
};

/* Where the entries of each subject lie in a list sorted by subject from its `any` on: those
 * of subject s are [at[s], at[s + 1]) for 0 <= s < span, and no other subject has any. Built
 * at creation, so an event finds its subject's entries with one lookup. */
struct subject_index {
    uint32_t *at; /* span + 1 entries */
    uint32_t span;
};

/* The watchers of one event kind: first those waiting for any subject, then the others by
 * subject, each group in owner order. An event looks only at the first group and at its own
 * subject's, and wakes them in owner order. */
struct watch_list {
    struct watcher *items;
    int32_t *subjects; /* the items' subjects (creation builds by_subject from them) */
    size_t count, any; /* items[0 .. any) wait for any subject */
    struct subject_index by_subject;
};

/* A condition whose first match the metrics need: a milestone of the record, or the
 * on-scene origin. slot indexes first_seen. */
struct mark {
    const struct eap_condition *cond;
    size_t slot;
};

/* The marks of one event kind, ordered as watchers are (those for any subject first, then by
 * subject). */
struct mark_list {
    struct mark *items;
    int32_t *subjects;
    size_t count, any;
    struct subject_index by_subject;
};

/* A fixed list per entity, built at creation (index.c): the entries of entity g are
 * items[first[g] .. first[g + 1]), ascending. */
struct eap_index {
    size_t *first;
    int32_t *items;
};

#define INDEX_FOR(i, ix, g) for (size_t i = (ix)->first[g]; i < (ix)->first[(g) + 1]; i++)

/* --- state: everything below lives in the state block --- */

struct owner_state {
    uint32_t met;     /* bit per condition */
    bool unless_seen; /* a fallback's `unless` event has happened: it will not fire */
    bool armed;       /* all conditions met, firing scheduled */
    bool fired;
    bool disabled; /* a tripwire not enabled (yet), or disarmed */
    eap_handle ev; /* the scheduled firing */
};

enum action_status { ACTION_IDLE, ACTION_PENDING, ACTION_RAN, ACTION_CANCELLED };

struct action_state {
    uint8_t status;
    eap_time extra_delay; /* added when it is scheduled (a decision delayed it in advance) */
    eap_time due;         /* when pending: when it runs */
    eap_handle ev;
};

struct decision_state {
    bool due;
    int32_t option; /* taken, or EAP_NONE */
    eap_handle timeout;
};

/* People are followed one by one (people.c): each is somewhere (a location below), carries
 * the hazard taken so far, and has a threshold drawn on first need; harm past the threshold
 * kills. The head counts (a party's safe and dead, everyone at a place or in a convoy) are
 * kept in step with the people's locations; a party's members at a location are counted
 * from its runs (eap__party_at). */
enum {
    LOC_SAFE = -1,
    LOC_DEAD = -2,
};

/* Locations: the open part of a place q is q; its shelter (the safe room) is Q + q; convoy
 * c is 2Q + c; aboard asset a is 2Q + C + a. The first 2Q + C carry a hazard clock.
 *
 * Members of a party who went through the same things share a location, a claim and a base,
 * so a party is kept as runs: consecutive members (numbered within the party) alike in all
 * of these. A party of 158 that stays together is one run, and moving it is one step, not
 * 158; each member still has a threshold of his own, drawn when his run first meets a hazard.
 * Moves take the lowest numbers first and split a run where the count runs out; a death
 * splits one member off. Neighbouring runs that become alike are joined again, so a party
 * never has more runs than members. */
struct run {
    int32_t first, len; /* members first .. first + len - 1 of the party */
    int32_t loc;
    int32_t claim; /* the convoy loading them, or EAP_NONE */
    double base;   /* hazard taken = base + the clock of the location (0 outside hazard ones) */
    bool drawn;    /* their thresholds are in the engine's thr (else not drawn yet) */
    double least;  /* drawn: the least of their thresholds, or NAN until worked out again */
};

/* The hazard clock of a location: the hazard per person accumulated there since the start,
 * rising at `rate` (per ms) since t0; the next death is scheduled from it. */
struct hazard_clock {
    double rate, c0;
    eap_time t0;
    int32_t source; /* the threat doing most of the harm now, or EAP_NONE */
    eap_handle ev;
};

struct party_state {
    int safe, dead;
    int runs;               /* runs in use (struct run) */
    bool resolved;          /* everyone alive is safe, or nobody is left alive */
    eap_time safe_time;     /* when its last survivor became safe, or -1 */
    eap_time resolved_time; /* when it was resolved (safe, or nobody left alive) */
};

/* The walls of a place under attack (threats.c): the perimeter, then the safe room, each
 * holding until the attackers' force-time (force over the reference force, integrated over
 * time) reaches its hold; attacks that overlap add their forces. */
struct wall_state {
    double hold;   /* ms at the reference force; < 0: not drawn yet */
    double worn;   /* force-time so far (ms at the reference force) */
    double rate;   /* force-time per ms now */
    eap_time at;   /* worn is accounted up to here */
    eap_handle ev; /* when it falls at this rate */
};

struct place_state {
    int active_threats;
    int people;         /* everyone there (open or sheltered), of every party */
    int occupants_seen; /* most people ever there: "evacuated" needs someone to have left */
    bool breached, safe_room_breached, untenable, evacuated;
    bool helped; /* a responder has been on scene */
    bool guards_here;
    double cover;       /* drawn on first need; NAN before */
    double guard_share; /* the guards' suppression, drawn on first need; NAN before */
    struct wall_state perimeter, safe_room;
    int32_t smoke; /* the fire whose smoke fills the shelter, or EAP_NONE */
    eap_handle escape_ev;
};

struct threat_state {
    bool started, active;
    bool settled, happens; /* a fork has settled whether a threat with a chance happens */
    double force;
    double lethality, smoke; /* drawn when it starts (per ms) */
    double exposed;          /* indirect fire: the share in the open, drawn when it starts */
    eap_handle end_ev, untenable_ev;
};

enum asset_phase {
    ASSET_IDLE,
    ASSET_TASKED,
    ASSET_TRANSIT,
    ASSET_HOLD,
    ASSET_ON_STATION,
    ASSET_OFF,
    ASSET_ESCORTING,
    ASSET_FLYING
};

struct asset_state {
    enum asset_phase phase;
    int32_t at;     /* place it is at (on station, holding, or with its convoy), or NONE */
    int32_t route;  /* route it covers when on station over one */
    int32_t convoy; /* convoy it escorts */
    eap_time departed;
    eap_time transit_out; /* duration of the outbound trip, for endurance */
    /* airlift; the people aboard are at location loc_aboard() */
    int32_t airlift; /* airlift order it serves, or NONE */
    bool busy;
    int load;
};

enum convoy_phase {
    CONVOY_IDLE,
    CONVOY_FORMING,
    CONVOY_FORMED,
    CONVOY_MOVING,
    CONVOY_STOPPED,
    CONVOY_ARRIVED
};

enum poi_kind { POI_CHECKPOINT, POI_INCIDENT, POI_BREAKDOWN, POI_SEGMENT_END };

/* convoy_checkpoints() holds the route metres of the current segment's checkpoints. */
struct convoy_state {
    enum convoy_phase phase;
    bool depart_when_formed;
    size_t seg;                           /* segment under way */
    double seg_start;                     /* route metres where it began */
    double seg_len;                       /* drawn length of the segment (m) */
    double pos;                           /* route metres at the last point of interest */
    eap_time pos_time;                    /* when it was there */
    double speed;                         /* m/s on this segment */
    double top_speed;                     /* slowest vehicle's top speed (m/s), or +inf */
    double next_incident, next_breakdown; /* route metres of the next candidates */
    size_t next_checkpoint;
    size_t recorded_incident;
    enum poi_kind poi;
    double poi_pos;
    eap_handle poi_ev;
    bool ambushed;          /* stopped by an incident: the people aboard are under fire */
    uint32_t incident_no;   /* incidents it has met (to match a ceasefire to its incident) */
    double protection;      /* share of fire its vehicles stop (count-weighted) */
    int32_t breakdown_type; /* vehicle type of the next breakdown */
    double breakdown_rate;  /* per metre, all vehicles */
    bool passed_safe;       /* it has reached a safe place (a border): its people are safe */
    bool exposed;           /* eap__convoy_exposed(), as last seen by eap__convoy_exposure() */
    int people;             /* everyone aboard, of every party */
};

enum input_mode { INPUT_SCENARIO, INPUT_VALUE, INPUT_FROM };

/* The scalars of a run (the arrays are in the block). */
struct run_state {
    uint64_t seed, replication;
    uint64_t epoch;         /* bumped by every reset and branch: streams restart on first use */
    uint64_t key_epoch;     /* the epoch key was made in (base.c's replication_key) */
    struct eap_rng_key key; /* the replication's key, made on first use in a run */
    bool done, oom;
    eap_time horizon;
    eap_handle end_ev;
    int32_t pending_decision;
    bool moa;
    bool steered;     /* some input has a value or a distribution set by steering */
    bool quiet;       /* an unsteered run whose decisions enable no tripwire and leave the idle
                         ones idle: the disabled tripwires and idle decisions are not watched */
    eap_time settled; /* exposure is accounted up to here */
    int64_t exposure; /* person-milliseconds under threat so far */
    int64_t exposed;  /* people under threat now (kept as people move and threats and
                         convoys change) */
    int64_t casualties, incidents, breakdowns;
    bool past_safe; /* some convoy has passed a safe place (its convoy_state.passed_safe) */
    bool breach_while_occupied;
    bool breach_before_help; /* a place breached with people inside before any responder */
    size_t request_count, airlift_count;
};

/* --- what a fork needs: how each pending delay was drawn --- */

enum lag_shape {
    LAG_LINEAR,  /* delay = a + b * x */
    LAG_INVERSE, /* delay = a + b / max(x, floor) (a distance over a speed) */
};

/* How a scheduled event's delay followed from one draw x of an input. */
struct lag {
    int32_t input; /* EAP_NONE: nothing to redraw */
    enum lag_shape shape;
    double a, b;
};

struct tracked {
    eap_handle h;
    eap_time start; /* when the delay began (the draw) */
    eap_time due;   /* when the event comes */
    struct lag lag;
    uint64_t data; /* the event, to reschedule it */
};

/* The kinds of scheduled events; the kernel's data word packs (kind, a, b). */
enum ev_kind {
    EV_FIRE_OWNER,
    EV_ACTION,
    EV_DECISION_TIMEOUT,
    EV_ATTACK_END,
    EV_UNTENABLE,
    EV_THREAT_END,
    EV_HOP,
    EV_HOP_RESEND, /* a: request; b: the hop's entry in request_hops */
    EV_WITHDRAWN,  /* a: asset, back at its base */
    EV_DEPART,
    EV_LEG_ARRIVE,
    EV_LEG_DEPART,
    EV_OFF_STATION,
    EV_FORMED,
    EV_POI,
    EV_RESUME,
    EV_CEASEFIRE, /* a: convoy; b: its incident number (a later incident's fire goes on) */
    EV_DESERT,
    EV_DESTROYED,
    EV_DRAW_DOWN,
    EV_TAKEOFF,
    EV_LAND,
    EV_RETURN,
    EV_RETURNED,
    EV_HARM,   /* a: location */
    EV_WALL,   /* a: place; b: 0 perimeter, 1 safe room */
    EV_ESCAPE, /* a: place */
    EV_END,
    EV_KIND_COUNT
};

/* Process streams after the inputs: one per kind of random process, per entity. */
enum stream_kind {
    STREAM_INCIDENT,
    STREAM_BREAKDOWN,
    STREAM_CHECKPOINT,
    STREAM_DESERT,
    STREAM_THREAT,
    STREAM_HARM,    /* per party: the people's thresholds, one keyed draw each */
    STREAM_GUARDS,  /* per place: whether its guards walk */
    STREAM_REQUEST, /* per action: whether a request is made */
    STREAM_HOP,     /* per hop: whether it loses a request (one stream a hop, so the coins
                       of one hop do not move when another hop's timing changes) */
    STREAM_KIND_COUNT
};

/* A random stream of the run, with what starting it needs, in one place: a draw touches one
 * record (its first in a run, one cache line or two), not three arrays. */
struct stream {
    struct eap_rng rng;
    uint64_t epoch; /* the epoch it was last started in */
    uint32_t id;    /* its stream id (see name_streams), fixed at creation */
};

/* Where each array sits in the state block (the same for every engine of a scenario). */
struct block_layout {
    size_t parties, runs, thr, clocks, places, threats, assets, convoys, checkpoints,
        hop_tries, hop_delays, airlifts, owners, actions, decisions, first_seen, on_scene,
        convoy_departed, convoy_arrived, route_deterrence, input_mode, input_value, input_from,
        streams;
    size_t pristine; /* a reset copies the pristine image over the block up to here */
    size_t size;
    size_t checkpoint_stride; /* checkpoints per convoy */
};

struct eap_engine {
    const struct eap_scenario *scn;
    struct eap_kernel kernel;
    struct eap_trace trace;
    struct eap_engine_options opt;
    struct run_state st;

    /* the state block and typed views into it */
    unsigned char *block;
    struct block_layout lay;
    struct party_state *parties;
    struct run *runs;            /* each party's runs start at its party_first */
    double *thr;                 /* per person (party_first + member): his threshold, once drawn */
    struct hazard_clock *clocks; /* 2 place_count + convoy_count */
    struct place_state *places;
    struct threat_state *threats;
    struct asset_state *assets;
    struct convoy_state *convoys;
    double *checkpoints; /* convoy_count x checkpoint_stride */
    uint8_t *hop_tries;   /* request_cap x hop_count: times each hop has been tried */
    eap_time *hop_delays; /* request_cap x hop_count: the delay of the try under way */
    int32_t *airlifts;    /* the evacuate_by_air action of each airlift order */
    struct owner_state *owners;
    struct action_state *actions;
    struct decision_state *decisions;
    eap_time *first_seen; /* per milestone, then the origin; -1 until seen */
    eap_time *on_scene;   /* per asset: first on station, or -1 */
    eap_time *convoy_departed, *convoy_arrived;
    double *route_deterrence; /* product of (1 - deterrence) of assets covering each route */
    /* Steered inputs (st.steered says whether any is): per input, INPUT_SCENARIO, or
     * INPUT_VALUE with its value, or INPUT_FROM with the input whose distribution replaces
     * its own. Zero is the default, which is how every run starts. */
    uint8_t *input_mode;
    double *input_value;
    int32_t *input_from;
    struct stream *streams; /* one per input, then the process streams */

    /* fixed at creation */
    unsigned char *pristine; /* the block as every run starts, up to lay.pristine */
    struct run *first_runs;  /* and each party's first run */
    size_t stream_count, owner_count, request_cap, person_count, loc_hazards;
    /* where each kind's process streams start in streams */
    size_t process_first[STREAM_KIND_COUNT];
    size_t *party_first; /* the first person of each party (in runs and thr) */
    double *leg_m;       /* metres of each asset's legs (great circle times the path
                            factor), from leg_first */
    size_t *leg_first;
    double *home_m; /* per asset: great-circle metres from its target back to its base */
    double *lift_m; /* per action: an airlift's metres out, then back */
    const struct eap_trigger **triggers;              /* per owner (eap__owner_trigger) */
    struct watch_list watch[EAP_EV_KIND_COUNT];       /* every owner's watchers */
    struct watch_list watch_quiet[EAP_EV_KIND_COUNT]; /* without the tripwires that start
                                                         disabled and the idle decision
                                                         points (a quiet run: st.quiet) */
    const struct watch_list *watching;                /* watch or watch_quiet, by st.quiet */
    /* Per event kind, a bit per subject (below 64) that a mark or a watcher waits for: with
     * watch, with watch_quiet; then every bit of every kind, for a run that keeps a trace. */
    uint64_t waited[3][EAP_EV_KIND_COUNT];
    const uint64_t *heard; /* the row of waited that the run uses: eap__emit() skips an event
                              whose subject nothing waits for at once */
    bool *idle;            /* per decision point: idle (engine.c), left out of quiet runs */
    uint32_t *timed;       /* the owners whose trigger is a time, in owner order */
    size_t timed_count;
    struct watcher *watch_storage;
    int32_t *watch_subjects;
    struct mark_list marks[EAP_EV_KIND_COUNT];
    struct mark *mark_storage;
    int32_t *mark_subjects;
    size_t mark_count;
    uint32_t *subject_at; /* the tables of the marks' and watchers' subject indexes */

    /* indexes (index.c): who an event at a place, convoy or route can concern */
    struct eap_index place_parties;  /* per place: the parties that can be there */
    struct eap_index convoy_parties; /* per convoy: the parties it takes */
    struct eap_index convoy_escorts; /* per convoy: its escorts */
    struct eap_index convoy_ends;    /* per place: the convoys whose route ends there */
    struct eap_index place_threats;  /* per place: the threats against it */
    struct eap_index place_helpers;  /* per place: assets that reinforce or suppress and can be
                                        on station there */
    struct eap_index place_lifters;  /* per place: aircraft that can be on the ground there
                                        with people aboard */
    struct eap_index route_cover;    /* per route: the assets that can cover it */
    struct eap_index lift_parties;   /* per action: the parties an airlift serves */
    struct eap_index request_hops;   /* per action: the hops a request needs */
    struct eap_index request_tasks;  /* per node of a request's tree (an entry of request_hops,
                                        then each action's post): the assets approved there */
    struct eap_index request_next;   /* per node: the entries of request_hops after it */

    /* scratch, not state */
    int *share; /* splitting casualties, party_count entries */
    double *frac;

    /* forks (opt.track): how each delay scheduled so far was drawn */
    struct tracked *tracked;
    size_t tracked_count, tracked_cap;
};

/* fmin and fmax, inline: gcc calls libm for them unless told that NaNs and signed zeros do
 * not matter. These give what glibc's x86-64 fmin and fmax give for every argument (minsd
 * and maxsd return the second of two equal values, and a NaN yields the other argument). */
static inline double lesser(double a, double b)
{
    return (a < b || b != b) ? a : b;
}

static inline double greater(double a, double b)
{
    return (a > b || b != b) ? a : b;
}

/* Milliseconds to ticks: rounded, never negative, at most EAP_TIME_MAX. Inline because the
 * engine converts every travel time (libm's llround is a call). */
static inline eap_time to_ticks(double ms)
{
    if (!(ms > 0)) {
        return 0;
    }
    return ms >= (double)EAP_TIME_MAX ? EAP_TIME_MAX : (eap_time)(ms + 0.5);
}

/* Locations (see struct run). */
static inline int32_t loc_open(int32_t place)
{
    return place;
}

static inline int32_t loc_shelter(const struct eap_engine *e, int32_t place)
{
    return (int32_t)e->scn->place_count + place;
}

static inline int32_t loc_convoy(const struct eap_engine *e, int32_t convoy)
{
    return (int32_t)(2 * e->scn->place_count) + convoy;
}

static inline int32_t loc_aboard(const struct eap_engine *e, int32_t asset)
{
    return (int32_t)(2 * e->scn->place_count + e->scn->convoy_count) + asset;
}

static inline double *convoy_checkpoints(const struct eap_engine *e, int32_t convoy)
{
    return e->checkpoints + (size_t)convoy * e->lay.checkpoint_stride;
}

/* Owners are numbered: tripwires, then threats, then decision points. */
static inline uint32_t threat_owner(const struct eap_engine *e, int32_t threat)
{
    return (uint32_t)(e->scn->tripwire_count + (size_t)threat);
}

static inline uint32_t decision_owner(const struct eap_engine *e, int32_t d)
{
    return (uint32_t)(e->scn->tripwire_count + e->scn->threat_count + (size_t)d);
}

/* The guards of place q walking away come as an owner too, after the decision points. */
static inline uint32_t guards_owner(const struct eap_engine *e, int32_t place)
{
    return decision_owner(e, (int32_t)e->scn->decision_count) + (uint32_t)place;
}

/* --- engine.c: the kernel's callbacks for engine events --- */
/* The handler of each kind of event (eap__schedule gives it to the kernel). */
extern eap_event_fn *const eap__handlers[EV_KIND_COUNT];
/* Any engine event: calls its kind's handler. */
void eap__dispatch(struct eap_kernel *k, uint64_t data);

/* --- index.c --- */
/* Builds the indexes of the engine's scenario; false when memory runs out. */
bool eap__index_build(struct eap_engine *e);
void eap__index_finish(struct eap_engine *e);
#ifndef NDEBUG
/* Debug builds, after every event: every asset and person the indexes could miss is in
 * them (an asset on station at a place is among that place's helpers, ...). */
void eap__index_check(const struct eap_engine *e);
#endif

/* After every event: debug builds check the indexes. */
static inline void eap__handled(const struct eap_engine *e)
{
#ifndef NDEBUG
    eap__index_check(e);
#else
    (void)e;
#endif
}

/* Defines `name`, the kernel's handler for the events a part's fn(engine, a, b) handles: it
 * unpacks the event's two words and passes them on (a tail call in a release build). */
#define EAP__ON_EVENT(name, fn)                                                                   \
    void name(struct eap_kernel *k, uint64_t data)                                                \
    {                                                                                             \
        uint32_t a_, b_;                                                                          \
        eap__ev_unpack(data, &a_, &b_);                                                           \
        fn(k->user, (int32_t)a_, (int32_t)b_);                                                    \
        eap__handled(k->user);                                                                    \
    }
/* The same for the events that carry one index (a): fn(engine, a). */
#define EAP__ON_EVENT_A(name, fn)                                                                 \
    void name(struct eap_kernel *k, uint64_t data)                                                \
    {                                                                                             \
        uint32_t a_, b_;                                                                          \
        eap__ev_unpack(data, &a_, &b_);                                                           \
        fn(k->user, (int32_t)a_);                                                                 \
        eap__handled(k->user);                                                                    \
    }

/* --- base.c --- */
/* Events: the kind in the top 8 bits of the data word, a in the next 28, b in the low 28. */
static inline uint64_t eap__ev_pack(enum ev_kind kind, uint32_t a, uint32_t b)
{
    return ((uint64_t)kind << 56) | ((uint64_t)(a & 0xFFFFFFF) << 28) | (b & 0xFFFFFFF);
}
static inline enum ev_kind eap__ev_kind(uint64_t data)
{
    return (enum ev_kind)(data >> 56);
}
static inline void eap__ev_unpack(uint64_t data, uint32_t *a, uint32_t *b)
{
    *a = (uint32_t)(data >> 28) & 0xFFFFFFF;
    *b = (uint32_t)data & 0xFFFFFFF;
}
/* Cancels a scheduled event and empties its handle; nothing when the handle is empty, as
 * most that a handler holds are (a place's next death, a wall's fall). */
static inline void eap__cancel(struct eap_engine *e, eap_handle *h)
{
    if (*h != EAP_NO_EVENT) {
        eap_kernel_cancel(&e->kernel, *h);
        *h = EAP_NO_EVENT;
    }
}
/* eap__schedule's out-of-line part, given the event's handler and data word. */
eap_handle eap__schedule_event(struct eap_engine *e, eap_time delay, eap_event_fn *fn,
                               uint64_t data);
/* Schedules an event after delay (>= 0) from now; EAP_NO_EVENT (and oom set) when memory
 * runs out. The _lag form also remembers, in a tracked run, how the delay was drawn. Inline,
 * so that the kind's handler and the data word, mostly constants, are worked out where the
 * event is scheduled; the push stays out of line (inlined too, it added 19 KB of code and a
 * third more instruction-cache misses under cachegrind). */
static inline eap_handle eap__schedule(struct eap_engine *e, eap_time delay, enum ev_kind kind,
                                       uint32_t a, uint32_t b)
{
    return eap__schedule_event(e, delay, eap__handlers[kind], eap__ev_pack(kind, a, b));
}
eap_handle eap__schedule_tracked(struct eap_engine *e, eap_time delay, const struct lag *lag,
                                 enum ev_kind kind, uint32_t a, uint32_t b);
static inline eap_handle eap__schedule_lag(struct eap_engine *e, eap_time delay,
                                           const struct lag *lag, enum ev_kind kind, uint32_t a,
                                           uint32_t b)
{
    return e->opt.track ? eap__schedule_tracked(e, delay, lag, kind, a, b)
                        : eap__schedule(e, delay, kind, a, b);
}
/* The lag of a delay that is the draw itself (times scale), or a distance over a speed. */
static inline struct lag eap__lag_linear(int32_t input, double a, double b)
{
    return (struct lag){input, LAG_LINEAR, a, b};
}
static inline struct lag eap__lag_inverse(int32_t input, double metres_ms)
{
    return (struct lag){input, LAG_INVERSE, 0, metres_ms};
}
/* The distribution a draw of input i comes from right now (a steering change may have
 * replaced the scenario's), and its value in a replay. */
static inline const struct eap_input *eap__input_source(const struct eap_engine *e, int32_t input)
{
    bool from = e->st.steered && e->input_mode[input] == INPUT_FROM;
    return &e->scn->inputs[from ? e->input_from[input] : input];
}
/* Steering of inputs: future draws take a value (NAN: the scenario's again), or come from
 * another input's distribution (EAP_NONE: the input's own). */
void eap__set_input(struct eap_engine *e, int32_t input, double value);
void eap__set_input_from(struct eap_engine *e, int32_t input, int32_t from);
/* A draw of input i: its fixed or steered value, its recorded value in a replay, or a
 * sample from its own stream. */
double eap__draw(struct eap_engine *e, int32_t input);
/* A duration draw rounded to ticks (ms), never negative; 0 for no input. */
eap_time eap__draw_ms(struct eap_engine *e, int32_t input);
/* A count draw rounded to a whole number, never negative; 0 for no input. */
int eap__draw_count(struct eap_engine *e, int32_t input);
/* The stream of input i (started on first use in this run). */
struct eap_rng *eap__input_stream(struct eap_engine *e, int32_t input);
/* The stream of a process (kind, entity index). */
struct eap_rng *eap__process_stream(struct eap_engine *e, enum stream_kind kind, size_t entity);
/* The next uniform of a process stream, as eap_rng_uniform of it: its first in a run starts
 * only the state word it comes from, as an input's first draw does (most process streams give
 * one coin a run). */
double eap__process_uniform(struct eap_engine *e, enum stream_kind kind, size_t entity);
/* Keyed draws first .. first + n - 1 of a process stream into out, each a uniform in (0, 1]
 * that depends on its index alone, not on which draws were asked for before (a person's
 * threshold): eap_rng_keyed_uniforms of the stream's id under the replication's key, two
 * multiplies a draw. */
void eap__keyed_uniforms(struct eap_engine *e, enum stream_kind kind, size_t entity, uint64_t first,
                         size_t n, double *out);
/* Records the event in the trace and lets waiting triggers see it. */
void eap__emit_heard(struct eap_engine *e, enum eap_event_kind kind, int32_t place, int32_t subject,
                     int32_t object, double value, double value2);
/* Fills waited[] at creation: per event kind, the subjects a mark or one of these watchers
 * waits for, a bit each below 63, and bit 63 when anything waits; all bits when one waits
 * for any subject or for one above 62; none when nothing waits for the kind. */
void eap__waited_subjects(const struct eap_engine *e, const struct watch_list *watching,
                          uint64_t *waited);
/* Sets e->heard from the trace option and the watchers in use (st.quiet): after a reset, a
 * copy or a change of options. */
void eap__listen(struct eap_engine *e);
/* An event happens: inline, because in a batch most events are heard by nobody (no trace, no
 * mark or watcher for their kind or their subject: an asset's departure matters to the
 * milestones of one or two assets), and then this test is all they cost. An event of no
 * subject, or of one above 62, looks at bit 63: heard when anything waits for its kind. */
static inline void eap__emit(struct eap_engine *e, enum eap_event_kind kind, int32_t place,
                             int32_t subject, int32_t object, double value, double value2)
{
    uint32_t bit = (uint32_t)subject < 63 ? (uint32_t)subject : 63;
    if ((e->heard[kind] >> bit) & 1) {
        eap__emit_heard(e, kind, place, subject, object, value, value2);
    }
}
/* Schedules the firing of an owner whose trigger holds, after its delay. */
void eap__arm(struct eap_engine *e, uint32_t owner);
extern const struct eap_trigger eap__never; /* a manual trigger: nothing but steering */

/* An owner's trigger (a guards' owner whose guards never walk: eap__never). */
static inline const struct eap_trigger *eap__owner_trigger(const struct eap_engine *e,
                                                           uint32_t owner)
{
    return e->triggers[owner];
}
/* --- people.c --- */
/* Sets up the people at the start of a run: everyone at their party's starting place. */
void eap__people_reset(struct eap_engine *e);
/* Moves up to n members of a party from one location to another (lowest numbers first;
 * with claim >= 0 only those claimed by that convoy, or unclaimed), carrying their harm
 * along; returns how many moved. `to` may be LOC_SAFE. Emits nothing. */
int eap__move(struct eap_engine *e, int32_t party, int32_t from, int32_t to, int n);
/* Members of a party arrive at a place from a location (a convoy, an aircraft): safe there
 * if the place is safe, else at it in the open; emits "party_at" and checks safety. */
void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t from, int32_t place, int n);
/* The location people reach at a place: safe if it is a safe place, else its open part. */
int32_t eap__loc_at(const struct eap_engine *e, int32_t place);
/* Sets the hazard (per person and ms) of a location from now on, and the threat doing most
 * of it; schedules the next death there. */
void eap__set_hazard(struct eap_engine *e, int32_t loc, double rate, int32_t source);
/* Schedules every location's next death afresh (forks: after the thresholds change). */
void eap__rearm_hazards(struct eap_engine *e);
/* Forks: every living person whose threshold was drawn gets what is left of it redrawn on
 * the branch's stream, and the next deaths are scheduled afresh. */
void eap__people_redraw(struct eap_engine *e);
/* A death is due at a location (EV_HARM). */
void eap__harm_due(struct eap_engine *e, int32_t loc);
/* Members of a party at a place (open or sheltered) whom no other convoy has claimed board
 * the convoy; returns how many. */
int eap__board_convoy(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy);
/* Claims for convoy c the unclaimed members of a party at its origin (it is loading them). */
void eap__claim(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy);
/* Brings the exposure accounts up to now (the end of a run). The count of people exposed
 * settles them itself whenever it changes, so no event needs to. */
void eap__settle_exposure(struct eap_engine *e);
/* People under threat right now. */
int64_t eap__people_exposed(const struct eap_engine *e);
/* Changes a place's count of active threats (and the count of people exposed). */
void eap__place_threat(struct eap_engine *e, int32_t place, int delta);
void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place);
void eap__place_check_evacuated(struct eap_engine *e, int32_t place);
/* People at a place, including those aboard an aircraft on the ground there. */
int eap__place_occupants(const struct eap_engine *e, int32_t place);
/* The place holding most of the party's members (its starting place on a tie). */
int32_t eap__party_main_place(const struct eap_engine *e, int32_t party);
/* Whether members in this convoy are exposed to a threat right now. */
bool eap__convoy_exposed(const struct eap_engine *e, int32_t convoy);
/* A convoy's phase, segment or passage of a safe place changed: the count of people exposed
 * follows. */
void eap__convoy_exposure(struct eap_engine *e, int32_t convoy);
/* Members of a party at a location, and at a place (open or sheltered). O(its runs). */
int eap__party_at(const struct eap_engine *e, int32_t party, int32_t loc);
int eap__party_at_place(const struct eap_engine *e, int32_t party, int32_t place);
/* Whether a party has members at a place other than `except` (open or sheltered; EAP_NONE:
 * at any place), or in a convoy when `convoys` is set. O(its runs). */
bool eap__party_away(const struct eap_engine *e, int32_t party, int32_t except, bool convoys);
/* Members of a party in any convoy that has passed a safe place. */
int eap__party_past_safe(const struct eap_engine *e, int32_t party);

/* --- threats.c --- */
void eap__threat_start(struct eap_engine *e, int32_t threat);
/* The kernel's handlers of the threat events (eap__handlers; EV_ATTACK_END and
 * EV_THREAT_END share one). */
eap_event_fn eap__on_threat_end, eap__on_untenable, eap__on_wall, eap__on_escape;
/* The guards of a place walk away (their trigger came). */
void eap__guards_walk(struct eap_engine *e, int32_t place);
/* Something at the place changed (an attack, a responder, the guards, the walls, the
 * smoke): the walls' wear and the hazards there follow. */
void eap__place_refresh(struct eap_engine *e, int32_t place);
/* An asset comes on scene at a place: a responder (reinforce or suppression) counts as help
 * there, one that reinforces ends the attacks, and one that suppresses takes its share. */
void eap__responder_arrives(struct eap_engine *e, int32_t place, int32_t asset);

/* --- assets.c --- */
/* At creation: the distances of every asset's legs and every airlift (false: no memory). */
bool eap__assets_prepare(struct eap_engine *e);
void eap__request_assets(struct eap_engine *e, int32_t action);
/* Recomputes the deterrence over a route from the assets on station there. */
void eap__update_route_cover(struct eap_engine *e, int32_t route);
/* The kernel's handlers of the asset events (eap__handlers). */
eap_event_fn eap__on_hop, eap__on_hop_resend, eap__on_withdrawn, eap__on_depart,
    eap__on_leg_arrive, eap__on_leg_depart, eap__on_off_station, eap__on_takeoff, eap__on_land,
    eap__on_return, eap__on_returned;
void eap__airlift_start(struct eap_engine *e, int32_t action);
/* An asset on station leaves it and goes back to its base. */
void eap__withdraw(struct eap_engine *e, int32_t asset);
void eap__airlift_try_board(struct eap_engine *e);

/* --- convoy.c --- */
void eap__convoy_form(struct eap_engine *e, int32_t convoy, bool then_depart);
/* The kernel's handlers of the convoy events (eap__handlers). */
eap_event_fn eap__on_formed, eap__on_poi, eap__on_resume, eap__on_ceasefire, eap__on_desert;
/* Redraws the next incident and breakdown candidates of a moving convoy from where it is at
 * now (forks: both processes are memoryless). */
void eap__convoy_redraw_candidates(struct eap_engine *e, int32_t convoy);

/* --- plan.c --- */
/* An owner's trigger has come: a tripwire fires, a threat starts, a decision falls due. */
void eap__fire_owner(struct eap_engine *e, uint32_t owner);
void eap__run_action(struct eap_engine *e, int32_t action);
void eap__decision_timeout(struct eap_engine *e, int32_t d);
/* The engine-level steering operations (engine.c checks and reports). */
bool eap__start_action(struct eap_engine *e, int32_t action);
bool eap__cancel_action(struct eap_engine *e, int32_t action);
bool eap__delay_action(struct eap_engine *e, int32_t action, eap_time delay);
bool eap__enable_tripwire(struct eap_engine *e, int32_t tripwire);
bool eap__disarm_tripwire(struct eap_engine *e, int32_t tripwire);
bool eap__fire_tripwire(struct eap_engine *e, int32_t tripwire);
/* Applies option `option` of decision d now; `by_default`: nobody chose in time. */
void eap__decide(struct eap_engine *e, int32_t d, int32_t option, bool by_default);

/* --- threats.c, for forks: the walls' holds under way, redrawn conditional on what they have
 * already withstood --- */
void eap__walls_redraw(struct eap_engine *e);

/* --- fork.c --- */
/* Makes dst a copy of src (the trace too, unless `trace` is false: the copy records none). */
bool eap__copy_state(struct eap_engine *dst, const struct eap_engine *src, bool trace);
void eap__redraw_under_way(struct eap_engine *e);

#endif
