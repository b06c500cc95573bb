/* Labels on the rendered maps of both bundled scenarios, replayed, at the busy moments (the
 * Benghazi drone overhead at 23:10, the mortars at 05:15, the Tripoli convoy leaving, on the
 * road and at the border) and every 15 minutes of simulated time from the start to the end of
 * the run, at three window sizes; and every 15 minutes of an exercise in the window, in the
 * facilitator's and the players' view: no two labels overlap, no label covers a marker or
 * leaves its map, and each label sits next to its own marker (clearly nearer to it than to
 * any other) or is joined to it by a leader line that crosses no other label and no marker.
 * The boxes are the ones the renderer drew (eap_viz_map_items). Set EAP_VIZ_KEEP=DIR to keep
 * the frames. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/exercise.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

/* Problems with the labels of one map, each printed; on the main map also a label on the
 * inset box. */
static int map_problems(const struct eap_viz *v, enum eap_viz_which_map which, const char *where)
{
    struct eap_viz_map_items it;
    if (!eap_viz_map_items(v, which, &it)) {
        return 0;
    }
    int bad = fixture_label_problems(&it, where);
    const struct eap_viz_layout *l = eap_viz_get_layout(v);
    for (size_t i = 0; which == EAP_VIZ_MAIN && l->has_inset && i < it.nlabels; i++) {
        if (it.labels[i].shown && fixture_overlap(it.labels[i].box, l->inset_box) > 0) {
            print_message("%s: a label is on the inset\n", where);
            bad++;
        }
    }
    return bad;
}

static int frame_problems(const struct replay *r, struct eap_viz *v, const char *name, eap_time t,
                          int w, int h)
{
    struct eap_error err;
    eap_error_clear(&err);
    char at[32];
    eap_clock_format_hm_day(&r->scn->clock, t, "", at, sizeof(at));
    eap_viz_render(v, t);
    const char *dir = getenv("EAP_VIZ_KEEP");
    if (dir && dir[0]) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/labels-%s-%06lld-%d.png", dir, name,
                 (long long)(t / EAP_SECOND), w);
        assert_true(eap_viz_save_image(v, path, &err));
    }
    char main[128], inset[128];
    snprintf(main, sizeof(main), "%s at %s (%dx%d), main map", name, at, w, h);
    snprintf(inset, sizeof(inset), "%s at %s (%dx%d), inset", name, at, w, h);
    int bad = map_problems(v, EAP_VIZ_MAIN, main) + map_problems(v, EAP_VIZ_INSET, inset);
    /* Something was checked: a frame with no labels would pass any test. */
    struct eap_viz_map_items it;
    assert_true(eap_viz_map_items(v, EAP_VIZ_MAIN, &it));
    assert_true(it.nlabels >= 3 && it.nmarkers >= 3);
    return bad;
}

/* The busy moments (clock times) and every 15 minutes from the start to the end of the run,
 * at each window size. */
static int scenario_problems(const char *file, const char *name, const char *const *times)
{
    struct replay r;
    fixture_replay(&r, file);
    static const int sizes[][2] = {{1280, 800}, {960, 600}, {1920, 1080}};
    eap_time end = r.scn->horizon;
    int bad = 0;
    for (size_t s = 0; s < 3; s++) {
        struct eap_error err;
        eap_error_clear(&err);
        struct eap_viz *v =
            eap_viz_create_offscreen(r.scn, r.tr, sizes[s][0], sizes[s][1], NULL, &err);
        if (!v) {
            fail_msg("cannot create the renderer: %s", err.msg);
        }
        for (size_t i = 0; times[i]; i++) {
            eap_time t;
            char why[256];
            assert_true(eap_clock_parse_time(&r.scn->clock, times[i], &t, why, sizeof(why)));
            bad += frame_problems(&r, v, name, t, sizes[s][0], sizes[s][1]);
        }
        for (eap_time t = 0; t <= end; t += 15 * EAP_MINUTE) {
            bad += frame_problems(&r, v, name, t, sizes[s][0], sizes[s][1]);
        }
        eap_viz_destroy(v);
    }
    fixture_replay_free(&r);
    return bad;
}

/* The exercise in the window narrows the map (the cards take the side panel): a whole session
 * of the scenario replayed with every decision at its default, drawn every 15 minutes in the
 * facilitator's and in the players' view (where aircraft and teams stand where last heard). */
static int exercise_problems(const char *file, const char *name)
{
    struct replay r;
    fixture_replay(&r, file);
    struct eap_exercise_setup setup = {r.scn, 0, 1, 0, true, "", "", NULL, 0};
    struct eap_error err;
    struct eap_exercise_session *x = eap_exercise_start(&setup, &err);
    assert_non_null(x);
    enum eap_exercise_stop st;
    while ((st = eap_exercise_advance(x, EAP_TIME_MAX, 0, &err)) != EAP_EXERCISE_ENDED) {
        assert_int_not_equal(st, EAP_EXERCISE_FAILED);
        int32_t d = eap_exercise_pending(x);
        if (st == EAP_EXERCISE_DECISION) {
            assert_true(eap_exercise_choose(x, r.scn->decisions[d].default_option,
                                            EAP_CHOSEN_BY_ANSWERS, NULL, 0, &err));
        }
    }
    int bad = 0;
    for (int player = 0; player < 2; player++) {
        struct eap_viz *v = eap_viz_create_offscreen(
            r.scn, eap_engine_trace(eap_exercise_engine(x)), 1280, 800, NULL, &err);
        assert_non_null(v);
        struct eap_viz_overlay o = {eap_exercise_session_record(x), EAP_NONE, eap_exercise_now(x),
                                    -1, player};
        assert_true(eap_viz_set_overlay(v, &o, &err));
        char view[64];
        snprintf(view, sizeof(view), "%s, %s view", name, player ? "players'" : "facilitator's");
        for (eap_time t = 0; t <= r.scn->horizon; t += 15 * EAP_MINUTE) {
            bad += frame_problems(&r, v, view, t, 1280, 800);
        }
        eap_viz_destroy(v);
    }
    eap_exercise_destroy(x);
    fixture_replay_free(&r);
    return bad;
}

static void test_benghazi_labels_do_not_collide(void **state)
{
    (void)state;
    /* The assault; the quick reaction force at the compound; the drone overhead; the
     * withdrawal on the road; the team landing at Benina; the mortars; the convoy to the
     * airport; the two flights; the FAST platoon on its way. */
    static const char *const times[] = {"21:50", "22:30", "23:10", "23:33", "01:30", "05:15",
                                        "06:45", "07:40", "09:40", "19:00", NULL};
    assert_int_equal(scenario_problems("benghazi-2012.json", "benghazi", times) +
                         exercise_problems("benghazi-2012.json", "benghazi-exercise"),
                     0);
}

static void test_tripoli_labels_do_not_collide(void **state)
{
    (void)state;
    /* The convoy forming; leaving; at the Janzour checkpoint; between Zawiya and Zuwara
     * (mid-convoy); past Zuwara; held at the border; arrived. */
    static const char *const times[] = {"03:40", "05:00", "05:27", "06:15", "06:50",
                                        "07:30", "08:10", "10:00", NULL};
    assert_int_equal(scenario_problems("tripoli-2014.json", "tripoli", times) +
                         exercise_problems("tripoli-2014.json", "tripoli-exercise"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benghazi_labels_do_not_collide),
        cmocka_unit_test(test_tripoli_labels_do_not_collide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
