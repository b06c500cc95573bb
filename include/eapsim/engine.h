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

/* Creates an engine for scn (borrowed; it must outlive the engine). Returns NULL with err
 * set when memory runs out. */
struct eap_engine *eap_engine_create(const struct eap_scenario *scn, struct eap_error *err);
void eap_engine_destroy(struct eap_engine *e);

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

/* The scenario the engine runs (borrowed at creation). */
const struct eap_scenario *eap_engine_scenario(const struct eap_engine *e);

/* Current simulation time. */
eap_time eap_engine_now(const struct eap_engine *e);

/* The trace of the current replication, valid until the next reset. */
const struct eap_trace *eap_engine_trace(const struct eap_engine *e);

/* Writes the metric values of the current replication (after eap_engine_run) into
 * values[scn->metric_count], in the order of the scenario's metric schema (metrics.h). */
void eap_engine_metrics(const struct eap_engine *e, int64_t *values);

/* Events the kernel ran in the current replication. */
uint64_t eap_engine_events(const struct eap_engine *e);

#endif
