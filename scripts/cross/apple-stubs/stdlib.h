/* Stand-in for the Apple SDK's stdlib.h; see TargetConditionals.h beside it. */
#ifndef LICENSESPRING_STUB_STDLIB_H
#define LICENSESPRING_STUB_STDLIB_H
#include <stddef.h>
void abort(void) __attribute__((noreturn));
void *malloc(size_t n);
void free(void *p);
#endif
