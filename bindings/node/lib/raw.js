'use strict';

// Raw layer: the C ABI of include/licensespring.h declared one to one with koffi.
// Nothing here converts errors or owns handles; lib/index.js does that.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');

/** The LS_ABI_VERSION of the header this layer mirrors. */
const EXPECTED_ABI_VERSION = 1;

/** LS_MAX_RESPONSE_BYTES of the header. */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** enum ls_status */
const Status = Object.freeze({
  LS_OK: 0,
  LS_ERR_NULL_ARGUMENT: 1,
  LS_ERR_INVALID_UTF8: 2,
  LS_ERR_INVALID_ARGUMENT: 3,
  LS_ERR_INDEX_OUT_OF_RANGE: 4,
  LS_ERR_HARDWARE_ID_UNAVAILABLE: 5,
  LS_ERR_CONNECT: 100,
  LS_ERR_TIMEOUT: 101,
  LS_ERR_TLS: 102,
  LS_ERR_PROXY: 103,
  LS_ERR_NETWORK: 104,
  LS_ERR_UNEXPECTED_RESPONSE: 200,
  LS_ERR_NON_JSON_RESPONSE: 201,
  LS_ERR_RESPONSE_TOO_LARGE: 202,
  LS_ERR_SIGNATURE_MISSING: 203,
  LS_ERR_SIGNATURE_INVALID: 204,
  LS_ERR_REDIRECT: 205,
  LS_ERR_SERVER: 300,
  LS_ERR_RATE_LIMITED: 301,
  LS_ERR_SERVER_OTHER: 302,
  LS_ERR_MISSING_HEADERS: 400,
  LS_ERR_DATE_HEADER_DIFF: 401,
  LS_ERR_HMAC_REQUIRED: 402,
  LS_ERR_SIGNATURE_MISMATCH: 403,
  LS_ERR_INVALID_API_KEY: 404,
  LS_ERR_AUTHORIZATION_INVALID_HEADERS: 405,
  LS_ERR_AUTHORIZATION_MISSING_PARAMS: 406,
  LS_ERR_API_KEY_PRODUCT_NOT_ALLOWED: 407,
  LS_ERR_OAUTH_TOKEN_EXPIRED: 408,
  LS_ERR_OAUTH_TOKEN_MALFORMED: 409,
  LS_ERR_UNKNOWN_PRODUCT: 500,
  LS_ERR_LICENSE_NOT_FOUND: 501,
  LS_ERR_LICENSE_NOT_ENABLED: 502,
  LS_ERR_LICENSE_NOT_ACTIVE: 503,
  LS_ERR_VM_NOT_ALLOWED: 504,
  LS_ERR_OFFLINE_FLOATING_CLOUD_NOT_SUPPORTED: 505,
  LS_ERR_LICENSE_START_DATE: 506,
  LS_ERR_BLACKLISTED: 507,
  LS_ERR_LICENSE_ACTIVATED_MAX_TIMES: 508,
  LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES: 509,
  LS_ERR_LICENSE_EXPIRED: 510,
  LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES: 511,
  LS_ERR_LICENSE_DEVICE_EXISTS: 512,
  LS_ERR_DEVICE_NOT_FOUND: 513,
  LS_ERR_ARCHIVED_PRODUCT: 514,
  LS_ERR_DISABLED_PRODUCT: 515,
  LS_ERR_TRIAL_EXPIRED: 516,
  LS_ERR_FLOATING_NOT_AVAILABLE: 517,
  LS_ERR_UNSUPPORTED_PRODUCT_FEATURE: 518,
  LS_ERR_CUSTOMER_NOT_FOUND: 519,
  LS_ERR_MISSING_PARAMETERS: 600,
  LS_ERR_VALIDATION_ERROR: 601,
  LS_ERR_INVALID_JSON: 602,
  LS_ERR_MISSING_HARDWARE_ID: 603,
  LS_ERR_LICENSE_KEY_REQUIRED: 604,
  LS_ERR_NOT_FOUND: 605,
  LS_ERR_REQUEST_TOO_LARGE: 606,
  LS_ERR_INTERNAL: 900,
});

/** enum ls_category */
const Category = Object.freeze({
  LS_CATEGORY_NONE: 0,
  LS_CATEGORY_INVALID_ARGUMENT: 1,
  LS_CATEGORY_NETWORK: 2,
  LS_CATEGORY_AUTHORIZATION: 3,
  LS_CATEGORY_LICENSE: 4,
  LS_CATEGORY_VERIFICATION: 5,
  LS_CATEGORY_SERVER: 6,
  LS_CATEGORY_INTERNAL: 7,
});

/** enum ls_request_field */
const Field = Object.freeze({
  LS_FIELD_PRODUCT: 0,
  LS_FIELD_HARDWARE_ID: 1,
  LS_FIELD_LICENSE_KEY: 2,
  LS_FIELD_USERNAME: 3,
  LS_FIELD_PASSWORD: 4,
  LS_FIELD_ID_TOKEN: 5,
  LS_FIELD_CODE: 6,
  LS_FIELD_CUSTOMER_ACCOUNT_CODE: 7,
  LS_FIELD_VM_INFO: 8,
  LS_FIELD_OS_VER: 9,
  LS_FIELD_HOSTNAME: 10,
  LS_FIELD_OS_HOSTNAME: 11,
  LS_FIELD_IP: 12,
  LS_FIELD_IP_LOCAL: 13,
  LS_FIELD_APP_VER: 14,
  LS_FIELD_MAC_ADDRESS: 15,
});

// Types of the header. Enums are passed as their fixed-width integers.
koffi.alias('ls_status', 'int32_t');
koffi.alias('ls_category', 'int32_t');
koffi.alias('ls_request_field', 'uint32_t');
koffi.opaque('ls_client');
koffi.opaque('ls_config');
koffi.opaque('ls_license');
koffi.opaque('ls_request');

// The prototypes, in header order, with koffi's `_Out_` marking out-parameters. Strings that
// the library lends (`const char **out`, `const char *` results) are copied into JS strings by
// koffi during the call. The one owned string (`ls_hardware_id`) is declared with a disposable
// type that copies it and then hands the original pointer to `ls_string_free`.
const PROTOTYPES = [
  'ls_status ls_client_new(const ls_config *config, _Out_ ls_client **out)',
  'void ls_client_free(ls_client *client)',
  'ls_status ls_activate(const ls_client *client, const ls_request *request, _Out_ ls_license **out)',
  'ls_status ls_check(const ls_client *client, const ls_request *request, _Out_ ls_license **out)',
  'ls_status ls_deactivate(const ls_client *client, const ls_request *request)',
  'ls_status ls_config_new(const char *api_key, const char *shared_key, _Out_ ls_config **out)',
  'void ls_config_free(ls_config *config)',
  'ls_status ls_config_set_base_url(ls_config *config, const char *url)',
  'ls_status ls_config_set_timeouts(ls_config *config, uint32_t connect_ms, uint32_t total_ms)',
  'ls_status ls_config_set_proxy(ls_config *config, const char *url)',
  'ls_status ls_config_disable_proxy(ls_config *config)',
  'ls_status ls_config_add_ca_file(ls_config *config, const char *path)',
  'ls_status ls_config_set_public_key_pem(ls_config *config, const char *pem)',
  'ls_status ls_config_disable_signature_verification(ls_config *config)',
  'ls_status ls_config_set_app_version(ls_config *config, const char *version)',
  'ls_status ls_last_error_status(void)',
  'const char *ls_last_error_message(void)',
  'const char *ls_last_error_code(void)',
  'int32_t ls_last_error_http_status(void)',
  'int64_t ls_last_error_retry_after(void)',
  'void ls_license_free(ls_license *license)',
  'ls_status ls_license_json(const ls_license *license, _Out_ const char **out)',
  'ls_status ls_license_id(const ls_license *license, _Out_ int64_t *out)',
  'ls_status ls_license_key(const ls_license *license, _Out_ const char **out)',
  'ls_status ls_license_type(const ls_license *license, _Out_ const char **out)',
  'ls_status ls_license_is_active(const ls_license *license, _Out_ bool *out)',
  'ls_status ls_license_is_enabled(const ls_license *license, _Out_ bool *out)',
  'ls_status ls_license_is_expired(const ls_license *license, _Out_ bool *out)',
  'ls_status ls_license_is_trial(const ls_license *license, _Out_ bool *out)',
  'ls_status ls_license_validity_period(const ls_license *license, _Out_ const char **out)',
  'ls_status ls_license_times_activated(const ls_license *license, _Out_ int64_t *out)',
  'ls_status ls_license_max_activations(const ls_license *license, _Out_ int64_t *out)',
  'ls_status ls_license_feature_count(const ls_license *license, _Out_ size_t *out)',
  'ls_status ls_license_feature_code(const ls_license *license, size_t index, _Out_ const char **out)',
  'ls_status ls_license_feature_name(const ls_license *license, size_t index, _Out_ const char **out)',
  'ls_status ls_license_custom_field_count(const ls_license *license, _Out_ size_t *out)',
  'ls_status ls_license_custom_field_name(const ls_license *license, size_t index, _Out_ const char **out)',
  'ls_status ls_license_custom_field_value(const ls_license *license, size_t index, _Out_ const char **out)',
  'ls_status ls_license_customer_email(const ls_license *license, _Out_ const char **out)',
  'ls_status ls_license_user_email(const ls_license *license, _Out_ const char **out)',
  'const char *ls_version(void)',
  'uint32_t ls_abi_version(void)',
  'const char *ls_status_name(int32_t status)',
  'const char *ls_status_description(int32_t status)',
  'ls_category ls_status_category(int32_t status)',
  // `char **out` in the header: an owned string, released by ls_string_free (see below).
  'ls_status ls_hardware_id(_Out_ ls_owned_string *out)',
  // `char *string` in the header; declared as an untyped pointer so koffi passes the original
  // pointer through instead of converting a JS string.
  'void ls_string_free(void *string)',
  'ls_status ls_request_new(_Out_ ls_request **out)',
  'void ls_request_free(ls_request *request)',
  'ls_status ls_request_set(ls_request *request, uint32_t field, const char *value)',
  'ls_status ls_request_set_license_id(ls_request *request, int64_t license_id)',
  'ls_status ls_request_set_is_vm(ls_request *request, bool is_vm)',
  'ls_status ls_request_set_consumptions(ls_request *request, int64_t consumptions)',
  'ls_status ls_request_set_variable(ls_request *request, const char *name, const char *value)',
  'const char *ls_request_field_name(uint32_t field)',
];

function libraryFileName() {
  switch (process.platform) {
    case 'win32':
      return 'licensespring.dll';
    case 'darwin':
      return 'liblicensespring.dylib';
    default:
      return 'liblicensespring.so';
  }
}

/** Where the library is looked for, in order. */
function candidates() {
  const file = libraryFileName();
  const list = [{ where: 'beside the package', path: path.join(__dirname, '..', 'native', file), mustExist: true }];
  const fromEnv = process.env.LICENSESPRING_LIB;
  list.push(
    fromEnv
      ? { where: 'LICENSESPRING_LIB', path: fromEnv, mustExist: false }
      : { where: 'LICENSESPRING_LIB', path: null, mustExist: false },
  );
  list.push({ where: 'the system search path', path: file, mustExist: false });
  return list;
}

function loadLibrary() {
  const tried = [];
  for (const c of candidates()) {
    if (c.path === null) {
      tried.push(`${c.where}: not set`);
      continue;
    }
    if (c.mustExist && !fs.existsSync(c.path)) {
      tried.push(`${c.where}: ${c.path} (no such file)`);
      continue;
    }
    try {
      return { lib: koffi.load(c.path), path: c.path };
    } catch (e) {
      tried.push(`${c.where}: ${c.path} (${e.message})`);
    }
  }
  throw new Error(`licensespring native library not found; looked in:\n  ${tried.join('\n  ')}`);
}

const loaded = loadLibrary();
const lib = loaded.lib;

const functions = {};
let stringFree = null;
// The disposable type needs ls_string_free, so declare it first.
stringFree = lib.func('void ls_string_free(void *string)');
koffi.disposable('ls_owned_string', 'char *', (ptr) => stringFree(ptr));

for (const proto of PROTOTYPES) {
  const fn = proto.includes(' ls_string_free(') ? stringFree : lib.func(proto);
  functions[fn.info.name] = fn;
}

const abi = functions.ls_abi_version();
if (abi !== EXPECTED_ABI_VERSION) {
  throw new Error(
    `licensespring native library at ${loaded.path} has ABI version ${abi}, ` +
      `but this package expects ABI version ${EXPECTED_ABI_VERSION}`,
  );
}

module.exports = {
  ...functions,
  functions: Object.freeze(functions),
  PROTOTYPES,
  Status,
  Category,
  Field,
  EXPECTED_ABI_VERSION,
  MAX_RESPONSE_BYTES,
  libraryPath: loaded.path,
  libraryFileName,
  candidates,
  koffi,
};
