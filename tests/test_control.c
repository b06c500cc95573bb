/* The engine as a library others drive: pausing and resuming gives the straight run, byte for
 * byte; a change made at time t leaves the history before t untouched; a tripwire's actions
 * are events of their own; decision points stop an interactive run and apply the option
 * taken; forks keep the history, branch deterministically whatever the threads or shards,
 * and redraw a delay under way conditional on how long it has lasted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/batch.h"
#include "eapsim/engine.h"
#include "scenario_fixture.h"

/* --- helpers --- */

static struct eap_engine *engine(const struct eap_scenario *s)
{
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    assert_non_null(e);
    return e;
}

static void assert_same_event(const struct eap_trace_event *a, const struct eap_trace_event *b)
{
    assert_int_equal(a->time, b->time);
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->place, b->place);
    assert_int_equal(a->subject, b->subject);
    assert_int_equal(a->object, b->object);
    assert_memory_equal(&a->value, &b->value, sizeof(double));
    assert_memory_equal(&a->value2, &b->value2, sizeof(double));
}

/* The first n events of two traces are the same, field by field. */
static void assert_same_prefix(const struct eap_trace *a, const struct eap_trace *b, size_t n)
{
    assert_true(a->count >= n && b->count >= n);
    for (size_t i = 0; i < n; i++) {
        assert_same_event(&a->events[i], &b->events[i]);
    }
}

static void assert_same_metrics(const struct eap_engine *a, const struct eap_engine *b)
{
    size_t n = eap_engine_scenario(a)->metric_count;
    int64_t *va = calloc(n, sizeof(*va)), *vb = calloc(n, sizeof(*vb));
    eap_engine_metrics(a, va);
    eap_engine_metrics(b, vb);
    assert_memory_equal(va, vb, n * sizeof(*va));
    free(va);
    free(vb);
}

/* Number of events of a kind (with a subject, or any when subject < 0). */
static size_t count_events(const struct eap_trace *t, enum eap_event_kind kind, int32_t subject)
{
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++) {
        n += t->events[i].kind == kind && (subject < 0 || t->events[i].subject == subject);
    }
    return n;
}

static size_t events_until(const struct eap_trace *t, eap_time until)
{
    size_t n = 0;
    while (n < t->count && t->events[n].time <= until) {
        n++;
    }
    return n;
}

/* --- pause and resume --- */

/* Runs to the end with pauses at the given times; each pause reaches its time exactly. */
static void run_with_pauses(struct eap_engine *e, const eap_time *at, size_t n)
{
    struct eap_error err;
    for (size_t i = 0; i < n; i++) {
        enum eap_run_status st = eap_engine_run_until(e, at[i], &err);
        if (st == EAP_RUN_REACHED) {
            assert_int_equal(eap_engine_now(e), at[i]);
        } else {
            assert_int_equal(st, EAP_RUN_ENDED);
        }
    }
    assert_true(eap_engine_run(e, &err));
    assert_true(eap_engine_ended(e));
}

static void pause_resume_scenario(const char *file)
{
    struct eap_scenario *s = fixture_load_file(file, NULL, 0);
    struct eap_engine *straight = engine(s), *paused = engine(s);
    struct eap_error err;
    for (uint64_t seed = 1; seed <= 100; seed++) {
        /* Pauses at fixed times, at times that fall on events, and at seed-dependent times. */
        eap_time at[8] = {0,
                          EAP_MINUTE,
                          17 * EAP_MINUTE,
                          90 * EAP_MINUTE,
                          (eap_time)(seed * 7919) % (6 * EAP_HOUR),
                          5 * EAP_HOUR,
                          5 * EAP_HOUR,
                          30 * EAP_HOUR};
        struct eap_engine_options opt = {.replay = seed == 1};
        eap_engine_reset(straight, seed, 0, &opt);
        assert_true(eap_engine_run(straight, &err));
        eap_engine_reset(paused, seed, 0, &opt);
        /* Pauses must come in time order; a pause before now is a no-op. */
        for (size_t i = 1; i < 8; i++) {
            for (size_t j = i; j > 0 && at[j] < at[j - 1]; j--) {
                eap_time t = at[j];
                at[j] = at[j - 1];
                at[j - 1] = t;
            }
        }
        run_with_pauses(paused, at, 8);
        const struct eap_trace *a = eap_engine_trace(straight), *b = eap_engine_trace(paused);
        assert_int_equal(a->count, b->count);
        assert_same_prefix(a, b, a->count);
        assert_same_metrics(straight, paused);
    }
    eap_engine_destroy(straight);
    eap_engine_destroy(paused);
    eap_scenario_destroy(s);
}

static void test_pause_resume_equals_straight_run_benghazi(void **state)
{
    (void)state;
    pause_resume_scenario("benghazi-2012.json");
}

static void test_pause_resume_equals_straight_run_tripoli(void **state)
{
    (void)state;
    pause_resume_scenario("tripoli-2014.json");
}

static void test_paused_run_reports_exposure_up_to_now(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(e, 1, 0, &opt);
    /* The assault starts at T+0 with seven people at the compound: between events the
     * exposure keeps growing with the clock. */
    assert_int_equal(eap_engine_run_until(e, 60 * 1000, &err), EAP_RUN_REACHED);
    int64_t one = fixture_metric(e, "exposure");
    assert_int_equal(eap_engine_run_until(e, 120 * 1000, &err), EAP_RUN_REACHED);
    int64_t two = fixture_metric(e, "exposure");
    assert_int_equal(two - one, 7 * 60 * 1000);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* --- steering --- */

static eap_time tasked_at(const struct eap_trace *t, int32_t asset)
{
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == EAP_EV_TASKED && t->events[i].subject == asset) {
            return t->events[i].time;
        }
    }
    fail_msg("asset %d never tasked", (int)asset);
    return -1;
}

static void test_change_at_t_leaves_the_history_before_t(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    int32_t speed = EAP_NONE;
    int32_t drone = eap_scenario_find_asset(s, "isr_drone");
    speed = s->assets[drone].speed;
    struct eap_engine *straight = engine(s), *steered = engine(s);
    struct eap_error err;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        struct eap_engine_options opt = {.replay = seed == 1};
        eap_engine_reset(straight, seed, 0, &opt);
        assert_true(eap_engine_run(straight, &err));
        eap_engine_reset(steered, seed, 0, &opt);
        /* Halfway to the drone's tasking: the request is on its way, the drone not tasked. */
        eap_time t = tasked_at(eap_engine_trace(straight), drone) / 2;
        assert_true(t > 0);
        assert_int_equal(eap_engine_run_until(steered, t, &err), EAP_RUN_REACHED);
        eap_engine_set_input(steered, speed, 60 * 1852.0 / 3600); /* 60 kn, far slower */
        assert_true(eap_engine_run(steered, &err));
        const struct eap_trace *a = eap_engine_trace(straight), *b = eap_engine_trace(steered);
        size_t n = events_until(a, t);
        assert_int_equal(n, events_until(b, t));
        assert_same_prefix(a, b, n);
        /* ...and the change took effect after t: the drone arrives later. */
        assert_true(fixture_metric(steered, "on_scene/isr_drone") >
                    fixture_metric(straight, "on_scene/isr_drone"));
    }
    eap_engine_destroy(straight);
    eap_engine_destroy(steered);
    eap_scenario_destroy(s);
}

/* A post with a tripwire at 01:00 that requests a team, and a decision point that falls due
 * when the tripwire fires: keep the request, or cancel it, or send a second team instead. */
static const char *plan_and_decision =
    "{\"eapsim\": 1, \"id\": \"t\", \"name\": \"T\","
    " \"clock\": {\"start\": \"2020-01-01T00:00+00:00\", \"horizon\": \"12 h\"},"
    " \"places\": [{\"id\": \"post\", \"name\": \"Post\", \"kind\": \"embassy\", \"lat\": 0,"
    "   \"lon\": 0}, {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0,"
    "   \"lon\": 1}],"
    " \"people\": [{\"id\": \"staff\", \"count\": 4, \"at\": \"post\"}],"
    " \"assets\": [{\"id\": \"team\", \"name\": \"Team\", \"kind\": \"team\", \"base\": \"base\","
    "   \"readiness\": {\"triangular\": [\"10 min\", \"20 min\", \"60 min\"], \"recorded\": "
    "   \"45 min\"}, \"speed\": {\"uniform\": [\"100 km/h\", \"300 km/h\"], \"recorded\": "
    "   \"150 km/h\"}, \"target\": \"post\", \"effects\": {\"reinforce\": true}},"
    "  {\"id\": \"spare\", \"name\": \"Spare team\", \"kind\": \"team\", \"base\": \"base\","
    "   \"readiness\": \"30 min\", \"speed\": \"100 km/h\", \"target\": \"post\"}],"
    " \"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"01:00\"},"
    "   \"do\": [{\"do\": \"request\", \"assets\": [\"team\"]}]},"
    "  {\"id\": \"backup\", \"when\": {\"manual\": true},"
    "   \"do\": [{\"do\": \"request\", \"assets\": [\"spare\"]}]}],"
    " \"exercise\": {\"decisions\": [{\"id\": \"d\", \"prompt\": \"Send the team?\","
    "   \"when\": {\"on\": \"tripwire\", \"tripwire\": \"go\"}, \"default\": \"keep\","
    "   \"countdown\": \"15 min\","
    "   \"options\": [{\"id\": \"keep\", \"label\": \"Send it\"},"
    "    {\"id\": \"cancel\", \"label\": \"Hold it back\", \"cancel\": [\"go.1\"]},"
    "    {\"id\": \"swap\", \"label\": \"Send the spare\", \"cancel\": [\"go.1\"],"
    "     \"fire\": [\"backup\"]}]}]}}";

static void test_tripwire_actions_are_events_of_their_own(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    struct eap_engine_options opt = {.replay = true, .interactive = true};
    eap_engine_reset(e, 1, 0, &opt);
    /* The decision falls due with the tripwire, before its action has run: the run stops
     * between the trigger and its action. */
    assert_int_equal(eap_engine_run_until(e, EAP_TIME_MAX, &err), EAP_RUN_DECISION);
    assert_int_equal(eap_engine_now(e), EAP_HOUR);
    assert_int_equal(eap_engine_pending_decision(e), 0);
    const struct eap_trace *t = eap_engine_trace(e);
    assert_int_equal(count_events(t, EAP_EV_TRIPWIRE, 0), 1);
    assert_int_equal(count_events(t, EAP_EV_REQUEST, -1), 0);
    assert_true(eap_engine_decide(e, 0, 1, &err)); /* hold it back */
    assert_true(eap_engine_run(e, &err));
    assert_int_equal(count_events(t, EAP_EV_REQUEST, -1), 0);
    assert_int_equal(count_events(t, EAP_EV_TASKED, -1), 0);
    assert_int_equal(fixture_metric(e, "on_scene/team"), EAP_METRIC_MISSING);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_decision_options_change_the_run_as_they_say(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    int32_t team = eap_scenario_find_asset(s, "team"), spare = eap_scenario_find_asset(s, "spare");
    /* Not interactive: the default (send it). */
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_true(eap_engine_run(e, &err));
    assert_int_equal(count_events(eap_engine_trace(e), EAP_EV_TASKED, team), 1);
    assert_int_equal(eap_engine_decision_taken(e, 0), 0);
    /* Given a choice: the spare goes instead, tasked at the decision's time. */
    int32_t choices[1] = {2};
    opt.choices = choices;
    eap_engine_reset(e, 1, 0, &opt);
    assert_true(eap_engine_run(e, &err));
    const struct eap_trace *t = eap_engine_trace(e);
    assert_int_equal(count_events(t, EAP_EV_TASKED, team), 0);
    assert_int_equal(count_events(t, EAP_EV_TASKED, spare), 1);
    assert_int_equal(fixture_metric(e, "on_scene/spare") >= EAP_HOUR + 30 * EAP_MINUTE, 1);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_countdown_takes_the_default_when_nobody_answers(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    struct eap_engine_options opt = {.replay = true, .interactive = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_int_equal(eap_engine_run_until(e, EAP_TIME_MAX, &err), EAP_RUN_DECISION);
    /* Going on without an answer: the default is taken when the countdown runs out. */
    assert_true(eap_engine_run(e, &err));
    const struct eap_trace *t = eap_engine_trace(e);
    bool seen = false;
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == EAP_EV_DECIDED) {
            assert_int_equal(t->events[i].time, EAP_HOUR + 15 * EAP_MINUTE);
            assert_int_equal(t->events[i].object, 0);
            assert_true(t->events[i].value == 1); /* taken by default */
            seen = true;
        }
    }
    assert_true(seen);
    /* Deciding twice, or a decision that is not due, is refused. */
    assert_false(eap_engine_decide(e, 0, 1, &err));
    eap_engine_reset(e, 1, 0, &opt);
    assert_false(eap_engine_decide(e, 0, 1, &err));
    assert_int_equal(eap_engine_run_until(e, EAP_TIME_MAX, &err), EAP_RUN_DECISION);
    assert_false(eap_engine_decide(e, 0, 7, &err));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_action_steering(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    int32_t go = eap_scenario_find_action(s, "go.1");
    struct eap_engine_options opt = {.replay = true};
    /* Delayed before its tripwire fires: the request comes 2 h after 01:00. */
    eap_engine_reset(e, 1, 0, &opt);
    assert_true(eap_engine_delay_action(e, go, 2 * EAP_HOUR, &err));
    assert_true(eap_engine_run(e, &err));
    const struct eap_trace *t = eap_engine_trace(e);
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == EAP_EV_REQUEST) {
            assert_int_equal(t->events[i].time, 3 * EAP_HOUR);
        }
    }
    /* Started at 00:30 by hand, it runs then, and the tripwire's own firing does nothing. */
    eap_engine_reset(e, 1, 0, &opt);
    assert_int_equal(eap_engine_run_until(e, 30 * EAP_MINUTE, &err), EAP_RUN_REACHED);
    assert_true(eap_engine_start_action(e, go, &err));
    assert_true(eap_engine_run(e, &err));
    assert_int_equal(count_events(t, EAP_EV_REQUEST, -1), 1);
    assert_int_equal(t->events[events_until(t, 30 * EAP_MINUTE - 1)].time, 30 * EAP_MINUTE);
    assert_false(eap_engine_cancel_action(e, go, &err)); /* it has run */
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* --- forks --- */

/* Branches n replications of `from` and gives the mean and sd of a metric's values (ms). */
static void branch_stats(const struct eap_engine *from, const char *name, int n, double *mean,
                         double *sd, double *min)
{
    const struct eap_scenario *s = eap_engine_scenario(from);
    struct eap_engine *b = engine(s);
    struct eap_error err;
    double sum = 0, sq = 0;
    *min = INFINITY;
    for (int r = 0; r < n; r++) {
        assert_true(eap_engine_branch(b, from, 7, (uint64_t)r, NULL, &err));
        assert_true(eap_engine_run(b, &err));
        double v = (double)fixture_metric(b, name);
        sum += v;
        sq += v * v;
        *min = fmin(*min, v);
    }
    *mean = sum / n;
    *sd = sqrt((sq - sum * sum / n) / (n - 1));
    eap_engine_destroy(b);
}

static struct eap_engine *history(const struct eap_scenario *s, eap_time t)
{
    struct eap_engine *e = engine(s);
    struct eap_error err;
    struct eap_engine_options opt = {.replay = true, .track = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_int_not_equal(eap_engine_run_until(e, t, &err), EAP_RUN_FAILED);
    struct eap_engine *snap = eap_engine_snapshot(e, &err);
    assert_non_null(snap);
    eap_engine_destroy(e);
    return snap;
}

/* The team's readiness is triangular(10, 20, 60) min from 01:00. Forked at 01:25, before it
 * has left, its departure is X | X > 25 min: the triangle from 25 to 60 with its mode at 25,
 * mean (25 + 25 + 60) / 3 min, sd sqrt(35^2 / 18) min. */
static void test_fork_redraws_a_readiness_under_way_conditionally(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    struct eap_engine *snap = history(s, EAP_HOUR + 25 * EAP_MINUTE);
    const int n = 20000;
    double mean, sd, min;
    int32_t team = eap_scenario_find_asset(s, "team");
    /* Departure = arrival - flight; flights differ per branch, so measure the departure. */
    struct eap_engine *b = engine(s);
    struct eap_error err;
    double sum = 0, sq = 0;
    min = INFINITY;
    for (int r = 0; r < n; r++) {
        assert_true(eap_engine_branch(b, snap, 3, (uint64_t)r, NULL, &err));
        assert_true(eap_engine_run(b, &err));
        const struct eap_trace *t = eap_engine_trace(b);
        double dep = -1;
        for (size_t i = 0; i < t->count; i++) {
            if (t->events[i].kind == EAP_EV_ASSET_DEPARTED && t->events[i].subject == team) {
                dep = (double)(t->events[i].time - EAP_HOUR) / EAP_MINUTE;
            }
        }
        sum += dep;
        sq += dep * dep;
        min = fmin(min, dep);
    }
    eap_engine_destroy(b);
    mean = sum / n;
    sd = sqrt((sq - sum * sum / n) / (n - 1));
    double want_mean = (25.0 + 25.0 + 60.0) / 3, want_sd = sqrt(35.0 * 35.0 / 18);
    assert_true(min >= 25.0);
    assert_true(fabs(mean - want_mean) < 4 * want_sd / sqrt(n));
    assert_true(fabs(sd - want_sd) < 0.05 * want_sd);
    eap_engine_destroy(snap);
    eap_scenario_destroy(s);
}

/* In the replay the team leaves at 01:45 and flies 111 km at 150 km/h (44.5 min). Forked at
 * 02:15, 30 min into the flight, its speed V ~ U(100, 300) km/h is conditional on d / V > 30
 * min, i.e. V < h = d / 30 min (222 km/h); then E[d / V] = d ln(h / 100) / (h - 100). */
static void test_fork_redraws_a_flight_under_way_conditionally(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(plan_and_decision);
    const struct eap_place *base = &s->places[1], *post = &s->places[0];
    double d_km = eap_great_circle_m(base->lat, base->lon, post->lat, post->lon) / 1000;
    struct eap_engine *snap = history(s, 2 * EAP_HOUR + 15 * EAP_MINUTE);
    const int n = 20000;
    double mean, sd, min;
    branch_stats(snap, "on_scene/team", n, &mean, &sd, &min);
    double h = d_km / (30.0 / 60), flight_h = d_km * log(h / 100) / (h - 100);
    assert_true(h > 100 && h < 300);                  /* the condition binds */
    double want_ms = (1.75 + flight_h) * 3600 * 1000; /* from 00:00; departure at 01:45 */
    /* on_scene counts from the start here (the scenario has no on_scene_from) */
    assert_true(min >= (1.75 + 30.0 / 60) * 3600 * 1000 - 1);
    assert_true(fabs(mean - want_ms) < 4 * sd / sqrt(n));
    eap_engine_destroy(snap);
    eap_scenario_destroy(s);
}

static void test_fork_at_the_end_equals_the_replay(void **state)
{
    (void)state;
    const char *files[] = {"benghazi-2012.json", "tripoli-2014.json"};
    for (size_t f = 0; f < 2; f++) {
        struct eap_scenario *s = fixture_load_file(files[f], NULL, 0);
        struct eap_engine *snap = history(s, s->horizon);
        struct eap_engine *replay = history(s, s->horizon), *b = engine(s);
        struct eap_error err;
        for (uint64_t r = 0; r < 50; r++) {
            assert_true(eap_engine_branch(b, snap, 11, r, NULL, &err));
            assert_true(eap_engine_run(b, &err));
            assert_same_metrics(b, replay);
        }
        eap_engine_destroy(b);
        eap_engine_destroy(replay);
        eap_engine_destroy(snap);
        eap_scenario_destroy(s);
    }
}

/* Runs a batch (optionally branching from a snapshot) and returns its statistics. */
static void batch(const struct eap_scenario *s, const struct eap_engine *from, unsigned threads,
                  uint64_t first, uint64_t count, struct eap_batch_stats *out)
{
    struct eap_batch_spec spec = {
        .scn = s, .seed = 5, .first = first, .count = count, .threads = threads, .from = from};
    struct eap_error err;
    assert_true(eap_batch_run(&spec, out, &err));
}

/* Forked before anything was drawn (right after the reset; only the at-time triggers' delays
 * have been drawn, and they are redrawn in full), a branch is an ordinary sampled run: the
 * means agree with a plain batch within their intervals. */
static void test_fork_at_the_start_matches_a_plain_batch(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("tripoli-2014.json", NULL, 0);
    struct eap_engine *e = engine(s);
    struct eap_error err;
    struct eap_engine_options opt = {.replay = true, .track = true};
    eap_engine_reset(e, 1, 0, &opt);
    struct eap_engine *snap = eap_engine_snapshot(e, &err);
    struct eap_batch_stats plain, forked;
    batch(s, NULL, 2, 0, 4000, &plain);
    batch(s, snap, 2, 100000, 4000, &forked);
    for (size_t m = 0; m < s->metric_count; m++) {
        const struct eap_stat *a = &plain.a[m], *b = &forked.a[m];
        if (a->count < 2 || b->count < 2 || s->metrics[m].unit == EAP_MU_FLAG) {
            continue;
        }
        double se =
            sqrt(eap_stat_variance(a) / (double)a->count + eap_stat_variance(b) / (double)b->count);
        double diff = eap_stat_mean(a) - eap_stat_mean(b);
        if (se == 0) {
            assert_true(diff == 0);
        } else {
            assert_true(fabs(diff) < 4.5 * se);
        }
    }
    eap_batch_stats_finish(&plain);
    eap_batch_stats_finish(&forked);
    eap_engine_destroy(snap);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void assert_same_stats(const struct eap_batch_stats *a, const struct eap_batch_stats *b)
{
    struct eap_batch_meta meta = {"t", "t", "t", 0,    5,    3000, 0,    3000,
                                  "",  "",  "",  NULL, NULL, NULL, NULL, NULL};
    char *ja = eap_batch_state_to_json(&meta, a);
    char *jb = eap_batch_state_to_json(&meta, b);
    assert_non_null(ja);
    assert_non_null(jb);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
}

static void test_forked_batches_are_the_same_for_any_threads_and_shards(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct eap_engine *snap = history(s, 90 * EAP_MINUTE);
    struct eap_batch_stats one, two, four, shard_a, shard_b;
    batch(s, snap, 1, 0, 3000, &one);
    batch(s, snap, 2, 0, 3000, &two);
    batch(s, snap, 4, 0, 3000, &four);
    assert_same_stats(&one, &two);
    assert_same_stats(&one, &four);
    uint64_t f0, c0, f1, c1;
    eap_batch_shard_range(3000, 0, 2, &f0, &c0);
    eap_batch_shard_range(3000, 1, 2, &f1, &c1);
    batch(s, snap, 2, f0, c0, &shard_a);
    batch(s, snap, 1, f1, c1, &shard_b);
    struct eap_error err;
    assert_true(eap_batch_stats_merge(&shard_a, &shard_b, &err));
    assert_same_stats(&one, &shard_a);
    eap_batch_stats_finish(&one);
    eap_batch_stats_finish(&two);
    eap_batch_stats_finish(&four);
    eap_batch_stats_finish(&shard_a);
    eap_batch_stats_finish(&shard_b);
    eap_engine_destroy(snap);
    eap_scenario_destroy(s);
}

/* The history is kept: every branch has the replay's events before the fork. */
static void test_branches_keep_the_history(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    eap_time t = 3 * EAP_HOUR;
    struct eap_engine *snap = history(s, t), *b = engine(s);
    const struct eap_trace *h = eap_engine_trace(snap);
    struct eap_error err;
    bool differs = false;
    for (uint64_t r = 0; r < 20; r++) {
        assert_true(eap_engine_branch(b, snap, 9, r, NULL, &err));
        assert_true(eap_engine_run(b, &err));
        const struct eap_trace *bt = eap_engine_trace(b);
        assert_same_prefix(h, bt, h->count);
        differs |= bt->count != h->count;
    }
    assert_true(differs);
    eap_engine_destroy(b);
    eap_engine_destroy(snap);
    eap_scenario_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pause_resume_equals_straight_run_benghazi),
        cmocka_unit_test(test_pause_resume_equals_straight_run_tripoli),
        cmocka_unit_test(test_paused_run_reports_exposure_up_to_now),
        cmocka_unit_test(test_change_at_t_leaves_the_history_before_t),
        cmocka_unit_test(test_tripwire_actions_are_events_of_their_own),
        cmocka_unit_test(test_decision_options_change_the_run_as_they_say),
        cmocka_unit_test(test_countdown_takes_the_default_when_nobody_answers),
        cmocka_unit_test(test_action_steering),
        cmocka_unit_test(test_fork_redraws_a_readiness_under_way_conditionally),
        cmocka_unit_test(test_fork_redraws_a_flight_under_way_conditionally),
        cmocka_unit_test(test_fork_at_the_end_equals_the_replay),
        cmocka_unit_test(test_fork_at_the_start_matches_a_plain_batch),
        cmocka_unit_test(test_forked_batches_are_the_same_for_any_threads_and_shards),
        cmocka_unit_test(test_branches_keep_the_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
