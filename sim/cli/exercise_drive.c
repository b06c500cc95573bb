/*
 * Moving an exercise session, for the terminal and the window alike: the wall clock of the
 * session, the log saved after every change, choices (the room's, the countdown's, the
 * prepared answers', or those of a log being replayed) and the facilitator's observations.
 * The terminal prints a transcript of choices and observations as they are made; the window
 * shows them itself.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_exercise.h"
#include "eapsim/atomic.h"

double ex_wall(const struct ex_run *r)
{
    return round((cli_now() - r->t0 + r->offset) * 1000) / 1000;
}

bool ex_save_log(struct ex_run *r)
{
    if (!r->log_path) {
        return true;
    }
    eap_exercise_mark(r->s, ex_wall(r));
    char *text = eap_exercise_log_text(eap_exercise_session_record(r->s));
    struct eap_error err;
    eap_error_clear(&err);
    bool ok = text && eap_write_file_atomic(r->log_path, text, strlen(text), &err);
    if (!ok) {
        ex_term_clear(&r->term);
        cli_error("cannot save the session log %s: %s", r->log_path,
                  text ? err.msg : "out of memory");
    }
    free(text);
    return ok;
}

bool ex_choose(struct ex_run *r, int32_t option, enum eap_chooser by, const char *who, double wall)
{
    struct eap_error err;
    if (!eap_exercise_choose(r->s, option, by, who, wall, &err)) {
        cli_error("%s", err.msg);
        return false;
    }
    const struct eap_exercise_record *rec = eap_exercise_session_record(r->s);
    if (r->transcript) {
        ex_print_choice(r->scn, &rec->choices[rec->choice_count - 1]);
    }
    ex_save_log(r);
    return true;
}

bool ex_unattended(const struct ex_run *r, int32_t d)
{
    return r->log_rec || (r->answers.count && r->answers.option[d] != EAP_NONE && !r->answered[d]);
}

int ex_answer_unattended(struct ex_run *r, int32_t d)
{
    if (r->log_rec && r->log_choice == r->log_rec->choice_count) {
        printf("  The log ends here, with this decision waiting.\n");
        r->quit = true; /* the session was saved at this prompt */
        return 1;
    }
    if (r->log_rec) {
        const struct eap_exercise_choice *c = &r->log_rec->choices[r->log_choice++];
        if (c->decision != d) {
            cli_error("the log does not fit the run: decision \"%s\" falls due where it has "
                      "\"%s\"",
                      r->scn->decisions[d].id, r->scn->decisions[c->decision].id);
            return -1;
        }
        return ex_choose(r, c->option, c->by, c->who, c->wall) ? 1 : -1;
    }
    if (ex_unattended(r, d)) {
        r->answered[d] = true; /* once: going back to it asks the room */
        return ex_choose(r, r->answers.option[d], EAP_CHOSEN_BY_ANSWERS, NULL, ex_wall(r)) ? 1 : -1;
    }
    return 0;
}

bool ex_observe(struct ex_run *r, const char *text)
{
    const char *t = text;
    bool flagged = *t == '!';
    t += flagged;
    while (*t == ' ') {
        t++;
    }
    if (!*t) {
        return true;
    }
    struct eap_error err;
    if (!eap_exercise_observe(r->s, t, flagged, ex_wall(r), &err)) {
        cli_error("%s", err.msg);
        return false;
    }
    const struct eap_exercise_record *rec = eap_exercise_session_record(r->s);
    if (r->transcript) {
        ex_print_observation(r->scn, &rec->observations[rec->observation_count - 1]);
    }
    ex_save_log(r);
    return true;
}
