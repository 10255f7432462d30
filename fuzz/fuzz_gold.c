/* fuzz_gold.c: the gold-file reader of `deeds validate` on arbitrary bytes,
 * coded with the built-in dictionaries.  Whatever the bytes, validation
 * must finish, count no more passes than records, and count every
 * non-blank line as a record scored or a record skipped. */
#include "deeds.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void quiet(void *ud, const char *file, long line, const char *msg)
{
    (void)ud; (void)file; (void)line; (void)msg;
}

static deeds_coder *coder;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    deeds_diag diag = { .emit = quiet };
    deeds_dict *dict = deeds_dict_load(NULL, &diag);
    if (!dict)
        abort();
    deeds_coder_options opt = { 0 };
    coder = deeds_coder_new(dict, &opt);   /* both live as long as the process */
    sink = fopen("/dev/null", "w");
    return coder && sink ? 0 : -1;
}

static unsigned long non_blank_lines(const uint8_t *data, size_t size)
{
    unsigned long n = 0;
    int content = 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n') {
            n += content;
            content = 0;
        } else if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r') {
            content = 1;
        }
    }
    return n + content;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-gold", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    deeds_diag diag = { .emit = quiet };
    int passed = -1, total = -1;
    int rc = deeds_validate_gold(coder, path, 1, sink, &diag, &passed, &total);
    if (rc >= 0) {
        unsigned long skipped = 0;
        for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
            skipped += diag.skipped[i];
        if (passed < 0 || total < passed || (unsigned long)total + skipped < non_blank_lines(data, size))
            abort();
    }
    close(fd);
    return 0;
}
