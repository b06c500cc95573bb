/* See scenario_fixture.h. */
#include "scenario_fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/engine.h"
#include "eapsim/loader.h"

const char *fixture_scenario_path(const char *name)
{
    static char buf[1024];
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(buf, sizeof(buf), "%s/scenarios/%s", root ? root : ".", name);
    return buf;
}

static struct eap_scenario *checked(struct eap_scenario *s, struct eap_diag *diag, const char *what)
{
    if (!s) {
        char line[512];
        eap_error_format(&diag->items[0], line, sizeof(line));
        fail_msg("cannot load %s: %s", what, line);
    }
    eap_diag_finish(diag);
    return s;
}

struct eap_scenario *fixture_load_file(const char *name, const char *const *sets, size_t n)
{
    struct eap_override ovr[8];
    char bufs[8][256];
    struct eap_error err;
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        assert_true(eap_override_split(sets[i], bufs[i], sizeof(bufs[i]), &ovr[i], &err));
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    return checked(eap_scenario_load(fixture_scenario_path(name), ovr, n, &diag), &diag, name);
}

struct eap_scenario *fixture_load_text(const char *json)
{
    struct eap_diag diag;
    eap_diag_init(&diag);
    return checked(eap_scenario_load_text("test.json", json, strlen(json), NULL, 0, &diag), &diag,
                   "the test scenario");
}

struct eap_scenario *fixture_load_format(const char *fmt, ...)
{
    char json[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(json, sizeof(json), fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof(json));
    return fixture_load_text(json);
}

int64_t fixture_metric(const struct eap_engine *e, const char *name)
{
    const struct eap_scenario *s = eap_engine_scenario(e);
    long m = eap_metric_find(s->metrics, s->metric_count, name);
    if (m < 0) {
        fail_msg("no metric named %s", name);
    }
    int64_t *v = calloc(s->metric_count, sizeof(*v));
    assert_non_null(v);
    eap_engine_metrics(e, v);
    int64_t x = v[m];
    free(v);
    return x;
}
