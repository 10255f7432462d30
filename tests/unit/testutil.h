/* testutil.h: what every cmocka unit test includes. */
#ifndef DEEDS_TESTUTIL_H
#define DEEDS_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deeds.h"

/* A diag that keeps messages in a buffer instead of printing them. */
static inline void testutil_diag_emit(void *ud, const char *file, long line,
                                      const char *msg)
{
    deeds_buf *b = ud;
    deeds_buf_printf(b, "%s:%ld: %s\n", file ? file : "", line, msg);
}
#define TESTUTIL_QUIET_DIAG(name, buf) \
    deeds_buf buf = { 0 };             \
    deeds_diag name = { .emit = testutil_diag_emit, .ud = &buf }
#endif
