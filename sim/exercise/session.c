/*
 * A session: an interactive engine and the record of what was done with it. The clock
 * advances in steps no longer than EAP_EXERCISE_STEP so that injects following model events
 * are seen soon after they fall due, stops at every decision, and stands still until it is
 * answered. Going back and resuming rebuild the run from the record (rebuild.c).
 */
#include <stdlib.h>
#include <string.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"

struct eap_exercise_session {
    struct eap_exercise_record rec;
    struct eap_engine *e;
    eap_time *times; /* per inject: when it falls due in the run so far (scratch) */
    bool *shown;     /* per inject: in rec.shown */
    int32_t *order;  /* scratch for eap__due_injects */
    size_t new_first, new_count;
};

static bool oom(struct eap_error *err)
{
    return eap_error_set(err, EAP_ENOMEM, "out of memory in the exercise session");
}

/* A session with its engine and scratch, the record empty. */
static struct eap_exercise_session *create(const struct eap_scenario *scn, struct eap_error *err)
{
    struct eap_exercise_session *s = calloc(1, sizeof(*s));
    size_t n = scn->inject_count + 1;
    if (s) {
        s->times = calloc(n, sizeof(*s->times));
        s->shown = calloc(n, sizeof(*s->shown));
        s->order = calloc(n, sizeof(*s->order));
        s->e = eap_engine_create(scn, err);
    }
    if (!s || !s->times || !s->shown || !s->order || !s->e) {
        eap_exercise_destroy(s);
        oom(err);
        return NULL;
    }
    return s;
}

void eap_exercise_destroy(struct eap_exercise_session *s)
{
    if (s) {
        eap_engine_destroy(s->e);
        eap_exercise_record_finish(&s->rec);
        free(s->times);
        free(s->shown);
        free(s->order);
        free(s);
    }
}

struct eap_exercise_session *eap_exercise_start(const struct eap_exercise_setup *setup,
                                                struct eap_error *err)
{
    struct eap_exercise_session *s = create(setup->scn, err);
    if (s && !eap__record_setup(&s->rec, setup)) {
        eap_exercise_destroy(s);
        oom(err);
        return NULL;
    }
    if (s && !eap__rebuild(s->e, &s->rec, 0, false, 0, false, err)) {
        eap_exercise_destroy(s);
        return NULL;
    }
    return s;
}

/* After a rebuild: the shown injects are those due by now, with the wall times the record
 * gave them (an inject shown again after going back keeps the time it was first shown). */
static bool resync_shown(struct eap_exercise_session *s)
{
    const struct eap_scenario *scn = s->rec.scn;
    eap_exercise_inject_times(scn, eap_engine_trace(s->e), s->times);
    size_t n = eap__due_injects(scn, s->times, eap_engine_now(s->e), s->order);
    struct eap_exercise_record old = s->rec;
    s->rec.shown = NULL;
    s->rec.shown_count = s->rec.cap_shown = 0;
    memset(s->shown, 0, scn->inject_count * sizeof(*s->shown));
    bool ok = true;
    for (size_t k = 0; ok && k < n; k++) {
        int32_t i = s->order[k];
        double wall = 0;
        for (size_t j = 0; j < old.shown_count; j++) {
            wall = old.shown[j].inject == i ? old.shown[j].wall : wall;
        }
        ok = eap__record_add_shown(&s->rec, i, s->times[i], wall);
        s->shown[i] = true;
    }
    free(old.shown);
    s->new_first = s->new_count = 0;
    return ok;
}

struct eap_exercise_session *eap_exercise_resume(const struct eap_exercise_record *rec,
                                                 struct eap_error *err)
{
    struct eap_exercise_session *s = create(rec->scn, err);
    if (!s) {
        return NULL;
    }
    if (!eap_exercise_record_copy(&s->rec, rec)) {
        eap_exercise_destroy(s);
        oom(err);
        return NULL;
    }
    eap_time until = rec->finished ? EAP_TIME_MAX : rec->ended;
    if (!eap__rebuild(s->e, &s->rec, rec->choice_count, false, until, false, err)) {
        eap_exercise_destroy(s);
        return NULL;
    }
    if (!resync_shown(s)) {
        eap_exercise_destroy(s);
        oom(err);
        return NULL;
    }
    s->rec.finished = eap_engine_ended(s->e);
    return s;
}

/* Adds the injects that have fallen due and were not shown yet; returns how many. */
static size_t show_due(struct eap_exercise_session *s, double wall, bool *ok)
{
    const struct eap_scenario *scn = s->rec.scn;
    eap_exercise_inject_times(scn, eap_engine_trace(s->e), s->times);
    size_t n = eap__due_injects(scn, s->times, eap_engine_now(s->e), s->order), added = 0;
    s->new_first = s->rec.shown_count;
    for (size_t k = 0; k < n && *ok; k++) {
        int32_t i = s->order[k];
        if (!s->shown[i]) {
            *ok = eap__record_add_shown(&s->rec, i, s->times[i], wall);
            s->shown[i] = *ok;
            added += *ok;
        }
    }
    s->new_count = added;
    return added;
}

/* The next time the clock must stop at: t, a step on, or an inject known to fall due. */
static eap_time next_stop(const struct eap_exercise_session *s, eap_time t)
{
    eap_time now = eap_engine_now(s->e);
    eap_time stop = t < now + EAP_EXERCISE_STEP ? t : now + EAP_EXERCISE_STEP;
    for (size_t i = 0; i < s->rec.scn->inject_count; i++) {
        if (!s->shown[i] && s->times[i] > now && s->times[i] < stop) {
            stop = s->times[i];
        }
    }
    return stop;
}

enum eap_exercise_stop eap_exercise_advance(struct eap_exercise_session *s, eap_time t, double wall,
                                            struct eap_error *err)
{
    s->new_count = 0;
    for (;;) {
        /* Cards first: the message that the attack has begun comes before the question
         * what to do about it. */
        bool ok = true;
        if (show_due(s, wall, &ok) > 0 || !ok) {
            return ok ? EAP_EXERCISE_INJECTS : (oom(err), EAP_EXERCISE_FAILED);
        }
        if (eap_engine_pending_decision(s->e) != EAP_NONE) {
            return EAP_EXERCISE_DECISION;
        }
        if (eap_engine_ended(s->e)) {
            s->rec.finished = true;
            eap_exercise_mark(s, wall);
            return EAP_EXERCISE_ENDED;
        }
        if (eap_engine_now(s->e) >= t) {
            return EAP_EXERCISE_REACHED;
        }
        if (eap_engine_run_until(s->e, next_stop(s, t), err) == EAP_RUN_FAILED) {
            return EAP_EXERCISE_FAILED;
        }
    }
}

size_t eap_exercise_new_injects(const struct eap_exercise_session *s, size_t *first)
{
    *first = s->new_first;
    return s->new_count;
}

int32_t eap_exercise_pending(const struct eap_exercise_session *s)
{
    return eap_engine_pending_decision(s->e);
}

bool eap_exercise_choose(struct eap_exercise_session *s, int32_t option, enum eap_chooser by,
                         const char *who, double wall, struct eap_error *err)
{
    int32_t d = eap_engine_pending_decision(s->e);
    if (d == EAP_NONE) {
        return eap_error_set(err, EAP_EINPUT, "no decision waits for a choice");
    }
    const struct eap_decision *dp = &s->rec.scn->decisions[d];
    struct eap_exercise_choice c = {d,    option, eap_engine_now(s->e),
                                    wall, by,     (char *)(who ? who : dp->decides)};
    /* Recorded first, so a choice the engine takes is never missing from the record. */
    if (!eap__record_add_choice(&s->rec, &c)) {
        return oom(err);
    }
    if (!eap_engine_decide(s->e, d, option, err)) {
        eap__record_drop_choice(&s->rec);
        return false;
    }
    return true;
}

bool eap_exercise_back(struct eap_exercise_session *s, struct eap_error *err)
{
    if (s->rec.choice_count == 0) {
        return eap_error_set(err, EAP_EINPUT,
                             "there is no earlier decision to go back to: nothing has been "
                             "chosen yet");
    }
    eap__record_drop_choice(&s->rec);
    s->rec.finished = false;
    if (!eap__rebuild(s->e, &s->rec, s->rec.choice_count, true, 0, false, err)) {
        return false;
    }
    return resync_shown(s) || oom(err);
}

bool eap_exercise_observe(struct eap_exercise_session *s, const char *text, bool flagged,
                          double wall, struct eap_error *err)
{
    struct eap_exercise_observation o = {eap_engine_now(s->e), wall, (char *)text, flagged};
    return eap__record_add_observation(&s->rec, &o) || oom(err);
}

void eap_exercise_mark(struct eap_exercise_session *s, double wall)
{
    s->rec.ended = eap_engine_now(s->e);
    s->rec.wall_ended = wall;
    s->rec.finished = eap_engine_ended(s->e);
}

const struct eap_exercise_record *eap_exercise_session_record(const struct eap_exercise_session *s)
{
    return &s->rec;
}

const struct eap_engine *eap_exercise_engine(const struct eap_exercise_session *s)
{
    return s->e;
}

eap_time eap_exercise_now(const struct eap_exercise_session *s)
{
    return eap_engine_now(s->e);
}
