/*
 * A test double for a full disk (tests/out_dir.sh), loaded into eapsim with LD_PRELOAD. Only
 * writes to regular files other than the standard streams count:
 *   EAP_TEST_ENOSPC_AFTER=N  write(2) writes up to N bytes in all, then fails with ENOSPC, as a
 *                            file system that fills up does (a short write, then the error);
 *   EAP_TEST_ENOSPC_FSYNC=1  every fsync(2) of a regular file fails with ENOSPC, as on file
 *                            systems that allocate late (NFS, delayed allocation);
 *   EAP_TEST_WRITE_LOG=FILE  appends "BYTES PATH" for each counted write, so a test knows at
 *                            which byte each file starts.
 * atomic.c writes through write(2) itself (its stdio cookie), so every output file of a study
 * goes through here.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);
static long long budget = -1;
static bool fail_fsync;
static const char *log_path;
static atomic_llong used;

__attribute__((constructor)) static void init(void)
{
    /* POSIX's way from dlsym's void * to a function pointer (ISO C has no cast for it). */
    void *w = dlsym(RTLD_NEXT, "write"), *f = dlsym(RTLD_NEXT, "fsync");
    memcpy(&real_write, &w, sizeof(w));
    memcpy(&real_fsync, &f, sizeof(f));
    const char *s = getenv("EAP_TEST_ENOSPC_AFTER");
    budget = s ? atoll(s) : -1;
    s = getenv("EAP_TEST_ENOSPC_FSYNC");
    fail_fsync = s && strcmp(s, "1") == 0;
    log_path = getenv("EAP_TEST_WRITE_LOG");
}

static bool counted(int fd)
{
    struct stat st;
    return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static void log_write(int fd, size_t n)
{
    char link[64], path[PATH_MAX], line[PATH_MAX + 32];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, path, sizeof(path) - 1);
    int out = len > 0 ? open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (out >= 0) {
        path[len] = '\0';
        int k = snprintf(line, sizeof(line), "%zu %s\n", n, path);
        real_write(out, line, (size_t)k);
        close(out);
    }
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (!counted(fd)) {
        return real_write(fd, buf, n);
    }
    if (log_path) {
        log_write(fd, n);
    }
    if (budget < 0) {
        return real_write(fd, buf, n);
    }
    long long before = atomic_fetch_add(&used, (long long)n);
    if (before >= budget) {
        errno = ENOSPC;
        return -1;
    }
    long long room = budget - before;
    return real_write(fd, buf, (long long)n > room ? (size_t)room : n);
}

int fsync(int fd)
{
    if (fail_fsync && counted(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_fsync(fd);
}
