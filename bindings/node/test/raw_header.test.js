'use strict';

// The raw layer must mirror include/licensespring.h: every function with the same argument
// count and types, every enum constant with the same value, the same ABI version.

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
            const pm = /^(.*?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(p.trim());
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

const SCALARS = {
  void: 'Void',
  bool: 'Bool',
  int32_t: 'Int32',
  uint32_t: 'UInt32',
  int64_t: 'Int64',
  size_t: 'UInt64',
  ls_status: 'Int32',
  ls_category: 'Int32',
};

// A C type as the chain of koffi primitive kinds it must be declared with: "const char **" is
// [Pointer, String]; an opaque handle's pointee is not compared.
function expectedKinds(ctype) {
  const stars = (ctype.match(/\*/g) || []).length;
  const base = ctype
    .replace(/\*/g, '')
    .replace(/\bconst\b/g, '')
    .trim();
  if (base === 'char') {
    return [...Array(stars - 1).fill('Pointer'), 'String'];
  }
  if (/^ls_(client|config|license|request)$/.test(base)) {
    assert.ok(stars >= 1, `opaque ${base} by value`);
    return Array(stars).fill('Pointer');
  }
  assert.ok(SCALARS[base], `unknown C type ${ctype}`);
  return [...Array(stars).fill('Pointer'), SCALARS[base]];
}

function declaredKinds(type, depth) {
  const kinds = [];
  let info = raw.koffi.introspect(type);
  for (let i = 0; i < depth; i++) {
    kinds.push(info.primitive);
    if (info.primitive !== 'Pointer' || i === depth - 1) {
      break;
    }
    info = raw.koffi.introspect(info.ref);
  }
  return kinds;
}

// Declared differently on purpose (documented in lib/raw.js): the owned `char *` handed back
// to ls_string_free must reach it as the original pointer, not as a converted JS string.
const EXCEPTIONS = { 'ls_string_free#0': ['Pointer'] };

const prototypes = parsePrototypes(header);

test('the header parses into a plausible number of prototypes', () => {
  assert.ok(prototypes.size >= 50, `only ${prototypes.size} prototypes found`);
});

test('raw.js declares exactly the functions of the header', () => {
  assert.deepEqual(Object.keys(raw.functions).sort(), [...prototypes.keys()].sort());
});

for (const [name, proto] of prototypes) {
  test(`${name}: result, argument count and argument types match the header`, () => {
    const fn = raw.functions[name];
    assert.ok(fn, `${name} missing from raw.js`);
    assert.equal(fn.info.name, name);
    assert.deepEqual(declaredKinds(fn.info.result, 2), expectedKinds(proto.result).slice(0, 2), `${name} result`);
    assert.equal(fn.info.arguments.length, proto.params.length, `${name} argument count`);
    proto.params.forEach((p, i) => {
      const expected = EXCEPTIONS[`${name}#${i}`] || expectedKinds(p.type);
      assert.deepEqual(
        declaredKinds(fn.info.arguments[i], expected.length),
        expected,
        `${name} argument ${i} (${p.type} ${p.name})`,
      );
    });
    // Out-parameters (named `out` in the header) are declared _Out_, and only they.
    const decl = raw.PROTOTYPES.find((d) => new RegExp(`[ *]${name}\\(`).test(d));
    const args = decl.slice(decl.indexOf('(') + 1, decl.lastIndexOf(')'));
    const outs = args === 'void' ? [] : args.split(',').map((a) => a.includes('_Out_'));
    assert.deepEqual(
      outs,
      proto.params.map((p) => p.name === 'out'),
      `${name} out-parameters`,
    );
  });
}

test('ls_status values match the header', () => {
  assert.deepEqual({ ...raw.Status }, parseEnum(header, 'ls_status'));
});

test('ls_category values match the header', () => {
  assert.deepEqual({ ...raw.Category }, parseEnum(header, 'ls_category'));
});

test('ls_request_field values match the header', () => {
  assert.deepEqual({ ...raw.Field }, parseEnum(header, 'ls_request_field'));
});

test('ABI version and constants match the header and the loaded library', () => {
  const abi = Number(/#define LS_ABI_VERSION (\d+)/.exec(header)[1]);
  assert.equal(raw.EXPECTED_ABI_VERSION, abi);
  assert.equal(raw.ls_abi_version(), abi);
  assert.equal(/#define LS_MAX_RESPONSE_BYTES \(\(2 \* 1024\) \* 1024\)/.test(header), true);
  assert.equal(raw.MAX_RESPONSE_BYTES, 2 * 1024 * 1024);
});

test('the library knows every status name the raw layer declares', () => {
  for (const [name, value] of Object.entries(raw.Status)) {
    assert.equal(raw.ls_status_name(value), name);
  }
  assert.equal(raw.ls_status_name(12345), 'LS_UNKNOWN_STATUS');
});

test('every request field has its wire name in the library', () => {
  for (const [name, value] of Object.entries(raw.Field)) {
    assert.equal(raw.ls_request_field_name(value), name.slice('LS_FIELD_'.length).toLowerCase());
  }
  assert.equal(raw.ls_request_field_name(999), null);
});
