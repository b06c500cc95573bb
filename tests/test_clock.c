/* The scenario clock: parsing a start, formatting offsets and local times across midnight,
 * and reading times given as offsets, clock times or full dates. */
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/clock.h"

static char buf[64], why[256];

static struct eap_clock benghazi(void)
{
    struct eap_clock c;
    assert_true(eap_clock_parse(&c, "2012-09-11T21:42+02:00", why, sizeof(why)));
    return c;
}

static void test_offsets(void **state)
{
    (void)state;
    assert_string_equal(eap_time_format_offset(0, buf, sizeof(buf)), "T+0");
    assert_string_equal(eap_time_format_offset(17 * EAP_MINUTE, buf, sizeof(buf)), "T+17m");
    assert_string_equal(eap_time_format_offset(88 * EAP_MINUTE, buf, sizeof(buf)), "T+1h28m");
    assert_string_equal(
        eap_time_format_offset(7 * EAP_HOUR + 33 * EAP_MINUTE + 5 * EAP_SECOND, buf, sizeof(buf)),
        "T+7h33m05s");
    assert_string_equal(eap_time_format_offset(45 * EAP_SECOND, buf, sizeof(buf)), "T+45s");
    assert_string_equal(eap_time_format_offset(26 * EAP_HOUR + 5 * EAP_MINUTE, buf, sizeof(buf)),
                        "T+1d02h05m");
    assert_string_equal(eap_time_format_offset(-5 * EAP_MINUTE, buf, sizeof(buf)), "T-5m");
}

static void test_local_clock_across_midnight(void **state)
{
    (void)state;
    struct eap_clock c = benghazi();
    assert_string_equal(eap_clock_format_hm(&c, 0, buf, sizeof(buf)), "21:42");
    assert_string_equal(eap_clock_format_hm(&c, 88 * EAP_MINUTE, buf, sizeof(buf)), "23:10");
    eap_time mortar = 7 * EAP_HOUR + 33 * EAP_MINUTE;
    assert_string_equal(eap_clock_format_hm(&c, mortar, buf, sizeof(buf)), "05:15");
    assert_string_equal(eap_clock_format_datetime(&c, mortar, buf, sizeof(buf)),
                        "2012-09-12 05:15");
    assert_int_equal(eap_clock_day(&c, 0), 0);
    assert_int_equal(eap_clock_day(&c, 2 * EAP_HOUR), 0);
    assert_int_equal(eap_clock_day(&c, 3 * EAP_HOUR), 1);
    assert_string_equal(eap_clock_format_start(&c, buf, sizeof(buf)), "2012-09-11T21:42+02:00");
    assert_int_equal(c.start_utc, 1347392520); /* 2012-09-11T19:42:00Z */
}

static void test_parse_start_refusals(void **state)
{
    (void)state;
    struct eap_clock c;
    assert_false(eap_clock_parse(&c, "2012-09-11 21:42", why, sizeof(why)));
    assert_non_null(strstr(why, "with its UTC offset"));
    assert_false(eap_clock_parse(&c, "2012-02-30T10:00Z", why, sizeof(why)));
    assert_false(eap_clock_parse(&c, "2012-09-11T25:00+02:00", why, sizeof(why)));
    assert_false(eap_clock_parse(&c, "yesterday", why, sizeof(why)));
    assert_non_null(strstr(why, "found \"yesterday\""));
    assert_true(eap_clock_parse(&c, "2014-07-26T02:00Z", why, sizeof(why)));
    assert_int_equal(c.utc_offset, 0);
}

static void test_parse_times(void **state)
{
    (void)state;
    struct eap_clock c = benghazi();
    eap_time t;
    assert_true(eap_clock_parse_time(&c, "T+1h28m", &t, why, sizeof(why)));
    assert_int_equal(t, 88 * EAP_MINUTE);
    assert_true(eap_clock_parse_time(&c, "90 min", &t, why, sizeof(why)));
    assert_int_equal(t, 90 * EAP_MINUTE);
    assert_true(eap_clock_parse_time(&c, "23:30", &t, why, sizeof(why)));
    assert_int_equal(t, 108 * EAP_MINUTE);
    assert_true(eap_clock_parse_time(&c, "05:15", &t, why, sizeof(why))); /* next morning */
    assert_int_equal(t, 7 * EAP_HOUR + 33 * EAP_MINUTE);
    assert_true(eap_clock_parse_time(&c, "2012-09-12T20:56", &t, why, sizeof(why)));
    assert_int_equal(t, 23 * EAP_HOUR + 14 * EAP_MINUTE);
    assert_true(eap_clock_parse_time(&c, "T+0", &t, why, sizeof(why)));
    assert_int_equal(t, 0);
    assert_false(eap_clock_parse_time(&c, "noon", &t, why, sizeof(why)));
    assert_non_null(strstr(why, "found \"noon\""));
    assert_false(eap_clock_parse_time(&c, "24:10", &t, why, sizeof(why)));
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    for (int64_t day = -800000; day < 800000; day += 997) {
        int64_t y;
        unsigned m, d;
        eap_civil_from_days(day, &y, &m, &d);
        assert_int_equal(eap_days_from_civil(y, m, d), day);
    }
    assert_int_equal(eap_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(eap_days_from_civil(2000, 3, 1), 11017);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_local_clock_across_midnight),
        cmocka_unit_test(test_parse_start_refusals),
        cmocka_unit_test(test_parse_times),
        cmocka_unit_test(test_civil_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
