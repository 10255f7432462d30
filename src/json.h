/*
 * json.h: the strict JSON parser behind the article reader and the gold
 * validator (internal to libdeeds).
 *
 * json_parse turns one JSON text (RFC 8259) into a tree of json_value that
 * lives in the parser's arena until the next parse.  Errors carry the byte
 * column and a message a user can act on; invalid UTF-8 inside a string is
 * reported as its own status so callers can count it apart from syntax
 * errors.  Writing JSON is not done here: see deeds_buf_json_string.
 */
#ifndef DEEDS_JSON_H
#define DEEDS_JSON_H

#include <stddef.h>

#include "deeds.h"

typedef enum json_type {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type;

typedef struct json_value json_value;
typedef struct json_member json_member;

struct json_value {
    json_type type;
    /* JSON_STRING: decoded bytes; JSON_NUMBER: bytes as written;
     * JSON_ARRAY: items; JSON_OBJECT: members. */
    size_t len;
    union {
        const char        *str;      /* NUL-terminated (may hold \u0000) */
        const json_value  *items;
        const json_member *members;  /* in input order */
    } u;
};

struct json_member {
    const char *key;  /* decoded, NUL-terminated */
    size_t      key_len;
    json_value  value;
};

typedef enum json_status {
    JSON_OK,
    JSON_ERROR_SYNTAX,
    JSON_ERROR_UTF8,   /* a string holds bytes that are not UTF-8 */
    JSON_ERROR_DEPTH   /* arrays/objects nested deeper than JSON_MAX_DEPTH */
} json_status;

#define JSON_MAX_DEPTH 64

typedef struct json_error {
    json_status status;
    size_t      column;       /* 1-based byte offset of the problem */
    /* e.g. "expected ',' or '}' after object member, found 'x' at column 57" */
    char        message[160];
} json_error;

typedef struct json_parser json_parser;

json_parser *json_parser_new(void);
void json_parser_free(json_parser *p);

/* Parses s[0..n) as exactly one JSON value (white space around it allowed).
 * Returns the root, valid until the next json_parse on p, or NULL with *err
 * filled in. */
const json_value *json_parse(json_parser *p, const char *s, size_t n,
                             json_error *err);

/* The value of member key in an object (the last one when a key repeats),
 * NULL when absent or when obj is not an object. */
const json_value *json_object_get(const json_value *obj, const char *key);

/* "string", "object", ... for messages. */
const char *json_type_name(json_type t);

/* Length of the longest valid UTF-8 prefix of s[0..len): len when all of s
 * is valid.  Lives in sentence.c beside deeds_utf8_valid; the parser and
 * the reader use it to say where the first bad byte is. */
size_t deeds_utf8_valid_prefix(const char *s, size_t len);

/* The JSON object behind the article deeds_reader_next last returned (NULL
 * for text files), so that the gold validator reads its extra fields with
 * the same reader and the same checks.  Lives in input.c. */
const json_value *deeds_reader_record(const deeds_reader *r);

#endif
