/* For the tests: the bundled scenarios, found through EAP_SOURCE_DIR (meson sets it), loaded
 * with at most one override. Include after cmocka_all.h. */
#ifndef EAPSIM_TEST_SCENARIOS_H
#define EAPSIM_TEST_SCENARIOS_H

#include <stdio.h>
#include <stdlib.h>

#include "eapsim/loader.h"

/* The path of scenarios/NAME in the source tree, into buf. */
static inline const char *scenario_path(const char *name, char *buf, size_t len)
{
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(buf, len, "%s/scenarios/%s", root ? root : ".", name);
    return buf;
}

/* The scenario file at `rel` in the source tree ("tests/data/exercise-drill.json") with the
 * override "PATH=VALUE" when set is not NULL; fails the test when it does not load. */
static inline struct eap_scenario *load_file(const char *rel, const char *set)
{
    char path[1024], buf[256];
    struct eap_override ovr;
    struct eap_error err;
    if (set) {
        assert_true(eap_override_split(set, buf, sizeof(buf), &ovr, &err));
    }
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s = eap_scenario_load(path, set ? &ovr : NULL, set ? 1 : 0, &diag);
    assert_non_null(s);
    eap_diag_finish(&diag);
    return s;
}

/* scenarios/NAME, as load_file. */
static inline struct eap_scenario *load(const char *name, const char *set)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "scenarios/%s", name);
    return load_file(rel, set);
}

#endif
