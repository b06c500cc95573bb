/* An exercise and a fan in the picture, drawn headless on the bundled scenarios: at a decision
 * point the frame shows the question with a button per option and the inject cards beside
 * the map (read through the items the chrome records, and in the pixels where the cards
 * are); the players' view shows less than the facilitator's; a session played back marks its
 * decisions on the timeline; a fan of forked runs sits above the timeline. Set
 * EAP_VIZ_KEEP=DIR to keep the PNGs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/exercise.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

#define W 1280
#define H 800

struct sess {
    struct eap_scenario *scn;
    struct eap_exercise_session *s;
    struct eap_viz *v;
};

static void start(struct sess *x, const char *name)
{
    x->scn = fixture_scenario(name);
    struct eap_exercise_setup setup = {x->scn, 0, 1, 0, true, "", "", NULL, 0};
    struct eap_error err;
    x->s = eap_exercise_start(&setup, &err);
    assert_non_null(x->s);
}

static void stop(struct sess *x)
{
    eap_viz_destroy(x->v);
    eap_exercise_destroy(x->s);
    eap_scenario_destroy(x->scn);
}

/* Takes decision `id`'s option `option` (by id). */
static void take(struct sess *x, const char *id, const char *option)
{
    int32_t d = eap_exercise_pending(x->s);
    assert_true(d >= 0);
    assert_string_equal(x->scn->decisions[d].id, id);
    for (size_t k = 0; k < x->scn->decisions[d].option_count; k++) {
        if (strcmp(x->scn->decisions[d].options[k].id, option) == 0) {
            struct eap_error err;
            assert_true(
                eap_exercise_choose(x->s, (int32_t)k, EAP_CHOSEN_BY_ANSWERS, NULL, 0, &err));
            return;
        }
    }
    fail_msg("no option %s", option);
}

/* Runs the session towards t past the cards; returns where it stopped. */
static enum eap_exercise_stop run_to(struct sess *x, eap_time t)
{
    struct eap_error err;
    enum eap_exercise_stop st;
    while ((st = eap_exercise_advance(x->s, t, 0, &err)) == EAP_EXERCISE_INJECTS) {
    }
    assert_int_not_equal(st, EAP_EXERCISE_FAILED);
    return st;
}

/* Answers the decisions as they come, in order: answers[k] is {decision, option}. */
static void answer(struct sess *x, const char *const (*answers)[2], size_t n)
{
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(run_to(x, EAP_TIME_MAX), EAP_EXERCISE_DECISION);
        take(x, answers[k][0], answers[k][1]);
    }
}

/* Tripoli, replayed: the drawdown at dawn, and the staff leave by `mode`. */
static void tripoli_by(struct sess *x, const char *mode)
{
    const char *const answers[][2] = {{"drawdown", "dawn"}, {"mode", mode}};
    start(x, "tripoli-2014.json");
    answer(x, answers, 2);
}

/* The picture of the session as it stands, at time t. */
static void draw(struct sess *x, bool player, eap_time t)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (!x->v) {
        x->v = eap_viz_create_offscreen(x->scn, eap_engine_trace(eap_exercise_engine(x->s)), W, H,
                                        NULL, &err);
        assert_non_null(x->v);
    }
    struct eap_viz_overlay o = {eap_exercise_session_record(x->s), eap_exercise_pending(x->s),
                                eap_exercise_now(x->s), -1, player};
    assert_true(eap_viz_set_overlay(x->v, &o, &err));
    eap_viz_render(x->v, t);
}

static void keep(const struct eap_viz *v, const char *name)
{
    const char *dir = getenv("EAP_VIZ_KEEP");
    if (dir && dir[0]) {
        char path[1024];
        struct eap_error err;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        assert_true(eap_viz_save_image((struct eap_viz *)v, path, &err));
    }
}

static bool within(struct eap_viz_rect in, struct eap_viz_rect r)
{
    return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

/* The items of one kind the last frame put down, in order, into out (the rest of out an
 * empty item). Returns how many. */
static size_t items_of(const struct eap_viz *v, enum eap_viz_item_kind kind,
                       const struct eap_viz_item **out, size_t max)
{
    static const struct eap_viz_item none = {.index = -1};
    const struct eap_viz_item *it;
    size_t n = eap_viz_items(v, &it), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (it[i].kind == kind && k < max) {
            out[k++] = &it[i];
        }
    }
    for (size_t i = k; i < max; i++) {
        out[i] = &none;
    }
    return k;
}

/* No two of the boxes overlap. */
static void assert_apart(const struct eap_viz_item *const *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            assert_int_equal(fixture_overlap(it[i]->box, it[j]->box), 0);
        }
    }
}

static int channel_diff(uint32_t a, uint32_t b)
{
    int d = 0;
    for (int s = 0; s <= 16; s += 8) {
        d += abs((int)((a >> s) & 0xff) - (int)((b >> s) & 0xff));
    }
    return d;
}

/* The share of a box's pixels far from the colour most of them have (its ground): how much
 * is written or drawn on it. */
static double ink(const struct eap_viz *v, struct eap_viz_rect r)
{
    uint32_t ground = eap_viz_pixel(v, r.x + r.w - 3, r.y + r.h - 3);
    long n = 0, far = 0;
    for (int y = r.y + 2; y < r.y + r.h - 2; y++) {
        for (int x = r.x + 6; x < r.x + r.w - 2; x++) {
            n++;
            far += channel_diff(eap_viz_pixel(v, x, y), ground) > 90;
        }
    }
    return n ? (double)far / (double)n : 0;
}

/* Benghazi, replayed: the three decisions fall due at once when the alarm is raised; the
 * first waits for the room, with the attack's inject beside it. */
static void test_decision_shows_its_options_and_the_cards(void **state)
{
    (void)state;
    struct sess x = {0};
    start(&x, "benghazi-2012.json");
    assert_int_equal(run_to(&x, EAP_TIME_MAX), EAP_EXERCISE_DECISION);
    int32_t d = eap_exercise_pending(x.s);
    const struct eap_decision *dp = &x.scn->decisions[d];
    draw(&x, false, eap_exercise_now(x.s));
    keep(x.v, "exercise-decision.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(x.v);

    const struct eap_viz_item *prompt[4], *buttons[16], *cards[16];
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_PROMPT, prompt, 4), 1);
    assert_int_equal(prompt[0]->index, d);
    assert_non_null(strstr(prompt[0]->text, dp->prompt));
    assert_true(within(l->map, prompt[0]->box));
    size_t nb = items_of(x.v, EAP_VIZ_ITEM_BUTTON, buttons, 16);
    assert_int_equal(nb, dp->option_count);
    for (size_t k = 0; k < nb; k++) {
        char head[24];
        snprintf(head, sizeof(head), "%zu ", k + 1);
        assert_int_equal(buttons[k]->index, (int32_t)k);
        assert_true(strncmp(buttons[k]->text, head, strlen(head)) == 0);
        assert_non_null(strstr(buttons[k]->text, dp->options[k].label));
        /* Large enough to hit across a room, inside the prompt, one under the other. */
        assert_true(buttons[k]->box.h >= 44 && buttons[k]->box.w >= 400);
        assert_true(within(prompt[0]->box, buttons[k]->box));
        assert_true(k == 0 || buttons[k]->box.y > buttons[k - 1]->box.y);
        assert_true(ink(x.v, buttons[k]->box) > 0.02);
    }
    assert_non_null(strstr(buttons[dp->default_option]->text, "(default)"));
    assert_apart(buttons, nb);
    /* The question can not be missed: an amber frame round it. */
    uint32_t amber = eap_viz_color_rgb(EAP_VIZ_C_THREAT);
    assert_true(
        channel_diff(eap_viz_pixel(x.v, prompt[0]->box.x - 2, prompt[0]->box.y + 60), amber) < 30);

    size_t nc = items_of(x.v, EAP_VIZ_ITEM_CARD, cards, 16);
    assert_true(nc >= 1);
    const struct eap_exercise_record *rec = eap_exercise_session_record(x.s);
    const struct eap_inject *first = &x.scn->injects[rec->shown[cards[0]->index].inject];
    assert_non_null(strstr(cards[0]->text, first->text));
    assert_non_null(strstr(cards[0]->text, "Controller:"));
    assert_true(within(l->panel, cards[0]->box));
    assert_true(ink(x.v, cards[0]->box) > 0.03);
    stop(&x);
}

/* The players' view of the same moment: no controller's words on the cards, no notes on the
 * options; and later, an aircraft the post has not heard of is not on the map. */
static void test_players_see_less(void **state)
{
    (void)state;
    struct sess x = {0};
    start(&x, "benghazi-2012.json");
    run_to(&x, EAP_TIME_MAX);
    draw(&x, true, eap_exercise_now(x.s));
    keep(x.v, "exercise-decision-players.png");
    const struct eap_viz_item *cards[16], *buttons[16];
    size_t nc = items_of(x.v, EAP_VIZ_ITEM_CARD, cards, 16);
    assert_true(nc >= 1);
    size_t cell = 0; /* cards whose sender the simulation cell plays */
    const struct eap_exercise_record *rec = eap_exercise_session_record(x.s);
    for (size_t k = 0; k < nc; k++) {
        assert_null(strstr(cards[k]->text, "Controller:"));
        assert_null(strstr(cards[k]->text, "Expected action:"));
        /* Who plays the sender is the controllers' business: "From Guard at the main gate
         * to ...", not "From Guard at the main gate (simulation cell) to ...". */
        assert_null(strstr(cards[k]->text, "simulation cell"));
        const struct eap_inject *in = &x.scn->injects[rec->shown[cards[k]->index].inject];
        cell += strstr(in->from, "(simulation cell)") != NULL;
    }
    assert_true(cell >= 1);
    assert_non_null(strstr(cards[nc - 1]->text, "From Guard at the main gate to"));
    size_t nb = items_of(x.v, EAP_VIZ_ITEM_BUTTON, buttons, 16);
    const struct eap_decision *dp = &x.scn->decisions[eap_exercise_pending(x.s)];
    for (size_t k = 0; k < nb; k++) {
        assert_null(dp->options[k].note ? strstr(buttons[k]->text, dp->options[k].note) : NULL);
    }

    /* At 03:00 the next morning the charter jet waits at Benina: the post has not heard. */
    const char *const plan[][2] = {
        {"request", "chain"}, {"annex_team", "ask_militia"}, {"ambassador", "safe_area"}};
    answer(&x, plan, 3);
    eap_time t;
    char why[64];
    assert_true(eap_clock_parse_time(&x.scn->clock, "2012-09-12T03:00", &t, why, sizeof(why)));
    assert_int_equal(run_to(&x, t), EAP_EXERCISE_REACHED);
    size_t marks[2];
    for (int player = 0; player < 2; player++) {
        draw(&x, player, t);
        keep(x.v, player ? "exercise-0300-players.png" : "exercise-0300-facilitator.png");
        struct eap_viz_map_items main, inset;
        assert_true(eap_viz_map_items(x.v, EAP_VIZ_MAIN, &main));
        marks[player] = main.nmarkers;
        if (eap_viz_map_items(x.v, EAP_VIZ_INSET, &inset)) {
            marks[player] += inset.nmarkers;
        }
    }
    assert_true(marks[1] < marks[0]);
    stop(&x);
}

/* Tripoli with the first two decisions taken: at the convoy's decision nine injects have
 * come; the newest is whole, the others follow newest first, shortened, never overlapping,
 * inside the panel. */
static void test_cards_newest_first_inside_the_panel(void **state)
{
    (void)state;
    struct sess x = {0};
    tripoli_by(&x, "road");
    assert_int_equal(run_to(&x, EAP_TIME_MAX), EAP_EXERCISE_DECISION);
    draw(&x, false, eap_exercise_now(x.s));
    keep(x.v, "exercise-tripoli-departure.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(x.v);
    const struct eap_exercise_record *rec = eap_exercise_session_record(x.s);
    const struct eap_viz_item *cards[32];
    size_t nc = items_of(x.v, EAP_VIZ_ITEM_CARD, cards, 32);
    assert_true(nc >= 2 && nc <= rec->shown_count);
    const struct eap_inject *newest = &x.scn->injects[rec->shown[cards[0]->index].inject];
    assert_non_null(strstr(cards[0]->text, newest->text));
    for (size_t k = 0; k < nc; k++) {
        assert_true(within(l->panel, cards[k]->box));
        assert_true(k == 0 || rec->shown[cards[k - 1]->index].at >= rec->shown[cards[k]->index].at);
        assert_true(k == 0 || cards[k]->box.y > cards[k - 1]->box.y);
    }
    assert_apart(cards, nc);
    /* The decisions taken are marked on the timeline with the option taken. */
    const struct eap_viz_item *marks[8];
    size_t nm = items_of(x.v, EAP_VIZ_ITEM_CHOICE, marks, 8);
    assert_int_equal(nm, 2);
    bool road = false;
    for (size_t k = 0; k < nm; k++) {
        road = road || strstr(marks[k]->text, "By road") != NULL;
        assert_true(marks[k]->box.y >= l->timeline.y);
    }
    assert_true(road);
    /* Without the facilitator's event log under them, the players see more of the cards. */
    draw(&x, true, eap_exercise_now(x.s));
    keep(x.v, "exercise-tripoli-departure-players.png");
    assert_true(items_of(x.v, EAP_VIZ_ITEM_CARD, cards, 32) > nc);
    stop(&x);
}

/* A session played back: before the decision, no mark; just after it, the mark and a line
 * over the map saying what was decided; hours later, the mark alone. */
static void test_played_back_decisions_are_marked(void **state)
{
    (void)state;
    struct sess x = {0};
    tripoli_by(&x, "air");
    assert_int_equal(run_to(&x, EAP_TIME_MAX), EAP_EXERCISE_ENDED);
    const struct eap_viz_item *it[8];
    draw(&x, false, 5 * EAP_MINUTE);
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_CHOICE, it, 8), 2);
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_PROMPT, it, 8), 0);
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_NOTICE, it, 8), 1);
    assert_non_null(strstr(it[0]->text, "Decided at 00:00"));
    assert_non_null(strstr(it[0]->text, "By air"));
    draw(&x, false, 2 * EAP_HOUR);
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_NOTICE, it, 8), 0);
    assert_int_equal(items_of(x.v, EAP_VIZ_ITEM_CHOICE, it, 8), 2);
    stop(&x);
}

/* A fan of runs forked at 23:10 sits between the map and the timeline, everyone safe first;
 * taken away, the map has the room again. */
static void test_fan_sits_above_the_timeline(void **state)
{
    (void)state;
    struct replay r;
    fixture_replay(&r, "benghazi-2012.json");
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_viz *v = eap_viz_create_offscreen(r.scn, r.tr, W, H, NULL, &err);
    assert_non_null(v);
    eap_time t = 88 * EAP_MINUTE;
    struct eap_viz_run run = {true, 1, 0};
    struct eap_viz_fork_spec spec = {r.scn, eap_viz_fork_point(r.scn, &run, t, &err), 1, 200, 2};
    struct eap_viz_fan fan;
    assert_true(eap_viz_fork_run(&spec, &fan, &err));
    int map_h = eap_viz_get_layout(v)->map.h;
    assert_true(eap_viz_set_fan(v, &fan, &err));
    eap_viz_render(v, t);
    keep(v, "fan-benghazi.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(v);
    assert_true(l->fan.h > 0);
    assert_true(l->map.y + l->map.h <= l->fan.y && l->fan.y + l->fan.h <= l->timeline.y);
    assert_true(l->map.h < map_h);
    const struct eap_viz_item *bands[32];
    size_t nb = items_of(v, EAP_VIZ_ITEM_BAND, bands, 32);
    assert_true(nb >= 5);
    assert_non_null(strstr(bands[0]->text, "Everyone safe"));
    for (size_t k = 0; k < nb; k++) {
        assert_true(within(l->fan, bands[k]->box));
        const struct eap_viz_band *b = &fan.bands[bands[k]->index];
        assert_false(b->done && b->milestone != EAP_NONE); /* what is past gets no row */
    }
    assert_apart(bands, nb);
    /* Everyone safe: a green bar from its 5th to its 95th percentile. */
    double x0 = eap_viz_timeline_x(l, fan.bands[0].p5),
           x1 = eap_viz_timeline_x(l, fan.bands[0].p95);
    int y = bands[0]->box.y + EAP_VIZ_FAN_ROW / 2;
    assert_true(x1 - x0 > 8);
    assert_true(channel_diff(eap_viz_pixel(v, (int)lround(x0) + 2, y), 0x3ccf6e) < 60);
    assert_true(channel_diff(eap_viz_pixel(v, (int)lround(x1) - 2, y), 0x3ccf6e) < 60);
    assert_true(eap_viz_set_fan(v, NULL, &err));
    eap_viz_render(v, t);
    assert_int_equal(eap_viz_get_layout(v)->fan.h, 0);
    assert_int_equal(eap_viz_get_layout(v)->map.h, map_h);
    assert_int_equal(items_of(v, EAP_VIZ_ITEM_BAND, bands, 32), 0);
    eap_viz_fan_finish(&fan);
    eap_viz_destroy(v);
    fixture_replay_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decision_shows_its_options_and_the_cards),
        cmocka_unit_test(test_players_see_less),
        cmocka_unit_test(test_cards_newest_first_inside_the_panel),
        cmocka_unit_test(test_played_back_decisions_are_marked),
        cmocka_unit_test(test_fan_sits_above_the_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
