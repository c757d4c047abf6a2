/*
 * A small pull parser for JSON (RFC 8259) over a byte range: the caller walks objects and arrays member by member
 * and reads the values it wants, skipping the rest. No allocation; strings are decoded into caller buffers.
 * Every function returns 0 on success and -1 on malformed input (or a value of another type, or a buffer too small).
 */
#ifndef RATE_LIMIT_JSON_H
#define RATE_LIMIT_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *cur;
    const char *end;
    int depth;
} json_reader;

void json_init(json_reader *reader, const char *text, size_t size);

/* Consumes '{' (or '['); set *first to 1 and pass it to json_next_member (or json_next_element). */
int json_begin_object(json_reader *reader, int *first);
int json_begin_array(json_reader *reader, int *first);

/* 1: a member follows, its key decoded into key (NUL-terminated) and the reader at its value; 0: end of object. */
int json_next_member(json_reader *reader, int *first, char *key, size_t key_capacity);

/* 1: an element follows and the reader is at it; 0: end of array. */
int json_next_element(json_reader *reader, int *first);

/* Decodes a string value (escapes and \u sequences to UTF-8) into out, NUL-terminated; *length excludes the NUL. */
int json_read_string(json_reader *reader, char *out, size_t capacity, size_t *length);

/* Reads a non-negative integer value (no fraction or exponent) that fits in 64 bits. */
int json_read_uint(json_reader *reader, uint64_t *value);

/* Skips any value. */
int json_skip_value(json_reader *reader);

/* 0 when only whitespace is left. */
int json_finish(json_reader *reader);

#endif
