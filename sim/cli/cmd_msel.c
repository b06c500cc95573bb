/*
 * eapsim msel SCENARIO: the Master Scenario Events List of a scenario's exercise for
 * controllers, as CSV (spreadsheets), Markdown or HTML (binders), with when each inject fell
 * due in the record's replay; and --import FILE.csv: a spreadsheet MSEL back into the
 * scenario's exercise injects. Files are written atomically; a CSV with any problem writes
 * nothing and exits 2, every problem located.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eapsim/atomic.h"
#include "eapsim/exercise.h"
#include "eapsim/msel.h"

struct msel_args {
    const char *file, *out, *import;
    enum eap_msel_format format;
    bool format_given;
};

static int parse_args(int argc, char **argv, struct msel_args *a)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},
        {"import", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "f:o:i:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!eap_msel_format_parse(optarg, &a->format)) {
                cli_error("--format: expected csv, md or html, found \"%s\"", optarg);
                return EXIT_USAGE;
            }
            a->format_given = true;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'i':
            a->import = optarg;
            break;
        case 'h':
            cli_help("msel");
            return -1;
        default:
            return cli_bad_option("msel");
        }
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "msel: expected a scenario file"
                                 : "msel: expected one scenario file, found several");
        return cli_bad_option("msel");
    }
    if (a->import && a->format_given) {
        cli_error("msel: --format chooses what the export writes; --import writes the scenario "
                  "(JSON)");
        return cli_bad_option("msel");
    }
    a->file = argv[optind];
    return 0;
}

/* --- export --- */

/* When each inject fell due in the record's replay (a new array), or NULL on failure. */
static eap_time *replay_times(const struct eap_scenario *scn)
{
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine_options opt = {.replay = true};
    struct eap_engine *e = cli_run_once(scn, &opt, 0, 1, 0, &err);
    eap_time *t = calloc(scn->inject_count + 1, sizeof(*t));
    if (!e || !t) {
        cli_error("%s", e ? "out of memory" : err.msg);
        free(t);
        eap_engine_destroy(e);
        return NULL;
    }
    eap_exercise_inject_times(scn, eap_engine_trace(e), t);
    eap_engine_destroy(e);
    return t;
}

static int write_out(const char *path, const struct eap_scenario *scn, const eap_time *times,
                     enum eap_msel_format format)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (!path) {
        return eap_msel_write(stdout, scn, times, format, &err) ? 0 : (cli_error("%s", err.msg), 1);
    }
    struct eap_atomic_file af;
    FILE *f = eap_atomic_open(&af, path, &err);
    bool ok = f && eap_msel_write(f, scn, times, format, &err);
    ok = ok && eap_atomic_commit(&af, &err);
    if (!ok) {
        eap_atomic_abort(&af);
        cli_error("%s", err.msg);
        return 1;
    }
    return 0;
}

static int export_msel(const struct msel_args *a)
{
    struct eap_scenario *scn = cli_load(a->file, NULL);
    if (!scn) {
        return EXIT_USAGE;
    }
    eap_time *times = replay_times(scn);
    int status = times ? write_out(a->out, scn, times, a->format) : 1;
    free(times);
    eap_scenario_destroy(scn);
    return status;
}

/* --- import --- */

/* The whole file, NUL-terminated, at most EAP_SCENARIO_MAX_BYTES; NULL with the reason
 * printed. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = EAP_SCENARIO_MAX_BYTES + 1;
    char *buf = malloc(cap + 1);
    size_t n = buf ? fread(buf, 1, cap, f) : 0;
    bool bad = ferror(f) != 0;
    fclose(f);
    if (!buf || bad || n == cap) {
        cli_error(!buf  ? "out of memory reading %s"
                  : bad ? "cannot read %s"
                        : "%s: larger than 16 MB, which is no MSEL",
                  path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void print_warnings(const struct eap_diag *w)
{
    char line[1024];
    for (size_t i = 0; i < w->count; i++) {
        struct eap_error e = w->items[i];
        snprintf(e.msg, sizeof(e.msg), "warning: %.370s", w->items[i].msg);
        eap_error_format(&e, line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
}

/* The new scenario text, or NULL with the problems printed; *status says why. */
static char *imported(const struct msel_args *a, const struct eap_scenario *scn, size_t *len,
                      int *status)
{
    size_t text_len, csv_len;
    char *text = read_file(a->file, &text_len), *csv = text ? read_file(a->import, &csv_len) : NULL;
    struct eap_diag errors, warnings;
    eap_diag_init(&errors);
    eap_diag_init(&warnings);
    char *out =
        csv ? eap_msel_import(scn, text, text_len, a->import, csv, csv_len, len, &errors, &warnings)
            : NULL;
    print_warnings(&warnings);
    if (csv && !out) {
        cli_report_diag(a->import, &errors);
    }
    bool memory = errors.count > 0 && errors.items[0].code == EAP_ENOMEM;
    *status = out ? 0 : csv && !memory ? EXIT_USAGE : 1;
    eap_diag_finish(&errors);
    eap_diag_finish(&warnings);
    free(text);
    free(csv);
    return out;
}

static int import_msel(const struct msel_args *a)
{
    struct eap_scenario *scn = cli_load(a->file, NULL);
    if (!scn) {
        return EXIT_USAGE;
    }
    size_t len = 0;
    int status;
    char *out = imported(a, scn, &len, &status);
    eap_scenario_destroy(scn);
    if (!out) {
        return status == 0 ? 1 : status;
    }
    struct eap_error err;
    eap_error_clear(&err);
    if (a->out && !eap_write_file_atomic(a->out, out, len, &err)) {
        cli_error("%s", err.msg);
        status = 1;
    } else if (!a->out && fwrite(out, 1, len, stdout) != len) {
        cli_error("cannot write the scenario to the standard output");
        status = 1;
    }
    free(out);
    return status;
}

int cli_msel(int argc, char **argv)
{
    struct msel_args a = {.format = EAP_MSEL_CSV};
    int status = parse_args(argc, argv, &a);
    if (status != 0) {
        return status < 0 ? 0 : status;
    }
    return a.import ? import_msel(&a) : export_msel(&a);
}
