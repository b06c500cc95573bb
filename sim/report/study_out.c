/*
 * A study's output folder, all or nothing: the summary or ranking files, state.json, the
 * pictures, the per-run table streamed while the batch runs, and run-info.json last, all in a
 * temporary folder put in place at the end (eap_outdir). Every failure abandons the folder,
 * so the target is either the previous run's or this one's, never a mixture. Also what a
 * study prints beside it (the summary or ranking in the format asked for), from the same
 * texts.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/summary.h"

bool eap_study_out_begin(struct eap_study_out *o, const char *dir, struct eap_error *err)
{
    return eap_outdir_begin(&o->dir, dir, err);
}

void eap_study_out_abort(struct eap_study_out *o)
{
    if (o->dir.stage[0]) { /* begun: a zeroed struct's lock (0) is no descriptor of ours */
        eap_outdir_abort(&o->dir);
    }
}

/* Abandons the folder after a writer failed on the temporary copy of a file, naming the
 * file as in the target. Returns false. */
static bool failed(struct eap_study_out *o, struct eap_error *err)
{
    eap_outdir_explain(&o->dir, err);
    eap_outdir_abort(&o->dir);
    return false;
}

bool eap_study_out_write(struct eap_study_out *o, const char *name, char *text,
                         struct eap_error *err)
{
    char path[sizeof(o->dir.stage) + 64];
    snprintf(path, sizeof(path), "%s/%s", o->dir.stage, name);
    if (!text) {
        eap_error_set(err, EAP_ENOMEM, "out of memory while writing %s", path);
        return failed(o, err);
    }
    bool ok = eap_write_file_atomic(path, text, strlen(text), err);
    eap_written_add(ok ? o->written : NULL, name);
    free(text);
    return ok || failed(o, err);
}

bool eap_study_out_commit(struct eap_study_out *o, uint64_t replications, double elapsed,
                          struct eap_error *err)
{
    char *info = eap_run_info_json(o->dir.stage, o->stamp, o->written, o->read, elapsed,
                                   replications, o->threads, err);
    if (!info) {
        return failed(o, err);
    }
    bool ok = eap_outdir_commit(&o->dir, "run-info.json", info, err);
    free(info);
    return ok;
}

/* Writes two texts (both taken, whatever happens). */
static bool write_pair(struct eap_study_out *o, const char *name_a, char *a, const char *name_b,
                       char *b, struct eap_error *err)
{
    if (!eap_study_out_write(o, name_a, a, err)) {
        free(b);
        return false;
    }
    return eap_study_out_write(o, name_b, b, err);
}

bool eap_study_out_summary(struct eap_study_out *o, const struct eap_summary *s, char *json,
                           char *csv, double elapsed, struct eap_error *err)
{
    bool ok = write_pair(o, "summary.json", json, "summary.csv", csv, err);
    if (ok && s->kind != EAP_SUMMARY_SWEEP) {
        ok = eap_study_out_write(o, "state.json", eap_batch_state_to_json(s->meta, &s->points[0]),
                                 err);
    }
    if (ok && !eap_summary_pictures(o->dir.stage, s, err)) {
        ok = failed(o, err);
    }
    uint64_t done = 0;
    for (size_t p = 0; p < s->point_count; p++) {
        done += s->points[p].completed;
    }
    return ok && eap_study_out_commit(o, done, elapsed, err);
}

bool eap_study_out_sensitivity(struct eap_study_out *o, const struct eap_sensitivity *sn,
                               char *json, char *csv, double elapsed, struct eap_error *err)
{
    bool ok = write_pair(o, "sensitivity.json", json, "sensitivity.csv", csv, err);
    if (ok && !eap_sensitivity_pictures(o->dir.stage, sn, o->stamp, o->written, err)) {
        ok = failed(o, err);
    }
    /* a baseline batch, then one at each end of every input's range */
    uint64_t done = sn->runs * (1 + 2 * (uint64_t)sn->count);
    return ok && eap_study_out_commit(o, done, elapsed, err);
}

/* ---- the result printed, then its folder ---- */

/* The result's JSON (json) or CSV text, with o's stamp on the JSON; NULL when memory runs
 * out. */
static char *result_text(const struct eap_study_result *r, const struct eap_summary *s, bool json,
                         const struct eap_study_out *o)
{
    if (r->summary) {
        return json ? eap_summary_json(s) : eap_summary_csv(s);
    }
    return json ? eap_sensitivity_json(r->sensitivity, o->stamp)
                : eap_sensitivity_csv(r->sensitivity);
}

/* Prints the result to out in `format`, from the text built for it when that is JSON or CSV. */
static bool print(FILE *out, enum eap_format format, const struct eap_study_result *r,
                  const struct eap_summary *s, const char *json, const char *csv,
                  struct eap_error *err)
{
    errno = 0;
    bool ok = format == EAP_FORMAT_JSON  ? fputs(json, out) >= 0
              : format == EAP_FORMAT_CSV ? fputs(csv, out) >= 0
              : r->summary               ? eap_summary_text(out, s)
                                         : eap_sensitivity_text(out, r->sensitivity);
    ok = fflush(out) == 0 && ok;
    return ok || eap_error_set(err, EAP_EIO, "cannot write the %s: %s",
                               r->summary ? "summary" : "ranking", strerror(errno ? errno : EIO));
}

bool eap_study_out_report(struct eap_study_out *o, const char *dir, FILE *out,
                          enum eap_format format, const struct eap_study_result *r, double elapsed,
                          struct eap_error *err)
{
    struct eap_summary s = {0};
    if (r->summary) {
        s = *r->summary;
        s.stamp = o->stamp;
        s.written = o->written;
    }
    bool want_json = format == EAP_FORMAT_JSON || dir, want_csv = format == EAP_FORMAT_CSV || dir;
    char *json = want_json ? result_text(r, &s, true, o) : NULL;
    char *csv = want_csv ? result_text(r, &s, false, o) : NULL;
    bool ok = (!want_json || json) && (!want_csv || csv);
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory while making the summary's %s",
                      want_json && !json ? "JSON" : "CSV");
    }
    ok = ok && print(out, format, r, &s, json, csv, err);
    if (ok && dir && !o->dir.stage[0]) {
        ok = eap_study_out_begin(o, dir, err);
    }
    if (ok && dir) { /* the writers take the texts */
        ok = r->summary ? eap_study_out_summary(o, &s, json, csv, elapsed, err)
                        : eap_study_out_sensitivity(o, r->sensitivity, json, csv, elapsed, err);
        json = csv = NULL;
    } else {
        eap_study_out_abort(o);
    }
    free(json);
    free(csv);
    return ok;
}

/* ---- the per-run table, streamed while the batch runs ---- */

struct rows {
    struct eap_runs_csv *csv;
    atomic_int *interrupt;
};

/* Writes the row, and stops the batch (between blocks, as Ctrl-C does) once the table
 * cannot be written: a full disk should not cost the rest of the batch. */
static void row(void *ctx, uint64_t rep, const int64_t *values, const int64_t *vs)
{
    struct rows *r = ctx;
    eap_runs_csv_row(r->csv, rep, values, vs);
    if (!eap_runs_csv_ok(r->csv)) {
        atomic_store(r->interrupt, 1);
    }
}

bool eap_study_out_runs(struct eap_study_out *o, const char *dir, struct eap_batch_spec *spec,
                        const struct eap_study_side *a, const struct eap_study_side *b,
                        struct eap_batch_stats *stats, struct eap_error *err)
{
    if (!o) {
        return b ? eap_study_compare(spec, a, b, stats, err) : eap_study_run(spec, a, stats, err);
    }
    if (!o->dir.stage[0] && !eap_study_out_begin(o, dir, err)) {
        return false;
    }
    struct rows r = {eap_runs_csv_open(o->dir.stage, a->scn, b != NULL, err), spec->interrupt};
    if (!r.csv) {
        return failed(o, err);
    }
    spec->on_row = row;
    spec->row_ctx = &r;
    bool ok = b ? eap_study_compare(spec, a, b, stats, err) : eap_study_run(spec, a, stats, err);
    spec->on_row = NULL;
    spec->row_ctx = NULL;
    if (!ok) {
        eap_runs_csv_abort(r.csv);
        eap_outdir_abort(&o->dir);
        return false;
    }
    if (!eap_runs_csv_commit(r.csv, err)) {
        eap_batch_stats_finish(stats);
        return failed(o, err);
    }
    eap_written_add(o->written, "runs.csv");
    return true;
}
