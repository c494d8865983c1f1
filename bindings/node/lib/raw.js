'use strict';

// Raw layer: the Node-API addon built from src/addon.c (generated from include/licensespring.h),
// which declares every function of the header one to one, and the library it opens. Nothing here
// converts errors or closes handles; lib/index.js does that (the addon frees a handle JS never
// freed once it is collected).

const fs = require('node:fs');
const path = require('node:path');
const generated = require('./generated');

const PLATFORM = `${process.platform}-${process.arch}`;
const PACKAGE = path.join(__dirname, '..');

// The addon: the package's prebuilt one for this platform, else the one a checkout builds.
function loadAddon() {
  const candidates = [
    path.join(PACKAGE, 'native', PLATFORM, 'licensespring.node'),
    path.join(PACKAGE, 'build', 'licensespring.node'),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) {
    throw new Error(
      `licensespring: no Node-API addon for ${PLATFORM}; looked in:\n  ${candidates.join('\n  ')}\n` +
        '(in a checkout of the repository, bindings/node/build-addon.sh builds it)',
    );
  }
  return { addon: require(found), path: found };
}

// The library is looked for in LICENSESPRING_LIB, then in the package (native/<platform>-<arch>/,
// e.g. native/linux-x64/liblicensespring.so), then on the system search path.
function loadLibrary(addon) {
  const file =
    { win32: 'licensespring.dll', darwin: 'liblicensespring.dylib' }[process.platform] ?? 'liblicensespring.so';
  const packaged = path.join(PACKAGE, 'native', PLATFORM, file);
  const tried = [];
  for (const [where, candidate] of [
    ['LICENSESPRING_LIB', process.env.LICENSESPRING_LIB],
    ['in the package', packaged],
    ['the system search path', file],
  ]) {
    if (!candidate) {
      tried.push(`${where}: not set`);
    } else if (candidate === packaged && !fs.existsSync(packaged)) {
      tried.push(`${where}: ${packaged} (no such file)`);
    } else {
      try {
        addon.load(candidate);
        return candidate;
      } catch (e) {
        tried.push(`${where}: ${candidate} (${e.message})`);
      }
    }
  }
  throw new Error(`licensespring native library not found; looked in:\n  ${tried.join('\n  ')}`);
}

const { addon, path: addonPath } = loadAddon();
const libraryPath = loadLibrary(addon);
const functions = Object.fromEntries(Object.keys(generated.FUNCTIONS).map((name) => [name, addon[name]]));

const abi = functions.ls_abi_version();
if (abi !== generated.ABI_VERSION) {
  throw new Error(
    `licensespring native library at ${libraryPath} has ABI version ${abi}, ` +
      `but this package expects ABI version ${generated.ABI_VERSION}`,
  );
}

module.exports = {
  ...generated,
  ...functions,
  functions: Object.freeze(functions),
  readError: addon.read_ls_error,
  // How many owned handles the addon freed because JS never did (their External was collected).
  released: addon.released,
  layouts: addon.layouts,
  libraryPath,
  addonPath,
};
