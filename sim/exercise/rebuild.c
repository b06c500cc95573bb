/*
 * A session's run rebuilt from its record: reset the engine as the session did, and take
 * every recorded choice again where its decision falls due. Runs are deterministic and take
 * microseconds, so going back, resuming, replaying and reporting all start from the record
 * rather than from snapshots, and a record that does not fit the run (a log edited by hand,
 * or of a run the scenario no longer gives) is refused instead of played wrong.
 */
#include <stdio.h>
#include <stdlib.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"

/* Takes the record's choice i at decision d, which has just fallen due. */
static bool take(struct eap_engine *e, const struct eap_exercise_record *rec, size_t i, int32_t d,
                 struct eap_error *err)
{
    const struct eap_scenario *scn = rec->scn;
    const struct eap_exercise_choice *c = &rec->choices[i];
    eap_time now = eap_engine_now(e);
    if (c->decision != d || c->at != now) {
        char want[48], got[48];
        eap_clock_format_moment(&scn->clock, c->at, want, sizeof(want));
        eap_clock_format_moment(&scn->clock, now, got, sizeof(got));
        return eap_error_set(err, EAP_EINPUT,
                             "the record does not fit the run: its choice %zu is for decision "
                             "\"%s\" at %s, but decision \"%s\" falls due first, at %s",
                             i + 1, scn->decisions[c->decision].id, want, scn->decisions[d].id,
                             got);
    }
    return eap_engine_decide(e, d, c->option, err);
}

static bool left_open(const struct eap_exercise_record *rec, int32_t d, eap_time now,
                      eap_time until, struct eap_error *err)
{
    char at[48], end[48];
    eap_clock_format_moment(&rec->scn->clock, now, at, sizeof(at));
    eap_clock_format_moment(&rec->scn->clock, until, end, sizeof(end));
    return eap_error_set(err, EAP_EINPUT,
                         "the record does not fit the run: decision \"%s\" falls due at %s and "
                         "the record has no choice for it, though it goes on to %s",
                         rec->scn->decisions[d].id, at, end);
}

static bool never_comes(const struct eap_exercise_record *rec, size_t i, struct eap_error *err)
{
    const struct eap_exercise_choice *c = &rec->choices[i];
    char at[48];
    eap_clock_format_moment(&rec->scn->clock, c->at, at, sizeof(at));
    return eap_error_set(err, EAP_EINPUT,
                         "the record does not fit the run: decision \"%s\" (its choice %zu, at "
                         "%s) never falls due",
                         rec->scn->decisions[c->decision].id, i + 1, at);
}

bool eap__rebuild(struct eap_engine *e, const struct eap_exercise_record *rec, size_t n,
                  bool at_next, eap_time until, bool track, struct eap_error *err)
{
    struct eap_engine_options opt = {.replay = rec->replay, .interactive = true, .track = track};
    eap_engine_reset(e, rec->seed, rec->replication, &opt);
    size_t i = 0;
    for (;;) {
        enum eap_run_status st = eap_engine_run_until(e, at_next ? EAP_TIME_MAX : until, err);
        if (st == EAP_RUN_FAILED) {
            return false;
        }
        if (st == EAP_RUN_DECISION) {
            int32_t d = eap_engine_pending_decision(e);
            if (i < n) {
                if (!take(e, rec, i++, d, err)) {
                    return false;
                }
                continue;
            }
            return at_next || eap_engine_now(e) == until ||
                   left_open(rec, d, eap_engine_now(e), until, err);
        }
        if (i < n) {
            return never_comes(rec, i, err);
        }
        /* Going back to a decision that was taken: it falls due again, so this is a bug. */
        return !at_next ||
               eap_error_set(err, EAP_EINTERNAL, "the run ends before the decision to go back to");
    }
}

size_t eap__due_injects(const struct eap_scenario *scn, const eap_time *times, eap_time now,
                        int32_t *order)
{
    size_t n = 0;
    for (size_t i = 0; i < scn->inject_count; i++) {
        if (times[i] >= 0 && times[i] <= now) {
            /* Insertion by time; injects are in MSEL number order already, so ties keep it. */
            size_t k = n++;
            while (k > 0 && times[order[k - 1]] > times[i]) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = (int32_t)i;
        }
    }
    return n;
}

struct eap_engine *eap_exercise_history(const struct eap_exercise_record *rec, eap_time t,
                                        struct eap_error *err)
{
    size_t n = 0;
    while (n < rec->choice_count && rec->choices[n].at <= t) {
        n++;
    }
    struct eap_engine *e = eap_engine_create(rec->scn, err);
    if (!e) {
        return NULL;
    }
    struct eap_engine *snap = NULL;
    if (eap__rebuild(e, rec, n, false, t, true, err)) {
        snap = eap_engine_snapshot(e, err);
    }
    eap_engine_destroy(e);
    return snap;
}
