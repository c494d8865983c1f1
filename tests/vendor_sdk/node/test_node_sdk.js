// The vendor's Node SDK (npm @licensespring/node-sdk@1.4.17), unmodified, against ls-emulator:
// every scenario of ../scenarios.json through its LicenseAPI class.
// Run by ../test.sh: EMULATOR_URL is a fresh emulator (demo seed, --clock-control) and
// VENDOR_NODE_MODULES the node_modules folder the SDK was installed into.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const url = process.env.EMULATOR_URL;
assert.ok(url && url.startsWith('http://127.0.0.1:'), `EMULATOR_URL must be a loopback URL: ${url}`);

// Every connection must go to loopback: anything else fails before a packet leaves.
const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0]) ? args[0] : { host: args[1] };
  const host = opts.host || 'localhost';
  if (opts.path === undefined && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new Error(`test tried to connect to ${host}, not loopback`);
  }
  return realConnect.apply(this, args);
};

const { LicenseAPI } = require(path.join(process.env.VENDOR_NODE_MODULES, '@licensespring/node-sdk'));
const root = path.join(__dirname, '..', '..', '..');
const scenarios = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'scenarios.json'), 'utf8')).scenarios;

const api = new LicenseAPI({
  apiKey: 'demo-api-key',
  sharedKey: 'demo-shared-key',
  apiPath: `${url}/api/v4`,
  publicKey: fs.readFileSync(path.join(root, 'tests', 'fixtures', 'emulator-public-key.pem'), 'utf8'),
  // Never computed: every call passes its own hardware_id.
  hardwareID: 'node-sdk-test-device',
});

const REF = /^\$\{(\w+)\.(\w+)\}$/;
function resolve(value, saved) {
  if (Array.isArray(value)) return value.map((v) => resolve(v, saved));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, saved)]));
  }
  if (typeof value === 'string') {
    const m = REF.exec(value);
    if (m) return saved[m[1]][m[2]];
  }
  return value;
}

function matches(expected, actual, where) {
  if (expected === '~string') return assert.equal(typeof actual, 'string', where);
  if (expected === '~int') return assert.ok(Number.isInteger(actual), `${where}: ${actual}`);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${where}: ${JSON.stringify(actual)}`);
    return expected.forEach((e, i) => matches(e, actual[i], `${where}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${where}: ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(k in actual, `${where}.${k} missing from ${JSON.stringify(actual)}`);
      matches(v, actual[k], `${where}.${k}`);
    }
    return undefined;
  }
  return assert.deepEqual(actual, expected, where);
}

// Drop absent arguments, as a caller of the SDK would.
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function runOp(op, a) {
  switch (op) {
    case 'product_details': return api.getProductDetails(a);
    case 'trial_key': return api.getTrialKey(a);
    case 'activate': return api.activateLicense(a);
    case 'check': return api.checkLicense(a);
    case 'deactivate': return api.deactivateLicense(a);
    case 'check_feature': return api.checkLicenseFeature(a);
    case 'add_consumption': return api.addConsumption(a);
    case 'add_feature_consumption': return api.addFeatureConsumption(a);
    case 'borrow': return api.floatingBorrow(a);
    case 'release': return api.floatingRelease(a);
    case 'feature_borrow': return api.featureBorrow(a);
    case 'feature_release': return api.featureRelease(a);
    default: throw new Error(`unknown operation ${op}`);
  }
}

async function advanceClock(seconds) {
  const r = await fetch(`${url}/__emulator/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance_seconds: seconds }),
  });
  assert.equal(r.status, 200);
}

for (const scenario of scenarios) {
  test(scenario.name, async () => {
    const saved = {};
    for (const [i, step] of scenario.steps.entries()) {
      const where = `step ${i} (${step.op})`;
      if (step.op === 'advance_clock') {
        await advanceClock(step.seconds);
        continue;
      }
      const args = defined(resolve(step.args, saved));
      let answer;
      try {
        answer = await runOp(step.op, args);
      } catch (e) {
        assert.ok('error' in step.expect, `${where}: unexpected ${JSON.stringify(e)} ${e && e.stack}`);
        assert.equal(e.code, step.expect.error, `${where}: ${JSON.stringify(e)}`);
        assert.equal(e.status, 400, where);
        continue;
      }
      assert.ok(!('error' in step.expect), `${where}: expected ${step.expect.error}, got ${JSON.stringify(answer)}`);
      if (Object.keys(step.expect.ok).length) matches(resolve(step.expect.ok, saved), answer, where);
      if (step.save) saved[step.save] = answer;
    }
  });
}

test('signatures are checked with the configured key', async () => {
  const vendorKey = new LicenseAPI({
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    apiPath: `${url}/api/v4`,
    hardwareID: 'node-sdk-test-device',
  });
  await assert.rejects(vendorKey.getProductDetails({ product: 'demo' }), (e) => e.code === 'signature_v2_mismatch');
});
