/* bench_engine SCENARIO REPLICATIONS [--traced]: sampled replications of one scenario on one
 * core, the scenario parsed once and the engine reset for each, recording no trace (as a batch
 * does; --traced: recording it, as `run` and `view` do). Prints the events per replication
 * and, last, "replications_per_second N" (best of three). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eapsim/engine.h"
#include "eapsim/loader.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (argc > 3 && strcmp(argv[3], "--traced") != 0)) {
        fprintf(stderr, "usage: bench_engine SCENARIO REPLICATIONS [--traced]\n");
        return 2;
    }
    unsigned long long reps = strtoull(argv[2], NULL, 10);
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *scn = eap_scenario_load(argv[1], NULL, 0, &diag);
    if (!scn || reps == 0) {
        fprintf(stderr, "bench_engine: cannot load %s or no replications\n", argv[1]);
        eap_diag_finish(&diag);
        return 2;
    }
    struct eap_error err;
    struct eap_engine *e = eap_engine_create(scn, &err);
    size_t n = scn->metric_count;
    int64_t *values = malloc(n * sizeof(*values));
    const struct eap_engine_options opt = {.untraced = argc < 4, .unsteered = argc < 4};
    double best = 0;
    unsigned long long events = 0;
    for (int round = 0; round < 3; round++) {
        events = 0;
        double t0 = now();
        for (unsigned long long r = 0; r < reps; r++) {
            eap_engine_reset(e, 1, r, &opt);
            eap_engine_run(e, &err);
            eap_engine_metrics(e, values);
            events += eap_engine_events(e);
        }
        double rate = (double)reps / (now() - t0);
        best = rate > best ? rate : best;
    }
    printf("scenario %s\nreplications %llu\nevents_per_replication %.1f\n", scn->id, reps,
           (double)events / (double)reps);
    printf("microseconds_per_replication %.2f\n", 1e6 / best);
    printf("replications_per_second %.0f\n", best);
    free(values);
    eap_engine_destroy(e);
    eap_scenario_destroy(scn);
    eap_diag_finish(&diag);
    return 0;
}
