/*
 * eapsim sensitivity: which uncertain inputs matter most for a metric. Each input is held at
 * its low value (10th percentile) and then its high value (90th percentile) while every other
 * input is sampled as usual, on the same random numbers (common random numbers); the inputs
 * are ranked by how far the metric's mean moves: the data of a tornado chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/units.h"
#include "study.h"

void cli_sensitivity_help(FILE *out)
{
    fprintf(out,
            "usage: %s sensitivity SCENARIO --runs N [--metric NAME] [--seed S] [--threads K]\n"
            "                          [--set PATH=VALUE]... [--out DIR] [--format F] [--quiet]\n\n"
            "For each uncertain input, runs N replications with the input at its 10th\n"
            "percentile and N at its 90th (everything else sampled, same random numbers), and\n"
            "ranks the inputs by the change in the mean of the metric (default time_all_safe).\n"
            "With --out: sensitivity.json, sensitivity.csv, tornado.svg and index.html.\n",
            cli_prog);
}

struct effect {
    size_t input;
    char label[EAP_PATH_MAX];
    double low, high;       /* input values, base units */
    double at_low, at_high; /* metric means, display units */
};

/* Largest effect first; an effect that could not be measured (NAN) last; ties in the
 * scenario's order. A total order, as qsort needs. */
static int by_effect(const void *a, const void *b)
{
    const struct effect *x = a, *y = b;
    double ex = fabs(x->at_high - x->at_low), ey = fabs(y->at_high - y->at_low);
    bool nx = isnan(ex), ny = isnan(ey);
    if (nx != ny) {
        return nx ? 1 : -1;
    }
    if (!nx && ex != ey) {
        return ex < ey ? 1 : -1;
    }
    return x->input < y->input ? -1 : 1;
}

static int find_metric(const struct eap_scenario *scn, const char *name, size_t *index,
                       struct eap_metric_def *def)
{
    long m = eap_metric_find(scn->metrics, scn->metric_count, name);
    if (m >= 0) {
        *index = (size_t)m;
        *def = scn->metrics[m];
        return 0;
    }
    const char **names = calloc(scn->metric_count, sizeof(*names));
    for (size_t i = 0; names && i < scn->metric_count; i++) {
        names[i] = scn->metrics[i].name;
    }
    const char *hint = names ? eap_suggest(name, names, scn->metric_count) : NULL;
    cli_error("--metric: no metric \"%s\"%s%s%s (see the names in eapsim run --format csv)", name,
              hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
    free(names);
    return EXIT_USAGE;
}

/* Mean of metric m over the replications with `fixed` inputs: NAN when no replication gave
 * the metric a value, and on MPI ranks other than 0 (which hold no statistics). */
static bool mean_with(const struct study_args *a, const struct eap_scenario *scn,
                      const double *fixed, size_t m, double *mean)
{
    struct eap_batch_stats st;
    if (!study_run(a, scn, NULL, fixed, 0, a->runs, NULL, &st)) {
        return false;
    }
    *mean = NAN;
    if (st.metric_count > m) {
        struct eap_metric_summary ms;
        eap_metric_summarise(&st.defs[m], &st.a[m], &ms);
        *mean = ms.flag ? ms.p : ms.mean;
    }
    eap_batch_stats_finish(&st);
    return true;
}

static void value_label(const struct eap_input *in, double v, const char *which, char *buf,
                        size_t len)
{
    char u[48];
    eap_units_format(in->unit, v, u, sizeof(u));
    snprintf(buf, len, "%s: %s", which, u);
}

static void write_outputs(const struct study_args *a, const struct eap_scenario *scn,
                          const struct effect *fx, size_t n, double baseline,
                          const struct eap_metric_def *def, int *status);

static size_t collect_inputs(const struct eap_scenario *scn, struct effect *fx)
{
    size_t n = 0;
    for (size_t i = 0; i < scn->input_count; i++) {
        const struct eap_input *in = &scn->inputs[i];
        if (!eap_dist_is_uncertain(&in->dist)) {
            continue;
        }
        fx[n].input = i;
        study_input_label(scn, in->path, fx[n].label, sizeof(fx[n].label));
        fx[n].low = eap_dist_quantile(&in->dist, 0.1);
        fx[n].high = eap_dist_quantile(&in->dist, 0.9);
        n++;
    }
    return n;
}

static int run_sensitivity(const struct study_args *a, const struct eap_scenario *scn, size_t m,
                           const struct eap_metric_def *def)
{
    struct effect *fx = calloc(scn->input_count + 1, sizeof(*fx));
    double *fixed = calloc(scn->input_count + 1, sizeof(double));
    if (!fx || !fixed) {
        free(fx);
        free(fixed);
        cli_error("out of memory");
        return 1;
    }
    for (size_t i = 0; i < scn->input_count; i++) {
        fixed[i] = NAN;
    }
    size_t n = collect_inputs(scn, fx);
    double baseline = NAN;
    bool ok = mean_with(a, scn, NULL, m, &baseline);
    /* Under MPI every rank must take the same path through the collective runs. */
    bool stop = eap_mpi_any(study_interrupted);
    for (size_t k = 0; ok && k < n && !stop; k++) {
        fixed[fx[k].input] = fx[k].low;
        ok = mean_with(a, scn, fixed, m, &fx[k].at_low);
        fixed[fx[k].input] = fx[k].high;
        ok = ok && mean_with(a, scn, fixed, m, &fx[k].at_high);
        fixed[fx[k].input] = NAN;
        stop = eap_mpi_any(study_interrupted);
    }
    int status = ok ? (stop ? 130 : 0) : 1;
    if (ok && stop && eap_mpi_rank0()) {
        cli_error("sensitivity: interrupted before every input was measured; nothing written");
    }
    if (ok && !stop && eap_mpi_rank0() && isnan(baseline)) {
        cli_error("sensitivity: \"%s\" has no value in any replication (it never happened), "
                  "so nothing can be ranked by it",
                  def->name);
        status = 1;
    } else if (ok && !stop) {
        qsort(fx, n, sizeof(*fx), by_effect);
        write_outputs(a, scn, fx, n, baseline, def, &status);
    }
    free(fx);
    free(fixed);
    return status;
}

/* --- outputs --- */

/* A number for JSON: null when it could not be measured. */
static const char *jnum(double v, char *buf, size_t len)
{
    if (isnan(v) || isinf(v)) {
        return "null";
    }
    snprintf(buf, len, "%.10g", v);
    return buf;
}

static char *as_json(const struct eap_scenario *scn, const struct study_args *a,
                     const struct effect *fx, size_t n, double baseline,
                     const struct eap_metric_def *def)
{
    size_t cap = 4096 + n * 512, len = 0;
    char *t = malloc(cap);
    if (!t) {
        return NULL;
    }
    char b0[40], b1[40], b2[40], b3[40], b4[40], b5[40];
    len += (size_t)snprintf(t + len, cap - len,
                            "{\n  \"eapsim_summary\": 1,\n  \"kind\": \"sensitivity\",\n"
                            "  \"scenario\": \"%s\",\n  \"seed\": %llu,\n  \"runs\": %llu,\n"
                            "  \"metric\": \"%s\",\n  \"baseline\": %s,\n  \"inputs\": [",
                            scn->id, (unsigned long long)a->seed, (unsigned long long)a->runs,
                            def->name, jnum(baseline, b0, sizeof(b0)));
    for (size_t k = 0; k < n && len < cap; k++) {
        len += (size_t)snprintf(
            t + len, cap - len,
            "%s\n    {\"input\": \"%s\", \"low\": %s, \"high\": %s, \"mean_at_low\": %s, "
            "\"mean_at_high\": %s, \"effect\": %s}",
            k ? "," : "", fx[k].label, jnum(fx[k].low, b1, sizeof(b1)),
            jnum(fx[k].high, b2, sizeof(b2)), jnum(fx[k].at_low, b3, sizeof(b3)),
            jnum(fx[k].at_high, b4, sizeof(b4)),
            jnum(fx[k].at_high - fx[k].at_low, b5, sizeof(b5)));
    }
    if (len < cap) {
        snprintf(t + len, cap - len, "\n  ]\n}\n");
    }
    return t;
}

static char *as_csv(const struct effect *fx, size_t n)
{
    size_t cap = 256 + n * 400, len = 0;
    char *t = malloc(cap);
    if (!t) {
        return NULL;
    }
    len += (size_t)snprintf(t, cap, "input,low,high,mean_at_low,mean_at_high,effect\n");
    for (size_t k = 0; k < n && len < cap; k++) {
        len += (size_t)snprintf(t + len, cap - len, "%s,%.10g,%.10g,%.10g,%.10g,%.10g\n",
                                fx[k].label, fx[k].low, fx[k].high, fx[k].at_low, fx[k].at_high,
                                fx[k].at_high - fx[k].at_low);
    }
    return t;
}

static void as_text(const struct eap_scenario *scn, const struct study_args *a,
                    const struct effect *fx, size_t n, double baseline,
                    const struct eap_metric_def *def)
{
    printf("%s\nsensitivity of \"%s\" (mean over %llu replications each, seed %llu)\n", scn->name,
           def->label, (unsigned long long)a->runs, (unsigned long long)a->seed);
    printf("baseline (every input sampled): %.2f\n\n", baseline);
    printf("  %-52s %12s %12s %10s %10s %9s\n", "input (at its 10th / 90th percentile)", "low",
           "high", "mean@low", "mean@high", "effect");
    for (size_t k = 0; k < n; k++) {
        const struct eap_input *in = &scn->inputs[fx[k].input];
        char lo[48], hi[48];
        eap_units_format(in->unit, fx[k].low, lo, sizeof(lo));
        eap_units_format(in->unit, fx[k].high, hi, sizeof(hi));
        /* long paths keep their end, the part that says which value it is */
        size_t len = strlen(fx[k].label);
        const char *tail = len > 52 ? fx[k].label + len - 49 : fx[k].label;
        printf("  %s%-*s %12s %12s %10.2f %10.2f %+9.2f\n", len > 52 ? "..." : "",
               len > 52 ? 49 : 52, tail, lo, hi, fx[k].at_low, fx[k].at_high,
               fx[k].at_high - fx[k].at_low);
    }
}

static bool tornado(const struct study_args *a, const struct eap_scenario *scn,
                    const struct effect *fx, size_t n, double baseline,
                    const struct eap_metric_def *def)
{
    size_t shown = n < 15 ? n : 15; /* a tornado past 15 bars is unreadable */
    struct eap_tornado_bar *bars = calloc(shown + 1, sizeof(*bars));
    char(*labels)[2][64] = calloc(shown + 1, sizeof(*labels));
    bool ok = bars && labels;
    for (size_t k = 0; ok && k < shown; k++) {
        const struct eap_input *in = &scn->inputs[fx[k].input];
        value_label(in, fx[k].low, "p10", labels[k][0], sizeof(labels[k][0]));
        value_label(in, fx[k].high, "p90", labels[k][1], sizeof(labels[k][1]));
        bars[k] = (struct eap_tornado_bar){fx[k].label, labels[k][0], labels[k][1], fx[k].at_low,
                                           fx[k].at_high};
    }
    char path[1200], title[256];
    snprintf(title, sizeof(title), "What moves \"%s\"", def->label);
    struct eap_tornado_plot p = {title,
                                 def->unit == EAP_MU_FLAG    ? "probability"
                                 : def->unit == EAP_MU_COUNT ? "mean count"
                                                             : "mean, minutes",
                                 baseline, shown, bars};
    study_path(a, "tornado.svg", path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_svg_tornado(path, &p, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    free(bars);
    free(labels);
    return ok;
}

static bool page(const struct study_args *a, const struct eap_scenario *scn,
                 const struct effect *fx, size_t n, const struct eap_metric_def *def)
{
    static const char *const header[] = {"input",       "p10",         "p90",
                                         "mean at p10", "mean at p90", "effect"};
    const char **cells = calloc(n * 6 + 1, sizeof(*cells));
    char(*text)[64] = calloc(n * 5 + 1, sizeof(*text));
    bool ok = cells && text;
    for (size_t k = 0; ok && k < n; k++) {
        const struct eap_input *in = &scn->inputs[fx[k].input];
        char *t = text[k * 5];
        eap_units_format(in->unit, fx[k].low, t, 64);
        eap_units_format(in->unit, fx[k].high, text[k * 5 + 1], 64);
        snprintf(text[k * 5 + 2], 64, "%.2f", fx[k].at_low);
        snprintf(text[k * 5 + 3], 64, "%.2f", fx[k].at_high);
        snprintf(text[k * 5 + 4], 64, "%+.2f", fx[k].at_high - fx[k].at_low);
        const char *row[] = {fx[k].label,    t, text[k * 5 + 1], text[k * 5 + 2], text[k * 5 + 3],
                             text[k * 5 + 4]};
        memcpy(cells + k * 6, row, sizeof(row));
    }
    struct eap_html_table table = {6, n, header, cells};
    struct eap_html_image img = {"tornado.svg", "inputs ranked by their effect"};
    char path[1200], title[300], sub[400];
    snprintf(title, sizeof(title), "Sensitivity: %s", scn->name);
    snprintf(sub, sizeof(sub), "metric: %s; %llu replications per point, seed %llu", def->label,
             (unsigned long long)a->runs, (unsigned long long)a->seed);
    study_path(a, "index.html", path, sizeof(path));
    struct eap_error err;
    if (ok && !eap_html_index(path, title, sub, &table, &img, 1, &err)) {
        cli_error("%s", err.msg);
        ok = false;
    }
    free(cells);
    free(text);
    return ok;
}

static void write_outputs(const struct study_args *a, const struct eap_scenario *scn,
                          const struct effect *fx, size_t n, double baseline,
                          const struct eap_metric_def *def, int *status)
{
    if (!eap_mpi_rank0()) {
        return;
    }
    /* The JSON and CSV texts are built once, for stdout and --out. */
    bool need_json = a->format == EAP_FORMAT_JSON || a->out;
    bool need_csv = a->format == EAP_FORMAT_CSV || a->out;
    char *json = need_json ? as_json(scn, a, fx, n, baseline, def) : NULL;
    char *csv = need_csv ? as_csv(fx, n) : NULL;
    if ((need_json && !json) || (need_csv && !csv)) {
        cli_error("out of memory");
        *status = 1;
    } else if (a->format == EAP_FORMAT_TEXT) {
        as_text(scn, a, fx, n, baseline, def);
    } else {
        fputs(a->format == EAP_FORMAT_JSON ? json : csv, stdout);
    }
    if (*status == 0 && a->out) {
        bool ok = study_write(a, "sensitivity.json", json); /* study_write frees the text */
        json = NULL;
        if (ok) {
            ok = study_write(a, "sensitivity.csv", csv);
            csv = NULL;
        }
        if (!(ok && tornado(a, scn, fx, n, baseline, def) && page(a, scn, fx, n, def))) {
            *status = 1;
        }
    }
    free(json);
    free(csv);
}

int cli_sensitivity(int argc, char **argv)
{
    static const struct cli_command self = {
        "sensitivity", "SCENARIO --runs N [--metric NAME]", "", NULL, NULL, false};
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    int rc = study_parse(argc, argv, &a, &self, cli_sensitivity_help, STUDY_SENSITIVITY);
    if (rc != 0) {
        return rc < 0 ? 0 : rc;
    }
    study_catch_interrupt();
    struct eap_scenario *scn = cli_load(a.file, &a.sets);
    if (!scn) {
        return EXIT_USAGE;
    }
    size_t m = 0;
    struct eap_metric_def def;
    int status = find_metric(scn, a.metric ? a.metric : "time_all_safe", &m, &def);
    if (status == 0) {
        status = study_prepare_out(&a);
    }
    if (status == 0) {
        status = run_sensitivity(&a, scn, m, &def);
    }
    eap_scenario_destroy(scn);
    return status;
}
