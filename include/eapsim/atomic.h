/*
 * Files and folders written atomically. A file goes to a temporary file beside the target,
 * made durable with fsync, then renamed onto it. A folder of files (a study's --out) goes to a
 * temporary folder beside the target, which replaces it in one step once every file is
 * complete. An interrupted or failed write never leaves a half-written file or folder: the
 * target keeps its previous contents until the new ones are complete.
 */
#ifndef EAPSIM_ATOMIC_H
#define EAPSIM_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/error.h"

struct eap_atomic_file {
    FILE *f;
    int fd;   /* f's descriptor, kept for fsync */
    int werr; /* errno of the first failed write(2), 0 while none failed */
    char path[1024];
    char tmp[1040];
};

/* Opens a temporary file beside `path` for writing. Returns the stream, or NULL with err set
 * (EAP_EIO, naming the file and the cause). */
FILE *eap_atomic_open(struct eap_atomic_file *a, const char *path, struct eap_error *err);

/* Flushes, syncs and renames the temporary file onto `path`. On failure removes the
 * temporary file and returns false with err set ("cannot write PATH: REASON"). */
bool eap_atomic_commit(struct eap_atomic_file *a, struct eap_error *err);

/* Closes and removes the temporary file; the target is left as it was. Safe to call on a
 * zeroed or already committed struct. */
void eap_atomic_abort(struct eap_atomic_file *a);

/* Writes `len` bytes of `text` to `path` atomically. */
bool eap_write_file_atomic(const char *path, const char *text, size_t len, struct eap_error *err);

/* ---- folders written all or nothing (outdir.c) ---- */

/* Longest folder path accepted, so that every file path inside it fits the writers' buffers. */
#define EAP_OUTDIR_PATH_MAX 800

/* A folder being written: files go into `stage`, a temporary folder beside the target
 * (PARENT/.NAME.eapsim-XXXXXX) that this process holds locked (flock) while it writes, so a
 * later run can tell a killed run's leftovers from a live one's. Where the folder exists and
 * cannot be replaced as a whole (it is the working folder or a mount point, or its parent
 * cannot be written), the temporary folder is inside it (DIR/.eapsim-XXXXXX) and its files
 * move in one by one, the manifest last, the ones they replace kept until all are in. */
struct eap_outdir {
    char shown[EAP_OUTDIR_PATH_MAX + 1]; /* the folder as named, for messages */
    char target[4096];                   /* ... with its parent resolved (realpath) */
    char stage[4200];                    /* the temporary folder; "" when none */
    int lock;                            /* stage's descriptor, locked; -1 when none */
    bool in_place;                       /* stage is inside the target */
};

/* Before a study runs: checks that dir is a folder or does not exist yet, creates its missing
 * parents (as mkdir -p), checks the folder can be written, and removes the temporary folders
 * of killed runs beside dir and in it (what they held of other files is put back). Creates
 * nothing else. Returns false with err: EAP_EUSAGE when dir exists and is not a folder or its
 * path is too long, EAP_EIO naming the path and the system's reason otherwise. */
bool eap_outdir_prepare(const char *dir, struct eap_error *err);

/* Starts writing dir (eap_outdir_prepare's steps, then the temporary folder). Files are
 * written into o->stage, with eap_atomic_open or any writer given that folder. Returns false
 * with err as eap_outdir_prepare does; o is then zeroed but for lock = -1, and
 * eap_outdir_abort on it does nothing. */
bool eap_outdir_begin(struct eap_outdir *o, const char *dir, struct eap_error *err);

/* Puts the folder in place, then frees o's resources. When dir did not exist the temporary
 * folder is renamed to it. When it exists its files are replaced in one step (an atomic
 * exchange of the two folders where the file system has one, else two renames): the new
 * folder holds the files written now, and keeps the other files of dir (hard links, and
 * subfolders moved back after the exchange) except those the previous run's manifest lists
 * and the temporary files of killed writes. In place (see struct eap_outdir) the files move
 * in one by one instead, with the same result. manifest: NULL, or the name of the file to
 * write last, whose text is manifest_text: a JSON object whose "files" array lists every other
 * file of the folder as {"file": NAME, ...} (run-info.json, eap_run_info_json in summary.h),
 * which the next run's commit reads to know which files of dir were this kind of run's.
 * On failure dir is left exactly as it was, the temporary folder is removed, and err names
 * the file as in dir ("DIR/runs.csv: No space left on device"). Cost: O(files in both
 * folders). */
bool eap_outdir_commit(struct eap_outdir *o, const char *manifest, const char *manifest_text,
                       struct eap_error *err);

/* Removes the temporary folder and what was written into it; dir is left as it was. Safe on a
 * committed or failed outdir. */
void eap_outdir_abort(struct eap_outdir *o);

/* Rewrites err's message so that a path inside the temporary folder reads as inside dir:
 * what the user should be told about "DIR/summary.json" when a writer failed on the
 * temporary copy. */
void eap_outdir_explain(const struct eap_outdir *o, struct eap_error *err);

#endif
