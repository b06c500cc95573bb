/*
 * Reading a session log back (the format log_write.c writes). In two steps: the text is
 * parsed and its format checked first, which gives the overrides the scenario must be loaded
 * with; then the log is matched with the loaded scenario, which refuses a log of another
 * scenario, of another version of it (the fingerprint of the file and the overrides), and ids
 * the scenario does not have. Every refusal names the file, the line and column, and the
 * JSON path of the value at fault.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"
#include "sim/batch/json_int.h"

#define MAX_OVERRIDES 64

struct eap_exercise_log {
    cJSON *root;
    char *text;
    size_t len;
    char name[256];
    const char *file;
    const char *overrides[MAX_OVERRIDES];
    size_t override_count;
};

static bool fail(const struct eap_exercise_log *l, const char *pointer, struct eap_error *err,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool fail(const struct eap_exercise_log *l, const char *pointer, struct eap_error *err,
                 const char *fmt, ...)
{
    eap_error_clear(err);
    err->code = EAP_EINPUT;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    eap__copy_text(err->file, sizeof(err->file), l->name);
    eap__copy_text(err->path, sizeof(err->path), pointer);
    size_t off = eap__json_at(l->text, l->len, pointer);
    eap__json_line_col(l->text, l->len, off, &err->line, &err->col);
    return false;
}

/* A member of obj (whose pointer is `at`) and its own pointer, in path[EAP_PATH_MAX]. */
static const cJSON *field(const cJSON *obj, const char *at, const char *key, char *path)
{
    if (snprintf(path, EAP_PATH_MAX, "%s/%s", at, key) >= EAP_PATH_MAX) {
        path[0] = '\0'; /* cannot happen with the keys of a log: paths are short */
    }
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static bool get_string(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                       const char *key, const char **out, struct eap_error *err)
{
    *out = NULL; /* defined on failure too, so no caller reads an unset value */
    char path[EAP_PATH_MAX];
    const cJSON *v = field(obj, at, key, path);
    if (!cJSON_IsString(v)) {
        return fail(l, v ? path : at, err, "expected a string \"%s\", found %s", key,
                    eap_json_kind(v));
    }
    *out = v->valuestring;
    return true;
}

static bool get_bool(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                     const char *key, bool *out, struct eap_error *err)
{
    *out = false;
    char path[EAP_PATH_MAX];
    const cJSON *v = field(obj, at, key, path);
    if (!cJSON_IsBool(v)) {
        return fail(l, v ? path : at, err, "expected \"%s\": true or false, found %s", key,
                    eap_json_kind(v));
    }
    *out = cJSON_IsTrue(v);
    return true;
}

/* A non-negative integer (a number, or decimal digits in a string: json_int.h). */
static bool get_u64(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                    const char *key, uint64_t *out, struct eap_error *err)
{
    *out = 0;
    char path[EAP_PATH_MAX];
    const cJSON *v = field(obj, at, key, path);
    if (!eap_json_get_u64(v, out)) {
        return fail(l, v ? path : at, err,
                    "expected \"%s\": a whole number of at least 0, found %s", key,
                    eap_json_kind(v));
    }
    return true;
}

/* A simulated time in milliseconds, within what the engine can hold. */
static bool get_time(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                     const char *key, eap_time *out, struct eap_error *err)
{
    *out = 0;
    uint64_t v;
    if (!get_u64(l, obj, at, key, &v, err)) {
        return false;
    }
    if (v > (uint64_t)EAP_TIME_MAX) {
        char path[EAP_PATH_MAX];
        field(obj, at, key, path);
        return fail(l, path, err, "expected a time of at most %" PRId64 " ms, found %" PRIu64,
                    (int64_t)EAP_TIME_MAX, v);
    }
    *out = (eap_time)v;
    return true;
}

/* Seconds of wall-clock time: a finite number of at least 0. */
static bool get_wall(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                     const char *key, double *out, struct eap_error *err)
{
    *out = 0;
    char path[EAP_PATH_MAX];
    const cJSON *v = field(obj, at, key, path);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0) {
        return fail(l, v ? path : at, err, "expected \"%s\": seconds, a number of at least 0", key);
    }
    *out = v->valuedouble;
    return true;
}

static const cJSON *get_array(const struct eap_exercise_log *l, const cJSON *obj, const char *at,
                              const char *key, struct eap_error *err)
{
    char path[EAP_PATH_MAX];
    const cJSON *v = field(obj, at, key, path);
    if (!cJSON_IsArray(v)) {
        fail(l, v ? path : at, err, "expected an array \"%s\", found %s", key, eap_json_kind(v));
        return NULL;
    }
    return v;
}

/* ---- parsing ---- */

/* The JSON text itself: parsed whole, nothing but blanks after it. */
static bool parse_json(struct eap_exercise_log *l, struct eap_error *err)
{
    const char *end = NULL;
    l->root = cJSON_ParseWithLengthOpts(l->text, l->len, &end, false);
    size_t off = end ? (size_t)(end - l->text) : 0;
    if (l->root) {
        while (off < l->len && strchr(" \t\r\n", l->text[off]) && l->text[off]) {
            off++;
        }
        if (off == l->len) {
            return true;
        }
    }
    fail(l, "", err,
         "expected a session log (JSON, as eapsim exercise --log writes it): the "
         "text is not well-formed JSON here");
    eap__json_line_col(l->text, l->len, off, &err->line, &err->col);
    err->path[0] = '\0';
    return false;
}

static bool check_format(const struct eap_exercise_log *l, struct eap_error *err)
{
    const char *format;
    if (!cJSON_IsObject(l->root)) {
        return fail(l, "", err, "expected a session log, a JSON object, found %s",
                    eap_json_kind(l->root));
    }
    if (!get_string(l, l->root, "", "format", &format, err)) {
        return false;
    }
    if (strcmp(format, "eapsim exercise log") != 0) {
        return fail(l, "/format", err, "expected \"eapsim exercise log\", found \"%.80s\"", format);
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(l->root, "version");
    if (!cJSON_IsNumber(v) || v->valuedouble != EAP_EXERCISE_LOG_VERSION) {
        char found[48];
        if (cJSON_IsNumber(v)) {
            snprintf(found, sizeof(found), "%g", v->valuedouble);
        } else {
            snprintf(found, sizeof(found), "%s", eap_json_kind(v));
        }
        return fail(l, v ? "/version" : "", err,
                    "expected a log of format version %d, which this eapsim reads, found %s",
                    EAP_EXERCISE_LOG_VERSION, found);
    }
    return true;
}

static bool read_overrides(struct eap_exercise_log *l, struct eap_error *err)
{
    const cJSON *scn = cJSON_GetObjectItemCaseSensitive(l->root, "scenario");
    if (!cJSON_IsObject(scn)) {
        return fail(l, scn ? "/scenario" : "", err, "expected an object \"scenario\", found %s",
                    eap_json_kind(scn));
    }
    if (!get_string(l, scn, "/scenario", "file", &l->file, err)) {
        return false;
    }
    const cJSON *ovr = get_array(l, scn, "/scenario", "overrides", err), *item;
    if (!ovr) {
        return false;
    }
    cJSON_ArrayForEach(item, ovr)
    {
        char path[EAP_PATH_MAX];
        snprintf(path, sizeof(path), "/scenario/overrides/%zu", l->override_count);
        if (!cJSON_IsString(item)) {
            return fail(l, path, err, "expected a string \"PATH=VALUE\", found %s",
                        eap_json_kind(item));
        }
        if (l->override_count == MAX_OVERRIDES) {
            return fail(l, path, err, "expected at most %d overrides", MAX_OVERRIDES);
        }
        l->overrides[l->override_count++] = item->valuestring;
    }
    return true;
}

struct eap_exercise_log *eap_exercise_log_parse(const char *name, const char *text, size_t len,
                                                struct eap_error *err)
{
    struct eap_exercise_log *l = calloc(1, sizeof(*l));
    if (l) {
        l->text = malloc(len + 1);
    }
    if (!l || !l->text) {
        free(l);
        eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", name);
        return NULL;
    }
    memcpy(l->text, text, len);
    l->text[len] = '\0';
    l->len = len;
    eap__copy_text(l->name, sizeof(l->name), name);
    if (!parse_json(l, err) || !check_format(l, err) || !read_overrides(l, err)) {
        eap_exercise_log_destroy(l);
        return NULL;
    }
    return l;
}

void eap_exercise_log_destroy(struct eap_exercise_log *l)
{
    if (l) {
        cJSON_Delete(l->root);
        free(l->text);
        free(l);
    }
}

const char *eap_exercise_log_scenario_file(const struct eap_exercise_log *l)
{
    return l->file;
}

const char *const *eap_exercise_log_overrides(const struct eap_exercise_log *l, size_t *count)
{
    *count = l->override_count;
    return l->overrides;
}

/* ---- matching with the scenario ---- */

static bool check_scenario(const struct eap_exercise_log *l, const struct eap_scenario *scn,
                           uint64_t fingerprint, struct eap_error *err)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(l->root, "scenario");
    const char *id, *fp;
    if (!get_string(l, o, "/scenario", "id", &id, err) ||
        !get_string(l, o, "/scenario", "fingerprint", &fp, err)) {
        return false;
    }
    if (strcmp(id, scn->id) != 0) {
        return fail(l, "/scenario/id", err,
                    "this log is of scenario \"%.80s\", not of \"%s\" (%s): it cannot be "
                    "replayed or resumed on it",
                    id, scn->id, scn->file ? scn->file : "");
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(fp, &end, 16);
    if (strlen(fp) != 16 || *end || errno) {
        return fail(l, "/scenario/fingerprint", err,
                    "expected 16 hexadecimal digits, found \"%.40s\"", fp);
    }
    if ((uint64_t)v != fingerprint) {
        return fail(l, "/scenario/fingerprint", err,
                    "this log was written with another version of scenario \"%s\" or other "
                    "overrides (fingerprint %s in the log, %016" PRIx64 " for %s as it is now "
                    "with the log's overrides): the session would not be reproduced",
                    scn->id, fp, fingerprint, scn->file ? scn->file : "the file");
    }
    return true;
}

static bool read_header(const struct eap_exercise_log *l, struct eap_exercise_record *r,
                        struct eap_error *err)
{
    const char *started, *program;
    if (!get_u64(l, l->root, "", "seed", &r->seed, err) ||
        !get_u64(l, l->root, "", "replication", &r->replication, err) ||
        !get_bool(l, l->root, "", "replay", &r->replay, err) ||
        !get_string(l, l->root, "", "started", &started, err) ||
        !get_string(l, l->root, "", "eapsim_version", &program, err) ||
        !get_time(l, l->root, "", "ended_ms", &r->ended, err) ||
        !get_wall(l, l->root, "", "wall_ended", &r->wall_ended, err) ||
        !get_bool(l, l->root, "", "finished", &r->finished, err)) {
        return false;
    }
    eap__copy_text(r->started, sizeof(r->started), started);
    eap__copy_text(r->program, sizeof(r->program), program);
    return true;
}

/* The object at element i of `list` (its pointer into at[EAP_PATH_MAX]). */
static const cJSON *item_at(const struct eap_exercise_log *l, const char *list, size_t i,
                            const cJSON *item, char *at, struct eap_error *err)
{
    snprintf(at, EAP_PATH_MAX, "/%s/%zu", list, i);
    if (!cJSON_IsObject(item)) {
        fail(l, at, err, "expected an object, found %s", eap_json_kind(item));
        return NULL;
    }
    return item;
}

static bool read_shown(const struct eap_exercise_log *l, struct eap_exercise_record *r,
                       struct eap_error *err)
{
    const cJSON *list = get_array(l, l->root, "", "injects", err), *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, list)
    {
        char at[EAP_PATH_MAX], path[EAP_PATH_MAX];
        const char *id;
        struct eap_exercise_shown x;
        if (!item_at(l, "injects", i++, item, at, err) ||
            !get_string(l, item, at, "id", &id, err) ||
            !get_time(l, item, at, "at_ms", &x.at, err) ||
            !get_wall(l, item, at, "wall", &x.wall, err)) {
            return false;
        }
        x.inject = eap_scenario_find_inject(r->scn, id);
        if (x.inject == EAP_NONE) {
            field(item, at, "id", path);
            return fail(l, path, err,
                        "expected the id of an inject of scenario \"%s\", found "
                        "\"%.80s\"",
                        r->scn->id, id);
        }
        if (!eap__record_add_shown(r, x.inject, x.at, x.wall)) {
            return eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", l->name);
        }
    }
    return list != NULL;
}

/* The decision and option of a choice, by their ids. */
static bool choice_ids(const struct eap_exercise_log *l, const cJSON *item, const char *at,
                       struct eap_exercise_choice *c, const struct eap_scenario *scn,
                       struct eap_error *err)
{
    const char *id, *opt, *by;
    char path[EAP_PATH_MAX];
    if (!get_string(l, item, at, "id", &id, err) || !get_string(l, item, at, "choice", &opt, err) ||
        !get_string(l, item, at, "by", &by, err)) {
        return false;
    }
    c->decision = eap_scenario_find_decision(scn, id);
    if (c->decision == EAP_NONE) {
        field(item, at, "id", path);
        return fail(l, path, err,
                    "expected the id of a decision point of scenario \"%s\", found "
                    "\"%.80s\"",
                    scn->id, id);
    }
    c->option = eap_decision_find_option(&scn->decisions[c->decision], opt);
    if (c->option == EAP_NONE) {
        field(item, at, "choice", path);
        return fail(l, path, err, "expected an option of decision \"%s\", found \"%.80s\"", id,
                    opt);
    }
    if (!eap_chooser_parse(by, &c->by)) {
        field(item, at, "by", path);
        return fail(l, path, err,
                    "expected \"players\", \"answers\", \"countdown\" or \"log\", "
                    "found \"%.80s\"",
                    by);
    }
    return true;
}

static bool read_choices(const struct eap_exercise_log *l, struct eap_exercise_record *r,
                         struct eap_error *err)
{
    const cJSON *list = get_array(l, l->root, "", "decisions", err), *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, list)
    {
        char at[EAP_PATH_MAX];
        const char *who;
        struct eap_exercise_choice c;
        if (!item_at(l, "decisions", i++, item, at, err) ||
            !choice_ids(l, item, at, &c, r->scn, err) ||
            !get_string(l, item, at, "who", &who, err) ||
            !get_time(l, item, at, "at_ms", &c.at, err) ||
            !get_wall(l, item, at, "wall", &c.wall, err)) {
            return false;
        }
        c.who = (char *)who;
        if (!eap__record_add_choice(r, &c)) {
            return eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", l->name);
        }
    }
    return list != NULL;
}

static bool read_observations(const struct eap_exercise_log *l, struct eap_exercise_record *r,
                              struct eap_error *err)
{
    const cJSON *list = get_array(l, l->root, "", "observations", err), *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, list)
    {
        char at[EAP_PATH_MAX];
        const char *text;
        struct eap_exercise_observation o;
        if (!item_at(l, "observations", i++, item, at, err) ||
            !get_time(l, item, at, "at_ms", &o.at, err) ||
            !get_wall(l, item, at, "wall", &o.wall, err) ||
            !get_string(l, item, at, "text", &text, err) ||
            !get_bool(l, item, at, "flagged", &o.flagged, err)) {
            return false;
        }
        o.text = (char *)text;
        if (!eap__record_add_observation(r, &o)) {
            return eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", l->name);
        }
    }
    return list != NULL;
}

bool eap_exercise_log_record(const struct eap_exercise_log *l, const struct eap_scenario *scn,
                             uint64_t fingerprint, struct eap_exercise_record *out,
                             struct eap_error *err)
{
    memset(out, 0, sizeof(*out));
    struct eap_exercise_setup s = {scn,          fingerprint,      0, 0, false, NULL, NULL,
                                   l->overrides, l->override_count};
    bool ok = check_scenario(l, scn, fingerprint, err);
    if (ok && !eap__record_setup(out, &s)) {
        ok = eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", l->name);
    }
    ok = ok && read_header(l, out, err) && read_shown(l, out, err) && read_choices(l, out, err) &&
         read_observations(l, out, err);
    if (!ok) {
        eap_exercise_record_finish(out);
    }
    return ok;
}
