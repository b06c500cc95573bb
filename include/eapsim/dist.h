/*
 * Distributions of uncertain quantities (durations, distances, speeds, counts).
 *
 * Values are in the base unit of their quantity (see units.h). Every distribution may carry
 * the value the public record gives ("recorded"), which a replay uses instead of a draw.
 * Constructors check their parameters and explain what is wrong (min above max, a negative
 * spread, probabilities that do not sum to 1). struct eap_dist is a plain value: copy it
 * freely, it owns no memory.
 */
#ifndef EAPSIM_DIST_H
#define EAPSIM_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/rng.h"

enum eap_dist_kind {
    EAP_DIST_FIXED,
    EAP_DIST_UNIFORM,     /* a = min, b = max */
    EAP_DIST_TRIANGULAR,  /* a = min, c = mode, b = max */
    EAP_DIST_PERT,        /* a = min, c = most likely, b = max; beta with lambda = 4 */
    EAP_DIST_NORMAL,      /* parent mean a, sd b, truncated at zero */
    EAP_DIST_LOGNORMAL,   /* a = mu, b = sigma of the logarithm */
    EAP_DIST_EXPONENTIAL, /* a = mean */
    EAP_DIST_CHOICE,      /* values[i] with probability prob[i] */
};

#define EAP_DIST_MAX_CHOICES 16

struct eap_dist {
    enum eap_dist_kind kind;
    bool has_recorded;
    double recorded;
    double a, b, c;
    double alpha, beta; /* PERT shapes; truncated normal: standardised bound and its tail;
                           triangular: alpha is the CDF at the mode, (c - a) / (b - a) */
    unsigned n;         /* choices */
    double values[EAP_DIST_MAX_CHOICES];
    double cum[EAP_DIST_MAX_CHOICES]; /* cumulative probabilities, last exactly 1 */
};

/* Name of a kind as written in scenario files: "fixed", "uniform", "triangular", ... */
const char *eap_dist_kind_name(enum eap_dist_kind kind);

/* Constructors. Each returns false and writes the reason into why when the parameters are
 * invalid; d is then unspecified. All values must be finite and non-negative. */
void eap_dist_fixed(struct eap_dist *d, double value);
bool eap_dist_uniform(struct eap_dist *d, double lo, double hi, char *why, size_t len);
bool eap_dist_triangular(struct eap_dist *d, double lo, double mode, double hi, char *why,
                         size_t len);
bool eap_dist_pert(struct eap_dist *d, double lo, double mode, double hi, char *why, size_t len);
/* Normal with the given parent mean and standard deviation, truncated at zero. */
bool eap_dist_normal(struct eap_dist *d, double mean, double sd, char *why, size_t len);
/* Lognormal from the median and the spread of the logarithm (sigma > 0)... */
bool eap_dist_lognormal(struct eap_dist *d, double median, double sigma, char *why, size_t len);
/* ...or from the median and the 90th percentile (p90 > median). */
bool eap_dist_lognormal_p90(struct eap_dist *d, double median, double p90, char *why, size_t len);
bool eap_dist_exponential(struct eap_dist *d, double mean, char *why, size_t len);
/* n options (1..EAP_DIST_MAX_CHOICES); probabilities in [0, 1] summing to 1 within 1e-9. */
bool eap_dist_choice(struct eap_dist *d, const double *values, const double *probs, size_t n,
                     char *why, size_t len);

/* Attaches the recorded value used by replays. */
static inline void eap_dist_set_recorded(struct eap_dist *d, double value)
{
    d->has_recorded = true;
    d->recorded = value;
}

/* One draw. Ignores the recorded value. */
double eap_dist_sample(const struct eap_dist *d, struct eap_rng *r);

/* The same draw from its first word w, drawn already: for a stream started in halves
 * (rng.h), whose first word costs less than the stream. For the kinds eap_dist_from_word
 * accepts (uniform, triangular, choice, lognormal, exponential), eap_dist_sample_word gives
 * the draw from w alone when w decides it (always for the first three; in 97% of draws,
 * those in the ziggurat's rectangles, for the other two) and returns false otherwise: then
 * eap_dist_sample_rest(d, w, r), r being the stream past w, gives it. Either way the value is
 * the one eap_dist_sample would have drawn from the stream before w. */
static inline bool eap_dist_from_word(const struct eap_dist *d)
{
    /* A bit per kind: every input's first draw asks, and one test is cheaper than four compares. */
    const unsigned kinds = 1u << EAP_DIST_UNIFORM | 1u << EAP_DIST_TRIANGULAR |
                           1u << EAP_DIST_CHOICE | 1u << EAP_DIST_LOGNORMAL |
                           1u << EAP_DIST_EXPONENTIAL;
    return (kinds >> d->kind) & 1u;
}
bool eap_dist_sample_word(const struct eap_dist *d, uint64_t w, double *x);
double eap_dist_sample_rest(const struct eap_dist *d, uint64_t w, struct eap_rng *r);

/* Analytic moments and quantile function (0 < p < 1). The quantile of a PERT is found by
 * bisection on the regularised incomplete beta function, to 1e-12 of the range. */
double eap_dist_mean(const struct eap_dist *d);
double eap_dist_variance(const struct eap_dist *d);
double eap_dist_quantile(const struct eap_dist *d, double p);

/* Cumulative distribution function P(X <= x). */
double eap_dist_cdf(const struct eap_dist *d, double x);

/* One draw conditional on lo < X <= hi (either bound may be infinite), by inversion of the
 * CDF on that interval: what a fork uses for a duration already under way ("it has lasted lo
 * so far"). When the interval holds no probability (the history went past the distribution's
 * support), returns the bound nearest to the support. Uses one uniform (a choice among
 * discrete values: one uniform as well). */
double eap_dist_sample_between(const struct eap_dist *d, double lo, double hi, struct eap_rng *r);

/* True unless the distribution is a fixed value (so it is an uncertain input). */
static inline bool eap_dist_is_uncertain(const struct eap_dist *d)
{
    return d->kind != EAP_DIST_FIXED;
}

/* Standard normal CDF and its inverse (Acklam's approximation refined by one Halley step). */
double eap_normal_cdf(double x);
double eap_normal_quantile(double p);

#endif
