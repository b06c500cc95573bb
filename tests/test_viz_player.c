/* The players' view of an exercise and the words of its cards, without a display: on the
 * Benghazi replay, with the injects of its MSEL shown when they fall due, an aircraft or team
 * appears only once the post has heard of it (an inject, or its own people seeing it), where
 * it was then; one the post has not heard of is absent while the facilitator's view shows
 * it; the players' cards leave out the expected action and the controllers' notes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/exercise.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

struct ctx {
    struct replay r;
    struct eap_viz_frame truth, seen, scratch;
    struct eap_exercise_shown *shown;
    size_t shown_count;
};

/* Every inject of the run as shown when it fell due. */
static void show_all(struct ctx *c)
{
    const struct eap_scenario *scn = c->r.scn;
    eap_time *times = test_calloc(scn->inject_count + 1, sizeof(*times));
    eap_exercise_inject_times(scn, c->r.tr, times);
    c->shown = test_calloc(scn->inject_count + 1, sizeof(*c->shown));
    for (size_t i = 0; i < scn->inject_count; i++) {
        if (times[i] >= 0) {
            c->shown[c->shown_count++] = (struct eap_exercise_shown){(int32_t)i, times[i], 0};
        }
    }
    test_free(times);
}

static int setup(void **state)
{
    struct ctx *c = test_calloc(1, sizeof(*c));
    fixture_replay(&c->r, "benghazi-2012.json");
    assert_true(eap_viz_frame_init(&c->truth, c->r.scn));
    assert_true(eap_viz_frame_init(&c->seen, c->r.scn));
    assert_true(eap_viz_frame_init(&c->scratch, c->r.scn));
    show_all(c);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    eap_viz_frame_finish(&c->truth);
    eap_viz_frame_finish(&c->seen);
    eap_viz_frame_finish(&c->scratch);
    test_free(c->shown);
    fixture_replay_free(&c->r);
    test_free(c);
    return 0;
}

static eap_time at(const struct ctx *c, const char *text)
{
    eap_time t;
    char why[128];
    assert_true(eap_clock_parse_time(&c->r.scn->clock, text, &t, why, sizeof(why)));
    return t;
}

static int32_t asset(const struct ctx *c, const char *id)
{
    int32_t a = eap_scenario_find_asset(c->r.scn, id);
    assert_true(a >= 0);
    return a;
}

/* Both views at time t. */
static void both(struct ctx *c, eap_time t)
{
    eap_viz_state_at(c->r.scn, c->r.tr, t, &c->truth);
    eap_viz_state_reported(c->r.scn, c->r.tr, c->shown, c->shown_count, t, &c->seen, &c->scratch);
}

static bool drawn(const struct eap_viz_asset *o)
{
    return o->status != EAP_VIZ_ASSET_IDLE && o->status != EAP_VIZ_ASSET_DONE;
}

/* The drone is tasked at 21:59 and flies until 23:10; inject 8 tells the post of the tasking,
 * so at 22:30 the players see it where it was at 21:59, the facilitator where it is. */
static void test_drone_stays_where_it_was_reported(void **state)
{
    struct ctx *c = *state;
    int32_t d = asset(c, "isr_drone");
    struct eap_condition on_tasked = {EAP_EV_TASKED, d, EAP_NONE};
    long i = eap_trace_find(c->r.tr, &on_tasked, 0);
    assert_true(i >= 0);
    eap_time tasked = c->r.tr->events[i].time;
    assert_true(tasked >= at(c, "21:59") && tasked < at(c, "22:00"));
    both(c, at(c, "22:30"));
    const struct eap_viz_asset *truth = &c->truth.assets[d], *seen = &c->seen.assets[d];
    assert_int_equal(truth->status, EAP_VIZ_ASSET_TRANSIT);
    assert_true(drawn(seen));
    assert_int_equal(seen->reported, tasked);
    assert_int_equal(truth->reported, -1);
    /* Where it was when the card came: the state at 21:59 exactly. */
    eap_viz_state_at(c->r.scn, c->r.tr, tasked, &c->scratch);
    assert_true(seen->lat == c->scratch.assets[d].lat && seen->lon == c->scratch.assets[d].lon);
    assert_true(fabs(seen->lat - truth->lat) + fabs(seen->lon - truth->lon) > 0.3);
    /* Overhead at 23:10: the post sees it arrive (and inject 16 says so). */
    both(c, at(c, "23:15"));
    assert_int_equal(c->seen.assets[d].status, EAP_VIZ_ASSET_ON_STATION);
    assert_true(c->seen.assets[d].reported >= at(c, "23:10") &&
                c->seen.assets[d].reported < at(c, "23:11"));
}

/* The annex team leaves the annex, where the post's people are: seen as it happens, but its
 * drive to the compound is not followed. */
static void test_team_seen_leaving_then_not_followed(void **state)
{
    struct ctx *c = *state;
    int32_t q = asset(c, "annex_qrf");
    both(c, at(c, "22:15"));
    assert_int_equal(c->truth.assets[q].status, EAP_VIZ_ASSET_TRANSIT);
    assert_int_equal(c->seen.assets[q].status, EAP_VIZ_ASSET_TRANSIT);
    assert_true(c->seen.assets[q].reported >= at(c, "22:04") &&
                c->seen.assets[q].reported < at(c, "22:05"));
    const struct eap_place *annex = &c->r.scn->places[eap_scenario_find_place(c->r.scn, "annex")];
    assert_true(fabs(c->seen.assets[q].lat - annex->lat) < 1e-9);
    assert_true(c->truth.assets[q].lat != annex->lat);
}

/* The charter jet waits at Benina from 01:30, where none of the post's people are until the
 * morning, and no inject speaks of it until it takes off: absent from the players' view. */
static void test_asset_not_reported_is_absent(void **state)
{
    struct ctx *c = *state;
    int32_t j = asset(c, "charter_jet");
    both(c, at(c, "03:00"));
    assert_true(drawn(&c->truth.assets[j]));
    assert_false(drawn(&c->seen.assets[j]));
    assert_int_equal(c->seen.assets[j].reported, -1);
    size_t truth_n = 0, seen_n = 0;
    for (size_t a = 0; a < c->truth.asset_count; a++) {
        truth_n += drawn(&c->truth.assets[a]);
        seen_n += drawn(&c->seen.assets[a]);
    }
    assert_true(seen_n < truth_n);
}

/* An inject on a request-chain step tells of the assets that step tasked: the Secretary of
 * Defense's orders at 01:00 task the FAST platoon, and inject 23 follows that step. */
static void test_inject_on_a_chain_step_reports_its_taskings(void **state)
{
    struct ctx *c = *state;
    int32_t f = asset(c, "fast_platoon");
    both(c, at(c, "00:50"));
    assert_false(drawn(&c->seen.assets[f]));
    both(c, at(c, "01:05"));
    assert_true(drawn(&c->seen.assets[f]));
    assert_true(c->seen.assets[f].reported >= at(c, "01:00") &&
                c->seen.assets[f].reported < at(c, "01:01"));
}

/* Without any inject shown the post still sees what happens at its own places, nothing
 * more; places and people are the same in both views. */
static void test_without_injects_only_what_the_post_sees(void **state)
{
    struct ctx *c = *state;
    int32_t d = asset(c, "isr_drone");
    eap_time t = at(c, "22:30");
    eap_viz_state_at(c->r.scn, c->r.tr, t, &c->truth);
    eap_viz_state_reported(c->r.scn, c->r.tr, NULL, 0, t, &c->seen, &c->scratch);
    assert_false(drawn(&c->seen.assets[d]));
    assert_int_equal(c->seen.people_safe, c->truth.people_safe);
    assert_int_equal(c->seen.casualties, c->truth.casualties);
    for (size_t p = 0; p < c->truth.place_count; p++) {
        assert_int_equal(c->seen.places[p].status, c->truth.places[p].status);
        assert_int_equal(c->seen.places[p].people, c->truth.places[p].people);
    }
}

static void test_cards_for_players_leave_out_the_controllers_words(void **state)
{
    struct ctx *c = *state;
    const struct eap_scenario *scn = c->r.scn;
    struct eap_viz_card fac, pl;
    size_t with_note = 0;
    for (size_t k = 0; k < c->shown_count; k++) {
        eap_viz_card_of(scn, &c->shown[k], false, &fac);
        eap_viz_card_of(scn, &c->shown[k], true, &pl);
        const struct eap_inject *in = &scn->injects[c->shown[k].inject];
        assert_string_equal(fac.text, in->text);
        assert_string_equal(pl.text, in->text);
        assert_string_equal(fac.title, pl.title);
        assert_non_null(strstr(fac.title, "INJECT"));
        assert_string_equal(pl.expected, "");
        assert_string_equal(pl.tests, "");
        assert_string_equal(pl.note, "");
        if (in->controller_note) {
            with_note++;
            assert_non_null(strstr(fac.note, in->controller_note));
        }
        if (in->expected_action) {
            assert_non_null(strstr(fac.expected, in->expected_action));
        }
    }
    assert_true(with_note > 0);
}

static void test_cards_by_time_newest_first(void **state)
{
    struct ctx *c = *state;
    size_t idx[64];
    eap_time t = at(c, "23:15");
    size_t n = eap_viz_cards_by(c->shown, c->shown_count, t, idx, 64);
    size_t want = 0;
    for (size_t k = 0; k < c->shown_count; k++) {
        want += c->shown[k].at <= t;
    }
    assert_int_equal(n, want);
    assert_true(n >= 10);
    for (size_t k = 1; k < n; k++) {
        assert_true(c->shown[idx[k - 1]].at >= c->shown[idx[k]].at);
    }
    /* A short list keeps the newest. */
    size_t few[3];
    assert_int_equal(eap_viz_cards_by(c->shown, c->shown_count, t, few, 3), 3);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(few[k], idx[k]);
    }
    assert_int_equal(eap_viz_cards_by(c->shown, c->shown_count, -1, idx, 64), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drone_stays_where_it_was_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_team_seen_leaving_then_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_asset_not_reported_is_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inject_on_a_chain_step_reports_its_taskings, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_without_injects_only_what_the_post_sees, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cards_for_players_leave_out_the_controllers_words,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_cards_by_time_newest_first, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
