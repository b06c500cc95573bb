/*
 * The machinery of batch studies on the command line: options shared by batch, compare and
 * sensitivity, sweeps, the --out directory, progress and Ctrl-C, per-run rows, and the
 * outputs (summary files, state for merges, pictures, index.html). Everything written under
 * --out is written atomically; wall-clock figures go to stderr and run-info.json only.
 */
#include "study.h"

#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eapsim/loader.h"

atomic_int study_interrupted;
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs a lock-free atomic_int");

/* Only an atomic store: async-signal-safe, and errno untouched. A second Ctrl-C does the
 * same; the stop is already quick (the blocks under way take milliseconds), and a kill in
 * the middle of writing the outputs would only leave temporary files behind. */
static void on_interrupt(int sig)
{
    (void)sig;
    atomic_store(&study_interrupted, 1);
}

void study_catch_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

/* The fingerprint of the scenario file and every override, for merges. 0 when unreadable. */
static uint64_t study_fingerprint(const char *file, const struct cli_sets *a,
                                  const struct cli_sets *b)
{
    uint64_t h = EAP_FNV_OFFSET;
    FILE *f = fopen(file, "rb");
    if (!f) {
        return 0;
    }
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        h = eap_fnv1a(h, buf, n);
    }
    fclose(f);
    const struct cli_sets *sides[] = {a, b};
    for (size_t s = 0; s < 2; s++) {
        for (size_t i = 0; sides[s] && i < sides[s]->count; i++) {
            h = eap_fnv1a(h, sides[s]->items[i].origin, strlen(sides[s]->items[i].origin) + 1);
        }
        h = eap_fnv1a(h, "|", 1);
    }
    return h;
}

struct eap_batch_meta study_meta(const struct study_args *a, const struct eap_scenario *scn,
                                 char *ov, char *vs)
{
    cli_sets_join(&a->sets, ov, 4096);
    cli_sets_join(&a->vs_sets, vs, 4096);
    struct eap_batch_meta m = {scn->id, scn->name, scn->file, 0,  a->seed,
                               a->runs, 0,         a->runs,   ov, vs};
    m.fingerprint = study_fingerprint(a->file, &a->sets, &a->vs_sets);
    if (a->has_shard) {
        eap_batch_shard_range(a->runs, a->shard_k - 1, a->shard_n, &m.first, &m.count);
    }
    return m;
}

void study_path(const struct study_args *a, const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", a->out, name);
}

/* --- progress --- */

static void progress(void *ctx, uint64_t done, uint64_t total)
{
    double *start = ctx;
    double t = cli_now() - *start;
    double rate = t > 0 ? (double)done / t : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r  %llu / %llu replications  %.0f/s  %.0f s left   ",
            (unsigned long long)done, (unsigned long long)total, rate, left);
    if (done >= total) {
        fputc('\n', stderr);
    }
    fflush(stderr);
}

/* --- per-run rows --- */

struct study_rows {
    struct eap_atomic_file file;
    const struct eap_metric_def *defs;
    size_t n;
    bool failed;
};

static void row_value(FILE *f, const struct eap_metric_def *d, int64_t v)
{
    if (v == EAP_METRIC_MISSING) {
        fputs(",", f);
    } else if (d->unit == EAP_MU_DURATION || d->unit == EAP_MU_PERSON_TIME) {
        fprintf(f, ",%.3f", eap_metric_display(d->unit, v));
    } else {
        fprintf(f, ",%lld", (long long)v);
    }
}

static void on_row(void *ctx, uint64_t rep, const int64_t *values, const int64_t *vs)
{
    struct study_rows *r = ctx;
    FILE *f = r->file.f;
    fprintf(f, "%llu", (unsigned long long)rep);
    for (size_t i = 0; i < r->n; i++) {
        row_value(f, &r->defs[i], values[i]);
    }
    for (size_t i = 0; vs && i < r->n; i++) {
        row_value(f, &r->defs[i], vs[i]);
    }
    fputc('\n', f);
    r->failed |= ferror(f) != 0;
}

struct study_rows *study_rows_open(const char *dir, const struct eap_scenario *scn, bool paired)
{
    struct study_rows *r = calloc(1, sizeof(*r));
    struct eap_error err;
    char path[1100];
    snprintf(path, sizeof(path), "%s/runs.csv", dir);
    if (!r || !eap_atomic_open(&r->file, path, &err)) {
        cli_error("%s", r ? err.msg : "out of memory");
        free(r);
        return NULL;
    }
    r->defs = scn->metrics;
    r->n = scn->metric_count;
    fputs("replication", r->file.f);
    const char *sides[] = {"", "vs:"};
    for (int s = 0; s < (paired ? 2 : 1); s++) {
        for (size_t i = 0; i < r->n; i++) {
            fprintf(r->file.f, ",%s%s", sides[s], r->defs[i].name);
        }
    }
    fputc('\n', r->file.f);
    return r;
}

bool study_rows_commit(struct study_rows *r)
{
    struct eap_error err;
    bool ok = !r->failed && eap_atomic_commit(&r->file, &err);
    if (!ok) {
        cli_error("%s", r->failed ? "cannot write runs.csv" : err.msg);
        eap_atomic_abort(&r->file);
    }
    free(r);
    return ok;
}

void study_rows_abort(struct study_rows *r)
{
    if (r) {
        eap_atomic_abort(&r->file);
        free(r);
    }
}

/* --- running --- */

bool study_run(const struct study_args *a, const struct eap_scenario *scn,
               const struct eap_scenario *vs, const double *fixed, uint64_t first, uint64_t count,
               struct study_rows *rows, struct eap_batch_stats *out)
{
    double start = cli_now();
    struct eap_batch_spec spec = {
        .scn = scn,
        .vs = vs,
        .seed = a->seed,
        .first = first,
        .count = count,
        .threads = a->threads,
        .fixed_inputs = fixed,
        .on_row = rows ? on_row : NULL,
        .row_ctx = rows,
        .progress = !a->quiet && isatty(STDERR_FILENO) ? progress : NULL,
        .progress_ctx = &start,
        .interrupt = &study_interrupted,
    };
    struct eap_error err;
    eap_error_clear(&err);
    bool ok = eap_mpi_batch_run(&spec, out, &err);
    if (spec.progress && (!ok || study_interrupted)) {
        fputc('\n', stderr); /* the progress line ended without its newline */
    }
    if (!ok) {
        cli_error("%s", err.msg);
    }
    return ok;
}

/* --- input labels --- */

static const char *element_id(const struct eap_scenario *s, const char *section, size_t i)
{
    struct {
        const char *name;
        size_t count;
    } sizes[] = {
        {"places", s->place_count},     {"routes", s->route_count},  {"people", s->party_count},
        {"vehicles", s->vehicle_count}, {"assets", s->asset_count},  {"threats", s->threat_count},
        {"convoys", s->convoy_count},   {"plan", s->tripwire_count}, {"hops", s->chain.hop_count}};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        if (strcmp(section, sizes[k].name) != 0 || i >= sizes[k].count) {
            continue;
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
        default:
            return s->chain.hops[i].id;
        }
    }
    return NULL;
}

void study_input_label(const struct eap_scenario *scn, const char *path, char *buf, size_t len)
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
