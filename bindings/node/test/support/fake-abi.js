'use strict';

// Preloaded with `node -r` by loader.test.js: makes ls_abi_version() report 999, to check
// that the raw layer refuses a library built for another ABI.

const koffi = require('koffi');

const load = koffi.load;
koffi.load = (...args) => {
  const lib = load(...args);
  return {
    func(proto) {
      const fn = lib.func(proto);
      return proto.includes(' ls_abi_version(') ? Object.assign(() => 999, { info: fn.info }) : fn;
    },
    symbol: (...a) => lib.symbol(...a),
    unload: () => lib.unload(),
  };
};
