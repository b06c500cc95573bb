/* Studies as library calls (study.h): a comparison on common random numbers measures a
 * change that is there and none that is not; a sweep over a delay moves what depends on it
 * step by step, and stops between points when interrupted; sensitivity ranks an input that
 * cannot matter behind every one that does, with an effect of exactly 0; the data behind the
 * charts (histogram bars, curves) adds up; a study's result printed is the one its folder
 * holds, and a failure leaves no folder. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "test_scenarios.h"
#include "eapsim/loader.h"
#include "eapsim/study.h"
#include "eapsim/summary.h"

#define RUNS 400

/* The template of every batch here: seed 3, replications 0 .. runs - 1 on two threads. */
static struct eap_batch_spec spec(uint64_t runs, atomic_int *interrupt)
{
    return (struct eap_batch_spec){
        .seed = 3, .first = 0, .count = runs, .threads = 2, .interrupt = interrupt};
}

/* The metric with this role about the asset with this id (found by the scenario's data, not
 * by the metric's name). */
static size_t asset_metric(const struct eap_scenario *s, enum eap_metric_role role,
                           const char *asset)
{
    for (size_t i = 0; i < s->metric_count; i++) {
        const struct eap_metric_def *d = &s->metrics[i];
        if (d->role == role && d->subject >= 0 && strcmp(s->assets[d->subject].id, asset) == 0) {
            return i;
        }
    }
    fail_msg("no metric of role %d about %s", (int)role, asset);
    return 0;
}

/* --- threads ----------------------------------------------------------------------------- */

/* A study's default threads are the processors online, capped by the caller, never 0. */
static void test_default_threads_are_the_processors_online_capped(void **state)
{
    (void)state;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    assert_true(online >= 1); /* Linux always knows */
    assert_int_equal(eap_study_cores(100000), (unsigned)online);
    assert_int_equal(eap_study_cores(1), 1);
    assert_int_equal(eap_study_cores((unsigned)online + 1), (unsigned)online);
}

/* --- compare ----------------------------------------------------------------------------- */

/* With the memorandum of agreement, the request skips hops on its way to the drone, so the
 * drone is on scene sooner in (almost) every replication: the paired difference is negative
 * and its 95% interval stays below 0. */
static void test_compare_measures_a_faster_b_below_zero(void **state)
{
    (void)state;
    struct eap_scenario *a = load("benghazi-2012.json", NULL);
    struct eap_scenario *b = load("benghazi-2012.json", "request_chain/moa=true");
    struct eap_batch_spec t = spec(RUNS, NULL);
    struct eap_study_side sa = {a, NULL, NULL}, sb = {b, NULL, NULL};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_study_compare(&t, &sa, &sb, &st, &err));
    assert_int_equal(st.completed, RUNS);
    size_t m = asset_metric(a, EAP_METRIC_ON_SCENE, "isr_drone");
    struct eap_study_row *rows = calloc(st.metric_count, sizeof(*rows));
    assert_non_null(rows);
    eap_study_rows(&st, rows);
    const struct eap_metric_summary *d = &rows[m].diff;
    assert_true(d->count == RUNS);
    assert_true(d->mean < 0);
    assert_true(d->ci_lo < d->ci_hi && d->ci_hi < 0);
    /* the difference is B - A, replication by replication */
    assert_true(fabs(d->mean - (rows[m].b.mean - rows[m].a.mean)) < 1e-9);
    free(rows);
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(a);
    eap_scenario_destroy(b);
}

/* A scenario against itself: every paired difference is exactly 0 in every replication
 * (common random numbers), and side B cannot hold inputs fixed (the runner would drop them). */
static void test_compare_of_a_side_with_itself_is_exactly_zero(void **state)
{
    (void)state;
    struct eap_scenario *a = load("tripoli-2014.json", NULL);
    struct eap_batch_spec t = spec(300, NULL);
    struct eap_study_side sa = {a, NULL, NULL};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_study_compare(&t, &sa, &sa, &st, &err));
    for (size_t i = 0; i < st.metric_count; i++) {
        assert_int_equal(st.diff[i].missing, st.a[i].missing);
        if (st.diff[i].count > 0) {
            assert_int_equal(st.diff[i].min, 0);
            assert_int_equal(st.diff[i].max, 0);
        }
    }
    eap_batch_stats_finish(&st);
    double *fixed = calloc(a->input_count + 1, sizeof(double));
    assert_non_null(fixed);
    struct eap_study_side sb = {a, fixed, NULL};
    assert_false(eap_study_compare(&t, &sa, &sb, &st, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    free(fixed);
    eap_scenario_destroy(a);
}

/* --- sweeps ------------------------------------------------------------------------------ */

static void test_sweep_grid_is_parsed_and_bad_specs_refused(void **state)
{
    (void)state;
    struct eap_sweep sw = {0};
    struct eap_error err;
    assert_true(eap_sweep_add(&sw, "request_chain/hops/africom/delay=0:60:20 min", &err));
    assert_true(eap_sweep_add(&sw, "request_chain/moa=true,false", &err));
    assert_int_equal(eap_sweep_points(&sw), 8);
    assert_string_equal(eap_sweep_value(&sw, 0, 0), "0 min");
    assert_string_equal(eap_sweep_value(&sw, 5, 0), "40 min");
    assert_string_equal(eap_sweep_value(&sw, 5, 1), "false");
    const char *bad[] = {"x=1", "nopath", "p=0:60:0 min", "p=60:0:10", "p=0:1e9:1", "p=,"};
    /* a third dimension first, then bad specs: each refused, the grid left as it was */
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(eap_sweep_add(&sw, bad[i], &err));
        assert_true(strstr(err.msg, bad[i]) == err.msg);
    }
    assert_int_equal(sw.dim_count, 2);
    eap_sweep_finish(&sw);
    for (size_t i = 1; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(eap_sweep_add(&sw, bad[i], &err));
        assert_int_equal(err.code, EAP_EUSAGE);
        assert_int_equal(sw.dim_count, 0);
    }
    eap_sweep_finish(&sw);
}

struct stopper {
    atomic_int *flag;
    size_t stop_after, calls;
};

static void on_point(void *ctx, size_t done, size_t total)
{
    struct stopper *s = ctx;
    assert_true(done <= total);
    s->calls++;
    if (done == s->stop_after) {
        atomic_store(s->flag, 1);
    }
}

static void run_sweep(const char *spec_text, struct eap_sweep *sw, struct eap_sweep_run *r,
                      struct stopper *stop)
{
    char path[1024];
    struct eap_error err;
    struct eap_diag diag;
    eap_diag_init(&diag);
    assert_true(eap_sweep_add(sw, spec_text, &err));
    assert_true(eap_sweep_load(r, sw, scenario_path("benghazi-2012.json", path, sizeof(path)), NULL,
                               0, "--sweep", &diag, &err));
    eap_diag_finish(&diag);
    struct eap_batch_spec t = spec(RUNS, stop->flag);
    assert_true(eap_sweep_run(r, &t, on_point, stop, &err));
}

/* The AFRICOM hop lies on the drone's path to Benghazi and on nothing else: each 20 minutes
 * of its delay brings the drone 20 minutes later in every replication (the points share
 * their random numbers), and the curve rises by exactly that. */
static void test_sweep_over_a_delay_gives_a_monotone_curve(void **state)
{
    (void)state;
    atomic_int flag = 0;
    struct stopper stop = {&flag, 0, 0};
    struct eap_sweep sw = {0};
    struct eap_sweep_run r = {0};
    run_sweep("request_chain/hops/africom/delay=0:60:20 min", &sw, &r, &stop);
    assert_int_equal(r.done, 4);
    assert_false(r.partial);
    assert_int_equal(stop.calls, 4);
    size_t m = asset_metric(r.scns[0], EAP_METRIC_ON_SCENE, "isr_drone");
    struct eap_study_curves c;
    assert_true(eap_study_curves(&sw, r.stats, r.done, m, &c));
    assert_string_equal(c.x_unit, "minutes");
    assert_int_equal(c.count, 1);
    assert_int_equal(c.curves[0].points, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_true(c.curves[0].x[i] == 20.0 * (double)i);
        assert_true(c.curves[0].lo[i] < c.curves[0].y[i] && c.curves[0].y[i] < c.curves[0].hi[i]);
        if (i > 0) {
            assert_true(fabs(c.curves[0].y[i] - c.curves[0].y[i - 1] - 20.0) < 1e-6);
        }
    }
    eap_study_curves_finish(&c);
    eap_sweep_run_finish(&r);
    eap_sweep_finish(&sw);
}

/* An interrupt raised once the first point is done stops the sweep there: one point, marked
 * partial, and curves of one point. */
static void test_interrupted_sweep_keeps_the_points_that_ran(void **state)
{
    (void)state;
    atomic_int flag = 0;
    struct stopper stop = {&flag, 1, 0};
    struct eap_sweep sw = {0};
    struct eap_sweep_run r = {0};
    run_sweep("assets/isr_drone/readiness=0:90:30 min", &sw, &r, &stop);
    assert_int_equal(r.count, 4);
    assert_int_equal(r.done, 1);
    assert_true(r.partial);
    assert_int_equal(r.stats[0].completed, RUNS);
    eap_sweep_run_finish(&r);
    eap_sweep_finish(&sw);
}

/* A point whose value the scenario refuses stops the sweep before anything runs, with the
 * problem located and named by the label. */
static void test_a_bad_sweep_value_is_refused_at_load(void **state)
{
    (void)state;
    char path[1024];
    struct eap_sweep sw = {0};
    struct eap_sweep_run r = {0};
    struct eap_error err;
    struct eap_diag diag;
    eap_diag_init(&diag);
    assert_true(eap_sweep_add(&sw, "assets/isr_drone/readiness=1 h,fast", &err));
    assert_false(eap_sweep_load(&r, &sw, scenario_path("benghazi-2012.json", path, sizeof(path)),
                                NULL, 0, "--sweep", &diag, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_true(diag.count >= 1);
    assert_non_null(strstr(diag.items[0].file, "--sweep assets/isr_drone/readiness=fast"));
    eap_diag_finish(&diag);
    eap_sweep_run_finish(&r);
    eap_sweep_finish(&sw);
}

/* --- sensitivity ------------------------------------------------------------------------- */

/* The Marine FAST platoon flies to Tripoli, not Benghazi: its readiness cannot change when
 * the Benghazi survivors are safe. Held at either percentile, every replication is the
 * baseline's (common random numbers), so its effect and its index are exactly 0, and it ranks
 * behind every input that has an effect. The ranking is by decreasing |effect|. */
static void test_sensitivity_ranks_an_input_that_cannot_matter_behind_those_that_do(void **state)
{
    (void)state;
    struct eap_scenario *s = load("benghazi-2012.json", NULL);
    struct eap_batch_spec t = spec(200, NULL);
    long m = eap_metric_with_role(s->metrics, s->metric_count, EAP_METRIC_TIME_ALL_SAFE);
    assert_true(m >= 0);
    struct eap_sensitivity sn;
    struct eap_error err;
    assert_true(eap_sensitivity_run(&t, s, (size_t)m, &sn, &err));
    assert_true(sn.complete);
    assert_true(sn.count > 10);
    assert_true(sn.variance > 0);
    size_t fast = sn.count, last_nonzero = 0;
    for (size_t k = 0; k < sn.count; k++) {
        const struct eap_sensitivity_input *in = &sn.inputs[k];
        if (strcmp(in->name, "assets/fast_platoon/readiness") == 0) {
            fast = k;
        }
        if (in->effect != 0) {
            last_nonzero = k;
        }
        if (k > 0) {
            assert_true(fabs(in->effect) <= fabs(sn.inputs[k - 1].effect));
        }
        assert_true(in->first_order >= 0);
    }
    assert_true(fast < sn.count);
    assert_true(sn.inputs[fast].effect == 0.0);
    assert_true(sn.inputs[fast].at_low == sn.baseline && sn.inputs[fast].at_high == sn.baseline);
    assert_true(sn.inputs[fast].first_order == 0.0);
    assert_true(fast > last_nonzero);
    assert_true(sn.inputs[0].effect != 0 && sn.inputs[0].first_order > 0);
    assert_false(eap_sensitivity_flat(&sn));
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* Every Tripoli run has every survivor safe by the deadline (seed 1, 50 runs, and with any
 * input at either end): the study is flat, its indices unmeasurable, and the metric to
 * suggest instead is the time until every survivor is safe. */
static void test_a_metric_that_never_varies_makes_a_flat_study(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct eap_batch_spec t = spec(50, NULL);
    long m = eap_metric_with_role(s->metrics, s->metric_count, EAP_METRIC_SAFE_BY_DEADLINE);
    long time = eap_metric_with_role(s->metrics, s->metric_count, EAP_METRIC_TIME_ALL_SAFE);
    assert_true(m >= 0 && time >= 0);
    struct eap_sensitivity sn;
    struct eap_error err;
    assert_true(eap_sensitivity_run(&t, s, (size_t)m, &sn, &err));
    assert_true(sn.baseline == 1.0 && sn.variance == 0.0);
    assert_true(eap_sensitivity_flat(&sn));
    assert_true(isnan(sn.inputs[0].first_order));
    assert_int_equal(eap_sensitivity_better_metric(&sn), time);
    sn.metric = (size_t)time; /* a study of the time itself suggests the casualties */
    assert_int_equal(eap_sensitivity_better_metric(&sn),
                     eap_metric_with_role(s->metrics, s->metric_count, EAP_METRIC_CASUALTIES));
    sn.inputs[0].at_high = 0.98; /* one input's end moves it: not flat */
    assert_false(eap_sensitivity_flat(&sn));
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* The drone's arrival is a sum of durations (the hops of the request chain, its transit)
 * once the AFRICOM hop cannot lose the request (a lost request waits for a resend: a coin of
 * the run, not an input, whose variance no input's index can hold). Without interactions the
 * first-order indices of its inputs add up to about 1, the rest being the quadratic
 * approximation of each input's effect and sampling error. */
static void test_first_order_indices_of_an_additive_metric_add_up_to_about_one(void **state)
{
    (void)state;
    struct eap_scenario *s = load("benghazi-2012.json", "request_chain/hops/africom/lost/p=0");
    struct eap_batch_spec t = spec(1000, NULL);
    size_t m = asset_metric(s, EAP_METRIC_ON_SCENE, "isr_drone");
    struct eap_sensitivity sn;
    struct eap_error err;
    assert_true(eap_sensitivity_run(&t, s, m, &sn, &err));
    double sum = 0;
    for (size_t k = 0; k < sn.count; k++) {
        sum += sn.inputs[k].first_order;
    }
    if (!(sum > 0.8 && sum < 1.2)) {
        fail_msg("first-order indices add up to %g", sum);
    }
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* An interrupt before the study starts: nothing is measured, nothing ranked. */
static void test_interrupted_sensitivity_is_incomplete(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    atomic_int flag = 1;
    struct eap_batch_spec t = spec(100, &flag);
    struct eap_sensitivity sn;
    struct eap_error err;
    assert_true(eap_sensitivity_run(&t, s, 0, &sn, &err));
    assert_false(sn.complete);
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* Counts the replications run (per-run rows). */
static void count_row(void *ctx, uint64_t rep, const int64_t *values, const int64_t *vs)
{
    (void)rep, (void)values, (void)vs;
    (*(uint64_t *)ctx)++;
}

/* The drill's jets never reach the scene: ranking inputs by their arrival is refused once the
 * baseline shows it (EAP_EINPUT, the metric named), and none of the inputs' batches runs. */
static void test_sensitivity_refuses_a_metric_that_never_has_a_value(void **state)
{
    (void)state;
    struct eap_scenario *s = load_file("tests/data/exercise-drill.json", NULL);
    size_t m;
    struct eap_error err;
    assert_true(eap_study_metric(s, "on_scene/jets", &m, &err));
    uint64_t rows = 0;
    struct eap_batch_spec t = spec(50, NULL);
    t.on_row = count_row;
    t.row_ctx = &rows;
    struct eap_sensitivity sn;
    assert_false(eap_sensitivity_run(&t, s, m, &sn, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_non_null(strstr(err.msg, "\"on_scene/jets\": it has no value in any replication"));
    assert_true(sn.count > 0);
    assert_int_equal(rows, 50); /* the baseline's */
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* --- chart data -------------------------------------------------------------------------- */

/* The bars and the tails beyond them hold every value once, in whole runs, the mean and median
 * lie within the edges, the record is marked on a batch but not on a difference, and small
 * counts get a bar per whole number. */
static void test_histogram_bars_hold_every_value(void **state)
{
    (void)state;
    struct eap_scenario *s = load("benghazi-2012.json", NULL);
    struct eap_batch_spec t = spec(RUNS, NULL);
    struct eap_study_side side = {s, NULL, NULL};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_study_run(&t, &side, &st, &err));
    size_t drawn = 0, small_counts = 0;
    for (size_t i = 0; i < st.metric_count; i++) {
        struct eap_study_histogram h;
        if (!eap_study_draws(&st.defs[i], false) ||
            !eap_study_histogram(&st.defs[i], &st.a[i], false, &h)) {
            continue;
        }
        drawn++;
        double total = h.below + h.above;
        for (size_t b = 0; b < h.bins; b++) {
            total += h.counts[b];
            assert_true(h.edges[b] < h.edges[b + 1]);
            assert_true(h.counts[b] == floor(h.counts[b])); /* whole runs */
        }
        assert_true(total == (double)st.a[i].count && h.runs == st.a[i].count);
        assert_true(h.min <= h.edges[0] || h.below == 0);
        assert_true(h.mean >= h.edges[0] && h.mean <= h.edges[h.bins]);
        assert_int_equal(h.has_recorded, st.defs[i].has_recorded);
        if (st.defs[i].unit == EAP_MU_COUNT && st.a[i].max - st.a[i].min < EAP_STUDY_MAX_BINS) {
            assert_true(h.edges[1] - h.edges[0] == 1.0); /* a bar per whole number */
            small_counts++;
        }
        assert_true(eap_study_histogram(&st.defs[i], &st.a[i], true, &h));
        assert_false(h.has_recorded);
    }
    assert_true(drawn >= 4 && small_counts >= 1); /* casualties */
    struct eap_stat empty;
    eap_stat_init(&empty);
    struct eap_study_histogram h;
    assert_false(eap_study_histogram(&st.defs[0], &empty, false, &h));
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(s);
}

/* The headline outcomes of a sweep's table are found by role in any schema. */
static void test_sweep_row_finds_the_headline_outcomes_by_role(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct eap_batch_spec t = spec(100, NULL);
    struct eap_study_side side = {s, NULL, NULL};
    struct eap_batch_stats st;
    struct eap_error err;
    assert_true(eap_study_run(&t, &side, &st, &err));
    struct eap_metric_summary row[EAP_STUDY_SWEEP_COLUMNS];
    bool present[EAP_STUDY_SWEEP_COLUMNS];
    eap_study_sweep_row(&st, row, present);
    for (size_t k = 0; k < EAP_STUDY_SWEEP_COLUMNS; k++) {
        assert_true(present[k]);
        assert_int_equal(row[k].def->role, eap_study_sweep_roles[k]);
    }
    assert_true(row[1].flag && row[1].p >= 0 && row[1].p <= 1);
    eap_batch_stats_finish(&st);
    eap_scenario_destroy(s);
}

/* --- a study's result, printed and written (eap_study_out_report) ------------------------ */

/* A folder of the test's own under /tmp (tmp), and the path of an --out inside it (out). */
static void make_tmp(char tmp[64], char out[128])
{
    snprintf(tmp, 64, "/tmp/eap-study-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    snprintf(out, 128, "%s/out", tmp);
}

/* Removes dir and what it holds (a study's folder is one level of files, its parent two). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char path[1024];
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            if (unlink(path) != 0) {
                remove_tree(path);
            }
        }
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
}

/* The whole of file dir/name (free it); fails the test when it cannot be read. */
static char *read_text(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = calloc(1, 1 << 22);
    assert_non_null(text);
    assert_true(fread(text, 1, (1 << 22) - 1, f) < (1 << 22) - 1);
    fclose(f);
    return text;
}

/* Each of the named files is in dir and can be read. */
static void assert_files(const char *dir, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(read_text(dir, names[i]));
    }
}

/* The number of entries of dir, "." and ".." aside. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

/* What eap_study_out_report printed (free it), with a folder at dir unless NULL; fails the
 * test when the report fails. */
static char *report(struct eap_study_out *o, const char *dir, enum eap_format format,
                    const struct eap_study_result *r)
{
    char *printed = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&printed, &len);
    assert_non_null(f);
    struct eap_error err;
    assert_true(eap_study_out_report(o, dir, f, format, r, 1.5, &err));
    fclose(f);
    return printed;
}

/* A summary of 100 replications of Tripoli, for the writers. */
struct batch_result {
    struct eap_scenario *scn;
    struct eap_batch_stats stats;
    struct eap_batch_meta meta;
    struct eap_summary summary;
};

static void batch_result(struct batch_result *b)
{
    b->scn = load("tripoli-2014.json", NULL);
    struct eap_batch_spec t = spec(100, NULL);
    struct eap_study_side side = {b->scn, NULL, NULL};
    struct eap_error err;
    assert_true(eap_study_out_runs(NULL, NULL, &t, &side, NULL, &b->stats, &err)); /* no table */
    b->meta = (struct eap_batch_meta){.scenario_id = b->scn->id,
                                      .scenario_name = b->scn->name,
                                      .file = b->scn->file,
                                      .seed = 3,
                                      .runs = 100,
                                      .count = 100,
                                      .overrides = "",
                                      .vs_overrides = ""};
    b->summary =
        (struct eap_summary){&b->meta, EAP_SUMMARY_BATCH, NULL, &b->stats, 1, false, NULL, NULL};
}

static void batch_result_finish(struct batch_result *b)
{
    eap_batch_stats_finish(&b->stats);
    eap_scenario_destroy(b->scn);
}

/* The JSON printed is byte for byte the folder's summary.json, built once for both; the
 * folder holds the summary's other files and run-info.json, and the pictures' names went into
 * the caller's list. */
static void test_printed_summary_is_the_folders(void **state)
{
    (void)state;
    struct batch_result b;
    batch_result(&b);
    char tmp[64], out[128];
    make_tmp(tmp, out);
    struct eap_written written = {0};
    struct eap_study_out o = {.written = &written, .threads = 2};
    char *printed = report(&o, out, EAP_FORMAT_JSON, &(struct eap_study_result){&b.summary, NULL});
    char *json = read_text(out, "summary.json");
    assert_string_equal(printed, json);
    const char *files[] = {"summary.csv", "state.json", "index.html", "run-info.json"};
    assert_files(out, files, sizeof(files) / sizeof(files[0]));
    bool histogram = false;
    for (size_t i = 0; i < written.count; i++) {
        histogram = histogram || strncmp(written.names[i], "hist-", 5) == 0;
    }
    assert_true(histogram);
    free(json);
    free(printed);
    eap_written_finish(&written);
    remove_tree(tmp);
    batch_result_finish(&b);
}

/* Without a folder the batch runs alone; with one (begun at dir by the run) its per-run table
 * streams there, the same statistics, and the report completes the folder: runs.csv has a
 * header and a row per replication beside the summary. */
static void test_per_run_rows_land_in_the_folder_with_the_summary(void **state)
{
    (void)state;
    struct batch_result b;
    batch_result(&b);
    atomic_int flag = 0;
    struct eap_batch_spec t = spec(100, &flag);
    struct eap_study_side side = {b.scn, NULL, NULL};
    struct eap_batch_stats with;
    struct eap_error err;
    char tmp[64], out[128];
    make_tmp(tmp, out);
    struct eap_study_out o = {.threads = 2};
    assert_true(eap_study_out_runs(&o, out, &t, &side, NULL, &with, &err));
    assert_int_equal(entries(tmp), 1); /* the folder, still temporary */
    assert_int_equal(with.completed, b.stats.completed);
    for (size_t i = 0; i < with.metric_count; i++) { /* the same replications */
        const struct eap_stat *x = &with.a[i], *y = &b.stats.a[i];
        assert_true(x->count == y->count && x->missing == y->missing);
        assert_true(x->count == 0 ||
                    (x->min == y->min && x->max == y->max && eap_stat_mean(x) == eap_stat_mean(y)));
    }
    struct eap_summary sum = b.summary;
    sum.points = &with;
    free(report(&o, out, EAP_FORMAT_TEXT, &(struct eap_study_result){&sum, NULL}));
    char *csv = read_text(out, "runs.csv");
    size_t lines = 0;
    for (const char *c = csv; *c; c++) {
        lines += *c == '\n';
    }
    assert_int_equal(lines, 101);
    free(csv);
    eap_batch_stats_finish(&with);
    remove_tree(tmp);
    batch_result_finish(&b);
}

/* A stream that cannot be written (a full disk) fails the report with EAP_EIO before any
 * folder is made, and a folder begun already (a per-run table in it) is abandoned: nothing is
 * left beside the target. */
static void test_an_unwritable_stream_leaves_no_folder(void **state)
{
    (void)state;
    struct batch_result b;
    batch_result(&b);
    char tmp[64], out[128];
    make_tmp(tmp, out);
    FILE *full = fopen("/dev/full", "w");
    assert_non_null(full);
    struct eap_study_result r = {&b.summary, NULL};
    struct eap_written written = {0};
    struct eap_error err;
    for (int begun = 0; begun < 2; begun++) {
        struct eap_study_out o = {.written = &written, .threads = 1};
        assert_true(!begun || eap_study_out_begin(&o, out, &err));
        assert_int_equal(entries(tmp), begun);
        assert_false(eap_study_out_report(&o, out, full, EAP_FORMAT_TEXT, &r, 0, &err));
        assert_int_equal(err.code, EAP_EIO);
        assert_non_null(strstr(err.msg, "cannot write the summary"));
        assert_int_equal(entries(tmp), 0);
    }
    fclose(full);
    eap_written_finish(&written);
    remove_tree(tmp);
    batch_result_finish(&b);
}

/* A sensitivity study's ranking: the CSV printed is the folder's sensitivity.csv, beside its
 * JSON, the tornado chart and the page; without a folder only the printing happens. */
static void test_printed_ranking_is_the_folders(void **state)
{
    (void)state;
    struct eap_scenario *s = load("tripoli-2014.json", NULL);
    struct eap_batch_spec t = spec(20, NULL);
    struct eap_sensitivity sn;
    struct eap_error err;
    assert_true(eap_sensitivity_run(&t, s, 0, &sn, &err));
    char tmp[64], out[128];
    make_tmp(tmp, out);
    struct eap_study_result r = {NULL, &sn};
    struct eap_written written = {0};
    for (int with_dir = 0; with_dir < 2; with_dir++) {
        struct eap_study_out o = {.written = &written, .threads = 2};
        char *printed = report(&o, with_dir ? out : NULL, EAP_FORMAT_CSV, &r);
        assert_int_equal(entries(tmp), with_dir);
        char *csv = with_dir ? read_text(out, "sensitivity.csv") : eap_sensitivity_csv(&sn);
        assert_string_equal(printed, csv);
        free(csv);
        free(printed);
    }
    const char *files[] = {"sensitivity.json", "tornado.svg", "index.html", "run-info.json"};
    assert_files(out, files, sizeof(files) / sizeof(files[0]));
    eap_written_finish(&written);
    remove_tree(tmp);
    eap_sensitivity_finish(&sn);
    eap_scenario_destroy(s);
}

/* --- inputs in words ------------------------------------------------------------------- */

/* An input is named by its owner's name and what it is, whether the path has ids (as --set
 * and --sweep take it) or indices; a sweep's dimensions take those names. */
static void test_an_input_path_with_ids_is_named_like_its_indexed_path(void **state)
{
    (void)state;
    struct eap_scenario *s = load("benghazi-2012.json", NULL);
    const struct eap_input *in = eap_study_input_at(s, "request_chain/hops/africom/delay");
    assert_non_null(in);
    assert_ptr_equal(eap_study_input_at(s, in->path), in);
    char by_id[EAP_PATH_MAX], by_index[EAP_PATH_MAX], want[EAP_PATH_MAX];
    eap_study_input_label(s, "request_chain/hops/africom/delay", by_id, sizeof(by_id));
    eap_study_input_label(s, in->path, by_index, sizeof(by_index));
    assert_string_equal(by_id, by_index);
    size_t hop = 0;
    while (hop < s->chain.hop_count && strcmp(s->chain.hops[hop].id, "africom") != 0) {
        hop++;
    }
    assert_true(hop > 0 && hop < s->chain.hop_count); /* not the first step's name */
    snprintf(want, sizeof(want), "Request chain step \"%s\": delay", s->chain.hops[hop].name);
    assert_string_equal(by_id, want);

    eap_study_input_label(s, "/request_chain/moa", by_id, sizeof(by_id));
    assert_string_equal(by_id, "Memorandum of agreement in the request chain");
    assert_null(eap_study_input_at(s, "assets/no_such_asset/readiness"));

    struct eap_sweep sw = {0};
    struct eap_error err;
    assert_true(eap_sweep_add(&sw, "request_chain/hops/africom/delay=0:30:15 min", &err));
    assert_string_equal(sw.dims[0].label, "request_chain/hops/africom/delay");
    eap_sweep_name(&sw, s);
    assert_string_equal(sw.dims[0].label, want);
    eap_sweep_finish(&sw);
    eap_scenario_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_threads_are_the_processors_online_capped),
        cmocka_unit_test(test_compare_measures_a_faster_b_below_zero),
        cmocka_unit_test(test_compare_of_a_side_with_itself_is_exactly_zero),
        cmocka_unit_test(test_sweep_grid_is_parsed_and_bad_specs_refused),
        cmocka_unit_test(test_sweep_over_a_delay_gives_a_monotone_curve),
        cmocka_unit_test(test_interrupted_sweep_keeps_the_points_that_ran),
        cmocka_unit_test(test_a_bad_sweep_value_is_refused_at_load),
        cmocka_unit_test(test_sensitivity_ranks_an_input_that_cannot_matter_behind_those_that_do),
        cmocka_unit_test(test_first_order_indices_of_an_additive_metric_add_up_to_about_one),
        cmocka_unit_test(test_interrupted_sensitivity_is_incomplete),
        cmocka_unit_test(test_sensitivity_refuses_a_metric_that_never_has_a_value),
        cmocka_unit_test(test_a_metric_that_never_varies_makes_a_flat_study),
        cmocka_unit_test(test_histogram_bars_hold_every_value),
        cmocka_unit_test(test_sweep_row_finds_the_headline_outcomes_by_role),
        cmocka_unit_test(test_an_input_path_with_ids_is_named_like_its_indexed_path),
        cmocka_unit_test(test_printed_summary_is_the_folders),
        cmocka_unit_test(test_per_run_rows_land_in_the_folder_with_the_summary),
        cmocka_unit_test(test_an_unwritable_stream_leaves_no_folder),
        cmocka_unit_test(test_printed_ranking_is_the_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
