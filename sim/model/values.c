/*
 * Typed access to scenario values: every getter checks the JSON type, the range and the
 * units, and reports "expected X, found Y" at the value's location. Getters never stop at
 * the first problem: they report and return a neutral result so loading goes on and every
 * problem of the file is listed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/dist.h"
#include "eapsim/units.h"
#include "loader_internal.h"

void eap__describe_json(const cJSON *v, char *buf, size_t len)
{
    if (!v) {
        snprintf(buf, len, "nothing");
    } else if (cJSON_IsString(v)) {
        char text[80];
        eap__copy_marked(text, sizeof(text), v->valuestring);
        snprintf(buf, len, "the string \"%s\"", text);
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, len, "the number %g", v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, len, "null");
    } else if (cJSON_IsArray(v)) {
        snprintf(buf, len, "an array");
    } else if (cJSON_IsObject(v)) {
        snprintf(buf, len, "an object");
    } else {
        snprintf(buf, len, "an invalid value");
    }
}

static void wrong_type(struct load_ctx *c, const cJSON *v, const char *key, const char *expected)
{
    char found[96];
    eap__describe_json(v, found, sizeof(found));
    eap__report(c, v, key, "expected %s, found %s", expected, found);
}

/* "\"a\", \"b\" or \"c\"" for messages; long lists end in "... (see
 * docs/scenario-format.md)". */
static void key_list(const char *const *keys, size_t n, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < len; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        int w = snprintf(buf + used, len - used, "%s\"%s\"", sep, keys[i]);
        if (w < 0 || used + (size_t)w >= len - 40) {
            snprintf(buf + used, len - used, ", ... (see docs/scenario-format.md)");
            return;
        }
        used += (size_t)w;
    }
}

/* "sources": {"key": "citation", ...} names the sources of several numbers of one object
 * (any object may have one); each key must be a key of the object. */
static void check_sources(struct load_ctx *c, const cJSON *obj, const cJSON *sources)
{
    if (!cJSON_IsObject(sources)) {
        wrong_type(c, sources, "sources", "an object of citations, one per key of this object");
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "sources");
    const cJSON *s;
    cJSON_ArrayForEach(s, sources)
    {
        if (!cJSON_IsString(s)) {
            wrong_type(c, s, s->string, "a citation (text)");
        } else if (!cJSON_GetObjectItemCaseSensitive(obj, s->string)) {
            eap__report_key(c, s, s->string,
                            "\"sources\" names \"%s\", which this object does not have", s->string);
        }
    }
    eap__ctx_pop(c, saved);
}

void eap__check_keys(struct load_ctx *c, const cJSON *obj, const char *const *allowed, size_t n)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, obj)
    {
        const char *k = item->string;
        bool known = strcmp(k, "sources") == 0;
        if (known) {
            check_sources(c, obj, item);
        }
        for (size_t i = 0; i < n && !known; i++) {
            known = strcmp(allowed[i], k) == 0;
        }
        if (!known) {
            const char *hint = eap_suggest(k, allowed, n);
            if (hint) {
                eap__report_key(c, item, k, "unknown key \"%s\"; did you mean \"%s\"?", k, hint);
            } else {
                char list[256];
                key_list(allowed, n, list, sizeof(list));
                eap__report_key(c, item, k, "unknown key \"%s\"; expected one of %s", k, list);
            }
            continue;
        }
        for (const cJSON *prev = obj->child; prev != item; prev = prev->next) {
            if (strcmp(prev->string, k) == 0) {
                eap__report_key(c, item, k, "duplicate key \"%s\"", k);
                break;
            }
        }
    }
}

const cJSON *eap__member(struct load_ctx *c, const cJSON *obj, const char *key, bool required)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!v && required) {
        eap__report(c, obj, NULL, "missing required key \"%s\"", key);
    }
    return v;
}

bool eap__expect_object(struct load_ctx *c, const cJSON *v, const char *key)
{
    if (!cJSON_IsObject(v)) {
        wrong_type(c, v, key, "an object");
        return false;
    }
    return true;
}

bool eap__expect_array(struct load_ctx *c, const cJSON *v, const char *key, bool nonempty)
{
    if (!cJSON_IsArray(v)) {
        wrong_type(c, v, key, "an array");
        return false;
    }
    if (nonempty && cJSON_GetArraySize(v) == 0) {
        eap__report(c, v, key, "expected a non-empty array, found an empty one");
        return false;
    }
    return true;
}

const char *eap__get_string(struct load_ctx *c, const cJSON *obj, const char *key, bool required)
{
    const cJSON *v = eap__member(c, obj, key, required);
    if (!v) {
        return NULL;
    }
    if (!cJSON_IsString(v)) {
        wrong_type(c, v, key, "a string");
        return NULL;
    }
    return v->valuestring;
}

const char *eap__get_text(struct load_ctx *c, const cJSON *obj, const char *key, bool required)
{
    const char *s = eap__get_string(c, obj, key, required);
    return s ? eap__ctx_strdup(c, s) : NULL;
}

/* The citation that covers member `key` of obj: its entry in the object's "sources", or the
 * object's own "source" (or "note"); NULL when there is none. */
static const char *citation(const cJSON *obj, const char *key, bool *is_note)
{
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(obj, "sources");
    const cJSON *s = cJSON_IsObject(map) ? cJSON_GetObjectItemCaseSensitive(map, key) : NULL;
    *is_note = false;
    if (cJSON_IsString(s)) {
        return s->valuestring;
    }
    s = cJSON_GetObjectItemCaseSensitive(obj, "source");
    if (cJSON_IsString(s)) {
        return s->valuestring;
    }
    s = cJSON_GetObjectItemCaseSensitive(obj, "note");
    *is_note = true;
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* Remembers a number with neither a source nor a note, for `eapsim validate --strict`:
 * "LINE:COL: /json/path" (the path alone when the value came from --set). */
static void note_unsourced(struct load_ctx *c, const cJSON *v, const char *key)
{
    size_t saved = c->path_len;
    eap__ctx_push_key(c, key);
    if (c->unsourced_count == c->unsourced_cap) {
        size_t cap = c->unsourced_cap ? 2 * c->unsourced_cap : 32;
        const char **grown = realloc(c->unsourced, cap * sizeof(*grown));
        if (!grown) {
            c->oom = true;
            eap__ctx_pop(c, saved);
            return;
        }
        c->unsourced = grown;
        c->unsourced_cap = cap;
    }
    char where[CTX_PATH_MAX + 32];
    int line, col;
    if (eap__node_line_col(c, v, &line, &col)) {
        snprintf(where, sizeof(where), "%d:%d: %s", line, col, c->path);
    } else {
        snprintf(where, sizeof(where), "%s", c->path);
    }
    c->unsourced[c->unsourced_count++] = eap__ctx_strdup(c, where);
    eap__ctx_pop(c, saved);
}

bool eap__get_number(struct load_ctx *c, const cJSON *obj, const char *key, bool required,
                     double lo, double hi, double *out)
{
    const cJSON *v = eap__member(c, obj, key, required);
    if (!v) {
        return false;
    }
    bool is_note;
    if (!citation(obj, key, &is_note)) {
        note_unsourced(c, v, key);
    }
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
        wrong_type(c, v, key, "a number");
        return false;
    }
    if (v->valuedouble < lo || v->valuedouble > hi) {
        eap__report(c, v, key, "expected a number from %.10g to %.10g, found %.10g", lo, hi,
                    v->valuedouble);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

bool eap__get_int(struct load_ctx *c, const cJSON *obj, const char *key, bool required, int lo,
                  int hi, int *out)
{
    double d;
    if (!eap__get_number(c, obj, key, required, lo, hi, &d)) {
        return false;
    }
    if (d != floor(d)) {
        eap__report(c, eap__member(c, obj, key, false), key, "expected a whole number, found %.10g",
                    d);
        return false;
    }
    *out = (int)d;
    return true;
}

bool eap__get_bool(struct load_ctx *c, const cJSON *obj, const char *key, bool required, bool *out)
{
    const cJSON *v = eap__member(c, obj, key, required);
    if (!v) {
        return false;
    }
    if (!cJSON_IsBool(v)) {
        wrong_type(c, v, key, "true or false");
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

/* --- quantities --- */

static bool plain_allowed(enum eap_quantity q)
{
    return q == EAP_Q_COUNT || q == EAP_Q_PROBABILITY || q == EAP_Q_RATIO;
}

/* A scalar with units: "88 min", or a plain number for dimensionless quantities. */
static bool scalar(struct load_ctx *c, const cJSON *v, const char *key, enum eap_quantity q,
                   double *out)
{
    char why[320];
    if (cJSON_IsString(v)) {
        if (eap_units_parse(q, v->valuestring, out, why, sizeof(why))) {
            return true;
        }
        eap__report(c, v, key, "%s", why);
        return false;
    }
    if (cJSON_IsNumber(v) && plain_allowed(q)) {
        if (!isfinite(v->valuedouble) || v->valuedouble < 0 ||
            (q == EAP_Q_PROBABILITY && v->valuedouble > 1)) {
            eap__report(c, v, key, "expected a %s %s, found %g", eap_quantity_name(q),
                        q == EAP_Q_PROBABILITY ? "from 0 to 1" : "of 0 or more", v->valuedouble);
            return false;
        }
        *out = v->valuedouble;
        return true;
    }
    char expected[96];
    snprintf(expected, sizeof(expected), "a %s such as %s", eap_quantity_name(q),
             eap_quantity_example(q));
    if (cJSON_IsNumber(v)) {
        eap__report(c, v, key, "expected %s with its unit, found the bare number %g", expected,
                    v->valuedouble);
        return false;
    }
    wrong_type(c, v, key, expected);
    return false;
}

/* Reads an array of exactly n scalars. */
static bool scalars(struct load_ctx *c, const cJSON *v, const char *key, enum eap_quantity q,
                    size_t n, double *out)
{
    if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != n) {
        char expected[96];
        snprintf(expected, sizeof(expected), "an array of %zu %ss", n, eap_quantity_name(q));
        if (cJSON_IsArray(v)) {
            eap__report(c, v, key, "expected %s, found an array of %d", expected,
                        cJSON_GetArraySize(v));
        } else {
            wrong_type(c, v, key, expected);
        }
        return false;
    }
    size_t saved = c->path_len, i = 0;
    bool ok = true;
    eap__ctx_push_key(c, key);
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        char idx[24];
        snprintf(idx, sizeof(idx), "%zu", i);
        ok &= scalar(c, item, idx, q, &out[i++]);
    }
    eap__ctx_pop(c, saved);
    return ok;
}

static bool dist_choice(struct load_ctx *c, const cJSON *v, enum eap_quantity q, struct eap_dist *d,
                        char *why, size_t len)
{
    if (!eap__expect_array(c, v, "choice", true)) {
        return false;
    }
    double values[EAP_DIST_MAX_CHOICES], probs[EAP_DIST_MAX_CHOICES];
    size_t n = 0, saved = c->path_len;
    bool ok = true;
    eap__ctx_push_key(c, "choice");
    const cJSON *opt;
    cJSON_ArrayForEach(opt, v)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, n);
        static const char *const keys[] = {"p", "value"};
        if (!eap__expect_object(c, opt, NULL)) {
            ok = false;
        } else if (n < EAP_DIST_MAX_CHOICES) {
            eap__check_keys(c, opt, keys, COUNT_OF(keys));
            const cJSON *val = eap__member(c, opt, "value", true);
            ok &= eap__get_number(c, opt, "p", true, 0, 1, &probs[n]);
            ok &= val && scalar(c, val, "value", q, &values[n]);
        }
        eap__ctx_pop(c, s2);
        n++;
    }
    eap__ctx_pop(c, saved);
    if (!ok) {
        return false;
    }
    if (n > EAP_DIST_MAX_CHOICES) {
        eap__report(c, v, "choice", "expected at most %d options, found %zu", EAP_DIST_MAX_CHOICES,
                    n);
        return false;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += probs[i];
    }
    if (fabs(sum - 1.0) > 1e-9) {
        eap__report(c, v, "choice",
                    "expected probabilities \"p\" that sum to 1, found a sum of %.10g", sum);
        return false;
    }
    return eap_dist_choice(d, values, probs, n, why, len);
}

/* Checks the order of min, mode and max (n = 2: min and max) before the distribution is
 * built, so the message speaks in the file's units. */
static bool check_order(struct load_ctx *c, const cJSON *v, const char *kind, enum eap_quantity q,
                        const double *p, size_t n)
{
    double lo = p[0], hi = p[n - 1];
    bool ok = lo < hi && (n == 2 || (p[1] >= lo && p[1] <= hi));
    if (!ok) {
        char a[48], b[48], m[48];
        eap_units_format(q, p[0], a, sizeof(a));
        eap_units_format(q, p[1], b, sizeof(b));
        eap_units_format(q, p[n - 1], m, sizeof(m));
        if (n == 2) {
            eap__report(c, v, kind, "expected [min, max] with min below max, found [%s, %s]", a, m);
        } else {
            eap__report(c, v, kind,
                        "expected [min, most likely, max] with min below max and the most likely "
                        "value between them, found [%s, %s, %s]",
                        a, b, m);
        }
    }
    return ok;
}

/* Builds the distribution named by the one distribution key present in obj. */
/* lognormal: a median and either a 90th percentile or sigma. */
static bool lognormal_of(struct load_ctx *c, const cJSON *v, enum eap_quantity q,
                         struct eap_dist *d, char *why, size_t len)
{
    double median, p90, sigma;
    const cJSON *m = eap__member(c, v, "median", true), *top = eap__member(c, v, "p90", false);
    bool has_sigma = eap__member(c, v, "sigma", false) != NULL;
    if (!m || !scalar(c, m, "median", q, &median)) {
        return false;
    }
    if ((top != NULL) == has_sigma) {
        eap__report(c, v, NULL, "lognormal: give exactly one of \"p90\" and \"sigma\"");
        return false;
    }
    if (!top) {
        return eap__get_number(c, v, "sigma", true, 0, 100, &sigma) &&
               eap_dist_lognormal(d, median, sigma, why, len);
    }
    if (!scalar(c, top, "p90", q, &p90)) {
        return false;
    }
    if (!(p90 > median)) {
        char a[48], b[48];
        eap_units_format(q, median, a, sizeof(a));
        eap_units_format(q, p90, b, sizeof(b));
        eap__report(c, top, "p90", "expected a p90 above the median (%s), found %s", a, b);
        return false;
    }
    return eap_dist_lognormal_p90(d, median, p90, why, len);
}

/* The kinds given as an object of named parameters: exponential, normal, lognormal. */
static bool named_params_of(struct load_ctx *c, const cJSON *v, const char *kind,
                            enum eap_quantity q, struct eap_dist *d, char *why, size_t len)
{
    static const char *const keys[][3] = {{"mean"}, {"mean", "sd"}, {"median", "p90", "sigma"}};
    static const size_t nkeys[] = {1, 2, 3};
    int k = strcmp(kind, "exponential") == 0 ? 0 : strcmp(kind, "normal") == 0 ? 1 : 2;
    if (!eap__expect_object(c, v, kind)) {
        return false;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, kind);
    eap__check_keys(c, v, keys[k], nkeys[k]);
    const cJSON *m = eap__member(c, v, keys[k][0], k < 2), *sd;
    double p[2];
    bool ok;
    if (k == 0) {
        ok = m && scalar(c, m, "mean", q, p) && eap_dist_exponential(d, p[0], why, len);
    } else if (k == 1) {
        sd = eap__member(c, v, "sd", true);
        ok = m && sd && scalar(c, m, "mean", q, &p[0]) && scalar(c, sd, "sd", q, &p[1]) &&
             eap_dist_normal(d, p[0], p[1], why, len);
    } else {
        ok = lognormal_of(c, v, q, d, why, len);
    }
    eap__ctx_pop(c, saved);
    return ok;
}

static bool dist_of(struct load_ctx *c, const cJSON *obj, const char *kind, enum eap_quantity q,
                    struct eap_dist *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, kind);
    double p[3];
    char why[256] = "";
    bool ok;
    if (strcmp(kind, "value") == 0 || strcmp(kind, "fixed") == 0) {
        ok = scalar(c, v, kind, q, p);
        if (ok) {
            eap_dist_fixed(d, p[0]);
        }
        return ok;
    } else if (strcmp(kind, "uniform") == 0) {
        ok = scalars(c, v, kind, q, 2, p) && check_order(c, v, kind, q, p, 2) &&
             eap_dist_uniform(d, p[0], p[1], why, sizeof(why));
    } else if (strcmp(kind, "triangular") == 0) {
        ok = scalars(c, v, kind, q, 3, p) && check_order(c, v, kind, q, p, 3) &&
             eap_dist_triangular(d, p[0], p[1], p[2], why, sizeof(why));
    } else if (strcmp(kind, "pert") == 0) {
        ok = scalars(c, v, kind, q, 3, p) && check_order(c, v, kind, q, p, 3) &&
             eap_dist_pert(d, p[0], p[1], p[2], why, sizeof(why));
    } else if (strcmp(kind, "exponential") == 0 || strcmp(kind, "normal") == 0 ||
               strcmp(kind, "lognormal") == 0) {
        ok = named_params_of(c, v, kind, q, d, why, sizeof(why));
    } else {
        ok = dist_choice(c, v, q, d, why, sizeof(why));
    }
    if (!ok && why[0]) {
        eap__report(c, v, kind, "expected valid %s parameters, found %s", kind, why);
    }
    return ok;
}

static const char *const dist_keys[] = {"value",  "fixed",     "uniform",     "triangular", "pert",
                                        "normal", "lognormal", "exponential", "choice"};

/* Lowest value the distribution can take (for refusing zero speeds and distances). */
static double dist_floor(const struct eap_dist *d)
{
    switch (d->kind) {
    case EAP_DIST_FIXED:
    case EAP_DIST_UNIFORM:
    case EAP_DIST_TRIANGULAR:
    case EAP_DIST_PERT:
        return d->a;
    case EAP_DIST_CHOICE: {
        double m = INFINITY;
        for (unsigned i = 0; i < d->n; i++) {
            m = fmin(m, d->values[i]);
        }
        return m;
    }
    default:
        return 1; /* unbounded below but positive: the engine floors tiny draws */
    }
}

/* Highest value the distribution takes in practice (its maximum, or the 99.9th percentile
 * of an unbounded one). */
static double dist_ceiling(const struct eap_dist *d)
{
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return d->a;
    case EAP_DIST_UNIFORM:
    case EAP_DIST_TRIANGULAR:
    case EAP_DIST_PERT:
        return d->b;
    case EAP_DIST_CHOICE: {
        double m = 0;
        for (unsigned i = 0; i < d->n; i++) {
            m = fmax(m, d->values[i]);
        }
        return m;
    }
    default:
        return eap_dist_quantile(d, 0.999);
    }
}

/* Plausibility limits that keep every later computation finite and in range: a duration the
 * clock can hold, distances and speeds on the scale of the Earth and its aircraft. */
static bool within_limits(struct load_ctx *c, const cJSON *v, const char *key, enum eap_quantity q,
                          const struct eap_dist *d)
{
    double hi = dist_ceiling(d), limit;
    const char *shown;
    switch (q) {
    case EAP_Q_DURATION:
        limit = (double)EAP_TIME_MAX;
        shown = "139 years";
        break;
    case EAP_Q_DISTANCE:
        limit = 1e8;
        shown = "100000 km";
        break;
    case EAP_Q_SPEED:
        limit = 1e5 * EAP_MPS_PER_KMH;
        shown = "100000 km/h";
        break;
    case EAP_Q_COUNT:
        limit = 1e7;
        shown = "10000000";
        break;
    default:
        return true;
    }
    if (!(hi <= limit)) {
        char found[64];
        eap_units_format(q, hi, found, sizeof(found));
        eap__report(c, v, key, "expected a %s of at most %s, found one that can reach %s",
                    eap_quantity_name(q), shown, found);
        return false;
    }
    return true;
}

/* The values a distribution can take, for a recorded value to be one of them: [lo, hi], with
 * lo excluded when open (a lognormal is never 0); a choice's options one by one. */
static void dist_support(const struct eap_dist *d, double *lo, double *hi, bool *open)
{
    *open = d->kind == EAP_DIST_LOGNORMAL;
    switch (d->kind) {
    case EAP_DIST_FIXED:
        *lo = *hi = d->a;
        return;
    case EAP_DIST_UNIFORM:
    case EAP_DIST_TRIANGULAR:
    case EAP_DIST_PERT:
        *lo = d->a;
        *hi = d->b;
        return;
    default: /* normal (truncated at 0), lognormal, exponential */
        *lo = 0;
        *hi = INFINITY;
    }
}

/* A recorded value the distribution cannot take would replay a history the model calls
 * impossible: refused, located at "recorded", in the file's units. */
static bool recorded_possible(struct load_ctx *c, const cJSON *rec, enum eap_quantity q,
                              const struct eap_dist *d, double r)
{
    char found[80], a[48], b[48];
    if (cJSON_IsString(rec)) { /* as the file says it: "900 h" */
        snprintf(found, sizeof(found), "\"%.60s\"", rec->valuestring);
    } else {
        eap_units_format(q, r, found, sizeof(found));
    }
    if (d->kind == EAP_DIST_CHOICE) {
        char options[400] = "";
        size_t used = 0;
        for (unsigned i = 0; i < d->n; i++) {
            if (fabs(d->values[i] - r) <= 1e-12 * fmax(1, fabs(r))) {
                return true;
            }
            eap_units_format(q, d->values[i], a, sizeof(a));
            int w = snprintf(options + used, sizeof(options) - used, "%s%s", i ? ", " : "", a);
            used += w > 0 && (size_t)w < sizeof(options) - used ? (size_t)w : 0;
        }
        eap__report(c, rec, "recorded", "expected one of the choices (%s), found %s", options,
                    found);
        return false;
    }
    double lo, hi;
    bool open;
    dist_support(d, &lo, &hi, &open);
    if ((open ? r > lo : r >= lo) && r <= hi) {
        return true;
    }
    eap_units_format(q, lo, a, sizeof(a));
    eap_units_format(q, hi, b, sizeof(b));
    if (lo == hi) {
        eap__report(c, rec, "recorded", "expected the fixed value %s, found %s", a, found);
    } else if (isinf(hi)) {
        eap__report(c, rec, "recorded", "expected a value the %s can take (%s %s), found %s",
                    eap_dist_kind_name(d->kind), open ? "above" : "at least", a, found);
    } else {
        eap__report(c, rec, "recorded", "expected a value the %s can take (%s to %s), found %s",
                    eap_dist_kind_name(d->kind), a, b, found);
    }
    return false;
}

static bool quantity_object(struct load_ctx *c, const cJSON *v, enum eap_quantity q,
                            struct eap_input *in)
{
    static const char *const keys[] = {"value",  "fixed",    "uniform",   "triangular",
                                       "pert",   "normal",   "lognormal", "exponential",
                                       "choice", "recorded", "source",    "note"};
    eap__check_keys(c, v, keys, COUNT_OF(keys));
    const cJSON *many = cJSON_GetObjectItemCaseSensitive(v, "sources");
    if (many) {
        /* A quantity is one number: its citation is "source", which `validate --strict`
         * reads; a "sources" map here would cite nothing. */
        eap__report_key(c, many, "sources",
                        "expected \"source\" (a quantity has one citation), found \"sources\"");
    }
    const char *kind = NULL;
    int kinds = 0;
    char seen[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < COUNT_OF(dist_keys); i++) {
        if (cJSON_GetObjectItemCaseSensitive(v, dist_keys[i])) {
            kind = dist_keys[i];
            kinds++;
            int w = snprintf(seen + used, sizeof(seen) - used, "%s\"%s\"", used ? " and " : "",
                             dist_keys[i]);
            used += w > 0 && (size_t)w < sizeof(seen) - used ? (size_t)w : 0;
        }
    }
    if (kinds != 1) {
        eap__report(c, v, NULL,
                    "expected exactly one of \"value\", \"uniform\", \"triangular\", \"pert\", "
                    "\"normal\", \"lognormal\", \"exponential\" or \"choice\", found %s",
                    kinds ? seen : "none of them");
        return false;
    }
    if (!dist_of(c, v, kind, q, &in->dist)) {
        return false;
    }
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(v, "recorded");
    double r;
    if (rec) {
        struct eap_dist fixed;
        if (!scalar(c, rec, "recorded", q, &r)) {
            return false;
        }
        eap_dist_fixed(&fixed, r);
        if (!within_limits(c, rec, "recorded", q, &fixed) ||
            !recorded_possible(c, rec, q, &in->dist, r)) {
            return false;
        }
        eap_dist_set_recorded(&in->dist, r);
    }
    in->source = eap__get_text(c, v, "source", false);
    in->note = eap__get_text(c, v, "note", false);
    return true;
}

static int32_t add_input(struct load_ctx *c, const struct eap_input *in)
{
    if (c->input_count == c->input_cap) {
        size_t cap = c->input_cap ? c->input_cap * 2 : 64;
        struct eap_input *grown = realloc(c->inputs, cap * sizeof(*grown));
        if (!grown) {
            c->oom = true;
            return EAP_NONE;
        }
        c->inputs = grown;
        c->input_cap = cap;
    }
    c->inputs[c->input_count] = *in;
    return (int32_t)c->input_count++;
}

int32_t eap__get_quantity(struct load_ctx *c, const cJSON *obj, const char *key,
                          enum eap_quantity q, bool required, bool positive)
{
    const cJSON *v = eap__member(c, obj, key, required);
    if (!v) {
        return EAP_NONE;
    }
    struct eap_input in;
    memset(&in, 0, sizeof(in));
    in.unit = q;
    in.sets = EAP_NONE;
    in.stream_of = EAP_NONE;
    size_t saved = c->path_len;
    eap__ctx_push_key(c, key);
    in.path = eap__ctx_strdup(c, c->path);
    eap__ctx_pop(c, saved);
    if (cJSON_IsObject(v)) {
        /* A distribution's own numbers (a choice's "p", a lognormal's "sigma") are covered
         * by the quantity's citation: only the quantity is listed when it has none. */
        size_t unsourced = c->unsourced_count;
        eap__ctx_push_key(c, key);
        bool ok = quantity_object(c, v, q, &in);
        eap__ctx_pop(c, saved);
        c->unsourced_count = unsourced;
        if (!ok) {
            return EAP_NONE;
        }
    } else {
        double x;
        if (!scalar(c, v, key, q, &x)) {
            return EAP_NONE;
        }
        eap_dist_fixed(&in.dist, x);
        /* A bare value takes its object's citation for it. */
        bool is_note;
        const char *cite = citation(obj, key, &is_note);
        *(is_note ? &in.note : &in.source) = cite ? eap__ctx_strdup(c, cite) : NULL;
    }
    if (!in.source && !in.note) {
        note_unsourced(c, v, key);
    }
    if (positive && !(dist_floor(&in.dist) > 0)) {
        eap__report(c, v, key, "expected a %s above zero, found one that can be %g",
                    eap_quantity_name(q), dist_floor(&in.dist));
        return EAP_NONE;
    }
    if (!within_limits(c, v, key, q, &in.dist)) {
        return EAP_NONE;
    }
    return add_input(c, &in);
}

bool eap__get_duration_ms(struct load_ctx *c, const cJSON *obj, const char *key, eap_time *out)
{
    const cJSON *v = eap__member(c, obj, key, true);
    char why[256];
    double ms;
    if (!v) {
        return false;
    }
    if (!cJSON_IsString(v)) {
        wrong_type(c, v, key, "a fixed duration such as \"30 min\"");
        return false;
    }
    if (!eap_units_parse(EAP_Q_DURATION, v->valuestring, &ms, why, sizeof(why))) {
        eap__report(c, v, key, "%s", why);
        return false;
    }
    if (ms < 0 || ms > 365.0 * EAP_DAY) {
        eap__report(c, v, key, "expected a duration from 0 to 365 days, found \"%s\"",
                    v->valuestring);
        return false;
    }
    *out = (eap_time)(ms + 0.5);
    return true;
}

bool eap__get_time(struct load_ctx *c, const cJSON *obj, const char *key, bool required,
                   eap_time *out)
{
    const char *s = eap__get_string(c, obj, key, required);
    if (!s || !c->clock_ok) {
        return false;
    }
    char why[320];
    const cJSON *v = eap__member(c, obj, key, false);
    if (!eap_clock_parse_time(&c->scn->clock, s, out, why, sizeof(why))) {
        eap__report(c, v, key, "%s", why);
        return false;
    }
    if (*out < 0 || *out > EAP_TIME_MAX) {
        char start[64];
        eap_clock_format_start(&c->scn->clock, start, sizeof(start));
        eap__report(c, v, key, "expected a time %s the start (%s), found \"%s\"",
                    *out < 0 ? "at or after" : "within 139 years of", start, s);
        return false;
    }
    return true;
}

int32_t eap__find_id(const struct id_table *t, const char *id)
{
    for (size_t i = 0; i < t->count; i++) {
        if (t->ids[i] && strcmp(t->ids[i], id) == 0) {
            return (int32_t)i;
        }
    }
    return EAP_NONE;
}

int32_t eap__resolve_ref(struct load_ctx *c, const cJSON *v, const char *key,
                         const struct id_table *t)
{
    if (!cJSON_IsString(v)) {
        char expected[64];
        snprintf(expected, sizeof(expected), "the id of a %s", t->what);
        wrong_type(c, v, key, expected);
        return EAP_NONE;
    }
    int32_t found = eap__find_id(t, v->valuestring);
    if (found != EAP_NONE) {
        return found;
    }
    const char *hint = eap_suggest(v->valuestring, t->ids, t->count);
    if (hint) {
        eap__report(c, v, key, "no %s has the id \"%s\"; did you mean \"%s\"?", t->what,
                    v->valuestring, hint);
    } else if (t->count == 0) {
        eap__report(c, v, key, "no %s has the id \"%s\" (there are none)", t->what, v->valuestring);
    } else {
        eap__report(c, v, key, "no %s has the id \"%s\"", t->what, v->valuestring);
    }
    return EAP_NONE;
}

int32_t eap__get_ref(struct load_ctx *c, const cJSON *obj, const char *key,
                     const struct id_table *t, bool required)
{
    const cJSON *v = eap__member(c, obj, key, required);
    return v ? eap__resolve_ref(c, v, key, t) : EAP_NONE;
}

size_t eap__get_refs(struct load_ctx *c, const cJSON *obj, const char *key,
                     const struct id_table *t, bool required, int32_t **out)
{
    *out = NULL;
    const cJSON *v = eap__member(c, obj, key, required);
    if (!v || !eap__expect_array(c, v, key, required)) {
        return 0;
    }
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0, saved = c->path_len;
    *out = eap__ctx_alloc(c, (n ? n : 1) * sizeof(int32_t));
    if (!*out) {
        return 0;
    }
    eap__ctx_push_key(c, key);
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        char idx[24];
        snprintf(idx, sizeof(idx), "%zu", i);
        int32_t r = eap__resolve_ref(c, item, idx, t);
        for (size_t j = 0; j < i && r != EAP_NONE; j++) {
            if ((*out)[j] == r) {
                eap__report(c, item, idx, "\"%s\" is listed twice", item->valuestring);
            }
        }
        (*out)[i++] = r;
    }
    eap__ctx_pop(c, saved);
    return n;
}

bool eap__valid_id(const char *s)
{
    if (!s[0]) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        char ch = *p;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.')) {
            return false;
        }
    }
    return true;
}

/* --- objects of a section --- */

void eap__each_object(struct load_ctx *c, const cJSON *array, const char *section, eap__item_fn *fn)
{
    if (!cJSON_IsArray(array)) {
        return;
    }
    size_t saved = c->path_len, i = 0;
    eap__ctx_push_key(c, section);
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, i);
        if (eap__expect_object(c, item, NULL)) {
            fn(c, item, i);
        }
        eap__ctx_pop(c, s2);
        i++;
    }
    eap__ctx_pop(c, saved);
}

/* The object's id as collected; "?" when missing (reported here) or malformed (reported when
 * the ids were collected). */
const char *eap__id_of(struct load_ctx *c, const cJSON *obj, const struct id_table *t, size_t i)
{
    if (i < t->count && t->ids[i]) {
        return eap__ctx_strdup(c, t->ids[i]);
    }
    eap__member(c, obj, "id", true);
    return "?";
}

void eap__collect_ids(struct load_ctx *c, const cJSON *array, const char *section,
                      struct id_table *t, const char *what)
{
    t->what = what;
    t->count = 0;
    t->ids = NULL;
    if (!array) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, section);
    if (!eap__expect_array(c, array, NULL, false)) {
        eap__ctx_pop(c, saved);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(array), i = 0;
    t->ids = eap__ctx_alloc(c, (n ? n : 1) * sizeof(*t->ids));
    t->count = t->ids ? n : 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (i >= t->count) {
            break;
        }
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, i);
        const cJSON *id =
            cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, "id") : NULL;
        t->ids[i] = NULL;
        if (id && cJSON_IsString(id) && eap__valid_id(id->valuestring)) {
            for (size_t j = 0; j < i; j++) {
                if (t->ids[j] && strcmp(t->ids[j], id->valuestring) == 0) {
                    eap__report(c, id, "id", "duplicate %s id \"%s\" (also at /%s/%zu)", what,
                                id->valuestring, section, j);
                }
            }
            t->ids[i] = id->valuestring;
        } else if (id && cJSON_IsString(id)) {
            eap__report(c, id, "id",
                        "expected an id made of letters, digits, '_', '-' and '.', found \"%.60s\"",
                        id->valuestring);
        } else if (id) {
            wrong_type(c, id, "id", "an id string");
        }
        /* A missing id is reported when the object itself is read. */
        eap__ctx_pop(c, s2);
        i++;
    }
    eap__ctx_pop(c, saved);
}

int eap__get_enum(struct load_ctx *c, const cJSON *obj, const char *key, const char *const *names,
                  size_t n, bool required, int fallback)
{
    const char *s = eap__get_string(c, obj, key, required);
    if (!s) {
        return fallback;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], s) == 0) {
            return (int)i;
        }
    }
    char list[200] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        size_t need = strlen(names[i]) + 4;
        if (used + need + 6 > sizeof(list)) {
            snprintf(list + used, sizeof(list) - used, ", ...");
            break;
        }
        used +=
            (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    const char *hint = eap_suggest(s, names, n);
    if (hint) {
        eap__report(c, eap__member(c, obj, key, false), key,
                    "expected one of %s, found \"%s\"; did you mean \"%s\"?", list, s, hint);
    } else {
        eap__report(c, eap__member(c, obj, key, false), key, "expected one of %s, found \"%s\"",
                    list, s);
    }
    return fallback;
}
