'use strict';

// Concurrent use from several JavaScript threads: each worker_threads worker loads the library
// and activates with its own client (with the Promise API, or the Sync one), all against one
// emulator at the same time.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const env = require('./support/env');
const ls = require('..');
const raw = require('../lib/raw');

let emulator;

test.before(async () => {
  emulator = await env.startEmulator();
});

test.after(() => emulator?.stop());

function runWorker(id, rounds, sync = false) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'support', 'thread-worker.js'), {
      workerData: { url: emulator.url, publicKeyPem: env.publicKeyPem(), rounds, id, sync },
      env: process.env,
    });
    let message;
    worker.once('message', (m) => {
      message = m;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`worker ${id} exited with ${code}`));
      } else {
        resolve(message);
      }
    });
  });
}

test('four worker threads activate, check and deactivate at once', async () => {
  const WORKERS = 4;
  const ROUNDS = 5;
  const outcomes = await Promise.all(Array.from({ length: WORKERS }, (_, id) => runWorker(id, ROUNDS, id % 2 === 1)));
  for (const outcome of outcomes) {
    assert.equal(outcome.ok, true, outcome.error);
    assert.equal(outcome.results.length, ROUNDS * 2);
    for (let i = 0; i < ROUNDS; i++) {
      assert.deepEqual(outcome.results[2 * i], { key: 'DEMO-UNLIMITED', active: true, hardwareId: true });
      assert.deepEqual(outcome.results[2 * i + 1], { error: 'device_not_found', status: 'LS_ERR_DEVICE_NOT_FOUND' });
    }
  }
});

test('the main thread keeps working while workers run', async () => {
  const running = runWorker(99, 3, true);
  const client = new ls.Client(env.clientOptions(emulator.url));
  const req = { product: 'demo', hardwareId: env.uniqueHardwareId('main'), licenseKey: 'DEMO-UNLIMITED' };
  const license = await client.activate(req);
  assert.equal(license.key, 'DEMO-UNLIMITED');
  license.close();
  await client.deactivate(req);
  client.close();
  const outcome = await running;
  assert.equal(outcome.ok, true, outcome.error);
});

test('a worker thread that ends while its calls are in flight leaves the process working', async () => {
  // The server answers after 300 ms; the worker starts three calls and is terminated at once,
  // so the calls finish on the addon's threads after their Node environment is gone.
  const { forwarding } = require('./support/servers');
  const slow = await forwarding(emulator.url, 300);
  const releasedBefore = raw.released();
  try {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const ls = require(${JSON.stringify(path.join(__dirname, '..'))});
      const client = new ls.Client({ apiKey: 'demo-api-key', sharedKey: 'demo-shared-key', baseUrl: workerData.url,
        publicKeyPem: workerData.publicKeyPem, proxy: false });
      for (let i = 0; i < 3; i++) client.activate({ product: 'demo', hardwareId: 'ended-' + i, licenseKey: 'DEMO-UNLIMITED' });
      parentPort.postMessage('started');`;
    for (let round = 0; round < 3; round++) {
      const worker = new Worker(source, {
        eval: true,
        workerData: { url: slow.url, publicKeyPem: env.publicKeyPem() },
      });
      await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // the calls end on the workers meanwhile
    assert.equal(slow.requests.length, 9);
    // Each worker's client and its three requests were freed as its environment ended (the addon
    // frees each only once the call that used it has run).
    assert.ok(raw.released() - releasedBefore >= 3 * 4, `${raw.released() - releasedBefore} freed`);
    // This thread's calls, Promise and Sync, still work.
    const client = new ls.Client(env.clientOptions(emulator.url));
    const req = { product: 'demo', hardwareId: env.uniqueHardwareId('after-ended'), licenseKey: 'DEMO-UNLIMITED' };
    (await client.activate(req)).close();
    client.deactivateSync(req);
    client.close();
  } finally {
    slow.stop();
  }
});
