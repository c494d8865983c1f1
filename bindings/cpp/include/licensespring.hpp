// licensespring.hpp: header-only C++17 wrapper over the licensespring C ABI (licensespring.h).
//
// The raw layer is the C header itself, included below; this file adds the idiomatic layer:
//  - licensespring::Client (built from a licensespring::Config), licensespring::Request,
//    licensespring::License, owning their C handles through std::unique_ptr with the C free
//    function as deleter. Closing twice is harmless; use after close is a clear error.
//  - Failures as licensespring::Error exceptions (one subclass per ls_category), or, for code
//    built without exceptions, as licensespring::Result<T> values from the try_* functions.
//    The throwing API is compiled only when LICENSESPRING_EXCEPTIONS is 1, which is the
//    default when exceptions are enabled (__cpp_exceptions).
//
// Every failure detail (status, name, server code, HTTP status, retry-after, message and
// category) comes from the core through ls_last_error_* and ls_status_category; this wrapper
// only copies it.
#ifndef LICENSESPRING_HPP
#define LICENSESPRING_HPP

#include <licensespring.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// 1 when the throwing API is compiled: by default when the compiler has exceptions enabled.
#ifndef LICENSESPRING_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(_CPPUNWIND)
#define LICENSESPRING_EXCEPTIONS 1
#else
#define LICENSESPRING_EXCEPTIONS 0
#endif
#endif

// The API's entities live in an inline namespace named after the mode, so translation units
// built with and without exceptions can be linked into one program without violating the
// one-definition rule.
#if LICENSESPRING_EXCEPTIONS
#define LICENSESPRING_MODE_NAMESPACE with_exceptions
#else
#define LICENSESPRING_MODE_NAMESPACE without_exceptions
#endif

#if __cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L)
#error "licensespring.hpp requires C++17"
#endif

namespace licensespring {
inline namespace LICENSESPRING_MODE_NAMESPACE {

// The ABI version this wrapper was written for: LS_ABI_VERSION of the included header.
inline constexpr std::uint32_t kExpectedAbiVersion = LS_ABI_VERSION;

// A status number as the C ABI returns it (LS_OK, LS_ERR_*).
using Status = ls_status;

// The group of a status, as decided by the core (ls_status_category).
enum class Category : std::int32_t {
  None = LS_CATEGORY_NONE,
  InvalidArgument = LS_CATEGORY_INVALID_ARGUMENT,
  Network = LS_CATEGORY_NETWORK,
  Authorization = LS_CATEGORY_AUTHORIZATION,
  License = LS_CATEGORY_LICENSE,
  Verification = LS_CATEGORY_VERIFICATION,
  Server = LS_CATEGORY_SERVER,
  Internal = LS_CATEGORY_INTERNAL,
};

// The string fields of a request (ls_request_field).
enum class Field : std::uint32_t {
  Product = LS_FIELD_PRODUCT,
  HardwareId = LS_FIELD_HARDWARE_ID,
  LicenseKey = LS_FIELD_LICENSE_KEY,
  Username = LS_FIELD_USERNAME,
  Password = LS_FIELD_PASSWORD,
  IdToken = LS_FIELD_ID_TOKEN,
  Code = LS_FIELD_CODE,
  CustomerAccountCode = LS_FIELD_CUSTOMER_ACCOUNT_CODE,
  VmInfo = LS_FIELD_VM_INFO,
  OsVer = LS_FIELD_OS_VER,
  Hostname = LS_FIELD_HOSTNAME,
  OsHostname = LS_FIELD_OS_HOSTNAME,
  Ip = LS_FIELD_IP,
  IpLocal = LS_FIELD_IP_LOCAL,
  AppVer = LS_FIELD_APP_VER,
  MacAddress = LS_FIELD_MAC_ADDRESS,
};

// The library's version, e.g. "0.1.0".
inline std::string_view version() noexcept { return ls_version(); }

// The ABI version of the loaded library (compare with kExpectedAbiVersion).
inline std::uint32_t abi_version() noexcept { return ls_abi_version(); }

// The constant's name of a status, e.g. "LS_ERR_TIMEOUT".
inline std::string_view status_name(std::int32_t status) noexcept {
  return ls_status_name(status);
}

// A one-line English description of a status.
inline std::string_view status_description(std::int32_t status) noexcept {
  return ls_status_description(status);
}

// The group the core assigns to a status.
inline Category status_category(std::int32_t status) noexcept {
  return static_cast<Category>(ls_status_category(status));
}

// The wire name of a request field, e.g. "license_key" (empty for a value that is not a field).
inline std::string_view field_name(Field field) noexcept {
  const char* name = ls_request_field_name(static_cast<std::uint32_t>(field));
  return name != nullptr ? std::string_view(name) : std::string_view();
}

// The copied detail of one failed call.
struct ErrorInfo {
  Status status = LS_OK;
  std::string status_name;
  Category category = Category::None;
  std::string message;
  // The server's error code (e.g. "license_expired"); empty when the server sent none.
  std::string server_code;
  // The HTTP status of the response behind the failure; 0 when no response arrived.
  std::int32_t http_status = 0;
  // What the server asked to wait (Retry-After), if it said.
  std::optional<std::chrono::seconds> retry_after;

  bool is_invalid_argument() const noexcept { return category == Category::InvalidArgument; }
  bool is_network() const noexcept { return category == Category::Network; }
  bool is_authorization() const noexcept { return category == Category::Authorization; }
  bool is_license() const noexcept { return category == Category::License; }
  bool is_verification() const noexcept { return category == Category::Verification; }
  bool is_server() const noexcept { return category == Category::Server; }
  bool is_internal() const noexcept { return category == Category::Internal; }

  // "LS_ERR_LICENSE_EXPIRED: <message> (server code "license_expired", HTTP 400)".
  std::string to_string() const {
    std::string text = status_name;
    if (!message.empty()) text += ": " + message;
    std::string extra;
    if (!server_code.empty()) extra += "server code \"" + server_code + "\"";
    if (http_status != 0) extra += (extra.empty() ? "" : ", ") + ("HTTP " + std::to_string(http_status));
    if (retry_after) {
      extra += (extra.empty() ? "" : ", ") +
               ("retry after " + std::to_string(retry_after->count()) + " s");
    }
    if (!extra.empty()) text += " (" + extra + ")";
    return text;
  }
};

namespace detail {

// A failure the wrapper itself detects (closed handle, string it cannot pass to C).
inline ErrorInfo local_error(Status status, std::string message) {
  ErrorInfo info;
  info.status = status;
  info.status_name = ls_status_name(status);
  info.category = status_category(status);
  info.message = std::move(message);
  return info;
}

// Copies the thread-local detail of the call that just returned `status`. Must run on the
// same thread, before any other ls_* call.
inline ErrorInfo last_error(Status status) {
  ErrorInfo info;
  info.status = status;
  info.message = ls_last_error_message();
  info.server_code = ls_last_error_code();
  info.http_status = ls_last_error_http_status();
  const std::int64_t retry_after = ls_last_error_retry_after();
  if (retry_after >= 0) info.retry_after = std::chrono::seconds(retry_after);
  info.status_name = ls_status_name(status);
  info.category = status_category(status);
  return info;
}

inline ErrorInfo closed_error(const char* what) {
  return local_error(LS_ERR_NULL_ARGUMENT,
                     std::string("this licensespring::") + what + " is closed (or was moved from)");
}

// Compares the library's ABI version with the header's; the message names both.
inline std::optional<ErrorInfo> check_abi(std::uint32_t found, std::uint32_t expected) {
  if (found == expected) return std::nullopt;
  return local_error(LS_ERR_INTERNAL,
                     "the licensespring library (version " + std::string(ls_version()) +
                         ") has ABI version " + std::to_string(found) +
                         ", but licensespring.hpp expects ABI version " + std::to_string(expected) +
                         "; build against the header that matches the library");
}

// A std::unique_ptr deleter calling the C free function.
template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* pointer) const noexcept {
    Free(pointer);
  }
};

template <class T, auto Free>
using Handle = std::unique_ptr<T, Deleter<Free>>;

inline std::string copy(const char* text) { return text != nullptr ? std::string(text) : std::string(); }

inline std::optional<std::string> copy_optional(const char* text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

}  // namespace detail

// A failed call, thrown by the throwing API. Catch it, or one of its subclasses (one per
// category), or test the predicates.
class Error : public std::runtime_error {
 public:
  explicit Error(ErrorInfo info) : std::runtime_error(info.to_string()), info_(std::move(info)) {}

  const ErrorInfo& info() const noexcept { return info_; }
  Status status() const noexcept { return info_.status; }
  const std::string& status_name() const noexcept { return info_.status_name; }
  Category category() const noexcept { return info_.category; }
  const std::string& message() const noexcept { return info_.message; }
  const std::string& server_code() const noexcept { return info_.server_code; }
  std::int32_t http_status() const noexcept { return info_.http_status; }
  std::optional<std::chrono::seconds> retry_after() const noexcept { return info_.retry_after; }

  bool is_invalid_argument() const noexcept { return info_.is_invalid_argument(); }
  bool is_network() const noexcept { return info_.is_network(); }
  bool is_authorization() const noexcept { return info_.is_authorization(); }
  bool is_license() const noexcept { return info_.is_license(); }
  bool is_verification() const noexcept { return info_.is_verification(); }
  bool is_server() const noexcept { return info_.is_server(); }
  bool is_internal() const noexcept { return info_.is_internal(); }

 private:
  ErrorInfo info_;
};

// The caller's input was refused, locally or by the server's request validation; also use of a
// closed handle.
class InvalidArgumentError : public Error {
 public:
  using Error::Error;
};
// No usable response: connect, timeout, TLS, proxy, connection lost.
class NetworkError : public Error {
 public:
  using Error::Error;
};
// The server refused the credentials or the request signature.
class AuthorizationError : public Error {
 public:
  using Error::Error;
};
// The server refused because of the license's or the device's state.
class LicenseError : public Error {
 public:
  using Error::Error;
};
// The response's signature is missing or invalid.
class VerificationError : public Error {
 public:
  using Error::Error;
};
// The server failed or answered something unusable.
class ServerError : public Error {
 public:
  using Error::Error;
};
// A bug inside the library.
class InternalError : public Error {
 public:
  using Error::Error;
};
// The library's ABI version differs from the header's (thrown by the Client constructor).
class AbiMismatchError : public Error {
 public:
  using Error::Error;
};

#if LICENSESPRING_EXCEPTIONS
// Throws the Error subclass of the failure's category.
[[noreturn]] inline void throw_error(ErrorInfo info) {
  switch (info.category) {
    case Category::InvalidArgument:
      throw InvalidArgumentError(std::move(info));
    case Category::Network:
      throw NetworkError(std::move(info));
    case Category::Authorization:
      throw AuthorizationError(std::move(info));
    case Category::License:
      throw LicenseError(std::move(info));
    case Category::Verification:
      throw VerificationError(std::move(info));
    case Category::Server:
      throw ServerError(std::move(info));
    case Category::Internal:
      throw InternalError(std::move(info));
    case Category::None:
      break;
  }
  throw Error(std::move(info));
}
#endif

namespace detail {
// Result::value() on a failure: throws, or without exceptions reports and aborts.
[[noreturn]] inline void bad_result_access(const ErrorInfo& info) {
#if LICENSESPRING_EXCEPTIONS
  throw_error(info);
#else
  std::fprintf(stderr, "licensespring: value() of a failed Result: %s\n", info.to_string().c_str());
  std::abort();
#endif
}
}  // namespace detail

// The value of a call, or its failure; returned by the try_* functions, which never throw
// licensespring::Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(ErrorInfo error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // The value; on a failure throws its Error (without exceptions: reports and aborts).
  T& value() & {
    if (!ok()) detail::bad_result_access(error());
    return *std::get_if<0>(&state_);
  }
  const T& value() const& {
    if (!ok()) detail::bad_result_access(error());
    return *std::get_if<0>(&state_);
  }
  T&& value() && {
    if (!ok()) detail::bad_result_access(error());
    return std::move(*std::get_if<0>(&state_));
  }
  template <class U>
  T value_or(U&& fallback) const& {
    return ok() ? *std::get_if<0>(&state_) : static_cast<T>(std::forward<U>(fallback));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The failure; precondition: !ok().
  const ErrorInfo& error() const noexcept {
    static const ErrorInfo none{};
    const ErrorInfo* info = std::get_if<1>(&state_);
    return info != nullptr ? *info : none;
  }

 private:
  std::variant<T, ErrorInfo> state_;
};

// The outcome of a call that returns nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(ErrorInfo error) : error_(std::move(error)) {}

  bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  // Throws the failure's Error (without exceptions: reports and aborts).
  void value() const {
    if (error_) detail::bad_result_access(*error_);
  }
  const ErrorInfo& error() const noexcept {
    static const ErrorInfo none{};
    return error_ ? *error_ : none;
  }

 private:
  std::optional<ErrorInfo> error_;
};

// A string argument: a C string (which may be nullptr, refused by the core with
// LS_ERR_NULL_ARGUMENT), a std::string or a std::string_view (copied). A string with an
// embedded NUL cannot be passed to C and is refused with LS_ERR_INVALID_ARGUMENT.
class StringArg {
 public:
  StringArg(const char* text) noexcept : pointer_(text) {}
  StringArg(const std::string& text) : pointer_(text.c_str()), has_nul_(text.find('\0') != std::string::npos) {}
  StringArg(std::string_view text)
      : owned_(text), pointer_(owned_.c_str()), has_nul_(text.find('\0') != std::string_view::npos) {}
  StringArg(const StringArg&) = delete;
  StringArg& operator=(const StringArg&) = delete;

  const char* c_str() const noexcept { return pointer_; }
  bool has_nul() const noexcept { return has_nul_; }

 private:
  std::string owned_;
  const char* pointer_ = nullptr;
  bool has_nul_ = false;
};

namespace detail {
inline std::optional<ErrorInfo> embedded_nul(const StringArg& arg, const char* what) {
  if (!arg.has_nul()) return std::nullopt;
  return local_error(LS_ERR_INVALID_ARGUMENT, std::string(what) + " contains a NUL character");
}
}  // namespace detail

// This machine's default hardware ID, computed by the core.
inline Result<std::string> try_hardware_id() {
  char* raw = nullptr;
  const Status status = ls_hardware_id(&raw);
  if (status != LS_OK) return detail::last_error(status);
  detail::Handle<char, ls_string_free> owned(raw);
  return std::string(owned.get());
}

#if LICENSESPRING_EXCEPTIONS
inline std::string hardware_id() { return try_hardware_id().value(); }
#endif

// Client settings. Only api_key and shared_key are required; everything unset keeps the
// core's default.
struct Config {
  struct Timeouts {
    std::chrono::milliseconds connect;
    std::chrono::milliseconds total;
  };

  Config() = default;
  Config(std::string api_key_, std::string shared_key_)
      : api_key(std::move(api_key_)), shared_key(std::move(shared_key_)) {}

  std::string api_key;
  std::string shared_key;
  // Scheme, host and port, e.g. "http://127.0.0.1:8080" for ls-emulator.
  std::optional<std::string> base_url;
  std::optional<Timeouts> timeouts;
  // A proxy for every request (instead of the proxy environment variables).
  std::optional<std::string> proxy;
  // Connect directly, ignoring the proxy environment variables.
  bool disable_proxy = false;
  // Extra PEM files of trusted certificates.
  std::vector<std::string> ca_files;
  // The RSA public key (PEM) that verifies responses, instead of the vendor's.
  std::optional<std::string> public_key_pem;
  // Accept responses without verifying their signature.
  bool disable_signature_verification = false;
  // Sent as app_ver when a request does not set its own.
  std::optional<std::string> app_version;
};

// A license returned by Client::activate or Client::check. Move-only; close() releases it early.
class License {
 public:
  struct Feature {
    std::string code;
    std::string name;
  };
  struct CustomField {
    std::string name;
    std::string value;
  };

  License() = default;
  explicit License(ls_license* raw) noexcept : handle_(raw) {}

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_license* raw() const noexcept { return handle_.get(); }

  // The response body exactly as received and verified (JSON text).
  Result<std::string> try_json() const { return text(ls_license_json); }
  Result<std::int64_t> try_id() const { return scalar<std::int64_t>(ls_license_id); }
  // The license key; empty for user-based licenses.
  Result<std::optional<std::string>> try_key() const { return optional_string(ls_license_key); }
  // "perpetual", "time-limited", "subscription", "consumption", or empty.
  Result<std::optional<std::string>> try_type() const { return optional_string(ls_license_type); }
  Result<bool> try_is_active() const { return scalar<bool>(ls_license_is_active); }
  Result<bool> try_is_enabled() const { return scalar<bool>(ls_license_is_enabled); }
  Result<bool> try_is_expired() const { return scalar<bool>(ls_license_is_expired); }
  Result<bool> try_is_trial() const { return scalar<bool>(ls_license_is_trial); }
  // The expiry as the server wrote it (ISO 8601); empty when the license does not expire.
  Result<std::optional<std::string>> try_validity_period() const {
    return optional_string(ls_license_validity_period);
  }
  Result<std::int64_t> try_times_activated() const {
    return scalar<std::int64_t>(ls_license_times_activated);
  }
  Result<std::int64_t> try_max_activations() const {
    return scalar<std::int64_t>(ls_license_max_activations);
  }
  Result<std::vector<Feature>> try_features() const {
    return list<Feature>(ls_license_feature_count, ls_license_feature_code, ls_license_feature_name);
  }
  Result<std::vector<CustomField>> try_custom_fields() const {
    return list<CustomField>(ls_license_custom_field_count, ls_license_custom_field_name,
                             ls_license_custom_field_value);
  }
  Result<std::optional<std::string>> try_customer_email() const {
    return optional_string(ls_license_customer_email);
  }
  Result<std::optional<std::string>> try_user_email() const {
    return optional_string(ls_license_user_email);
  }

#if LICENSESPRING_EXCEPTIONS
  std::string json() const { return try_json().value(); }
  std::int64_t id() const { return try_id().value(); }
  std::optional<std::string> key() const { return try_key().value(); }
  std::optional<std::string> type() const { return try_type().value(); }
  bool is_active() const { return try_is_active().value(); }
  bool is_enabled() const { return try_is_enabled().value(); }
  bool is_expired() const { return try_is_expired().value(); }
  bool is_trial() const { return try_is_trial().value(); }
  std::optional<std::string> validity_period() const { return try_validity_period().value(); }
  std::int64_t times_activated() const { return try_times_activated().value(); }
  std::int64_t max_activations() const { return try_max_activations().value(); }
  std::vector<Feature> features() const { return try_features().value(); }
  std::vector<CustomField> custom_fields() const { return try_custom_fields().value(); }
  std::optional<std::string> customer_email() const { return try_customer_email().value(); }
  std::optional<std::string> user_email() const { return try_user_email().value(); }
#endif

 private:
  template <class T>
  Result<T> scalar(ls_status (*get)(const ls_license*, T*)) const {
    if (!handle_) return detail::closed_error("License");
    T out{};
    const Status status = get(handle_.get(), &out);
    if (status != LS_OK) return detail::last_error(status);
    return out;
  }

  Result<std::optional<std::string>> optional_string(ls_status (*get)(const ls_license*, const char**)) const {
    if (!handle_) return detail::closed_error("License");
    const char* out = nullptr;
    const Status status = get(handle_.get(), &out);
    if (status != LS_OK) return detail::last_error(status);
    return detail::copy_optional(out);
  }

  Result<std::string> text(ls_status (*get)(const ls_license*, const char**)) const {
    if (!handle_) return detail::closed_error("License");
    const char* out = nullptr;
    const Status status = get(handle_.get(), &out);
    if (status != LS_OK) return detail::last_error(status);
    return detail::copy(out);
  }

  template <class Pair>
  Result<std::vector<Pair>> list(ls_status (*count)(const ls_license*, std::size_t*),
                                 ls_status (*first)(const ls_license*, std::size_t, const char**),
                                 ls_status (*second)(const ls_license*, std::size_t, const char**)) const {
    if (!handle_) return detail::closed_error("License");
    std::size_t n = 0;
    Status status = count(handle_.get(), &n);
    if (status != LS_OK) return detail::last_error(status);
    std::vector<Pair> items;
    items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const char* a = nullptr;
      const char* b = nullptr;
      status = first(handle_.get(), i, &a);
      if (status != LS_OK) return detail::last_error(status);
      status = second(handle_.get(), i, &b);
      if (status != LS_OK) return detail::last_error(status);
      items.push_back(Pair{detail::copy(a), detail::copy(b)});
    }
    return items;
  }

  detail::Handle<ls_license, ls_license_free> handle_;
};

// A license request: product, device, one identity and optional device details. Setters chain.
// With exceptions a setter that fails throws; without, the first failure is kept (see error())
// and returned by the next call that uses the request. Move-only; reusable for several calls.
class Request {
 public:
  Request() {
    ls_request* raw = nullptr;
    const Status status = ls_request_new(&raw);
    if (status == LS_OK) {
      handle_.reset(raw);
    } else {
      fail(detail::last_error(status));
    }
  }

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_request* raw() const noexcept { return handle_.get(); }
  // The first setter failure kept by a build without exceptions.
  const std::optional<ErrorInfo>& error() const noexcept { return deferred_; }

  // Sets a string field; "" clears it.
  Request& set(Field field, const StringArg& value) {
    if (auto nul = detail::embedded_nul(value, "request field value")) {
      fail(std::move(*nul));
      return *this;
    }
    return call([&](ls_request* raw) { return ls_request_set(raw, static_cast<std::uint32_t>(field), value.c_str()); });
  }

  Request& product(const StringArg& value) { return set(Field::Product, value); }
  Request& hardware_id(const StringArg& value) { return set(Field::HardwareId, value); }
  Request& license_key(const StringArg& value) { return set(Field::LicenseKey, value); }
  Request& username(const StringArg& value) { return set(Field::Username, value); }
  Request& password(const StringArg& value) { return set(Field::Password, value); }
  Request& id_token(const StringArg& value) { return set(Field::IdToken, value); }
  Request& code(const StringArg& value) { return set(Field::Code, value); }
  Request& customer_account_code(const StringArg& value) { return set(Field::CustomerAccountCode, value); }
  Request& vm_info(const StringArg& value) { return set(Field::VmInfo, value); }
  Request& os_ver(const StringArg& value) { return set(Field::OsVer, value); }
  Request& hostname(const StringArg& value) { return set(Field::Hostname, value); }
  Request& os_hostname(const StringArg& value) { return set(Field::OsHostname, value); }
  Request& ip(const StringArg& value) { return set(Field::Ip, value); }
  Request& ip_local(const StringArg& value) { return set(Field::IpLocal, value); }
  Request& app_ver(const StringArg& value) { return set(Field::AppVer, value); }
  Request& mac_address(const StringArg& value) { return set(Field::MacAddress, value); }

  Request& license_id(std::int64_t id) {
    return call([&](ls_request* raw) { return ls_request_set_license_id(raw, id); });
  }
  Request& is_vm(bool value) {
    return call([&](ls_request* raw) { return ls_request_set_is_vm(raw, value); });
  }
  Request& consumptions(std::int64_t value) {
    return call([&](ls_request* raw) { return ls_request_set_consumptions(raw, value); });
  }
  // Sets a device variable sent on activation; setting a name again replaces its value.
  Request& variable(const StringArg& name, const StringArg& value) {
    if (auto nul = detail::embedded_nul(name, "variable name")) {
      fail(std::move(*nul));
      return *this;
    }
    if (auto nul = detail::embedded_nul(value, "variable value")) {
      fail(std::move(*nul));
      return *this;
    }
    return call([&](ls_request* raw) { return ls_request_set_variable(raw, name.c_str(), value.c_str()); });
  }

 private:
  friend class Client;

  template <class Call>
  Request& call(Call&& set) {
    if (!handle_) {
      fail(detail::closed_error("Request"));
      return *this;
    }
    const Status status = set(handle_.get());
    if (status != LS_OK) fail(detail::last_error(status));
    return *this;
  }

  void fail(ErrorInfo info) {
#if LICENSESPRING_EXCEPTIONS
    throw_error(std::move(info));
#else
    if (!deferred_) deferred_ = std::move(info);
#endif
  }

  detail::Handle<ls_request, ls_request_free> handle_;
  std::optional<ErrorInfo> deferred_;
};

// A License API client. Immutable once built: activate, check and deactivate may run on
// several threads at once. close() (or destruction) must not race with calls in progress.
class Client {
 public:
  // Builds a client; checks the library's ABI version first.
  static Result<Client> create(const Config& config) {
    if (auto mismatch = detail::check_abi(ls_abi_version(), kExpectedAbiVersion)) return std::move(*mismatch);

    const StringArg api_key(config.api_key);
    const StringArg shared_key(config.shared_key);
    if (auto nul = detail::embedded_nul(api_key, "api_key")) return std::move(*nul);
    if (auto nul = detail::embedded_nul(shared_key, "shared_key")) return std::move(*nul);

    ls_config* raw_config = nullptr;
    Status status = ls_config_new(api_key.c_str(), shared_key.c_str(), &raw_config);
    if (status != LS_OK) return detail::last_error(status);
    const detail::Handle<ls_config, ls_config_free> owned_config(raw_config);

    auto set_string = [&](const std::optional<std::string>& value, const char* what,
                          ls_status (*setter)(ls_config*, const char*)) -> std::optional<ErrorInfo> {
      if (!value) return std::nullopt;
      const StringArg arg(*value);
      if (auto nul = detail::embedded_nul(arg, what)) return nul;
      const Status set_status = setter(raw_config, arg.c_str());
      if (set_status != LS_OK) return detail::last_error(set_status);
      return std::nullopt;
    };

    if (auto e = set_string(config.base_url, "base_url", ls_config_set_base_url)) return std::move(*e);
    if (config.timeouts) {
      const auto to_ms = [](std::chrono::milliseconds ms) -> std::optional<std::uint32_t> {
        if (ms.count() < 0 || ms.count() > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
        return static_cast<std::uint32_t>(ms.count());
      };
      const auto connect = to_ms(config.timeouts->connect);
      const auto total = to_ms(config.timeouts->total);
      if (!connect || !total) {
        return detail::local_error(LS_ERR_INVALID_ARGUMENT, "timeouts must be between 0 and 4294967295 ms");
      }
      status = ls_config_set_timeouts(raw_config, *connect, *total);
      if (status != LS_OK) return detail::last_error(status);
    }
    if (auto e = set_string(config.proxy, "proxy", ls_config_set_proxy)) return std::move(*e);
    if (config.disable_proxy) {
      status = ls_config_disable_proxy(raw_config);
      if (status != LS_OK) return detail::last_error(status);
    }
    for (const std::string& path : config.ca_files) {
      if (auto e = set_string(path, "ca_file", ls_config_add_ca_file)) return std::move(*e);
    }
    if (auto e = set_string(config.public_key_pem, "public_key_pem", ls_config_set_public_key_pem)) {
      return std::move(*e);
    }
    if (config.disable_signature_verification) {
      status = ls_config_disable_signature_verification(raw_config);
      if (status != LS_OK) return detail::last_error(status);
    }
    if (auto e = set_string(config.app_version, "app_version", ls_config_set_app_version)) return std::move(*e);

    ls_client* raw_client = nullptr;
    status = ls_client_new(raw_config, &raw_client);
    if (status != LS_OK) return detail::last_error(status);
    return Client(raw_client);
  }

#if LICENSESPRING_EXCEPTIONS
  // Builds a client; throws Error (AbiMismatchError when the library's ABI version differs).
  explicit Client(const Config& config) : Client(create_or_throw(config)) {}
#endif

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_client* raw() const noexcept { return handle_.get(); }

  // Activates the request's license on its device. Blocks on the network.
  Result<License> try_activate(const Request& request) const { return call(request, ls_activate); }
  // Reads the license's current state for the request's device. Blocks on the network.
  Result<License> try_check(const Request& request) const { return call(request, ls_check); }
  // Deactivates the license on the request's device. Blocks on the network.
  Result<void> try_deactivate(const Request& request) const {
    if (auto e = usable(request)) return std::move(*e);
    const Status status = ls_deactivate(handle_.get(), request.handle_.get());
    if (status != LS_OK) return detail::last_error(status);
    return {};
  }

#if LICENSESPRING_EXCEPTIONS
  License activate(const Request& request) const { return try_activate(request).value(); }
  License check(const Request& request) const { return try_check(request).value(); }
  void deactivate(const Request& request) const { try_deactivate(request).value(); }
#endif

 private:
  explicit Client(ls_client* raw) noexcept : handle_(raw) {}

#if LICENSESPRING_EXCEPTIONS
  static Client create_or_throw(const Config& config) {
    if (auto mismatch = detail::check_abi(ls_abi_version(), kExpectedAbiVersion)) {
      throw AbiMismatchError(std::move(*mismatch));
    }
    return create(config).value();
  }
#endif

  std::optional<ErrorInfo> usable(const Request& request) const {
    if (!handle_) return detail::closed_error("Client");
    if (request.deferred_) return request.deferred_;
    if (!request.handle_) return detail::closed_error("Request");
    return std::nullopt;
  }

  Result<License> call(const Request& request,
                       ls_status (*send)(const ls_client*, const ls_request*, ls_license**)) const {
    if (auto e = usable(request)) return std::move(*e);
    ls_license* raw = nullptr;
    const Status status = send(handle_.get(), request.handle_.get(), &raw);
    if (status != LS_OK) return detail::last_error(status);
    return License(raw);
  }

  detail::Handle<ls_client, ls_client_free> handle_;
};

}  // namespace LICENSESPRING_MODE_NAMESPACE
}  // namespace licensespring

#endif  // LICENSESPRING_HPP
