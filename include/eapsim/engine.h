/*
 * The EAP engine: plays a scenario out as a discrete-event simulation, writing the trace and
 * the outcome metrics of one replication.
 *
 * An engine borrows a const scenario and owns its kernel, state and trace; it is created once
 * and reset for every replication, so a batch allocates nothing per replication or per event
 * once warmed up. Replication r of seed s draws every input from its own stream (s, r, i)
 * (see rng.h), so results do not depend on which thread or rank runs them, and changing one
 * input leaves the draws of the others alone.
 */
#ifndef EAPSIM_ENGINE_H
#define EAPSIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/error.h"
#include "eapsim/scenario.h"
#include "eapsim/trace.h"

struct eap_engine;

struct eap_engine_options {
    bool replay;                /* every input at its recorded value (or median) */
    eap_time until;             /* stop here; 0: the scenario's horizon */
    const double *fixed_inputs; /* NULL, or one value per input (NAN: not fixed), in base
                                   units; used by sensitivity studies */
};

/* Units of metric values (all int64_t, so sums are exact and order-free). */
enum eap_metric_unit {
    EAP_MU_DURATION,    /* milliseconds */
    EAP_MU_PERSON_TIME, /* person-milliseconds */
    EAP_MU_COUNT,
    EAP_MU_FLAG, /* 0 or 1: a yes/no outcome */
};

/* A metric value that did not come about (a party never safe, an asset never on scene). */
#define EAP_METRIC_MISSING INT64_MIN

struct eap_metric_def {
    char name[96];   /* "time_all_safe", "safe_time/embassy_staff", "milestone/drone_overhead" */
    char label[160]; /* for people */
    enum eap_metric_unit unit;
    bool has_recorded;
    int64_t recorded; /* the record's value, e.g. a milestone's time */
};

/* Creates an engine for scn (borrowed; it must outlive the engine). Returns NULL with err
 * set when memory runs out. */
struct eap_engine *eap_engine_create(const struct eap_scenario *scn, struct eap_error *err);
void eap_engine_destroy(struct eap_engine *e);

/* The metrics every run yields, in a fixed order that depends only on the scenario. */
size_t eap_engine_metric_count(const struct eap_engine *e);
const struct eap_metric_def *eap_engine_metric_defs(const struct eap_engine *e);

/* Starts replication `replication` of `seed`. opt may be NULL (sampled, to the horizon). */
void eap_engine_reset(struct eap_engine *e, uint64_t seed, uint64_t replication,
                      const struct eap_engine_options *opt);

/* Runs one event. Returns false when the run is over (horizon, `until`, or nothing left). */
bool eap_engine_step(struct eap_engine *e);

/* Runs events up to and including time t (or the end). */
void eap_engine_run_until(struct eap_engine *e, eap_time t);

/* Runs to the end of the replication. Returns false when memory ran out (the trace or the
 * kernel could not grow); err then says so. */
bool eap_engine_run(struct eap_engine *e, struct eap_error *err);

/* Current simulation time. */
eap_time eap_engine_now(const struct eap_engine *e);

/* The trace of the current replication, valid until the next reset. */
const struct eap_trace *eap_engine_trace(const struct eap_engine *e);

/* Writes the metric values of the current replication (after eap_engine_run) into
 * values[eap_engine_metric_count()]. */
void eap_engine_metrics(const struct eap_engine *e, int64_t *values);

/* Events the kernel ran in the current replication. */
uint64_t eap_engine_events(const struct eap_engine *e);

#endif
