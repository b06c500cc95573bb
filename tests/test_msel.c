/* The MSEL's words and its spreadsheet form: every trigger phrase the writer can write is read
 * back to the same trigger (on both bundled scenarios, every event, subject and place); times
 * and delays both ways; the CSV reader's quoting and the positions it reports; every problem
 * of an import located at its row and column; the injects put in the right place of any
 * scenario file, every other byte kept; and export then import giving the same injects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/report/msel_internal.h"
#include "cmocka_all.h"
#include "eapsim/loader.h"
#include "eapsim/msel.h"
#include "eapsim/units.h"
#include "scenario_fixture.h"

/* --- the words --- */

/* The JSON a "time or trigger" cell reads as (NULL after failing, with why). */
static char *when_json(const struct msel_names *n, const char *cell, char *why, size_t len)
{
    struct text_buf b = {0};
    why[0] = '\0';
    bool ok = eap__msel_parse_when(n, cell, &b, why, len);
    char *json = eap__buf_take(&b);
    if (!ok) {
        free(json);
        return NULL;
    }
    return json;
}

static void expected_condition(const struct eap_scenario *s, const struct eap_condition *c,
                               char *buf, size_t len)
{
    int n = snprintf(buf, len, "{\"on\": \"%s\"", eap_event_kind_name(c->event));
    if (c->subject != EAP_NONE) {
        n += snprintf(buf + n, len - (size_t)n, ", \"%s\": \"%s\"", eap__msel_role_key(c->event),
                      eap_scenario_subject_id(s, c->event, c->subject));
    }
    if (c->place != EAP_NONE) {
        n += snprintf(buf + n, len - (size_t)n, ", \"place\": \"%s\"", s->places[c->place].id);
    }
    snprintf(buf + n, len - (size_t)n, "}");
}

/* Every condition the writer can phrase, on a bundled scenario, reads back as itself. */
static void check_every_phrase(const char *name)
{
    struct eap_scenario *s = fixture_load_file(name, NULL, 0);
    struct msel_names n;
    assert_true(eap__msel_names_init(&n, s));
    char phrase[1024], cell[1100], want[512], why[512];
    size_t checked = 0;
    for (int k = 0; k < EAP_EV_KIND_COUNT; k++) {
        assert_non_null(eap__msel_event_words((enum eap_event_kind)k));
        long ns = (long)eap__msel_subject_count(s, (enum eap_event_kind)k);
        for (long su = -1; su < ns; su++) {
            for (long pl = -1; pl < (long)s->place_count; pl++) {
                struct eap_condition c = {(enum eap_event_kind)k, (int32_t)su, (int32_t)pl};
                eap__msel_phrase(s, &c, phrase, sizeof(phrase));
                snprintf(cell, sizeof(cell), "when %s", phrase);
                char *json = when_json(&n, cell, why, sizeof(why));
                if (!json) {
                    fail_msg("%s: \"%s\" not read back: %s", name, cell, why);
                }
                expected_condition(s, &c, want, sizeof(want));
                assert_string_equal(json, want);
                free(json);
                checked++;
            }
        }
    }
    assert_true(checked > 1000);
    eap__msel_names_finish(&n);
    eap_scenario_destroy(s);
}

static void test_every_phrase_reads_back_benghazi(void **state)
{
    (void)state;
    check_every_phrase("benghazi-2012.json");
}

static void test_every_phrase_reads_back_tripoli(void **state)
{
    (void)state;
    check_every_phrase("tripoli-2014.json");
}

/* Cells as people type them: any case, extra blanks, a clock time alone, a later day. */
static void test_times_and_delays(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct msel_names n;
    assert_true(eap__msel_names_init(&n, s));
    static const char *const cases[][2] = {
        {"T+17m (21:59)", "{\"at\": \"T+17m\"}"},
        {"  t+17m   (21:59) ", "{\"at\": \"t+17m\"}"},
        {"21:59", "{\"at\": \"21:59\"}"},
        {"05:15+1d", "{\"at\": \"T+7h33m\"}"},
        {"T+7h33m (05:15+1d)", "{\"at\": \"T+7h33m\"}"},
        {"2012-09-12T05:15", "{\"at\": \"2012-09-12T05:15\"}"},
        {"T+17m (21:59) + 1h30m",
         "{\"at\": \"T+17m\", \"delay\": \"1h30m\", \"note\": \"" EAP_MSEL_DELAY_NOTE "\"}"},
        {"WHEN ON STATION:   unarmed MQ-1 predator + 5 min, not before T+2h (23:42)",
         "{\"on\": \"asset_on_station\", \"asset\": \"isr_drone\", \"delay\": \"5 min\", \"note\": "
         "\"" EAP_MSEL_DELAY_NOTE "\", \"not_before\": \"T+2h\"}"},
        {"when all of: on station: Annex quick reaction force; fire set at Special Mission "
         "Compound",
         "{\"all\": [{\"on\": \"asset_on_station\", \"asset\": \"annex_qrf\"}, {\"on\": \"fire\", "
         "\"place\": \"smc\"}]}"},
        /* A name with "; " in it, inside a list of events. */
        {"when all of: request passes a chain step: National Military Command Center told; the "
         "Secretary of Defense informed; tasked: Unarmed MQ-1 Predator",
         "{\"all\": [{\"on\": \"hop\", \"hop\": \"nmcc\"}, {\"on\": \"asset_tasked\", "
         "\"asset\": \"isr_drone\"}]}"},
    };
    char why[512];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *json = when_json(&n, cases[i][0], why, sizeof(why));
        if (!json) {
            fail_msg("\"%s\": %s", cases[i][0], why);
        }
        assert_string_equal(json, cases[i][1]);
        free(json);
    }
    eap__msel_names_finish(&n);
    eap_scenario_destroy(s);
}

static void test_bad_cells_say_what_was_expected(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct msel_names n;
    assert_true(eap__msel_names_init(&n, s));
    static const char *const cases[][2] = {
        {"25:99", "expected a time (\"T+17m\""},
        {"T+17m (22:00)", "brackets to be the time's, 21:59"},
        {"", "found an empty cell"},
        {"when on station: Unarmed MQ-1 Predatr",
         "did you mean \"on station: Unarmed MQ-1 Predator\"?"},
        {"when the drone arrives", "expected a time (\"T+17m\", \"21:59\") or \"when\""},
        {"when all of: tasked; tasked; tasked; tasked; tasked", "at most 4 events"},
        {"T+17m + about 5 min", "expected a time"},
    };
    char why[512];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *json = when_json(&n, cases[i][0], why, sizeof(why));
        assert_null(json);
        if (!strstr(why, cases[i][1])) {
            fail_msg("\"%s\": expected \"%s\" in: %s", cases[i][0], cases[i][1], why);
        }
    }
    eap__msel_names_finish(&n);
    eap_scenario_destroy(s);
}

/* A duration written in words reads back to the same milliseconds. */
static void test_durations_read_back_exactly(void **state)
{
    (void)state;
    const eap_time cases[] = {0,
                              5 * EAP_MINUTE,
                              2 * EAP_HOUR,
                              45 * EAP_SECOND,
                              90 * EAP_MINUTE,
                              EAP_HOUR + 30 * EAP_MINUTE + 15 * EAP_SECOND,
                              EAP_HOUR + 15 * EAP_SECOND,
                              2 * EAP_MINUTE + 250,
                              37 * EAP_HOUR};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[64], why[160];
        double ms;
        eap__msel_duration(cases[i], buf, sizeof(buf));
        assert_true(eap_units_parse(EAP_Q_DURATION, buf, &ms, why, sizeof(why)));
        assert_int_equal((eap_time)ms, cases[i]);
    }
}

/* --- the CSV reader --- */

static void test_csv_quoting_and_positions(void **state)
{
    (void)state;
    static const char csv[] = "\xEF\xBB\xBF"
                              "a,\"b, c\",d\r\n"
                              "\"x\"\"y\",\"two\r\nlines\",é\n"
                              "\"\",,z";
    struct csv_table t;
    struct eap_error err;
    assert_true(eap__csv_read("t.csv", csv, sizeof(csv) - 1, &t, &err));
    assert_int_equal(t.rows, 3);
    assert_string_equal(csv_cell(&t, 0, 1)->text, "b, c");
    assert_string_equal(csv_cell(&t, 1, 0)->text, "x\"y");
    assert_string_equal(csv_cell(&t, 1, 1)->text, "two\nlines");
    assert_string_equal(csv_cell(&t, 1, 2)->text, "é");
    /* Where cells start: after a line break inside a cell, and counting "é" as one. */
    assert_int_equal(csv_cell(&t, 1, 2)->line, 3);
    assert_int_equal(csv_cell(&t, 1, 2)->col, 8);
    assert_int_equal(csv_cell(&t, 2, 2)->line, 4);
    assert_int_equal(csv_cell(&t, 2, 2)->col, 5);
    assert_string_equal(csv_cell(&t, 2, 0)->text, "");
    eap__csv_free(&t);
}

static void test_csv_refuses_broken_quoting(void **state)
{
    (void)state;
    static const struct {
        const char *csv;
        int line, col;
        const char *says;
    } cases[] = {
        {"a,b\n1,\"open\n", 2, 3, "expected a closing '\"'"},
        {"a,b\n1,x\"y\n", 2, 4, "found one inside an unquoted cell"},
        {"a,b\n1,\"x\"y\n", 2, 6, "found more text"},
        {"", 1, 1, "found an empty file"},
        {"a,b\n1,\xe9\n", 2, 3, "not UTF-8"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct csv_table t;
        struct eap_error err;
        assert_false(eap__csv_read("t.csv", cases[i].csv, strlen(cases[i].csv), &t, &err));
        assert_int_equal(err.line, cases[i].line);
        assert_int_equal(err.col, cases[i].col);
        if (!strstr(err.msg, cases[i].says)) {
            fail_msg("case %zu: \"%s\" not in: %s", i, cases[i].says, err.msg);
        }
    }
}

/* --- the import --- */

static const char mini[] =
    "{\n"
    "  \"eapsim\": 1,\n"
    "  \"id\": \"mini\",\n"
    "  \"name\": \"Mini post\",\n"
    "  \"clock\": {\"start\": \"2020-01-01T22:00+01:00\", \"horizon\": \"12 h\"},\n"
    "  \"places\": [\n"
    "    {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 10.0, \"lon\": "
    "20.0,\n"
    "     \"protection\": {\"perimeter\": \"30 min\", \"reference_force\": 20}},\n"
    "    {\"id\": \"airport\", \"name\": \"Airport\", \"kind\": \"airport\", \"lat\": 10.1, "
    "\"lon\": "
    "20.2, \"safe\": true},\n"
    "    {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 12.0, \"lon\": 22.0}\n"
    "  ],\n"
    "  \"routes\": [{\"id\": \"road\", \"segments\": [{\"from\": \"post\", \"to\": \"airport\", "
    "\"distance\": \"25 km\", \"speed\": \"40 km/h\"}]}],\n"
    "  \"people\": [{\"id\": \"staff\", \"count\": 10, \"at\": \"post\"}],\n"
    "  \"vehicles\": [{\"id\": \"suv\", \"count\": 3, \"capacity\": 4}],\n"
    "  \"assets\": [{\"id\": \"qrf\", \"name\": \"Quick reaction force\", \"kind\": \"team\", "
    "\"base\": \"base\", \"readiness\": \"15 min\", \"speed\": \"60 km/h\", \"target\": \"post\", "
    "\"effects\": {\"reinforce\": true}}],\n"
    "  \"threats\": [{\"id\": \"assault\", \"kind\": \"attack\", \"place\": \"post\", \"when\": "
    "{\"at\": \"T+30m\"}, \"force\": 20}],\n"
    "  \"convoys\": [{\"id\": \"out\", \"name\": \"Convoy out\", \"route\": \"road\", "
    "\"vehicles\": "
    "{\"suv\": 3}, \"formation\": \"20 min\"}],\n"
    "  \"plan\": [\n"
    "    {\"id\": \"alarm\", \"when\": {\"on\": \"attack_start\", \"place\": \"post\"}, \"do\": "
    "[{\"do\": \"request\", \"assets\": [\"qrf\"]}]},\n"
    "    {\"id\": \"leave\", \"when\": {\"on\": \"asset_on_station\", \"asset\": \"qrf\"}, \"do\": "
    "[{\"do\": \"move\", \"convoy\": \"out\"}]}\n"
    "  ]%s\n"
    "}\n";

#define OBJECTIVES                                                                                 \
    "\"objectives\": [{\"id\": \"fast\", \"text\": \"Team there in 30 min\", \"metric\": "         \
    "\"on_scene/qrf\", \"at_most\": \"30 min\"}]"
#define OLD_INJECTS                                                                                \
    "\"injects\": [{\"number\": 3, \"id\": \"old\", \"when\": {\"at\": \"22:40\"}, \"from\": "     \
    "\"A\", \"to\": \"B\", \"method\": \"in_person\", \"text\": \"Go\"}]"

/* Exercise sections the injects must find their place in. */
static const char *const exercises[] = {
    "",
    ",\n  \"exercise\": {\n    " OBJECTIVES "\n  }",
    ",\n  \"exercise\": {\"note\": \"a note\",\n    " OBJECTIVES "}",
    ",\n  \"exercise\": {\"note\": \"a note\"}",
    ",\n  \"exercise\": {}",
    ",\n  \"exercise\": {\n    " OBJECTIVES ",\n    " OLD_INJECTS "\n  }",
};

static const char csv_two[] =
    "MSEL #,ID,Time or trigger,From,To,Method,Inject\r\n"
    "1,,T+5m (22:05),Guard,RSO,radio,\"Shots, close\"\r\n"
    "2,qrf_in,when on station: Quick reaction force + 5 min,Team,RSO,in person,We are in\r\n";

static char *scenario_text(size_t variant)
{
    size_t n = sizeof(mini) + strlen(exercises[variant]);
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, mini, exercises[variant]);
    return text;
}

static struct eap_scenario *load_text(const char *text)
{
    struct eap_diag d;
    eap_diag_init(&d);
    struct eap_scenario *s = eap_scenario_load_text("mini.json", text, strlen(text), NULL, 0, &d);
    if (!s) {
        char line[600];
        eap_error_format(&d.items[0], line, sizeof(line));
        fail_msg("does not load: %s", line);
    }
    eap_diag_finish(&d);
    return s;
}

/* Imports csv into text; on failure returns NULL with the problems in *errors (initialised). */
static char *import(const char *text, const char *csv, struct eap_diag *errors,
                    struct eap_diag *warnings)
{
    struct eap_scenario *s = load_text(text);
    size_t len;
    eap_diag_init(errors);
    eap_diag_init(warnings);
    char *out =
        eap_msel_import(s, text, strlen(text), "m.csv", csv, strlen(csv), &len, errors, warnings);
    if (out) {
        assert_int_equal(strlen(out), len);
    }
    eap_scenario_destroy(s);
    return out;
}

static size_t common_start_len(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n]) {
        n++;
    }
    return n;
}

static size_t common_end_len(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = 0;
    while (n < la && n < lb && a[la - 1 - n] == b[lb - 1 - n]) {
        n++;
    }
    return n;
}

/* Wherever the injects go, the rest of the file keeps every byte: what differs is the old
 * injects (if any) on one side and the new ones on the other. */
static void test_injects_go_in_their_place_and_nothing_else_changes(void **state)
{
    (void)state;
    for (size_t v = 0; v < sizeof(exercises) / sizeof(exercises[0]); v++) {
        char *text = scenario_text(v);
        struct eap_diag errors, warnings;
        char *out = import(text, csv_two, &errors, &warnings);
        if (!out) {
            char line[600];
            eap_error_format(&errors.items[0], line, sizeof(line));
            fail_msg("variant %zu: %s", v, line);
        }
        struct eap_scenario *s = load_text(out);
        assert_int_equal(s->inject_count, 2);
        assert_string_equal(s->injects[0].id, "msel-1");
        assert_string_equal(s->injects[0].text, "Shots, close");
        assert_int_equal(s->injects[1].method, EAP_INJECT_IN_PERSON);
        assert_int_equal(s->objective_count, strstr(exercises[v], "objectives") ? 1 : 0);
        size_t kept = common_start_len(text, out) + common_end_len(text, out);
        size_t old = v == 5 ? strlen(OLD_INJECTS) - strlen("\"injects\": ") : 0;
        assert_true(kept + old >= strlen(text));
        eap_scenario_destroy(s);
        free(out);
        free(text);
        eap_diag_finish(&errors);
        eap_diag_finish(&warnings);
    }
}

/* The export of a scenario, in memory. */
static char *export_csv(const struct eap_scenario *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct eap_error err;
    assert_true(eap_msel_write(f, s, NULL, EAP_MSEL_CSV, &err));
    fclose(f);
    return buf;
}

static void same_trigger(const struct eap_scenario *s, const struct eap_trigger *a,
                         const struct eap_trigger *b)
{
    assert_int_equal(a->at_time, b->at_time);
    assert_int_equal(a->at, b->at);
    assert_int_equal(a->count, b->count);
    for (size_t k = 0; k < a->count; k++) {
        assert_int_equal(a->all[k].event, b->all[k].event);
        assert_int_equal(a->all[k].subject, b->all[k].subject);
        assert_int_equal(a->all[k].place, b->all[k].place);
    }
    assert_int_equal(a->not_before, b->not_before);
    assert_int_equal(a->delay == EAP_NONE, b->delay == EAP_NONE);
    if (a->delay != EAP_NONE) {
        assert_true(s->inputs[a->delay].replay_value == s->inputs[b->delay].replay_value);
    }
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Export, import: the same injects, whatever forms the file wrote them in. */
static void test_export_then_import_gives_the_same_injects(void **state)
{
    (void)state;
    char section[2048];
    snprintf(
        section, sizeof(section),
        ",\n  \"exercise\": {" OBJECTIVES ", \"injects\": [\n"
        "  {\"number\": 2, \"when\": {\"at\": \"23:10\", \"delay\": \"90 s\"}, \"from\": \"A\", "
        "\"to\": \"B, C\", \"method\": \"cable\", \"text\": \"Line one\\nline \\\"two\\\"\", "
        "\"objective\": \"fast\", \"capability\": \"Planning\", \"source\": \"§ 1\"},\n"
        "  {\"number\": 7, \"id\": \"x.y-z\", \"when\": {\"all\": [{\"on\": \"convoy_formed\", "
        "\"convoy\": \"out\"}, {\"on\": \"asset_on_station\", \"asset\": \"qrf\", \"place\": "
        "\"post\"}], \"not_before\": \"2020-01-02T01:00\"}, \"from\": \"A\", \"to\": \"B\", "
        "\"method\": \"media\", \"text\": \"T\", \"expected_action\": \"E\", "
        "\"controller_note\": \"N, with a comma\"}]}");
    char *text = malloc(sizeof(mini) + strlen(section));
    assert_non_null(text);
    sprintf(text, mini, section);
    struct eap_scenario *a = load_text(text);
    char *csv = export_csv(a);
    struct eap_diag errors, warnings;
    char *out = import(text, csv, &errors, &warnings);
    assert_non_null(out);
    struct eap_scenario *b = load_text(out);
    assert_int_equal(a->inject_count, b->inject_count);
    for (size_t i = 0; i < a->inject_count; i++) {
        const struct eap_inject *x = &a->injects[i], *y = &b->injects[i];
        assert_int_equal(x->number, y->number);
        assert_string_equal(x->id, y->id);
        same_trigger(a, &x->when, &y->when);
        assert_string_equal(x->from, y->from);
        assert_string_equal(x->to, y->to);
        assert_int_equal(x->method, y->method);
        assert_string_equal(x->text, y->text);
        assert_string_equal(or_empty(x->expected_action), or_empty(y->expected_action));
        assert_int_equal(x->objective, y->objective);
        assert_string_equal(or_empty(x->capability), or_empty(y->capability));
        assert_string_equal(or_empty(x->controller_note), or_empty(y->controller_note));
        assert_string_equal(or_empty(x->source), or_empty(y->source));
    }
    /* And the canonical file is a fixed point: exported again and imported, byte for byte. */
    char *csv2 = export_csv(b);
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    char *again = import(out, csv2, &errors, &warnings);
    assert_non_null(again);
    assert_string_equal(again, out);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
    free(again);
    free(csv2);
    free(out);
    free(csv);
    free(text);
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
}

/* One problem per bad cell, each at its line and column, with the row and column's name. */
static void test_every_problem_is_located(void **state)
{
    (void)state;
    static const char csv[] = "MSEL #,Time or trigger,From,To,Method,Inject,Objective\n"
                              "1,T+5m,Guard,RSO,pigeon,Shots,\n"
                              "1,T+6m,Guard,RSO,radio,Shots,\n"
                              "3,when safe room breached at Airport,Guard,RSO,radio,Shots,\n"
                              "4,T+8m,,RSO,radio,Shots,fsat\n";
    char *text = scenario_text(1);
    struct eap_diag errors, warnings;
    char *out = import(text, csv, &errors, &warnings);
    assert_null(out);
    static const struct {
        int line, col;
        const char *path, *says;
    } want[] = {
        {2, 18, "row 2, column E (\"Method\")", "found \"pigeon\""},
        {3, 1, "row 3, column A (\"MSEL #\")", "above the previous row's (1)"},
        {5, 8, "row 5, column C (\"From\")", "expected who sends it, found an empty cell"},
        {5, 25, "row 5, column G (\"Objective\")", "did you mean \"fast\"?"},
    };
    assert_int_equal(errors.count, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < errors.count; i++) {
        const struct eap_error *e = &errors.items[i];
        assert_string_equal(e->file, "m.csv");
        assert_int_equal(e->line, want[i].line);
        assert_int_equal(e->col, want[i].col);
        assert_string_equal(e->path, want[i].path);
        if (!strstr(e->msg, want[i].says)) {
            fail_msg("problem %zu: \"%s\" not in: %s", i, want[i].says, e->msg);
        }
    }
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    free(text);
}

/* The loader's own checks of the new scenario come back to the row and column too. */
static void test_an_inject_that_can_never_fall_due_is_refused_at_its_cell(void **state)
{
    (void)state;
    static const char csv[] = "MSEL #,Time or trigger,From,To,Method,Inject\n"
                              "1,T+5m,Guard,RSO,radio,Shots\n"
                              "2,when safe room breached at Airport,Guard,RSO,radio,Shots\n";
    char *text = scenario_text(0);
    struct eap_diag errors, warnings;
    assert_null(import(text, csv, &errors, &warnings));
    assert_int_equal(errors.count, 1);
    assert_string_equal(errors.items[0].path, "row 3, column B (\"Time or trigger\")");
    assert_int_equal(errors.items[0].line, 3);
    assert_int_equal(errors.items[0].col, 3);
    assert_non_null(strstr(errors.items[0].msg, "can never fall due"));
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    free(text);
}

/* Columns: found by name in any order and case; unknown ones warned about and ignored;
 * required ones missing, or one given twice, refused at the header. */
static void test_columns_by_name(void **state)
{
    (void)state;
    static const char reordered[] = "inject,METHOD,To,From,Owner,time or trigger,msel #\n"
                                    "Shots,radio,RSO,Guard,Ann,T+5m,1\n";
    char *text = scenario_text(0);
    struct eap_diag errors, warnings;
    char *out = import(text, reordered, &errors, &warnings);
    assert_non_null(out);
    assert_int_equal(warnings.count, 1);
    assert_int_equal(warnings.items[0].col, 23);
    assert_non_null(strstr(warnings.items[0].msg, "(\"Owner\"): ignored"));
    free(out);
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    static const char missing[] = "MSEL #,Time or trigger,From,To,Inject,From\n1,T+5m,a,b,c,d\n";
    assert_null(import(text, missing, &errors, &warnings));
    assert_int_equal(errors.count, 2);
    assert_non_null(strstr(errors.items[0].msg, "each column once, found \"From\" again"));
    assert_non_null(strstr(errors.items[1].msg, "expected a column \"Method\""));
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_phrase_reads_back_benghazi),
        cmocka_unit_test(test_every_phrase_reads_back_tripoli),
        cmocka_unit_test(test_times_and_delays),
        cmocka_unit_test(test_bad_cells_say_what_was_expected),
        cmocka_unit_test(test_durations_read_back_exactly),
        cmocka_unit_test(test_csv_quoting_and_positions),
        cmocka_unit_test(test_csv_refuses_broken_quoting),
        cmocka_unit_test(test_injects_go_in_their_place_and_nothing_else_changes),
        cmocka_unit_test(test_export_then_import_gives_the_same_injects),
        cmocka_unit_test(test_every_problem_is_located),
        cmocka_unit_test(test_an_inject_that_can_never_fall_due_is_refused_at_its_cell),
        cmocka_unit_test(test_columns_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
