// First of two translation units that include licensespring.hpp: every function the header
// defines is inline, so linking both into one program must not give duplicate symbols, and both
// must see the same entities.
#include <licensespring.hpp>

#include <string>

std::string odr_a_status_name() { return std::string(licensespring::status_name(LS_ERR_TIMEOUT)); }

const void* odr_a_check_abi_address() { return reinterpret_cast<const void*>(&licensespring::detail::check_abi); }

bool odr_a_request_works() {
  licensespring::Request request;
  request.product("demo");
  return !request.is_closed();
}
