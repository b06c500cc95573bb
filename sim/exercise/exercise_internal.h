/*
 * Private to sim/exercise: what the session, the log, the answers check and the after-action
 * report share. The record grows through these helpers, and every part rebuilds a session's
 * run from a record the same way (rebuild.c), so a session gone back to, resumed, replayed or
 * reported is the same run.
 */
#ifndef EAPSIM_EXERCISE_INTERNAL_H
#define EAPSIM_EXERCISE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/engine.h"
#include "eapsim/error.h"
#include "eapsim/exercise.h"

/* ---- the record (record.c) ---- */

/* Appends to the record; false when memory runs out (nothing is added). Strings are copied;
 * who and text may be NULL ("" is kept). */
bool eap__record_add_shown(struct eap_exercise_record *r, int32_t inject, eap_time at, double wall);
bool eap__record_add_choice(struct eap_exercise_record *r, const struct eap_exercise_choice *c);
bool eap__record_add_observation(struct eap_exercise_record *r,
                                 const struct eap_exercise_observation *o);
/* Sets the run's parameters and copies the overrides. False when memory runs out. */
bool eap__record_setup(struct eap_exercise_record *r, const struct eap_exercise_setup *s);
/* Withdraws the last choice. */
void eap__record_drop_choice(struct eap_exercise_record *r);

/* Copies text into a fixed field, cut at a UTF-8 boundary when it does not fit. */
void eap__copy_text(char *dst, size_t len, const char *src);

/* ---- rebuilding a run from a record (rebuild.c) ---- */

/* Resets e (an engine of rec->scn) to the record's run, interactive, and takes the record's
 * first n choices again, each where its decision falls due. Then, with at_next, it stops where
 * the next decision falls due (which then waits); otherwise it runs to `until`, where a
 * decision may be left waiting (EAP_TIME_MAX: to the end). track: remember what is under way,
 * so the engine can be snapshotted to branch from. False with err (EAP_EINPUT) when the
 * record does not fit the run, EAP_ENOMEM when memory runs out. */
bool eap__rebuild(struct eap_engine *e, const struct eap_exercise_record *rec, size_t n,
                  bool at_next, eap_time until, bool track, struct eap_error *err);

/* The injects due at or before the engine's now, in the order they fell due (time, then MSEL
 * number), into order[] (scn->inject_count entries, times[] as eap_exercise_inject_times
 * gives them); returns how many. */
size_t eap__due_injects(const struct eap_scenario *scn, const eap_time *times, eap_time now,
                        int32_t *order);

/* ---- positions in JSON text (json_at.c) ---- */

/* The byte offset of the value a JSON pointer ("/decisions/2/choice") names in text that
 * parsed as JSON; where a key or index is missing, the offset of the nearest enclosing value.
 * O(len). */
size_t eap__json_at(const char *t, size_t len, const char *pointer);
/* The 1-based line and column (in characters) of a byte offset. */
void eap__json_line_col(const char *t, size_t len, size_t off, int *line, int *col);

#endif
