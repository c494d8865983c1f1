'use strict';

// Runs the example of README.md, extracted verbatim, against the emulator.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const env = require('./support/env');

const PKG = path.resolve(__dirname, '..');

let emulator;

test.before(async () => {
  emulator = await env.startEmulator();
});

test.after(() => emulator?.stop());

function exampleFromReadme() {
  const readme = fs.readFileSync(path.join(PKG, 'README.md'), 'utf8');
  const m = /## Example\s+```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.md has no ```js block under "## Example"');
  return m[1];
}

function run(file, extraEnv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: { ...process.env, ...extraEnv }, cwd: PKG });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

test('the README example runs and prints the license', async (t) => {
  // Inside the package, so that require('licensespring-native') resolves to this package.
  const file = path.join(PKG, 'test', `.readme-example-${process.pid}.js`);
  fs.writeFileSync(file, exampleFromReadme());
  t.after(() => fs.rmSync(file, { force: true }));
  const r = await run(file, {
    LS_BASE_URL: emulator.url,
    LS_EMULATOR_PUBLIC_KEY: env.paths.publicKey,
    LS_HARDWARE_ID: env.uniqueHardwareId('readme'),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'DEMO-1111-2222-3333 perpetual pro,export');
});
