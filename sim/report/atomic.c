/*
 * Atomic file writes: a temporary file in the same directory (so rename(2) is atomic), made
 * durable with fsync before it replaces the target.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eapsim/atomic.h"

FILE *eap_atomic_open(struct eap_atomic_file *a, const char *path, struct eap_error *err)
{
    memset(a, 0, sizeof(*a));
    if (strlen(path) >= sizeof(a->path)) {
        eap_error_set(err, EAP_EIO, "cannot write %.60s...: path too long", path);
        return NULL;
    }
    snprintf(a->path, sizeof(a->path), "%s", path);
    snprintf(a->tmp, sizeof(a->tmp), "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        eap_error_set(err, EAP_EIO, "cannot write %s: %s", path, strerror(errno));
        a->tmp[0] = '\0';
        return NULL;
    }
    /* mkstemp makes the file 0600; results are meant to be shared like any other file. */
    fchmod(fd, 0644);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        eap_error_set(err, EAP_EIO, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(a->tmp);
        a->tmp[0] = '\0';
        return NULL;
    }
    return a->f;
}

bool eap_atomic_commit(struct eap_atomic_file *a, struct eap_error *err)
{
    if (!a->f) {
        return eap_error_set(err, EAP_EIO, "cannot write %s: not open", a->path);
    }
    bool ok = fflush(a->f) == 0 && !ferror(a->f) && fsync(fileno(a->f)) == 0;
    int saved = errno;
    ok = fclose(a->f) == 0 && ok;
    a->f = NULL;
    if (ok && rename(a->tmp, a->path) == 0) {
        a->tmp[0] = '\0';
        return true;
    }
    saved = errno ? errno : saved;
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
    if (fwrite(text, 1, len, f) != len) {
        int saved = errno;
        eap_atomic_abort(&a);
        return eap_error_set(err, EAP_EIO, "cannot write %s: %s", path, strerror(saved));
    }
    return eap_atomic_commit(&a, err);
}

bool eap_atomic_dir(const char *dir, struct eap_error *err)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        /* EEXIST: someone made it meanwhile (another MPI rank writing the same study). */
        if (errno != ENOENT || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
            return eap_error_set(err, EAP_EIO, "%s: cannot create the directory: %s", dir,
                                 strerror(errno));
        }
    } else if (!S_ISDIR(st.st_mode)) {
        return eap_error_set(err, EAP_EIO, "%s: exists and is not a directory", dir);
    }
    char probe[1100];
    snprintf(probe, sizeof(probe), "%s/.eapsim-probe-XXXXXX", dir);
    int fd = mkstemp(probe);
    if (fd < 0) {
        return eap_error_set(err, EAP_EIO, "%s: cannot write there: %s", dir, strerror(errno));
    }
    close(fd);
    unlink(probe);
    return true;
}
