'use strict';

// Runs every ```js block of README.md, extracted verbatim, against the emulator, and compares
// what it prints with the ```text block that follows it.

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

function examplesFromReadme() {
  const readme = fs.readFileSync(path.join(PKG, 'README.md'), 'utf8');
  return [...readme.matchAll(/```js\n([\s\S]*?)```\s*(?:prints\s*```text\n([\s\S]*?)```)?/g)].map((m) => ({
    code: m[1],
    output: m[2],
  }));
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

const examples = examplesFromReadme();

test('README.md has its examples, each with the output it prints', () => {
  assert.ok(examples.length >= 8, `${examples.length} examples`);
  for (const e of examples) {
    assert.ok(e.output, `no output block after:\n${e.code}`);
  }
});

examples.forEach((example, i) => {
  test(`README example ${i + 1} runs and prints what the README says`, async (t) => {
    // Inside the package, so that require('licensespring-native') resolves to this package.
    const file = path.join(PKG, 'test', `.readme-example-${process.pid}-${i}.js`);
    fs.writeFileSync(file, example.code);
    t.after(() => fs.rmSync(file, { force: true }));
    const r = await run(file, {
      LS_BASE_URL: emulator.url,
      LS_EMULATOR_PUBLIC_KEY: env.paths.publicKey,
      LS_HARDWARE_ID: env.uniqueHardwareId('readme'),
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, example.output);
  });
});
