/*
 * The EAP engine: plays a scenario out as a discrete-event simulation, writing the trace and
 * the outcome metrics of one replication. It is a library that others drive: the batch runs
 * it to the end thousands of times, the viewer and the exercise mode pause it, steer it and
 * fork it.
 *
 * An engine borrows a const scenario and owns its kernel, state and trace; it is created once
 * and reset for every replication, so a batch allocates nothing per replication or per event
 * once warmed up. Replication r of seed s draws every input from its own stream (s, r, i)
 * (see rng.h), so results do not depend on which thread or rank runs them, and changing one
 * input leaves the draws of the others alone. Inputs are drawn when the model first needs
 * them, not at reset, so a change made at time t affects only what is drawn after t.
 *
 * Run control is shaped like libuv's uv_run: eap_engine_run_until() runs every event up to a
 * time and stops there (or earlier, at a decision point or the end), and any sequence of
 * run_until calls gives the same trace and metrics, byte for byte, as one straight run.
 */
#ifndef EAPSIM_ENGINE_H
#define EAPSIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/error.h"
#include "eapsim/metrics.h"
#include "eapsim/scenario.h"
#include "eapsim/trace.h"

struct eap_engine;

struct eap_engine_options {
    bool replay;                /* every input at its recorded value (or median), and the
                                   random processes as the record has them */
    const double *fixed_inputs; /* NULL, or one value per input (NAN: not fixed), in base
                                   units; used by sensitivity studies */
    bool interactive;           /* stop at decision points (EAP_RUN_DECISION) and wait for
                                   eap_engine_decide(); otherwise each takes `choices` */
    const int32_t *choices;     /* NULL, or per decision point the option to take when not
                                   interactive (EAP_NONE: its default) */
    bool track;                 /* remember how every pending delay was drawn, so that
                                   eap_engine_snapshot() can fork this run */
    bool untraced;              /* record no trace (batch runs need only the metrics, which
                                   are the same): eap_engine_trace() stays empty */
    bool unsteered;             /* a promise: nothing steers this run (no enable, fire,
                                   disarm, decide, set-input call), no branch starts from it
                                   and only its metrics are read, so it may skip watching for
                                   tripwires that start disabled when its decisions enable
                                   none, and decision points whose option changes nothing
                                   (their due and taken are then not kept): batch runs */
};

/* What a run call stopped at. */
enum eap_run_status {
    EAP_RUN_REACHED,  /* every event up to the time asked for has run; now is that time */
    EAP_RUN_ENDED,    /* the run is over: the horizon, and the outcome is final */
    EAP_RUN_DECISION, /* a decision point fell due (interactive runs): see
                         eap_engine_pending_decision() */
    EAP_RUN_FAILED,   /* out of memory: the trace or the kernel could not grow */
};

/* Creates an engine for scn (borrowed; it must outlive the engine). Returns NULL with err
 * set when memory runs out. */
struct eap_engine *eap_engine_create(const struct eap_scenario *scn, struct eap_error *err);
void eap_engine_destroy(struct eap_engine *e);

/* Starts replication `replication` of `seed`. opt may be NULL (sampled, to the horizon,
 * decisions at their defaults). opt is copied; fixed_inputs and choices are borrowed. */
void eap_engine_reset(struct eap_engine *e, uint64_t seed, uint64_t replication,
                      const struct eap_engine_options *opt);

/* Runs every event with time <= t, then sets now to t. Stops earlier at the end of the run,
 * at a decision point that falls due in an interactive run (after the event that made it
 * due; the events left at that instant run on the next call), or on failure (err says so).
 * Events are never dropped or reordered by stopping. */
enum eap_run_status eap_engine_run_until(struct eap_engine *e, eap_time t, struct eap_error *err);

/* Runs to the end of the replication (in an interactive run, also stops at a decision
 * point: check eap_engine_pending_decision()). Returns false when memory ran out; err then
 * says so. */
bool eap_engine_run(struct eap_engine *e, struct eap_error *err);

/* True once the run is over (the horizon has passed). */
bool eap_engine_ended(const struct eap_engine *e);

/* The end of the run. It can be moved while the run is paused, to any time after now;
 * false (nothing changes) when the run is over or t is not after now. */
eap_time eap_engine_horizon(const struct eap_engine *e);
bool eap_engine_set_horizon(struct eap_engine *e, eap_time t);

/* --- steering: changes from now on; what happened before now stays as it was --- */

/* Future draws of `input` take `value` (base units; NAN: back to the scenario's
 * distribution). A draw made before now is not redone. */
void eap_engine_set_input(struct eap_engine *e, int32_t input, double value);
/* Future draws of `input` come from the distribution of input `from` (its recorded value in
 * a replay), still on `input`'s own stream. */
void eap_engine_set_input_from(struct eap_engine *e, int32_t input, int32_t from);
/* Whether the request chain works with a memorandum of agreement for hops started later. */
void eap_engine_set_moa(struct eap_engine *e, bool moa);

/* Plan actions, by index in scn->actions (eap_scenario_find_action() maps ids). Each
 * returns false with err set when the change cannot be made (the action has already run,
 * or was cancelled). start: runs it now (in an event of its own at this instant); cancel:
 * it never runs; delay: it runs `delay` later than it would have (now or later). */
bool eap_engine_start_action(struct eap_engine *e, int32_t action, struct eap_error *err);
bool eap_engine_cancel_action(struct eap_engine *e, int32_t action, struct eap_error *err);
bool eap_engine_delay_action(struct eap_engine *e, int32_t action, eap_time delay,
                             struct eap_error *err);

/* Tripwires, by index. enable: armed from now (fires when its trigger holds, at once if it
 * already held); disarm: never fires; fire: fires now. False with err when it has fired
 * already. */
bool eap_engine_enable_tripwire(struct eap_engine *e, int32_t tripwire, struct eap_error *err);
bool eap_engine_disarm_tripwire(struct eap_engine *e, int32_t tripwire, struct eap_error *err);
bool eap_engine_fire_tripwire(struct eap_engine *e, int32_t tripwire, struct eap_error *err);

/* --- decision points --- */

/* The decision point the run stopped at and still waits for, or EAP_NONE. */
int32_t eap_engine_pending_decision(const struct eap_engine *e);

/* Whether decision point d has fallen due, and the option taken (EAP_NONE: not yet). */
bool eap_engine_decision_due(const struct eap_engine *e, int32_t d);
int32_t eap_engine_decision_taken(const struct eap_engine *e, int32_t d);

/* Takes option `option` of decision point d now: its changes apply from this instant. False
 * with err when d is not due, already decided, or option is not one of its options. */
bool eap_engine_decide(struct eap_engine *e, int32_t d, int32_t option, struct eap_error *err);

/* --- forks --- */

/* A copy of the engine as it stands (paused, or stopped at a decision point), to branch
 * from; the copy is an engine of its own (destroy it with eap_engine_destroy()). The run
 * must have been reset with opt.track for its branches to resample what is under way.
 * NULL with err when memory runs out. */
struct eap_engine *eap_engine_snapshot(const struct eap_engine *e, struct eap_error *err);

/* Makes e a branch of snapshot `from` (an engine of the same scenario): the same history up
 * to from's now, continued as replication `replication` of `seed` under opt (replay false:
 * sampled). Every delay under way at that instant whose end the history has not seen (a
 * drone still flying, a perimeter still holding) is redrawn on the branch's streams
 * conditional on having lasted that long; road incidents and breakdowns ahead of a moving
 * convoy are redrawn (they are memoryless); everything else in the history stays. Returns
 * false with err when memory runs out. */
bool eap_engine_branch(struct eap_engine *e, const struct eap_engine *from, uint64_t seed,
                       uint64_t replication, const struct eap_engine_options *opt,
                       struct eap_error *err);

/* --- reading --- */

/* The scenario the engine runs (borrowed at creation). */
const struct eap_scenario *eap_engine_scenario(const struct eap_engine *e);

/* Current simulation time. */
eap_time eap_engine_now(const struct eap_engine *e);

/* The trace of the current replication, valid until the next reset. */
const struct eap_trace *eap_engine_trace(const struct eap_engine *e);

/* Writes the metric values of the current replication into values[scn->metric_count], in
 * the order of the scenario's metric schema (metrics.h). After the end they are final; on a
 * paused run they describe the run so far (exposure up to now, nothing missing that has not
 * happened yet counts as missing). */
void eap_engine_metrics(const struct eap_engine *e, int64_t *values);

/* Events the kernel ran in the current replication. */
uint64_t eap_engine_events(const struct eap_engine *e);

#endif
