/*
 * eapsim validate FILE...: loads each scenario and reports every problem, located; exit 2 on
 * any, 0 with a one-line summary per good file.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "eapsim/scenario.h"

void cli_validate_help(FILE *out)
{
    fprintf(out,
            "usage: %s validate SCENARIO... [--set PATH=VALUE]...\n\n"
            "Checks scenario files: syntax, keys, types, units, references, the plan's\n"
            "reachability. Prints every problem as FILE:LINE:COL: /json/path: message and\n"
            "exits 2 when there is any; prints a one-line summary per good file otherwise.\n",
            cli_prog);
}

static void summary(const char *file, const struct eap_scenario *s)
{
    size_t uncertain = 0;
    for (size_t i = 0; i < s->input_count; i++) {
        uncertain += eap_dist_is_uncertain(&s->inputs[i].dist);
    }
    printf("%s: ok: %s: %zu places, %zu routes, %zu parties, %zu assets, %zu threats, "
           "%zu tripwires, %zu milestones, %zu inputs (%zu uncertain)\n",
           file, s->id, s->place_count, s->route_count, s->party_count, s->asset_count,
           s->threat_count, s->tripwire_count, s->record_count, s->input_count, uncertain);
}

int cli_validate(int argc, char **argv)
{
    static const struct cli_command self = {"validate", "SCENARIO... [--set PATH=VALUE]...", "",
                                            NULL, NULL};
    static const struct option opts[] = {
        {"set", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static struct cli_sets sets;
    int c;
    while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (!cli_sets_add(&sets, optarg)) {
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_validate_help(stdout);
            return 0;
        default:
            return cli_bad_option(&self, argc, argv);
        }
    }
    if (optind >= argc) {
        cli_error("validate: expected at least one scenario file");
        return cli_bad_option(&self, argc, argv);
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        struct eap_scenario *s = cli_load(argv[i], &sets);
        if (!s) {
            status = EXIT_USAGE;
            continue;
        }
        summary(argv[i], s);
        eap_scenario_destroy(s);
    }
    return status;
}
