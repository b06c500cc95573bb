/*
 * libFuzzer harness for --set: each line of the input (up to MAX_SETS) is one "PATH=VALUE"
 * argument, split by eap_override_split() as the command line does, then applied in order to
 * a small valid scenario (override_base.json) by the loader. Checks that a refused argument
 * says why, that a split keeps the whole argument, and that the load either refuses with a
 * message or gives a consistent scenario (scenario_check.h).
 * Build and run: docs/robustness.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/loader.h"
#include "eapsim/scenario.h"
#include "scenario_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SETS 8
#define SET_BUF 512 /* as the command line's (sim/cli/cli.h) */

#ifndef FUZZ_OVERRIDE_BASE
#error "meson defines FUZZ_OVERRIDE_BASE, the path of override_base.json"
#endif

struct base {
    char *text;
    size_t len;
};

/* The scenario the overrides apply to, read once. A base that cannot be read or does not
 * load is a broken harness, not a finding: say so and stop. */
static const struct base *base_scenario(void)
{
    static struct base b;
    if (b.text) {
        return &b;
    }
    FILE *f = fopen(FUZZ_OVERRIDE_BASE, "rb");
    b.text = malloc(1 << 16);
    b.len = f && b.text ? fread(b.text, 1, 1 << 16, f) : 0;
    if (f) {
        fclose(f);
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s =
        b.len ? eap_scenario_load_text("base", b.text, b.len, NULL, 0, &diag) : NULL;
    if (!s) {
        fprintf(stderr, "fuzz_override: %s does not load\n", FUZZ_OVERRIDE_BASE);
        exit(2);
    }
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    return &b;
}

/* Splits one argument; aborts when the outcome breaks eap_override_split()'s contract. */
static bool split(const char *arg, char *buf, struct eap_override *o)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (!eap_override_split(arg, buf, SET_BUF, o, &err)) {
        if (err.msg[0] == '\0') {
            abort(); /* a refusal says why */
        }
        return false;
    }
    /* PATH=VALUE splits at the first '=': the path, '=' and the value give the argument back
     * (less any leading '/' of the path) */
    size_t pl = strlen(o->path), vl = strlen(o->value), al = strlen(arg);
    if (pl == 0 || o->path[0] == '/' || pl + 1 + vl > al || strcmp(arg + al - vl, o->value) != 0 ||
        arg[al - vl - 1] != '=' || memcmp(arg + al - vl - 1 - pl, o->path, pl) != 0 ||
        strchr(o->path, '=') != NULL) {
        abort();
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct base *b = base_scenario();
    char *args = malloc(size + 1);
    static char bufs[MAX_SETS][SET_BUF];
    struct eap_override sets[MAX_SETS];
    size_t n = 0;
    if (!args) {
        abort();
    }
    memcpy(args, data, size);
    args[size] = '\0';
    for (char *line = args, *next; line && n < MAX_SETS; line = next) {
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        n += split(line, bufs[n], &sets[n]);
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load_text("base.json", b->text, b->len, sets, n, &diag);
    fuzz_check_load(s, &diag);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    free(args);
    return 0;
}
