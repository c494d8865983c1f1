'use strict';

// Preloaded with `node -r` by loader.test.js: makes the addon's ls_abi_version() report 999, to
// check that the raw layer refuses a library built for another ABI.

const dlopen = process.dlopen;
process.dlopen = (module, filename, ...rest) => {
  dlopen(module, filename, ...rest);
  if (filename.endsWith('licensespring.node')) module.exports.ls_abi_version = () => 999;
};
