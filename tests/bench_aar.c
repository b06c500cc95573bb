/* bench_aar SCENARIO ANSWERS RUNS THREADS LIMIT_SECONDS: the after-action report's paired
 * batches, as eapsim exercise --aar runs them at the end of a session. The session is played
 * with the answers (one "DECISION OPTION" a line; the default where they say nothing), then
 * every option of every decision it took is run RUNS times on THREADS threads. Prints the
 * decisions, the runs, the time, and exits 1 when it took longer than LIMIT_SECONDS (the
 * target: 1,000 runs x every option of every decision of a scenario with three or more
 * decisions within 5 s on 2 cores). Last line: "aar_seconds S". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eapsim/exercise.h"
#include "eapsim/loader.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *t = f ? malloc(1 << 20) : NULL;
    *len = t ? fread(t, 1, (1 << 20) - 1, f) : 0;
    if (f) {
        fclose(f);
    }
    return t;
}

/* The session played to its end with the answers. */
static struct eap_exercise_session *play(const struct eap_scenario *s,
                                         const struct eap_exercise_answers *a)
{
    struct eap_exercise_setup setup = {.scn = s, .seed = 1};
    struct eap_error err;
    struct eap_exercise_session *x = eap_exercise_start(&setup, &err);
    for (;;) {
        enum eap_exercise_stop st =
            x ? eap_exercise_advance(x, EAP_TIME_MAX, 0, &err) : EAP_EXERCISE_FAILED;
        if (st == EAP_EXERCISE_FAILED) {
            fprintf(stderr, "bench_aar: %s\n", err.msg);
            exit(1);
        }
        if (st == EAP_EXERCISE_ENDED) {
            return x;
        }
        int32_t d = eap_exercise_pending(x);
        if (st == EAP_EXERCISE_DECISION) {
            int32_t o = a->option[d] != EAP_NONE ? a->option[d] : s->decisions[d].default_option;
            eap_exercise_choose(x, o, EAP_CHOSEN_BY_ANSWERS, NULL, 0, &err);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_aar SCENARIO ANSWERS RUNS THREADS LIMIT_SECONDS\n");
        return 2;
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(argv[1], NULL, 0, &diag);
    size_t len;
    char *text = slurp(argv[2], &len);
    struct eap_exercise_answers a;
    if (!s || !text || !eap_exercise_answers_parse(argv[2], text, len, s, &a, &diag)) {
        fprintf(stderr, "bench_aar: cannot load %s or %s\n", argv[1], argv[2]);
        return 2;
    }
    struct eap_exercise_session *x = play(s, &a);
    const struct eap_exercise_record *r = eap_exercise_session_record(x);
    size_t options = 0;
    for (size_t k = 0; k < r->choice_count; k++) {
        options += s->decisions[r->choices[k].decision].option_count;
    }
    struct eap_batch_spec tmpl = {
        .seed = 1, .count = strtoull(argv[3], NULL, 10), .threads = (unsigned)atoi(argv[4])};
    struct eap_exercise_aar aar;
    struct eap_error err;
    double t0 = now();
    if (!eap_exercise_aar(r, &tmpl, &aar, &err)) {
        fprintf(stderr, "bench_aar: %s\n", err.msg);
        return 1;
    }
    double took = now() - t0, limit = atof(argv[5]);
    printf("scenario %s\ndecisions %zu, options %zu, runs per option %llu, threads %u\n", s->id,
           r->choice_count, options, (unsigned long long)tmpl.count, tmpl.threads);
    printf("paired batches %zu (the chosen option against each other), replications run %llu\n",
           options - r->choice_count,
           (unsigned long long)(2 * (options - r->choice_count) * tmpl.count));
    printf("limit %.1f s\naar_seconds %.3f\n", limit, took);
    eap_exercise_aar_finish(&aar);
    eap_exercise_destroy(x);
    eap_exercise_answers_finish(&a);
    free(text);
    eap_scenario_destroy(s);
    return took <= limit ? 0 : 1;
}
