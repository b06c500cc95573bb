/* Loading scenarios in tests: the bundled files (found through EAP_SOURCE_DIR) with
 * overrides, and scenarios written inline. Both fail the test with the loader's first message
 * when the scenario does not load. */
#ifndef EAPSIM_TEST_SCENARIO_FIXTURE_H
#define EAPSIM_TEST_SCENARIO_FIXTURE_H

#include <stddef.h>

#include "eapsim/scenario.h"

/* The path of a bundled scenario (a static buffer). */
const char *fixture_scenario_path(const char *name);
/* A bundled scenario with up to 8 "PATH=VALUE" overrides. */
struct eap_scenario *fixture_load_file(const char *name, const char *const *sets, size_t n);
/* A scenario from JSON text. */
struct eap_scenario *fixture_load_text(const char *json);

#endif
