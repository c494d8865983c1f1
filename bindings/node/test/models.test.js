'use strict';

// The license-model operations (product details, trials, feature checks, consumption, floating
// borrow and release) against ls-emulator. None of them has a line of its own in lib/index.js:
// each is a row of the core's operations table, expanded into a Client method whose result is
// the class of the row's result kind.

const test = require('node:test');
const assert = require('node:assert/strict');
const env = require('./support/env');
const { expectError } = require('./support/expect');
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
  return new ls.Request({ product: 'demo', hardwareId: env.uniqueHardwareId('model'), licenseKey, ...extra });
}

test('product details, with the product custom fields', async () => {
  const product = await client.productDetails({ product: 'demo', includeCustomFields: true });
  assert.ok(product instanceof ls.Product);
  assert.equal(product.name, 'Demo App');
  assert.equal(product.shortCode, 'demo');
  assert.ok(Array.isArray(product.customFields));
  assert.ok(product.customFields.every((f) => f instanceof ls.ProductCustomField));
  assert.equal(JSON.parse(product.json).short_code, 'demo');
  product.close();
  await expectError(client.productDetails({ product: 'no-such-product' }), ls.LicenseError, {
    status: Status.LS_ERR_UNKNOWN_PRODUCT,
  });
});

test('a trial key, the same one when asked again, and no trial where none is allowed', async () => {
  const hardwareId = env.uniqueHardwareId('trial');
  const trial = await client.trialKey({ product: 'demo-trial', hardwareId, email: 'trial@example.com' });
  assert.ok(trial instanceof ls.Trial);
  assert.equal(trial.isTrial, true);
  assert.equal(typeof trial.key, 'string');
  const again = await client.trialKey({ product: 'demo-trial', hardwareId, email: 'trial@example.com' });
  assert.equal(again.key, trial.key);
  trial.close();
  again.close();
  await expectError(client.trialKey({ product: 'demo', hardwareId }), ls.LicenseError, {
    status: Status.LS_ERR_TRIAL_NOT_ALLOWED,
  });
});

test('feature check and feature consumption', async () => {
  const r = keyRequest('DEMO-FEATURES');
  (await client.activate(r)).close();
  const feature = await client.checkFeature(r.setFeature('basic'));
  assert.ok(feature instanceof ls.Feature);
  assert.equal(feature.code, 'basic');
  assert.deepEqual(JSON.parse(feature.metadata), { tier: 1 });
  feature.close();
  const used = await client.addFeatureConsumption(r.setFeature('credits').setConsumptions(2));
  assert.deepEqual([used.code, used.totalConsumptions, used.maxConsumption], ['credits', 2, 5]);
  used.close();
  const e = await expectError(client.addFeatureConsumption(r.setConsumptions(9)), ls.LicenseError, {
    status: Status.LS_ERR_FEATURE_NOT_ENOUGH_CONSUMPTIONS,
  });
  assert.equal(e.serverCode, 'feature_not_enough_consumptions');
  await client.deactivate(r.clear('consumptions'));
  r.close();
});

test('license consumption', async () => {
  const r = keyRequest('DEMO-CONSUMPTION');
  (await client.activate(r)).close();
  const consumption = await client.addConsumption(r.setConsumptions(3));
  assert.ok(consumption instanceof ls.Consumption);
  assert.equal(consumption.totalConsumptions, 3);
  assert.equal(consumption.maxConsumptions, 100);
  consumption.close();
  await expectError(client.addConsumption(r.setConsumptions(1000)), ls.LicenseError, {
    status: Status.LS_ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS,
  });
  await client.deactivate(r.clear('consumptions'));
  r.close();
});

test('floating seats: borrow and release, for the license and for a feature', async () => {
  const r = keyRequest('DEMO-FLOATING-CLOUD');
  (await client.activate(r)).close();
  const borrow = await client.floatingBorrow(r);
  assert.ok(borrow instanceof ls.Borrow);
  assert.equal(typeof borrow.borrowedUntil, 'string');
  assert.equal(typeof borrow.licenseId, 'number');
  borrow.close();
  assert.equal(await client.floatingRelease(r), undefined);
  await client.deactivate(r);
  r.close();

  const f = keyRequest('DEMO-FEATURES', { feature: 'render' });
  (await client.activate(f)).close();
  const seat = await client.floatingFeatureBorrow(f);
  assert.ok(seat instanceof ls.Feature);
  assert.equal(seat.isBorrowed, true);
  seat.close();
  assert.equal(await client.floatingFeatureRelease(f), undefined);
  await expectError(client.floatingFeatureRelease(f), ls.LicenseError, {
    status: Status.LS_ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE,
  });
  await client.deactivate(f);
  f.close();
});
