// A library that, linked before liblicensespring, interposes ls_abi_version to report an ABI
// version the header does not expect: the wrapper's ABI check must refuse it.
#include <licensespring.h>

extern "C" uint32_t ls_abi_version(void) { return LS_ABI_VERSION + 98; }
