/*
 * libFuzzer harness for the scenario loader: feeds arbitrary bytes to eap_scenario_load_text,
 * once as they are and once with a fixed set of --set overrides, and checks that a refusal
 * says why and that a loaded scenario is internally consistent (every index in range).
 * Build and run: docs/robustness.md.
 */
#include <stddef.h>
#include <stdint.h>

#include "eapsim/loader.h"
#include "eapsim/scenario.h"
#include "scenario_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct eap_override overrides[] = {
    {"request_chain/moa", "true", "request_chain/moa=true"},
    {"assets/0/readiness", "5 min", "assets/0/readiness=5 min"},
    {"places/0/protection/perimeter", "{\"triangular\": [\"1 min\", \"2 min\", \"4 min\"]}",
     "places/0/protection/perimeter={\"triangular\": [...]}"},
    {"threats/1/occurred", "false", "threats/1/occurred=false"},
    {"routes/0/segments/0/speed", "\"40 km/h\"", "routes/0/segments/0/speed=\"40 km/h\""},
};

static void one(const uint8_t *data, size_t size, const struct eap_override *o, size_t n)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s =
        eap_scenario_load_text("fuzz.json", (const char *)data, size, o, n, &diag);
    fuzz_check_load(s, &diag);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size, NULL, 0);
    one(data, size, overrides, sizeof(overrides) / sizeof(overrides[0]));
    return 0;
}
