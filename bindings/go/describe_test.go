package licensespring

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// These tests fail when the generated layer disagrees with the linked library (its own tables,
// read through ls_abi_describe) or with the header: a status, category, param, kind, field,
// operation or algorithm missing, extra or different; the ABI version; a struct's layout.

// describe is ls_abi_describe(), decoded.
func describe(t *testing.T) map[string]any {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(goString(lsABIDescribe())), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// libraryRows gives each row of one of the library's tables as its chosen keys' values, joined.
func libraryRows(t *testing.T, d map[string]any, table string, keys ...string) []string {
	t.Helper()
	list, ok := d[table].([]any)
	if !ok {
		t.Fatalf("ls_abi_describe has no table %q", table)
	}
	out := make([]string, len(list))
	for i, row := range list {
		values := make([]string, len(keys))
		for j, k := range keys {
			if v := row.(map[string]any)[k]; v != nil {
				values[j] = fmt.Sprint(v)
			}
		}
		out[i] = strings.Join(values, "|")
	}
	return out
}

// generatedRows gives each row of a generated table as the values row returns, joined.
func generatedRows[T any](table []T, row func(T) []any) []string {
	out := make([]string, len(table))
	for i, r := range table {
		values := make([]string, 0, 8)
		for _, v := range row(r) {
			values = append(values, fmt.Sprint(v))
		}
		out[i] = strings.Join(values, "|")
	}
	return out
}

// equalRows compares a table of the library with its generated copy, row by row.
func equalRows(t *testing.T, table string, library, generated []string) {
	t.Helper()
	if len(library) != len(generated) {
		t.Errorf("%s: the library has %d rows, the generated layer %d", table, len(library), len(generated))
	}
	for i := 0; i < len(library) && i < len(generated); i++ {
		if library[i] != generated[i] {
			t.Errorf("%s row %d: library %q, generated %q", table, i, library[i], generated[i])
		}
	}
}

func TestGeneratedTablesMatchLibrary(t *testing.T) {
	d := describe(t)
	if d["abi_version"] != float64(abiVersion) || ABIVersion() != abiVersion || ExpectedABIVersion != abiVersion {
		t.Errorf("ABI versions: described %v, ls_abi_version %d, generated %d", d["abi_version"], ABIVersion(), abiVersion)
	}
	categoryName := map[Category]string{}
	for _, c := range categoryTable {
		categoryName[c.category] = c.name
	}
	kindName := map[lsKind]string{0: ""}
	for _, k := range kindTable {
		kindName[k.kind] = k.name
	}
	equalRows(t, "statuses", libraryRows(t, d, "statuses", "value", "name", "category", "server_code", "description"),
		generatedRows(statusTable, func(s statusRow) []any {
			return []any{int(s.status), s.name, categoryName[s.category], s.serverCode, s.description}
		}))
	equalRows(t, "categories", libraryRows(t, d, "categories", "value", "name"),
		generatedRows(categoryTable, func(c categoryRow) []any { return []any{int(c.category), c.name} }))
	equalRows(t, "value types", libraryRows(t, d, "value_types", "value", "name"),
		generatedRows(valueTypeTable, func(v valueTypeRow) []any { return []any{int(v.valueType), v.name} }))
	equalRows(t, "hardware-ID algorithms", libraryRows(t, d, "hardware_id_algorithms", "value", "name"),
		generatedRows(hardwareIDAlgorithmTable, func(h hardwareIDAlgorithmRow) []any { return []any{int(h.algorithm), h.name} }))
	equalRows(t, "params", libraryRows(t, d, "params", "value", "name", "wire_name", "type"),
		generatedRows(paramTable, func(p paramRow) []any { return []any{int(p.param), p.name, p.wireName, p.paramType} }))
	equalRows(t, "kinds", libraryRows(t, d, "kinds", "value", "c_name", "name"),
		generatedRows(kindTable, func(k kindRow) []any { return []any{int(k.kind), k.name, k.snakeName} }))
	equalRows(t, "fields", libraryRows(t, d, "fields", "value", "c_name", "kind", "name", "type", "item_kind", "required"),
		generatedRows(fieldTable, func(f fieldRow) []any {
			return []any{int(f.field), f.name, kindName[f.kind], f.snakeName, f.fieldType, kindName[f.itemKind], f.required}
		}))
	equalRows(t, "operations", libraryRows(t, d, "operations", "value", "c_name", "name", "result_kind"),
		generatedRows(operationTable, func(o operationRow) []any {
			return []any{int(o.operation), o.name, o.snakeName, kindName[o.resultKind]}
		}))
	// The library's own per-status answers agree with the generated table.
	for _, s := range statusTable {
		if s.status.String() != s.name || s.status.Category() != s.category || s.status.Description() != s.description {
			t.Errorf("%s: the library says %s, %v, %q", s.name, s.status.String(), s.status.Category(), s.status.Description())
		}
	}
}

// Every row has its expansion in the idiomatic API: a Request field per param, an accessor per
// field on its kind's type, a method pair per operation on Client, a sentinel per category.
func TestGeneratedAPICoversTables(t *testing.T) {
	request := reflect.TypeOf(Request{})
	for _, p := range paramTable {
		if _, ok := request.FieldByName(p.goField); !ok {
			t.Errorf("param %s has no Request field %s", p.name, p.goField)
		}
	}
	if request.NumField() != len(paramTable)+1 { // and Variables
		t.Errorf("Request has %d fields for %d params", request.NumField(), len(paramTable))
	}
	kinds := map[lsKind]reflect.Type{}
	for _, k := range kindTable {
		kinds[k.kind] = reflect.TypeOf(k.goType)
	}
	for _, f := range fieldTable {
		if _, ok := kinds[f.kind].MethodByName(f.method); !ok {
			t.Errorf("field %s has no method %s on %v", f.name, f.method, kinds[f.kind])
		}
	}
	client := reflect.TypeOf(&Client{})
	for _, o := range operationTable {
		for _, m := range []string{o.method, o.method + "Context"} {
			if _, ok := client.MethodByName(m); !ok {
				t.Errorf("operation %s has no Client method %s", o.name, m)
			}
		}
	}
	for _, c := range categoryTable {
		if (c.sentinel == nil) != (c.category == CategoryNone) {
			t.Errorf("category %s: sentinel %v", c.name, c.sentinel)
		}
		if c.sentinel != nil && !(&Error{Category: c.category}).Is(c.sentinel) {
			t.Errorf("category %s: its sentinel does not match its errors", c.name)
		}
	}
	// Every status maps to its category's sentinel, and to no other.
	for _, s := range statusTable {
		e := newError(s.status, "x", nil)
		for _, c := range categoryTable {
			if c.sentinel != nil && (c.category == s.category) != (e.Is(c.sentinel)) {
				t.Errorf("%s and %s", s.name, c.name)
			}
		}
	}
}

// The structs the generated layer reads (through cgo, from the header) have the layout the
// library was built with.
func TestStructLayouts(t *testing.T) {
	var e lsError
	var v lsValue
	var st lsStoreState
	layouts := map[string]struct {
		size, align uintptr
		offsets     map[string]uintptr
	}{
		"ls_error": {unsafe.Sizeof(e), unsafe.Alignof(e), map[string]uintptr{
			"status": unsafe.Offsetof(e.status), "http_status": unsafe.Offsetof(e.http_status),
			"retry_after_secs": unsafe.Offsetof(e.retry_after_secs), "message": unsafe.Offsetof(e.message),
			"server_code": unsafe.Offsetof(e.server_code)}},
		"ls_value": {unsafe.Sizeof(v), unsafe.Alignof(v), map[string]uintptr{
			"value_type": unsafe.Offsetof(v.value_type), "integer": unsafe.Offsetof(v.integer),
			"string": unsafe.Offsetof(v.string)}},
		"ls_store_state": {unsafe.Sizeof(st), unsafe.Alignof(st), map[string]uintptr{
			"last_check": unsafe.Offsetof(st.last_check), "last_use": unsafe.Offsetof(st.last_use),
			"grace_start": unsafe.Offsetof(st.grace_start), "grace_end": unsafe.Offsetof(st.grace_end),
			"floating_end": unsafe.Offsetof(st.floating_end), "valid_until": unsafe.Offsetof(st.valid_until),
			"local_consumptions": unsafe.Offsetof(st.local_consumptions), "save_status": unsafe.Offsetof(st.save_status),
			"online": unsafe.Offsetof(st.online), "in_grace": unsafe.Offsetof(st.in_grace),
			"offline_activated": unsafe.Offsetof(st.offline_activated)}},
	}
	structs, _ := describe(t)["structs"].([]any)
	if len(structs) != len(layouts) {
		t.Errorf("the library describes %d structs, the Go layer reads %d", len(structs), len(layouts))
	}
	for _, raw := range structs {
		s := raw.(map[string]any)
		name, _ := s["name"].(string)
		l, ok := layouts[name]
		if !ok {
			t.Errorf("struct %s is not read by the Go layer", name)
			continue
		}
		if float64(l.size) != s["size"] || float64(l.align) != s["align"] {
			t.Errorf("%s: size %d align %d, library %v %v", name, l.size, l.align, s["size"], s["align"])
		}
		fields, _ := s["fields"].([]any)
		if len(fields) != len(l.offsets) {
			t.Errorf("%s: %d fields, library %d", name, len(l.offsets), len(fields))
		}
		for _, f := range fields {
			field := f.(map[string]any)
			fieldName, _ := field["name"].(string)
			if got, ok := l.offsets[fieldName]; !ok || float64(got) != field["offset"] {
				t.Errorf("%s.%s: offset %d (%v), library %v", name, fieldName, got, ok, field["offset"])
			}
		}
	}
}

func TestABIVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "include", "licensespring.h"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`#define LS_ABI_VERSION (\d+)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("LS_ABI_VERSION not found in the header")
	}
	if want, _ := strconv.ParseUint(string(m[1]), 10, 32); uint32(want) != ExpectedABIVersion {
		t.Errorf("header LS_ABI_VERSION %s, ExpectedABIVersion %d", m[1], ExpectedABIVersion)
	}
	if err := CheckABI(); err != nil {
		t.Fatalf("CheckABI: %v", err)
	}
	err = checkABIVersion(7, 2)
	if err == nil || !strings.Contains(err.Error(), "ABI version 7") || !strings.Contains(err.Error(), "ABI version 2") {
		t.Errorf("mismatch error does not name both versions: %v", err)
	}
}
