'use strict';

// Test environment: paths from the variables the top-level test script sets, or derived from
// the repository root; and an ls-emulator started per test file.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

function envPath(name, fallback) {
  return process.env[name] || path.join(REPO, fallback);
}

const paths = {
  repo: REPO,
  header: path.join(REPO, 'include', 'licensespring.h'),
  library: envPath('LICENSESPRING_LIB', 'target/debug/liblicensespring.so'),
  emulator: envPath('LS_EMULATOR', 'target/debug/ls-emulator'),
  seed: envPath('LS_EMULATOR_SEED', 'emulator/seeds/demo.json'),
  signingKey: envPath('LS_EMULATOR_KEY', 'tests/fixtures/emulator-signing-key.pem'),
  publicKey: envPath('LS_EMULATOR_PUBLIC_KEY', 'tests/fixtures/emulator-public-key.pem'),
};

// lib/raw.js finds the library through LICENSESPRING_LIB when it is not beside the package.
process.env.LICENSESPRING_LIB = paths.library;

/** Starts ls-emulator (with `args`, e.g. --clock-control) on a free loopback port; resolves to {url, stop()}. */
function startEmulator(...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      paths.emulator,
      // stdin is a pipe that closes when this process dies, whatever the cause.
      [
        '--listen',
        '127.0.0.1:0',
        '--seed',
        paths.seed,
        '--signing-key',
        paths.signingKey,
        '--exit-on-stdin-eof',
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('ls-emulator did not print its address within 20 s'));
    }, 20000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ls-emulator exited with status ${code} before listening`));
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (!m) {
        child.kill();
        reject(new Error(`unexpected first line from ls-emulator: ${line}`));
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        url: m[1],
        stop() {
          child.stdin.end();
          child.kill('SIGTERM');
        },
      });
    });
  });
}

/** A hardware ID no other test uses. */
function uniqueHardwareId(prefix = 'node') {
  return `${prefix}-${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
}

function publicKeyPem() {
  return fs.readFileSync(paths.publicKey, 'utf8');
}

/** Client options for the emulator at `url`. */
function clientOptions(url, extra = {}) {
  return {
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    baseUrl: url,
    publicKeyPem: publicKeyPem(),
    timeouts: { connectMs: 5000, totalMs: 15000 },
    proxy: false,
    ...extra,
  };
}

/** The emulator's OAuth token endpoint. */
function tokenUrl(url) {
  return `${url}/auth/realms/user-portal/protocol/openid-connect/token`;
}

/** Client options with OAuth client credentials (secret `demo-client-secret` unless given). */
function oauthOptions(url, clientId, extra = {}) {
  const { apiKey, sharedKey, ...options } = clientOptions(url);
  return { ...options, clientId, clientSecret: 'demo-client-secret', tokenUrl: tokenUrl(url), ...extra };
}

/** Posts `body` to /__emulator/<what> (an emulator started with --clock-control); resolves to its answer. */
async function admin(url, what, body) {
  const response = await fetch(`${url}/__emulator/${what}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) {
    throw new Error(`/__emulator/${what}: HTTP ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

module.exports = { paths, startEmulator, uniqueHardwareId, publicKeyPem, clientOptions, tokenUrl, oauthOptions, admin };
