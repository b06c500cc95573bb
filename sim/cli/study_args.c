/*
 * The command line of batch studies: the options batch, compare and sensitivity share, sweep
 * specifications, the checks every study passes before anything runs, and --out. Options a
 * command would ignore are refused, so nobody believes they changed something.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "study.h"

/* --- sweeps --- */

static bool add_value(struct sweep_dim *d, const char *v, const char *arg)
{
    if (d->count == STUDY_MAX_POINTS) {
        cli_error("--sweep %s: more than %d values", arg, STUDY_MAX_POINTS);
        return false;
    }
    if (strlen(v) >= sizeof(d->values[0]) || !v[0]) {
        cli_error("--sweep %s: a value is %s", arg, v[0] ? "too long" : "empty");
        return false;
    }
    snprintf(d->values[d->count++], sizeof(d->values[0]), "%s", v);
    return true;
}

/* "A:B:STEP" with an optional unit after STEP ("0:60:10 min"). */
static bool parse_range(const char *spec, const char *arg, struct sweep_dim *d)
{
    double a, b, step;
    int used = 0;
    if (sscanf(spec, "%lf:%lf:%lf%n", &a, &b, &step, &used) != 3) {
        cli_error("--sweep %s: expected PATH=A:B:STEP (e.g. \"0:60:10 min\") or "
                  "PATH=V1,V2,...",
                  arg);
        return false;
    }
    const char *unit = spec + used;
    while (*unit == ' ') {
        unit++;
    }
    if (!(step > 0) || !isfinite(a) || !isfinite(b) || !isfinite(step)) {
        cli_error("--sweep %s: the step must be above zero, found %g", arg, step);
        return false;
    }
    if (a > b) {
        cli_error("--sweep %s: the start (%g) is above the end (%g)", arg, a, b);
        return false;
    }
    double n = floor((b - a) / step + 1e-9) + 1;
    if (n > STUDY_MAX_POINTS) {
        cli_error("--sweep %s: %.0f points, at most %d", arg, n, STUDY_MAX_POINTS);
        return false;
    }
    for (long i = 0; i < (long)n; i++) {
        char v[64];
        snprintf(v, sizeof(v), "%.10g%s%s", a + (double)i * step, unit[0] ? " " : "", unit);
        if (!add_value(d, v, arg)) {
            return false;
        }
    }
    return true;
}

bool study_parse_sweep(const char *arg, struct sweep_dim *d)
{
    memset(d, 0, sizeof(*d));
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1] || (size_t)(eq - arg) >= sizeof(d->path)) {
        cli_error("--sweep %s: expected PATH=A:B:STEP or PATH=V1,V2,...", arg);
        return false;
    }
    snprintf(d->path, sizeof(d->path), "%.*s", (int)(eq - arg), arg);
    d->values = calloc(STUDY_MAX_POINTS, sizeof(*d->values));
    if (!d->values) {
        cli_error("out of memory");
        return false;
    }
    const char *spec = eq + 1;
    if (strchr(spec, ':') && !strchr(spec, ',')) {
        return parse_range(spec, arg, d);
    }
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", spec);
    char *save = NULL;
    for (char *v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        while (*v == ' ') {
            v++;
        }
        if (!add_value(d, v, arg)) {
            return false;
        }
    }
    if (d->count < 1) {
        cli_error("--sweep %s: no values", arg);
        return false;
    }
    return true;
}

void study_free_sweeps(struct study_args *a)
{
    for (size_t i = 0; i < STUDY_MAX_DIMS; i++) {
        free(a->dims[i].values);
        a->dims[i].values = NULL;
    }
}

/* --- checks and --out --- */

static int prepare_out(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        /* EEXIST: another MPI rank made it first. */
        if (errno != ENOENT || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
            cli_error("--out %s: cannot create the directory: %s", dir, strerror(errno));
            return EXIT_USAGE;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        cli_error("--out %s: exists and is not a directory", dir);
        return EXIT_USAGE;
    }
    char probe[1100];
    snprintf(probe, sizeof(probe), "%s/.eapsim-probe-XXXXXX", dir);
    int fd = mkstemp(probe);
    if (fd < 0) {
        cli_error("--out %s: cannot write there: %s", dir, strerror(errno));
        return EXIT_USAGE;
    }
    close(fd);
    unlink(probe);
    return 0;
}

int study_check(struct study_args *a)
{
    if (a->runs == 0) {
        cli_error("--runs: expected at least 1 replication, found 0");
        return EXIT_USAGE;
    }
    /* Counts go into JSON summaries, whose readers hold numbers as doubles. */
    if (a->runs > STUDY_MAX_RUNS) {
        cli_error("--runs: expected at most %llu replications, found %llu",
                  (unsigned long long)STUDY_MAX_RUNS, (unsigned long long)a->runs);
        return EXIT_USAGE;
    }
    if (a->threads == 0) {
        cli_error("--threads: expected at least 1, found 0");
        return EXIT_USAGE;
    }
    if (a->has_shard && (a->shard_n == 0 || a->shard_k == 0 || a->shard_k > a->shard_n)) {
        cli_error("--shard: expected K/N with 1 <= K <= N, found %llu/%llu",
                  (unsigned long long)a->shard_k, (unsigned long long)a->shard_n);
        return EXIT_USAGE;
    }
    if (a->has_shard && !a->out) {
        cli_error("--shard needs --out DIR, where the shard's state.json goes for eapsim merge");
        return EXIT_USAGE;
    }
    if (a->per_run && !a->out) {
        cli_error("--per-run needs --out DIR, where runs.csv goes");
        return EXIT_USAGE;
    }
    if (eap_mpi_active() && a->per_run) {
        cli_error("--per-run is not available under MPI; use --shard for per-run tables");
        return EXIT_USAGE;
    }
    return 0;
}

int study_prepare_out(const struct study_args *a)
{
    return a->out ? prepare_out(a->out) : 0;
}

static unsigned cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 1024 ? (unsigned)n : 1;
}

static bool parse_shard(const char *text, struct study_args *a)
{
    unsigned long long k, n;
    char tail;
    if (sscanf(text, "%llu/%llu%c", &k, &n, &tail) != 2) {
        cli_error("--shard: expected K/N such as 2/8, found \"%s\"", text);
        return false;
    }
    a->has_shard = true;
    a->shard_k = k;
    a->shard_n = n;
    return true;
}

/* One option into a; returns false with the problem printed. */
static bool take_option(int c, const char *arg, struct study_args *a)
{
    uint64_t threads;
    switch (c) {
    case 'n':
        a->runs_given = true;
        return cli_parse_u64("--runs", arg, &a->runs);
    case 's':
        return cli_parse_u64("--seed", arg, &a->seed);
    case 't':
        if (!cli_parse_u64("--threads", arg, &threads)) {
            return false;
        }
        a->threads = threads > 4096 ? 4096 : (unsigned)threads;
        return true;
    case 'S':
        return cli_sets_add(&a->sets, arg);
    case 'V':
        return cli_sets_add(&a->vs_sets, arg); /* compare names --vs-set in its messages */
    case 'w':
        if (a->dim_count == STUDY_MAX_DIMS) {
            cli_error("--sweep: at most %d dimensions", STUDY_MAX_DIMS);
            return false;
        }
        return study_parse_sweep(arg, &a->dims[a->dim_count++]);
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
    default: /* 'q' */
        a->quiet = true;
        return true;
    }
}

/* Options the command would ignore, and combinations it cannot do, are refused. */
static bool refuse_unused(const struct study_args *a, enum study_kind kind)
{
    const char *why = NULL;
    if (a->vs_sets.count && kind != STUDY_COMPARE) {
        why = "--vs-set is for eapsim compare (the B side of a comparison)";
    } else if (a->dim_count && kind != STUDY_BATCH) {
        why = "--sweep is for eapsim batch";
    } else if (a->metric && kind != STUDY_SENSITIVITY) {
        why = "--metric is for eapsim sensitivity (batch and compare report every metric)";
    } else if (kind == STUDY_SENSITIVITY && (a->has_shard || a->per_run)) {
        why = "--shard and --per-run are for eapsim batch and compare";
    } else if (a->dim_count && a->has_shard) {
        why = "--shard with --sweep is not supported: run each sweep value as a batch with "
              "--set and its own shards";
    } else if (a->dim_count && a->per_run) {
        why = "--per-run with --sweep is not supported: run the point of interest as a batch "
              "with --set";
    } else if (kind == STUDY_COMPARE && a->vs_sets.count == 0) {
        why = "compare: expected at least one --vs-set PATH=VALUE (what B changes)";
    }
    if (why) {
        cli_error("%s", why);
    }
    return why == NULL;
}

int study_parse(int argc, char **argv, struct study_args *a, const struct cli_command *self,
                void (*help)(FILE *), enum study_kind kind)
{
    static const struct option opts[] = {
        {"runs", required_argument, NULL, 'n'},    {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'}, {"set", required_argument, NULL, 'S'},
        {"vs-set", required_argument, NULL, 'V'},  {"sweep", required_argument, NULL, 'w'},
        {"out", required_argument, NULL, 'o'},     {"per-run", no_argument, NULL, 'p'},
        {"shard", required_argument, NULL, 'k'},   {"format", required_argument, NULL, 'f'},
        {"metric", required_argument, NULL, 'm'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    a->seed = 1;
    a->threads = cpu_count();
    int c;
    while ((c = getopt_long(argc, argv, "n:s:t:S:V:w:o:pk:f:m:qh", opts, NULL)) != -1) {
        if (c == 'h') {
            help(stdout);
            return -1;
        }
        if (c == '?' || c == ':') {
            return cli_bad_option(self);
        }
        if (!take_option(c, optarg, a)) {
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_error("%s: expected one scenario file", self->name);
        return cli_bad_option(self);
    }
    a->file = argv[optind];
    if (!a->runs_given) {
        cli_error("%s: --runs N is required (the number of replications)", self->name);
        return EXIT_USAGE;
    }
    return refuse_unused(a, kind) ? study_check(a) : EXIT_USAGE;
}
