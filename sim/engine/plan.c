/*
 * The plan as it runs: tripwires fire when their triggers hold and schedule their actions,
 * each an event of its own at that instant (so a decision or a steering call can come between
 * a trigger and what it sets off); threats start; decision points fall due and apply the
 * changes of the option taken. The steering operations of engine.h end up here.
 */
#include <assert.h>
#include <math.h>

#include "engine_internal.h"

/* --- actions --- */

/* Schedules an action of a tripwire that fired (or one started by a decision), unless it was
 * cancelled or has run. */
static void schedule_action(struct eap_engine *e, int32_t k, eap_time delay)
{
    struct action_state *as = &e->actions[k];
    if (as->status != ACTION_IDLE) {
        return;
    }
    delay += as->extra_delay;
    as->status = ACTION_PENDING;
    as->due = e->kernel.now + delay;
    as->ev = eap__schedule(e, delay, EV_ACTION, (uint32_t)k, 0);
}

/* Those of the party in the open at its main place go into the shelter. */
static void shelter(struct eap_engine *e, const struct eap_action *a)
{
    int32_t place = eap__party_main_place(e, a->party);
    int n = eap__move(e, a->party, loc_open(place), loc_shelter(e, place),
                      e->scn->parties[a->party].count);
    if (n > 0) {
        eap__emit(e, EAP_EV_SHELTER, place, a->party, EAP_NONE, n, 0);
    }
}

void eap__run_action(struct eap_engine *e, int32_t k)
{
    const struct eap_action *a = &e->scn->actions[k];
    e->actions[k].status = ACTION_RAN;
    e->actions[k].ev = EAP_NO_EVENT;
    switch (a->kind) {
    case EAP_ACT_REQUEST:
        eap__request_assets(e, k);
        break;
    case EAP_ACT_SHELTER:
        shelter(e, a);
        break;
    case EAP_ACT_DESTROY_CLASSIFIED: {
        eap_time d = eap__draw_ms(e, a->duration);
        struct lag lag = eap__lag_linear(a->duration, 0, 1);
        eap__emit(e, EAP_EV_DESTROY_START, a->place, EAP_NONE, EAP_NONE, (double)d, 0);
        eap__schedule_lag(e, d, &lag, EV_DESTROYED, (uint32_t)a->place, 0);
        break;
    }
    case EAP_ACT_FORM_CONVOY:
        eap__convoy_form(e, a->convoy, false);
        break;
    case EAP_ACT_MOVE:
        eap__convoy_form(e, a->convoy, true);
        break;
    case EAP_ACT_EVACUATE_BY_AIR:
    case EAP_ACT_EVACUATE_BY_SEA:
        eap__airlift_start(e, k);
        break;
    case EAP_ACT_WITHDRAW:
        for (size_t i = 0; i < a->asset_count; i++) {
            eap__withdraw(e, a->assets[i]);
        }
        break;
    case EAP_ACT_DRAW_DOWN: {
        struct lag lag = eap__lag_linear(a->duration, 0, 1);
        eap__schedule_lag(e, eap__draw_ms(e, a->duration), &lag, EV_DRAW_DOWN, (uint32_t)k, 0);
        break;
    }
    }
}

/* --- owners: tripwires, threats, decision points --- */

static void fire_tripwire(struct eap_engine *e, int32_t i)
{
    const struct eap_tripwire *t = &e->scn->tripwires[i];
    eap__emit(e, EAP_EV_TRIPWIRE, EAP_NONE, i, EAP_NONE, 0, 0);
    int32_t first = (int32_t)(t->actions - e->scn->actions);
    for (size_t k = 0; k < t->action_count; k++) {
        schedule_action(e, first + (int32_t)k, 0);
    }
}

/* The option taken when nobody is asked: the one the run was given, or the default. */
static int32_t unattended_choice(const struct eap_engine *e, int32_t d)
{
    int32_t o = e->opt.choices ? e->opt.choices[d] : EAP_NONE;
    return o != EAP_NONE ? o : e->scn->decisions[d].default_option;
}

static void decision_due(struct eap_engine *e, int32_t d)
{
    const struct eap_decision *dp = &e->scn->decisions[d];
    struct decision_state *ds = &e->decisions[d];
    ds->due = true;
    eap__emit(e, EAP_EV_DECISION, EAP_NONE, d, EAP_NONE, 0, 0);
    if (!e->opt.interactive) {
        eap__decide(e, d, unattended_choice(e, d), false);
        return;
    }
    if (dp->countdown > 0) {
        ds->timeout = eap__schedule(e, dp->countdown, EV_DECISION_TIMEOUT, (uint32_t)d, 0);
    }
    e->st.pending_decision = d;
    eap_kernel_stop(&e->kernel);
}

void eap__fire_owner(struct eap_engine *e, uint32_t owner)
{
    struct owner_state *o = &e->owners[owner];
    if (o->fired) {
        return;
    }
    o->fired = true;
    o->ev = EAP_NO_EVENT;
    if (o->unless_seen) {
        return; /* a fallback whose event came in time: not needed */
    }
    size_t tw = e->scn->tripwire_count, th = e->scn->threat_count;
    size_t ds = e->scn->decision_count;
    if (owner < tw) {
        fire_tripwire(e, (int32_t)owner);
    } else if (owner < tw + th) {
        eap__threat_start(e, (int32_t)(owner - tw));
    } else if (owner < tw + th + ds) {
        decision_due(e, (int32_t)(owner - tw - th));
    } else {
        eap__guards_walk(e, (int32_t)(owner - tw - th - ds));
    }
}

/* --- steering --- */

bool eap__start_action(struct eap_engine *e, int32_t k)
{
    struct action_state *as = &e->actions[k];
    if (as->status == ACTION_RAN) {
        return false;
    }
    if (as->status == ACTION_PENDING) {
        eap_kernel_cancel(&e->kernel, as->ev);
    }
    as->status = ACTION_IDLE;
    as->extra_delay = 0;
    schedule_action(e, k, 0);
    return true;
}

bool eap__cancel_action(struct eap_engine *e, int32_t k)
{
    struct action_state *as = &e->actions[k];
    if (as->status == ACTION_RAN) {
        return false;
    }
    if (as->status == ACTION_PENDING) {
        eap__cancel(e, &as->ev);
    }
    as->status = ACTION_CANCELLED;
    return true;
}

bool eap__delay_action(struct eap_engine *e, int32_t k, eap_time delay)
{
    struct action_state *as = &e->actions[k];
    if (as->status == ACTION_RAN || as->status == ACTION_CANCELLED) {
        return false;
    }
    if (as->status == ACTION_IDLE) {
        as->extra_delay += delay; /* its tripwire has not fired yet */
        return true;
    }
    eap_kernel_cancel(&e->kernel, as->ev);
    eap_time at = as->due + delay;
    as->due = at;
    as->ev = eap__schedule(e, at - e->kernel.now, EV_ACTION, (uint32_t)k, 0);
    return true;
}

bool eap__enable_tripwire(struct eap_engine *e, int32_t i)
{
    struct owner_state *o = &e->owners[i];
    const struct eap_trigger *t = &e->scn->tripwires[i].when;
    /* A quiet run has not watched for the tripwires that started disabled (engine.c). */
    assert(!e->st.quiet || e->scn->tripwires[i].enabled);
    if (o->fired) {
        return false;
    }
    if (!o->disabled || o->armed) {
        return true;
    }
    o->disabled = false;
    if (t->manual) {
        return true;
    }
    if (t->at_time) {
        /* A time already past counts from now. */
        eap_time at = t->at > e->kernel.now ? t->at : e->kernel.now;
        o->armed = true;
        struct lag lag = eap__lag_linear(t->delay, (double)(at - e->kernel.now), 1);
        o->ev = eap__schedule_lag(e, at - e->kernel.now + eap__draw_ms(e, t->delay), &lag,
                                  EV_FIRE_OWNER, (uint32_t)i, 0);
    } else if (o->met == (1u << t->count) - 1) {
        eap__arm(e, (uint32_t)i);
    }
    return true;
}

bool eap__disarm_tripwire(struct eap_engine *e, int32_t i)
{
    struct owner_state *o = &e->owners[i];
    if (o->fired) {
        return false;
    }
    eap__cancel(e, &o->ev);
    o->armed = false;
    o->disabled = true;
    return true;
}

bool eap__fire_tripwire(struct eap_engine *e, int32_t i)
{
    struct owner_state *o = &e->owners[i];
    if (o->fired) {
        return false;
    }
    eap_kernel_cancel(&e->kernel, o->ev);
    o->armed = true;
    o->disabled = false;
    o->ev = eap__schedule(e, 0, EV_FIRE_OWNER, (uint32_t)i, 0);
    return true;
}

/* --- decisions --- */

static void apply_change(struct eap_engine *e, const struct eap_change *ch)
{
    switch (ch->kind) {
    case EAP_CHANGE_SET_INPUT:
        eap__set_input_from(e, ch->target, ch->value);
        break;
    case EAP_CHANGE_SET_MOA:
        e->st.moa = ch->flag;
        break;
    case EAP_CHANGE_START:
        eap__start_action(e, ch->target);
        break;
    case EAP_CHANGE_CANCEL:
        eap__cancel_action(e, ch->target);
        break;
    case EAP_CHANGE_DELAY:
        eap__delay_action(e, ch->target, ch->delay);
        break;
    case EAP_CHANGE_ENABLE:
        eap__enable_tripwire(e, ch->target);
        break;
    case EAP_CHANGE_DISARM:
        eap__disarm_tripwire(e, ch->target);
        break;
    case EAP_CHANGE_FIRE:
        eap__fire_tripwire(e, ch->target);
        break;
    case EAP_CHANGE_KIND_COUNT:
        break;
    }
}

void eap__decide(struct eap_engine *e, int32_t d, int32_t option, bool by_default)
{
    const struct eap_option *o = &e->scn->decisions[d].options[option];
    struct decision_state *ds = &e->decisions[d];
    ds->option = option;
    eap__cancel(e, &ds->timeout);
    if (e->st.pending_decision == d) {
        e->st.pending_decision = EAP_NONE;
    }
    eap__emit(e, EAP_EV_DECIDED, EAP_NONE, d, option, by_default ? 1 : 0, 0);
    /* Changes that are not possible any more (an action that has run) are skipped: the
     * option does what can still be done from here. */
    for (size_t k = 0; k < o->change_count; k++) {
        apply_change(e, &o->changes[k]);
    }
}

void eap__decision_timeout(struct eap_engine *e, int32_t d)
{
    e->decisions[d].timeout = EAP_NO_EVENT;
    if (e->decisions[d].option == EAP_NONE) {
        eap__decide(e, d, e->scn->decisions[d].default_option, true);
    }
}
