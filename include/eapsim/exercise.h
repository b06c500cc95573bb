/*
 * The exercise mode as a library: a facilitated tabletop exercise on one engine.
 *
 * An exercise is a run of the engine in interactive mode (engine.h): the run stops at each
 * decision point of the scenario's exercise section and waits for a choice, which takes
 * effect at that simulated instant through the engine's steering (eap_engine_decide); injects
 * of the Master Scenario Events List fall due at their times, or after the model events they
 * follow, and are shown to the players; the facilitator adds observations. Everything a
 * session did is its record, which the session log keeps and from which the session is
 * rebuilt exactly (going back to a decision, resuming, replaying a log) and the after-action
 * report is computed: the same scenario, seed and choices give the same run, byte for byte.
 *
 * The simulated clock stands still while a decision waits: a choice always takes effect at
 * the instant its decision fell due, so the history before it is the same whatever is
 * chosen. A decision's simulated `countdown` is what an interactive engine does when a run
 * goes on without an answer; a session never does, and takes the default only when the
 * caller says the wall-clock countdown ran out (EAP_CHOSEN_BY_COUNTDOWN).
 *
 * Injects change nothing in the simulated world, so when each fell due is a function of the
 * trace alone (eap_exercise_inject_times), the same in a session, a replayed log, the
 * viewer and the report.
 *
 * The library never reads the wall clock: every call that records something takes the wall
 * time (seconds since the session began) from its caller.
 */
#ifndef EAPSIM_EXERCISE_H
#define EAPSIM_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/batch.h"
#include "eapsim/clock.h"
#include "eapsim/engine.h"
#include "eapsim/error.h"
#include "eapsim/scenario.h"
#include "eapsim/study.h"
#include "eapsim/trace.h"

/* When each inject of scn fell due in a run with trace tr: times[i] for inject i, or -1
 * when it has not (yet) fallen due: at its time, or once every event it follows has
 * happened (each at its first occurrence), plus its fixed delay, and never before its
 * not_before. A time may lie after the trace's last event: compare it with the run's now.
 * times holds scn->inject_count entries. O(injects x trace). */
void eap_exercise_inject_times(const struct eap_scenario *scn, const struct eap_trace *tr,
                               eap_time *times);

/* ---- the record of a session ---- */

/* Who made a choice. */
enum eap_chooser {
    EAP_CHOSEN_BY_PLAYERS,   /* at the prompt, or with a button in the window */
    EAP_CHOSEN_BY_ANSWERS,   /* from an answers file (rehearsal, tests) */
    EAP_CHOSEN_BY_COUNTDOWN, /* the wall-clock countdown ran out: the default option */
    EAP_CHOSEN_BY_LOG,       /* taken over from a session log by a caller that says so */
    EAP_CHOOSER_COUNT
};

/* Name of a chooser as the log writes it ("players", "answers", "countdown", "log"), and
 * back (false for an unknown name). */
const char *eap_chooser_name(enum eap_chooser by);
bool eap_chooser_parse(const char *name, enum eap_chooser *out);

/* An inject shown to the players. */
struct eap_exercise_shown {
    int32_t inject; /* index into scn->injects */
    eap_time at;    /* simulated time it fell due */
    double wall;    /* seconds of wall-clock time since the session began, when shown */
};

struct eap_exercise_choice {
    int32_t decision, option; /* indices into scn->decisions and its options */
    eap_time at;              /* simulated time the decision fell due and was taken */
    double wall;              /* seconds of wall-clock time since the session began */
    enum eap_chooser by;
    char *who; /* who chose: the decision's "decides", or whom the facilitator named */
};

struct eap_exercise_observation {
    eap_time at; /* simulated time */
    double wall; /* seconds since the session began */
    char *text;
    bool flagged; /* the facilitator marked it for the improvement plan */
};

#define EAP_EXERCISE_STAMP 40

/* Everything a session did, in order. The record owns its arrays and strings: free with
 * eap_exercise_record_finish(). Choices are in the order they were taken (simulated time
 * order); shown injects in the order they fell due; observations in the order written. */
struct eap_exercise_record {
    const struct eap_scenario *scn; /* borrowed */
    uint64_t fingerprint; /* of the scenario file and its overrides (eap_study_fingerprint) */
    uint64_t seed, replication;
    bool replay;                      /* every input at its recorded value */
    char started[EAP_EXERCISE_STAMP]; /* when it began, as the caller wrote it (UTC) */
    char program[EAP_EXERCISE_STAMP]; /* the eapsim version that ran it */
    char **overrides;                 /* "PATH=VALUE" as given to --set */
    size_t override_count;
    struct eap_exercise_shown *shown;
    size_t shown_count;
    struct eap_exercise_choice *choices;
    size_t choice_count;
    struct eap_exercise_observation *observations;
    size_t observation_count;
    eap_time ended;    /* simulated time the session stood at when it ended or was saved */
    double wall_ended; /* wall-clock seconds it had lasted then */
    bool finished;     /* the run reached its end (false: quit, interrupted, or saved midway) */
    size_t cap_shown, cap_choices, cap_observations; /* private */
};

/* Frees what the record owns and zeroes it. Safe on a zeroed record. */
void eap_exercise_record_finish(struct eap_exercise_record *r);

/* A deep copy of src into dst (zeroed or finished first). False when memory runs out (dst is
 * then empty). */
bool eap_exercise_record_copy(struct eap_exercise_record *dst,
                              const struct eap_exercise_record *src);

/* ---- a session ---- */

struct eap_exercise_session;

/* What a session runs. Strings are copied. */
struct eap_exercise_setup {
    const struct eap_scenario *scn; /* borrowed: it must outlive the session */
    uint64_t fingerprint;
    uint64_t seed, replication;
    bool replay;
    const char *started; /* e.g. "2024-05-02T09:30:00Z"; NULL: "" */
    const char *program; /* e.g. "0.1.0"; NULL: "" */
    const char *const *overrides;
    size_t override_count;
};

/* A session at the start of the run. NULL with err when memory runs out. */
struct eap_exercise_session *eap_exercise_start(const struct eap_exercise_setup *setup,
                                                struct eap_error *err);

/* A session rebuilt from a record (a log read back, a saved session): its choices are taken
 * again at their decisions, the run stops where the record ended (at a decision left open,
 * if it stopped at one), and the record is copied, its shown injects as the rebuilt run has
 * them. NULL with err (EAP_EINPUT) when the record does not fit the run: a choice whose
 * decision does not fall due at its time, or a decision the record leaves open before its
 * end; EAP_ENOMEM when memory runs out. */
struct eap_exercise_session *eap_exercise_resume(const struct eap_exercise_record *rec,
                                                 struct eap_error *err);

void eap_exercise_destroy(struct eap_exercise_session *s);

/* The simulated time a session advances by at most between two looks at the injects: an
 * inject that follows a model event is seen within this much of its time (its card gives
 * the exact time). Injects at a time are stopped at exactly. */
#define EAP_EXERCISE_STEP EAP_MINUTE

/* What eap_exercise_advance() stopped at. */
enum eap_exercise_stop {
    EAP_EXERCISE_REACHED,  /* now is the time asked for */
    EAP_EXERCISE_INJECTS,  /* injects fell due: eap_exercise_new_injects() */
    EAP_EXERCISE_DECISION, /* a decision waits: eap_exercise_pending(), then choose */
    EAP_EXERCISE_ENDED,    /* the run is over (the record is marked finished) */
    EAP_EXERCISE_FAILED,   /* out of memory: err says so */
};

/* Advances the simulated clock towards t. Stops earlier when injects fall due (they are added
 * to the record as shown at `wall`), when a decision falls due, or at the end of the run.
 * While a decision waits the clock does not move: the call returns EAP_EXERCISE_DECISION at
 * once. Any sequence of calls gives the same run. */
enum eap_exercise_stop eap_exercise_advance(struct eap_exercise_session *s, eap_time t, double wall,
                                            struct eap_error *err);

/* The injects the last eap_exercise_advance() showed: record->shown[*first .. + count). */
size_t eap_exercise_new_injects(const struct eap_exercise_session *s, size_t *first);

/* The decision that waits for a choice, or EAP_NONE. */
int32_t eap_exercise_pending(const struct eap_exercise_session *s);

/* Takes `option` of the waiting decision now, for `who` (NULL: the decision's "decides").
 * False with err (EAP_EINPUT) when no decision waits or the option is not one of its. */
bool eap_exercise_choose(struct eap_exercise_session *s, int32_t option, enum eap_chooser by,
                         const char *who, double wall, struct eap_error *err);

/* Goes back to the previous decision to decide it again: the last choice is withdrawn and the
 * run rebuilt from the record up to where that decision fell due, which then waits again.
 * Observations stay; injects that fell due after that point are shown again when they come.
 * False with err (EAP_EINPUT) when nothing has been chosen yet; EAP_ENOMEM. */
bool eap_exercise_back(struct eap_exercise_session *s, struct eap_error *err);

/* Adds a facilitator's observation at the current simulated time. False when memory runs
 * out. */
bool eap_exercise_observe(struct eap_exercise_session *s, const char *text, bool flagged,
                          double wall, struct eap_error *err);

/* Stamps the record with where the session stands (now and wall): before a save, a quit or
 * an interruption. */
void eap_exercise_mark(struct eap_exercise_session *s, double wall);

/* The session's record (valid until the next call that changes the session), its engine
 * (trace and metrics of the run so far) and the current simulated time. */
const struct eap_exercise_record *eap_exercise_session_record(const struct eap_exercise_session *s);
const struct eap_engine *eap_exercise_engine(const struct eap_exercise_session *s);
eap_time eap_exercise_now(const struct eap_exercise_session *s);

/* ---- the session log (JSON) ---- */

/* The log's format version; a reader refuses any other. */
#define EAP_EXERCISE_LOG_VERSION 1

/* The log of a record as JSON text (free with free()), or NULL when memory runs out. The
 * caller writes it (atomically: atomic.h). */
char *eap_exercise_log_text(const struct eap_exercise_record *rec);

/* A log read back, before it is matched with its scenario. */
struct eap_exercise_log;

/* Parses a log's text; `name` stands for the file in messages. Refuses, with err
 * (EAP_EINPUT) located as "name:LINE:COL" and a JSON path, text that is not JSON, a log of
 * an unknown format or version, and fields of the wrong type. NULL with err. */
struct eap_exercise_log *eap_exercise_log_parse(const char *name, const char *text, size_t len,
                                                struct eap_error *err);

/* The scenario file and --set overrides the log was written with (borrowed from the log). */
const char *eap_exercise_log_scenario_file(const struct eap_exercise_log *log);
const char *const *eap_exercise_log_overrides(const struct eap_exercise_log *log, size_t *count);

/* The record of the log for scn (its file loaded with the log's overrides), whose fingerprint
 * is `fingerprint`. Refuses (EAP_EINPUT, located) a log of another scenario, of another
 * version of the scenario file or overrides (the fingerprints differ), and ids of decisions,
 * options or injects the scenario does not have. out is initialised here; free it with
 * eap_exercise_record_finish(). */
bool eap_exercise_log_record(const struct eap_exercise_log *log, const struct eap_scenario *scn,
                             uint64_t fingerprint, struct eap_exercise_record *out,
                             struct eap_error *err);

void eap_exercise_log_destroy(struct eap_exercise_log *log);

/* ---- prepared answers ---- */

/* An answers file: one "DECISION_ID OPTION_ID" a line, '#' starts a comment. */
struct eap_exercise_answers {
    size_t count;    /* scn->decision_count */
    int32_t *option; /* per decision: the option to take, or EAP_NONE */
    int *line, *col; /* per decision: where its answer is written (0: none) */
    char name[256];  /* the file, for messages */
};

/* Parses an answers file for scn. Refuses (EAP_EINPUT) an unknown decision or option (with
 * the nearest as a hint), a missing option, anything after it, a decision answered twice, and
 * bytes that are not text: every such line, each problem added to diag located
 * "name:LINE:COL" (EAP_ENOMEM when memory runs out). out is initialised here and, on
 * success, freed with eap_exercise_answers_finish(); on failure there is nothing to free. */
bool eap_exercise_answers_parse(const char *name, const char *text, size_t len,
                                const struct eap_scenario *scn, struct eap_exercise_answers *out,
                                struct eap_diag *diag);

void eap_exercise_answers_finish(struct eap_exercise_answers *a);

/* Plays the answers to the end of the run, from the session `from` stands for (a fresh
 * record, or a log being resumed), taking the default where the answers say nothing, and
 * refuses (EAP_EINPUT) every answer whose decision never falls due, each added to diag
 * located at the answer, in the file's order; a run that cannot be played adds its error. */
bool eap_exercise_answers_check(const struct eap_exercise_answers *a,
                                const struct eap_exercise_record *from, struct eap_diag *diag);

/* ---- the after-action report's numbers ---- */

/* An objective's rating, HSEEP's: performed without challenges (P), with some challenges
 * (S), with major challenges (M), unable to be performed (U). The rule (docs/exercise.md):
 * P the target is met; for a quantity, S missed by at most EAP_AAR_SOME of the target, M
 * missed by more; U the measure never came about (nobody safe, nobody on scene), or a yes/no
 * target not met. */
enum eap_rating { EAP_RATING_P, EAP_RATING_S, EAP_RATING_M, EAP_RATING_U };

#define EAP_AAR_SOME 0.25

/* The letter ('P', 'S', 'M', 'U') and HSEEP's name ("Performed without Challenges", ...). */
char eap_exercise_rating_letter(enum eap_rating r);
const char *eap_exercise_rating_name(enum eap_rating r);

/* Whether a metric value meets an objective's target (a value that never came about never
 * does), and the objective's rating for it. */
bool eap_exercise_met(const struct eap_objective *o, int64_t value);
enum eap_rating eap_exercise_rate(const struct eap_objective *o, int64_t value);

/* One option of a decision in the paired batch. */
struct eap_exercise_aar_option {
    bool chosen;
    /* per objective of the scenario: the metric's summary over the option's runs, the share of
     * runs meeting the target with its Wilson interval, and the paired difference of the
     * metric against the chosen option (zeroed for the chosen option itself) */
    struct eap_metric_summary *summary;
    double *met, *met_lo, *met_hi;
    struct eap_metric_summary *diff;
};

/* A decision of the session, with every option run from where it fell due. */
struct eap_exercise_aar_decision {
    size_t choice;                           /* index into the record's choices */
    int32_t decision;                        /* index into scn->decisions */
    struct eap_exercise_aar_option *options; /* one per option of the decision */
    uint64_t runs;                           /* replications per option that completed */
};

struct eap_exercise_aar {
    const struct eap_exercise_record *rec; /* borrowed */
    const struct eap_scenario *scn;
    /* the session's run rebuilt from the record, and the plan's: the same seed with every
     * decision at its default, as the plan would have gone without the players */
    struct eap_trace session, plan;
    int64_t *session_values, *plan_values;       /* per metric */
    eap_time *inject_times;                      /* per inject, in the session's run (-1: never) */
    enum eap_rating *ratings;                    /* per objective, of the session's result */
    struct eap_exercise_aar_decision *decisions; /* one per choice of the record */
    size_t decision_count;
    uint64_t seed, runs; /* of the paired batches */
    bool complete;       /* every batch ran in full (false after an interrupt) */
};

/* Computes the report's numbers for a record: the session's run rebuilt (the record must fit
 * it, see eap_exercise_resume), the plan's run, the objectives rated, and for every choice
 * a paired batch per option: tmpl's replications (seed, count, threads, interrupt,
 * progress) branched where the decision fell due in the session, on the session's history,
 * each taking that option, every later decision at its default, on common random numbers
 * (replication r of every option draws the same numbers), so the difference against the
 * chosen option is paired. Batches stop early when tmpl's interrupt is set (complete is
 * then false). out is initialised here; free it with eap_exercise_aar_finish(). Returns
 * false with err when the record does not fit the run or memory runs out. Cost: options x
 * 2 x count runs per decision. */
bool eap_exercise_aar(const struct eap_exercise_record *rec, const struct eap_batch_spec *tmpl,
                      struct eap_exercise_aar *out, struct eap_error *err);

void eap_exercise_aar_finish(struct eap_exercise_aar *a);

/* The snapshot a decision's batches branch from: the session's run rebuilt up to where the
 * record's choice `choice` fell due, the decision waiting (for tests and callers that run
 * their own comparison). Destroy with eap_engine_destroy(); NULL with err. */
struct eap_engine *eap_exercise_branch_point(const struct eap_exercise_record *rec, size_t choice,
                                             struct eap_error *err);

/* The record's run up to time t, with what is under way tracked, as a snapshot to fork
 * from (eap_engine_branch, eap_batch_spec.from): the choices the record took by t are taken,
 * a decision falling due at t waits, and what comes after is left to the branches (later
 * decisions at their defaults). t past the run's end: the run as it ended. Destroy with
 * eap_engine_destroy(); NULL with err when the record does not fit the run (a decision
 * before t that it leaves open) or memory runs out. */
struct eap_engine *eap_exercise_history(const struct eap_exercise_record *rec, eap_time t,
                                        struct eap_error *err);

#endif
