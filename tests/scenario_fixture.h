/* Loading scenarios in tests: the bundled files (found through EAP_SOURCE_DIR) with
 * overrides, and scenarios written inline. Both fail the test with the loader's first message
 * when the scenario does not load. */
#ifndef EAPSIM_TEST_SCENARIO_FIXTURE_H
#define EAPSIM_TEST_SCENARIO_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "eapsim/scenario.h"

/* The path of a bundled scenario (a static buffer). */
const char *fixture_scenario_path(const char *name);
/* A bundled scenario with up to 8 "PATH=VALUE" overrides. */
struct eap_scenario *fixture_load_file(const char *name, const char *const *sets, size_t n);
/* A scenario from JSON text. */
struct eap_scenario *fixture_load_text(const char *json);
/* A scenario from a printf template of JSON text (up to 8 KiB once filled in). */
struct eap_scenario *fixture_load_format(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

struct eap_engine;
/* The value of the metric named `name` at the end of a run (the test fails if there is no
 * such metric). */
int64_t fixture_metric(const struct eap_engine *e, const char *name);

#endif
