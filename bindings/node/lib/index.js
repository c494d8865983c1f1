'use strict';

// Idiomatic layer over lib/raw.js: owned handles with close(), errors as exceptions.
// Every call is synchronous: koffi runs it on the calling JS thread, so the thread-local last
// error of the library is read on the same OS thread right after the failing call.

const raw = require('./raw');

const { Status, Category, Field } = raw;

// ---------------------------------------------------------------------------------------------
// Errors

const CATEGORY_NAMES = Object.freeze({
  [Category.LS_CATEGORY_NONE]: 'none',
  [Category.LS_CATEGORY_INVALID_ARGUMENT]: 'invalid_argument',
  [Category.LS_CATEGORY_NETWORK]: 'network',
  [Category.LS_CATEGORY_AUTHORIZATION]: 'authorization',
  [Category.LS_CATEGORY_LICENSE]: 'license',
  [Category.LS_CATEGORY_VERIFICATION]: 'verification',
  [Category.LS_CATEGORY_SERVER]: 'server',
  [Category.LS_CATEGORY_INTERNAL]: 'internal',
});

/** A failed call of the native library. */
class LicenseSpringError extends Error {
  constructor(detail) {
    super(detail.message || detail.description || detail.statusName);
    this.name = new.target.name;
    /** The ls_status number. */
    this.status = detail.status;
    /** The status constant's name, e.g. "LS_ERR_LICENSE_EXPIRED". */
    this.statusName = detail.statusName;
    /** The static description of the status. */
    this.description = detail.description;
    /** The server's error code (e.g. "license_expired"), or "" when none was sent. */
    this.serverCode = detail.serverCode;
    /** HTTP status of the response behind the failure; 0 when no response arrived. */
    this.httpStatus = detail.httpStatus;
    /** Seconds the server asked to wait (Retry-After), or null when it did not say. */
    this.retryAfter = detail.retryAfter;
    /** The category name from ls_status_category, e.g. "license". */
    this.category = detail.category;
  }
}

class InvalidArgumentError extends LicenseSpringError {}
class NetworkError extends LicenseSpringError {}
class AuthorizationError extends LicenseSpringError {}
class LicenseError extends LicenseSpringError {}
class VerificationError extends LicenseSpringError {}
class ServerError extends LicenseSpringError {}
class InternalError extends LicenseSpringError {}

const ERROR_CLASSES = Object.freeze({
  [Category.LS_CATEGORY_INVALID_ARGUMENT]: InvalidArgumentError,
  [Category.LS_CATEGORY_NETWORK]: NetworkError,
  [Category.LS_CATEGORY_AUTHORIZATION]: AuthorizationError,
  [Category.LS_CATEGORY_LICENSE]: LicenseError,
  [Category.LS_CATEGORY_VERIFICATION]: VerificationError,
  [Category.LS_CATEGORY_SERVER]: ServerError,
  [Category.LS_CATEGORY_INTERNAL]: InternalError,
});

/** Thrown when a closed Client, Request or License is used. */
class ClosedError extends Error {
  constructor(what) {
    super(`${what} is closed`);
    this.name = 'ClosedError';
  }
}

// Reads the thread-local detail of the failure that just returned `status`. The five
// ls_last_error_* reads come first: any other ls_* call would reset them. koffi copies each
// borrowed string into a JS string during the call.
function lastError(status) {
  const message = raw.ls_last_error_message();
  const serverCode = raw.ls_last_error_code();
  const httpStatus = raw.ls_last_error_http_status();
  const retryAfter = Number(raw.ls_last_error_retry_after());
  const category = raw.ls_status_category(status);
  const Cls = ERROR_CLASSES[category] || InternalError;
  return new Cls({
    status,
    statusName: raw.ls_status_name(status),
    description: raw.ls_status_description(status),
    message,
    serverCode,
    httpStatus,
    retryAfter: retryAfter < 0 ? null : retryAfter,
    category: CATEGORY_NAMES[category] || 'internal',
  });
}

function check(status) {
  if (status !== Status.LS_OK) {
    throw lastError(status);
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions

// A JS string (or null/undefined, passed as NULL so the library reports it) to a C string.
function cString(value, what) {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, got ${typeof value}`);
  }
  if (value.includes('\0')) {
    throw new TypeError(`${what} must not contain NUL characters`);
  }
  return value;
}

function int64(value, what) {
  if (typeof value === 'bigint') {
    if (value < -(2n ** 63n) || value >= 2n ** 63n) {
      throw new RangeError(`${what} does not fit in 64 bits`);
    }
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${what} must be an integer (number or bigint)`);
  }
  return value;
}

function uint32(value, what) {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TypeError(`${what} must be an integer from 0 to 4294967295`);
  }
  return value;
}

function index(value, what) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer`);
  }
  return value;
}

// int64 out-values: koffi gives a number, or a bigint past 2^53.
function toNumber(value) {
  if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) {
    return Number(value);
  }
  return value;
}
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------------------------
// Owned handles

const finalizer = new FinalizationRegistry(({ free, ptr }) => free(ptr));

class NativeHandle {
  #ptr;
  #free;
  #what;

  constructor(ptr, free, what) {
    this.#ptr = ptr;
    this.#free = free;
    this.#what = what;
    finalizer.register(this, { free, ptr }, this);
  }

  /** The native pointer; throws ClosedError after close(). */
  get _ptr() {
    if (this.#ptr === null) {
      throw new ClosedError(this.#what);
    }
    return this.#ptr;
  }

  /** True once close() was called. */
  get closed() {
    return this.#ptr === null;
  }

  /** Releases the native object. Calling it again does nothing. */
  close() {
    if (this.#ptr !== null) {
      finalizer.unregister(this);
      const ptr = this.#ptr;
      this.#ptr = null;
      this.#free(ptr);
    }
  }

  [Symbol.dispose]() {
    this.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Request

/** Request fields by their JS name, with the ls_request_field each one sets. */
const REQUEST_FIELDS = Object.freeze({
  product: Field.LS_FIELD_PRODUCT,
  hardwareId: Field.LS_FIELD_HARDWARE_ID,
  licenseKey: Field.LS_FIELD_LICENSE_KEY,
  username: Field.LS_FIELD_USERNAME,
  password: Field.LS_FIELD_PASSWORD,
  idToken: Field.LS_FIELD_ID_TOKEN,
  code: Field.LS_FIELD_CODE,
  customerAccountCode: Field.LS_FIELD_CUSTOMER_ACCOUNT_CODE,
  vmInfo: Field.LS_FIELD_VM_INFO,
  osVer: Field.LS_FIELD_OS_VER,
  hostname: Field.LS_FIELD_HOSTNAME,
  osHostname: Field.LS_FIELD_OS_HOSTNAME,
  ip: Field.LS_FIELD_IP,
  ipLocal: Field.LS_FIELD_IP_LOCAL,
  appVer: Field.LS_FIELD_APP_VER,
  macAddress: Field.LS_FIELD_MAC_ADDRESS,
});

/**
 * A license request: product, device, one identity and optional device details.
 * May be reused for several calls.
 */
class Request extends NativeHandle {
  /**
   * @param {object} [fields] any of the REQUEST_FIELDS names, plus licenseId, isVm,
   *   consumptions and variables ({name: value}).
   */
  constructor(fields = {}) {
    const out = [null];
    check(raw.ls_request_new(out));
    super(out[0], raw.ls_request_free, 'Request');
    try {
      this.update(fields);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Sets several fields at once from an object; returns this. */
  update(fields) {
    if (fields === null || typeof fields !== 'object') {
      throw new TypeError('request fields must be an object');
    }
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) {
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(REQUEST_FIELDS, name)) {
        this.set(name, value);
      } else if (name === 'licenseId') {
        this.setLicenseId(value);
      } else if (name === 'isVm') {
        this.setIsVm(value);
      } else if (name === 'consumptions') {
        this.setConsumptions(value);
      } else if (name === 'variables') {
        for (const [k, v] of Object.entries(value)) {
          this.setVariable(k, v);
        }
      } else {
        throw new TypeError(`unknown request field ${JSON.stringify(name)}`);
      }
    }
    return this;
  }

  /** Sets a string field by its JS name (e.g. "licenseKey"); "" clears it. Returns this. */
  set(name, value) {
    const field = REQUEST_FIELDS[name];
    if (field === undefined || !Object.prototype.hasOwnProperty.call(REQUEST_FIELDS, name)) {
      throw new TypeError(`unknown request field ${JSON.stringify(name)}`);
    }
    check(raw.ls_request_set(this._ptr, field, cString(value, name)));
    return this;
  }

  /** Pins the call to the license with this ID. Returns this. */
  setLicenseId(id) {
    check(raw.ls_request_set_license_id(this._ptr, int64(id, 'licenseId')));
    return this;
  }

  /** Declares whether the device is a virtual machine. Returns this. */
  setIsVm(isVm) {
    if (typeof isVm !== 'boolean') {
      throw new TypeError('isVm must be a boolean');
    }
    check(raw.ls_request_set_is_vm(this._ptr, isVm));
    return this;
  }

  /** Sets the consumptions reported on deactivation. Returns this. */
  setConsumptions(consumptions) {
    check(raw.ls_request_set_consumptions(this._ptr, int64(consumptions, 'consumptions')));
    return this;
  }

  /** Sets the device variable `name` to `value`, sent on activation. Returns this. */
  setVariable(name, value) {
    check(raw.ls_request_set_variable(this._ptr, cString(name, 'variable name'), cString(value, 'variable value')));
    return this;
  }
}

// One setter method per string field: setProduct, setHardwareId, setLicenseKey, ...
for (const name of Object.keys(REQUEST_FIELDS)) {
  const method = `set${name[0].toUpperCase()}${name.slice(1)}`;
  Object.defineProperty(Request.prototype, method, {
    value: function (value) {
      return this.set(name, value);
    },
    writable: true,
    configurable: true,
  });
}

// ---------------------------------------------------------------------------------------------
// License

// Only Client creates licenses: a License around an arbitrary value would crash on first use.
const LICENSE_TOKEN = Symbol('License');

/** A license returned by Client.activate or Client.check. */
class License extends NativeHandle {
  constructor(token, ptr) {
    if (token !== LICENSE_TOKEN) {
      throw new TypeError('License objects are returned by Client.activate and Client.check');
    }
    super(ptr, raw.ls_license_free, 'License');
  }

  #get(fn, initial) {
    const out = [initial];
    check(fn(this._ptr, out));
    return out[0];
  }

  #getAt(fn, i, what) {
    const out = [null];
    check(fn(this._ptr, index(i, what), out));
    return out[0];
  }

  /** The response body exactly as received and verified (JSON text). */
  get json() {
    return this.#get(raw.ls_license_json, null);
  }

  get id() {
    return toNumber(this.#get(raw.ls_license_id, 0));
  }

  /** The license key, or null for user-based licenses. */
  get key() {
    return this.#get(raw.ls_license_key, null);
  }

  /** "perpetual", "time-limited", "subscription", "consumption", or null. */
  get type() {
    return this.#get(raw.ls_license_type, null);
  }

  get isActive() {
    return this.#get(raw.ls_license_is_active, false);
  }

  get isEnabled() {
    return this.#get(raw.ls_license_is_enabled, false);
  }

  get isExpired() {
    return this.#get(raw.ls_license_is_expired, false);
  }

  get isTrial() {
    return this.#get(raw.ls_license_is_trial, false);
  }

  /** The expiry as the server wrote it (ISO 8601), or null when the license does not expire. */
  get validityPeriod() {
    return this.#get(raw.ls_license_validity_period, null);
  }

  get timesActivated() {
    return toNumber(this.#get(raw.ls_license_times_activated, 0));
  }

  get maxActivations() {
    return toNumber(this.#get(raw.ls_license_max_activations, 0));
  }

  get featureCount() {
    return Number(this.#get(raw.ls_license_feature_count, 0));
  }

  featureCode(i) {
    return this.#getAt(raw.ls_license_feature_code, i, 'feature index');
  }

  featureName(i) {
    return this.#getAt(raw.ls_license_feature_name, i, 'feature index');
  }

  /** Every product feature as {code, name}. */
  get features() {
    const list = [];
    for (let i = 0; i < this.featureCount; i++) {
      list.push({ code: this.featureCode(i), name: this.featureName(i) });
    }
    return list;
  }

  get customFieldCount() {
    return Number(this.#get(raw.ls_license_custom_field_count, 0));
  }

  customFieldName(i) {
    return this.#getAt(raw.ls_license_custom_field_name, i, 'custom field index');
  }

  customFieldValue(i) {
    return this.#getAt(raw.ls_license_custom_field_value, i, 'custom field index');
  }

  /** Every custom field as {name, value}, in the server's order. */
  get customFields() {
    const list = [];
    for (let i = 0; i < this.customFieldCount; i++) {
      list.push({ name: this.customFieldName(i), value: this.customFieldValue(i) });
    }
    return list;
  }

  /** customer.email, or null. */
  get customerEmail() {
    return this.#get(raw.ls_license_customer_email, null);
  }

  /** user.email (user-based licenses), or null. */
  get userEmail() {
    return this.#get(raw.ls_license_user_email, null);
  }
}

// ---------------------------------------------------------------------------------------------
// Client

/**
 * A License API client. Built from configuration values; immutable afterwards. Its calls
 * block the calling thread until the server answers or the total timeout expires.
 */
class Client extends NativeHandle {
  /**
   * @param {object} options
   * @param {string} options.apiKey
   * @param {string} options.sharedKey
   * @param {string} [options.baseUrl] e.g. "http://127.0.0.1:8080"
   * @param {{connectMs: number, totalMs: number}} [options.timeouts]
   * @param {string|false} [options.proxy] a proxy URL, or false to ignore proxy variables
   * @param {string} [options.caFile] extra PEM certificates to trust
   * @param {string} [options.publicKeyPem] RSA public key that verifies responses
   * @param {boolean} [options.verifySignatures] false disables response verification
   * @param {string} [options.appVersion] app_ver sent when a request sets none
   */
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('Client options must be an object');
    }
    const cfgOut = [null];
    check(raw.ls_config_new(cString(options.apiKey, 'apiKey'), cString(options.sharedKey, 'sharedKey'), cfgOut));
    const cfg = cfgOut[0];
    let client;
    try {
      if (options.baseUrl !== undefined) {
        check(raw.ls_config_set_base_url(cfg, cString(options.baseUrl, 'baseUrl')));
      }
      if (options.timeouts !== undefined) {
        const t = options.timeouts;
        if (t === null || typeof t !== 'object') {
          throw new TypeError('timeouts must be {connectMs, totalMs}');
        }
        check(
          raw.ls_config_set_timeouts(
            cfg,
            uint32(t.connectMs, 'timeouts.connectMs'),
            uint32(t.totalMs, 'timeouts.totalMs'),
          ),
        );
      }
      if (options.proxy === false) {
        check(raw.ls_config_disable_proxy(cfg));
      } else if (options.proxy !== undefined) {
        check(raw.ls_config_set_proxy(cfg, cString(options.proxy, 'proxy')));
      }
      if (options.caFile !== undefined) {
        check(raw.ls_config_add_ca_file(cfg, cString(options.caFile, 'caFile')));
      }
      if (options.publicKeyPem !== undefined) {
        check(raw.ls_config_set_public_key_pem(cfg, cString(options.publicKeyPem, 'publicKeyPem')));
      }
      if (options.verifySignatures === false) {
        check(raw.ls_config_disable_signature_verification(cfg));
      }
      if (options.appVersion !== undefined) {
        check(raw.ls_config_set_app_version(cfg, cString(options.appVersion, 'appVersion')));
      }
      const out = [null];
      check(raw.ls_client_new(cfg, out));
      client = out[0];
    } finally {
      raw.ls_config_free(cfg);
    }
    super(client, raw.ls_client_free, 'Client');
  }

  /** Activates a license on the request's device. Returns a License to close. */
  activate(request) {
    return this.#withRequest(request, (req) => {
      const out = [null];
      check(raw.ls_activate(this._ptr, req, out));
      return new License(LICENSE_TOKEN, out[0]);
    });
  }

  /** Reads the license's current state for the request's device. Returns a License to close. */
  check(request) {
    return this.#withRequest(request, (req) => {
      const out = [null];
      check(raw.ls_check(this._ptr, req, out));
      return new License(LICENSE_TOKEN, out[0]);
    });
  }

  /** Deactivates the license on the request's device. */
  deactivate(request) {
    this.#withRequest(request, (req) => {
      check(raw.ls_deactivate(this._ptr, req));
    });
  }

  // Accepts a Request, or a plain object of request fields used for this call only.
  #withRequest(request, fn) {
    this._ptr; // a closed client fails before anything else
    if (request instanceof Request) {
      return fn(request._ptr);
    }
    if (request === null || request === undefined) {
      return fn(null);
    }
    const temporary = new Request(request);
    try {
      return fn(temporary._ptr);
    } finally {
      temporary.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Functions

/** This machine's default hardware ID, computed the way the vendor's SDKs do. */
function hardwareId() {
  const out = [null];
  check(raw.ls_hardware_id(out));
  return out[0];
}

/** The native library's version, e.g. "0.1.0". */
function version() {
  return raw.ls_version();
}

/** The native library's ABI version. */
function abiVersion() {
  return raw.ls_abi_version();
}

function statusName(status) {
  return raw.ls_status_name(status);
}

function statusDescription(status) {
  return raw.ls_status_description(status);
}

/** The category name of a status ("license", "network", ...), from the library. */
function statusCategory(status) {
  return CATEGORY_NAMES[raw.ls_status_category(status)] || 'internal';
}

module.exports = {
  Client,
  Request,
  License,
  LicenseSpringError,
  InvalidArgumentError,
  NetworkError,
  AuthorizationError,
  LicenseError,
  VerificationError,
  ServerError,
  InternalError,
  ClosedError,
  hardwareId,
  version,
  abiVersion,
  statusName,
  statusDescription,
  statusCategory,
  Status,
  REQUEST_FIELDS,
  EXPECTED_ABI_VERSION: raw.EXPECTED_ABI_VERSION,
  libraryPath: raw.libraryPath,
};
