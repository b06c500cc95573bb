/*
 * Writes the man page eapsim(1) from the synopsis table at build time:
 *   eapsim-gen-man VERSION OUTPUT
 * The page goes to a temporary file first and is renamed onto OUTPUT once complete.
 */
#include <stdio.h>

#include "synopsis.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s VERSION OUTPUT\n", argv[0]);
        return 2;
    }
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror(tmp);
        return 1;
    }
    cli_synopsis_man(f, "eapsim", argv[1]);
    if (ferror(f) | fclose(f) || rename(tmp, argv[2]) != 0) {
        perror(argv[2]);
        remove(tmp);
        return 1;
    }
    return 0;
}
