/*
 * M/M/1 queue: two event kinds (arrival, departure), one handler that switches on the kind in
 * the event's data word (so the kernel's loop can inline it: eap_kernel_run_with), and a ring
 * buffer of the arrival times of waiting customers. Grows its buffer by doubling (its size stays a power of two, so
 * positions wrap with a mask); nothing is allocated per event.
 */
#include "eapsim/mm1.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/kernel.h"
#include "eapsim/rng.h"

/* The kernel comes first, so a handler finds the model at the kernel's own address, as the
 * run loop's frame holds both, rather than through k->user. */
struct mm1 {
    struct eap_kernel k;
    struct eap_rng arrivals, services;
    double arrival_mean_ms, service_mean_ms;
    eap_time *ring;
    size_t cap, head, count;
    bool busy, oom;
    uint64_t started, customers, warmup;
    double wait_sum_ms;
};

/* An exponential duration rounded to the nearest tick, without a call to llround per event.
 * x is at least 0 and at most about 37.5 mean_ms (-log of the smallest uniform, 2^-54), so
 * x + 0.5 truncates to llround(x), except at the one double just below 0.5. */
static eap_time draw(struct eap_rng *r, double mean_ms)
{
    return (eap_time)(mean_ms * eap_rng_exponential(r) + 0.5);
}

/* Doubles the ring, unwrapping it. Out of line: it runs a dozen times in a long run, and
 * inline its registers would be saved and restored by every arrival. */
static __attribute__((noinline)) bool ring_grow(struct mm1 *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    eap_time *ring = malloc(cap * sizeof(*ring));
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
    return true;
}

static bool ring_push(struct mm1 *m, eap_time t)
{
    if (m->count == m->cap && !ring_grow(m)) {
        return false;
    }
    m->ring[(m->head + m->count++) & (m->cap - 1)] = t;
    return true;
}

enum { ARRIVAL, DEPARTURE }; /* an event's data word */

static void on_event(struct eap_kernel *k, uint64_t kind);

/* Schedules an event of this kind after delay; a full queue ends the run as out of memory. */
static inline void schedule(struct eap_kernel *k, struct mm1 *m, eap_time delay, uint64_t kind)
{
    if (eap_kernel_in(k, delay, on_event, kind) == EAP_NO_EVENT) {
        m->oom = true;
        eap_kernel_stop(k);
    }
}

/* A customer who arrived at `arrived` begins service now. */
static void begin_service(struct eap_kernel *k, struct mm1 *m, eap_time arrived)
{
    if (m->started >= m->warmup) {
        m->wait_sum_ms += (double)(k->now - arrived);
    }
    m->busy = true;
    m->started++;
    if (m->started >= m->customers) {
        eap_kernel_stop(k);
        return;
    }
    schedule(k, m, draw(&m->services, m->service_mean_ms), DEPARTURE);
}

static void arrive(struct eap_kernel *k, struct mm1 *m)
{
    schedule(k, m, draw(&m->arrivals, m->arrival_mean_ms), ARRIVAL);
    if (!m->busy) {
        begin_service(k, m, k->now);
    } else if (!ring_push(m, k->now)) {
        m->oom = true;
        eap_kernel_stop(k);
    }
}

static void depart(struct eap_kernel *k, struct mm1 *m)
{
    m->busy = false;
    if (m->count > 0) {
        eap_time arrived = m->ring[m->head];
        m->head = (m->head + 1) & (m->cap - 1);
        m->count--;
        begin_service(k, m, arrived);
    }
}

static inline __attribute__((always_inline)) void on_event(struct eap_kernel *k, uint64_t kind)
{
    struct mm1 *m = (struct mm1 *)k;
    if (kind == ARRIVAL) {
        arrive(k, m);
    } else {
        depart(k, m);
    }
}

bool eap_mm1_run(double lambda, double mu, uint64_t customers, uint64_t warmup, uint64_t seed,
                 uint64_t replication, struct eap_mm1_result *out)
{
    struct mm1 m;
    memset(&m, 0, sizeof(m));
    eap_rng_init(&m.arrivals, seed, replication, 0);
    eap_rng_init(&m.services, seed, replication, 1);
    m.arrival_mean_ms = 1000.0 / lambda;
    m.service_mean_ms = 1000.0 / mu;
    m.customers = customers;
    m.warmup = warmup < customers ? warmup : 0;
    if (!eap_kernel_init(&m.k, 16, NULL)) {
        return false;
    }
    schedule(&m.k, &m, 0, ARRIVAL); /* the first customer arrives at time 0 */
    eap_kernel_run_with(&m.k, on_event);
    uint64_t counted = m.started - m.warmup;
    out->served = counted;
    out->mean_wait = counted ? m.wait_sum_ms / (double)counted / 1000.0 : 0;
    out->events = m.k.events_run;
    eap_kernel_finish(&m.k);
    free(m.ring);
    return !m.oom;
}

double eap_mm1_analytic_wait(double lambda, double mu)
{
    double rho = lambda / mu;
    return rho / (mu - lambda);
}
