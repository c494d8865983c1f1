// A third translation unit, compiled with -fno-exceptions: its licensespring entities live in
// another inline namespace, so it links with the exception-enabled units without an ODR clash.
#include <licensespring.hpp>

#if LICENSESPRING_EXCEPTIONS
#error "odr_c.cpp must be compiled with -fno-exceptions"
#endif

int odr_c_deferred_status() {
  licensespring::Request request;
  request.product(nullptr);
  return request.error() ? static_cast<int>(request.error()->status) : 0;
}
