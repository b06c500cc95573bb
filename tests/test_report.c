/* The report of one run (report.h), read back as a tool or a person would: milestones are the
 * first matching events (and "never" when there is none), the JSON form parses and agrees
 * with the trace and the metrics, the CSV form is one rectangular table with a row per event
 * and per milestone and metric, and the text form has its sections in order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cmocka_all.h"
#include "eapsim/report.h"
#include "scenario_fixture.h"

/* A post whose team arrives about T+32 min (10 min readiness, 22 km at 60 km/h); the record
 * has the arrival at 00:02 (T+32m) and a breach that never happens. */
static const char *scenario =
    "{\"eapsim\": 1, \"id\": \"t\", \"name\": \"Test post, with a comma\","
    "\"clock\": {\"start\": \"2020-01-01T23:30+01:00\", \"horizon\": \"2 h\"},"
    "\"places\": ["
    "  {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 0, \"lon\": 0},"
    "  {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 0, \"lon\": 0.2}],"
    "\"people\": [{\"id\": \"p\", \"count\": 3, \"at\": \"post\"}],"
    "\"assets\": [{\"id\": \"team\", \"name\": \"The team\", \"kind\": \"team\", \"base\": "
    "\"base\","
    "  \"readiness\": \"10 min\", \"speed\": \"60 km/h\", \"target\": \"post\"}],"
    "\"plan\": [{\"id\": \"go\", \"when\": {\"at\": \"T+0\"}, \"do\": [{\"do\": \"request\", "
    "\"assets\": [\"team\"]}]}],"
    "\"record\": ["
    "  {\"id\": \"there\", \"label\": \"Team arrives\", \"time\": \"00:02\","
    "   \"event\": {\"on\": \"asset_on_station\", \"asset\": \"team\"}, \"source\": \"test\"},"
    "  {\"id\": \"fell\", \"label\": \"Walls fall\", \"time\": \"00:10\","
    "   \"event\": {\"on\": \"breach\", \"place\": \"post\"}, \"source\": \"test\"}]}";

struct run {
    struct eap_scenario *scn;
    struct eap_engine *e;
    int64_t *values;
    char *text;
    size_t len;
};

static void run(struct run *r, enum eap_format format)
{
    struct eap_error err;
    r->scn = fixture_load_text(scenario);
    r->e = eap_engine_create(r->scn, &err);
    assert_non_null(r->e);
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(r->e, 1, 0, &opt);
    assert_true(eap_engine_run(r->e, &err));
    r->values = calloc(r->scn->metric_count, sizeof(*r->values));
    assert_non_null(r->values);
    eap_engine_metrics(r->e, r->values);
    FILE *f = open_memstream(&r->text, &r->len);
    assert_non_null(f);
    struct eap_run_info info = {.replay = true, .until = eap_engine_now(r->e)};
    assert_true(eap_report_run(f, format, r->scn, eap_engine_trace(r->e), r->scn->metrics,
                               r->values, r->scn->metric_count, &info));
    assert_int_equal(fclose(f), 0);
}

static void finish(struct run *r)
{
    free(r->text);
    free(r->values);
    eap_engine_destroy(r->e);
    eap_scenario_destroy(r->scn);
}

static void test_milestones_are_first_events_or_never(void **state)
{
    (void)state;
    struct run r;
    run(&r, EAP_FORMAT_TEXT);
    struct eap_milestone_result res[2];
    eap_report_milestones(r.scn, eap_engine_trace(r.e), res);
    const struct eap_place *post = &r.scn->places[0], *base = &r.scn->places[1];
    double metres = eap_great_circle_m(base->lat, base->lon, post->lat, post->lon);
    eap_time want = 10 * EAP_MINUTE + (eap_time)(metres / (60000.0 / 3600) * 1000);
    assert_true(llabs(res[0].simulated - want) <= 1);
    assert_int_equal(res[1].simulated, -1);
    finish(&r);
}

static const cJSON *field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        fail_msg("no \"%s\" in the JSON report", key);
    }
    return v;
}

static void test_json_report_agrees_with_the_run(void **state)
{
    (void)state;
    struct run r;
    run(&r, EAP_FORMAT_JSON);
    cJSON *root = cJSON_Parse(r.text);
    assert_non_null(root);
    assert_string_equal(field(root, "scenario")->valuestring, "t");
    const struct eap_trace *t = eap_engine_trace(r.e);
    const cJSON *events = field(root, "events");
    assert_int_equal(cJSON_GetArraySize(events), (int)t->count);
    int i = 0;
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events)
    {
        assert_true(field(ev, "time_ms")->valuedouble == (double)t->events[i].time);
        i++;
    }
    const cJSON *ms = field(root, "milestones");
    assert_int_equal(cJSON_GetArraySize(ms), 2);
    const cJSON *there = cJSON_GetArrayItem(ms, 0), *fell = cJSON_GetArrayItem(ms, 1);
    struct eap_milestone_result res[2];
    eap_report_milestones(r.scn, t, res);
    assert_string_equal(field(there, "simulated")->valuestring, "2020-01-02 00:02");
    double diff = (double)(res[0].simulated - 32 * EAP_MINUTE) / EAP_MINUTE;
    assert_true(fabs(field(there, "difference_min")->valuedouble - diff) < 0.01);
    assert_true(cJSON_IsNull(field(fell, "simulated")));
    const cJSON *metrics = field(root, "metrics");
    assert_int_equal(cJSON_GetArraySize(metrics), (int)r.scn->metric_count);
    i = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, metrics)
    {
        assert_string_equal(field(m, "name")->valuestring, r.scn->metrics[i].name);
        i++;
    }
    cJSON_Delete(root);
    finish(&r);
}

/* Fields of one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
static size_t csv_fields(const char *line, size_t len)
{
    size_t n = 1;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"') {
            quoted = !quoted;
        } else if (line[i] == ',' && !quoted) {
            n++;
        }
    }
    assert_false(quoted);
    return n;
}

static void test_csv_report_is_one_rectangular_table(void **state)
{
    (void)state;
    struct run r;
    run(&r, EAP_FORMAT_CSV);
    const char *p = r.text;
    size_t lines = 0, width = 0, events = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        size_t n = csv_fields(p, (size_t)(nl - p));
        if (lines == 0) {
            width = n;
            assert_true(strncmp(p, "section,", 8) == 0);
        }
        assert_int_equal(n, width);
        events += strncmp(p, "event,", 6) == 0;
        lines++;
        p = nl + 1;
    }
    assert_int_equal(events, eap_engine_trace(r.e)->count);
    assert_true(lines >= 1 + events + 2 + r.scn->metric_count);
    finish(&r);
}

static void test_text_report_has_its_sections_in_order(void **state)
{
    (void)state;
    struct run r;
    run(&r, EAP_FORMAT_TEXT);
    const char *sections[] = {"TIMELINE", "-- 2020-01-01 --", "-- 2020-01-02 --",
                              "MILESTONES AGAINST THE RECORD", "OUTCOME"};
    const char *at = r.text;
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
        const char *s = strstr(at, sections[i]);
        if (!s) {
            fail_msg("\"%s\" missing or out of order in:\n%s", sections[i], r.text);
        }
        at = s;
    }
    assert_non_null(strstr(r.text, "Walls fall"));
    assert_non_null(strstr(r.text, "never"));
    finish(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_milestones_are_first_events_or_never),
        cmocka_unit_test(test_json_report_agrees_with_the_run),
        cmocka_unit_test(test_csv_report_is_one_rectangular_table),
        cmocka_unit_test(test_text_report_has_its_sections_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
