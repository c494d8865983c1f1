package licensespring

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every Go program in README.md, built as a program of its own and run against the emulator.
func TestReadmeExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds separate programs")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	// What each example prints; a new example needs its line here.
	want := []string{"activated until 2099-12-31", "refused: LS_ERR_LICENSE_EXPIRED license_expired 400",
		"a 14-day trial, until 20", " of 10\n", "seat borrowed until 20", "authorized by OAuth for Demo App",
		"update to 2.0.0 from https://downloads.example.com/demo/2.0.0/"}
	if len(blocks) != len(want) {
		t.Fatalf("README.md has %d Go examples, the test expects %d", len(blocks), len(want))
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module readmeexample\n\ngo 1.22\n\n" +
		"require github.com/licensespring/licensespring-native/bindings/go v0.0.0\n\n" +
		"replace github.com/licensespring/licensespring-native/bindings/go => " + here + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		sub := filepath.Join(dir, fmt.Sprintf("example%d", i+1))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "main.go"), b[1], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// One build for all of them, against the shared library: linking the static one twice is slow.
	build := exec.Command("go", "build", "-tags", "dynamic", "-o", filepath.Join(dir, "bin")+string(filepath.Separator), "./...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the README examples: %v\n%s", err, out)
	}
	pub := envOr("LS_EMULATOR_PUBLIC_KEY", filepath.Join(repoRoot, "tests", "fixtures", "emulator-public-key.pem"))
	for i := range blocks {
		name := fmt.Sprintf("example%d", i+1)
		cmd := exec.Command(filepath.Join(dir, "bin", name))
		cmd.Env = append(os.Environ(), "LS_BASE_URL="+emulatorURL, "LS_EMULATOR_PUBLIC_KEY="+pub)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("README %s failed: %v\n%s", name, err, out)
		} else if !strings.Contains(string(out), want[i]) {
			t.Errorf("README %s printed %q, want a line %q", name, out, want[i])
		}
	}
	if !strings.Contains(string(readme), "It prints `"+want[1]+"`") {
		t.Errorf("README.md does not say what the second example prints (%q)", want[1])
	}
}
