// End-to-end tests of licensespring.hpp against a local ls-emulator (one per test process).
#include <gtest/gtest.h>
#include <licensespring.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>

#include "support.hpp"

namespace ls = licensespring;

namespace {

lstest::Emulator* emulator = nullptr;

class EmulatorEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    emulator = new lstest::Emulator();
    ASSERT_TRUE(emulator->start()) << emulator->error();
  }
  void TearDown() override {
    delete emulator;
    emulator = nullptr;
  }
};

const auto* const registered = ::testing::AddGlobalTestEnvironment(new EmulatorEnvironment);

ls::Config emulator_config() {
  ls::Config config{"demo-api-key", "demo-shared-key"};
  config.base_url = emulator->url();
  config.public_key_pem = lstest::read_file(lstest::public_key_path());
  config.connect_timeout = std::chrono::seconds(5);
  config.total_timeout = std::chrono::seconds(20);
  return config;
}

ls::Request key_request(const std::string& key, const std::string& hardware_id,
                        const std::string& product = "demo") {
  ls::Request request;
  request.product(product).hardware_id(hardware_id).license_key(key);
  return request;
}

const char* const kOtherPublicKey =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnabdwADtL22ptTtZ2Sgb\n"
    "tjel0omI8cCV1rgt2QdQj08bURGFBQNx2XlEgyPLJIT48khrAdpe1P7tJk+v5tp6\n"
    "POZsS/z4YhJX6SXr9mDzAAz+2+Cl/mYmLT00RbNp+SOdB/OyRxBvx405pKQFVmOa\n"
    "CbEKotgLYb1hsJv88pCOeYU+tQXrOrM3AjPHJkYmzqbi77vX5+FtZK6JkxpmY7/G\n"
    "ZigsOSDjA9yWILDWGm8svFtMw3oXDGEbbzEizMc9De6iPE+1KNzJGiVSq5dZF1oK\n"
    "VgB3Rf3FzRetvVREZ1gYeWfrRjRWyHn7GlsqUqY7WZacBWUsFatYN/1RFhHD9gzR\n"
    "mwIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

// Runs `call`, expecting it to throw exactly the exception type E; returns a copy of its detail.
template <class E, class Call>
ls::ErrorInfo expect_throw(Call&& call) {
  try {
    call();
  } catch (const E& e) {
    return e.info();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw the wrong type: " << e.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

}  // namespace

// --- library facts -----------------------------------------------------------------------

TEST(Library, VersionAndAbi) {
  EXPECT_EQ(ls::version(), LS_PACKAGE_VERSION);
  EXPECT_EQ(ls::abi_version(), ls::kAbiVersion);
  EXPECT_EQ(ls::kAbiVersion, static_cast<std::uint32_t>(LS_ABI_VERSION));
}

TEST(Library, AbiMismatchNamesBothVersions) {
  EXPECT_FALSE(ls::detail::check_abi(1, 1).has_value());
  const auto mismatch = ls::detail::check_abi(7, 1);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_NE(mismatch->message.find("ABI version 7"), std::string::npos) << mismatch->message;
  EXPECT_NE(mismatch->message.find("expects ABI version 1"), std::string::npos) << mismatch->message;
}

TEST(Library, StatusHelpersComeFromTheCore) {
  EXPECT_EQ(ls::status_name(LS_ERR_TIMEOUT), "LS_ERR_TIMEOUT");
  EXPECT_FALSE(ls::status_description(LS_ERR_TIMEOUT).empty());
  EXPECT_EQ(ls::status_category(LS_OK), ls::Category::None);
  EXPECT_EQ(ls::status_category(LS_ERR_TIMEOUT), ls::Category::Network);
  EXPECT_EQ(ls::status_category(LS_ERR_LICENSE_EXPIRED), ls::Category::License);
  EXPECT_EQ(ls::status_category(12345), ls::Category::Internal);
  EXPECT_EQ(ls::status_category(LS_ERR_CANCELLED), ls::Category::Cancelled);
  EXPECT_EQ(ls::param_name(ls::Param::LicenseKey), "license_key");
  EXPECT_EQ(ls::param_name(static_cast<ls::Param>(999)), "");
}

TEST(Library, HardwareId) {
  const ls::Result<std::string> id = ls::try_hardware_id();
  if (id) {
    EXPECT_FALSE(id->empty());
    EXPECT_EQ(ls::hardware_id(), *id);
  } else {
    EXPECT_EQ(id.error().status, LS_ERR_HARDWARE_ID_UNAVAILABLE);
    const auto info = expect_throw<ls::Error>([] { ls::hardware_id(); });
    EXPECT_EQ(info.status, LS_ERR_HARDWARE_ID_UNAVAILABLE);
  }
}

TEST(Library, HardwareIdOfEveryAlgorithm) {
  for (const ls::NamedRow& row : ls::kHardwareIdAlgorithms) {
    const ls::Result<std::string> id = ls::try_hardware_id(static_cast<ls::HardwareIdAlgorithm>(row.value));
    if (id) {
      EXPECT_FALSE(id->empty()) << row.name;
    } else {
      EXPECT_EQ(id.error().status, LS_ERR_HARDWARE_ID_UNAVAILABLE) << row.name;
    }
  }
  const auto info = expect_throw<ls::InvalidArgumentError>([] { ls::hardware_id(static_cast<ls::HardwareIdAlgorithm>(99)); });
  EXPECT_EQ(info.status, LS_ERR_INVALID_ARGUMENT);
}

// --- activations --------------------------------------------------------------------------

TEST(Activation, KeyBasedWithEveryAccessorThenCheckAndDeactivate) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("key");
  ls::Request request = key_request("DEMO-1111-2222-3333", hw);
  request.vm_info("none")
      .os_ver("Debian 12")
      .hostname("build-host")
      .os_hostname("build-host.local")
      .ip("203.0.113.7")
      .ip_local("192.168.1.7")
      .app_ver("1.2.3")
      .mac_address("00:11:22:33:44:55")
      .is_vm(false)
      .license_id(1001)
      .variable("seat", "desk-1")
      .variable("seat", "desk-2");

  const ls::License license = client.activate(request);
  EXPECT_EQ(license.id(), 1001);
  EXPECT_EQ(license.key(), std::optional<std::string>("DEMO-1111-2222-3333"));
  EXPECT_EQ(license.type(), std::optional<std::string>("perpetual"));
  EXPECT_EQ(license.active(), true);
  EXPECT_EQ(license.enabled(), true);
  EXPECT_EQ(license.expired(), false);
  EXPECT_EQ(license.trial(), false);
  EXPECT_EQ(license.validity_period(), std::nullopt);
  EXPECT_GE(license.times_activated(), 1);
  EXPECT_EQ(license.max_activations(), 3);
  const auto features = license.features();
  ASSERT_EQ(features.size(), 2u);
  EXPECT_EQ(features[0].code(), "pro");
  EXPECT_EQ(features[0].name(), "Pro features");
  EXPECT_EQ(features[1].code(), "export");
  EXPECT_EQ(features[1].name(), "Export");
  const auto fields = license.custom_fields();
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].name(), "tier");
  EXPECT_EQ(fields[0].value(), "gold");
  EXPECT_EQ(license.customer_email(), std::optional<std::string>("customer@example.com"));
  EXPECT_EQ(license.user_email(), std::nullopt);
  EXPECT_NE(license.json().find("DEMO-1111-2222-3333"), std::string::npos);

  const ls::License checked = client.check(request);
  EXPECT_EQ(checked.id(), 1001);
  EXPECT_EQ(checked.active(), true);

  client.deactivate(request);
  const auto info = expect_throw<ls::LicenseError>([&] { client.check(request); });
  EXPECT_EQ(info.status, LS_ERR_DEVICE_NOT_FOUND);
  EXPECT_EQ(info.server_code, "device_not_found");
}

TEST(Activation, TimeLimitedHasValidityPeriod) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-TIME-LIMITED", lstest::unique_hardware_id("time"));
  const ls::License license = client.activate(request);
  EXPECT_EQ(license.type(), std::optional<std::string>("time-limited"));
  ASSERT_TRUE(license.validity_period().has_value());
  EXPECT_EQ(license.validity_period()->substr(0, 10), "2099-12-31");
  EXPECT_EQ(license.max_activations(), 100);
  client.deactivate(request);
}

TEST(Activation, UserBased) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user")
      .hardware_id(lstest::unique_hardware_id("user"))
      .username("alice@example.com")
      .password("alice-password");
  const ls::License license = client.activate(request);
  EXPECT_EQ(license.user_email(), std::optional<std::string>("alice@example.com"));
  EXPECT_EQ(license.key(), std::nullopt);
  EXPECT_EQ(license.id(), 2001);
  EXPECT_EQ(client.check(request).id(), 2001);
  client.deactivate(request);
}

TEST(Activation, UserBasedWrongPasswordIsRefused) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user")
      .hardware_id(lstest::unique_hardware_id("user-bad"))
      .username("alice@example.com")
      .password("not-the-password");
  const auto info = expect_throw<ls::Error>([&] { client.activate(request); });
  EXPECT_NE(info.status, LS_OK);
  EXPECT_NE(info.http_status, 0);
}

TEST(Activation, SsoIdToken) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user")
      .hardware_id(lstest::unique_hardware_id("sso-token"))
      .id_token("sso-id-token-alice")
      .customer_account_code("demo-corp");
  const ls::License license = client.activate(request);
  EXPECT_EQ(license.user_email(), std::optional<std::string>("alice@example.com"));
  client.deactivate(request);
}

TEST(Activation, SsoAuthorizationCode) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user")
      .hardware_id(lstest::unique_hardware_id("sso-code"))
      .code("sso-code-bob")
      .customer_account_code("demo-corp");
  const ls::License license = client.activate(request);
  EXPECT_EQ(license.user_email(), std::optional<std::string>("bob@example.com"));
  client.deactivate(request);
}

TEST(Activation, ConsumptionsOnDeactivation) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-CONSUMPTION", lstest::unique_hardware_id("consumption"));
  EXPECT_EQ(client.activate(request).type(), std::optional<std::string>("consumption"));
  request.consumptions(5);
  client.deactivate(request);
}

// --- errors, by category -----------------------------------------------------------------

struct LicenseCase {
  const char* key;
  ls::Status status;
  const char* server_code;
};

void PrintTo(const LicenseCase& c, std::ostream* os) { *os << c.key; }

class LicenseRefusal : public ::testing::TestWithParam<LicenseCase> {};

TEST_P(LicenseRefusal, IsALicenseError) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request(GetParam().key, lstest::unique_hardware_id("refused"));
  if (std::string(GetParam().key) == "DEMO-NO-VM") request.is_vm(true);
  const auto info = expect_throw<ls::LicenseError>([&] { client.activate(request); });
  EXPECT_EQ(info.status, GetParam().status) << info.to_string();
  EXPECT_EQ(info.status_name, ls::status_name(GetParam().status));
  EXPECT_EQ(info.server_code, GetParam().server_code);
  EXPECT_EQ(info.category, ls::Category::License);
  EXPECT_TRUE(info.is_license());
  EXPECT_EQ(info.http_status, 400);
  EXPECT_FALSE(info.message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Demo, LicenseRefusal,
    ::testing::Values(LicenseCase{"DEMO-EXPIRED", LS_ERR_LICENSE_EXPIRED, "license_expired"},
                      LicenseCase{"DEMO-DISABLED", LS_ERR_LICENSE_NOT_ENABLED, "license_not_enabled"},
                      LicenseCase{"DEMO-INACTIVE", LS_ERR_LICENSE_NOT_ACTIVE, "license_not_active"},
                      LicenseCase{"DEMO-NOT-STARTED", LS_ERR_LICENSE_START_DATE, "license_start_date_error"},
                      LicenseCase{"DEMO-NO-VM", LS_ERR_VM_NOT_ALLOWED, "vm_not_allowed"},
                      LicenseCase{"NO-SUCH-KEY", LS_ERR_LICENSE_NOT_FOUND, "license_not_found"}),
    [](const ::testing::TestParamInfo<LicenseCase>& info) {
      std::string name;  // license_expired -> LicenseExpired
      bool upper = true;
      for (const char* c = info.param.server_code; *c != '\0'; ++c) {
        if (*c == '_') {
          upper = true;
        } else {
          name += upper ? static_cast<char>(*c - 'a' + 'A') : *c;
          upper = false;
        }
      }
      return name;
    });

TEST(Errors, LicenseExpiredCarriesEveryField) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-EXPIRED", lstest::unique_hardware_id("expired"));
  try {
    client.activate(request);
    FAIL() << "activated an expired license";
  } catch (const ls::LicenseError& e) {
    EXPECT_EQ(e.status, LS_ERR_LICENSE_EXPIRED);
    EXPECT_EQ(e.status_name, "LS_ERR_LICENSE_EXPIRED");
    EXPECT_EQ(e.server_code, "license_expired");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.retry_after, std::nullopt);
    EXPECT_EQ(e.category, ls::Category::License);
    EXPECT_FALSE(e.message.empty());
    EXPECT_EQ(&e.info(), static_cast<const ls::ErrorInfo*>(&e));
    EXPECT_TRUE(e.is_license());
    EXPECT_FALSE(e.is_network());
    const std::string what = e.what();
    EXPECT_NE(what.find("LS_ERR_LICENSE_EXPIRED"), std::string::npos) << what;
    EXPECT_NE(what.find("license_expired"), std::string::npos) << what;
    EXPECT_NE(what.find("HTTP 400"), std::string::npos) << what;
  }
}

TEST(Errors, UnknownProductIsALicenseError) {
  const ls::Client client(emulator_config());
  const auto info = expect_throw<ls::LicenseError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("p"), "nope")); });
  EXPECT_EQ(info.status, LS_ERR_UNKNOWN_PRODUCT);
  EXPECT_EQ(info.server_code, "unknown_product");
}

TEST(Errors, BlacklistedDevice) {
  const ls::Client client(emulator_config());
  const auto info =
      expect_throw<ls::LicenseError>([&] { client.activate(key_request("DEMO-1111-2222-3333", "blacklisted-device")); });
  EXPECT_EQ(info.status, LS_ERR_BLACKLISTED);
  EXPECT_EQ(info.server_code, "blacklisted");
}

TEST(Errors, DeviceAlreadyActivatedIs409) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("twice"));
  client.activate(request);
  const auto info = expect_throw<ls::LicenseError>([&] { client.activate(request); });
  EXPECT_EQ(info.status, LS_ERR_LICENSE_DEVICE_EXISTS);
  EXPECT_EQ(info.server_code, "license_device_exists");
  EXPECT_EQ(info.http_status, 409);
  client.deactivate(request);
}

TEST(Errors, NoSeatLeft) {
  const ls::Client client(emulator_config());
  const ls::Request first = key_request("DEMO-SINGLE-SEAT", lstest::unique_hardware_id("seat-1"));
  const ls::Request second = key_request("DEMO-SINGLE-SEAT", lstest::unique_hardware_id("seat-2"));
  client.activate(first);
  const auto info = expect_throw<ls::LicenseError>([&] { client.activate(second); });
  EXPECT_EQ(info.status, LS_ERR_LICENSE_ACTIVATED_MAX_TIMES);
  client.deactivate(first);
}

TEST(Errors, DeactivatingAnInactiveDevice) {
  const ls::Client client(emulator_config());
  const auto info = expect_throw<ls::LicenseError>(
      [&] { client.deactivate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("never"))); });
  EXPECT_EQ(info.status, LS_ERR_DEVICE_NOT_FOUND);
}

TEST(Errors, WrongSharedKeyIsAnAuthorizationError) {
  ls::Config config = emulator_config();
  config.shared_key = "wrong-shared-key";
  const ls::Client client(config);
  const auto info = expect_throw<ls::AuthorizationError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("auth"))); });
  EXPECT_EQ(info.status, LS_ERR_SIGNATURE_MISMATCH);
  EXPECT_EQ(info.server_code, "signature_mismatch");
  EXPECT_TRUE(info.is_authorization());
  EXPECT_NE(info.http_status, 0);
}

TEST(Errors, UnknownApiKeyIsAnAuthorizationError) {
  ls::Config config = emulator_config();
  config.api_key = "no-such-api-key";
  const ls::Client client(config);
  const auto info = expect_throw<ls::AuthorizationError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("apikey"))); });
  EXPECT_EQ(info.status, LS_ERR_INVALID_API_KEY);
  EXPECT_EQ(info.server_code, "invalid_api_key");
}

TEST(Errors, ClosedPortIsANetworkError) {
  ls::Config config = emulator_config();
  config.base_url = "http://127.0.0.1:" + std::to_string(lstest::closed_port());
  config.connect_timeout = std::chrono::milliseconds(2000);
  config.total_timeout = std::chrono::milliseconds(4000);
  const ls::Client client(config);
  const auto info = expect_throw<ls::NetworkError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("net"))); });
  EXPECT_EQ(info.status, LS_ERR_CONNECT);
  EXPECT_EQ(info.http_status, 0);
  EXPECT_EQ(info.server_code, "");
  EXPECT_TRUE(info.is_network());
}

TEST(Errors, WrongPublicKeyIsAVerificationError) {
  ls::Config config = emulator_config();
  config.public_key_pem = kOtherPublicKey;
  const ls::Client client(config);
  const auto info = expect_throw<ls::VerificationError>(
      [&] { client.activate(key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("verify"))); });
  EXPECT_EQ(info.status, LS_ERR_SIGNATURE_INVALID);
  EXPECT_TRUE(info.is_verification());
}

TEST(Errors, DisabledVerificationAcceptsTheResponse) {
  ls::Config config = emulator_config();
  config.public_key_pem = kOtherPublicKey;
  config.disable_signature_verification = true;
  const ls::Client client(config);
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("noverify"));
  EXPECT_EQ(client.activate(request).id(), 1010);
  client.deactivate(request);
}

TEST(Errors, ServerFailureIsAServerError) {
  lstest::CannedServer server(
      "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
      "Connection: close\r\n\r\nboom");
  ls::Config config = emulator_config();
  config.base_url = server.url();
  const ls::Client client(config);
  const auto info = expect_throw<ls::ServerError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("500"))); });
  EXPECT_EQ(info.status, LS_ERR_SERVER);
  EXPECT_EQ(info.http_status, 500);
  EXPECT_TRUE(info.is_server());
}

TEST(Errors, RateLimitCarriesRetryAfter) {
  lstest::CannedServer server(
      "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
  ls::Config config = emulator_config();
  config.base_url = server.url();
  const ls::Client client(config);
  const auto info = expect_throw<ls::ServerError>(
      [&] { client.activate(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("429"))); });
  EXPECT_EQ(info.status, LS_ERR_RATE_LIMITED);
  EXPECT_EQ(info.http_status, 429);
  EXPECT_EQ(info.retry_after, std::optional<std::chrono::seconds>(std::chrono::seconds(7)));
  EXPECT_NE(info.to_string().find("retry after 7 s"), std::string::npos) << info.to_string();
}

// --- invalid arguments ---------------------------------------------------------------------

TEST(InvalidArguments, NullStringIsRefusedByTheCore) {
  ls::Request request;
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { request.product(nullptr); });
  EXPECT_EQ(info.status, LS_ERR_NULL_ARGUMENT);
  EXPECT_EQ(info.status_name, "LS_ERR_NULL_ARGUMENT");
  const auto variable = expect_throw<ls::InvalidArgumentError>([&] { request.variable("name", nullptr); });
  EXPECT_EQ(variable.status, LS_ERR_NULL_ARGUMENT);
}

TEST(InvalidArguments, EmptyKeysAreRefused) {
  ls::Config config = emulator_config();
  config.api_key = "";
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { ls::Client client(config); });
  EXPECT_EQ(info.status, LS_ERR_INVALID_ARGUMENT);
  EXPECT_FALSE(info.message.empty());
  config.api_key = "demo-api-key";
  config.shared_key = "";
  EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
}

TEST(InvalidArguments, BadConfigValues) {
  {
    ls::Config config = emulator_config();
    config.base_url = "not a url";
    EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
  }
  {
    ls::Config config = emulator_config();
    config.connect_timeout = std::chrono::milliseconds(0);
    EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
  }
  {
    ls::Config config = emulator_config();
    config.total_timeout = std::chrono::milliseconds(-5);
    EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
  }
  {
    ls::Config config = emulator_config();
    config.public_key_pem = "not a key";
    EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
  }
  {
    ls::Config config = emulator_config();
    config.ca_files.push_back("/nonexistent/ca.pem");
    const auto info = expect_throw<ls::InvalidArgumentError>([&] { ls::Client client(config); });
    EXPECT_EQ(info.status, LS_ERR_INVALID_ARGUMENT);
  }
  {
    ls::Config config = emulator_config();
    config.api_key = std::string("demo\0key", 8);
    const auto info = expect_throw<ls::InvalidArgumentError>([&] { ls::Client client(config); });
    EXPECT_NE(info.message.find("NUL"), std::string::npos);
  }
}

TEST(InvalidArguments, OptionalConfigValuesAreAccepted) {
  ls::Config config = emulator_config();
  config.proxy = "http://127.0.0.1:9";
  config.disable_proxy = true;
  config.app_version = "9.9.9";
  config.ca_files.push_back(lstest::public_key_path());  // no certificate in it
  EXPECT_THROW(ls::Client client(config), ls::InvalidArgumentError);
  config.ca_files.clear();
  const ls::Client client(config);
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("cfg"));
  client.activate(request);
  client.deactivate(request);
}

TEST(InvalidArguments, MissingIdentityIsRefusedBeforeSending) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo").hardware_id(lstest::unique_hardware_id("noid"));
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { client.activate(request); });
  EXPECT_EQ(info.status, LS_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(info.http_status, 0);
  EXPECT_TRUE(info.is_invalid_argument());
}

TEST(InvalidArguments, EmptyStringClearsAField) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("clear"));
  request.product("");
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { client.activate(request); });
  EXPECT_EQ(info.status, LS_ERR_INVALID_ARGUMENT);
}

TEST(InvalidArguments, AmbiguousIdentity) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("two-ids"));
  request.username("alice@example.com").password("alice-password");
  EXPECT_THROW(client.activate(request), ls::InvalidArgumentError);
}

TEST(InvalidArguments, BadFieldAndVariable) {
  ls::Request request;
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([&] { request.set_string(static_cast<ls::Param>(99), "x"); }).status,
            LS_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([&] { request.variable("", "x"); }).status,
            LS_ERR_INVALID_ARGUMENT);
  const auto nul = expect_throw<ls::InvalidArgumentError>(
      [&] { request.license_key(std::string_view("DEMO\0KEY", 8)); });
  EXPECT_EQ(nul.status, LS_ERR_INVALID_ARGUMENT);
  // std::string, std::string_view and C strings are all accepted.
  request.product(std::string("demo")).hardware_id(std::string_view("hw")).license_key("DEMO-1111-2222-3333");
}

// --- handles -------------------------------------------------------------------------------

TEST(Handles, ClientUseAfterCloseIsAnError) {
  ls::Client client(emulator_config());
  EXPECT_FALSE(client.is_closed());
  client.close();
  client.close();
  EXPECT_TRUE(client.is_closed());
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("closed"));
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { client.activate(request); });
  EXPECT_EQ(info.status, LS_ERR_NULL_ARGUMENT);
  EXPECT_NE(info.message.find("Client is closed"), std::string::npos) << info.message;
  EXPECT_THROW(client.check(request), ls::InvalidArgumentError);
  EXPECT_THROW(client.deactivate(request), ls::InvalidArgumentError);
  EXPECT_FALSE(client.try_activate(request).ok());
}

TEST(Handles, MovedFromClientIsClosed) {
  ls::Client client(emulator_config());
  ls::Client other = std::move(client);
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("moved"));
  EXPECT_THROW(client.activate(request), ls::InvalidArgumentError);  // NOLINT(bugprone-use-after-move)
  other.activate(request);
  other.deactivate(request);
}

TEST(Handles, LicenseUseAfterCloseIsAnError) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("lic-closed"));
  ls::License license = client.activate(request);
  EXPECT_EQ(license.id(), 1010);
  license.close();
  license.close();
  EXPECT_TRUE(license.is_closed());
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { license.id(); });
  EXPECT_NE(info.message.find("License is closed"), std::string::npos) << info.message;
  EXPECT_THROW(license.json(), ls::InvalidArgumentError);
  EXPECT_THROW(license.features(), ls::InvalidArgumentError);
  EXPECT_FALSE(license.try_user_email().ok());
  client.deactivate(request);
}

TEST(Handles, RequestUseAfterCloseIsAnError) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("req-closed"));
  request.close();
  request.close();
  EXPECT_TRUE(request.is_closed());
  const auto info = expect_throw<ls::InvalidArgumentError>([&] { client.activate(request); });
  EXPECT_NE(info.message.find("Request is closed"), std::string::npos) << info.message;
  EXPECT_THROW(request.product("demo"), ls::InvalidArgumentError);
}

// --- the non-throwing API ---------------------------------------------------------------------

TEST(Results, TryFunctionsReturnValuesOrErrors) {
  ls::Result<ls::Client> client = ls::Client::create(emulator_config());
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  const ls::Request good = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("try"));
  ls::Result<ls::License> license = client->try_activate(good);
  ASSERT_TRUE(license) << license.error().to_string();
  EXPECT_EQ(license->try_id().value_or(0), 1010);
  EXPECT_TRUE(client->try_check(good).ok());
  EXPECT_TRUE(client->try_deactivate(good).ok());

  const ls::Result<ls::License> expired =
      client->try_activate(key_request("DEMO-EXPIRED", lstest::unique_hardware_id("try-expired")));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().status, LS_ERR_LICENSE_EXPIRED);
  EXPECT_EQ(expired.error().server_code, "license_expired");
  EXPECT_TRUE(expired.error().is_license());
  EXPECT_THROW(expired.value(), ls::LicenseError);

  const ls::Result<void> missing = client->try_deactivate(good);
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().status, LS_ERR_DEVICE_NOT_FOUND);
  EXPECT_THROW(missing.value(), ls::LicenseError);

  ls::Config bad = emulator_config();
  bad.api_key = "";
  const ls::Result<ls::Client> refused = ls::Client::create(bad);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused.error().is_invalid_argument());
}

// --- one client from several threads --------------------------------------------------------

TEST(Threads, OneClientSharedByManyThreads) {
  const ls::Client client(emulator_config());
  constexpr int kThreads = 8;
  constexpr int kRounds = 6;
  std::atomic<int> activated{0};
  std::atomic<int> wrong_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const ls::Request request =
            key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("thread-" + std::to_string(t)));
        const ls::Result<ls::License> license = client.try_activate(request);
        if (license && license->try_id().value_or(0) == 1010) ++activated;
        // A failure on another thread never leaks into this thread's detail.
        const ls::Result<ls::License> expired =
            client.try_activate(key_request("DEMO-EXPIRED", lstest::unique_hardware_id("thread-expired")));
        if (expired.ok() || expired.error().server_code != "license_expired") ++wrong_errors;
        if (!client.try_deactivate(request).ok()) ++wrong_errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(activated.load(), kThreads * kRounds);
  EXPECT_EQ(wrong_errors.load(), 0);
}

// --- cancellation and async ---------------------------------------------------------------

namespace {
// A client whose server holds the first `silent` connections open without answering, then
// answers HTTP 500 (a ServerError).
struct StallingServer {
  explicit StallingServer(int silent) : server(lstest::kServerFailure, silent) {
    ls::Config config = emulator_config();
    config.base_url = server.url();
    client.emplace(config);
  }
  lstest::CannedServer server;
  std::optional<ls::Client> client;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

TEST(Cancel, TriggeredBeforeTheCallFailsAtOnceAndTheClientStaysUsable) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("cancel-before"));
  ls::Cancel cancel;
  EXPECT_FALSE(cancel.is_triggered());
  cancel.trigger();
  cancel.trigger();  // idempotent
  EXPECT_TRUE(cancel.is_triggered());
  const auto info = expect_throw<ls::CancelledError>([&] { client.activate(request, cancel); });
  EXPECT_EQ(info.status, LS_ERR_CANCELLED);
  EXPECT_EQ(info.category, ls::Category::Cancelled);
  EXPECT_TRUE(info.is_cancelled());
  EXPECT_EQ(info.http_status, 0);
  EXPECT_EQ(client.activate(request).id(), 1010);  // same client, no handle
  ls::Cancel fresh;
  client.deactivate(request, fresh);
}

TEST(Cancel, TriggeredFromAnotherThreadDuringACallReturnsPromptly) {
  StallingServer stalling(1);
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("cancel-during"));
  ls::Cancel cancel;
  const auto start = std::chrono::steady_clock::now();
  std::thread canceller([&] {
    while (stalling.server.connections() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.trigger();
  });
  const auto info = expect_throw<ls::CancelledError>([&] { stalling.client->activate(request, cancel); });
  canceller.join();
  EXPECT_EQ(info.status, LS_ERR_CANCELLED);
  EXPECT_LT(seconds_since(start), 2.0);  // the total timeout is 20 s
  // The client stays usable: the next call reaches the server (which now answers 500).
  const auto next = expect_throw<ls::ServerError>([&] { stalling.client->activate(request); });
  EXPECT_EQ(next.http_status, 500);
  EXPECT_EQ(stalling.server.connections(), 2);
}

TEST(Cancel, AsyncCallCancelledWhileWaiting) {
  StallingServer stalling(1);
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("cancel-async"));
  ls::Cancel cancel;
  std::future<ls::License> pending = stalling.client->activate_async(request, cancel);
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  const auto start = std::chrono::steady_clock::now();
  cancel.trigger();
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_THROW(pending.get(), ls::CancelledError);
  std::future<ls::Result<ls::License>> next = stalling.client->try_activate_async(request);
  const ls::Result<ls::License> result = next.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().status, LS_ERR_SERVER);
}

TEST(Cancel, TriggeredAfterTheCallChangesNothingButFailsLaterCalls) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("cancel-after"));
  ls::Cancel cancel;
  const ls::License license = client.activate(request, cancel);
  cancel.trigger();
  EXPECT_EQ(license.id(), 1010);
  EXPECT_THROW(client.check(request, cancel), ls::CancelledError);
  EXPECT_EQ(client.check(request).id(), 1010);
  client.deactivate(request);
}

TEST(Async, EveryOperationAndItsErrorsArriveOnTheCallingThread) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("async"));
  EXPECT_EQ(client.activate_async(request).get().id(), 1001);
  EXPECT_EQ(client.check_async(request).get().key(), "DEMO-1111-2222-3333");
  client.deactivate_async(request).get();
  // The failure happened on the worker thread; its whole detail is read here.
  std::future<void> again = client.deactivate_async(request);
  const auto info = expect_throw<ls::LicenseError>([&] { again.get(); });
  EXPECT_EQ(info.status, LS_ERR_DEVICE_NOT_FOUND);
  EXPECT_EQ(info.server_code, "device_not_found");
  EXPECT_EQ(info.http_status, 400);
  EXPECT_FALSE(info.message.empty());
  EXPECT_FALSE(client.try_deactivate_async(request).get().ok());
}

// --- timeouts and what reaches the server -----------------------------------------------------

TEST(Timeouts, TheCallersTotalTimeoutReachesTheCore) {
  lstest::CannedServer silent(lstest::kServerFailure, 1000);
  ls::Config config = emulator_config();
  config.base_url = silent.url();
  config.total_timeout = std::chrono::milliseconds(300);
  const ls::Client client(config);
  const auto start = std::chrono::steady_clock::now();
  const auto info = expect_throw<ls::NetworkError>(
      [&] { client.activate(key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("timeout"))); });
  const double elapsed = seconds_since(start);
  EXPECT_EQ(info.status, LS_ERR_TIMEOUT);
  EXPECT_GE(elapsed, 0.25);
  EXPECT_LT(elapsed, 2.0);
}

TEST(Timeouts, InvalidValuesAreRefusedByTheCoresMessage) {
  // What the core says of a value, asked directly through the C ABI.
  const auto core_message = [](double seconds) {
    ls_config* config = nullptr;
    ls_error* error = nullptr;
    EXPECT_EQ(ls_config_new("k", "s", &config, nullptr), LS_OK);
    EXPECT_EQ(ls_config_set_total_timeout(config, seconds, &error), LS_ERR_INVALID_ARGUMENT);
    std::string message = error != nullptr ? error->message : "";
    ls_error_free(error);
    ls_config_free(config);
    return message;
  };
  for (const double seconds : {0.0, -0.005, 86400.5}) {
    ls::Config config = emulator_config();
    config.total_timeout = std::chrono::duration<double>(seconds);
    const auto info = expect_throw<ls::InvalidArgumentError>([&] { ls::Client client(config); });
    EXPECT_EQ(info.message, core_message(seconds)) << seconds;
    EXPECT_FALSE(info.message.empty());
  }
  // Fractions pass unrounded: 1 ms is a valid timeout for the core.
  ls::Config config = emulator_config();
  config.connect_timeout = std::chrono::milliseconds(1);
  config.total_timeout = std::chrono::microseconds(1500);
  EXPECT_TRUE(ls::Client::create(config).ok());
}

TEST(Requests, ParametersVariablesAndAppVersionReachTheServer) {
  lstest::CannedServer server(lstest::kServerFailure);
  ls::Config config = emulator_config();
  config.base_url = server.url();
  config.app_version = "9.9.9";
  const ls::Client client(config);
  ls::Request request = key_request("DEMO-1111-2222-3333", "hw-captured");
  request.license_id(1001).is_vm(true).os_ver("Debian 12").variable("seat", "desk-1").variable("seat", "desk-2");
  EXPECT_THROW(client.activate(request), ls::ServerError);
  request.app_ver("1.2.3").consumptions(5).include_expired_features(true).env("linux");
  EXPECT_THROW(client.deactivate(request), ls::ServerError);
  EXPECT_THROW(client.check(request), ls::ServerError);
  const std::vector<std::string> requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const char* part : {"POST /api/v4/activate_license", "\"product\":\"demo\"", "\"hardware_id\":\"hw-captured\"",
                           "\"license_key\":\"DEMO-1111-2222-3333\"", "\"license_id\":1001", "\"is_vm\":true",
                           "\"os_ver\":\"Debian 12\"", "\"app_ver\":\"9.9.9\"", "desk-2"}) {
    EXPECT_NE(requests[0].find(part), std::string::npos) << part << " not in\n" << requests[0];
  }
  EXPECT_EQ(requests[0].find("desk-1"), std::string::npos) << requests[0];
  for (const char* part : {"POST /api/v4/deactivate_license", "\"consumptions\":5", "\"app_ver\":\"1.2.3\""}) {
    EXPECT_NE(requests[1].find(part), std::string::npos) << part << " not in\n" << requests[1];
  }
  for (const char* part : {"GET /api/v4/check_license", "include_expired_features=true", "env=linux"}) {
    EXPECT_NE(requests[2].find(part), std::string::npos) << part << " not in\n" << requests[2];
  }
}

TEST(Requests, ClearRemovesAParameter) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("clear-param"));
  request.clear(ls::Param::LicenseKey);
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([&] { client.activate(request); }).status, LS_ERR_INVALID_ARGUMENT);
  EXPECT_THROW(request.set_int(ls::Param::Product, 1), ls::InvalidArgumentError);  // not an integer parameter
  EXPECT_THROW(request.set_bool(ls::Param::LicenseId, true), ls::InvalidArgumentError);
  request.set_string(ls::Param::LicenseKey, "DEMO-UNLIMITED");
  EXPECT_EQ(client.activate(request).id(), 1010);
  client.deactivate(request);
}

// --- errors: every category has its exception type --------------------------------------------

TEST(Errors, EveryCategoryThrowsItsOwnSubclass) {
  std::vector<std::string> types;
  for (const ls::NamedRow& row : ls::kCategories) {
    if (row.value == 0) continue;  // LS_CATEGORY_NONE: success
    ls::ErrorInfo info;
    info.category = static_cast<ls::Category>(row.value);
    try {
      ls::throw_error(info);
    } catch (const ls::Error& e) {
      EXPECT_EQ(e.category, info.category) << row.name;
      EXPECT_NE(typeid(e), typeid(ls::Error)) << row.name << " has no subclass";
      types.push_back(typeid(e).name());
    }
  }
  std::sort(types.begin(), types.end());
  EXPECT_EQ(std::unique(types.begin(), types.end()), types.end()) << "two categories share a subclass";
  EXPECT_THROW(ls::throw_error(ls::detail::local_error(LS_ERR_INTERNAL, "x")), ls::InternalError);
  EXPECT_THROW(ls::throw_error(ls::detail::local_error(LS_ERR_CANCELLED, "x")), ls::CancelledError);
}

TEST(Results, ItemsAndJsonAreBorrowedFromTheLicense) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("items");
  const ls::Request request = key_request("DEMO-1111-2222-3333", hw);
  ls::License license = client.activate(request);
  EXPECT_EQ(license.kind, ls::Kind::License);
  EXPECT_EQ(ls::Feature::kind, ls::Kind::Feature);
  EXPECT_EQ(license.hardware_id(), hw);
  EXPECT_EQ(license.product_short_code(), "demo");
  EXPECT_EQ(license.max_transfers().has_value(), true);
  const auto features = license.features();
  ASSERT_EQ(features.size(), 2u);
  EXPECT_NE(features[0].json().find("\"pro\""), std::string::npos) << features[0].json();
  EXPECT_EQ(features[0].id().has_value(), true);
  // The exact verified body.
  EXPECT_EQ(license.json().front(), '{');
  EXPECT_NE(license.json().find("\"product_features\""), std::string::npos);
  ls::License moved = std::move(license);
  EXPECT_TRUE(license.is_closed());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.id(), 1001);
  client.deactivate(request);
}

// --- the README examples (built from its ```cpp blocks by tests/CMakeLists.txt) ------------------

struct ReadmeCase {
  int number;
  const char* expected_output;
};

void PrintTo(const ReadmeCase& c, std::ostream* os) { *os << "example " << c.number; }

class Readme : public ::testing::TestWithParam<ReadmeCase> {};

TEST_P(Readme, ExampleRunsAgainstTheEmulator) {
  const std::string out = "example-" + std::to_string(GetParam().number) + "-" + std::to_string(getpid()) + ".out";
  const std::string command = "LS_BASE_URL='" + emulator->url() + "' LS_EMULATOR_PUBLIC_KEY='" +
                              lstest::public_key_path() + "' '" + LS_EXAMPLES_BINARY_DIR + "/readme_example_" +
                              std::to_string(GetParam().number) + "' > " + out + " 2>&1";
  std::filesystem::remove_all("licenses");  // the store folder of example 8, if a run was cut short
  const int status = std::system(command.c_str());
  const std::string output = lstest::read_file(out);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, GetParam().expected_output);
}

INSTANTIATE_TEST_SUITE_P(
    Examples, Readme,
    ::testing::Values(ReadmeCase{1, "activated license 1001 (perpetual)\nfeature: pro\nfeature: export\n"},
                      ReadmeCase{2, "activated license 1001\ncancelled: LS_ERR_CANCELLED\ndeactivated\n"},
                      ReadmeCase{3, "trial: time-limited, is a trial\n"},
                      ReadmeCase{4, "used 3 of 10\n"},
                      ReadmeCase{5, "seats in use: 1 of 2\nborrowed for up to 48 h\nreleased; borrowed now: false\n"},
                      ReadmeCase{6, "product: Demo App\n"},
                      ReadmeCase{7, "update 1.1.0 -> 2.0.0: https://downloads.example.com/demo/2.0.0/demo-linux.tar.gz "
                                    "(needs 1.1.0 first)\n"},
                      ReadmeCase{8, "licensed: DEMO-1111-2222-3333\nserver unreachable: in a grace window of 24 h\n"}));
// Example 9 (air-gapped activation) needs the vendor's portal between its two runs: see store_test.cpp.
