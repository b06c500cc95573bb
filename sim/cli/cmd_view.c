/*
 * eapsim view: runs the viewer, eapsim-view (view_main.c), in this process's place. The viewer
 * is a program of its own so that eapsim, which every other command runs, loads neither SDL2
 * nor its libraries: a batch node needs none of them. eapsim-view is looked for next to
 * eapsim (the build tree), in ../libexec beside it and in the install's libexec directory (an
 * install, relocated or not), then on PATH. Without it, or in a build without SDL2, eapsim
 * view says so and exits 2; its --help needs no viewer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "eap_config.h"

#define VIEWER "eapsim-view"

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return true;
        }
    }
    return false;
}

#if EAP_HAVE_VIZ

/* The folder of this executable ("" when /proc is not there). */
static void exe_dir(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    out[0] = '\0';
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(out, len, "%s", exe);
        }
    }
}

/* Replaces this process with the first viewer found (argv[0] stays "view", so the messages
 * of its option parser read as before). Returns only when none could start; errno then says
 * why the last one failed, ENOENT when there was none. */
static void run_viewer(char **argv, char *looked, size_t len)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    exe_dir(dir, sizeof(dir));
    const char *places[] = {dir[0] ? dir : NULL, dir[0] ? "../libexec" : NULL, EAP_LIBEXECDIR};
    int why = ENOENT;
    for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
        if (!places[i]) {
            continue;
        }
        if (places[i][0] == '/') {
            snprintf(path, sizeof(path), "%s/" VIEWER, places[i]);
        } else {
            snprintf(path, sizeof(path), "%s/%s/" VIEWER, dir, places[i]);
        }
        if (access(path, X_OK) == 0) {
            execv(path, argv);
            why = errno; /* there, but it cannot start */
        }
    }
    snprintf(looked, len, "%s%s%s/../libexec, %s and PATH", dir, dir[0] ? ", " : "", dir,
             EAP_LIBEXECDIR);
    execvp(VIEWER, argv);
    errno = errno == ENOENT ? why : errno;
}

int cli_view(int argc, char **argv)
{
    char looked[3 * PATH_MAX];
    run_viewer(argv, looked, sizeof(looked));
    if (errno != ENOENT) {
        cli_error("view: cannot run the viewer " VIEWER ": %s", strerror(errno));
        return EXIT_USAGE;
    }
    if (wants_help(argc, argv)) {
        cli_help("view");
        return 0;
    }
    cli_error("view: the viewer " VIEWER " is not installed (looked in %s); it is built with "
              "eapsim when SDL2, SDL2_ttf and SDL2_image are found, and installed by meson "
              "install",
              looked);
    return EXIT_USAGE;
}

#else /* !EAP_HAVE_VIZ */

int cli_view(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        cli_help("view");
        return 0;
    }
    cli_error("view: this build has no visualizer (it was configured without SDL2, SDL2_ttf "
              "and SDL2_image, or with -Dviz=disabled); install them and reconfigure with "
              "-Dviz=enabled");
    return EXIT_USAGE;
}

#endif
