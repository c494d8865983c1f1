/* Stand-in for the Apple SDK's assert.h; see TargetConditionals.h beside it. */
#ifndef LICENSESPRING_STUB_ASSERT_H
#define LICENSESPRING_STUB_ASSERT_H
#define assert(e) ((void)0)
#ifndef __cplusplus
#define static_assert _Static_assert
#endif
#endif
