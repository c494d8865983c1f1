#!/usr/bin/env bash
# Installs the npm package that bindings/node/package.sh wrote ($DIST/node/, DIST defaulting to
# <repo>/dist) the way its users do: `npm install` of the tarball into a fresh project in a
# temporary folder outside the repository (the package has no dependencies). There, with no
# LICENSESPRING_LIB, LD_LIBRARY_PATH or NODE_PATH, a script checks that the package loaded its own
# native/<platform>-<arch>/ library (the file of $DIST/native/, byte for byte) and addon, nothing
# from the checkout, and that every platform's addon is built for that machine; then activates, checks and deactivates a license against ls-emulator,
# directly and through a Store. Quiet on success; on failure, says what failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="$(cd "${DIST:-$root/dist}" 2>/dev/null && pwd)" || { echo "node package test: no dist/ folder: run bash scripts/package.sh" >&2; exit 1; }
# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
unset LICENSESPRING_LIB LICENSESPRING_STATIC_LIB LD_LIBRARY_PATH NODE_PATH

fail() { echo "node package test: $*" >&2; exit 1; }
# quiet COMMAND...: its output only when it fails.
quiet() {
  local log rc
  log="$(mktemp)"
  if "$@" >"$log" 2>&1; then rm -f "$log"; else
    rc=$?; cat "$log" >&2; rm -f "$log"; fail "failed ($rc): $*"
  fi
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || fail "node and npm are required (Node 18 or newer)"
version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"
tarball="$DIST/node/licensespring-native-$version.tgz"
[[ -f "$tarball" ]] || fail "$tarball is missing: run bash scripts/package.sh"
[[ -x "$LS_EMULATOR" ]] || quiet bash -c "cd '$root' && cargo build --quiet -p ls-emulator"

# The tarball's layout: every platform's library, the license, the code.
listing="$(tar -tzf "$tarball")"
for f in package.json LICENSE README.md index.d.ts lib/index.js lib/raw.js lib/generated.js \
  native/linux-x64/liblicensespring.so native/linux-arm64/liblicensespring.so native/win32-x64/licensespring.dll \
  native/linux-x64/licensespring.node native/linux-arm64/licensespring.node native/win32-x64/licensespring.node; do
  grep -qx "package/$f" <<<"$listing" || fail "package/$f is not in $tarball"
done

project="$(mktemp -d)"
trap 'stop_emulator; rm -rf "$project"' EXIT
cp "$tarball" "$LS_EMULATOR_PUBLIC_KEY" "$project/"
cd "$project"
echo '{ "name": "ls-node-package-test", "version": "1.0.0", "private": true }' >package.json
quiet npm install --no-audit --no-fund --prefer-offline --loglevel=error "./$(basename "$tarball")"

cat >test.js <<'EOF'
'use strict';
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ls = require('licensespring-native');

const project = fs.realpathSync(__dirname);
const pkg = path.dirname(require.resolve('licensespring-native/package.json'));
assert.equal(pkg, path.join(project, 'node_modules', 'licensespring-native'), 'the installed package');
assert.equal(require('licensespring-native/package.json').version, process.env.EXPECTED_VERSION);
assert.equal(ls.version(), process.env.EXPECTED_VERSION, 'the library version');
// The packaged library for this platform, the very file of dist/native/, and nothing from the checkout.
assert.equal(ls.libraryPath, path.join(pkg, 'native', `${process.platform}-${process.arch}`, 'liblicensespring.so'));
// Each platform's folder holds dist/native/'s library of that platform, for that machine.
const machine = (b) => (b.readUInt16LE(0) === 0x5a4d ? b.readUInt16LE(b.readUInt32LE(0x3c) + 4) : b.readUInt16LE(18));
for (const [platform, [sha256, arch]] of Object.entries(JSON.parse(process.env.EXPECTED))) {
  const file = path.join(pkg, 'native', platform, platform.startsWith('win32') ? 'licensespring.dll' : 'liblicensespring.so');
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 4096, `${file} is no library (${bytes.length} bytes)`);
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), sha256, `${file} is dist/native/'s`);
  assert.equal(machine(bytes), arch, `${file}: machine 0x${machine(bytes).toString(16)}`);
  // The addon beside it: a shared library (ELF e_type 3, or a PE DLL) for the same machine.
  const addon = fs.readFileSync(path.join(pkg, 'native', platform, 'licensespring.node'));
  assert.equal(machine(addon), arch, `${platform} addon: machine 0x${machine(addon).toString(16)}`);
  const dll = addon.readUInt16LE(0) === 0x5a4d && addon.readUInt16LE(addon.readUInt32LE(0x3c) + 22) & 0x2000;
  assert.ok(dll || addon.readUInt16LE(16) === 3, `${platform} addon is no shared library`);
}
const addonPath = path.join(pkg, 'native', `${process.platform}-${process.arch}`, 'licensespring.node');
assert.ok(require.cache[addonPath], 'the packaged addon is the one loaded');
const maps = fs.readFileSync('/proc/self/maps', 'utf8');
assert.ok(maps.includes(ls.libraryPath), 'the packaged library is mapped');
assert.ok(maps.includes(addonPath), 'the packaged addon is mapped');
const checkout = process.env.CHECKOUT + path.sep;
for (const line of maps.split('\n').filter((l) => /licensespring/.test(l))) {
  assert.ok(!line.includes(checkout), `mapped from the checkout: ${line}`);
}
for (const file of Object.keys(require.cache)) {
  assert.ok(file.startsWith(project + path.sep), `loaded from outside the project: ${file}`);
}

async function main() {
  const client = new ls.Client({
    apiKey: 'demo-api-key',
    sharedKey: 'demo-shared-key',
    baseUrl: process.env.LS_BASE_URL,
    publicKeyPem: fs.readFileSync(path.join(project, 'emulator-public-key.pem'), 'utf8'),
    proxy: false,
  });
  const request = { product: 'demo', hardwareId: `node-package-${process.pid}`, licenseKey: 'DEMO-1111-2222-3333' };
  const license = await client.activate(request);
  assert.equal(license.key, 'DEMO-1111-2222-3333');
  license.close();
  (await client.check(request)).close();
  await client.deactivate(request);
  await assert.rejects(client.check(request), (e) => e instanceof ls.LicenseError && e.serverCode === 'device_not_found');

  const store = new ls.Store({ folder: path.join(project, 'store'), product: 'demo' });
  const device = { product: 'demo', hardwareId: `node-package-store-${process.pid}` };
  const activated = await store.activate(client, { ...device, licenseKey: 'DEMO-UNLIMITED' });
  assert.ok(activated.state.online && fs.existsSync(store.path));
  const local = store.checkLocalSync(client, device);
  assert.equal(local.license.key, 'DEMO-UNLIMITED');
  await store.deactivate(client, device);
  assert.ok(!fs.existsSync(store.path));
  for (const handle of [activated.license, local.license, store, client]) handle.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
EOF

start_emulator
sha() { sha256sum "$DIST/native/$1" | cut -d' ' -f1; }
# platform: [sha256 of dist/native's file, ELF e_machine or PE machine]
expected="{ \"linux-x64\": [\"$(sha linux-x64/liblicensespring.so)\", 62],
  \"linux-arm64\": [\"$(sha linux-arm64/liblicensespring.so)\", 183],
  \"win32-x64\": [\"$(sha win-x64/licensespring.dll)\", 34404] }"
LS_BASE_URL="$EMULATOR_URL" EXPECTED_VERSION="$version" EXPECTED="$expected" CHECKOUT="$root" node test.js ||
  fail "the installed package failed (above)"
