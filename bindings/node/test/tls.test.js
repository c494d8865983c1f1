'use strict';

// HTTPS through the Promise API, whose calls run on the addon's own threads (a TLS handshake
// needs far more stack than a plain call): a TLS proxy in front of the emulator, in this process
// (so no ...Sync call, which would block the event loop that serves it), its certificate issued
// by a test CA made here with the openssl command.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const env = require('./support/env');
const { forwarding } = require('./support/servers');
const ls = require('..');

let emulator;
let proxy;
let dir;

// A CA and a certificate for 127.0.0.1 it issued, as PEM files in `dir`.
function makeCertificates() {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=licensespring test CA',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '2',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
}

test.before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-tls-'));
  makeCertificates();
  emulator = await env.startEmulator();
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  proxy = await forwarding(emulator.url, 0, { key: read('server.key'), cert: read('server.pem') });
});

test.after(() => {
  proxy?.stop();
  emulator?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('activate, check and deactivate over HTTPS, four calls at once', async () => {
  assert.match(proxy.url, /^https:/);
  const client = new ls.Client(env.clientOptions(proxy.url, { caFile: path.join(dir, 'ca.pem') }));
  const requests = Array.from({ length: 4 }, (_, i) => ({
    product: 'demo',
    hardwareId: env.uniqueHardwareId(`tls-${i}`),
    licenseKey: 'DEMO-UNLIMITED',
  }));
  const licenses = await Promise.all(requests.map((r) => client.activate(r)));
  for (const license of licenses) {
    assert.equal(license.key, 'DEMO-UNLIMITED');
    license.close();
  }
  const checked = await client.check(requests[0]);
  assert.equal(checked.active, true);
  checked.close();
  await Promise.all(requests.map((r) => client.deactivate(r)));
  assert.equal(proxy.requests.length, 9);
  client.close();
});

test('a server certificate from a CA the client does not trust is a TLS error', async () => {
  const client = new ls.Client(env.clientOptions(proxy.url));
  const request = { product: 'demo', hardwareId: env.uniqueHardwareId('tls-untrusted'), licenseKey: 'DEMO-UNLIMITED' };
  await assert.rejects(client.activate(request), (e) => e instanceof ls.NetworkError && e.statusName === 'LS_ERR_TLS');
  client.close();
});
