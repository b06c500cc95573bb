/*
 * Files written atomically: a temporary file beside the target, made durable with fsync, then
 * renamed onto it. An interrupted or failed write never leaves a half-written file behind,
 * and the target keeps its previous contents until the new ones are complete.
 */
#ifndef EAPSIM_ATOMIC_H
#define EAPSIM_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/error.h"

struct eap_atomic_file {
    FILE *f;
    char path[1024];
    char tmp[1040];
};

/* Opens a temporary file beside `path` for writing. Returns the stream, or NULL with err set
 * (EAP_EIO, naming the file and the cause). */
FILE *eap_atomic_open(struct eap_atomic_file *a, const char *path, struct eap_error *err);

/* Flushes, syncs and renames the temporary file onto `path`. On failure removes the
 * temporary file and returns false with err set. */
bool eap_atomic_commit(struct eap_atomic_file *a, struct eap_error *err);

/* Closes and removes the temporary file; the target is left as it was. Safe to call on a
 * zeroed or already committed struct. */
void eap_atomic_abort(struct eap_atomic_file *a);

/* Writes `len` bytes of `text` to `path` atomically. */
bool eap_write_file_atomic(const char *path, const char *text, size_t len, struct eap_error *err);

/* Makes sure files can be written into dir: creates it (one level) when it does not exist,
 * and checks a file can be created there. Returns false with err (EAP_EIO, the message
 * starting with dir) when dir is not a directory, cannot be created or is not writable. */
bool eap_atomic_dir(const char *dir, struct eap_error *err);

#endif
