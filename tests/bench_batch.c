/* bench_batch SCENARIO RUNS: a batch of RUNS sampled replications with 1 thread, then with 2,
 * the scenario loaded once (as eapsim batch does). Prints the rates, the speed-up, and the
 * peak resident memory after RUNS / 1000 and after RUNS replications (memory must not grow
 * with the number of replications). Last line: "replications_per_second_2_threads N". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "eapsim/batch.h"
#include "eapsim/loader.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double rate(const struct eap_scenario *s, unsigned threads, unsigned long long runs)
{
    struct eap_batch_spec spec = {.scn = s, .seed = 1, .count = runs, .threads = threads};
    struct eap_batch_stats st;
    struct eap_error err;
    double t0 = now();
    if (!eap_batch_run(&spec, &st, &err)) {
        fprintf(stderr, "bench_batch: %s\n", err.msg);
        exit(1);
    }
    double r = (double)runs / (now() - t0);
    eap_batch_stats_finish(&st);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_batch SCENARIO RUNS\n");
        return 2;
    }
    unsigned long long runs = strtoull(argv[2], NULL, 10);
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(argv[1], NULL, 0, &diag);
    if (!s || runs < 1000) {
        fprintf(stderr, "bench_batch: cannot load %s, or RUNS below 1000\n", argv[1]);
        return 2;
    }
    double small = rate(s, 2, runs / 1000);
    long peak_small = peak_kib();
    double one = rate(s, 1, runs), two = rate(s, 2, runs);
    long peak_large = peak_kib();
    printf("scenario %s\nreplications %llu\n", s->id, runs);
    printf("replications_per_second_1_thread %.0f\n", one);
    printf("speedup_2_threads %.2f\n", two / one);
    printf("peak_kib_after_%llu %ld\npeak_kib_after_%llu %ld\n", runs / 1000, peak_small, runs,
           peak_large);
    (void)small;
    printf("replications_per_second_2_threads %.0f\n", two);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    return 0;
}
