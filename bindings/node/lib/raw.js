'use strict';

// Raw layer: loads the library and declares every function of include/licensespring.h with
// koffi, one to one, from the prototypes in lib/generated.js. Nothing here converts errors or
// owns handles; lib/index.js does that.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');
const generated = require('./generated');

// koffi runs each native call on a stack of its own: 1 MiB for synchronous calls, but only
// 128 KiB by default for asynchronous ones, with no guard page. ls_call needs more than that (a
// debug build measured 147 KiB over HTTP and 189 KiB through a TLS handshake), so asynchronous
// calls get the same 1 MiB; the pages are reserved, and touched only as far as a call goes.
const ASYNC_STACK_SIZE = 1024 * 1024;
try {
  koffi.config({ async_stack_size: ASYNC_STACK_SIZE });
} catch (e) {
  // Another module of this thread already made koffi calls, which fixes the configuration.
  if (koffi.config().async_stack_size < ASYNC_STACK_SIZE) {
    throw new Error(`licensespring: koffi is already in use with a smaller async stack (${e.message})`);
  }
}

// The library is looked for in LICENSESPRING_LIB, then in the package (native/<platform>-<arch>/,
// e.g. native/linux-x64/liblicensespring.so), then on the system search path.
function loadLibrary() {
  const file =
    { win32: 'licensespring.dll', darwin: 'liblicensespring.dylib' }[process.platform] ?? 'liblicensespring.so';
  const packaged = path.join(__dirname, '..', 'native', `${process.platform}-${process.arch}`, file);
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
        return { lib: koffi.load(candidate), path: candidate };
      } catch (e) {
        tried.push(`${where}: ${candidate} (${e.message})`);
      }
    }
  }
  throw new Error(`licensespring native library not found; looked in:\n  ${tried.join('\n  ')}`);
}

const loaded = loadLibrary();

// The header's types: enums as their fixed-width integers, opaque handles, the two structs.
for (const [name, underlying] of Object.entries(generated.ENUM_TYPES)) koffi.alias(name, underlying);
for (const name of generated.OPAQUE) koffi.opaque(name);
for (const [name, members] of Object.entries(generated.STRUCTS)) koffi.struct(name, members);

// An owned string is copied into a JS string, then its pointer goes to ls_string_free; the
// type must exist before the functions that use it are declared.
const functions = { ls_string_free: loaded.lib.func(generated.PROTOTYPES.ls_string_free) };
koffi.disposable(generated.OWNED_STRING, 'char *', functions.ls_string_free);
for (const [name, prototype] of Object.entries(generated.PROTOTYPES)) {
  functions[name] ??= loaded.lib.func(prototype);
}

const abi = functions.ls_abi_version();
if (abi !== generated.ABI_VERSION) {
  throw new Error(
    `licensespring native library at ${loaded.path} has ABI version ${abi}, ` +
      `but this package expects ABI version ${generated.ABI_VERSION}`,
  );
}

module.exports = {
  ...generated,
  ...functions,
  functions: Object.freeze(functions),
  libraryPath: loaded.path,
  koffi,
};
