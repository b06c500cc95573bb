/*
 * Distributions: parameter checks, sampling, moments and quantiles. Sampling methods:
 * inverse transform (uniform, triangular, choice), rng.h's ziggurat variates (exponential,
 * and the normal behind the lognormal), Marsaglia-Tsang gamma variates for the PERT's beta,
 * naive rejection or Robert's (1995) exponential proposal for the normal truncated at zero
 * (the latter when most of the mass lies below zero).
 */
#include "eapsim/dist.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PI 3.14159265358979323846
#define SQRT2 1.41421356237309504880

const char *eap_dist_kind_name(enum eap_dist_kind kind)
{
    static const char *const names[] = {"fixed",  "uniform",   "triangular",  "pert",
                                        "normal", "lognormal", "exponential", "choice"};
    return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

static bool bad(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool bad(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
    return false;
}

static bool check_values(char *why, size_t len, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return bad(why, len, "parameters must be finite numbers");
        }
        if (v[i] < 0) {
            return bad(why, len, "parameters must not be negative (found %g)", v[i]);
        }
    }
    return true;
}

static void init(struct eap_dist *d, enum eap_dist_kind kind, double a, double b, double c)
{
    d->kind = kind;
    d->has_recorded = false;
    d->recorded = 0;
    d->a = a;
    d->b = b;
    d->c = c;
    d->alpha = d->beta = 0;
    d->n = 0;
}

void eap_dist_fixed(struct eap_dist *d, double value)
{
    init(d, EAP_DIST_FIXED, value, value, value);
}

bool eap_dist_uniform(struct eap_dist *d, double lo, double hi, char *why, size_t len)
{
    double v[] = {lo, hi};
    if (!check_values(why, len, v, 2)) {
        return false;
    }
    if (!(lo < hi)) {
        return bad(why, len, "uniform: min (%g) must be below max (%g)", lo, hi);
    }
    init(d, EAP_DIST_UNIFORM, lo, hi, 0);
    return true;
}

static bool check_three(const char *name, double lo, double mode, double hi, char *why, size_t len)
{
    double v[] = {lo, mode, hi};
    if (!check_values(why, len, v, 3)) {
        return false;
    }
    if (!(lo < hi)) {
        return bad(why, len, "%s: min (%g) must be below max (%g)", name, lo, hi);
    }
    if (mode < lo || mode > hi) {
        return bad(why, len,
                   "%s: the most likely value (%g) must lie between min (%g) and max (%g)", name,
                   mode, lo, hi);
    }
    return true;
}

bool eap_dist_triangular(struct eap_dist *d, double lo, double mode, double hi, char *why,
                         size_t len)
{
    if (!check_three("triangular", lo, mode, hi, why, len)) {
        return false;
    }
    init(d, EAP_DIST_TRIANGULAR, lo, hi, mode);
    d->alpha = (mode - lo) / (hi - lo); /* the CDF at the mode, for every sample */
    return true;
}

bool eap_dist_pert(struct eap_dist *d, double lo, double mode, double hi, char *why, size_t len)
{
    if (!check_three("pert", lo, mode, hi, why, len)) {
        return false;
    }
    init(d, EAP_DIST_PERT, lo, hi, mode);
    d->alpha = 1 + 4 * (mode - lo) / (hi - lo);
    d->beta = 1 + 4 * (hi - mode) / (hi - lo);
    return true;
}

bool eap_dist_normal(struct eap_dist *d, double mean, double sd, char *why, size_t len)
{
    if (!isfinite(mean) || !isfinite(sd)) {
        return bad(why, len, "normal: mean and sd must be finite numbers");
    }
    if (!(sd > 0)) {
        return bad(why, len, "normal: sd must be positive (found %g)", sd);
    }
    double alpha = -mean / sd, tail = eap_normal_cdf(-alpha); /* the share above zero */
    if (tail < 1e-9) {
        return bad(why, len, "normal: with mean %g and sd %g almost nothing lies above zero", mean,
                   sd);
    }
    init(d, EAP_DIST_NORMAL, mean, sd, 0);
    d->alpha = alpha;
    d->beta = tail;
    return true;
}

bool eap_dist_lognormal(struct eap_dist *d, double median, double sigma, char *why, size_t len)
{
    if (!isfinite(median) || !(median > 0)) {
        return bad(why, len, "lognormal: the median must be positive (found %g)", median);
    }
    if (!isfinite(sigma) || !(sigma > 0)) {
        return bad(why, len, "lognormal: sigma must be positive (found %g)", sigma);
    }
    init(d, EAP_DIST_LOGNORMAL, log(median), sigma, 0);
    return true;
}

bool eap_dist_lognormal_p90(struct eap_dist *d, double median, double p90, char *why, size_t len)
{
    if (!(p90 > median)) {
        return bad(why, len, "lognormal: p90 (%g) must be above the median (%g)", p90, median);
    }
    return eap_dist_lognormal(d, median, log(p90 / median) / eap_normal_quantile(0.9), why, len);
}

bool eap_dist_exponential(struct eap_dist *d, double mean, char *why, size_t len)
{
    if (!isfinite(mean) || !(mean > 0)) {
        return bad(why, len, "exponential: the mean must be positive (found %g)", mean);
    }
    init(d, EAP_DIST_EXPONENTIAL, mean, 0, 0);
    return true;
}

bool eap_dist_choice(struct eap_dist *d, const double *values, const double *probs, size_t n,
                     char *why, size_t len)
{
    if (n == 0 || n > EAP_DIST_MAX_CHOICES) {
        return bad(why, len, "choice: needs 1 to %d options, found %zu", EAP_DIST_MAX_CHOICES, n);
    }
    if (!check_values(why, len, values, n)) {
        return false;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(probs[i]) || probs[i] < 0 || probs[i] > 1) {
            return bad(why, len, "choice: probability %g of option %zu is not in [0, 1]", probs[i],
                       i + 1);
        }
        sum += probs[i];
    }
    if (fabs(sum - 1.0) > 1e-9) {
        return bad(why, len, "choice: probabilities must sum to 1, they sum to %.10g", sum);
    }
    init(d, EAP_DIST_CHOICE, 0, 0, 0);
    d->n = (unsigned)n;
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += probs[i];
        d->values[i] = values[i];
        d->cum[i] = i + 1 == n ? 1.0 : cum;
    }
    return true;
}

/* Marsaglia and Tsang (2000), shape >= 1 (always so for PERT shapes). */
static double gamma_variate(double shape, struct eap_rng *r)
{
    double dd = shape - 1.0 / 3.0, cc = 1.0 / sqrt(9.0 * dd);
    for (;;) {
        double x = eap_rng_normal(r), v = 1.0 + cc * x;
        if (v <= 0) {
            continue;
        }
        v = v * v * v;
        double u = eap_rng_uniform_pos(r);
        if (u < 1.0 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + dd * (1.0 - v + log(v))) {
            return dd * v;
        }
    }
}

/* x when pick, else y, by masks on the bits: compilers turn a ternary of doubles into a
 * branch. */
static inline double pick_double(bool pick, double x, double y)
{
    uint64_t xb, yb, mask = -(uint64_t)pick;
    memcpy(&xb, &x, sizeof(xb));
    memcpy(&yb, &y, sizeof(yb));
    uint64_t rb = (xb & mask) | (yb & ~mask);
    double r;
    memcpy(&r, &rb, sizeof(r));
    return r;
}

/* Below the mode, a + sqrt(u (b - a) (c - a)); above it, b - sqrt((1 - u) (b - a) (b - c)).
 * Which side u falls on is a coin toss a branch would mispredict, on top of the square
 * root's latency: the sides are chosen by selections around one square root, with the same
 * operations in the same order, so the results are the same bits. */
static double triangular_inverse(const struct eap_dist *d, double u)
{
    double a = d->a, b = d->b, c = d->c, fc = d->alpha; /* (c - a) / (b - a) */
    bool low = u < fc;
    double s = sqrt(pick_double(low, u, 1 - u) * (b - a) * pick_double(low, c - a, b - c));
    return pick_double(low, a + s, b - s);
}

/* Standard normal truncated below at alpha. */
static double truncated_standard_normal(double alpha, struct eap_rng *r)
{
    if (alpha < 0.5) {
        for (;;) {
            double z = eap_rng_normal(r);
            if (z >= alpha) {
                return z;
            }
        }
    }
    double lambda = 0.5 * (alpha + sqrt(alpha * alpha + 4.0));
    for (;;) {
        double z = alpha + eap_rng_exponential(r) / lambda;
        double g = exp(-0.5 * (z - lambda) * (z - lambda));
        if (eap_rng_uniform(r) <= g) {
            return z;
        }
    }
}

static double choice_sample(const struct eap_dist *d, double u)
{
    for (unsigned i = 0; i + 1 < d->n; i++) {
        if (u < d->cum[i]) {
            return d->values[i];
        }
    }
    return d->values[d->n - 1];
}

/* The draws that a word's uniform u, or a ziggurat variate z, makes. */
static double uniform_at(const struct eap_dist *d, double u)
{
    return d->a + (d->b - d->a) * u;
}

static double lognormal_at(const struct eap_dist *d, double z)
{
    return exp(d->a + d->b * z);
}

static double exponential_at(const struct eap_dist *d, double z)
{
    return d->a * z;
}

double eap_dist_sample(const struct eap_dist *d, struct eap_rng *r)
{
    /* Most of the bundled scenarios' inputs are triangular: a test the predictor gets right
     * for them, before the switch's jump, whose target changes from draw to draw. */
    if (d->kind == EAP_DIST_TRIANGULAR) {
        return triangular_inverse(d, eap_rng_uniform(r));
    }
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return d->a;
    case EAP_DIST_UNIFORM:
        return uniform_at(d, eap_rng_uniform(r));
    case EAP_DIST_TRIANGULAR:
        return triangular_inverse(d, eap_rng_uniform(r));
    case EAP_DIST_PERT: {
        double x = gamma_variate(d->alpha, r), y = gamma_variate(d->beta, r);
        return d->a + (d->b - d->a) * x / (x + y);
    }
    case EAP_DIST_NORMAL:
        return d->a + d->b * truncated_standard_normal(d->alpha, r);
    case EAP_DIST_LOGNORMAL:
        return lognormal_at(d, eap_rng_normal(r));
    case EAP_DIST_EXPONENTIAL:
        return exponential_at(d, eap_rng_exponential(r));
    case EAP_DIST_CHOICE:
        return choice_sample(d, eap_rng_uniform(r));
    }
    return d->a;
}

bool eap_dist_sample_word(const struct eap_dist *d, uint64_t w, double *x)
{
    assert(eap_dist_from_word(d));
    double u = eap_rng_uniform_of(w), z;
    if (d->kind == EAP_DIST_TRIANGULAR) { /* as in eap_dist_sample */
        *x = triangular_inverse(d, u);
        return true;
    }
    switch (d->kind) {
    case EAP_DIST_UNIFORM:
        *x = uniform_at(d, u);
        return true;
    case EAP_DIST_CHOICE:
        *x = choice_sample(d, u);
        return true;
    case EAP_DIST_LOGNORMAL:
        if (!eap__rng_normal_first(w, &z)) {
            return false;
        }
        *x = lognormal_at(d, z);
        return true;
    case EAP_DIST_EXPONENTIAL:
        if (!eap__rng_exponential_first(w, &z)) {
            return false;
        }
        *x = exponential_at(d, z);
        return true;
    default:
        return false;
    }
}

double eap_dist_sample_rest(const struct eap_dist *d, uint64_t w, struct eap_rng *r)
{
    assert(d->kind == EAP_DIST_LOGNORMAL || d->kind == EAP_DIST_EXPONENTIAL);
    if (d->kind == EAP_DIST_LOGNORMAL) {
        return lognormal_at(d, eap__rng_normal_more(r, w));
    }
    return exponential_at(d, eap__rng_exponential_more(r, w));
}

static double normal_pdf(double x)
{
    return exp(-0.5 * x * x) / sqrt(2 * PI);
}

double eap_dist_mean(const struct eap_dist *d)
{
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return d->a;
    case EAP_DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case EAP_DIST_TRIANGULAR:
        return (d->a + d->b + d->c) / 3.0;
    case EAP_DIST_PERT:
        return (d->a + 4 * d->c + d->b) / 6.0;
    case EAP_DIST_NORMAL:
        return d->a + d->b * normal_pdf(d->alpha) / d->beta;
    case EAP_DIST_LOGNORMAL:
        return exp(d->a + 0.5 * d->b * d->b);
    case EAP_DIST_EXPONENTIAL:
        return d->a;
    case EAP_DIST_CHOICE: {
        double m = 0, prev = 0;
        for (unsigned i = 0; i < d->n; i++) {
            m += (d->cum[i] - prev) * d->values[i];
            prev = d->cum[i];
        }
        return m;
    }
    }
    return d->a;
}

double eap_dist_variance(const struct eap_dist *d)
{
    double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return 0;
    case EAP_DIST_UNIFORM:
        return (b - a) * (b - a) / 12.0;
    case EAP_DIST_TRIANGULAR:
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    case EAP_DIST_PERT: {
        double m = eap_dist_mean(d);
        return (m - a) * (b - m) / 7.0;
    }
    case EAP_DIST_NORMAL: {
        double lam = normal_pdf(d->alpha) / d->beta;
        return b * b * (1 + d->alpha * lam - lam * lam);
    }
    case EAP_DIST_LOGNORMAL:
        return (exp(b * b) - 1) * exp(2 * a + b * b);
    case EAP_DIST_EXPONENTIAL:
        return a * a;
    case EAP_DIST_CHOICE: {
        double m = eap_dist_mean(d), s = 0, prev = 0;
        for (unsigned i = 0; i < d->n; i++) {
            s += (d->cum[i] - prev) * (d->values[i] - m) * (d->values[i] - m);
            prev = d->cum[i];
        }
        return s;
    }
    }
    return 0;
}

/* Continued fraction for the incomplete beta (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1, qam = a - 1, c = 1, dd = 1 - qab * x / qap;
    dd = 1 / (fabs(dd) < tiny ? tiny : dd);
    double h = dd;
    for (int m = 1; m <= 300; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        dd = 1 + aa * dd;
        dd = 1 / (fabs(dd) < tiny ? tiny : dd);
        c = 1 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        h *= dd * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        dd = 1 + aa * dd;
        dd = 1 / (fabs(dd) < tiny ? tiny : dd);
        c = 1 + aa / c;
        c = fabs(c) < tiny ? tiny : c;
        double del = dd * c;
        h *= del;
        if (fabs(del - 1) < 1e-15) {
            break;
        }
    }
    return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
    if (x <= 0) {
        return 0;
    }
    if (x >= 1) {
        return 1;
    }
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x);
    if (x < (a + 1) / (a + b + 2)) {
        return exp(lbt) * beta_cf(a, b, x) / a;
    }
    return 1 - exp(lbt) * beta_cf(b, a, 1 - x) / b;
}

static double choice_quantile(const struct eap_dist *d, double p)
{
    /* Quantiles follow the order of the values, not the order the options were listed. */
    double best = INFINITY;
    for (unsigned i = 0; i < d->n; i++) {
        double mass_at_or_below = 0, prev = 0;
        for (unsigned j = 0; j < d->n; j++) {
            if (d->values[j] <= d->values[i]) {
                mass_at_or_below += d->cum[j] - prev;
            }
            prev = d->cum[j];
        }
        if (mass_at_or_below >= p - 1e-12 && d->values[i] < best) {
            best = d->values[i];
        }
    }
    return best;
}

double eap_dist_quantile(const struct eap_dist *d, double p)
{
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return d->a;
    case EAP_DIST_UNIFORM:
        return d->a + p * (d->b - d->a);
    case EAP_DIST_TRIANGULAR:
        return triangular_inverse(d, p);
    case EAP_DIST_PERT: {
        double lo = 0, hi = 1;
        for (int i = 0; i < 60 && hi - lo > 1e-12; i++) {
            double mid = 0.5 * (lo + hi);
            if (beta_inc(d->alpha, d->beta, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return d->a + (d->b - d->a) * 0.5 * (lo + hi);
    }
    case EAP_DIST_NORMAL: {
        double below = 1 - d->beta; /* mass of the parent normal below zero */
        return d->a + d->b * eap_normal_quantile(below + p * d->beta);
    }
    case EAP_DIST_LOGNORMAL:
        return exp(d->a + d->b * eap_normal_quantile(p));
    case EAP_DIST_EXPONENTIAL:
        return -d->a * log1p(-p);
    case EAP_DIST_CHOICE:
        return choice_quantile(d, p);
    }
    return d->a;
}

static double triangular_cdf(const struct eap_dist *d, double x)
{
    double a = d->a, b = d->b, c = d->c;
    if (x <= a) {
        return 0;
    }
    if (x >= b) {
        return 1;
    }
    if (x < c) {
        return (x - a) * (x - a) / ((b - a) * (c - a));
    }
    return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

double eap_dist_cdf(const struct eap_dist *d, double x)
{
    switch (d->kind) {
    case EAP_DIST_FIXED:
        return x >= d->a ? 1 : 0;
    case EAP_DIST_UNIFORM:
        return x <= d->a ? 0 : x >= d->b ? 1 : (x - d->a) / (d->b - d->a);
    case EAP_DIST_TRIANGULAR:
        return triangular_cdf(d, x);
    case EAP_DIST_PERT:
        return beta_inc(d->alpha, d->beta, (x - d->a) / (d->b - d->a));
    case EAP_DIST_NORMAL: {
        double below = 1 - d->beta; /* mass of the parent normal below zero */
        return x <= 0 ? 0 : fmax(0, (eap_normal_cdf((x - d->a) / d->b) - below) / d->beta);
    }
    case EAP_DIST_LOGNORMAL:
        return x <= 0 ? 0 : eap_normal_cdf((log(x) - d->a) / d->b);
    case EAP_DIST_EXPONENTIAL:
        return x <= 0 ? 0 : -expm1(-x / d->a);
    case EAP_DIST_CHOICE: {
        double p = 0, prev = 0;
        for (unsigned i = 0; i < d->n; i++) {
            p += d->values[i] <= x ? d->cum[i] - prev : 0;
            prev = d->cum[i];
        }
        return p;
    }
    }
    return 1;
}

/* Discrete values: a draw among those in (lo, hi] by their probabilities. */
static double choice_between(const struct eap_dist *d, double lo, double hi, double u)
{
    double mass = eap_dist_cdf(d, hi) - eap_dist_cdf(d, lo), acc = 0, prev = 0;
    for (unsigned i = 0; mass > 0 && i < d->n; i++) {
        double p = d->cum[i] - prev;
        prev = d->cum[i];
        if (d->values[i] > lo && d->values[i] <= hi) {
            acc += p;
            if (u * mass < acc) {
                return d->values[i];
            }
        }
    }
    return lo;
}

double eap_dist_sample_between(const struct eap_dist *d, double lo, double hi, struct eap_rng *r)
{
    double u = eap_rng_uniform(r);
    if (d->kind == EAP_DIST_FIXED) {
        return fmin(fmax(d->a, lo), hi);
    }
    if (d->kind == EAP_DIST_CHOICE) {
        return choice_between(d, lo, hi, u);
    }
    double flo = isinf(lo) ? 0 : eap_dist_cdf(d, lo), fhi = isinf(hi) ? 1 : eap_dist_cdf(d, hi);
    if (!(fhi - flo > 1e-12)) {
        /* Nothing left between the bounds: the history outlasted the support. */
        return flo >= 1 - 1e-12 ? lo : hi;
    }
    double x = eap_dist_quantile(d, flo + u * (fhi - flo));
    return fmin(fmax(x, lo), hi);
}

double eap_normal_cdf(double x)
{
    return 0.5 * erfc(-x / SQRT2);
}

double eap_normal_quantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double e[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    if (p <= 0) {
        return -INFINITY;
    }
    if (p >= 1) {
        return INFINITY;
    }
    double x;
    if (p < 0.02425 || p > 1 - 0.02425) {
        double q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
        if (p > 0.5) {
            x = -x;
        }
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    /* One Halley step brings the approximation (1e-9) to machine precision. */
    double err = eap_normal_cdf(x) - p;
    double u = err * sqrt(2 * PI) * exp(0.5 * x * x);
    return x - u / (1 + 0.5 * x * u);
}
