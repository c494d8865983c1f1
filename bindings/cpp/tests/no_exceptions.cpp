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

  // OAuth client credentials, and a result whose items hold nested results.
  ls::Config oauth = ls::Config::oauth("demo-client", "demo-client-secret");
  oauth.base_url = emulator.url();
  oauth.token_url = emulator.url() + "/auth/realms/user-portal/protocol/openid-connect/token";
  oauth.public_key_pem = config.public_key_pem;
  ls::Result<ls::Client> oauth_client = ls::Client::create(oauth);
  CHECK(oauth_client.ok());
  if (oauth_client) {
    ls::Request user;
    user.product("demo-user").username("carol@example.com").password("carol-password");
    ls::Result<ls::UserLicenses> licenses = oauth_client->try_user_licenses(user);
    CHECK(licenses.ok());
    ls::Result<std::vector<ls::UserLicense>> items = licenses ? licenses->try_items() : ls::ErrorInfo{};
    CHECK(items.ok() && items->size() == 1);
    if (items.ok() && items->size() == 1) {
      CHECK(items->at(0).try_license()->try_id().value_or(0) == 2002);
      ls::Result<std::optional<ls::User>> owner = items->at(0).try_user();
      CHECK(owner.ok() && owner->has_value() && (*owner)->try_email().value_or(std::nullopt) == "carol@example.com");
    }
    user.password("wrong");
    CHECK(oauth_client->try_user_licenses(user).error().status == LS_ERR_LICENSE_NOT_FOUND);
  }
  ls::Config wrong = oauth;
  wrong.client_secret = "wrong-secret";
  ls::Result<ls::Client> wrong_client = ls::Client::create(wrong);
  CHECK(wrong_client.ok());
  if (wrong_client) {
    ls::Result<ls::License> unauthorized = wrong_client->try_check(request);
    CHECK(!unauthorized.ok() && unauthorized.error().status == LS_ERR_OAUTH_INVALID_CLIENT);
    CHECK(unauthorized.error().to_string().find("wrong-secret") == std::string::npos);
  }

  ls::Config empty{"", "x"};
  ls::Result<ls::Client> invalid = ls::Client::create(empty);
  CHECK(!invalid.ok() && invalid.error().is_invalid_argument());

  client->close();
  client->close();
  CHECK(!client->try_activate(request).ok());

  if (failures == 0) std::printf("no-exceptions API: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
