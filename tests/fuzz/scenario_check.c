/*
 * The consistency checks the fuzz harnesses apply to what the loader returns (see
 * scenario_check.h). A failed check aborts, which libFuzzer and the replay test report.
 */
#include "scenario_check.h"

#include <stdint.h>
#include <stdlib.h>

static void check_index(int32_t i, size_t count, int optional)
{
    if ((i == EAP_NONE && optional) || (i >= 0 && (size_t)i < count)) {
        return;
    }
    abort();
}

static void check_input(const struct eap_scenario *s, int32_t i, int optional)
{
    check_index(i, s->input_count, optional);
}

static void check_routes(const struct eap_scenario *s)
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
}

static void check_assets(const struct eap_scenario *s)
{
    for (size_t i = 0; i < s->asset_count; i++) {
        const struct eap_asset *a = &s->assets[i];
        check_index(a->base, s->place_count, 0);
        check_input(s, a->readiness, 0);
        check_input(s, a->speed, 0);
        /* an asset heads for a place or along a route, never both or neither */
        if ((a->target_place == EAP_NONE) == (a->target_route == EAP_NONE)) {
            abort();
        }
    }
}

void fuzz_check_scenario(const struct eap_scenario *s)
{
    check_routes(s);
    check_assets(s);
    for (size_t i = 0; i < s->party_count; i++) {
        check_index(s->parties[i].at, s->place_count, 0);
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

void fuzz_check_load(const struct eap_scenario *s, const struct eap_diag *diag)
{
    if (s) {
        if (diag->count != 0) {
            abort(); /* a loaded scenario has no problems */
        }
        fuzz_check_scenario(s);
    } else if (diag->count == 0 && diag->dropped == 0) {
        abort(); /* a refusal always says why */
    }
}
