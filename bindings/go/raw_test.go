package licensespring

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// These tests fail when the raw layer and include/licensespring.h disagree: a function, an
// argument's type or count, an enum value, or the ABI version.

func readHeader(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "include", "licensespring.h"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	protoRE = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_ ]*?[ *]+)(ls_\w+)\(([^)]*)\);`)
	paramRE = regexp.MustCompile(`^(.*?[ *])\s*\w+$`)
	spaceRE = regexp.MustCompile(`\s+`)
)

func normType(s string) string {
	s = spaceRE.ReplaceAllString(strings.TrimSpace(s), " ")
	return strings.ReplaceAll(strings.ReplaceAll(s, " *", "*"), "* ", "*")
}

// prototypes maps each function name to "ret(arg,arg)" with parameter names removed.
func prototypes(src string) map[string]string {
	out := map[string]string{}
	for _, m := range protoRE.FindAllStringSubmatch(src, -1) {
		var params []string
		if p := strings.TrimSpace(m[3]); p != "void" && p != "" {
			for _, param := range strings.Split(p, ",") {
				param = strings.TrimSpace(param)
				if pm := paramRE.FindStringSubmatch(param); pm != nil {
					param = pm[1]
				}
				params = append(params, normType(param))
			}
		}
		out[m[2]] = normType(m[1]) + "(" + strings.Join(params, ",") + ")"
	}
	return out
}

func rawSource(t *testing.T) (decls, rest string) {
	t.Helper()
	b, err := os.ReadFile("raw.go")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	const begin, end = "// BEGIN RAW DECLARATIONS", "// END RAW DECLARATIONS"
	i, j := strings.Index(src, begin), strings.Index(src, end)
	if i < 0 || j < i {
		t.Fatal("raw.go has no RAW DECLARATIONS block")
	}
	return src[i:j], src[:i] + src[j:]
}

func TestRawFunctionsMatchHeader(t *testing.T) {
	header := prototypes(readHeader(t))
	decls, rest := rawSource(t)
	raw := prototypes(decls)
	if len(header) < 50 {
		t.Fatalf("parsed only %d prototypes from the header; the parser is broken", len(header))
	}
	for name, sig := range header {
		got, ok := raw[name]
		switch {
		case !ok:
			t.Errorf("%s is in the header but not in the raw layer: %s", name, sig)
		case got != sig:
			t.Errorf("%s: header says %s, raw layer says %s", name, sig, got)
		}
	}
	for name := range raw {
		if _, ok := header[name]; !ok {
			t.Errorf("%s is in the raw layer but not in the header", name)
		}
	}
	// Every declared function is called by the raw layer, directly or through LSGO_WRAP.
	for name := range raw {
		direct := regexp.MustCompile(`\b` + name + `\(`)
		wrapped := "LSGO_WRAP(" + strings.TrimPrefix(name, "ls_") + ","
		if !direct.MatchString(rest) && !strings.Contains(rest, wrapped) {
			t.Errorf("%s is declared but never called by the raw layer", name)
		}
	}
}

// headerEnum parses "LS_X = N," lines of one enum.
func headerEnum(t *testing.T, header, name string) map[string]int64 {
	t.Helper()
	i := strings.Index(header, "enum "+name+"\n")
	if i < 0 {
		t.Fatalf("enum %s not found in the header", name)
	}
	body := header[i:]
	body = body[:strings.Index(body, "};")]
	out := map[string]int64{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(LS_\w+) = (-?\d+),`).FindAllStringSubmatch(body, -1) {
		v, _ := strconv.ParseInt(m[2], 10, 64)
		out[m[1]] = v
	}
	if len(out) == 0 {
		t.Fatalf("enum %s has no values", name)
	}
	return out
}

func compareEnum(t *testing.T, enum string, header map[string]int64, goValues map[string]int64, goConsts map[string]int64) {
	t.Helper()
	for name, v := range header {
		got, ok := goValues[name]
		switch {
		case !ok:
			t.Errorf("%s.%s = %d is missing from the Go table", enum, name, v)
		case got != v:
			t.Errorf("%s.%s: header %d, Go %d", enum, name, v, got)
		}
	}
	for name := range goValues {
		if _, ok := header[name]; !ok {
			t.Errorf("%s.%s is in the Go table but not in the header", enum, name)
		}
	}
	// Every Go constant of the type has a header value, and there are as many of them.
	values := map[int64]bool{}
	for _, v := range header {
		values[v] = true
	}
	for name, v := range goConsts {
		if !values[v] {
			t.Errorf("Go constant %s = %d has no %s value in the header", name, v, enum)
		}
	}
	if len(goConsts) != len(header) {
		t.Errorf("%d Go constants of %s, %d header values", len(goConsts), enum, len(header))
	}
}

// goConstants returns the constants of the given type declared in the package's non-test
// files, by name.
func goConstants(t *testing.T, typeName string) map[string]int64 {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	out := map[string]int64{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typeName {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: constant %s is not a literal", f, n.Name)
					}
					v, _ := strconv.ParseInt(lit.Value, 0, 64)
					out[n.Name] = v
				}
			}
		}
	}
	return out
}

func TestRawEnumsMatchHeader(t *testing.T) {
	header := readHeader(t)

	statuses := map[string]int64{}
	for k, v := range cStatuses {
		statuses[k] = int64(v)
	}
	compareEnum(t, "ls_status", headerEnum(t, header, "ls_status"), statuses, goConstants(t, "Status"))

	categories := map[string]int64{}
	for k, v := range cCategories {
		categories[k] = int64(v)
	}
	compareEnum(t, "ls_category", headerEnum(t, header, "ls_category"), categories, goConstants(t, "Category"))

	fields := map[string]int64{}
	for k, v := range cFields {
		fields[k] = int64(v)
	}
	compareEnum(t, "ls_request_field", headerEnum(t, header, "ls_request_field"), fields, goConstants(t, "field"))
}

func TestRawNamesAgreeWithLibrary(t *testing.T) {
	// The library's names for the statuses and fields are the header's.
	for name, s := range cStatuses {
		if got := s.String(); got != name {
			t.Errorf("ls_status_name(%d) = %q, header name %q", s, got, name)
		}
	}
	wire := map[field]string{}
	for name, f := range cFields {
		got := rawRequestFieldName(f)
		if want := strings.ToLower(strings.TrimPrefix(name, "LS_FIELD_")); got != want {
			t.Errorf("ls_request_field_name(%s) = %q, want %q", name, got, want)
		}
		wire[f] = got
	}
	if got := rawRequestFieldName(field(len(cFields))); got != "" {
		t.Errorf("ls_request_field_name(past the end) = %q, want NULL", got)
	}
	names := make([]string, 0, len(wire))
	for _, n := range wire {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) != 16 {
		t.Errorf("request fields: %v", names)
	}
}

func TestABIVersion(t *testing.T) {
	m := regexp.MustCompile(`#define LS_ABI_VERSION (\d+)`).FindStringSubmatch(readHeader(t))
	if m == nil {
		t.Fatal("LS_ABI_VERSION not found in the header")
	}
	if want, _ := strconv.ParseUint(m[1], 10, 32); uint32(want) != ExpectedABIVersion || headerABIVersion != ExpectedABIVersion {
		t.Errorf("header LS_ABI_VERSION %s, compiled %d, ExpectedABIVersion %d", m[1], headerABIVersion, ExpectedABIVersion)
	}
	if err := CheckABI(); err != nil {
		t.Fatalf("CheckABI: %v", err)
	}
	if ABIVersion() != ExpectedABIVersion {
		t.Errorf("ABIVersion() = %d", ABIVersion())
	}
	err := checkABIVersion(7, 1)
	if err == nil || !strings.Contains(err.Error(), "ABI version 7") || !strings.Contains(err.Error(), "ABI version 1") {
		t.Errorf("mismatch error does not name both versions: %v", err)
	}
}
