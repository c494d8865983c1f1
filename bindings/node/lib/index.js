'use strict';

// Idiomatic layer over lib/raw.js: owned handles with close(), errors as exceptions, operations
// as Promises. It holds no table of its own: request setters, result classes, client methods and
// error classes are expanded below from the rows of lib/generated.js.

const raw = require('./raw');

const { Status, Category, Kind, ValueType, HardwareIdAlgorithm } = raw;

// ---------------------------------------------------------------------------------------------
// Errors

const CATEGORY_KEYS = new Map(raw.CATEGORIES.map((c) => [c.value, c.key]));

/**
 * A failed call of the native library (its fields are documented in index.d.ts). The status's
 * name, description and category are the library's, so a status newer than this package's
 * tables is described too.
 */
class LicenseSpringError extends Error {
  constructor(status, detail, options) {
    const category = raw.ls_status_category(status);
    super(detail.message || raw.ls_status_description(status), options);
    this.name = new.target.name;
    this.status = status;
    this.statusName = raw.ls_status_name(status);
    this.description = raw.ls_status_description(status);
    this.serverCode = detail.server_code;
    this.httpStatus = detail.http_status;
    this.retryAfter = detail.retry_after_secs < 0 ? null : detail.retry_after_secs;
    this.category = CATEGORY_KEYS.get(category) ?? 'internal';
    if (category === Category.LS_CATEGORY_CANCELLED) {
      // Node's own idiom for a call ended by an AbortSignal.
      this.name = 'AbortError';
      this.code = 'ABORT_ERR';
    }
  }
}

/** One subclass of LicenseSpringError per category, e.g. NetworkError, by category number. */
const ERROR_CLASSES = new Map();
for (const c of raw.CATEGORIES.filter((c) => c.errorClass)) {
  ERROR_CLASSES.set(c.value, { [c.errorClass]: class extends LicenseSpringError {} }[c.errorClass]);
}

/** Thrown when a closed Client, Store, Request or result is used. */
class ClosedError extends Error {
  name = 'ClosedError';
}

// Turns a failed status and the ls_error the call handed back into the error to throw. The
// detail is read from the struct itself, then the struct is freed. A cancelled call's cause is
// the reason its signal gave.
function takeError(status, errorPtr, signal) {
  const detail = errorPtr ? raw.readError(errorPtr) : { message: '', server_code: '' };
  raw.ls_error_free(errorPtr);
  const category = raw.ls_status_category(status);
  const cause = category === Category.LS_CATEGORY_CANCELLED && signal ? { cause: signal.reason } : undefined;
  return new (ERROR_CLASSES.get(category) ?? LicenseSpringError)(status, detail, cause);
}

// The output slots of synchronous calls, reused: the addon fills them before the call returns,
// and no other JS runs in between. A handle is taken out of OUT at once: left there, it would keep
// a handle its owner dropped from being collected and freed.
const OUT = [null];
const ERROR = [null];

// Calls a fallible raw function with `args` and an error slot; throws on failure.
function check(fn, ...args) {
  const status = fn(...args, ERROR);
  if (status !== Status.LS_OK) {
    throw takeError(status, ERROR[0]);
  }
}

// The same for a function that hands back a value through its `out` parameter; returns it.
function obtain(fn, ...args) {
  check(fn, ...args, OUT);
  const value = OUT[0];
  OUT[0] = null;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Checks of values, with messages in the caller's terms (the addon refuses the same values, in its
// own terms). Everything else is the library's to judge.

function cString(value, what) {
  if (value != null && (typeof value !== 'string' || value.includes('\0'))) {
    throw new TypeError(`${what} must be a string without NUL characters, got ${typeof value}`);
  }
  return value ?? null;
}

function int64(value, what) {
  if (typeof value === 'bigint' ? BigInt.asIntN(64, value) !== value : !Number.isSafeInteger(value)) {
    throw new (typeof value === 'bigint' ? RangeError : TypeError)(`${what} must be a 64-bit integer`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Owned handles

// A native object held by a JS object: close() frees it, once no call uses it. One never closed is
// freed when its handle (the addon's External, which only this object holds) is garbage collected:
// the addon owns that, so nothing is registered here per object.
class NativeHandle {
  #ptr;
  #free;
  #what;
  #closed = false;
  #users = 0;

  constructor(ptr, free, what) {
    this.#ptr = ptr;
    this.#free = free;
    this.#what = what;
  }

  /** The native pointer; throws ClosedError after close(). */
  get _ptr() {
    if (this.#closed) throw new ClosedError(`${this.#what} is closed`);
    return this.#ptr;
  }

  /** True once close() was called. */
  get closed() {
    return this.#closed;
  }

  get _inUse() {
    return this.#users > 0;
  }

  // A call in progress holds the handle: close() then frees it only once the call has ended.
  _acquire() {
    const ptr = this._ptr;
    this.#users++;
    return ptr;
  }

  _release() {
    if (--this.#users === 0 && this.#closed) this.#free?.(this.#ptr);
  }

  /** Releases the native object (after the calls in progress end). Calling it again does nothing. */
  close() {
    if (!this.#closed) {
      this.#closed = true;
      if (this.#users === 0) this.#free?.(this.#ptr);
    }
  }

  [Symbol.dispose]() {
    this.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Request

const PARAMS = new Map(raw.PARAMS.map((p) => [p.key, p]));
// The setter of each parameter type, and the check of the JS value it takes (the addon checks booleans).
const SETTERS = {
  string: [raw.ls_request_set_string, cString],
  int: [raw.ls_request_set_int, int64],
  bool: [raw.ls_request_set_bool, (value) => value],
};

function param(name) {
  const p = PARAMS.get(name);
  if (p === undefined) {
    throw new TypeError(`unknown request parameter ${JSON.stringify(name)}`);
  }
  return p;
}

/** A request: parameters and device variables. May serve several calls, even at once. */
class Request extends NativeHandle {
  /** @param {object} [fields] parameters by their JS names, and `variables` ({name: value}). */
  constructor(fields = {}) {
    super(obtain(raw.ls_request_new), raw.ls_request_free, 'Request');
    try {
      this.update(fields);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  // A request must not change while a call reads it.
  get #mutable() {
    if (this._inUse) {
      throw new Error('Request is in use by a call in progress');
    }
    return this._ptr;
  }

  /** Sets several parameters at once from an object; returns this. */
  update(fields) {
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'variables') {
        for (const [k, v] of Object.entries(value)) {
          this.setVariable(k, v);
        }
      } else if (value !== undefined) {
        this.set(name, value);
      }
    }
    return this;
  }

  /** Sets a parameter by its JS name (e.g. "licenseKey"); "" clears a string. Returns this. */
  set(name, value) {
    const p = param(name);
    const [setter, convert] = SETTERS[p.type];
    check(setter, this.#mutable, p.value, convert(value, name));
    return this;
  }

  /** Removes a parameter, by its JS name. Returns this. */
  clear(name) {
    check(raw.ls_request_clear, this.#mutable, param(name).value);
    return this;
  }

  /** Sets the device variable `name` to `value`. Returns this. */
  setVariable(name, value) {
    check(raw.ls_request_set_variable, this.#mutable, cString(name, 'variable name'), cString(value, 'variable value'));
    return this;
  }
}

// One setter per parameter: setProduct, setHardwareId, setLicenseId, ...
for (const p of raw.PARAMS) {
  Request.prototype[p.setter] = function (value) {
    return this.set(p.key, value);
  };
}

// ---------------------------------------------------------------------------------------------
// Results

// Only this module creates results: one around an arbitrary value would crash on first use.
const RESULT_TOKEN = Symbol('Result');
const VALUE = {}; // ls_result_get's output, reused like OUT

/**
 * A result of an operation, or an item of one of its lists (borrowed: usable while the result it
 * came from is open). Fields are getters that read the native result.
 */
class Result extends NativeHandle {
  #owner; // the top-level result an item is borrowed from; null on a top-level result

  constructor(token, ptr, owner) {
    if (token !== RESULT_TOKEN) {
      throw new TypeError('results are returned by Client operations');
    }
    // An item is never freed: closing it only makes it unusable.
    super(ptr, owner ? null : raw.ls_result_free, new.target.name);
    this.#owner = owner;
  }

  get _ptr() {
    this.#owner?._ptr; // an item is unusable once the result it came from is closed
    return super._ptr;
  }

  get closed() {
    return super.closed || (this.#owner?.closed ?? false);
  }

  /** The response body exactly as received and verified (an item: its JSON). */
  get json() {
    return obtain(raw.ls_result_json, this._ptr);
  }

  /** Every field at once, as a plain object (nested results and lists of them as plain objects). */
  toObject() {
    const snapshot = (v) => (v instanceof Result ? v.toObject() : Array.isArray(v) ? v.map(snapshot) : v);
    const entry = (f) => [f.key, snapshot(this[f.key])];
    return Object.fromEntries(FIELDS_OF.get(this.constructor).map(entry));
  }

  toJSON() {
    return this.toObject();
  }

  _get(field) {
    // check() by hand: this runs for every field read, and check()'s rest arguments cost here.
    const status = raw.ls_result_get(this._ptr, field.value, VALUE, ERROR);
    if (status !== Status.LS_OK) throw takeError(status, ERROR[0]);
    switch (VALUE.value_type) {
      case ValueType.LS_VALUE_NULL:
        return null;
      case ValueType.LS_VALUE_BOOL:
        return VALUE.integer !== 0;
      case ValueType.LS_VALUE_INT:
        return VALUE.integer; // a number, or a bigint past 2^53
      case ValueType.LS_VALUE_STRING:
        return VALUE.string;
      case ValueType.LS_VALUE_LIST:
        return Array.from({ length: VALUE.integer }, (_, i) => this.#item(field, i));
      case ValueType.LS_VALUE_OBJECT:
        return this.#item(field, 0);
      default:
        throw new Error(`${field.name}: value type ${VALUE.value_type} is unknown to this package`);
    }
  }

  // Item `index` of a list field, or the nested result of an object field (index 0), borrowed.
  #item(field, index) {
    const Cls = RESULT_CLASSES.get(Kind[field.itemKind]);
    return new Cls(RESULT_TOKEN, obtain(raw.ls_result_item, this._ptr, field.value, index), this.#owner ?? this);
  }
}

/** One Result subclass per kind (License, Feature, ...), with one getter per field. */
const RESULT_CLASSES = new Map();
const FIELDS_OF = new Map();
for (const kind of raw.KINDS) {
  const Cls = { [kind.className]: class extends Result {} }[kind.className];
  const fields = raw.FIELDS.filter((f) => f.kind === kind.name);
  for (const field of fields) {
    Object.defineProperty(Cls.prototype, field.key, {
      get() {
        return this._get(field);
      },
      enumerable: true,
      configurable: true,
    });
  }
  if (kind.listField) {
    // A kind that is a whole JSON list iterates over it: for (const version of versions) ...
    Cls.prototype[Symbol.iterator] = function () {
      return this[kind.listField][Symbol.iterator]();
    };
  }
  RESULT_CLASSES.set(kind.value, Cls);
  FIELDS_OF.set(Cls, fields);
}

// ---------------------------------------------------------------------------------------------
// Calls: ls_call and the store's functions, each made from its generated row of parameter roles

// A uint32_t.
function uint32(value, what) {
  if (value >>> 0 !== value) throw new TypeError(`${what} must be an integer from 0 to 2^32-1`);
  return value;
}

// Each input type's check; an instant is a Date or Unix seconds (null: 0).
const INPUTS = {
  string: cString,
  int: int64,
  uint32,
  time: (v, what) => int64(v instanceof Date ? Math.floor(v.getTime() / 1000) : (v ?? 0), what),
};
// The JS value of each ls_store_state member type.
const STATE = { time: (s) => (s ? new Date(Number(s) * 1000) : null), bool: (v) => v !== 0, number: (v) => v };
// Each output's JS value, from the slot the addon wrote (a result: of the class of its kind, the
// row's when its operation says it, else the library's answer).
const OUTPUTS = {
  result: (slot, Cls) =>
    slot[0] === null
      ? undefined
      : new (Cls ?? RESULT_CLASSES.get(raw.ls_result_kind(slot[0])))(RESULT_TOKEN, slot[0], null),
  string: (slot) => slot[0],
  state: (s) => Object.fromEntries(raw.STORE_STATE.map((f) => [f.key, STATE[f.type](s[f.name])])),
};

/**
 * One call of a CALLS row with `self` and the JS arguments: it holds every handle until the call
 * ends (closing one waits for it), makes a plain object into a Request for it, and gives
 * `signal` a cancel handle (triggered at once if already aborted). Its value is the call's one
 * output, or its outputs as an object ({ license, state }).
 */
class Call {
  constructor(row, signal, sync) {
    this.row = row;
    this.sync = sync;
    this.signal = signal;
    this.held = [];
    this.outputs = [];
    this.error = [null];
    this.owned = null;
    this.cancel = null;
    this.abort = null;
  }

  // A handle's pointer; an asynchronous call holds the handle until it ends. (Nothing can close
  // one while a synchronous call runs: no other JS runs meanwhile.)
  hold(handle, Cls) {
    if (handle == null) return null; // reaches the library, which refuses it
    if (!(handle instanceof Cls)) throw new TypeError(`expected a ${Cls.name}, got ${handle}`);
    if (this.sync) return handle._ptr;
    const ptr = handle._acquire();
    this.held.push(handle);
    return ptr;
  }

  // The native arguments, in order, from the row's parameter roles.
  nativeArguments(self, args) {
    const params = this.row.params;
    const native = new Array(params.length);
    let next = 0;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      switch (p.role) {
        case 'self':
          native[i] = this.hold(self, NativeHandle);
          break;
        case 'client':
          native[i] = this.hold(args[next++], Client);
          break;
        case 'request': {
          const r = args[next++];
          native[i] = this.hold(r == null || r instanceof Request ? r : (this.owned = new Request(r)), Request);
          break;
        }
        case 'cancel':
          native[i] = this.signal ? this.cancelHandle() : null;
          break;
        case 'input':
          native[i] = INPUTS[p.type](args[next++], p.key);
          break;
        case 'constant':
          native[i] = p.value;
          break;
        case 'error':
          native[i] = this.error;
          break;
        default: {
          const slot = p.role === 'state' ? {} : [null];
          this.outputs.push([p, slot]);
          native[i] = slot;
        }
      }
    }
    return native;
  }

  cancelHandle() {
    this.cancel = obtain(raw.ls_cancel_new);
    this.abort = () => raw.ls_cancel_trigger(this.cancel);
    this.signal.addEventListener('abort', this.abort);
    if (this.signal.aborted) this.abort();
    return this.cancel;
  }

  // Releases what the call held; may run twice.
  end() {
    if (this.cancel !== null) {
      this.signal.removeEventListener('abort', this.abort);
      raw.ls_cancel_free(this.cancel);
      this.cancel = null;
    }
    const held = this.held;
    for (let i = 0; i < held.length; i++) held[i]._release();
    held.length = 0;
    this.owned?.close();
  }

  settle(status) {
    this.end();
    if (status !== Status.LS_OK) throw takeError(status, this.error[0], this.signal);
    const outputs = this.outputs;
    if (outputs.length === 1) return OUTPUTS[outputs[0][0].role](outputs[0][1], this.row.resultClass);
    return Object.fromEntries(outputs.map(([p, slot]) => [p.key, OUTPUTS[p.role](slot)]));
  }
}

/**
 * Makes the call of a CALLS row: on this thread, or, given `done(error, value)`, as one
 * asynchronous call on one of the addon's threads, whose callback settles it.
 */
function invoke(row, self, args, options, done) {
  const call = new Call(row, options?.signal, !done);
  try {
    const native = call.nativeArguments(self, args);
    if (!done) return call.settle(raw[row.name](...native));
    raw[row.name].async(...native, (e, status) => {
      try {
        if (e) throw e; // the addon's own failure
        done(null, call.settle(status));
      } catch (x) {
        call.end();
        done(x);
      }
    });
  } catch (e) {
    call.end();
    throw e;
  }
}

/**
 * The blocking variant of an operation (ls_call with the operation's constant). Given a Request,
 * the common case, it calls the addon at once with the module's output slots (no JS runs during
 * the call) and makes no Call, which measured as most of what the wrapper added to the raw call
 * (BENCHMARKS.md section 4). Anything else takes invoke()'s path, which checks and converts it.
 */
function operationSync(row, operation) {
  return function (request) {
    if (!(this instanceof Client) || !(request instanceof Request)) return invoke(row, this, [request]);
    const status = raw.ls_call(this._ptr, operation, request._ptr, null, OUT, ERROR);
    if (status !== Status.LS_OK) throw takeError(status, ERROR[0]);
    const result = OUTPUTS.result(OUT, row.resultClass);
    OUT[0] = null;
    return result;
  };
}

// ---------------------------------------------------------------------------------------------
// Client

/** A License API client: immutable once built, shared by any number of calls at once. */
class Client extends NativeHandle {
  /** @param {object} options see ClientOptions in index.d.ts; only the options given reach the library. */
  constructor(options) {
    const { apiKey, sharedKey, clientId, clientSecret, tokenUrl, baseUrl, timeouts = {}, proxy } = options;
    const { caFile, publicKeyPem, appVersion } = options;
    // An API key, or OAuth client credentials (passed through: the library fetches the tokens).
    const oauth = clientId !== undefined || clientSecret !== undefined;
    if (oauth && (apiKey !== undefined || sharedKey !== undefined)) {
      throw new TypeError('give apiKey and sharedKey, or clientId and clientSecret, not both');
    }
    const cfg = oauth
      ? obtain(raw.ls_config_new_oauth, cString(clientId, 'clientId'), cString(clientSecret, 'clientSecret'))
      : obtain(raw.ls_config_new, cString(apiKey, 'apiKey'), cString(sharedKey, 'sharedKey'));
    let client;
    try {
      if (tokenUrl !== undefined) check(raw.ls_config_set_token_url, cfg, cString(tokenUrl, 'tokenUrl'));
      if (baseUrl !== undefined) check(raw.ls_config_set_base_url, cfg, cString(baseUrl, 'baseUrl'));
      // Milliseconds, as everywhere in Node, to the library's seconds; a non-number goes to the
      // addon, which refuses it. The library alone decides which durations are valid.
      const seconds = (ms) => (typeof ms === 'number' ? ms / 1000 : ms);
      if (timeouts.connectMs !== undefined) check(raw.ls_config_set_connect_timeout, cfg, seconds(timeouts.connectMs));
      if (timeouts.totalMs !== undefined) check(raw.ls_config_set_total_timeout, cfg, seconds(timeouts.totalMs));
      if (proxy === false) check(raw.ls_config_disable_proxy, cfg);
      else if (proxy !== undefined) check(raw.ls_config_set_proxy, cfg, cString(proxy, 'proxy'));
      if (caFile !== undefined) check(raw.ls_config_add_ca_file, cfg, cString(caFile, 'caFile'));
      if (publicKeyPem !== undefined)
        check(raw.ls_config_set_public_key_pem, cfg, cString(publicKeyPem, 'publicKeyPem'));
      if (options.verifySignatures === false) check(raw.ls_config_disable_signature_verification, cfg);
      if (appVersion !== undefined) check(raw.ls_config_set_app_version, cfg, cString(appVersion, 'appVersion'));
      client = obtain(raw.ls_client_new, cfg);
    } finally {
      raw.ls_config_free(cfg);
    }
    super(client, raw.ls_client_free, 'Client');
  }
}

// ---------------------------------------------------------------------------------------------
// Store

/** One product's stored license in one folder (null or left out: the vendor SDKs' per-user one). */
class Store extends NativeHandle {
  constructor({ folder, product }) {
    super(obtain(raw.ls_store_new, cString(folder, 'folder'), cString(product, 'product')), raw.ls_store_free, 'Store');
  }
}

// The methods of both, from the generated rows: one per operation of the client (activate,
// check, ...) and per call of the store, each a Promise (cancellable when the library's call is)
// with a blocking ...Sync variant; the store's setters and properties.
const KIND_OF_OPERATION = new Map(raw.OPERATIONS.map((o) => [o.value, o.resultKind]));
for (const call of raw.CALLS) {
  // An operation's result is of the kind its OPERATIONS row says.
  const op = call.params.find((p) => p.role === 'constant');
  const row = { ...call, resultClass: op && RESULT_CLASSES.get(raw.Kind[KIND_OF_OPERATION.get(op.value)]) };
  const proto = { Client, Store }[row.owner].prototype;
  const arity = row.params.filter((p) => ['client', 'request', 'input'].includes(p.role)).length;
  // The JS arguments past `arity` are never read as inputs (an operation's options come next).
  const sync =
    row.name === 'ls_call'
      ? operationSync(row, op.value)
      : function (...args) {
          return invoke(row, this, args);
        };
  if (row.shape === 'getter') Object.defineProperty(proto, row.key, { get: sync });
  else if (row.shape === 'setter') proto[row.key] = sync;
  else {
    proto[row.key] = function (...args) {
      return new Promise((resolve, reject) =>
        invoke(row, this, args, args[arity], (e, value) => (e ? reject(e) : resolve(value))),
      );
    };
    proto[`${row.key}Sync`] = sync;
  }
}

// ---------------------------------------------------------------------------------------------
// Functions

module.exports = {
  Client,
  Store,
  Request,
  Result,
  LicenseSpringError,
  ClosedError,
  ...Object.fromEntries([...ERROR_CLASSES.values()].map((c) => [c.name, c])),
  ...Object.fromEntries([...RESULT_CLASSES.values()].map((c) => [c.name, c])),
  // This machine's hardware ID, computed as the vendor's SDKs do (algorithm: HardwareIdAlgorithm).
  hardwareId: (algorithm = HardwareIdAlgorithm.LS_HARDWARE_ID_DEFAULT) => obtain(raw.ls_hardware_id, algorithm),
  version: () => raw.ls_version(),
  abiVersion: () => raw.ls_abi_version(),
  statusName: (status) => raw.ls_status_name(status),
  statusDescription: (status) => raw.ls_status_description(status),
  statusCategory: (status) => CATEGORY_KEYS.get(raw.ls_status_category(status)) ?? 'internal',
  ABI_VERSION: raw.ABI_VERSION,
  ...raw.ENUMS,
  libraryPath: raw.libraryPath,
};
