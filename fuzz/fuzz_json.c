/* fuzz_json.c: the JSON parser on arbitrary bytes.  Whatever it accepts
 * must survive a round trip (written back with deeds_buf_json_string and
 * parsed again to the same tree); whatever it rejects must come with a
 * column inside the input and a message. */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void write_value(deeds_buf *b, const json_value *v)
{
    switch (v->type) {
    case JSON_NULL: deeds_buf_puts(b, "null"); break;
    case JSON_FALSE: deeds_buf_puts(b, "false"); break;
    case JSON_TRUE: deeds_buf_puts(b, "true"); break;
    case JSON_NUMBER: deeds_buf_append(b, v->u.str, v->len); break;
    case JSON_STRING: deeds_buf_json_string(b, v->u.str, v->len); break;
    case JSON_ARRAY:
        deeds_buf_puts(b, "[");
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                deeds_buf_puts(b, ",");
            write_value(b, &v->u.items[i]);
        }
        deeds_buf_puts(b, "]");
        break;
    case JSON_OBJECT:
        deeds_buf_puts(b, "{");
        for (size_t i = 0; i < v->len; i++) {
            if (i)
                deeds_buf_puts(b, ",");
            deeds_buf_json_string(b, v->u.members[i].key, v->u.members[i].key_len);
            deeds_buf_puts(b, ":");
            write_value(b, &v->u.members[i].value);
        }
        deeds_buf_puts(b, "}");
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static json_parser *p;
    if (!p)
        p = json_parser_new();
    json_error err;
    const json_value *v = json_parse(p, (const char *)data, size, &err);
    if (!v) {
        if (err.status == JSON_OK || err.column < 1 || err.column > size + 1 ||
            !err.message[0])
            abort();
        return 0;
    }
    deeds_buf first = { 0 }, second = { 0 };
    write_value(&first, v);
    if (!deeds_utf8_valid(first.data, first.len))
        abort();
    v = json_parse(p, first.data, first.len, &err);
    if (!v)
        abort();
    write_value(&second, v);
    if (first.len != second.len || memcmp(first.data, second.data, first.len))
        abort();
    deeds_buf_free(&first);
    deeds_buf_free(&second);
    return 0;
}
