'use strict';

// Promises that never block the event loop, cancellation through AbortSignal, calls in flight
// while handles are closed, timeouts passed through unchanged, and what reaches the server.
// The servers run in this very process: a call that blocked the event loop would never be
// answered.

const test = require('node:test');
const assert = require('node:assert/strict');
const env = require('./support/env');
const servers = require('./support/servers');
const { expectError, expectErrorSync } = require('./support/expect');
const ls = require('..');
const raw = require('../lib/raw');

const { Status } = ls;

let emulator;
let proxy; // forwards to the emulator; its delay is set per test
let client; // talks to the proxy

test.before(async () => {
  emulator = await env.startEmulator();
  proxy = await servers.forwarding(emulator.url);
  client = new ls.Client(env.clientOptions(proxy.url));
});

test.after(() => {
  client?.close();
  proxy?.stop();
  emulator?.stop();
});

test.afterEach(() => {
  proxy.delayMs = 0;
});

function keyRequest(licenseKey = 'DEMO-UNLIMITED') {
  return { product: 'demo', hardwareId: env.uniqueHardwareId('async'), licenseKey };
}

function ticking(intervalMs = 10) {
  const counter = { ticks: 0 };
  counter.timer = setInterval(() => counter.ticks++, intervalMs);
  return counter;
}

test('a timer keeps firing while activate waits on a server that answers after 1 s', async () => {
  proxy.delayMs = 1000;
  const req = keyRequest();
  const counter = ticking(10);
  const started = performance.now();
  const pending = client.activate(req);
  assert.ok(pending instanceof Promise);
  const license = await pending;
  const elapsed = performance.now() - started;
  clearInterval(counter.timer);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  assert.ok(elapsed >= 1000, `answered after ${elapsed} ms`);
  // About 100 ticks of 10 ms; a blocked loop would have run none until the call returned.
  assert.ok(counter.ticks >= 50, `only ${counter.ticks} ticks in ${elapsed} ms`);
  proxy.delayMs = 0;
  await client.deactivate(req);
});

test('several calls are in flight at once with Promise.all', async () => {
  proxy.delayMs = 1000;
  const reqs = Array.from({ length: 4 }, () => keyRequest());
  const started = performance.now();
  const licenses = await Promise.all(reqs.map((r) => client.activate(r)));
  const elapsed = performance.now() - started;
  assert.deepEqual(
    licenses.map((l) => l.key),
    reqs.map(() => 'DEMO-UNLIMITED'),
  );
  licenses.forEach((l) => l.close());
  // One after another they would take 4 s.
  assert.ok(elapsed < 2500, `4 calls of 1 s took ${elapsed} ms`);
  proxy.delayMs = 0;
  await Promise.all(reqs.map((r) => client.deactivate(r)));
});

// The addon's worker threads (named where the system keeps thread names).
function callThreads() {
  const fs = require('node:fs');
  return fs
    .readdirSync('/proc/self/task')
    .filter((t) => fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'licensespring').length;
}

test(
  'one call after another runs on one kept thread; more at once start more',
  { skip: process.platform !== 'linux' && 'thread names are read from /proc' },
  async () => {
    const req = keyRequest();
    (await client.activate(req)).close();
    const before = callThreads(); // earlier tests' threads are kept too
    for (let i = 0; i < 30; i++) (await client.check(req)).close();
    // The thread that finished a call is idle again before its result reaches JS: the next
    // call finds it instead of starting another.
    assert.ok(callThreads() >= 1 && callThreads() <= Math.max(before, 1), `${before} -> ${callThreads()}`);
    proxy.delayMs = 300;
    const many = await Promise.all(Array.from({ length: 6 }, () => client.check(req)));
    many.forEach((l) => l.close());
    assert.ok(callThreads() >= 6, `${callThreads()} threads for 6 calls at once`);
    proxy.delayMs = 0;
    await client.deactivate(req);
  },
);

async function expectAborted(promise, signal) {
  const e = await expectError(promise, ls.CancelledError, {
    name: 'AbortError',
    code: 'ABORT_ERR',
    status: Status.LS_ERR_CANCELLED,
    statusName: 'LS_ERR_CANCELLED',
    category: 'cancelled',
    httpStatus: 0,
  });
  assert.equal(e.cause, signal.reason);
  return e;
}

test('aborting a waiting call rejects it promptly with an AbortError; the client stays usable', async () => {
  proxy.delayMs = Infinity;
  const controller = new AbortController();
  const req = keyRequest();
  const pending = client.activate(req, { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 200));
  const aborted = performance.now();
  controller.abort();
  await expectAborted(pending, controller.signal);
  const took = performance.now() - aborted;
  assert.ok(took < 1000, `rejected ${took} ms after abort()`);
  assert.ok(controller.signal.reason instanceof DOMException);

  // The same client, and the same request, work afterwards.
  proxy.delayMs = 0;
  const license = await client.activate(req, { signal: new AbortController().signal });
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  await client.deactivate(req);
});

test('an already aborted signal rejects at once and sends nothing', async () => {
  const controller = new AbortController();
  controller.abort(new Error('changed my mind'));
  const sent = proxy.requests.length;
  await expectAborted(client.check(keyRequest(), { signal: controller.signal }), controller.signal);
  assert.equal(proxy.requests.length, sent);
  assert.equal(controller.signal.reason.message, 'changed my mind');
});

test('AbortSignal.timeout cancels a call that waits too long', async () => {
  proxy.delayMs = Infinity;
  const signal = AbortSignal.timeout(200);
  const started = performance.now();
  const e = await expectAborted(client.activate(keyRequest(), { signal }), signal);
  assert.equal(e.cause.name, 'TimeoutError');
  assert.ok(performance.now() - started < 1500);
});

test('a signal aborted after the call ended changes nothing', async () => {
  const controller = new AbortController();
  const req = keyRequest();
  const license = await client.activate(req, { signal: controller.signal });
  controller.abort();
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  await client.deactivate(req);
});

test('closing the client or the request while a call is in flight waits for the call', async () => {
  proxy.delayMs = 500;
  const c = new ls.Client(env.clientOptions(proxy.url));
  const fields = keyRequest();
  const req = new ls.Request(fields);
  const pending = c.activate(req);
  await new Promise((r) => setTimeout(r, 100));
  // A request must not change while a call reads it.
  assert.throws(() => req.setHostname('h'), /in use by a call in progress/);
  c.close();
  req.close();
  assert.equal(c.closed, true);
  assert.equal(req.closed, true);
  await assert.rejects(c.check(fields), ls.ClosedError);
  // The same through a Request, and a wrong receiver.
  const open = new ls.Request(fields);
  await assert.rejects(c.check(open), { name: 'ClosedError', message: 'Client is closed' });
  await assert.rejects(client.check(req), { name: 'ClosedError', message: 'Request is closed' });
  await assert.rejects(client.check.call({}, open), { name: 'TypeError', message: /expected a NativeHandle/ });
  assert.equal(open._inUse, false); // nothing was left held
  open.close();
  const license = await pending; // the call finished with both handles alive
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  proxy.delayMs = 0;
  await client.deactivate(fields);
});

test('a total timeout of 300 ms against a server that never answers ends in LS_ERR_TIMEOUT', async (t) => {
  const stall = await servers.stalling();
  t.after(() => stall.stop());
  const c = new ls.Client(env.clientOptions(stall.url, { timeouts: { totalMs: 300 } }));
  const started = performance.now();
  await expectError(c.activate(keyRequest()), ls.NetworkError, { status: Status.LS_ERR_TIMEOUT, httpStatus: 0 });
  const took = performance.now() - started;
  assert.ok(took >= 250 && took < 2000, `timed out after ${took} ms`);
  c.close();
  // Only the connect timeout given: the total one stays the library's.
  const onlyConnect = new ls.Client(env.clientOptions(emulator.url, { timeouts: { connectMs: 1500 } }));
  const license = await onlyConnect.check({ ...keyRequest(), hardwareId: 'never-activated' }).catch((e) => e);
  assert.equal(license.status, Status.LS_ERR_DEVICE_NOT_FOUND);
  onlyConnect.close();
});

test('invalid timeouts are refused by the library, with its own message', () => {
  const configs = [];
  const coreMessage = (setter, seconds) => {
    const cfg = [null];
    raw.ls_config_new('k', 's', cfg, [null]);
    configs.push(cfg[0]);
    const error = [null];
    assert.equal(raw[setter](cfg[0], seconds, error), Status.LS_ERR_INVALID_ARGUMENT);
    const message = raw.readError(error[0]).message;
    raw.ls_error_free(error[0]);
    return message;
  };
  const cases = [
    [{ totalMs: 0 }, 'ls_config_set_total_timeout', 0],
    [{ totalMs: -1 }, 'ls_config_set_total_timeout', -0.001],
    [{ totalMs: NaN }, 'ls_config_set_total_timeout', NaN],
    [{ totalMs: 86400001 }, 'ls_config_set_total_timeout', 86400.001],
    [{ connectMs: 0 }, 'ls_config_set_connect_timeout', 0],
    [{ connectMs: Infinity }, 'ls_config_set_connect_timeout', Infinity],
  ];
  for (const [timeouts, setter, seconds] of cases) {
    const e = expectErrorSync(
      () => new ls.Client(env.clientOptions(emulator.url, { timeouts })),
      ls.InvalidArgumentError,
      {
        status: Status.LS_ERR_INVALID_ARGUMENT,
      },
    );
    assert.equal(e.message, coreMessage(setter, seconds), JSON.stringify(timeouts));
  }
  configs.forEach((cfg) => raw.ls_config_free(cfg));
  // The largest the library accepts, to the millisecond.
  new ls.Client(env.clientOptions(emulator.url, { timeouts: { connectMs: 86400000, totalMs: 0.5 } })).close();
});

test('what the caller gives reaches the server under the API names', async () => {
  const c = new ls.Client(env.clientOptions(proxy.url, { appVersion: 'app-9.9' }));
  const fields = keyRequest();
  const req = new ls.Request({ ...fields, hostname: 'host-1', osVer: 'os-2', isVm: false, variables: { seat: 'A1' } });
  (await c.activate(req)).close();
  const activation = proxy.requests.at(-1);
  assert.equal(activation.method, 'POST');
  assert.match(activation.url, /\/activate_license$/);
  const body = JSON.parse(activation.body);
  assert.equal(body.product, 'demo');
  assert.equal(body.hardware_id, fields.hardwareId);
  assert.equal(body.license_key, 'DEMO-UNLIMITED');
  assert.equal(body.app_ver, 'app-9.9'); // from the client's options
  assert.equal(body.hostname, 'host-1');
  assert.equal(body.os_ver, 'os-2');
  assert.equal(body.is_vm, false);
  assert.deepEqual(body.variables, { seat: 'A1' });

  req.setAppVer('req-1.0'); // the request's own version wins
  (await c.check(req)).close();
  const check = proxy.requests.at(-1);
  assert.equal(check.method, 'GET');
  const query = new URL(check.url, proxy.url).searchParams;
  assert.equal(query.get('app_ver'), 'req-1.0');
  assert.equal(query.get('hardware_id'), fields.hardwareId);
  await c.deactivate(req);
  req.close();
  c.close();
});
