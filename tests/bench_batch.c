/* bench_batch SCENARIO RUNS [ROUNDS [MEMORY_RUNS]]: batches of sampled replications, the
 * scenario loaded once (as eapsim batch does).
 *
 * Memory first: a batch of MEMORY_RUNS / 1000 replications on 2 threads, then one of
 * MEMORY_RUNS (default RUNS), with the process's peak resident memory after each (it must
 * not grow with the number of replications). Then ROUNDS rounds (default 5) of a batch of RUNS
 * on 1 thread and one on 2 threads, alternated, each printed with its wall-clock rate and its
 * CPU time per replication (the process's user and system time over the replications: what
 * the batch costs whatever else the machine runs); then the medians over the rounds, the
 * speed-up, and last "replications_per_second_2_threads N", the median wall-clock rate on 2
 * threads. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "eapsim/batch.h"
#include "eapsim/loader.h"

#define MAX_ROUNDS 15

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static long peak_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

struct timing {
    double rate;   /* replications per wall-clock second */
    double cpu_us; /* CPU microseconds per replication */
};

static struct timing batch(const struct eap_scenario *s, unsigned threads, unsigned long long runs)
{
    struct eap_batch_spec spec = {.scn = s, .seed = 1, .count = runs, .threads = threads};
    struct eap_batch_stats st;
    struct eap_error err;
    double t0 = now(), c0 = cpu_seconds();
    if (!eap_batch_run(&spec, &st, &err)) {
        fprintf(stderr, "bench_batch: %s\n", err.msg);
        exit(1);
    }
    struct timing t = {(double)runs / (now() - t0), (cpu_seconds() - c0) / (double)runs * 1e6};
    eap_batch_stats_finish(&st);
    return t;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_batch SCENARIO RUNS [ROUNDS [MEMORY_RUNS]]\n");
        return 2;
    }
    unsigned long long runs = strtoull(argv[2], NULL, 10);
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    unsigned long long memory_runs = argc > 4 ? strtoull(argv[4], NULL, 10) : runs;
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(argv[1], NULL, 0, &diag);
    if (!s || runs < 1000 || memory_runs < 1000 || rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr,
                "bench_batch: cannot load %s, or RUNS or MEMORY_RUNS below 1000, or "
                "ROUNDS not 1 to %d\n",
                argv[1], MAX_ROUNDS);
        return 2;
    }
    printf("scenario %s\nreplications %llu\n", s->id, runs);
    batch(s, 2, memory_runs / 1000);
    printf("peak_kib_after_%llu %ld\n", memory_runs / 1000, peak_kib());
    batch(s, 2, memory_runs);
    printf("peak_kib_after_%llu %ld\n", memory_runs, peak_kib());
    double one[MAX_ROUNDS], two[MAX_ROUNDS], cpu_one[MAX_ROUNDS], cpu_two[MAX_ROUNDS];
    for (int r = 0; r < rounds; r++) {
        /* Alternate which goes first, so a change in the machine's load falls on both. */
        struct timing a = {0, 0}, b = {0, 0};
        if (r % 2) {
            b = batch(s, 2, runs);
        }
        a = batch(s, 1, runs);
        if (!(r % 2)) {
            b = batch(s, 2, runs);
        }
        printf("round %d: 1 thread %.0f/s (%.2f us CPU each), 2 threads %.0f/s (%.2f us CPU "
               "each)\n",
               r + 1, a.rate, a.cpu_us, b.rate, b.cpu_us);
        one[r] = a.rate;
        two[r] = b.rate;
        cpu_one[r] = a.cpu_us;
        cpu_two[r] = b.cpu_us;
    }
    double m1 = median(one, rounds), m2 = median(two, rounds);
    printf("cpu_microseconds_per_replication_1_thread %.3f\n", median(cpu_one, rounds));
    printf("cpu_microseconds_per_replication_2_threads %.3f\n", median(cpu_two, rounds));
    printf("replications_per_second_1_thread %.0f\n", m1);
    printf("speedup_2_threads %.2f\n", m2 / m1);
    printf("replications_per_second_2_threads %.0f\n", m2);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    return 0;
}
