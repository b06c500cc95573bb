/*
 * UTF-8: the one decoder the library uses, for the scenario loader (which refuses broken
 * text) and the chart writers (which measure and escape labels).
 */
#ifndef EAPSIM_UTF8_H
#define EAPSIM_UTF8_H

#include <stddef.h>

/* Length (1 to 4) of the well-formed UTF-8 sequence at p, reading at most `left` bytes, or 0
 * when the bytes there are not one: a stray continuation byte, a sequence cut short (a NUL
 * byte inside a NUL-terminated string counts as a cut), an overlong form, a surrogate
 * (U+D800 to U+DFFF) or a code point above U+10FFFF. Pass SIZE_MAX as `left` for a
 * NUL-terminated string: no byte past the NUL is read. */
size_t eap_utf8_len(const unsigned char *p, size_t left);

/* After `wanted = snprintf(buf, len, ...)`: when the text did not fit, cuts it back to whole
 * characters (at a space when one is near the end) and ends it in "..." (U+2026), so a name
 * is never cut inside a character, nor silently. Text that fitted is left as it is. The text
 * must be valid UTF-8 (scenario names are: the loader refuses anything else). */
void eap_utf8_fit(char *buf, size_t len, int wanted);

#endif
