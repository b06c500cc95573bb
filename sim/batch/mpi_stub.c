/*
 * Without MPI: one process, rank 0 of 1. `mpirun` of such a build runs independent copies,
 * which is why eapsim refuses to start under a launcher when MPI is not built in (cli).
 */
#include "eapsim/batch.h"

bool eap_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    (void)argc;
    (void)argv;
    *rank = 0;
    *size = 1;
    return true;
}

void eap_mpi_finalize(void)
{
}

bool eap_mpi_active(void)
{
    return false;
}

bool eap_mpi_rank0(void)
{
    return true;
}

bool eap_mpi_any(bool flag)
{
    return flag;
}

bool eap_mpi_batch_run(const struct eap_batch_spec *spec, struct eap_batch_stats *out,
                       struct eap_error *err)
{
    return eap_batch_run(spec, out, err);
}
