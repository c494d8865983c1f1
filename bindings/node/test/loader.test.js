'use strict';

// Library lookup order (LICENSESPRING_LIB, the package's native/<platform>-<arch>/, the system
// search path) and the ABI version check, each in a fresh process.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const env = require('./support/env');
const { ABI_VERSION } = require('../lib/generated');

const PKG = path.resolve(__dirname, '..');
const PLATFORM = `${process.platform}-${process.arch}`;

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
  assert.ok(r.stderr.includes(path.join(PKG, 'native', PLATFORM, 'liblicensespring.so')), r.stderr);
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

test('LICENSESPRING_LIB is used when set', () => {
  const r = runNode(['-p', "require('./lib/index.js').libraryPath"], { LICENSESPRING_LIB: env.paths.library });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), env.paths.library);
});

test('the package picks native/<platform>-<arch>/ unless LICENSESPRING_LIB overrides it', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-pkg-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(PKG, 'lib'), path.join(dir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(PKG, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(PKG, 'node_modules'), path.join(dir, 'node_modules'));
  const packaged = path.join(dir, 'native', PLATFORM, 'liblicensespring.so');
  fs.mkdirSync(path.dirname(packaged), { recursive: true });
  fs.copyFileSync(env.paths.library, packaged);
  // The addon, as a package has it beside the library.
  fs.copyFileSync(
    path.join(PKG, 'build', 'licensespring.node'),
    path.join(dir, 'native', PLATFORM, 'licensespring.node'),
  );
  // Another platform's directory is never looked at.
  fs.mkdirSync(path.join(dir, 'native', 'win32-x64'));
  const load = (extraEnv) =>
    runNode(['-p', "const ls = require('./lib/index.js'); ls.libraryPath + ' ' + ls.version()"], extraEnv, dir);
  for (const unset of [undefined, '']) {
    const r = load({ LICENSESPRING_LIB: unset });
    assert.equal(r.status, 0, r.stderr);
    const [found, version] = r.stdout.trim().split(' ');
    assert.equal(found, packaged);
    assert.match(version, /^\d+\.\d+\.\d+/);
  }
  const r = load({ LICENSESPRING_LIB: env.paths.library });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split(' ')[0], env.paths.library);
  // A LICENSESPRING_LIB that does not load is passed over, and said so only when nothing loads.
  const missing = load({ LICENSESPRING_LIB: '/nonexistent/liblicensespring.so' });
  assert.equal(missing.status, 0, missing.stderr);
  assert.equal(missing.stdout.trim().split(' ')[0], packaged);
});

test('a library with another ABI version is refused, naming both versions', () => {
  const r = runNode(['-r', path.join(__dirname, 'support', 'fake-abi.js'), '-e', "require('./lib/index.js')"], {
    LICENSESPRING_LIB: env.paths.library,
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`has ABI version 999, but this package expects ABI version ${ABI_VERSION}`));
});

test('without the addon for this platform the error names where it was looked for', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-noaddon-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(PKG, 'lib'), path.join(dir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(PKG, 'package.json'), path.join(dir, 'package.json'));
  const r = runNode(['-e', "require('./lib/index.js')"], { LICENSESPRING_LIB: env.paths.library }, dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`no Node-API addon for ${PLATFORM}; looked in:`));
  assert.ok(r.stderr.includes(path.join(dir, 'native', PLATFORM, 'licensespring.node')), r.stderr);
  assert.ok(r.stderr.includes(path.join(dir, 'build', 'licensespring.node')), r.stderr);
});

test('the addon opens one library per process: the same file again is fine, another is refused', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ls-node-twolibs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, path.basename(env.paths.library));
  fs.copyFileSync(env.paths.library, copy);
  const script = `
    const addon = require(${JSON.stringify(path.join(PKG, 'build', 'licensespring.node'))});
    addon.load(process.env.FIRST);
    addon.load(process.env.FIRST);
    try { addon.load(process.env.SECOND); } catch (e) { console.log(e.message); }
    console.log(addon.ls_version());`;
  const r = runNode(['-e', script], { FIRST: env.paths.library, SECOND: copy });
  assert.equal(r.status, 0, r.stderr);
  const [refused, version] = r.stdout.trim().split('\n');
  assert.equal(refused, `another licensespring library is already loaded, from ${env.paths.library}`);
  assert.match(version, /^\d+\.\d+\.\d+/);
});
