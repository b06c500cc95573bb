/*
 * Quantities with units: "88 min", "1h30m", "250 mi", "5 nmi", "240 kn".
 *
 * Every number in a scenario carries its unit. Parsing converts to the base unit of the
 * quantity: durations to milliseconds (the tick, see clock.h), distances to metres, speeds
 * to metres per second, rates to events per millisecond. Counts and probabilities are plain
 * numbers. Text that is not such a
 * quantity is refused with a message saying what was expected and what was found.
 */
#ifndef EAPSIM_UNITS_H
#define EAPSIM_UNITS_H

#include <stdbool.h>
#include <stddef.h>

enum eap_quantity {
    EAP_Q_DURATION,    /* milliseconds */
    EAP_Q_DISTANCE,    /* metres */
    EAP_Q_SPEED,       /* metres per second */
    EAP_Q_COUNT,       /* plain non-negative number (people, rounds, incidents) */
    EAP_Q_PROBABILITY, /* plain number in [0, 1] */
    EAP_Q_RATIO,       /* plain non-negative number (factors, fractions) */
    EAP_Q_RATE,        /* events per millisecond: "0.2 /min", "3 /h" (a hazard per person) */
};

/* Conversion factors to the base units. */
#define EAP_M_PER_KM 1000.0
#define EAP_M_PER_MI 1609.344
#define EAP_M_PER_NMI 1852.0
#define EAP_MPS_PER_KMH (1000.0 / 3600.0)
#define EAP_MPS_PER_MPH (1609.344 / 3600.0)
#define EAP_MPS_PER_KN (1852.0 / 3600.0)

/* Name of a quantity for messages: "duration", "distance", "speed", ... */
const char *eap_quantity_name(enum eap_quantity q);

/* An example of valid text for the quantity: "\"88 min\" or \"1h30m\"". */
const char *eap_quantity_example(enum eap_quantity q);

/* Parses text as quantity q into *out (base units). Durations may be compound
 * ("1h30m", "2 h 15 min"), largest unit first, each unit once. Values are finite and
 * non-negative. On failure returns false and writes e.g.
 * `expected a distance such as "250 mi" or "402 km", found "250 parsecs" (unknown unit
 * "parsecs")` into why. */
bool eap_units_parse(enum eap_quantity q, const char *text, double *out, char *why, size_t why_len);

/* Formats a base-unit value for people: durations as "45 s", "2 min 20 s" (seconds under
 * 10 min), "45 min", "1h28m" (whole minutes above; in hours, "1e+29 h", beyond any clock's
 * range), distances in km ("402.3 km"), speeds in km/h, rates per minute ("0.25 /min").
 * Returns buf. */
char *eap_units_format(enum eap_quantity q, double value, char *buf, size_t len);

#endif
