/*
 * Errors and diagnostics shared by every module.
 *
 * The library never prints and never exits: input and environment errors fill a
 * caller-provided struct eap_error (one problem) or struct eap_diag (all problems of a
 * file). The CLI prints them and maps the status to exit codes 0 / 1 / 2.
 */
#ifndef EAPSIM_ERROR_H
#define EAPSIM_ERROR_H

#include <stdbool.h>
#include <stddef.h>

/* X-macro table: name, exit code for the CLI, description. */
#define EAP_STATUS_MAP(X)                                                                          \
    X(OK, 0, "success")                                                                            \
    X(EINPUT, 2, "invalid input")                                                                  \
    X(EUSAGE, 2, "invalid usage")                                                                  \
    X(EIO, 1, "input/output error")                                                                \
    X(ENOMEM, 1, "out of memory")                                                                  \
    X(EINTERNAL, 1, "internal error")                                                              \
    X(ENOTSUP, 2, "not supported by this build")

enum eap_status {
#define EAP_STATUS_ENUM(name, code, desc) EAP_##name,
    EAP_STATUS_MAP(EAP_STATUS_ENUM)
#undef EAP_STATUS_ENUM
};

#define EAP_PATH_MAX 192

/* One located problem. Fields that do not apply are empty strings or 0. */
struct eap_error {
    enum eap_status code;
    char file[256];
    int line, col;           /* 1-based; 0 when unknown */
    char path[EAP_PATH_MAX]; /* JSON pointer, e.g. "/assets/3/readiness" */
    char msg[384];           /* "expected X, found Y" and any hint */
};

/* Every problem found in one input: the loader reports all of them, not the first. */
struct eap_diag {
    struct eap_error *items;
    size_t count, cap;
    size_t dropped; /* problems past EAP_DIAG_MAX, counted but not kept */
};

#define EAP_DIAG_MAX 200

/* Human description of a status ("invalid input"). Never NULL. */
const char *eap_strerror(enum eap_status code);

/* The exit code the CLI uses for a status (0, 1 or 2). */
int eap_status_exit_code(enum eap_status code);

/* Clears err to EAP_OK with empty fields. */
void eap_error_clear(struct eap_error *err);

/* Formats into err->msg (printf-style) and sets err->code. err may be NULL. Returns false,
 * so callers can write `return eap_error_set(err, EAP_EINPUT, "...")`. */
bool eap_error_set(struct eap_error *err, enum eap_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes "file:line:col: path: msg" (parts that are empty are left out) into buf. */
void eap_error_format(const struct eap_error *err, char *buf, size_t len);

/* Diagnostics list: init to zero or with eap_diag_init, free with eap_diag_finish. */
void eap_diag_init(struct eap_diag *d);
void eap_diag_finish(struct eap_diag *d);

/* Appends a copy of err. When memory runs out or EAP_DIAG_MAX is reached the problem is
 * counted in d->dropped instead. */
void eap_diag_add(struct eap_diag *d, const struct eap_error *err);

/* The nearest of the candidates to word by edit distance, or NULL when none is close
 * enough to be a plausible typo. NULL candidates are skipped. Used for "did you mean"
 * hints. O(n * len^2). */
const char *eap_suggest(const char *word, const char *const *candidates, size_t n);

#endif
