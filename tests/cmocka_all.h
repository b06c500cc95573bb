/* cmocka 1.1 needs these headers before <cmocka.h>. */
#ifndef EAPSIM_TEST_CMOCKA_ALL_H
#define EAPSIM_TEST_CMOCKA_ALL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#endif
