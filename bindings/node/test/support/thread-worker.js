'use strict';

// One worker thread: loads the library itself, builds its own client and runs a few
// activate/check/deactivate rounds (with the Promise API, or the Sync one when asked), including
// an error whose detail must be its own.

const { parentPort, workerData } = require('node:worker_threads');
const ls = require('../..');

const { url, publicKeyPem, rounds, id, sync } = workerData;

async function main() {
  const client = new ls.Client({
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    baseUrl: url,
    publicKeyPem,
    proxy: false,
  });
  const call = (op, request) => (sync ? client[`${op}Sync`](request) : client[op](request));
  const results = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const hardwareId = `node-thread-${id}-${i}-${process.pid}-${Date.now()}`;
      const request = new ls.Request({ product: 'demo', hardwareId, licenseKey: 'DEMO-UNLIMITED' });
      const license = await call('activate', request);
      const checked = await call('check', request);
      results.push({ key: license.key, active: checked.active, hardwareId: checked.hardwareId === hardwareId });
      license.close();
      checked.close();
      await call('deactivate', request);
      // An error in this thread carries this thread's detail, even while others succeed.
      try {
        await call('check', request);
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
}

main();
