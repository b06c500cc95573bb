/* The synopsis table drives what users read: every command's --help and the program's
 * usage are exactly what the table renders, the built man page is the table's rendering
 * (so it cannot fall behind), every documented option is one the command accepts, and every
 * command is documented. EAPSIM_EXE and EAPSIM_MAN name the built program and page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eap_config.h"
#include "sim/cli/synopsis.h"

#define MAX_TEXT (1 << 20)

/* The whole stdout of a shell command (which may redirect stderr); free with free(). */
static char *capture(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *text = calloc(1, MAX_TEXT);
    assert_non_null(text);
    size_t n = fread(text, 1, MAX_TEXT - 1, p);
    text[n] = '\0';
    pclose(p);
    return text;
}

/* What a rendering function writes, as a string; free with free(). */
static char *rendered(const struct cli_synopsis *c, int what)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    if (what == 0) {
        cli_synopsis_help(f, "eapsim", c);
    } else if (what == 1) {
        cli_synopsis_overview(f, "eapsim");
    } else {
        cli_synopsis_man(f, "eapsim", EAP_VERSION);
    }
    fclose(f);
    return text;
}

static const char *exe(void)
{
    const char *e = getenv("EAPSIM_EXE");
    assert_non_null(e);
    return e;
}

static void test_help_of_every_command_is_the_table(void **state)
{
    (void)state;
    char cmd[2048];
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        const struct cli_synopsis *c = &cli_synopses[i];
        snprintf(cmd, sizeof(cmd), "'%s' %s --help", exe(), c->name);
        char *got = capture(cmd), *want = rendered(c, 0);
        if (strcmp(got, want) != 0) {
            fail_msg("eapsim %s --help differs from the table:\n%s\n---\n%s", c->name, got, want);
        }
        free(got);
        free(want);
        /* "eapsim help NAME" says the same */
        snprintf(cmd, sizeof(cmd), "'%s' help %s", exe(), c->name);
        got = capture(cmd);
        want = rendered(c, 0);
        assert_string_equal(got, want);
        free(got);
        free(want);
    }
    snprintf(cmd, sizeof(cmd), "'%s' --help", exe());
    char *got = capture(cmd), *want = rendered(NULL, 1);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void test_man_page_is_the_table(void **state)
{
    (void)state;
    const char *man = getenv("EAPSIM_MAN");
    assert_non_null(man);
    FILE *f = fopen(man, "r");
    assert_non_null(f);
    char *got = calloc(1, MAX_TEXT);
    assert_non_null(got);
    got[fread(got, 1, MAX_TEXT - 1, f)] = '\0';
    fclose(f);
    char *want = rendered(NULL, 2);
    assert_string_equal(got, want);
    /* and it has a section for every command, with every option */
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        char heading[64];
        snprintf(heading, sizeof(heading), ".SS \"eapsim %s\"", cli_synopses[i].name);
        assert_non_null(strstr(got, heading));
    }
    free(got);
    free(want);
}

/* Each documented option is one the command's parser takes: given to the command (in an
 * empty directory, with a dummy value), getopt never calls it unknown. */
static void test_every_documented_option_is_accepted(void **state)
{
    (void)state;
    char dir[] = "/tmp/eap-synopsis-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        const struct cli_synopsis *c = &cli_synopses[i];
        for (const struct cli_option_doc *o = c->options; o->flag; o++) {
            char opt[64], cmd[2048];
            snprintf(opt, sizeof(opt), "%.*s", (int)strcspn(o->flag, " "), o->flag);
            snprintf(cmd, sizeof(cmd), "cd %s && '%s' %s %s 1 2>&1", dir, exe(), c->name, opt);
            char *out = capture(cmd);
            if (strstr(out, "unrecognized option") || strstr(out, "requires an argument")) {
                fail_msg("eapsim %s does not take its documented option %s: %s", c->name, opt, out);
            }
            free(out);
        }
    }
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* Every command the program lists has a synopsis, and no synopsis names an unknown one. */
static void test_every_command_is_documented(void **state)
{
    (void)state;
    char cmd[2048];
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        snprintf(cmd, sizeof(cmd), "'%s' %s --help >/dev/null 2>&1; echo $?", exe(),
                 cli_synopses[i].name);
        char *rc = capture(cmd);
        assert_string_equal(rc, "0\n");
        free(rc);
    }
    assert_null(cli_synopsis_find("nonesuch"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_of_every_command_is_the_table),
        cmocka_unit_test(test_man_page_is_the_table),
        cmocka_unit_test(test_every_documented_option_is_accepted),
        cmocka_unit_test(test_every_command_is_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
