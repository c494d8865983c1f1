// Activations through the Node binding (bindings/node, its public API as its README shows):
// activate, read the license id, close. Figures, served to paired.py (READY, then `<figure>
// <count>` lines answered with wall and CPU nanoseconds):
//   node-raw        the raw layer (licensespring-native/raw): the C driver's calls, made from JS
//                   through the addon, with no wrapper code: what any Node code pays to call it;
//   node-sync       the idiomatic ...Sync variant, on this thread;
//   node-raw-async  the raw layer's ls_call.async with a bare callback: the hand-off to a worker
//                   thread and back, with no wrapper code: the floor of any non-blocking call;
//   node-async      the idiomatic Promise API, the binding's own: each call hops to a worker;
//   hop-sync        ls_call with a NULL client, which the library refuses at once (no network),
//   hop-async       ... and the same through ls_call.async: the bare hand-off.
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP; LICENSESPRING_LIB names the release library.
// BENCH_NODE_BEFORE names other copies of bindings/node (say, earlier commits', each with its own
// node_modules and build/), separated by ':': the sync and Promise APIs of the i-th are two more
// figures, node-before<i>-sync and node-before<i>-async: a before/after in one run. Such a copy, from
// the repository root (a commit before the addon needs `npm ci` only: it used koffi):
//   mkdir -p /tmp/before && git archive REV bindings/node include | tar -x -C /tmp/before &&
//     (cd /tmp/before/bindings/node && npm ci && bash build-addon.sh)
// and BENCH_NODE_BEFORE=/tmp/before/bindings/node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const binding = path.join(__dirname, '..', '..', 'bindings', 'node');
const { Client, Request, Operation, Field, Status } = require(binding);
const raw = require(path.join(binding, 'lib', 'raw'));

const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const ID = 1749538876210079;
const options = {
  apiKey: 'bench-api-key',
  sharedKey: 'bench-shared-key',
  baseUrl: process.env.BENCH_URL,
  proxy: false,
  publicKeyPem: fs.readFileSync(process.env.BENCH_PUBKEY, 'utf8'),
};
const fields = {
  product: 'bench',
  hardwareId: 'bench-hardware-id-0001',
  licenseKey: 'BENCH-AAAA-BBBB-CCCC',
};
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

// paired.py's protocol: READY with the figure names, then each stdin line `<figure> <count>` is
// answered with the wall and CPU nanoseconds those calls took: a synchronous figure's in a plain
// loop, as C's, an asynchronous one's (named ...-async, as paired.py knows them) awaited one after
// another. (Awaiting a synchronous call would add a microtask turn per call, which no caller of
// ...Sync pays; BENCHMARKS.md section 4.)
async function serve(figures) {
  const isAsync = (name) => name.endsWith('-async');
  const byName = new Map(figures);
  for (const [name, one] of figures) for (let i = 0; i < warmup; i++) isAsync(name) ? await one() : one();
  process.stdout.write(`READY ${figures.map(([name]) => name).join(' ')}\n`);
  const lines = require('node:readline').createInterface({
    input: process.stdin,
  });
  for await (const line of lines) {
    const [name, count] = line.trim().split(/\s+/);
    const one = byName.get(name);
    if (!one) throw new Error(`unknown figure ${name}`);
    const n = Number(count);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    if (isAsync(name)) for (let i = 0; i < n; i++) await one();
    else for (let i = 0; i < n; i++) one();
    const ns = process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    process.stdout.write(`${ns} ${(c.user + c.system) * 1000}\n`);
  }
}

const figures = [
  ['node-raw', rawOne],
  ['node-sync', () => use(client.activateSync(request))],
  ['node-raw-async', rawAsyncOne],
  ['node-async', async () => use(await client.activate(request))],
];
for (const [i, dir] of (process.env.BENCH_NODE_BEFORE ?? '').split(':').filter(Boolean).entries()) {
  const before = require(dir);
  const [c, r] = [new before.Client(options), new before.Request(fields)];
  figures.push([`node-before${i + 1}-sync`, () => use(c.activateSync(r))]);
  figures.push([`node-before${i + 1}-async`, async () => use(await c.activate(r))]);
}
figures.push(['hop-sync', () => raw.ls_call(null, 0, null, null, null, null)]);
figures.push([
  'hop-async',
  () => new Promise((resolve) => raw.ls_call.async(null, 0, null, null, null, null, resolve)),
]);
serve(figures)
  .then(() => client.close())
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
