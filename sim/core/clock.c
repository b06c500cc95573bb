/*
 * Wall-clock anchoring and time formatting. Civil-date arithmetic follows Howard Hinnant's
 * days_from_civil algorithm, so no time zone database or locale is involved.
 */
#include "eapsim/clock.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/units.h"

int64_t eap_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void eap_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits at *p. */
static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) {
            return false;
        }
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static bool expect_char(const char **p, char c)
{
    if (**p != c) {
        return false;
    }
    (*p)++;
    return true;
}

static bool days_in_month_ok(int y, int mo, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1) {
        return false;
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[mo - 1] + (mo == 2 && leap);
}

/* Parses "YYYY-MM-DDTHH:MM[:SS]" into local seconds since the epoch; *p moves past it. */
static bool parse_local(const char **p, int64_t *local_s)
{
    int y, mo, d, h, mi, s = 0;
    if (!read_digits(p, 4, &y) || !expect_char(p, '-') || !read_digits(p, 2, &mo) ||
        !expect_char(p, '-') || !read_digits(p, 2, &d)) {
        return false;
    }
    if (**p != 'T' && **p != ' ') {
        return false;
    }
    (*p)++;
    if (!read_digits(p, 2, &h) || !expect_char(p, ':') || !read_digits(p, 2, &mi)) {
        return false;
    }
    if (**p == ':' && !((*p)++, read_digits(p, 2, &s))) {
        return false;
    }
    if (!days_in_month_ok(y, mo, d) || h > 23 || mi > 59 || s > 59) {
        return false;
    }
    *local_s = eap_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

bool eap_clock_parse(struct eap_clock *clock, const char *text, char *why, size_t why_len)
{
    const char *p = text;
    int64_t local;
    int off = 0;
    bool ok = parse_local(&p, &local);
    if (ok && *p == 'Z') {
        p++;
    } else if (ok && (*p == '+' || *p == '-')) {
        int sign = *p == '-' ? -1 : 1, oh = 0, om = 0;
        p++;
        ok = read_digits(&p, 2, &oh) && expect_char(&p, ':') && read_digits(&p, 2, &om) &&
             oh <= 14 && om <= 59;
        off = sign * (oh * 3600 + om * 60);
    } else {
        ok = false;
    }
    if (!ok || *p != '\0') {
        snprintf(why, why_len,
                 "expected a local start time with its UTC offset such as "
                 "\"2012-09-11T21:42+02:00\", found \"%s\"",
                 text);
        return false;
    }
    clock->utc_offset = off;
    clock->start_utc = local - off;
    return true;
}

char *eap_time_format_offset(eap_time t, char *buf, size_t len)
{
    char sign = '+';
    if (t < 0) {
        sign = '-';
        t = -t;
    }
    int64_t s = t / EAP_SECOND;
    int64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
    if (s == 0) {
        snprintf(buf, len, "T%c0", sign);
    } else if (d > 0) {
        snprintf(buf, len, "T%c%" PRId64 "d%02" PRId64 "h%02" PRId64 "m", sign, d, h, m);
    } else if (h > 0) {
        snprintf(buf, len, "T%c%" PRId64 "h%02" PRId64 "m", sign, h, m);
    } else {
        snprintf(buf, len, "T%c%" PRId64 "m", sign, m);
    }
    if (sec != 0 && d == 0) {
        size_t n = strlen(buf);
        if (s < 60) {
            n -= 2; /* "T+0m" becomes "T+" before the seconds */
            buf[n] = '\0';
        }
        snprintf(buf + n, len > n ? len - n : 0, "%02" PRId64 "s", sec);
    }
    return buf;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Local seconds since the epoch at tick t, rounded down to the second. */
static int64_t local_seconds(const struct eap_clock *clock, eap_time t)
{
    return clock->start_utc + clock->utc_offset + floor_div(t, EAP_SECOND);
}

char *eap_clock_format_hm(const struct eap_clock *clock, eap_time t, char *buf, size_t len)
{
    int64_t ls = local_seconds(clock, t);
    int64_t sod = ls - floor_div(ls, 86400) * 86400;
    snprintf(buf, len, "%02d:%02d", (int)(sod / 3600), (int)(sod / 60 % 60));
    return buf;
}

char *eap_clock_format_hm_day(const struct eap_clock *clock, eap_time t, const char *sep, char *buf,
                              size_t len)
{
    char hm[16];
    eap_clock_format_hm(clock, t, hm, sizeof(hm));
    int day = eap_clock_day(clock, t);
    if (day != 0) {
        snprintf(buf, len, "%s%s%+dd", hm, sep, day);
    } else {
        snprintf(buf, len, "%s", hm);
    }
    return buf;
}

char *eap_clock_format_moment(const struct eap_clock *clock, eap_time t, char *buf, size_t len)
{
    char hm[32], off[32];
    eap_clock_format_hm_day(clock, t, " ", hm, sizeof(hm));
    eap_time_format_offset(t, off, sizeof(off));
    if (snprintf(buf, len, "%s (%s)", hm, off) >= (int)len && len > 0) {
        buf[len - 1] = '\0'; /* cut: callers size their buffers for any of these */
    }
    return buf;
}

char *eap_clock_format_datetime(const struct eap_clock *clock, eap_time t, char *buf, size_t len)
{
    int64_t ls = local_seconds(clock, t);
    int64_t days = floor_div(ls, 86400), sod = ls - days * 86400, y;
    unsigned m, d;
    eap_civil_from_days(days, &y, &m, &d);
    snprintf(buf, len, "%04d-%02u-%02u %02d:%02d", (int)y, m, d, (int)(sod / 3600),
             (int)(sod / 60 % 60));
    return buf;
}

char *eap_clock_format_start(const struct eap_clock *clock, char *buf, size_t len)
{
    char dt[32];
    eap_clock_format_datetime(clock, 0, dt, sizeof(dt));
    dt[10] = 'T';
    int off = clock->utc_offset, a = off < 0 ? -off : off;
    if (off == 0) {
        snprintf(buf, len, "%sZ", dt);
    } else {
        snprintf(buf, len, "%s%c%02d:%02d", dt, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    }
    return buf;
}

int eap_clock_day(const struct eap_clock *clock, eap_time t)
{
    int64_t start = local_seconds(clock, 0);
    return (int)(floor_div(local_seconds(clock, t), 86400) - floor_div(start, 86400));
}

/* "HH:MM" alone: the first such local time at or after the start. */
static bool parse_clock_hm(const struct eap_clock *clock, const char *text, eap_time *out)
{
    const char *p = text;
    int h, m, s = 0;
    if (!read_digits(&p, 2, &h) || !expect_char(&p, ':') || !read_digits(&p, 2, &m)) {
        return false;
    }
    if (*p == ':' && !(p++, read_digits(&p, 2, &s))) {
        return false;
    }
    if (*p != '\0' || h > 23 || m > 59 || s > 59) {
        return false;
    }
    int64_t start = local_seconds(clock, 0);
    int64_t sod = start - floor_div(start, 86400) * 86400;
    int64_t want = h * 3600 + m * 60 + s, delta = want - sod;
    if (delta < 0) {
        delta += 86400;
    }
    *out = delta * EAP_SECOND;
    return true;
}

bool eap_clock_parse_time(const struct eap_clock *clock, const char *text, eap_time *out, char *why,
                          size_t why_len)
{
    const char *p = text;
    int64_t local;
    if (parse_local(&p, &local) && *p == '\0') {
        *out = (local - local_seconds(clock, 0)) * EAP_SECOND;
        return true;
    }
    if (parse_clock_hm(clock, text, out)) {
        return true;
    }
    const char *dur = text;
    bool tplus = (text[0] == 'T' || text[0] == 't') && text[1] == '+';
    if (tplus) {
        dur = text + 2;
    }
    double ms = 0;
    char inner[160];
    bool zero = tplus && strcmp(dur, "0") == 0; /* "T+0" needs no unit */
    if (zero || eap_units_parse(EAP_Q_DURATION, dur, &ms, inner, sizeof(inner))) {
        if (ms > (double)EAP_TIME_MAX) { /* before the conversion to an integer */
            snprintf(why, why_len, "expected a time within %d days of the start, found \"%s\"",
                     (int)(EAP_TIME_MAX / EAP_DAY), text);
            return false;
        }
        *out = (eap_time)(ms + 0.5);
        return true;
    }
    snprintf(why, why_len,
             "expected a time such as \"T+1h30m\", \"90 min\", \"23:30\" or "
             "\"2012-09-12T05:15\", found \"%s\"",
             text);
    return false;
}
