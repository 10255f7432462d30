/* util.h: small internal helpers shared by the library's stages (util.c). */
#ifndef DEEDS_UTIL_H
#define DEEDS_UTIL_H
#include <stddef.h>

/* Returns p resized so that it holds at least need items of size bytes,
 * doubling *cap (from 64); aborts with a message when memory runs out. */
void *deeds_grow(void *p, size_t *cap, size_t need, size_t size);
/* Reads a whole regular file into a NUL-terminated malloc'd buffer;
 * *len receives its size.  NULL (errno set) when it cannot be read. */
char *deeds_read_file(const char *path, size_t *len);
#endif
