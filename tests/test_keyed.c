/* The engine's streams and keyed draws (a person's threshold) follow rng.h's layout under
 * the replication's key, whatever other streams were started or draws asked for before, in
 * whatever order and in whatever groups. The engine's own header is used, as these draws are
 * internal to it. */
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

static void test_a_keyed_draw_follows_the_layout(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 12345, 678);
    double got[10], want[10];
    eap__keyed_uniforms(e, STREAM_HARM, 2, 0, 10, got);
    struct eap_rng_key key;
    eap_rng_key_init(&key, 12345, 678);
    eap_rng_keyed_uniforms(&key, process_id(e, STREAM_HARM, 2), 0, 10, want);
    for (size_t k = 0; k < 10; k++) {
        assert_true(got[k] == want[k]);
        assert_true(got[k] > 0 && got[k] <= 1);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* The first words of process stream (kind, entity), started by the engine now. */
static void first_words(struct eap_engine *e, enum stream_kind kind, size_t entity, uint64_t *w)
{
    struct eap_rng *r = eap__process_stream(e, kind, entity);
    for (int i = 0; i < 4; i++) {
        w[i] = eap_rng_u64(r);
    }
}

/* Streams start on first use: a stream's numbers are those of eap_rng_init for its id,
 * whether it is started first, after others, or after a keyed draw made the replication's
 * key; and so again after a reset to another replication and back. */
static void test_a_stream_does_not_depend_on_which_started_before(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 31, 4);
    uint64_t alone[4], second[4], after_keyed[4], want[4], other[4];
    struct eap_rng r;
    eap_rng_init(&r, 31, 4, process_id(e, STREAM_HOP, 1));
    for (int i = 0; i < 4; i++) {
        want[i] = eap_rng_u64(&r);
    }
    first_words(e, STREAM_HOP, 1, alone);
    eap_engine_reset(e, 31, 5, NULL);
    first_words(e, STREAM_HOP, 0, other);
    eap_engine_reset(e, 31, 4, NULL);
    first_words(e, STREAM_HARM, 0, other);
    first_words(e, STREAM_HOP, 0, other);
    first_words(e, STREAM_HOP, 1, second);
    eap_engine_reset(e, 31, 4, NULL);
    double u;
    eap__keyed_uniforms(e, STREAM_HARM, 1, 3, 1, &u);
    first_words(e, STREAM_HOP, 1, after_keyed);
    assert_memory_equal(alone, want, sizeof(want));
    assert_memory_equal(second, want, sizeof(want));
    assert_memory_equal(after_keyed, want, sizeof(want));
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* An input of kind k whose stream this run has not used yet, or EAP_NONE. */
static int32_t untouched_input(const struct eap_engine *e, enum eap_dist_kind k)
{
    for (size_t i = 0; i < e->scn->input_count; i++) {
        if (e->scn->inputs[i].dist.kind == k && e->streams[i].epoch != e->st.epoch) {
            return (int32_t)i;
        }
    }
    return EAP_NONE;
}

/* An input's n draws in replication rep are eap_dist_sample's from its stream, and the
 * stream asked for then (as a fork's redraw asks) goes on from there. Returns whether the
 * first draw needed more than its first word. */
static bool check_input_draws(struct eap_engine *e, enum eap_dist_kind k, uint64_t rep, int n)
{
    eap_engine_reset(e, 31, rep, NULL);
    int32_t i = untouched_input(e, k);
    assert_int_not_equal(i, EAP_NONE);
    const struct eap_dist *d = &e->scn->inputs[i].dist;
    struct eap_rng r, peek;
    eap_rng_init(&r, 31, rep, e->streams[i].id);
    peek = r;
    double first;
    bool more = eap_dist_from_word(d) && !eap_dist_sample_word(d, eap_rng_u64(&peek), &first);
    for (int j = 0; j < n; j++) {
        double got = eap__draw(e, i), want = eap_dist_sample(d, &r);
        assert_memory_equal(&got, &want, sizeof(got));
    }
    assert_int_equal(eap_rng_u64(eap__input_stream(e, i)), eap_rng_u64(&r));
    return more;
}

/* Whether an input's stream starts whole (a PERT's draw needs many words) or in halves (a
 * triangular or lognormal draw mostly needs one), its draws are its stream's, drawn once,
 * twice or many times, and so when a lognormal's first word falls outside the ziggurat's
 * rectangles (2.8% of replications: some 11 of 400) and its draw needs the rest. */
static void test_an_input_draws_its_own_stream_however_it_started(void **state)
{
    (void)state;
    struct eap_scenario *s;
    struct eap_engine *e = engine(&s, 31, 0);
    const enum eap_dist_kind kinds[] = {EAP_DIST_TRIANGULAR, EAP_DIST_LOGNORMAL, EAP_DIST_PERT};
    const int draws[] = {1, 2, 3, 40};
    for (int k = 0; k < 3; k++) {
        for (int n = 0; n < 4; n++) {
            check_input_draws(e, kinds[k], (uint64_t)n, draws[n]);
        }
    }
    int needed_more = 0;
    for (uint64_t rep = 0; rep < 400; rep++) {
        needed_more += check_input_draws(e, EAP_DIST_LOGNORMAL, rep, 1 + (int)(rep % 3));
    }
    assert_true(needed_more > 0);
    eap_engine_destroy(e);
    eap_scenario_destroy(s);
}

/* Asked for one by one, backwards, or in ranges that start anywhere, each draw is the
 * same. */
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
        cmocka_unit_test(test_a_keyed_draw_follows_the_layout),
        cmocka_unit_test(test_a_stream_does_not_depend_on_which_started_before),
        cmocka_unit_test(test_an_input_draws_its_own_stream_however_it_started),
        cmocka_unit_test(test_a_keyed_draw_does_not_depend_on_what_was_asked_before),
        cmocka_unit_test(test_keyed_draws_differ_by_party_replication_and_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
