/* bench_hold [--reference [--rounds N]] QUEUE_SIZE HOLDS: the classic hold model. The queue is
 * filled with QUEUE_SIZE events; each hold pops the earliest and pushes one at its time plus
 * an exponential increment (mean 1 s, in ms ticks). Increments are drawn beforehand, so only
 * the queue is timed, by the thread's CPU clock.
 *
 * Alone it times the event queue (eap_queue_push/pop: handles, cancellable events, FIFO ties)
 * and prints, last, "ns_per_hold N" (best of three). With --reference it alternates, in this
 * one process, the queue with the bare 4-ary heap of tests/bare_heap.h (128-bit keys of time
 * and sequence, nothing else) on the same increments, for N rounds (default 5; which goes
 * first alternates too), printing each round's ns per hold and their ratio, then the
 * medians and, last, "ratio_median R" (queue over bare: at or below 1 is as fast). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bare_heap.h"
#include "eapsim/event_queue.h"
#include "eapsim/rng.h"

#define NINC (1u << 20)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void nop(struct eap_kernel *k, uint64_t data)
{
    (void)k;
    (void)data;
}

/* ns per hold of the event queue; 0 when memory runs out. */
static double queue_hold(const eap_time *inc, size_t n, size_t holds)
{
    struct eap_queue q;
    if (!eap_queue_init(&q, n + 1)) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (eap_queue_push(&q, inc[i % NINC], nop, i) == EAP_NO_EVENT) {
            eap_queue_finish(&q);
            return 0;
        }
    }
    double t0 = now();
    struct eap_event ev;
    for (size_t i = 0; i < holds; i++) {
        eap_queue_pop(&q, &ev);
        eap_queue_push(&q, ev.time + inc[i & (NINC - 1)], nop, ev.data);
    }
    double ns = (now() - t0) * 1e9 / (double)holds;
    eap_queue_finish(&q);
    return ns;
}

/* ns per hold of the bare heap: key time << 64 | sequence. */
static double bare_hold(const eap_time *inc, size_t n, size_t holds)
{
    struct bare_heap h;
    if (!bare_heap_init(&h, n + 1)) {
        return 0;
    }
    uint64_t seq = 0;
    for (size_t i = 0; i < n; i++) {
        bare_heap_push(&h, ((bare_key)(uint64_t)inc[i % NINC] << 64) | seq++);
    }
    double t0 = now();
    for (size_t i = 0; i < holds; i++) {
        uint64_t t = (uint64_t)(bare_heap_pop(&h) >> 64);
        bare_heap_push(&h, ((bare_key)(t + (uint64_t)inc[i & (NINC - 1)]) << 64) | seq++);
    }
    double ns = (now() - t0) * 1e9 / (double)holds;
    bare_heap_finish(&h);
    return ns;
}

#define MAX_ROUNDS 101

static int run_reference(const eap_time *inc, size_t n, size_t holds, int rounds)
{
    double qn[MAX_ROUNDS], bn[MAX_ROUNDS], ratio[MAX_ROUNDS];
    printf("queue_size %zu\nholds %zu\n", n, holds);
    for (int i = 0; i < rounds; i++) {
        if (i % 2 == 0) {
            qn[i] = queue_hold(inc, n, holds);
            bn[i] = bare_hold(inc, n, holds);
        } else {
            bn[i] = bare_hold(inc, n, holds);
            qn[i] = queue_hold(inc, n, holds);
        }
        if (qn[i] == 0 || bn[i] == 0) {
            fprintf(stderr, "bench_hold: out of memory\n");
            return 1;
        }
        ratio[i] = qn[i] / bn[i];
        printf("round %d queue %.1f reference %.1f ratio %.3f\n", i + 1, qn[i], bn[i], ratio[i]);
    }
    printf("queue_ns_per_hold_median %.1f\n", bare_median(qn, rounds));
    printf("reference_ns_per_hold_median %.1f\n", bare_median(bn, rounds));
    printf("ratio_median %.3f\n", bare_median(ratio, rounds));
    return 0;
}

static int run_alone(const eap_time *inc, size_t n, size_t holds)
{
    double best = 1e300;
    for (int rep = 0; rep < 3; rep++) {
        double ns = queue_hold(inc, n, holds);
        if (ns == 0) {
            fprintf(stderr, "bench_hold: out of memory\n");
            return 1;
        }
        best = ns < best ? ns : best;
    }
    printf("queue_size %zu\nholds %zu\n", n, holds);
    printf("ns_per_hold %.1f\n", best);
    return 0;
}

int main(int argc, char **argv)
{
    bool reference = false;
    int rounds = 5;
    size_t sizes[2] = {0, 0}, nsizes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reference") == 0) {
            reference = true;
        } else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else if (nsizes < 2) {
            sizes[nsizes++] = strtoull(argv[i], NULL, 10);
        }
    }
    size_t n = sizes[0], holds = sizes[1];
    if (n == 0 || holds == 0 || n > EAP_QUEUE_MAX_PENDING || rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr,
                "usage: bench_hold [--reference [--rounds 1..%d]] QUEUE_SIZE HOLDS "
                "(QUEUE_SIZE 1..%zu, HOLDS positive)\n",
                MAX_ROUNDS, (size_t)EAP_QUEUE_MAX_PENDING);
        return 2;
    }
    eap_time *inc = malloc(NINC * sizeof(*inc));
    if (!inc) {
        fprintf(stderr, "bench_hold: out of memory\n");
        return 1;
    }
    struct eap_rng rng;
    eap_rng_init(&rng, 1, 0, 0);
    for (size_t i = 0; i < NINC; i++) {
        inc[i] = (eap_time)(1000.0 * eap_rng_exponential(&rng));
    }
    int rc = reference ? run_reference(inc, n, holds, rounds) : run_alone(inc, n, holds);
    free(inc);
    return rc;
}
