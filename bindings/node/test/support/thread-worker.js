'use strict';

// One worker thread: loads the library itself, builds its own client and runs a few
// activate/check/deactivate rounds, including an error whose detail must be its own.

const { parentPort, workerData } = require('node:worker_threads');
const ls = require('../..');

const { url, publicKeyPem, rounds, id } = workerData;
const client = new ls.Client({
  apiKey: 'demo-api-key',
  sharedKey: 'demo-shared-key',
  baseUrl: url,
  publicKeyPem,
  proxy: false,
});
const results = [];
try {
  for (let i = 0; i < rounds; i++) {
    const hardwareId = `node-thread-${id}-${i}-${process.pid}-${Date.now()}`;
    const request = new ls.Request({ product: 'demo', hardwareId, licenseKey: 'DEMO-UNLIMITED' });
    const license = client.activate(request);
    const checked = client.check(request);
    results.push({ key: license.key, active: checked.isActive });
    license.close();
    checked.close();
    client.deactivate(request);
    // An error in this thread carries this thread's detail, even while others succeed.
    try {
      client.check(request);
      results.push({ error: 'none' });
    } catch (e) {
      results.push({ error: e.serverCode, status: e.statusName });
    }
    request.close();
  }
  parentPort.postMessage({ ok: true, results });
} catch (e) {
  parentPort.postMessage({ ok: false, error: `${e.name}: ${e.message}` });
} finally {
  client.close();
}
