// licensespring.hpp: header-only C++17 wrapper over the licensespring C ABI (licensespring.h).
//
// The raw layer is the C header itself. Every table expansion is generated (tools/bindgen):
// licensespring_generated_abi.hpp (checks of the header, enum classes, constant tables) and
// licensespring_generated_api.hpp (exception classes, Config, result classes, request setters,
// operations). This file is the idiomatic layer they plug into: Client, Request, Cancel and the
// result classes own their C handles through std::unique_ptr with the C free function as
// deleter; failures become Error exceptions or, without exceptions (LICENSESPRING_EXCEPTIONS 0),
// Result<T> values from the try_* functions. Every decision (defaults, validation, statuses,
// categories, messages) is the core's: this layer converts types and copies each ls_error.
#ifndef LICENSESPRING_HPP
#define LICENSESPRING_HPP

#if __cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L)
#error "licensespring.hpp requires C++17"
#endif

#include "licensespring_generated_abi.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
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

namespace licensespring {
inline namespace LICENSESPRING_MODE_NAMESPACE {

// A status number as the C ABI returns it (LS_OK, LS_ERR_*).
using Status = ls_status;

// The library's version, e.g. "0.2.0".
inline std::string_view version() noexcept { return ls_version(); }
// The ABI version of the loaded library (the generated kAbiVersion must equal it).
inline std::uint32_t abi_version() noexcept { return ls_abi_version(); }
// The constant's name of a status, e.g. "LS_ERR_TIMEOUT".
inline std::string_view status_name(std::int32_t status) noexcept { return ls_status_name(status); }
// A one-line English description of a status.
inline std::string_view status_description(std::int32_t status) noexcept { return ls_status_description(status); }
// The group the core assigns to a status.
inline Category status_category(std::int32_t status) noexcept {
  return static_cast<Category>(ls_status_category(status));
}
// The wire name of a request parameter, e.g. "license_key" ("" for a value that is not one).
inline std::string_view param_name(Param param) noexcept {
  for (const ParamRow& row : kParams) {
    if (row.value == static_cast<std::uint32_t>(param)) return row.wire_name;
  }
  return {};
}

// The copied detail of one failed call; is_network(), is_license(), ... test its category.
struct ErrorInfo : CategoryPredicates<ErrorInfo> {
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

  const ErrorInfo& info() const noexcept { return *this; }

  // "LS_ERR_LICENSE_EXPIRED: <message> (server code "license_expired", HTTP 400)".
  std::string to_string() const {
    std::string text = status_name + (message.empty() ? "" : ": " + message);
    std::string extra;
    const auto add = [&extra](const std::string& part) { extra += (extra.empty() ? "" : ", ") + part; };
    if (!server_code.empty()) add("server code \"" + server_code + "\"");
    if (http_status != 0) add("HTTP " + std::to_string(http_status));
    if (retry_after) add("retry after " + std::to_string(retry_after->count()) + " s");
    return extra.empty() ? text : text + " (" + extra + ")";
  }
};

namespace detail {

// A std::unique_ptr deleter calling the C free function.
template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* pointer) const noexcept { Free(pointer); }
};
template <class T, auto Free>
using Handle = std::unique_ptr<T, Deleter<Free>>;

// A failure the wrapper itself detects (closed handle, string it cannot pass to C).
inline ErrorInfo local_error(Status status, std::string message) {
  ErrorInfo info;
  info.status = status;
  info.status_name = ls_status_name(status);
  info.category = status_category(status);
  info.message = std::move(message);
  return info;
}

// The detail of a failed call, copied from the ls_error it handed over (then freed). The error
// may be NULL only if the library could not allocate it; the status still says what failed.
inline ErrorInfo take(Status status, ls_error* error) {
  const Handle<ls_error, ls_error_free> owned(error);
  ErrorInfo info = local_error(status, error != nullptr ? error->message : "");
  if (error != nullptr) {
    info.server_code = error->server_code;
    info.http_status = error->http_status;
    if (error->retry_after_secs >= 0) info.retry_after = std::chrono::seconds(error->retry_after_secs);
  }
  return info;
}

// Calls a fallible C function, appending the `ls_error **error` it takes last; returns its
// failure, or nothing on success.
template <class... Params, class... Args>
std::optional<ErrorInfo> invoke(ls_status (*function)(Params...), Args&&... args) {
  ls_error* error = nullptr;
  const ls_status status = function(std::forward<Args>(args)..., &error);
  if (status == LS_OK) return std::nullopt;
  return take(status, error);
}

inline ErrorInfo closed_error(const char* what) {
  return local_error(LS_ERR_NULL_ARGUMENT,
                     std::string("this licensespring::") + what + " is closed (or was moved from)");
}

inline ErrorInfo nul_error(const char* what) {
  return local_error(LS_ERR_INVALID_ARGUMENT, std::string(what) + " contains a NUL character");
}

// invoke() with a string argument, which C cannot take with an embedded NUL.
template <class Object>
std::optional<ErrorInfo> invoke_text(ls_status (*function)(Object*, const char*, ls_error**), Object* object,
                                     const std::string& text, const char* what) {
  if (text.find('\0') != std::string::npos) return nul_error(what);
  return invoke(function, object, text.c_str());
}

// Compares the library's ABI version with the generated one; the message names both.
inline std::optional<ErrorInfo> check_abi(std::uint32_t found, std::uint32_t expected) {
  if (found == expected) return std::nullopt;
  return local_error(LS_ERR_INTERNAL, "the licensespring library (version " + std::string(ls_version()) +
                                          ") has ABI version " + std::to_string(found) +
                                          ", but licensespring.hpp expects ABI version " + std::to_string(expected) +
                                          "; build against the headers that match the library");
}

}  // namespace detail

// A failed call, thrown by the throwing API: its ErrorInfo, and a std::runtime_error whose what()
// is to_string(). Catch it, or its subclass for the category (InvalidArgumentError, NetworkError,
// LicenseError, CancelledError, ...), or test is_<category>().
class Error : public std::runtime_error, public ErrorInfo {
 public:
  explicit Error(ErrorInfo info) : std::runtime_error(info.to_string()), ErrorInfo(std::move(info)) {}
};

// The library's ABI version differs from the headers' (thrown by the Client constructor).
class AbiMismatchError : public Error {
 public:
  using Error::Error;
};

#if LICENSESPRING_EXCEPTIONS
// Throws the Error subclass of the failure's category (generated, one case per category).
[[noreturn]] inline void throw_error(ErrorInfo info);
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
  T&& value() && { return std::move(value()); }
  template <class U>
  T value_or(U&& fallback) const& { return ok() ? *std::get_if<0>(&state_) : static_cast<T>(std::forward<U>(fallback)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The failure; an empty ErrorInfo (status LS_OK) when ok().
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
  StringArg(std::nullopt_t) noexcept {}  // NULL
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

// A cancel handle. Pass it to calls (client.activate(request, cancel)); trigger(), from any
// thread, makes each of them fail promptly with LS_ERR_CANCELLED (a CancelledError) and every
// later call given it fail at once; the client stays usable. Triggering is permanent: use a new
// Cancel for new calls. It may be destroyed while a call given it is in flight.
class Cancel {
 public:
  Cancel() noexcept {
    ls_cancel* raw = nullptr;
    ls_cancel_new(&raw, nullptr);  // fails only for a NULL out-pointer
    handle_.reset(raw);
  }
  void trigger() const noexcept { ls_cancel_trigger(handle_.get()); }
  bool is_triggered() const noexcept { return ls_cancel_is_triggered(handle_.get()); }
  const ls_cancel* raw() const noexcept { return handle_.get(); }
  // What calls given no handle use: it cannot be triggered.
  static const Cancel& none() noexcept {
    static const Cancel nothing(nullptr);
    return nothing;
  }

 private:
  explicit Cancel(std::nullptr_t) noexcept {}
  detail::Handle<ls_cancel, ls_cancel_free> handle_;
};

namespace detail {
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};

// The base of every result class (License, Feature, ...): the ls_result it reads, which it owns
// (a result an operation returned; close() releases it early) or borrows (an item of a list,
// valid while the result that owns it lives). Move-only.
class ResultBase {
 public:
  ResultBase(const ls_result* raw, bool owned, const char* name) noexcept
      : raw_(raw), owned_(owned ? const_cast<ls_result*>(raw) : nullptr), name_(name) {}
  ResultBase(ResultBase&& other) noexcept
      : raw_(std::exchange(other.raw_, nullptr)), owned_(std::move(other.owned_)), name_(other.name_) {}
  ResultBase& operator=(ResultBase&& other) noexcept {
    owned_ = std::move(other.owned_);
    raw_ = std::exchange(other.raw_, nullptr);
    return *this;
  }

  void close() noexcept {
    owned_.reset();
    raw_ = nullptr;
  }
  bool is_closed() const noexcept { return raw_ == nullptr; }
  const ls_result* raw() const noexcept { return raw_; }

  // The JSON the result was read from: the response body exactly as received and verified (for
  // an item, its compact JSON).
  Result<std::string_view> try_json() const {
    const char* json = nullptr;
    if (raw_ == nullptr) return closed_error(name_);
    if (auto e = invoke(ls_result_json, raw_, &json)) return std::move(*e);
    return std::string_view(json);
  }
#if LICENSESPRING_EXCEPTIONS
  std::string_view json() const { return try_json().value(); }
#endif

 protected:
  // One field, as T: std::optional<X> (absent or null: nullopt), X for a required field, or
  // std::vector<Item> for a list (absent or null: empty). X is a string, a number or a nested
  // result class (LS_VALUE_OBJECT, borrowed like list items).
  template <class T>
  Result<T> get(Field field) const {
    ls_value value{};
    if (raw_ == nullptr) return closed_error(name_);
    if (auto e = invoke(ls_result_get, raw_, static_cast<std::uint32_t>(field), &value)) return std::move(*e);
    if constexpr (is_vector<T>::value) {
      T items;
      const auto count = value.value_type == LS_VALUE_LIST ? static_cast<std::size_t>(value.integer) : 0;
      for (std::size_t i = 0; i < count; ++i) {
        const ls_result* item = nullptr;
        if (auto e = invoke(ls_result_item, raw_, static_cast<std::uint32_t>(field), i, &item)) return std::move(*e);
        items.emplace_back(item, false);
      }
      return items;
    } else if constexpr (is_optional<T>::value) {
      if (value.value_type == LS_VALUE_NULL) return T();
      return one<T, typename T::value_type>(field, value);
    } else {
      // The core refuses a response that lacks a required field; this would be its bug.
      if (value.value_type == LS_VALUE_NULL) return local_error(LS_ERR_INTERNAL, "a required field is null");
      return one<T, T>(field, value);
    }
  }

 private:
  // A value that is not null, as X, returned as T (X or std::optional<X>).
  template <class T, class X>
  Result<T> one(Field field, const ls_value& value) const {
    if constexpr (std::is_base_of_v<ResultBase, X>) {
      const ls_result* item = nullptr;
      if (auto e = invoke(ls_result_item, raw_, static_cast<std::uint32_t>(field), 0u, &item)) return std::move(*e);
      return T(X(item, false));
    } else if constexpr (std::is_same_v<X, std::string_view>) {
      return T(value.string != nullptr ? std::string_view(value.string) : std::string_view());
    } else {
      return T(static_cast<X>(value.integer));
    }
  }

  const ls_result* raw_;
  Handle<ls_result, ls_result_free> owned_;
  const char* name_;
};

// A string the library allocated, copied and released.
inline std::string take_string(char* raw) {
  const Handle<char, ls_string_free> owned(raw);
  return raw;
}
}  // namespace detail

class Request;
class Client;

}  // namespace LICENSESPRING_MODE_NAMESPACE
}  // namespace licensespring

#include "licensespring_generated_api.hpp"

namespace licensespring {
inline namespace LICENSESPRING_MODE_NAMESPACE {

// This machine's hardware ID, computed by the core with the vendor's algorithm numbering.
inline Result<std::string> try_hardware_id(HardwareIdAlgorithm algorithm = HardwareIdAlgorithm::Default) {
  char* raw = nullptr;
  if (auto e = detail::invoke(ls_hardware_id, static_cast<std::int32_t>(algorithm), &raw)) return std::move(*e);
  return detail::take_string(raw);
}
#if LICENSESPRING_EXCEPTIONS
inline std::string hardware_id(HardwareIdAlgorithm algorithm = HardwareIdAlgorithm::Default) {
  return try_hardware_id(algorithm).value();
}
#endif

// The parameters of a call: product, device, one identity, device details and variables; one
// typed setter per parameter (product(), license_key(), license_id(), is_vm(), ...), which chain.
// With exceptions a setter that fails throws; without, the first failure is kept (see error())
// and returned by the next call that uses the request. Move-only; reusable for several calls.
class Request : public detail::RequestParams<Request> {
 public:
  Request() {
    ls_request* raw = nullptr;
    if (auto e = detail::invoke(ls_request_new, &raw)) fail(std::move(*e));
    handle_.reset(raw);
  }

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_request* raw() const noexcept { return handle_.get(); }
  // The first setter failure kept by a build without exceptions.
  const std::optional<ErrorInfo>& error() const noexcept { return deferred_; }
  // Why a call cannot use this request: that failure, or the request is closed.
  std::optional<ErrorInfo> unusable() const { return deferred_ || handle_ ? deferred_ : detail::closed_error("Request"); }

  // Sets a string parameter; "" clears it.
  Request& set_string(Param param, const StringArg& value) {
    if (value.has_nul()) return fail(detail::nul_error("a request parameter"));
    return call(ls_request_set_string, static_cast<std::uint32_t>(param), value.c_str());
  }
  Request& set_int(Param param, std::int64_t value) {
    return call(ls_request_set_int, static_cast<std::uint32_t>(param), value);
  }
  Request& set_bool(Param param, bool value) {
    return call(ls_request_set_bool, static_cast<std::uint32_t>(param), value);
  }
  Request& clear(Param param) { return call(ls_request_clear, static_cast<std::uint32_t>(param)); }
  // Sets a device variable (sent by the operations that take variables); a name set again is
  // replaced.
  Request& variable(const StringArg& name, const StringArg& value) {
    if (name.has_nul() || value.has_nul()) return fail(detail::nul_error("a variable"));
    return call(ls_request_set_variable, name.c_str(), value.c_str());
  }

 private:
  friend class Client;

  template <class... Params, class... Args>
  Request& call(ls_status (*set)(ls_request*, Params...), Args... args) {
    if (!handle_) return fail(detail::closed_error("Request"));
    if (auto e = detail::invoke(set, handle_.get(), args...)) return fail(std::move(*e));
    return *this;
  }

  Request& fail(ErrorInfo info) {
#if LICENSESPRING_EXCEPTIONS
    throw_error(std::move(info));
#else
    if (!deferred_) deferred_ = std::move(info);
    return *this;
#endif
  }

  detail::Handle<ls_request, ls_request_free> handle_;
  std::optional<ErrorInfo> deferred_;
};

// A License API client: one method per operation (activate, check, deactivate, ...; see
// licensespring_generated_api.hpp), each with an optional Cancel. Immutable once built: calls may
// run on several threads at once; close() (or destruction) must not race with them.
class Client : public detail::Operations<Client> {
 public:
  // Builds a client; checks the library's ABI version first.
  static Result<Client> create(const Config& config) {
    if (auto mismatch = detail::check_abi(ls_abi_version(), kAbiVersion)) return std::move(*mismatch);
    ls_config* raw = nullptr;
    if (auto e = detail::new_config(config, &raw)) return std::move(*e);
    const detail::Handle<ls_config, ls_config_free> owned(raw);
    if (auto e = detail::configure(raw, config)) return std::move(*e);
    ls_client* client = nullptr;
    if (auto e = detail::invoke(ls_client_new, raw, &client)) return std::move(*e);
    return Client(client);
  }

#if LICENSESPRING_EXCEPTIONS
  // Builds a client; throws Error (AbiMismatchError when the library's ABI version differs).
  explicit Client(const Config& config) : Client(create_or_throw(config)) {}
#endif

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_client* raw() const noexcept { return handle_.get(); }

 private:
  friend class detail::Operations<Client>;
  explicit Client(ls_client* raw) noexcept : handle_(raw) {}

#if LICENSESPRING_EXCEPTIONS
  static Client create_or_throw(const Config& config) {
    if (auto mismatch = detail::check_abi(ls_abi_version(), kAbiVersion)) throw AbiMismatchError(std::move(*mismatch));
    return create(config).value();
  }
#endif

  // Performs one operation; R is its result class, or void for an operation without a result.
  template <class R>
  Result<R> call(Operation operation, const Request& request, const Cancel& cancel) const {
    if (!handle_) return detail::closed_error("Client");
    if (auto e = request.unusable()) return std::move(*e);
    ls_result* out = nullptr;
    if (auto e = detail::invoke(ls_call, handle_.get(), static_cast<std::uint32_t>(operation), request.raw(),
                                cancel.raw(), &out)) {
      return std::move(*e);
    }
    if constexpr (std::is_void_v<R>) {
      ls_result_free(out);  // NULL for an operation without a result
      return {};
    } else {
      return R(out, true);
    }
  }

  detail::Handle<ls_client, ls_client_free> handle_;
};

// One product's license kept on this device (in `folder`; nullptr or std::nullopt: the vendor
// SDKs' per-user folder), used with a Client: activate once, then check_local offline or check
// online, which passes within the grace window when the server cannot be reached. One method per
// ls_store_* function (see StoreMethods in licensespring_generated_api.hpp). Move-only; calls
// may run on several threads at once.
class Store : public detail::StoreMethods<Store> {
 public:
  static Result<Store> create(const StringArg& folder, const StringArg& product) {
    if (folder.has_nul() || product.has_nul()) return detail::nul_error("a store's folder or product");
    ls_store* raw = nullptr;
    if (auto e = detail::invoke(ls_store_new, folder.c_str(), product.c_str(), &raw)) return std::move(*e);
    return Store(raw);
  }
#if LICENSESPRING_EXCEPTIONS
  Store(const StringArg& folder, const StringArg& product) : Store(create(folder, product).value()) {}
#endif

  void close() noexcept { handle_.reset(); }
  bool is_closed() const noexcept { return handle_ == nullptr; }
  const ls_store* raw() const noexcept { return handle_.get(); }

 private:
  friend class detail::StoreMethods<Store>;
  explicit Store(ls_store* raw) noexcept : handle_(raw) {}

  // Calls one ls_store_* function with the handle, then each argument as C takes it (handles,
  // C strings, numbers, outputs); a closed handle, a request's kept failure or a NUL is refused.
  template <class... Params, class... Args>
  std::optional<ErrorInfo> invoke(ls_status (*function)(Params...), const Args&... args) const {
    std::optional<ErrorInfo> e = handle_ ? std::nullopt : std::optional(detail::closed_error("Store"));
    ((e = e ? e : refused(args)), ...);
    return e ? e : detail::invoke(function, handle_.get(), pass(args)...);
  }
  static std::optional<ErrorInfo> refused(const Client& c) { return c.is_closed() ? std::optional(detail::closed_error("Client")) : std::nullopt; }
  static std::optional<ErrorInfo> refused(const Request& r) { return r.unusable(); }
  static std::optional<ErrorInfo> refused(const StringArg& s) { return s.has_nul() ? std::optional(detail::nul_error("a path or .lic")) : std::nullopt; }
  template <class T> static std::optional<ErrorInfo> refused(const T&) { return std::nullopt; }
  template <class T> static auto pass(const T& value) {
    if constexpr (std::is_same_v<T, StringArg>) return value.c_str(); else if constexpr (std::is_class_v<T>) return value.raw(); else return value;
  }

  detail::Handle<ls_store, ls_store_free> handle_;
};

}  // namespace LICENSESPRING_MODE_NAMESPACE
}  // namespace licensespring

#endif  // LICENSESPRING_HPP
