// N activations through the Node binding (bindings/node, its public API as its README shows):
// activate, read the license id, close. The Promise API (lang=node) is the binding's own; the
// ...Sync variant (lang=node-sync) is measured too, to show what the hop to libuv's pool costs.
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP; LICENSESPRING_LIB names the release library.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Client, Request } = require(path.join(__dirname, '..', '..', 'bindings', 'node'));

const n = Number(process.env.BENCH_N ?? 2000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const client = new Client({
  apiKey: 'bench-api-key',
  sharedKey: 'bench-shared-key',
  baseUrl: process.env.BENCH_URL,
  proxy: false,
  publicKeyPem: fs.readFileSync(process.env.BENCH_PUBKEY, 'utf8'),
});
const request = new Request({ product: 'bench', hardwareId: 'bench-hardware-id-0001', licenseKey: 'BENCH-AAAA-BBBB-CCCC' });

function use(license) {
  if (Number(license.id) !== 1749538876210079) throw new Error(`unexpected id ${license.id}`);
  license.close();
}

async function measure(lang, one) {
  for (let i = 0; i < warmup; i++) await one();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await one();
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`RESULT wrapper lang=${lang} calls=${n} us_per_call=${((dt * 1e6) / n).toFixed(1)} calls_per_s=${(n / dt).toFixed(0)}`);
}

(async () => {
  await measure('node', async () => use(await client.activate(request)));
  await measure('node-sync', () => use(client.activateSync(request)));
  client.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
