/* The layering of sim/viz, as docs/visualizer.md draws it: every file of the module has a
 * place in one order, and a file may call only functions defined in files below it, so calls
 * run one way and no two files call each other. The pure files (state, layout, labels) sit at
 * the bottom and name no SDL; SDL, SDL_ttf and SDL_image appear nowhere outside sim/viz.
 * The check reads the sources as text: a function is defined in the file where its name
 * starts a line and its parameter list is followed by a body. */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <dirent.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"

/* Bottom first. A new file goes into this list and into the table of docs/visualizer.md. */
/* clang-format off */
static const char *const order[] = {
    "state.c", "layout.c", "labels.c", "cards.c", "player.c", "fan.c", /* pure: no SDL */
    "files.c", "geo.c", "assets.c", "text.c", "draw_prim.c", "pass.c",
    "draw_units.c", "draw_map.c", "draw_exercise.c", "draw_fan.c", "draw_ui.c", "viz.c", "live.c", "window.c",
};
/* clang-format on */
#define NORDER (sizeof(order) / sizeof(order[0]))
#define NPURE 6

#define MAX_FILES 32
#define MAX_DEFS 512

struct source {
    char name[64];
    char *text;
    int rank; /* index in order[], or -1 */
};

struct def {
    char name[96];
    int file;
};

struct module {
    struct source files[MAX_FILES];
    size_t nfiles;
    struct def defs[MAX_DEFS];
    size_t ndefs;
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char *source_dir(void)
{
    const char *root = getenv("EAP_SOURCE_DIR");
    return root ? root : ".";
}

static int rank_of(const char *name)
{
    for (size_t i = 0; i < NORDER; i++) {
        if (strcmp(order[i], name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Whether the '(' at p opens a parameter list followed by a body. */
static bool has_body(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        depth += *p == '(';
        depth -= *p == ')';
        if (depth == 0) {
            break;
        }
    }
    for (p = *p ? p + 1 : p; isspace((unsigned char)*p); p++) {
    }
    return *p == '{';
}

/* Records the eapsim viz functions file f defines: a line that starts with a type and
 * names eap_viz_* or eap__viz_* before a parameter list and a body. */
static void find_defs(struct module *m, int f)
{
    const char *text = m->files[f].text;
    for (const char *line = text; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (isspace((unsigned char)*line) || *line == '#' || *line == '/' || *line == '}' ||
            *line == '{' || *line == '*') {
            continue;
        }
        const char *eol = strchr(line, '\n');
        const char *id = strstr(line, "eap_");
        if (!id || (eol && id > eol) || (id > line && ident_char(id[-1]))) {
            continue;
        }
        size_t n = 0;
        while (ident_char(id[n])) {
            n++;
        }
        bool viz = strncmp(id, "eap_viz_", 8) == 0 || strncmp(id, "eap__viz_", 9) == 0;
        if (viz && id[n] == '(' && has_body(id + n) && m->ndefs < MAX_DEFS && n < 96) {
            snprintf(m->defs[m->ndefs].name, sizeof(m->defs[0].name), "%.*s", (int)n, id);
            m->defs[m->ndefs++].file = f;
        }
    }
}

/* Blanks out the comments, so that prose naming a function is no call. */
static void strip_comments(char *text)
{
    for (char *p = strstr(text, "/*"); p; p = strstr(p, "/*")) {
        char *end = strstr(p + 2, "*/");
        char *stop = end ? end + 2 : p + strlen(p);
        for (; p < stop; p++) {
            *p = *p == '\n' ? '\n' : ' ';
        }
    }
}

static void load_module(struct module *m)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/sim/viz", source_dir());
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0) {
            continue;
        }
        assert_true(m->nfiles < MAX_FILES);
        struct source *s = &m->files[m->nfiles++];
        char path[1200];
        snprintf(s->name, sizeof(s->name), "%s", e->d_name);
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        s->text = slurp(path);
        strip_comments(s->text);
        s->rank = rank_of(s->name);
    }
    closedir(d);
    for (size_t f = 0; f < m->nfiles; f++) {
        find_defs(m, (int)f);
    }
}

/* The module read from the source tree; free with free_module(). */
static struct module *new_module(void)
{
    struct module *m = calloc(1, sizeof(*m));
    assert_non_null(m);
    load_module(m);
    return m;
}

static void free_module(struct module *m)
{
    for (size_t f = 0; f < m->nfiles; f++) {
        free(m->files[f].text);
    }
    free(m);
}

/* Whether the text uses the identifier (as a whole word). */
static bool uses(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
        if ((p == text || !ident_char(p[-1])) && !ident_char(p[n])) {
            return true;
        }
    }
    return false;
}

static void test_every_file_has_a_layer(void **state)
{
    (void)state;
    struct module *m = new_module();
    int missing = 0;
    for (size_t i = 0; i < NORDER; i++) {
        bool found = false;
        for (size_t f = 0; f < m->nfiles; f++) {
            found = found || m->files[f].rank == (int)i;
        }
        if (!found) {
            print_message("the layering names sim/viz/%s, which does not exist\n", order[i]);
            missing++;
        }
    }
    for (size_t f = 0; f < m->nfiles; f++) {
        if (m->files[f].rank < 0) {
            print_message("sim/viz/%s has no place in the layering (tests/test_viz_layers.c, "
                          "docs/visualizer.md)\n",
                          m->files[f].name);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
    assert_true(m->ndefs > 50); /* the scan found the functions */
    free_module(m);
}

static void test_calls_run_down_the_layers(void **state)
{
    (void)state;
    struct module *m = new_module();
    int upward = 0;
    for (size_t f = 0; f < m->nfiles; f++) {
        for (size_t k = 0; k < m->ndefs; k++) {
            const struct source *caller = &m->files[f], *callee = &m->files[m->defs[k].file];
            if ((int)f != m->defs[k].file && caller->rank <= callee->rank &&
                uses(caller->text, m->defs[k].name)) {
                print_message("sim/viz/%s calls %s of %s, which is not below it\n", caller->name,
                              m->defs[k].name, callee->name);
                upward++;
            }
        }
    }
    assert_int_equal(upward, 0);
    free_module(m);
}

static bool includes_sdl(const char *text)
{
    return strstr(text, "#include <SDL") || strstr(text, "#include \"SDL");
}

static void test_pure_files_name_no_sdl(void **state)
{
    (void)state;
    struct module *m = new_module();
    for (size_t f = 0; f < m->nfiles; f++) {
        const struct source *s = &m->files[f];
        if (s->rank >= 0 && s->rank < NPURE) {
            assert_false(includes_sdl(s->text));
            assert_null(strstr(s->text, "SDL_"));
            assert_null(strstr(s->text, "TTF_"));
            assert_null(strstr(s->text, "IMG_"));
            assert_null(strstr(s->text, "viz_internal.h"));
        }
    }
    free_module(m);
}

/* nftw has no user pointer: the count of offending files lives here (tests only). */
static int sdl_outside;

static int check_no_sdl(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    size_t n = strlen(path);
    bool source = n > 2 && (strcmp(path + n - 2, ".c") == 0 || strcmp(path + n - 2, ".h") == 0);
    if (type == FTW_F && source && !strstr(path, "/sim/viz/")) {
        char *text = slurp(path);
        if (includes_sdl(text)) {
            print_message("%s includes SDL outside sim/viz\n", path);
            sdl_outside++;
        }
        free(text);
    }
    return 0;
}

static void test_sdl_stays_in_sim_viz(void **state)
{
    (void)state;
    char dir[1024];
    sdl_outside = 0;
    snprintf(dir, sizeof(dir), "%s/sim", source_dir());
    assert_int_equal(nftw(dir, check_no_sdl, 16, FTW_PHYS), 0);
    snprintf(dir, sizeof(dir), "%s/include", source_dir());
    assert_int_equal(nftw(dir, check_no_sdl, 16, FTW_PHYS), 0);
    assert_int_equal(sdl_outside, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_has_a_layer),
        cmocka_unit_test(test_calls_run_down_the_layers),
        cmocka_unit_test(test_pure_files_name_no_sdl),
        cmocka_unit_test(test_sdl_stays_in_sim_viz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
