'use strict';

// OAuth client credentials: the options pass the client ID, secret and token URL through to the
// library, which fetches, caches and refreshes the tokens. Against ls-emulator's token endpoint
// (with --clock-control, for its faults and its clock).

const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const env = require('./support/env');
const servers = require('./support/servers');
const { expectError } = require('./support/expect');
const ls = require('..');

const { Status } = ls;

let emulator;

test.before(async () => {
  emulator = await env.startEmulator('--clock-control');
});

test.after(() => emulator?.stop());

function keyRequest(prefix) {
  return new ls.Request({ product: 'demo', hardwareId: env.uniqueHardwareId(prefix), licenseKey: 'DEMO-UNLIMITED' });
}

/** Every way an error can be shown: none may contain `secret`. */
function assertNotShown(e, secret) {
  for (const shown of [e.message, e.stack, String(e), util.inspect(e), JSON.stringify(e), e.serverCode]) {
    assert.ok(!String(shown).includes(secret), `the secret appears in: ${shown}`);
  }
}

test('calls authenticated with a bearer token of demo-client', async () => {
  const client = new ls.Client(env.oauthOptions(emulator.url, 'demo-client'));
  const r = keyRequest('oauth');
  const license = await client.activate(r);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  (await client.check(r)).close();
  const product = client.productDetailsSync({ product: 'demo' });
  assert.equal(product.id, 1);
  product.close();
  await client.deactivate(r);
  // Authorized (the server looked for the device): the token is still good.
  await expectError(client.check(r), ls.LicenseError, { status: Status.LS_ERR_DEVICE_NOT_FOUND });
  r.close();
  client.close();
});

test('a wrong secret ends in LS_ERR_OAUTH_INVALID_CLIENT, and the secret is in no message', async () => {
  const secret = 'wrong-secret-value-4711';
  const client = new ls.Client(env.oauthOptions(emulator.url, 'demo-client', { clientSecret: secret }));
  const r = keyRequest('oauth-wrong');
  for (const call of [() => client.activate(r), async () => client.checkSync(r)]) {
    const e = await expectError(call, ls.AuthorizationError, {
      status: Status.LS_ERR_OAUTH_INVALID_CLIENT,
      statusName: 'LS_ERR_OAUTH_INVALID_CLIENT',
      category: 'authorization',
      httpStatus: 401,
    });
    assertNotShown(e, secret);
  }
  r.close();
  client.close();
});

test("the token endpoint's faults: each in its own status, and recovered from", async () => {
  const cases = [
    ['demo-client-invalid', 'invalid_client', ls.AuthorizationError, Status.LS_ERR_OAUTH_INVALID_CLIENT],
    ['demo-client-html', 'html', ls.ServerError, Status.LS_ERR_SERVER],
    ['demo-client-expired', 'expired_tokens', ls.AuthorizationError, Status.LS_ERR_OAUTH_TOKEN_EXPIRED],
  ];
  for (const [clientId, fault, Cls, status] of cases) {
    const client = new ls.Client(env.oauthOptions(emulator.url, clientId));
    const r = keyRequest(fault);
    const e = await expectError(client.activate(r), Cls, { status });
    assertNotShown(e, 'demo-client-secret');
    await env.admin(emulator.url, 'oauth', { client_id: clientId, fault: null });
    const license = await client.activate(r); // the same client, once the endpoint recovers
    license.close();
    await client.deactivate(r);
    r.close();
    client.close();
  }
});

test('a token the server refuses once the clock passes its lifetime is replaced, once', async () => {
  // The token requests go through a forwarder that records them.
  const tokens = await servers.forwarding(emulator.url);
  const fetches = () => tokens.requests.filter((q) => q.url.endsWith('/openid-connect/token')).length;
  const client = new ls.Client(
    env.oauthOptions(emulator.url, 'demo-client-short', { tokenUrl: env.tokenUrl(tokens.url) }),
  );
  const r = keyRequest('oauth-refresh');
  try {
    (await client.activate(r)).close();
    (await client.check(r)).close();
    assert.equal(fetches(), 1, 'the token is reused');
    await env.admin(emulator.url, 'clock', { advance_seconds: 61 });
    (await client.check(r)).close(); // refused with oauth_token_expired, fetched again, retried
    assert.equal(fetches(), 2);
  } finally {
    await env.admin(emulator.url, 'clock', { reset: true });
    tokens.stop();
  }
  await client.deactivate(r);
  r.close();
  client.close();
});

test('the options: one way of authenticating, each value checked by the library', () => {
  const url = emulator.url;
  assert.throws(() => new ls.Client({ ...env.clientOptions(url), clientId: 'demo-client', clientSecret: 's' }), {
    name: 'TypeError',
    message: /apiKey and sharedKey, or clientId and clientSecret/,
  });
  assert.throws(
    () => new ls.Client(env.oauthOptions(url, 'demo-client', { clientSecret: '' })),
    (e) => e instanceof ls.InvalidArgumentError && e.status === Status.LS_ERR_INVALID_ARGUMENT,
  );
  assert.throws(
    () => new ls.Client(env.oauthOptions(url, 'demo-client', { clientSecret: null })),
    (e) => e instanceof ls.InvalidArgumentError && e.status === Status.LS_ERR_NULL_ARGUMENT,
  );
  assert.throws(
    () => new ls.Client(env.oauthOptions(url, 'demo-client', { tokenUrl: 'not a url' })),
    (e) => e instanceof ls.InvalidArgumentError && e.status === Status.LS_ERR_INVALID_ARGUMENT,
  );
  // A token URL belongs to OAuth: with an API key the library refuses it.
  assert.throws(
    () => new ls.Client({ ...env.clientOptions(url), tokenUrl: env.tokenUrl(url) }),
    (e) => e instanceof ls.InvalidArgumentError && e.status === Status.LS_ERR_INVALID_ARGUMENT,
  );
  assert.throws(() => new ls.Client(env.oauthOptions(url, 'demo-client', { clientSecret: 42 })), TypeError);
});
