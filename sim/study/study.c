/*
 * The sides of a study on the batch runner (one side, or two paired on common random
 * numbers), the threads it runs on by default, and what names a study for its files: the
 * fingerprint of its inputs that merged shards must share, and inputs named by their ids.
 */
#include "eapsim/study.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eapsim/utf8.h"
#include "eapsim/clock.h"
#include "eapsim/count_of.h"
#include "eapsim/engine.h"
#include "eapsim/hash.h"

unsigned eap_study_cores(unsigned most)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (unsigned long)n > most ? most : (unsigned)n;
}

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

/* --- inputs in words --- */

/* The words for the keys that name inputs, the longest suffix of the path first. */
static const struct {
    const char *keys, *words;
} key_words[] = {
    {"protection/perimeter", "time the perimeter holds"},
    {"protection/safe_room", "time the safe room holds"},
    {"protection/fire_untenable", "time until smoke fills the shelter"},
    {"protection/cover", "share of fire the walls stop"},
    {"guards/suppression", "guards' share of the attackers' effect"},
    {"guards/walk_away/p", "chance the guards walk away"},
    {"guards/walk_away/when/delay", "when the guards walk away"},
    {"threat/lethality", "ambush lethality"},
    {"threat/delay", "hold-up by an ambush"},
    {"threat/fire", "minutes under fire in an ambush"},
    {"threat/reach", "share of the column in an ambush's kill zone"},
    {"lost/p", "chance the request is lost"},
    {"lost/with_moa", "chance the request is lost, with a memorandum"},
    {"lost/resent_after", "time until a lost request is sent again"},
    {"desertion/p", "chance the escort walks away"},
    {"desertion/after", "when the escort walks away"},
    {"when/delay", "delay after its trigger"},
    {"via/hold", "hold on the way"},
    {"via/speed", "speed after the stop"},
    {"with_moa", "delay with a memorandum"},
    {"stop_delay", "hold when stopped"},
    {"readiness", "readiness"},
    {"speed", "speed"},
    {"delay", "delay"},
    {"formation", "time to form"},
    {"force", "attackers"},
    {"duration", "duration"},
    {"lethality", "lethality"},
    {"smoke", "smoke hazard"},
    {"escape", "time to get out of the smoke"},
    {"exposed", "share of people in the open"},
    {"protection", "share of fire its armour stops"},
    {"breakdown_delay", "repair time"},
    {"boarding", "boarding time"},
    {"p", "chance it happens"},
};

/* The path's components without indices ("/routes/0/segments/1/threat/fire" ->
 * "routes/segments/threat/fire"), and the indices in order. */
static size_t split_path(const char *path, char *keys, size_t len, unsigned long *idx, size_t max)
{
    size_t n = 0, k = 0;
    keys[0] = '\0';
    for (const char *p = path; *p;) {
        while (*p == '/') {
            p++;
        }
        const char *end = p + strcspn(p, "/");
        char *stop;
        unsigned long i = strtoul(p, &stop, 10);
        if (stop == end && end > p) {
            if (n < max) {
                idx[n++] = i;
            }
        } else if (end > p) {
            k += (size_t)snprintf(keys + k, k < len ? len - k : 0, "%s%.*s", k ? "/" : "",
                                  (int)(end - p), p);
        }
        p = end;
    }
    return n;
}

static const char *key_phrase(const char *keys)
{
    size_t lk = strlen(keys);
    for (size_t i = 0; i < COUNT_OF(key_words); i++) {
        size_t lw = strlen(key_words[i].keys);
        if (lw <= lk && strcmp(keys + lk - lw, key_words[i].keys) == 0 &&
            (lw == lk || keys[lk - lw - 1] == '/')) {
            return key_words[i].words;
        }
    }
    return NULL;
}

/* Who the input belongs to, in the scenario's names. */
static void owner_words(const struct eap_scenario *s, const char *keys, const unsigned long *idx,
                        size_t n, char *buf, size_t len)
{
    size_t i0 = n > 0 ? idx[0] : 0;
    buf[0] = '\0';
    if (strncmp(keys, "assets", 6) == 0 && i0 < s->asset_count) {
        snprintf(buf, len, "%s", s->assets[i0].name);
    } else if (strncmp(keys, "threats", 7) == 0 && i0 < s->threat_count) {
        snprintf(buf, len, "%s", s->threats[i0].name);
    } else if (strncmp(keys, "places", 6) == 0 && i0 < s->place_count) {
        snprintf(buf, len, "%s", s->places[i0].name);
    } else if (strncmp(keys, "convoys", 7) == 0 && i0 < s->convoy_count) {
        snprintf(buf, len, "%s", s->convoys[i0].name);
    } else if (strncmp(keys, "vehicles", 8) == 0 && i0 < s->vehicle_count) {
        snprintf(buf, len, "%s", s->vehicles[i0].name);
    } else if (strncmp(keys, "request_chain", 13) == 0 && i0 < s->chain.hop_count) {
        snprintf(buf, len, "Request chain step \"%s\"", s->chain.hops[i0].name);
    } else if (strncmp(keys, "plan", 4) == 0 && i0 < s->tripwire_count) {
        snprintf(buf, len, "Plan step \"%s\"", s->tripwires[i0].name);
    } else if (strncmp(keys, "routes", 6) == 0 && i0 < s->route_count) {
        const struct eap_route *r = &s->routes[i0];
        size_t seg = n > 1 ? idx[1] : 0;
        if (seg < r->segment_count) {
            const struct eap_segment *g = &r->segments[seg];
            int w = snprintf(buf, len, "%s, %s to %s", r->name, s->places[g->from].name,
                             s->places[g->to].name);
            size_t cp = n > 2 ? idx[2] : 0;
            if (w > 0 && (size_t)w < len && strstr(keys, "checkpoints") &&
                cp < g->checkpoint_count) {
                snprintf(buf + w, len - (size_t)w, ", %s", g->checkpoints[cp].name);
            }
        } else {
            snprintf(buf, len, "%s", r->name);
        }
    }
}

const struct eap_input *eap_study_input_at(const struct eap_scenario *scn, const char *path)
{
    path += *path == '/';
    for (size_t i = 0; i < scn->input_count; i++) {
        const struct eap_input *in = &scn->inputs[i];
        char name[EAP_PATH_MAX];
        eap_study_input_name(scn, in->path, name, sizeof(name));
        if (strcmp(name, path) == 0 || strcmp(in->path + (in->path[0] == '/'), path) == 0) {
            return in;
        }
    }
    return NULL;
}

void eap_study_input_label(const struct eap_scenario *scn, const char *path, char *buf, size_t len)
{
    const struct eap_input *in = eap_study_input_at(scn, path);
    if (in) {
        path = in->path; /* with indices, which the words below look up */
    } else if (strcmp(path + (*path == '/'), "request_chain/moa") == 0) {
        snprintf(buf, len, "Memorandum of agreement in the request chain");
        return;
    }
    char keys[EAP_PATH_MAX], owner[1024];
    unsigned long idx[8];
    size_t n = split_path(path, keys, sizeof(keys), idx, COUNT_OF(idx));
    owner_words(scn, keys, idx, n, owner, sizeof(owner));
    const char *what = key_phrase(keys);
    if (!owner[0] || !what) {
        eap_study_input_name(scn, path, buf, len); /* no words known: the path with ids */
        return;
    }
    eap_utf8_fit(buf, len, snprintf(buf, len, "%s: %s", owner, what));
}
