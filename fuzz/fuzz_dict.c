/* fuzz_dict.c: arbitrary bytes into the dictionary parser, as every kind of
 * file (the first byte picks the file name, so the kind), then the index is
 * built and one sentence coded with the result. */
#include "dict.h"
#include "coder.h"

#include <stdint.h>
#include <string.h>

static void quiet(void *ud, const char *file, long line, const char *msg)
{
    (void)ud; (void)file; (void)line; (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { "f.actors", "f.agents", "f.verbs", "f.options",
                                         "discards.txt", "CAMEO.2.0.txt", "f.txt" };
    if (size < 1)
        return 0;
    const char *name = names[data[0] % 7];
    deeds_diag diag = { .emit = quiet };
    deeds_dict *d = dict_new();
    dict_parse_buffer(d, name, (const char *)data + 1, size - 1, &diag);
    dict_finish(d);
    deeds_coder_options o = { .compat_tabari = data[0] & 8 };
    deeds_coder *c = deeds_coder_new(d, &o);
    const char *s = "Arnor said the Gondor president would not meet Rohan and Mordor, officials said.";
    deeds_code_sentence(c, "f", 0, s, strlen(s), 20200101, NULL, NULL, NULL);
    deeds_coder_free(c);
    deeds_dict_free(d);
    return 0;
}
