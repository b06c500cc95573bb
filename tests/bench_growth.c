/* bench_growth SCENARIO [REPLICATIONS [SIZE...]]: how the engine's cost grows with the size of a
 * scenario. From the bundled file it builds variants 1, 4, 16 and 64 times its size: K copies
 * of every place, route (with its segments), party, vehicle, asset, threat, convoy, plan
 * tripwire (with its actions) and record milestone, the copies' ids suffixed so they refer to
 * each other, sharing the one request chain. Tripwires that only an exercise decision can
 * fire (disabled or manual) are not copied: the decisions name the originals, so the loader
 * would refuse copies that can never fire, and sampled runs never fire them anyway. Each variant is
 * written to a file and loaded (timed). Then five rounds run every variant in turn for REPLICATIONS
 * / 5 / K sampled replications on one core with no trace, as a batch runs them, timed by the
 * thread's CPU clock. Prints per variant the load time and the medians of the time per replication
 * and per event, with the events per replication, then the peak resident memory, and last
 * "per_event_ratio_64x R": the median over the rounds of the time per event of the 64x variant
 * over that of the 1x one (no scan of all parties, places or tripwires per event keeps it near
 * 1). SIZE... runs other sizes than 1 4 16 64 (to profile one; the ratio is then the last over
 * the first). */
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

/* A tripwire that sampled runs never fire: only an exercise decision enables or fires it. */
static bool decision_only(const cJSON *tripwire)
{
    return cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(tripwire, "enabled")) ||
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tripwire, "manual")) ||
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
               cJSON_GetObjectItemCaseSensitive(tripwire, "when"), "manual"));
}

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

/* The thread's CPU time: the runs are timed by it, so time the shared host gives to other
 * processes does not count. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
                if (strcmp(copied[a], "plan") == 0 && decision_only(item)) {
                    continue;
                }
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

/* A loaded variant, its engine, and what its runs have cost so far. */
struct variant {
    int size;
    size_t bytes;
    struct eap_scenario *scn;
    struct eap_engine *engine;
    int64_t *values;
    double load_s;
    uint64_t next_rep;
};

/* Writes the variant to a file and loads it (timed), then makes its engine. */
static bool load(const char *text, struct variant *v)
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
    v->scn = written ? eap_scenario_load(path, NULL, 0, &diag) : NULL;
    v->load_s = now() - t0;
    unlink(path);
    struct eap_error err;
    v->engine = v->scn ? eap_engine_create(v->scn, &err) : NULL;
    if (!v->engine) {
        fprintf(stderr, "bench_growth: the %dx variant does not load (%zu problems)\n", v->size,
                diag.count);
        for (size_t i = 0; i < diag.count && i < 5; i++) {
            fprintf(stderr, "  %s: %s\n", diag.items[i].path, diag.items[i].msg);
        }
    }
    eap_diag_finish(&diag);
    v->values = v->scn ? malloc((v->scn->metric_count + 1) * sizeof(*v->values)) : NULL;
    return v->engine && v->values;
}

/* Runs the next `reps` replications of a variant; returns the thread's CPU seconds and adds
 * the events to *events. */
static double run(struct variant *v, uint64_t reps, uint64_t *events)
{
    const struct eap_engine_options opt = {.untraced = true, .unsteered = true};
    struct eap_error err;
    double t0 = cpu_now();
    for (uint64_t i = 0; i < reps; i++) {
        eap_engine_reset(v->engine, 1, v->next_rep++, &opt);
        eap_engine_run(v->engine, &err);
        eap_engine_metrics(v->engine, v->values);
        *events += eap_engine_events(v->engine);
    }
    return cpu_now() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define ROUNDS 5
#define MAX_SIZES 8

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_growth SCENARIO [REPLICATIONS [SIZE...]]\n");
        return 2;
    }
    unsigned long long reps = argc > 2 ? strtoull(argv[2], NULL, 10) : 200000;
    char *text = read_file(argv[1]);
    cJSON *base = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!base || reps < 64 * ROUNDS) {
        fprintf(stderr, "bench_growth: cannot read %s, or REPLICATIONS below %d\n", argv[1],
                64 * ROUNDS);
        return 2;
    }
    struct variant vs[MAX_SIZES] = {{.size = 1}, {.size = 4}, {.size = 16}, {.size = 64}};
    size_t count = 4;
    for (int i = 3; i < argc && i < 3 + MAX_SIZES; i++) {
        count = (size_t)(i - 2);
        vs[i - 3] = (struct variant){.size = atoi(argv[i]) > 0 ? atoi(argv[i]) : 1};
    }
    for (size_t i = 0; i < count; i++) {
        char *json = variant(base, vs[i].size);
        vs[i].bytes = json ? strlen(json) : 0;
        if (!json || !load(json, &vs[i])) {
            return 1;
        }
        free(json);
    }
    /* Rounds, each running every variant in turn, so a change in the machine's load falls on
     * all of them; each variant's figures are its medians over the rounds. */
    double cpu[MAX_SIZES][ROUNDS], ratio[ROUNDS];
    uint64_t events[MAX_SIZES] = {0};
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t i = 0; i < count; i++) {
            uint64_t n = reps / ROUNDS / (uint64_t)vs[i].size, e0 = events[i];
            cpu[i][r] = run(&vs[i], n, &events[i]) / (double)(events[i] - e0);
        }
        ratio[r] = cpu[count - 1][r] / cpu[0][r];
    }
    printf("%5s %10s %9s %12s %14s %12s\n", "size", "bytes", "load_ms", "us_per_rep",
           "events_per_rep", "ns_per_event");
    for (size_t i = 0; i < count; i++) {
        double per_rep = (double)events[i] / (double)vs[i].next_rep, ns = median(cpu[i], ROUNDS);
        printf("%4dx %10zu %9.1f %12.2f %14.1f %12.1f\n", vs[i].size, vs[i].bytes,
               vs[i].load_s * 1e3, ns * per_rep * 1e6, per_rep, ns * 1e9);
        free(vs[i].values);
        eap_engine_destroy(vs[i].engine);
        eap_scenario_destroy(vs[i].scn);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_kib %ld\n", ru.ru_maxrss);
    printf("per_event_ratio_%dx %.2f\n", vs[count - 1].size, median(ratio, ROUNDS));
    cJSON_Delete(base);
    return 0;
}
