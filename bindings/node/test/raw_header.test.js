'use strict';

// The raw layer (the addon, lib/raw.js) must mirror include/licensespring.h, read here with a
// parser of its own: every function with the same argument count and names, each argument refused
// as its C type says (down to the handle type pointed to; out-parameters as such), every enum
// constant with the same value. (The addon's calls into the library are typed by the header's
// declarations when it is compiled; this checks what JS sees.)

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { paths } = require('./support/env');
const raw = require('../lib/raw');

const header = fs.readFileSync(paths.header, 'utf8');

function parsePrototypes(text) {
  const re = /^([A-Za-z_][A-Za-z0-9_ ]*?[ *]+)(ls_[a-z0-9_]+)\(([^)]*)\);/gm;
  const found = new Map();
  for (const m of text.matchAll(re)) {
    const params =
      m[3].trim() === 'void'
        ? []
        : m[3].split(',').map((p) => {
            const pm = /^(.*?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(p.trim().replace(/\s+/g, ' '));
            return { type: pm[1].trim(), name: pm[2] };
          });
    found.set(m[2], { result: m[1].trim(), params });
  }
  return found;
}

function parseEnum(text, name) {
  const body = new RegExp(`enum ${name}\\b[\\s\\S]*?\\{([\\s\\S]*?)\\};`).exec(text);
  assert.ok(body, `enum ${name} not found in the header`);
  const values = {};
  for (const m of body[1].matchAll(/^\s*(LS_[A-Z0-9_]+)\s*=\s*(-?\d+),/gm)) {
    values[m[1]] = Number(m[2]);
  }
  return values;
}

const enumNames = [...header.matchAll(/^enum (ls_[a-z_]+)$/gm)].map((m) => m[1]);
const structNames = [...header.matchAll(/^typedef struct (ls_[a-z_]+) \{$/gm)].map((m) => m[1]);
const opaqueNames = [...header.matchAll(/^typedef struct (ls_[a-z_]+) ls_[a-z_]+;$/gm)].map((m) => m[1]);

// What the addon must refuse at each argument, by the argument's C type, with the value that
// provokes it: a handle of another type where a handle is expected, a number where a string or
// output is, a string where a number or boolean is. Output parameters are `out`, a store's
// `state` and the trailing `ls_error **error`, and only they.
function expectation(p, isOut, handles) {
  const stars = (p.type.match(/\*/g) || []).length;
  const base = p.type.replace(/\*|\bconst\b|\bstruct\b/g, '').trim();
  if (isOut) {
    const struct = stars === 1 && structNames.includes(base);
    return { wrong: 7, message: struct ? 'an object or null' : 'an array or null', neutral: null };
  }
  if (stars === 1 && (opaqueNames.includes(base) || base === 'ls_error')) {
    return {
      wrong: base === 'ls_request' ? handles.cancel : handles.request,
      message: `an ${base} handle or null`,
      neutral: null,
    };
  }
  if (p.type === 'const char *') return { wrong: 7, message: 'a string or null', neutral: null };
  if (p.type === 'char *') return { wrong: 7, message: 'null (no JS value holds an owned string)', neutral: null };
  assert.equal(stars, 0, `unexpected pointer type ${p.type}`);
  if (base === 'bool') return { wrong: 'x', message: 'a boolean', neutral: false };
  assert.ok(/^(u?int(32|64)_t|size_t|double)$/.test(base) || enumNames.includes(base), `unknown C type ${p.type}`);
  return { wrong: 'x', message: 'a number', neutral: 0 };
}

const isOutput = (p, i, params) =>
  p.name === 'out' ||
  (p.name === 'state' && p.type === 'struct ls_store_state *') ||
  (p.name === 'error' && p.type === 'struct ls_error **' && i === params.length - 1);

const prototypes = parsePrototypes(header);
const asyncNames = new Set(raw.CALLS.map((c) => c.name));

test('the header parses into a plausible number of prototypes', () => {
  assert.ok(prototypes.size >= 40, `only ${prototypes.size} prototypes found`);
});

test('the raw layer declares exactly the functions of the header', () => {
  assert.deepEqual(Object.keys(raw.functions).sort(), [...prototypes.keys()].sort());
  assert.deepEqual(Object.keys(raw.FUNCTIONS).sort(), [...prototypes.keys()].sort());
  assert.equal(raw.functions.ls_last_error_message, undefined); // no thread-local state in ABI 2
});

for (const [name, proto] of prototypes) {
  test(`${name}: argument count, names and the type of each argument match the header`, (t) => {
    const fn = raw.functions[name];
    assert.equal(typeof fn, 'function', `${name} missing from the raw layer`);
    assert.deepEqual(
      raw.FUNCTIONS[name],
      proto.params.map((p) => p.name),
      `${name} parameter names`,
    );
    assert.equal(typeof fn.async === 'function', asyncNames.has(name), `${name}.async`);
    const n = proto.params.length;
    const count = new RegExp(`^${name} expects ${n} arguments, got ${n + 1}$`);
    assert.throws(() => fn(...Array(n + 1).fill(null)), { name: 'TypeError', message: count });
    if (n > 0) assert.throws(() => fn(...Array(n - 1).fill(null)), { name: 'TypeError' });
    // Each argument in turn given a wrong value, the others a neutral one: the addon must refuse
    // that argument, by its position and name, saying what the header's type takes.
    const slot = [null];
    assert.equal(raw.ls_request_new(slot, null), raw.Status.LS_OK);
    const cancel = [null];
    assert.equal(raw.ls_cancel_new(cancel, null), raw.Status.LS_OK);
    t.after(() => {
      raw.ls_request_free(slot[0]);
      raw.ls_cancel_free(cancel[0]);
    });
    const handles = { request: slot[0], cancel: cancel[0] };
    const expected = proto.params.map((p, i) => expectation(p, isOutput(p, i, proto.params), handles));
    proto.params.forEach((p, i) => {
      const args = expected.map((e) => e.neutral);
      args[i] = expected[i].wrong;
      const message = `${name}: argument ${i + 1} (${p.name}) must be ${expected[i].message}`;
      assert.throws(
        () => fn(...args),
        { name: 'TypeError', message },
        `${name} argument ${i + 1} (${p.type} ${p.name})`,
      );
    });
  });
}

for (const name of enumNames) {
  test(`enum ${name} matches the header`, () => {
    const objectName = name
      .slice(3)
      .split('_')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join('');
    assert.deepEqual({ ...raw[objectName] }, parseEnum(header, name));
  });
}

test('ABI version and constants match the header and the loaded library', () => {
  const abi = Number(/#define LS_ABI_VERSION (\d+)/.exec(header)[1]);
  assert.equal(raw.ABI_VERSION, abi);
  assert.equal(raw.ls_abi_version(), abi);
  assert.match(header, /#define LS_MAX_RESPONSE_BYTES \(\(2 \* 1024\) \* 1024\)/);
  assert.equal(raw.MAX_RESPONSE_BYTES, 2 * 1024 * 1024);
});

test('the library knows every status name the raw layer declares', () => {
  for (const [name, value] of Object.entries(raw.Status)) {
    assert.equal(raw.ls_status_name(value), name);
  }
  assert.equal(raw.ls_status_name(12345), 'LS_UNKNOWN_STATUS');
});
