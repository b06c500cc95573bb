/* The EAP engine: the bundled scenarios replay the record within 5 minutes; milestones emerge
 * from the model (move the drone's base or slow the convoy and they move by what distance
 * over speed says); the stochastic processes have the right statistics; runs are
 * deterministic per (seed, replication). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/count_of.h"
#include "eapsim/engine.h"
#include "eapsim/loader.h"
#include "eapsim/report.h"
#include "scenario_fixture.h"

/* --- helpers --- */

#define load_file fixture_load_file
#define load_text fixture_load_text

/* Runs one replication; the caller destroys the engine. */
static struct eap_engine *run(const struct eap_scenario *s, bool replay, uint64_t seed,
                              uint64_t rep)
{
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    assert_non_null(e);
    struct eap_engine_options opt = {.replay = replay};
    eap_engine_reset(e, seed, rep, &opt);
    assert_true(eap_engine_run(e, &err));
    return e;
}

/* Time of a milestone in the engine's current trace, -1 when it never happened. */
static eap_time milestone(const struct eap_scenario *s, const struct eap_engine *e, const char *id)
{
    for (size_t i = 0; i < s->record_count; i++) {
        if (strcmp(s->record[i].id, id) == 0) {
            long at = eap_trace_find(eap_engine_trace(e), &s->record[i].event, 0);
            return at >= 0 ? eap_engine_trace(e)->events[at].time : -1;
        }
    }
    fail_msg("no milestone %s", id);
    return -1;
}

/* Traces compared field by field (the struct has padding). */
static bool traces_equal(const struct eap_trace *a, const struct eap_trace *b)
{
    if (a->count != b->count) {
        return false;
    }
    for (size_t i = 0; i < a->count; i++) {
        const struct eap_trace_event *x = &a->events[i], *y = &b->events[i];
        if (x->time != y->time || x->kind != y->kind || x->place != y->place ||
            x->subject != y->subject || x->object != y->object || x->value != y->value ||
            x->value2 != y->value2) {
            return false;
        }
    }
    return true;
}

static double gc_places(const struct eap_scenario *s, const char *a, const char *b)
{
    const struct eap_place *p = &s->places[eap_scenario_find_place(s, a)];
    const struct eap_place *q = &s->places[eap_scenario_find_place(s, b)];
    return eap_great_circle_m(p->lat, p->lon, q->lat, q->lon);
}

/* --- the record --- */

static void check_replay_within_5_minutes(const char *file)
{
    struct eap_scenario *s = load_file(file, NULL, 0);
    struct eap_engine *e = run(s, true, 1, 0);
    struct eap_milestone_result *res = calloc(s->record_count, sizeof(*res));
    eap_report_milestones(s, eap_engine_trace(e), res);
    assert_true(s->record_count > 0);
    for (size_t i = 0; i < s->record_count; i++) {
        eap_time d = res[i].simulated - res[i].milestone->time;
        if (res[i].simulated < 0 || llabs(d) > 5 * EAP_MINUTE) {
            fail_msg("%s: milestone %s simulated at %lld ms, recorded %lld ms", file,
                     res[i].milestone->id, (long long)res[i].simulated,
                     (long long)res[i].milestone->time);
        }
    }
    free(res);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_benghazi_replay_matches_the_record(void **state)
{
    (void)state;
    check_replay_within_5_minutes("benghazi-2012.json");
}

static void test_tripoli_replay_matches_the_record(void **state)
{
    (void)state;
    check_replay_within_5_minutes("tripoli-2014.json");
}

static void test_benghazi_replay_outcome(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("benghazi-2012.json", NULL, 0);
    struct eap_engine *e = run(s, true, 1, 0);
    /* four dead: two in the fire at the SMC, two from the mortars on the annex */
    assert_int_equal(fixture_metric(e, "casualties"), 4);
    assert_int_equal(fixture_metric(e, "breach_before_evacuation"), 1);
    /* the drone is overhead 88 minutes after the assault began (seed 001) */
    int64_t on_scene = fixture_metric(e, "on_scene/isr_drone");
    assert_true(llabs(on_scene - 88 * EAP_MINUTE) < EAP_MINUTE);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_tripoli_replay_outcome(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("tripoli-2014.json", NULL, 0);
    struct eap_engine *e = run(s, true, 1, 0);
    assert_int_equal(fixture_metric(e, "casualties"), 0);
    assert_int_equal(fixture_metric(e, "incidents"), 0); /* DoD: no incidents */
    assert_int_equal(fixture_metric(e, "breach_before_evacuation"), 0);
    assert_int_equal(fixture_metric(e, "all_safe_by_deadline"), 1);
    /* the convoy covered the seed's 250 miles */
    const struct eap_trace *t = eap_engine_trace(e);
    struct eap_condition arrived = {EAP_EV_CONVOY_ARRIVED, EAP_NONE, EAP_NONE};
    long at = eap_trace_find(t, &arrived, 0);
    assert_true(at >= 0);
    assert_true(fabs(t->events[at].value - 250 * 1609.344) < 1000);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* --- milestones emerge from the model --- */

static void test_drone_overhead_moves_with_its_base(void **state)
{
    (void)state;
    struct eap_scenario *a = load_file("benghazi-2012.json", NULL, 0);
    const char *sets[] = {"assets/isr_drone/base=sigonella"};
    struct eap_scenario *b = load_file("benghazi-2012.json", sets, 1);
    struct eap_engine *ea = run(a, true, 1, 0), *eb = run(b, true, 1, 0);
    eap_time ta = milestone(a, ea, "drone_overhead"), tb = milestone(b, eb, "drone_overhead");
    /* same tasking; the transit changes by the difference in distance over the speed */
    double speed = a->inputs[a->assets[eap_scenario_find_asset(a, "isr_drone")].speed].replay_value;
    double want = (gc_places(a, "sigonella", "smc") - gc_places(a, "darnah", "smc")) / speed * 1000;
    assert_true(fabs((double)(tb - ta) - want) < 1000);
    assert_int_equal(milestone(a, ea, "drone_tasked"), milestone(b, eb, "drone_tasked"));
    eap_engine_destroy(ea);
    eap_engine_destroy(eb);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

/* When the convoy reached the end of its route, from the trace. */
static eap_time arrival(const struct eap_engine *e)
{
    struct eap_condition arrived = {EAP_EV_CONVOY_ARRIVED, EAP_NONE, EAP_NONE};
    long at = eap_trace_find(eap_engine_trace(e), &arrived, 0);
    return at >= 0 ? eap_engine_trace(e)->events[at].time : -1;
}

static void test_convoy_arrival_moves_with_its_speed(void **state)
{
    (void)state;
    const char *fast[] = {"routes/coast_road/segments/5/speed=\"110 km/h\""};
    const char *slow[] = {"routes/coast_road/segments/5/speed=\"55 km/h\""};
    struct eap_scenario *a = load_file("tripoli-2014.json", fast, 1);
    struct eap_scenario *b = load_file("tripoli-2014.json", slow, 1);
    struct eap_engine *ea = run(a, true, 1, 0), *eb = run(b, true, 1, 0);
    eap_time da = milestone(a, ea, "convoy_departs"), db = milestone(b, eb, "convoy_departs");
    eap_time ta = arrival(ea), tb = arrival(eb);
    assert_int_equal(da, db);
    /* 186 km at 55 instead of 110 km/h takes 186/110 h longer */
    double want = 186.0 / 110.0 * 3600 * 1000;
    assert_true(fabs((double)(tb - ta) - want) < 2000);
    eap_engine_destroy(ea);
    eap_engine_destroy(eb);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

static void test_memorandum_of_agreement_shortens_the_chain(void **state)
{
    (void)state;
    struct eap_scenario *a = load_file("benghazi-2012.json", NULL, 0);
    const char *sets[] = {"request_chain/moa=true"};
    struct eap_scenario *b = load_file("benghazi-2012.json", sets, 1);
    struct eap_engine *ea = run(a, true, 1, 0), *eb = run(b, true, 1, 0);
    /* AFRICOM's hop takes its median of 4 min instead of the record's 9: 5 min sooner; the
     * Pentagon's path does not go through it */
    eap_time da = milestone(a, ea, "drone_overhead") - milestone(b, eb, "drone_overhead");
    assert_int_equal(da, 5 * EAP_MINUTE);
    assert_int_equal(milestone(a, ea, "drone_tasked") - milestone(b, eb, "drone_tasked"),
                     5 * EAP_MINUTE);
    assert_int_equal(milestone(a, ea, "nmcc_told"), milestone(b, eb, "nmcc_told"));
    eap_engine_destroy(ea);
    eap_engine_destroy(eb);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

static void test_late_air_cover_holds_the_convoy(void **state)
{
    (void)state;
    /* The plan leaves only once the F-16s are overhead: a slower tasking delays the dawn
     * departure by exactly the shortfall. */
    const char *sets[] = {"assets/f16_pair/readiness=\"4 h\""};
    struct eap_scenario *s = load_file("tripoli-2014.json", sets, 1);
    struct eap_engine *e = run(s, true, 1, 0);
    double speed = s->inputs[s->assets[eap_scenario_find_asset(s, "f16_pair")].speed].replay_value;
    double transit = gc_places(s, "aviano", "embassy") / speed * 1000;
    eap_time on_station = (eap_time)(55 * EAP_MINUTE + 4 * EAP_HOUR + transit);
    assert_true(llabs(milestone(s, e, "convoy_departs") - on_station) < 1000);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* --- sampled runs --- */

static void test_sampled_runs_vary_and_stay_plausible(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("tripoli-2014.json", NULL, 0);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    enum { N = 300 };
    double sum = 0, sum2 = 0;
    int late = 0;
    for (uint64_t r = 0; r < N; r++) {
        eap_engine_reset(e, 7, r, NULL);
        assert_true(eap_engine_run(e, &err));
        eap_time dep = milestone(s, e, "convoy_departs"), arr = arrival(e);
        assert_true(dep >= 5 * EAP_HOUR); /* not before dawn, as the plan says */
        if (arr < 0) {
            late++; /* a very bad day can outlast the 24 h horizon; it must stay rare */
            continue;
        }
        assert_true(arr > dep);
        /* 402 km can not take less than at the top speed of the vehicles (150 km/h) */
        assert_true(arr - dep >= (eap_time)(402.0 / 150.0 * EAP_HOUR));
        assert_true(fixture_metric(e, "casualties") >= 0 && fixture_metric(e, "casualties") <= 158);
        double hours = (double)(arr - dep) / EAP_HOUR;
        sum += hours;
        sum2 += hours * hours;
    }
    assert_true(late < N / 50);
    double mean = sum / (N - late), sd = sqrt(sum2 / (N - late) - mean * mean);
    assert_true(sd > 0.1);                /* runs differ */
    assert_true(mean > 3.5 && mean < 10); /* 402 km in a few hours */
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_same_replication_same_trace(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("benghazi-2012.json", NULL, 0);
    struct eap_engine *a = run(s, false, 42, 17), *b = run(s, false, 42, 17);
    struct eap_engine *c = run(s, false, 42, 18);
    const struct eap_trace *ta = eap_engine_trace(a), *tb = eap_engine_trace(b);
    assert_true(traces_equal(ta, tb));
    assert_false(traces_equal(eap_engine_trace(c), ta));
    /* Resetting an engine that ran other replications gives the same result again. */
    eap_engine_reset(c, 42, 17, NULL);
    struct eap_error err;
    assert_true(eap_engine_run(c, &err));
    assert_true(traces_equal(eap_engine_trace(c), ta));
    eap_engine_destroy(a);
    eap_engine_destroy(b);
    eap_engine_destroy(c);
    eap_scenario_destroy(s);
}

/* The metrics of replication rep under opt, into values (metric_count of them). */
static void metrics_under(struct eap_engine *e, uint64_t rep, const struct eap_engine_options *opt,
                          int64_t *values)
{
    struct eap_error err;
    eap_engine_reset(e, 7, rep, opt);
    assert_true(eap_engine_run(e, &err));
    eap_engine_metrics(e, values);
}

/* Counts the replications whose metrics differ between an unsteered batch-like run and an
 * ordinary one of the same choices (the test fails on any), and returns how many differ from
 * the default choices' run (options that enable a tripwire change the outcome). */
static int unsteered_runs_match(const struct eap_scenario *s, struct eap_engine *e,
                                const int32_t *choices, int reps)
{
    size_t n = s->metric_count;
    int64_t *plain = calloc(n, sizeof(*plain)), *quiet = calloc(n, sizeof(*quiet));
    int64_t *base = calloc(n, sizeof(*base));
    int changed = 0;
    for (int r = 0; r < reps; r++) {
        metrics_under(e, (uint64_t)r, &(struct eap_engine_options){.choices = choices}, plain);
        metrics_under(
            e, (uint64_t)r,
            &(struct eap_engine_options){.choices = choices, .untraced = true, .unsteered = true},
            quiet);
        assert_memory_equal(plain, quiet, n * sizeof(*plain));
        metrics_under(e, (uint64_t)r, NULL, base);
        changed += memcmp(plain, base, n * sizeof(*plain)) != 0;
    }
    free(plain);
    free(quiet);
    free(base);
    return changed;
}

/* An unsteered run skips the watchers of tripwires that start disabled unless its decisions
 * enable one, and does not schedule decision points whose default option changes nothing
 * unless it takes another: every option of every decision point gives the metrics it gives
 * otherwise, and some options (those enabling a tripwire or changing the plan) do change
 * them. */
static void test_unsteered_runs_give_the_same_metrics(void **state)
{
    (void)state;
    const char *files[] = {"tripoli-2014.json", "benghazi-2012.json"};
    for (size_t f = 0; f < 2; f++) {
        struct eap_scenario *s = load_file(files[f], NULL, 0);
        struct eap_error err;
        struct eap_engine *e = eap_engine_create(s, &err);
        assert_non_null(e);
        int32_t *choices = malloc((s->decision_count + 1) * sizeof(*choices));
        int changed = 0;
        for (size_t d = 0; d < s->decision_count; d++) {
            for (size_t k = 0; k < s->decisions[d].option_count; k++) {
                for (size_t j = 0; j < s->decision_count; j++) {
                    choices[j] = j == d ? (int32_t)k : EAP_NONE;
                }
                changed += unsteered_runs_match(s, e, choices, 20);
            }
        }
        assert_true(changed > 0);
        free(choices);
        eap_engine_destroy(e);
        eap_scenario_destroy(s);
    }
}

static void test_changing_one_input_keeps_the_others_draws(void **state)
{
    (void)state;
    /* Common random numbers: every input has its own stream, so fixing the drone's speed
     * leaves the QRF's sampled readiness untouched in the same replication. */
    struct eap_scenario *a = load_file("benghazi-2012.json", NULL, 0);
    const char *sets[] = {"assets/isr_drone/speed=\"60 kn\""};
    struct eap_scenario *b = load_file("benghazi-2012.json", sets, 1);
    for (uint64_t r = 0; r < 20; r++) {
        struct eap_engine *ea = run(a, false, 3, r), *eb = run(b, false, 3, r);
        assert_int_equal(milestone(a, ea, "qrf_departs"), milestone(b, eb, "qrf_departs"));
        assert_int_equal(milestone(a, ea, "drone_tasked"), milestone(b, eb, "drone_tasked"));
        eap_engine_destroy(ea);
        eap_engine_destroy(eb);
    }
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

/* --- processes, on small scenarios --- */

#define HEAD                                                                                       \
    "{\"eapsim\": 1, \"id\": \"t\", \"name\": \"t\","                                              \
    "\"clock\": {\"start\": \"2020-01-01T00:00Z\", \"horizon\": \"2 d\"},"

static const char *road_scenario =
    HEAD "\"places\": ["
         "  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0},"
         "  {\"id\": \"b\", \"name\": \"B\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": 1, "
         "\"safe\": true},"
         "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 0.5}],"
         "\"routes\": [{\"id\": \"r\", \"segments\": [{\"from\": \"a\", \"to\": \"b\","
         "  \"distance\": \"100 km\", \"speed\": \"50 km/h\","
         "  \"checkpoints\": [{\"name\": \"cp\", \"at\": \"50 km\", \"delay\": \"10 min\","
         "                     \"p_stop\": 0.3, \"stop_delay\": \"1 h\"}],"
         "  \"threat\": {\"incidents_per_100km\": 2, \"delay\": \"30 min\"}}]}],"
         "\"people\": [{\"id\": \"p\", \"count\": 10, \"at\": \"a\"}],"
         "\"vehicles\": [{\"id\": \"v\", \"count\": 3, \"capacity\": 4}],"
         "\"assets\": [{\"id\": \"jets\", \"kind\": \"fighter\", \"base\": \"base\","
         "  \"readiness\": \"0 min\", \"speed\": \"1000 km/h\", \"target\": \"r\","
         "  \"effects\": {\"deterrence\": %s}}],"
         "\"convoys\": [{\"id\": \"c\", \"route\": \"r\", \"vehicles\": {\"v\": 3}, \"formation\": "
         "\"1 h\"}],"
         "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"},"
         "  \"do\": [{\"do\": \"request\", \"assets\": [\"jets\"]}, {\"do\": \"move\", \"convoy\": "
         "\"c\"}]}]}";

static struct eap_scenario *road(const char *deterrence)
{
    char json[4096];
    snprintf(json, sizeof(json), road_scenario, deterrence);
    return load_text(json);
}

static void test_road_incidents_are_poisson_along_the_distance(void **state)
{
    (void)state;
    /* The jets arrive (3 min) long before the convoy leaves (1 h), so with deterrence 0.5
     * the rate is 2 * 0.5 per 100 km: mean 1 incident on the 100 km road. */
    struct eap_scenario *s = road("0.5");
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    enum { N = 4000 };
    double sum = 0;
    for (uint64_t r = 0; r < N; r++) {
        eap_engine_reset(e, 11, r, NULL);
        assert_true(eap_engine_run(e, &err));
        sum += (double)fixture_metric(e, "incidents");
    }
    /* Poisson(1): standard error of the mean sqrt(1/N) */
    double mean = sum / N;
    assert_true(fabs(mean - 1.0) < 4.5 * sqrt(1.0 / N));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_an_escort_no_longer_covers_the_route(void **state)
{
    (void)state;
    /* The jets are on station over the road when the convoy leaves and join it as escorts
     * (escort effect 0): their route deterrence goes with them, so incidents come at the
     * full rate, 2 per 100 km. */
    char json[4096], tail[1024];
    snprintf(json, sizeof(json), road_scenario, "1, \"escort\": 0");
    char *f = strstr(json, "\"formation\": \"1 h\"");
    assert_non_null(f);
    snprintf(tail, sizeof(tail), "\"escorts\": [\"jets\"], %s", f);
    snprintf(f, sizeof(json) - (size_t)(f - json), "%s", tail);
    struct eap_scenario *s = load_text(json);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    enum { N = 2000 };
    double sum = 0;
    int joined = 0;
    struct eap_condition join = {EAP_EV_ESCORT_JOINED, EAP_NONE, EAP_NONE};
    for (uint64_t r = 0; r < N; r++) {
        eap_engine_reset(e, 12, r, NULL);
        assert_true(eap_engine_run(e, &err));
        sum += (double)fixture_metric(e, "incidents");
        joined += eap_trace_find(eap_engine_trace(e), &join, 0) >= 0;
    }
    assert_int_equal(joined, N);
    /* Poisson(2): standard error of the mean sqrt(2/N) */
    assert_true(fabs(sum / N - 2.0) < 4.5 * sqrt(2.0 / N));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_full_deterrence_prevents_incidents(void **state)
{
    (void)state;
    struct eap_scenario *s = road("1");
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    for (uint64_t r = 0; r < 500; r++) {
        eap_engine_reset(e, 5, r, NULL);
        assert_true(eap_engine_run(e, &err));
        assert_int_equal(fixture_metric(e, "incidents"), 0);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_checkpoint_holds_with_its_probability(void **state)
{
    (void)state;
    struct eap_scenario *s = road("1"); /* no incidents: only the checkpoint delays */
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    enum { N = 4000 };
    int held = 0;
    for (uint64_t r = 0; r < N; r++) {
        eap_engine_reset(e, 9, r, NULL);
        assert_true(eap_engine_run(e, &err));
        int64_t d = fixture_metric(e, "convoy_duration/c");
        /* 100 km at 50 km/h is 2 h, plus 10 min at the checkpoint, plus 1 h when held (to
         * the millisecond: each leg between candidate incidents rounds to a tick) */
        int64_t base = 2 * EAP_HOUR + 10 * EAP_MINUTE;
        assert_true(llabs(d - base) < 50 || llabs(d - base - EAP_HOUR) < 50);
        held += d > 3 * EAP_HOUR;
    }
    double share = (double)held / N;
    assert_true(fabs(share - 0.3) < 4.5 * sqrt(0.3 * 0.7 / N));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_party_safe_at_destination_and_exposure_counts_the_road(void **state)
{
    (void)state;
    struct eap_scenario *s = road("1");
    struct eap_engine *e = run(s, true, 1, 0);
    /* replay: no incidents, no hold: formation 1 h + 2 h + 10 min */
    assert_int_equal(fixture_metric(e, "safe_time/p"), 3 * EAP_HOUR + 10 * EAP_MINUTE);
    assert_int_equal(fixture_metric(e, "time_all_safe"), 3 * EAP_HOUR + 10 * EAP_MINUTE);
    /* 10 people on a threatened road for 2 h 10 min */
    assert_int_equal(fixture_metric(e, "exposure"), 10 * (2 * EAP_HOUR + 10 * EAP_MINUTE));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* A chain that branches: desk, then ccmd or ops (or idle, which no asset needs), and cab
 * after ccmd. Assets approved at every level, listed by the request out of their order in
 * the scenario; a second request needs desk and ccmd only. */
static const char *branching_chain = HEAD
    "\"places\": ["
    "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0},"
    "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 1}],"
    "\"people\": [{\"id\": \"staff\", \"count\": 3, \"at\": \"post\"}],"
    "\"request_chain\": {\"hops\": ["
    "  {\"id\": \"desk\", \"name\": \"Desk\", \"delay\": \"1 min\"},"
    "  {\"id\": \"ccmd\", \"name\": \"Command\", \"after\": \"desk\", \"delay\": \"2 min\"},"
    "  {\"id\": \"idle\", \"name\": \"Idle\", \"after\": \"desk\", \"delay\": \"1 min\"},"
    "  {\"id\": \"ops\", \"name\": \"Operations\", \"after\": \"desk\", \"delay\": \"3 min\"},"
    "  {\"id\": \"cab\", \"name\": \"Cabinet\", \"after\": \"ccmd\", \"delay\": \"4 min\"}]},"
    "\"assets\": ["
    "  {\"id\": \"x\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"cab\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"},"
    "  {\"id\": \"y\", \"kind\": \"team\", \"base\": \"base\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"},"
    "  {\"id\": \"z\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"ops\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"},"
    "  {\"id\": \"w\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"desk\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"},"
    "  {\"id\": \"v\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"ops\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"},"
    "  {\"id\": \"u\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"ccmd\","
    "   \"readiness\": \"1 h\", \"speed\": \"50 km/h\", \"target\": \"post\"}],"
    "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"},"
    "  \"do\": [{\"do\": \"request\", \"assets\": [\"v\", \"x\", \"y\", \"w\", \"z\"]},"
    "          {\"do\": \"request\", \"assets\": [\"u\"]}]}]}";

static void test_a_request_goes_down_the_branches_its_assets_need(void **state)
{
    (void)state;
    struct eap_scenario *s = load_text(branching_chain);
    struct eap_engine *e = run(s, false, 1, 0);
    const struct eap_trace *t = eap_engine_trace(e);
    /* Each asset is tasked when the hop that approves it does (y at once: it needs none),
     * by the request that lists it; v and z, approved together, in the order it lists them. */
    const char *tasked[] = {"y", "w", "u", "v", "z", "x"};
    const eap_time tasked_at[] = {0, 1, 3, 4, 4, 7};
    const int request[] = {0, 0, 1, 0, 0, 0};
    /* The hops of each request: the first needs all but idle, the second desk and ccmd. */
    const char *hop[] = {"desk", "desk", "ccmd", "ccmd", "ops", "cab"};
    const eap_time hop_at[] = {1, 1, 3, 3, 4, 7};
    const int hop_request[] = {0, 1, 0, 1, 0, 0};
    size_t n = 0, m = 0;
    for (size_t i = 0; i < t->count; i++) {
        const struct eap_trace_event *ev = &t->events[i];
        if (ev->kind == EAP_EV_TASKED) {
            assert_true(n < COUNT_OF(tasked));
            assert_int_equal(ev->subject, eap_scenario_find_asset(s, tasked[n]));
            assert_int_equal(ev->time, tasked_at[n] * EAP_MINUTE);
            assert_int_equal(ev->object, request[n]);
            n++;
        } else if (ev->kind == EAP_EV_HOP) {
            assert_true(m < COUNT_OF(hop));
            assert_string_equal(s->chain.hops[ev->subject].id, hop[m]);
            assert_int_equal(ev->time, hop_at[m] * EAP_MINUTE);
            assert_int_equal(ev->object, hop_request[m]);
            m++;
        }
    }
    assert_int_equal(n, COUNT_OF(tasked));
    assert_int_equal(m, COUNT_OF(hop));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static const char *siege = HEAD
    "\"places\": ["
    "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 0, \"lon\": 0,"
    "   \"protection\": {\"perimeter\": \"20 min\", \"safe_room\": \"1 h\", \"reference_force\": "
    "40}},"
    "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 0.09},"
    "  {\"id\": \"field\", \"name\": \"Airfield\", \"kind\": \"airport\", \"lat\": 0, \"lon\": 0},"
    "  {\"id\": \"home\", \"name\": \"Home\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": 9, "
    "\"safe\": true}],"
    "\"people\": [{\"id\": \"staff\", \"count\": 30, \"at\": \"field\"}],"
    "\"assets\": [{\"id\": \"qrf\", \"kind\": \"team\", \"base\": \"base\", \"readiness\": \"%s\","
    "   \"speed\": \"10 km/h\", \"target\": \"post\", \"effects\": {\"reinforce\": true}},"
    "  {\"id\": \"plane\", \"kind\": \"transport\", \"base\": \"field\", \"readiness\": \"0 min\","
    "   \"speed\": \"1000 km/h\", \"target\": \"field\","
    "   \"effects\": {\"lift\": {\"capacity\": 12, \"turnaround\": \"10 min\"}}}],"
    "\"threats\": [{\"id\": \"attack\", \"kind\": \"attack\", \"place\": \"post\","
    "   \"when\": {\"at\": \"T+0\"}, \"force\": 80}],"
    "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"},"
    "  \"do\": [{\"do\": \"request\", \"assets\": [\"qrf\", \"plane\"]},"
    "          {\"do\": \"evacuate_by_air\", \"from\": \"field\", \"to\": \"home\","
    "           \"aircraft\": [\"plane\"], \"boarding\": \"20 min\"}]}]}";

static void test_force_halves_hold_time_and_reinforcement_ends_the_attack(void **state)
{
    (void)state;
    char json[4096];
    /* QRF 10 km away at 10 km/h: on scene after 1 h plus readiness. The perimeter holds
     * 20 min * 40/80 = 10 min, the safe room 1 h * 40/80 = 30 min after that. */
    snprintf(json, sizeof(json), siege, "0 min");
    struct eap_scenario *s = load_text(json);
    struct eap_engine *e = run(s, true, 1, 0);
    const struct eap_trace *t = eap_engine_trace(e);
    struct eap_condition breach = {EAP_EV_BREACH, EAP_NONE, EAP_NONE};
    struct eap_condition room = {EAP_EV_SAFE_ROOM_BREACH, EAP_NONE, EAP_NONE};
    struct eap_condition end = {EAP_EV_ATTACK_END, EAP_NONE, EAP_NONE};
    long b = eap_trace_find(t, &breach, 0), r = eap_trace_find(t, &room, 0);
    assert_true(b >= 0 && r >= 0);
    assert_int_equal(t->events[b].time, 10 * EAP_MINUTE);
    assert_int_equal(t->events[r].time, 40 * EAP_MINUTE);
    /* The QRF (10 km away at 10 km/h, tasked at once) ends the attack when it arrives. */
    long x = eap_trace_find(t, &end, 0);
    assert_true(x >= 0);
    const struct eap_place *base = &s->places[eap_scenario_find_place(s, "base")];
    const struct eap_place *post = &s->places[eap_scenario_find_place(s, "post")];
    double arrival_ms =
        eap_great_circle_m(base->lat, base->lon, post->lat, post->lon) / (10.0 / 3.6) * 1000;
    assert_true(fabs((double)t->events[x].time - arrival_ms) < 2);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    /* A QRF already there before the perimeter falls ends the attack: no breach at all. */
    snprintf(json, sizeof(json), siege, "0 min");
    char *fast = strstr(json, "\"10 km/h\"");
    memcpy(fast, "\"99 km/h\"", 9);
    s = load_text(json);
    e = run(s, true, 1, 0);
    assert_true(eap_trace_find(eap_engine_trace(e), &breach, 0) < 0);
    assert_true(eap_trace_find(eap_engine_trace(e), &end, 0) >= 0);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_airlift_shuttles_until_everyone_is_out(void **state)
{
    (void)state;
    char json[4096];
    snprintf(json, sizeof(json), siege, "0 min");
    struct eap_scenario *s = load_text(json);
    struct eap_engine *e = run(s, true, 1, 0);
    /* 30 people, 12 seats: three lifts; each lift is 20 min boarding + flight out; the
     * plane returns after a 10 min turnaround and the flight back. */
    const struct eap_trace *t = eap_engine_trace(e);
    int lifts = 0, carried = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == EAP_EV_AIRLIFT_ARRIVED) {
            lifts++;
            carried += (int)t->events[i].value;
        }
    }
    assert_int_equal(lifts, 3);
    assert_int_equal(carried, 30);
    const struct eap_place *f = &s->places[eap_scenario_find_place(s, "field")];
    const struct eap_place *h = &s->places[eap_scenario_find_place(s, "home")];
    double flight = eap_great_circle_m(f->lat, f->lon, h->lat, h->lon) / (1000 / 3.6);
    double want = 3 * 20 * 60 + 5 * flight + 2 * 10 * 60; /* seconds */
    assert_true(fabs((double)fixture_metric(e, "safe_time/staff") / 1000 - want) < 3);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_horizon_moved_ends_the_run_there(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("benghazi-2012.json", NULL, 0);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_true(eap_engine_set_horizon(e, 90 * EAP_MINUTE));
    assert_true(eap_engine_run(e, &err));
    assert_true(eap_engine_ended(e));
    assert_false(eap_engine_set_horizon(e, 100 * EAP_MINUTE)); /* over: nothing to move */
    const struct eap_trace *t = eap_engine_trace(e);
    assert_int_equal(t->events[t->count - 1].kind, EAP_EV_END);
    assert_int_equal(t->events[t->count - 1].time, 90 * EAP_MINUTE);
    for (size_t i = 0; i < t->count; i++) {
        assert_true(t->events[i].time <= 90 * EAP_MINUTE);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* A post of 70 parties of one: the first is drawn down (after an hour) only once the party
 * numbered `waited` is safe, which a draw-down at T+0 makes it after an hour. */
static struct eap_scenario *chain_of_parties(int waited)
{
    char json[8192];
    int n = snprintf(json, sizeof(json),
                     HEAD "\"places\": [{\"id\": \"post\", \"name\": \"Post\", \"kind\": "
                          "\"embassy\", \"lat\": 0, \"lon\": 0}],"
                          "\"people\": [");
    for (int i = 0; i < 70; i++) {
        n += snprintf(json + n, sizeof(json) - (size_t)n,
                      "%s{\"id\": \"p%d\", \"count\": 1, \"at\": \"post\"}", i ? ", " : "", i);
    }
    snprintf(json + n, sizeof(json) - (size_t)n,
             "], \"plan\": ["
             "{\"id\": \"first\", \"when\": {\"at\": \"T+0\"}, \"do\": [{\"do\": \"draw_down\", "
             "\"party\": \"p%d\", \"count\": 1, \"duration\": \"1 h\"}]},"
             "{\"id\": \"then\", \"when\": {\"on\": \"party_safe\", \"party\": \"p%d\"}, \"do\": "
             "[{\"do\": \"draw_down\", \"party\": \"p0\", \"count\": 1, \"duration\": \"1 h\"}]}]}",
             waited, waited);
    return load_text(json);
}

/* A batch's runs record no trace and hear an event only when a trigger or a milestone waits
 * for its kind and its subject (a bit per subject below 63, one bit for all the others): a
 * trigger on a party numbered above 62 still fires, as it does on one below, and the metrics
 * are those of a run that keeps its trace. */
static void test_an_untraced_run_hears_every_subject_waited_for(void **state)
{
    (void)state;
    const int waited[] = {1, 62, 63, 65};
    for (size_t w = 0; w < sizeof(waited) / sizeof(waited[0]); w++) {
        struct eap_scenario *s = chain_of_parties(waited[w]);
        struct eap_error err;
        struct eap_engine *e = eap_engine_create(s, &err);
        assert_non_null(e);
        int64_t *traced = calloc(s->metric_count, sizeof(*traced));
        int64_t *untraced = calloc(s->metric_count, sizeof(*untraced));
        metrics_under(e, 0, NULL, traced);
        metrics_under(e, 0, &(struct eap_engine_options){.untraced = true, .unsteered = true},
                      untraced);
        assert_memory_equal(traced, untraced, s->metric_count * sizeof(*traced));
        assert_int_equal(fixture_metric(e, "safe_time/p0"), 2 * EAP_HOUR);
        free(traced);
        free(untraced);
        eap_engine_destroy(e);
        eap_scenario_destroy(s);
    }
}

static const char *last_stand =
    HEAD "\"places\": ["
         "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 0, \"lon\": 0,"
         "   \"protection\": {\"perimeter\": \"10 min\", \"safe_room\": \"5 h\", "
         "\"fire_untenable\": \"30 min\","
         "                    \"cover\": 1}},"
         "  {\"id\": \"home\", \"name\": \"Home\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": "
         "9, \"safe\": true}],"
         "\"people\": [{\"id\": \"p\", \"count\": 5, \"at\": \"post\"}%s],"
         "\"threats\": [{\"id\": \"attack\", \"kind\": \"attack\", \"place\": \"post\","
         "   \"when\": {\"at\": \"T+0\"}, \"force\": 10, \"lethality\": \"%s\"}%s],"
         "\"plan\": [%s]}";

static struct eap_scenario *stand(const char *people, const char *lethality, const char *threats,
                                  const char *plan)
{
    char json[4096];
    snprintf(json, sizeof(json), last_stand, people, lethality, threats, plan);
    return load_text(json);
}

static void test_nobody_left_alive_is_not_everyone_safe(void **state)
{
    (void)state;
    /* Once the perimeter falls (10 min) the fire is deadly: all five die within a second,
     * nobody survives, so "every survivor safe" has no time and the deadline outcome is no. */
    struct eap_scenario *s = stand("", "100000 /min", "", "");
    struct eap_engine *e = run(s, true, 1, 0);
    assert_int_equal(fixture_metric(e, "casualties"), 5);
    assert_int_equal(fixture_metric(e, "time_all_safe"), EAP_METRIC_MISSING);
    assert_int_equal(fixture_metric(e, "all_safe_by_deadline"), 0);
    assert_int_equal(fixture_metric(e, "safe_time/p"), EAP_METRIC_MISSING);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    /* With a party safe from the start the survivors are all safe once the post's party is
     * lost, at the breach. */
    s = stand(", {\"id\": \"q\", \"count\": 3, \"at\": \"home\"}", "100000 /min", "", "");
    e = run(s, true, 1, 0);
    assert_true(llabs(fixture_metric(e, "time_all_safe") - 10 * EAP_MINUTE) < 1000);
    assert_int_equal(fixture_metric(e, "all_safe_by_deadline"), 1);
    assert_int_equal(fixture_metric(e, "safe_time/q"), 0);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_fire_put_out_makes_nothing_untenable(void **state)
{
    (void)state;
    /* The staff shelter at once; a fire at T+0 would make the safe room untenable after
     * 30 min, but it is put out after 10 min. */
    const char *fire = ", {\"id\": \"fire\", \"kind\": \"arson\", \"place\": \"post\","
                       " \"when\": {\"at\": \"T+0\"}, \"duration\": \"%s\","
                       " \"smoke\": \"100000 /min\", \"escape\": \"10 min\"}";
    const char *plan = "{\"id\": \"hide\", \"when\": {\"at\": \"T+0\"},"
                       " \"do\": [{\"do\": \"shelter\", \"party\": \"p\"}]}";
    struct eap_condition untenable = {EAP_EV_UNTENABLE, EAP_NONE, EAP_NONE};
    const char *durations[] = {"10 min", "1 h"};
    for (int i = 0; i < 2; i++) {
        char threats[512];
        snprintf(threats, sizeof(threats), fire, durations[i]);
        struct eap_scenario *s = stand("", "0 /min", threats, plan);
        struct eap_engine *e = run(s, true, 1, 0);
        long u = eap_trace_find(eap_engine_trace(e), &untenable, 0);
        if (i == 0) {
            assert_true(u < 0);
            assert_int_equal(fixture_metric(e, "casualties"), 0);
        } else {
            assert_true(u >= 0);
            assert_int_equal(eap_engine_trace(e)->events[u].time, 30 * EAP_MINUTE);
            assert_int_equal(fixture_metric(e, "casualties"), 5); /* all of them, in the smoke */
        }
        eap_engine_destroy(e);
        eap_scenario_destroy(s);
    }
}

static void test_checkpoints_are_met_in_their_order(void **state)
{
    (void)state;
    /* Two checkpoints whose uncertain positions overlap: the convoy meets the second no
     * earlier than the first, whatever the draws. */
    const char *json =
        HEAD "\"places\": ["
             "  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0},"
             "  {\"id\": \"b\", \"name\": \"B\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": 1, "
             "\"safe\": true}],"
             "\"routes\": [{\"id\": \"r\", \"segments\": [{\"from\": \"a\", \"to\": \"b\","
             "  \"distance\": \"100 km\", \"speed\": \"50 km/h\", \"checkpoints\": ["
             "   {\"name\": \"one\", \"at\": {\"uniform\": [\"10 km\", \"90 km\"]}, \"delay\": \"1 "
             "min\"},"
             "   {\"name\": \"two\", \"at\": {\"uniform\": [\"10 km\", \"90 km\"]}, \"delay\": \"1 "
             "min\"}]}]}],"
             "\"people\": [{\"id\": \"p\", \"count\": 10, \"at\": \"a\"}],"
             "\"vehicles\": [{\"id\": \"v\", \"count\": 3, \"capacity\": 4}],"
             "\"convoys\": [{\"id\": \"c\", \"route\": \"r\", \"vehicles\": {\"v\": 3}, "
             "\"formation\": \"0 min\"}],"
             "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"},"
             "  \"do\": [{\"do\": \"move\", \"convoy\": \"c\"}]}]}";
    struct eap_scenario *s = load_text(json);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    int reversed_draws = 0;
    for (uint64_t r = 0; r < 200; r++) {
        eap_engine_reset(e, 5, r, NULL);
        assert_true(eap_engine_run(e, &err));
        const struct eap_trace *t = eap_engine_trace(e);
        int64_t pos[2];
        int n = 0;
        for (size_t i = 0; i < t->count; i++) {
            if (t->events[i].kind == EAP_EV_CHECKPOINT) {
                assert_true(n < 2);
                pos[n++] = t->events[i].value;
            }
        }
        assert_int_equal(n, 2);
        assert_true(pos[0] <= pos[1]);
        reversed_draws += pos[0] == pos[1];
    }
    /* Half the draws come out of order and are met at the same spot. */
    assert_true(reversed_draws > 50);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benghazi_replay_matches_the_record),
        cmocka_unit_test(test_tripoli_replay_matches_the_record),
        cmocka_unit_test(test_benghazi_replay_outcome),
        cmocka_unit_test(test_tripoli_replay_outcome),
        cmocka_unit_test(test_drone_overhead_moves_with_its_base),
        cmocka_unit_test(test_convoy_arrival_moves_with_its_speed),
        cmocka_unit_test(test_memorandum_of_agreement_shortens_the_chain),
        cmocka_unit_test(test_late_air_cover_holds_the_convoy),
        cmocka_unit_test(test_sampled_runs_vary_and_stay_plausible),
        cmocka_unit_test(test_same_replication_same_trace),
        cmocka_unit_test(test_changing_one_input_keeps_the_others_draws),
        cmocka_unit_test(test_road_incidents_are_poisson_along_the_distance),
        cmocka_unit_test(test_full_deterrence_prevents_incidents),
        cmocka_unit_test(test_an_escort_no_longer_covers_the_route),
        cmocka_unit_test(test_checkpoint_holds_with_its_probability),
        cmocka_unit_test(test_party_safe_at_destination_and_exposure_counts_the_road),
        cmocka_unit_test(test_a_request_goes_down_the_branches_its_assets_need),
        cmocka_unit_test(test_force_halves_hold_time_and_reinforcement_ends_the_attack),
        cmocka_unit_test(test_airlift_shuttles_until_everyone_is_out),
        cmocka_unit_test(test_horizon_moved_ends_the_run_there),
        cmocka_unit_test(test_nobody_left_alive_is_not_everyone_safe),
        cmocka_unit_test(test_fire_put_out_makes_nothing_untenable),
        cmocka_unit_test(test_checkpoints_are_met_in_their_order),
        cmocka_unit_test(test_unsteered_runs_give_the_same_metrics),
        cmocka_unit_test(test_an_untraced_run_hears_every_subject_waited_for),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
