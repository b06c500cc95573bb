/*
 * The exact state of a batch as JSON: what a shard writes for `eapsim merge`, and what MPI
 * ranks send to rank 0. Integers follow json_int.h (numbers up to 2^53 - 1, decimal strings
 * beyond); reading checks every field and names the one that is wrong.
 *
 * Version 3 adds to each statistic the values it keeps while they are few (stats.h, "exact"),
 * so a merge of small shards gives the exact percentiles one run would, and may carry the
 * provenance stamp of the run that wrote it ("stamp", an object written last with one field
 * a line), the plan's deadline for people ("deadline"), the scenario's start ("clock_start"),
 * a comparison's changes in words ("vs_label") and the record's replay's value of each metric
 * ("replay"), which the summaries show. Version 2
 * describes each metric with its role and subject (metrics.h), so the merged outputs draw the same
 * pictures as a single run; it still reads, its statistics as ones that let their values go.
 * Version 1 (eapsim 0.1.0 before the metric schema) wrote every integer as a string and no
 * roles: it still reads, the role taken from the first part of the metric's name, which
 * version 1 wrote as the role's name.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_config.h"
#include "eapsim/batch.h"
#include "eapsim/count_of.h"
#include "json_int.h"
#include "stats_json.h"

#define STATE_VERSION 3

static const char *const unit_names[] = {"duration", "person_time", "count", "flag"};

static cJSON *metric_json(const struct eap_batch_stats *s, size_t i)
{
    const struct eap_metric_def *d = &s->defs[i];
    cJSON *m = cJSON_CreateObject();
    if (!m) {
        return NULL;
    }
    cJSON_AddStringToObject(m, "name", d->name);
    cJSON_AddStringToObject(m, "label", d->label);
    cJSON_AddStringToObject(m, "unit", unit_names[d->unit]);
    cJSON_AddStringToObject(m, "role", eap_metric_role_name(d->role));
    cJSON_AddNumberToObject(m, "subject", d->subject);
    if (d->has_recorded) {
        eap_json_add_i64(m, "recorded", d->recorded);
    }
    cJSON_AddItemToObjectCS(m, "a", eap_stat_to_json(&s->a[i]));
    if (s->b) {
        cJSON_AddItemToObjectCS(m, "b", eap_stat_to_json(&s->b[i]));
        cJSON_AddItemToObjectCS(m, "diff", eap_stat_to_json(&s->diff[i]));
    }
    return m;
}

/* "replay": the replay's value of each metric, null where it never came about. */
static bool add_replay(cJSON *root, const struct eap_batch_meta *meta, size_t n)
{
    cJSON *arr = meta->replay ? cJSON_AddArrayToObject(root, "replay") : NULL;
    for (size_t i = 0; arr && i < n; i++) {
        char dec[32];
        snprintf(dec, sizeof(dec), "%" PRId64, meta->replay[i]);
        cJSON *v = meta->replay[i] == EAP_METRIC_MISSING ? cJSON_CreateNull() : eap_json_int(dec);
        if (!v || !cJSON_AddItemToArray(arr, v)) {
            cJSON_Delete(v);
            return false;
        }
    }
    return !meta->replay || arr;
}

/* The stamp goes last, as its text came (one field a line), after the rest on one line. */
static char *with_stamp(char *text, const char *stamp)
{
    size_t n = text ? strlen(text) : 0;
    if (!text || !stamp || n == 0 || text[n - 1] != '}') {
        return text;
    }
    size_t len = n + strlen(stamp) + 16;
    char *out = malloc(len);
    if (out) {
        snprintf(out, len, "%.*s,\"stamp\":%s}\n", (int)(n - 1), text, stamp);
    }
    free(text);
    return out;
}

char *eap_batch_state_to_json(const struct eap_batch_meta *meta, const struct eap_batch_stats *s)
{
    errno = 0; /* a metric's members are added unchecked: malloc's errno tells they all were */
    cJSON *root = cJSON_CreateObject();
    char fp[24];
    snprintf(fp, sizeof(fp), "%016" PRIx64, meta->fingerprint);
    bool ok =
        root && cJSON_AddNumberToObject(root, "eapsim_batch_state", STATE_VERSION) &&
        cJSON_AddStringToObject(root, "scenario", meta->scenario_id) &&
        cJSON_AddStringToObject(root, "name", meta->scenario_name) &&
        cJSON_AddStringToObject(root, "file", meta->file) &&
        cJSON_AddStringToObject(root, "fingerprint", fp) &&
        eap_json_add_u64(root, "seed", meta->seed) && eap_json_add_u64(root, "runs", meta->runs) &&
        eap_json_add_u64(root, "first", meta->first) &&
        eap_json_add_u64(root, "count", meta->count) &&
        eap_json_add_u64(root, "completed", s->completed) &&
        cJSON_AddStringToObject(root, "overrides", meta->overrides ? meta->overrides : "") &&
        cJSON_AddStringToObject(root, "vs_overrides",
                                meta->vs_overrides ? meta->vs_overrides : "") &&
        (!meta->from || !meta->from[0] || cJSON_AddStringToObject(root, "from", meta->from)) &&
        (!meta->deadline || cJSON_AddStringToObject(root, "deadline", meta->deadline)) &&
        (!meta->clock_start || cJSON_AddStringToObject(root, "clock_start", meta->clock_start)) &&
        (!meta->vs_label || cJSON_AddStringToObject(root, "vs_label", meta->vs_label)) &&
        add_replay(root, meta, s->metric_count) &&
        cJSON_AddBoolToObject(root, "paired", s->b != NULL);
    cJSON *metrics = ok ? cJSON_AddArrayToObject(root, "metrics") : NULL;
    for (size_t i = 0; metrics && ok && i < s->metric_count; i++) {
        cJSON *m = metric_json(s, i);
        ok = m && cJSON_GetObjectItem(m, "a") && cJSON_AddItemToArray(metrics, m);
        if (!ok) {
            cJSON_Delete(m); /* not in the tree */
        }
    }
    char *text = ok && metrics && errno != ENOMEM ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return with_stamp(text, meta->stamp);
}

/* --- reading --- */

struct reader {
    const char *name;
    int version;
    struct eap_error *err;
    char *strings; /* copies of the strings meta points to */
    size_t used, cap;
};

static bool fail(struct reader *r, const char *path, const char *msg)
{
    eap_error_set(r->err, EAP_EINPUT, "%s", msg);
    snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
    snprintf(r->err->path, sizeof(r->err->path), "%s", path);
    return false;
}

/* Whole text as an unsigned integer in base 10 or 16: digits only (no sign, no spaces),
 * within 64 bits. */
static bool parse_u64(const char *text, int base, uint64_t *out)
{
    if (!isxdigit((unsigned char)text[0]) || (base == 10 && !isdigit((unsigned char)text[0]))) {
        return false;
    }
    char *end;
    errno = 0;
    *out = strtoull(text, &end, base);
    return *end == '\0' && errno != ERANGE;
}

static bool get_u64(struct reader *r, const cJSON *o, const char *key, uint64_t *out)
{
    char path[64];
    snprintf(path, sizeof(path), "/%s", key);
    return eap_json_get_u64(cJSON_GetObjectItemCaseSensitive(o, key), out) ||
           fail(r, path, "expected a non-negative 64-bit integer");
}

static const char *get_str(struct reader *r, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char path[64];
    snprintf(path, sizeof(path), "/%s", key);
    if (!cJSON_IsString(v)) {
        fail(r, path, "expected a string");
        return NULL;
    }
    size_t n = strlen(v->valuestring) + 1;
    if (r->used + n > r->cap) {
        fail(r, path, "strings larger than the file");
        return NULL;
    }
    char *dst = r->strings + r->used;
    memcpy(dst, v->valuestring, n);
    r->used += n;
    return dst;
}

/* The metric's role and subject: written since version 2; in version 1 the role is the first
 * part of the name ("milestone/convoy_arrives"), and the subject is not known (-1). */
static bool read_role(struct reader *r, const cJSON *m, const char *path, struct eap_metric_def *d)
{
    if (r->version == 1) {
        char role[96];
        snprintf(role, sizeof(role), "%.*s", (int)strcspn(d->name, "/"), d->name);
        d->subject = -1;
        return eap_metric_role_parse(role, &d->role) ||
               fail(r, path, "a version 1 metric name that names no metric role");
    }
    const cJSON *role = cJSON_GetObjectItemCaseSensitive(m, "role");
    const cJSON *subject = cJSON_GetObjectItemCaseSensitive(m, "subject");
    if (!cJSON_IsString(role) || !eap_metric_role_parse(role->valuestring, &d->role)) {
        return fail(r, path, "expected the metric's role (\"time_all_safe\", \"milestone\", ...)");
    }
    double v = cJSON_IsNumber(subject) ? subject->valuedouble : -2;
    if (!(v >= -1 && v <= INT32_MAX) || v != (int32_t)v) {
        return fail(r, path, "expected the metric's subject, an index or -1");
    }
    d->subject = (int32_t)v;
    return true;
}

/* The record's value of a milestone metric: an integer (milliseconds from the start). */
static bool read_recorded(struct reader *r, const cJSON *m, const char *path,
                          struct eap_metric_def *d)
{
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(m, "recorded");
    d->has_recorded = rec != NULL;
    if (!rec) {
        return true;
    }
    if (d->unit != EAP_MU_DURATION) {
        return fail(r, path, "only a duration metric (a milestone) has a recorded value");
    }
    char text[EAP_JSON_INT_TEXT], *end = NULL;
    const char *why;
    errno = 0;
    bool ok = eap_json_int_text(rec, text, &why);
    d->recorded = ok ? strtoll(text, &end, 10) : 0;
    if (!ok || !text[0] || *end || errno == ERANGE) {
        return fail(r, path, "expected the recorded value as a 64-bit integer");
    }
    return true;
}

static bool read_def(struct reader *r, const cJSON *m, size_t i, struct eap_metric_def *d)
{
    char path[64];
    snprintf(path, sizeof(path), "/metrics/%zu", i);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, "name");
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(m, "label");
    const cJSON *unit = cJSON_GetObjectItemCaseSensitive(m, "unit");
    if (!cJSON_IsString(name) || !cJSON_IsString(label) || !cJSON_IsString(unit)) {
        return fail(r, path, "expected a metric with a name, a label and a unit");
    }
    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "%s", name->valuestring);
    snprintf(d->label, sizeof(d->label), "%s", label->valuestring);
    int u = -1;
    for (int k = 0; k < (int)COUNT_OF(unit_names); k++) {
        u = strcmp(unit->valuestring, unit_names[k]) == 0 ? k : u;
    }
    if (u < 0) {
        return fail(r, path, "unknown metric unit");
    }
    d->unit = (enum eap_metric_unit)u;
    if (!read_role(r, m, path, d) || !read_recorded(r, m, path, d)) {
        return false;
    }
    eap_metric_def_derive(d); /* the flags that follow from the role, as the loader sets them */
    return true;
}

static bool read_stat(struct reader *r, const cJSON *m, const char *key, size_t i,
                      struct eap_stat *s)
{
    if (!eap_stat_from_json(s, cJSON_GetObjectItemCaseSensitive(m, key), r->err)) {
        char path[EAP_PATH_MAX + 64];
        snprintf(path, sizeof(path), "/metrics/%zu/%s%s", i, key, r->err->path);
        snprintf(r->err->path, sizeof(r->err->path), "%.*s", (int)sizeof(r->err->path) - 1, path);
        snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
        return false;
    }
    return true;
}

static bool read_metrics(struct reader *r, const cJSON *root, bool paired,
                         struct eap_batch_stats *stats)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "metrics");
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        return fail(r, "/metrics", "expected a non-empty array of metrics");
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    struct eap_metric_def *defs = calloc(n, sizeof(*defs));
    if (!defs) {
        return eap_error_set(r->err, EAP_ENOMEM, "out of memory reading %s", r->name);
    }
    const cJSON *m;
    bool ok = true;
    cJSON_ArrayForEach(m, arr)
    {
        ok = ok && read_def(r, m, i, &defs[i]);
        i++;
    }
    if (ok && !eap_batch_stats_init(stats, defs, n, paired)) {
        ok = eap_error_set(r->err, EAP_ENOMEM, "out of memory reading %s", r->name);
    }
    free(defs);
    i = 0;
    cJSON_ArrayForEach(m, arr)
    {
        if (!ok) {
            break;
        }
        /* eap_stat_from_json wants an empty stat that holds no memory */
        eap_stat_finish(&stats->a[i]);
        ok = read_stat(r, m, "a", i, &stats->a[i]);
        if (ok && paired) {
            eap_stat_finish(&stats->b[i]);
            eap_stat_finish(&stats->diff[i]);
            ok = read_stat(r, m, "b", i, &stats->b[i]) &&
                 read_stat(r, m, "diff", i, &stats->diff[i]);
        }
        i++;
    }
    return ok;
}

static bool read_meta(struct reader *r, const cJSON *root, struct eap_batch_meta *meta)
{
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "eapsim_batch_state");
    if (!cJSON_IsNumber(version)) {
        return fail(r, "/eapsim_batch_state",
                    "not an eapsim batch state (no \"eapsim_batch_state\" version)");
    }
    if (version->valuedouble != 1 && version->valuedouble != 2 &&
        version->valuedouble != STATE_VERSION) {
        char msg[160];
        snprintf(
            msg, sizeof(msg),
            "batch state version %.10g, which this eapsim (%s) cannot read: it reads versions 1 "
            "to %d (re-run the shard with this eapsim)",
            version->valuedouble, EAP_VERSION, STATE_VERSION);
        return fail(r, "/eapsim_batch_state", msg);
    }
    r->version = (int)version->valuedouble;
    const char *fp = get_str(r, root, "fingerprint");
    if (!fp || !parse_u64(fp, 16, &meta->fingerprint)) {
        return fail(r, "/fingerprint", "expected a hexadecimal fingerprint of 64 bits");
    }
    meta->scenario_id = get_str(r, root, "scenario");
    meta->scenario_name = get_str(r, root, "name");
    meta->file = get_str(r, root, "file");
    meta->overrides = get_str(r, root, "overrides");
    meta->vs_overrides = get_str(r, root, "vs_overrides");
    /* "from" is written only for branched studies (and absent before them). */
    meta->from = cJSON_GetObjectItemCaseSensitive(root, "from") ? get_str(r, root, "from") : "";
    return meta->scenario_id && meta->scenario_name && meta->file && meta->overrides &&
           meta->vs_overrides && meta->from && get_u64(r, root, "seed", &meta->seed) &&
           get_u64(r, root, "runs", &meta->runs) && get_u64(r, root, "first", &meta->first) &&
           get_u64(r, root, "count", &meta->count);
}

/* Room for n values in the strings' storage, 8-byte aligned; NULL when it would not fit. */
static int64_t *reserve_values(struct reader *r, size_t n)
{
    size_t at = (r->used + 7) & ~(size_t)7;
    if (at + n * sizeof(int64_t) > r->cap) {
        return NULL;
    }
    r->used = at + n * sizeof(int64_t);
    return (int64_t *)(void *)(r->strings + at);
}

/* "replay" (optional): one value or null per metric. */
static bool read_replay(struct reader *r, const cJSON *root, size_t metrics,
                        struct eap_batch_meta *meta)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "replay"), *v;
    if (!arr) {
        return true;
    }
    int64_t *values = cJSON_IsArray(arr) && (size_t)cJSON_GetArraySize(arr) == metrics
                          ? reserve_values(r, metrics)
                          : NULL;
    if (!values) {
        return fail(r, "/replay", "expected one value (or null) per metric");
    }
    size_t i = 0;
    cJSON_ArrayForEach(v, arr)
    {
        char text[EAP_JSON_INT_TEXT], *end = NULL;
        const char *why;
        errno = 0;
        bool ok = cJSON_IsNull(v) || (eap_json_int_text(v, text, &why) && text[0]);
        values[i] = cJSON_IsNull(v) ? EAP_METRIC_MISSING : ok ? strtoll(text, &end, 10) : 0;
        if (!ok || (end && (*end || errno == ERANGE || values[i] == EAP_METRIC_MISSING))) {
            char path[48];
            snprintf(path, sizeof(path), "/replay/%zu", i);
            return fail(r, path, "expected a 64-bit integer or null");
        }
        i++;
    }
    meta->replay = values;
    return true;
}

/* "stamp" (optional): kept as compact JSON text for the caller (a merge) to read. */
static bool read_stamp(struct reader *r, const cJSON *root, struct eap_batch_meta *meta)
{
    const cJSON *stamp = cJSON_GetObjectItemCaseSensitive(root, "stamp");
    if (!stamp) {
        return true;
    }
    char *text = cJSON_IsObject(stamp) ? cJSON_PrintUnformatted(stamp) : NULL;
    size_t n = text ? strlen(text) + 1 : 0;
    if (!text || r->used + n > r->cap) {
        free(text);
        return cJSON_IsObject(stamp)
                   ? eap_error_set(r->err, EAP_ENOMEM, "out of memory reading %s", r->name)
                   : fail(r, "/stamp", "expected an object");
    }
    memcpy(r->strings + r->used, text, n);
    meta->stamp = r->strings + r->used;
    r->used += n;
    free(text);
    return true;
}

/* What the summaries show beside the statistics: the stamp, the deadline, the replay. */
static bool read_extras(struct reader *r, const cJSON *root, size_t metrics,
                        struct eap_batch_meta *meta)
{
    if (cJSON_GetObjectItemCaseSensitive(root, "deadline") &&
        !(meta->deadline = get_str(r, root, "deadline"))) {
        return false;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "clock_start") &&
        !(meta->clock_start = get_str(r, root, "clock_start"))) {
        return false;
    }
    if (cJSON_GetObjectItemCaseSensitive(root, "vs_label") &&
        !(meta->vs_label = get_str(r, root, "vs_label"))) {
        return false;
    }
    return read_replay(r, root, metrics, meta) && read_stamp(r, root, meta);
}

/* Every statistic counts each completed replication once, with a value or as missing. */
static bool check_totals(struct reader *r, const struct eap_batch_stats *stats, uint64_t completed)
{
    for (size_t i = 0; i < stats->metric_count; i++) {
        const struct eap_stat *sides[] = {&stats->a[i], stats->b ? &stats->b[i] : NULL,
                                          stats->diff ? &stats->diff[i] : NULL};
        static const char *const names[] = {"a", "b", "diff"};
        for (size_t k = 0; k < 3; k++) {
            if (sides[k] &&
                (sides[k]->count > completed || sides[k]->missing != completed - sides[k]->count)) {
                char path[80];
                snprintf(path, sizeof(path), "/metrics/%zu/%s", i, names[k]);
                return fail(r, path, "the statistics do not add up to the completed count");
            }
        }
    }
    return true;
}

bool eap_batch_state_from_json(const char *name, const char *text, struct eap_batch_meta *meta,
                               struct eap_batch_stats *stats, char **keep, struct eap_error *err)
{
    struct reader r = {.name = name, .err = err, .cap = strlen(text) + 1};
    memset(meta, 0, sizeof(*meta));
    memset(stats, 0, sizeof(*stats));
    *keep = NULL;
    cJSON *root = cJSON_Parse(text);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return fail(&r, "", "not a JSON object: is this a state.json written by eapsim batch?");
    }
    /* The replay's values take 8 bytes each beside the strings (a reprinted stamp is never
     * longer than its text). */
    const cJSON *replay = cJSON_GetObjectItemCaseSensitive(root, "replay");
    r.cap += 8 * ((cJSON_IsArray(replay) ? (size_t)cJSON_GetArraySize(replay) : 0) + 1);
    r.strings = malloc(r.cap);
    if (!r.strings) {
        cJSON_Delete(root);
        return eap_error_set(err, EAP_ENOMEM, "out of memory reading %s", name);
    }
    const cJSON *paired = cJSON_GetObjectItemCaseSensitive(root, "paired");
    uint64_t completed = 0;
    bool ok = read_meta(&r, root, meta) && get_u64(&r, root, "completed", &completed);
    if (ok && !cJSON_IsBool(paired)) {
        ok = fail(&r, "/paired", "expected true or false");
    }
    ok = ok && read_metrics(&r, root, cJSON_IsTrue(paired), stats) &&
         read_extras(&r, root, stats->metric_count, meta);
    if (ok && completed > meta->count) {
        ok = fail(&r, "/completed", "more replications completed than the state covers");
    }
    if (ok && (meta->first > meta->runs || meta->count > meta->runs - meta->first)) {
        ok = fail(&r, "/count", "the state's replications run past the batch's last one");
    }
    ok = ok && check_totals(&r, stats, completed);
    cJSON_Delete(root);
    if (!ok) {
        eap_batch_stats_finish(stats);
        free(r.strings);
        return false;
    }
    stats->completed = completed;
    *keep = r.strings;
    return true;
}
