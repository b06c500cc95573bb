/*
 * eapsim merge: combines the state.json of shards (--shard K/N, e.g. a Slurm job array or
 * GNU parallel) into the summary a single run would have written, byte for byte (but for the
 * stamp's command line). Shards must come from the same study and the same eapsim: the same
 * fingerprint of the scenario and its overrides, and the same version and source commit.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

struct shard {
    char path[1200];
    struct eap_batch_meta meta;
    struct eap_batch_stats stats;
    char *keep;
    struct eap_stamp stamp; /* version "" when the state has none (written before stamps) */
    char *stamp_keep;
};

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char *grown = cap < ((size_t)1 << 30) ? realloc(buf, cap *= 2) : NULL;
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(f);
    if (buf) {
        buf[len] = '\0';
    }
    return buf;
}

/* Returns an exit code: 0, 2 for a shard that is not a valid state, 1 out of memory. */
static int load_shard(const char *arg, struct shard *sh)
{
    char *path = sh->path;
    size_t n = strlen(arg);
    if (n > 5 && strcmp(arg + n - 5, ".json") == 0) {
        snprintf(path, sizeof(sh->path), "%s", arg);
    } else {
        snprintf(path, sizeof(sh->path), "%s/state.json", arg);
    }
    char *text = read_all(path);
    if (!text) {
        cli_error("cannot read %s: is it the --out directory of an eapsim batch?", path);
        return EXIT_USAGE;
    }
    struct eap_error err;
    eap_error_clear(&err);
    bool ok = eap_batch_state_from_json(path, text, &sh->meta, &sh->stats, &sh->keep, &err);
    free(text);
    sh->stamp.version = sh->stamp.commit = "";
    if (ok && sh->meta.stamp &&
        !eap_stamp_from_json(sh->meta.stamp, &sh->stamp, &sh->stamp_keep, &err)) {
        snprintf(err.file, sizeof(err.file), "%.*s", (int)sizeof(err.file) - 1, path);
        ok = false;
    }
    eap_written_add(ok ? cli_read() : NULL, path);
    if (!ok) {
        char line[1024];
        eap_error_format(&err, line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
    return ok ? 0 : err.code == EAP_ENOMEM ? 1 : EXIT_USAGE;
}

static int by_first(const void *a, const void *b)
{
    const struct shard *x = a, *y = b;
    return (x->meta.first > y->meta.first) - (x->meta.first < y->meta.first);
}

/* "eapsim 0.1.0 (commit f4d3f5c1a2b3)", or what a state without a stamp says of it. */
static const char *made_by(const struct shard *sh, char *buf, size_t len)
{
    if (!sh->stamp.version[0]) {
        return "an eapsim older than provenance stamps (no version recorded)";
    }
    snprintf(buf, len, "eapsim %s (commit %s)", sh->stamp.version, sh->stamp.commit);
    return buf;
}

/* The same eapsim wrote every shard: results of two versions need not agree, so they do not
 * merge. Names both. */
static bool same_build(const struct shard *a, const struct shard *b)
{
    char va[300], vb[300];
    if (strcmp(made_by(a, va, sizeof(va)), made_by(b, vb, sizeof(vb))) != 0) {
        cli_error("merge: the shards were written by different versions of eapsim: %s by %s, "
                  "%s by %s (run every shard with the same build)",
                  a->path, va, b->path, vb);
        return false;
    }
    return true;
}

/* The same study: --from, the fingerprint of the scenario and its overrides, the seed and
 * --runs. Names both sides of the first difference. */
static bool same_study(const struct shard *a, const struct shard *b)
{
    const struct eap_batch_meta *m0 = &a->meta, *m = &b->meta;
    if (m->fingerprint != m0->fingerprint && strcmp(m->from, m0->from) == 0) {
        cli_error("merge: the shards are not from the same study: %s has fingerprint %016llx "
                  "(%s), %s has %016llx (%s): the scenario file or its overrides differ",
                  a->path, (unsigned long long)m0->fingerprint, m0->file, b->path,
                  (unsigned long long)m->fingerprint, m->file);
        return false;
    }
    if (m->fingerprint != m0->fingerprint || m->seed != m0->seed || m->runs != m0->runs ||
        strcmp(m->vs_overrides, m0->vs_overrides) != 0 || strcmp(m->from, m0->from) != 0 ||
        strcmp(m->vs_label ? m->vs_label : "", m0->vs_label ? m0->vs_label : "") != 0) {
        cli_error("merge: the shards are not from the same study (scenario file, overrides, "
                  "--from, seed and --runs must match): %s differs",
                  strcmp(m->from, m0->from) != 0 ? "--from"
                  : m->seed != m0->seed          ? "the seed"
                  : m->runs != m0->runs          ? "--runs"
                  : strcmp(m->vs_overrides, m0->vs_overrides) != 0
                      ? "the comparison's --vs-set"
                      : "the comparison's --vs-set in words (vs_label)");
        return false;
    }
    return true;
}

/* Same study, and the shards tile 0 .. runs - 1 exactly. */
static bool check_shards(struct shard *sh, size_t n)
{
    qsort(sh, n, sizeof(*sh), by_first);
    const struct eap_batch_meta *m0 = &sh[0].meta;
    uint64_t next = 0;
    for (size_t i = 0; i < n; i++) {
        const struct eap_batch_meta *m = &sh[i].meta;
        if (!same_build(&sh[0], &sh[i]) || !same_study(&sh[0], &sh[i])) {
            return false;
        }
        if (m->first != next) {
            cli_error(m->first < next ? "merge: replications %llu..%llu appear twice"
                                      : "merge: replications %llu..%llu are missing (a shard?)",
                      (unsigned long long)(m->first < next ? m->first : next),
                      (unsigned long long)(m->first < next ? next - 1 : m->first - 1));
            return false;
        }
        if (sh[i].stats.completed != m->count) {
            cli_error("merge: the shard covering replications %llu.. was interrupted (%llu of %llu "
                      "done)",
                      (unsigned long long)m->first, (unsigned long long)sh[i].stats.completed,
                      (unsigned long long)m->count);
            return false;
        }
        next = m->first + m->count;
    }
    if (next != m0->runs) {
        cli_error("merge: replications %llu..%llu are missing (a shard?)", (unsigned long long)next,
                  (unsigned long long)(m0->runs - 1));
        return false;
    }
    return true;
}

static int merge(struct shard *sh, size_t n, struct study_args *a)
{
    if (!check_shards(sh, n)) {
        return EXIT_USAGE;
    }
    struct eap_error err;
    for (size_t i = 1; i < n; i++) {
        if (!eap_batch_stats_merge(&sh[0].stats, &sh[i].stats, &err)) {
            cli_error("merge: %s", err.msg);
            return err.code == EAP_ENOMEM ? 1 : EXIT_USAGE;
        }
    }
    struct eap_batch_meta meta = sh[0].meta;
    meta.first = 0;
    meta.count = meta.runs;
    a->run.seed = meta.seed;
    /* The merge's stamp: the study's inputs and settings as the shards give them. */
    cli_stamp_inputs(meta.file, meta.fingerprint, meta.seed, meta.runs);
    if (sh[0].stamp.version[0] && !cli_stamp_settings_from(&sh[0].stamp)) {
        return 1;
    }
    meta.stamp = cli_stamp_json();
    if (!meta.stamp) {
        cli_error("out of memory while making the provenance stamp");
        return 1;
    }
    bool paired = sh[0].stats.b != NULL;
    struct eap_summary s = {
        &meta, paired ? EAP_SUMMARY_COMPARE : EAP_SUMMARY_BATCH, NULL, &sh[0].stats, 1, false, NULL,
        NULL};
    int rc = study_prepare_out(a);
    return rc ? rc : study_report(a, &(struct eap_study_result){&s, NULL}, 0, NULL);
}

int cli_merge(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static struct study_args a;
    memset(&a, 0, sizeof(a));
    a.threads = 1;
    a.runs = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            a.out = optarg;
            break;
        case 'f':
            if (!eap_format_parse(optarg, &a.format)) {
                cli_error("--format: expected text, json or csv, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            cli_help("merge");
            return 0;
        default:
            return cli_bad_option("merge");
        }
    }
    if (!a.out || optind >= argc) {
        cli_error(!a.out ? "merge: expected --out DIR" : "merge: expected the shards to merge");
        return cli_bad_option("merge");
    }
    size_t n = (size_t)(argc - optind);
    struct shard *sh = calloc(n, sizeof(*sh));
    int status = sh ? 0 : 1;
    if (!sh) {
        cli_error("out of memory");
    }
    for (size_t i = 0; status == 0 && i < n; i++) {
        status = load_shard(argv[optind + (int)i], &sh[i]);
    }
    if (status == 0) {
        status = merge(sh, n, &a);
    }
    for (size_t i = 0; sh && i < n; i++) {
        eap_batch_stats_finish(&sh[i].stats);
        free(sh[i].keep);
        free(sh[i].stamp_keep);
    }
    free(sh);
    return status;
}
