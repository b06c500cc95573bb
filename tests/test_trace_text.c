/* The wording of the event lines (eap_trace_describe, the rules at the top of its section in
 * sim/engine/trace.c): every line of both replays and of 200 sampled runs of each bundled
 * scenario keeps the rules (names where a capital reads naturally and nothing agrees with
 * them, no parenthesis after a name, counts that agree, a destination for every movement, no
 * departure that goes nowhere in a timeline); lines the bundled runs rarely or never give
 * (a lone guard, a party that lost people, a return flight, a lost request) read as they
 * should, built from events made here. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/engine.h"
#include "eapsim/report.h"
#include "eapsim/trace.h"
#include "scenario_fixture.h"

#define SAMPLED_RUNS 200

/* --- the rules, line by line --- */

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The line ends with ": NAME": the name follows a colon and nothing follows the name. */
static void assert_name_last(const char *line, const char *name)
{
    char tail[512];
    snprintf(tail, sizeof(tail), ": %s", name);
    if (!ends_with(line, tail)) {
        fail_msg("the line should end with \": %s\": %s", name, line);
    }
}

/* The line starts with NAME, followed by a space or a colon. */
static void assert_name_first(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (!starts_with(line, name) || (line[n] != ' ' && line[n] != ':')) {
        fail_msg("the line should start with \"%s\": %s", name, line);
    }
}

/* No word twice in a row ("the the"), case aside; a word that ends a clause ("annex:")
 * does not pair with the next. */
static void assert_no_doubled_word(const char *line)
{
    char prev[64] = "";
    for (const char *p = line; *p;) {
        size_t n = strcspn(p, " "), k = 0;
        char word[64];
        for (size_t i = 0; i < n && k + 1 < sizeof(word); i++) {
            word[k++] = (char)tolower((unsigned char)p[i]);
        }
        word[k] = '\0';
        if (k > 0 && strcmp(word, prev) == 0) {
            fail_msg("\"%s\" twice in a row: %s", word, line);
        }
        bool clause_ends = k > 0 && ispunct((unsigned char)word[k - 1]);
        snprintf(prev, sizeof(prev), "%s", clause_ends ? "" : word);
        p += n;
        p += strspn(p, " ");
    }
}

/* What no line may contain: faults a reviewer found, and the shapes that make them. A blank
 * where a word is missing; a parenthesis after a name that ends in one; counts that do not
 * agree; "casualties" (the lines say killed); a hop name, a sentence of its own, after
 * "passes"; a leg that goes nowhere; "?" for an index out of range or a missing name. */
static const char *const banned[] = {
    "  ",
    "((",
    ") (",
    " 1 people",
    " 1 casualties",
    " 1 attackers",
    " 1 assets",
    " 1 guards",
    " 1 survivors",
    "casualt",
    "escort escorting",
    "Request passes",
    " under way at ",
    "?",
};

static void assert_clean(const char *line)
{
    if (line[0] == '\0' || line[0] == ' ' || ends_with(line, " ")) {
        fail_msg("empty line or stray blank: \"%s\"", line);
    }
    for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++) {
        if (strstr(line, banned[i])) {
            fail_msg("\"%s\" in: %s", banned[i], line);
        }
    }
    assert_no_doubled_word(line);
}

static const char *place_name(const struct eap_scenario *s, int32_t p)
{
    assert_true(p >= 0 && (size_t)p < s->place_count);
    return s->places[p].name;
}

/* A movement line names where it goes: the leg's end, the route it covers, or for a return
 * flight the pickup it flies back to (the first lift of the asset that ends where it is). */
static void assert_destination(const struct eap_scenario *s, const struct eap_trace_event *ev,
                               const char *line)
{
    const struct eap_asset *a = &s->assets[ev->subject];
    int32_t to = ev->object;
    for (size_t i = 0; to < 0 && i < s->action_count; i++) {
        const struct eap_action *act = &s->actions[i];
        bool lift = act->kind == EAP_ACT_EVACUATE_BY_AIR || act->kind == EAP_ACT_EVACUATE_BY_SEA;
        for (size_t k = 0; lift && act->to == ev->place && k < act->asset_count; k++) {
            to = act->assets[k] == ev->subject ? act->from : to;
        }
    }
    char where[300];
    snprintf(where, sizeof(where), " %s", place_name(s, to));
    if (!strstr(line, " to ") || !strstr(line, where)) {
        fail_msg("no destination: %s", line);
    }
    bool to_route = a->target_route != EAP_NONE && ev->object >= 0 &&
                    ev->object == s->routes[a->target_route].segments[0].from;
    if (to_route != (strstr(line, "to cover the route") != NULL)) {
        fail_msg("a leg to a route should say so, and only then: %s", line);
    }
}

/* "NAME: N verb ...": a party's line gives the count, and the verb agrees with the count,
 * never with the name. */
static void assert_count_agrees(const char *line, const char *name, long n)
{
    static const char *const one[] = {"killed", "takes", "gets", "leaves", "reaches"};
    static const char *const many[] = {"killed", "take", "get", "leave", "reach"};
    char head[400];
    snprintf(head, sizeof(head), "%s: %ld ", name, n);
    if (!starts_with(line, head)) {
        fail_msg("the line should start with \"%s\": %s", head, line);
    }
    const char *verb = line + strlen(head);
    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        const char *v = n == 1 ? one[i] : many[i];
        if (starts_with(verb, v) && verb[strlen(v)] == ' ') {
            return;
        }
    }
    fail_msg("the verb does not agree with %ld: %s", n, line);
}

/* Where each kind puts the names it carries: at the start of the line, or after a colon at
 * its end (the names whose number or capital could clash with the sentence). */
static void assert_names_placed(const struct eap_scenario *s, const struct eap_trace_event *ev,
                                const char *line)
{
    int32_t subj = ev->subject;
    switch ((enum eap_event_kind)ev->kind) {
    case EAP_EV_TRIPWIRE:
        assert_true(starts_with(line, "Plan: "));
        assert_name_last(line, s->tripwires[subj].name);
        break;
    case EAP_EV_ATTACK_START:
    case EAP_EV_ATTACK_END:
    case EAP_EV_INDIRECT_FIRE:
        assert_name_last(line, s->threats[subj].name);
        break;
    case EAP_EV_HOP:
        assert_true(starts_with(line, "Request chain step ("));
        assert_name_last(line, s->chain.hops[subj].name);
        break;
    case EAP_EV_REQUEST_LOST:
        if (subj >= 0) {
            assert_name_last(line, s->chain.hops[subj].name);
        }
        break;
    case EAP_EV_CASUALTIES:
    case EAP_EV_SHELTER:
    case EAP_EV_ESCAPED:
    case EAP_EV_DRAW_DOWN:
    case EAP_EV_PARTY_AT:
        assert_count_agrees(line, s->parties[subj].name, (long)ev->value);
        break;
    case EAP_EV_PARTY_SAFE:
        assert_name_first(line, s->parties[subj].name);
        break;
    case EAP_EV_ESCORT_JOINED:
    case EAP_EV_ESCORT_LEFT:
        assert_name_first(line, s->convoys[ev->object].name);
        assert_name_last(line, s->assets[subj].name);
        break;
    case EAP_EV_ON_STATION:
        assert_name_first(line, s->assets[subj].name);
        if (ev->place < 0) {
            assert_name_last(line, s->routes[ev->object].name);
        }
        break;
    default:
        if (eap_event_subject_role((enum eap_event_kind)ev->kind) == EAP_ROLE_ASSET) {
            assert_name_first(line, s->assets[subj].name);
        } else if (eap_event_subject_role((enum eap_event_kind)ev->kind) == EAP_ROLE_CONVOY) {
            assert_name_first(line, s->convoys[subj].name);
        }
        break;
    }
}

/* Every rule on one event's line, as a timeline shows it. */
static void check_event(const struct eap_scenario *s, const struct eap_trace_event *ev)
{
    char line[512];
    eap_trace_describe(s, ev, line, sizeof(line));
    bool leg = ev->kind == EAP_EV_ASSET_DEPARTED || ev->kind == EAP_EV_ASSET_LEFT;
    if (leg && ev->object >= 0 && ev->object == ev->place) {
        /* a departure that goes nowhere: in the data, never in a timeline */
        assert_false(eap_trace_in_timeline(ev));
        return;
    }
    assert_true(eap_trace_in_timeline(ev));
    assert_clean(line);
    assert_names_placed(s, ev, line);
    if (leg) {
        assert_destination(s, ev, line);
    }
    if (ev->kind == EAP_EV_CASUALTIES && !strstr(line, " killed ")) {
        fail_msg("casualties are people killed: %s", line);
    }
}

/* Checks every event of the replay and of SAMPLED_RUNS sampled runs; returns how many
 * departures that go nowhere were seen (they must exist for the timeline test to mean
 * something). */
static size_t check_runs(const char *file)
{
    struct eap_scenario *s = fixture_load_file(file, NULL, 0);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    assert_non_null(e);
    size_t silent = 0;
    for (int r = -1; r < SAMPLED_RUNS; r++) {
        struct eap_engine_options opt = {.replay = r < 0};
        eap_engine_reset(e, 1, r < 0 ? 0 : (uint64_t)r, &opt);
        assert_true(eap_engine_run(e, &err));
        const struct eap_trace *t = eap_engine_trace(e);
        for (size_t i = 0; i < t->count; i++) {
            check_event(s, &t->events[i]);
            silent += !eap_trace_in_timeline(&t->events[i]);
        }
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    return silent;
}

static void test_benghazi_lines_keep_the_rules(void **state)
{
    (void)state;
    assert_true(check_runs("benghazi-2012.json") > 0); /* the charter jet, kept at Benina */
}

static void test_tripoli_lines_keep_the_rules(void **state)
{
    (void)state;
    assert_true(check_runs("tripoli-2014.json") > 0); /* the escort, ready at the embassy */
}

/* --- the timeline leaves out what the data keeps --- */

static char *report_text(const struct eap_scenario *s, const struct eap_engine *e,
                         enum eap_format format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    int64_t *values = calloc(s->metric_count + 1, sizeof(*values));
    eap_engine_metrics(e, values);
    struct eap_run_info info = {true, 1, 0, eap_engine_now(e), NULL, NULL};
    assert_true(eap_report_run(f, format, s, eap_engine_trace(e), s->metrics, values,
                               s->metric_count, &info));
    assert_int_equal(fclose(f), 0);
    free(values);
    return text;
}

static size_t occurrences(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what)) {
        n++;
    }
    return n;
}

static void test_a_departure_that_goes_nowhere_is_data_not_a_timeline_line(void **state)
{
    (void)state;
    struct eap_scenario *s = fixture_load_file("tripoli-2014.json", NULL, 0);
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(s, &err);
    assert_non_null(e);
    struct eap_engine_options opt = {.replay = true};
    eap_engine_reset(e, 1, 0, &opt);
    assert_true(eap_engine_run(e, &err));
    const struct eap_trace *t = eap_engine_trace(e);
    size_t shown = 0, departures = 0;
    for (size_t i = 0; i < t->count; i++) {
        shown += eap_trace_in_timeline(&t->events[i]);
        departures += t->events[i].kind == EAP_EV_ASSET_DEPARTED;
    }
    assert_true(shown < t->count);
    /* The text timeline has a line per shown event (each starts with two blanks and a
     * clock); the JSON and CSV keep every event. */
    char *text = report_text(s, e, EAP_FORMAT_TEXT);
    char *timeline = strstr(text, "TIMELINE"), *end = strstr(text, "MILESTONES");
    assert_true(timeline && end && timeline < end);
    *end = '\0';
    size_t lines = 0;
    for (const char *p = strchr(timeline, '\n'); p; p = strchr(p + 1, '\n')) {
        lines += p[1] == ' ' && p[2] == ' ' && isdigit((unsigned char)p[3]);
    }
    assert_int_equal(lines, shown);
    assert_int_equal(occurrences(timeline, "no travel needed"), 0);
    free(text);
    char *csv = report_text(s, e, EAP_FORMAT_CSV);
    assert_int_equal(occurrences(csv, "event,asset_departed,"), departures);
    assert_int_equal(occurrences(csv, "no travel needed"), t->count - shown);
    free(csv);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* --- lines made from events --- */

/* The line of an event made here equals the expected text, itself a format of names, and
 * keeps the rules. */
static void expect(const struct eap_scenario *s, struct eap_trace_event ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void expect(const struct eap_scenario *s, struct eap_trace_event ev, const char *fmt, ...)
{
    char want[512], line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(want, sizeof(want), fmt, ap);
    va_end(ap);
    eap_trace_describe(s, &ev, line, sizeof(line));
    if (strcmp(line, want) != 0) {
        fail_msg("wanted \"%s\", got \"%s\"", want, line);
    }
    check_event(s, &ev);
}

static struct eap_trace_event event(enum eap_event_kind kind, int32_t place, int32_t subject,
                                    int32_t object, double value)
{
    return (struct eap_trace_event){.kind = (uint16_t)kind,
                                    .place = (int16_t)place,
                                    .subject = subject,
                                    .object = object,
                                    .value = value};
}

/* The Benghazi scenario and the entities the made events name, by id. */
struct bg {
    struct eap_scenario *s;
    int32_t smc, benina, airport, party, jet, team, convoy;
};

static int32_t found(int32_t i)
{
    assert_true(i >= 0);
    return i;
}

static int bg_setup(void **state)
{
    struct bg *b = calloc(1, sizeof(*b));
    struct eap_scenario *s = b->s = fixture_load_file("benghazi-2012.json", NULL, 0);
    b->smc = found(eap_scenario_find_place(s, "smc"));
    b->benina = found(eap_scenario_find_place(s, "benina"));
    b->airport = found(eap_scenario_find_place(s, "tripoli_airport"));
    b->party = found(eap_scenario_find_party(s, "ambassador_party"));
    b->jet = found(eap_scenario_find_asset(s, "charter_jet"));
    b->team = found(eap_scenario_find_asset(s, "tripoli_team"));
    b->convoy = found(eap_scenario_find_convoy(s, "annex_evac"));
    *state = b;
    return 0;
}

static int bg_teardown(void **state)
{
    struct bg *b = *state;
    eap_scenario_destroy(b->s);
    free(b);
    return 0;
}

static void test_counts_agree_with_their_nouns(void **state)
{
    const struct bg *b = *state;
    const struct eap_scenario *s = b->s;
    const char *p = s->parties[b->party].name, *at = s->places[b->smc].name;
    const char *assault = s->threats[0].name;
    int32_t smc = b->smc, party = b->party;
    expect(s, event(EAP_EV_GUARDS_LEFT, smc, EAP_NONE, EAP_NONE, 1), "The guard at %s walks away",
           at);
    expect(s, event(EAP_EV_GUARDS_LEFT, smc, EAP_NONE, EAP_NONE, 4), "The 4 guards at %s walk away",
           at);
    expect(s, event(EAP_EV_ATTACK_START, smc, 0, EAP_NONE, 1),
           "Attack begins at %s with 1 attacker: %s", at, assault);
    /* A drawn force is rounded; a force the scenario does not give is not mentioned. */
    expect(s, event(EAP_EV_ATTACK_START, smc, 0, EAP_NONE, 18.6),
           "Attack begins at %s with 19 attackers: %s", at, assault);
    expect(s, event(EAP_EV_ATTACK_START, smc, 0, EAP_NONE, 0), "Attack begins at %s: %s", at,
           assault);
    expect(s, event(EAP_EV_CASUALTIES, smc, party, 0, 2), "%s: 2 killed at %s", p, at);
    expect(s, event(EAP_EV_CASUALTIES, EAP_NONE, party, EAP_NONE, 2), "%s: 2 killed on the road",
           p);
    expect(s, event(EAP_EV_DRAW_DOWN, smc, party, EAP_NONE, 1), "%s: 1 leaves %s in a draw-down", p,
           at);
    expect(s, event(EAP_EV_PARTY_AT, smc, party, EAP_NONE, 1), "%s: 1 reaches %s", p, at);
    expect(s, event(EAP_EV_PARTY_AT, smc, party, EAP_NONE, 2), "%s: 2 reach %s", p, at);
    expect(s, event(EAP_EV_BOARDING, b->benina, b->jet, EAP_NONE, 1), "%s boarding 1 person at %s",
           s->assets[b->jet].name, s->places[b->benina].name);
    expect(s, event(EAP_EV_REQUEST, EAP_NONE, 0, 0, 1),
           "Request for support enters the chain (1 asset)");
}

static void test_a_party_that_lost_people_counts_its_survivors(void **state)
{
    const struct bg *b = *state;
    const struct eap_scenario *s = b->s;
    const char *p = s->parties[b->party].name, *at = s->places[b->airport].name;
    assert_int_equal(s->parties[b->party].count, 3);
    expect(s, event(EAP_EV_PARTY_SAFE, b->airport, b->party, EAP_NONE, 3), "%s: all 3 safe at %s",
           p, at);
    expect(s, event(EAP_EV_PARTY_SAFE, b->airport, b->party, EAP_NONE, 2),
           "%s: both survivors safe at %s", p, at);
    expect(s, event(EAP_EV_PARTY_SAFE, b->airport, b->party, EAP_NONE, 1),
           "%s: the only survivor safe at %s", p, at);
}

static void test_every_movement_names_where_it_goes(void **state)
{
    const struct bg *b = *state;
    const struct eap_scenario *s = b->s;
    const char *c = s->convoys[b->convoy].name, *benina = s->places[b->benina].name;
    /* A return flight carries no destination; the lift that took the jet there gives it. */
    expect(s, event(EAP_EV_ASSET_LEFT, b->airport, b->jet, EAP_NONE, 0),
           "%s flying back from %s to %s for more people", s->assets[b->jet].name,
           s->places[b->airport].name, benina);
    /* Short distances keep their tenth; a convoy's position is a kilometre post. */
    expect(s, event(EAP_EV_ESCORT_LEFT, EAP_NONE, b->team, b->convoy, 1500),
           "%s deserted by an escort at km 1.5: %s", c, s->assets[b->team].name);
    expect(s, event(EAP_EV_CONVOY_STOOD_DOWN, b->benina, b->convoy, EAP_NONE, 0),
           "%s stood down at %s: nobody left to carry", c, benina);
}

static void test_hop_names_follow_a_colon(void **state)
{
    const struct bg *b = *state;
    const struct eap_scenario *s = b->s;
    const char *hop = s->chain.hops[0].name;
    expect(s, event(EAP_EV_HOP, EAP_NONE, 0, 0, 9 * EAP_MINUTE), "Request chain step (9 min): %s",
           hop);
    expect(s, event(EAP_EV_HOP, EAP_NONE, 0, 0, 20 * EAP_SECOND),
           "Request chain step (under a minute): %s", hop);
    expect(s, event(EAP_EV_HOP, EAP_NONE, 0, 0, 148 * EAP_MINUTE), "Request chain step (2h28m): %s",
           hop);
    expect(s, event(EAP_EV_REQUEST_LOST, EAP_NONE, 0, 0, 0),
           "Request chain step loses the request: %s", hop);
    expect(s, event(EAP_EV_REQUEST_LOST, EAP_NONE, 0, 0, 1),
           "Request chain step loses the request, which will be sent again: %s", hop);
    expect(s, event(EAP_EV_REQUEST_LOST, EAP_NONE, EAP_NONE, 0, 0),
           "The request for support is never made");
}

int main(void)
{
    const struct CMUnitTest runs[] = {
        cmocka_unit_test(test_benghazi_lines_keep_the_rules),
        cmocka_unit_test(test_tripoli_lines_keep_the_rules),
        cmocka_unit_test(test_a_departure_that_goes_nowhere_is_data_not_a_timeline_line),
    };
    const struct CMUnitTest made[] = {
        cmocka_unit_test(test_counts_agree_with_their_nouns),
        cmocka_unit_test(test_a_party_that_lost_people_counts_its_survivors),
        cmocka_unit_test(test_every_movement_names_where_it_goes),
        cmocka_unit_test(test_hop_names_follow_a_colon),
    };
    return cmocka_run_group_tests_name("runs", runs, NULL, NULL) |
           cmocka_run_group_tests_name("made events", made, bg_setup, bg_teardown);
}
