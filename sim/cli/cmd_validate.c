/*
 * eapsim validate FILE...: loads each scenario and reports every problem, located; exit 2 on
 * any, 0 with a one-line summary per good file.
 */
#include <getopt.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "cli.h"
#include "eapsim/scenario.h"

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void summary(const char *file, const struct eap_scenario *s)
{
    size_t uncertain = 0;
    for (size_t i = 0; i < s->input_count; i++) {
        uncertain += eap_dist_is_uncertain(&s->inputs[i].dist);
    }
    printf("%s: ok: %s: %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, %zu %s, %zu %s "
           "(%zu uncertain)\n",
           file, s->id, s->place_count, plural(s->place_count, "place", "places"), s->route_count,
           plural(s->route_count, "route", "routes"), s->party_count,
           plural(s->party_count, "party", "parties"), s->asset_count,
           plural(s->asset_count, "asset", "assets"), s->threat_count,
           plural(s->threat_count, "threat", "threats"), s->tripwire_count,
           plural(s->tripwire_count, "tripwire", "tripwires"), s->record_count,
           plural(s->record_count, "milestone", "milestones"), s->input_count,
           plural(s->input_count, "input", "inputs"), uncertain);
}

/* `eapsim validate scenarios/[all].json` meets scenarios/schema.json: a JSON Schema (it has
 * "$schema" and no "eapsim" key) is named and skipped rather than reported as a broken
 * scenario. */
static bool is_json_schema(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        return false;
    }
    char *text = malloc(1 << 20);
    size_t n = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    bool schema = false;
    if (text) {
        text[n] = '\0';
        cJSON *root = cJSON_Parse(text);
        schema = cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "$schema") &&
                 !cJSON_GetObjectItemCaseSensitive(root, "eapsim");
        cJSON_Delete(root);
    }
    free(text);
    return schema;
}

int cli_validate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 's'},
        {"strict", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static struct cli_sets sets;
    bool strict = false;
    int c;
    while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'S':
            strict = true;
            break;
        case 's':
            if (!cli_sets_add(&sets, optarg)) {
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_help("validate");
            return 0;
        default:
            return cli_bad_option("validate");
        }
    }
    if (optind >= argc) {
        cli_error("validate: expected at least one scenario file");
        return cli_bad_option("validate");
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (is_json_schema(argv[i])) {
            printf("%s: skipped: a JSON Schema, not a scenario\n", argv[i]);
            continue;
        }
        struct eap_scenario *s = cli_load(argv[i], &sets);
        if (!s) {
            status = EXIT_USAGE;
            continue;
        }
        for (size_t k = 0; strict && k < s->unsourced_count; k++) {
            fprintf(stderr,
                    "%s:%s: a number with neither a source nor a note (give \"source\" or, "
                    "for an assumption, \"note\" saying why)\n",
                    argv[i], s->unsourced[k]);
        }
        if (strict && s->unsourced_count > 0) {
            fprintf(stderr, "%s: %zu unsourced number%s (--strict)\n", argv[i], s->unsourced_count,
                    s->unsourced_count == 1 ? "" : "s");
            status = EXIT_USAGE;
        } else {
            summary(argv[i], s);
        }
        eap_scenario_destroy(s);
    }
    return status;
}
