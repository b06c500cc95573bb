/*
 * The M/M/1 queue on the event kernel: the kernel's worked example, its statistical test
 * (mean wait against the analytic rho / (mu - lambda)) and its speed benchmark.
 * Time unit: one second (1000 ticks); interarrival and service times are drawn from
 * replication `replication` of `seed` and rounded to the millisecond tick.
 */
#ifndef EAPSIM_MM1_H
#define EAPSIM_MM1_H

#include <stdbool.h>
#include <stdint.h>

struct eap_mm1_result {
    uint64_t served;  /* customers whose wait was counted (after the warm-up) */
    double mean_wait; /* seconds in the queue before service */
    uint64_t events;  /* events the kernel ran */
};

/* Runs until `customers` customers have begun service, discarding the waits of the first
 * `warmup`. Returns false when memory runs out. */
bool eap_mm1_run(double lambda, double mu, uint64_t customers, uint64_t warmup, uint64_t seed,
                 uint64_t replication, struct eap_mm1_result *out);

/* Analytic mean wait in queue, rho / (mu - lambda) with rho = lambda / mu. */
double eap_mm1_analytic_wait(double lambda, double mu);

#endif
