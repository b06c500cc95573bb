/*
 * Unit parsing. A quantity is one or more "<number> <unit>" terms; only durations may have
 * several ("1h30m"), each unit once and largest first, so "1h30" (a unit missing) and
 * "30m1h" (a likely slip) are refused rather than guessed at.
 */
#include "eapsim/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eapsim/count_of.h"
#include "eapsim/error.h"

struct unit {
    const char *name;
    double factor; /* to the base unit */
    int rank;      /* durations: larger units have a larger rank */
};

static const struct unit duration_units[] = {
    {"ms", 1, 0},        {"s", 1000, 1},       {"sec", 1000, 1},      {"secs", 1000, 1},
    {"second", 1000, 1}, {"seconds", 1000, 1}, {"m", 60000, 2},       {"min", 60000, 2},
    {"mins", 60000, 2},  {"minute", 60000, 2}, {"minutes", 60000, 2}, {"h", 3600000, 3},
    {"hr", 3600000, 3},  {"hrs", 3600000, 3},  {"hour", 3600000, 3},  {"hours", 3600000, 3},
    {"d", 86400000, 4},  {"day", 86400000, 4}, {"days", 86400000, 4},
};

static const struct unit distance_units[] = {
    {"m", 1, 0},
    {"metre", 1, 0},
    {"metres", 1, 0},
    {"meter", 1, 0},
    {"meters", 1, 0},
    {"km", EAP_M_PER_KM, 0},
    {"kilometre", EAP_M_PER_KM, 0},
    {"kilometres", EAP_M_PER_KM, 0},
    {"kilometer", EAP_M_PER_KM, 0},
    {"kilometers", EAP_M_PER_KM, 0},
    {"mi", EAP_M_PER_MI, 0},
    {"mile", EAP_M_PER_MI, 0},
    {"miles", EAP_M_PER_MI, 0},
    {"nmi", EAP_M_PER_NMI, 0},
    {"NM", EAP_M_PER_NMI, 0},
    {"ft", 0.3048, 0},
    {"yd", 0.9144, 0},
};

static const struct unit speed_units[] = {
    {"m/s", 1, 0},
    {"km/h", EAP_MPS_PER_KMH, 0},
    {"kph", EAP_MPS_PER_KMH, 0},
    {"mph", EAP_MPS_PER_MPH, 0},
    {"kn", EAP_MPS_PER_KN, 0},
    {"kt", EAP_MPS_PER_KN, 0},
    {"kts", EAP_MPS_PER_KN, 0},
    {"knot", EAP_MPS_PER_KN, 0},
    {"knots", EAP_MPS_PER_KN, 0},
};

static const struct unit rate_units[] = {
    {"/ms", 1, 0},
    {"/s", 1.0 / 1000, 0},
    {"/min", 1.0 / 60000, 0},
    {"/h", 1.0 / 3600000, 0},
    {"/hour", 1.0 / 3600000, 0},
    {"/day", 1.0 / 86400000, 0},
};

static const struct unit *unit_table(enum eap_quantity q, size_t *n)
{
    switch (q) {
    case EAP_Q_DURATION:
        *n = COUNT_OF(duration_units);
        return duration_units;
    case EAP_Q_DISTANCE:
        *n = COUNT_OF(distance_units);
        return distance_units;
    case EAP_Q_SPEED:
        *n = COUNT_OF(speed_units);
        return speed_units;
    case EAP_Q_RATE:
        *n = COUNT_OF(rate_units);
        return rate_units;
    default:
        *n = 0;
        return NULL;
    }
}

const char *eap_quantity_name(enum eap_quantity q)
{
    switch (q) {
    case EAP_Q_DURATION:
        return "duration";
    case EAP_Q_DISTANCE:
        return "distance";
    case EAP_Q_SPEED:
        return "speed";
    case EAP_Q_COUNT:
        return "count";
    case EAP_Q_PROBABILITY:
        return "probability";
    case EAP_Q_RATIO:
        return "ratio";
    case EAP_Q_RATE:
        return "rate";
    }
    return "quantity";
}

const char *eap_quantity_example(enum eap_quantity q)
{
    switch (q) {
    case EAP_Q_DURATION:
        return "\"88 min\" or \"1h30m\"";
    case EAP_Q_DISTANCE:
        return "\"250 mi\" or \"402 km\"";
    case EAP_Q_SPEED:
        return "\"60 km/h\" or \"240 kn\"";
    case EAP_Q_COUNT:
        return "150";
    case EAP_Q_PROBABILITY:
        return "0.25";
    case EAP_Q_RATIO:
        return "0.5";
    case EAP_Q_RATE:
        return "\"0.2 /min\" or \"3 /h\"";
    }
    return "";
}

static void fail(enum eap_quantity q, const char *text, const char *detail, char *why,
                 size_t why_len)
{
    snprintf(why, why_len, "expected a %s such as %s, found \"%s\"%s%s%s", eap_quantity_name(q),
             eap_quantity_example(q), text, detail[0] ? " (" : "", detail, detail[0] ? ")" : "");
}

/* Reads an unsigned decimal number (digits, optional fraction and exponent). */
static bool read_number(const char **p, double *out)
{
    const char *s = *p;
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1]))) {
        return false;
    }
    /* The decimal grammar by hand: strtod alone would also take "0x10" and "inf". */
    const char *e = s;
    while (isdigit((unsigned char)*e)) {
        e++;
    }
    if (*e == '.') {
        e++;
        while (isdigit((unsigned char)*e)) {
            e++;
        }
    }
    if ((*e == 'e' || *e == 'E') &&
        (isdigit((unsigned char)e[1]) ||
         ((e[1] == '+' || e[1] == '-') && isdigit((unsigned char)e[2])))) {
        e += 2;
        while (isdigit((unsigned char)*e)) {
            e++;
        }
    }
    char buf[64];
    size_t n = (size_t)(e - s);
    if (n >= sizeof(buf)) {
        return false; /* far more digits than a double holds: refused as not a number */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    *p = e;
    return true;
}

/* Reads a unit word: letters, '/', and nothing else. */
static size_t read_unit(const char *p, char *buf, size_t len)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]) || p[n] == '/') {
        if (n + 1 < len) {
            buf[n] = p[n];
        }
        n++;
    }
    buf[n < len ? n : len - 1] = '\0';
    return n;
}

static const struct unit *find_unit(const struct unit *tab, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(tab[i].name, name) == 0) {
            return &tab[i];
        }
    }
    return NULL;
}

/* Explains an unknown unit: the same unit in other letter case ("KM" for "km"), a unit of
 * another quantity ("km" where a duration is expected), or the nearest spelling. */
static void unknown_unit(enum eap_quantity q, const struct unit *tab, size_t n, const char *name,
                         char *detail, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (strcasecmp(tab[i].name, name) == 0) {
            snprintf(detail, len, "unknown unit \"%s\"; did you mean \"%s\"?", name, tab[i].name);
            return;
        }
    }
    const enum eap_quantity others[] = {EAP_Q_DURATION, EAP_Q_DISTANCE, EAP_Q_SPEED, EAP_Q_RATE};
    for (size_t k = 0; k < COUNT_OF(others); k++) {
        size_t m;
        const struct unit *other = unit_table(others[k], &m);
        if (others[k] != q && find_unit(other, m, name)) {
            snprintf(detail, len, "\"%s\" is a unit of %s, not of %s", name,
                     eap_quantity_name(others[k]), eap_quantity_name(q));
            return;
        }
    }
    const char *names[32];
    size_t k = n < 32 ? n : 32;
    for (size_t i = 0; i < k; i++) {
        names[i] = tab[i].name;
    }
    const char *s = eap_suggest(name, names, k);
    if (s) {
        snprintf(detail, len, "unknown unit \"%s\"; did you mean \"%s\"?", name, s);
    } else {
        snprintf(detail, len, "unknown unit \"%s\"", name);
    }
}

static void skip_space(const char **p)
{
    while (**p == ' ' || **p == '\t') {
        (*p)++;
    }
}

static bool parse_plain(enum eap_quantity q, const char *text, double *out, char *why,
                        size_t why_len)
{
    const char *p = text;
    double v;
    skip_space(&p);
    if (!read_number(&p, &v)) {
        fail(q, text, text[0] == '-' ? "negative" : "not a number", why, why_len);
        return false;
    }
    skip_space(&p);
    if (*p != '\0') {
        fail(q, text, "trailing text", why, why_len);
        return false;
    }
    if (!isfinite(v) || (q == EAP_Q_PROBABILITY && v > 1.0)) {
        fail(q, text, q == EAP_Q_PROBABILITY ? "above 1" : "not finite", why, why_len);
        return false;
    }
    *out = v;
    return true;
}

bool eap_units_parse(enum eap_quantity q, const char *text, double *out, char *why, size_t why_len)
{
    size_t ntab;
    const struct unit *tab = unit_table(q, &ntab);
    if (!tab) {
        return parse_plain(q, text, out, why, why_len);
    }
    const char *p = text;
    double total = 0;
    int last_rank = 1 << 20, terms = 0;
    char detail[160] = "";
    skip_space(&p);
    while (*p != '\0') {
        double v;
        char name[32];
        if (!read_number(&p, &v)) {
            fail(q, text, *p == '-' ? "negative" : "a number must come first", why, why_len);
            return false;
        }
        skip_space(&p);
        size_t ulen = read_unit(p, name, sizeof(name));
        if (ulen == 0) {
            snprintf(detail, sizeof(detail), "missing unit after %g", v);
            fail(q, text, detail, why, why_len);
            return false;
        }
        p += ulen;
        const struct unit *u = find_unit(tab, ntab, name);
        if (!u) {
            unknown_unit(q, tab, ntab, name, detail, sizeof(detail));
            fail(q, text, detail, why, why_len);
            return false;
        }
        if (terms > 0 && (q != EAP_Q_DURATION || u->rank >= last_rank)) {
            fail(q, text,
                 q == EAP_Q_DURATION ? "units must go from largest to smallest, each once"
                                     : "only one number and unit",
                 why, why_len);
            return false;
        }
        last_rank = u->rank;
        total += v * u->factor;
        terms++;
        skip_space(&p);
    }
    if (terms == 0) {
        fail(q, text, "empty", why, why_len);
        return false;
    }
    if (!isfinite(total)) {
        fail(q, text, "not finite", why, why_len);
        return false;
    }
    *out = total;
    return true;
}

char *eap_units_format(enum eap_quantity q, double v, char *buf, size_t len)
{
    switch (q) {
    case EAP_Q_DURATION: {
        if (!(fabs(v) < 1e18)) { /* beyond any clock (and llround's range): in hours */
            snprintf(buf, len, "%.4g h", v / 3.6e6);
            break;
        }
        /* One style, to the precision that matters: seconds under 10 minutes ("2 min 20 s"),
         * whole minutes above ("45 min", "2h16m"), never "45 min 18 s" beside "2h16m". */
        long long s = llround(v / 1000.0), m = llround(v / 60000.0);
        if (s < 60) {
            snprintf(buf, len, "%lld s", s);
        } else if (s < 600) {
            snprintf(buf, len, s % 60 ? "%lld min %lld s" : "%lld min", s / 60, s % 60);
        } else if (m < 60) {
            snprintf(buf, len, "%lld min", m);
        } else {
            snprintf(buf, len, "%lldh%02lldm", m / 60, m % 60);
        }
        break;
    }
    case EAP_Q_DISTANCE:
        snprintf(buf, len, "%.1f km", v / EAP_M_PER_KM);
        break;
    case EAP_Q_SPEED:
        snprintf(buf, len, "%.1f km/h", v / EAP_MPS_PER_KMH);
        break;
    case EAP_Q_RATE:
        snprintf(buf, len, "%.3g /min", v * 60000);
        break;
    default:
        snprintf(buf, len, "%.4g", v);
        break;
    }
    return buf;
}
