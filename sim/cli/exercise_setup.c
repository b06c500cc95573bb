/*
 * An exercise session set up and closed, for the terminal (cmd_exercise.c) and the window
 * (cmd_view_exercise.c) alike: the exercise's options, the scenario (from its file, or with
 * the overrides of a log being resumed or replayed), the session (fresh, resumed, or fresh
 * for a log replayed), prepared answers checked against the run before anything is written,
 * and what a session leaves: the log, the run's report (--trace) and the after-action report
 * (--aar).
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_exercise.h"
#include "eap_config.h"
#include "eapsim/aar.h"
#include "eapsim/atomic.h"
#include "eapsim/report.h"
#include "eapsim/study.h"

#define MAX_FILE ((size_t)16 << 20)

/* --- the command line --- */

static bool parse_pace(const char *text, struct ex_args *a)
{
    char *end;
    snprintf(a->pace_text, sizeof(a->pace_text), "%s", text);
    if (strcmp(text, "step") == 0 || strcmp(text, "max") == 0) {
        a->pace = text[0] == 's' ? EX_PACE_STEP : EX_PACE_MAX;
        return true;
    }
    a->pace = EX_PACE_RATE;
    a->rate = strcmp(text, "realtime") == 0 ? 1 : strtod(text, &end);
    if (strcmp(text, "realtime") == 0 ||
        (end != text && strcmp(end, "x") == 0 && a->rate > 0 && a->rate <= 1e6)) {
        return true;
    }
    cli_error("--pace: expected 60x (simulated seconds per second, up to 1000000x), realtime, "
              "step or max, found \"%s\"",
              text);
    return false;
}

int ex_take_option(struct ex_args *a, int c, const char *arg)
{
    switch (c) {
    case EX_OPT_LOG:
        a->log = arg;
        return 1;
    case EX_OPT_AAR:
        a->aar = arg;
        return 1;
    case EX_OPT_ANSWERS:
        a->answers = arg;
        return 1;
    case EX_OPT_REPLAY_LOG:
        a->replay_log = arg;
        return 1;
    case EX_OPT_RESUME:
        a->resume = arg;
        return 1;
    case EX_OPT_TRACE:
        a->trace = arg;
        return 1;
    case EX_OPT_PACE:
        a->pace_given = true;
        return parse_pace(arg, a) ? 1 : -1;
    case EX_OPT_RUNS:
        return cli_parse_u64("--runs", arg, &a->runs) ? 1 : -1;
    case EX_OPT_THREADS: {
        uint64_t k;
        if (!cli_parse_u64("--threads", arg, &k) || k == 0 || k > 1024) {
            cli_error("--threads: expected 1 to 1024");
            return -1;
        }
        a->threads = (unsigned)k;
        return 1;
    }
    default:
        return 0;
    }
}

void ex_args_init(struct ex_args *a)
{
    memset(a, 0, sizeof(*a));
    cli_run_options_init(&a->run);
    parse_pace("60x", a);
    a->runs = 1000;
    a->threads = eap_study_cores(1024);
}

/* Options that cannot go together, named. */
const char *ex_conflict(const struct ex_args *a)
{
    bool from_log = a->replay_log || a->resume;
    if (a->replay_log && a->resume) {
        return "--replay-log and --resume: a log is either played back or continued";
    }
    if (a->replay_log && (a->answers || a->log)) {
        return "--replay-log plays every choice as the log has it and writes no log: leave out "
               "--answers and --log";
    }
    if (from_log && (a->run.replay || a->run.sampling || a->run.sets.count)) {
        return "the seed, the run and the overrides come from the log: leave out --seed, "
               "--replication, --replay and --set with --replay-log or --resume";
    }
    if (a->runs == 0 || a->runs > 100000000) {
        return "--runs: expected 1 to 100000000 replications per option";
    }
    return NULL;
}

/* --- reading files --- */

/* The whole of a small text file (free with free()), or NULL with the reason printed. */
static char *slurp(const char *option, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("%s %s: cannot open: %s", option, path, strerror(errno));
        return NULL;
    }
    char *text = malloc(MAX_FILE + 1);
    size_t n = text ? fread(text, 1, MAX_FILE + 1, f) : 0;
    bool bad = ferror(f) || n > MAX_FILE;
    fclose(f);
    if (!text || bad) {
        cli_error("%s %s: %s", option, path,
                  !text          ? "out of memory"
                  : n > MAX_FILE ? "larger than 16 MB: not read"
                                 : "cannot be read");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

static void print_error(const struct eap_error *err)
{
    char line[1200];
    eap_error_format(err, line, sizeof(line));
    fprintf(stderr, "%s\n", line);
}

/* --- setting the session up --- */

/* A log to resume or replay: read, its overrides applied to the scenario, matched with it. */
static int load_from_log(struct ex_setup *u, const char *option, const char *path)
{
    size_t len;
    char *text = slurp(option, path, &len);
    if (!text) {
        return EXIT_USAGE;
    }
    struct eap_error err;
    u->log = eap_exercise_log_parse(path, text, len, &err);
    free(text);
    if (!u->log) {
        print_error(&err);
        return EXIT_USAGE;
    }
    size_t n;
    const char *const *ovr = eap_exercise_log_overrides(u->log, &n);
    for (size_t i = 0; i < n; i++) {
        if (!cli_sets_add(&u->a->run.sets, ovr[i])) {
            return EXIT_USAGE;
        }
    }
    u->scn = cli_load(u->a->file, &u->a->run.sets);
    if (!u->scn) {
        return EXIT_USAGE;
    }
    if (!cli_fingerprint(u->a->file, &u->a->run.sets, NULL, &u->fingerprint, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    if (!eap_exercise_log_record(u->log, u->scn, u->fingerprint, &u->rec, &err)) {
        print_error(&err);
        return EXIT_USAGE;
    }
    return 0;
}

/* The setup of a fresh session, with the overrides as they were given. */
static void fresh_setup(const struct ex_setup *u, struct eap_exercise_setup *s, const char **ovr,
                        char *started, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(started, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const struct cli_sets *sets = &u->a->run.sets;
    for (size_t i = 0; i < sets->count; i++) {
        ovr[i] = sets->items[i].origin;
    }
    *s = (struct eap_exercise_setup){
        u->scn,           u->fingerprint, u->a->run.seed, u->a->run.replication,
        u->a->run.replay, started,        EAP_VERSION,    ovr,
        sets->count};
}

/* The session: resumed from the log, or fresh (a replayed log starts fresh too, after the
 * log has been checked against the run). */
static int open_session(struct ex_setup *u, struct ex_run *r)
{
    struct eap_error err;
    if (u->a->resume || u->a->replay_log) {
        r->s = eap_exercise_resume(&u->rec, &err);
        if (r->s && u->a->replay_log) {
            eap_exercise_destroy(r->s);
            struct eap_exercise_setup s = {u->scn,
                                           u->rec.fingerprint,
                                           u->rec.seed,
                                           u->rec.replication,
                                           u->rec.replay,
                                           u->rec.started,
                                           u->rec.program,
                                           (const char *const *)u->rec.overrides,
                                           u->rec.override_count};
            r->s = eap_exercise_start(&s, &err);
            r->log_rec = &u->rec;
        }
        if (r->s) {
            r->offset = u->a->resume ? u->rec.wall_ended : 0;
        }
    } else {
        const char *ovr[CLI_MAX_SETS];
        char started[EAP_EXERCISE_STAMP];
        struct eap_exercise_setup s;
        fresh_setup(u, &s, ovr, started, sizeof(started));
        r->s = eap_exercise_start(&s, &err);
    }
    if (!r->s) {
        fprintf(stderr, "%s: %s\n",
                u->a->resume       ? u->a->resume
                : u->a->replay_log ? u->a->replay_log
                                   : cli_prog,
                err.msg);
        return err.code == EAP_EINPUT ? EXIT_USAGE : 1;
    }
    return 0;
}

/* Prepared answers: read, and played to the end of the run once, so that an answer the run
 * never reaches is refused before the session starts. */
static int load_answers(struct ex_run *r)
{
    size_t len;
    char *text = slurp("--answers", r->args->answers, &len);
    if (!text) {
        return EXIT_USAGE;
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    bool ok = eap_exercise_answers_parse(r->args->answers, text, len, r->scn, &r->answers, &diag) &&
              eap_exercise_answers_check(&r->answers, eap_exercise_session_record(r->s), &diag);
    free(text);
    r->answered = calloc(r->scn->decision_count + 1, sizeof(*r->answered));
    if (!ok) {
        cli_report_diag(r->args->answers, &diag);
    } else if (!r->answered) {
        cli_error("out of memory");
    }
    eap_diag_finish(&diag);
    return !ok ? EXIT_USAGE : !r->answered ? 1 : 0;
}

/* --- what the session leaves --- */

static bool write_trace(const struct ex_run *r)
{
    const struct eap_engine *e = eap_exercise_engine(r->s);
    const struct eap_exercise_record *rec =
        r->log_rec ? r->log_rec : eap_exercise_session_record(r->s);
    int64_t *values = calloc(r->scn->metric_count + 1, sizeof(*values));
    char sets[2048];
    cli_sets_join(&r->args->run.sets, sets, sizeof(sets));
    cli_stamp_inputs(r->args->file, rec->fingerprint, rec->seed, 1);
    struct eap_run_info info = {rec->replay,       rec->seed, rec->replication,
                                eap_engine_now(e), sets,      cli_stamp()};
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_atomic_file af;
    FILE *f = values ? eap_atomic_open(&af, r->args->trace, &err) : NULL;
    bool ok = f != NULL;
    if (ok) {
        eap_engine_metrics(e, values);
        ok = eap_report_run(f, EAP_FORMAT_JSON, r->scn, eap_engine_trace(e), r->scn->metrics,
                            values, r->scn->metric_count, &info);
        ok = ok ? eap_atomic_commit(&af, &err) : (eap_atomic_abort(&af), false);
    }
    if (!ok) {
        cli_error("--trace %s: %s", r->args->trace, err.msg[0] ? err.msg : "cannot write it");
    }
    free(values);
    return ok;
}

static atomic_int aar_stop;

static void aar_progress(void *ctx, uint64_t done, uint64_t total)
{
    (void)ctx;
    if (ex_signal) {
        atomic_store(&aar_stop, 1);
    }
    if (isatty(STDERR_FILENO)) {
        fprintf(stderr, "\r  after-action report: %llu of %llu runs", (unsigned long long)done,
                (unsigned long long)total);
    }
}

static bool write_aar(const struct ex_run *r)
{
    const struct eap_exercise_record *rec =
        r->log_rec ? r->log_rec : eap_exercise_session_record(r->s);
    struct eap_batch_spec tmpl = {.seed = rec->seed,
                                  .count = r->args->runs,
                                  .threads = r->args->threads,
                                  .progress = aar_progress,
                                  .interrupt = &aar_stop};
    struct eap_exercise_aar aar;
    struct eap_error err;
    if (rec->choice_count > 0) {
        printf("\n  Running every option of every decision (%llu runs each) for the "
               "after-action report...\n",
               (unsigned long long)r->args->runs);
    }
    fflush(stdout);
    bool made = eap_exercise_aar(rec, &tmpl, &aar, &err); /* (freed by it on failure) */
    if (isatty(STDERR_FILENO)) {
        fputs("\r\033[K", stderr);
    }
    if (made && !aar.complete) {
        printf("  Interrupted: no after-action report written.\n");
        eap_exercise_aar_finish(&aar);
        return false;
    }
    /* The report's runs: runs per option, seeded with the session's seed. */
    cli_stamp_inputs(r->args->file, rec->fingerprint, rec->seed, r->args->runs);
    bool ok = made && eap_aar_write(r->args->aar, &aar, cli_stamp(), &err);
    if (made) {
        eap_exercise_aar_finish(&aar);
    }
    if (ok) {
        printf("  After-action report: %s/aar.md and %s/aar.html\n", r->args->aar, r->args->aar);
    } else {
        cli_error("--aar %s: %s", r->args->aar, err.msg);
    }
    return ok;
}

/* After the loop: the log, the run's report and the after-action report. */
int ex_finish(struct ex_run *r, bool ran)
{
    eap_exercise_mark(r->s, ex_wall(r)); /* where it ended, with or without a log */
    bool saved = ex_save_log(r);
    if (ex_signal) {
        printf("\n  Interrupted.%s%s%s\n", r->log_path && saved ? " The log is saved in " : "",
               r->log_path && saved ? r->log_path : "",
               r->log_path && saved ? "; continue with --resume." : "");
        return 128 + ex_signal;
    }
    if (!ran || !saved) {
        return 1;
    }
    if (!ex_print_end(r->scn, eap_exercise_engine(r->s),
                      eap_exercise_session_record(r->s)->finished)) {
        cli_error("out of memory while rating the objectives");
        return 1;
    }
    if (r->log_path) {
        printf("  Session log: %s\n", r->log_path);
    }
    bool ok = (!r->args->trace || write_trace(r)) && (!r->args->aar || write_aar(r));
    return ex_signal ? 128 + ex_signal : ok ? 0 : 1;
}

/* --- the session: set up, and closed --- */

int ex_setup_load(struct ex_setup *u)
{
    struct ex_args *a = u->a;
    const char *log = a->resume ? a->resume : a->replay_log;
    if (log) {
        return load_from_log(u, a->resume ? "--resume" : "--replay-log", log);
    }
    u->scn = cli_load(a->file, &a->run.sets);
    if (!u->scn) {
        return EXIT_USAGE;
    }
    struct eap_error err;
    if (!cli_fingerprint(a->file, &a->run.sets, NULL, &u->fingerprint, &err)) {
        cli_error("%s", err.msg);
        return 1;
    }
    return 0;
}

int ex_setup_open(struct ex_setup *u, struct ex_run *r)
{
    r->args = u->a;
    r->scn = u->scn;
    int rc = open_session(u, r);
    if (rc == 0 && u->a->answers) {
        rc = load_answers(r);
    }
    struct eap_error err;
    if (rc == 0 && u->a->aar && !eap_outdir_prepare(u->a->aar, &err)) {
        cli_error("--aar %s", err.msg);
        rc = EXIT_USAGE;
    }
    if (rc != 0) {
        return rc;
    }
    r->log_path = u->a->log ? u->a->log : u->a->resume;
    r->t0 = cli_now();
    /* A log that cannot be written is found out before the session. */
    return ex_save_log(r) ? 0 : 1;
}

void ex_setup_free(struct ex_setup *u, struct ex_run *r)
{
    eap_exercise_destroy(r->s);
    eap_exercise_answers_finish(&r->answers);
    free(r->answered);
    eap_exercise_record_finish(&u->rec);
    eap_exercise_log_destroy(u->log);
    eap_scenario_destroy(u->scn);
    r->s = NULL;
    r->answered = NULL;
    u->log = NULL;
    u->scn = NULL;
}
