/*
 * People, one by one: where each is, the harm each has taken, and who is safe.
 *
 * Harm comes from exposure (docs/model.md). Every location where people can be hurt (the
 * open part of a place, its shelter, a convoy) has a hazard: the chance per person and unit
 * of time of being killed, set by the threats there (threats.c, convoy.c) and constant
 * between events. A person dies when the hazard accumulated over everything he has been
 * through reaches his threshold, a unit exponential drawn for him once (in a replay, the
 * evenly spaced quantiles of the unit exponential, so the record's fate comes out of the
 * exposure rather than out of luck). With the same thresholds, less exposure never kills
 * more: a response that comes sooner cannot raise the harm of a run.
 *
 * Each location keeps a clock of the hazard per person accumulated there; a person keeps a
 * base such that his harm is base + the clock of where he is. The next death at a location
 * is then the earliest threshold among those there, reached at a time the clock's rate
 * gives: one event per location, rescheduled when the rate or the people change.
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "engine_internal.h"

/* --- locations --- */

static bool hazardous(const struct eap_engine *e, int32_t loc)
{
    return loc >= 0 && (size_t)loc < e->loc_hazards;
}

static double clock_now(const struct eap_engine *e, int32_t loc)
{
    const struct hazard_clock *k = &e->clocks[loc];
    return k->c0 + k->rate * (double)(e->kernel.now - k->t0);
}

/* The place of a location, or EAP_NONE for a convoy or an aircraft. */
static int32_t loc_place(const struct eap_engine *e, int32_t loc)
{
    int32_t q = (int32_t)e->scn->place_count;
    return loc < 0 ? EAP_NONE : loc < q ? loc : loc < 2 * q ? loc - q : EAP_NONE;
}

int32_t eap__loc_at(const struct eap_engine *e, int32_t place)
{
    return e->scn->places[place].safe ? LOC_SAFE : loc_open(place);
}

/* At most how many people are at a location: the head count of its place (open part and
 * shelter together) or of its convoy; INT_MAX where none is kept (safe, dead, aboard). Lets
 * a walk over the parties' runs be skipped when it would find nobody: airlifts try to board
 * an empty pickup, and hazards change at empty places, far more often than not. */
static int headcount_bound(const struct eap_engine *e, int32_t loc)
{
    int32_t q = (int32_t)e->scn->place_count, c = (int32_t)e->scn->convoy_count;
    if (loc >= 0 && loc < 2 * q) {
        return e->places[loc_place(e, loc)].people;
    }
    return loc >= 2 * q && loc < 2 * q + c ? e->convoys[loc - 2 * q].people : INT_MAX;
}

/* --- runs --- */

static struct run *runs_of(const struct eap_engine *e, int32_t party)
{
    return e->runs + e->party_first[party];
}

/* Splits run r of a party after its first `at` members (0 < at < len): the rest become run
 * r + 1. There is always room: a party never has more runs than members. */
static void split(struct eap_engine *e, int32_t party, int r, int32_t at)
{
    struct run *rs = runs_of(e, party);
    int n = e->parties[party].runs;
    memmove(&rs[r + 2], &rs[r + 1], (size_t)(n - r - 1) * sizeof(*rs));
    rs[r + 1] = rs[r];
    rs[r + 1].first += at;
    rs[r + 1].len -= at;
    rs[r].len = at;
    rs[r].least = rs[r + 1].least = NAN; /* worked out again when needed */
    e->parties[party].runs = n + 1;
}

/* Whether two runs could be one: the dead are all alike; the living need the same location,
 * claim, thresholds drawn or not, and the same base to the bit. */
static bool alike(const struct run *a, const struct run *b)
{
    if (a->loc != b->loc) {
        return false;
    }
    return a->loc == LOC_DEAD || (a->claim == b->claim && a->drawn == b->drawn &&
                                  memcmp(&a->base, &b->base, sizeof(a->base)) == 0);
}

/* Joins neighbouring runs that have become alike. */
static inline void tidy(struct eap_engine *e, int32_t party)
{
    struct run *rs = runs_of(e, party);
    int n = e->parties[party].runs, k = 0;
    for (int i = 1; i < n; i++) {
        if (alike(&rs[k], &rs[i])) {
            rs[k].len += rs[i].len;
            bool known = !isnan(rs[k].least) && !isnan(rs[i].least);
            rs[k].least = known ? lesser(rs[k].least, rs[i].least) : NAN;
        } else if (++k != i) {
            rs[k] = rs[i]; /* runs move down only once two have been joined */
        }
    }
    e->parties[party].runs = n > 0 ? k + 1 : 0;
}

/* --- thresholds --- */

/* A member's entry in thr: his keyed uniform u (in (0, 1], so > 0) while his threshold is
 * kept as its draw, else the threshold worked out, negated (<= 0; -log(u), and every other
 * threshold, is >= 0). Keeping u as the keyed draw gives it spares a pass over the run to
 * change its sign.
 *
 * The least of some members' thresholds, gathered one member at a time: the least of those
 * worked out already, and the greatest u of those still kept. Working a threshold out
 * (reached) leaves the result as it was: -log of the greatest u is at most that of the
 * others, and exactly the value the threshold then takes. */
struct least {
    double known, most_u;
};

#define LEAST_NONE ((struct least){INFINITY, 0})

static void least_add(struct least *l, double thr)
{
    l->most_u = thr > l->most_u ? thr : l->most_u; /* most_u >= 0: only a kept u can be more */
    l->known = thr <= 0 && -thr < l->known ? -thr : l->known;
}

static double least_of(const struct least *l)
{
    return l->most_u > 0 ? lesser(l->known, -log(l->most_u)) : l->known;
}

/* Member k of a party of n: a unit exponential from a keyed draw of the party's stream, one
 * per member, so the draw does not depend on who needed one first. A replay takes the
 * (k + 1/2) / n quantile instead. Drawn for a whole run when it first meets a hazard.
 *
 * The exponential is -log(u), and most thresholds drawn are never compared with anything but
 * the least of their run: thr keeps u until the threshold itself is needed, and
 * the least of a run's is -log of its greatest u, since -log is decreasing. A batch run thus
 * takes one logarithm per run that meets a hazard rather than one per person. */
static void draw_thresholds(struct eap_engine *e, int32_t party, struct run *r)
{
    if (r->drawn) {
        return;
    }
    double *thr = e->thr + e->party_first[party];
    int n = e->scn->parties[party].count;
    if (e->opt.replay) {
        for (int32_t k = r->first; k < r->first + r->len; k++) {
            thr[k] = log1p(-((double)k + 0.5) / n); /* the threshold, negated */
        }
        r->least = NAN; /* worked out when needed */
    } else {
        eap__keyed_uniforms(e, STREAM_HARM, (size_t)party, (uint64_t)r->first, (size_t)r->len,
                            thr + r->first);
        /* The least is needed at once (the next death there): -log of the greatest u, as
         * least_threshold's walk would find it (least_of, with nothing worked out). */
        double most = 0;
        for (int32_t k = r->first; k < r->first + r->len; k++) {
            most = most > thr[k] ? most : thr[k];
        }
        r->least = -log(most);
    }
    r->drawn = true;
}

/* Whether member k's threshold (of a party whose thresholds start at thr) is at most
 * `bound`, given u_below = exp(-bound) (1 - 1e-9): a u below it has a threshold above the
 * bound whatever the rounding of exp and log, so only the others need their logarithm
 * (worked out then and kept). */
static bool reached(double *thr, int32_t k, double bound, double u_below)
{
    if (thr[k] > 0) {
        if (thr[k] < u_below) {
            return false;
        }
        thr[k] = log(thr[k]);
    }
    return -thr[k] <= bound;
}

/* Passes over members k .. end - 1 while their thresholds are still kept as a u below
 * u_below (none of them has reached the bound: see reached), gathering them into *l, and
 * returns the first member that needs a closer look (end when none does). Nearly every
 * member of a large party is such a one at a death, so this is the walk's inner loop; the
 * greatest u comes out the same as least_add's. */
static int32_t pass_far(const double *thr, int32_t k, int32_t end, double u_below, struct least *l)
{
    double most = l->most_u;
    for (; k < end && thr[k] > 0 && thr[k] < u_below; k++) {
        most = most > thr[k] ? most : thr[k];
    }
    l->most_u = most;
    return k;
}

/* The least threshold of a run whose thresholds are drawn. Kept with the run (until a split
 * or a redraw changes who is in it), so finding the next death at a location takes a look
 * per run, not per person: since subtracting the same base from every member's threshold
 * keeps their order, the least of (threshold - base) is (the least threshold) - base. */
static double least_threshold(struct eap_engine *e, int32_t party, struct run *r)
{
    if (isnan(r->least)) {
        const double *thr = e->thr + e->party_first[party];
        struct least l = LEAST_NONE;
        int32_t k = r->first, end = r->first + r->len;
        while ((k = pass_far(thr, k, end, INFINITY, &l)) < end) {
            least_add(&l, thr[k++]); /* worked out already */
        }
        r->least = least_of(&l);
    }
    return r->least;
}

/* --- counts --- */

/* The count of people exposed changes by delta now: what the old count has accumulated is
 * accounted first, so the exposure is the sum of count x time exactly, whenever it is settled
 * (integers: the split changes nothing). Accounting here, at the few changes of the count,
 * spares every event a settlement. */
static void exposed_add(struct eap_engine *e, int64_t delta)
{
    if (delta != 0) {
        e->st.exposure += e->st.exposed * (e->kernel.now - e->st.settled);
        e->st.settled = e->kernel.now;
        e->st.exposed += delta;
    }
}

static inline void count(struct eap_engine *e, int32_t party, int32_t loc, int delta)
{
    const struct eap_scenario *s = e->scn;
    int32_t q = (int32_t)s->place_count, c = (int32_t)s->convoy_count;
    if (loc == LOC_SAFE) {
        e->parties[party].safe += delta;
    } else if (loc == LOC_DEAD) {
        e->parties[party].dead += delta;
    } else if (loc < 2 * q) {
        struct place_state *ps = &e->places[loc < q ? loc : loc - q]; /* open or shelter */
        ps->people += delta;
        exposed_add(e, ps->active_threats > 0 ? delta : 0);
    } else if (loc < 2 * q + c) {
        struct convoy_state *st = &e->convoys[loc - 2 * q];
        st->people += delta;
        exposed_add(e, st->exposed ? delta : 0);
    }
}

int eap__party_at(const struct eap_engine *e, int32_t party, int32_t loc)
{
    const struct run *rs = runs_of(e, party);
    int n = 0;
    for (int r = 0; r < e->parties[party].runs; r++) {
        n += rs[r].loc == loc ? rs[r].len : 0;
    }
    return n;
}

static bool at_place(const struct eap_engine *e, const struct run *x, int32_t place)
{
    return x->loc == loc_open(place) || x->loc == loc_shelter(e, place);
}

int eap__party_at_place(const struct eap_engine *e, int32_t party, int32_t place)
{
    const struct run *rs = runs_of(e, party);
    int n = 0;
    for (int r = 0; r < e->parties[party].runs; r++) {
        n += at_place(e, &rs[r], place) ? rs[r].len : 0;
    }
    return n;
}

/* Whether everyone alive in the party is safe now (or nobody is left alive): then it is
 * resolved, and announced safe when someone survived. */
static inline void check_safe(struct eap_engine *e, int32_t party, int32_t place)
{
    struct party_state *p = &e->parties[party];
    if (p->resolved) {
        return;
    }
    int alive = e->scn->parties[party].count - p->dead;
    /* Those riding, but past the border; no walk over the runs while no convoy has been. */
    int safe = p->safe + (e->st.past_safe ? eap__party_past_safe(e, party) : 0);
    if (safe < alive) {
        return;
    }
    p->resolved = true;
    p->resolved_time = e->kernel.now;
    if (alive > 0) {
        p->safe_time = e->kernel.now;
        eap__emit(e, EAP_EV_PARTY_SAFE, place, party, EAP_NONE, safe, 0);
    }
}

/* --- the next death at a location --- */

/* The parties that can be at a hazardous location (a place's open part or shelter, or a
 * convoy), in order. Debug builds check that nobody else is there. */
static const struct eap_index *loc_parties(const struct eap_engine *e, int32_t loc, size_t *g)
{
    int32_t q = (int32_t)e->scn->place_count;
    const struct eap_index *ix = loc < 2 * q ? &e->place_parties : &e->convoy_parties;
    *g = (size_t)(loc < 2 * q ? loc_place(e, loc) : loc - 2 * q);
#ifndef NDEBUG
    int listed = 0;
    INDEX_FOR(k, ix, *g)
    {
        int32_t p = ix->items[k];
        listed += loc < 2 * q ? eap__party_at_place(e, p, (int32_t)*g) : eap__party_at(e, p, loc);
    }
    assert(listed == (loc < 2 * q ? e->places[*g].people : e->convoys[*g].people));
#endif
    return ix;
}

/* Gathers, run by run, the least hazard still to take before a member of the party at a
 * hazardous location dies into `first` (drawing the thresholds of those there), and returns
 * it. */
static double party_first_death(struct eap_engine *e, int32_t party, int32_t loc, double first)
{
    struct run *rs = runs_of(e, party);
    for (int r = 0; r < e->parties[party].runs; r++) {
        if (rs[r].loc == loc) {
            draw_thresholds(e, party, &rs[r]);
            first = lesser(first, least_threshold(e, party, &rs[r]) - rs[r].base);
        }
    }
    return first;
}

/* The least hazard still to take before someone at a hazardous location dies (thresholds
 * drawn for all there), or +inf when nobody is there. */
static double first_death(struct eap_engine *e, int32_t loc)
{
    double first = INFINITY;
    if (headcount_bound(e, loc) == 0) {
        return first;
    }
    size_t g;
    const struct eap_index *ix = loc_parties(e, loc, &g);
    INDEX_FOR(i, ix, g)
    {
        first = party_first_death(e, ix->items[i], loc, first);
    }
    return first;
}

/* Schedules the next death at a location whose hazard rises (rate > 0), when someone there
 * has `first` still to take (+inf: nobody). */
static void schedule_death(struct eap_engine *e, int32_t loc, double first)
{
    struct hazard_clock *k = &e->clocks[loc];
    if (isinf(first)) {
        return;
    }
    /* Rounded up to the tick, so the threshold has been reached when the event comes. */
    double wait = greater(0, (first - clock_now(e, loc)) / k->rate);
    eap_time delay = wait >= (double)EAP_TIME_MAX ? EAP_TIME_MAX : (eap_time)ceil(wait);
    k->ev = eap__schedule(e, delay, EV_HARM, (uint32_t)loc, 0);
}

static void reschedule(struct eap_engine *e, int32_t loc)
{
    struct hazard_clock *k = &e->clocks[loc];
    eap__cancel(e, &k->ev);
    if (k->rate > 0) {
        schedule_death(e, loc, first_death(e, loc));
    }
}

void eap__set_hazard(struct eap_engine *e, int32_t loc, double rate, int32_t source)
{
    struct hazard_clock *k = &e->clocks[loc];
    k->source = source;
    if (rate == k->rate) {
        return;
    }
    k->c0 = clock_now(e, loc);
    k->t0 = e->kernel.now;
    k->rate = rate;
    reschedule(e, loc);
}

void eap__rearm_hazards(struct eap_engine *e)
{
    for (size_t l = 0; l < e->loc_hazards; l++) {
        struct hazard_clock *k = &e->clocks[l];
        k->c0 = clock_now(e, (int32_t)l);
        k->t0 = e->kernel.now;
        reschedule(e, (int32_t)l);
    }
}

/* Kills the members of run *r (at a location whose clock reads `harm`) whose harm has
 * reached their threshold, each split off as a run of his own. Returns how many; *r is left
 * at the last run it looked at. The walk looks at every member of the pieces left alive, so
 * it gives each its least threshold on the way, and gathers the least hazard still to take
 * before one of them dies into *first (as party_first_death would: every piece has the
 * run's base, and joining pieces again keeps the least of theirs), so the next death there
 * is found without walking them again (a large party loses one member at a time). */
static int kill_in_run(struct eap_engine *e, int32_t party, int *r, double harm, double *first)
{
    struct run *rs = runs_of(e, party);
    double *thr = e->thr + e->party_first[party];
    int cur = *r, killed = 0;
    double base = rs[cur].base, bound = base + harm + 1e-9; /* the same for its pieces */
    if (!(least_threshold(e, party, &rs[cur]) <= bound)) {
        *first = lesser(*first, rs[cur].least - base);
        return 0; /* nobody in it has reached his threshold */
    }
    if (rs[cur].len == 1) {
        /* He is the least, so he has reached it: the walk below would find so after an
         * exponential for its bound. */
        int32_t k = rs[cur].first;
        thr[k] = thr[k] > 0 ? log(thr[k]) : thr[k];
        rs[cur].loc = LOC_DEAD;
        rs[cur].claim = EAP_NONE;
        return 1;
    }
    double u_below = exp(-bound) * (1 - 1e-9);
    struct least alive = LEAST_NONE; /* of the members looked at since the piece began */
    int32_t k = rs[cur].first;
    while (k < rs[cur].first + rs[cur].len) {
        int32_t end = rs[cur].first + rs[cur].len;
        if ((k = pass_far(thr, k, end, u_below, &alive)) == end) {
            break;
        }
        if (!reached(thr, k, bound, u_below)) {
            least_add(&alive, thr[k]);
            k++;
            continue;
        }
        if (k > rs[cur].first) {
            split(e, party, cur, k - rs[cur].first);
            rs[cur].least = least_of(&alive);
            *first = lesser(*first, rs[cur].least - base);
            cur++;
        }
        alive = LEAST_NONE;
        bool rest = rs[cur].len > 1;
        if (rest) {
            split(e, party, cur, 1);
        }
        rs[cur].loc = LOC_DEAD;
        rs[cur].claim = EAP_NONE;
        killed++;
        if (!rest) {
            break;
        }
        k = rs[++cur].first;
    }
    if (rs[cur].loc != LOC_DEAD) {
        rs[cur].least = least_of(&alive); /* the rest, walked to its end */
        *first = lesser(*first, rs[cur].least - base);
    }
    *r = cur;
    return killed;
}

void eap__harm_due(struct eap_engine *e, int32_t loc)
{
    struct hazard_clock *k = &e->clocks[loc];
    assert(k->rate > 0); /* a change of rate cancels the event */
    k->ev = EAP_NO_EVENT;
    double now = clock_now(e, loc);
    int32_t place = loc_place(e, loc);
    size_t g;
    const struct eap_index *ix = loc_parties(e, loc, &g);
    /* The next death there is found on the way, as first_death would find it after. */
    double first = INFINITY;
    INDEX_FOR(i, ix, g)
    {
        int32_t party = ix->items[i];
        int killed = 0;
        for (int r = 0; r < e->parties[party].runs; r++) {
            struct run *x = &runs_of(e, party)[r];
            if (x->loc == loc) {
                draw_thresholds(e, party, x);
                killed += kill_in_run(e, party, &r, now, &first);
            }
        }
        if (killed > 0) {
            count(e, party, loc, -killed);
            count(e, party, LOC_DEAD, +killed);
            tidy(e, party);
            e->st.casualties += killed;
            eap__emit(e, EAP_EV_CASUALTIES, place, party, k->source, killed, 0);
            check_safe(e, party, place);
        }
    }
    schedule_death(e, loc, first);
}

/* --- moving people --- */

/* The harm taken so far travels with the people of run x from its location to `to`. */
static void carry(struct eap_engine *e, struct run *x, int32_t to)
{
    if (hazardous(e, x->loc)) {
        x->base += clock_now(e, x->loc);
    }
    if (hazardous(e, to)) {
        x->base -= clock_now(e, to);
    }
    x->loc = to;
    x->claim = EAP_NONE;
}

int eap__move(struct eap_engine *e, int32_t party, int32_t from, int32_t to, int n)
{
    if (headcount_bound(e, from) == 0) {
        return 0;
    }
    struct run *rs = runs_of(e, party);
    int moved = 0;
    for (int r = 0; r < e->parties[party].runs && moved < n; r++) {
        if (rs[r].loc != from) {
            continue;
        }
        if (rs[r].len > n - moved) {
            split(e, party, r, n - moved); /* the lowest numbers go first */
        }
        carry(e, &rs[r], to);
        moved += rs[r].len;
    }
    if (moved > 0) {
        tidy(e, party);
        count(e, party, from, -moved);
        count(e, party, to, +moved);
        if (hazardous(e, to) && e->clocks[to].rate > 0) {
            reschedule(e, to); /* a newcomer may die sooner than those already there */
        }
    }
    return moved;
}

void eap__claim(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy)
{
    struct run *rs = runs_of(e, party);
    for (int r = 0; r < e->parties[party].runs; r++) {
        if (at_place(e, &rs[r], place) && rs[r].claim == EAP_NONE) {
            rs[r].claim = convoy;
        }
    }
    tidy(e, party);
}

int eap__board_convoy(struct eap_engine *e, int32_t party, int32_t place, int32_t convoy)
{
    struct run *rs = runs_of(e, party);
    int32_t to = loc_convoy(e, convoy);
    int moved = 0;
    for (int r = 0; r < e->parties[party].runs; r++) {
        if (at_place(e, &rs[r], place) && (rs[r].claim == EAP_NONE || rs[r].claim == convoy)) {
            count(e, party, rs[r].loc, -rs[r].len);
            count(e, party, to, +rs[r].len);
            carry(e, &rs[r], to);
            moved += rs[r].len;
        }
    }
    if (moved > 0) {
        tidy(e, party);
        if (e->clocks[to].rate > 0) {
            reschedule(e, to);
        }
    }
    return moved;
}

/* Up to n of them, as eap__move: INT_MAX brings everyone at `from`, and nothing happens when
 * nobody is there. */
void eap__party_arrive(struct eap_engine *e, int32_t party, int32_t from, int32_t place, int n)
{
    int32_t to = eap__loc_at(e, place);
    n = eap__move(e, party, from, to, n);
    if (n <= 0) {
        return;
    }
    if (to != LOC_SAFE) {
        int occ = eap__place_occupants(e, place);
        if (occ > e->places[place].occupants_seen) {
            e->places[place].occupants_seen = occ;
        }
        e->places[place].evacuated = false;
    }
    eap__emit(e, EAP_EV_PARTY_AT, place, party, EAP_NONE, n, 0);
    check_safe(e, party, place);
}

void eap__people_reset(struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    for (int32_t party = 0; party < (int32_t)s->party_count; party++) {
        int32_t at = s->parties[party].at;
        int32_t loc = eap__loc_at(e, at), n = s->parties[party].count;
        e->parties[party] = (struct party_state){.safe_time = -1, .runs = n > 0};
        if (n > 0) {
            runs_of(e, party)[0] = (struct run){0, n, loc, EAP_NONE, 0, false, NAN};
        }
        count(e, party, loc, n);
        if (loc == LOC_SAFE) {
            /* Already safe at the start: resolved at time 0, with nothing to announce. */
            e->parties[party].resolved = true;
            e->parties[party].safe_time = 0;
        } else {
            e->places[at].occupants_seen += n;
        }
    }
    for (size_t l = 0; l < e->loc_hazards; l++) {
        e->clocks[l] = (struct hazard_clock){.source = EAP_NONE, .ev = EAP_NO_EVENT};
    }
}

/* A person alive now has not reached his threshold: given that, what is left of it is a
 * fresh unit exponential (it is memoryless), drawn on the branch's stream. Those never
 * exposed keep theirs undrawn. */
void eap__people_redraw(struct eap_engine *e)
{
    for (int32_t party = 0; party < (int32_t)e->scn->party_count; party++) {
        struct run *rs = runs_of(e, party);
        double *thr = e->thr + e->party_first[party];
        for (int r = 0; r < e->parties[party].runs; r++) {
            if (rs[r].loc == LOC_DEAD || !rs[r].drawn) {
                continue;
            }
            double taken = rs[r].base + (hazardous(e, rs[r].loc) ? clock_now(e, rs[r].loc) : 0);
            eap__keyed_uniforms(e, STREAM_HARM, (size_t)party, (uint64_t)rs[r].first,
                                (size_t)rs[r].len, thr + rs[r].first);
            for (int32_t k = rs[r].first; k < rs[r].first + rs[r].len; k++) {
                thr[k] = -(taken - log(thr[k])); /* negated, as worked out */
            }
            rs[r].least = NAN;
        }
    }
    eap__rearm_hazards(e);
}

/* --- where people are --- */

int eap__place_occupants(const struct eap_engine *e, int32_t place)
{
    int n = e->places[place].people;
    /* Those aboard an aircraft still on the ground there have not left. */
    INDEX_FOR(k, &e->place_lifters, place)
    {
        const struct asset_state *as = &e->assets[e->place_lifters.items[k]];
        if (as->load > 0 && as->at == place && as->phase != ASSET_FLYING) {
            n += as->load;
        }
    }
    return n;
}

/* The place of the first place-bound location q .. 2Q - 1 a run can be at, or EAP_NONE. */
static int32_t run_place(const struct eap_engine *e, const struct run *x)
{
    return x->loc >= 0 && x->loc < 2 * (int32_t)e->scn->place_count ? loc_place(e, x->loc)
                                                                    : EAP_NONE;
}

/* The place with the most members, the lowest-numbered on a tie, unless the starting place
 * has as many: a walk over the party's runs finds what a walk over every place would. */
int32_t eap__party_main_place(const struct eap_engine *e, int32_t party)
{
    int32_t at = e->scn->parties[party].at, best = EAP_NONE;
    int most = 0;
    const struct run *rs = runs_of(e, party);
    for (int r = 0; r < e->parties[party].runs; r++) {
        int32_t q = run_place(e, &rs[r]);
        int here = q != EAP_NONE ? eap__party_at_place(e, party, q) : 0;
        if (q != EAP_NONE && (best == EAP_NONE || here > most || (here == most && q < best))) {
            best = q;
            most = here;
        }
    }
    return best == EAP_NONE || eap__party_at_place(e, party, at) >= most ? at : best;
}

bool eap__party_away(const struct eap_engine *e, int32_t party, int32_t except, bool convoys)
{
    const struct run *rs = runs_of(e, party);
    int32_t q = (int32_t)e->scn->place_count, c = (int32_t)e->scn->convoy_count;
    for (int r = 0; r < e->parties[party].runs; r++) {
        int32_t place = run_place(e, &rs[r]);
        if ((place != EAP_NONE && place != except) ||
            (convoys && rs[r].loc >= 2 * q && rs[r].loc < 2 * q + c)) {
            return true;
        }
    }
    return false;
}

bool eap__convoy_exposed(const struct eap_engine *e, int32_t c)
{
    const struct convoy_state *st = &e->convoys[c];
    if (st->phase != CONVOY_MOVING && st->phase != CONVOY_STOPPED) {
        return false;
    }
    if (st->passed_safe) {
        return false; /* over the border: its people count as safe, no longer exposed */
    }
    const struct eap_route *r = &e->scn->routes[e->scn->convoys[c].route];
    return r->segments[st->seg].incidents_per_100km > 0;
}

int eap__party_past_safe(const struct eap_engine *e, int32_t party)
{
    int n = 0;
    const struct run *rs = runs_of(e, party);
    int32_t q = (int32_t)e->scn->place_count, c = (int32_t)e->scn->convoy_count;
    for (int r = 0; r < e->parties[party].runs; r++) {
        int32_t loc = rs[r].loc;
        if (loc >= 2 * q && loc < 2 * q + c && e->convoys[loc - 2 * q].passed_safe) {
            n += rs[r].len;
        }
    }
    return n;
}

#ifndef NDEBUG
/* People under threat right now, counted afresh: at a place with an active threat, or in a
 * convoy on a road with a road threat. The engine keeps this count as it goes (st.exposed);
 * debug builds check the two agree. */
static int64_t count_exposed(const struct eap_engine *e)
{
    const struct eap_scenario *s = e->scn;
    int64_t n = 0;
    for (size_t q = 0; q < s->place_count; q++) {
        if (e->places[q].active_threats > 0) {
            for (size_t i = 0; i < s->party_count; i++) {
                n += eap__party_at_place(e, (int32_t)i, (int32_t)q);
            }
        }
    }
    for (size_t c = 0; c < s->convoy_count; c++) {
        if (!eap__convoy_exposed(e, (int32_t)c)) {
            continue;
        }
        for (size_t i = 0; i < s->party_count; i++) {
            n += eap__party_at(e, (int32_t)i, loc_convoy(e, (int32_t)c));
        }
    }
    return n;
}
#endif

int64_t eap__people_exposed(const struct eap_engine *e)
{
    assert(e->st.exposed == count_exposed(e));
    return e->st.exposed;
}

void eap__place_threat(struct eap_engine *e, int32_t place, int delta)
{
    struct place_state *ps = &e->places[place];
    int before = ps->active_threats;
    ps->active_threats += delta;
    exposed_add(e, ((ps->active_threats > 0) - (before > 0)) * (int64_t)ps->people);
}

void eap__convoy_exposure(struct eap_engine *e, int32_t c)
{
    struct convoy_state *st = &e->convoys[c];
    bool now = eap__convoy_exposed(e, c);
    if (now != st->exposed) {
        st->exposed = now;
        exposed_add(e, (now ? 1 : -1) * (int64_t)st->people);
    }
}

void eap__settle_exposure(struct eap_engine *e)
{
    eap_time dt = e->kernel.now - e->st.settled;
    if (dt > 0) {
        e->st.exposure += eap__people_exposed(e) * dt;
        e->st.settled = e->kernel.now;
    }
}

/* --- safety --- */

/* Out of line for the other files; this file's own calls (after a death, an arrival) take
 * check_safe inline. */
void eap__party_check_safe(struct eap_engine *e, int32_t party, int32_t place)
{
    check_safe(e, party, place);
}

void eap__place_check_evacuated(struct eap_engine *e, int32_t place)
{
    struct place_state *ps = &e->places[place];
    if (!ps->evacuated && ps->occupants_seen > 0 && eap__place_occupants(e, place) == 0) {
        ps->evacuated = true;
        eap__emit(e, EAP_EV_PLACE_EVACUATED, place, EAP_NONE, EAP_NONE, 0, 0);
    }
}
