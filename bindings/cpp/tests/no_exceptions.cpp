// Built with -fno-exceptions: the non-throwing API (Client::create, try_*, Result<T>) against a
// local ls-emulator. Exits 0 when every check passes.
#include <licensespring.hpp>

#include <cstdio>
#include <string>

#include "support.hpp"

#if defined(__cpp_exceptions) || LICENSESPRING_EXCEPTIONS
#error "this file must be compiled with -fno-exceptions"
#endif

namespace ls = licensespring;

static int failures = 0;

#define CHECK(condition)                                                   \
  do {                                                                     \
    if (!(condition)) {                                                    \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                          \
    }                                                                      \
  } while (false)

int main() {
  lstest::Emulator emulator;
  if (!emulator.start()) {
    std::fprintf(stderr, "%s\n", emulator.error().c_str());
    return 1;
  }
  ls::Config config{"demo-api-key", "demo-shared-key"};
  config.base_url = emulator.url();
  config.public_key_pem = lstest::read_file(lstest::public_key_path());

  ls::Result<ls::Client> client = ls::Client::create(config);
  CHECK(client.ok());
  if (!client) return 1;

  ls::Request request;
  request.product("demo").hardware_id(lstest::unique_hardware_id("noexc")).license_key("DEMO-1111-2222-3333");
  CHECK(!request.error().has_value());

  ls::Result<ls::License> license = client->try_activate(request);
  CHECK(license.ok());
  if (license) {
    CHECK(license->try_id().value_or(0) == 1001);
    CHECK(license->try_key().value_or(std::nullopt) == std::optional<std::string_view>("DEMO-1111-2222-3333"));
    ls::Result<std::vector<ls::Feature>> features = license->try_features();
    CHECK(features.ok() && features->size() == 2);
    CHECK(features.ok() && features->at(0).try_code().value_or("") == "pro");
    license->close();
    ls::Result<std::optional<bool>> closed = license->try_active();
    CHECK(!closed.ok() && closed.error().status == LS_ERR_NULL_ARGUMENT);
  }
  CHECK(client->try_check(request).ok());
  CHECK(client->try_deactivate(request).ok());

  ls::Result<void> again = client->try_deactivate(request);
  CHECK(!again.ok());
  CHECK(again.error().status == LS_ERR_DEVICE_NOT_FOUND);
  CHECK(again.error().is_license());
  CHECK(again.error().server_code == "device_not_found");

  ls::Request expired;
  expired.product("demo").hardware_id(lstest::unique_hardware_id("noexc")).license_key("DEMO-EXPIRED");
  ls::Result<ls::License> refused = client->try_activate(expired);
  CHECK(!refused.ok());
  CHECK(refused.error().status == LS_ERR_LICENSE_EXPIRED);
  CHECK(refused.error().http_status == 400);

  // Without exceptions a failing setter keeps its error, and the next call returns it.
  ls::Request bad;
  bad.product(nullptr).hardware_id("hw").license_key("DEMO-1111-2222-3333");
  CHECK(bad.error().has_value() && bad.error()->status == LS_ERR_NULL_ARGUMENT);
  ls::Result<ls::License> deferred = client->try_activate(bad);
  CHECK(!deferred.ok() && deferred.error().status == LS_ERR_NULL_ARGUMENT);

  // A triggered cancel handle: the call fails at once with LS_ERR_CANCELLED; the client stays usable.
  ls::Cancel cancel;
  cancel.trigger();
  ls::Result<ls::License> cancelled = client->try_check(request, cancel);
  CHECK(!cancelled.ok() && cancelled.error().status == LS_ERR_CANCELLED && cancelled.error().is_cancelled());
  ls::Result<ls::License> async = client->try_activate_async(request).get();
  CHECK(async.ok() && async->try_id().value_or(0) == 1001);
  CHECK(client->try_deactivate(request).ok());

  ls::Config empty{"", "x"};
  ls::Result<ls::Client> invalid = ls::Client::create(empty);
  CHECK(!invalid.ok() && invalid.error().is_invalid_argument());

  client->close();
  client->close();
  CHECK(!client->try_activate(request).ok());

  if (failures == 0) std::printf("no-exceptions API: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
