/*
 * Atomic file writes: a temporary file in the same directory (so rename(2) is atomic), made
 * durable with fsync before it replaces the target. The stream writes through a cookie that
 * calls write(2) itself, so the first failure's reason (ENOSPC, EIO...) is kept for the
 * message however much later stdio reports it. Folders written all or nothing are in outdir.c.
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eapsim/atomic.h"
#include "report_internal.h"

/* stdio's buffer flushes land here: everything is written, or the reason is kept. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t len)
{
    struct eap_atomic_file *a = cookie;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(a->fd, buf + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            a->werr = a->werr ? a->werr : n < 0 ? errno : EIO;
            break;
        }
        done += (size_t)n;
    }
    return (ssize_t)done; /* short: stdio marks the stream in error */
}

static int cookie_close(void *cookie)
{
    struct eap_atomic_file *a = cookie;
    int rc = close(a->fd);
    if (rc != 0 && !a->werr) {
        a->werr = errno;
    }
    a->fd = -1;
    return rc;
}

static bool open_failed(struct eap_atomic_file *a, int fd, struct eap_error *err)
{
    int saved = errno;
    if (fd >= 0) {
        close(fd);
        unlink(a->tmp);
    }
    a->tmp[0] = '\0';
    a->fd = -1;
    return eap_error_set(err, saved == ENOMEM ? EAP_ENOMEM : EAP_EIO, "cannot write %s: %s",
                         a->path, strerror(saved));
}

FILE *eap_atomic_open(struct eap_atomic_file *a, const char *path, struct eap_error *err)
{
    memset(a, 0, sizeof(*a));
    a->fd = -1;
    if (strlen(path) >= sizeof(a->path)) {
        eap_error_set(err, EAP_EIO, "cannot write %.60s...: path too long", path);
        return NULL;
    }
    snprintf(a->path, sizeof(a->path), "%s", path);
    snprintf(a->tmp, sizeof(a->tmp), "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        open_failed(a, fd, err);
        return NULL;
    }
    /* mkstemp makes the file 0600; results are meant to be shared like any other file. */
    fchmod(fd, 0644);
    a->fd = fd;
    cookie_io_functions_t io = {NULL, cookie_write, NULL, cookie_close};
    a->f = fopencookie(a, "w", io);
    if (!a->f) {
        open_failed(a, fd, err);
        return NULL;
    }
    return a->f;
}

bool eap_atomic_commit(struct eap_atomic_file *a, struct eap_error *err)
{
    if (!a->f) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: not open", a->path);
    }
    errno = 0;
    bool ok = fflush(a->f) == 0 && !ferror(a->f) && fsync(a->fd) == 0;
    int saved = errno;
    ok = fclose(a->f) == 0 && ok; /* closes a->fd through the cookie */
    a->f = NULL;
    saved = a->werr ? a->werr : saved ? saved : errno;
    if (ok && rename(a->tmp, a->path) == 0) {
        a->tmp[0] = '\0';
        return true;
    }
    saved = saved ? saved : errno ? errno : EIO;
    unlink(a->tmp);
    a->tmp[0] = '\0';
    return eap_error_set(err, EAP_EIO, "cannot write %s: %s", a->path, strerror(saved));
}

void eap_atomic_abort(struct eap_atomic_file *a)
{
    if (a->f) {
        fclose(a->f);
        a->f = NULL;
    }
    if (a->tmp[0]) {
        unlink(a->tmp);
        a->tmp[0] = '\0';
    }
}

bool eap_write_file_atomic(const char *path, const char *text, size_t len, struct eap_error *err)
{
    struct eap_atomic_file a;
    FILE *f = eap_atomic_open(&a, path, err);
    if (!f) {
        return false;
    }
    fwrite(text, 1, len, f); /* a failure shows in commit, with its reason */
    return eap_atomic_commit(&a, err);
}

bool eap__mkdirs(char *path, struct eap_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        return S_ISDIR(st.st_mode) ||
               eap_error_set(err, EAP_EUSAGE, "%s: exists and is not a directory", path);
    }
    /* Each missing parent in turn, from the top; EEXIST: someone made it meanwhile (another
     * MPI rank writing the same study). */
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') {
            continue;
        }
        *p = '\0';
        bool made = mkdir(path, 0777) == 0 || errno == EEXIST;
        int saved = errno;
        *p = '/';
        if (!made) {
            return eap_error_set(err, EAP_EIO, "%s: cannot create the directory: %s", path,
                                 strerror(saved));
        }
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        return eap_error_set(err, EAP_EIO, "%s: cannot create the directory: %s", path,
                             strerror(errno));
    }
    return true;
}
