/* Keyed draws (a person's threshold): draw k of a process stream is word k mod 4 of the
 * Philox4x64-10 block of counter (0, stream id, replication, k / 4 + 1) under key (seed, 0),
 * whatever other draws were asked for, in whatever order and in whatever groups. The engine's
 * own header is used, as these draws are internal to it. */
#include <math.h>
#include <string.h>

#include "../sim/engine/engine_internal.h"
#include "cmocka_all.h"
#include "scenario_fixture.h"

static struct eap_engine *engine(struct eap_scenario **s, uint64_t seed, uint64_t rep)
{
    struct eap_error err;
    *s = fixture_load_file("benghazi-2012.json", NULL, 0);
    struct eap_engine *e = eap_engine_create(*s, &err);
    assert_non_null(e);
    eap_engine_reset(e, seed, rep, NULL);
    return e;
}

/* The stream id of a process stream, as name_streams lays them out. */
static uint32_t process_id(const struct eap_engine *e, enum stream_kind kind, size_t entity)
{
    size_t per_kind = (e->stream_count - e->scn->input_count) / STREAM_KIND_COUNT;
    return e->streams[e->scn->input_count + (size_t)kind * per_kind + entity].id;
}

static void test_a_keyed_draw_is_a_word_of_its_philox_block(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 12345, 678);
    double got[10];
    eap__keyed_uniforms(e, STREAM_HARM, 2, 0, 10, got);
    uint32_t id = process_id(e, STREAM_HARM, 2);
    for (uint64_t k = 0; k < 10; k++) {
        const uint64_t ctr[4] = {0, id, 678, k / 4 + 1}, key[2] = {12345, 0};
        uint64_t block[4];
        eap_philox4x64_10(ctr, key, block);
        assert_true(got[k] == ((double)(block[k % 4] >> 11) + 1.0) * 0x1.0p-53);
        assert_true(got[k] > 0 && got[k] <= 1);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* Asked for one by one, backwards, or in ranges that start anywhere inside a block, each
 * draw is the same. */
static void test_a_keyed_draw_does_not_depend_on_what_was_asked_before(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 9, 41);
    double all[40];
    eap__keyed_uniforms(e, STREAM_HARM, 0, 0, 40, all);
    for (uint64_t first = 0; first < 40; first++) {
        for (size_t n = 1; first + n <= 40; n += 7) {
            double part[40];
            eap__keyed_uniforms(e, STREAM_HARM, 0, first, n, part);
            assert_memory_equal(part, all + first, n * sizeof(double));
        }
    }
    for (uint64_t k = 40; k-- > 0;) {
        double one;
        eap__keyed_uniforms(e, STREAM_HARM, 0, k, 1, &one);
        assert_true(one == all[k]);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* Other parties, replications and seeds draw other numbers (no two of 40 draws agree). */
static void test_keyed_draws_differ_by_party_replication_and_seed(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 5, 6);
    double base[40], other[40];
    eap__keyed_uniforms(e, STREAM_HARM, 0, 0, 40, base);
    for (int variant = 0; variant < 3; variant++) {
        eap_engine_reset(e, variant == 2 ? 55 : 5, variant == 1 ? 66 : 6, NULL);
        eap__keyed_uniforms(e, STREAM_HARM, variant == 0 ? 1 : 0, 0, 40, other);
        for (size_t i = 0; i < 40; i++) {
            for (size_t j = 0; j < 40; j++) {
                assert_true(base[i] != other[j]);
            }
        }
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_keyed_draw_is_a_word_of_its_philox_block),
        cmocka_unit_test(test_a_keyed_draw_does_not_depend_on_what_was_asked_before),
        cmocka_unit_test(test_keyed_draws_differ_by_party_replication_and_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
