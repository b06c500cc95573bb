/*
 * Loading scenarios from JSON (cJSON) into an immutable struct eap_scenario, with overrides.
 *
 * Every problem in a file is reported, not only the first: each names the file, the line and
 * column, the JSON path (/assets/3/readiness), what was expected and what was found, and a
 * "did you mean" for unknown keys and ids. The cJSON tree never leaves the loader.
 * The format is described in docs/scenario-format.md and scenarios/schema.json.
 */
#ifndef EAPSIM_LOADER_H
#define EAPSIM_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/error.h"
#include "eapsim/scenario.h"

/* Files larger than this are refused before parsing. */
#define EAP_SCENARIO_MAX_BYTES ((size_t)16 << 20)
/* JSON nested deeper than this is refused (cJSON's own limit is 1000). */
#define EAP_SCENARIO_MAX_DEPTH 64
/* Arrays with more elements, objects with more members, are refused: so is a section with
 * more places, assets, threats... than this, which keeps loading (duplicate ids, references,
 * the plan's reachability) and every run's set-up bounded. The bundled scenarios have 15. */
#define EAP_SCENARIO_MAX_ITEMS 10000
/* Strings longer than this many bytes (between the quotes, as written: escapes count as
 * written) are refused: an id, a name, a note or a source is never that long. The bundled
 * scenarios' longest is 737. */
#define EAP_SCENARIO_MAX_STRING 16384

/* One "--set PATH=VALUE": PATH is slash-separated keys, array indices or ids
 * ("assets/isr_drone/readiness", "request_chain/moa"); VALUE is JSON when it parses as JSON
 * (true, 12, {"triangular": [...]}) and a string otherwise ("30 min"). */
struct eap_override {
    const char *path;
    const char *value;
    const char *origin; /* for messages: the argument ("assets/x/speed=3 kn"), shown after
                           "--set", or with its option ("--sweep assets/x/speed=3 kn") */
};

/* Splits "PATH=VALUE" (pointers into arg's copy in buf). Returns false with a message when
 * there is no '=' or the path is empty. */
bool eap_override_split(const char *arg, char *buf, size_t len, struct eap_override *out,
                        struct eap_error *err);

/* Reads and checks a scenario file, applies the overrides in order, and builds the scenario.
 * Returns a new scenario (free with eap_scenario_destroy()), or NULL with every problem in
 * diag. */
struct eap_scenario *eap_scenario_load(const char *file, const struct eap_override *overrides,
                                       size_t override_count, struct eap_diag *diag);

/* The same from text in memory; `name` stands for the file in messages. */
struct eap_scenario *eap_scenario_load_text(const char *name, const char *text, size_t len,
                                            const struct eap_override *overrides,
                                            size_t override_count, struct eap_diag *diag);

#endif
