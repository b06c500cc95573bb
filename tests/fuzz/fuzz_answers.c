/*
 * libFuzzer harness for the answers file of eapsim exercise (eap_exercise_answers_parse), on
 * the drill scenario of the tests (tests/data/exercise-drill.json, five decisions). The input
 * is the file's text. A refusal must say why and where, each of its problems (the file's name,
 * a line and a column inside the text); accepted answers must name options of their decisions with
 * the place each was written, and playing them to the end of the run (eap_exercise_answers_check,
 * as the command does before a session) must succeed or refuse, located, an answer the run never
 * reaches. Build and run: docs/robustness.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/exercise.h"
#include "eapsim/loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef FUZZ_EXERCISE_SCENARIO
#error "meson defines FUZZ_EXERCISE_SCENARIO, the path of tests/data/exercise-drill.json"
#endif

static const struct eap_scenario *drill(void)
{
    static struct eap_scenario *s;
    if (!s) {
        struct eap_diag diag;
        eap_diag_init(&diag);
        s = eap_scenario_load(FUZZ_EXERCISE_SCENARIO, NULL, 0, &diag);
        eap_diag_finish(&diag);
        if (!s) {
            fprintf(stderr, "fuzz_answers: %s does not load\n", FUZZ_EXERCISE_SCENARIO);
            exit(2);
        }
    }
    return s;
}

/* Lines in the text: a located message may point at most one past the last. */
static int lines(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++) {
        n += data[i] == '\n';
    }
    return n;
}

/* A refusal says why and where, every problem of it; then the list is emptied. */
static void check_refusal(struct eap_diag *diag, int max_line)
{
    if (diag->count == 0) {
        abort();
    }
    for (size_t i = 0; i < diag->count; i++) {
        const struct eap_error *err = &diag->items[i];
        if (err->msg[0] == '\0' || strcmp(err->file, "answers.txt") != 0 || err->line < 1 ||
            err->line > max_line || err->col < 1) {
            abort();
        }
    }
    eap_diag_finish(diag);
}

static void check_answers(const struct eap_scenario *s, const struct eap_exercise_answers *a,
                          int max_line)
{
    for (size_t d = 0; d < s->decision_count; d++) {
        if (a->option[d] == EAP_NONE) {
            continue;
        }
        if ((size_t)a->option[d] >= s->decisions[d].option_count || a->line[d] < 1 ||
            a->line[d] > max_line || a->col[d] < 1) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct eap_scenario *s = drill();
    struct eap_exercise_answers a;
    struct eap_error err;
    struct eap_diag diag;
    eap_diag_init(&diag);
    int max_line = lines(data, size);
    if (!eap_exercise_answers_parse("answers.txt", (const char *)data, size, s, &a, &diag)) {
        check_refusal(&diag, max_line);
        return 0;
    }
    check_answers(s, &a, max_line);
    struct eap_exercise_setup setup = {.scn = s, .seed = 3};
    struct eap_exercise_session *x = eap_exercise_start(&setup, &err);
    if (!x) {
        abort();
    }
    if (!eap_exercise_answers_check(&a, eap_exercise_session_record(x), &diag)) {
        check_refusal(&diag, max_line);
    }
    if (diag.count > 0) {
        abort(); /* a problem added to an answer that passed */
    }
    eap_exercise_destroy(x);
    eap_exercise_answers_finish(&a);
    return 0;
}
