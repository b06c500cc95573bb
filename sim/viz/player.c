/*
 * The players' view of an exercise, pure: aircraft and teams as the post has heard of them,
 * not as they are. The post sees what happens where its own people are; of everything
 * farther off it knows what the injects of the MSEL have told it. So a drone appears when
 * the card saying it is tasked is shown, stays where it was then (the post does not see it
 * fly), and moves on when the next report comes: the inject saying it is overhead, or the
 * post seeing it arrive.
 */
#include "eapsim/viz.h"

#include <stdbool.h>
#include <stdint.h>

static bool valid(int32_t i, size_t n)
{
    return i >= 0 && (size_t)i < n;
}

/* Events that put the post's people at a place (or find them there). */
static bool brings_people(const struct eap_trace_event *ev)
{
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_PARTY_AT:
    case EAP_EV_PARTY_SAFE:
    case EAP_EV_SHELTER:
    case EAP_EV_CONVOY_FORMING:
    case EAP_EV_CONVOY_ARRIVED:
        return true;
    case EAP_EV_AIRLIFT_ARRIVED:
        return ev->value > 0;
    default:
        return false;
    }
}

/* When each place became one of the post's (-1: never, so far): where its parties start and
 * the places attacked from the start, the others from the first time its people were
 * there. */
static void post_places(const struct eap_scenario *scn, const struct eap_trace *tr, size_t upto,
                        eap_time *since)
{
    for (size_t p = 0; p < scn->place_count; p++) {
        since[p] = eap_viz_place_important(scn, (int32_t)p) ? 0 : -1;
    }
    for (size_t i = 0; i < upto; i++) {
        const struct eap_trace_event *ev = &tr->events[i];
        if (brings_people(ev) && valid(ev->place, scn->place_count) && since[ev->place] < 0) {
            since[ev->place] = ev->time;
        }
    }
}

/* Whether the post sees (or hears from its own people) an event of an asset as it
 * happens. */
static bool heard_directly(const struct eap_trace_event *ev, const eap_time *since, size_t places)
{
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_ESCORT_JOINED:
    case EAP_EV_ESCORT_LEFT:
        return true; /* with the post's own convoy */
    case EAP_EV_ASSET_AT:
    case EAP_EV_ASSET_DEPARTED:
    case EAP_EV_ASSET_LEFT:
    case EAP_EV_ON_STATION:
    case EAP_EV_OFF_STATION:
    case EAP_EV_BOARDING:
    case EAP_EV_AIRLIFT_DEPARTED:
    case EAP_EV_AIRLIFT_ARRIVED:
        return valid(ev->place, places) && since[ev->place] >= 0 && since[ev->place] <= ev->time;
    default:
        return false; /* a tasking, a stop far away: only an inject tells of it */
    }
}

/* What the post has heard of an asset: the time of the latest state it heard of (about), and
 * when it heard of it (heard); -1 for nothing. */
struct report {
    eap_time about, heard;
};

/* Keeps the report of the later state; of two reports of one state, the one heard first. */
static void consider(struct report *r, eap_time about, eap_time heard)
{
    if (about > r->about || (about == r->about && heard < r->heard)) {
        r->about = about;
        r->heard = heard;
    }
}

/* What the post's own people saw of asset a by event index upto: its latest such event. */
static void seen(const struct eap_scenario *scn, const struct eap_trace *tr, size_t upto,
                 const eap_time *since, int32_t a, struct report *r)
{
    for (size_t i = upto; i-- > 0;) {
        const struct eap_trace_event *ev = &tr->events[i];
        if (ev->subject == a &&
            eap_event_subject_role((enum eap_event_kind)ev->kind) == EAP_ROLE_ASSET &&
            heard_directly(ev, since, scn->place_count)) {
            consider(r, ev->time, ev->time);
            return;
        }
    }
}

/* A request-chain step an inject follows: the assets that step tasked, at its time. */
static void tasked_by_step(const struct eap_trace *tr, long step, int32_t a, eap_time heard,
                           struct report *r)
{
    const struct eap_trace_event *hop = &tr->events[step];
    for (size_t i = (size_t)step; i < tr->count && tr->events[i].time == hop->time; i++) {
        const struct eap_trace_event *ev = &tr->events[i];
        if (ev->kind == EAP_EV_TASKED && ev->subject == a && ev->object == hop->object) {
            consider(r, ev->time, heard);
        }
    }
}

/* What the injects shown by t told of asset a. */
static void told(const struct eap_scenario *scn, const struct eap_trace *tr,
                 const struct eap_exercise_shown *shown, size_t n, eap_time t, int32_t a,
                 struct report *r)
{
    for (size_t k = 0; k < n; k++) {
        if (shown[k].at > t || !valid(shown[k].inject, scn->inject_count)) {
            continue;
        }
        const struct eap_trigger *w = &scn->injects[shown[k].inject].when;
        for (size_t c = 0; c < w->count; c++) {
            const struct eap_condition *cond = &w->all[c];
            bool about_a = eap_event_subject_role(cond->event) == EAP_ROLE_ASSET &&
                           (cond->subject == a || cond->subject == EAP_NONE);
            if (!about_a && cond->event != EAP_EV_HOP) {
                continue;
            }
            long i = eap_trace_find(tr, cond, 0);
            if (i < 0 || tr->events[i].time > t) {
                continue;
            }
            if (cond->event == EAP_EV_HOP) {
                tasked_by_step(tr, i, a, shown[k].at, r);
            } else if (tr->events[i].subject == a) {
                consider(r, tr->events[i].time, shown[k].at);
            }
        }
    }
}

void eap_viz_state_reported(const struct eap_scenario *scn, const struct eap_trace *tr,
                            const struct eap_exercise_shown *shown, size_t shown_count, eap_time t,
                            struct eap_viz_frame *out, struct eap_viz_frame *scratch)
{
    eap_viz_state_at(scn, tr, t, out);
    post_places(scn, tr, out->events_done, out->place_time);
    /* scratch holds the state at `have` (INT64_MIN: nothing yet; -1: before anything). */
    eap_time have = INT64_MIN;
    for (size_t a = 0; a < out->asset_count; a++) {
        struct report r = {-1, -1};
        seen(scn, tr, out->events_done, out->place_time, (int32_t)a, &r);
        told(scn, tr, shown, shown_count, t, (int32_t)a, &r);
        /* Never heard of: as before anything happened, at its base, idle (not drawn). */
        eap_time about = r.about < 0 ? -1 : r.about;
        if (have != about) {
            eap_viz_state_at(scn, tr, about, scratch);
            have = about;
        }
        out->assets[a] = scratch->assets[a];
        out->assets[a].reported = r.about < 0 ? -1 : r.heard;
    }
}
