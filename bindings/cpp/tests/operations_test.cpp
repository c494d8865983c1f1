// End-to-end tests of the operations beyond activate/check/deactivate (license models, bundles,
// versions, device variables, accounts) and of OAuth client credentials, against a local
// ls-emulator (demo seed; one emulator per test process). Every operation is called through its
// generated method with a success and at least one server error, checked by exception type
// and status.
#include <gtest/gtest.h>
#include <licensespring.hpp>

#include <chrono>
#include <future>
#include <optional>
#include <string>
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

void add_emulator_settings(ls::Config& config) {
  config.base_url = emulator->url();
  config.public_key_pem = lstest::read_file(lstest::public_key_path());
  config.connect_timeout = std::chrono::seconds(5);
  config.total_timeout = std::chrono::seconds(20);
}

ls::Config emulator_config() {
  ls::Config config{"demo-api-key", "demo-shared-key"};
  add_emulator_settings(config);
  return config;
}

std::string token_url() { return emulator->url() + "/auth/realms/user-portal/protocol/openid-connect/token"; }

ls::Config oauth_config(const std::string& client_id, const std::string& secret) {
  ls::Config config = ls::Config::oauth(client_id, secret);
  add_emulator_settings(config);
  config.token_url = token_url();
  return config;
}

ls::Request key_request(const std::string& key, const std::string& hardware_id, const std::string& product = "demo") {
  ls::Request request;
  request.product(product).hardware_id(hardware_id).license_key(key);
  return request;
}

// Runs `call`, expecting it to throw exactly the exception type E with `status`; returns its detail.
template <class E, class Call>
ls::ErrorInfo expect_error(ls::Status status, Call&& call) {
  try {
    call();
  } catch (const E& e) {
    EXPECT_EQ(e.status, status) << e.what();
    EXPECT_EQ(e.status_name, ls::status_name(status));
    return e.info();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw the wrong type: " << e.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

}  // namespace

// --- license models ----------------------------------------------------------------------------

TEST(ProductDetails, SettingsCustomFieldsAndLatestVersion) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-trial").include_latest_version(true).include_custom_fields(true);
  const ls::Product product = client.product_details(request);
  EXPECT_EQ(product.id(), 3);
  EXPECT_EQ(product.name(), "Demo Trial App");
  EXPECT_EQ(product.short_code(), "demo-trial");
  EXPECT_EQ(product.allow_trial(), true);
  EXPECT_EQ(product.trial_days(), 14);
  EXPECT_EQ(product.authorization_method(), "license-key");
  const auto fields = product.custom_fields();
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].name(), "region");
  EXPECT_EQ(fields[0].default_value(), "eu");
  ASSERT_TRUE(product.latest_version().has_value());
  EXPECT_NE(product.latest_version()->find("\"2.1.0\""), std::string_view::npos) << *product.latest_version();

  request.product("no-such-product");
  const auto info = expect_error<ls::LicenseError>(LS_ERR_UNKNOWN_PRODUCT, [&] { client.product_details(request); });
  EXPECT_EQ(info.server_code, "unknown_product");
  EXPECT_EQ(info.http_status, 400);
}

TEST(Trials, KeyTrialIsActivatedAndAskedAgain) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("trial");
  ls::Request request;
  request.product("demo-trial").hardware_id(hw).email("trial@example.com").first_name("Tia");
  const ls::Trial trial = client.trial_key(request);
  EXPECT_EQ(trial.is_trial(), true);
  EXPECT_EQ(trial.trial_days(), 14);
  EXPECT_EQ(trial.license_type(), "time-limited");
  EXPECT_EQ(trial.max_activations(), 2);
  ASSERT_TRUE(trial.key().has_value());
  const std::string key(*trial.key());

  EXPECT_EQ(client.trial_key(request).key(), key);  // the same device gets its trial back
  const ls::Request activation = key_request(key, hw, "demo-trial");
  const ls::License license = client.activate(activation);
  EXPECT_EQ(license.trial(), true);
  EXPECT_EQ(license.customer_email(), "trial@example.com");
  client.deactivate(activation);

  request.product("demo");
  expect_error<ls::LicenseError>(LS_ERR_TRIAL_NOT_ALLOWED, [&] { client.trial_key(request); });
}

TEST(Trials, UserTrialNeedsAnEmail) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-trial-user").hardware_id(lstest::unique_hardware_id("trial-user"));
  const auto info = expect_error<ls::InvalidArgumentError>(LS_ERR_EMAIL_MISSING, [&] { client.trial_key(request); });
  EXPECT_EQ(info.server_code, "email_missing");
  request.email("una@example.com");
  const ls::Trial trial = client.trial_key(request);
  EXPECT_EQ(trial.license_user(), "una@example.com");
  EXPECT_EQ(trial.trial_days(), 7);
  EXPECT_TRUE(trial.initial_password().has_value());
  EXPECT_TRUE(trial.license_user_id().has_value());
}

namespace {
ls::Request feature_request(const std::string& hardware_id, const char* feature) {
  ls::Request request = key_request("DEMO-FEATURES", hardware_id);
  request.feature(feature);
  return request;
}
}  // namespace

TEST(Features, CheckAndConsume) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("feature");
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.check_feature(feature_request(hw, "basic")); });
  client.activate(key_request("DEMO-FEATURES", hw));
  ls::Request request = feature_request(hw, "basic");
  request.include_metadata_string(true);
  const ls::Feature basic = client.check_feature(request);
  EXPECT_EQ(basic.id(), 5005);
  EXPECT_EQ(basic.code(), "basic");
  EXPECT_EQ(basic.type(), "activation");
  EXPECT_EQ(basic.license_id(), 1016);
  EXPECT_EQ(basic.metadata_string(), "{\"tier\":1}");
  expect_error<ls::LicenseError>(LS_ERR_INVALID_LICENSE_FEATURE_CODE,
                                 [&] { client.check_feature(feature_request(hw, "no-such-feature")); });

  ls::Request credits = feature_request(hw, "credits");
  credits.consumptions(3);
  const ls::Feature consumed = client.add_feature_consumption(credits);
  EXPECT_EQ(consumed.total_consumptions(), 3);
  EXPECT_EQ(consumed.max_consumption(), 5);
  expect_error<ls::LicenseError>(LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS, [&] { client.add_feature_consumption(credits); });
  credits.consumptions(-1);
  expect_error<ls::LicenseError>(LS_ERR_NEGATIVE_CONSUMPTIONS_NOT_ALLOWED,
                                 [&] { client.add_feature_consumption(credits); });
  EXPECT_EQ(client.check_feature(feature_request(hw, "credits")).total_consumptions(), 3);
  client.deactivate(key_request("DEMO-FEATURES", hw));
}

TEST(Features, FloatingFeatureSeatsBorrowAndRelease) {
  const ls::Client client(emulator_config());
  const std::string hw1 = lstest::unique_hardware_id("render-1");
  const std::string hw2 = lstest::unique_hardware_id("render-2");
  client.activate(key_request("DEMO-FEATURES", hw1));
  client.activate(key_request("DEMO-FEATURES", hw2));
  const ls::Feature seat = client.check_feature(feature_request(hw1, "render"));
  EXPECT_EQ(seat.is_floating_cloud(), true);
  EXPECT_EQ(seat.floating_users(), 1);
  EXPECT_EQ(seat.floating_in_use_devices(), 1);
  expect_error<ls::LicenseError>(LS_ERR_FLOATING_NOT_AVAILABLE, [&] { client.check_feature(feature_request(hw2, "render")); });

  const ls::Feature borrowed = client.floating_feature_borrow(feature_request(hw1, "render"));
  EXPECT_EQ(borrowed.is_borrowed(), true);
  EXPECT_TRUE(borrowed.borrowed_until().has_value());
  ls::Request too_long = feature_request(hw1, "render");
  too_long.borrowed_until("2000-01-01T00:00:00Z");
  expect_error<ls::LicenseError>(LS_ERR_BORROW_UNTIL_NOT_VALID, [&] { client.floating_feature_borrow(too_long); });
  expect_error<ls::LicenseError>(LS_ERR_FEATURE_NOT_FLOATING,
                                 [&] { client.floating_feature_borrow(feature_request(hw1, "basic")); });

  client.floating_feature_release(feature_request(hw1, "render"));
  expect_error<ls::LicenseError>(LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE,
                                 [&] { client.floating_feature_release(feature_request(hw1, "render")); });
  EXPECT_EQ(client.check_feature(feature_request(hw2, "render")).floating_in_use_devices(), 1);
  expect_error<ls::LicenseError>(LS_ERR_FEATURE_NOT_FLOATING,
                                 [&] { client.floating_feature_release(feature_request(hw2, "basic")); });
}

TEST(Consumption, LimitOveragesAndNegatives) {
  const ls::Client client(emulator_config());
  ls::Request request = key_request("DEMO-METERED", lstest::unique_hardware_id("metered"));
  request.consumptions(1);
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.add_consumption(request); });
  client.activate(request);
  request.consumptions(10);
  const ls::Consumption consumption = client.add_consumption(request);
  EXPECT_EQ(consumption.id(), 1013);
  EXPECT_EQ(consumption.max_consumptions(), 10);
  EXPECT_EQ(consumption.total_consumptions(), 10);
  EXPECT_EQ(consumption.allow_overages(), true);
  EXPECT_EQ(consumption.max_overages(), 2);
  EXPECT_EQ(consumption.consumption_period(), "monthly");
  request.consumptions(3);
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS, [&] { client.add_consumption(request); });
  request.consumptions(2);
  EXPECT_EQ(client.add_consumption(request).total_consumptions(), 12);  // within the overages
  request.consumptions(-2);
  EXPECT_EQ(client.add_consumption(request).total_consumptions(), 10);
  EXPECT_EQ(client.check(request).total_consumptions(), 10);

  const ls::Request not_metered = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("not-metered"));
  client.activate(not_metered);
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_CONSUMPTION, [&] { client.add_consumption(not_metered); });
}

TEST(Floating, CloudSeatsBorrowAndRelease) {
  const ls::Client client(emulator_config());
  std::vector<ls::Request> devices;
  for (int i = 0; i < 3; ++i) {
    devices.push_back(key_request("DEMO-FLOATING-CLOUD", lstest::unique_hardware_id("seat-" + std::to_string(i))));
    EXPECT_EQ(client.activate(devices.back()).is_floating_cloud(), true);
  }
  EXPECT_EQ(client.check(devices[0]).floating_in_use_devices(), 1);
  EXPECT_EQ(client.check(devices[1]).floating_in_use_devices(), 2);
  expect_error<ls::LicenseError>(LS_ERR_FLOATING_NOT_AVAILABLE, [&] { client.check(devices[2]); });

  const ls::Borrow borrow = client.floating_borrow(devices[0]);
  EXPECT_EQ(borrow.license_id(), 1015);
  EXPECT_EQ(borrow.max_borrow_time(), 48);
  EXPECT_FALSE(borrow.borrowed_until().empty());
  EXPECT_EQ(client.check(devices[0]).is_borrowed(), true);
  devices[1].borrowed_until("2000-01-01T00:00:00Z");
  expect_error<ls::LicenseError>(LS_ERR_BORROW_UNTIL_NOT_VALID, [&] { client.floating_borrow(devices[1]); });

  client.floating_release(devices[0]);
  EXPECT_EQ(client.check(devices[2]).floating_in_use_devices(), 2);
  const ls::Request other = key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("no-floating"));
  client.activate(other);
  expect_error<ls::LicenseError>(LS_ERR_FLOATING_NOT_AVAILABLE, [&] { client.floating_release(other); });
  const ls::Request no_borrow = key_request("DEMO-FLOATING-NO-BORROW", lstest::unique_hardware_id("no-borrow"));
  client.activate(no_borrow);
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_BORROW_NOT_ALLOWED, [&] { client.floating_borrow(no_borrow); });
}

// --- bundles -------------------------------------------------------------------------------------

TEST(Bundles, ActivateCheckAndDeactivate) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("bundle");
  const ls::Request request = key_request("DEMO-SUITE-KEY", hw, "demo-suite");
  const ls::Bundle bundle = client.activate_bundle(request);
  EXPECT_EQ(bundle.kind, ls::Kind::Bundle);
  const std::vector<ls::License> licenses = bundle.licenses();
  ASSERT_EQ(licenses.size(), 2u);
  EXPECT_EQ(licenses[0].id(), 1019);
  EXPECT_EQ(licenses[0].product_short_code(), "demo");
  EXPECT_EQ(licenses[0].hardware_id(), hw);
  ASSERT_EQ(licenses[0].features().size(), 1u);
  EXPECT_EQ(licenses[0].features()[0].code(), "suite");
  EXPECT_EQ(licenses[1].id(), 1101);
  EXPECT_EQ(licenses[1].product_short_code(), "demo-addon");
  EXPECT_EQ(licenses[1].metadata(), "{\"part\":\"addon\"}");
  EXPECT_EQ(bundle.json().front(), '[');  // the whole answer is the list

  const auto again = expect_error<ls::LicenseError>(LS_ERR_LICENSE_DEVICE_EXISTS, [&] { client.activate_bundle(request); });
  EXPECT_EQ(again.http_status, 409);
  const ls::Bundle checked = client.check_bundle(request);
  ASSERT_EQ(checked.licenses().size(), 2u);
  EXPECT_EQ(checked.licenses()[0].times_activated(), 1);
  EXPECT_EQ(client.check(key_request("DEMO-SUITE-KEY", hw, "demo-addon")).id(), 1101);

  client.deactivate_bundle(request);
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.check_bundle(request); });
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.deactivate_bundle(request); });
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_FOUND,
                                 [&] { client.activate_bundle(key_request("NO-SUCH-KEY", hw, "demo-suite")); });
  expect_error<ls::LicenseError>(LS_ERR_UNKNOWN_PRODUCT,
                                 [&] { client.activate_bundle(key_request("DEMO-SUITE-KEY", hw, "no-such-bundle")); });
}

// --- versions and installers ---------------------------------------------------------------------

TEST(Versions, MaintenancePeriodLimitsTheVersions) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("maintenance");
  const ls::Request request = key_request("DEMO-MAINTENANCE", hw);
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.versions(request); });
  client.activate(request);
  const ls::Versions versions = client.versions(request);
  const std::vector<ls::Version> items = versions.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].version(), "1.0.0");
  EXPECT_EQ(items[0].release_date(), "2020-01-01T00:00:00.000Z");
  EXPECT_EQ(items[1].version(), "1.1.0");

  const ls::InstallationFile file = client.installation_file(request);
  EXPECT_EQ(file.id(), 9003);
  EXPECT_EQ(file.version(), "1.1.0");
  EXPECT_EQ(file.environment(), "linux");
  EXPECT_EQ(file.channel(), "stable");
  EXPECT_EQ(file.url(), "https://downloads.example.com/demo/1.1.0/demo-linux.tar.gz");
  EXPECT_EQ(file.hash_md5(), "7d793037a0760186574b0282f2f435e7");
  EXPECT_EQ(file.release_notes_link(), "https://example.com/demo/1.1.0/notes");

  ls::Request newer = key_request("DEMO-MAINTENANCE", hw);
  newer.version("2.0.0");
  expect_error<ls::LicenseError>(LS_ERR_VERSION_NOT_FOUND, [&] { client.installation_file(newer); });
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] {
    client.installation_file(key_request("DEMO-MAINTENANCE", lstest::unique_hardware_id("inactive")));
  });
}

TEST(Versions, EnvironmentsAndChannelsFilterThem) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("versions");
  client.activate(key_request("DEMO-1111-2222-3333", hw));
  const auto names = [&](const char* env, const char* channel) {
    ls::Request request = key_request("DEMO-1111-2222-3333", hw);
    request.env(env).channel(channel);
    std::vector<std::string> out;
    const ls::Versions versions = client.versions(request);
    for (const ls::Version& version : versions.items()) out.emplace_back(version.version());
    return out;
  };
  EXPECT_EQ(names("linux", "stable"), (std::vector<std::string>{"1.0.0", "1.1.0", "2.0.0"}));
  EXPECT_EQ(names("linux", "beta"), std::vector<std::string>{"2.1.0-beta"});
  EXPECT_EQ(names("win64", ""), std::vector<std::string>{"1.0.0"});
  EXPECT_EQ(names("linux", "").size(), 4u);

  ls::Request request = key_request("DEMO-1111-2222-3333", hw);
  request.env("linux").version("2.0.0");
  const ls::InstallationFile file = client.installation_file(request);
  EXPECT_EQ(file.id(), 9004);
  EXPECT_EQ(file.requires_version(), "1.1.0");
  EXPECT_TRUE(file.sha256().has_value());
  request.env("win64").version("");
  EXPECT_EQ(client.installation_file(request).url(), "https://downloads.example.com/demo/1.0.0/demo-win64.msi");
  request.env("mac");
  expect_error<ls::LicenseError>(LS_ERR_VERSION_NOT_FOUND, [&] { client.installation_file(request); });
  request.env("bsd");
  const auto info = expect_error<ls::InvalidArgumentError>(LS_ERR_VALIDATION_ERROR, [&] { client.versions(request); });
  EXPECT_EQ(info.server_code, "validation_error");
  client.deactivate(request);
}

TEST(Versions, AsyncAndTryVariants) {
  const ls::Client client(emulator_config());
  const ls::Request request = key_request("DEMO-MAINTENANCE", lstest::unique_hardware_id("versions-async"));
  EXPECT_EQ(client.try_versions(request).error().status, LS_ERR_DEVICE_NOT_FOUND);
  client.activate_async(request).get();
  std::future<ls::Versions> pending = client.versions_async(request);
  EXPECT_EQ(pending.get().items().size(), 2u);
  const ls::Result<ls::InstallationFile> file = client.try_installation_file_async(request).get();
  ASSERT_TRUE(file.ok()) << file.error().to_string();
  EXPECT_EQ(file->try_version().value_or(""), "1.1.0");
  ls::Cancel cancel;
  cancel.trigger();
  EXPECT_THROW(client.versions(request, cancel), ls::CancelledError);
}

// --- device variables ----------------------------------------------------------------------------

TEST(DeviceVariables, TrackedThenRead) {
  const ls::Client client(emulator_config());
  const std::string hw = lstest::unique_hardware_id("variables");
  ls::Request request = key_request("DEMO-UNLIMITED", hw);
  request.variable("gpu", "rtx").variable("os", "linux");
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.track_device_variables(request); });
  client.activate(key_request("DEMO-UNLIMITED", hw));

  const ls::DeviceVariables tracked = client.track_device_variables(request);
  const auto sent = tracked.items();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].name(), "gpu");
  EXPECT_EQ(sent[0].value(), "rtx");
  EXPECT_TRUE(sent[0].device_id().has_value());
  EXPECT_EQ(sent[1].name(), "os");

  ls::Request update = key_request("DEMO-UNLIMITED", hw);
  update.variable("os", "linux-6");
  ASSERT_EQ(client.track_device_variables(update).items().size(), 1u);
  const ls::DeviceVariables stored = client.get_device_variables(key_request("DEMO-UNLIMITED", hw));
  const auto all = stored.items();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].id().has_value());
  EXPECT_EQ(all[0].name(), "gpu");
  EXPECT_EQ(all[1].value(), "linux-6");
  EXPECT_TRUE(all[1].created_at().has_value());
  EXPECT_NE(client.check(update).variables()->find("linux-6"), std::string_view::npos);

  // The core refuses the call without variables before sending it.
  const auto none = expect_error<ls::InvalidArgumentError>(
      LS_ERR_INVALID_ARGUMENT, [&] { client.track_device_variables(key_request("DEMO-UNLIMITED", hw)); });
  EXPECT_EQ(none.http_status, 0);
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] {
    client.get_device_variables(key_request("DEMO-UNLIMITED", lstest::unique_hardware_id("no-variables")));
  });
}

// --- accounts ------------------------------------------------------------------------------------

TEST(Accounts, UserLicensesWithTheirLicenseAndUser) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user").username("carol@example.com").password("carol-password");
  const ls::UserLicenses answer = client.user_licenses(request);
  const std::vector<ls::UserLicense> items = answer.items();
  ASSERT_EQ(items.size(), 1u);
  const ls::License license = items[0].license();
  EXPECT_EQ(license.kind, ls::Kind::License);
  EXPECT_EQ(license.id(), 2002);
  EXPECT_EQ(license.active(), true);
  EXPECT_EQ(license.customer_email(), "buyer@example.com");
  EXPECT_EQ(license.product_short_code(), "demo-user");
  EXPECT_NE(license.json().find("\"id\":2002"), std::string_view::npos) << license.json();
  const std::optional<ls::User> user = items[0].user();
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id(), 3003);
  EXPECT_EQ(user->email(), "carol@example.com");
  EXPECT_EQ(user->first_name(), "Carol");
  EXPECT_EQ(user->max_activations(), 2);
  EXPECT_EQ(user->is_initial_password(), true);

  ls::Request sso;
  sso.product("demo-user").id_token("sso-id-token-alice").customer_account_code("demo-corp");
  const ls::UserLicenses alice = client.user_licenses(sso);
  ASSERT_EQ(alice.items().size(), 1u);
  EXPECT_EQ(alice.items()[0].license().id(), 2001);
  EXPECT_EQ(alice.items()[0].user()->email(), "alice@example.com");

  request.password("wrong");
  const auto info = expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_FOUND, [&] { client.user_licenses(request); });
  EXPECT_EQ(info.server_code, "license_not_found");
  // Without exceptions, the nested objects through the try_ accessors.
  request.password("carol-password");
  const ls::Result<ls::UserLicenses> tried = client.try_user_licenses(request);
  ASSERT_TRUE(tried.ok());
  const auto tried_items = tried->try_items();
  ASSERT_TRUE(tried_items.ok() && tried_items->size() == 1u);
  EXPECT_EQ(tried_items->at(0).try_license()->try_id().value_or(0), 2002);
}

TEST(Accounts, CustomerLicenseUsers) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user").customer("buyer@example.com");
  const ls::CustomerUsers customer = client.customer_license_users(request);
  EXPECT_EQ(customer.customer_email(), "buyer@example.com");
  EXPECT_EQ(customer.customer_first_name(), "Grace");
  EXPECT_EQ(customer.customer_last_name(), "Hopper");
  EXPECT_EQ(customer.customer_company_name(), "Example Corp");
  const auto users = customer.users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].email(), "carol@example.com");
  EXPECT_EQ(users[0].license_id(), 2002);
  EXPECT_EQ(users[0].max_activations(), 2);
  EXPECT_EQ(users[1].email(), "dave@example.com");

  request.customer("nobody@example.com");
  expect_error<ls::LicenseError>(LS_ERR_CUSTOMER_NOT_FOUND, [&] { client.customer_license_users(request); });
  request.customer("");
  const auto missing =
      expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { client.customer_license_users(request); });
  EXPECT_EQ(missing.http_status, 0);  // refused by the core: customer is required
}

TEST(Accounts, SsoUrl) {
  const ls::Client client(emulator_config());
  ls::Request request;
  request.product("demo-user").customer_account_code("demo-corp").response_type("code").redirect_uri(
      "http://127.0.0.1/callback");
  const ls::SsoUrl sso = client.sso_url(request);
  const std::string url(sso.url());
  EXPECT_NE(url.find("/auth/realms/demo-corp/"), std::string::npos) << url;
  EXPECT_NE(url.find("response_type=code"), std::string::npos) << url;
  ASSERT_TRUE(sso.openid_configuration().has_value());
  EXPECT_NE(sso.openid_configuration()->find("\"issuer\""), std::string_view::npos);

  request.customer_account_code("no-such-account");
  expect_error<ls::LicenseError>(LS_ERR_CUSTOMER_NOT_FOUND, [&] { client.sso_url(request); });
  request.customer_account_code("demo-corp").response_type("neither");
  expect_error<ls::InvalidArgumentError>(LS_ERR_VALIDATION_ERROR, [&] { client.sso_url(request); });
}

TEST(Accounts, ChangePassword) {
  const ls::Client client(emulator_config());
  ls::Request change;
  change.username("dave@example.com").password("wrong").new_password("dave-password-2");
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_FOUND, [&] { client.change_password(change); });
  change.password("dave-password");
  client.change_password(change);

  ls::Request activation;
  activation.product("demo-user")
      .hardware_id(lstest::unique_hardware_id("changed"))
      .username("dave@example.com")
      .password("dave-password");
  expect_error<ls::LicenseError>(LS_ERR_LICENSE_NOT_FOUND, [&] { client.activate(activation); });
  activation.password("dave-password-2");
  EXPECT_EQ(client.activate(activation).id(), 2002);
  ls::Request mine;
  mine.product("demo-user").username("dave@example.com").password("dave-password-2");
  EXPECT_EQ(client.user_licenses(mine).items()[0].user()->is_initial_password(), false);
  client.deactivate(activation);

  change.clear(ls::Param::NewPassword);
  expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { client.change_password(change); });
}

// --- OAuth client credentials --------------------------------------------------------------------

TEST(OAuth, ClientCredentialsAuthenticateEveryCall) {
  const ls::Client client(oauth_config("demo-client", "demo-client-secret"));
  const ls::Request request = key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("oauth"));
  EXPECT_EQ(client.activate(request).id(), 1001);
  EXPECT_EQ(client.check(request).key(), "DEMO-1111-2222-3333");
  EXPECT_EQ(client.versions(request).items().size(), 4u);
  ls::Request product;
  product.product("demo");
  EXPECT_EQ(client.product_details_async(product).get().id(), 1);
  client.deactivate(request);
  expect_error<ls::LicenseError>(LS_ERR_DEVICE_NOT_FOUND, [&] { client.check(request); });
}

TEST(OAuth, AWrongSecretIsAnInvalidClientWithoutTheSecret) {
  const std::string secret = "wrong-secret-value-3141";
  const ls::Client client(oauth_config("demo-client", secret));
  try {
    client.check(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("oauth-wrong")));
    FAIL() << "a wrong secret was accepted";
  } catch (const ls::AuthorizationError& e) {
    EXPECT_EQ(e.status, LS_ERR_OAUTH_INVALID_CLIENT);
    EXPECT_EQ(e.status_name, "LS_ERR_OAUTH_INVALID_CLIENT");
    EXPECT_TRUE(e.is_authorization());
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos) << e.what();
    EXPECT_EQ(e.message.find(secret), std::string::npos) << e.message;
    EXPECT_EQ(e.to_string().find(secret), std::string::npos);
  }
  // A client the token endpoint refuses even with the right secret.
  const ls::Client refused(oauth_config("demo-client-invalid", "demo-client-secret"));
  const ls::Result<ls::License> result =
      refused.try_check(key_request("DEMO-1111-2222-3333", lstest::unique_hardware_id("oauth-refused")));
  EXPECT_EQ(result.error().status, LS_ERR_OAUTH_INVALID_CLIENT);
  EXPECT_EQ(result.error().category, ls::Category::Authorization);
}

TEST(OAuth, ConfigValuesArePassedToTheCore) {
  ls::Config config = oauth_config("demo-client", "");
  expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { ls::Client client(config); });
  config = oauth_config("", "demo-client-secret");
  expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { ls::Client client(config); });
  config = oauth_config("demo-client", "demo-client-secret");
  config.token_url = "not a url";
  expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { ls::Client client(config); });
  // A token URL belongs to an OAuth configuration only.
  ls::Config keys = emulator_config();
  keys.token_url = token_url();
  expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { ls::Client client(keys); });
  // A secret C cannot take is refused naming the member, never showing the value.
  config = oauth_config("demo-client", std::string("top\0secret", 10));
  const auto nul = expect_error<ls::InvalidArgumentError>(LS_ERR_INVALID_ARGUMENT, [&] { ls::Client client(config); });
  EXPECT_NE(nul.message.find("client_secret"), std::string::npos) << nul.message;
  EXPECT_EQ(nul.to_string().find("top"), std::string::npos) << nul.to_string();
  // The API key members play no part in an OAuth configuration.
  config = oauth_config("demo-client", "demo-client-secret");
  config.api_key = "ignored";
  EXPECT_TRUE(ls::Client::create(config).ok());
}
