/*
 * libFuzzer harness for the scenario loader: feeds arbitrary bytes to eap_scenario_load_text,
 * once as they are and once with a fixed set of --set overrides, and checks that a loaded
 * scenario is internally consistent (every index in range). Build and run: see
 * tests/fuzz/README.md (clang -fsanitize=fuzzer,address,undefined).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "eapsim/loader.h"
#include "eapsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct eap_override overrides[] = {
    {"request_chain/moa", "true", "request_chain/moa=true"},
    {"assets/0/readiness", "5 min", "assets/0/readiness=5 min"},
    {"places/0/protection/perimeter", "{\"triangular\": [\"1 min\", \"2 min\", \"4 min\"]}",
     "places/0/protection/perimeter={\"triangular\": [...]}"},
    {"threats/1/occurred", "false", "threats/1/occurred=false"},
    {"routes/0/segments/0/speed", "\"40 km/h\"", "routes/0/segments/0/speed=\"40 km/h\""},
};

static void check_input(const struct eap_scenario *s, int32_t i, int optional)
{
    if (i == EAP_NONE && optional) {
        return;
    }
    if (i < 0 || (size_t)i >= s->input_count) {
        abort();
    }
}

static void check_index(int32_t i, size_t count, int optional)
{
    if ((i == EAP_NONE && optional) || (i >= 0 && (size_t)i < count)) {
        return;
    }
    abort();
}

/* A loaded scenario promises valid indices everywhere; consumers rely on it. */
static void check_scenario(const struct eap_scenario *s)
{
    for (size_t i = 0; i < s->route_count; i++) {
        const struct eap_route *r = &s->routes[i];
        if (r->segment_count == 0) {
            abort();
        }
        for (size_t k = 0; k < r->segment_count; k++) {
            const struct eap_segment *g = &r->segments[k];
            check_index(g->from, s->place_count, 0);
            check_index(g->to, s->place_count, 0);
            check_input(s, g->distance, 0);
            check_input(s, g->speed, 0);
            for (size_t j = 0; j < g->checkpoint_count; j++) {
                check_input(s, g->checkpoints[j].delay, 0);
                check_input(s, g->checkpoints[j].at, 1);
            }
        }
        (void)eap_route_replay_length(s, (int32_t)i);
    }
    for (size_t i = 0; i < s->party_count; i++) {
        check_index(s->parties[i].at, s->place_count, 0);
    }
    for (size_t i = 0; i < s->asset_count; i++) {
        const struct eap_asset *a = &s->assets[i];
        check_index(a->base, s->place_count, 0);
        check_input(s, a->readiness, 0);
        check_input(s, a->speed, 0);
        if ((a->target_place == EAP_NONE) == (a->target_route == EAP_NONE)) {
            abort();
        }
    }
    for (size_t i = 0; i < s->convoy_count; i++) {
        check_index(s->convoys[i].route, s->route_count, 0);
        check_input(s, s->convoys[i].formation, 0);
    }
    for (size_t i = 0; i < s->threat_count; i++) {
        check_index(s->threats[i].place, s->place_count, 0);
    }
    for (size_t i = 0; i < s->input_count; i++) {
        if (s->inputs[i].path == NULL) {
            abort();
        }
    }
}

static void one(const uint8_t *data, size_t size, const struct eap_override *o, size_t n)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *s =
        eap_scenario_load_text("fuzz.json", (const char *)data, size, o, n, &diag);
    if (s) {
        if (diag.count != 0) {
            abort(); /* a loaded scenario has no problems */
        }
        check_scenario(s);
    } else if (diag.count == 0 && diag.dropped == 0) {
        abort(); /* a refusal always says why */
    }
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size, NULL, 0);
    one(data, size, overrides, sizeof(overrides) / sizeof(overrides[0]));
    return 0;
}
