/*
 * A test double for a full disk (tests/out_dir.sh), loaded into eapsim with LD_PRELOAD. Only
 * writes to regular files other than the standard streams count:
 *   EAP_TEST_ENOSPC_AFTER=N  write(2) writes up to N bytes in all, then fails with ENOSPC, as a
 *                            file system that fills up does (a short write, then the error);
 *   EAP_TEST_ENOSPC_IN=NAME  the disk fills up in the file NAME (its temporary NAME.tmp.*):
 *                            its first write writes one byte, and every write after it fails
 *                            (a budget in bytes would move with the --out path, which the
 *                            outputs' stamps quote);
 *   EAP_TEST_ENOSPC_FSYNC=1  every fsync(2) of a regular file fails with ENOSPC, as on file
 *                            systems that allocate late (NFS, delayed allocation);
 *   EAP_TEST_WRITE_LOG=FILE  appends "BYTES PATH" for each counted write, so a test knows at
 *                            which byte each file starts;
 *   EAP_TEST_MOVE_FAIL_AT=K  the K-th renameat(2) fails with EIO (outdir.c moves files into a
 *                            folder written in place with it, and nothing else), and so does
 *                            every renameat2(2) (the exchange of a folder replaced whole);
 *   EAP_TEST_NO_EXCHANGE=1   renameat2(2) fails with EINVAL, as on a file system that cannot
 *                            exchange two folders.
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
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_renameat2)(int, const char *, int, const char *, unsigned);
static long move_fail_at;
static bool no_exchange;
static atomic_long moves;
static atomic_llong budget = -1;
static bool fail_fsync;
static const char *log_path, *fill_in;
static atomic_llong used;

__attribute__((constructor)) static void init(void)
{
    /* POSIX's way from dlsym's void * to a function pointer (ISO C has no cast for it). */
    void *w = dlsym(RTLD_NEXT, "write"), *f = dlsym(RTLD_NEXT, "fsync");
    void *r = dlsym(RTLD_NEXT, "renameat"), *r2 = dlsym(RTLD_NEXT, "renameat2");
    memcpy(&real_write, &w, sizeof(w));
    memcpy(&real_fsync, &f, sizeof(f));
    memcpy(&real_renameat, &r, sizeof(r));
    memcpy(&real_renameat2, &r2, sizeof(r2));
    const char *s = getenv("EAP_TEST_ENOSPC_AFTER");
    budget = s ? atoll(s) : -1;
    s = getenv("EAP_TEST_ENOSPC_FSYNC");
    fail_fsync = s && strcmp(s, "1") == 0;
    log_path = getenv("EAP_TEST_WRITE_LOG");
    fill_in = getenv("EAP_TEST_ENOSPC_IN");
    s = getenv("EAP_TEST_MOVE_FAIL_AT");
    move_fail_at = s ? atol(s) : 0;
    s = getenv("EAP_TEST_NO_EXCHANGE");
    no_exchange = s && strcmp(s, "1") == 0;
}

static bool counted(int fd)
{
    struct stat st;
    return fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* The path fd was opened with, or "" when it cannot be told. */
static const char *fd_path(int fd, char *path, size_t len)
{
    char link[64];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, len - 1);
    path[n > 0 ? n : 0] = '\0';
    return path;
}

/* Whether fd is the file fill_in names, or its temporary. */
static bool fills_up(int fd)
{
    char path[PATH_MAX];
    const char *base = strrchr(fd_path(fd, path, sizeof(path)), '/');
    size_t k = strlen(fill_in);
    base = base ? base + 1 : path;
    return strncmp(base, fill_in, k) == 0 &&
           (base[k] == '\0' || strncmp(base + k, ".tmp.", 5) == 0);
}

static void log_write(int fd, size_t n)
{
    char path[PATH_MAX], line[PATH_MAX + 32];
    int out = fd_path(fd, path, sizeof(path))[0]
                  ? open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)
                  : -1;
    if (out >= 0) {
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
    if (fill_in && atomic_load(&budget) < 0 && fills_up(fd)) {
        atomic_store(&budget, atomic_load(&used) + 1);
    }
    if (atomic_load(&budget) < 0) {
        atomic_fetch_add(&used, (long long)n);
        return real_write(fd, buf, n);
    }
    long long before = atomic_fetch_add(&used, (long long)n), budget_now = atomic_load(&budget);
    if (before >= budget_now) {
        errno = ENOSPC;
        return -1;
    }
    long long room = budget_now - before;
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

int renameat(int from_dir, const char *from, int to_dir, const char *to)
{
    if (move_fail_at > 0 && atomic_fetch_add(&moves, 1) + 1 == move_fail_at) {
        errno = EIO;
        return -1;
    }
    return real_renameat(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned flags)
{
    if (move_fail_at > 0 || no_exchange) {
        errno = move_fail_at > 0 ? EIO : EINVAL; /* EINVAL: a file system without exchange */
        return -1;
    }
    return real_renameat2(from_dir, from, to_dir, to, flags);
}
