/*
 * store_pg.c: the store's PostgreSQL back end (libpq).
 *
 * Placeholder until the back end is written: a "postgresql://" store is
 * refused with a message.
 */
#include "store.h"

int store_pg_connect(deeds_store *s, const char *uri)
{
    deeds_diag_error(s->diag, uri, 0, "PostgreSQL stores are not available yet");
    return -1;
}
