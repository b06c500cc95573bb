/* bench_mm1 CUSTOMERS: M/M/1 (lambda 0.9, mu 1.0) on the kernel; prints the mean wait and,
 * last, "events_per_second N". Best of three runs, to damp scheduler noise. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eapsim/mm1.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    unsigned long long customers = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
    if (customers < 2) {
        fprintf(stderr, "usage: bench_mm1 CUSTOMERS (at least 2)\n");
        return 2;
    }
    double best = 0;
    struct eap_mm1_result r = {0};
    for (int i = 0; i < 3; i++) {
        double t0 = now();
        if (!eap_mm1_run(0.9, 1.0, customers, customers / 10, 1, 0, &r)) {
            fprintf(stderr, "bench_mm1: out of memory\n");
            return 1;
        }
        double rate = (double)r.events / (now() - t0);
        best = rate > best ? rate : best;
    }
    printf("customers %llu\nevents %llu\nmean_wait %.4f\n", customers, (unsigned long long)r.events,
           r.mean_wait);
    printf("events_per_second %.0f\n", best);
    return 0;
}
