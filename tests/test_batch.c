/* Batches: the same statistics bit for bit whatever the threads or the split into shards;
 * per-run rows in replication order; paired comparisons on common random numbers; clean
 * interruption; the state file's round trip. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "test_scenarios.h"
#include "eapsim/batch.h"
#include "eapsim/loader.h"
#include "eapsim/units.h"

static char *state_of(const struct eap_batch_stats *st, uint64_t first, uint64_t count)
{
    struct eap_batch_meta meta = {"s", "n", "f", 42,   9,    5000, first, count,
                                  "",  "",  "",  NULL, NULL, NULL, NULL,  NULL};
    char *text = eap_batch_state_to_json(&meta, st);
    assert_non_null(text);
    return text;
}

static void run(const struct eap_scenario *s, const struct eap_scenario *vs, unsigned threads,
                uint64_t first, uint64_t count, struct eap_batch_stats *out)
{
    struct eap_batch_spec spec = {
        .scn = s, .vs = vs, .seed = 9, .first = first, .count = count, .threads = threads};
    struct eap_error err;
    assert_true(eap_batch_run(&spec, out, &err));
    assert_int_equal(out->completed, count);
}

static void test_threads_do_not_change_a_bit(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct eap_batch_stats one, four;
    run(s, NULL, 1, 0, 5000, &one);
    run(s, NULL, 4, 0, 5000, &four);
    char *a = state_of(&one, 0, 5000), *b = state_of(&four, 0, 5000);
    assert_string_equal(a, b);
    /* and the run did something: the convoy's duration varies */
    size_t i = 0;
    while (strcmp(one.defs[i].name, "convoy_duration/evac") != 0) {
        i++;
    }
    assert_true(eap_stat_sd(&one.a[i]) > 0);
    free(a);
    free(b);
    eap_batch_stats_finish(&one);
    eap_batch_stats_finish(&four);
    eap_scenario_destroy(s);
}

static void test_shards_merge_to_the_whole(void **state)
{
    (void)state;
    struct eap_scenario *s = load("benghazi-2012.json", NULL);
    struct eap_batch_stats whole, parts[3];
    struct eap_error err;
    run(s, NULL, 2, 0, 3000, &whole);
    uint64_t covered = 0;
    for (uint64_t k = 0; k < 3; k++) {
        uint64_t first, count;
        eap_batch_shard_range(3000, k, 3, &first, &count);
        assert_int_equal(first, covered);
        assert_int_equal(first % EAP_BATCH_BLOCK, 0);
        covered += count;
        run(s, NULL, 1 + (unsigned)k, first, count, &parts[k]);
    }
    assert_int_equal(covered, 3000);
    /* merge in a different order than they ran */
    assert_true(eap_batch_stats_merge(&parts[2], &parts[0], &err));
    assert_true(eap_batch_stats_merge(&parts[2], &parts[1], &err));
    char *a = state_of(&whole, 0, 3000), *b = state_of(&parts[2], 0, 3000);
    assert_string_equal(a, b);
    free(a);
    free(b);
    eap_batch_stats_finish(&whole);
    for (int k = 0; k < 3; k++) {
        eap_batch_stats_finish(&parts[k]);
    }
    eap_scenario_destroy(s);
}

/* Shards tile the replications in whole blocks, in order, each within one block of its fair
 * share, for any count of shards: also where blocks * k passes 64 bits (runs near 2^64 and
 * more than 2^32 shards), which a naive product would wrap. */
static void check_tiling(uint64_t runs, uint64_t n, const uint64_t *ks, size_t nk)
{
    uint64_t blocks = runs / EAP_BATCH_BLOCK + (runs % EAP_BATCH_BLOCK != 0);
    uint64_t fair = blocks / n; /* each shard holds fair or fair + 1 blocks */
    for (size_t i = 0; i < nk; i++) {
        uint64_t k = ks[i], first, count, next_first, next_count;
        eap_batch_shard_range(runs, k, n, &first, &count);
        uint64_t held = count / EAP_BATCH_BLOCK + (count % EAP_BATCH_BLOCK != 0);
        assert_int_equal(first % EAP_BATCH_BLOCK, 0);
        assert_true(held == fair || held == fair + 1);
        if (k + 1 < n) {
            eap_batch_shard_range(runs, k + 1, n, &next_first, &next_count);
            assert_true(first + count == next_first);
        } else {
            assert_true(first + count == runs);
        }
    }
    uint64_t first, count;
    eap_batch_shard_range(runs, 0, n, &first, &count);
    assert_int_equal(first, 0);
}

static void test_shard_ranges_tile_without_overflow(void **state)
{
    (void)state;
    const uint64_t few[] = {0, 1, 2};
    check_tiling(3000, 3, few, 3);
    const uint64_t huge_n = (UINT64_C(1) << 40) + 7;
    const uint64_t ks[] = {0, 1, 12345678901, huge_n / 2, huge_n - 2, huge_n - 1};
    check_tiling(UINT64_MAX, huge_n, ks, 6);
    check_tiling(UINT64_MAX - 100, 3, few, 3);
    /* blocks * k just past 2^64: 2^56 blocks and k near 2^8 of 2^8 + 1 shards. */
    const uint64_t ks2[] = {0, 255, 256};
    check_tiling(UINT64_C(1) << 63, 257, ks2, 3);
    /* The middle shard of three of 2^63 replications starts at a third, in whole blocks. */
    uint64_t first, count;
    eap_batch_shard_range(UINT64_C(1) << 63, 1, 3, &first, &count);
    assert_true(first == ((UINT64_C(1) << 55) / 3) * EAP_BATCH_BLOCK);
}

struct rows {
    uint64_t next;
    bool in_order;
    size_t n;
    double sum;
    atomic_int *stop_after;
    uint64_t stop_at;
};

static void on_row(void *ctx, uint64_t rep, const int64_t *values, const int64_t *vs)
{
    struct rows *r = ctx;
    (void)vs;
    r->in_order &= rep == r->next;
    r->next = rep + 1;
    r->sum += (double)values[2]; /* exposure */
    r->n++;
    if (r->stop_after && rep == r->stop_at) {
        atomic_store(r->stop_after, 1);
    }
}

static void test_per_run_rows_come_in_order(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct rows r1 = {100, true, 0, 0, NULL, 0}, r4 = {100, true, 0, 0, NULL, 0};
    struct eap_batch_stats a, b;
    struct eap_error err;
    struct eap_batch_spec spec = {.scn = s,
                                  .seed = 9,
                                  .first = 100,
                                  .count = 3000,
                                  .threads = 1,
                                  .on_row = on_row,
                                  .row_ctx = &r1};
    assert_true(eap_batch_run(&spec, &a, &err));
    spec.threads = 4;
    spec.row_ctx = &r4;
    assert_true(eap_batch_run(&spec, &b, &err));
    assert_true(r1.in_order && r4.in_order);
    assert_int_equal(r1.n, 3000);
    assert_int_equal(r4.n, 3000);
    assert_true(r1.sum == r4.sum);
    eap_batch_stats_finish(&a);
    eap_batch_stats_finish(&b);
    eap_scenario_destroy(s);
}

static void test_paired_comparison_uses_common_random_numbers(void **state)
{
    (void)state;
    struct eap_scenario *a = load("benghazi-2012.json", NULL);
    struct eap_scenario *same = load("benghazi-2012.json", NULL);
    struct eap_batch_stats st;
    run(a, same, 2, 0, 2000, &st);
    /* a scenario against itself: every paired difference is exactly zero */
    for (size_t i = 0; i < st.metric_count; i++) {
        if (st.diff[i].count > 0) {
            assert_int_equal(st.diff[i].min, 0);
            assert_int_equal(st.diff[i].max, 0);
        }
    }
    eap_batch_stats_finish(&st);
    /* A memorandum of agreement saves 9 min on the chain: in every replication */
    struct eap_scenario *moa = load("benghazi-2012.json", "request_chain/moa=true");
    run(a, moa, 2, 0, 2000, &st);
    size_t k = 0;
    while (strcmp(st.defs[k].name, "milestone/drone_tasked") != 0) {
        k++;
    }
    assert_true(st.diff[k].count == 2000);
    assert_true(st.diff[k].max < 0); /* always sooner */
    /* The Tripoli team's readiness, flight and hold at Benina are drawn alike on both sides of
     * a replication; only the embassy hop differs. So the paired difference of its arrival at
     * the annex (sd a few minutes) is far tighter than either side's spread (about an hour). */
    size_t o = 0;
    while (strcmp(st.defs[o].name, "milestone/team_at_annex") != 0) {
        o++;
    }
    assert_true(eap_stat_sd(&st.diff[o]) < 0.2 * eap_stat_sd(&st.a[o]));
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(a);
    eap_scenario_destroy(same);
    eap_scenario_destroy(moa);
}

static void test_interrupt_stops_between_blocks(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    atomic_int stop = 0;
    struct rows r = {0, true, 0, 0, &stop, 600};
    struct eap_batch_spec spec = {.scn = s,
                                  .seed = 9,
                                  .first = 0,
                                  .count = 100000,
                                  .threads = 2,
                                  .on_row = on_row,
                                  .row_ctx = &r,
                                  .interrupt = &stop};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_batch_run(&spec, &st, &err));
    assert_true(st.completed < 100000);
    assert_true(st.completed >= 601);
    assert_int_equal(st.completed % EAP_BATCH_BLOCK, 0); /* whole blocks only */
    assert_true(r.in_order);
    assert_int_equal(st.a[0].count + st.a[0].missing, st.completed);
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(s);
}

/* text with the first `from` after `after` replaced by `to`; the caller frees it. */
static char *tamper(const char *text, const char *after, const char *from, const char *to)
{
    const char *at = strstr(text, after);
    assert_non_null(at);
    at = strstr(at, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)head, text, to, at + strlen(from));
    return out;
}

static void test_state_round_trip_and_refusals(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct eap_batch_stats st, back;
    run(s, NULL, 2, 0, 700, &st);
    char *text = state_of(&st, 0, 700), *keep = NULL;
    struct eap_batch_meta meta;
    struct eap_error err;
    assert_true(eap_batch_state_from_json("t.json", text, &meta, &back, &keep, &err));
    assert_int_equal(meta.fingerprint, 42);
    assert_int_equal(meta.runs, 5000);
    char *again = state_of(&back, 0, 700);
    assert_string_equal(text, again);
    free(again);
    free(keep);
    eap_batch_stats_finish(&back);
    const char *bad[] = {"", "[]", "{\"eapsim_batch_state\": 2}", "{\"eapsim_batch_state\": 1}",
                         "{\"eapsim_batch_state\": 4}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        eap_error_clear(&err);
        assert_false(eap_batch_state_from_json("t.json", bad[i], &meta, &back, &keep, &err));
        assert_true(err.msg[0] != '\0');
        assert_string_equal(err.file, "t.json");
    }
    /* a state from a later eapsim is refused naming its version */
    assert_non_null(strstr(err.msg, "batch state version 4"));
    /* a count that does not add up */
    char *tampered = strdup(text);
    char *c = strstr(tampered, "\"completed\":700");
    assert_non_null(c);
    memcpy(c, "\"completed\":600", 15);
    assert_false(eap_batch_state_from_json("t.json", tampered, &meta, &back, &keep, &err));
    assert_non_null(strstr(err.msg, "add up"));
    free(tampered);
    /* crafted states: each refused with the field named */
    const struct {
        const char *after, *from, *to, *path, *msg;
    } crafted[] = {
        {"{", "\"seed\":9", "\"seed\":\"99999999999999999999\"", "/seed", "64-bit"},
        {"{", "\"seed\":9", "\"seed\":\" 9\"", "/seed", "integer"},
        {"{", "\"seed\":9", "\"seed\":\"+9\"", "/seed", "integer"},
        {"{", "\"seed\":9", "\"seed\":-9", "/seed", "integer"},
        {"{", "\"seed\":9", "\"seed\":9.5", "/seed", "integer"},
        {"{", "\"fingerprint\":\"000000000000002a\"", "\"fingerprint\":\"\"", "/fingerprint",
         "hexadecimal"},
        {"{", "\"first\":0", "\"first\":4900", "/count", "past"},
        {"\"name\":\"casualties\"", "\"unit\":\"count\"", "\"unit\":\"count\",\"recorded\":5",
         "/metrics/1", "only a duration metric"},
        {"\"name\":\"casualties\"", "\"role\":\"casualties\"", "\"role\":\"casualtys\"",
         "/metrics/1", "role"},
        {"\"name\":\"casualties\"", "\"subject\":-1", "\"subject\":0.5", "/metrics/1", "subject"},
        {"\"name\":\"casualties\"", "\"missing\":0", "\"missing\":1", "/metrics/1/a", "add up"},
    };
    for (size_t i = 0; i < sizeof(crafted) / sizeof(crafted[0]); i++) {
        tampered = tamper(text, crafted[i].after, crafted[i].from, crafted[i].to);
        eap_error_clear(&err);
        assert_false(eap_batch_state_from_json("t.json", tampered, &meta, &back, &keep, &err));
        if (strcmp(err.path, crafted[i].path) != 0 || !strstr(err.msg, crafted[i].msg)) {
            fail_msg("crafted state %zu: error at \"%s\": %s", i, err.path, err.msg);
        }
        free(tampered);
    }
    free(text);
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(s);
}

/* The whole of a file under tests/; free with free(). */
static char *read_test_file(const char *name)
{
    char path[1024];
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/tests/%s", root ? root : ".", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = calloc(1, 1 << 20);
    assert_non_null(text);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    assert_true(n > 0 && feof(f));
    fclose(f);
    return text;
}

/* A state file written by eapsim before the metric schema (version 1: integers as strings,
 * no roles) still reads: each metric gets its role from its name, and with it the flags the
 * outputs depend on; written again it is a version 3 state that reads back the same. */
static void test_version_1_state_still_reads(void **state)
{
    (void)state;
    char *text = read_test_file("data/state-v1/shard1.json"), *keep = NULL, *keep2 = NULL;
    struct eap_batch_meta meta;
    struct eap_batch_stats st, again;
    struct eap_error err;
    if (!eap_batch_state_from_json("shard1.json", text, &meta, &st, &keep, &err)) {
        fail_msg("%s: %s", err.path, err.msg);
    }
    assert_int_equal(meta.seed, 5);
    assert_int_equal(meta.runs, 600);
    assert_int_equal(st.completed, 256);
    size_t milestones = 0;
    for (size_t i = 0; i < st.metric_count; i++) {
        const struct eap_metric_def *d = &st.defs[i];
        milestones += d->role == EAP_METRIC_MILESTONE && d->has_recorded && d->pictured;
        assert_int_equal(d->subject, -1);
    }
    assert_int_equal(st.defs[0].role, EAP_METRIC_TIME_ALL_SAFE);
    assert_true(st.defs[0].pictured && st.defs[0].from_start);
    assert_int_equal(st.defs[4].role, EAP_METRIC_SAFE_BY_DEADLINE);
    assert_true(milestones >= 2);
    char *v2 = eap_batch_state_to_json(&meta, &st);
    assert_non_null(strstr(v2, "\"eapsim_batch_state\":3"));
    assert_true(eap_batch_state_from_json("v2.json", v2, &meta, &again, &keep2, &err));
    char *v2b = eap_batch_state_to_json(&meta, &again);
    assert_string_equal(v2, v2b);
    free(v2);
    free(v2b);
    free(keep);
    free(keep2);
    free(text);
    eap_batch_stats_finish(&st);
    eap_batch_stats_finish(&again);
}

static void test_fixed_inputs_equal_an_override(void **state)
{
    (void)state;
    /* Holding an input at a value (as sensitivity does) is the same as setting it. */
    struct eap_scenario *s = load("benghazi-2012.json", NULL);
    struct eap_scenario *set = load("benghazi-2012.json", "assets/isr_drone/speed=\"100 kn\"");
    size_t in = 0;
    while (strcmp(s->inputs[in].path, "/assets/1/speed") != 0) {
        in++;
    }
    double *fixed = malloc(s->input_count * sizeof(double));
    for (size_t i = 0; i < s->input_count; i++) {
        fixed[i] = NAN;
    }
    fixed[in] = 100 * EAP_MPS_PER_KN; /* exactly as the units parser computes "100 kn" */
    struct eap_batch_spec spec = {
        .scn = s, .seed = 9, .count = 1000, .threads = 2, .fixed_inputs = fixed};
    struct eap_batch_stats a, b;
    struct eap_error err;
    assert_true(eap_batch_run(&spec, &a, &err));
    run(set, NULL, 2, 0, 1000, &b);
    char *ta = state_of(&a, 0, 1000), *tb = state_of(&b, 0, 1000);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    free(fixed);
    eap_batch_stats_finish(&a);
    eap_batch_stats_finish(&b);
    eap_scenario_destroy(s);
    eap_scenario_destroy(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_do_not_change_a_bit),
        cmocka_unit_test(test_shards_merge_to_the_whole),
        cmocka_unit_test(test_shard_ranges_tile_without_overflow),
        cmocka_unit_test(test_per_run_rows_come_in_order),
        cmocka_unit_test(test_paired_comparison_uses_common_random_numbers),
        cmocka_unit_test(test_interrupt_stops_between_blocks),
        cmocka_unit_test(test_state_round_trip_and_refusals),
        cmocka_unit_test(test_version_1_state_still_reads),
        cmocka_unit_test(test_fixed_inputs_equal_an_override),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
