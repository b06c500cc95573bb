/*
 * MPI distribution of a batch: each rank runs a contiguous share of the blocks (with its own
 * threads), serialises its exact statistics, and rank 0 gathers and merges them. Because the
 * statistics are exact, the result equals a single process's bit for bit. Built only with
 * -Dmpi=enabled (or auto when Open MPI is installed); mpi_stub.c stands in otherwise.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/batch.h"

static bool active;

bool eap_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    *rank = 0;
    *size = 1;
    /* Only when a launcher started us: a plain run must not pay for (or print) MPI start-up. */
    if (!eap_mpi_launched()) {
        return true;
    }
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
        return false;
    }
    active = true;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return true;
}

/* Out of memory in the middle of a collective: the other ranks would wait for ever, so the
 * whole job stops. */
static void *must(void *p)
{
    if (!p) {
        fputs("eapsim: out of memory during an MPI exchange; stopping every rank\n", stderr);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return p;
}

void eap_mpi_finalize(void)
{
    if (active) {
        MPI_Finalize();
        active = false;
    }
}

bool eap_mpi_active(void)
{
    return active;
}

bool eap_mpi_rank0(void)
{
    int rank = 0;
    if (active) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    }
    return rank == 0;
}

bool eap_mpi_any(bool flag)
{
    if (!active) {
        return flag;
    }
    int mine = flag, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    return any != 0;
}

/* Rank 0 receives every rank's state text (its own included) in rank order. */
static char **gather_states(const char *mine, int rank, int size)
{
    long long len = mine ? (long long)strlen(mine) + 1 : 0;
    long long *lens = rank == 0 ? must(calloc((size_t)size, sizeof(*lens))) : NULL;
    MPI_Gather(&len, 1, MPI_LONG_LONG, lens, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    char **texts = NULL;
    if (rank == 0) {
        texts = must(calloc((size_t)size, sizeof(*texts)));
        for (int r = 0; r < size; r++) {
            if (r == 0 && mine) {
                texts[r] = must(strdup(mine));
            } else if (r > 0 && lens[r] > 0) {
                texts[r] = must(malloc((size_t)lens[r]));
                MPI_Recv(texts[r], (int)lens[r], MPI_CHAR, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
        }
    } else if (len > 0) {
        MPI_Send(mine, (int)len, MPI_CHAR, 0, 7, MPI_COMM_WORLD);
    }
    free(lens);
    return texts;
}

static bool merge_states(char **texts, int size, struct eap_batch_stats *out, struct eap_error *err)
{
    bool ok = true, have_out = false;
    for (int r = 0; r < size; r++) {
        struct eap_batch_meta meta;
        struct eap_batch_stats part;
        char *keep = NULL;
        if (ok && !texts[r]) {
            ok = eap_error_set(err, EAP_EINTERNAL, "rank %d sent no statistics", r);
        }
        if (ok && !eap_batch_state_from_json("(MPI rank)", texts[r], &meta, &part, &keep, err)) {
            ok = false;
        }
        if (ok && r == 0) {
            *out = part;
            have_out = true;
        } else if (ok) {
            ok = eap_batch_stats_merge(out, &part, err);
            eap_batch_stats_finish(&part);
        }
        free(keep);
        free(texts[r]);
    }
    free(texts);
    if (!ok && have_out) {
        eap_batch_stats_finish(out); /* nothing half-merged reaches the caller */
    }
    return ok;
}

bool eap_mpi_batch_run(const struct eap_batch_spec *spec, struct eap_batch_stats *out,
                       struct eap_error *err)
{
    if (!active) {
        return eap_batch_run(spec, out, err);
    }
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    struct eap_batch_spec local = *spec;
    uint64_t first, count;
    eap_batch_shard_range(spec->count, (uint64_t)rank, (uint64_t)size, &first, &count);
    local.first = spec->first + first;
    local.count = count;
    local.on_row = NULL;
    if (rank != 0) {
        local.progress = NULL;
    }
    struct eap_batch_stats mine;
    struct eap_error local_err;
    eap_error_clear(&local_err);
    bool ok = eap_batch_run(&local, &mine, &local_err);
    char *text = NULL;
    if (ok) {
        struct eap_batch_meta meta = {"", "", "", 0,    spec->seed, spec->count, local.first, count,
                                      "", "", "", NULL, NULL,       NULL,        NULL,        NULL};
        text = eap_batch_state_to_json(&meta, &mine);
        ok = text != NULL;
        eap_batch_stats_finish(&mine);
    }
    if (eap_mpi_any(!ok)) {
        free(text);
        if (ok) {
            return eap_error_set(err, EAP_EINTERNAL, "another MPI rank failed");
        }
        *err = local_err;
        return false;
    }
    char **texts = gather_states(text, rank, size);
    free(text);
    memset(out, 0, sizeof(*out));
    if (rank != 0) {
        return true;
    }
    return merge_states(texts, size, out, err);
}
