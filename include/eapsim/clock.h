/*
 * Simulation time and the scenario's wall clock.
 *
 * Time is an integer count of milliseconds since the scenario's start (eap_time). It is
 * converted to and from text only at the edges, so clock arithmetic is exact and "23:10"
 * prints the same on every machine. The wall clock (struct eap_clock) anchors tick 0 to a
 * local date and time with its UTC offset, e.g. 2012-09-11T21:42+02:00.
 */
#ifndef EAPSIM_CLOCK_H
#define EAPSIM_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the scenario's start. */
typedef int64_t eap_time;

#define EAP_MS ((eap_time)1)
#define EAP_SECOND ((eap_time)1000)
#define EAP_MINUTE (60 * EAP_SECOND)
#define EAP_HOUR (60 * EAP_MINUTE)
#define EAP_DAY (24 * EAP_HOUR)

/* The latest time the event kernel can hold: 2^42 - 1 ms, about 139 years. */
#define EAP_TIME_MAX ((eap_time)((INT64_C(1) << 42) - 1))

/* Scenario start: seconds since 1970-01-01T00:00Z of tick 0, and the local UTC offset. */
struct eap_clock {
    int64_t start_utc;  /* seconds */
    int32_t utc_offset; /* seconds east of UTC */
};

/* Parses "YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)". Returns false and writes why (expected
 * vs found) when the text is not such a time. */
bool eap_clock_parse(struct eap_clock *clock, const char *text, char *why, size_t why_len);

/* Formats an offset from the start: "T+0", "T+17m", "T+1h28m", "T+7h33m05s", "T+1d02h05m",
 * "T-5m". Writes at most len bytes; returns buf. */
char *eap_time_format_offset(eap_time t, char *buf, size_t len);

/* Local clock time at t as "HH:MM" (seconds are truncated). */
char *eap_clock_format_hm(const struct eap_clock *clock, eap_time t, char *buf, size_t len);

/* Local clock time at t with the day when it is not the start's: "21:59", "05:15 +1d". sep
 * goes between the time and the day: " " in prose, "" in narrow table columns ("05:15+1d",
 * the form an MSEL export writes and reads back). */
char *eap_clock_format_hm_day(const struct eap_clock *clock, eap_time t, const char *sep, char *buf,
                              size_t len);

/* A moment as people read it: the clock time with its day, then the offset from the start,
 * "05:15 +1d (T+7h33m)". */
char *eap_clock_format_moment(const struct eap_clock *clock, eap_time t, char *buf, size_t len);

/* Local date and time at t as "YYYY-MM-DD HH:MM". */
char *eap_clock_format_datetime(const struct eap_clock *clock, eap_time t, char *buf, size_t len);

/* Start as given: "2012-09-11T21:42+02:00". */
char *eap_clock_format_start(const struct eap_clock *clock, char *buf, size_t len);

/* Whole local days between the start's date and t's date (0 on the first day). */
int eap_clock_day(const struct eap_clock *clock, eap_time t);

/* Parses a point in time relative to the scenario: an offset ("T+1h30m", "90 min"), a local
 * clock time ("23:30", the first such moment at or after the start), or a full local date
 * and time ("2012-09-12T05:15"). Returns false and writes why on anything else. */
bool eap_clock_parse_time(const struct eap_clock *clock, const char *text, eap_time *out, char *why,
                          size_t why_len);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t eap_days_from_civil(int64_t y, unsigned m, unsigned d);
void eap_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
