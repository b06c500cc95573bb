/*
 * The provenance stamp: what every file eapsim writes says about how it was made, so that a
 * chart in a briefing can be traced to the program, the inputs and the command behind it.
 *
 * A stamp holds the program's version and the source commit it was built from (compiled in),
 * the scenario file and the fingerprint of its content and overrides (the one state.json and
 * merges use, eap_study_fingerprint), the seed, the number of replications, every setting
 * that changes what was computed (--set, --vs-set, --sweep, --from, --replay, ...), the
 * command line, and the UTC time it was made. The caller supplies the time: the library never
 * reads the clock. The CLI takes it from SOURCE_DATE_EPOCH when set (the reproducible-builds
 * convention), so that two identical runs give byte-identical files.
 *
 * One module makes the stamp in the form each kind of file needs, and every writer calls it:
 *
 *   JSON files          a "stamp" object            eap_stamp_json
 *   text reports        "key: value" lines          eap_stamp_text
 *   CSV reports         rows of (key, value)        eap_stamp_field (one field at a time)
 *   SVG and HTML        the JSON in <metadata> or a data block (sim/report, private)
 *   PNG images          tEXt chunks                 eap_stamp_png
 *   plain CSV tables    nothing in the file: run-info.json beside them lists every file
 *                       written with its SHA-256 (eap_run_info_json, summary.h)
 *
 * A writer of a new kind of file (an exercise log, an after-action report) stamps it so:
 *
 *   struct eap_stamp st;          // usually filled by the CLI and passed down
 *   eap_stamp_init(&st);          // this build's version and commit, nothing else
 *   st.scenario = "scenarios/benghazi-2012.json";
 *   st.fingerprint = eap_study_fingerprint(st.scenario, sets, n, NULL, 0);
 *   st.seed = 1; st.runs = 1; st.command_line = "eapsim ..."; st.time = t;
 *   char *json = eap_stamp_json(&st, 1);   // "{\n  \"program\": ...}" ; free() it
 *   char *text = eap_stamp_text(&st, "# ");  // "# program: eapsim 0.1.0\n# ..." ; free() it
 *
 * Every form is plain ASCII (other characters are escaped), with one field per line, and
 * the command line on a line of its own that names it ("command_line"), so that tools (and
 * the tests) can set aside the one field that differs between runs of the same study made
 * with different options (--threads, --shard, --out).
 */
#ifndef EAPSIM_STAMP_H
#define EAPSIM_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/error.h"

#define EAP_STAMP_MAX_SETTINGS 256

struct eap_stamp {
    const char *version;  /* "0.1.0" (eap_stamp_init: this build's) */
    const char *commit;   /* the source commit, "f4d3f5c1a2b3" ("-dirty" when the tree had
                             changes; "unknown" outside git) */
    const char *scenario; /* the scenario file as given; NULL: none (no fingerprint either) */
    uint64_t fingerprint; /* of the file's bytes and every override */
    uint64_t seed;
    uint64_t runs;               /* replications; 0: none (no seed either) */
    const char *const *settings; /* setting_count texts as typed: "--set a/b=1", "--from 01:30" */
    size_t setting_count;
    const char *command_line; /* "eapsim batch scenarios/x.json --runs 2000", shell-quoted */
    int64_t time;             /* when the file was made, seconds since 1970-01-01 UTC */
};

/* Zeroes st and sets this build's version and commit. */
void eap_stamp_init(struct eap_stamp *st);

/* This build's version and source commit ("eapsim --version"). */
const char *eap_stamp_version(void);
const char *eap_stamp_commit(void);

/* Parses SOURCE_DATE_EPOCH's value: decimal seconds since 1970 (digits only, at most
 * 253402300799, the end of year 9999). Returns false for anything else. */
bool eap_stamp_parse_epoch(const char *text, int64_t *t);

/* "2023-11-14T22:13:20Z" into buf (21 bytes at least). */
char *eap_stamp_time_text(int64_t t, char *buf, size_t len);

/* The stamp as a JSON object (free with free(); NULL when memory runs out): its fields in a
 * fixed order, one per line, indented by `depth` levels of two spaces (the braces by one
 * level less), with no newline after the closing brace. Fields without a value (no scenario,
 * no runs) are left out. */
char *eap_stamp_json(const struct eap_stamp *st, int depth);

/* The stamp as "key: value" lines, each starting with `prefix` (free with free(); NULL when
 * memory runs out). The keys are the JSON's. */
char *eap_stamp_text(const struct eap_stamp *st, const char *prefix);

/* Field i (0, 1, ...) of the stamp as a key and a value (written into value, cut at len), in
 * the order of the JSON; false after the last. A field without a value is skipped. For forms
 * that lay fields out themselves (rows of a CSV report). */
bool eap_stamp_field(const struct eap_stamp *st, size_t i, const char **key, char *value,
                     size_t len);

/* Reads a stamp written by eap_stamp_json (as state.json carries it) into st: strings point
 * into *keep (free with free()), settings into st->settings (also in *keep). Returns false
 * with err (EAP_EINPUT, naming the field) when text is not one, EAP_ENOMEM when memory runs
 * out. */
bool eap_stamp_from_json(const char *text, struct eap_stamp *st, char **keep,
                         struct eap_error *err);

/* Adds the stamp to the PNG file at path as tEXt chunks after its header ("Software":
 * "eapsim VERSION (commit COMMIT)", "Creation Time", and "eapsim": the JSON form), rewriting
 * the file atomically. False with err when the file is not a PNG (EAP_EINPUT) or cannot be
 * read or written (EAP_EIO). O(file size). */
bool eap_stamp_png(const char *path, const struct eap_stamp *st, struct eap_error *err);

/* SHA-256 of a file, as 64 lowercase hex digits into hex[65]. False with err (EAP_EIO) when
 * it cannot be read. O(file size). */
bool eap_sha256_file(const char *path, char hex[65], struct eap_error *err);

/* SHA-256 (FIPS 180-4) of len bytes into out[32]. */
void eap_sha256(const void *data, size_t len, unsigned char out[32]);

#endif
