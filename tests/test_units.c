/* Units: every accepted spelling converts to the right base value; everything else is
 * refused with a message naming what was expected and what was found. */
#include <math.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/units.h"

static char why[256];

static void expect(enum eap_quantity q, const char *text, double want)
{
    double v = -1;
    if (!eap_units_parse(q, text, &v, why, sizeof(why))) {
        fail_msg("\"%s\" refused: %s", text, why);
    }
    if (fabs(v - want) > 1e-9 * fmax(1, fabs(want))) {
        fail_msg("\"%s\" gave %.12g, want %.12g", text, v, want);
    }
}

static void refuse(enum eap_quantity q, const char *text, const char *needle)
{
    double v;
    assert_false(eap_units_parse(q, text, &v, why, sizeof(why)));
    if (!strstr(why, needle)) {
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, why, needle);
    }
}

static void test_durations(void **state)
{
    (void)state;
    expect(EAP_Q_DURATION, "88 min", 88 * 60000.0);
    expect(EAP_Q_DURATION, "1h30m", 90 * 60000.0);
    expect(EAP_Q_DURATION, "1 h 30 min", 90 * 60000.0);
    expect(EAP_Q_DURATION, "45 s", 45000);
    expect(EAP_Q_DURATION, "2 h", 7200000);
    expect(EAP_Q_DURATION, "1.5 hours", 5400000);
    expect(EAP_Q_DURATION, "2d 3h", (2 * 24 + 3) * 3600000.0);
    expect(EAP_Q_DURATION, "250 ms", 250);
    expect(EAP_Q_DURATION, "0 min", 0);
    expect(EAP_Q_DURATION, " 5 minutes ", 300000);
}

static void test_distances(void **state)
{
    (void)state;
    expect(EAP_Q_DISTANCE, "250 mi", 250 * 1609.344);
    expect(EAP_Q_DISTANCE, "402 km", 402000);
    expect(EAP_Q_DISTANCE, "5 nmi", 5 * 1852.0);
    expect(EAP_Q_DISTANCE, "362 NM", 362 * 1852.0);
    expect(EAP_Q_DISTANCE, "800 m", 800);
    expect(EAP_Q_DISTANCE, "1e3 m", 1000);
}

static void test_speeds(void **state)
{
    (void)state;
    expect(EAP_Q_SPEED, "60 km/h", 60 / 3.6);
    expect(EAP_Q_SPEED, "35 mph", 35 * 1609.344 / 3600);
    expect(EAP_Q_SPEED, "240 kn", 240 * 1852.0 / 3600);
    expect(EAP_Q_SPEED, "280 kt", 280 * 1852.0 / 3600);
    expect(EAP_Q_SPEED, "10 m/s", 10);
}

static void test_plain_numbers(void **state)
{
    (void)state;
    expect(EAP_Q_COUNT, "150", 150);
    expect(EAP_Q_PROBABILITY, "0.25", 0.25);
    refuse(EAP_Q_PROBABILITY, "1.5", "above 1");
    refuse(EAP_Q_COUNT, "-3", "negative");
}

static void test_refusals_say_expected_and_found(void **state)
{
    (void)state;
    refuse(EAP_Q_DURATION, "88", "missing unit after 88");
    refuse(EAP_Q_DURATION, "88", "expected a duration such as \"88 min\"");
    refuse(EAP_Q_DURATION, "1h30", "missing unit after 30");
    refuse(EAP_Q_DURATION, "30m1h", "largest to smallest");
    refuse(EAP_Q_DURATION, "5 min 5 min", "largest to smallest");
    refuse(EAP_Q_DURATION, "-5 min", "negative");
    refuse(EAP_Q_DURATION, "", "empty");
    refuse(EAP_Q_DURATION, "soon", "a number must come first");
    refuse(EAP_Q_DURATION, "88 minuts", "did you mean \"minute");
    /* "mn" is one edit from both "ms" and "min"; the letters typed are an abbreviation of
     * "min" only, so that is the suggestion. */
    refuse(EAP_Q_DURATION, "88 mn", "did you mean \"min\"?");
    refuse(EAP_Q_DISTANCE, "250 parsecs", "unknown unit \"parsecs\"");
}

static void test_wrong_quantity_is_refused(void **state)
{
    (void)state;
    refuse(EAP_Q_DISTANCE, "88 min", "\"min\" is a unit of duration, not of distance");
    refuse(EAP_Q_DISTANCE, "14 KM", "did you mean \"km\"");
    refuse(EAP_Q_SPEED, "250 mi", "expected a speed");
    refuse(EAP_Q_DISTANCE, "60 km/h", "expected a distance");
    refuse(EAP_Q_DISTANCE, "5 km 300 m", "only one number and unit");
    refuse(EAP_Q_DISTANCE, "1e999 km", "not finite");
}

static void test_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(eap_units_format(EAP_Q_DURATION, 88 * 60000.0, buf, sizeof(buf)), "1h28m");
    assert_string_equal(eap_units_format(EAP_Q_DURATION, 45000, buf, sizeof(buf)), "45 s");
    assert_string_equal(eap_units_format(EAP_Q_DURATION, 140000, buf, sizeof(buf)), "2 min 20 s");
    /* above 10 min, whole minutes: never "45 min 18 s" beside "2h16m" */
    assert_string_equal(eap_units_format(EAP_Q_DURATION, 45 * 60000.0 + 18000, buf, sizeof(buf)),
                        "45 min");
    assert_string_equal(
        eap_units_format(EAP_Q_DURATION, 2 * 3600000.0 + 15 * 60000.0 + 40000, buf, sizeof(buf)),
        "2h16m");
    assert_string_equal(eap_units_format(EAP_Q_DISTANCE, 402336, buf, sizeof(buf)), "402.3 km");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_distances),
        cmocka_unit_test(test_speeds),
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_refusals_say_expected_and_found),
        cmocka_unit_test(test_wrong_quantity_is_refused),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
