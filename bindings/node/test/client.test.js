'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const net = require('node:net');
const path = require('node:path');
const env = require('./support/env');
const ls = require('..');

const { Status } = ls;

let emulator;
let fake;
let client;

test.before(async () => {
  emulator = await env.startEmulator();
  fake = await env.startFakeServer();
  client = new ls.Client(env.clientOptions(emulator.url));
});

test.after(() => {
  client?.close();
  emulator?.stop();
  fake?.stop();
});

const KEY = 'DEMO-1111-2222-3333';

function keyRequest(licenseKey = KEY, extra = {}) {
  return { product: 'demo', hardwareId: env.uniqueHardwareId(), licenseKey, ...extra };
}

// Runs fn, which must throw `Cls`; checks the fields and returns the error.
function expectError(fn, Cls, fields) {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof Cls, `expected ${Cls.name}, got ${caught && caught.name}: ${caught && caught.message}`);
  assert.ok(caught instanceof ls.LicenseSpringError);
  for (const [k, v] of Object.entries(fields)) {
    assert.deepEqual(caught[k], v, `error.${k}`);
  }
  assert.equal(caught.statusName, ls.statusName(caught.status));
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  return caught;
}

async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('version, ABI version and hardware ID', () => {
  assert.match(ls.version(), /^\d+\.\d+\.\d+/);
  assert.equal(ls.abiVersion(), ls.EXPECTED_ABI_VERSION);
  const hw = ls.hardwareId();
  assert.equal(typeof hw, 'string');
  assert.ok(hw.length > 0);
  assert.equal(ls.hardwareId(), hw);
});

test('key-based activation exposes every license accessor, then check and deactivate', () => {
  const request = new ls.Request(keyRequest());
  request
    .setOsVer('Linux 6.1')
    .setHostname('build-host')
    .setOsHostname('build-host.local')
    .setIp('203.0.113.7')
    .setIpLocal('192.0.2.7')
    .setAppVer('1.2.3')
    .setMacAddress('02:00:00:00:00:01')
    .setVmInfo('none')
    .setIsVm(false)
    .setVariable('seat', 'A1');
  const license = client.activate(request);
  try {
    assert.equal(typeof license.id, 'number');
    assert.ok(license.id > 0);
    assert.equal(license.key, KEY);
    assert.equal(license.type, 'perpetual');
    assert.equal(license.isActive, true);
    assert.equal(license.isEnabled, true);
    assert.equal(license.isExpired, false);
    assert.equal(license.isTrial, false);
    assert.equal(license.validityPeriod, null);
    assert.ok(license.timesActivated >= 1);
    assert.equal(license.maxActivations, 3);
    assert.deepEqual(license.features, [
      { code: 'pro', name: 'Pro features' },
      { code: 'export', name: 'Export' },
    ]);
    assert.equal(license.featureCount, 2);
    assert.equal(license.featureCode(1), 'export');
    assert.equal(license.featureName(0), 'Pro features');
    assert.deepEqual(license.customFields, [{ name: 'tier', value: 'gold' }]);
    assert.equal(license.customFieldCount, 1);
    assert.equal(license.customFieldName(0), 'tier');
    assert.equal(license.customFieldValue(0), 'gold');
    assert.equal(license.customerEmail, 'customer@example.com');
    assert.equal(license.userEmail, null);
    const body = JSON.parse(license.json);
    assert.equal(body.license_key, KEY);
    assert.equal(body.id, license.id);
  } finally {
    license.close();
  }

  const checked = client.check(request);
  assert.equal(checked.key, KEY);
  assert.equal(checked.isActive, true);
  checked.close();

  // Re-activating the same device is refused by the server with HTTP 409.
  expectError(() => client.activate(request), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_DEVICE_EXISTS,
    statusName: 'LS_ERR_LICENSE_DEVICE_EXISTS',
    serverCode: 'license_device_exists',
    httpStatus: 409,
    category: 'license',
  });

  request.setConsumptions(0);
  client.deactivate(request);
  expectError(() => client.check(request), ls.LicenseError, {
    status: Status.LS_ERR_DEVICE_NOT_FOUND,
    serverCode: 'device_not_found',
  });
  expectError(() => client.deactivate(request), ls.LicenseError, {
    status: Status.LS_ERR_DEVICE_NOT_FOUND,
  });
  request.close();
});

test('time-limited license has a validity period', () => {
  const req = keyRequest('DEMO-TIME-LIMITED');
  const license = client.activate(req);
  assert.equal(license.type, 'time-limited');
  assert.match(license.validityPeriod, /^2099-12-31/);
  assert.equal(license.isExpired, false);
  license.close();
  client.deactivate(req);
});

test('user-based activation with username and password', () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    username: 'alice@example.com',
    password: 'alice-password',
  };
  const license = client.activate(req);
  assert.equal(license.key, null);
  assert.equal(license.userEmail, 'alice@example.com');
  license.close();
  const checked = client.check(req);
  assert.equal(checked.userEmail, 'alice@example.com');
  checked.close();
  client.deactivate(req);
});

test('a wrong password is refused', () => {
  assert.throws(
    () =>
      client.activate({
        product: 'demo-user',
        hardwareId: env.uniqueHardwareId(),
        username: 'alice@example.com',
        password: 'wrong',
      }),
    ls.LicenseSpringError,
  );
});

test('SSO activation with an id_token', () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    idToken: 'sso-id-token-alice',
    customerAccountCode: 'demo-corp',
  };
  const license = client.activate(req);
  assert.equal(license.userEmail, 'alice@example.com');
  license.close();
  client.deactivate(req);
});

test('SSO activation with an authorization code', () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    code: 'sso-code-bob',
    customerAccountCode: 'demo-corp',
  };
  const license = client.activate(req);
  assert.equal(license.userEmail, 'bob@example.com');
  license.close();
  client.deactivate(req);
});

test('license group: expired, disabled, inactive, not started, VM, blacklisted, unknown product, wrong key', () => {
  const cases = [
    [keyRequest('DEMO-EXPIRED'), Status.LS_ERR_LICENSE_EXPIRED, 'license_expired', 400],
    [keyRequest('DEMO-DISABLED'), Status.LS_ERR_LICENSE_NOT_ENABLED, 'license_not_enabled'],
    [keyRequest('DEMO-INACTIVE'), Status.LS_ERR_LICENSE_NOT_ACTIVE, 'license_not_active'],
    [keyRequest('DEMO-NOT-STARTED'), Status.LS_ERR_LICENSE_START_DATE, 'license_start_date_error'],
    [keyRequest('DEMO-NO-VM', { isVm: true }), Status.LS_ERR_VM_NOT_ALLOWED, 'vm_not_allowed'],
    [{ ...keyRequest(), hardwareId: 'blacklisted-device' }, Status.LS_ERR_BLACKLISTED, 'blacklisted'],
    [{ ...keyRequest(), product: 'no-such-product' }, Status.LS_ERR_UNKNOWN_PRODUCT, 'unknown_product'],
    [keyRequest('NO-SUCH-KEY'), Status.LS_ERR_LICENSE_NOT_FOUND, 'license_not_found'],
  ];
  for (const [req, status, serverCode, httpStatus] of cases) {
    const e = expectError(() => client.activate(req), ls.LicenseError, {
      status,
      serverCode,
      category: 'license',
      retryAfter: null,
    });
    if (httpStatus !== undefined) {
      assert.equal(e.httpStatus, httpStatus);
    } else {
      assert.ok(e.httpStatus >= 400, `${serverCode}: HTTP ${e.httpStatus}`);
    }
  }
});

test('single-seat license refuses a second device', () => {
  const first = keyRequest('DEMO-SINGLE-SEAT');
  client.activate(first).close();
  expectError(() => client.activate(keyRequest('DEMO-SINGLE-SEAT')), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_ACTIVATED_MAX_TIMES,
    serverCode: 'license_activated_max_times',
  });
  client.deactivate(first);
});

test('authorization group: wrong shared key and unknown API key', () => {
  const wrongShared = new ls.Client(env.clientOptions(emulator.url, { sharedKey: 'not-the-shared-key' }));
  expectError(() => wrongShared.activate(keyRequest()), ls.AuthorizationError, {
    status: Status.LS_ERR_SIGNATURE_MISMATCH,
    serverCode: 'signature_mismatch',
    category: 'authorization',
  });
  wrongShared.close();
  const unknownKey = new ls.Client(env.clientOptions(emulator.url, { apiKey: 'no-such-api-key' }));
  expectError(() => unknownKey.check(keyRequest()), ls.AuthorizationError, {
    status: Status.LS_ERR_INVALID_API_KEY,
    serverCode: 'invalid_api_key',
  });
  unknownKey.close();
});

test('network group: connecting to a closed port', async () => {
  const port = await closedPort();
  const c = new ls.Client(
    env.clientOptions(`http://127.0.0.1:${port}`, { timeouts: { connectMs: 2000, totalMs: 4000 } }),
  );
  expectError(() => c.activate(keyRequest()), ls.NetworkError, {
    status: Status.LS_ERR_CONNECT,
    statusName: 'LS_ERR_CONNECT',
    serverCode: '',
    httpStatus: 0,
    category: 'network',
  });
  c.close();
});

test('verification group: a public key that did not sign the response', () => {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const c = new ls.Client(env.clientOptions(emulator.url, { publicKeyPem: pem }));
  const req = keyRequest('DEMO-UNLIMITED');
  expectError(() => c.activate(req), ls.VerificationError, {
    status: Status.LS_ERR_SIGNATURE_INVALID,
    category: 'verification',
  });
  c.close();
  // The activation did happen on the server; with verification off the check succeeds.
  const unverified = new ls.Client(
    env.clientOptions(emulator.url, { publicKeyPem: undefined, verifySignatures: false }),
  );
  const license = unverified.check(req);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  unverified.deactivate(req);
  unverified.close();
});

test('server group: HTTP 500 and HTTP 429 with Retry-After', () => {
  const failing = new ls.Client(env.clientOptions(fake.failingUrl));
  const e = expectError(() => failing.activate(keyRequest()), ls.ServerError, {
    status: Status.LS_ERR_SERVER,
    httpStatus: 500,
    category: 'server',
  });
  assert.equal(e.retryAfter, null);
  failing.close();
  const limited = new ls.Client(env.clientOptions(fake.limitedUrl));
  expectError(() => limited.check(keyRequest()), ls.ServerError, {
    status: Status.LS_ERR_RATE_LIMITED,
    httpStatus: 429,
    retryAfter: 7,
  });
  limited.close();
});

test('each category maps to its error class, from the library', () => {
  assert.equal(ls.statusCategory(Status.LS_OK), 'none');
  assert.equal(ls.statusCategory(Status.LS_ERR_NULL_ARGUMENT), 'invalid_argument');
  assert.equal(ls.statusCategory(Status.LS_ERR_TIMEOUT), 'network');
  assert.equal(ls.statusCategory(Status.LS_ERR_INVALID_API_KEY), 'authorization');
  assert.equal(ls.statusCategory(Status.LS_ERR_LICENSE_EXPIRED), 'license');
  assert.equal(ls.statusCategory(Status.LS_ERR_SIGNATURE_MISSING), 'verification');
  assert.equal(ls.statusCategory(Status.LS_ERR_SERVER_OTHER), 'server');
  assert.equal(ls.statusCategory(Status.LS_ERR_INTERNAL), 'internal');
  assert.equal(ls.statusCategory(4242), 'internal');
  assert.equal(ls.statusDescription(4242), 'unknown status');
  for (const value of Object.values(Status)) {
    assert.notEqual(ls.statusDescription(value), 'unknown status');
  }
});

test('invalid arguments: null, empty strings, missing identity, bad values', () => {
  const inv = (fn, status) =>
    expectError(fn, ls.InvalidArgumentError, { status, category: 'invalid_argument', httpStatus: 0, serverCode: '' });
  inv(() => new ls.Client({ apiKey: null, sharedKey: 'demo-shared-key' }), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => new ls.Client({ sharedKey: 'demo-shared-key' }), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => new ls.Client({ apiKey: '', sharedKey: 'demo-shared-key' }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client({ apiKey: 'demo-api-key', sharedKey: '' }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client(env.clientOptions('not a url')), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client(env.clientOptions(emulator.url, { baseUrl: null })), Status.LS_ERR_NULL_ARGUMENT);
  inv(
    () => new ls.Client(env.clientOptions(emulator.url, { timeouts: { connectMs: 0, totalMs: 1000 } })),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  inv(
    () => new ls.Client(env.clientOptions(emulator.url, { publicKeyPem: 'not a key' })),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  inv(
    () => new ls.Client(env.clientOptions(emulator.url, { caFile: path.join(__dirname, 'no-such-ca.pem') })),
    Status.LS_ERR_INVALID_ARGUMENT,
  );

  // Requests that are incomplete are refused before anything is sent.
  inv(() => client.activate({ product: 'demo', hardwareId: env.uniqueHardwareId() }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => client.activate({ hardwareId: env.uniqueHardwareId(), licenseKey: KEY }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => client.check({ product: 'demo', licenseKey: KEY }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => client.activate({ ...keyRequest(), product: '' }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(
    () => client.activate({ product: 'demo-user', hardwareId: env.uniqueHardwareId(), idToken: 'sso-id-token-alice' }),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  inv(() => client.activate(null), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => client.deactivate(undefined), Status.LS_ERR_NULL_ARGUMENT);

  const req = new ls.Request();
  inv(() => req.setVariable('', 'x'), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => req.setVariable(null, 'x'), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => req.set('licenseKey', null), Status.LS_ERR_NULL_ARGUMENT);
  // "" clears a field: the identity set before is gone.
  req.update({ product: 'demo', hardwareId: env.uniqueHardwareId(), licenseKey: KEY }).setLicenseKey('');
  inv(() => client.activate(req), Status.LS_ERR_INVALID_ARGUMENT);
  req.close();

  // JS values that have no C representation are refused before the library is called.
  assert.throws(() => new ls.Request({ product: 42 }), TypeError);
  assert.throws(() => new ls.Request({ product: 'a\0b' }), TypeError);
  assert.throws(() => new ls.Request({ nonsense: 'x' }), TypeError);
  assert.throws(() => new ls.Request({ licenseId: 1.5 }), TypeError);
  assert.throws(() => new ls.Request({ isVm: 'yes' }), TypeError);
  assert.throws(
    () => new ls.Client(env.clientOptions(emulator.url, { timeouts: { connectMs: -1, totalMs: 1 } })),
    TypeError,
  );
  assert.throws(() => new ls.Client(), TypeError);
});

test('an index past the end of a list is refused', () => {
  const req = keyRequest();
  const license = client.activate(req);
  expectError(() => license.featureCode(2), ls.LicenseSpringError, { status: Status.LS_ERR_INDEX_OUT_OF_RANGE });
  expectError(() => license.customFieldValue(5), ls.LicenseSpringError, { status: Status.LS_ERR_INDEX_OUT_OF_RANGE });
  assert.throws(() => license.featureName(-1), TypeError);
  license.close();
  client.deactivate(req);
});

test('license id, consumptions and 64-bit values are accepted', () => {
  const req = new ls.Request(keyRequest('DEMO-CONSUMPTION'));
  const license = client.activate(req);
  req.setLicenseId(license.id).setConsumptions(2).setConsumptions(-1n);
  license.close();
  client.deactivate(req);
  req.setLicenseId(2n ** 62n);
  assert.throws(() => req.setLicenseId(2n ** 63n), RangeError);
  req.close();
});

test('use after close is a clear error and closing twice is harmless', () => {
  const c = new ls.Client(env.clientOptions(emulator.url));
  const req = new ls.Request(keyRequest());
  const license = c.activate(req);
  license.close();
  license.close();
  assert.equal(license.closed, true);
  assert.throws(() => license.key, { name: 'ClosedError', message: 'License is closed' });
  assert.throws(() => license.features, ls.ClosedError);

  c.deactivate(req);
  c[Symbol.dispose]();
  c.close();
  assert.equal(c.closed, true);
  assert.throws(() => c.activate(req), { name: 'ClosedError', message: 'Client is closed' });
  assert.throws(() => c.check({ product: 'demo' }), ls.ClosedError);

  req.close();
  req[Symbol.dispose]();
  assert.throws(() => new ls.License({}, 5), TypeError);
  assert.throws(() => req.setProduct('demo'), { name: 'ClosedError', message: 'Request is closed' });
  assert.throws(() => client.activate(req), ls.ClosedError);
});

test('one client serves many interleaved calls', () => {
  const requests = Array.from({ length: 8 }, () => new ls.Request(keyRequest('DEMO-UNLIMITED')));
  const licenses = requests.map((r) => client.activate(r));
  for (const l of licenses) {
    assert.equal(l.key, 'DEMO-UNLIMITED');
    l.close();
  }
  for (const r of requests) {
    client.deactivate(r);
    r.close();
  }
});
