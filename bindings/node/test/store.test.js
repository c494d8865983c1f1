'use strict';

// The local license store against a real ls-emulator, each test with its own folder: activation,
// local and online checks, the grace window once the server is gone, the store's time, tampering,
// offline (air-gapped) activation and deactivation through buffers and files, local consumption,
// the store's error classes, cancellation and the ...Sync variants.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const env = require('./support/env');
const servers = require('./support/servers');
const { expectError, expectErrorSync } = require('./support/expect');
const ls = require('..');

const { Status, Store } = ls;
const DEAD_URL = 'http://127.0.0.1:9'; // nothing listens there

let emulator;
let client;
let offline;

test.before(async () => {
  emulator = await env.startEmulator();
  client = new ls.Client(env.clientOptions(emulator.url));
  offline = new ls.Client(env.clientOptions(DEAD_URL, { timeouts: { connectMs: 2000, totalMs: 5000 } }));
});

test.after(() => {
  client?.close();
  offline?.close();
  emulator?.stop();
});

/** A fresh folder, removed after the test. */
function folder(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-store-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The store's product and the device, no identity (the stored one is used). */
const bare = (hardwareId) => ({ product: 'demo', hardwareId });
const keyed = (hardwareId, licenseKey = 'DEMO-UNLIMITED') => ({ product: 'demo', hardwareId, licenseKey });

/** Posts an offline request file's text to /api/v4/<endpoint>, signed as the SDKs do; resolves to [status, body]. */
async function postOffline(url, endpoint, body) {
  const date = new Date().toUTCString();
  const signature = crypto
    .createHmac('sha256', 'demo-shared-key')
    .update(`licenseSpring\ndate: ${date}`)
    .digest('base64');
  const authorization = `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="demo-api-key"`;
  const headers = { Date: date, Authorization: authorization, 'Content-Type': 'text/plain' };
  const response = await fetch(`${url}/api/v4/${endpoint}`, { method: 'POST', headers, body });
  return [response.status, await response.text()];
}

test('activate, then check locally and in grace once the server is gone, until the window ends', async (t) => {
  const dir = folder(t);
  const device = env.uniqueHardwareId('store');
  const own = await env.startEmulator();
  const ownClient = new ls.Client(env.clientOptions(own.url, { timeouts: { connectMs: 2000, totalMs: 5000 } }));
  t.after(() => ownClient.close());
  const store = new Store({ folder: dir, product: 'demo' });
  await expectError(store.checkLocal(ownClient, bare(device)), ls.LicenseError, {
    status: Status.LS_ERR_NO_STORED_LICENSE,
  });
  const { license, state } = await store.activate(ownClient, keyed(device));
  assert.ok(license instanceof ls.License);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  assert.deepEqual([state.online, state.inGrace, state.offlineActivated], [true, false, false]);
  assert.equal(state.saveStatus, Status.LS_OK);
  assert.equal(state.localConsumptions, 0);
  assert.ok(state.lastCheck instanceof Date && Math.abs(state.lastCheck - Date.now()) < 60000);
  assert.deepEqual([state.graceStart, state.graceEnd, state.validUntil], [null, null, null]);
  assert.equal((await store.check(ownClient, bare(device))).state.online, true);
  assert.equal(store.path, path.join(dir, 'demo.lsstore'));
  assert.ok(fs.statSync(store.path).isFile());

  own.stop();
  // The emulator is stopped: local checks pass, online ones pass within the grace window.
  const local = await store.checkLocal(ownClient, bare(device));
  assert.equal(local.license.key, 'DEMO-UNLIMITED');
  assert.deepEqual([local.state.online, local.state.inGrace], [false, false]);
  const opened = Math.floor(Date.now() / 1000) * 1000;
  const graced = await store.check(ownClient, bare(device));
  assert.equal(graced.license.key, 'DEMO-UNLIMITED');
  assert.deepEqual([graced.state.online, graced.state.inGrace], [false, true]);
  const { graceStart, graceEnd } = graced.state;
  assert.ok(graceStart >= opened, `${graceStart}`);
  assert.equal(graceEnd - graceStart, 24 * 3600 * 1000);
  // Past the window, by the store's own clock (a Date or Unix seconds).
  store.setTime(new Date(graceEnd.getTime() + 1000));
  const expired = await expectError(store.check(ownClient, bare(device)), ls.NetworkError, {
    status: Status.LS_ERR_GRACE_PERIOD_EXPIRED,
  });
  assert.match(expired.message, /grace/);
  store.setTime(graceEnd.getTime() / 1000 - 60);
  assert.equal(store.checkSync(ownClient, bare(device)).state.inGrace, true);
  store.setTime(null); // the system clock again
  store.setGraceHours(0);
  await expectError(store.check(ownClient, bare(device)), ls.NetworkError, { status: Status.LS_ERR_CONNECT });
  await store.remove();
  await expectError(store.checkLocal(ownClient, bare(device)), ls.LicenseError, {
    status: Status.LS_ERR_NO_STORED_LICENSE,
  });
  store.close();
});

test('a second client at a closed port shares the folder; deactivation removes the license', async (t) => {
  const dir = folder(t);
  const device = env.uniqueHardwareId('store-second');
  const store = new Store({ folder: dir, product: 'demo' });
  (await store.activate(client, keyed(device))).license.close();
  const { license, state } = await new Store({ folder: dir, product: 'demo' }).check(offline, bare(device));
  assert.equal(license.key, 'DEMO-UNLIMITED');
  assert.ok(state.inGrace && state.graceEnd instanceof Date);
  assert.equal((await store.license(offline, bare(device))).license.key, 'DEMO-UNLIMITED');
  assert.equal((await store.check(client, bare(device))).state.graceStart, null); // a success closes it
  await store.deactivate(client, bare(device));
  await expectError(store.checkLocal(offline, bare(device)), ls.LicenseError, {
    status: Status.LS_ERR_NO_STORED_LICENSE,
  });
  store.close();
  assert.throws(() => store.checkLocalSync(offline, bare(device)), ls.ClosedError);
});

test('a flipped byte is tampering; another device and the clock set back too', async (t) => {
  const dir = folder(t);
  const device = env.uniqueHardwareId('store-tamper');
  const store = new Store({ folder: dir, product: 'demo' });
  store.activateSync(client, keyed(device)).license.close();
  const original = fs.readFileSync(store.path);
  for (const index of [0, 30, original.length >> 1, original.length - 1]) {
    const flipped = Buffer.from(original);
    flipped[index] ^= 0x20;
    fs.writeFileSync(store.path, flipped);
    const fresh = new Store({ folder: dir, product: 'demo' });
    await expectError(fresh.checkLocal(client, bare(device)), ls.TamperingError, {
      status: Status.LS_ERR_LICENSE_FILE_TAMPERED,
      category: 'tampering',
    });
  }
  fs.writeFileSync(store.path, original);
  assert.equal(
    new Store({ folder: dir, product: 'demo' }).checkLocalSync(client, bare(device)).license.key,
    'DEMO-UNLIMITED',
  );
  expectErrorSync(() => store.checkLocalSync(client, bare('another-device')), ls.TamperingError, {
    status: Status.LS_ERR_HARDWARE_ID_MISMATCH,
  });
  store.setTime(Math.floor(Date.now() / 1000) - 86400);
  await expectError(store.checkLocal(client, bare(device)), ls.TamperingError, {
    status: Status.LS_ERR_CLOCK_TAMPERED,
  });
  store.setTime(null);
  await store.deactivate(client, bare(device));
});

test('the air-gapped round trip through files and buffers, against the emulator', async (t) => {
  const dir = folder(t);
  const [device, other] = [env.uniqueHardwareId('airgap'), env.uniqueHardwareId('airgap-buffers')];
  // Files: the device writes its request, which is carried to the server...
  const store = new Store({ folder: path.join(dir, 'a'), product: 'demo' });
  const requestFile = path.join(dir, 'carried', 'activate_offline.req');
  await store.offlineActivationRequestFile(offline, keyed(device, 'DEMO-OFFLINE'), requestFile);
  let [status, answer] = await postOffline(emulator.url, 'activate_offline', fs.readFileSync(requestFile, 'utf8'));
  assert.equal(status, 200, answer);
  const licFile = path.join(dir, 'license.lic');
  fs.writeFileSync(licFile, Buffer.from(answer).toString('base64'));
  // ...whose .lic the device verifies and stores.
  const loaded = await store.loadOfflineLicenseFile(offline, bare(device), licFile);
  assert.equal(loaded.license.key, 'DEMO-OFFLINE');
  assert.deepEqual([loaded.state.offlineActivated, loaded.state.online], [true, false]);
  const fresh = new Store({ folder: path.join(dir, 'a'), product: 'demo' });
  assert.equal((await fresh.checkLocal(offline, bare(device))).state.offlineActivated, true);
  await expectError(client.activate(keyed(device, 'DEMO-OFFLINE')), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_DEVICE_EXISTS, // the server counts the device
  });

  // Buffers, with another store and device.
  const second = new Store({ folder: path.join(dir, 'b'), product: 'demo' });
  const text = await second.offlineActivationRequest(offline, keyed(other, 'DEMO-OFFLINE'));
  [status, answer] = await postOffline(emulator.url, 'activate_offline', text);
  assert.equal(status, 200, answer);
  await expectError(
    second.loadOfflineLicense(offline, bare(other), fs.readFileSync(licFile, 'utf8')),
    ls.TamperingError,
    {
      status: Status.LS_ERR_HARDWARE_ID_MISMATCH, // the first device's .lic
    },
  );
  assert.equal(second.loadOfflineLicenseSync(offline, bare(other), answer).state.offlineActivated, true);
  await expectError(second.loadOfflineLicense(offline, bare(other), answer), ls.VerificationError, {
    status: Status.LS_ERR_OFFLINE_REQUEST_MISMATCH, // answered once only
  });

  // Deactivation: the stored license goes at once, the request file frees the seat.
  [status, answer] = await postOffline(
    emulator.url,
    'deactivate_offline',
    await store.offlineDeactivationRequest(offline, bare(device)),
  );
  assert.deepEqual([status, answer.trim()], [200, 'license_deactivated']);
  await expectError(store.checkLocal(offline, bare(device)), ls.LicenseError, {
    status: Status.LS_ERR_NO_STORED_LICENSE,
  });
  const deactivateFile = path.join(dir, 'deactivate_offline.req');
  second.offlineDeactivationRequestFileSync(offline, bare(other), deactivateFile);
  [status, answer] = await postOffline(emulator.url, 'deactivate_offline', fs.readFileSync(deactivateFile, 'utf8'));
  assert.deepEqual([status, answer.trim()], [200, 'license_deactivated']);
  (await client.activate(keyed(device, 'DEMO-OFFLINE'))).close();
  await client.deactivate(keyed(device, 'DEMO-OFFLINE'));
});

test('local consumption is sent by the next check', async (t) => {
  const dir = folder(t);
  const device = env.uniqueHardwareId('store-consumption');
  const store = new Store({ folder: dir, product: 'demo' });
  const total = (await store.activate(client, keyed(device, 'DEMO-UNLIMITED-CONSUMPTION'))).license.totalConsumptions;
  assert.equal((await store.addLocalConsumption(client, bare(device), 2)).localConsumptions, 2);
  assert.equal(store.addLocalConsumptionSync(client, bare(device), 1n).localConsumptions, 3);
  const { license, state } = await store.check(client, bare(device));
  assert.equal(state.localConsumptions, 0);
  assert.equal(license.totalConsumptions, (total ?? 0) + 3);
  await expectError(
    new Store({ folder: path.join(dir, 'other'), product: 'demo' }).addLocalConsumption(client, bare(device), 1),
    ls.LicenseError,
    { status: Status.LS_ERR_NO_STORED_LICENSE },
  );
  await store.deactivate(client, bare(device));
});

test('the store categories map to their error classes; a storage failure keeps the license in memory', async (t) => {
  assert.deepEqual([ls.Category.LS_CATEGORY_TAMPERING, ls.Category.LS_CATEGORY_STORAGE], [9, 10]);
  for (let status = 700; status <= 714; status++) {
    assert.ok(ls.statusName(status).startsWith('LS_ERR_'), `${status}`);
  }
  assert.equal(ls.statusCategory(Status.LS_ERR_LICENSE_FILE_TAMPERED), 'tampering');
  assert.equal(ls.statusCategory(Status.LS_ERR_STORE_DISK_FULL), 'storage');
  assert.ok(ls.StorageError.prototype instanceof ls.LicenseSpringError);
  // A folder that cannot be made (under a file): activated, not written, kept by the handle.
  const dir = folder(t);
  fs.writeFileSync(path.join(dir, 'file'), '');
  const device = env.uniqueHardwareId('store-storage');
  const store = new Store({ folder: path.join(dir, 'file', 'store'), product: 'demo' });
  await expectError(store.activate(client, keyed(device)), ls.StorageError, {
    status: Status.LS_ERR_STORE_FOLDER_MISSING,
    category: 'storage',
  });
  assert.equal((await store.checkLocal(client, bare(device))).license.key, 'DEMO-UNLIMITED');
  await client.deactivate(keyed(device));
});

test('store arguments, the default folder and closing', async () => {
  const store = new Store({ product: 'demo' }); // the vendor SDKs' per-user folder; the disk is not touched
  assert.ok(store.path.endsWith(path.join('.LicenseSpring', 'LicenseSpring', 'demo', 'demo.lsstore')), store.path);
  assert.equal(new Store({ folder: null, product: 'demo' }).path, store.path);
  assert.throws(() => new Store({ product: '' }), ls.InvalidArgumentError);
  expectErrorSync(() => new Store({ product: null }), ls.InvalidArgumentError, { status: Status.LS_ERR_NULL_ARGUMENT });
  assert.throws(() => store.setGraceHours(100000), ls.InvalidArgumentError);
  assert.throws(() => store.setGraceHours(-1), TypeError);
  assert.throws(() => store.setTime(-5), ls.InvalidArgumentError);
  await expectError(store.checkLocal(client, { product: 'demo-user', hardwareId: 'x' }), ls.InvalidArgumentError);
  assert.throws(() => store.checkLocalSync('a client', bare('x')), TypeError);
  store.close();
  store.close();
  assert.throws(() => store.path, ls.ClosedError);
  assert.throws(() => store.setTime(null), ls.ClosedError);
});

test('a store call is cancelled by its AbortSignal', async (t) => {
  const dir = folder(t);
  const device = env.uniqueHardwareId('store-stall');
  const store = new Store({ folder: dir, product: 'demo' });
  (await store.activate(client, keyed(device))).license.close();
  const stalled = await servers.stalling();
  t.after(() => stalled.stop());
  const stalledClient = new ls.Client(env.clientOptions(stalled.url));
  t.after(() => stalledClient.close());
  const start = Date.now();
  const error = await expectError(
    store.check(stalledClient, bare(device), { signal: AbortSignal.timeout(300) }),
    ls.CancelledError,
  );
  assert.equal(error.name, 'AbortError');
  assert.ok(Date.now() - start < 3000);
  await store.deactivate(client, bare(device));
});
