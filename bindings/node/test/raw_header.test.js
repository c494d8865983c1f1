'use strict';

// The raw layer as koffi declared it must mirror include/licensespring.h, read here with a parser
// of its own: every function with the same argument count and types (down to the struct or
// handle pointed to), out-parameters marked as such, every enum constant with the same value.

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

const SCALARS = {
  void: 'Void',
  bool: 'Bool',
  int32_t: 'Int32',
  uint32_t: 'UInt32',
  int64_t: 'Int64',
  size_t: 'UInt64',
  double: 'Float64',
};

// A C type as the chain of koffi kinds it must be declared with: "const char **" is
// [Pointer, String]; "struct ls_error **" is [Pointer, Pointer, Record ls_error].
function expectedKinds(ctype) {
  const stars = (ctype.match(/\*/g) || []).length;
  const base = ctype.replace(/\*|\bconst\b|\bstruct\b/g, '').trim();
  const pointers = Array(stars).fill('Pointer');
  if (base === 'char') {
    return [...pointers.slice(1), 'String'];
  }
  if (structNames.includes(base)) {
    return [...pointers, `Record ${base}`];
  }
  if (opaqueNames.includes(base)) {
    assert.ok(stars >= 1, `opaque ${base} by value`);
    return [...pointers, `Void ${base}`];
  }
  if (enumNames.includes(base)) {
    const underlying = new RegExp(`enum ${base}\\n[\\s\\S]*?: (u?int\\d+_t)`).exec(header)[1];
    return [...pointers, SCALARS[underlying]];
  }
  assert.ok(SCALARS[base], `unknown C type ${ctype}`);
  return [...pointers, SCALARS[base]];
}

function declaredKinds(type) {
  const kinds = [];
  let info = raw.koffi.introspect(type);
  while (info.primitive === 'Pointer' && info.ref) {
    kinds.push('Pointer');
    info = raw.koffi.introspect(info.ref);
  }
  kinds.push(
    info.primitive === 'Record' || (info.primitive === 'Void' && info.name !== 'void')
      ? `${info.primitive} ${info.name}`
      : info.primitive,
  );
  return kinds;
}

// Declared differently on purpose (documented in tools/bindgen/lang_node.py): the owned
// `char **` of ls_hardware_id is a disposable string type, and the `char *` handed back to
// ls_string_free must reach it as the original pointer, not as a converted JS string.
const EXCEPTIONS = { 'ls_hardware_id#1': ['Pointer', 'String'], 'ls_string_free#0': ['Pointer', 'Void'] };

const prototypes = parsePrototypes(header);

test('the header parses into a plausible number of prototypes', () => {
  assert.ok(prototypes.size >= 40, `only ${prototypes.size} prototypes found`);
});

test('the raw layer declares exactly the functions of the header', () => {
  assert.deepEqual(Object.keys(raw.functions).sort(), [...prototypes.keys()].sort());
  assert.equal(raw.functions.ls_last_error_message, undefined); // no thread-local state in ABI 2
});

for (const [name, proto] of prototypes) {
  test(`${name}: result, argument count and argument types match the header`, () => {
    const fn = raw.functions[name];
    assert.ok(fn, `${name} missing from the raw layer`);
    assert.equal(fn.info.name, name);
    assert.deepEqual(declaredKinds(fn.info.result), expectedKinds(proto.result), `${name} result`);
    assert.equal(fn.info.arguments.length, proto.params.length, `${name} argument count`);
    proto.params.forEach((p, i) => {
      const expected = EXCEPTIONS[`${name}#${i}`] || expectedKinds(p.type);
      assert.deepEqual(declaredKinds(fn.info.arguments[i]), expected, `${name} argument ${i} (${p.type} ${p.name})`);
    });
    // Out-parameters (`out`, a store's `state`, and the trailing `ls_error **error`) are declared
    // _Out_, and only they.
    const decl = raw.PROTOTYPES[name];
    const args = decl.slice(decl.indexOf('(') + 1, decl.lastIndexOf(')'));
    const outs = args === 'void' ? [] : args.split(',').map((a) => a.includes('_Out_'));
    assert.deepEqual(
      outs,
      proto.params.map(
        (p) =>
          p.name === 'out' ||
          (p.name === 'state' && p.type === 'struct ls_store_state *') ||
          (p.name === 'error' && p.type === 'struct ls_error **'),
      ),
      `${name} out-parameters`,
    );
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
