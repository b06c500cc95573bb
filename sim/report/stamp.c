/*
 * The provenance stamp (stamp.h) in its forms: a JSON object, "key: value" lines, fields one
 * by one, and tEXt chunks of a PNG image; and read back from its JSON (for merges, which
 * compare the shards' versions). The version and the source commit are the build's.
 */
#include "eapsim/stamp.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_config.h"
#include "eapsim/atomic.h"
#include "eapsim/clock.h"
#include "eapsim/utf8.h"
#include "report_internal.h"

#define EPOCH_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

void eap_stamp_init(struct eap_stamp *st)
{
    memset(st, 0, sizeof(*st));
    st->version = eap_stamp_version();
    st->commit = eap_stamp_commit();
}

const char *eap_stamp_version(void)
{
    return EAP_VERSION;
}

const char *eap_stamp_commit(void)
{
    return eap__build_commit[0] ? eap__build_commit : "unknown";
}

bool eap_stamp_parse_epoch(const char *text, int64_t *t)
{
    int64_t v = 0;
    if (!text || !*text) {
        return false;
    }
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || v > EPOCH_MAX) {
            return false;
        }
        v = v * 10 + (*p - '0');
    }
    if (v > EPOCH_MAX) {
        return false;
    }
    *t = v;
    return true;
}

char *eap_stamp_time_text(int64_t t, char *buf, size_t len)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), secs = t - days * 86400, y;
    unsigned m, d;
    eap_civil_from_days(days, &y, &m, &d);
    snprintf(buf, len, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
    return buf;
}

/* Back from "2023-11-14T22:13:20Z"; false for anything else. */
static bool parse_time_text(const char *s, int64_t *t)
{
    int y, mo, d, h, mi, se, n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || s[n] ||
        strlen(s) != 20 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) {
        return false;
    }
    *t = eap_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    char again[32];
    return strcmp(eap_stamp_time_text(*t, again, sizeof(again)), s) == 0; /* no 31 February */
}

/* ---- fields ---- */

enum field {
    F_PROGRAM,
    F_VERSION,
    F_COMMIT,
    F_SCENARIO,
    F_FINGERPRINT,
    F_SEED,
    F_RUNS,
    F_SETTINGS,
    F_COMMAND_LINE,
    F_TIME,
    F_COUNT
};

static const char *const field_keys[F_COUNT] = {"program",      "version", "commit", "scenario",
                                                "fingerprint",  "seed",    "runs",   "settings",
                                                "command_line", "time"};

static bool has_field(const struct eap_stamp *st, enum field f)
{
    switch (f) {
    case F_SCENARIO:
    case F_FINGERPRINT:
        return st->scenario != NULL;
    case F_SEED:
    case F_RUNS:
        return st->runs > 0;
    case F_COMMAND_LINE:
        return st->command_line != NULL;
    default:
        return true;
    }
}

/* The value of a field that is a string ("" when unset). */
static const char *string_field(const struct eap_stamp *st, enum field f)
{
    const char *v = f == F_VERSION    ? st->version
                    : f == F_COMMIT   ? st->commit
                    : f == F_SCENARIO ? st->scenario
                                      : st->command_line;
    return v ? v : "";
}

/* A scalar field's value as text (settings: joined by "; "). */
static void field_text(const struct eap_stamp *st, enum field f, char *buf, size_t len)
{
    size_t used = 0;
    switch (f) {
    case F_PROGRAM:
        snprintf(buf, len, "eapsim");
        return;
    case F_VERSION:
    case F_COMMIT:
    case F_SCENARIO:
    case F_COMMAND_LINE:
        snprintf(buf, len, "%s", string_field(st, f));
        return;
    case F_FINGERPRINT:
        snprintf(buf, len, "%016" PRIx64, st->fingerprint);
        return;
    case F_SEED:
    case F_RUNS:
        snprintf(buf, len, "%" PRIu64, f == F_SEED ? st->seed : st->runs);
        return;
    case F_SETTINGS:
        buf[0] = '\0';
        for (size_t i = 0; i < st->setting_count && used < len; i++) {
            used +=
                (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "", st->settings[i]);
        }
        return;
    default:
        eap_stamp_time_text(st->time, buf, len);
    }
}

bool eap_stamp_field(const struct eap_stamp *st, size_t i, const char **key, char *value,
                     size_t len)
{
    for (int f = 0; f < F_COUNT; f++) {
        if (has_field(st, (enum field)f) && i-- == 0) {
            *key = field_keys[f];
            field_text(st, (enum field)f, value, len);
            return true;
        }
    }
    return false;
}

/* ---- JSON ---- */

/* A JSON string in plain ASCII: quotes, backslashes and control characters escaped, and so
 * are <, > and & (the text may sit in HTML or XML) and every non-ASCII character (as \uXXXX,
 * a surrogate pair beyond U+FFFF; malformed bytes as U+FFFD). */
void eap__json_string(struct text_buf *b, const char *s)
{
    eap__buf_put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = eap_utf8_len(p, SIZE_MAX);
        if (*p == '"' || *p == '\\') {
            eap__buf_put(b, "\\%c", *p);
        } else if (*p >= 0x20 && *p < 0x7f && !strchr("<>&", *p)) {
            eap__buf_put(b, "%c", *p);
        } else if (n <= 1) {
            eap__buf_put(b, "\\u%04x", n == 1 ? *p : 0xfffd);
        } else {
            uint32_t cp = *p & (0xff >> (n + 1));
            for (size_t k = 1; k < n; k++) {
                cp = cp << 6 | (p[k] & 0x3f);
            }
            if (cp > 0xffff) {
                cp -= 0x10000;
                eap__buf_put(b, "\\u%04x\\u%04x", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
            } else {
                eap__buf_put(b, "\\u%04x", cp);
            }
        }
        p += n ? n : 1;
    }
    eap__buf_put(b, "\"");
}

static void json_field(struct text_buf *b, const struct eap_stamp *st, enum field f)
{
    char text[64];
    switch (f) {
    case F_SEED:
    case F_RUNS:
        field_text(st, f, text, sizeof(text));
        /* I-JSON: integers past 2^53 - 1 are strings (json_int.h) */
        eap__buf_put(b, (f == F_SEED ? st->seed : st->runs) < (UINT64_C(1) << 53) ? "%s" : "\"%s\"",
                     text);
        return;
    case F_SETTINGS:
        eap__buf_put(b, "[");
        for (size_t i = 0; i < st->setting_count; i++) {
            eap__buf_put(b, i ? ", " : "");
            eap__json_string(b, st->settings[i]);
        }
        eap__buf_put(b, "]");
        return;
    case F_VERSION:
    case F_COMMIT:
    case F_SCENARIO:
    case F_COMMAND_LINE:
        eap__json_string(b, string_field(st, f));
        return;
    default:
        field_text(st, f, text, sizeof(text));
        eap__json_string(b, text);
    }
}

char *eap_stamp_json(const struct eap_stamp *st, int depth)
{
    struct text_buf b = {NULL, 0, 0, false};
    int in = 2 * depth, out = in > 2 ? in - 2 : 0;
    eap__buf_put(&b, "{");
    const char *sep = "\n";
    for (int f = 0; f < F_COUNT; f++) {
        if (has_field(st, (enum field)f)) {
            eap__buf_put(&b, "%s%*s\"%s\": ", sep, in, "", field_keys[f]);
            json_field(&b, st, (enum field)f);
            sep = ",\n";
        }
    }
    eap__buf_put(&b, "\n%*s}", out, "");
    return eap__buf_take(&b);
}

void eap__buf_put_stamp(struct text_buf *b, const struct eap_stamp *stamp)
{
    if (stamp) {
        char *json = eap_stamp_json(stamp, 2);
        eap__buf_put(b, "  \"stamp\": %s,\n", json ? json : "null");
        b->oom |= !json;
        free(json);
    }
}

bool eap__json_add_stamp(struct cJSON *obj, const struct eap_stamp *stamp)
{
    char *text = eap_stamp_json(stamp, 1);
    cJSON *item = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!item || !cJSON_AddItemToObject(obj, "stamp", item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

char *eap_stamp_text(const struct eap_stamp *st, const char *prefix)
{
    struct text_buf b = {NULL, 0, 0, false};
    const char *key;
    char value[4096];
    for (size_t i = 0; eap_stamp_field(st, i, &key, value, sizeof(value)); i++) {
        for (char *p = value; *p; p++) {
            *p = (unsigned char)*p < 0x20 ? ' ' : *p; /* one line each */
        }
        eap__buf_put(&b, "%s%s: %s\n", prefix, key, value);
    }
    return eap__buf_take(&b);
}

/* ---- reading ---- */

/* The strings of a stamp, copied into one block owned by the caller. */
struct keeper {
    char *block;
    size_t used, cap;
};

static const char *keep_string(struct keeper *k, const char *s)
{
    size_t n = strlen(s) + 1;
    if (k->used + n > k->cap) {
        return NULL; /* not reached: the block holds the whole text */
    }
    memcpy(k->block + k->used, s, n);
    k->used += n;
    return k->block + k->used - n;
}

static bool bad_field(struct eap_error *err, const char *key, const char *expected)
{
    eap_error_set(err, EAP_EINPUT, "stamp: \"%s\": expected %s", key, expected);
    snprintf(err->path, sizeof(err->path), "/stamp/%s", key);
    return false;
}

static const char *get_text(const cJSON *o, const char *key, bool required, struct keeper *k,
                            struct eap_error *err, bool *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v && !required) {
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        *ok = *ok && bad_field(err, key, "a string");
        return NULL;
    }
    return keep_string(k, v->valuestring);
}

static bool get_count(const cJSON *o, const char *key, uint64_t *out, struct eap_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char *end = NULL;
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 0x1p53 &&
        v->valuedouble == (double)(uint64_t)v->valuedouble) {
        *out = (uint64_t)v->valuedouble;
        return true;
    }
    if (cJSON_IsString(v) && v->valuestring[0] >= '0' && v->valuestring[0] <= '9') {
        *out = strtoull(v->valuestring, &end, 10);
        return !*end || bad_field(err, key, "a non-negative integer");
    }
    return bad_field(err, key, "a non-negative integer");
}

static bool get_settings(const cJSON *o, struct eap_stamp *st, struct keeper *k, const char **slots,
                         struct eap_error *err)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "settings"), *item;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > EAP_STAMP_MAX_SETTINGS) {
        return bad_field(err, "settings", "an array of strings");
    }
    cJSON_ArrayForEach(item, arr)
    {
        if (!cJSON_IsString(item)) {
            return bad_field(err, "settings", "an array of strings");
        }
        slots[st->setting_count++] = keep_string(k, item->valuestring);
    }
    st->settings = slots;
    return true;
}

static bool read_stamp(const cJSON *o, struct eap_stamp *st, struct keeper *k, const char **slots,
                       struct eap_error *err)
{
    bool ok = true;
    const char *program = get_text(o, "program", true, k, err, &ok);
    if (ok && strcmp(program, "eapsim") != 0) {
        return bad_field(err, "program", "\"eapsim\"");
    }
    st->version = get_text(o, "version", true, k, err, &ok);
    st->commit = get_text(o, "commit", true, k, err, &ok);
    st->scenario = get_text(o, "scenario", false, k, err, &ok);
    st->command_line = get_text(o, "command_line", false, k, err, &ok);
    const char *fp = get_text(o, "fingerprint", st->scenario != NULL, k, err, &ok);
    const char *time = get_text(o, "time", true, k, err, &ok);
    char *end = NULL;
    if (ok && fp && (strlen(fp) != 16 || (st->fingerprint = strtoull(fp, &end, 16), *end))) {
        return bad_field(err, "fingerprint", "16 hexadecimal digits");
    }
    if (ok && !parse_time_text(time, &st->time)) {
        return bad_field(err, "time", "a UTC time such as \"2023-11-14T22:13:20Z\"");
    }
    if (ok && cJSON_GetObjectItemCaseSensitive(o, "runs")) {
        ok = get_count(o, "runs", &st->runs, err) && get_count(o, "seed", &st->seed, err);
    }
    return ok && get_settings(o, st, k, slots, err);
}

bool eap_stamp_from_json(const char *text, struct eap_stamp *st, char **keep, struct eap_error *err)
{
    memset(st, 0, sizeof(*st));
    *keep = NULL;
    cJSON *o = cJSON_Parse(text);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        eap_error_set(err, EAP_EINPUT, "stamp: expected a JSON object");
        snprintf(err->path, sizeof(err->path), "/stamp");
        return false;
    }
    size_t cap = strlen(text) + 1, slots = EAP_STAMP_MAX_SETTINGS * sizeof(const char *);
    struct keeper k = {malloc(slots + cap), slots, slots + cap};
    bool ok = k.block != NULL;
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory reading a stamp");
    }
    ok = ok && read_stamp(o, st, &k, (const char **)(void *)k.block, err);
    cJSON_Delete(o);
    if (!ok) {
        free(k.block);
        memset(st, 0, sizeof(*st));
        return false;
    }
    *keep = k.block;
    return true;
}

/* ---- PNG ---- */

/* CRC-32 of PNG chunks (ISO 3309, the polynomial reflected: 0xedb88320), bit by bit: the
 * chunks it covers here are a few hundred bytes. */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
    }
    return c ^ 0xffffffffu;
}

/* Bytes of the chunks being made, grown as they are appended. */
struct bytes {
    unsigned char *p;
    size_t len, cap;
    bool oom;
};

static void put(struct bytes *b, const void *data, size_t n)
{
    if (!b->oom && b->len + n > b->cap) {
        size_t cap = 2 * (b->cap + n);
        unsigned char *grown = realloc(b->p, cap);
        b->oom = !grown;
        b->p = grown ? grown : b->p;
        b->cap = grown ? cap : b->cap;
    }
    if (!b->oom) {
        memcpy(b->p + b->len, data, n);
        b->len += n;
    }
}

static void put_u32(struct bytes *b, uint32_t v)
{
    unsigned char be[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v};
    put(b, be, 4);
}

/* One tEXt chunk: its length, "tEXt", the keyword, a NUL, the text (Latin-1; ours is
 * ASCII), and the CRC of the type and data. */
static void text_chunk(struct bytes *b, const char *keyword, const char *text)
{
    size_t kn = strlen(keyword), tn = strlen(text);
    put_u32(b, (uint32_t)(kn + 1 + tn));
    size_t at = b->len;
    put(b, "tEXt", 4);
    put(b, keyword, kn + 1);
    put(b, text, tn);
    put_u32(b, b->oom ? 0 : crc32_of(b->p + at, b->len - at));
}

static unsigned char *read_file(const char *path, size_t *len, struct eap_error *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)n + 1);
    }
    bool ok = data && fread(data, 1, (size_t)n, f) == (size_t)n;
    if (f) {
        fclose(f);
    }
    if (!ok) {
        free(data);
        eap_error_set(err, EAP_EIO, "cannot read %s", path);
        return NULL;
    }
    *len = (size_t)n;
    return data;
}

/* The stamp's chunks into b. */
static void stamp_chunks(struct bytes *b, const struct eap_stamp *st)
{
    char software[160], when[32];
    snprintf(software, sizeof(software), "eapsim %s (commit %s)", st->version, st->commit);
    char *json = eap_stamp_json(st, 1);
    b->oom |= !json;
    text_chunk(b, "Software", software);
    text_chunk(b, "Creation Time", eap_stamp_time_text(st->time, when, sizeof(when)));
    text_chunk(b, "eapsim", json ? json : "");
    free(json);
}

bool eap_stamp_png(const char *path, const struct eap_stamp *st, struct eap_error *err)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t len = 0;
    unsigned char *png = read_file(path, &len, err);
    if (!png) {
        return false;
    }
    /* The signature, then IHDR (13 bytes of data): the stamp goes right after it. */
    const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
    if (len < ihdr_end || memcmp(png, sig, 8) != 0 || memcmp(png + 12, "IHDR", 4) != 0) {
        free(png);
        return eap_error_set(err, EAP_EINPUT, "%s: not a PNG image", path);
    }
    struct bytes b = {NULL, 0, 0, false};
    put(&b, png, ihdr_end);
    stamp_chunks(&b, st);
    put(&b, png + ihdr_end, len - ihdr_end);
    free(png);
    bool ok = !b.oom || eap_error_set(err, EAP_ENOMEM, "out of memory stamping %s", path);
    ok = ok && eap_write_file_atomic(path, (const char *)b.p, b.len, err);
    free(b.p);
    return ok;
}
