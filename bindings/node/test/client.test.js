'use strict';

// The License API flows against ls-emulator, every error category, argument handling and handle
// ownership, through the Promise API (and the ...Sync variants at the end).

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const net = require('node:net');
const path = require('node:path');
const env = require('./support/env');
const servers = require('./support/servers');
const { expectError, expectErrorSync } = require('./support/expect');
const ls = require('..');
const raw = require('../lib/raw');

const { Status } = ls;

let emulator;
let client;

test.before(async () => {
  emulator = await env.startEmulator();
  client = new ls.Client(env.clientOptions(emulator.url));
});

test.after(() => {
  client?.close();
  emulator?.stop();
});

const KEY = 'DEMO-1111-2222-3333';

function keyRequest(licenseKey = KEY, extra = {}) {
  return { product: 'demo', hardwareId: env.uniqueHardwareId(), licenseKey, ...extra };
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
  assert.equal(ls.abiVersion(), ls.ABI_VERSION);
  const hw = ls.hardwareId();
  assert.equal(typeof hw, 'string');
  assert.ok(hw.length > 0);
  assert.equal(ls.hardwareId(), hw);
  assert.equal(ls.hardwareId(ls.HardwareIdAlgorithm.LS_HARDWARE_ID_DEFAULT), hw);
  // Every algorithm of the table either gives an ID or says why it cannot here.
  for (const value of Object.values(ls.HardwareIdAlgorithm)) {
    try {
      assert.ok(ls.hardwareId(value).length > 0);
    } catch (e) {
      assert.equal(e.status, Status.LS_ERR_HARDWARE_ID_UNAVAILABLE, e.message);
    }
  }
  assert.throws(() => ls.hardwareId(99), { status: Status.LS_ERR_INVALID_ARGUMENT });
});

test('key-based activation exposes the license fields, then check and deactivate', async () => {
  const fields = keyRequest();
  const request = new ls.Request(fields);
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
  const license = await client.activate(request);
  assert.ok(license instanceof ls.License);
  assert.ok(license instanceof ls.Result);
  try {
    assert.equal(typeof license.id, 'number');
    assert.equal(license.id, 1001);
    assert.equal(license.key, KEY);
    assert.equal(license.type, 'perpetual');
    assert.equal(license.active, true);
    assert.equal(license.enabled, true);
    assert.equal(license.expired, false);
    assert.equal(license.trial, false);
    assert.equal(license.validityPeriod, null);
    assert.ok(license.timesActivated >= 1);
    assert.equal(license.maxActivations, 3);
    assert.equal(license.hardwareId, fields.hardwareId);
    const features = license.features;
    assert.ok(features.every((f) => f instanceof ls.Feature));
    assert.deepEqual(
      features.map((f) => [f.code, f.name]),
      [
        ['pro', 'Pro features'],
        ['export', 'Export'],
      ],
    );
    assert.equal(features[1].id, 5002);
    assert.deepEqual(license.customFields[0].toObject(), { name: 'tier', value: 'gold', dataType: null });
    assert.equal(license.customerEmail, 'customer@example.com');
    assert.equal(license.customerFirstName, 'Ada');
    assert.equal(license.customerCompanyName, 'Example Ltd');
    assert.deepEqual(JSON.parse(license.metadata), { edition: 'pro' });
    assert.deepEqual(JSON.parse(license.variables), { seat: 'A1' });
    assert.equal(license.userEmail, null);
    assert.equal(license.productShortCode, 'demo');
    const body = JSON.parse(license.json);
    assert.equal(body.license_key, KEY);
    assert.equal(body.id, license.id);
    // The snapshot has every field of the kind, lists as plain objects.
    const snapshot = license.toObject();
    const keys = raw.FIELDS.filter((f) => f.kind === 'LS_KIND_LICENSE').map((f) => f.key);
    assert.deepEqual(Object.keys(snapshot), keys);
    assert.equal(snapshot.key, KEY);
    assert.deepEqual(snapshot.features[0].code, 'pro');
    assert.deepEqual(JSON.parse(JSON.stringify(license)), JSON.parse(JSON.stringify(snapshot)));
    // An item's JSON is its own object.
    assert.equal(JSON.parse(features[0].json).code, 'pro');
  } finally {
    license.close();
  }

  const checked = await client.check(request);
  assert.equal(checked.key, KEY);
  assert.equal(checked.active, true);
  checked.close();

  // Re-activating the same device is refused by the server with HTTP 409.
  await expectError(client.activate(request), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_DEVICE_EXISTS,
    statusName: 'LS_ERR_LICENSE_DEVICE_EXISTS',
    serverCode: 'license_device_exists',
    httpStatus: 409,
    category: 'license',
  });

  request.setConsumptions(0);
  assert.equal(await client.deactivate(request), undefined);
  await expectError(client.check(request), ls.LicenseError, {
    status: Status.LS_ERR_DEVICE_NOT_FOUND,
    serverCode: 'device_not_found',
  });
  await expectError(client.deactivate(request), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  request.close();
});

test('time-limited license has a validity period', async () => {
  const req = keyRequest('DEMO-TIME-LIMITED');
  const license = await client.activate(req);
  assert.equal(license.type, 'time-limited');
  assert.match(license.validityPeriod, /^2099-12-31/);
  assert.equal(license.expired, false);
  license.close();
  await client.deactivate(req);
});

test('user-based activation with username and password', async () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    username: 'alice@example.com',
    password: 'alice-password',
  };
  const license = await client.activate(req);
  assert.equal(license.key, null);
  assert.equal(license.userEmail, 'alice@example.com');
  assert.equal(license.userFirstName, 'Alice');
  assert.equal(license.userId, 3001);
  license.close();
  const checked = await client.check(req);
  assert.equal(checked.userEmail, 'alice@example.com');
  checked.close();
  await client.deactivate(req);
});

test('a wrong password is refused', async () => {
  await expectError(
    client.activate({
      product: 'demo-user',
      hardwareId: env.uniqueHardwareId(),
      username: 'alice@example.com',
      password: 'wrong',
    }),
    ls.LicenseSpringError,
  );
});

test('SSO activation with an id_token', async () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    idToken: 'sso-id-token-alice',
    customerAccountCode: 'demo-corp',
  };
  const license = await client.activate(req);
  assert.equal(license.userEmail, 'alice@example.com');
  license.close();
  await client.deactivate(req);
});

test('SSO activation with an authorization code', async () => {
  const req = {
    product: 'demo-user',
    hardwareId: env.uniqueHardwareId(),
    code: 'sso-code-bob',
    customerAccountCode: 'demo-corp',
  };
  const license = await client.activate(req);
  assert.equal(license.userEmail, 'bob@example.com');
  license.close();
  await client.deactivate(req);
});

test('license group: expired, disabled, inactive, not started, VM, blacklisted, unknown product, wrong key', async () => {
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
  // All at once: each failure carries its own detail, whatever the others do at the same time.
  const errors = await Promise.all(cases.map(([req]) => client.activate(req).catch((e) => e)));
  cases.forEach(([, status, serverCode, httpStatus], i) => {
    const e = errors[i];
    assert.ok(e instanceof ls.LicenseError, `${serverCode}: ${e}`);
    assert.equal(e.status, status);
    assert.equal(e.serverCode, serverCode);
    assert.equal(e.category, 'license');
    assert.equal(e.retryAfter, null);
    if (httpStatus !== undefined) {
      assert.equal(e.httpStatus, httpStatus);
    } else {
      assert.ok(e.httpStatus >= 400, `${serverCode}: HTTP ${e.httpStatus}`);
    }
  });
});

test('single-seat license refuses a second device', async () => {
  const first = keyRequest('DEMO-SINGLE-SEAT');
  (await client.activate(first)).close();
  await expectError(client.activate(keyRequest('DEMO-SINGLE-SEAT')), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_ACTIVATED_MAX_TIMES,
    serverCode: 'license_activated_max_times',
  });
  await client.deactivate(first);
});

test('authorization group: wrong shared key and unknown API key', async () => {
  const wrongShared = new ls.Client(env.clientOptions(emulator.url, { sharedKey: 'not-the-shared-key' }));
  await expectError(wrongShared.activate(keyRequest()), ls.AuthorizationError, {
    status: Status.LS_ERR_SIGNATURE_MISMATCH,
    serverCode: 'signature_mismatch',
    category: 'authorization',
  });
  wrongShared.close();
  const unknownKey = new ls.Client(env.clientOptions(emulator.url, { apiKey: 'no-such-api-key' }));
  await expectError(unknownKey.check(keyRequest()), ls.AuthorizationError, {
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
  await expectError(c.activate(keyRequest()), ls.NetworkError, {
    status: Status.LS_ERR_CONNECT,
    statusName: 'LS_ERR_CONNECT',
    serverCode: '',
    httpStatus: 0,
    retryAfter: null,
    category: 'network',
  });
  c.close();
});

test('verification group: a public key that did not sign the response', async () => {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' });
  const c = new ls.Client(env.clientOptions(emulator.url, { publicKeyPem: pem }));
  const req = keyRequest('DEMO-UNLIMITED');
  await expectError(c.activate(req), ls.VerificationError, {
    status: Status.LS_ERR_SIGNATURE_INVALID,
    category: 'verification',
  });
  c.close();
  // The activation did happen on the server; with verification off the check succeeds.
  const unverified = new ls.Client(
    env.clientOptions(emulator.url, { publicKeyPem: undefined, verifySignatures: false }),
  );
  const license = await unverified.check(req);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  await unverified.deactivate(req);
  unverified.close();
});

test('server group: HTTP 500, and HTTP 429 with Retry-After', async (t) => {
  const failing = await servers.answering(
    500,
    {},
    { status: 500, code: 'internal_error', message: 'the server broke' },
  );
  const limited = await servers.answering(429, { 'Retry-After': '7' }, { code: 'throttled', message: 'slow down' });
  t.after(() => {
    failing.stop();
    limited.stop();
  });
  const c500 = new ls.Client(env.clientOptions(failing.url));
  const e = await expectError(c500.activate(keyRequest()), ls.ServerError, {
    status: Status.LS_ERR_SERVER,
    serverCode: 'internal_error',
    httpStatus: 500,
    retryAfter: null,
    category: 'server',
  });
  assert.match(e.message, /the server broke/);
  c500.close();
  const c429 = new ls.Client(env.clientOptions(limited.url));
  await expectError(c429.check(keyRequest()), ls.ServerError, {
    status: Status.LS_ERR_RATE_LIMITED,
    httpStatus: 429,
    retryAfter: 7,
  });
  c429.close();
});

test('each category has its error class, chosen by the library', () => {
  assert.equal(ls.statusCategory(Status.LS_OK), 'none');
  assert.equal(ls.statusCategory(Status.LS_ERR_NULL_ARGUMENT), 'invalid_argument');
  assert.equal(ls.statusCategory(Status.LS_ERR_TIMEOUT), 'network');
  assert.equal(ls.statusCategory(Status.LS_ERR_INVALID_API_KEY), 'authorization');
  assert.equal(ls.statusCategory(Status.LS_ERR_LICENSE_EXPIRED), 'license');
  assert.equal(ls.statusCategory(Status.LS_ERR_SIGNATURE_MISSING), 'verification');
  assert.equal(ls.statusCategory(Status.LS_ERR_SERVER_OTHER), 'server');
  assert.equal(ls.statusCategory(Status.LS_ERR_CANCELLED), 'cancelled');
  assert.equal(ls.statusCategory(Status.LS_ERR_INTERNAL), 'internal');
  assert.equal(ls.statusCategory(4242), 'internal');
  assert.equal(ls.statusDescription(4242), 'unknown status');
  for (const value of Object.values(Status)) {
    assert.notEqual(ls.statusDescription(value), 'unknown status');
  }
  const classes = [
    ls.InvalidArgumentError,
    ls.NetworkError,
    ls.AuthorizationError,
    ls.LicenseError,
    ls.VerificationError,
    ls.ServerError,
    ls.InternalError,
    ls.CancelledError,
  ];
  for (const Cls of classes) {
    assert.equal(Object.getPrototypeOf(Cls), ls.LicenseSpringError, Cls.name);
  }
});

test('invalid arguments: null, empty strings, missing identity, bad values', async () => {
  const fields = {
    status: Status.LS_ERR_INVALID_ARGUMENT,
    category: 'invalid_argument',
    httpStatus: 0,
    serverCode: '',
  };
  const inv = (fn, status) => expectErrorSync(fn, ls.InvalidArgumentError, { ...fields, status });
  const invAsync = (promise, status) => expectError(promise, ls.InvalidArgumentError, { ...fields, status });
  inv(() => new ls.Client({ apiKey: null, sharedKey: 'demo-shared-key' }), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => new ls.Client({ sharedKey: 'demo-shared-key' }), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => new ls.Client({ apiKey: '', sharedKey: 'demo-shared-key' }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client({ apiKey: 'demo-api-key', sharedKey: '' }), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client(env.clientOptions('not a url')), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => new ls.Client(env.clientOptions(emulator.url, { baseUrl: null })), Status.LS_ERR_NULL_ARGUMENT);
  inv(
    () => new ls.Client(env.clientOptions(emulator.url, { publicKeyPem: 'not a key' })),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  inv(
    () => new ls.Client(env.clientOptions(emulator.url, { caFile: path.join(__dirname, 'no-such-ca.pem') })),
    Status.LS_ERR_INVALID_ARGUMENT,
  );

  // Requests that are incomplete are refused before anything is sent.
  await invAsync(
    client.activate({ product: 'demo', hardwareId: env.uniqueHardwareId() }),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  await invAsync(
    client.activate({ hardwareId: env.uniqueHardwareId(), licenseKey: KEY }),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  await invAsync(client.check({ product: 'demo', licenseKey: KEY }), Status.LS_ERR_INVALID_ARGUMENT);
  await invAsync(client.activate({ ...keyRequest(), product: '' }), Status.LS_ERR_INVALID_ARGUMENT);
  await invAsync(
    client.activate({ product: 'demo-user', hardwareId: env.uniqueHardwareId(), idToken: 'sso-id-token-alice' }),
    Status.LS_ERR_INVALID_ARGUMENT,
  );
  await invAsync(client.activate(null), Status.LS_ERR_NULL_ARGUMENT);
  await invAsync(client.deactivate(undefined), Status.LS_ERR_NULL_ARGUMENT);

  const req = new ls.Request();
  inv(() => req.setVariable('', 'x'), Status.LS_ERR_INVALID_ARGUMENT);
  inv(() => req.setVariable(null, 'x'), Status.LS_ERR_NULL_ARGUMENT);
  inv(() => req.set('licenseKey', null), Status.LS_ERR_NULL_ARGUMENT);
  // "" clears a string parameter, and clear() removes any: the identity set before is gone.
  req.update({ product: 'demo', hardwareId: env.uniqueHardwareId(), licenseKey: KEY }).setLicenseKey('');
  await invAsync(client.activate(req), Status.LS_ERR_INVALID_ARGUMENT);
  req.setLicenseKey(KEY).clear('licenseKey');
  await invAsync(client.activate(req), Status.LS_ERR_INVALID_ARGUMENT);
  req.close();

  // JS values that have no C representation are refused before the library is called.
  assert.throws(() => new ls.Request({ product: 42 }), TypeError);
  assert.throws(() => new ls.Request({ product: 'a\0b' }), TypeError);
  assert.throws(() => new ls.Request({ nonsense: 'x' }), TypeError);
  assert.throws(() => new ls.Request().clear('nonsense'), TypeError);
  assert.throws(() => new ls.Request({ licenseId: 1.5 }), TypeError);
  assert.throws(() => new ls.Request({ licenseId: '7' }), TypeError);
  assert.throws(() => new ls.Request({ isVm: 'yes' }), TypeError);
  assert.throws(() => new ls.Client(env.clientOptions(emulator.url, { timeouts: { totalMs: '1000' } })), TypeError);
  assert.throws(() => new ls.Client(), TypeError);
  await assert.rejects(client.activate({ product: 42 }), TypeError);
});

test('a list index past the end is refused by the library', async () => {
  const req = keyRequest();
  const license = await client.activate(req);
  assert.equal(license.features.length, 2);
  // The idiomatic layer reads exactly the items there are; the raw layer reports the rest.
  const out = [null];
  const error = [null];
  const status = raw.ls_result_item(license._ptr, ls.Field.LS_LICENSE_FEATURES, 2, out, error);
  assert.equal(status, Status.LS_ERR_INDEX_OUT_OF_RANGE);
  const detail = raw.readError(error[0]);
  assert.equal(detail.status, Status.LS_ERR_INDEX_OUT_OF_RANGE);
  assert.ok(detail.message.length > 0);
  raw.ls_error_free(error[0]);
  license.close();
  await client.deactivate(req);
});

test('license id, consumptions and 64-bit values are accepted', async () => {
  const req = new ls.Request(keyRequest('DEMO-CONSUMPTION'));
  const license = await client.activate(req);
  req.setLicenseId(license.id).setConsumptions(2).setConsumptions(-1n).setIncludeExpiredFeatures(true).setEnv('linux');
  license.close();
  await client.deactivate(req);
  req.setLicenseId(2n ** 62n);
  assert.throws(() => req.setLicenseId(2n ** 63n), RangeError);
  req.close();
});

test('use after close is a clear error and closing twice is harmless', async () => {
  const c = new ls.Client(env.clientOptions(emulator.url));
  const req = new ls.Request(keyRequest());
  const license = await c.activate(req);
  const feature = license.features[0];
  license.close();
  license.close();
  assert.equal(license.closed, true);
  assert.equal(feature.closed, true);
  assert.throws(() => license.key, { name: 'ClosedError', message: 'License is closed' });
  assert.throws(() => license.features, ls.ClosedError);
  assert.throws(() => feature.code, { name: 'ClosedError', message: 'License is closed' });

  await c.deactivate(req);
  c[Symbol.dispose]();
  c.close();
  assert.equal(c.closed, true);
  await assert.rejects(c.activate(req), { name: 'ClosedError', message: 'Client is closed' });
  await assert.rejects(c.check({ product: 'demo' }), ls.ClosedError);
  assert.throws(() => c.checkSync(req), ls.ClosedError);

  req.close();
  req[Symbol.dispose]();
  assert.throws(() => new ls.License({}, 5), TypeError);
  assert.throws(() => req.setProduct('demo'), { name: 'ClosedError', message: 'Request is closed' });
  await assert.rejects(client.activate(req), ls.ClosedError);
});

test('what is never closed is freed once collected, and a borrowed item keeps its result', async () => {
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  // Collects until the count of handles freed by the collector stops changing.
  const settle = async () => {
    for (let last = -1; ;) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      const now = raw.released();
      if (now === last) return now;
      last = now;
    }
  };
  const before = await settle();
  let kept;
  (() => {
    for (let i = 0; i < 4; i++) {
      const c = new ls.Client(env.clientOptions(emulator.url));
      const req = new ls.Request(keyRequest());
      const license = c.activateSync(req); // neither it, the request nor the client is closed
      c.deactivateSync(req);
      if (i === 0) kept = license.features[0];
    }
    // The last call's output too (a client, a request and a license more).
    new ls.Client(env.clientOptions(emulator.url)).activateSync(new ls.Request(keyRequest('DEMO-UNLIMITED')));
  })();
  // Each client, request and license, but the license the kept feature is borrowed from.
  assert.equal((await settle()) - before, 5 * 3 - 1);
  assert.equal(typeof kept.code, 'string');
  // A borrowed item's handle cannot be freed through the raw layer either.
  assert.throws(() => raw.ls_result_free(kept._ptr), {
    name: 'TypeError',
    message: /an owned ls_result \(a borrowed one is never freed\)/,
  });
  kept = null;
  assert.equal((await settle()) - before, 5 * 3);
});

test('the ...Sync variants block and give the same results and errors', () => {
  const req = new ls.Request(keyRequest('DEMO-UNLIMITED'));
  const license = client.activateSync(req);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  const checked = client.checkSync(req);
  assert.equal(checked.active, true);
  checked.close();
  assert.equal(client.deactivateSync(req), undefined);
  expectErrorSync(() => client.checkSync(req), ls.LicenseError, {
    status: Status.LS_ERR_DEVICE_NOT_FOUND,
    serverCode: 'device_not_found',
  });
  expectErrorSync(() => client.activateSync(null), ls.InvalidArgumentError, { status: Status.LS_ERR_NULL_ARGUMENT });
  // A plain object as the request, and a wrong receiver: the general path.
  const fields = keyRequest('DEMO-UNLIMITED');
  const fromObject = client.activateSync(fields);
  assert.equal(fromObject.key, 'DEMO-UNLIMITED');
  fromObject.close();
  assert.equal(client.deactivateSync(fields), undefined);
  assert.throws(() => client.checkSync.call({}, req), { name: 'TypeError', message: /expected a NativeHandle/ });
  req.close();
  assert.throws(() => client.checkSync(req), { name: 'ClosedError', message: 'Request is closed' });
});

test('one client serves many interleaved calls', async () => {
  const requests = Array.from({ length: 8 }, () => new ls.Request(keyRequest('DEMO-UNLIMITED')));
  const licenses = await Promise.all(requests.map((r) => client.activate(r)));
  for (const l of licenses) {
    assert.equal(l.key, 'DEMO-UNLIMITED');
    l.close();
  }
  await Promise.all(requests.map((r) => client.deactivate(r)));
  for (const r of requests) {
    r.close();
  }
});
