/*
 * The command line's part of the provenance stamp (eapsim/stamp.h): the command as typed,
 * the settings among its options that change what is computed, and the time, from
 * SOURCE_DATE_EPOCH when it is set (so identical runs give identical files) or else the
 * clock. Each command adds what it knows (the scenario, its fingerprint, the seed, the
 * replications) before it writes; every writer gets the one stamp of the process. Also what a
 * study's page says beside its statistics: the plan's deadline, and the record's replay.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "eapsim/clock.h"
#include "eapsim/count_of.h"
#include "eapsim/stamp.h"
#include "eapsim/study.h"
#include "eapsim/summary.h"
#include "synopsis.h"

/* The options that change what a command computes, beyond --seed and --runs: the stamp
 * lists them as typed ("--set a/b=1"). */
static const char *const setting_names[] = {"set",   "vs-set", "sweep",  "from",       "replay",
                                            "until", "at",     "metric", "replication"};

/* Their short forms (cli.h): -S PATH=VALUE, -r, -R N. */
static const struct {
    char c;
    const char *name;
} short_settings[] = {{'S', "set"}, {'r', "replay"}, {'R', "replication"}};

static struct {
    struct eap_stamp stamp;
    char *command_line;
    char *settings_text[EAP_STAMP_MAX_SETTINGS];
    const char *settings[EAP_STAMP_MAX_SETTINGS];
    char *json;
    struct eap_written written, read;
    char deadline[160];
    char vs_words[4096]; /* a comparison's --vs-set in words, as long as --vs-set may be */
    int64_t *replay;
    bool oom; /* a setting could not be kept: the stamp would leave it out */
} cs;

static bool shell_safe(const char *arg)
{
    for (const char *p = arg; *p; p++) {
        if (!strchr("_-./:=,+@%", *p) && !(*p >= '0' && *p <= '9') && !(*p >= 'a' && *p <= 'z') &&
            !(*p >= 'A' && *p <= 'Z')) {
            return false;
        }
    }
    return arg[0] != '\0';
}

/* An argument as a POSIX shell reads it back, into out (NULL: only measure): bare when it
 * holds only safe characters, else in single quotes, a quote inside written '\''. Returns
 * its length. */
static size_t quote_arg(const char *arg, char *out)
{
    size_t n = 0, len = strlen(arg);
    if (shell_safe(arg)) {
        if (out) {
            memcpy(out, arg, len);
        }
        return len;
    }
    for (size_t i = 0; i <= len + 1; i++) {
        const char *piece = i == 0 || i == len + 1 ? "'" : arg[i - 1] == '\'' ? "'\\''" : NULL;
        size_t k = piece ? strlen(piece) : 1;
        if (out) {
            memcpy(out + n, piece ? piece : &arg[i - 1], k);
        }
        n += k;
    }
    return n;
}

/* "eapsim" and the arguments after the program's name, quoted. */
static char *join_command(int argc, char **argv)
{
    size_t len = strlen(cli_prog) + 1;
    for (int i = 1; i < argc; i++) {
        len += 1 + quote_arg(argv[i], NULL);
    }
    char *s = malloc(len);
    if (!s) {
        return NULL;
    }
    size_t n = strlen(cli_prog);
    memcpy(s, cli_prog, n);
    for (int i = 1; i < argc; i++) {
        s[n++] = ' ';
        n += quote_arg(argv[i], s + n);
    }
    s[n] = '\0';
    return s;
}

/* The long option of command c that `word` (after "--", before any "=") names: the option
 * itself or, as getopt_long takes it, an unambiguous abbreviation. Sets *takes_value. */
static const char *long_option(const struct cli_synopsis *c, const char *word, size_t len,
                               bool *takes_value)
{
    const char *found = NULL;
    for (const struct cli_option_doc *o = c ? c->options : NULL; o && o->flag; o++) {
        const char *name = o->flag + 2;
        size_t n = strcspn(name, " ");
        if (len <= n && strncmp(name, word, len) == 0) {
            if (len == n) { /* exact */
                *takes_value = name[n] == ' ';
                return o->flag;
            }
            found = found ? "" : o->flag; /* "" marks an ambiguous abbreviation */
            *takes_value = name[n] == ' ';
        }
    }
    return found && *found ? found : NULL;
}

static bool is_setting(const char *flag)
{
    size_t n = strcspn(flag + 2, " ");
    for (size_t i = 0; i < COUNT_OF(setting_names); i++) {
        if (strlen(setting_names[i]) == n && strncmp(flag + 2, setting_names[i], n) == 0) {
            return true;
        }
    }
    return false;
}

/* Keeps a setting's text ("--set a/b=1") for the stamp (cs.oom when memory runs out). */
static void keep_setting(const char *text)
{
    char *copy = cs.stamp.setting_count < EAP_STAMP_MAX_SETTINGS ? strdup(text) : NULL;
    if (copy) {
        cs.settings_text[cs.stamp.setting_count] = copy;
        cs.settings[cs.stamp.setting_count++] = copy;
    } else if (cs.stamp.setting_count < EAP_STAMP_MAX_SETTINGS) {
        cs.oom = true;
    }
}

/* "--name value" (or "--name" alone) from an option's documented flag ("--set PATH=VALUE")
 * and the value given. */
static void add_setting(const char *flag, const char *value)
{
    char text[4200];
    snprintf(text, sizeof(text), "%.*s%s%.4000s", (int)strcspn(flag, " "), flag, value ? " " : "",
             value ? value : "");
    keep_setting(text);
}

/* A short option cluster ("-r", "-S a=1", "-Sa=1"); returns the arguments it took (0 or 1). */
static int short_setting(const char *arg, const char *next)
{
    for (size_t k = 0; k < COUNT_OF(short_settings); k++) {
        if (arg[1] == short_settings[k].c) {
            char flag[32];
            snprintf(flag, sizeof(flag), "--%s", short_settings[k].name);
            bool valued = short_settings[k].c != 'r';
            add_setting(flag, valued ? (arg[2] ? arg + 2 : next) : NULL);
            return valued && !arg[2] && next ? 1 : 0;
        }
    }
    return 0;
}

/* Walks the command's arguments as getopt would and keeps the settings. */
static void find_settings(const struct cli_synopsis *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) {
            return;
        }
        if (a[0] != '-' || a[1] == '\0') {
            continue;
        }
        if (a[1] != '-') {
            i += short_setting(a, next);
            continue;
        }
        size_t len = strcspn(a + 2, "=");
        bool takes = false;
        const char *flag = long_option(c, a + 2, len, &takes);
        const char *value = !takes ? NULL : a[2 + len] == '=' ? a + 3 + len : next;
        i += takes && a[2 + len] != '=' && next ? 1 : 0;
        if (flag && is_setting(flag)) {
            add_setting(flag, value);
        }
    }
}

/* SOURCE_DATE_EPOCH when set (refused when it is not a number of seconds), else the clock. */
static bool stamp_time(int64_t *t)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && !eap_stamp_parse_epoch(epoch, t)) {
        cli_error("SOURCE_DATE_EPOCH: expected seconds since 1970-01-01 UTC (digits only), "
                  "found \"%s\"",
                  epoch);
        return false;
    }
    if (!epoch) {
        *t = (int64_t)time(NULL);
    }
    return true;
}

bool cli_stamp_begin(int argc, char **argv)
{
    eap_stamp_init(&cs.stamp);
    if (!stamp_time(&cs.stamp.time)) {
        return false;
    }
    /* argv[0] is the command's name: its arguments follow. */
    char **full = calloc((size_t)argc + 1, sizeof(*full));
    if (!full) {
        cli_error("out of memory");
        return false;
    }
    full[0] = (char *)cli_prog;
    memcpy(full + 1, argv, (size_t)argc * sizeof(*argv));
    cs.command_line = join_command(argc + 1, full);
    free(full);
    cs.stamp.command_line = cs.command_line;
    cs.stamp.settings = cs.settings;
    find_settings(cli_synopsis_find(argv[0]), argc, argv);
    return (cs.command_line != NULL && !cs.oom) || (cli_error("out of memory"), false);
}

void cli_stamp_end(void)
{
    for (size_t i = 0; i < cs.stamp.setting_count; i++) {
        free(cs.settings_text[i]);
    }
    free(cs.command_line);
    free(cs.json);
    eap_written_finish(&cs.written);
    eap_written_finish(&cs.read);
    free(cs.replay);
    memset(&cs, 0, sizeof(cs));
}

const struct eap_stamp *cli_stamp(void)
{
    return &cs.stamp;
}

void cli_stamp_inputs(const char *scenario, uint64_t fingerprint, uint64_t seed, uint64_t runs)
{
    cs.stamp.scenario = scenario;
    cs.stamp.fingerprint = fingerprint;
    cs.stamp.seed = seed;
    cs.stamp.runs = runs;
}

bool cli_fingerprint(const char *file, const struct cli_sets *a, const struct cli_sets *b,
                     uint64_t *out, struct eap_error *err)
{
    errno = 0;
    *out = eap_study_fingerprint(file, a ? a->items : NULL, a ? a->count : 0, b ? b->items : NULL,
                                 b ? b->count : 0);
    int saved = errno;
    if (*out == 0 && saved != 0) { /* (a hash of 0 from a file read whole: errno is 0) */
        return eap_error_set(err, saved == ENOMEM ? EAP_ENOMEM : EAP_EIO,
                             "cannot read %s again for its fingerprint: %s", file,
                             saved == ENOMEM ? "out of memory" : strerror(saved));
    }
    return true;
}

bool cli_stamp_scenario(const char *file, const struct cli_sets *sets, uint64_t seed, uint64_t runs,
                        struct eap_error *err)
{
    uint64_t fingerprint;
    if (!cli_fingerprint(file, sets, NULL, &fingerprint, err)) {
        return false;
    }
    cli_stamp_inputs(file, fingerprint, seed, runs);
    return true;
}

bool cli_stamp_settings_from(const struct eap_stamp *shard)
{
    for (size_t i = 0; i < cs.stamp.setting_count; i++) {
        free(cs.settings_text[i]);
    }
    cs.stamp.setting_count = 0;
    for (size_t i = 0; i < shard->setting_count; i++) {
        keep_setting(shard->settings[i]);
    }
    return !cs.oom || (cli_error("out of memory"), false);
}

struct eap_written *cli_written(void)
{
    return &cs.written;
}

struct eap_written *cli_read(void)
{
    return &cs.read;
}

const char *cli_vs_words(const struct eap_scenario *scn, const struct cli_sets *vs)
{
    eap_summary_overrides_words(scn, vs->items, vs->count, cs.vs_words, sizeof(cs.vs_words));
    return vs->count ? cs.vs_words : NULL;
}

const char *cli_deadline(const struct eap_scenario *scn)
{
    eap_time t = scn->deadline > 0 ? scn->deadline : scn->horizon;
    char hm[32], day[48], off[32];
    eap_clock_format_hm(&scn->clock, t, hm, sizeof(hm));
    eap_clock_format_datetime(&scn->clock, t, day, sizeof(day));
    day[strcspn(day, " ")] = '\0'; /* "2014-07-26 18:00": the date */
    snprintf(cs.deadline, sizeof(cs.deadline), "%s on %s (%s)", hm, day,
             eap_time_format_offset(t, off, sizeof(off)));
    return cs.deadline;
}

bool cli_replay(const struct eap_scenario *scn, const int64_t **values)
{
    struct eap_engine_options opt = {.replay = true};
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine *e = cli_run_once(scn, &opt, 0, 0, 0, &err);
    free(cs.replay);
    cs.replay = e ? calloc(scn->metric_count + 1, sizeof(*cs.replay)) : NULL;
    if (cs.replay) {
        eap_engine_metrics(e, cs.replay);
    }
    eap_engine_destroy(e);
    *values = cs.replay;
    /* A replay that cannot run leaves it out of the summaries; memory running out must not
     * (the files would differ from a run where it did not). */
    if (!cs.replay && (e || err.code == EAP_ENOMEM)) {
        cli_error("out of memory while replaying the record");
        return false;
    }
    return true;
}

const char *cli_stamp_json(void)
{
    free(cs.json);
    cs.json = eap_stamp_json(&cs.stamp, 1);
    return cs.json;
}
