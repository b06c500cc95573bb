/*
 * What the fuzz harnesses check of a loaded scenario: the loader promises that every index
 * in a scenario it returns is in range, and every consumer (engine, report, viewer) relies on
 * that without checking again. Shared by fuzz_loader.c and fuzz_override.c.
 */
#ifndef EAPSIM_FUZZ_SCENARIO_CHECK_H
#define EAPSIM_FUZZ_SCENARIO_CHECK_H

#include "eapsim/error.h"
#include "eapsim/scenario.h"

/* Aborts (a finding for libFuzzer) when s holds an index out of range or an input without a
 * path. */
void fuzz_check_scenario(const struct eap_scenario *s);

/* Aborts unless the outcome of a load is consistent: a loaded scenario reports no problem
 * and passes fuzz_check_scenario(); a refusal says why. */
void fuzz_check_load(const struct eap_scenario *s, const struct eap_diag *diag);

#endif
