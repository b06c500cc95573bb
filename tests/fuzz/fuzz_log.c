/*
 * libFuzzer harness for the session log reader of eapsim exercise (--resume, --replay-log), on
 * the drill scenario of the tests (tests/data/exercise-drill.json). The input is the log's
 * text, read as the command reads it: parsed, the scenario loaded with the log's overrides,
 * its fingerprint taken, and the log matched with it. A refusal must say why and where; an
 * accepted log must write back to text that reads again to the same text (a round trip); its
 * record must rebuild the session (eap_exercise_resume) or be refused as not fitting the run;
 * a rebuilt session must play to its end and give an after-action report (two runs per
 * option) that the Markdown and HTML writers write. Build and run: docs/robustness.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/aar.h"
#include "eapsim/exercise.h"
#include "eapsim/loader.h"
#include "eapsim/study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef FUZZ_EXERCISE_SCENARIO
#error "meson defines FUZZ_EXERCISE_SCENARIO, the path of tests/data/exercise-drill.json"
#endif

#define MAX_SETS 8

/* A refusal of the log says why and where. */
static void check_refusal(const struct eap_error *err)
{
    if (err->msg[0] == '\0' || (err->code == EAP_EINPUT && err->line < 1)) {
        abort();
    }
}

/* The drill loaded with the log's overrides, as the command does; NULL when they do not
 * apply (the loader's refusal is its own harness's business). */
static struct eap_scenario *load(const struct eap_exercise_log *log, uint64_t *fingerprint)
{
    size_t n;
    const char *const *ovr = eap_exercise_log_overrides(log, &n);
    struct eap_override o[MAX_SETS];
    char buf[MAX_SETS][512];
    struct eap_error err;
    if (n > MAX_SETS) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!eap_override_split(ovr[i], buf[i], sizeof(buf[i]), &o[i], &err)) {
            return NULL;
        }
        o[i].origin = ovr[i];
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(FUZZ_EXERCISE_SCENARIO, o, n, &diag);
    eap_diag_finish(&diag);
    *fingerprint = eap_study_fingerprint(FUZZ_EXERCISE_SCENARIO, o, n, NULL, 0);
    return s;
}

/* The record writes back to text that reads back to the same text. */
static void check_round_trip(const struct eap_exercise_record *r, uint64_t fp)
{
    char *once = eap_exercise_log_text(r);
    struct eap_error err;
    struct eap_exercise_log *log =
        once ? eap_exercise_log_parse("again", once, strlen(once), &err) : NULL;
    struct eap_exercise_record again;
    if (!log || !eap_exercise_log_record(log, r->scn, fp, &again, &err)) {
        abort();
    }
    char *twice = eap_exercise_log_text(&again);
    if (!twice || strcmp(once, twice) != 0) {
        abort();
    }
    free(once);
    free(twice);
    eap_exercise_record_finish(&again);
    eap_exercise_log_destroy(log);
}

/* A record that fits the run: resumed, played to the end, reported. */
static void check_session(const struct eap_exercise_record *r)
{
    struct eap_error err;
    struct eap_exercise_session *x = eap_exercise_resume(r, &err);
    if (!x) {
        /* A record that does not fit the run: refused with a reason (the command prints it
         * after the log's name). */
        if (err.code != EAP_EINPUT || err.msg[0] == '\0') {
            abort();
        }
        return;
    }
    enum eap_exercise_stop st;
    while ((st = eap_exercise_advance(x, EAP_TIME_MAX, 0, &err)) != EAP_EXERCISE_ENDED) {
        if (st == EAP_EXERCISE_FAILED ||
            (st == EAP_EXERCISE_DECISION &&
             !eap_exercise_choose(x, 0, EAP_CHOSEN_BY_PLAYERS, NULL, 0, &err))) {
            abort();
        }
    }
    struct eap_batch_spec tmpl = {.seed = 1, .count = 2, .threads = 1};
    struct eap_exercise_aar aar;
    if (!eap_exercise_aar(eap_exercise_session_record(x), &tmpl, &aar, &err)) {
        abort();
    }
    FILE *sink = fopen("/dev/null", "w");
    if (!sink || !eap_aar_markdown(sink, &aar, NULL, &err) ||
        !eap_aar_html(sink, &aar, NULL, &err)) {
        abort();
    }
    fclose(sink);
    eap_exercise_aar_finish(&aar);
    eap_exercise_destroy(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct eap_error err;
    struct eap_exercise_log *log =
        eap_exercise_log_parse("log.json", (const char *)data, size, &err);
    if (!log) {
        check_refusal(&err);
        return 0;
    }
    uint64_t fp = 0;
    struct eap_scenario *s = load(log, &fp);
    struct eap_exercise_record r;
    if (s && eap_exercise_log_record(log, s, fp, &r, &err)) {
        check_round_trip(&r, fp);
        check_session(&r);
        eap_exercise_record_finish(&r);
    } else if (s) {
        check_refusal(&err);
    }
    eap_scenario_destroy(s);
    eap_exercise_log_destroy(log);
    return 0;
}
