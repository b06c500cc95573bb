/*
 * The scenario loader's driver: read the file safely, check it is text and not absurdly
 * nested, parse it with cJSON, note where every value sits in the text (cJSON does not keep
 * positions, so a second light pass over the already-valid text records them), apply --set
 * overrides to the tree, then build the scenario section by section, collecting every
 * problem on the way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "eapsim/loader.h"
#include "loader_internal.h"

/* --- reading and pre-checks --- */

static bool read_file(const char *file, char **text, size_t *len, struct eap_diag *diag)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_EINPUT;
    snprintf(e.file, sizeof(e.file), "%s", file);
    FILE *f = fopen(file, "rb");
    struct stat st;
    if (!f) {
        snprintf(e.msg, sizeof(e.msg), "cannot open: %s", strerror(errno));
    } else if (fstat(fileno(f), &st) != 0) {
        snprintf(e.msg, sizeof(e.msg), "cannot read: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(e.msg, sizeof(e.msg), "cannot read: expected a regular file, found %s",
                 S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
    } else if ((uintmax_t)st.st_size > EAP_SCENARIO_MAX_BYTES) {
        snprintf(e.msg, sizeof(e.msg),
                 "expected a scenario of at most %zu MB, found a file of %.1f MB (not read)",
                 EAP_SCENARIO_MAX_BYTES >> 20, (double)st.st_size / (1 << 20));
    } else {
        *len = (size_t)st.st_size;
        *text = malloc(*len + 1);
        if (*text && fread(*text, 1, *len, f) == *len) {
            (*text)[*len] = '\0';
            fclose(f);
            return true;
        }
        snprintf(e.msg, sizeof(e.msg), "cannot read: %s",
                 *text ? strerror(errno) : "out of memory");
        free(*text);
        *text = NULL;
    }
    if (f) {
        fclose(f);
    }
    eap_diag_add(diag, &e);
    return false;
}

/* --- positions pass over the valid text --- */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
    }
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++) {
        if (*p == '\\') {
            p++;
        }
    }
    return p < end ? p + 1 : end;
}

static const char *scan_value(struct load_ctx *c, const char *p, const char *end, const cJSON *node,
                              uint32_t key_off)
{
    p = skip_ws(p, end);
    eap__record_pos(c, node, key_off, (uint32_t)(p - c->text), NULL);
    if (p >= end) {
        return p;
    }
    if (*p == '{' || *p == '[') {
        bool object = *p == '{';
        char close = object ? '}' : ']';
        const cJSON *child = node->child;
        p = skip_ws(p + 1, end);
        while (p < end && *p != close && child) {
            uint32_t koff = NO_OFF;
            if (object) {
                koff = (uint32_t)(p - c->text);
                p = skip_ws(skip_string(p, end), end) + 1; /* past the ':' */
            }
            p = skip_ws(scan_value(c, p, end, child, koff), end);
            child = child->next;
            if (p < end && *p == ',') {
                p = skip_ws(p + 1, end);
            }
        }
        return p < end ? p + 1 : end;
    }
    if (*p == '"') {
        return skip_string(p, end);
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' &&
           *p != '\r' && *p != '\t') {
        p++;
    }
    return p;
}

/* --- building --- */

static void load_clock(struct load_ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"start", "horizon"};
    size_t saved = c->path_len;
    const cJSON *clock = eap__member(c, root, "clock", true);
    if (!clock || !eap__expect_object(c, clock, "clock")) {
        return;
    }
    eap__ctx_push_key(c, "clock");
    eap__check_keys(c, clock, keys, COUNT_OF(keys));
    const char *start = eap__get_string(c, clock, "start", true);
    char why[256];
    if (start && !eap_clock_parse(&c->scn->clock, start, why, sizeof(why))) {
        eap__report(c, eap__member(c, clock, "start", false), "start", "%s", why);
    } else if (start) {
        c->clock_ok = true;
    }
    const cJSON *h = eap__member(c, clock, "horizon", true);
    double ms;
    if (h && !cJSON_IsString(h)) {
        char found[96];
        eap__describe_json(h, found, sizeof(found));
        eap__report(c, h, "horizon", "expected a fixed duration such as \"24 h\", found %s", found);
    } else if (h && !eap_units_parse(EAP_Q_DURATION, h->valuestring, &ms, why, sizeof(why))) {
        eap__report(c, h, "horizon", "%s", why);
    } else if (h && (ms < EAP_MINUTE || ms > 365.0 * EAP_DAY)) {
        eap__report(c, h, "horizon", "expected a horizon from 1 min to 365 days, found \"%s\"",
                    h->valuestring);
    } else if (h) {
        c->scn->horizon = (eap_time)(ms + 0.5);
    }
    eap__ctx_pop(c, saved);
}

static void load_notes(struct load_ctx *c, const cJSON *root)
{
    const cJSON *notes = eap__member(c, root, "notes", false);
    if (!notes || !eap__expect_array(c, notes, "notes", false)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(notes), i = 0, saved = c->path_len;
    c->scn->notes = eap__ctx_alloc(c, (n ? n : 1) * sizeof(char *));
    eap__ctx_push_key(c, "notes");
    const cJSON *item;
    cJSON_ArrayForEach(item, notes)
    {
        if (!cJSON_IsString(item)) {
            char idx[24];
            snprintf(idx, sizeof(idx), "%zu", i);
            eap__report(c, item, idx, "expected a string");
        } else if (c->scn->notes) {
            c->scn->notes[c->scn->note_count++] = eap__ctx_strdup(c, item->valuestring);
        }
        i++;
    }
    eap__ctx_pop(c, saved);
}

static void load_metrics(struct load_ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"deadline", "on_scene_from"};
    const cJSON *m = eap__member(c, root, "metrics", false);
    if (!m || !eap__expect_object(c, m, "metrics")) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "metrics");
    eap__check_keys(c, m, keys, COUNT_OF(keys));
    eap_time t;
    if (eap__get_time(c, m, "deadline", false, &t)) {
        c->scn->deadline = t;
    }
    const cJSON *from = eap__member(c, m, "on_scene_from", false);
    if (from && eap__expect_object(c, from, "on_scene_from")) {
        size_t s2 = c->path_len;
        eap__ctx_push_key(c, "on_scene_from");
        c->scn->has_origin = eap__parse_condition(c, from, false, &c->scn->origin);
        eap__ctx_pop(c, s2);
    }
    eap__ctx_pop(c, saved);
}

/* "$schema" lets an editor find scenarios/schema.json; the loader ignores its value. */
static const char *const top_keys[] = {
    "eapsim", "id",     "name",     "description", "clock",   "notes",         "places",
    "routes", "people", "vehicles", "assets",      "threats", "request_chain", "convoys",
    "plan",   "record", "metrics",  "exercise",    "$schema"};

static void collect_all_ids(struct load_ctx *c, const cJSON *root)
{
    eap__collect_ids(c, eap__member(c, root, "places", false), "places", &c->places, "place");
    eap__collect_ids(c, eap__member(c, root, "routes", false), "routes", &c->routes, "route");
    eap__collect_ids(c, eap__member(c, root, "people", false), "people", &c->parties, "party");
    eap__collect_ids(c, eap__member(c, root, "vehicles", false), "vehicles", &c->vehicles,
                     "vehicle type");
    eap__collect_ids(c, eap__member(c, root, "assets", false), "assets", &c->assets, "asset");
    eap__collect_ids(c, eap__member(c, root, "threats", false), "threats", &c->threats, "threat");
    eap__collect_ids(c, eap__member(c, root, "convoys", false), "convoys", &c->convoys, "convoy");
    eap__collect_ids(c, eap__member(c, root, "plan", false), "plan", &c->tripwires, "tripwire");
    eap__collect_ids(c, eap__member(c, root, "record", false), "record", &c->milestones,
                     "milestone");
    eap__collect_action_ids(c, eap__member(c, root, "plan", false));
    eap__collect_decision_ids(c, eap__member(c, root, "exercise", false));
    const cJSON *chain = eap__member(c, root, "request_chain", false);
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "request_chain");
    eap__collect_ids(c, cJSON_IsObject(chain) ? eap__member(c, chain, "hops", false) : NULL, "hops",
                     &c->hops, "request-chain hop");
    eap__ctx_pop(c, saved);
}

static void build(struct load_ctx *c, const cJSON *root)
{
    eap__check_keys(c, root, top_keys, COUNT_OF(top_keys));
    int version = 0;
    size_t unsourced = c->unsourced_count;
    bool versioned = eap__get_int(c, root, "eapsim", true, 0, 1000, &version);
    c->unsourced_count = unsourced; /* the format version is not a number that needs a source */
    if (versioned && version != 1) {
        eap__report(c, eap__member(c, root, "eapsim", false), "eapsim",
                    "expected format version 1, found %d", version);
    }
    c->scn->id = eap__get_text(c, root, "id", true);
    c->scn->name = eap__get_text(c, root, "name", true);
    c->scn->description = eap__get_text(c, root, "description", false);
    load_clock(c, root);
    load_notes(c, root);
    collect_all_ids(c, root);
    if (c->places.count == 0 && !eap__member(c, root, "places", false)) {
        eap__report(c, root, NULL, "missing required key \"places\"");
    }
    eap__load_places(c, eap__member(c, root, "places", false));
    eap__load_routes(c, eap__member(c, root, "routes", false));
    eap__load_people(c, eap__member(c, root, "people", false));
    eap__load_vehicles(c, eap__member(c, root, "vehicles", false));
    eap__load_chain(c, eap__member(c, root, "request_chain", false));
    eap__load_assets(c, eap__member(c, root, "assets", false));
    eap__load_threats(c, eap__member(c, root, "threats", false));
    eap__load_convoys(c, eap__member(c, root, "convoys", false));
    eap__load_plan(c, eap__member(c, root, "plan", false));
    eap__load_record(c, eap__member(c, root, "record", false));
    load_metrics(c, root);
    c->root = root;
    eap__load_exercise(c, eap__member(c, root, "exercise", false));
    if (c->errors == 0) {
        eap__check_plan_reachability(c, eap__member(c, root, "plan", false),
                                     eap__member(c, root, "threats", false));
    }
    c->root = NULL;
}

static bool finish_inputs(struct load_ctx *c)
{
    struct eap_scenario *s = c->scn;
    s->inputs = eap__ctx_alloc(c, (c->input_count ? c->input_count : 1) * sizeof(*s->inputs));
    if (!s->inputs) {
        return false;
    }
    for (size_t i = 0; i < c->input_count; i++) {
        struct eap_input *in = &s->inputs[i];
        *in = c->inputs[i];
        in->replay_value =
            in->dist.has_recorded ? in->dist.recorded : eap_dist_quantile(&in->dist, 0.5);
    }
    s->input_count = c->input_count;
    s->unsourced = eap__ctx_alloc(c, (c->unsourced_count + 1) * sizeof(*s->unsourced));
    if (!s->unsourced) {
        return false;
    }
    if (c->unsourced_count) {
        memcpy(s->unsourced, c->unsourced, c->unsourced_count * sizeof(*s->unsourced));
    }
    s->unsourced_count = c->unsourced_count;
    s->metric_count = eap__metric_count(s);
    s->metrics = eap__ctx_alloc(c, s->metric_count * sizeof(*s->metrics));
    if (!s->metrics) {
        return false;
    }
    eap__metrics_define(s, s->metrics);
    return true;
}

static void oom_report(struct load_ctx *c)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_ENOMEM;
    snprintf(e.file, sizeof(e.file), "%s", c->file);
    snprintf(e.msg, sizeof(e.msg), "out of memory while loading");
    eap_diag_add(c->diag, &e);
    c->errors++;
}

/* Checks and parses the text; NULL after reporting why. */
static cJSON *parse(struct load_ctx *c)
{
    if (skip_ws(c->text, c->text + c->len) == c->text + c->len) {
        eap__report_at(c, 0, NULL, "",
                       c->len ? "expected a JSON object, found only white space"
                              : "expected a JSON object, found an empty file");
        return NULL;
    }
    size_t off = 0;
    char msg[512];
    if (!eap__json_check(c, &off, msg, sizeof(msg))) {
        eap__report_at(c, off, NULL, "", msg);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(c->text, c->len, &end, 0);
    if (!root) {
        /* The text is valid JSON, so only memory can be missing. */
        c->oom = true;
        return NULL;
    }
    scan_value(c, c->text, c->text + c->len, root, NO_OFF);
    if (!cJSON_IsObject(root)) {
        char found[96];
        eap__describe_json(root, found, sizeof(found));
        snprintf(msg, sizeof(msg), "expected a JSON object at the top level, found %s", found);
        eap__report_at(c, (size_t)(skip_ws(c->text, c->text + c->len) - c->text), NULL, "/", msg);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static struct eap_scenario *load(struct load_ctx *c, const struct eap_override *ovr, size_t n)
{
    cJSON *root = NULL;
    if (!eap__build_line_table(c)) {
        c->oom = true;
    } else {
        root = parse(c);
    }
    if (root) {
        for (size_t i = 0; i < n; i++) {
            eap__apply_override(c, root, &ovr[i]);
        }
        c->arena = eap__arena_create();
        c->scn = calloc(1, sizeof(*c->scn));
        if (!c->arena || !c->scn) {
            c->oom = true;
        } else {
            /* Even when an override could not be applied, the file's own problems are
             * worth reporting too. */
            c->scn->arena = c->arena;
            c->scn->file = eap__ctx_strdup(c, c->file);
            build(c, root);
        }
        cJSON_Delete(root);
    }
    if (root && !c->oom && c->errors == 0 && finish_inputs(c)) {
        return c->scn;
    }
    if (c->oom) {
        oom_report(c);
    }
    if (c->scn) {
        c->scn->arena = NULL;
    }
    free(c->scn);
    eap__arena_free(c->arena);
    return NULL;
}

struct eap_scenario *eap_scenario_load_text(const char *name, const char *text, size_t len,
                                            const struct eap_override *overrides,
                                            size_t override_count, struct eap_diag *diag)
{
    struct load_ctx c;
    memset(&c, 0, sizeof(c));
    c.file = name ? name : "(text)";
    c.diag = diag;
    if (len > EAP_SCENARIO_MAX_BYTES) {
        char msg[128];
        snprintf(msg, sizeof(msg), "expected a scenario of at most %zu MB, found %.1f MB of text",
                 EAP_SCENARIO_MAX_BYTES >> 20, (double)len / (1 << 20));
        eap__report_at(&c, NO_OFF, NULL, "", msg);
        return NULL;
    }
    /* A UTF-8 byte order mark (some Windows editors write one) is not JSON: skip it, and
     * count columns from after it, as editors do. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    c.text = text;
    c.len = len;
    size_t first = diag->count;
    struct eap_scenario *scn = load(&c, overrides, override_count);
    eap__sort_problems(diag, first);
    free(c.line_starts);
    free(c.pos);
    free(c.inputs);
    free(c.unsourced);
    return scn;
}

struct eap_scenario *eap_scenario_load(const char *file, const struct eap_override *overrides,
                                       size_t override_count, struct eap_diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    if (!read_file(file, &text, &len, diag)) {
        return NULL;
    }
    struct eap_scenario *scn =
        eap_scenario_load_text(file, text, len, overrides, override_count, diag);
    free(text);
    return scn;
}
