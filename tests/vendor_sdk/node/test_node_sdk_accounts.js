// The vendor's Node SDK (npm @licensespring/node-sdk@1.4.17), unmodified, against ls-emulator:
// every scenario of ../scenarios_accounts.json through its LicenseAPI class, its OAuth
// client-credentials mode (tokenUrl pointed at the emulator) and its own offline request files.
// Run by ../test.sh: EMULATOR_URL is a fresh emulator (demo seed, --clock-control) and
// VENDOR_NODE_MODULES the node_modules folder the SDK was installed into.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
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
const scenarios = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'scenarios_accounts.json'), 'utf8')).scenarios;
const publicKey = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'emulator-public-key.pem'), 'utf8');
const tokenUrl = `${url}/auth/realms/user-portal/protocol/openid-connect/token`;
assert.ok(tokenUrl.startsWith('http://127.0.0.1:'), tokenUrl);

const api = new LicenseAPI({
  apiKey: 'demo-api-key',
  sharedKey: 'demo-shared-key',
  apiPath: `${url}/api/v4`,
  publicKey,
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

const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function runOp(client, op, a) {
  switch (op) {
    case 'activate': return client.activateLicense(a);
    case 'check': return client.checkLicense(a);
    case 'deactivate': return client.deactivateLicense(a);
    case 'activate_bundle': return client.activateBundle(a);
    case 'check_bundle': return client.checkBundle(a);
    case 'deactivate_bundle': return client.deactivateBundle(a);
    case 'versions': return client.getVersions(a);
    case 'installation_file': return client.getInstallationFile(a);
    case 'track_device_variables': return client.trackDeviceVariables(a);
    case 'get_device_variables': return client.getDeviceVariables(a);
    case 'user_licenses': return client.getUserLicenses(a);
    case 'customer_license_users': return client.getCustomerLicenseUsers(a);
    case 'sso_url': return client.getSSOUrl(a);
    case 'change_password': return client.changePassword(a);
    case 'activate_offline': return client.activateOffline(client.createOfflineActivationPayload(a));
    case 'deactivate_offline': return client.deactivateOffline(client.createOfflineDeactivationPayload(a));
    default: throw new Error(`unknown operation ${op}`);
  }
}

// Fields the SDK deletes from the answers it returns, after verifying them (activateOffline
// deletes license_signature and license_signature_v2).
const STRIPPED = { activate_offline: ['license_signature'] };

for (const scenario of scenarios) {
  test(scenario.name, async () => {
    const saved = {};
    for (const [i, step] of scenario.steps.entries()) {
      const where = `step ${i} (${step.op})`;
      const args = defined(resolve(step.args, saved));
      let answer;
      try {
        answer = await runOp(api, step.op, args);
      } catch (e) {
        assert.ok('error' in step.expect, `${where}: unexpected ${JSON.stringify(e)} ${e && e.stack}`);
        assert.equal(e.code, step.expect.error, `${where}: ${JSON.stringify(e)}`);
        assert.equal(e.status, step.expect.status ?? 400, where);
        continue;
      }
      assert.ok(!('error' in step.expect), `${where}: expected ${step.expect.error}, got ${JSON.stringify(answer)}`);
      const expected = { ...step.expect.ok };
      for (const f of STRIPPED[step.op] || []) delete expected[f];
      if (Object.keys(expected).length) matches(resolve(expected, saved), answer, where);
      if (step.save) saved[step.save] = answer;
    }
  });
}

function hmacHeaders() {
  const date = new Date().toUTCString();
  const sig = crypto.createHmac('sha256', 'demo-shared-key').update(`licenseSpring\ndate: ${date}`).digest('base64');
  return { Date: date, Authorization: `algorithm="hmac-sha256",headers="date",signature="${sig}",apikey="demo-api-key"` };
}

test('the SDK\'s offline request file, and the answer as a .lic file', async () => {
  const payload = api.createOfflineActivationPayload({ product: 'demo', license_key: 'DEMO-OFFLINE', hardware_id: 'node-off-file' });
  const request = api.decodeOfflineActivationPayload(payload);
  assert.equal(request.request, 'activation');
  assert.equal(request.signature, undefined, 'the Node SDK writes no inner signature');
  const r = await fetch(`${url}/api/v4/activate_offline`, {
    method: 'POST',
    headers: { ...hmacHeaders(), 'Content-Type': 'text/plain' },
    body: payload,
  });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  // The .lic file: base64 of the body. The SDK checks v1 and v2 before accepting it.
  const lic = api.checkOfflineActivationResponse(Buffer.from(body).toString('base64'));
  assert.equal(lic.hardware_id, 'node-off-file');
  assert.equal(lic.request_id, request.request_id);
  // A changed .lic is refused.
  const forged = JSON.parse(body);
  forged.max_activations = 1000;
  assert.throws(() => api.checkOfflineActivationResponse(Buffer.from(JSON.stringify(forged)).toString('base64')),
    (e) => e.code === 'signature_v2_mismatch');
  // The same request file with another device: the outer HMAC no longer matches.
  const wrapped = JSON.parse(Buffer.from(payload, 'base64').toString());
  wrapped.request.hardware_id = 'node-off-other';
  await assert.rejects(api.activateOffline(Buffer.from(JSON.stringify(wrapped)).toString('base64')),
    (e) => e.code === 'signature_mismatch' && e.status === 401);
  assert.equal(await api.deactivateOffline(api.createOfflineDeactivationPayload({ product: 'demo', license_key: 'DEMO-OFFLINE', hardware_id: 'node-off-file' })), true);
});

test('OAuth client credentials', async (t) => {
  const oauth = new LicenseAPI({
    clientID: 'demo-client',
    clientSecret: 'demo-client-secret',
    tokenUrl,
    apiPath: `${url}/api/v4`,
    publicKey,
    hardwareID: 'node-sdk-test-device',
  });
  // The SDK keeps its token in a timer-cleared cache; clear the timer so the process can end.
  t.after(() => clearTimeout(oauth.service.bearerClearTimeout));
  const lic = await oauth.activateLicense({ product: 'demo', license_key: 'DEMO-UNLIMITED', hardware_id: 'node-oauth-1' });
  assert.equal(lic.hardware_id, 'node-oauth-1');
  assert.match(oauth.service.bearerToken.access_token, /^ls-emulator\./);
  const check = await oauth.checkLicense({ product: 'demo', license_key: 'DEMO-UNLIMITED', hardware_id: 'node-oauth-1' });
  assert.equal(check.id, 1010);
  // Offline request files signed with the client's id and secret.
  const payload = oauth.createOfflineActivationPayload({ product: 'demo', license_key: 'DEMO-OFFLINE', hardware_id: 'node-oauth-off' });
  assert.equal(oauth.decodeOfflineActivationPayload(payload).client_id, 'demo-client');
  const off = await oauth.activateOffline(payload);
  assert.equal(off.hardware_id, 'node-oauth-off');
  assert.equal(await oauth.deactivateOffline(oauth.createOfflineDeactivationPayload({ product: 'demo', license_key: 'DEMO-OFFLINE', hardware_id: 'node-oauth-off' })), true);
});

test('OAuth: a wrong client secret is refused by the token endpoint', async () => {
  const wrong = new LicenseAPI({
    clientID: 'demo-client',
    clientSecret: 'wrong',
    tokenUrl,
    apiPath: `${url}/api/v4`,
    publicKey,
    hardwareID: 'node-sdk-test-device',
  });
  await assert.rejects(wrong.getProductDetails({ product: 'demo' }),
    (e) => e.response && e.response.status === 401 && e.response.data.error === 'invalid_client');
});
