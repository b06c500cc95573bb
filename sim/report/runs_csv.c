/*
 * runs.csv: one row per replication, written as a batch delivers the rows (in replication
 * order), in display units; a paired batch adds side B's values. The file is written
 * atomically and appears only when complete.
 */
#include <stdio.h>
#include <stdlib.h>

#include "eapsim/atomic.h"
#include "eapsim/summary.h"
#include "report_internal.h"

struct eap_runs_csv {
    struct eap_atomic_file file;
    const struct eap_metric_def *defs;
    size_t n;
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

void eap_runs_csv_row(void *ctx, uint64_t rep, const int64_t *values, const int64_t *vs)
{
    struct eap_runs_csv *r = ctx;
    FILE *f = r->file.f;
    fprintf(f, "%llu", (unsigned long long)rep);
    for (size_t i = 0; i < r->n; i++) {
        row_value(f, &r->defs[i], values[i]);
    }
    for (size_t i = 0; vs && i < r->n; i++) {
        row_value(f, &r->defs[i], vs[i]);
    }
    fputc('\n', f);
}

bool eap_runs_csv_ok(const struct eap_runs_csv *r)
{
    return !ferror(r->file.f);
}

struct eap_runs_csv *eap_runs_csv_open(const char *dir, const struct eap_scenario *scn, bool paired,
                                       struct eap_error *err)
{
    struct eap_runs_csv *r = calloc(1, sizeof(*r));
    char path[1100];
    eap__path_in(dir, "runs.csv", path, sizeof(path));
    if (!r) {
        eap_error_set(err, EAP_ENOMEM, "out of memory");
        return NULL;
    }
    if (!eap_atomic_open(&r->file, path, err)) {
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

bool eap_runs_csv_commit(struct eap_runs_csv *r, struct eap_error *err)
{
    /* A row that could not be written shows here, with the reason (atomic.c keeps it). */
    bool ok = eap_atomic_commit(&r->file, err);
    free(r);
    return ok;
}

void eap_runs_csv_abort(struct eap_runs_csv *r)
{
    if (r) {
        eap_atomic_abort(&r->file);
        free(r);
    }
}
