/* fuzz_sentence.c: sentence splitting and folding on arbitrary bytes.
 * Spans must be ordered, inside the text and trimmed; folded text must be
 * valid UTF-8 and truncate like snprintf, never in the middle of a
 * character. */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_trim_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static void check_split(const char *s, size_t n)
{
    deeds_span *spans = NULL;
    size_t count = deeds_sentence_split(s, n, &spans);
    size_t prev_end = 0;
    for (size_t i = 0; i < count; i++) {
        deeds_span sp = spans[i];
        if (sp.start >= sp.end || sp.end > n || sp.start < prev_end)
            abort();
        if (is_trim_space((unsigned char)s[sp.start]) ||
            is_trim_space((unsigned char)s[sp.end - 1]))
            abort();
        prev_end = sp.end;
    }
    free(spans);
}

static void check_fold(const char *s, size_t n)
{
    size_t need = deeds_fold(s, n, NULL, 0);
    char *full = malloc(need + 1);
    if (deeds_fold(s, n, full, need + 1) != need || strlen(full) > need ||
        !deeds_utf8_valid(full, need))
        abort();
    for (size_t cap = 1; cap <= need && cap < 64; cap += 7) {
        char part[64];
        if (deeds_fold(s, n, part, cap) != need)
            abort();
        size_t k = strlen(part);
        /* a prefix of the full result, cut at a character boundary */
        if (k >= cap || memcmp(part, full, k) || !deeds_utf8_valid(part, k))
            abort();
    }
    free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    check_split(s, size);
    check_fold(s, size);
    size_t ok = deeds_utf8_valid_prefix(s, size);
    if (ok > size || !deeds_utf8_valid(s, ok) || deeds_utf8_valid(s, size) != (ok == size))
        abort();
    return 0;
}
