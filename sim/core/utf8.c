/*
 * The UTF-8 decoder (RFC 3629, section 4): the lead byte gives the length, the second
 * byte's range rules out overlong forms, surrogates and values above U+10FFFF, and every
 * further byte must be a continuation byte.
 */
#include "eapsim/utf8.h"

#include <stdint.h>
#include <string.h>

size_t eap_utf8_len(const unsigned char *p, size_t left)
{
    if (left == 0) {
        return 0;
    }
    unsigned char b = p[0];
    if (b < 0x80) {
        return 1;
    }
    size_t n = b >= 0xC2 && b <= 0xDF   ? 2
               : b >= 0xE0 && b <= 0xEF ? 3
               : b >= 0xF0 && b <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || n > left) {
        return 0;
    }
    unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            return 0;
        }
    }
    return n;
}

void eap_utf8_fit(char *buf, size_t len, int wanted)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    const size_t e = sizeof(ellipsis) - 1;
    if (len == 0 || wanted < 0 || (size_t)wanted < len) {
        return;
    }
    size_t room = len > e + 1 ? len - 1 - e : len - 1, end = 0, space = 0;
    for (size_t n; buf[end] && (n = eap_utf8_len((const unsigned char *)buf + end, SIZE_MAX)) &&
                   end + n <= room;
         end += n) {
        space = buf[end] == ' ' ? end : space;
    }
    if (space > 0 && end - space < 24) {
        end = space; /* a word is not cut either, unless it is a very long one */
    }
    while (end > 0 && buf[end - 1] == ' ') {
        end--;
    }
    if (len > e + 1) {
        memcpy(buf + end, ellipsis, e);
        end += e;
    }
    buf[end] = '\0';
}
