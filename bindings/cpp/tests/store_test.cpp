// The local license store (licensespring::Store) against a local ls-emulator (one per test
// process), each test with its own temporary folder: activation through the store, local and
// online checks with the server gone (grace window, then its expiry), a tampered file, the
// air-gapped round trip through buffers and files, consumption, async and cancellation, the new
// error categories, and ls_store_state's layout against ls_abi_describe().
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <licensespring.hpp>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "support.hpp"

namespace ls = licensespring;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

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

ls::Client client_for(const std::string& url) {
  ls::Config config{"demo-api-key", "demo-shared-key"};
  config.base_url = url;
  config.public_key_pem = lstest::read_file(lstest::public_key_path());
  config.connect_timeout = 2s;
  config.total_timeout = 20s;
  return ls::Client(config);
}
ls::Client online() { return client_for(emulator->url()); }
// A client whose server cannot be reached: a port on 127.0.0.1 where nothing listens.
ls::Client unreachable() { return client_for("http://127.0.0.1:" + std::to_string(lstest::closed_port())); }

ls::Request device(const std::string& hardware_id, const std::string& key = "") {
  ls::Request request;
  request.product("demo").hardware_id(hardware_id);
  if (!key.empty()) request.license_key(key);
  return request;
}

// A temporary folder, removed with everything in it.
class TempFolder {
 public:
  TempFolder() {
    std::string name = (fs::temp_directory_path() / "ls-cpp-store-XXXXXX").string();
    path_ = mkdtemp(name.data());
  }
  ~TempFolder() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

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

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Posts an offline request file to the emulator (as the vendor's portal receives it), signed
// with the demo API key; returns the HTTP status and the body.
std::pair<int, std::string> post_offline(const std::string& endpoint, const std::string& body) {
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  const std::string message = std::string("licenseSpring\ndate: ") + date;
  unsigned char mac[32];
  unsigned int mac_len = 0;
  const std::string key = "demo-shared-key";
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &mac_len);
  const std::string signature = base64(std::string(reinterpret_cast<char*>(mac), mac_len));
  const std::string url = emulator->url();
  const std::string host = url.substr(url.find("//") + 2);
  const std::string request = "POST /api/v4/" + endpoint + " HTTP/1.1\r\nHost: " + host + "\r\nDate: " + date +
                              "\r\nAuthorization: algorithm=\"hmac-sha256\",headers=\"date\",signature=\"" + signature +
                              "\",apikey=\"demo-api-key\"\r\nContent-Type: text/plain\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(host.substr(host.find(':') + 1))));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return {0, "connect failed"};
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  close(fd);
  const std::size_t head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) return {0, answer};
  return {std::atoi(answer.c_str() + answer.find(' ') + 1), answer.substr(head_end + 4)};
}

std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

}  // namespace

// --- the C ABI's new parts ---------------------------------------------------------------------

TEST(StoreAbi, StateLayoutIsTheLibrarys) {
  const nlohmann::json describe = nlohmann::json::parse(ls_abi_describe());
  const nlohmann::json* layout = nullptr;
  for (const auto& s : describe["structs"]) {
    if (s["name"] == "ls_store_state") layout = &s;
  }
  ASSERT_NE(layout, nullptr) << "ls_abi_describe() has no ls_store_state";
  EXPECT_EQ((*layout)["size"], sizeof(ls_store_state));
  EXPECT_EQ((*layout)["align"], alignof(ls_store_state));
  const ls::StructLayout* generated = nullptr;
  for (const auto& s : ls::kStructLayouts) {
    if (std::string(s.name) == "ls_store_state") generated = &s;
  }
  ASSERT_NE(generated, nullptr);
  ASSERT_EQ((*layout)["fields"].size(), generated->field_count);
  for (std::size_t i = 0; i < generated->field_count; ++i) {
    EXPECT_EQ((*layout)["fields"][i]["name"], generated->fields[i].name);
    EXPECT_EQ((*layout)["fields"][i]["offset"], generated->fields[i].offset) << generated->fields[i].name;
  }
}

TEST(StoreAbi, NewCategoriesMapToTheirTypes) {
  EXPECT_EQ(ls::status_category(LS_ERR_LICENSE_FILE_TAMPERED), ls::Category::Tampering);
  EXPECT_EQ(ls::status_category(LS_ERR_CLOCK_TAMPERED), ls::Category::Tampering);
  EXPECT_EQ(ls::status_category(LS_ERR_STORE_DISK_FULL), ls::Category::Storage);
  EXPECT_EQ(ls::status_category(LS_ERR_GRACE_PERIOD_EXPIRED), ls::Category::Network);
  const ls::ErrorInfo tampered = ls::detail::local_error(LS_ERR_HARDWARE_ID_MISMATCH, "x");
  EXPECT_TRUE(tampered.is_tampering());
  EXPECT_FALSE(tampered.is_storage());
  const ls::ErrorInfo storage = ls::detail::local_error(LS_ERR_STORE_READ_ONLY, "x");
  EXPECT_TRUE(storage.is_storage());
  expect_throw<ls::TamperingError>([&] { ls::throw_error(tampered); });
  expect_throw<ls::StorageError>([&] { ls::throw_error(storage); });
  const ls::ErrorInfo caught = expect_throw<ls::StorageError>([&] { ls::throw_error(storage); });
  EXPECT_EQ(caught.status, LS_ERR_STORE_READ_ONLY);
}

// --- the store object ---------------------------------------------------------------------------

TEST(Store, OpensInAFolderOrTheVendorDefault) {
  TempFolder folder;
  const ls::Store store(folder.str(), "demo");
  EXPECT_EQ(fs::path(std::string(store.path())), folder.path() / "demo.lsstore");
  const ls::Store by_default(nullptr, "demo");
  EXPECT_NE(by_default.path().find(".LicenseSpring/LicenseSpring/demo/demo.lsstore"), std::string::npos);
  const ls::Store by_nullopt(std::nullopt, "demo");
  EXPECT_EQ(by_nullopt.path(), by_default.path());
  // The core's refusals, as the error types of their categories.
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([] { ls::Store(nullptr, ""); }).status, LS_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([] { ls::Store(nullptr, nullptr); }).status, LS_ERR_NULL_ARGUMENT);
  EXPECT_EQ(ls::Store::create(std::string("a\0b", 3), "demo").error().status, LS_ERR_INVALID_ARGUMENT);
  ls::Store settable(folder.str(), "demo");
  settable.set_grace_hours(48h);
  settable.set_time(now());
  settable.set_time({});  // back to the system clock
  EXPECT_EQ(settable.try_set_grace_hours(100000h).error().status, LS_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(settable.try_set_grace_hours(-1h).error().status, LS_ERR_INVALID_ARGUMENT);  // saturated
  EXPECT_EQ(settable.try_set_time(std::chrono::system_clock::time_point(-5s)).error().status, LS_ERR_INVALID_ARGUMENT);
}

TEST(Store, ActivatesThenChecksLocallyAndOnlineWithGrace) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-grace");
  const ls::Client server = online();
  const ls::Client gone = unreachable();
  ls::Store store(folder.str(), "demo");
  EXPECT_EQ(expect_throw<ls::LicenseError>([&] { store.check_local(gone, device(hw)); }).status,
            LS_ERR_NO_STORED_LICENSE);

  const auto before = now() - 2s;
  const ls::StoredLicense activated = store.activate(server, device(hw, "DEMO-UNLIMITED"));
  EXPECT_EQ(activated.license.key(), std::optional<std::string_view>("DEMO-UNLIMITED"));
  EXPECT_TRUE(activated.state.online);
  EXPECT_FALSE(activated.state.in_grace);
  EXPECT_EQ(activated.state.save_status, LS_OK);
  ASSERT_TRUE(activated.state.last_check.has_value());
  EXPECT_GE(*activated.state.last_check, before);
  EXPECT_FALSE(activated.state.grace_end.has_value());
  EXPECT_TRUE(fs::exists(folder.path() / "demo.lsstore"));

  // Another handle on the same folder, its server gone: the local check passes.
  const ls::Store later(folder.str(), "demo");
  const auto [license, local] = later.check_local(gone, device(hw));
  EXPECT_EQ(license.key(), std::optional<std::string_view>("DEMO-UNLIMITED"));
  EXPECT_FALSE(local.online);
  EXPECT_FALSE(local.in_grace);
  // The online check passes within the grace window, which it reports.
  const ls::StoredLicense graceful = later.check(gone, device(hw));
  EXPECT_FALSE(graceful.state.online);
  EXPECT_TRUE(graceful.state.in_grace);
  ASSERT_TRUE(graceful.state.grace_start.has_value() && graceful.state.grace_end.has_value());
  EXPECT_EQ(*graceful.state.grace_end - *graceful.state.grace_start, 24h);
  EXPECT_GE(*graceful.state.grace_end, now() + 23h);
  // Past the window: the grace-expired error (a NetworkError).
  ls::Store moved(folder.str(), "demo");
  moved.set_time(*graceful.state.grace_end + 1h);
  const ls::ErrorInfo expired = expect_throw<ls::NetworkError>([&] { moved.check(gone, device(hw)); });
  EXPECT_EQ(expired.status, LS_ERR_GRACE_PERIOD_EXPIRED);
  EXPECT_FALSE(expired.message.empty());
  // The server back: the check is online again and closes the window.
  const ls::StoredLicense back = moved.check(server, device(hw));
  EXPECT_TRUE(back.state.online);
  EXPECT_FALSE(back.state.grace_end.has_value());
  // The read of the stored license, whatever its state.
  EXPECT_EQ(moved.license(gone, device(hw)).license.key(), std::optional<std::string_view>("DEMO-UNLIMITED"));

  moved.set_time({});
  store.deactivate(server, device(hw));
  EXPECT_EQ(store.try_check_local(gone, device(hw)).error().status, LS_ERR_NO_STORED_LICENSE);
}

TEST(Store, TamperedFileIsATamperingError) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-tamper");
  const ls::Client server = online();
  const ls::Store store(folder.str(), "demo");
  store.activate(server, device(hw, "DEMO-UNLIMITED"));
  const std::string path(store.path());
  std::string bytes = lstest::read_file(path);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  const ls::ErrorInfo tampered =
      expect_throw<ls::TamperingError>([&] { ls::Store(folder.str(), "demo").check_local(server, device(hw)); });
  EXPECT_EQ(tampered.status, LS_ERR_LICENSE_FILE_TAMPERED);
  EXPECT_TRUE(tampered.is_tampering());
  // Another device reading an intact store: the hardware ID mismatch, also tampering.
  store.remove();  // local only: the server still counts the first device
  server.deactivate(device(hw, "DEMO-UNLIMITED"));
  store.activate(server, device(hw, "DEMO-UNLIMITED"));
  EXPECT_EQ(store.try_check_local(server, device(hw + "-other")).error().status, LS_ERR_HARDWARE_ID_MISMATCH);
  store.deactivate(server, device(hw));
}

TEST(Store, AirGappedRoundTripThroughFiles) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-airgap-files");
  const ls::Client offline = unreachable();
  const ls::Store store(folder.str(), "demo");
  // The device without network writes its request file...
  const std::string request_file = (folder.path() / "out" / "activate_offline.req").string();
  store.offline_activation_request_file(offline, device(hw, "DEMO-OFFLINE"), request_file);
  // ...which is carried to a machine with network and posted as it is.
  const auto [http, answer] = post_offline("activate_offline", lstest::read_file(request_file));
  ASSERT_EQ(http, 200) << answer;
  const std::string lic_file = (folder.path() / "license.lic").string();
  std::ofstream(lic_file) << base64(answer);
  // Back on the device: the .lic verifies and is stored.
  const ls::StoredLicense loaded = store.load_offline_license_file(offline, device(hw), lic_file);
  EXPECT_TRUE(loaded.state.offline_activated);
  EXPECT_FALSE(loaded.state.online);
  EXPECT_EQ(loaded.license.key(), std::optional<std::string_view>("DEMO-OFFLINE"));
  EXPECT_TRUE(ls::Store(folder.str(), "demo").check_local(offline, device(hw)).state.offline_activated);
  // The server counts the device: an online activation of it is refused as existing.
  const ls::Client server = online();
  EXPECT_EQ(expect_throw<ls::LicenseError>([&] { server.activate(device(hw, "DEMO-OFFLINE")); }).status,
            LS_ERR_LICENSE_DEVICE_EXISTS);
  // Offline deactivation: the file frees the seat on the server, and the store forgets it.
  const std::string release_file = (folder.path() / "deactivate_offline.req").string();
  store.offline_deactivation_request_file(offline, device(hw), release_file);
  const auto [released, body] = post_offline("deactivate_offline", lstest::read_file(release_file));
  EXPECT_EQ(released, 200) << body;
  EXPECT_NE(body.find("license_deactivated"), std::string::npos) << body;
  EXPECT_EQ(store.try_check_local(offline, device(hw)).error().status, LS_ERR_NO_STORED_LICENSE);
  server.activate(device(hw, "DEMO-OFFLINE"));
  server.deactivate(device(hw, "DEMO-OFFLINE"));
}

TEST(Store, AirGappedRoundTripThroughBuffers) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-airgap-buffers");
  const ls::Client offline = unreachable();
  const ls::Store store(folder.str(), "demo");
  const std::string request = store.offline_activation_request(offline, device(hw, "DEMO-OFFLINE"));
  EXPECT_EQ(request.find('\n'), std::string::npos);
  const auto [http, answer] = post_offline("activate_offline", request);
  ASSERT_EQ(http, 200) << answer;
  // Base64 of base64 is no license; the JSON itself is accepted.
  EXPECT_EQ(store.try_load_offline_license(offline, device(hw), base64(base64(answer))).error().status,
            LS_ERR_OFFLINE_LICENSE_INVALID);
  EXPECT_EQ(store.try_load_offline_license(offline, device(hw + "-other"), answer).error().status,
            LS_ERR_HARDWARE_ID_MISMATCH);
  const ls::StoredLicense loaded = store.load_offline_license(offline, device(hw), answer);
  EXPECT_TRUE(loaded.state.offline_activated);
  const std::string release = store.offline_deactivation_request(offline, device(hw));
  const auto [released, body] = post_offline("deactivate_offline", release);
  EXPECT_EQ(released, 200) << body;
  EXPECT_EQ(store.try_license(offline, device(hw)).error().status, LS_ERR_NO_STORED_LICENSE);
}

TEST(Store, LocalConsumptionIsSentByTheNextCheck) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-consumption");
  const ls::Client server = online();
  const ls::Store store(folder.str(), "demo");
  store.activate(server, device(hw, "DEMO-UNLIMITED-CONSUMPTION"));
  EXPECT_EQ(store.add_local_consumption(server, device(hw), 2).local_consumptions, 2);
  EXPECT_EQ(store.add_local_consumption(server, device(hw), 1).local_consumptions, 3);
  const ls::StoredLicense checked = store.check(server, device(hw));
  EXPECT_TRUE(checked.state.online);
  EXPECT_EQ(checked.state.local_consumptions, 0);
  EXPECT_GE(checked.license.total_consumptions().value_or(0), 3);
  store.deactivate(server, device(hw));
}

TEST(Store, AsyncCallsAndCancellation) {
  TempFolder folder;
  const std::string hw = lstest::unique_hardware_id("store-async");
  const ls::Client server = online();
  const ls::Store store(folder.str(), "demo");
  const ls::Request request = device(hw, "DEMO-UNLIMITED");
  EXPECT_TRUE(store.activate_async(server, request).get().state.online);
  EXPECT_TRUE(store.try_check_async(server, request).get()->state.online);
  ls::Cancel cancel;
  cancel.trigger();
  const ls::ErrorInfo cancelled = expect_throw<ls::CancelledError>([&] { store.check(server, request, cancel); });
  EXPECT_EQ(cancelled.status, LS_ERR_CANCELLED);
  EXPECT_EQ(store.try_deactivate_async(server, request, cancel).get().error().status, LS_ERR_CANCELLED);
  store.deactivate_async(server, request).get();
  EXPECT_EQ(store.try_check_local(server, request).error().status, LS_ERR_NO_STORED_LICENSE);
}

TEST(Store, ClosedHandlesAndUnpassableStringsAreRefusedBeforeTheCall) {
  TempFolder folder;
  ls::Client server = online();
  ls::Store store(folder.str(), "demo");
  const ls::Request request = device("nobody");
  EXPECT_EQ(store.try_load_offline_license_file(server, request, std::string("a\0b", 3)).error().status,
            LS_ERR_INVALID_ARGUMENT);
  ls::Request closed_request;
  closed_request.close();
  EXPECT_NE(store.try_check_local(server, closed_request).error().message.find("Request is closed"), std::string::npos);
  server.close();
  EXPECT_NE(store.try_check_local(server, request).error().message.find("Client is closed"), std::string::npos);
  store.close();
  const ls::ErrorInfo closed = store.try_remove().error();
  EXPECT_EQ(closed.status, LS_ERR_NULL_ARGUMENT);
  EXPECT_NE(closed.message.find("Store is closed"), std::string::npos);
  EXPECT_EQ(expect_throw<ls::InvalidArgumentError>([&] { (void)store.path(); }).status, LS_ERR_NULL_ARGUMENT);
}

// --- the README's air-gapped example (built from its ```cpp blocks by tests/CMakeLists.txt) ------

TEST(Readme, AirGappedExampleRunsThroughThePortal) {
  TempFolder folder;
  const std::string run = "cd '" + folder.str() + "' && LS_EMULATOR_PUBLIC_KEY='" + lstest::public_key_path() +
                          "' '" + LS_EXAMPLES_BINARY_DIR + "/readme_example_9' > out.txt 2>&1";
  const std::string out = (folder.path() / "out.txt").string();
  ASSERT_EQ(std::system(run.c_str()), 0) << lstest::read_file(out);
  EXPECT_EQ(lstest::read_file(out),
            "wrote activate_offline.req: upload it, save the answer as license.lic and run again\n");
  // The portal's part.
  const auto [http, answer] = post_offline("activate_offline", lstest::read_file((folder.path() / "activate_offline.req").string()));
  ASSERT_EQ(http, 200) << answer;
  std::ofstream((folder.path() / "license.lic").string()) << base64(answer);
  ASSERT_EQ(std::system(run.c_str()), 0) << lstest::read_file(out);
  EXPECT_EQ(lstest::read_file(out), "activated offline: DEMO-OFFLINE\nwrote deactivate_offline.req\n");
  const auto [released, body] = post_offline("deactivate_offline", lstest::read_file((folder.path() / "deactivate_offline.req").string()));
  EXPECT_EQ(released, 200) << body;
}
