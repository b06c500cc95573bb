/*
 * The sides of a study on the batch runner (one side, or two paired on common random
 * numbers), and what names a study for its files: the fingerprint of its inputs that merged
 * shards must share, and inputs named by their ids.
 */
#include "eapsim/study.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/clock.h"
#include "eapsim/count_of.h"
#include "eapsim/engine.h"
#include "eapsim/hash.h"

bool eap_study_run(const struct eap_batch_spec *tmpl, const struct eap_study_side *side,
                   struct eap_batch_stats *out, struct eap_error *err)
{
    struct eap_batch_spec spec = *tmpl; /* every field the caller set, the sides aside */
    spec.scn = side->scn;
    spec.vs = NULL;
    spec.fixed_inputs = side->fixed_inputs;
    spec.from = side->from;
    spec.vs_from = NULL;
    return eap_mpi_batch_run(&spec, out, err);
}

bool eap_study_compare(const struct eap_batch_spec *tmpl, const struct eap_study_side *a,
                       const struct eap_study_side *b, struct eap_batch_stats *out,
                       struct eap_error *err)
{
    if (b->fixed_inputs) {
        return eap_error_set(err, EAP_EINPUT,
                             "a comparison holds inputs fixed on side A only (side B's fixed "
                             "inputs would be ignored)");
    }
    struct eap_batch_spec spec = *tmpl;
    spec.scn = a->scn;
    spec.vs = b->scn;
    spec.fixed_inputs = a->fixed_inputs;
    spec.from = a->from;
    spec.vs_from = b->from;
    return eap_mpi_batch_run(&spec, out, err);
}

struct eap_engine *eap_study_history(const struct eap_scenario *scn, eap_time t,
                                     struct eap_error *err)
{
    struct eap_engine *e = eap_engine_create(scn, err);
    if (!e) {
        return NULL;
    }
    struct eap_engine_options opt = {.replay = true, .track = true};
    eap_engine_reset(e, 0, 0, &opt);
    enum eap_run_status st = eap_engine_run_until(e, t, err);
    struct eap_engine *snap = NULL;
    if (st == EAP_RUN_REACHED) {
        snap = eap_engine_snapshot(e, err);
    } else if (st == EAP_RUN_ENDED) {
        char end[32];
        eap_time_format_offset(eap_engine_now(e), end, sizeof(end));
        eap_error_set(err, EAP_EINPUT, "the replay of the record ends at %s, before that time",
                      end);
    } else if (st == EAP_RUN_DECISION) {
        eap_error_set(err, EAP_EINPUT, "the replay stops at a decision point before that time");
    }
    eap_engine_destroy(e);
    return snap;
}

static uint64_t hash_overrides(uint64_t h, const struct eap_override *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = eap_fnv1a(h, o[i].origin, strlen(o[i].origin) + 1);
    }
    return eap_fnv1a(h, "|", 1); /* so an override cannot move from one side to the other */
}

uint64_t eap_study_fingerprint(const char *file, const struct eap_override *a, size_t a_count,
                               const struct eap_override *b, size_t b_count)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        return 0;
    }
    uint64_t h = EAP_FNV_OFFSET;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        h = eap_fnv1a(h, buf, n);
    }
    if (ferror(f)) {
        int saved = errno;
        fclose(f);
        errno = saved;
        return 0;
    }
    fclose(f);
    return hash_overrides(hash_overrides(h, a, a_count), b, b_count);
}

/* The id of element i of a scenario section ("assets", "hops", ...), or NULL. */
static const char *element_id(const struct eap_scenario *s, const char *section, size_t i)
{
    const struct {
        const char *name;
        size_t count;
    } sizes[] = {
        {"places", s->place_count},     {"routes", s->route_count},  {"people", s->party_count},
        {"vehicles", s->vehicle_count}, {"assets", s->asset_count},  {"threats", s->threat_count},
        {"convoys", s->convoy_count},   {"plan", s->tripwire_count}, {"hops", s->chain.hop_count}};
    size_t k = 0;
    while (k < COUNT_OF(sizes) && (strcmp(section, sizes[k].name) != 0 || i >= sizes[k].count)) {
        k++;
    }
    switch (k) {
    case 0:
        return s->places[i].id;
    case 1:
        return s->routes[i].id;
    case 2:
        return s->parties[i].id;
    case 3:
        return s->vehicles[i].id;
    case 4:
        return s->assets[i].id;
    case 5:
        return s->threats[i].id;
    case 6:
        return s->convoys[i].id;
    case 7:
        return s->tripwires[i].id;
    case 8:
        return s->chain.hops[i].id;
    default:
        return NULL;
    }
}

void eap_study_input_name(const struct eap_scenario *scn, const char *path, char *buf, size_t len)
{
    char copy[EAP_PATH_MAX], prev[64] = "";
    snprintf(copy, sizeof(copy), "%s", path);
    size_t n = 0;
    buf[0] = '\0';
    char *save = NULL;
    for (char *c = strtok_r(copy, "/", &save); c && n < len; c = strtok_r(NULL, "/", &save)) {
        char *end;
        unsigned long i = strtoul(c, &end, 10);
        const char *id = *c && !*end ? element_id(scn, prev, i) : NULL;
        int w = snprintf(buf + n, len - n, "%s%s", n ? "/" : "", id ? id : c);
        n += w > 0 ? (size_t)w : 0;
        snprintf(prev, sizeof(prev), "%s", c);
    }
}
