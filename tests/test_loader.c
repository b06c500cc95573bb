/*
 * The scenario loader: located errors (file, line, column, JSON path, expected vs found), "did
 * you mean" hints, every problem of a file reported, the plan's cycle check, --set overrides,
 * and the values a good file loads to. Most cases edit one small valid scenario in memory.
 */
#include "cmocka_all.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/loader.h"
#include "eapsim/scenario.h"

/* A small valid scenario; tests swap one piece of text for a mistake. */
static const char base[] =
    "{\n"
    "  \"eapsim\": 1,\n"
    "  \"id\": \"mini\",\n"
    "  \"name\": \"Mini post\",\n"
    "  \"clock\": {\"start\": \"2020-01-01T22:00+01:00\", \"horizon\": \"12 h\"},\n"
    "  \"places\": [\n"
    "    {\"id\": \"post\", \"name\": \"Post\", \"kind\": \"compound\", \"lat\": 10.0, \"lon\": "
    "20.0,\n"
    "     \"protection\": {\"perimeter\": \"30 min\", \"reference_force\": 20,\n"
    "       \"safe_room\": {\"triangular\": [\"1 h\", \"2 h\", \"4 h\"], \"recorded\": \"90 "
    "min\"}}},\n"
    "    {\"id\": \"airport\", \"name\": \"Airport\", \"kind\": \"airport\", \"lat\": 10.1, "
    "\"lon\": 20.2, \"safe\": true},\n"
    "    {\"id\": \"base\", \"name\": \"Base\", \"kind\": \"base\", \"lat\": 12.0, \"lon\": 22.0}\n"
    "  ],\n"
    "  \"routes\": [\n"
    "    {\"id\": \"road\", \"segments\": [\n"
    "      {\"from\": \"post\", \"to\": \"airport\", \"distance\": \"25 km\",\n"
    "       \"speed\": {\"triangular\": [\"20 km/h\", \"40 km/h\", \"60 km/h\"]}}]}\n"
    "  ],\n"
    "  \"people\": [{\"id\": \"staff\", \"count\": 10, \"at\": \"post\"}],\n"
    "  \"vehicles\": [{\"id\": \"suv\", \"count\": 3, \"capacity\": 4}],\n"
    "  \"request_chain\": {\"hops\": [\n"
    "    {\"id\": \"desk\", \"delay\": \"5 min\"},\n"
    "    {\"id\": \"ccmd\", \"delay\": {\"pert\": [\"10 min\", \"20 min\", \"1 h\"]}, "
    "\"with_moa\": \"skip\"}]},\n"
    "  \"assets\": [\n"
    "    {\"id\": \"qrf\", \"kind\": \"team\", \"base\": \"base\", \"requested_via\": \"desk\",\n"
    "     \"readiness\": \"15 min\", \"speed\": \"60 km/h\", \"target\": \"post\",\n"
    "     \"effects\": {\"reinforce\": true}}\n"
    "  ],\n"
    "  \"threats\": [\n"
    "    {\"id\": \"assault\", \"kind\": \"attack\", \"place\": \"post\", \"when\": {\"at\": "
    "\"T+30m\"}, \"force\": 20}\n"
    "  ],\n"
    "  \"convoys\": [{\"id\": \"out\", \"route\": \"road\", \"parties\": [\"staff\"], "
    "\"vehicles\": {\"suv\": 3}, \"formation\": \"20 min\"}],\n"
    "  \"plan\": [\n"
    "    {\"id\": \"alarm\", \"when\": {\"on\": \"attack_start\", \"place\": \"post\"},\n"
    "     \"do\": [{\"do\": \"request\", \"assets\": [\"qrf\"]}, {\"do\": \"shelter\", "
    "\"party\": \"staff\"}]},\n"
    "    {\"id\": \"leave\", \"when\": {\"on\": \"asset_on_station\", \"asset\": \"qrf\"},\n"
    "     \"do\": [{\"do\": \"move\", \"convoy\": \"out\"}]}\n"
    "  ],\n"
    "  \"record\": [{\"id\": \"left\", \"label\": \"Convoy leaves\", \"time\": \"23:30\",\n"
    "    \"event\": {\"on\": \"convoy_departed\", \"convoy\": \"out\"}, \"source\": \"made up\"}]\n"
    "}\n";

/* --- helpers --- */

struct result {
    struct eap_scenario *scn;
    struct eap_diag diag;
    char *text;
};

static void load_ovr(struct result *r, const char *text, const struct eap_override *o, size_t n)
{
    eap_diag_init(&r->diag);
    r->scn = eap_scenario_load_text("mini.json", text, strlen(text), o, n, &r->diag);
}

static void load(struct result *r, const char *text)
{
    load_ovr(r, text, NULL, 0);
}

static void done(struct result *r)
{
    eap_scenario_destroy(r->scn);
    eap_diag_finish(&r->diag);
    free(r->text);
    memset(r, 0, sizeof(*r));
}

/* base with the first occurrence of `from` replaced by `to` (which must exist). */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t pre = (size_t)(at - text), lf = strlen(from), lt = strlen(to);
    char *out = malloc(strlen(text) - lf + lt + 1);
    assert_non_null(out);
    memcpy(out, text, pre);
    memcpy(out + pre, to, lt);
    strcpy(out + pre + lt, at + lf);
    return out;
}

/* Loads base with one edit. */
static void load_edit(struct result *r, const char *from, const char *to)
{
    r->text = edit(base, from, to);
    load(r, r->text);
}

/* The 1-based line and column (in characters) of the first occurrence of `marker` in text. */
static void where(const char *text, const char *marker, int *line, int *col)
{
    const char *at = strstr(text, marker);
    assert_non_null(at);
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* The first problem whose message contains `needle`, or fails the test listing them all. */
static const struct eap_error *find(const struct result *r, const char *needle)
{
    for (size_t i = 0; i < r->diag.count; i++) {
        if (strstr(r->diag.items[i].msg, needle)) {
            return &r->diag.items[i];
        }
    }
    for (size_t i = 0; i < r->diag.count; i++) {
        char line[1024];
        eap_error_format(&r->diag.items[i], line, sizeof(line));
        print_message("  problem %zu: %s\n", i, line);
    }
    fail_msg("no problem mentions \"%s\"", needle);
    abort(); /* not reached: fail_msg does not return (this tells the compiler so) */
}

static void assert_refused(const struct result *r)
{
    assert_null(r->scn);
    assert_true(r->diag.count > 0);
    for (size_t i = 0; i < r->diag.count; i++) {
        assert_int_equal(r->diag.items[i].code, EAP_EINPUT);
        assert_true(strlen(r->diag.items[i].msg) > 0);
    }
}

static void assert_loaded(const struct result *r)
{
    for (size_t i = 0; i < r->diag.count; i++) {
        char line[1024];
        eap_error_format(&r->diag.items[i], line, sizeof(line));
        print_message("  unexpected problem: %s\n", line);
    }
    assert_non_null(r->scn);
    assert_int_equal(r->diag.count, 0);
}

/* The problem is located at `marker` (its first character) in r->text. */
static void assert_at(const struct result *r, const struct eap_error *e, const char *marker)
{
    int line, col;
    where(r->text, marker, &line, &col);
    assert_string_equal(e->file, "mini.json");
    assert_int_equal(e->line, line);
    assert_int_equal(e->col, col);
}

static const struct eap_input *input(const struct eap_scenario *s, int32_t i)
{
    assert_true(i >= 0 && (size_t)i < s->input_count);
    return &s->inputs[i];
}

/* --- a good file --- */

static void test_valid_scenario_loads_with_values_in_base_units(void **state)
{
    (void)state;
    struct result r = {0};
    load(&r, base);
    assert_loaded(&r);
    const struct eap_scenario *s = r.scn;
    assert_string_equal(s->id, "mini");
    assert_int_equal(s->place_count, 3);
    assert_int_equal(s->horizon, 12 * EAP_HOUR);
    assert_int_equal(s->clock.utc_offset, 3600);
    int32_t post = eap_scenario_find_place(s, "post"), base_i = eap_scenario_find_place(s, "base");
    assert_int_equal(post, 0);
    assert_int_equal(base_i, 2);
    assert_true(s->places[1].safe);
    assert_false(s->places[0].safe);
    assert_true(s->places[0].reference_force == 20);
    /* units: 25 km in metres, 15 min in ms, 60 km/h in m/s */
    const struct eap_segment *seg = &s->routes[0].segments[0];
    assert_int_equal(seg->from, post);
    assert_int_equal(seg->to, 1);
    assert_true(fabs(input(s, seg->distance)->replay_value - 25000.0) < 1e-9);
    const struct eap_asset *qrf = &s->assets[eap_scenario_find_asset(s, "qrf")];
    assert_int_equal(qrf->base, base_i);
    assert_int_equal(qrf->target_place, post);
    assert_int_equal(qrf->target_route, EAP_NONE);
    assert_int_equal(qrf->requested_via, 0);
    assert_true(fabs(input(s, qrf->readiness)->replay_value - 15.0 * 60000) < 1e-9);
    assert_true(fabs(input(s, qrf->speed)->replay_value - 60.0 / 3.6) < 1e-9);
    assert_string_equal(input(s, qrf->readiness)->path, "/assets/0/readiness");
    assert_int_equal(input(s, qrf->readiness)->unit, EAP_Q_DURATION);
    /* replay value: the recorded value where there is one, else the median */
    const struct eap_input *room = input(s, s->places[0].safe_room_hold);
    assert_true(room->dist.has_recorded);
    assert_true(fabs(room->replay_value - 90.0 * 60000) < 1e-6);
    const struct eap_input *speed = input(s, seg->speed);
    assert_false(speed->dist.has_recorded);
    assert_true(fabs(speed->replay_value - eap_dist_quantile(&speed->dist, 0.5)) < 1e-9);
    assert_true(fabs(speed->replay_value - 40.0 / 3.6) < 1e-9); /* symmetric triangle */
    /* request chain, triggers, the record */
    assert_int_equal(s->chain.hop_count, 2);
    assert_true(s->chain.hops[1].moa_skip);
    assert_false(s->chain.moa);
    assert_true(s->threats[0].when.at_time);
    assert_int_equal(s->threats[0].when.at, 30 * EAP_MINUTE);
    assert_true(s->threats[0].occurred);
    assert_int_equal(s->tripwires[0].when.all[0].event, EAP_EV_ATTACK_START);
    assert_int_equal(s->tripwires[0].when.all[0].place, post);
    assert_int_equal(s->tripwires[1].actions[0].kind, EAP_ACT_MOVE);
    assert_int_equal(s->record[0].time, 90 * EAP_MINUTE); /* 23:30 from a 22:00 start */
    assert_int_equal(s->convoys[0].vehicle_counts[0], 3);
    assert_int_equal(s->parties[0].at, post);
    done(&r);
}

static void test_bundled_scenarios_load(void **state)
{
    (void)state;
    const char *root = getenv("EAP_SOURCE_DIR");
    if (!root) {
        skip();
    }
    const char *names[] = {"benghazi-2012", "tripoli-2014"};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/scenarios/%s.json", root, names[i]);
        struct eap_diag d;
        eap_diag_init(&d);
        struct eap_scenario *s = eap_scenario_load(path, NULL, 0, &d);
        assert_non_null(s);
        assert_int_equal(d.count, 0);
        assert_string_equal(s->id, names[i]);
        eap_scenario_destroy(s);
        eap_diag_finish(&d);
    }
}

static void test_missing_file_names_it_and_the_cause(void **state)
{
    (void)state;
    struct eap_diag d;
    eap_diag_init(&d);
    assert_null(eap_scenario_load("/nonexistent/x.json", NULL, 0, &d));
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0].file, "/nonexistent/x.json");
    assert_non_null(strstr(d.items[0].msg, "No such file"));
    eap_diag_finish(&d);
}

/* --- located messages --- */

static void test_error_names_file_line_column_path_expected_and_found(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"readiness\": \"15 min\"", "\"readiness\": 15");
    assert_refused(&r);
    assert_int_equal(r.diag.count, 1);
    const struct eap_error *e = find(&r, "expected a duration");
    assert_at(&r, e, "15, \"speed\"");
    assert_string_equal(e->path, "/assets/0/readiness");
    assert_non_null(strstr(e->msg, "found the bare number 15"));
    char line[1024], want[64];
    eap_error_format(e, line, sizeof(line));
    snprintf(want, sizeof(want), "mini.json:%d:%d: /assets/0/readiness: ", e->line, e->col);
    assert_true(strncmp(line, want, strlen(want)) == 0);
    done(&r);
}

static void test_syntax_error_is_located_and_says_expected_and_found(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"capacity\": 4}", "\"capacity\": 4,}");
    assert_refused(&r);
    assert_int_equal(r.diag.count, 1);
    const struct eap_error *e = find(&r, "trailing comma");
    assert_at(&r, e, ",}");
    assert_non_null(strstr(e->msg, "found '}'"));
    done(&r);

    load_edit(&r, "\"count\": 10, \"at\"", "\"count\": 10 \"at\"");
    e = find(&r, "expected ',' or '}'");
    assert_at(&r, e, "\"at\": \"post\"}]");
    assert_non_null(strstr(e->msg, "missing comma"));
    done(&r);

    load_edit(&r, "\"id\": \"mini\"", "'id': \"mini\"");
    e = find(&r, "single quote");
    assert_at(&r, e, "'id'");
    done(&r);
}

static void test_columns_count_characters_with_tabs_crlf_and_utf8(void **state)
{
    (void)state;
    struct result r = {0};
    /* CRLF line ends everywhere, a tab and two-byte characters before the mistake. */
    char *t = edit(base, "\"name\": \"Mini post\"", "\"name\":\t\"Minï pöst\", \"nmae\": 1");
    size_t n = strlen(t), k = 0;
    r.text = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n') {
            r.text[k++] = '\r';
        }
        r.text[k++] = t[i];
    }
    r.text[k] = '\0';
    free(t);
    load(&r, r.text);
    const struct eap_error *e = find(&r, "unknown key \"nmae\"");
    /* `  "name":<tab>"Minï pöst", ` is 23 characters (25 bytes) before the key */
    assert_int_equal(e->line, 4);
    assert_int_equal(e->col, 24);
    assert_at(&r, e, "\"nmae\"");
    done(&r);
}

static void test_byte_order_mark_is_skipped(void **state)
{
    (void)state;
    struct result r = {0};
    r.text = malloc(sizeof(base) + 3);
    memcpy(r.text, "\xEF\xBB\xBF", 3);
    memcpy(r.text + 3, base, sizeof(base));
    load(&r, r.text);
    assert_loaded(&r);
    done(&r);
}

/* --- unknown keys and ids --- */

static void test_unknown_key_suggests_the_nearest_known_key(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"readiness\"", "\"readines\"");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "unknown key \"readines\"");
    assert_non_null(strstr(e->msg, "did you mean \"readiness\"?"));
    assert_string_equal(e->path, "/assets/0/readines");
    assert_at(&r, e, "\"readines\"");
    done(&r);
}

static void test_unknown_key_far_from_every_key_gets_no_suggestion(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"readiness\": \"15 min\",", "\"readiness\": \"15 min\", \"zzzzqqq\": 1,");
    const struct eap_error *e = find(&r, "unknown key \"zzzzqqq\"");
    assert_null(strstr(e->msg, "did you mean"));
    done(&r);
}

static void test_dangling_id_suggests_the_nearest_id(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"at\": \"post\"", "\"at\": \"psot\"");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "no place has the id \"psot\"");
    assert_non_null(strstr(e->msg, "did you mean \"post\"?"));
    assert_string_equal(e->path, "/people/0/at");
    done(&r);
}

static void test_unknown_event_and_kind_suggest_the_nearest_name(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"asset_on_station\"", "\"asset_onstation\"");
    assert_non_null(strstr(find(&r, "asset_onstation")->msg, "did you mean \"asset_on_station\""));
    done(&r);
    load_edit(&r, "\"kind\": \"team\"", "\"kind\": \"tem\"");
    const struct eap_error *e = find(&r, "found \"tem\"");
    assert_non_null(strstr(e->msg, "did you mean \"team\""));
    assert_string_equal(e->path, "/assets/0/kind");
    done(&r);
    load_edit(&r, "\"kind\": \"team\"", "\"kind\": \"submarine\"");
    e = find(&r, "found \"submarine\"");
    assert_non_null(strstr(e->msg, "expected one of \"drone\""));
    done(&r);
}

static void test_duplicate_ids_are_reported(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "{\"id\": \"base\"", "{\"id\": \"post\"");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "duplicate place id \"post\"");
    assert_string_equal(e->path, "/places/2/id");
    done(&r);
}

static void test_malformed_id_does_not_break_suggestions(void **state)
{
    (void)state;
    struct result r = {0};
    /* The place's id is not an id; a reference to a near miss must still be handled. */
    r.text = edit(base, "{\"id\": \"base\"", "{\"id\": \"b a s e\"");
    char *t = edit(r.text, "\"base\": \"base\"", "\"base\": \"bsae\"");
    free(r.text);
    r.text = t;
    load(&r, r.text);
    find(&r, "expected an id made of letters");
    find(&r, "no place has the id \"bsae\"");
    done(&r);
}

/* --- the plan's reachability --- */

static void test_two_tripwires_waiting_for_each_other_are_a_cycle(void **state)
{
    (void)state;
    struct result r = {0};
    char *t = edit(base, "\"when\": {\"on\": \"attack_start\", \"place\": \"post\"}",
                   "\"when\": {\"on\": \"tripwire\", \"tripwire\": \"leave\"}");
    r.text = edit(t, "\"when\": {\"on\": \"asset_on_station\", \"asset\": \"qrf\"}",
                  "\"when\": {\"on\": \"tripwire\", \"tripwire\": \"alarm\"}");
    free(t);
    load(&r, r.text);
    assert_refused(&r);
    const struct eap_error *a = find(&r, "tripwire \"alarm\" can never fire");
    assert_non_null(strstr(a->msg, "cycle: alarm -> leave -> alarm"));
    assert_string_equal(a->path, "/plan/0/when");
    const struct eap_error *b = find(&r, "tripwire \"leave\" can never fire");
    assert_non_null(strstr(b->msg, "cycle: leave -> alarm -> leave"));
    done(&r);
}

static void test_longer_cycle_through_threat_convoy_and_asset_request(void **state)
{
    (void)state;
    struct result r = {0};
    /* assault waits for the convoy to leave; the convoy leaves when the qrf is on station;
     * the qrf is requested when the assault starts. */
    load_edit(&r, "\"when\": {\"at\": \"T+30m\"}",
              "\"when\": {\"on\": \"convoy_departed\", \"convoy\": \"out\"}");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "threat \"assault\" can never fire");
    find(&r, "cycle: assault -> leave -> alarm -> assault");
    assert_string_equal(e->path, "/threats/0/when");
    find(&r, "tripwire \"alarm\" can never fire");
    find(&r, "tripwire \"leave\" can never fire");
    done(&r);
}

static void test_tripwire_waiting_for_a_convoy_nobody_moves(void **state)
{
    (void)state;
    struct result r = {0};
    /* "leave" no longer moves the convoy; a new tripwire waits for it to arrive */
    char *t = edit(base, "\"do\": [{\"do\": \"move\", \"convoy\": \"out\"}]",
                   "\"do\": [{\"do\": \"shelter\", \"party\": \"staff\"}]");
    r.text = edit(t, "\"plan\": [",
                  "\"plan\": [{\"id\": \"arrived\", \"when\": {\"on\": \"convoy_arrived\", "
                  "\"convoy\": \"out\"}, \"do\": [{\"do\": \"shelter\", \"party\": \"staff\"}]},");
    free(t);
    load(&r, r.text);
    assert_refused(&r);
    assert_int_equal(r.diag.count, 1);
    const struct eap_error *e = find(&r, "tripwire \"arrived\" can never fire");
    assert_non_null(strstr(e->msg, "convoy \"out\", which no action forms or moves"));
    assert_string_equal(e->path, "/plan/0/when");
    done(&r);
}

/* --- quantities --- */

static void test_negative_duration_is_refused(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"formation\": \"20 min\"", "\"formation\": \"-20 min\"");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "found \"-20 min\"");
    assert_non_null(strstr(e->msg, "expected a duration"));
    assert_non_null(strstr(e->msg, "negative"));
    assert_string_equal(e->path, "/convoys/0/formation");
    done(&r);
}

static void test_bare_number_where_a_unit_is_needed(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"distance\": \"25 km\"", "\"distance\": 25");
    const struct eap_error *e = find(&r, "found the bare number 25");
    assert_non_null(strstr(e->msg, "expected a distance such as"));
    assert_string_equal(e->path, "/routes/0/segments/0/distance");
    done(&r);
}

static void test_wrong_and_unknown_units_are_refused(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"distance\": \"25 km\"", "\"distance\": \"25 km/h\"");
    find(&r, "expected a distance");
    done(&r);
    load_edit(&r, "\"speed\": \"60 km/h\"", "\"speed\": \"60 min\"");
    assert_string_equal(find(&r, "expected a speed")->path, "/assets/0/speed");
    done(&r);
    load_edit(&r, "\"readiness\": \"15 min\"", "\"readiness\": \"15 mni\"");
    assert_non_null(strstr(find(&r, "unknown unit \"mni\"")->msg, "did you mean \"min\"?"));
    done(&r);
}

static void test_choice_probabilities_must_sum_to_one(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(
        &r, "\"force\": 20",
        "\"force\": {\"choice\": [{\"p\": 0.5, \"value\": 10}, {\"p\": 0.4, \"value\": 30}]}");
    const struct eap_error *e = find(&r, "sum to 1");
    assert_string_equal(e->path, "/threats/0/force/choice");
    done(&r);
}

static void test_minimum_above_maximum_is_refused(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "[\"20 km/h\", \"40 km/h\", \"60 km/h\"]",
              "[\"80 km/h\", \"40 km/h\", \"60 km/h\"]");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "with min below max");
    assert_non_null(strstr(e->msg, "found [80.0 km/h, 40.0 km/h, 60.0 km/h]"));
    assert_string_equal(e->path, "/routes/0/segments/0/speed/triangular");
    done(&r);
}

static void test_distribution_object_needs_exactly_one_kind(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"formation\": \"20 min\"",
              "\"formation\": {\"value\": \"20 min\", \"uniform\": [\"1 min\", \"2 min\"]}");
    find(&r, "found \"value\" and \"uniform\"");
    done(&r);
    load_edit(&r, "\"formation\": \"20 min\"", "\"formation\": {\"recorded\": \"20 min\"}");
    find(&r, "found none of them");
    done(&r);
}

static void test_absurd_magnitudes_are_refused(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"distance\": \"25 km\"", "\"distance\": \"1e300 km\"");
    find(&r, "expected a distance of at most");
    done(&r);
    load_edit(&r, "\"T+30m\"", "\"T+1e30 h\"");
    find(&r, "expected a time within");
    done(&r);
}

/* --- sections --- */

static void test_route_with_no_segments(void **state)
{
    (void)state;
    struct result r = {0};
    const char *from = strstr(base, "\"segments\": [");
    const char *to = strstr(from, "}]}") + 2; /* keep the route's closing brace */
    size_t pre = (size_t)(from - base);
    r.text = malloc(sizeof(base));
    memcpy(r.text, base, pre);
    strcpy(r.text + pre, "\"segments\": []");
    strcat(r.text, to);
    load(&r, r.text);
    assert_refused(&r);
    const struct eap_error *e = find(&r, "expected at least one segment");
    assert_string_equal(e->path, "/routes/0/segments");
    assert_at(&r, e, "[]");
    done(&r);
}

static void test_disconnected_segments(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"speed\": {\"triangular\": [\"20 km/h\", \"40 km/h\", \"60 km/h\"]}}]}",
              "\"speed\": \"40 km/h\"}, {\"from\": \"base\", \"to\": \"post\", \"distance\": "
              "\"5 km\", \"speed\": \"40 km/h\"}]}");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "expected segment 1 to start where segment 0 ends");
    assert_non_null(strstr(e->msg, "found \"base\""));
    assert_string_equal(e->path, "/routes/0/segments/1/from");
    done(&r);
}

static void test_asset_without_base(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"base\": \"base\", ", "");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "missing required key \"base\"");
    assert_string_equal(e->path, "/assets/0");
    assert_at(&r, e, "{\"id\": \"qrf\"");
    done(&r);
}

static void test_convoy_with_too_few_seats(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"vehicles\": {\"suv\": 3}", "\"vehicles\": {\"suv\": 2}");
    assert_refused(&r);
    const struct eap_error *e = find(&r, "expected seats for the 10 people");
    assert_non_null(strstr(e->msg, "found 8 seats"));
    assert_string_equal(e->path, "/convoys/0/vehicles");
    done(&r);
    /* without a party list the convoy takes everyone at the route's start */
    load_edit(&r, "\"parties\": [\"staff\"], \"vehicles\": {\"suv\": 3}",
              "\"vehicles\": {\"suv\": 1}");
    find(&r, "expected seats for the 10 people");
    done(&r);
}

static void test_convoy_vehicle_count_must_be_a_whole_number_in_range(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"vehicles\": {\"suv\": 3}", "\"vehicles\": {\"suv\": 1e300}");
    find(&r, "expected a whole number of vehicles");
    done(&r);
}

/* --- every problem, in file order --- */

static void test_all_problems_of_a_file_are_reported_in_file_order(void **state)
{
    (void)state;
    struct result r = {0};
    static const char *const edits[][2] = {
        {"\"lat\": 10.0", "\"lat\": 100.0"},
        {"\"distance\": \"25 km\"", "\"distance\": 25"},
        {"\"at\": \"post\"", "\"at\": \"psot\""},
        {"\"readiness\": \"15 min\"", "\"readines\": \"15 min\""},
        {"\"formation\": \"20 min\"", "\"formation\": \"-20 min\""},
    };
    r.text = malloc(sizeof(base));
    memcpy(r.text, base, sizeof(base));
    for (size_t i = 0; i < 5; i++) {
        char *t = edit(r.text, edits[i][0], edits[i][1]);
        free(r.text);
        r.text = t;
    }
    load(&r, r.text);
    assert_refused(&r);
    /* "readines" is unknown and "readiness" is then missing: one mistake, two messages, the
     * second at the asset's opening brace. */
    const char *expect[] = {
        "from -90 to 90",           "bare number 25", "psot", "missing required key \"readiness\"",
        "unknown key \"readines\"", "-20 min"};
    assert_int_equal(r.diag.count, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_non_null(strstr(r.diag.items[i].msg, expect[i]));
        if (i > 0) {
            const struct eap_error *a = &r.diag.items[i - 1], *b = &r.diag.items[i];
            assert_true(a->line < b->line || (a->line == b->line && a->col <= b->col));
        }
    }
    done(&r);
}

static void test_five_independent_mistakes_give_five_problems(void **state)
{
    (void)state;
    struct result r = {0};
    static const char *const edits[][2] = {
        {"\"horizon\": \"12 h\"", "\"horizon\": \"12 parsecs\""},
        {"\"safe\": true", "\"safe\": \"yes\""},
        {"\"count\": 10", "\"count\": 0"},
        {"\"kind\": \"team\"", "\"kind\": \"tem\""},
        {"\"time\": \"23:30\"", "\"time\": \"25:99\""},
    };
    r.text = malloc(sizeof(base));
    memcpy(r.text, base, sizeof(base));
    for (size_t i = 0; i < 5; i++) {
        char *t = edit(r.text, edits[i][0], edits[i][1]);
        free(r.text);
        r.text = t;
    }
    load(&r, r.text);
    assert_refused(&r);
    assert_int_equal(r.diag.count, 5);
    const char *paths[] = {"/clock/horizon", "/places/1/safe", "/people/0/count", "/assets/0/kind",
                           "/record/0/time"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(r.diag.items[i].path, paths[i]);
        assert_true(r.diag.items[i].line > 0);
        assert_non_null(strstr(r.diag.items[i].msg, "expected"));
        assert_non_null(strstr(r.diag.items[i].msg, "found"));
    }
    done(&r);
}

/* --- overrides --- */

static void test_override_changes_a_value(void **state)
{
    (void)state;
    struct result r = {0};
    struct eap_override o[] = {{"assets/qrf/readiness", "30 min", "assets/qrf/readiness=30 min"}};
    load_ovr(&r, base, o, 1);
    assert_loaded(&r);
    const struct eap_asset *a = &r.scn->assets[0];
    assert_true(fabs(r.scn->inputs[a->readiness].replay_value - 30.0 * 60000) < 1e-9);
    done(&r);
}

static void test_override_addresses_array_elements_by_index_or_id(void **state)
{
    (void)state;
    struct result a = {0}, b = {0};
    struct eap_override by_id[] = {{"routes/road/segments/0/speed",
                                    "{\"pert\": [\"10 km/h\", \"30 km/h\", \"50 km/h\"]}",
                                    "by id"}};
    struct eap_override by_index[] = {{"routes/0/segments/0/speed",
                                       "{\"pert\": [\"10 km/h\", \"30 km/h\", \"50 km/h\"]}",
                                       "by index"}};
    load_ovr(&a, base, by_id, 1);
    load_ovr(&b, base, by_index, 1);
    assert_loaded(&a);
    assert_loaded(&b);
    const struct eap_input *ia = &a.scn->inputs[a.scn->routes[0].segments[0].speed];
    const struct eap_input *ib = &b.scn->inputs[b.scn->routes[0].segments[0].speed];
    assert_int_equal(ia->dist.kind, EAP_DIST_PERT);
    assert_true(ia->replay_value == ib->replay_value);
    assert_true(fabs(ia->replay_value - 30.0 / 3.6) < 1e-6); /* symmetric PERT: the mode */
    done(&a);
    done(&b);
}

static void test_override_creates_optional_keys(void **state)
{
    (void)state;
    struct result r = {0};
    struct eap_override o[] = {
        {"request_chain/moa", "true", "request_chain/moa=true"},
        {"assets/qrf/time_on_station", "2 h", "assets/qrf/time_on_station=2 h"},
        {"threats/assault/occurred", "false", "threats/assault/occurred=false"},
    };
    load_ovr(&r, base, o, 3);
    assert_loaded(&r);
    assert_true(r.scn->chain.moa);
    assert_int_equal(r.scn->inputs[r.scn->assets[0].time_on_station].replay_value, 2 * EAP_HOUR);
    assert_false(r.scn->threats[0].occurred);
    done(&r);
}

static void test_override_value_is_validated_and_names_the_set_argument(void **state)
{
    (void)state;
    struct result r = {0};
    struct eap_override o[] = {
        {"assets/qrf/readiness", "30 parsecs", "assets/qrf/readiness=30 parsecs"}};
    load_ovr(&r, base, o, 1);
    assert_refused(&r);
    assert_int_equal(r.diag.count, 1);
    const struct eap_error *e = find(&r, "expected a duration");
    assert_non_null(strstr(e->msg, "found \"30 parsecs\""));
    assert_string_equal(e->file, "mini.json: --set assets/qrf/readiness=30 parsecs");
    assert_int_equal(e->line, 0);
    assert_string_equal(e->path, "/assets/0/readiness");
    done(&r);
}

static void test_override_unknown_path_suggests_the_nearest(void **state)
{
    (void)state;
    struct result r = {0};
    struct eap_override key[] = {{"asets/qrf/readiness", "1 min", "asets/qrf/readiness=1 min"}};
    load_ovr(&r, base, key, 1);
    assert_refused(&r);
    const struct eap_error *e = find(&r, "has no key \"asets\"");
    assert_non_null(strstr(e->msg, "did you mean \"assets\"?"));
    assert_non_null(strstr(e->file, "--set asets/qrf/readiness=1 min"));
    done(&r);

    struct eap_override id[] = {{"assets/qfr/readiness", "1 min", "assets/qfr/readiness=1 min"}};
    load_ovr(&r, base, id, 1);
    e = find(&r, "found \"qfr\"");
    assert_non_null(strstr(e->msg, "did you mean \"qrf\"?"));
    assert_string_equal(e->path, "/assets");
    done(&r);

    /* A new key that the section does not know is refused where the section is read. */
    struct eap_override leaf[] = {{"assets/qrf/readyness", "1 min", "assets/qrf/readyness=1 min"}};
    load_ovr(&r, base, leaf, 1);
    e = find(&r, "unknown key \"readyness\"");
    assert_non_null(strstr(e->msg, "did you mean \"readiness\"?"));
    assert_non_null(strstr(e->file, "--set assets/qrf/readyness"));
    done(&r);

    struct eap_override through[] = {{"assets/qrf/readiness/x", "1", "assets/qrf/readiness/x=1"}};
    load_ovr(&r, base, through, 1);
    find(&r, "expected an object or an array at /assets/0/readiness, found the string");
    done(&r);
}

static void test_override_that_fixes_a_broken_file_makes_it_load(void **state)
{
    (void)state;
    struct result r = {0};
    r.text = edit(base, "\"readiness\": \"15 min\"", "\"readiness\": 15");
    struct eap_override o[] = {{"assets/0/readiness", "\"15 min\"", "fix"}};
    load(&r, r.text);
    assert_refused(&r);
    eap_diag_finish(&r.diag);
    load_ovr(&r, r.text, o, 1);
    assert_loaded(&r);
    done(&r);
}

static void test_override_problems_and_file_problems_are_both_reported(void **state)
{
    (void)state;
    struct result r = {0};
    r.text = edit(base, "\"lat\": 10.0", "\"lat\": 100.0");
    struct eap_override o[] = {{"nope", "1", "nope=1"}};
    load_ovr(&r, r.text, o, 1);
    find(&r, "from -90 to 90");
    find(&r, "unknown key \"nope\"");
    done(&r);
}

/* --- hostile text --- */

static void test_json_pointer_escapes_tilde_and_slash(void **state)
{
    (void)state;
    struct result r = {0};
    load_edit(&r, "\"eapsim\": 1,", "\"eapsim\": 1, \"a/b~c\": 2,");
    assert_string_equal(find(&r, "unknown key")->path, "/a~1b~0c");
    done(&r);
}

static void test_very_long_key_gives_a_marked_cut_path(void **state)
{
    (void)state;
    struct result r = {0};
    char key[3000];
    memset(key, 'k', sizeof(key) - 1);
    key[sizeof(key) - 1] = '\0';
    char *ins = malloc(sizeof(key) + 32);
    snprintf(ins, sizeof(key) + 32, "\"eapsim\": 1, \"%s\": 2,", key);
    load_edit(&r, "\"eapsim\": 1,", ins);
    free(ins);
    const struct eap_error *e = find(&r, "unknown key");
    size_t n = strlen(e->path);
    assert_true(n < sizeof(e->path));
    assert_string_equal(e->path + n - 3, "...");
    done(&r);
}

static void test_deep_nesting_and_huge_text_are_refused_quickly(void **state)
{
    (void)state;
    struct result r = {0};
    size_t depth = 10000;
    r.text = malloc(2 * depth + 1);
    memset(r.text, '[', depth);
    memset(r.text + depth, ']', depth);
    r.text[2 * depth] = '\0';
    load(&r, r.text);
    assert_refused(&r);
    const struct eap_error *e = find(&r, "nested at most");
    assert_int_equal(e->line, 1);
    assert_int_equal(e->col, EAP_SCENARIO_MAX_DEPTH + 1);
    done(&r);

    size_t big = EAP_SCENARIO_MAX_BYTES + 1;
    char *huge = calloc(big, 1);
    assert_non_null(huge);
    struct eap_diag d;
    eap_diag_init(&d);
    assert_null(eap_scenario_load_text("huge.json", huge, big, NULL, 0, &d));
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].msg, "at most 16 MB"));
    eap_diag_finish(&d);
    free(huge);
}

static void test_binary_and_non_utf8_text_are_refused(void **state)
{
    (void)state;
    struct eap_diag d;
    const char bin[] = "{\"a\": 1}\0\x01\x02";
    eap_diag_init(&d);
    assert_null(eap_scenario_load_text("bin", bin, sizeof(bin) - 1, NULL, 0, &d));
    assert_non_null(strstr(d.items[0].msg, "NUL byte"));
    assert_int_equal(d.items[0].col, 9);
    eap_diag_finish(&d);
    const char latin1[] = "{\"name\": \"caf\xE9\"}";
    eap_diag_init(&d);
    assert_null(eap_scenario_load_text("l1", latin1, sizeof(latin1) - 1, NULL, 0, &d));
    assert_non_null(strstr(d.items[0].msg, "expected UTF-8 text, found the byte 0xE9"));
    assert_int_equal(d.items[0].col, 14);
    eap_diag_finish(&d);
    eap_diag_init(&d);
    assert_null(eap_scenario_load_text("empty", "", 0, NULL, 0, &d));
    assert_non_null(strstr(d.items[0].msg, "empty file"));
    eap_diag_finish(&d);
}

/* --- citations --- */

/* The unsourced entry for path, or NULL. */
static const char *unsourced(const struct eap_scenario *s, const char *path)
{
    for (size_t i = 0; i < s->unsourced_count; i++) {
        const char *p = strstr(s->unsourced[i], ": /");
        if (p && strcmp(p + 2, path) == 0) {
            return s->unsourced[i];
        }
    }
    return NULL;
}

/* A number without a source or a note is listed with its line, column and path (what
 * `validate --strict` prints); its own "source", its object's, an entry of the object's
 * "sources" or a "note" on a distribution each take it off the list. */
static void test_numbers_without_a_source_are_listed_where_they_are(void **state)
{
    (void)state;
    struct result r = {0};
    r.text = strdup(base);
    assert_non_null(r.text);
    load(&r, r.text);
    assert_loaded(&r);
    const char *e = unsourced(r.scn, "/people/0/count");
    assert_non_null(e);
    int line, col;
    where(r.text, "10, \"at\"", &line, &col);
    char want[64];
    snprintf(want, sizeof(want), "%d:%d: /people/0/count", line, col);
    assert_string_equal(e, want);
    assert_non_null(unsourced(r.scn, "/threats/0/force"));
    assert_non_null(unsourced(r.scn, "/places/0/protection/safe_room"));
    done(&r);

    static const char *const fixes[][3] = {
        {"\"count\": 10, \"at\": \"post\"}",
         "\"count\": 10, \"at\": \"post\", \"source\": \"a roster\"}", "/people/0/count"},
        {"\"count\": 10, \"at\": \"post\"}",
         "\"count\": 10, \"at\": \"post\", \"sources\": {\"count\": \"a roster\"}}",
         "/people/0/count"},
        {"\"recorded\": \"90 min\"}", "\"recorded\": \"90 min\", \"note\": \"assumed: a guess\"}",
         "/places/0/protection/safe_room"},
    };
    for (size_t i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
        load_edit(&r, fixes[i][0], fixes[i][1]);
        assert_loaded(&r);
        assert_null(unsourced(r.scn, fixes[i][2]));
        assert_non_null(unsourced(r.scn, "/threats/0/force")); /* the others stay listed */
        done(&r);
    }
}

/* --- the exercise section --- */

static const char exercise[] =
    ",\n  \"exercise\": {\n"
    "    \"objectives\": [\n"
    "      {\"id\": \"out\", \"text\": \"Everyone safe by 02:00\", \"capability\": \"Mass care\",\n"
    "       \"metric\": \"time_all_safe\", \"at_most\": \"02:00\"},\n"
    "      {\"id\": \"qrf\", \"text\": \"Team there within 40 min\",\n"
    "       \"metric\": \"on_scene/qrf\", \"at_most\": \"40 min\"},\n"
    "      {\"id\": \"nobody\", \"text\": \"No losses\", \"metric\": \"casualties\", \"at_most\": "
    "0},\n"
    "      {\"id\": \"held\", \"text\": \"Walls hold\", \"metric\": \"breach_before_evacuation\", "
    "\"is\": false}],\n"
    "    \"injects\": [\n"
    "      {\"number\": 1, \"when\": {\"at\": \"T+35m\"}, \"from\": \"Guard\", \"to\": \"RSO\",\n"
    "       \"method\": \"radio\", \"text\": \"Shots at the gate\", \"objective\": \"qrf\",\n"
    "       \"expected_action\": \"Sound the alarm\", \"controller_note\": \"Say it loudly\"},\n"
    "      {\"number\": 5, \"id\": \"left\", \"when\": {\"on\": \"convoy_departed\", \"convoy\": "
    "\"out\", \"delay\": \"5 min\"},\n"
    "       \"from\": \"Convoy lead\", \"to\": \"Ops centre\", \"method\": \"phone\", \"text\": "
    "\"We are moving\"}]}\n"
    "}\n";

/* The base with an exercise section appended (its closing brace replaced). */
static char *with_exercise(const char *section)
{
    size_t n = strlen(base);
    char *out = malloc(n + strlen(section) + 1);
    assert_non_null(out);
    memcpy(out, base, n + 1);
    char *end = strrchr(out, '}');
    assert_non_null(end);
    strcpy(end - 1, section); /* before "\n}\n" */
    return out;
}

/* Objectives judge a metric against a target in its own terms; injects keep the MSEL's
 * fields, their number and the objective they test. */
static void test_exercise_objectives_and_injects_load(void **state)
{
    (void)state;
    struct result r = {0};
    r.text = with_exercise(exercise);
    load(&r, r.text);
    assert_loaded(&r);
    const struct eap_scenario *s = r.scn;
    assert_int_equal(s->objective_count, 4);
    const struct eap_objective *o = &s->objectives[0];
    assert_string_equal(s->metrics[o->metric].name, "time_all_safe");
    assert_int_equal(o->kind, EAP_TARGET_AT_MOST);
    assert_int_equal(o->target, 4 * EAP_HOUR); /* 02:00 is four hours after 22:00 */
    assert_int_equal(s->objectives[1].target, 40 * EAP_MINUTE);
    assert_int_equal(s->objectives[2].target, 0);
    assert_int_equal(s->objectives[3].kind, EAP_TARGET_IS);
    assert_int_equal(s->objectives[3].target, 0);
    assert_int_equal(s->inject_count, 2);
    const struct eap_inject *a = &s->injects[0], *b = &s->injects[1];
    assert_string_equal(a->id, "msel-1");
    assert_int_equal(a->method, EAP_INJECT_RADIO);
    assert_int_equal(a->objective, 1);
    assert_string_equal(a->controller_note, "Say it loudly");
    assert_true(a->when.at_time);
    assert_string_equal(b->id, "left");
    assert_int_equal(b->number, 5);
    assert_int_equal(b->objective, EAP_NONE);
    assert_null(b->expected_action);
    assert_int_equal(eap_scenario_find_inject(s, "left"), 1);
    done(&r);
}

static void test_exercise_mistakes_are_located(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"\"metric\": \"casualties\"", "\"metric\": \"casulties\"", "did you mean \"casualties\""},
        {"\"at_most\": \"40 min\"", "\"at_most\": \"23:00\"", "is not counted from the start"},
        {"\"is\": false", "\"at_most\": 1", "expected \"is\": true or false"},
        {"\"at_most\": 0}", "\"at_most\": 0, \"at_least\": 1}", "expected exactly one target"},
        {"\"method\": \"radio\"", "\"method\": \"pigeon\"", "expected one of"},
        {"\"number\": 5", "\"number\": 1", "above the previous inject's (1)"},
        {"\"objective\": \"qrf\"", "\"objective\": \"qfr\"", "did you mean \"qrf\""},
        {"\"delay\": \"5 min\"", "\"delay\": {\"uniform\": [\"1 min\", \"5 min\"]}",
         "expected a fixed delay"},
        {"\"convoy\": \"out\", \"delay\"",
         "\"convoy\": \"out\", \"unless\": {\"on\": \"start\"}, \"delay\"", "expected"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *ex = edit(exercise, cases[i][0], cases[i][1]);
        struct result r = {0};
        r.text = with_exercise(ex);
        free(ex);
        load(&r, r.text);
        assert_null(r.scn);
        bool said = false;
        for (size_t k = 0; k < r.diag.count; k++) {
            said |= strstr(r.diag.items[k].msg, cases[i][2]) != NULL;
            assert_true(r.diag.items[k].line > 0);
        }
        if (!said) {
            char line[1024];
            eap_error_format(&r.diag.items[0], line, sizeof(line));
            fail_msg("case %zu: expected \"%s\", got %s", i, cases[i][2], line);
        }
        done(&r);
    }
}

/* An inject that waits for an event nothing can cause is refused, like a tripwire. */
static void test_an_inject_that_can_never_fall_due_is_refused(void **state)
{
    (void)state;
    /* The airport has no safe room and nothing attacks it. */
    char *ex =
        edit(exercise, "{\"on\": \"convoy_departed\", \"convoy\": \"out\", \"delay\": \"5 min\"}",
             "{\"on\": \"safe_room_breach\", \"place\": \"airport\"}");
    struct result r = {0};
    r.text = with_exercise(ex);
    free(ex);
    load(&r, r.text);
    assert_null(r.scn);
    assert_int_equal(r.diag.count, 1);
    assert_non_null(strstr(r.diag.items[0].msg, "inject 5 (\"left\") can never fall due"));
    done(&r);
}

/* The players hear who an inject is from, not that the simulation cell plays the sender. */
static void test_players_hear_the_sender_without_the_cell(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Drone crew (simulation cell)", "Drone crew"},
        {"AFRICOM deputy commander, Stuttgart (Simulation Cell)",
         "AFRICOM deputy commander, Stuttgart"},
        {"Guard (simulation cell, at the gate) on the radio", "Guard on the radio"},
        {"Embassy (Tripoli)", "Embassy (Tripoli)"},
        {"Annex chief of base", "Annex chief of base"},
        {"Open (simulation cell", "Open (simulation cell"},
        {"(simulation cell) Drone crew", "Drone crew"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct eap_inject in = {.from = cases[i][0]};
        char buf[128];
        assert_string_equal(eap_inject_sender_for_players(&in, buf, sizeof(buf)), cases[i][1]);
    }
    struct eap_inject in = {.from = "Drone crew (simulation cell)"};
    char small[6];
    assert_string_equal(eap_inject_sender_for_players(&in, small, sizeof(small)), "Drone");
    /* cut between characters, never inside one */
    struct eap_inject accents = {.from = "Dr\xc3\xa9\xc3\xa9 crew"};
    assert_string_equal(eap_inject_sender_for_players(&accents, small, sizeof(small)),
                        "Dr\xc3\xa9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_scenario_loads_with_values_in_base_units),
        cmocka_unit_test(test_bundled_scenarios_load),
        cmocka_unit_test(test_missing_file_names_it_and_the_cause),
        cmocka_unit_test(test_error_names_file_line_column_path_expected_and_found),
        cmocka_unit_test(test_syntax_error_is_located_and_says_expected_and_found),
        cmocka_unit_test(test_columns_count_characters_with_tabs_crlf_and_utf8),
        cmocka_unit_test(test_byte_order_mark_is_skipped),
        cmocka_unit_test(test_unknown_key_suggests_the_nearest_known_key),
        cmocka_unit_test(test_unknown_key_far_from_every_key_gets_no_suggestion),
        cmocka_unit_test(test_dangling_id_suggests_the_nearest_id),
        cmocka_unit_test(test_unknown_event_and_kind_suggest_the_nearest_name),
        cmocka_unit_test(test_duplicate_ids_are_reported),
        cmocka_unit_test(test_malformed_id_does_not_break_suggestions),
        cmocka_unit_test(test_two_tripwires_waiting_for_each_other_are_a_cycle),
        cmocka_unit_test(test_longer_cycle_through_threat_convoy_and_asset_request),
        cmocka_unit_test(test_tripwire_waiting_for_a_convoy_nobody_moves),
        cmocka_unit_test(test_negative_duration_is_refused),
        cmocka_unit_test(test_bare_number_where_a_unit_is_needed),
        cmocka_unit_test(test_wrong_and_unknown_units_are_refused),
        cmocka_unit_test(test_choice_probabilities_must_sum_to_one),
        cmocka_unit_test(test_minimum_above_maximum_is_refused),
        cmocka_unit_test(test_distribution_object_needs_exactly_one_kind),
        cmocka_unit_test(test_absurd_magnitudes_are_refused),
        cmocka_unit_test(test_route_with_no_segments),
        cmocka_unit_test(test_disconnected_segments),
        cmocka_unit_test(test_asset_without_base),
        cmocka_unit_test(test_convoy_with_too_few_seats),
        cmocka_unit_test(test_convoy_vehicle_count_must_be_a_whole_number_in_range),
        cmocka_unit_test(test_all_problems_of_a_file_are_reported_in_file_order),
        cmocka_unit_test(test_five_independent_mistakes_give_five_problems),
        cmocka_unit_test(test_override_changes_a_value),
        cmocka_unit_test(test_override_addresses_array_elements_by_index_or_id),
        cmocka_unit_test(test_override_creates_optional_keys),
        cmocka_unit_test(test_override_value_is_validated_and_names_the_set_argument),
        cmocka_unit_test(test_override_unknown_path_suggests_the_nearest),
        cmocka_unit_test(test_override_that_fixes_a_broken_file_makes_it_load),
        cmocka_unit_test(test_override_problems_and_file_problems_are_both_reported),
        cmocka_unit_test(test_json_pointer_escapes_tilde_and_slash),
        cmocka_unit_test(test_very_long_key_gives_a_marked_cut_path),
        cmocka_unit_test(test_deep_nesting_and_huge_text_are_refused_quickly),
        cmocka_unit_test(test_binary_and_non_utf8_text_are_refused),
        cmocka_unit_test(test_numbers_without_a_source_are_listed_where_they_are),
        cmocka_unit_test(test_exercise_objectives_and_injects_load),
        cmocka_unit_test(test_exercise_mistakes_are_located),
        cmocka_unit_test(test_an_inject_that_can_never_fall_due_is_refused),
        cmocka_unit_test(test_players_hear_the_sender_without_the_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
