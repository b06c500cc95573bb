/*
 * Private to the CLI: the subcommands and small helpers they share. Every subcommand returns
 * the process exit code: 0 ok, 1 runtime failure, 2 bad input or usage. Their usage lines and
 * --help come from the synopsis table (synopsis.h).
 */
#ifndef EAPSIM_CLI_H
#define EAPSIM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "eapsim/engine.h"
#include "eapsim/loader.h"

#define EXIT_USAGE 2

extern const char *cli_prog;

/* Prints "eapsim: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the usage line of command `name` (the program's usage when NULL) to out. */
void cli_usage(FILE *out, const char *name);

/* Prints the --help of command `name` to stdout. */
void cli_help(const char *name);

/* Reports an unknown option or missing argument seen by getopt (its usage, and where to look
 * for more) and returns EXIT_USAGE. */
int cli_bad_option(const char *name);

/* Parses a non-negative integer option value; on failure prints a located error. */
bool cli_parse_u64(const char *option, const char *text, uint64_t *out);

/* --set PATH=VALUE arguments, kept for the loader. */
#define CLI_MAX_SETS 64
struct cli_sets {
    struct eap_override items[CLI_MAX_SETS];
    char buf[CLI_MAX_SETS][512];    /* PATH and VALUE, split */
    char origin[CLI_MAX_SETS][512]; /* the argument as given, for messages */
    size_t count;
};

/* Adds one --set argument; prints the problem and returns false when it is malformed. */
bool cli_sets_add(struct cli_sets *s, const char *arg);
/* The same for an override made by another option (messages name it: "--sweep ..."). */
bool cli_sets_add_from(struct cli_sets *s, const char *option, const char *arg);
/* The arguments joined by spaces, for report headers. */
void cli_sets_join(const struct cli_sets *s, char *out, size_t len);
/* Loads a scenario with overrides; prints every problem and returns NULL on bad input. */
struct eap_scenario *cli_load(const char *file, const struct cli_sets *sets);
void cli_print_diag(const struct eap_diag *d);
/* Prints every problem, then "eapsim: N problems found in FILE". */
void cli_report_diag(const char *file, const struct eap_diag *d);

/* Seconds since an arbitrary point (monotonic), for rates; wall clock never enters a
 * summary. */
double cli_now(void);

/* Runs one replication (replication rep of seed, or the replay as opt says) on a new engine,
 * ending at `until` when it is before the horizon (0: the horizon), and returns it; the
 * caller destroys it. NULL with err set on failure. */
struct eap_engine *cli_run_once(const struct eap_scenario *scn,
                                const struct eap_engine_options *opt, eap_time until, uint64_t seed,
                                uint64_t rep, struct eap_error *err);

/* --- the options run, view and the studies share (cli_options.c) --- */

/* getopt codes, also the short options (-r, -s N, -R N, -S PATH=VALUE). */
#define CLI_OPT_REPLAY 'r'
#define CLI_OPT_SEED 's'
#define CLI_OPT_REPLICATION 'R'
#define CLI_OPT_SET 'S'

/* Entries for a command's struct option table. */
/* clang-format off */
#define CLI_LONG_REPLAY {"replay", no_argument, NULL, CLI_OPT_REPLAY}
#define CLI_LONG_SEED {"seed", required_argument, NULL, CLI_OPT_SEED}
#define CLI_LONG_REPLICATION {"replication", required_argument, NULL, CLI_OPT_REPLICATION}
#define CLI_LONG_SET {"set", required_argument, NULL, CLI_OPT_SET}
/* clang-format on */

struct cli_run_options {
    bool replay;   /* every input at its recorded value */
    bool sampling; /* --seed or --replication given */
    uint64_t seed, replication;
    struct cli_sets sets;
};

/* Defaults: sampled, seed 1, replication 0, no overrides. */
void cli_run_options_init(struct cli_run_options *o);
/* Takes getopt's option c with its argument when it is one of the shared options. Returns 1
 * when taken, 0 when c is not one of them, -1 when the value is bad (the problem printed). */
int cli_run_option(struct cli_run_options *o, int c, const char *arg);
/* After parsing: --replay draws nothing, so --seed or --replication beside it is refused
 * (the reason printed). */
bool cli_run_options_check(const struct cli_run_options *o);

/* A moment of a run (--at, --from): "T+1h28m", "90 min", "23:10", "2012-09-12T05:15", or a
 * milestone id of the record, the time `tr` (a trace of the run called run_name, "this
 * run") reached it. Prints what is wrong under `option` and returns false when it is none
 * of these, never happened, or lies before the start. */
bool cli_moment(const char *option, const struct eap_scenario *scn, const struct eap_trace *tr,
                const char *text, const char *run_name, eap_time *t);

/* --- the provenance stamp every file carries (cli_stamp.c, eapsim/stamp.h) --- */

struct eap_stamp;

/* Starts the process's stamp for the command argv[0] with its arguments: the command line,
 * the settings among them (--set, --vs-set, --sweep, --from, --replay, ...) and the time,
 * SOURCE_DATE_EPOCH's when set. False (the problem printed) when SOURCE_DATE_EPOCH is not a
 * number of seconds, or memory runs out. */
bool cli_stamp_begin(int argc, char **argv);
void cli_stamp_end(void);
/* The stamp, for the writers. */
const struct eap_stamp *cli_stamp(void);
/* What the command computed from: the scenario file (borrowed: it must outlive the writes),
 * the fingerprint of its content and overrides, the seed, the replications (1 for a run). */
void cli_stamp_inputs(const char *scenario, uint64_t fingerprint, uint64_t seed, uint64_t runs);
/* The fingerprint of the scenario file's bytes and the overrides a (then b; either NULL), as
 * eap_study_fingerprint gives it, into *out. The file is read again: false with err (EAP_ENOMEM
 * or EAP_EIO, "cannot read FILE again for its fingerprint: REASON") when it cannot be, rather
 * than stamp a wrong fingerprint (0) that merges would refuse. */
bool cli_fingerprint(const char *file, const struct cli_sets *a, const struct cli_sets *b,
                     uint64_t *out, struct eap_error *err);
/* cli_fingerprint of file and sets, then cli_stamp_inputs with it: what run, view and
 * sensitivity stamp. false with err as cli_fingerprint. */
bool cli_stamp_scenario(const char *file, const struct cli_sets *sets, uint64_t seed, uint64_t runs,
                        struct eap_error *err);
/* A merge's settings are its shards': copies of shard's replace the merge's own. False (the
 * problem printed) when memory runs out. */
bool cli_stamp_settings_from(const struct eap_stamp *shard);
/* The stamp as JSON text (eap_stamp_json at depth 1), valid until the next call. NULL when
 * memory runs out. */
const char *cli_stamp_json(void);
/* What a study's summaries say beside its statistics: the plan's deadline for everyone to be
 * safe ("18:00 on 2014-07-26 (T+18h00m)"), and the record's replay's value of each metric
 * (into *values; NULL when the replay cannot run). Both kept until cli_stamp_end. cli_replay
 * returns false (the problem printed) when memory runs out. */
const char *cli_deadline(const struct eap_scenario *scn);
/* A comparison's --vs-set in a planner's words (eap_summary_overrides_words), kept until the
 * next call; NULL when there are none. */
const char *cli_vs_words(const struct eap_scenario *scn, const struct cli_sets *vs);
bool cli_replay(const struct eap_scenario *scn, const int64_t **values);
/* The files the command has written into its output directory, and those it read (a
 * merge's shards), for run-info.json. */
struct eap_written *cli_written(void);
struct eap_written *cli_read(void);

/* Subcommands. */
int cli_demo(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_view(int argc, char **argv);
int cli_exercise(int argc, char **argv);
int cli_msel(int argc, char **argv);

#endif
