#include "base64.h"

/* The 6-bit value of an alphabet character, or -1. Both alphabets are accepted: '+' and '-' are 62, '/' and '_' 63. */
static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

long base64_decode(const char *text, size_t size, unsigned char *out, size_t capacity) {
    /* Padding may only end the text, at most two characters, and only to complete a 4-character group. */
    size_t data = size;
    while (data > 0 && text[data - 1] == '=' && size - data < 2) data--;
    if (data < size && size % 4 != 0) return -1;
    if (data % 4 == 1) return -1; /* one character carries only 6 bits: not a whole byte */

    size_t written = 0;
    unsigned int bits = 0;
    int count = 0;
    for (size_t i = 0; i < data; i++) {
        int value = sextet(text[i]);
        if (value < 0) return -1;
        bits = (bits << 6) | (unsigned int)value;
        count += 6;
        if (count >= 8) {
            count -= 8;
            if (written == capacity) return -1;
            out[written++] = (unsigned char)((bits >> count) & 0xFF);
        }
    }
    /* The leftover bits of a final partial group must be zero in canonical base64. */
    if ((bits & ((1u << count) - 1)) != 0) return -1;
    return (long)written;
}
