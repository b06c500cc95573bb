/*
 * COUNT_OF: the number of elements of an array, for the library's sources and tests. One
 * definition for every module (the only macro here without the EAP_ prefix: it is a C idiom,
 * not part of the simulator's vocabulary).
 */
#ifndef EAPSIM_COUNT_OF_H
#define EAPSIM_COUNT_OF_H

#include <stddef.h>

/* The number of elements of an array (not of a pointer: sizeof would mislead). */
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

#endif
