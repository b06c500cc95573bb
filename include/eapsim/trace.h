/*
 * The trace: what happened when, as typed records in time order. It is the boundary
 * between the engine and everything that consumes a run (report, viz, batch): consumers read
 * the scenario and the trace, never the engine's internals. Event kinds and their fields
 * are listed with enum eap_event_kind in scenario.h.
 */
#ifndef EAPSIM_TRACE_H
#define EAPSIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/clock.h"
#include "eapsim/scenario.h"

struct eap_trace_event {
    eap_time time;
    uint16_t kind;   /* enum eap_event_kind */
    int16_t place;   /* EAP_NONE when none */
    int32_t subject; /* entity named by eap_event_subject_role(kind), or EAP_NONE */
    int32_t object;  /* second entity, per kind, or EAP_NONE */
    double value, value2;
};

struct eap_trace {
    struct eap_trace_event *events;
    size_t count, cap;
    bool oom; /* an append failed for lack of memory; the trace is incomplete */
};

/* A zeroed struct is an empty trace. Free with eap_trace_finish(). */
void eap_trace_init(struct eap_trace *t);
void eap_trace_finish(struct eap_trace *t);

/* Empties the trace, keeping its memory. */
static inline void eap_trace_clear(struct eap_trace *t)
{
    t->count = 0;
    t->oom = false;
}

/* Appends a record (amortised O(1); grows by doubling). On failure sets t->oom. */
void eap_trace_append(struct eap_trace *t, const struct eap_trace_event *ev);

/* Whether an event meets a condition: its kind, and its subject and place where the condition
 * names them (EAP_NONE matches anything). */
static inline bool eap_condition_matches(const struct eap_condition *c,
                                         const struct eap_trace_event *ev)
{
    return ev->kind == (uint16_t)c->event &&
           (c->subject == EAP_NONE || ev->subject == c->subject) &&
           (c->place == EAP_NONE || ev->place == c->place);
}

/* Index of the first event at or after `from` matching the condition, or -1. */
long eap_trace_find(const struct eap_trace *t, const struct eap_condition *c, size_t from);

/* Whether a timeline or event log shows the event. Every event does but a departure that goes
 * nowhere (a leg that starts and ends at one place, as for an aircraft kept at the base it is
 * needed at): it would say "under way" of an asset that stays put, at the same instant as the
 * line saying it is ready there. Exports of the trace's data (JSON, CSV) keep every event. */
bool eap_trace_in_timeline(const struct eap_trace_event *ev);

/* One line describing the event for people, without its time, e.g.
 * "Unarmed MQ-1 Predator on station over Special Mission Compound". Every consumer that shows
 * an event uses it; the rules of its wording are in trace.c. Writes at most len bytes,
 * truncating a longer line. */
void eap_trace_describe(const struct eap_scenario *scn, const struct eap_trace_event *ev, char *buf,
                        size_t len);

#endif
