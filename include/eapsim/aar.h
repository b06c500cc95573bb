/*
 * The after-action report and improvement plan of an exercise session, in the structure of
 * HSEEP's AAR/IP: the exercise overview, the objectives with their results and ratings, the
 * decisions with what each option would have given, the timeline against the plan and the
 * record, the injects, the observations and the improvement plan. Written as Markdown
 * (aar.md) and as one self-contained HTML page (aar.html, the timeline drawn as inline SVG),
 * both from the numbers eap_exercise_aar() computed (exercise.h); the writers compute
 * nothing.
 */
#ifndef EAPSIM_AAR_H
#define EAPSIM_AAR_H

#include <stdbool.h>
#include <stdio.h>

#include "eapsim/error.h"
#include "eapsim/exercise.h"
#include "eapsim/stamp.h"

/* Writes the report to out as Markdown or HTML, ending with how it was made (the provenance
 * stamp; NULL: no such section). Returns false with err (EAP_ENOMEM, or EAP_EIO when writing
 * fails). */
bool eap_aar_markdown(FILE *out, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                      struct eap_error *err);
bool eap_aar_html(FILE *out, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                  struct eap_error *err);

/* Writes aar.md and aar.html into dir (created when missing, with its parents), all or
 * nothing (eap_outdir_begin, eapsim/atomic.h): dir shows both new files or keeps what it had;
 * its other files stay. Returns false with err (EAP_EIO naming the file as in dir,
 * EAP_EUSAGE when dir is not a folder, EAP_ENOMEM). */
bool eap_aar_write(const char *dir, const struct eap_exercise_aar *a, const struct eap_stamp *stamp,
                   struct eap_error *err);

#endif
