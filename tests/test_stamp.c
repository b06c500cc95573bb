/* The provenance stamp (stamp.h): SHA-256 against the FIPS 180-4 examples, the JSON and text
 * forms field by field (plain ASCII, one field a line), reading the JSON back, the time and
 * SOURCE_DATE_EPOCH's parsing, and tEXt chunks added to a PNG with valid CRCs, the image's own
 * chunks untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/stamp.h"

static void hex_of(const unsigned char *d, char *hex)
{
    for (int i = 0; i < 32; i++) {
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    }
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"; the million a's from FIPS 180-2 appendix B.3). */
static void test_sha256_matches_the_published_examples(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        const char *hex;
    } cases[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
         "lmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    unsigned char d[32];
    char hex[65];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        eap_sha256(cases[i].msg, strlen(cases[i].msg), d);
        hex_of(d, hex);
        assert_string_equal(hex, cases[i].hex);
    }
    char *a = malloc(1000000);
    assert_non_null(a);
    memset(a, 'a', 1000000);
    eap_sha256(a, 1000000, d);
    hex_of(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* The same bytes from a file, read in pieces. */
    const char *path = "test_stamp_sha.bin";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(a, 1, 1000000, f), 1000000);
    fclose(f);
    struct eap_error err;
    char from_file[65];
    assert_true(eap_sha256_file(path, from_file, &err));
    assert_string_equal(from_file, hex);
    remove(path);
    assert_false(eap_sha256_file(path, from_file, &err));
    assert_int_equal(err.code, EAP_EIO);
    free(a);
}

static struct eap_stamp sample(const char *const *settings, size_t n)
{
    struct eap_stamp st;
    eap_stamp_init(&st);
    st.version = "0.1.0";
    st.commit = "abc123";
    st.scenario = "scenarios/caf\xc3\xa9 <1>.json";
    st.fingerprint = UINT64_C(0x00a1b2c3d4e5f607);
    st.seed = 7;
    st.runs = 2000;
    st.settings = settings;
    st.setting_count = n;
    st.command_line = "eapsim batch 'scenarios/caf\xc3\xa9 <1>.json' --runs 2000";
    st.time = 1700000000;
    return st;
}

static void test_json_form_is_ascii_one_field_a_line(void **state)
{
    (void)state;
    const char *settings[] = {"--set a/b=\"5 min\"", "--from 01:30"};
    struct eap_stamp st = sample(settings, 2);
    char *json = eap_stamp_json(&st, 1);
    assert_non_null(json);
    assert_string_equal(json, "{\n"
                              "  \"program\": \"eapsim\",\n"
                              "  \"version\": \"0.1.0\",\n"
                              "  \"commit\": \"abc123\",\n"
                              "  \"scenario\": \"scenarios/caf\\u00e9 \\u003c1\\u003e.json\",\n"
                              "  \"fingerprint\": \"00a1b2c3d4e5f607\",\n"
                              "  \"seed\": 7,\n"
                              "  \"runs\": 2000,\n"
                              "  \"settings\": [\"--set a/b=\\\"5 min\\\"\", \"--from 01:30\"],\n"
                              "  \"command_line\": \"eapsim batch 'scenarios/caf\\u00e9 "
                              "\\u003c1\\u003e.json' --runs 2000\",\n"
                              "  \"time\": \"2023-11-14T22:13:20Z\"\n"
                              "}");
    for (const char *p = json; *p; p++) {
        assert_true((unsigned char)*p < 0x80);
    }
    free(json);
    /* Without a scenario and runs, their fields are left out; nesting indents. */
    st.scenario = NULL;
    st.runs = 0;
    st.setting_count = 0;
    json = eap_stamp_json(&st, 2);
    assert_null(strstr(json, "\"scenario\""));
    assert_null(strstr(json, "\"fingerprint\""));
    assert_null(strstr(json, "\"seed\""));
    assert_non_null(strstr(json, "\n    \"settings\": [],\n"));
    assert_non_null(strstr(json, "\"\n  }"));
    free(json);
}

static void test_text_form_and_fields_follow_the_json(void **state)
{
    (void)state;
    const char *settings[] = {"--replay", "--set x=1"};
    struct eap_stamp st = sample(settings, 2);
    st.command_line = "eapsim run x.json\n--replay"; /* a newline cannot split a line */
    char *text = eap_stamp_text(&st, "# ");
    assert_non_null(strstr(text, "# program: eapsim\n# version: 0.1.0\n# commit: abc123\n"));
    assert_non_null(strstr(text, "# settings: --replay; --set x=1\n"));
    assert_non_null(strstr(text, "# command_line: eapsim run x.json --replay\n"));
    assert_non_null(strstr(text, "# time: 2023-11-14T22:13:20Z\n"));
    free(text);
    const char *key;
    char value[64];
    size_t n = 0;
    while (eap_stamp_field(&st, n, &key, value, sizeof(value))) {
        n++;
    }
    assert_int_equal(n, 10);
    assert_true(eap_stamp_field(&st, 4, &key, value, sizeof(value)));
    assert_string_equal(key, "fingerprint");
    assert_string_equal(value, "00a1b2c3d4e5f607");
}

static void test_json_reads_back_and_bad_stamps_are_named(void **state)
{
    (void)state;
    const char *settings[] = {"--sweep a=1,2", "--set b=\"x y\""};
    struct eap_stamp st = sample(settings, 2), back;
    char *json = eap_stamp_json(&st, 1), *keep = NULL;
    struct eap_error err;
    assert_true(eap_stamp_from_json(json, &back, &keep, &err));
    assert_string_equal(back.version, "0.1.0");
    assert_string_equal(back.commit, "abc123");
    assert_string_equal(back.scenario, st.scenario);
    assert_true(back.fingerprint == st.fingerprint && back.seed == 7 && back.runs == 2000);
    assert_true(back.time == 1700000000 && back.setting_count == 2);
    assert_string_equal(back.settings[1], "--set b=\"x y\"");
    char *again = eap_stamp_json(&back, 1);
    assert_string_equal(json, again);
    free(again);
    free(keep);
    free(json);
    const char *bad[][2] = {
        {"[]", "/stamp"},
        {"{\"program\": \"other\"}", "/stamp/program"},
        {"{\"program\": \"eapsim\", \"version\": 1}", "/stamp/version"},
        {"{\"program\": \"eapsim\", \"version\": \"1\", \"commit\": \"c\", \"time\": \"2023-02-30T"
         "00:00:00Z\", \"settings\": []}",
         "/stamp/time"},
        {"{\"program\": \"eapsim\", \"version\": \"1\", \"commit\": \"c\", \"scenario\": \"s\", "
         "\"fingerprint\": \"xyz\", \"time\": \"2023-01-01T00:00:00Z\", \"settings\": []}",
         "/stamp/fingerprint"},
        {"{\"program\": \"eapsim\", \"version\": \"1\", \"commit\": \"c\", \"time\": "
         "\"2023-01-01T00:00:00Z\", \"settings\": [1]}",
         "/stamp/settings"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        eap_error_clear(&err);
        assert_false(eap_stamp_from_json(bad[i][0], &back, &keep, &err));
        assert_int_equal(err.code, EAP_EINPUT);
        assert_string_equal(err.path, bad[i][1]);
        assert_null(keep);
    }
}

static void test_time_and_source_date_epoch(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(eap_stamp_time_text(0, buf, sizeof(buf)), "1970-01-01T00:00:00Z");
    assert_string_equal(eap_stamp_time_text(951782400, buf, sizeof(buf)), "2000-02-29T00:00:00Z");
    assert_string_equal(eap_stamp_time_text(INT64_C(253402300799), buf, sizeof(buf)),
                        "9999-12-31T23:59:59Z");
    int64_t t = -1;
    assert_true(eap_stamp_parse_epoch("1700000000", &t) && t == 1700000000);
    assert_true(eap_stamp_parse_epoch("0", &t) && t == 0);
    assert_true(eap_stamp_parse_epoch("253402300799", &t));
    const char *bad[] = {"",    "-1",  "+5",           "1e9",
                         "12 ", " 12", "253402300800", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(eap_stamp_parse_epoch(bad[i], &t));
    }
}

/* CRC-32 as PNG defines it, written here independently of stamp.c, checked on IEND's known
 * CRC (ae 42 60 82). */
static uint32_t crc32_png(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        }
    }
    return ~c;
}

/* Whether the n bytes at p hold the string s (memmem is not in C11 or POSIX). */
static bool holds(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(p + i, s, k) == 0) {
            return true;
        }
    }
    return false;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png_gets_text_chunks_with_valid_crcs(void **state)
{
    (void)state;
    assert_true(crc32_png((const unsigned char *)"IEND", 4) == 0xae426082u);
    /* A 1x1 PNG's chunks as far as the stamp cares: signature, IHDR, (no IDAT), IEND. */
    unsigned char png[8 + 25 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0,
                                      0,    13,  'I', 'H', 'D',  'R',  0,    0,    0, 1,
                                      0,    0,   0,   1,   8,    6,    0,    0,    0};
    uint32_t c = crc32_png(png + 12, 17);
    png[29] = (unsigned char)(c >> 24), png[30] = (unsigned char)(c >> 16);
    png[31] = (unsigned char)(c >> 8), png[32] = (unsigned char)c;
    memcpy(png + 33, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    const char *path = "test_stamp.png";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(png, 1, sizeof(png), f), sizeof(png));
    fclose(f);
    const char *settings[] = {"--replay"};
    struct eap_stamp st = sample(settings, 1);
    struct eap_error err;
    assert_true(eap_stamp_png(path, &st, &err));
    f = fopen(path, "rb");
    unsigned char out[4096];
    size_t n = fread(out, 1, sizeof(out), f);
    fclose(f);
    assert_memory_equal(out, png, 33); /* signature and IHDR as they were */
    const char *keys[] = {"Software", "Creation Time", "eapsim"};
    size_t at = 33, k = 0;
    for (; at + 12 <= n; k++) {
        uint32_t len = be32(out + at);
        assert_true(crc32_png(out + at + 4, 4 + len) == be32(out + at + 8 + len));
        if (memcmp(out + at + 4, "tEXt", 4) == 0) {
            assert_string_equal((const char *)out + at + 8, keys[k]);
        }
        at += 12 + len;
    }
    assert_int_equal(k, 4); /* three tEXt chunks, then IEND */
    assert_memory_equal(out + n - 12, png + 33, 12);
    assert_true(holds(out, n, "eapsim 0.1.0 (commit abc123)"));
    assert_true(holds(out, n, "2023-11-14T22:13:20Z"));
    remove(path);
    /* Not a PNG: refused, the file left alone. */
    f = fopen(path, "wb");
    fputs("GIF89a", f);
    fclose(f);
    assert_false(eap_stamp_png(path, &st, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_matches_the_published_examples),
        cmocka_unit_test(test_json_form_is_ascii_one_field_a_line),
        cmocka_unit_test(test_text_form_and_fields_follow_the_json),
        cmocka_unit_test(test_json_reads_back_and_bad_stamps_are_named),
        cmocka_unit_test(test_time_and_source_date_epoch),
        cmocka_unit_test(test_png_gets_text_chunks_with_valid_crcs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
