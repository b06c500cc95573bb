/*
 * The scenario: a post, its people, its Emergency Action Plan, the threats against it and
 * the forces that can respond, as loaded from JSON (see loader.h and
 * docs/scenario-format.md).
 *
 * A loaded scenario is immutable: every consumer (engine, report, viz, batch) borrows a
 * const pointer. Objects refer to each other by index (int32_t, -1 for "none") once loaded;
 * ids are kept for messages and output. Every number that may be uncertain is an input
 * quantity (struct eap_input), referenced by index into scn->inputs: a fixed value or a
 * distribution, with its unit, the JSON path where it was written, its source, and the
 * recorded value a replay uses.
 */
#ifndef EAPSIM_SCENARIO_H
#define EAPSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/dist.h"
#include "eapsim/metrics.h"
#include "eapsim/units.h"

#define EAP_NONE (-1)

/* An input quantity. */
struct eap_input {
    struct eap_dist dist; /* base units of `unit`; see units.h */
    enum eap_quantity unit;
    const char *path;    /* JSON pointer where it is written, e.g. "/assets/2/readiness" */
    const char *source;  /* citation, or NULL */
    const char *note;    /* remark, or NULL */
    double replay_value; /* the recorded value, or the median when none is recorded */
    int32_t sets;        /* EAP_NONE, or the input whose value a decision option sets to this
                            one's (such inputs are not drawn on their own) */
    int32_t stream_of;   /* EAP_NONE, or the input whose random numbers this one shares: a
                            variant of it (a hop's delay under a memorandum of agreement) is
                            drawn at the same quantile, so a paired comparison sees only the
                            change of distribution */
};

enum eap_place_kind {
    EAP_PLACE_COMPOUND,
    EAP_PLACE_ANNEX,
    EAP_PLACE_EMBASSY,
    EAP_PLACE_AIRPORT,
    EAP_PLACE_BORDER,
    EAP_PLACE_BASE,
    EAP_PLACE_TOWN,
    EAP_PLACE_SAFE_HAVEN,
    EAP_PLACE_KIND_COUNT
};

/* A local guard force at a place: while it stays it takes a share of the attackers' effect
 * (on the walls and on the people); it may walk away (at a time or on an event, with a
 * chance), as the Benghazi militia guards did. */
struct eap_guards {
    bool present;
    int count;           /* guards (not people the outcome counts) */
    int32_t suppression; /* ratio input: share of the attackers' effect they take */
    bool walks;          /* they may walk away */
    struct eap_trigger *walk_when;
    int32_t walk_p;     /* probability input that they walk when the trigger comes */
    bool recorded_walk; /* replay: did they? */
};

struct eap_place {
    const char *id, *name, *source;
    enum eap_place_kind kind;
    double lat, lon; /* degrees */
    bool safe;       /* reaching it makes a party safe */
    /* Protection: how long the place holds against reference_force attackers. Inputs are
     * EAP_NONE when the place has no such layer. Hold times scale with
     * reference_force / force (twice the attackers, half the time), and attacks at the same
     * place add their forces (see docs/model.md). */
    int32_t perimeter_hold; /* duration */
    int32_t safe_room_hold; /* duration after the perimeter falls */
    int32_t fire_untenable; /* duration from fire start until the shelter is untenable */
    double reference_force; /* 0: hold times do not depend on the force */
    int32_t cover;          /* ratio input: share of fire the place's buildings and walls stop
                               for the people there (not in the safe room) while the perimeter
                               holds; EAP_NONE: none */
    struct eap_guards guards;
};

struct eap_checkpoint {
    const char *name;
    int32_t at;         /* distance from the segment's start; EAP_NONE: at its end */
    int32_t delay;      /* duration every convoy spends there */
    int32_t p_stop;     /* probability of being held longer */
    int32_t stop_delay; /* duration of that longer hold */
    bool recorded_stop; /* replay: was the convoy held? */
};

struct eap_segment {
    int32_t from, to;                   /* places */
    int32_t distance;                   /* input (distance) */
    int32_t speed;                      /* input (speed) */
    struct eap_checkpoint *checkpoints; /* in order of `at` */
    size_t checkpoint_count;
    /* Road threat: incidents per 100 km before any deterrence, their delay, and the hazard
     * to the people aboard while an incident lasts (per person and minute, before the
     * vehicles' protection and the escorts' suppression). */
    double incidents_per_100km;
    int32_t incident_delay;     /* duration */
    int32_t incident_lethality; /* rate input, or EAP_NONE: incidents only delay */
    int32_t incident_fire;      /* duration input: how long the convoy is under fire, at most
                                   the hold; EAP_NONE: the whole hold */
    int32_t incident_reach;     /* probability input: the share of the convoy's people in the
                                   kill zone; EAP_NONE: all of them */
    double *recorded_incidents; /* replay: distances (m) from the segment start */
    size_t recorded_incident_count;
};

struct eap_route {
    const char *id, *name;
    struct eap_segment *segments;
    size_t segment_count;
};

struct eap_party {
    const char *id, *name, *source;
    int count;
    int32_t at; /* place at the start */
};

struct eap_vehicle {
    const char *id, *name, *source;
    int count, capacity;
    int32_t speed;                /* input: top speed, or EAP_NONE */
    double breakdowns_per_1000km; /* per vehicle */
    int32_t breakdown_delay;      /* duration */
    int32_t protection;           /* ratio input: share of fire the vehicle stops, or NONE */
    double *recorded_breakdowns;  /* replay: distances (m) along the convoy's route */
    size_t recorded_breakdown_count;
};

enum eap_asset_kind {
    EAP_ASSET_DRONE,
    EAP_ASSET_FIGHTER,
    EAP_ASSET_TILTROTOR,
    EAP_ASSET_TRANSPORT, /* airlifter, charter aircraft */
    EAP_ASSET_TEAM,      /* quick reaction force, security team, platoon */
    EAP_ASSET_MILITIA,
    EAP_ASSET_SHIP,
    EAP_ASSET_KIND_COUNT
};

/* What an asset does when on station (combinable). */
struct eap_effects {
    bool overwatch;     /* surveillance: watched places and routes */
    double deterrence;  /* fraction by which road incidents fall while it covers a route */
    double escort;      /* fraction by which road incidents fall while it rides along */
    bool reinforce;     /* arriving at a place under attack ends the attack */
    double suppression; /* share of the attackers' effect it takes while on scene at a place
                           (or riding with a convoy through an ambush) */
    int lift_capacity;  /* > 0: carries people (evacuation by air) */
    int32_t turnaround; /* duration on the ground between lifts, or EAP_NONE */
};

/* An intermediate stop on the way to the target (e.g. landing at an airport first). */
struct eap_via {
    int32_t place;
    int32_t hold;       /* duration spent there, or EAP_NONE */
    int32_t speed;      /* speed of the leg that leaves it, or EAP_NONE: the asset's */
    double path_factor; /* travelled distance / great-circle distance of that leg */
};

struct eap_asset {
    const char *id, *name, *source;
    enum eap_asset_kind kind;
    int32_t base;          /* place */
    int32_t requested_via; /* last request-chain hop that must approve it */
    int32_t readiness;     /* duration from tasking to leaving base */
    int32_t speed;         /* cruise speed */
    double path_factor;    /* for the first leg; 1 = great circle */
    struct eap_via *via;
    size_t via_count;
    int32_t target_place, target_route; /* exactly one is set */
    int32_t time_on_station;            /* duration, or EAP_NONE: until the end */
    int32_t endurance;                  /* duration aloft from departure, or EAP_NONE */
    struct eap_effects effects;
    int32_t desert_p;     /* probability that an escort walks away, or EAP_NONE */
    int32_t desert_after; /* duration after the convoy leaves */
    bool recorded_desert; /* replay */
};

/* Events of the trace that triggers and the record can name. The order is the trace's
 * kind order (see trace.h). */
enum eap_event_kind {
    EAP_EV_START,
    EAP_EV_TRIPWIRE,             /* subject: tripwire */
    EAP_EV_ATTACK_START,         /* subject: threat; place */
    EAP_EV_ATTACK_END,           /* subject: threat; place */
    EAP_EV_BREACH,               /* subject: threat; place */
    EAP_EV_SAFE_ROOM_BREACH,     /* subject: threat; place */
    EAP_EV_FIRE,                 /* subject: threat; place */
    EAP_EV_UNTENABLE,            /* subject: threat; place */
    EAP_EV_INDIRECT_FIRE,        /* subject: threat; place; value: casualties */
    EAP_EV_CASUALTIES,           /* subject: party; place (-1 on the road); object: the threat
                                    that did most of the harm, or -1 (the road); value: count */
    EAP_EV_SHELTER,              /* subject: party; place; value: people */
    EAP_EV_ESCAPED,              /* subject: party; place; value: people out of the smoke */
    EAP_EV_GUARDS_LEFT,          /* place; value: guards who walked away */
    EAP_EV_DESTROY_START,        /* place; value: duration (ms) */
    EAP_EV_CLASSIFIED_DESTROYED, /* place */
    EAP_EV_DRAW_DOWN,            /* subject: party; place; value: people who left */
    EAP_EV_REQUEST,              /* subject: request number; object: tripwire; value: assets */
    EAP_EV_REQUEST_LOST,         /* subject: hop, or -1 (never made); object: request number;
                                    value: 1 when it will be sent again */
    EAP_EV_HOP,                  /* subject: hop; object: request number; value: delay (ms) */
    EAP_EV_TASKED,               /* subject: asset; object: request number */
    EAP_EV_ASSET_DEPARTED,       /* subject: asset; place: base; object: next stop; value: its
                                    distance (m); value2: the leg's duration (ms) */
    EAP_EV_ASSET_AT,             /* subject: asset; place (a stop on the way, or with a convoy) */
    EAP_EV_ASSET_LEFT,           /* subject: asset; place; object, value, value2: as departed
                                    (a later leg; on a return flight object is -1) */
    EAP_EV_ON_STATION,           /* subject: asset; place or -1; object: route or -1 */
    EAP_EV_OFF_STATION,          /* subject: asset; place or -1 */
    EAP_EV_ESCORT_JOINED,        /* subject: asset; object: convoy */
    EAP_EV_ESCORT_LEFT,          /* subject: asset; object: convoy; value: position (m) */
    EAP_EV_CONVOY_FORMING,       /* subject: convoy; place; value: people */
    EAP_EV_CONVOY_FORMED,        /* subject: convoy; place */
    EAP_EV_CONVOY_DEPARTED,      /* subject: convoy; place; value: position (0) */
    EAP_EV_CONVOY_AT,            /* subject: convoy; place (a waypoint); value: position (m);
                                    value2: speed (m/s) of the next leg */
    EAP_EV_CHECKPOINT,           /* subject: convoy; value: position; value2: delay (ms);
                                    object: checkpoint number in the segment; place: segment end */
    EAP_EV_INCIDENT,             /* subject: convoy; value: position; value2: delay (ms) */
    EAP_EV_BREAKDOWN,            /* subject: convoy; value: position; value2: delay (ms) */
    EAP_EV_RESUMED,              /* subject: convoy; value: position; value2: speed (m/s) */
    EAP_EV_CONVOY_ARRIVED,       /* subject: convoy; place; value: position */
    EAP_EV_CONVOY_STOOD_DOWN,    /* subject: convoy; place: nobody left to carry */
    EAP_EV_PARTY_AT,             /* subject: party; place */
    EAP_EV_PARTY_SAFE,           /* subject: party; place */
    EAP_EV_PLACE_EVACUATED,      /* place */
    EAP_EV_BOARDING,             /* subject: asset; place; value: people */
    EAP_EV_AIRLIFT_DEPARTED,     /* subject: asset; place; object: destination; value: people */
    EAP_EV_AIRLIFT_ARRIVED,      /* subject: asset; place; value: people */
    EAP_EV_DECISION,             /* subject: decision point (it is due) */
    EAP_EV_DECIDED,              /* subject: decision point; object: option taken; value: 1
                                    when it was the default for lack of an answer */
    EAP_EV_END,                  /* the horizon, or nothing left to happen */
    EAP_EV_KIND_COUNT
};

/* Which entity a condition's subject names, per event kind. */
enum eap_role {
    EAP_ROLE_NONE,
    EAP_ROLE_THREAT,
    EAP_ROLE_PARTY,
    EAP_ROLE_ASSET,
    EAP_ROLE_CONVOY,
    EAP_ROLE_TRIPWIRE,
    EAP_ROLE_HOP,
    EAP_ROLE_DECISION
};

/* "The first event of this kind with this subject (and place)". EAP_NONE matches any. */
struct eap_condition {
    enum eap_event_kind event;
    int32_t subject;
    int32_t place;
};

#define EAP_MAX_CONDITIONS 4

/* When a tripwire fires, a threat starts or a decision falls due: at a time, or once all
 * conditions have held (each at its first occurrence), then after an optional delay; or,
 * manual, only when a decision fires it. A fallback (has_unless) comes at its time only if
 * the `unless` event has not happened by then ("if the convoy has not left by 06:00"). */
struct eap_trigger {
    bool manual;
    bool at_time;
    eap_time at;
    struct eap_condition all[EAP_MAX_CONDITIONS];
    size_t count;
    int32_t delay;       /* duration input, or EAP_NONE */
    eap_time not_before; /* an event trigger fires no earlier than this (0: any time) */
    bool has_unless;
    struct eap_condition unless;
};

enum eap_threat_kind { EAP_THREAT_ATTACK, EAP_THREAT_ARSON, EAP_THREAT_INDIRECT_FIRE };

/* Harm comes from exposure (docs/model.md): a threat sets a hazard, per person and minute,
 * on the people it reaches for as long as it lasts; nobody's fate is an input. */
struct eap_threat {
    const char *id, *name, *source;
    enum eap_threat_kind kind;
    int32_t place;
    struct eap_trigger when;
    int32_t force;     /* count input: attackers (attack); EAP_NONE otherwise */
    int32_t duration;  /* how long it lasts, or EAP_NONE: until the horizon */
    int32_t lethality; /* rate input: attack, hazard to people exposed to the attackers (inside
                          a breached perimeter, or through the walls' cover) at the place's
                          reference force; indirect fire, hazard to people in the open at the
                          place while it lasts; EAP_NONE: none */
    int32_t exposed;   /* indirect fire: probability input, the share of the people at the
                          place who are in the open (on roofs, at posts) while it lasts;
                          EAP_NONE: everyone */
    int32_t smoke;     /* arson: rate input, hazard in the shelter once it is untenable */
    int32_t escape;    /* arson: duration input, from untenable until those in the shelter
                          have got out of the smoke */
    int32_t p;         /* probability input that it happens at all, or EAP_NONE: it does */
    bool occurred;     /* replay: did it happen? (default true) */
};

/* A hop of the request chain. Hops form a tree: each passes the request on from the hop
 * before it (`after`), so one request can go down several paths at once (a combatant
 * command diverting a drone while the Pentagon is still being told). A hop may lose the
 * request (it goes astray, or nobody acts on it), which may be noticed and the request sent
 * again after a while; a memorandum of agreement changes the delay and that chance on the
 * hops it touches. */
struct eap_hop {
    const char *id, *name, *source;
    int32_t after;      /* the hop before it, or EAP_NONE: it takes the request from the post */
    int32_t delay;      /* duration */
    int32_t moa_delay;  /* duration with a memorandum of agreement, or EAP_NONE: unchanged */
    bool moa_skip;      /* with a memorandum of agreement the hop is skipped */
    int32_t lost_p;     /* probability input that the request is lost here, or EAP_NONE */
    int32_t moa_lost_p; /* the same with a memorandum of agreement, or EAP_NONE: unchanged */
    int32_t resend;     /* duration input until a lost request is sent again, or EAP_NONE:
                           never */
    bool recorded_lost; /* replay: was it lost here (once)? */
};

struct eap_request_chain {
    struct eap_hop *hops;
    size_t hop_count;
    bool moa;
};

struct eap_convoy {
    const char *id, *name;
    int32_t route;
    int32_t *parties; /* EAP_NONE-free list; empty: every party at the route's start */
    size_t party_count;
    int32_t *vehicle_types;
    int *vehicle_counts;
    size_t vehicle_type_count;
    int32_t *escorts; /* assets */
    size_t escort_count;
    int32_t formation; /* duration */
};

enum eap_action_kind {
    EAP_ACT_REQUEST,            /* assets */
    EAP_ACT_SHELTER,            /* party */
    EAP_ACT_DESTROY_CLASSIFIED, /* place, duration */
    EAP_ACT_FORM_CONVOY,        /* convoy */
    EAP_ACT_MOVE,               /* convoy: forms it first when needed, then departs */
    EAP_ACT_EVACUATE_BY_AIR,    /* from, to, parties, aircraft, boarding */
    EAP_ACT_DRAW_DOWN,          /* party, count, duration */
    EAP_ACT_EVACUATE_BY_SEA,    /* from (a port), to, parties, ships, boarding */
    EAP_ACT_WITHDRAW,           /* assets: leave their station and go back to their base */
};

/* A plan action. Every action of a scenario sits in one table (scn->actions), addressed by
 * its id; a tripwire's actions are a contiguous range of it, and actions that only a
 * decision starts follow the tripwires'. */
struct eap_action {
    const char *id;   /* as written, or "<tripwire id>.<n>" (1-based) */
    int32_t tripwire; /* the tripwire that runs it, or EAP_NONE */
    enum eap_action_kind kind;
    int32_t *assets; /* request: assets; evacuate_by_air: aircraft */
    size_t asset_count;
    int32_t *parties; /* evacuate_by_air: parties (empty: all who reach `from`) */
    size_t party_count;
    int32_t party, place, convoy, from, to;
    int32_t duration;   /* destroy_classified, draw_down; evacuate_by_air/sea: boarding */
    int count;          /* draw_down */
    int32_t made;       /* request: probability input that the request is made at all, or
                           EAP_NONE: it is */
    bool recorded_made; /* replay: was it made? (default true) */
};

struct eap_tripwire {
    const char *id, *name;
    struct eap_trigger when;
    bool enabled;               /* false: dormant until a decision enables or fires it */
    struct eap_action *actions; /* a range of scn->actions */
    size_t action_count;
};

/* What a decision option changes, from the moment it is taken. */
enum eap_change_kind {
    EAP_CHANGE_SET_INPUT, /* target: input; value: the input holding the new value */
    EAP_CHANGE_SET_MOA,   /* flag: the request chain works with a memorandum of agreement */
    EAP_CHANGE_START,     /* target: action, run now */
    EAP_CHANGE_CANCEL,    /* target: action, never runs (or stops waiting) */
    EAP_CHANGE_DELAY,     /* target: action, runs `delay` later than it would have */
    EAP_CHANGE_ENABLE,    /* target: tripwire, armed: fires when its trigger holds */
    EAP_CHANGE_DISARM,    /* target: tripwire, never fires */
    EAP_CHANGE_FIRE,      /* target: tripwire, fires now */
    EAP_CHANGE_KIND_COUNT
};

struct eap_change {
    enum eap_change_kind kind;
    int32_t target;
    int32_t value;  /* set_input: an input of scn->inputs */
    bool flag;      /* set_moa */
    eap_time delay; /* delay */
};

struct eap_option {
    const char *id, *label, *note; /* note: what the plan says to do, or NULL */
    struct eap_change *changes;
    size_t change_count;
};

/* A point where people decide (the exercise mode): it falls due like a tripwire; the run
 * then waits for a choice, or takes the default when nobody is asked (batch runs) or when
 * the countdown runs out. */
struct eap_decision {
    const char *id, *prompt, *decides; /* decides: who ("chief of mission"), or NULL */
    const char *note, *source;         /* for the facilitator and the report, or NULL */
    struct eap_trigger when;
    struct eap_option *options;
    size_t option_count;
    int32_t default_option;
    eap_time countdown;    /* simulated time until the default is taken; 0: none */
    double wall_countdown; /* seconds of wall-clock time (exercises only); 0: none */
};

/* How an inject reaches the players (HSEEP MSEL "delivery method"). */
enum eap_inject_method {
    EAP_INJECT_PHONE,
    EAP_INJECT_RADIO,
    EAP_INJECT_EMAIL,
    EAP_INJECT_IN_PERSON,
    EAP_INJECT_CABLE,   /* a State Department cable or formal message */
    EAP_INJECT_MESSAGE, /* text or chat message */
    EAP_INJECT_MEDIA,   /* news, television, social media */
    EAP_INJECT_METHOD_COUNT
};

/* An inject of the Master Scenario Events List: a message the controllers deliver to the
 * players when it falls due (at a time, or on a model event with a fixed delay). Injects
 * change nothing in the simulated world; they tell the players what the world is doing. */
struct eap_inject {
    const char *id;
    int number; /* the MSEL number, unique, ascending in the file */
    struct eap_trigger when;
    const char *from, *to; /* sender; audience ("chief of mission", "RSO", "EAC") */
    enum eap_inject_method method;
    const char *text;
    const char *expected_action; /* what the players are expected to do, or NULL */
    int32_t objective;           /* the objective it tests, or EAP_NONE */
    const char *capability;      /* HSEEP core capability it tests, or NULL */
    const char *controller_note; /* for controllers only, or NULL */
    const char *source;          /* where the event comes from in the record, or NULL */
};

/* How an objective's metric is judged against its target. */
enum eap_target_kind {
    EAP_TARGET_AT_MOST,  /* value <= target (a time, a count) */
    EAP_TARGET_AT_LEAST, /* value >= target */
    EAP_TARGET_IS,       /* a yes/no outcome equals target (0 or 1) */
};

/* An exercise objective, judged by one metric of the run against a target ("every survivor
 * safe by 04:30": time_all_safe at most T+6h48m). */
struct eap_objective {
    const char *id, *text;
    const char *capability; /* HSEEP core capability, or NULL */
    const char *source;     /* or NULL */
    int32_t metric;         /* index into scn->metrics */
    enum eap_target_kind kind;
    int64_t target; /* in the metric's base unit: ms, a count, 0/1 */
};

/* Names of inject methods as the format writes them ("phone", "in_person"), and back. */
const char *eap_inject_method_name(enum eap_inject_method m);
/* How an inject arrives, as a sentence says it: "by phone", "in person", "through the
 * media". */
const char *eap_inject_method_phrase(enum eap_inject_method m);
bool eap_inject_method_parse(const char *name, enum eap_inject_method *out);

/* Who an inject comes from as the players hear it, into buf (cut to len): its sender without
 * what only controllers need to know, the parenthesis that says the simulation cell plays
 * that sender ("Drone crew (simulation cell)" -> "Drone crew"; any parenthesis naming the
 * simulation cell, in any case). Returns buf. */
const char *eap_inject_sender_for_players(const struct eap_inject *in, char *buf, size_t len);

enum eap_confidence { EAP_CONF_NONE, EAP_CONF_LOW, EAP_CONF_MEDIUM, EAP_CONF_HIGH };

/* A milestone of the public record that a replay is held against. */
struct eap_milestone {
    const char *id, *label, *source, *note;
    eap_time time; /* recorded time, from the start */
    struct eap_condition event;
    enum eap_confidence confidence;
};

struct eap_scenario {
    const char *file; /* as given to the loader */
    const char *id, *name, *description;
    struct eap_clock clock;
    eap_time horizon;
    eap_time deadline; /* "all safe by" for the yes/no outcome; 0: horizon */
    bool has_origin;   /* on-scene times count from this event (else from the start) */
    struct eap_condition origin;
    const char **notes;
    size_t note_count;

    struct eap_input *inputs;
    size_t input_count;
    struct eap_place *places;
    size_t place_count;
    struct eap_route *routes;
    size_t route_count;
    struct eap_party *parties;
    size_t party_count;
    struct eap_vehicle *vehicles;
    size_t vehicle_count;
    struct eap_asset *assets;
    size_t asset_count;
    struct eap_threat *threats;
    size_t threat_count;
    struct eap_request_chain chain;
    struct eap_convoy *convoys;
    size_t convoy_count;
    struct eap_tripwire *tripwires;
    size_t tripwire_count;
    struct eap_action *actions; /* every plan action, addressed by id (see eap_action) */
    size_t action_count;
    struct eap_decision *decisions;
    size_t decision_count;
    struct eap_inject *injects; /* the MSEL, in number order */
    size_t inject_count;
    struct eap_objective *objectives;
    size_t objective_count;
    struct eap_milestone *record;
    size_t record_count;
    struct eap_metric_def *metrics; /* what every run measures (metrics.h) */
    size_t metric_count;
    /* The numbers that have neither a source nor a note (their own, their object's, or an
     * entry of their object's "sources"), as "LINE:COL: /json/path" (the path alone for a
     * value from --set): what `validate --strict` lists. */
    const char **unsourced;
    size_t unsourced_count;

    void *arena; /* owns everything above; private to the loader */
};

/* Names as written in scenario files. */
const char *eap_place_kind_name(enum eap_place_kind kind);
const char *eap_asset_kind_name(enum eap_asset_kind kind);
const char *eap_threat_kind_name(enum eap_threat_kind kind);
const char *eap_event_kind_name(enum eap_event_kind kind);
const char *eap_action_kind_name(enum eap_action_kind kind);
enum eap_role eap_event_subject_role(enum eap_event_kind kind);

/* Great-circle distance in metres between two places (haversine, R = 6371 km). */
double eap_great_circle_m(double lat1, double lon1, double lat2, double lon2);

/* Index of the object with this id, or EAP_NONE. O(n). */
int32_t eap_scenario_find_place(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_asset(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_party(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_convoy(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_action(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_tripwire(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_decision(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_inject(const struct eap_scenario *scn, const char *id);
int32_t eap_scenario_find_objective(const struct eap_scenario *scn, const char *id);
/* Index of an option of decision d by its id, or EAP_NONE. */
int32_t eap_decision_find_option(const struct eap_decision *d, const char *id);

/* Id of the subject of an event kind (asset id, party id, ...), or "" when it has none. */
const char *eap_scenario_subject_id(const struct eap_scenario *scn, enum eap_event_kind kind,
                                    int32_t subject);

/* Whether a party list names the party; an empty list (a convoy's or an airlift's
 * "parties" left out) means everyone. */
bool eap_parties_include(const int32_t *parties, size_t count, int32_t party);

/* Sum of the route's segment distances at their replay values (m). */
double eap_route_replay_length(const struct eap_scenario *scn, int32_t route);

/* Frees a scenario from the loader. NULL is fine. */
void eap_scenario_destroy(struct eap_scenario *scn);

#endif
