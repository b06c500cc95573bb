/*
 * Threats against places: attack waves (the perimeter holds for a time set by the place's
 * protection and the attacking force, then the safe room for another), arson (the shelter
 * becomes untenable after a time set by fire safety), and indirect fire. Casualties fall on
 * the people exposed at that moment, split over parties in proportion to their numbers.
 */
#include <math.h>

#include "engine_internal.h"

/* Hold time of a protection layer against this force: twice the reference force holds half
 * as long. A place without the layer does not hold at all. *lag says how it was drawn. */
static eap_time hold_time(struct eap_engine *e, const struct eap_place *p, int32_t layer,
                          double force, struct lag *lag)
{
    *lag = eap__lag_linear(layer, 0, 1);
    if (layer == EAP_NONE) {
        return 0;
    }
    double ms = (double)eap__draw_ms(e, layer);
    if (p->reference_force > 0 && force > 0) {
        ms *= p->reference_force / force;
        lag->b = p->reference_force / force;
    }
    return to_ticks(ms);
}

/* Eligible members of party i for a casualty: at the place (with the sheltered filter) or
 * in the convoy. */
static int eligible(const struct eap_engine *e, size_t i, int32_t place, int32_t convoy,
                    int sheltered)
{
    const struct party_state *p = &e->parties[i];
    if (convoy != EAP_NONE) {
        return p->convoy == convoy ? p->in_convoy : 0;
    }
    if (sheltered >= 0 && (int)(p->sheltered_at == place) != sheltered) {
        return 0;
    }
    return party_here(e, (int32_t)i)[place];
}

/* Splits n casualties over the parties by largest remainder: each party gets its
 * proportional share of the eligible people, rounded down, and the leftover casualties go to
 * the parties with the largest fractions (ties: list order). Fills e->share. */
static void split_casualties(struct eap_engine *e, int32_t place, int32_t convoy, int sheltered,
                             int n, int total)
{
    size_t np = e->scn->party_count;
    int given = 0, *share = e->share;
    double *frac = e->frac;
    for (size_t i = 0; i < np; i++) {
        double exact = (double)n * eligible(e, i, place, convoy, sheltered) / total;
        share[i] = (int)floor(exact);
        frac[i] = exact - share[i];
        given += share[i];
    }
    while (given < n) {
        size_t best = np;
        for (size_t i = 0; i < np; i++) {
            if (share[i] < eligible(e, i, place, convoy, sheltered) &&
                (best == np || frac[i] > frac[best])) {
                best = i;
            }
        }
        if (best == np) {
            break;
        }
        share[best]++;
        frac[best] = -1;
        given++;
    }
}

void eap__inflict(struct eap_engine *e, int32_t place, int32_t convoy, int sheltered, int n,
                  int32_t threat)
{
    const struct eap_scenario *s = e->scn;
    int total = 0;
    for (size_t i = 0; i < s->party_count; i++) {
        total += eligible(e, i, place, convoy, sheltered);
    }
    n = n < total ? n : total;
    if (n <= 0) {
        return;
    }
    split_casualties(e, place, convoy, sheltered, n, total);
    for (size_t i = 0; i < s->party_count; i++) {
        int k = e->share[i];
        if (k == 0) {
            continue;
        }
        struct party_state *p = &e->parties[i];
        if (convoy != EAP_NONE) {
            p->in_convoy -= k;
        } else {
            party_here(e, (int32_t)i)[place] -= k;
        }
        p->dead += k;
        e->st.casualties += k;
        eap__emit(e, EAP_EV_CASUALTIES, convoy != EAP_NONE ? EAP_NONE : place, (int32_t)i, threat,
                  k, 0);
        eap__party_check_safe(e, (int32_t)i, place);
    }
}

/* The safe room's hold starts once the perimeter is down, if the place has a safe room that
 * still stands. */
static void schedule_safe_room(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    const struct eap_place *p = &e->scn->places[th->place];
    struct threat_state *ts = &e->threats[t];
    if (p->safe_room_hold == EAP_NONE || e->places[th->place].safe_room_breached) {
        return;
    }
    struct lag lag;
    eap_time hold = hold_time(e, p, p->safe_room_hold, ts->force, &lag);
    ts->safe_room_ev = eap__schedule_lag(e, hold, &lag, EV_SAFE_ROOM, (uint32_t)t, 0);
}

static void start_attack(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    const struct eap_place *p = &e->scn->places[th->place];
    struct threat_state *ts = &e->threats[t];
    ts->force = th->force != EAP_NONE ? eap__draw(e, th->force) : 0;
    eap__emit(e, EAP_EV_ATTACK_START, th->place, t, EAP_NONE, ts->force, 0);
    if (e->places[th->place].breached) {
        schedule_safe_room(e, t);
    } else {
        struct lag lag;
        eap_time hold = hold_time(e, p, p->perimeter_hold, ts->force, &lag);
        ts->breach_ev = eap__schedule_lag(e, hold, &lag, EV_BREACH, (uint32_t)t, 0);
    }
}

/* A threat with a probability may not materialise; the record says whether it did. */
static bool threat_happens(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    if (e->threats[t].settled) {
        return e->threats[t].happens; /* a fork has decided it already */
    }
    if (e->opt.replay) {
        return th->occurred;
    }
    if (th->p == EAP_NONE) {
        return true;
    }
    double p = eap__draw(e, th->p);
    return eap_rng_uniform(eap__process_stream(e, STREAM_THREAT, (size_t)t)) < p;
}

void eap__threat_start(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct threat_state *ts = &e->threats[t];
    if (ts->started) {
        return;
    }
    ts->started = true;
    if (!threat_happens(e, t)) {
        return;
    }
    ts->happens = true;
    ts->active = true;
    eap__place_threat(e, th->place, +1);
    switch (th->kind) {
    case EAP_THREAT_ATTACK:
        start_attack(e, t);
        break;
    case EAP_THREAT_ARSON: {
        const struct eap_place *p = &e->scn->places[th->place];
        eap__emit(e, EAP_EV_FIRE, th->place, t, EAP_NONE, 0, 0);
        if (p->fire_untenable != EAP_NONE) {
            struct lag lag = eap__lag_linear(p->fire_untenable, 0, 1);
            ts->untenable_ev = eap__schedule_lag(e, eap__draw_ms(e, p->fire_untenable), &lag,
                                                 EV_UNTENABLE, (uint32_t)t, 0);
        }
        break;
    }
    case EAP_THREAT_INDIRECT_FIRE: {
        int n = eap__draw_count(e, th->casualties);
        int occ = eap__place_occupants(e, th->place);
        eap__emit(e, EAP_EV_INDIRECT_FIRE, th->place, t, EAP_NONE, n < occ ? n : occ, 0);
        eap__inflict(e, th->place, EAP_NONE, -1, n, t);
        break;
    }
    }
    if (th->duration != EAP_NONE) {
        struct lag lag = eap__lag_linear(th->duration, 0, 1);
        ts->end_ev = eap__schedule_lag(e, eap__draw_ms(e, th->duration), &lag,
                                       th->kind == EAP_THREAT_ATTACK ? EV_ATTACK_END
                                                                     : EV_THREAT_END,
                                       (uint32_t)t, 0);
    } else if (th->kind == EAP_THREAT_INDIRECT_FIRE) {
        /* A single strike without a stated duration threatens only at the moment it lands. */
        ts->active = false;
        eap__place_threat(e, th->place, -1);
    }
}

static void end_threat(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct threat_state *ts = &e->threats[t];
    if (!ts->active) {
        return;
    }
    ts->active = false;
    eap__place_threat(e, th->place, -1);
    eap_kernel_cancel(&e->kernel, ts->breach_ev);
    eap_kernel_cancel(&e->kernel, ts->safe_room_ev);
    eap_kernel_cancel(&e->kernel, ts->end_ev);
    eap_kernel_cancel(&e->kernel, ts->untenable_ev); /* a fire put out makes nothing untenable */
    if (th->kind == EAP_THREAT_ATTACK) {
        eap__emit(e, EAP_EV_ATTACK_END, th->place, t, EAP_NONE, 0, 0);
    }
}

static void breach(struct eap_engine *e, int32_t t)
{
    const struct eap_threat *th = &e->scn->threats[t];
    struct place_state *ps = &e->places[th->place];
    struct threat_state *ts = &e->threats[t];
    ts->breach_ev = EAP_NO_EVENT;
    if (!ps->breached) {
        ps->breached = true;
        if (eap__place_occupants(e, th->place) > 0) {
            e->st.breach_while_occupied = true;
        }
        eap__emit(e, EAP_EV_BREACH, th->place, t, EAP_NONE, ts->force, 0);
        eap__inflict(e, th->place, EAP_NONE, 0, eap__draw_count(e, th->casualties), t);
    }
    schedule_safe_room(e, t);
}

/* The shelter at the threat's place falls (once per place): its casualties fall on the
 * sheltered. Returns false when it had already fallen. */
static bool shelter_falls(struct eap_engine *e, int32_t t, bool *fallen, eap_handle *ev,
                          enum eap_event_kind kind)
{
    const struct eap_threat *th = &e->scn->threats[t];
    *ev = EAP_NO_EVENT;
    if (*fallen) {
        return false;
    }
    *fallen = true;
    eap__emit(e, kind, th->place, t, EAP_NONE, 0, 0);
    eap__inflict(e, th->place, EAP_NONE, 1, eap__draw_count(e, th->casualties), t);
    return true;
}

static void safe_room_breach(struct eap_engine *e, int32_t t)
{
    struct place_state *ps = &e->places[e->scn->threats[t].place];
    shelter_falls(e, t, &ps->safe_room_breached, &e->threats[t].safe_room_ev,
                  EAP_EV_SAFE_ROOM_BREACH);
}

static void untenable(struct eap_engine *e, int32_t t)
{
    int32_t place = e->scn->threats[t].place;
    if (!shelter_falls(e, t, &e->places[place].untenable, &e->threats[t].untenable_ev,
                       EAP_EV_UNTENABLE)) {
        return;
    }
    /* Smoke drives the survivors out of the shelter. */
    for (size_t i = 0; i < e->scn->party_count; i++) {
        if (e->parties[i].sheltered_at == place) {
            e->parties[i].sheltered_at = EAP_NONE;
        }
    }
}

void eap__threat_event(struct eap_engine *e, enum ev_kind kind, uint32_t t)
{
    switch (kind) {
    case EV_BREACH:
        breach(e, (int32_t)t);
        break;
    case EV_SAFE_ROOM:
        safe_room_breach(e, (int32_t)t);
        break;
    case EV_UNTENABLE:
        untenable(e, (int32_t)t);
        break;
    case EV_ATTACK_END:
    case EV_THREAT_END:
        e->threats[t].end_ev = EAP_NO_EVENT;
        end_threat(e, (int32_t)t);
        break;
    default:
        break;
    }
}

void eap__threats_reinforced(struct eap_engine *e, int32_t place)
{
    for (size_t i = 0; i < e->scn->threat_count; i++) {
        if (e->threats[i].active && e->scn->threats[i].place == place &&
            e->scn->threats[i].kind == EAP_THREAT_ATTACK) {
            end_threat(e, (int32_t)i);
        }
    }
}
