#include "json.h"

/* Nesting deeper than this is refused, so skipping a hostile value cannot exhaust the stack. */
#define JSON_MAX_DEPTH 32

void json_init(json_reader *reader, const char *text, size_t size) {
    reader->cur = text;
    reader->end = text + size;
    reader->depth = 0;
}

static void skip_whitespace(json_reader *r) {
    while (r->cur < r->end && (*r->cur == ' ' || *r->cur == '\t' || *r->cur == '\n' || *r->cur == '\r')) r->cur++;
}

/* Skips whitespace, then consumes c if it is next. */
static int accept(json_reader *r, char c) {
    skip_whitespace(r);
    if (r->cur < r->end && *r->cur == c) {
        r->cur++;
        return 1;
    }
    return 0;
}

static int literal(json_reader *r, const char *word) {
    for (; *word; word++, r->cur++) {
        if (r->cur >= r->end || *r->cur != *word) return -1;
    }
    return 0;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int read_hex4(json_reader *r, unsigned int *value) {
    if (r->end - r->cur < 4) return -1;
    *value = 0;
    for (int i = 0; i < 4; i++) {
        int digit = hex_digit(*r->cur++);
        if (digit < 0) return -1;
        *value = (*value << 4) | (unsigned int)digit;
    }
    return 0;
}

/* Appends one byte to out unless only the NUL's room is left. */
static int put(char *out, size_t capacity, size_t *length, unsigned char byte) {
    if (*length + 1 >= capacity) return -1;
    out[(*length)++] = (char)byte;
    return 0;
}

static int put_code_point(char *out, size_t capacity, size_t *length, unsigned int cp) {
    if (cp < 0x80) return put(out, capacity, length, (unsigned char)cp);
    if (cp < 0x800) {
        return put(out, capacity, length, (unsigned char)(0xC0 | (cp >> 6))) ||
               put(out, capacity, length, (unsigned char)(0x80 | (cp & 0x3F)));
    }
    if (cp < 0x10000) {
        return put(out, capacity, length, (unsigned char)(0xE0 | (cp >> 12))) ||
               put(out, capacity, length, (unsigned char)(0x80 | ((cp >> 6) & 0x3F))) ||
               put(out, capacity, length, (unsigned char)(0x80 | (cp & 0x3F)));
    }
    return put(out, capacity, length, (unsigned char)(0xF0 | (cp >> 18))) ||
           put(out, capacity, length, (unsigned char)(0x80 | ((cp >> 12) & 0x3F))) ||
           put(out, capacity, length, (unsigned char)(0x80 | ((cp >> 6) & 0x3F))) ||
           put(out, capacity, length, (unsigned char)(0x80 | (cp & 0x3F)));
}

/* Decodes the escape after a backslash. */
static int read_escape(json_reader *r, char *out, size_t capacity, size_t *length) {
    if (r->cur >= r->end) return -1;
    char c = *r->cur++;
    switch (c) {
    case '"': case '\\': case '/': return put(out, capacity, length, (unsigned char)c);
    case 'b': return put(out, capacity, length, '\b');
    case 'f': return put(out, capacity, length, '\f');
    case 'n': return put(out, capacity, length, '\n');
    case 'r': return put(out, capacity, length, '\r');
    case 't': return put(out, capacity, length, '\t');
    case 'u': {
        unsigned int cp;
        if (read_hex4(r, &cp)) return -1;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return -1; /* a low surrogate cannot come first */
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned int low;
            if (r->end - r->cur < 2 || r->cur[0] != '\\' || r->cur[1] != 'u') return -1;
            r->cur += 2;
            if (read_hex4(r, &low) || low < 0xDC00 || low > 0xDFFF) return -1;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        return put_code_point(out, capacity, length, cp);
    }
    default: return -1;
    }
}

int json_read_string(json_reader *r, char *out, size_t capacity, size_t *length) {
    size_t written = 0;
    if (capacity == 0 || !accept(r, '"')) return -1;
    for (;;) {
        if (r->cur >= r->end) return -1;
        unsigned char c = (unsigned char)*r->cur++;
        if (c == '"') break;
        if (c < 0x20) return -1; /* control characters must be escaped */
        if (c == '\\') {
            if (read_escape(r, out, capacity, &written)) return -1;
        } else if (put(out, capacity, &written, c)) {
            return -1;
        }
    }
    out[written] = '\0';
    if (length) *length = written;
    return 0;
}

int json_read_uint(json_reader *r, uint64_t *value) {
    skip_whitespace(r);
    if (r->cur >= r->end || *r->cur < '0' || *r->cur > '9') return -1;
    if (*r->cur == '0' && r->end - r->cur > 1 && r->cur[1] >= '0' && r->cur[1] <= '9') return -1; /* no leading zeros */
    uint64_t result = 0;
    while (r->cur < r->end && *r->cur >= '0' && *r->cur <= '9') {
        uint64_t digit = (uint64_t)(*r->cur++ - '0');
        if (result > (UINT64_MAX - digit) / 10) return -1;
        result = result * 10 + digit;
    }
    if (r->cur < r->end && (*r->cur == '.' || *r->cur == 'e' || *r->cur == 'E')) return -1;
    *value = result;
    return 0;
}

static int skip_number(json_reader *r) {
    if (r->cur < r->end && *r->cur == '-') r->cur++;
    const char *digits = r->cur;
    while (r->cur < r->end && *r->cur >= '0' && *r->cur <= '9') r->cur++;
    if (r->cur == digits) return -1;
    if (r->cur < r->end && *r->cur == '.') {
        const char *fraction = ++r->cur;
        while (r->cur < r->end && *r->cur >= '0' && *r->cur <= '9') r->cur++;
        if (r->cur == fraction) return -1;
    }
    if (r->cur < r->end && (*r->cur == 'e' || *r->cur == 'E')) {
        r->cur++;
        if (r->cur < r->end && (*r->cur == '+' || *r->cur == '-')) r->cur++;
        const char *exponent = r->cur;
        while (r->cur < r->end && *r->cur >= '0' && *r->cur <= '9') r->cur++;
        if (r->cur == exponent) return -1;
    }
    return 0;
}

int json_begin_object(json_reader *r, int *first) {
    if (r->depth >= JSON_MAX_DEPTH || !accept(r, '{')) return -1;
    r->depth++;
    *first = 1;
    return 0;
}

int json_begin_array(json_reader *r, int *first) {
    if (r->depth >= JSON_MAX_DEPTH || !accept(r, '[')) return -1;
    r->depth++;
    *first = 1;
    return 0;
}

int json_next_member(json_reader *r, int *first, char *key, size_t key_capacity) {
    if (accept(r, '}')) {
        r->depth--;
        return 0;
    }
    if (!*first && !accept(r, ',')) return -1;
    *first = 0;
    if (json_read_string(r, key, key_capacity, NULL) || !accept(r, ':')) return -1;
    skip_whitespace(r);
    return 1;
}

int json_next_element(json_reader *r, int *first) {
    if (accept(r, ']')) {
        r->depth--;
        return 0;
    }
    if (!*first && !accept(r, ',')) return -1;
    *first = 0;
    skip_whitespace(r);
    return 1;
}

int json_skip_value(json_reader *r) {
    skip_whitespace(r);
    if (r->cur >= r->end) return -1;
    int first, more;
    switch (*r->cur) {
    case '{':
        if (json_begin_object(r, &first)) return -1;
        while (!accept(r, '}')) {
            if (!first && !accept(r, ',')) return -1;
            first = 0;
            skip_whitespace(r);
            /* keys are strings: skip them as values */
            if (r->cur >= r->end || *r->cur != '"' || json_skip_value(r) || !accept(r, ':') || json_skip_value(r)) return -1;
        }
        r->depth--;
        return 0;
    case '[':
        if (json_begin_array(r, &first)) return -1;
        while ((more = json_next_element(r, &first)) == 1) {
            if (json_skip_value(r)) return -1;
        }
        return more;
    case '"':
        r->cur++;
        while (r->cur < r->end && *r->cur != '"') {
            if ((unsigned char)*r->cur < 0x20) return -1;
            if (*r->cur == '\\') {
                r->cur++;
                if (r->cur >= r->end) return -1;
            }
            r->cur++;
        }
        if (r->cur >= r->end) return -1;
        r->cur++;
        return 0;
    case 't': return literal(r, "true");
    case 'f': return literal(r, "false");
    case 'n': return literal(r, "null");
    default: return skip_number(r);
    }
}

int json_finish(json_reader *r) {
    skip_whitespace(r);
    return r->cur == r->end ? 0 : -1;
}
