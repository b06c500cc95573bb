/*
 * The exercise session as a library: the same choices give the same run, byte for byte,
 * however the clock is advanced; a decision changes nothing before its time and takes effect
 * at it; going back and resuming rebuild the run from the record; the session log reads back
 * to the same record and refuses a log of another scenario, version or format, located; the
 * answers file; the objectives' rating rule; and the after-action report's per-option figures
 * against a separate library comparison of the same branches, and its timeline's labels apart
 * on the bundled scenarios. The drill scenario is
 * tests/data/exercise-drill.json (five decisions, twelve injects, five objectives).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/aar.h"
#include "eapsim/exercise.h"
#include "eapsim/study.h"
#include "eapsim/loader.h"

/* A scenario of the source tree (rel: its path under the root), loaded. */
static struct eap_scenario *load_from(const char *rel)
{
    static char path[1024];
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(path, NULL, 0, &diag);
    if (!s) {
        char line[1024];
        eap_error_format(&diag.items[0], line, sizeof(line));
        fail_msg("%s", line);
    }
    eap_diag_finish(&diag);
    return s;
}

static struct eap_scenario *drill(void)
{
    return load_from("tests/data/exercise-drill.json");
}

static struct eap_exercise_session *start(const struct eap_scenario *s, uint64_t seed, bool replay)
{
    struct eap_exercise_setup setup = {.scn = s,
                                       .fingerprint = 42,
                                       .seed = seed,
                                       .replay = replay,
                                       .started = "2024-05-02T09:30:00Z",
                                       .program = "test"};
    struct eap_error err;
    struct eap_exercise_session *x = eap_exercise_start(&setup, &err);
    assert_non_null(x);
    return x;
}

/* Plays a session to its end: options[d] at decision d (EAP_NONE: its default), advancing by
 * `step` at a time (EAP_TIME_MAX: straight on). */
static void play(struct eap_exercise_session *x, const int32_t *options, eap_time step)
{
    const struct eap_scenario *s = eap_exercise_session_record(x)->scn;
    struct eap_error err;
    for (;;) {
        eap_time to = step == EAP_TIME_MAX ? EAP_TIME_MAX : eap_exercise_now(x) + step;
        enum eap_exercise_stop st = eap_exercise_advance(x, to, 1.5, &err);
        assert_int_not_equal(st, EAP_EXERCISE_FAILED);
        if (st == EAP_EXERCISE_ENDED) {
            return;
        }
        int32_t d = eap_exercise_pending(x);
        if (st == EAP_EXERCISE_DECISION) {
            int32_t o =
                options && options[d] != EAP_NONE ? options[d] : s->decisions[d].default_option;
            assert_true(eap_exercise_choose(x, o, EAP_CHOSEN_BY_ANSWERS, NULL, 2.5, &err));
        }
    }
}

static bool same_event(const struct eap_trace_event *a, const struct eap_trace_event *b)
{
    /* Field by field: the struct's padding is not part of the trace. */
    return a->time == b->time && a->kind == b->kind && a->place == b->place &&
           a->subject == b->subject && a->object == b->object &&
           memcmp(&a->value, &b->value, sizeof(double)) == 0 &&
           memcmp(&a->value2, &b->value2, sizeof(double)) == 0;
}

/* Whether the events [from, to) of two traces are the same. */
static bool same_events(const struct eap_trace *a, const struct eap_trace *b, size_t from,
                        size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (!same_event(&a->events[i], &b->events[i])) {
            return false;
        }
    }
    return true;
}

static void assert_same_trace(const struct eap_trace *a, const struct eap_trace *b)
{
    assert_int_equal(a->count, b->count);
    assert_true(same_events(a, b, 0, a->count));
}

static const struct eap_trace *trace_of(const struct eap_exercise_session *x)
{
    return eap_engine_trace(eap_exercise_engine(x));
}

/* Index of the first event of a kind with a subject, or the count. */
static size_t first_event(const struct eap_trace *t, enum eap_event_kind kind, int32_t subject)
{
    for (size_t i = 0; i < t->count; i++) {
        if (t->events[i].kind == kind && t->events[i].subject == subject) {
            return i;
        }
    }
    return t->count;
}

/* --- determinism --- */

static void test_same_choices_give_the_same_trace_however_the_clock_moves(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    int32_t options[5] = {1, 0, 1, 1, 0}; /* jets now, airport road, wait for them, destroy,
                                             keep them */
    for (uint64_t seed = 1; seed <= 20; seed++) {
        struct eap_exercise_session *a = start(s, seed, seed == 1);
        struct eap_exercise_session *b = start(s, seed, seed == 1);
        play(a, options, EAP_TIME_MAX);
        play(b, options, (eap_time)(seed * 37) * EAP_SECOND); /* many small, odd steps */
        assert_same_trace(trace_of(a), trace_of(b));
        const struct eap_exercise_record *ra = eap_exercise_session_record(a);
        const struct eap_exercise_record *rb = eap_exercise_session_record(b);
        assert_int_equal(ra->choice_count, rb->choice_count);
        assert_int_equal(ra->shown_count, rb->shown_count);
        for (size_t i = 0; i < ra->shown_count; i++) {
            assert_int_equal(ra->shown[i].inject, rb->shown[i].inject);
            assert_int_equal(ra->shown[i].at, rb->shown[i].at);
        }
        eap_exercise_destroy(a);
        eap_exercise_destroy(b);
    }
    eap_scenario_destroy(s);
}

/* Every option of every decision: the run up to the decision is the same whatever is chosen,
 * the choice is taken at the instant the decision fell due, and some option changes what
 * comes after. */
static void test_a_decision_changes_nothing_before_its_time(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    int32_t air = eap_scenario_find_decision(s, "request_air");
    for (size_t d = 0; d < s->decision_count; d++) {
        bool differs = false;
        struct eap_exercise_session *base = NULL;
        for (size_t o = 0; o < s->decisions[d].option_count; o++) {
            int32_t options[5] = {EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE};
            options[air] = 1; /* the jets come, so every decision is reached */
            options[d] = (int32_t)o;
            struct eap_exercise_session *x = start(s, 3, false);
            play(x, options, EAP_TIME_MAX);
            const struct eap_trace *t = trace_of(x);
            size_t due = first_event(t, EAP_EV_DECISION, (int32_t)d);
            assert_true(due < t->count);
            size_t decided = first_event(t, EAP_EV_DECIDED, (int32_t)d);
            assert_int_equal(t->events[decided].time, t->events[due].time);
            assert_int_equal(t->events[decided].object, (int64_t)o);
            if (!base) {
                base = x;
                continue;
            }
            const struct eap_trace *bt = trace_of(base);
            assert_true(same_events(t, bt, 0, due + 1));
            differs |= t->count != bt->count || !same_events(t, bt, decided + 1, t->count);
            eap_exercise_destroy(x);
        }
        assert_true(differs);
        eap_exercise_destroy(base);
    }
    eap_scenario_destroy(s);
}

static void test_at_time_injects_stop_the_clock_at_their_time(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_exercise_session *x = start(s, 1, true);
    struct eap_error err;
    /* Inject 1 is at T+25m: the clock stops there exactly, on the way to T+2h. */
    assert_int_equal(eap_exercise_advance(x, 2 * EAP_HOUR, 3.0, &err), EAP_EXERCISE_INJECTS);
    assert_int_equal(eap_exercise_now(x), 25 * EAP_MINUTE);
    size_t first, n = eap_exercise_new_injects(x, &first);
    const struct eap_exercise_record *r = eap_exercise_session_record(x);
    assert_int_equal(n, 1);
    assert_int_equal(s->injects[r->shown[first].inject].number, 1);
    assert_true(r->shown[first].wall == 3.0);
    /* Inject 2 follows the attack at T+30m: seen within a step, at its own time. */
    assert_int_equal(eap_exercise_advance(x, 2 * EAP_HOUR, 4.0, &err), EAP_EXERCISE_INJECTS);
    n = eap_exercise_new_injects(x, &first);
    assert_int_equal(s->injects[r->shown[first].inject].number, 2);
    assert_int_equal(r->shown[first].at, 30 * EAP_MINUTE);
    assert_true(eap_exercise_now(x) - 30 * EAP_MINUTE <= EAP_EXERCISE_STEP);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* --- going back --- */

static void test_back_reopens_the_previous_decision_and_rebuilds_the_run(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_error err;
    struct eap_exercise_session *x = start(s, 5, false);
    assert_false(eap_exercise_back(x, &err)); /* nothing chosen yet */
    while (eap_exercise_advance(x, EAP_TIME_MAX, 0, &err) != EAP_EXERCISE_DECISION) {
    }
    int32_t first = eap_exercise_pending(x);
    eap_time at = eap_exercise_now(x);
    size_t events = trace_of(x)->count;
    assert_true(eap_exercise_choose(x, 0, EAP_CHOSEN_BY_PLAYERS, "RSO", 10, &err));
    assert_true(eap_exercise_observe(x, "kept", true, 11, &err));
    while (eap_exercise_advance(x, EAP_TIME_MAX, 20, &err) != EAP_EXERCISE_DECISION) {
    }
    assert_true(eap_exercise_back(x, &err));
    assert_int_equal(eap_exercise_pending(x), first);
    assert_int_equal(eap_exercise_now(x), at);
    assert_int_equal(trace_of(x)->count, events);
    const struct eap_exercise_record *r = eap_exercise_session_record(x);
    assert_int_equal(r->choice_count, 0);
    assert_int_equal(r->observation_count, 1); /* the facilitator's notes stay */
    /* Decided otherwise, the run is the one a fresh session with that choice gives. */
    int32_t options[5] = {EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE};
    options[first] = 2;
    assert_true(eap_exercise_choose(x, 2, EAP_CHOSEN_BY_PLAYERS, NULL, 30, &err));
    play(x, options, EAP_TIME_MAX);
    struct eap_exercise_session *fresh = start(s, 5, false);
    play(fresh, options, EAP_TIME_MAX);
    assert_same_trace(trace_of(x), trace_of(fresh));
    eap_exercise_destroy(fresh);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* --- the log --- */

/* A session part-way: two choices, an observation, stopped a while after the second. */
static struct eap_exercise_session *halfway(const struct eap_scenario *s)
{
    struct eap_exercise_session *x = start(s, 9, false);
    struct eap_error err;
    for (int k = 0; k < 2; k++) {
        while (eap_exercise_advance(x, EAP_TIME_MAX, 5.0 * k, &err) != EAP_EXERCISE_DECISION) {
        }
        assert_true(
            eap_exercise_choose(x, 1, EAP_CHOSEN_BY_PLAYERS, "Ambassador \"A\"", 7.25 * k, &err));
    }
    assert_true(
        eap_exercise_observe(x, "Slow to call the ops centre; \u00e9t\u00e9", true, 9.5, &err));
    eap_exercise_advance(x, eap_exercise_now(x) + 10 * EAP_MINUTE, 12.0, &err);
    eap_exercise_mark(x, 13.125);
    return x;
}

static struct eap_exercise_log *parse(const char *text, struct eap_error *err)
{
    return eap_exercise_log_parse("session.json", text, strlen(text), err);
}

static void test_log_reads_back_to_the_same_record_and_text(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_exercise_session *x = halfway(s);
    const struct eap_exercise_record *r = eap_exercise_session_record(x);
    char *text = eap_exercise_log_text(r);
    assert_non_null(text);
    struct eap_error err;
    struct eap_exercise_log *log = parse(text, &err);
    assert_non_null(log);
    struct eap_exercise_record back;
    assert_true(eap_exercise_log_record(log, s, 42, &back, &err));
    assert_int_equal(back.choice_count, r->choice_count);
    assert_int_equal(back.shown_count, r->shown_count);
    assert_string_equal(back.choices[0].who, "Ambassador \"A\"");
    assert_true(back.observations[0].flagged);
    assert_true(back.wall_ended == 13.125);
    assert_int_equal(back.ended, r->ended);
    assert_false(back.finished);
    char *again = eap_exercise_log_text(&back);
    assert_string_equal(text, again);
    free(again);
    free(text);
    eap_exercise_record_finish(&back);
    eap_exercise_log_destroy(log);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* text with the first `from` replaced by `to`. */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t pre = (size_t)(at - text);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    memcpy(out, text, pre);
    strcpy(out + pre, to);
    strcat(out, at + strlen(from));
    return out;
}

/* The 1-based line and column of the first `marker` in text. */
static void where(const char *text, const char *marker, int *line, int *col)
{
    const char *at = strstr(text, marker);
    assert_non_null(at);
    *line = 1;
    *col = 1;
    for (const char *p = text; p < at; p++) {
        *line += *p == '\n';
        *col = *p == '\n' ? 1 : *col + 1;
    }
}

/* Reading the edited log fails with a message holding `says`, located at `marker`. */
static void assert_refused(const struct eap_scenario *s, const char *text, const char *from,
                           const char *to, const char *marker, const char *says)
{
    char *bad = edit(text, from, to);
    struct eap_error err;
    struct eap_exercise_log *log = parse(bad, &err);
    struct eap_exercise_record rec;
    if (log) {
        assert_false(eap_exercise_log_record(log, s, 42, &rec, &err));
    }
    if (!strstr(err.msg, says)) {
        fail_msg("expected \"%s\", got \"%s\"", says, err.msg);
    }
    int line, col;
    where(bad, marker, &line, &col);
    assert_string_equal(err.file, "session.json");
    if (err.line != line || err.col != col) {
        fail_msg("\"%s\": at %d:%d, expected %d:%d", says, err.line, err.col, line, col);
    }
    assert_int_equal(err.code, EAP_EINPUT);
    eap_exercise_log_destroy(log);
    free(bad);
}

static void test_log_of_another_scenario_version_or_format_is_refused_located(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_exercise_session *x = halfway(s);
    char *text = eap_exercise_log_text(eap_exercise_session_record(x));
    assert_refused(s, text, "\"id\": \"drill\"", "\"id\": \"tripoli-2014\"", "\"tripoli-2014\"",
                   "this log is of scenario \"tripoli-2014\", not of \"drill\"");
    assert_refused(s, text, "\"fingerprint\": \"000000000000002a\"",
                   "\"fingerprint\": \"000000000000002b\"", "\"000000000000002b\"",
                   "another version of scenario \"drill\"");
    assert_refused(s, text, "\"version\": 1", "\"version\": 2", "2,",
                   "expected a log of format version 1");
    assert_refused(s, text, "\"choice\": \"request\"", "\"choice\": \"requets\"", "\"requets\"",
                   "expected an option of decision \"request_air\"");
    assert_refused(s, text, "\"by\": \"players\"", "\"by\": \"nobody\"", "\"nobody\"",
                   "expected \"players\"");
    assert_refused(s, text, "\"seed\": 9", "\"seed\": -9", "-9", "\"seed\": a whole number");
    assert_refused(s, text, "\"format\": \"eapsim exercise log\"", "\"format\": \"x\"", "\"x\"",
                   "expected \"eapsim exercise log\"");
    assert_refused(s, text, "\"finished\": false", "\"finished\": flase", "flase",
                   "not well-formed JSON");
    free(text);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* --- resuming --- */

static void test_resumed_session_ends_as_the_uninterrupted_one(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    /* halfway() takes option 1 at the first two decisions: the air cover (request_air) and
     * the destruction (destroy, at T+50m); then the convoy waits for the jets (depart). */
    int32_t options[5] = {1, EAP_NONE, 1, 1, EAP_NONE};
    struct eap_exercise_session *whole = start(s, 9, false);
    play(whole, options, EAP_TIME_MAX);
    struct eap_exercise_session *x = halfway(s);
    char *text = eap_exercise_log_text(eap_exercise_session_record(x));
    struct eap_error err;
    struct eap_exercise_log *log = parse(text, &err);
    struct eap_exercise_record rec;
    assert_true(eap_exercise_log_record(log, s, 42, &rec, &err));
    struct eap_exercise_session *resumed = eap_exercise_resume(&rec, &err);
    assert_non_null(resumed);
    assert_int_equal(eap_exercise_now(resumed), eap_exercise_now(x));
    assert_same_trace(trace_of(resumed), trace_of(x));
    play(resumed, options, 7 * EAP_MINUTE);
    assert_same_trace(trace_of(resumed), trace_of(whole));
    /* A record edited to take another option than the run allows there is refused. */
    rec.choices[1].at += EAP_MINUTE;
    assert_null(eap_exercise_resume(&rec, &err));
    assert_non_null(strstr(err.msg, "does not fit the run"));
    eap_exercise_destroy(resumed);
    eap_exercise_record_finish(&rec);
    eap_exercise_log_destroy(log);
    free(text);
    eap_exercise_destroy(x);
    eap_exercise_destroy(whole);
    eap_scenario_destroy(s);
}

/* --- answers --- */

/* Parses text; the first problem (if any) into err, and how many there were. */
static bool answers(const struct eap_scenario *s, const char *text, struct eap_exercise_answers *a,
                    struct eap_error *err)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    bool ok = eap_exercise_answers_parse("answers.txt", text, strlen(text), s, a, &diag);
    assert_true(ok == (diag.count == 0));
    eap_error_clear(err);
    if (diag.count > 0) {
        *err = diag.items[0];
    }
    eap_diag_finish(&diag);
    return ok;
}

/* Checks a against the fresh run; the problems into diag (initialised here). */
static bool check(const struct eap_exercise_answers *a, const struct eap_exercise_record *fresh,
                  struct eap_diag *diag)
{
    eap_diag_init(diag);
    bool ok = eap_exercise_answers_check(a, fresh, diag);
    assert_true(ok == (diag->count == 0));
    return ok;
}

static void test_answers_file_reads_choices_and_locates_mistakes(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_exercise_answers a;
    struct eap_error err;
    assert_true(
        answers(s, "# rehearsal\n\n  request_air\tmoa  # the MOA\r\nroute coast\n", &a, &err));
    assert_int_equal(a.option[eap_scenario_find_decision(s, "request_air")], 2);
    assert_int_equal(a.option[eap_scenario_find_decision(s, "route")], 1);
    assert_int_equal(a.option[eap_scenario_find_decision(s, "destroy")], EAP_NONE);
    assert_int_equal(a.line[eap_scenario_find_decision(s, "route")], 4);
    eap_exercise_answers_finish(&a);
    static const struct {
        const char *text, *says;
        int line, col;
    } bad[] = {
        {"depart now\nrequest_ari hold\n", "found \"request_ari\"; did you mean \"request_air\"", 2,
         1},
        {"depart  nwo\n",
         "expected an option of decision \"depart\" (\"now\", \"wait_air\"), "
         "found \"nwo\"; did you mean \"now\"",
         1, 9},
        {"depart\n", "expected an option of decision \"depart\"", 1, 7},
        {"depart now later\n", "expected the end of the line after the option", 1, 12},
        {"depart now\n\ndepart wait_air\n",
         "decision \"depart\" is answered twice (first on line 1)", 3, 1},
        {"\u00e9t\u00e9 x\n", "expected the id of a decision point", 1, 1},
        {"depart now\x01\n", "expected text, found the byte 0x01", 1, 11},
        {"depart \xff\n", "expected text, found the byte 0xFF", 1, 8},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(answers(s, bad[i].text, &a, &err));
        if (!strstr(err.msg, bad[i].says)) {
            fail_msg("case %zu: expected \"%s\", got \"%s\"", i, bad[i].says, err.msg);
        }
        assert_string_equal(err.file, "answers.txt");
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(err.col, bad[i].col);
    }
    /* Every mistake of a file, in its order, each at its place; a good line between them
     * is read all the same. */
    struct eap_diag diag;
    eap_diag_init(&diag);
    const char *text = "depart  nwo\nroute coast\nrequest_ari hold\ndepart \xff\n"
                       "destroy no later\n";
    assert_false(eap_exercise_answers_parse("answers.txt", text, strlen(text), s, &a, &diag));
    static const struct {
        const char *says;
        int line, col;
    } all[] = {{"found \"nwo\"", 1, 9},
               {"found \"request_ari\"", 3, 1},
               {"expected text, found the byte 0xFF", 4, 8},
               {"expected the end of the line after the option", 5, 12}};
    assert_int_equal(diag.count, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_non_null(strstr(diag.items[i].msg, all[i].says));
        assert_int_equal(diag.items[i].line, all[i].line);
        assert_int_equal(diag.items[i].col, all[i].col);
    }
    eap_diag_finish(&diag);
    eap_scenario_destroy(s);
}

static void test_an_answer_the_run_never_reaches_is_refused_at_its_line(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    struct eap_exercise_answers a;
    struct eap_error err;
    struct eap_exercise_session *x = start(s, 1, true);
    const struct eap_exercise_record *fresh = eap_exercise_session_record(x);
    struct eap_diag diag;
    /* Without air cover the jets never come, so "jets_over" never falls due. */
    assert_true(answers(s, "request_air hold\n# then\n  jets_over release\n", &a, &err));
    assert_false(check(&a, fresh, &diag));
    assert_int_equal(diag.count, 1);
    assert_non_null(strstr(diag.items[0].msg, "decision \"jets_over\" is never reached"));
    assert_int_equal(diag.items[0].line, 3);
    assert_int_equal(diag.items[0].col, 3);
    eap_diag_finish(&diag);
    eap_exercise_answers_finish(&a);
    /* By the coast road the airport road's convoy never forms: "depart" never falls due; nor
     * "jets_over" without air cover. Both are refused, in the file's order. */
    assert_true(
        answers(s, "jets_over release\nroute coast\nrequest_air hold\ndepart now\n", &a, &err));
    assert_false(check(&a, fresh, &diag));
    assert_int_equal(diag.count, 2);
    assert_non_null(strstr(diag.items[0].msg, "decision \"jets_over\""));
    assert_int_equal(diag.items[0].line, 1);
    assert_non_null(strstr(diag.items[1].msg, "decision \"depart\""));
    assert_int_equal(diag.items[1].line, 4);
    eap_diag_finish(&diag);
    eap_exercise_answers_finish(&a);
    assert_true(answers(s, "request_air request\njets_over release\n", &a, &err));
    assert_true(check(&a, fresh, &diag));
    eap_diag_finish(&diag);
    eap_exercise_answers_finish(&a);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* --- ratings --- */

static void test_objectives_are_rated_by_the_rule(void **state)
{
    (void)state;
    struct eap_objective most = {.kind = EAP_TARGET_AT_MOST, .target = 60 * EAP_MINUTE};
    assert_int_equal(eap_exercise_rate(&most, 60 * EAP_MINUTE), EAP_RATING_P);
    assert_int_equal(eap_exercise_rate(&most, 75 * EAP_MINUTE), EAP_RATING_S); /* 25% late */
    assert_int_equal(eap_exercise_rate(&most, 75 * EAP_MINUTE + 1), EAP_RATING_M);
    assert_int_equal(eap_exercise_rate(&most, EAP_METRIC_MISSING), EAP_RATING_U);
    struct eap_objective least = {.kind = EAP_TARGET_AT_LEAST, .target = 8};
    assert_int_equal(eap_exercise_rate(&least, 6), EAP_RATING_S);
    assert_int_equal(eap_exercise_rate(&least, 5), EAP_RATING_M);
    struct eap_objective zero = {.kind = EAP_TARGET_AT_MOST, .target = 0};
    assert_int_equal(eap_exercise_rate(&zero, 1), EAP_RATING_M); /* no slack around zero */
    struct eap_objective no = {.kind = EAP_TARGET_IS, .target = 0};
    assert_int_equal(eap_exercise_rate(&no, 0), EAP_RATING_P);
    assert_int_equal(eap_exercise_rate(&no, 1), EAP_RATING_U);
    assert_int_equal(eap_exercise_rating_letter(EAP_RATING_S), 'S');
    assert_string_equal(eap_exercise_rating_name(EAP_RATING_U), "Unable to be Performed");
}

/* --- the after-action report's numbers --- */

/* The branch point built here by hand, as a reader of engine.h would: the record's run
 * replayed, its choices taken where their decisions fall due, stopped at choice k's. */
static struct eap_engine *branch_by_hand(const struct eap_exercise_record *r, size_t k)
{
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(r->scn, &err);
    struct eap_engine_options opt = {.replay = r->replay, .interactive = true, .track = true};
    eap_engine_reset(e, r->seed, r->replication, &opt);
    for (size_t i = 0;; i++) {
        assert_int_equal(eap_engine_run_until(e, EAP_TIME_MAX, &err), EAP_RUN_DECISION);
        assert_int_equal(eap_engine_pending_decision(e), r->choices[i].decision);
        if (i == k) {
            return e;
        }
        assert_true(eap_engine_decide(e, r->choices[i].decision, r->choices[i].option, &err));
    }
}

static void assert_same_summary(const struct eap_metric_summary *a,
                                const struct eap_metric_summary *b)
{
    assert_memory_equal(&a->mean, &b->mean, sizeof(double));
    assert_memory_equal(&a->ci_lo, &b->ci_lo, sizeof(double));
    assert_memory_equal(&a->ci_hi, &b->ci_hi, sizeof(double));
    assert_memory_equal(&a->p, &b->p, sizeof(double));
    assert_int_equal(a->count, b->count);
    assert_int_equal(a->missing, b->missing);
}

/* Runs meeting each objective's target, counted here from every replication's values. */
struct met {
    const struct eap_scenario *scn;
    uint64_t a[8], b[8];
};

static void count_met(void *ctx, uint64_t replication, const int64_t *values,
                      const int64_t *vs_values)
{
    (void)replication;
    struct met *m = ctx;
    for (size_t k = 0; k < m->scn->objective_count; k++) {
        const struct eap_objective *o = &m->scn->objectives[k];
        int64_t a = values[o->metric], b = vs_values[o->metric];
        bool missing_a = a == EAP_METRIC_MISSING, missing_b = b == EAP_METRIC_MISSING;
        m->a[k] += !missing_a && (o->kind == EAP_TARGET_AT_MOST    ? a <= o->target
                                  : o->kind == EAP_TARGET_AT_LEAST ? a >= o->target
                                                                   : a == o->target);
        m->b[k] += !missing_b && (o->kind == EAP_TARGET_AT_MOST    ? b <= o->target
                                  : o->kind == EAP_TARGET_AT_LEAST ? b >= o->target
                                                                   : b == o->target);
    }
}

static void test_aar_figures_equal_a_separate_comparison_of_the_same_branches(void **state)
{
    (void)state;
    struct eap_scenario *s = drill();
    int32_t options[5] = {2, 0, 1, 1, 0};
    struct eap_exercise_session *x = start(s, 4, false);
    play(x, options, EAP_TIME_MAX);
    const struct eap_exercise_record *r = eap_exercise_session_record(x);
    assert_int_equal(r->choice_count, 5);
    struct eap_batch_spec tmpl = {.seed = 17, .count = 300, .threads = 2};
    struct eap_exercise_aar aar;
    struct eap_error err;
    assert_true(eap_exercise_aar(r, &tmpl, &aar, &err));
    assert_true(aar.complete);
    assert_int_equal(aar.decision_count, 5);
    for (size_t k = 0; k < aar.decision_count; k++) {
        const struct eap_exercise_aar_decision *dd = &aar.decisions[k];
        const struct eap_decision *dp = &s->decisions[dd->decision];
        struct eap_engine *from = branch_by_hand(r, k);
        int32_t a_choices[5] = {EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE};
        int32_t b_choices[5] = {EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE, EAP_NONE};
        a_choices[dd->decision] = r->choices[k].option;
        for (size_t o = 0; o < dp->option_count; o++) {
            if ((int32_t)o == r->choices[k].option) {
                assert_true(dd->options[o].chosen);
                continue;
            }
            b_choices[dd->decision] = (int32_t)o;
            struct met met = {s, {0}, {0}};
            struct eap_batch_spec spec = {.seed = 17,
                                          .count = 300,
                                          .threads = 1,
                                          .choices = a_choices,
                                          .vs_choices = b_choices,
                                          .on_row = count_met,
                                          .row_ctx = &met};
            struct eap_study_side side = {s, NULL, from};
            struct eap_batch_stats st;
            assert_true(eap_study_compare(&spec, &side, &side, &st, &err));
            for (size_t j = 0; j < s->objective_count; j++) {
                const struct eap_exercise_aar_option *chosen = &dd->options[r->choices[k].option];
                assert_true(chosen->met[j] == (double)met.a[j] / 300);
                assert_true(dd->options[o].met[j] == (double)met.b[j] / 300);
                int32_t m = s->objectives[j].metric;
                struct eap_metric_summary a, b, diff;
                eap_metric_summarise(&s->metrics[m], &st.a[m], &a);
                eap_metric_summarise(&s->metrics[m], &st.b[m], &b);
                eap_metric_summarise_diff(&s->metrics[m], &st.diff[m], &diff);
                assert_same_summary(&dd->options[r->choices[k].option].summary[j], &a);
                assert_same_summary(&dd->options[o].summary[j], &b);
                assert_same_summary(&dd->options[o].diff[j], &diff);
            }
            eap_batch_stats_finish(&st);
        }
        eap_engine_destroy(from);
    }
    eap_exercise_aar_finish(&aar);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

/* --- the after-action report's timeline --- */

/* The labels of the timeline's marks (font-size 10, centred) as boxes, from the page's SVG:
 * widths estimated at 0.7 em a character, more than DejaVu Sans takes, so that boxes that do
 * not overlap here do not on the page. Returns how many, at most max. */
struct box {
    double x0, y0, x1, y1;
    char text[16];
};

static size_t label_boxes(const char *page, struct box *out, size_t max)
{
    static const char tag[] = "text-anchor=\"middle\" font-size=\"10\">";
    const char *svg = strstr(page, "<svg"), *end = svg ? strstr(svg, "</svg>") : NULL;
    assert_non_null(end);
    size_t n = 0;
    for (const char *p = svg; (p = strstr(p, "<text x=\"")) && p < end && n < max; p++) {
        double x, y;
        int used = 0;
        if (sscanf(p, "<text x=\"%lf\" y=\"%lf\" %n", &x, &y, &used) != 2 ||
            strncmp(p + used, tag, sizeof(tag) - 1) != 0) {
            continue;
        }
        const char *t = p + used + sizeof(tag) - 1;
        size_t len = strcspn(t, "<");
        struct box *b = &out[n++];
        double w = 0.7 * 10 * (double)len;
        *b = (struct box){x - w / 2, y - 8, x + w / 2, y + 2, ""};
        snprintf(b->text, sizeof(b->text), "%.*s", (int)len, t);
    }
    return n;
}

/* The bundled scenario, played with every decision at its default, and its report's
 * timeline: no two labels of marks (milestones, injects, decisions) overlap, however close
 * their marks (Benghazi's first nine injects fall within twelve minutes of a 36-hour axis). */
static void timeline_labels_apart(const char *name, size_t at_least)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "scenarios/%s", name);
    struct eap_scenario *s = load_from(rel);
    struct eap_exercise_session *x = start(s, 1, true);
    play(x, NULL, EAP_TIME_MAX);
    struct eap_batch_spec tmpl = {.seed = 1, .count = 8, .threads = 2};
    struct eap_exercise_aar aar;
    struct eap_error err;
    assert_true(eap_exercise_aar(eap_exercise_session_record(x), &tmpl, &aar, &err));
    char *page = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&page, &size);
    assert_non_null(f);
    assert_true(eap_aar_html(f, &aar, NULL, &err));
    assert_int_equal(fclose(f), 0);
    static struct box boxes[512];
    size_t n = label_boxes(page, boxes, 512);
    assert_true(n >= at_least);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            const struct box *a = &boxes[i], *b = &boxes[j];
            if (a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1) {
                fail_msg("%s: label \"%s\" at (%.1f, %.1f) overlaps \"%s\" at (%.1f, %.1f)", name,
                         a->text, (a->x0 + a->x1) / 2, a->y1 - 2, b->text, (b->x0 + b->x1) / 2,
                         b->y1 - 2);
            }
        }
    }
    free(page);
    eap_exercise_aar_finish(&aar);
    eap_exercise_destroy(x);
    eap_scenario_destroy(s);
}

static void test_aar_timeline_labels_do_not_overlap(void **state)
{
    (void)state;
    timeline_labels_apart("benghazi-2012.json", 60);
    timeline_labels_apart("tripoli-2014.json", 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_choices_give_the_same_trace_however_the_clock_moves),
        cmocka_unit_test(test_a_decision_changes_nothing_before_its_time),
        cmocka_unit_test(test_at_time_injects_stop_the_clock_at_their_time),
        cmocka_unit_test(test_back_reopens_the_previous_decision_and_rebuilds_the_run),
        cmocka_unit_test(test_log_reads_back_to_the_same_record_and_text),
        cmocka_unit_test(test_log_of_another_scenario_version_or_format_is_refused_located),
        cmocka_unit_test(test_resumed_session_ends_as_the_uninterrupted_one),
        cmocka_unit_test(test_answers_file_reads_choices_and_locates_mistakes),
        cmocka_unit_test(test_an_answer_the_run_never_reaches_is_refused_at_its_line),
        cmocka_unit_test(test_objectives_are_rated_by_the_rule),
        cmocka_unit_test(test_aar_figures_equal_a_separate_comparison_of_the_same_branches),
        cmocka_unit_test(test_aar_timeline_labels_do_not_overlap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
