// N activations through the Node binding (bindings/node, its public API as its README shows):
// activate, read the license id, close. Four figures, each its own RESULT line (with the CPU time
// of this process, all its threads, per call):
//   lang=node-raw        the raw layer (licensespring-native/raw): the C driver's calls, made from
//                        JS through the addon, with no wrapper code: what any Node code pays to call it;
//   lang=node-sync       the idiomatic ...Sync variant, on this thread;
//   lang=node-raw-async  the raw layer's ls_call.async with a bare callback: the hop to libuv's
//                        pool and back, with no wrapper code: the floor of any non-blocking call;
//   lang=node            the idiomatic Promise API, the binding's own: each call hops to the pool.
// And, measured in the same turns, the hop alone (ls_call with a NULL client, which the library
// refuses at once: no network), as RESULT node_hop lines outside the wrapper table:
//   what=sync            an addon call on this thread;   what=async   the same through ls_call.async.
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP, BENCH_BLOCK; LICENSESPRING_LIB names the
// release library. BENCH_NODE_BEFORE names another copy of bindings/node (say, the previous
// commit's, with its own node_modules and build/): its Promise API is measured too, as lang=node-before,
// interleaved with the others: a before/after in one run. Such a copy, from the repository root:
//   mkdir -p /tmp/before/node_modules && git archive REV bindings/node/lib bindings/node/package.json |
//     tar -x -C /tmp/before --strip-components=2 && (cd /tmp/before && npm install --no-save koffi)
//   (a commit before the addon needs koffi; one after it needs build/licensespring.node built in it)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const binding = path.join(__dirname, '..', '..', 'bindings', 'node');
const { Client, Request, Operation, Field, Status } = require(binding);
const raw = require(path.join(binding, 'lib', 'raw'));

const n = Number(process.env.BENCH_N ?? 2000);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const ID = 1749538876210079;
const options = {
  apiKey: 'bench-api-key',
  sharedKey: 'bench-shared-key',
  baseUrl: process.env.BENCH_URL,
  proxy: false,
  publicKeyPem: fs.readFileSync(process.env.BENCH_PUBKEY, 'utf8'),
};
const fields = { product: 'bench', hardwareId: 'bench-hardware-id-0001', licenseKey: 'BENCH-AAAA-BBBB-CCCC' };
const client = new Client(options);
const request = new Request(fields);

function use(license) {
  if (license.id !== ID) throw new Error(`unexpected id ${license.id}`);
  license.close();
}

const out = [null];
const error = [null];
const value = {};
function rawOne() {
  if (raw.ls_call(client._ptr, Operation.LS_OP_ACTIVATE, request._ptr, null, out, error) !== Status.LS_OK)
    throw new Error('ls_call failed');
  raw.ls_result_get(out[0], Field.LS_LICENSE_ID, value, error);
  if (value.integer !== ID) throw new Error(`unexpected id ${value.integer}`);
  raw.ls_result_free(out[0]);
}

function rawAsyncOne() {
  return new Promise((resolve, reject) => {
    raw.ls_call.async(client._ptr, Operation.LS_OP_ACTIVATE, request._ptr, null, out, error, (e, status) => {
      if (e || status !== Status.LS_OK) return reject(e ?? new Error('ls_call failed'));
      raw.ls_result_get(out[0], Field.LS_LICENSE_ID, value, error);
      if (value.integer !== ID) return reject(new Error(`unexpected id ${value.integer}`));
      raw.ls_result_free(out[0]);
      resolve();
    });
  });
}

// The figures are measured interleaved, BENCH_BLOCK calls of each in turn, so that changes of
// the machine's load fall on all of them alike; each RESULT is its figure's total time over N.
async function measure(figures) {
  const block = Number(process.env.BENCH_BLOCK ?? 50);
  for (const [, one] of figures) for (let i = 0; i < warmup; i++) await one();
  const ns = figures.map(() => 0n);
  const cpu = figures.map(() => 0); // this process's CPU time, all its threads, in microseconds
  for (let done = 0; done < n; done += block) {
    for (const [k, [, one]] of figures.entries()) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      for (let i = done; i < Math.min(n, done + block); i++) await one();
      const c = process.cpuUsage(c0);
      ns[k] += process.hrtime.bigint() - t0;
      cpu[k] += c.user + c.system;
    }
  }
  for (const [k, [lang]] of figures.entries()) {
    const us = Number(ns[k]) / 1e3 / n;
    const what = lang.startsWith('hop-') ? `node_hop what=${lang.slice(4)}` : `wrapper lang=${lang}`;
    console.log(
      `RESULT ${what} calls=${n} us_per_call=${us.toFixed(1)} calls_per_s=${(1e6 / us).toFixed(0)} cpu_us_per_call=${(cpu[k] / n).toFixed(1)}`,
    );
  }
}

const figures = [
  ['node-raw', rawOne],
  ['node-sync', () => use(client.activateSync(request))],
  ['node-raw-async', rawAsyncOne],
  ['node', async () => use(await client.activate(request))],
];
if (process.env.BENCH_NODE_BEFORE) {
  const before = require(process.env.BENCH_NODE_BEFORE);
  const [c, r] = [new before.Client(options), new before.Request(fields)];
  figures.push(['node-before', async () => use(await c.activate(r))]);
}
figures.push(['hop-sync', () => raw.ls_call(null, 0, null, null, null, null)]);
figures.push([
  'hop-async',
  () => new Promise((resolve) => raw.ls_call.async(null, 0, null, null, null, null, resolve)),
]);
measure(figures)
  .then(() => client.close())
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
