/*
 * An allocator that fails on demand (tests/oom.py), loaded into eapsim with LD_PRELOAD. It
 * interposes malloc, calloc, realloc, aligned_alloc, posix_memalign and memalign and forwards
 * them to the next allocator (glibc's, or AddressSanitizer's in an ASan build, so the leak
 * check still sees every block). glibc's own functions that allocate (strdup, fopen,
 * pthread_create...) call malloc through these, so they fail too. Only allocations made once
 * main() has started are counted, so the C library's and the dynamic loader's start-up are
 * left alone, and so are allocations with no frame of eapsim's on the stack (a sanitizer's or
 * the thread library's own bookkeeping when a thread starts).
 *   EAP_FAILALLOC_AT=N      the N-th counted allocation (1-based) returns NULL with errno
 *                           ENOMEM; the others succeed;
 *   EAP_FAILALLOC_SITE="WHERE OURS" (as the log writes a site) with EAP_FAILALLOC_NTH=K
 *                           (default 1): the K-th allocation at that site fails instead,
 *                           whatever the threads' timing did to the global count;
 *   EAP_FAILALLOC_LOG=FILE  at exit, one line "count N" with the number of counted
 *                           allocations, one line per allocation site "site FIRST COUNT WHERE",
 *                           and with EAP_FAILALLOC_AT a line "failed WHERE" for the
 *                           allocation that failed. A site is where the allocation was asked
 *                           for: the innermost frame of the allocating call, and the innermost
 *                           frame in eapsim itself, each as OBJECT+OFFSET (file names and
 *                           lines by addr2line); FIRST is the index of its first allocation.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *malloc_fn(size_t);
typedef void *calloc_fn(size_t, size_t);
typedef void *realloc_fn(void *, size_t);
typedef void free_fn(void *);
typedef void *aligned_fn(size_t, size_t);
typedef int posix_memalign_fn(void **, size_t, size_t);

static malloc_fn *real_malloc;
static calloc_fn *real_calloc;
static realloc_fn *real_realloc;
static free_fn *real_free;
static aligned_fn *real_aligned_alloc, *real_memalign;
static posix_memalign_fn *real_posix_memalign;

/* dlsym itself may allocate before the real functions are known: a small arena serves it. */
static char boot[1 << 16];
static atomic_size_t boot_used;

static atomic_bool counting; /* set when main starts */
static atomic_ullong count;  /* counted allocations so far */
static atomic_ullong fail_at;
static const char *log_path;
static __thread int in_hook __attribute__((tls_model("initial-exec")));

/* The program's own code (the executable's text), to find the innermost eapsim frame, and
 * this file's, to skip its frames. */
static uintptr_t exe_lo, exe_hi, self_lo, self_hi;
static char fail_site[600];
static unsigned long long fail_nth = 1;
static atomic_ullong site_hits;

#define MAX_SITES 8192
struct site {
    void *where, *ours;
    unsigned long long first, n;
};
static struct site sites[MAX_SITES];
static size_t site_count;
static atomic_flag site_lock = ATOMIC_FLAG_INIT;
static void *failed_where[2];
static bool failed;

static void *sym(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

static void resolve(void)
{
    if (real_free) {
        return;
    }
    in_hook++;
    /* POSIX's way from dlsym's void * to function pointers (ISO C has no cast for it). */
    void *p[7] = {sym("malloc"),        sym("calloc"),   sym("realloc"),       sym("free"),
                  sym("aligned_alloc"), sym("memalign"), sym("posix_memalign")};
    memcpy(&real_malloc, &p[0], sizeof(p[0]));
    memcpy(&real_calloc, &p[1], sizeof(p[1]));
    memcpy(&real_realloc, &p[2], sizeof(p[2]));
    memcpy(&real_aligned_alloc, &p[4], sizeof(p[4]));
    memcpy(&real_memalign, &p[5], sizeof(p[5]));
    memcpy(&real_posix_memalign, &p[6], sizeof(p[6]));
    memcpy(&real_free, &p[3], sizeof(p[3]));
    in_hook--;
}

static void *boot_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    size_t at = atomic_fetch_add(&boot_used, n);
    return at + n <= sizeof(boot) ? boot + at : NULL;
}

static bool from_boot(const void *p)
{
    return (const char *)p >= boot && (const char *)p < boot + sizeof(boot);
}

/* Where the allocation being made was asked for: the innermost frame outside this file, and
 * the innermost frame in the program itself (NULL when none: the sanitizer runtime's or the
 * thread library's own bookkeeping, which is not the program's to handle). */
static void locate(void **where, void **ours)
{
    void *frames[32];
    int n = backtrace(frames, 32);
    int i = 0;
    while (i < n && (uintptr_t)frames[i] >= self_lo && (uintptr_t)frames[i] < self_hi) {
        i++;
    }
    *where = i < n ? frames[i] : NULL;
    *ours = NULL;
    for (; i < n && !*ours; i++) {
        uintptr_t a = (uintptr_t)frames[i];
        *ours = a >= exe_lo && a < exe_hi ? frames[i] : NULL;
    }
}

static void note_site(unsigned long long index, void *where, void *ours)
{
    while (atomic_flag_test_and_set(&site_lock)) {
    }
    if (index == atomic_load(&fail_at)) {
        failed_where[0] = where;
        failed_where[1] = ours;
        failed = true;
    }
    size_t i = 0;
    while (i < site_count && (sites[i].where != where || sites[i].ours != ours)) {
        i++;
    }
    if (i == site_count && site_count < MAX_SITES) {
        sites[site_count++] = (struct site){where, ours, index, 0};
    }
    if (i < site_count) {
        sites[i].n++;
    }
    atomic_flag_clear(&site_lock);
}

static void describe(char *buf, size_t len, void *addr);

/* Whether the allocation is at the site EAP_FAILALLOC_SITE names. */
static bool at_site(void *where, void *ours)
{
    char a[300], b[300], both[610];
    describe(a, sizeof(a), where);
    describe(b, sizeof(b), ours);
    snprintf(both, sizeof(both), "%s %s", a, b);
    return strcmp(both, fail_site) == 0;
}

/* Counts the allocation when the program asked for it; false when it is the one to fail. */
static bool may_allocate(void)
{
    if (in_hook || !atomic_load(&counting)) {
        return true;
    }
    void *where, *ours;
    in_hook++;
    locate(&where, &ours);
    in_hook--;
    if (!ours) {
        return true;
    }
    unsigned long long index = atomic_fetch_add(&count, 1) + 1;
    if (fail_site[0] && at_site(where, ours) && atomic_fetch_add(&site_hits, 1) + 1 == fail_nth) {
        atomic_store(&fail_at, index);
    }
    note_site(index, where, ours);
    if (index == atomic_load(&fail_at)) {
        errno = ENOMEM;
        return false;
    }
    return true;
}

void *malloc(size_t n)
{
    resolve();
    if (!real_malloc) {
        return boot_alloc(n);
    }
    return may_allocate() ? real_malloc(n) : NULL;
}

void *calloc(size_t k, size_t n)
{
    resolve();
    if (!real_calloc) {
        return k && n > SIZE_MAX / k ? NULL : boot_alloc(k * n); /* the arena is zeroed */
    }
    return may_allocate() ? real_calloc(k, n) : NULL;
}

void *realloc(void *p, size_t n)
{
    resolve();
    if (from_boot(p)) { /* never happens in practice: boot blocks are dlsym's */
        void *q = malloc(n);
        if (q) {
            memcpy(q, p, n);
        }
        return q;
    }
    return may_allocate() ? real_realloc(p, n) : NULL;
}

void free(void *p)
{
    resolve();
    if (p && !from_boot(p)) {
        real_free(p);
    }
}

void *aligned_alloc(size_t align, size_t n)
{
    resolve();
    return may_allocate() ? real_aligned_alloc(align, n) : NULL;
}

void *memalign(size_t align, size_t n)
{
    resolve();
    return may_allocate() ? real_memalign(align, n) : NULL;
}

int posix_memalign(void **out, size_t align, size_t n)
{
    resolve();
    return may_allocate() ? real_posix_memalign(out, align, n) : ENOMEM;
}

/* ---- where sites are, and the log ---- */

/* The text of the executable (the first object, with no name) and of this file's object. */
static int find_text(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    uintptr_t self_base = *(uintptr_t *)ctx;
    bool exe = info->dlpi_name[0] == '\0' && exe_hi == 0, self = info->dlpi_addr == self_base;
    for (int i = 0; (exe || self) && i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
            *(exe ? &exe_lo : &self_lo) = lo;
            *(exe ? &exe_hi : &self_hi) = lo + ph->p_memsz;
        }
    }
    return 0;
}

static void describe(char *buf, size_t len, void *addr)
{
    Dl_info info;
    if (addr && dladdr(addr, &info) && info.dli_fname) {
        const char *base = strrchr(info.dli_fname, '/');
        /* a return address: the call is the byte before it */
        snprintf(buf, len, "%s+0x%lx", base ? base + 1 : info.dli_fname,
                 (unsigned long)((uintptr_t)addr - 1 - (uintptr_t)info.dli_fbase));
    } else {
        snprintf(buf, len, "?");
    }
}

static void write_log(void)
{
    in_hook++;
    FILE *f = fopen(log_path, "w");
    if (f) {
        fprintf(f, "count %llu\n", (unsigned long long)atomic_load(&count));
        char a[300], b[300];
        for (size_t i = 0; i < site_count; i++) {
            describe(a, sizeof(a), sites[i].where);
            describe(b, sizeof(b), sites[i].ours);
            fprintf(f, "site %llu %llu %s %s\n", sites[i].first, sites[i].n, a, b);
        }
        if (failed) {
            describe(a, sizeof(a), failed_where[0]);
            describe(b, sizeof(b), failed_where[1]);
            fprintf(f, "failed %s %s\n", a, b);
        }
        fclose(f);
    }
    in_hook--;
}

/* main() starts: from here on allocations count. glibc calls main through
 * __libc_start_main, which this wraps. */
typedef int main_fn(int, char **, char **);
static main_fn *real_main;

static int counted_main(int argc, char **argv, char **envp)
{
    atomic_store(&counting, true);
    return real_main(argc, argv, envp);
}

static void at_exit(void)
{
    atomic_store(&counting, false);
    if (log_path) {
        write_log();
    }
}

typedef int start_fn(main_fn *, int, char **, void (*)(void), void (*)(void), void (*)(void),
                     void *);

int __libc_start_main(main_fn *m, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);
int __libc_start_main(main_fn *m, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    resolve();
    const char *s = getenv("EAP_FAILALLOC_AT");
    atomic_store(&fail_at, s ? strtoull(s, NULL, 10) : 0);
    log_path = getenv("EAP_FAILALLOC_LOG");
    s = getenv("EAP_FAILALLOC_SITE");
    snprintf(fail_site, sizeof(fail_site), "%s", s ? s : "");
    s = getenv("EAP_FAILALLOC_NTH");
    fail_nth = s ? strtoull(s, NULL, 10) : 1;
    Dl_info me;
    uintptr_t self_base = dladdr(boot, &me) ? (uintptr_t)me.dli_fbase : 0; /* (this object) */
    dl_iterate_phdr(find_text, &self_base);
    void *warm[2];
    in_hook++;
    backtrace(warm, 2); /* loads the unwinder now, not inside an allocation */
    in_hook--;
    atexit(at_exit);
    real_main = m;
    start_fn *next;
    void *p = sym("__libc_start_main");
    memcpy(&next, &p, sizeof(p));
    return next(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
