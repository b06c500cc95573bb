/* bench_growth SCENARIO [REPLICATIONS [SIZE...]]: how the engine's cost grows with the size of a
 * scenario. From the bundled file it builds variants 1, 4, 16 and 64 times its size: K copies
 * of every place, route (with its segments), party, vehicle, asset, threat, convoy, plan
 * tripwire (with its actions) and record milestone, the copies' ids suffixed so they refer to
 * each other, sharing the one request chain. Each variant is written to a file, loaded (timed),
 * and run for REPLICATIONS / K sampled replications on one core with no trace, as a batch runs
 * them. Prints per variant the load time, the time per replication, the events per
 * replication and the time per event, then the peak resident memory, and last
 * "per_event_ratio_64x R": the time per event of the 64x variant over that of the 1x one
 * (no scan of all parties, places or tripwires per event keeps it near 1). SIZE... runs
 * other sizes than 1 4 16 64 (to profile one; the ratio is then the last over the first). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "eapsim/engine.h"
#include "eapsim/loader.h"

/* The arrays whose entries are copied. The request chain (hops) is shared. */
static const char *const copied[] = {"places", "convoys", "routes", "people", "vehicles",
                                     "assets", "threats", "plan",   "record"};

/* Keys whose string values are words of the format, never ids ("kind": "embassy"). */
static bool is_keyword_key(const char *key)
{
    return key && (!strcmp(key, "kind") || !strcmp(key, "do") || !strcmp(key, "on"));
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Every "id" inside the copied arrays: the names the copies must rename. */
static void collect_ids(const cJSON *node, cJSON *ids)
{
    const cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        if (child->string && !strcmp(child->string, "id") && cJSON_IsString(child)) {
            cJSON_AddItemToArray(ids, cJSON_CreateString(child->valuestring));
        }
        collect_ids(child, ids);
    }
}

static bool is_id(const cJSON *ids, const char *s)
{
    const cJSON *id;
    cJSON_ArrayForEach(id, ids)
    {
        if (!strcmp(id->valuestring, s)) {
            return true;
        }
    }
    return false;
}

static char *suffixed(const char *s, int k)
{
    size_t n = strlen(s) + 16;
    char *out = malloc(n);
    if (out) {
        snprintf(out, n, "%s_c%d", s, k);
    }
    return out;
}

/* Renames, in copy k, every id and every reference to one (string values, and the keys of
 * maps such as a convoy's vehicles). */
static void rename_ids(cJSON *node, const cJSON *ids, int k)
{
    cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        if (child->string && is_id(ids, child->string)) {
            char *key = suffixed(child->string, k);
            free(child->string);
            child->string = key;
        }
        if (cJSON_IsString(child) && !is_keyword_key(child->string) &&
            is_id(ids, child->valuestring)) {
            char *value = suffixed(child->valuestring, k);
            free(child->valuestring);
            child->valuestring = value;
        }
        rename_ids(child, ids, k);
    }
}

/* The scenario K times over, as JSON text (free with free()). */
static char *variant(const cJSON *base, int times)
{
    cJSON *root = cJSON_Duplicate(base, true);
    cJSON *ids = cJSON_CreateArray();
    for (size_t a = 0; a < sizeof(copied) / sizeof(copied[0]); a++) {
        collect_ids(cJSON_GetObjectItemCaseSensitive(base, copied[a]), ids);
    }
    for (size_t a = 0; a < sizeof(copied) / sizeof(copied[0]); a++) {
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(base, copied[a]);
        cJSON *to = cJSON_GetObjectItemCaseSensitive(root, copied[a]);
        for (int k = 1; to && k < times; k++) {
            const cJSON *item;
            cJSON_ArrayForEach(item, from)
            {
                cJSON *copy = cJSON_Duplicate(item, true);
                rename_ids(copy, ids, k);
                cJSON_AddItemToArray(to, copy);
            }
        }
    }
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    cJSON_Delete(ids);
    return text;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
        free(text);
        text = NULL;
    }
    if (text) {
        text[n] = 0;
    }
    fclose(f);
    return text;
}

struct result {
    double load_s, us_per_rep, events_per_rep, ns_per_event;
};

/* Writes the variant to a file, loads it and runs reps replications. */
static bool measure(const char *text, unsigned long long reps, struct result *r)
{
    char path[] = "/tmp/eapsim-growth-XXXXXX";
    int fd = mkstemp(path);
    size_t len = strlen(text);
    bool written = fd >= 0 && write(fd, text, len) == (ssize_t)len;
    if (fd >= 0) {
        close(fd);
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    double t0 = now();
    struct eap_scenario *s = written ? eap_scenario_load(path, NULL, 0, &diag) : NULL;
    r->load_s = now() - t0;
    unlink(path);
    struct eap_error err;
    struct eap_engine *e = s ? eap_engine_create(s, &err) : NULL;
    if (!e) {
        fprintf(stderr, "bench_growth: the variant does not load (%zu problems)\n", diag.count);
        for (size_t i = 0; i < diag.count && i < 5; i++) {
            fprintf(stderr, "  %s: %s\n", diag.items[i].path, diag.items[i].msg);
        }
        eap_scenario_destroy(s);
        eap_diag_finish(&diag);
        return false;
    }
    const struct eap_engine_options opt = {.untraced = true};
    int64_t *values = malloc((s->metric_count + 1) * sizeof(*values));
    unsigned long long events = 0;
    t0 = now();
    for (unsigned long long i = 0; i < reps; i++) {
        eap_engine_reset(e, 1, i, &opt);
        eap_engine_run(e, &err);
        eap_engine_metrics(e, values);
        events += eap_engine_events(e);
    }
    double t = now() - t0;
    r->us_per_rep = t / (double)reps * 1e6;
    r->events_per_rep = (double)events / (double)reps;
    r->ns_per_event = t / (double)events * 1e9;
    free(values);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
    eap_diag_finish(&diag);
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_growth SCENARIO [REPLICATIONS]\n");
        return 2;
    }
    unsigned long long reps = argc > 2 ? strtoull(argv[2], NULL, 10) : 200000;
    char *text = read_file(argv[1]);
    cJSON *base = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!base || reps < 64) {
        fprintf(stderr, "bench_growth: cannot read %s, or REPLICATIONS below 64\n", argv[1]);
        return 2;
    }
    int sizes[16] = {1, 4, 16, 64};
    size_t count = 4;
    for (int i = 3; i < argc && i < 3 + 16; i++) {
        count = (size_t)(i - 2);
        sizes[i - 3] = atoi(argv[i]) > 0 ? atoi(argv[i]) : 1;
    }
    double first = 0, last = 0;
    printf("%5s %10s %9s %12s %14s %12s\n", "size", "bytes", "load_ms", "us_per_rep",
           "events_per_rep", "ns_per_event");
    for (size_t i = 0; i < count; i++) {
        char *json = variant(base, sizes[i]);
        struct result r;
        if (!json || !measure(json, reps / (unsigned long long)sizes[i], &r)) {
            return 1;
        }
        printf("%4dx %10zu %9.1f %12.2f %14.1f %12.1f\n", sizes[i], strlen(json), r.load_s * 1e3,
               r.us_per_rep, r.events_per_rep, r.ns_per_event);
        free(json);
        first = i == 0 ? r.ns_per_event : first;
        last = r.ns_per_event;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_kib %ld\n", ru.ru_maxrss);
    printf("per_event_ratio_%dx %.2f\n", sizes[count - 1], last / first);
    cJSON_Delete(base);
    return 0;
}
