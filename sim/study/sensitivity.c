/*
 * Sensitivity: which uncertain inputs matter most for a metric. Each input is held at its
 * 10th and then its 90th percentile while every other input is sampled as usual, on the same
 * replications as a baseline with everything sampled (common random numbers), and the inputs
 * are ranked by how far the metric's mean moves. From the same three means per input comes an
 * estimate of its first-order variance index (see first_order below and docs/batch.md).
 */
#include "eapsim/study.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/count_of.h"

/* The metric's mean (its probability for a yes/no outcome) over a batch of `side`, and its
 * variance when var is not NULL: NAN when no replication gave the metric a value, and on MPI
 * ranks other than 0 (which hold no statistics). */
static bool mean_with(const struct eap_batch_spec *tmpl, const struct eap_study_side *side,
                      size_t m, double *mean, double *var, struct eap_error *err)
{
    struct eap_batch_stats st;
    if (!eap_study_run(tmpl, side, &st, err)) {
        return false;
    }
    *mean = NAN;
    if (var) {
        *var = NAN;
    }
    if (st.metric_count > m) {
        struct eap_metric_summary ms;
        eap_metric_summarise(&st.defs[m], &st.a[m], &ms);
        *mean = ms.flag ? ms.p : ms.mean;
        double k = eap_metric_display_scale(st.defs[m].unit);
        if (var) {
            *var = eap_stat_variance(&st.a[m]) / (k * k);
        }
    }
    eap_batch_stats_finish(&st);
    return true;
}

/* The first-order index S = Var(E[Y | X]) / Var(Y) of an input X, from the means at its 10th
 * and 90th percentiles and the baseline mean. With u = F(X), uniform on (0, 1), E[Y | X] is
 * taken as the quadratic in u through the two means whose average over u is the baseline:
 *   m(u) = base + b (u - 1/2) + c ((u - 1/2)^2 - 1/12),
 *   b = (m90 - m10) / 0.8,   c = ((m10 + m90) / 2 - base) / (0.4^2 - 1/12),
 * whose variance over u is b^2 / 12 + c^2 / 180 (the two terms are uncorrelated). Exact when
 * the input's effect is quadratic in its percentile, an approximation otherwise. */
static double first_order(double m10, double m90, double base, double var)
{
    if (!(var > 0) || isnan(m10) || isnan(m90) || isnan(base)) {
        return NAN;
    }
    double b = (m90 - m10) / 0.8, c = ((m10 + m90) / 2 - base) / (0.16 - 1.0 / 12);
    return (b * b / 12 + c * c / 180) / var;
}

/* Largest effect first; an effect that could not be measured (NAN) last; ties in the
 * scenario's order. A total order, as qsort needs. */
static int by_effect(const void *a, const void *b)
{
    const struct eap_sensitivity_input *x = a, *y = b;
    double ex = fabs(x->effect), ey = fabs(y->effect);
    bool nx = isnan(ex), ny = isnan(ey);
    if (nx != ny) {
        return nx ? 1 : -1;
    }
    if (!nx && ex != ey) {
        return ex < ey ? 1 : -1;
    }
    return x->input < y->input ? -1 : 1;
}

/* The uncertain inputs, in the scenario's order, with their 10th and 90th percentiles. */
static size_t collect_inputs(const struct eap_scenario *scn, struct eap_sensitivity_input *in)
{
    size_t n = 0;
    for (size_t i = 0; i < scn->input_count; i++) {
        const struct eap_input *x = &scn->inputs[i];
        if (!eap_dist_is_uncertain(&x->dist)) {
            continue;
        }
        in[n].input = i;
        eap_study_input_name(scn, x->path, in[n].name, sizeof(in[n].name));
        eap_study_input_label(scn, x->path, in[n].label, sizeof(in[n].label));
        in[n].low = eap_dist_quantile(&x->dist, 0.1);
        in[n].high = eap_dist_quantile(&x->dist, 0.9);
        in[n].at_low = in[n].at_high = in[n].effect = in[n].first_order = NAN;
        n++;
    }
    return n;
}

static bool interrupted(const struct eap_batch_spec *tmpl)
{
    return tmpl->interrupt && atomic_load(tmpl->interrupt);
}

/* Holds input k at its low and then its high value; fixed[] is NAN elsewhere. */
static bool measure(const struct eap_batch_spec *tmpl, struct eap_sensitivity *s, size_t k,
                    double *fixed, struct eap_error *err)
{
    struct eap_sensitivity_input *in = &s->inputs[k];
    struct eap_study_side side = {s->scn, fixed, NULL};
    fixed[in->input] = in->low;
    bool ok = mean_with(tmpl, &side, s->metric, &in->at_low, NULL, err);
    fixed[in->input] = in->high;
    ok = ok && mean_with(tmpl, &side, s->metric, &in->at_high, NULL, err);
    fixed[in->input] = NAN;
    in->effect = in->at_high - in->at_low;
    in->first_order = first_order(in->at_low, in->at_high, s->baseline, s->variance);
    return ok;
}

bool eap_sensitivity_run(const struct eap_batch_spec *tmpl, const struct eap_scenario *scn,
                         size_t metric, struct eap_sensitivity *out, struct eap_error *err)
{
    *out = (struct eap_sensitivity){scn, metric, tmpl->seed, tmpl->count, NAN, NAN, 0, NULL, false};
    out->inputs = calloc(scn->input_count + 1, sizeof(*out->inputs));
    double *fixed = calloc(scn->input_count + 1, sizeof(double));
    if (!out->inputs || !fixed) {
        free(fixed);
        return eap_error_set(err, EAP_ENOMEM, "out of memory starting a sensitivity study");
    }
    for (size_t i = 0; i < scn->input_count; i++) {
        fixed[i] = NAN;
    }
    out->count = collect_inputs(scn, out->inputs);
    struct eap_study_side all = {scn, NULL, NULL};
    bool ok = mean_with(tmpl, &all, metric, &out->baseline, &out->variance, err);
    /* Under MPI every rank must take the same path through the collective runs. */
    bool stop = eap_mpi_any(interrupted(tmpl));
    /* A metric that never had a value ranks nothing: said before the inputs' batches run.
     * Only rank 0 holds the baseline; the ranks agree through eap_mpi_any. */
    if (ok && !stop && eap_mpi_any(eap_mpi_rank0() && isnan(out->baseline))) {
        ok = eap_error_set(err, EAP_EINPUT,
                           "nothing can be ranked by \"%s\": it has no value in any "
                           "replication (it never happened)",
                           scn->metrics[metric].name);
    }
    for (size_t k = 0; ok && k < out->count && !stop; k++) {
        ok = measure(tmpl, out, k, fixed, err);
        stop = eap_mpi_any(interrupted(tmpl));
    }
    out->complete = ok && !stop;
    if (out->complete) {
        qsort(out->inputs, out->count, sizeof(*out->inputs), by_effect);
    }
    free(fixed);
    return ok;
}

void eap_sensitivity_finish(struct eap_sensitivity *s)
{
    free(s->inputs);
    memset(s, 0, sizeof(*s));
}

bool eap_sensitivity_flat(const struct eap_sensitivity *s)
{
    if (!s->complete || s->variance != 0) {
        return false;
    }
    for (size_t k = 0; k < s->count; k++) {
        if (s->inputs[k].at_low != s->baseline || s->inputs[k].at_high != s->baseline) {
            return false;
        }
    }
    return true;
}

long eap_sensitivity_better_metric(const struct eap_sensitivity *s)
{
    static const enum eap_metric_role better[] = {EAP_METRIC_TIME_ALL_SAFE,
                                                  EAP_METRIC_CASUALTIES};
    for (size_t i = 0; i < COUNT_OF(better); i++) {
        long m = eap_metric_with_role(s->scn->metrics, s->scn->metric_count, better[i]);
        if (m >= 0 && (size_t)m != s->metric) {
            return m;
        }
    }
    return -1;
}
