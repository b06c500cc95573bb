/*
 * The command line of batch studies: the options batch, compare and sensitivity share, the
 * checks every study passes before anything runs, and --out. Options a command would ignore
 * (those its synopsis does not list) are refused, so nobody believes they changed something.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"
#include "synopsis.h"

/* --- checks and --out --- */

int study_prepare_out(const struct study_args *a)
{
    struct eap_error err;
    if (a->out && !eap_outdir_prepare(a->out, &err)) {
        cli_error("--out %s", err.msg);
        return EXIT_USAGE;
    }
    return 0;
}

/* Option values that apply to every study (runs, threads, shard). Returns a message, or
 * NULL when they are fine. */
static const char *check_counts(const struct study_args *a, char *buf, size_t len)
{
    if (a->runs == 0) {
        return "--runs: expected at least 1 replication, found 0";
    }
    if (a->runs > STUDY_MAX_RUNS) { /* counts go into JSON, whose readers hold doubles */
        snprintf(buf, len, "--runs: expected at most %llu replications, found %llu",
                 (unsigned long long)STUDY_MAX_RUNS, (unsigned long long)a->runs);
        return buf;
    }
    if (a->threads == 0) {
        return "--threads: expected at least 1, found 0";
    }
    if (a->has_shard && (a->shard_n == 0 || a->shard_k == 0 || a->shard_k > a->shard_n)) {
        snprintf(buf, len, "--shard: expected K/N with 1 <= K <= N, found %llu/%llu",
                 (unsigned long long)a->shard_k, (unsigned long long)a->shard_n);
        return buf;
    }
    return NULL;
}

/* Options that need --out, or no MPI. */
static const char *check_outputs(const struct study_args *a)
{
    if (a->has_shard && !a->out) {
        return "--shard needs --out DIR, where the shard's state.json goes for eapsim merge";
    }
    if (a->per_run && !a->out) {
        return "--per-run needs --out DIR, where runs.csv goes";
    }
    if (eap_mpi_active() && a->per_run) {
        return "--per-run is not available under MPI; use --shard for per-run tables";
    }
    return NULL;
}

/* More threads than cores is allowed (they share the cores: no faster, a little more memory),
 * but said, since it is rarely meant; past STUDY_MAX_THREADS the threads are capped. */
static void note_threads(const struct study_args *a)
{
    unsigned cores = eap_study_cores(UINT_MAX);
    if (a->threads_asked > cores && eap_mpi_rank0()) {
        fprintf(stderr,
                "%s: note: --threads %llu is more than the %u core%s here; running %u "
                "threads%s, which share the cores\n",
                cli_prog, (unsigned long long)a->threads_asked, cores, cores == 1 ? "" : "s",
                a->threads,
                a->threads_asked > STUDY_MAX_THREADS ? " (the most eapsim starts)" : "");
    }
}

static bool parse_shard(const char *text, struct study_args *a)
{
    a->has_shard = eap_batch_shard_parse(text, &a->shard_k, &a->shard_n);
    if (!a->has_shard) {
        cli_error("--shard: expected K/N such as 2/8 (integers below 2^64), found \"%s\"", text);
    }
    return a->has_shard;
}

static bool add_sweep(struct study_args *a, const char *spec)
{
    struct eap_error err;
    if (!eap_sweep_add(&a->sweep, spec, &err)) {
        cli_error(err.code == EAP_ENOMEM ? "%s" : "--sweep %s", err.msg);
        return false;
    }
    return true;
}

/* One option into a; returns false with the problem printed. */
static bool take_option(int c, const char *arg, struct study_args *a)
{
    int shared = cli_run_option(&a->run, c, arg); /* --seed, --set */
    if (shared != 0) {
        return shared > 0;
    }
    switch (c) {
    case 'n':
        a->runs_given = true;
        return cli_parse_u64("--runs", arg, &a->runs);
    case 't':
        if (!cli_parse_u64("--threads", arg, &a->threads_asked)) {
            return false;
        }
        a->threads =
            a->threads_asked > STUDY_MAX_THREADS ? STUDY_MAX_THREADS : (unsigned)a->threads_asked;
        return true;
    case 'V':
        return cli_sets_add(&a->vs_sets, arg); /* compare names --vs-set in its messages */
    case 'w':
        return add_sweep(a, arg);
    case 'o':
        a->out = arg;
        return true;
    case 'p':
        a->per_run = true;
        return true;
    case 'k':
        return parse_shard(arg, a);
    case 'f':
        if (!eap_format_parse(arg, &a->format)) {
            cli_error("--format: expected text, json or csv, found \"%s\"", arg);
            return false;
        }
        return true;
    case 'm':
        a->metric = arg;
        return true;
    case 'F':
        a->from_text = arg;
        return true;
    default: /* 'q' */
        a->quiet = true;
        return true;
    }
}

/* Whether command c's synopsis lists option --name ("--name" or "--name ARG"). */
static bool lists(const struct cli_synopsis *c, const char *name)
{
    size_t n = strlen(name);
    for (const struct cli_option_doc *o = c->options; o->flag; o++) {
        if (strncmp(o->flag, "--", 2) == 0 && strncmp(o->flag + 2, name, n) == 0 &&
            (o->flag[n + 2] == '\0' || o->flag[n + 2] == ' ')) {
            return true;
        }
    }
    return false;
}

/* Refuses getopt's option c when the synopsis of command `name` does not list it (the command
 * would ignore it), saying which commands take it: the table behind --help decides. */
static bool listed(const char *name, const struct option *opts, int c)
{
    while (opts->val != c) {
        opts++;
    }
    if (lists(cli_synopsis_find(name), opts->name)) {
        return true;
    }
    char who[128] = "";
    for (size_t i = 0, len = 0; i < cli_synopsis_count; i++) {
        if (lists(&cli_synopses[i], opts->name) && len < sizeof(who)) {
            len += (size_t)snprintf(who + len, sizeof(who) - len, "%s%s", len ? " and " : "",
                                    cli_synopses[i].name);
        }
    }
    cli_error("--%s is for eapsim %s", opts->name, who);
    return false;
}

/* Combinations the command cannot do (options it would ignore are refused as they come). */
static const char *unsupported(const struct study_args *a, const char *name)
{
    bool sweep = a->sweep.dim_count > 0;
    if (a->from_text && sweep) {
        return "--from with --sweep is not supported: branch a batch per value with --set";
    }
    if (sweep && a->has_shard) {
        return "--shard with --sweep is not supported: run each sweep value as a batch with "
               "--set and its own shards";
    }
    if (sweep && a->per_run) {
        return "--per-run with --sweep is not supported: run the point of interest as a batch "
               "with --set";
    }
    if (strcmp(name, "compare") == 0 && a->vs_sets.count == 0) {
        return "compare: expected at least one --vs-set PATH=VALUE (what B changes)";
    }
    return NULL;
}

/* What is wrong with the parsed options, or NULL. */
static const char *check(const struct study_args *a, const char *name, char *buf, size_t len)
{
    const char *why = unsupported(a, name);
    why = why ? why : check_counts(a, buf, len);
    return why ? why : check_outputs(a);
}

int study_parse(int argc, char **argv, struct study_args *a, const char *name)
{
    static const struct option opts[] = {
        {"runs", required_argument, NULL, 'n'},
        CLI_LONG_SEED,
        {"threads", required_argument, NULL, 't'},
        CLI_LONG_SET,
        {"vs-set", required_argument, NULL, 'V'},
        {"sweep", required_argument, NULL, 'w'},
        {"out", required_argument, NULL, 'o'},
        {"per-run", no_argument, NULL, 'p'},
        {"shard", required_argument, NULL, 'k'},
        {"format", required_argument, NULL, 'f'},
        {"metric", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"from", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_run_options_init(&a->run);
    a->threads = eap_study_cores(STUDY_MAX_THREADS);
    int c;
    while ((c = getopt_long(argc, argv, "n:s:t:S:V:w:o:pk:f:m:qF:h", opts, NULL)) != -1) {
        if (c == 'h') {
            cli_help(name);
            return -1;
        }
        if (c == '?' || c == ':') {
            return cli_bad_option(name);
        }
        if (!listed(name, opts, c) || !take_option(c, optarg, a)) {
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("%s: expected one scenario file", name);
        return cli_bad_option(name);
    }
    a->file = argv[optind];
    if (!a->runs_given) {
        cli_error("%s: --runs N is required (the number of replications)", name);
        return EXIT_USAGE;
    }
    char buf[160];
    const char *why = check(a, name, buf, sizeof(buf));
    if (why) {
        cli_error("%s", why);
    } else {
        note_threads(a);
    }
    return why ? EXIT_USAGE : 0;
}

void study_args_finish(struct study_args *a)
{
    eap_sweep_finish(&a->sweep);
}
