/*
 * SVG charts of a study: histograms, sweep curves and tornado charts. Each takes its data as a
 * plain struct and writes one self-contained file atomically (see atomic.h), which a browser
 * opens. Bad input (NaN, no bins, unordered edges) is refused before anything is written.
 */
#ifndef EAPSIM_SVG_H
#define EAPSIM_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/clock.h"
#include "eapsim/error.h"
#include "eapsim/stamp.h"

/* A histogram of one metric. Bars are given by their edges (n + 1) and counts (n): bar i
 * holds the runs with edges[i] <= value < edges[i + 1]. Each bar's element carries its range
 * and count (data-lo, data-hi, data-count, in the unit of the data) and a tooltip that says
 * them; runs outside the bars (below, above) are noted at the ends of the axis, as elements
 * with the same attributes (their range reaching min and max), so that every run is shown. */
struct eap_histogram_plot {
    const char *title;   /* e.g. "Time until everyone is safe" */
    const char *x_label; /* e.g. "minutes after the start" */
    size_t bins;
    const double *edges;  /* bins + 1 ascending values */
    const double *counts; /* bins values (replications) */
    double below, above;  /* runs under edges[0] and at or over edges[bins]: 0 when none */
    double min, max;      /* the far ends of those tails */
    double mean, median;
    bool has_recorded;
    double recorded; /* the record's value, marked with a labelled line */
    const char *recorded_label;
    unsigned long long runs; /* drawn: the runs with a value */
    /* Runs without a value (a milestone never reached), which no bar shows, and what they
     * did not do, said in the subtitle ("312 of 10,000 runs never reached it; the bars show
     * the other 9,688"); 0 and NULL: none. */
    unsigned long long never;
    const char *never_words;
    /* The values are whole numbers (people killed, incidents): the x ticks are too, and a
     * bar one wide says its value ("people killed = 2: 209 runs"), not "1.5 to 2.5". */
    bool whole;
    /* Times from the scenario's start (a milestone): the marks give the local clock time
     * too ("record: 1,394 min (20:56 +1d)"); NULL otherwise. */
    const struct eap_clock *clock;
    const struct eap_stamp *stamp;
};

/* One line of a sweep: y (mean) and its confidence band against x. */
struct eap_curve_series {
    const char *label; /* "" for a one-dimensional sweep; else the second dimension's value */
    size_t points;
    const double *x, *y, *lo, *hi;
};

struct eap_curve_plot {
    const char *title;
    const char *x_label, *y_label;
    size_t series_count;
    const struct eap_curve_series *series;
    bool has_recorded;
    double recorded; /* drawn as a horizontal reference line */
    /* A time from the scenario's start (a milestone): the record's label gives the local
     * clock time too ("record: 22 min (22:04)"); NULL otherwise. */
    const struct eap_clock *clock;
    const struct eap_stamp *stamp;
};

/* One bar of a tornado chart: the metric's mean with the input at its low and at its high
 * value, everything else sampled as usual. */
struct eap_tornado_bar {
    const char *input;      /* e.g. "assets/isr_drone/speed" */
    const char *low_label;  /* e.g. "p10: 81 kn" */
    const char *high_label; /* e.g. "p90: 112 kn" */
    double at_low, at_high;
};

struct eap_tornado_plot {
    const char *title;
    const char *x_label;
    double baseline; /* the metric's mean with every input sampled */
    size_t bar_count;
    const struct eap_tornado_bar *bars; /* in the order to draw, largest effect first */
    const struct eap_stamp *stamp;
};

/* Each writes an SVG file atomically (a browser opens it), with the plot's stamp (NULL:
 * none) as JSON in its <metadata id="eapsim-stamp">. Returns false with err set. */
bool eap_svg_histogram(const char *path, const struct eap_histogram_plot *p, struct eap_error *err);
bool eap_svg_curves(const char *path, const struct eap_curve_plot *p, struct eap_error *err);
bool eap_svg_tornado(const char *path, const struct eap_tornado_plot *p, struct eap_error *err);

#endif
