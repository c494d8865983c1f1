/*
 * TEST-ONLY stand-in for bcryptprimitives.dll, for running Windows builds under Wine 8.0.
 * It is never shipped, installed or linked into the library.
 *
 * Why it exists: Rust's standard library (1.78 and later) gets its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every supported Windows has but Wine 8.0 lacks, so
 * any Rust program fails to load under Wine 8.0 without it. This DLL exports ProcessPrng and
 * forwards it to advapi32!SystemFunction036 (RtlGenRandom), which Wine implements. The Wine
 * scripts (scripts/cross/windows-env.sh) put it next to the test executables only.
 */
#include <windows.h>

typedef BOOLEAN(WINAPI *rtl_gen_random_fn)(PVOID buffer, ULONG length);

/* BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData): always TRUE on Windows. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  static rtl_gen_random_fn rtl_gen_random;
  if (!rtl_gen_random) {
    HMODULE advapi = LoadLibraryA("advapi32.dll");
    if (!advapi) return FALSE;
    rtl_gen_random = (rtl_gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
    if (!rtl_gen_random) return FALSE;
  }
  while (len > 0) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!rtl_gen_random(data, chunk)) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
