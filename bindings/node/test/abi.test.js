'use strict';

// The generated layer (lib/generated.js) against the loaded library's own description of its
// tables, ls_abi_describe(): every row present and equal, the struct layouts the addon was
// compiled with equal to the library's, and the idiomatic layer's expansion covering every row.

const test = require('node:test');
const assert = require('node:assert/strict');
const raw = require('../lib/raw');
const ls = require('..');

const describe = JSON.parse(raw.ls_abi_describe());

test('ABI version: generated, library and describe agree', () => {
  assert.equal(raw.ABI_VERSION, describe.abi_version);
  assert.equal(raw.ls_abi_version(), describe.abi_version);
  assert.equal(ls.ABI_VERSION, describe.abi_version);
  assert.equal(describe.library_version, ls.version());
});

test('statuses: name, value, category, server code and description', () => {
  assert.deepEqual(
    raw.STATUSES.map((s) => [s.value, s.name, s.category, s.serverCode, s.description]),
    describe.statuses.map((s) => [s.value, s.name, s.category, s.server_code, s.description]),
  );
  assert.deepEqual({ ...raw.Status }, Object.fromEntries(describe.statuses.map((s) => [s.name, s.value])));
  for (const s of describe.statuses) {
    assert.equal(raw.ls_status_name(s.value), s.name);
    assert.equal(raw.ls_status_description(s.value), s.description);
    assert.equal(raw.ls_status_category(s.value), raw.Category[s.category], s.name);
  }
});

test('categories, and one error class for each category a failure can have', () => {
  assert.deepEqual(
    raw.CATEGORIES.map((c) => [c.value, c.name]),
    describe.categories.map((c) => [c.value, c.name]),
  );
  assert.deepEqual({ ...raw.Category }, Object.fromEntries(describe.categories.map((c) => [c.name, c.value])));
  const failing = new Set(describe.statuses.filter((s) => s.value !== 0).map((s) => s.category));
  for (const c of raw.CATEGORIES) {
    assert.equal(Boolean(c.errorClass), failing.has(c.name), c.name);
    if (c.errorClass) {
      const Cls = ls[c.errorClass];
      assert.equal(typeof Cls, 'function', c.errorClass);
      assert.equal(Cls.name, c.errorClass);
      assert.equal(Object.getPrototypeOf(Cls), ls.LicenseSpringError);
    }
  }
});

test('request parameters: value, wire name, type, and a setter on Request for each', () => {
  assert.deepEqual(
    raw.PARAMS.map((p) => [p.value, p.name, p.wireName, p.type, p.secret]),
    describe.params.map((p) => [p.value, p.name, p.wire_name, p.type, p.secret]),
  );
  assert.deepEqual({ ...raw.Param }, Object.fromEntries(describe.params.map((p) => [p.name, p.value])));
  for (const p of raw.PARAMS) {
    assert.equal(typeof ls.Request.prototype[p.setter], 'function', p.setter);
  }
});

test('kinds and fields, and a result class with one getter per field', () => {
  assert.deepEqual(
    raw.KINDS.map((k) => [k.value, k.name]),
    describe.kinds.map((k) => [k.value, k.c_name]),
  );
  assert.deepEqual(
    raw.FIELDS.map((f) => [f.value, f.name, f.kind, f.type, f.itemKind, f.required]),
    describe.fields.map((f) => [f.value, f.c_name, f.kind, f.type, f.item_kind, f.required]),
  );
  assert.deepEqual({ ...raw.Kind }, Object.fromEntries(describe.kinds.map((k) => [k.c_name, k.value])));
  assert.deepEqual({ ...raw.Field }, Object.fromEntries(describe.fields.map((f) => [f.c_name, f.value])));
  for (const k of raw.KINDS) {
    const Cls = ls[k.className];
    assert.equal(Object.getPrototypeOf(Cls), ls.Result, k.className);
    for (const f of raw.FIELDS.filter((f) => f.kind === k.name)) {
      const getter = Object.getOwnPropertyDescriptor(Cls.prototype, f.key)?.get;
      assert.equal(typeof getter, 'function', `${k.className}.${f.key}`);
    }
  }
});

test('operations, and a Promise method and a Sync method on Client for each', () => {
  assert.deepEqual(
    raw.OPERATIONS.map((o) => [o.value, o.name, o.method, o.path, o.params, o.resultKind]),
    describe.operations.map((o) => [o.value, o.c_name, o.method, o.path, o.params, o.result_kind]),
  );
  assert.deepEqual({ ...raw.Operation }, Object.fromEntries(describe.operations.map((o) => [o.c_name, o.value])));
  for (const o of raw.OPERATIONS) {
    assert.equal(typeof ls.Client.prototype[o.key], 'function', o.key);
    assert.equal(typeof ls.Client.prototype[`${o.key}Sync`], 'function', `${o.key}Sync`);
  }
});

test('value types and hardware-ID algorithms', () => {
  assert.deepEqual({ ...raw.ValueType }, Object.fromEntries(describe.value_types.map((t) => [t.name, t.value])));
  assert.deepEqual(raw.HARDWARE_ID_ALGORITHMS, describe.hardware_id_algorithms);
  assert.deepEqual(
    { ...raw.HardwareIdAlgorithm },
    Object.fromEntries(describe.hardware_id_algorithms.map((a) => [a.name, a.value])),
  );
});

test('struct layouts: the addon, compiled against the header, lays them out as the library does', () => {
  const layouts = raw.layouts();
  assert.deepEqual(Object.keys(raw.STRUCTS).sort(), describe.structs.map((s) => s.name).sort());
  assert.deepEqual(Object.keys(layouts).sort(), describe.structs.map((s) => s.name).sort());
  for (const s of describe.structs) {
    const layout = layouts[s.name];
    assert.equal(layout.size, s.size, `${s.name} size`);
    assert.equal(layout.align, s.align, `${s.name} alignment`);
    assert.deepEqual(
      Object.keys(raw.STRUCTS[s.name]),
      s.fields.map((f) => f.name),
      `${s.name} fields`,
    );
    assert.deepEqual(layout.offsets, Object.fromEntries(s.fields.map((f) => [f.name, f.offset])), `${s.name} offsets`);
  }
});
