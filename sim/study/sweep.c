/*
 * Sweeps: a grid of one or two inputs, each point the whole batch on the scenario with the
 * point's values as overrides. Every point is loaded and checked before the first replication
 * runs; the points then run in grid order on the same seed (common random numbers across
 * points), and an interrupt stops the sweep between points.
 */
#include "eapsim/study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the grid --- */

static bool add_value(struct eap_sweep_dim *d, const char *v, const char *spec,
                      struct eap_error *err)
{
    if (d->count == EAP_SWEEP_MAX_POINTS) {
        return eap_error_set(err, EAP_EUSAGE, "%s: more than %d values", spec,
                             EAP_SWEEP_MAX_POINTS);
    }
    if (strlen(v) >= sizeof(d->values[0]) || !v[0]) {
        return eap_error_set(err, EAP_EUSAGE, "%s: a value is %s", spec,
                             v[0] ? "too long" : "empty");
    }
    snprintf(d->values[d->count++], sizeof(d->values[0]), "%s", v);
    return true;
}

/* "A:B:STEP" with an optional unit after STEP ("0:60:10 min"). */
static bool parse_range(const char *range, const char *spec, struct eap_sweep_dim *d,
                        struct eap_error *err)
{
    double a, b, step;
    int used = 0;
    if (sscanf(range, "%lf:%lf:%lf%n", &a, &b, &step, &used) != 3) {
        return eap_error_set(err, EAP_EUSAGE,
                             "%s: expected PATH=A:B:STEP (e.g. \"0:60:10 min\") or "
                             "PATH=V1,V2,...",
                             spec);
    }
    const char *unit = range + used;
    while (*unit == ' ') {
        unit++;
    }
    if (!(step > 0) || !isfinite(a) || !isfinite(b) || !isfinite(step)) {
        return eap_error_set(err, EAP_EUSAGE, "%s: the step must be above zero, found %g", spec,
                             step);
    }
    if (a > b) {
        return eap_error_set(err, EAP_EUSAGE, "%s: the start (%g) is above the end (%g)", spec, a,
                             b);
    }
    double n = floor((b - a) / step + 1e-9) + 1;
    if (n > EAP_SWEEP_MAX_POINTS) {
        return eap_error_set(err, EAP_EUSAGE, "%s: %.0f points, at most %d", spec, n,
                             EAP_SWEEP_MAX_POINTS);
    }
    for (long i = 0; i < (long)n; i++) {
        char v[EAP_SWEEP_VALUE_MAX];
        snprintf(v, sizeof(v), "%.10g%s%s", a + (double)i * step, unit[0] ? " " : "", unit);
        if (!add_value(d, v, spec, err)) {
            return false;
        }
    }
    return true;
}

static bool parse_list(const char *list, const char *spec, struct eap_sweep_dim *d,
                       struct eap_error *err)
{
    char buf[4096];
    if (strlen(list) >= sizeof(buf)) { /* rather than cut a value in two */
        return eap_error_set(err, EAP_EUSAGE,
                             "%.60s...: a list of more than %zu characters; use "
                             "A:B:STEP",
                             spec, sizeof(buf) - 1);
    }
    snprintf(buf, sizeof(buf), "%s", list);
    char *save = NULL;
    for (char *v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        while (*v == ' ') {
            v++;
        }
        if (!add_value(d, v, spec, err)) {
            return false;
        }
    }
    return d->count > 0 || eap_error_set(err, EAP_EUSAGE, "%s: no values", spec);
}

bool eap_sweep_add(struct eap_sweep *sw, const char *spec, struct eap_error *err)
{
    if (sw->dim_count == EAP_SWEEP_MAX_DIMS) {
        return eap_error_set(err, EAP_EUSAGE, "%s: at most %d dimensions", spec,
                             EAP_SWEEP_MAX_DIMS);
    }
    struct eap_sweep_dim *d = &sw->dims[sw->dim_count];
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1] || (size_t)(eq - spec) >= sizeof(d->path)) {
        return eap_error_set(err, EAP_EUSAGE, "%s: expected PATH=A:B:STEP or PATH=V1,V2,...", spec);
    }
    memset(d, 0, sizeof(*d));
    size_t k = (size_t)(eq - spec); /* below sizeof(d->path), checked above */
    memcpy(d->path, spec, k);
    d->path[k] = '\0';
    /* the path until eap_sweep_name (paths are ids and indices: ASCII) */
    k = k < sizeof(d->label) ? k : sizeof(d->label) - 1;
    memcpy(d->label, spec, k);
    d->label[k] = '\0';
    d->values = calloc(EAP_SWEEP_MAX_POINTS, sizeof(*d->values));
    if (!d->values) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory");
    }
    const char *values = eq + 1;
    bool ok = strchr(values, ':') && !strchr(values, ',') ? parse_range(values, spec, d, err)
                                                          : parse_list(values, spec, d, err);
    if (!ok) {
        free(d->values); /* the sweep stays as it was */
        memset(d, 0, sizeof(*d));
        return false;
    }
    if (eap_sweep_points(sw) * d->count > EAP_SWEEP_MAX_GRID) {
        size_t n = eap_sweep_points(sw) * d->count;
        free(d->values);
        memset(d, 0, sizeof(*d));
        return eap_error_set(err, EAP_EUSAGE,
                             "%s: a grid of %zu points, at most %d in all (each point is a "
                             "batch; sweep a coarser grid, or split it into several sweeps)",
                             spec, n, EAP_SWEEP_MAX_GRID);
    }
    sw->dim_count++;
    return true;
}

void eap_sweep_name(struct eap_sweep *sw, const struct eap_scenario *scn)
{
    for (size_t d = 0; d < sw->dim_count; d++) {
        eap_study_input_label(scn, sw->dims[d].path, sw->dims[d].label, sizeof(sw->dims[d].label));
    }
}

void eap_sweep_finish(struct eap_sweep *sw)
{
    for (size_t i = 0; i < EAP_SWEEP_MAX_DIMS; i++) {
        free(sw->dims[i].values);
    }
    memset(sw, 0, sizeof(*sw));
}

size_t eap_sweep_points(const struct eap_sweep *sw)
{
    size_t n = 1;
    for (size_t d = 0; d < sw->dim_count; d++) {
        n *= sw->dims[d].count;
    }
    return n;
}

const char *eap_sweep_value(const struct eap_sweep *sw, size_t p, size_t d)
{
    size_t stride = 1; /* points between two values of dimension d */
    for (size_t k = d + 1; k < sw->dim_count; k++) {
        stride *= sw->dims[k].count;
    }
    return sw->dims[d].values[p / stride % sw->dims[d].count];
}

/* --- loading the points --- */

/* The scenario at point p: the base overrides, then one per dimension. */
static struct eap_scenario *load_point(const struct eap_sweep *sw, size_t p, const char *file,
                                       const struct eap_override *base, size_t base_count,
                                       const char *label, struct eap_diag *diag)
{
    struct eap_override *ov = malloc((base_count + EAP_SWEEP_MAX_DIMS) * sizeof(*ov));
    char origin[EAP_SWEEP_MAX_DIMS][512];
    if (!ov) {
        return NULL; /* an empty diag says: out of memory */
    }
    if (base_count) {
        memcpy(ov, base, base_count * sizeof(*base));
    }
    size_t n = base_count;
    for (size_t d = 0; d < sw->dim_count; d++) {
        const char *v = eap_sweep_value(sw, p, d);
        snprintf(origin[d], sizeof(origin[d]), "%s %s=%s", label, sw->dims[d].path, v);
        ov[n++] = (struct eap_override){sw->dims[d].path, v, origin[d]};
    }
    struct eap_scenario *scn = eap_scenario_load(file, ov, n, diag);
    free(ov);
    return scn;
}

bool eap_sweep_load(struct eap_sweep_run *r, const struct eap_sweep *sw, const char *file,
                    const struct eap_override *base, size_t base_count, const char *label,
                    struct eap_diag *diag, struct eap_error *err)
{
    r->count = eap_sweep_points(sw);
    r->scns = calloc(r->count, sizeof(*r->scns));
    r->stats = calloc(r->count, sizeof(*r->stats));
    if (!r->scns || !r->stats) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory loading the sweep's points");
    }
    for (size_t p = 0; p < r->count; p++) {
        r->scns[p] = load_point(sw, p, file, base, base_count, label, diag);
        if (!r->scns[p]) {
            bool oom = diag->count == 0 && diag->dropped == 0;
            return eap_error_set(err, oom ? EAP_ENOMEM : EAP_EINPUT,
                                 oom ? "out of memory loading the sweep's points"
                                     : "point %zu of the sweep does not load",
                                 p + 1);
        }
    }
    return true;
}

/* --- running them --- */

static bool interrupted(const struct eap_batch_spec *tmpl)
{
    return tmpl->interrupt && atomic_load(tmpl->interrupt);
}

bool eap_sweep_run(struct eap_sweep_run *r, const struct eap_batch_spec *tmpl,
                   eap_sweep_point_fn *on_point, void *ctx, struct eap_error *err)
{
    /* Every MPI rank must agree on when to stop, since each point is a collective run. */
    bool stop = eap_mpi_any(interrupted(tmpl));
    while (r->done < r->count && !stop) {
        struct eap_study_side side = {r->scns[r->done], NULL, NULL};
        if (!eap_study_run(tmpl, &side, &r->stats[r->done], err)) {
            return false;
        }
        stop = eap_mpi_any(interrupted(tmpl));
        if (stop && r->stats[r->done].completed == 0) {
            break; /* every rank stops here; the empty point is left out */
        }
        r->done++;
        if (on_point) {
            on_point(ctx, r->done, r->count);
        }
    }
    r->partial = stop || r->done < r->count;
    return true;
}

void eap_sweep_run_finish(struct eap_sweep_run *r)
{
    for (size_t p = 0; p < r->count; p++) {
        if (r->scns) {
            eap_scenario_destroy(r->scns[p]);
        }
        if (r->stats) {
            eap_batch_stats_finish(&r->stats[p]);
        }
    }
    free(r->scns);
    free(r->stats);
    memset(r, 0, sizeof(*r));
}
