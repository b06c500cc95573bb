/*
 * Mergeable, exact, deterministic statistics of one int64 metric over a Monte Carlo batch.
 *
 * A struct eap_stat holds only exact integers: counts, min, max, the sum (128-bit), the sum of
 * squares (192-bit) and a log-linear histogram of bin counts. Adding and merging are therefore
 * associative and commutative: the same values give the same state, bit for bit, whatever the
 * order, thread count, shard split or MPI rank count. Floating point appears only in the result
 * functions, which read the exact integers with IEEE double arithmetic (no long double), so
 * equal states give bit-identical results. Memory is flat in the number of values.
 *
 * Exactness: the sum and the sum of squares cannot overflow for any int64 input while count
 * fits in 64 bits (|sum| < 2^127, sum of squares < 2^190), so every value the engine produces,
 * and any paired difference a - b that fits in int64, is accounted for exactly. The variance
 * numerator n*sum(x^2) - sum(x)^2 is formed exactly in 256 bits, so sd suffers no cancellation.
 *
 * Histogram (HDR-style): values with |v| < 256 have a bin each (exact). Larger magnitudes fall
 * in one of 128 equal sub-bins of their power-of-two octave [2^e, 2^(e+1)), mirrored for
 * negative values. A bin is represented by the midpoint of the integers it holds, which is
 * within EAP_STAT_QUANTILE_REL_ERROR = 2^-8 (0.39%) of every value in it. Bins are allocated
 * lazily, one octave (128 bins, 1 KiB) at a time: a 0/1 flag metric costs one block, a
 * duration spread over ten octaves about 10 KiB, and a stat that saw nothing costs nothing.
 *
 * Exact values: while at most EAP_STAT_EXACT_MAX values fall outside the exact bins
 * (|v| >= 256), the stat keeps them too, so quantiles, counts and ranks are exact for small
 * batches (up to 10,000 runs). The rule depends only on the values, not on how they were split,
 * so merged stats keep or drop them alike: a stat holds them iff its whole multiset has at most
 * EAP_STAT_EXACT_MAX such values. They cost 8 bytes each (80 KB at most) and are let go for
 * good once there are more.
 *
 * A stat belongs to one thread at a time; reduce per-thread stats with eap_stat_merge().
 */
#ifndef EAPSIM_STATS_H
#define EAPSIM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/error.h"

/* "Did not happen": the same value as EAP_METRIC_MISSING in engine.h. Counted, not summed. */
#define EAP_STAT_MISSING INT64_MIN

/* Linear sub-bins per power of two, and the bound on the relative error of a quantile that
 * comes from the histogram: |estimate - x| <= EAP_STAT_QUANTILE_REL_ERROR * |x| (plus double
 * rounding, 2^-53 relative), x the exact order statistic. Exact for |x| < 256. */
#define EAP_STAT_SUBBINS 128
#define EAP_STAT_QUANTILE_REL_ERROR (1.0 / 256)

/* The most values outside the exact bins a stat keeps one by one (see above). */
#define EAP_STAT_EXACT_MAX 10000

/* Signed bin numbers (as in the JSON form, sim/batch/stats_json.h): 0 holds zero,
 * 1..EAP_STAT_BIN_MAX positive values in increasing order, -1..-EAP_STAT_BIN_MAX their
 * negatives. */
#define EAP_STAT_BIN_MAX 7295

/* One metric's accumulator, a value type in caller-owned storage. Read count, missing, min,
 * max and oom directly; the remaining fields are private. */
struct eap_stat {
    uint64_t count;   /* values added, EAP_STAT_MISSING excluded */
    uint64_t missing; /* EAP_STAT_MISSING values added */
    int64_t min, max; /* meaningful only when count > 0 */
    bool oom;         /* an add or merge ran out of memory: values were lost, results partial */
    /* private */
    uint64_t sum[2];   /* sum of values, 128-bit two's complement, least significant limb first */
    uint64_t sumsq[3]; /* sum of squares, 192-bit unsigned */
    uint64_t **blocks; /* NULL until the first value, then a table of lazily allocated blocks */
    int64_t *exact;    /* the values with |v| >= 256, while they are few enough; else NULL */
    uint32_t exact_n, exact_cap;
    bool exact_sorted; /* exact[0 .. exact_n) is in increasing order */
    bool inexact;      /* there were more than EAP_STAT_EXACT_MAX: results come from the bins */
};

/* Makes s empty. Allocates nothing. Required before first use (a zeroed struct is not empty:
 * its min and max are wrong); eap_stat_finish() on a zeroed struct is still safe. */
void eap_stat_init(struct eap_stat *s);

/* Frees the histogram and leaves s empty, as after eap_stat_init(). Safe on a zeroed struct
 * and idempotent. */
void eap_stat_finish(struct eap_stat *s);

/* Adds one value; v == EAP_STAT_MISSING counts as missing. O(1), no allocation unless v is the
 * first value in its octave (then one 1 KiB block, and on the very first value a pointer
 * table) or the kept exact values need room (their array doubles, from 64 up to
 * EAP_STAT_EXACT_MAX). Returns false when an allocation fails: v is then dropped and s->oom
 * set. */
bool eap_stat_add(struct eap_stat *s, int64_t v);

/* Adds everything in from to into, exactly (from may equal into). The kept exact values are
 * joined (and sorted) while together they stay within EAP_STAT_EXACT_MAX, else let go.
 * Returns false, leaving into's values unchanged, when memory runs out (into->oom is then set)
 * or when a count would exceed 2^64 - 1. into->oom also picks up from->oom. O(blocks held by
 * from), plus O(k log k) for k kept exact values. */
bool eap_stat_merge(struct eap_stat *into, const struct eap_stat *from);

/* Heap bytes held by s (the histogram and the kept exact values), for memory budgeting: at
 * most 114 KiB + 912 bytes of bins, when values span every octave of both signs, plus 8 bytes
 * per kept value (at most 80,000 bytes). Scans the 114-entry block table. */
size_t eap_stat_bytes(const struct eap_stat *s);

/* Mean of the non-missing values: the exact sum / count correctly rounded when |sum| < 2^53,
 * else within about 1 ulp of it. NAN if count == 0. */
double eap_stat_mean(const struct eap_stat *s);

/* Sample variance and standard deviation (divisor count - 1), from the exact numerator
 * n*sum(x^2) - sum(x)^2. Exactly 0 for constant data; NAN if count < 2. */
double eap_stat_variance(const struct eap_stat *s);
double eap_stat_sd(const struct eap_stat *s);

/* Student t interval of the mean at confidence level (0 < level < 1, e.g. 0.95):
 * mean -/+ t((1 + level) / 2, count - 1) * sd / sqrt(count). Both bounds are NAN when
 * count < 2 (no variance estimate) or level is outside (0, 1). */
void eap_stat_mean_ci(const struct eap_stat *s, double level, double *lo, double *hi);

/* Quantile p (0 <= p <= 1) of the non-missing values: the value of rank ceil(p * count)
 * (nearest rank, at least 1; products within 2^-51 relative of an integer count as that
 * integer, so 0.07 * 100 is rank 7). Exact while s keeps its values (see EAP_STAT_EXACT_MAX),
 * at p = 0 (min), p = 1 (max) and for |x| < 256; otherwise the midpoint of its histogram bin,
 * clamped into [min, max], within EAP_STAT_QUANTILE_REL_ERROR. NAN if count == 0 or p is
 * outside [0, 1]. O(bins held), plus a sort of the kept values if they are out of order. */
double eap_stat_quantile(const struct eap_stat *s, double p);

/* The relative error bound of eap_stat_quantile's results for s: 0 when they are exact (s keeps
 * its values, or every value is below 256 in magnitude), else EAP_STAT_QUANTILE_REL_ERROR. */
double eap_stat_quantile_error(const struct eap_stat *s);

/* How many values lie below x. Exact while s keeps its values and for bins below 256; above,
 * a bin that straddles x counts in proportion to the part of its span below x (its values
 * taken as spread evenly over the integers it holds, within [min, max]), so a count between
 * two points is the number of values between them up to the unevenness of the values inside
 * the two bins at the ends, not up to whole bins. For drawing histograms. O(bins). */
double eap_stat_count_below(const struct eap_stat *s, double x);

/* Where x falls among the values: how many lie below x and how many equal it. Exact while s
 * keeps its values and below 256; otherwise by bins: how many lie in bins below x's bin, and
 * how many share its bin (within EAP_STAT_QUANTILE_REL_ERROR). For the record's percentile
 * among sampled runs. O(bins). */
void eap_stat_rank(const struct eap_stat *s, int64_t x, uint64_t *below, uint64_t *at);

/* For a yes/no (0/1 flag) metric: the share of 1s among the non-missing values and its Wilson
 * score interval at level. Returns false, with NAN outputs, when count == 0 or a value other
 * than 0 or 1 was added. Any output pointer may be NULL. */
bool eap_stat_proportion(const struct eap_stat *s, double level, double *p, double *lo, double *hi);

/* Wilson score interval for successes out of n trials at confidence level (0 < level < 1).
 * Exactly [0, ...] when successes == 0 and [..., 1] when successes == n. Both bounds are NAN
 * when n == 0, successes > n or level is outside (0, 1). */
void eap_stat_wilson(uint64_t successes, uint64_t n, double level, double *lo, double *hi);

/* Quantile function of Student's t distribution with df degrees of freedom: t with
 * P(T <= t) = p. Closed forms for df 1 and 2; for df <= 2000 the exact finite series for the
 * CDF (Abramowitz & Stegun 26.7.3-4) inverted by bisection; above, the Cornish-Fisher expansion
 * to 1/df^4 (A&S 26.7.5), whose truncation error there is below 1e-15 relative for p <= 0.9995.
 * Tested against 40-digit values to 1e-12 relative. -INFINITY at p = 0, INFINITY at p = 1, NAN
 * for df == 0 or p outside [0, 1]. O(min(df, 2000)). */
double eap_stat_t_quantile(double p, uint64_t df);

#endif
