/*
 * eapsim demo mm1: the M/M/1 queue on the event kernel, compared with queueing theory.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "eapsim/mm1.h"
#include "eapsim/stats.h"

/* Independent replications, because the waits of one run are strongly correlated (at a
 * load of 0.9 a busy period lasts hundreds of customers), so a standard error taken from
 * them as if independent would claim far more precision than there is. */
#define REPLICATIONS 10

static int run_mm1(uint64_t customers, uint64_t seed)
{
    const double lambda = 0.9, mu = 1.0;
    uint64_t each = customers / REPLICATIONS, warmup = each / 10, events = 0;
    double means[REPLICATIONS], sum = 0;
    double t0 = cli_now();
    for (int r = 0; r < REPLICATIONS; r++) {
        struct eap_mm1_result res;
        if (!eap_mm1_run(lambda, mu, each, warmup, seed, (uint64_t)r, &res)) {
            cli_error("out of memory running the M/M/1 queue");
            return 1;
        }
        means[r] = res.mean_wait;
        sum += res.mean_wait;
        events += res.events;
    }
    double dt = cli_now() - t0, mean = sum / REPLICATIONS, ss = 0;
    for (int r = 0; r < REPLICATIONS; r++) {
        ss += (means[r] - mean) * (means[r] - mean);
    }
    double half = eap_stat_t_quantile(0.975, REPLICATIONS - 1) * sqrt(ss / (REPLICATIONS - 1)) /
                  sqrt((double)REPLICATIONS);
    double exact = eap_mm1_analytic_wait(lambda, mu);
    printf("M/M/1 queue, arrival rate %.1f/s, service rate %.1f/s, seed %llu\n", lambda, mu,
           (unsigned long long)seed);
    printf("customers            %d independent replications of %llu (the first %llu of each "
           "discarded as warm-up)\n",
           REPLICATIONS, (unsigned long long)each, (unsigned long long)warmup);
    printf("mean wait in queue   %.3f s, 95%% interval %.3f to %.3f s\n", mean, mean - half,
           mean + half);
    printf("queueing theory      %.3f s (rho / (mu - lambda))\n", exact);
    if (fabs(mean - exact) <= half) {
        printf("verdict              agrees: the theory's value lies inside the interval\n");
    } else {
        printf("verdict              outside the interval by %.3f s: expected for 1 seed in 20; "
               "try another --seed, or more --customers\n",
               fabs(mean - exact) - half);
    }
    printf("events               %llu in %.3f s (%.1f million events/s)\n",
           (unsigned long long)events, dt, dt > 0 ? (double)events / dt / 1e6 : 0.0);
    return 0;
}

int cli_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"customers", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t customers = 1000000, seed = 1;
    int c;
    while ((c = getopt_long(argc, argv, "n:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (!cli_parse_u64("--customers", optarg, &customers)) {
                return EXIT_USAGE;
            }
            break;
        case 's':
            if (!cli_parse_u64("--seed", optarg, &seed)) {
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_help("demo");
            return 0;
        default:
            return cli_bad_option("demo");
        }
    }
    if (optind >= argc || strcmp(argv[optind], "mm1") != 0 || optind + 1 != argc) {
        cli_error("demo: expected the model name \"mm1\"");
        return cli_bad_option("demo");
    }
    if (customers < 10 * REPLICATIONS) {
        cli_error("--customers: expected at least %d, found %llu", 10 * REPLICATIONS,
                  (unsigned long long)customers);
        return EXIT_USAGE;
    }
    return run_mm1(customers, seed);
}
