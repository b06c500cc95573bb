/*
 * Private to the engine: its state and the functions the process files share.
 *
 * engine.c     reset, draws, the trace with its trigger watchers, tripwires, people, metrics
 * threats.c    attacks, breaches, arson, indirect fire, casualties
 * assets.c     the request chain, tasking, transit, time on station, airlift
 * convoy.c     forming, departing, moving along segments, checkpoints, incidents, breakdowns
 *
 * Everything is sized from the scenario when the engine is created and cleared on reset:
 * no allocation per replication or per event (the kernel and the trace only grow).
 */
#ifndef EAPSIM_ENGINE_INTERNAL_H
#define EAPSIM_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "eapsim/engine.h"
#include "eapsim/kernel.h"
#include "eapsim/rng.h"

/* Who waits for a trace event: a tripwire or a threat, and which of its conditions. */
struct watcher {
    uint32_t owner; /* < tripwire_count: tripwire; else threat owner - tripwire_count */
    uint32_t cond;
};

struct watch_list {
    struct watcher *items;
    size_t count;
};

/* A condition whose first match the metrics need: a milestone of the record, or the
 * on-scene origin. slot indexes eap_engine.first_seen. */
struct mark {
    const struct eap_condition *cond;
    size_t slot;
};

struct mark_list {
    struct mark *items;
    size_t count;
};

struct owner_state {
    uint32_t met; /* bit per condition */
    bool armed;   /* all conditions met, firing scheduled */
    bool fired;
};

/* A party's members may be spread out: some at one place, some in a convoy, some aloft,
 * some already safe. Counts always add up to the party's size. */
struct party_state {
    int *here;            /* members at each place (place_count entries), not safe yet */
    int32_t sheltered_at; /* the place where those present shelter, or EAP_NONE */
    int32_t convoy;       /* convoy carrying members, or EAP_NONE */
    int in_convoy, safe, dead;
    bool resolved;          /* everyone alive is safe, or nobody is left alive */
    eap_time safe_time;     /* when its last survivor became safe, or -1 */
    eap_time resolved_time; /* when it was resolved (safe, or nobody left alive) */
};

struct place_state {
    int active_threats;
    int occupants_seen; /* most people ever there: "evacuated" needs someone to have left */
    bool breached, safe_room_breached, untenable, evacuated;
};

struct threat_state {
    bool started, active;
    double force;
    eap_handle breach_ev, safe_room_ev, end_ev, untenable_ev;
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
    /* airlift */
    int32_t airlift; /* airlift order it serves, or NONE */
    bool busy;
    int load;
    int *load_by_party; /* party_count entries */
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
    double *checkpoint_at; /* route metres of this segment's checkpoints */
    size_t recorded_incident;
    enum poi_kind poi;
    double poi_pos;
    int32_t breakdown_type; /* vehicle type of the next breakdown */
    double breakdown_rate;  /* per metre, all vehicles */
    bool passed_safe;       /* it has reached a safe place (a border): its people are safe */
};

struct request_state {
    const struct eap_action *action;
    eap_time hop_delay; /* of the hop under way */
};

struct airlift_state {
    const struct eap_action *action;
};

/* The kinds of scheduled events; the kernel's data word packs (kind, a, b). */
enum ev_kind {
    EV_FIRE_OWNER,
    EV_BREACH,
    EV_SAFE_ROOM,
    EV_ATTACK_END,
    EV_UNTENABLE,
    EV_THREAT_END,
    EV_HOP,
    EV_DEPART,
    EV_LEG_ARRIVE,
    EV_LEG_DEPART,
    EV_OFF_STATION,
    EV_FORMED,
    EV_POI,
    EV_RESUME,
    EV_DESERT,
    EV_DESTROYED,
    EV_DRAW_DOWN,
    EV_TAKEOFF,
    EV_LAND,
    EV_RETURN,
    EV_RETURNED,
    EV_END
};

struct eap_engine {
    const struct eap_scenario *scn;
    struct eap_kernel kernel;
    struct eap_trace trace;
    struct eap_engine_options opt;
    uint64_t seed, replication;
    bool done, oom;

    struct eap_rng *streams; /* one per input, then the process streams below */
    uint32_t *stream_ids;    /* the stream id each draws from (see name_streams) */
    uint64_t *stream_epoch;  /* the replication (epoch) each stream was last started in */
    uint64_t epoch;          /* bumped by every reset */
    size_t stream_count;

    struct watch_list watch[EAP_EV_KIND_COUNT];
    struct watcher *watch_storage;
    struct owner_state *owners; /* tripwires, then threats */

    /* Milestones and the on-scene origin are seen as they are emitted, so the metrics need
     * not search the trace. first_seen: per milestone, then the origin; -1 until seen. */
    struct mark_list marks[EAP_EV_KIND_COUNT];
    struct mark *mark_storage;
    eap_time *first_seen;

    struct party_state *parties;
    int *here_storage;
    struct place_state *places;
    struct threat_state *threats;
    struct asset_state *assets;
    int *load_storage;
    struct convoy_state *convoys;
    double *checkpoint_storage;
    struct request_state *requests;
    size_t request_count, request_cap;
    struct airlift_state *airlifts;
    size_t airlift_count, airlift_cap;
    int *share; /* scratch for splitting casualties, party_count entries */
    double *frac;
    double *route_deterrence; /* product of (1 - deterrence) of assets covering each route */

    /* outcome so far */
    eap_time settled;      /* exposure is accounted up to here */
    int64_t exposure;      /* person-milliseconds under threat so far */
    int threatened_places; /* places with an active threat */
    int64_t casualties, incidents, breakdowns;
    bool breach_while_occupied;
    eap_time *on_scene; /* per asset: first on station, or -1 */
    eap_time *convoy_departed, *convoy_arrived;
};

/* Process streams after the inputs: one per kind of random process, per entity. */
enum stream_kind {
    STREAM_INCIDENT,
    STREAM_BREAKDOWN,
    STREAM_CHECKPOINT,
    STREAM_DESERT,
    STREAM_THREAT,
    STREAM_KIND_COUNT
};

/* Milliseconds to ticks: rounded, never negative, at most EAP_TIME_MAX. Inline because the
 * engine converts every travel time (libm's llround is a call). */
static inline eap_time to_ticks(double ms)
{
    if (!(ms > 0)) {
        return 0;
    }
    return ms >= (double)EAP_TIME_MAX ? EAP_TIME_MAX : (eap_time)(ms + 0.5);
}

/* --- engine.c --- */
uint64_t eap__ev_pack(enum ev_kind kind, uint32_t a, uint32_t b);
void eap__ev_unpack(uint64_t data, uint32_t *a, uint32_t *b);
eap_handle eap__schedule(struct eap_engine *e, eap_time delay, enum ev_kind kind, uint32_t a,
                         uint32_t b);
/* A draw of input i: its fixed override, its recorded value in replay, or a sample. */
double eap__draw(struct eap_engine *e, int32_t input);
/* A duration draw rounded to ticks (ms), never negative. */
eap_time eap__draw_ms(struct eap_engine *e, int32_t input);
/* A count draw rounded to a whole number, never negative; 0 for no input. */
int eap__draw_count(struct eap_engine *e, int32_t input);
/* The stream of a process (kind, entity index). */
struct eap_rng *eap__process_stream(struct eap_engine *e, enum stream_kind kind, size_t entity);
/* Records the event in the trace and lets waiting triggers see it. */
void eap__emit(struct eap_engine *e, enum eap_event_kind kind, int32_t place, int32_t subject,
               int32_t object, double value, double value2);
/* Brings the exposure accounts up to now. Every event's dispatch does it before its handler
 * runs, and time stands still within an event, so handlers that move people need not. */
void eap__settle_exposure(struct eap_engine *e);
/* Changes a place's count of active threats (and the count of threatened places). */
void eap__place_threat(struct eap_engine *e, int32_t place, int delta);
void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t place, int count);
void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place);
void eap__place_check_evacuated(struct eap_engine *e, int32_t place);
int eap__place_occupants(const struct eap_engine *e, int32_t place);
/* The place holding most of the party's members (its starting place on a tie). */
int32_t eap__party_main_place(const struct eap_engine *e, int32_t party);
void eap__fire_owner(struct eap_engine *e, uint32_t owner);

/* --- threats.c --- */
void eap__threat_start(struct eap_engine *e, int32_t threat);
void eap__threat_event(struct eap_engine *e, enum ev_kind kind, uint32_t threat);
void eap__threats_reinforced(struct eap_engine *e, int32_t place);
/* Inflicts n casualties among those at place (sheltered: -1 any, 0 not sheltered, 1 sheltered)
 * or in a convoy (convoy >= 0), split over parties in proportion to their numbers. */
void eap__inflict(struct eap_engine *e, int32_t place, int32_t convoy, int sheltered, int n,
                  int32_t threat);

/* --- assets.c --- */
void eap__request_assets(struct eap_engine *e, const struct eap_action *a, int32_t tripwire);
/* Recomputes the deterrence over a route from the assets on station there. */
void eap__update_route_cover(struct eap_engine *e, int32_t route);
void eap__asset_event(struct eap_engine *e, enum ev_kind kind, uint32_t a, uint32_t b);
void eap__airlift_start(struct eap_engine *e, const struct eap_action *a);
void eap__airlift_try_board(struct eap_engine *e);

/* --- convoy.c --- */
void eap__convoy_form(struct eap_engine *e, int32_t convoy, bool then_depart);
void eap__convoy_event(struct eap_engine *e, enum ev_kind kind, uint32_t a, uint32_t b);
/* Whether members in this convoy are exposed to a threat right now. */
bool eap__convoy_exposed(const struct eap_engine *e, int32_t convoy);

#endif
