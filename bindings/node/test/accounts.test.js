'use strict';

// Bundles, versions and installers, device variables, user and customer licenses, SSO URL and
// password change against ls-emulator: each a row of the core's operations table, expanded into
// a Client method whose result is the class of its kind. Whole-list answers are results that
// iterate over their list; object fields are nested results, borrowed like list items.

const test = require('node:test');
const assert = require('node:assert/strict');
const env = require('./support/env');
const servers = require('./support/servers');
const { expectError, expectErrorSync } = require('./support/expect');
const ls = require('..');

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

function keyRequest(licenseKey, extra = {}) {
  return new ls.Request({ product: 'demo', hardwareId: env.uniqueHardwareId('acct'), licenseKey, ...extra });
}

test('bundle: activate, check and deactivate every license of demo-suite', async () => {
  const r = new ls.Request({
    product: 'demo-suite',
    licenseKey: 'DEMO-SUITE-KEY',
    hardwareId: env.uniqueHardwareId('bundle'),
  });
  const bundle = await client.activateBundle(r);
  assert.ok(bundle instanceof ls.Bundle);
  assert.ok(bundle.licenses.every((l) => l instanceof ls.License));
  assert.deepEqual(
    [...bundle].map((l) => [l.id, l.key, l.productShortCode]),
    [
      [1019, 'DEMO-SUITE-KEY', 'demo'],
      [1101, 'DEMO-SUITE-KEY', 'demo-addon'],
    ],
  );
  assert.deepEqual(
    bundle.licenses[0].features.map((f) => f.code),
    ['suite'],
  );
  assert.deepEqual(
    bundle.toObject().licenses.map((l) => l.id),
    [1019, 1101],
  );
  assert.equal(JSON.parse(bundle.json).length, 2);
  const first = bundle.licenses[0];
  bundle.close();
  assert.throws(() => first.id, ls.ClosedError); // items are borrowed from the bundle

  const e = await expectError(client.activateBundle(r), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_DEVICE_EXISTS,
    serverCode: 'license_device_exists',
    httpStatus: 409,
  });
  assert.equal(e.statusName, 'LS_ERR_LICENSE_DEVICE_EXISTS');

  const checked = await client.checkBundle(r);
  assert.deepEqual(
    [...checked].map((l) => [l.id, l.active, l.enabled]),
    [
      [1019, true, true],
      [1101, true, true],
    ],
  );
  assert.equal(checked.licenses[0].timesActivated >= 1, true);
  checked.close();
  assert.equal(await client.deactivateBundle(r), undefined);
  await expectError(client.checkBundle(r), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  await expectError(client.deactivateBundle(r), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  await expectError(client.activateBundle(r.setProduct('no-such-bundle')), ls.LicenseError, {
    status: Status.LS_ERR_UNKNOWN_PRODUCT,
  });
  r.close();
});

test('versions and installation files: what a maintenance period allows, and what all see', async () => {
  const m = keyRequest('DEMO-MAINTENANCE');
  (await client.activate(m)).close();
  const versions = await client.versions(m);
  assert.ok(versions instanceof ls.Versions);
  assert.ok(versions.items.every((v) => v instanceof ls.Version));
  assert.deepEqual(
    [...versions].map((v) => [v.version, v.releaseDate]),
    [
      ['1.0.0', '2020-01-01T00:00:00.000Z'],
      ['1.1.0', '2021-06-01T00:00:00.000Z'],
    ],
  );
  assert.deepEqual(versions.toObject().items[1], { version: '1.1.0', releaseDate: '2021-06-01T00:00:00.000Z' });
  versions.close();
  const file = await client.installationFile(m);
  assert.ok(file instanceof ls.InstallationFile);
  assert.deepEqual(
    [file.id, file.version, file.environment, file.channel, file.url],
    [9003, '1.1.0', 'linux', 'stable', 'https://downloads.example.com/demo/1.1.0/demo-linux.tar.gz'],
  );
  assert.equal(file.hashMd5, '7d793037a0760186574b0282f2f435e7');
  file.close();
  await expectError(client.installationFile(m.setVersion('2.0.0')), ls.LicenseError, {
    status: Status.LS_ERR_VERSION_NOT_FOUND,
    serverCode: 'version_not_found',
  });
  await client.deactivate(m);
  m.close();

  const all = keyRequest('DEMO-1111-2222-3333', { env: 'linux', channel: 'stable' });
  (await client.activate(all)).close();
  const stable = client.versionsSync(all);
  assert.deepEqual(
    [...stable].map((v) => v.version),
    ['1.0.0', '1.1.0', '2.0.0'],
  );
  stable.close();
  const beta = await client.installationFile(all.setChannel('beta'));
  assert.deepEqual([beta.id, beta.version, beta.channel], [9005, '2.1.0-beta', 'beta']);
  beta.close();
  const win = await client.installationFile(all.clear('channel').setEnv('win64'));
  assert.deepEqual([win.id, win.environment], [9002, 'win64']);
  win.close();
  await expectError(client.versions(all.setEnv('bsd')), ls.InvalidArgumentError, {
    status: Status.LS_ERR_VALIDATION_ERROR,
    serverCode: 'validation_error',
  });
  await client.deactivate(all);
  await expectError(client.versions(all.clear('env')), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  all.close();
});

test('device variables: tracked, read back, merged; refused for a device that is not activated', async () => {
  const device = { product: 'demo', hardwareId: env.uniqueHardwareId('vars'), licenseKey: 'DEMO-UNLIMITED' };
  const r = new ls.Request(device);
  (await client.activate(r)).close();
  const tracked = await client.trackDeviceVariables(r.setVariable('gpu', 'rtx').setVariable('os', 'linux'));
  assert.ok(tracked instanceof ls.DeviceVariables);
  assert.deepEqual(
    [...tracked].map((v) => [v.name, v.value]),
    [
      ['gpu', 'rtx'],
      ['os', 'linux'],
    ],
  );
  assert.equal(typeof tracked.items[0].deviceId, 'number');
  tracked.close();
  // One new value, merged into those stored.
  const merged = await client.trackDeviceVariables({ ...device, variables: { os: 'linux-6' } });
  assert.deepEqual(
    [...merged].map((v) => [v.name, v.value]),
    [['os', 'linux-6']],
  );
  merged.close();
  const vars = await client.getDeviceVariables(r);
  assert.ok(vars.items.every((v) => v instanceof ls.DeviceVariable));
  const [gpu] = vars;
  assert.equal(gpu.name, 'gpu');
  assert.equal(typeof gpu.id, 'number');
  assert.equal(typeof gpu.createdAt, 'string');
  assert.deepEqual(
    vars.toObject().items.map((v) => v.value),
    ['rtx', 'linux-6'],
  );
  vars.close();

  const other = keyRequest('DEMO-UNLIMITED');
  await expectError(client.getDeviceVariables(other), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  await expectError(client.trackDeviceVariables(other.setVariable('a', 'b')), ls.LicenseError, {
    status: Status.LS_ERR_DEVICE_NOT_FOUND,
  });
  other.close();
  // Variables are required: refused before anything is sent.
  await expectError(client.trackDeviceVariables(keyRequest('DEMO-UNLIMITED')), ls.InvalidArgumentError, {
    httpStatus: 0,
  });
  await client.deactivate(r);
  r.close();
});

test("user licenses: each license with the user's standing on it, as nested results", async () => {
  const mine = await client.userLicenses({
    product: 'demo-user',
    username: 'carol@example.com',
    password: 'carol-password',
  });
  assert.ok(mine instanceof ls.UserLicenses);
  assert.equal(mine.items.length, 1);
  const [entry] = mine;
  assert.ok(entry instanceof ls.UserLicense);
  assert.ok(entry.license instanceof ls.License);
  assert.ok(entry.user instanceof ls.User);
  assert.deepEqual(
    [entry.license.id, entry.license.customerEmail, entry.license.productShortCode],
    [2002, 'buyer@example.com', 'demo-user'],
  );
  assert.deepEqual(
    [entry.user.id, entry.user.email, entry.user.firstName, entry.user.maxActivations],
    [3003, 'carol@example.com', 'Carol', 2],
  );
  const snapshot = mine.toObject().items[0];
  assert.equal(snapshot.license.id, 2002);
  assert.equal(snapshot.user.email, 'carol@example.com');
  assert.equal(JSON.stringify(mine), JSON.stringify(mine.toObject()));
  const license = entry.license;
  mine.close();
  assert.throws(() => license.id, ls.ClosedError); // borrowed from the result, like list items
  assert.equal(license.closed, true);

  const sso = await client.userLicenses({
    product: 'demo-user',
    idToken: 'sso-id-token-alice',
    customerAccountCode: 'demo-corp',
  });
  assert.deepEqual(
    [...sso].map((e) => [e.license.id, e.user?.email]),
    [[2001, 'alice@example.com']],
  );
  sso.close();
  await expectError(
    client.userLicenses({ product: 'demo-user', username: 'carol@example.com', password: 'wrong' }),
    ls.LicenseError,
    { status: Status.LS_ERR_LICENSE_NOT_FOUND },
  );
});

test('customer license users: the customer and the users of its licenses', async () => {
  const users = await client.customerLicenseUsers({ product: 'demo-user', customer: 'buyer@example.com' });
  assert.ok(users instanceof ls.CustomerUsers);
  assert.deepEqual(
    [users.customerEmail, users.customerFirstName, users.customerLastName, users.customerCompanyName],
    ['buyer@example.com', 'Grace', 'Hopper', 'Example Corp'],
  );
  assert.ok(users.users.every((u) => u instanceof ls.User));
  assert.deepEqual(
    users.users.map((u) => [u.email, u.licenseId]),
    [
      ['carol@example.com', 2002],
      ['dave@example.com', 2002],
    ],
  );
  users.close();
  await expectError(
    client.customerLicenseUsers({ product: 'demo-user', customer: 'nobody@example.com' }),
    ls.LicenseError,
    {
      status: Status.LS_ERR_CUSTOMER_NOT_FOUND,
      serverCode: 'customer_not_found',
    },
  );
  // `customer` is required: refused before anything is sent.
  expectErrorSync(() => client.customerLicenseUsersSync({ product: 'demo-user' }), ls.InvalidArgumentError, {
    status: Status.LS_ERR_INVALID_ARGUMENT,
    httpStatus: 0,
  });
});

test('SSO URL of a customer account', async () => {
  const sso = await client.ssoUrl({ product: 'demo-user', customerAccountCode: 'demo-corp', responseType: 'token' });
  assert.ok(sso instanceof ls.SsoUrl);
  assert.equal(typeof sso.url, 'string');
  assert.ok(sso.url.startsWith('http'), sso.url);
  assert.equal(typeof JSON.parse(sso.openidConfiguration).issuer, 'string');
  sso.close();
  await expectError(
    client.ssoUrl({ product: 'demo-user', customerAccountCode: 'no-such-account', responseType: 'token' }),
    ls.LicenseError,
    { status: Status.LS_ERR_CUSTOMER_NOT_FOUND },
  );
});

test('change password: refused with the wrong password, then the new one is the one that works', async () => {
  const change = { username: 'dave@example.com', password: 'wrong', newPassword: 'dave-password-2' };
  const e = await expectError(client.changePassword(change), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_NOT_FOUND,
  });
  assert.ok(!e.message.includes('dave-password-2'));
  assert.equal(await client.changePassword({ ...change, password: 'dave-password' }), undefined);
  const device = { product: 'demo-user', username: 'dave@example.com', hardwareId: env.uniqueHardwareId('cp') };
  await expectError(client.activate({ ...device, password: 'dave-password' }), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_NOT_FOUND,
  });
  const license = await client.activate({ ...device, password: 'dave-password-2' });
  assert.deepEqual([license.id, license.userEmail], [2002, 'dave@example.com']);
  license.close();
  await client.deactivate(device);
});

test('an object field that is absent is null, in its getter and in toObject()', async () => {
  const carol = await client.userLicenses({
    product: 'demo-user',
    username: 'carol@example.com',
    password: 'carol-password',
  });
  const { license } = JSON.parse(carol.json)[0];
  carol.close();
  const server = await servers.answering(200, {}, [{ license, user: null }]);
  const unsigned = new ls.Client(env.clientOptions(server.url, { publicKeyPem: undefined, verifySignatures: false }));
  try {
    const mine = await unsigned.userLicenses({ product: 'demo-user', username: 'carol@example.com', password: 'x' });
    const [entry] = mine;
    assert.equal(entry.user, null);
    assert.equal(entry.license.id, 2002);
    assert.deepEqual(
      mine.toObject().items.map((e) => [e.license.id, e.user]),
      [[2002, null]],
    );
    mine.close();
  } finally {
    unsigned.close();
    server.stop();
  }
});
