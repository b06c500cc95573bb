/* bench_hold QUEUE_SIZE HOLDS: the classic hold model on the bare event queue. The queue is
 * filled with QUEUE_SIZE events; each hold pops the earliest and pushes one at its time plus
 * an exponential increment (mean 1 s). Increments are drawn beforehand so only the queue is
 * timed. Prints, last, "ns_per_hold N" (best of three). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eapsim/event_queue.h"
#include "eapsim/rng.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void nop(struct eap_kernel *k, uint64_t data)
{
    (void)k;
    (void)data;
}

#define NINC (1u << 20)

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_hold QUEUE_SIZE HOLDS\n");
        return 2;
    }
    size_t n = strtoull(argv[1], NULL, 10), holds = strtoull(argv[2], NULL, 10);
    if (n == 0 || holds == 0 || n > EAP_QUEUE_MAX_PENDING) {
        fprintf(stderr, "bench_hold: QUEUE_SIZE must be 1..%zu and HOLDS positive\n",
                (size_t)EAP_QUEUE_MAX_PENDING);
        return 2;
    }
    eap_time *inc = malloc(NINC * sizeof(*inc));
    struct eap_rng rng;
    eap_rng_init(&rng, 1, 0, 0);
    for (size_t i = 0; i < NINC; i++) {
        inc[i] = (eap_time)(1000.0 * eap_rng_exponential(&rng));
    }
    double best = 1e300;
    for (int rep = 0; rep < 3; rep++) {
        struct eap_queue q;
        if (!eap_queue_init(&q, n + 1)) {
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            eap_queue_push(&q, inc[i % NINC], nop, i);
        }
        double t0 = now();
        struct eap_event ev;
        for (size_t i = 0; i < holds; i++) {
            eap_queue_pop(&q, &ev);
            eap_queue_push(&q, ev.time + inc[i & (NINC - 1)], nop, ev.data);
        }
        double ns = (now() - t0) * 1e9 / (double)holds;
        best = ns < best ? ns : best;
        eap_queue_finish(&q);
    }
    free(inc);
    printf("queue_size %zu\nholds %zu\n", n, holds);
    printf("ns_per_hold %.1f\n", best);
    return 0;
}
