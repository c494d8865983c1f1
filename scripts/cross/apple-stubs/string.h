/* Stand-in for the Apple SDK's string.h; see TargetConditionals.h beside it. */
#ifndef LICENSESPRING_STUB_STRING_H
#define LICENSESPRING_STUB_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#endif
