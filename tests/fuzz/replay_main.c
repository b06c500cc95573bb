/*
 * Runs a fuzz harness (fuzz_*.c) without libFuzzer: each file named on the command line, or
 * each file in a directory named there, is read into a buffer of exactly its size and fed to
 * LLVMFuzzerTestOneInput. Meson links it with each harness (fuzz_<target>_replay) using the
 * normal compiler, so the regressions the fuzzers found and the seed corpora run under the
 * ASan/UBSan build and valgrind in every CI run. A harness aborts on any inconsistency.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size > (64 << 20)) {
        fclose(f);
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = malloc(n ? n : 1); /* exactly the file: overreads are caught by ASan */
    if (!buf || fread(buf, 1, n, f) != n) {
        free(buf);
        fclose(f);
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown) {
                break;
            }
            names = grown;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n]) {
            snprintf(names[n], len, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    if (n > 1) { /* qsort's array must not be NULL, even when empty (a folder of only .gitkeep) */
        qsort(names, n, sizeof(*names), cmp);
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        rc |= run_file(names[i]);
        free(names[i]);
        (*count)++;
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            rc |= run_dir(argv[i], &count);
        } else {
            rc |= run_file(argv[i]);
            count++;
        }
    }
    printf("%zu inputs replayed through %s\n", count, argv[0]);
    printf("%zu passed, %d failed\n", rc ? 0 : count, rc ? 1 : 0);
    return rc;
}
