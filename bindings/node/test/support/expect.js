'use strict';

const assert = require('node:assert/strict');
const ls = require('../..');

function checkError(caught, Cls, fields) {
  assert.ok(caught instanceof Cls, `expected ${Cls.name}, got ${caught && caught.name}: ${caught && caught.message}`);
  assert.ok(caught instanceof ls.LicenseSpringError);
  for (const [k, v] of Object.entries(fields)) {
    assert.deepEqual(caught[k], v, `error.${k}`);
  }
  assert.equal(caught.statusName, ls.statusName(caught.status));
  assert.equal(caught.description, ls.statusDescription(caught.status));
  assert.equal(caught.category, ls.statusCategory(caught.status));
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0);
  return caught;
}

/** Awaits `promise` (or calls `fn`), which must fail with `Cls` and `fields`; returns the error. */
async function expectError(promiseOrFn, Cls, fields = {}) {
  let caught;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected ${Cls.name}, but the call succeeded`);
  return checkError(caught, Cls, fields);
}

/** The same for a synchronous call. */
function expectErrorSync(fn, Cls, fields = {}) {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return true;
  });
  return checkError(caught, Cls, fields);
}

module.exports = { expectError, expectErrorSync };
