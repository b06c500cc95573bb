/* bench_mm1 [--reference [--rounds N] | --only kernel|reference] CUSTOMERS: M/M/1 (lambda 0.9,
 * mu 1.0) on the event kernel (sim/examples/mm1.c), CUSTOMERS customers, the first tenth a warm-up.
 *
 * Alone it prints the mean wait and, last, "events_per_second N" (best of three runs).
 * With --reference it alternates, in this one process, the kernel with a bare hand-written
 * loop of the same model (tests/bare_heap.h: 4-ary heap of 128-bit keys, xoshiro256**,
 * times as doubles, no handles or cancellation) for N rounds (default
 * 5; which goes first alternates too), printing each round's two rates in model events per
 * second and their ratio, then the medians and, last, "ratio_median R". Timing both in one
 * process, interleaved, by the thread's CPU clock, cancels most of the drift of a shared
 * host. Both sides draw their exponentials with rng.h's ziggurat (the loop from its own
 * xoshiro256** states), so the ratio measures the queue, the handles and the dispatch, not
 * the variate: against -log(u) in the loop, the kernel's cheaper variate alone made the
 * ratio look better than 1.1.
 * --only runs one pass of one side and prints its events, for instruction counts:
 *   valgrind --tool=callgrind bench_mm1 --only kernel 1000000   (Ir / events per event) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bare_heap.h"
#include "eapsim/mm1.h"
#include "eapsim/rng.h"

#define LAMBDA 0.9
#define MU 1.0
#define ARRIVAL_MEAN (1.0 / LAMBDA) /* constants: the loop multiplies, as the kernel's model does  \
                                     */
#define SERVICE_MEAN (1.0 / MU)

/* CPU time of this thread: time the host gives to other processes does not count, which
 * matters on a shared machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- the bare reference: the same model as sim/examples/mm1.c --- */

enum { ARRIVAL, DEPARTURE };

struct bare_mm1 {
    struct bare_heap heap;
    struct eap_rng arrivals, services; /* xoshiro256** states, seeded by bare_rng_seed */
    uint64_t seq;
    double *ring;
    size_t cap, head, count;
    bool busy;
    uint64_t started, events;
    double wait_sum;
};

/* Key: the time's bits (a non-negative double orders as its bit pattern), then a sequence
 * number for FIFO ties, then the event kind in the lowest bit. */
static bool schedule(struct bare_mm1 *m, double t, int kind)
{
    uint64_t bits;
    memcpy(&bits, &t, sizeof(bits));
    return bare_heap_push(&m->heap, ((bare_key)bits << 64) | (m->seq++ << 1) | (unsigned)kind);
}

static bool ring_push(struct bare_mm1 *m, double t)
{
    if (m->count == m->cap) {
        size_t cap = m->cap * 2;
        double *ring = malloc(cap * sizeof(*ring));
        if (!ring) {
            return false;
        }
        for (size_t i = 0; i < m->count; i++) {
            ring[i] = m->ring[(m->head + i) & (m->cap - 1)];
        }
        free(m->ring);
        m->ring = ring;
        m->cap = cap;
        m->head = 0;
    }
    m->ring[(m->head + m->count++) & (m->cap - 1)] = t;
    return true;
}

static bool begin_service(struct bare_mm1 *m, double t, double arrived, uint64_t warmup)
{
    if (m->started >= warmup) {
        m->wait_sum += t - arrived;
    }
    m->busy = true;
    m->started++;
    return schedule(m, t + SERVICE_MEAN * eap_rng_exponential(&m->services), DEPARTURE);
}

/* Runs until `customers` have begun service; false when memory runs out. */
static bool bare_run(struct bare_mm1 *m, uint64_t customers, uint64_t warmup)
{
    bool ok = schedule(m, 0.0, ARRIVAL);
    while (ok && m->started < customers) {
        bare_key k = bare_heap_pop(&m->heap);
        uint64_t bits = (uint64_t)(k >> 64);
        double t;
        memcpy(&t, &bits, sizeof(t));
        m->events++;
        if (((unsigned)k & 1) == ARRIVAL) {
            ok = schedule(m, t + ARRIVAL_MEAN * eap_rng_exponential(&m->arrivals), ARRIVAL);
            if (!m->busy) {
                ok = ok && begin_service(m, t, t, warmup);
            } else {
                ok = ok && ring_push(m, t);
            }
        } else {
            m->busy = false;
            if (m->count > 0) {
                double arrived = m->ring[m->head];
                m->head = (m->head + 1) & (m->cap - 1);
                m->count--;
                ok = begin_service(m, t, arrived, warmup);
            }
        }
    }
    return ok;
}

/* Model events per second of the bare loop; its mean wait into *wait. 0 when out of memory. */
static double bare_rate(uint64_t customers, double *wait, uint64_t *events)
{
    struct bare_mm1 m;
    memset(&m, 0, sizeof(m));
    struct bare_rng seeded;
    bare_rng_seed(&seeded, 1);
    memcpy(m.arrivals.s, seeded.s, sizeof(seeded.s));
    bare_rng_seed(&seeded, 2);
    memcpy(m.services.s, seeded.s, sizeof(seeded.s));
    m.cap = 256;
    m.ring = malloc(m.cap * sizeof(*m.ring));
    bool ok = m.ring && bare_heap_init(&m.heap, 16);
    double t0 = now();
    ok = ok && bare_run(&m, customers, customers / 10);
    double rate = ok ? (double)m.events / (now() - t0) : 0;
    *wait = m.wait_sum / (double)(m.started - customers / 10);
    *events = m.events;
    bare_heap_finish(&m.heap);
    free(m.ring);
    return rate;
}

/* --- the kernel --- */

static double kernel_rate(uint64_t customers, struct eap_mm1_result *r)
{
    double t0 = now();
    if (!eap_mm1_run(LAMBDA, MU, customers, customers / 10, 1, 0, r)) {
        return 0;
    }
    return (double)r->events / (now() - t0);
}

#define MAX_ROUNDS 101

static int run_reference(uint64_t customers, int rounds)
{
    double kr[MAX_ROUNDS], br[MAX_ROUNDS], ratio[MAX_ROUNDS], bare_wait = 0;
    uint64_t bare_events;
    struct eap_mm1_result r = {0};
    printf("customers %llu\n", (unsigned long long)customers);
    for (int i = 0; i < rounds; i++) {
        if (i % 2 == 0) {
            kr[i] = kernel_rate(customers, &r);
            br[i] = bare_rate(customers, &bare_wait, &bare_events);
        } else {
            br[i] = bare_rate(customers, &bare_wait, &bare_events);
            kr[i] = kernel_rate(customers, &r);
        }
        if (kr[i] == 0 || br[i] == 0) {
            fprintf(stderr, "bench_mm1: out of memory\n");
            return 1;
        }
        ratio[i] = kr[i] / br[i];
        printf("round %d kernel %.0f reference %.0f ratio %.3f\n", i + 1, kr[i], br[i], ratio[i]);
    }
    printf("mean_wait kernel %.4f reference %.4f (analytic %.4f)\n", r.mean_wait, bare_wait,
           eap_mm1_analytic_wait(LAMBDA, MU));
    printf("kernel_events_per_second_median %.0f\n", bare_median(kr, rounds));
    printf("reference_events_per_second_median %.0f\n", bare_median(br, rounds));
    printf("ratio_median %.3f\n", bare_median(ratio, rounds));
    return 0;
}

/* One pass of one side, for callgrind. */
static int run_only(uint64_t customers, const char *side)
{
    struct eap_mm1_result r = {0};
    double wait = 0, rate;
    uint64_t events;
    if (strcmp(side, "kernel") == 0) {
        rate = kernel_rate(customers, &r);
        events = r.events;
        wait = r.mean_wait;
    } else {
        rate = bare_rate(customers, &wait, &events);
    }
    if (rate == 0) {
        fprintf(stderr, "bench_mm1: out of memory\n");
        return 1;
    }
    printf("side %s\nevents %llu\nmean_wait %.4f\nevents_per_second %.0f\n", side,
           (unsigned long long)events, wait, rate);
    return 0;
}

static int run_alone(uint64_t customers)
{
    double best = 0;
    struct eap_mm1_result r = {0};
    for (int i = 0; i < 3; i++) {
        double rate = kernel_rate(customers, &r);
        if (rate == 0) {
            fprintf(stderr, "bench_mm1: out of memory\n");
            return 1;
        }
        best = rate > best ? rate : best;
    }
    printf("customers %llu\nevents %llu\nmean_wait %.4f\n", (unsigned long long)customers,
           (unsigned long long)r.events, r.mean_wait);
    printf("events_per_second %.0f\n", best);
    return 0;
}

int main(int argc, char **argv)
{
    bool reference = false;
    const char *only = NULL;
    int rounds = 5;
    unsigned long long customers = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reference") == 0) {
            reference = true;
        } else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            customers = strtoull(argv[i], NULL, 10);
        }
    }
    bool bad_only = only && strcmp(only, "kernel") != 0 && strcmp(only, "reference") != 0;
    if (customers < 10 || rounds < 1 || rounds > MAX_ROUNDS || bad_only) {
        fprintf(stderr,
                "usage: bench_mm1 [--reference [--rounds 1..%d] | --only kernel|reference] "
                "CUSTOMERS (at least 10)\n",
                MAX_ROUNDS);
        return 2;
    }
    if (only) {
        return run_only(customers, only);
    }
    return reference ? run_reference(customers, rounds) : run_alone(customers);
}
