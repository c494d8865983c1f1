'use strict';

// Library lookup order (beside the package, LICENSESPRING_LIB, system search path) and the
// ABI version check, each in a fresh process.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const env = require('./support/env');
const { ABI_VERSION } = require('../lib/generated');

const PKG = path.resolve(__dirname, '..');

function runNode(args, extraEnv, cwd = PKG) {
  const childEnv = { ...process.env, ...extraEnv };
  for (const [k, v] of Object.entries(extraEnv)) {
    if (v === undefined) {
      delete childEnv[k];
    }
  }
  return spawnSync(process.execPath, args, { cwd, env: childEnv, encoding: 'utf8' });
}

test('a missing library names every place that was searched', () => {
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'liblicensespring.so');
  const r = runNode(['-e', "require('./lib/index.js')"], { LICENSESPRING_LIB: missing, LD_LIBRARY_PATH: undefined });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /licensespring native library not found; looked in:/);
  assert.ok(r.stderr.includes(path.join(PKG, 'native', 'liblicensespring.so')), r.stderr);
  assert.ok(r.stderr.includes(`LICENSESPRING_LIB: ${missing}`), r.stderr);
  assert.match(r.stderr, /the system search path: liblicensespring\.so/);
});

test('without LICENSESPRING_LIB the error says it was not set', () => {
  const r = runNode(['-e', "require('./lib/index.js')"], { LICENSESPRING_LIB: undefined, LD_LIBRARY_PATH: undefined });
  if (r.status === 0) {
    // A copy in native/ or on the system search path was found: nothing to check here.
    return;
  }
  assert.match(r.stderr, /LICENSESPRING_LIB: not set/);
});

test('LICENSESPRING_LIB is used when nothing is beside the package', () => {
  const r = runNode(['-p', "require('./lib/index.js').libraryPath"], { LICENSESPRING_LIB: env.paths.library });
  assert.equal(r.status, 0, r.stderr);
  const found = r.stdout.trim();
  assert.ok(found === env.paths.library || found === path.join(PKG, 'native', 'liblicensespring.so'), found);
});

test('a library beside the package comes first', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-pkg-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(PKG, 'lib'), path.join(dir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(PKG, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(PKG, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'native'));
  fs.copyFileSync(env.paths.library, path.join(dir, 'native', 'liblicensespring.so'));
  const r = runNode(
    ['-p', "const ls = require('./lib/index.js'); ls.libraryPath + ' ' + ls.version()"],
    { LICENSESPRING_LIB: '/nonexistent/liblicensespring.so' },
    dir,
  );
  assert.equal(r.status, 0, r.stderr);
  const [found, version] = r.stdout.trim().split(' ');
  assert.equal(found, path.join(dir, 'native', 'liblicensespring.so'));
  assert.match(version, /^\d+\.\d+\.\d+/);
});

test('a library with another ABI version is refused, naming both versions', () => {
  const r = runNode(['-r', path.join(__dirname, 'support', 'fake-abi.js'), '-e', "require('./lib/index.js')"], {
    LICENSESPRING_LIB: env.paths.library,
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`has ABI version 999, but this package expects ABI version ${ABI_VERSION}`));
});
