package io.licensespring.nativeclient;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * Raw layer: the functions and constants of {@code include/licensespring.h}, one to one.
 *
 * <p>Type mapping: {@code ls_status}, {@code ls_category}, {@code int32_t} and {@code uint32_t}
 * are {@code int}; {@code int64_t} is {@code long}; {@code bool} is {@code byte} (0 or 1);
 * {@code size_t} is {@link SizeT}; handles are {@link Pointer}; input strings are {@link String}
 * (UTF-8); out-parameters are {@code *ByReference}. Strings returned directly are copied by JNA.
 * A test compares this interface with the header.
 *
 * <p>Use {@link LicenseSpring#raw()} to get the loaded instance; prefer the idiomatic classes.
 */
public interface LicenseSpringLibrary extends Library {

  /** {@code LS_ABI_VERSION}: the ABI version this interface was written for. */
  int LS_ABI_VERSION = 1;

  /** {@code LS_MAX_RESPONSE_BYTES}: the largest response body the client reads. */
  int LS_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

  // ls_status
  int LS_OK = 0;
  int LS_ERR_NULL_ARGUMENT = 1;
  int LS_ERR_INVALID_UTF8 = 2;
  int LS_ERR_INVALID_ARGUMENT = 3;
  int LS_ERR_INDEX_OUT_OF_RANGE = 4;
  int LS_ERR_HARDWARE_ID_UNAVAILABLE = 5;
  int LS_ERR_CONNECT = 100;
  int LS_ERR_TIMEOUT = 101;
  int LS_ERR_TLS = 102;
  int LS_ERR_PROXY = 103;
  int LS_ERR_NETWORK = 104;
  int LS_ERR_UNEXPECTED_RESPONSE = 200;
  int LS_ERR_NON_JSON_RESPONSE = 201;
  int LS_ERR_RESPONSE_TOO_LARGE = 202;
  int LS_ERR_SIGNATURE_MISSING = 203;
  int LS_ERR_SIGNATURE_INVALID = 204;
  int LS_ERR_REDIRECT = 205;
  int LS_ERR_SERVER = 300;
  int LS_ERR_RATE_LIMITED = 301;
  int LS_ERR_SERVER_OTHER = 302;
  int LS_ERR_MISSING_HEADERS = 400;
  int LS_ERR_DATE_HEADER_DIFF = 401;
  int LS_ERR_HMAC_REQUIRED = 402;
  int LS_ERR_SIGNATURE_MISMATCH = 403;
  int LS_ERR_INVALID_API_KEY = 404;
  int LS_ERR_AUTHORIZATION_INVALID_HEADERS = 405;
  int LS_ERR_AUTHORIZATION_MISSING_PARAMS = 406;
  int LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED = 407;
  int LS_ERR_OAUTH_TOKEN_EXPIRED = 408;
  int LS_ERR_OAUTH_TOKEN_MALFORMED = 409;
  int LS_ERR_UNKNOWN_PRODUCT = 500;
  int LS_ERR_LICENSE_NOT_FOUND = 501;
  int LS_ERR_LICENSE_NOT_ENABLED = 502;
  int LS_ERR_LICENSE_NOT_ACTIVE = 503;
  int LS_ERR_VM_NOT_ALLOWED = 504;
  int LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED = 505;
  int LS_ERR_LICENSE_START_DATE = 506;
  int LS_ERR_BLACKLISTED = 507;
  int LS_ERR_LICENSE_ACTIVATED_MAX_TIMES = 508;
  int LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES = 509;
  int LS_ERR_LICENSE_EXPIRED = 510;
  int LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES = 511;
  int LS_ERR_LICENSE_DEVICE_EXISTS = 512;
  int LS_ERR_DEVICE_NOT_FOUND = 513;
  int LS_ERR_ARCHIVED_PRODUCT = 514;
  int LS_ERR_DISABLED_PRODUCT = 515;
  int LS_ERR_TRIAL_EXPIRED = 516;
  int LS_ERR_FLOATING_NOT_AVAILABLE = 517;
  int LS_ERR_UNSUPPORTED_PRODUCT_FEATURE = 518;
  int LS_ERR_CUSTOMER_NOT_FOUND = 519;
  int LS_ERR_MISSING_PARAMETERS = 600;
  int LS_ERR_VALIDATION_ERROR = 601;
  int LS_ERR_INVALID_JSON = 602;
  int LS_ERR_MISSING_HARDWARE_ID = 603;
  int LS_ERR_LICENSE_KEY_REQUIRED = 604;
  int LS_ERR_NOT_FOUND = 605;
  int LS_ERR_REQUEST_TOO_LARGE = 606;
  int LS_ERR_INTERNAL = 900;

  // ls_category
  int LS_CATEGORY_NONE = 0;
  int LS_CATEGORY_INVALID_ARGUMENT = 1;
  int LS_CATEGORY_NETWORK = 2;
  int LS_CATEGORY_AUTHORIZATION = 3;
  int LS_CATEGORY_LICENSE = 4;
  int LS_CATEGORY_VERIFICATION = 5;
  int LS_CATEGORY_SERVER = 6;
  int LS_CATEGORY_INTERNAL = 7;

  // ls_request_field
  int LS_FIELD_PRODUCT = 0;
  int LS_FIELD_HARDWARE_ID = 1;
  int LS_FIELD_LICENSE_KEY = 2;
  int LS_FIELD_USERNAME = 3;
  int LS_FIELD_PASSWORD = 4;
  int LS_FIELD_ID_TOKEN = 5;
  int LS_FIELD_CODE = 6;
  int LS_FIELD_CUSTOMER_ACCOUNT_CODE = 7;
  int LS_FIELD_VM_INFO = 8;
  int LS_FIELD_OS_VER = 9;
  int LS_FIELD_HOSTNAME = 10;
  int LS_FIELD_OS_HOSTNAME = 11;
  int LS_FIELD_IP = 12;
  int LS_FIELD_IP_LOCAL = 13;
  int LS_FIELD_APP_VER = 14;
  int LS_FIELD_MAC_ADDRESS = 15;

  // Client
  int ls_client_new(Pointer config, PointerByReference out);

  void ls_client_free(Pointer client);

  int ls_activate(Pointer client, Pointer request, PointerByReference out);

  int ls_check(Pointer client, Pointer request, PointerByReference out);

  int ls_deactivate(Pointer client, Pointer request);

  // Config
  int ls_config_new(String apiKey, String sharedKey, PointerByReference out);

  void ls_config_free(Pointer config);

  int ls_config_set_base_url(Pointer config, String url);

  int ls_config_set_timeouts(Pointer config, int connectMs, int totalMs);

  int ls_config_set_proxy(Pointer config, String url);

  int ls_config_disable_proxy(Pointer config);

  int ls_config_add_ca_file(Pointer config, String path);

  int ls_config_set_public_key_pem(Pointer config, String pem);

  int ls_config_disable_signature_verification(Pointer config);

  int ls_config_set_app_version(Pointer config, String version);

  // Last error (thread-local in the library; read on the failing call's thread)
  int ls_last_error_status();

  String ls_last_error_message();

  String ls_last_error_code();

  int ls_last_error_http_status();

  long ls_last_error_retry_after();

  // License
  void ls_license_free(Pointer license);

  int ls_license_json(Pointer license, PointerByReference out);

  int ls_license_id(Pointer license, LongByReference out);

  int ls_license_key(Pointer license, PointerByReference out);

  int ls_license_type(Pointer license, PointerByReference out);

  int ls_license_is_active(Pointer license, ByteByReference out);

  int ls_license_is_enabled(Pointer license, ByteByReference out);

  int ls_license_is_expired(Pointer license, ByteByReference out);

  int ls_license_is_trial(Pointer license, ByteByReference out);

  int ls_license_validity_period(Pointer license, PointerByReference out);

  int ls_license_times_activated(Pointer license, LongByReference out);

  int ls_license_max_activations(Pointer license, LongByReference out);

  int ls_license_feature_count(Pointer license, SizeT.ByReference out);

  int ls_license_feature_code(Pointer license, SizeT index, PointerByReference out);

  int ls_license_feature_name(Pointer license, SizeT index, PointerByReference out);

  int ls_license_custom_field_count(Pointer license, SizeT.ByReference out);

  int ls_license_custom_field_name(Pointer license, SizeT index, PointerByReference out);

  int ls_license_custom_field_value(Pointer license, SizeT index, PointerByReference out);

  int ls_license_customer_email(Pointer license, PointerByReference out);

  int ls_license_user_email(Pointer license, PointerByReference out);

  // Misc
  String ls_version();

  int ls_abi_version();

  String ls_status_name(int status);

  String ls_status_description(int status);

  int ls_status_category(int status);

  int ls_hardware_id(PointerByReference out);

  void ls_string_free(Pointer string);

  // Request
  int ls_request_new(PointerByReference out);

  void ls_request_free(Pointer request);

  int ls_request_set(Pointer request, int field, String value);

  int ls_request_set_license_id(Pointer request, long licenseId);

  int ls_request_set_is_vm(Pointer request, byte isVm);

  int ls_request_set_consumptions(Pointer request, long consumptions);

  int ls_request_set_variable(Pointer request, String name, String value);

  String ls_request_field_name(int field);
}
