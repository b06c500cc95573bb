/*
 * Output folders written all or nothing (a study's --out DIR): the files go into a temporary
 * folder beside DIR, PARENT/.NAME.eapsim-XXXXXX, which takes DIR's place in one step once
 * every file is complete. A DIR that cannot be replaced as a whole (the working folder, a
 * mount point, a folder whose parent cannot be written) gets its temporary folder inside,
 * DIR/.eapsim-XXXXXX, and the files move in one by one, the manifest last. The writing process
 * holds the temporary folder locked (flock), so the folder of a killed run is known by its name and
 * its free lock, and the next run writing there removes it. Nothing here ever deletes a directory's
 * contents recursively: leftovers are files this code wrote, or hard links; a subfolder found in a
 * leftover is a user's, and goes back into DIR.
 */
#define _GNU_SOURCE /* renameat2 and RENAME_EXCHANGE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "eapsim/atomic.h"
#include "report_internal.h"

#define STAGE_MARK ".eapsim-"
#define MANIFEST_MAX_BYTES (1 << 20)

/* ---- lists of names ---- */

struct names {
    char **v;
    size_t n, cap;
    bool oom;
};

static void names_add(struct names *l, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof(*v));
        if (!v) {
            l->oom = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy) {
        l->oom = true;
        return;
    }
    l->v[l->n++] = copy;
}

static bool names_has(const struct names *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static void names_free(struct names *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i]);
    }
    free(l->v);
    *l = (struct names){NULL, 0, 0, false};
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- paths ---- */

/* The parent folder of o->target (into buf) and its last component. */
static const char *split(const struct eap_outdir *o, char *buf, size_t len)
{
    snprintf(buf, len, "%s", o->target);
    char *slash = strrchr(buf, '/');
    if (slash == buf) {
        buf[1] = '\0';
    } else {
        *slash = '\0';
    }
    return strrchr(o->target, '/') + 1;
}

/* "PARENT/.NAME.eapsim-" (beside) or "DIR/.eapsim-" (in place): every temporary folder of
 * this target starts so. */
static void stage_prefix(const struct eap_outdir *o, bool in_place, char *buf, size_t len)
{
    char parent[4096];
    const char *name = split(o, parent, sizeof(parent));
    if (in_place) {
        snprintf(buf, len, "%s/" STAGE_MARK, o->target);
    } else {
        snprintf(buf, len, "%s/.%s" STAGE_MARK, strcmp(parent, "/") == 0 ? "" : parent, name);
    }
}

/* Temporary files of eapsim's single-file writes ("runs.csv.tmp.Ab12Cd") and its
 * writability probes, which a killed run may have left in a folder written before outdir.c. */
static bool is_temp_name(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, ".eapsim-probe-", 14) == 0 ||
           (n > 11 && strncmp(name + n - 11, ".tmp.", 5) == 0);
}

/* dir with trailing slashes dropped ("out/" is "out"; "/" stays). */
static void trim(char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') {
        path[--n] = '\0';
    }
}

/* Where dir is: o->target is its real parent and its name. Creates missing parents. */
static bool locate(struct eap_outdir *o, const char *dir, struct eap_error *err)
{
    if (dir[0] == '\0') {
        return eap_error_set(err, EAP_EUSAGE, "expected a folder name, found nothing");
    }
    if (strlen(dir) > EAP_OUTDIR_PATH_MAX) {
        return eap_error_set(err, EAP_EUSAGE, "%.60s...: path too long (at most %d bytes)", dir,
                             EAP_OUTDIR_PATH_MAX);
    }
    snprintf(o->shown, sizeof(o->shown), "%s", dir);
    char path[4096], real[PATH_MAX];
    snprintf(path, sizeof(path), "%s", dir);
    trim(path);
    if (realpath(path, real)) { /* it exists: its real place (a symlink is followed) */
        snprintf(o->target, sizeof(o->target), "%s", real);
    } else {
        char *slash = strrchr(path, '/');
        const char *name = slash ? slash + 1 : path;
        char parent[4096];
        snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - path) : 1,
                 slash ? (slash == path ? "/" : path) : ".");
        if (!eap__mkdirs(parent, err)) {
            return false;
        }
        if (!realpath(parent, real)) {
            return eap_error_set(err, EAP_EIO, "cannot write into %s: %s", parent, strerror(errno));
        }
        int n =
            snprintf(o->target, sizeof(o->target), "%s/%s", strcmp(real, "/") ? real : "", name);
        if (n < 0 || (size_t)n >= sizeof(o->target)) {
            o->target[EAP_OUTDIR_PATH_MAX + 1] = '\0'; /* refused just below */
        }
    }
    if (strlen(o->target) > EAP_OUTDIR_PATH_MAX) { /* the writers' paths must fit */
        return eap_error_set(err, EAP_EUSAGE,
                             "%s: path too long once resolved (%zu bytes, at "
                             "most %d)",
                             dir, strlen(o->target), EAP_OUTDIR_PATH_MAX);
    }
    return true;
}

/* The target as it stands: it does not exist (false, errno ENOENT), or is a folder we may
 * write. */
static bool check_target(const struct eap_outdir *o, bool *exists, struct eap_error *err)
{
    struct stat st;
    *exists = lstat(o->target, &st) == 0;
    if (!*exists) {
        return errno == ENOENT ||
               eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        return eap_error_set(err, EAP_EUSAGE, "%s: exists and is not a directory", o->shown);
    }
    if (strcmp(o->target, "/") == 0) {
        return eap_error_set(err, EAP_EUSAGE, "%s: cannot replace the root folder", o->shown);
    }
    return true;
}

/* Whether an existing target must be written in place: replaced by a new folder, a working
 * folder would be left deleted under whoever stands in it, and a mount point cannot move. */
static bool needs_in_place(const struct eap_outdir *o)
{
    struct stat st, here, up;
    char parent[4096];
    split(o, parent, sizeof(parent));
    return stat(o->target, &st) == 0 &&
           ((stat(".", &here) == 0 && here.st_dev == st.st_dev && here.st_ino == st.st_ino) ||
            (stat(parent, &up) == 0 && up.st_dev != st.st_dev));
}

/* ---- leftovers of killed runs ---- */

/* Empties a temporary folder nobody holds and removes it: files go (they are this code's or
 * hard links), a subfolder goes back into the target when the name is free there, else stays
 * with the folder. */
static void purge(const char *stage, const char *target)
{
    DIR *d = opendir(stage);
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            unlinkat(dirfd(d), e->d_name, 0);
            continue;
        }
        /* (the target is made again if the subfolder is all that is left of it) */
        char to[4400];
        snprintf(to, sizeof(to), "%s/%s", target, e->d_name);
        if ((mkdir(target, 0777) == 0 || errno == EEXIST) && access(to, F_OK) != 0) {
            renameat(dirfd(d), e->d_name, AT_FDCWD, to);
        }
    }
    closedir(d);
    rmdir(stage); /* fails, and keeps it, when a subfolder had to stay */
}

/* Removes the temporary folders of the target, beside it (in_place false) or in it, that no
 * live process holds. */
static void remove_stale(const struct eap_outdir *o, bool in_place)
{
    char prefix[4200];
    stage_prefix(o, in_place, prefix, sizeof(prefix));
    const char *base = strrchr(prefix, '/') + 1;
    size_t n = strlen(base);
    struct names found = {0};
    char folder[4200];
    snprintf(folder, sizeof(folder), "%.*s", (int)(base - prefix - 1), prefix);
    DIR *d = opendir(folder[0] ? folder : "/");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, n) == 0 && strlen(e->d_name) == n + 6) {
            names_add(&found, e->d_name);
        }
    }
    if (d) {
        closedir(d);
    }
    for (size_t i = 0; i < found.n; i++) {
        char path[4400];
        snprintf(path, sizeof(path), "%.*s%s", (int)(base - prefix), prefix, found.v[i]);
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
            purge(path, o->target);
        }
        if (fd >= 0) {
            close(fd);
        }
    }
    names_free(&found);
}

/* ---- the temporary folder ---- */

/* The permissions a new folder gets: the target's, or what the umask leaves of 0777. */
static mode_t folder_mode(const struct eap_outdir *o)
{
    struct stat st;
    if (stat(o->target, &st) == 0) {
        return st.st_mode & 07777;
    }
    unsigned mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "Umask: %o", &mask) == 1) {
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return 0777 & ~(mode_t)mask;
}

/* Makes and locks o->stage. Another run's cleanup may remove a folder between mkdtemp and
 * flock: then its link count is 0, and a new one is made. */
static bool make_stage(struct eap_outdir *o, struct eap_error *err)
{
    char prefix[4200];
    stage_prefix(o, o->in_place, prefix, sizeof(prefix));
    for (int attempt = 0; attempt < 5; attempt++) {
        int n = snprintf(o->stage, sizeof(o->stage), "%sXXXXXX", prefix);
        if (n < 0 || (size_t)n >= sizeof(o->stage) || !mkdtemp(o->stage)) {
            int saved = errno;
            o->stage[0] = '\0';
            if (!o->in_place && access(o->target, F_OK) == 0 &&
                (saved == EACCES || saved == EPERM || saved == EROFS)) {
                o->in_place = true; /* the parent is closed, the folder may not be */
                stage_prefix(o, true, prefix, sizeof(prefix));
                continue;
            }
            return eap_error_set(err, saved == ENOMEM ? EAP_ENOMEM : EAP_EIO,
                                 "%s: cannot create a folder beside it: %s", o->shown,
                                 strerror(saved));
        }
        int fd = open(o->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &st) == 0 &&
            st.st_nlink > 0) {
            o->lock = fd;
            chmod(o->stage, folder_mode(o));
            return true;
        }
        if (fd >= 0) {
            close(fd);
        }
    }
    o->stage[0] = '\0';
    return eap_error_set(err, EAP_EIO, "%s: another run keeps removing the temporary folder",
                         o->shown);
}

bool eap_outdir_prepare(const char *dir, struct eap_error *err)
{
    struct eap_outdir o;
    bool ok = eap_outdir_begin(&o, dir, err);
    eap_outdir_abort(&o);
    return ok;
}

bool eap_outdir_begin(struct eap_outdir *o, const char *dir, struct eap_error *err)
{
    memset(o, 0, sizeof(*o));
    o->lock = -1;
    bool exists;
    if (!locate(o, dir, err) || !check_target(o, &exists, err)) {
        return false;
    }
    remove_stale(o, false);
    remove_stale(o, true);
    o->in_place = exists && needs_in_place(o);
    return make_stage(o, err);
}

/* ---- commit ---- */

/* The regular files written into the temporary folder, sorted, but for `skip`. */
static bool list_files(const struct eap_outdir *o, const char *skip, struct names *out,
                       struct eap_error *err)
{
    DIR *d = opendir(o->stage);
    if (!d) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            !is_temp_name(e->d_name) && (!skip || strcmp(e->d_name, skip) != 0)) {
            names_add(out, e->d_name);
        }
    }
    closedir(d);
    if (out->oom) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory while listing %s", o->shown);
    }
    qsort(out->v, out->n, sizeof(*out->v), by_name);
    return true;
}

static bool write_manifest(const struct eap_outdir *o, const char *name, const char *text,
                           struct eap_error *err)
{
    char path[4400];
    snprintf(path, sizeof(path), "%s/%s", o->stage, name);
    return eap_write_file_atomic(path, text, strlen(text), err);
}

/* The files the manifest of the folder's previous run lists, each an object of its "files"
 * array naming it in "file" (run-info.json: eap_run_info_json); none when it has no manifest
 * or it cannot be read: those files are then kept, the safe side. */
static void read_manifest(const struct eap_outdir *o, const char *name, struct names *out)
{
    char path[4400];
    snprintf(path, sizeof(path), "%s/%s", o->target, name);
    FILE *f = fopen(path, "rb");
    char *text = f ? malloc(MANIFEST_MAX_BYTES + 1) : NULL;
    size_t len = text ? fread(text, 1, MANIFEST_MAX_BYTES, f) : 0;
    if (f) {
        fclose(f);
    }
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "files"))
    {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "file"));
        if (s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0) {
            names_add(out, s);
        }
    }
    cJSON_Delete(root);
}

/* Fills the temporary folder with what the target keeps: hard links of the other files, and
 * in `later` what cannot be linked (subfolders, file systems without hard links), to move
 * after the exchange. */
static bool carry_over(const struct eap_outdir *o, const struct names *written,
                       const struct names *dropped, struct names *later, struct eap_error *err)
{
    DIR *d = opendir(o->target);
    if (!d) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
    }
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        struct stat st;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || names_has(written, n) ||
            names_has(dropped, n) || is_temp_name(n) ||
            fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        if (!S_ISDIR(st.st_mode) && linkat(dirfd(d), n, o->lock, n, 0) == 0) {
            continue;
        }
        if (!S_ISDIR(st.st_mode) && errno != EPERM && errno != EMLINK && errno != ENOTSUP) {
            ok = eap_error_set(err, EAP_EIO, "cannot keep %s/%s: %s", o->shown, n, strerror(errno));
        } else {
            names_add(later, n);
        }
    }
    closedir(d);
    if (ok && later->oom) {
        ok = eap_error_set(err, EAP_ENOMEM, "out of memory while replacing %s", o->shown);
    }
    return ok;
}

/* Swaps the temporary folder and the target: o->stage then names the old folder. Where the
 * file system has no exchange, the old folder moves aside first. */
static bool exchange(struct eap_outdir *o, struct eap_error *err)
{
    if (renameat2(AT_FDCWD, o->stage, AT_FDCWD, o->target, RENAME_EXCHANGE) == 0) {
        return true;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
    }
    char aside[4200];
    stage_prefix(o, false, aside, sizeof(aside));
    strcat(aside, "XXXXXX");
    if (!mkdtemp(aside) || rename(o->target, aside) != 0) {
        int saved = errno;
        rmdir(aside);
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(saved));
    }
    if (rename(o->stage, o->target) != 0) {
        int saved = errno;
        rename(aside, o->target);
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(saved));
    }
    snprintf(o->stage, sizeof(o->stage), "%s", aside);
    return true;
}

/* After the exchange: moves back what could not be linked, then empties and removes the old
 * folder. A failure leaves what remains in the old folder, named in err. */
static bool finish_replace(struct eap_outdir *o, const struct names *later, struct eap_error *err)
{
    bool ok = true;
    for (size_t i = 0; i < later->n; i++) {
        char from[4400], to[4400];
        snprintf(from, sizeof(from), "%s/%s", o->stage, later->v[i]);
        snprintf(to, sizeof(to), "%s/%s", o->target, later->v[i]);
        if (rename(from, to) != 0 && errno != ENOENT && ok) {
            ok = eap_error_set(err, EAP_EIO,
                               "%s: written, but %s could not be moved back into it (it is in "
                               "%s): %s",
                               o->shown, later->v[i], o->stage, strerror(errno));
        }
    }
    purge(o->stage, o->target);
    return ok;
}

static bool replace(struct eap_outdir *o, const char *manifest, const struct names *written,
                    struct eap_error *err)
{
    struct names dropped = {0}, later = {0};
    if (manifest) {
        read_manifest(o, manifest, &dropped);
        names_add(&dropped, manifest);
    }
    bool ok = carry_over(o, written, &dropped, &later, err) && exchange(o, err);
    if (ok) {
        ok = finish_replace(o, &later, err);
        o->stage[0] = '\0'; /* gone, or holding what err names */
    }
    names_free(&dropped);
    names_free(&later);
    return ok;
}

/* ---- in place ---- */

#define BACKUP ".old." /* a replaced file's hard link in the temporary folder */

/* Hard links, in the temporary folder, of the target's files that `all` will replace. A file
 * system without hard links gets none (a move failing there, which needs a fault after every
 * file was written, would lose the file it replaced). */
static bool back_up(const struct eap_outdir *o, int dir, const struct names *all,
                    struct eap_error *err)
{
    for (size_t i = 0; i < all->n; i++) {
        char name[300];
        snprintf(name, sizeof(name), BACKUP "%s", all->v[i]);
        if (linkat(dir, all->v[i], o->lock, name, 0) != 0 && errno != ENOENT && errno != EPERM &&
            errno != ENOTSUP && errno != EMLINK) {
            return eap_error_set(err, EAP_EIO, "cannot write %s/%s: %s", o->shown, all->v[i],
                                 strerror(errno));
        }
    }
    return true;
}

/* Undoes the first `moved` moves: the files they replaced go back, the new ones go. */
static void restore(const struct eap_outdir *o, int dir, const struct names *all, size_t moved)
{
    for (size_t i = 0; i < moved; i++) {
        char name[300];
        snprintf(name, sizeof(name), BACKUP "%s", all->v[i]);
        if (renameat(o->lock, name, dir, all->v[i]) != 0) {
            unlinkat(dir, all->v[i], 0);
        }
    }
}

/* After the moves: the previous run's files this run did not write, and temporary files of
 * killed writes, go. */
static void drop_old(int dir, const struct names *all, const struct names *old)
{
    for (size_t i = 0; i < old->n; i++) {
        struct stat st;
        if (!names_has(all, old->v[i]) && fstatat(dir, old->v[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISDIR(st.st_mode)) {
            unlinkat(dir, old->v[i], 0);
        }
    }
    DIR *d = fdopendir(dup(dir));
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (is_temp_name(e->d_name)) {
            unlinkat(dir, e->d_name, 0);
        }
    }
    if (d) {
        closedir(d);
    }
}

/* Moves the files into the target one by one, the manifest last, each replacing its
 * namesake; a failure puts back what was there. */
static bool move_in(struct eap_outdir *o, const char *manifest, const struct names *files,
                    struct eap_error *err)
{
    struct names all = {0}, old = {0};
    for (size_t i = 0; i < files->n; i++) {
        names_add(&all, files->v[i]);
    }
    if (manifest) {
        names_add(&all, manifest);
        read_manifest(o, manifest, &old);
    }
    int dir = open(o->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok =
        !all.oom || eap_error_set(err, EAP_ENOMEM, "out of memory while writing %s", o->shown);
    ok = ok && (dir >= 0 ||
                eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno)));
    ok = ok && back_up(o, dir, &all, err);
    size_t moved = 0;
    for (; ok && moved < all.n; moved++) {
        if (renameat(o->lock, all.v[moved], dir, all.v[moved]) != 0) {
            ok = eap_error_set(err, EAP_EIO, "cannot write %s/%s: %s", o->shown, all.v[moved],
                               strerror(errno));
            restore(o, dir, &all, moved);
        }
    }
    if (ok) {
        drop_old(dir, &all, &old);
        fsync(dir);
    }
    if (dir >= 0) {
        close(dir);
    }
    names_free(&all);
    names_free(&old);
    return ok;
}

static void sync_folder(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static bool put_in_place(struct eap_outdir *o, const char *manifest, const struct names *files,
                         struct eap_error *err)
{
    bool exists;
    if (fsync(o->lock) != 0) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
    }
    if (!check_target(o, &exists, err)) {
        return false;
    }
    if (o->in_place) {
        return move_in(o, manifest, files, err);
    }
    if (!exists) {
        if (rename(o->stage, o->target) != 0) {
            return eap_error_set(err, EAP_EIO, "cannot write %s: %s", o->shown, strerror(errno));
        }
        o->stage[0] = '\0';
    } else if (!replace(o, manifest, files, err)) {
        return false;
    }
    char parent[4096];
    split(o, parent, sizeof(parent));
    sync_folder(parent);
    return true;
}

bool eap_outdir_commit(struct eap_outdir *o, const char *manifest, const char *manifest_text,
                       struct eap_error *err)
{
    struct names files = {0};
    bool ok = list_files(o, manifest, &files, err);
    if (ok && manifest) {
        ok = write_manifest(o, manifest, manifest_text, err);
    }
    ok = ok && put_in_place(o, manifest, &files, err);
    names_free(&files);
    if (!ok) {
        eap_outdir_explain(o, err);
    }
    eap_outdir_abort(o);
    return ok;
}

void eap_outdir_abort(struct eap_outdir *o)
{
    if (o->stage[0]) {
        purge(o->stage, o->target);
        o->stage[0] = '\0';
    }
    if (o->lock >= 0) {
        close(o->lock);
        o->lock = -1;
    }
}

void eap_outdir_explain(const struct eap_outdir *o, struct eap_error *err)
{
    size_t n = strlen(o->stage);
    char *at = n && err ? strstr(err->msg, o->stage) : NULL;
    if (at) {
        char msg[sizeof(err->msg) + sizeof(o->shown)];
        if (snprintf(msg, sizeof(msg), "%.*s%s%s", (int)(at - err->msg), err->msg, o->shown,
                     at + n) > 0) {
            size_t len = strlen(msg);
            len = len < sizeof(err->msg) ? len : sizeof(err->msg) - 1; /* cut if need be */
            memcpy(err->msg, msg, len);
            err->msg[len] = '\0';
        }
    }
}
