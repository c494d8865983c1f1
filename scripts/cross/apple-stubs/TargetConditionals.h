/* Stand-in for the Apple SDK's TargetConditionals.h, for `cargo check` of macOS targets on Linux
 * only (scripts/cross/macos-check.sh): ring's build script compiles C even for a check. Nothing
 * built with it is linked or run. */
#ifndef LICENSESPRING_STUB_TARGETCONDITIONALS_H
#define LICENSESPRING_STUB_TARGETCONDITIONALS_H
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 1
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_TV 0
#define TARGET_OS_WATCH 0
#define TARGET_OS_VISION 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_OS_EMBEDDED 0
#if defined(__x86_64__)
#define TARGET_CPU_X86_64 1
#define TARGET_CPU_ARM64 0
#elif defined(__aarch64__)
#define TARGET_CPU_X86_64 0
#define TARGET_CPU_ARM64 1
#endif
#endif
