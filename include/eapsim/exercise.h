/*
 * The exercise mode as a library: a facilitated tabletop exercise on one engine.
 *
 * An exercise is a run of the engine in interactive mode (engine.h): the run stops at each
 * decision point of the scenario's exercise section and waits for a choice, which takes
 * effect from that simulated moment on; injects of the Master Scenario Events List fall due
 * at their times, or after the model events they follow, and are shown to the players; the
 * facilitator adds observations. Everything a session did is its record, which the session
 * log keeps and from which the session is reproduced exactly and the after-action report is
 * written: the same scenario, seed and choices give the same run, byte for byte.
 *
 * Injects change nothing in the simulated world, so when each fell due is a function of the
 * trace alone (eap_exercise_inject_times), the same in a session, a replayed log, the
 * viewer and the report.
 */
#ifndef EAPSIM_EXERCISE_H
#define EAPSIM_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/scenario.h"
#include "eapsim/trace.h"

/* When each inject of scn fell due in a run with trace tr: times[i] for inject i, or -1
 * when it has not (yet) fallen due: at its time, or once every event it follows has
 * happened (each at its first occurrence), plus its fixed delay, and never before its
 * not_before. times holds scn->inject_count entries. */
void eap_exercise_inject_times(const struct eap_scenario *scn, const struct eap_trace *tr,
                               eap_time *times);

/* --- the record of a session --- */

/* Who made a choice. */
enum eap_chooser {
    EAP_CHOSEN_BY_PLAYERS,   /* at the prompt, or with a button in the window */
    EAP_CHOSEN_BY_ANSWERS,   /* from an answers file (rehearsal, tests) */
    EAP_CHOSEN_BY_COUNTDOWN, /* the countdown ran out: the default option */
    EAP_CHOSEN_BY_LOG,       /* replayed from a session log */
    EAP_CHOOSER_COUNT
};

struct eap_exercise_choice {
    int32_t decision, option; /* indices into scn->decisions and its options */
    eap_time at;              /* simulated time the decision fell due and was taken */
    double wall;              /* seconds of wall-clock time since the session began */
    enum eap_chooser by;
    const char *who;          /* the decision's "decides", or who the facilitator named */
};

struct eap_exercise_observation {
    eap_time at; /* simulated time */
    double wall; /* seconds since the session began */
    const char *text;
};

/* Everything a session did, in order. Strings are owned by whoever built the record (the
 * session, or the log reader). */
struct eap_exercise_record {
    const struct eap_scenario *scn;
    uint64_t fingerprint; /* of the scenario file and its overrides (eap_study_fingerprint) */
    uint64_t seed, replication;
    bool replay; /* every input at its recorded value, as in eapsim run --replay */
    struct eap_exercise_choice *choices;
    size_t choice_count;
    struct eap_exercise_observation *observations;
    size_t observation_count;
    eap_time ended; /* simulated time the session ended */
    bool finished;  /* the run reached its end (false: the facilitator quit, or a signal) */
};

/* Name of a chooser as the log writes it ("players", "answers", "countdown", "log"). */
const char *eap_chooser_name(enum eap_chooser by);
bool eap_chooser_parse(const char *name, enum eap_chooser *out);

#endif
