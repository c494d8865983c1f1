// N activations through the Node binding (bindings/node, its public API as its README shows):
// activate, read the license id, close. Three figures, each its own RESULT line:
//   lang=node-raw   the raw layer (licensespring-native/raw): the C driver's calls, made from JS
//                   through koffi, with no wrapper code: what any Node code pays to call the library;
//   lang=node-sync  the idiomatic ...Sync variant, on this thread;
//   lang=node       the idiomatic Promise API, the binding's own: each call hops to libuv's pool.
// The Promise API runs last: after it the pool's threads perturb a synchronous loop measured next.
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP; LICENSESPRING_LIB names the release library.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const binding = path.join(__dirname, '..', '..', 'bindings', 'node');
const { Client, Request, Operation, Field, Status } = require(binding);
const raw = require(path.join(binding, 'lib', 'raw'));

const n = Number(process.env.BENCH_N ?? 2000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const ID = 1749538876210079;
const client = new Client({
  apiKey: 'bench-api-key',
  sharedKey: 'bench-shared-key',
  baseUrl: process.env.BENCH_URL,
  proxy: false,
  publicKeyPem: fs.readFileSync(process.env.BENCH_PUBKEY, 'utf8'),
});
const request = new Request({ product: 'bench', hardwareId: 'bench-hardware-id-0001', licenseKey: 'BENCH-AAAA-BBBB-CCCC' });

function use(license) {
  if (license.id !== ID) throw new Error(`unexpected id ${license.id}`);
  license.close();
}

const out = [null];
const error = [null];
const value = {};
function rawOne() {
  if (raw.ls_call(client._ptr, Operation.LS_OP_ACTIVATE, request._ptr, null, out, error) !== Status.LS_OK) throw new Error('ls_call failed');
  raw.ls_result_get(out[0], Field.LS_LICENSE_ID, value, error);
  if (value.integer !== ID) throw new Error(`unexpected id ${value.integer}`);
  raw.ls_result_free(out[0]);
}

async function measure(lang, one) {
  for (let i = 0; i < warmup; i++) await one();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await one();
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`RESULT wrapper lang=${lang} calls=${n} us_per_call=${((dt * 1e6) / n).toFixed(1)} calls_per_s=${(n / dt).toFixed(0)}`);
}

(async () => {
  await measure('node-raw', rawOne);
  await measure('node-sync', () => use(client.activateSync(request)));
  await measure('node', async () => use(await client.activate(request)));
  client.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
