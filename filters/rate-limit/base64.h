#ifndef RATE_LIMIT_BASE64_H
#define RATE_LIMIT_BASE64_H

#include <stddef.h>

/*
 * Decodes standard (RFC 4648 section 4) or URL-safe (section 5) base64, with or without '=' padding, into out.
 * Returns the decoded length, or -1 for a character outside the alphabet, misplaced padding, a dangling final
 * character, or an output larger than capacity.
 */
long base64_decode(const char *text, size_t size, unsigned char *out, size_t capacity);

#endif
