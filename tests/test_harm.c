/* Consequences from mechanisms: harm comes from exposure (a response that comes sooner never
 * raises the harm of a run, and lowers it on average), attacks at one place add up, guards
 * who walk away let the walls fall sooner, fallbacks, sea evacuation, requests that are lost
 * or never made, convoys with nobody to carry, and the last people leaving only when they
 * leave. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/batch.h"
#include "eapsim/engine.h"
#include "scenario_fixture.h"

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

/* Time of the first event of a kind (and subject, if >= 0), or -1. */
static eap_time first(const struct eap_engine *e, enum eap_event_kind kind, int32_t subject)
{
    const struct eap_trace *t = eap_engine_trace(e);
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == kind && (subject < 0 || t->events[i].subject == subject)) {
            return t->events[i].time;
        }
    }
    return -1;
}

#define HEAD                                                                                       \
    "{\"eapsim\": 1, \"id\": \"t\", \"name\": \"t\","                                              \
    "\"clock\": {\"start\": \"2020-01-01T00:00Z\", \"horizon\": \"2 d\"},"

/* --- harm from exposure, on Benghazi --- */

/* A post attacked at T+0 and set alight once the walls fall, with ten people in its safe
 * room and a team that comes to end the attack and get them out. The response only changes
 * how long the people are exposed, nothing that comes after it: there is no cascade. */
static const char *rescue = HEAD
    "\"places\": ["
    "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 0, \"lon\": 0,"
    "   \"protection\": {\"perimeter\": {\"triangular\": [\"1 min\", \"5 min\", \"15 min\"]},"
    "     \"safe_room\": \"3 h\", \"fire_untenable\": {\"triangular\": [\"5 min\", \"12 min\", "
    "\"30 min\"]},"
    "     \"reference_force\": 40, \"cover\": {\"uniform\": [0.3, 0.7]}}},"
    "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 0.02}],"
    "\"people\": [{\"id\": \"p\", \"count\": 10, \"at\": \"post\"}],"
    "\"assets\": [{\"id\": \"team\", \"kind\": \"team\", \"base\": \"base\", \"readiness\": \"%s\","
    "   \"speed\": {\"triangular\": [\"3 km/h\", \"5 km/h\", \"12 km/h\"]}, \"target\": \"post\","
    "   \"effects\": {\"reinforce\": true, \"suppression\": 0.6}}],"
    "\"threats\": ["
    "  {\"id\": \"raid\", \"kind\": \"attack\", \"place\": \"post\", \"when\": {\"at\": \"T+0\"},"
    "   \"force\": {\"triangular\": [20, 40, 100]}, \"duration\": \"6 h\","
    "   \"lethality\": {\"pert\": [\"0 /min\", \"0.002 /min\", \"0.02 /min\"]}},"
    "  {\"id\": \"fire\", \"kind\": \"arson\", \"place\": \"post\","
    "   \"when\": {\"on\": \"breach\", \"place\": \"post\", \"delay\": {\"triangular\": [\"2 "
    "min\", \"8 min\", \"20 min\"]}},"
    "   \"smoke\": {\"lognormal\": {\"median\": \"0.25 /min\", \"p90\": \"0.5 /min\"}},"
    "   \"escape\": {\"triangular\": [\"1 min\", \"3 min\", \"10 min\"]}}],"
    "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"}, \"do\": ["
    "   {\"do\": \"request\", \"assets\": [\"team\"]}, {\"do\": \"shelter\", \"party\": \"p\"}]}]}";

/* With the same random numbers, a team ready in 5 min instead of 40 never leaves more people
 * dead, and sometimes fewer. On Benghazi this cannot hold run by run (docs/model.md, "What a
 * sooner response changes"): there a sooner response moves what comes after it too. */
static void test_an_earlier_response_never_raises_harm(void **state)
{
    (void)state;
    struct eap_scenario *a = fixture_load_format(rescue, "5 min"),
                        *b = fixture_load_format(rescue, "40 min");
    struct eap_error err;
    struct eap_engine *ea = eap_engine_create(a, &err), *eb = eap_engine_create(b, &err);
    int fewer = 0;
    for (uint64_t r = 0; r < 20000; r++) {
        eap_engine_reset(ea, 21, r, NULL);
        eap_engine_reset(eb, 21, r, NULL);
        assert_true(eap_engine_run(ea, &err) && eap_engine_run(eb, &err));
        int64_t ca = fixture_metric(ea, "casualties"), cb = fixture_metric(eb, "casualties");
        if (ca > cb) {
            fail_msg("replication %llu: %lld dead with the early response, %lld with the late",
                     (unsigned long long)r, (long long)ca, (long long)cb);
        }
        fewer += ca < cb;
    }
    assert_true(fewer > 1000); /* and often it saves someone */
    eap_engine_destroy(ea);
    eap_engine_destroy(eb);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

/* On Benghazi, the annex team held to a readiness of 5 min instead of the record's
 * distribution, paired over 20,000 replications: the mean difference in casualties is
 * negative, with a 95% interval that excludes zero. */
static void test_an_earlier_response_lowers_mean_casualties(void **state)
{
    (void)state;
    const char *early[] = {"assets/annex_qrf/readiness=\"5 min\""};
    struct eap_scenario *a = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct eap_scenario *b = fixture_load_file("benghazi-2012.json", early, 1);
    struct eap_batch_spec spec = {.scn = a, .vs = b, .seed = 4, .count = 20000, .threads = 2};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_batch_run(&spec, &st, &err));
    long m = eap_metric_find(a->metrics, a->metric_count, "casualties");
    double lo, hi;
    eap_stat_mean_ci(&st.diff[m], 0.95, &lo, &hi);
    assert_true(hi < 0);
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

/* --- small scenarios --- */

/* Parties sharing a place under fire: p alone, or with q (and r) beside it. A person's
 * threshold is drawn on his own party's stream and the hazard is per person, so p's deaths
 * are the same whoever else is there: the next death at the place must be found afresh
 * after every death, whichever party it took. */
static const char *crowd =
    HEAD "\"places\": [{\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\","
         "  \"lat\": 0, \"lon\": 0}],"
         "\"people\": [{\"id\": \"p\", \"count\": 12, \"at\": \"post\"} %s],"
         "\"threats\": [{\"id\": \"raid\", \"kind\": \"attack\", \"place\": \"post\","
         "   \"when\": {\"at\": \"T+0\"}, \"force\": 40, \"duration\": \"6 h\","
         "   \"lethality\": {\"uniform\": [\"0.0005 /min\", \"0.004 /min\"]}}]}";

/* The deaths of party 0 in a run, as (time, count) pairs into out; returns how many, and
 * adds the other parties' deaths to *others. */
static size_t deaths_of_first(const struct eap_engine *e, eap_time *out, size_t cap, int *others)
{
    const struct eap_trace *t = eap_engine_trace(e);
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++) {
        const struct eap_trace_event *ev = &t->events[i];
        if (ev->kind != EAP_EV_CASUALTIES) {
            continue;
        }
        if (ev->subject != 0) {
            *others += (int)ev->value;
        } else if (n + 2 <= cap) {
            out[n++] = ev->time;
            out[n++] = (eap_time)ev->value;
        }
    }
    return n;
}

static void test_a_party_dies_as_it_would_alone(void **state)
{
    (void)state;
    struct eap_scenario *alone = fixture_load_format(crowd, ""),
                        *shared = fixture_load_format(
                            crowd, ", {\"id\": \"q\", \"count\": 12, \"at\": \"post\"},"
                                   " {\"id\": \"r\", \"count\": 3, \"at\": \"post\"}");
    struct eap_error err;
    struct eap_engine *ea = eap_engine_create(alone, &err), *eb = eap_engine_create(shared, &err);
    int mine = 0, others = 0;
    for (uint64_t rep = 0; rep < 300; rep++) {
        eap_engine_reset(ea, 5, rep, NULL);
        eap_engine_reset(eb, 5, rep, NULL);
        assert_true(eap_engine_run(ea, &err) && eap_engine_run(eb, &err));
        eap_time a[64], b[64];
        int none = 0;
        size_t na = deaths_of_first(ea, a, 64, &none), nb = deaths_of_first(eb, b, 64, &others);
        assert_int_equal(none, 0);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na * sizeof(*a));
        mine += (int)na / 2;
    }
    /* Both kinds of death happen, many times over, so each follows the other often. */
    assert_true(mine > 300 && others > 300);
    eap_engine_destroy(ea);
    eap_engine_destroy(eb);
    eap_scenario_destroy(alone);
    eap_scenario_destroy(shared);
}

/* A post with a 20 min perimeter at a reference force of 40, attacked by 40 at T+0. */
static const char *walls =
    HEAD "\"places\": ["
         "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 0, \"lon\": 0,"
         "   \"protection\": {\"perimeter\": \"20 min\", \"reference_force\": 40} %s}],"
         "\"people\": [{\"id\": \"p\", \"count\": 5, \"at\": \"post\"}],"
         "\"threats\": [{\"id\": \"one\", \"kind\": \"attack\", \"place\": \"post\","
         "   \"when\": {\"at\": \"T+0\"}, \"force\": 40} %s]}";

static eap_time breach_time(const char *guards, const char *wave)
{
    struct eap_scenario *s = fixture_load_format(walls, guards, wave);
    struct eap_engine *e = run(s, true, 1, 0);
    eap_time t = first(e, EAP_EV_BREACH, -1);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    return t;
}

static void test_a_second_wave_brings_the_breach_forward(void **state)
{
    (void)state;
    assert_int_equal(breach_time("", ""), 20 * EAP_MINUTE);
    /* A second wave of 40 at T+5 min doubles the wear: 5 min at one rate, the other 15 min
     * of hold at twice the rate. */
    const char *wave = ", {\"id\": \"two\", \"kind\": \"attack\", \"place\": \"post\","
                       " \"when\": {\"at\": \"T+5m\"}, \"force\": 40}";
    assert_int_equal(breach_time("", wave), 5 * EAP_MINUTE + 15 * EAP_MINUTE / 2);
}

static void test_guards_who_walk_away_let_the_walls_fall_sooner(void **state)
{
    (void)state;
    /* Guards taking half the attackers' effect: the 20 min perimeter lasts 40 min. */
    const char *stay = ", \"guards\": {\"count\": 4, \"suppression\": 0.5}";
    assert_int_equal(breach_time(stay, ""), 40 * EAP_MINUTE);
    /* If they walk away at T+10 min: 10 min at half the rate wears 5 min of the hold, the
     * other 15 min go at the full rate. */
    const char *walk = ", \"guards\": {\"count\": 4, \"suppression\": 0.5, \"walk_away\": "
                       "{\"when\": {\"at\": \"T+10m\"}, \"p\": 1, \"recorded\": true}}";
    assert_int_equal(breach_time(walk, ""), 25 * EAP_MINUTE);
}

/* A port, a safe haven across the water, a ship that is called at T+0. */
static const char *by_sea = HEAD
    "\"places\": ["
    "  {\"id\": \"port\", \"name\": \"Port\", \"kind\": \"town\", \"lat\": 0, \"lon\": 0},"
    "  {\"id\": \"haven\", \"name\": \"Haven\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": 1, "
    "\"safe\": true},"
    "  {\"id\": \"sea\", \"name\": \"At sea\", \"kind\": \"base\", \"lat\": 0.5, \"lon\": 0.5}],"
    "\"people\": [{\"id\": \"p\", \"count\": 50, \"at\": \"port\"}],"
    "\"assets\": [{\"id\": \"ship\", \"kind\": \"ship\", \"base\": \"sea\", \"readiness\": \"1 h\","
    "   \"speed\": \"20 kn\", \"target\": \"port\", \"effects\": {\"lift\": {\"capacity\": 200}}}],"
    "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"}, \"do\": ["
    "   {\"do\": \"request\", \"assets\": [\"ship\"]},"
    "   {\"do\": \"evacuate_by_sea\", \"from\": \"port\", \"to\": \"haven\", \"ships\": [\"ship\"],"
    "    \"boarding\": \"30 min\"}]}]}";

static void test_a_ship_takes_everyone_to_safety(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_text(by_sea);
    struct eap_engine *e = run(s, true, 1, 0);
    /* 1 h readiness, the 78.6 km to the port at 20 kn, 30 min boarding, 111 km across */
    const struct eap_place *sea = &s->places[2], *port = &s->places[0], *haven = &s->places[1];
    double kn = 20 * 1852.0 / 3600;
    double in = eap_great_circle_m(sea->lat, sea->lon, port->lat, port->lon) / kn;
    double out = eap_great_circle_m(port->lat, port->lon, haven->lat, haven->lon) / kn;
    double want = (3600 + in + 1800 + out) * 1000;
    assert_true(fabs((double)fixture_metric(e, "safe_time/p") - want) < 3);
    assert_true(fabs((double)first(e, EAP_EV_AIRLIFT_DEPARTED, 0) - (3600 + in + 1800) * 1000) < 3);
    char line[256];
    const struct eap_trace *t = eap_engine_trace(e);
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == EAP_EV_AIRLIFT_DEPARTED) {
            eap_trace_describe(s, &t->events[i], line, sizeof(line));
            assert_non_null(strstr(line, "under way from Port with 50 people"));
        }
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* A team requested at T+0 through one hop; a fallback tripwire that fires at 02:00 unless
 * the team has arrived, calling a second team. */
static const char *fallback =
    HEAD "\"places\": ["
         "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0},"
         "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 0.5}],"
         "\"people\": [{\"id\": \"p\", \"count\": 5, \"at\": \"post\"}],"
         "\"request_chain\": {\"hops\": [{\"id\": \"desk\", \"delay\": \"10 min\"%s}]},"
         "\"assets\": ["
         "  {\"id\": \"team\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"desk\","
         "   \"readiness\": \"%s\", \"speed\": \"60 km/h\", \"target\": \"post\"},"
         "  {\"id\": \"spare\", \"kind\": \"team\", \"base\": \"base\", \"readiness\": \"0 min\","
         "   \"speed\": \"60 km/h\", \"target\": \"post\"}],"
         "\"plan\": [{\"id\": \"ask\", \"when\": {\"at\": \"T+0\"},"
         "   \"do\": [{\"do\": \"request\", \"assets\": [\"team\"]%s}]},"
         "  {\"id\": \"plan_b\", \"when\": {\"unless\": {\"on\": \"asset_on_station\", \"asset\": "
         "\"team\"},"
         "   \"by\": \"02:00\"}, \"do\": [{\"do\": \"request\", \"assets\": [\"spare\"]}]}]}";

static struct eap_engine *fallback_run(const char *hop, const char *readiness, const char *made,
                                       bool replay, uint64_t rep, struct eap_scenario **s)
{
    *s = fixture_load_format(fallback, hop, readiness, made);
    return run(*s, replay, 3, rep);
}

static void test_a_fallback_fires_only_when_its_event_is_late(void **state)
{
    (void)state;
    struct eap_scenario *s;
    /* The team is there at 10 min + 30 min + 55.6 km at 60 km/h: the fallback is not needed. */
    struct eap_engine *e = fallback_run("", "30 min", "", true, 0, &s);
    assert_true(fixture_metric(e, "on_scene/team") < 2 * EAP_HOUR);
    assert_int_equal(fixture_metric(e, "on_scene/spare"), EAP_METRIC_MISSING);
    assert_int_equal(first(e, EAP_EV_TRIPWIRE, 1), -1);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    /* A team that needs 3 h to get ready is not there by 02:00: the spare is called then. */
    e = fallback_run("", "3 h", "", true, 0, &s);
    assert_int_equal(first(e, EAP_EV_TRIPWIRE, 1), 2 * EAP_HOUR);
    assert_int_equal(first(e, EAP_EV_TASKED, 1), 2 * EAP_HOUR);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

static void test_a_request_never_made_leaves_its_asset_at_home(void **state)
{
    (void)state;
    struct eap_scenario *s;
    /* In a replay the record says it was not made; sampled, a chance of 0 never makes it. */
    struct eap_engine *e =
        fallback_run("", "30 min", ", \"made\": 0.5, \"recorded_made\": false", true, 0, &s);
    assert_int_equal(first(e, EAP_EV_TASKED, 0), -1);
    assert_int_equal(fixture_metric(e, "on_scene/team"), EAP_METRIC_MISSING);
    assert_true(first(e, EAP_EV_REQUEST_LOST, -1) == 0);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    for (uint64_t r = 0; r < 50; r++) {
        e = fallback_run("", "30 min", ", \"made\": 0", false, r, &s);
        assert_int_equal(first(e, EAP_EV_TASKED, 0), -1);
        eap_engine_destroy(e);
        eap_scenario_destroy(s);
    }
}

static void test_a_lost_request_sent_again_comes_late(void **state)
{
    (void)state;
    struct eap_scenario *s;
    /* Lost once at the hop (the record), noticed and sent again 45 min later: the team is
     * tasked 45 + 10 min after the start instead of 10. */
    const char *lost = ", \"lost\": {\"p\": 0.1, \"resent_after\": \"45 min\", \"recorded\": true}";
    struct eap_engine *e = fallback_run(lost, "30 min", "", true, 0, &s);
    assert_int_equal(first(e, EAP_EV_REQUEST_LOST, -1), 0);
    assert_int_equal(first(e, EAP_EV_TASKED, 0), 55 * EAP_MINUTE);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    /* Sampled, a hop that always loses it and never resends leaves the team at home. */
    const char *gone = ", \"lost\": {\"p\": 1}";
    e = fallback_run(gone, "30 min", "", false, 0, &s);
    assert_int_equal(first(e, EAP_EV_TASKED, 0), -1);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* Two convoys from one post: the first takes everyone; the second, formed later, has nobody
 * to carry, so it stands down and its escort stays. */
static void test_a_convoy_with_nobody_to_carry_stands_down(void **state)
{
    (void)state;
    const char *json =
        HEAD "\"places\": ["
             "  {\"id\": \"a\", \"name\": \"A\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0},"
             "  {\"id\": \"b\", \"name\": \"B\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": 1, "
             "\"safe\": true}],"
             "\"routes\": [{\"id\": \"r\", \"segments\": [{\"from\": \"a\", \"to\": \"b\","
             "  \"distance\": \"100 km\", \"speed\": \"50 km/h\"}]}],"
             "\"people\": [{\"id\": \"p\", \"count\": 10, \"at\": \"a\"}],"
             "\"vehicles\": [{\"id\": \"v\", \"count\": 6, \"capacity\": 4}],"
             "\"assets\": [{\"id\": \"guard\", \"kind\": \"militia\", \"base\": \"a\", "
             "\"readiness\": \"0 min\","
             "   \"speed\": \"50 km/h\", \"target\": \"a\", \"effects\": {\"escort\": 0.5}}],"
             "\"convoys\": ["
             "  {\"id\": \"first\", \"route\": \"r\", \"vehicles\": {\"v\": 3}, \"formation\": "
             "\"30 min\"},"
             "  {\"id\": \"second\", \"route\": \"r\", \"vehicles\": {\"v\": 3}, \"escorts\": "
             "[\"guard\"],"
             "   \"formation\": \"1 h\"}],"
             "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"}, \"do\": ["
             "   {\"do\": \"request\", \"assets\": [\"guard\"]},"
             "   {\"do\": \"move\", \"convoy\": \"first\"}]},"
             "  {\"id\": \"also\", \"when\": {\"at\": \"T+10m\"}, \"do\": [{\"do\": \"move\", "
             "\"convoy\": \"second\"}]}]}";
    struct eap_scenario *s = fixture_load_text(json);
    struct eap_engine *e = run(s, true, 1, 0);
    assert_int_equal(first(e, EAP_EV_CONVOY_DEPARTED, 0), 30 * EAP_MINUTE);
    assert_int_equal(first(e, EAP_EV_CONVOY_DEPARTED, 1), -1);
    assert_int_equal(first(e, EAP_EV_CONVOY_STOOD_DOWN, 1), 70 * EAP_MINUTE);
    assert_int_equal(first(e, EAP_EV_ESCORT_JOINED, -1), -1);
    assert_int_equal(fixture_metric(e, "safe_time/p"), 30 * EAP_MINUTE + 2 * EAP_HOUR);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* People boarded onto an aircraft that waits on the ground have not left the place: "last
 * people leave" comes when it takes off. */
static void test_the_last_people_leave_when_their_aircraft_takes_off(void **state)
{
    (void)state;
    const char *json = HEAD
        "\"places\": ["
        "  {\"id\": \"field\", \"name\": \"Field\", \"kind\": \"airport\", \"lat\": 0, \"lon\": 0},"
        "  {\"id\": \"home\", \"name\": \"Home\", \"kind\": \"safe_haven\", \"lat\": 0, \"lon\": "
        "5, \"safe\": true}],"
        "\"people\": [{\"id\": \"p\", \"count\": 10, \"at\": \"field\"}],"
        "\"assets\": [{\"id\": \"plane\", \"kind\": \"transport\", \"base\": \"field\", "
        "\"readiness\": \"0 min\","
        "   \"speed\": \"500 km/h\", \"target\": \"field\", \"effects\": {\"lift\": {\"capacity\": "
        "20}}}],"
        "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"}, \"do\": ["
        "   {\"do\": \"request\", \"assets\": [\"plane\"]},"
        "   {\"do\": \"evacuate_by_air\", \"from\": \"field\", \"to\": \"home\", \"aircraft\": "
        "[\"plane\"],"
        "    \"boarding\": \"40 min\"}]}]}";
    struct eap_scenario *s = fixture_load_text(json);
    struct eap_engine *e = run(s, true, 1, 0);
    assert_int_equal(first(e, EAP_EV_BOARDING, -1), 0);
    assert_int_equal(first(e, EAP_EV_PLACE_EVACUATED, -1), 40 * EAP_MINUTE);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* A decision can steer a hop to lose every request, with a resend delay of nothing: the post
 * gives up after its hundredth try instead of looping at one instant for ever. */
static void test_a_request_lost_every_time_is_given_up(void **state)
{
    (void)state;
    const char *json = HEAD
        "\"places\": ["
        "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"embassy\", \"lat\": 0, \"lon\": 0}],"
        "\"people\": [{\"id\": \"p\", \"count\": 1, \"at\": \"post\"}],"
        "\"request_chain\": {\"hops\": [{\"id\": \"desk\", \"delay\": \"10 min\","
        "   \"lost\": {\"p\": 0.1, \"resent_after\": \"0 min\"}}]},"
        "\"assets\": [{\"id\": \"team\", \"kind\": \"team\", \"base\": \"post\", "
        "\"requested_via\": \"desk\","
        "   \"readiness\": \"0 min\", \"speed\": \"60 km/h\", \"target\": \"post\"}],"
        "\"plan\": [{\"id\": \"ask\", \"when\": {\"at\": \"T+1m\"}, \"do\": [{\"do\": \"request\", "
        "\"assets\": [\"team\"]}]}],"
        "\"exercise\": {\"decisions\": [{\"id\": \"d\", \"when\": {\"at\": \"T+0\"}, \"prompt\": "
        "\"?\","
        "   \"default\": \"keep\", \"options\": [{\"id\": \"keep\", \"label\": \"keep\"},"
        "   {\"id\": \"lose\", \"label\": \"lose them all\", \"set\": "
        "{\"request_chain/hops/desk/lost/p\": 1}}]}]}}";
    struct eap_scenario *s = fixture_load_text(json);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    struct eap_engine_options opt = {.interactive = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_int_equal(eap_engine_run_until(e, EAP_HOUR, &err), EAP_RUN_DECISION);
    assert_true(eap_engine_decide(e, 0, 1, &err));
    assert_int_equal(eap_engine_run_until(e, 2 * EAP_DAY, &err), EAP_RUN_ENDED);
    size_t lost = 0;
    const struct eap_trace *t = eap_engine_trace(e);
    for (size_t i = 0; i < t->count; i++) {
        lost += t->events[i].kind == EAP_EV_REQUEST_LOST;
    }
    assert_int_equal(lost, 100);
    assert_int_equal(first(e, EAP_EV_TASKED, 0), -1);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_earlier_response_never_raises_harm),
        cmocka_unit_test(test_an_earlier_response_lowers_mean_casualties),
        cmocka_unit_test(test_a_party_dies_as_it_would_alone),
        cmocka_unit_test(test_a_second_wave_brings_the_breach_forward),
        cmocka_unit_test(test_guards_who_walk_away_let_the_walls_fall_sooner),
        cmocka_unit_test(test_a_ship_takes_everyone_to_safety),
        cmocka_unit_test(test_a_fallback_fires_only_when_its_event_is_late),
        cmocka_unit_test(test_a_request_never_made_leaves_its_asset_at_home),
        cmocka_unit_test(test_a_lost_request_sent_again_comes_late),
        cmocka_unit_test(test_a_request_lost_every_time_is_given_up),
        cmocka_unit_test(test_a_convoy_with_nobody_to_carry_stands_down),
        cmocka_unit_test(test_the_last_people_leave_when_their_aircraft_takes_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
