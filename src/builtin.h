/* builtin.h: the dictionary files compiled into libdeeds (see tools/embed.c). */
#ifndef DEEDS_BUILTIN_H
#define DEEDS_BUILTIN_H
#include <stddef.h>

typedef struct deeds_builtin_file {
    const char *name;  /* "builtin:FILE" */
    const char *data;  /* NUL-terminated */
    size_t      size;
} deeds_builtin_file;

extern const deeds_builtin_file deeds_builtin_files[];
#endif
