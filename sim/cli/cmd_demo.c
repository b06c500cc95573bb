/*
 * eapsim demo mm1: the M/M/1 queue on the event kernel, compared with queueing theory.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "eapsim/mm1.h"

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
    if (customers < 2) {
        cli_error("--customers: expected at least 2, found %llu", (unsigned long long)customers);
        return EXIT_USAGE;
    }
    const double lambda = 0.9, mu = 1.0;
    struct eap_mm1_result r;
    double t0 = cli_now();
    if (!eap_mm1_run(lambda, mu, customers, customers / 10, seed, 0, &r)) {
        cli_error("out of memory");
        return 1;
    }
    double dt = cli_now() - t0;
    printf("M/M/1 queue, arrival rate %.1f/s, service rate %.1f/s, seed %llu\n", lambda, mu,
           (unsigned long long)seed);
    printf("customers served     %llu (first %llu discarded as warm-up)\n",
           (unsigned long long)(r.served + customers / 10), (unsigned long long)(customers / 10));
    printf("mean wait in queue   %.3f s (analytic %.3f s)\n", r.mean_wait,
           eap_mm1_analytic_wait(lambda, mu));
    printf("events               %llu in %.3f s (%.1f million events/s)\n",
           (unsigned long long)r.events, dt, dt > 0 ? (double)r.events / dt / 1e6 : 0.0);
    return 0;
}
