/*
 * libFuzzer harness for the unit parser (units.h). The first byte picks the quantity and the
 * size of the message buffer; the rest, up to the first NUL, is the text. Checks that an
 * accepted value is finite, non-negative (at most 1 for a probability) and the same whatever
 * the message buffer's size; that a refusal says why, within the buffer it was given; and that
 * eap_units_format() of an accepted value reads back to it within the format's resolution.
 * Build and run: docs/robustness.md.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define QUANTITIES 6

/* Beyond this a value is no longer a plausible scenario figure (1e12 ms is 31 years, 1e12 m
 * is 7 au): eap_units_format() is not required to round-trip it. */
#define ROUND_TRIP_MAX 1e12

/* How far eap_units_format() may move a value: durations print whole seconds below an hour
 * and whole minutes above (so up to 60.5 s), distances 0.1 km, speeds 0.1 km/h, plain numbers
 * four significant digits. */
static double resolution(enum eap_quantity q, double v)
{
    switch (q) {
    case EAP_Q_DURATION:
        return v < 600e3 - 500 ? 500 : 30500; /* seconds under 10 min, whole minutes above */
    case EAP_Q_DISTANCE:
        return 50;
    case EAP_Q_SPEED:
        return 0.05 * EAP_MPS_PER_KMH;
    default:
        return 5e-4 * v;
    }
}

/* Parses with a message buffer of exactly why_len bytes on the heap, so that a write past
 * it is an ASan report. */
static bool parse(enum eap_quantity q, const char *text, double *v, size_t why_len, bool *said)
{
    char *why = malloc(why_len);
    if (!why) {
        abort();
    }
    why[0] = '\0';
    bool ok = eap_units_parse(q, text, v, why, why_len);
    if (!ok && memchr(why, '\0', why_len) == NULL) {
        abort(); /* the message must end inside its buffer */
    }
    *said = why[0] != '\0';
    free(why);
    return ok;
}

static void check_round_trip(enum eap_quantity q, double v)
{
    char *buf = malloc(64);
    if (!buf) {
        abort();
    }
    double back = -1;
    bool said;
    bool ok = parse(q, eap_units_format(q, v, buf, 64), &back, 256, &said);
    /* a little slack above the resolution for the double rounding of the unit factors */
    if (!ok || fabs(back - v) > resolution(q, v) * (1 + 1e-9) + 1e-9 * v) {
        abort();
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    enum eap_quantity q = (enum eap_quantity)(data[0] % QUANTITIES);
    size_t small = 1 + (size_t)(data[0] / QUANTITIES) % 48;
    char *text = malloc(size); /* the text and its NUL: exactly size bytes */
    if (!text) {
        abort();
    }
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    double v = NAN, w = NAN;
    bool said_full, said_small;
    bool ok = parse(q, text, &v, 512, &said_full);
    bool ok_small = parse(q, text, &w, small, &said_small);
    if (ok != ok_small || (ok && memcmp(&v, &w, sizeof(v)) != 0)) {
        abort(); /* the message buffer's size changes nothing but the message */
    }
    if (!ok && (!said_full || (small > 1 && !said_small))) {
        abort(); /* a refusal says why */
    }
    if (ok && (!isfinite(v) || v < 0 || (q == EAP_Q_PROBABILITY && v > 1))) {
        abort();
    }
    if (ok && strpbrk(text, "xX") != NULL) {
        abort(); /* numbers are decimal, and no unit name has an x */
    }
    if (ok && v <= ROUND_TRIP_MAX) {
        check_round_trip(q, v);
    }
    free(text);
    return 0;
}
