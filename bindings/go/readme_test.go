package licensespring

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's example, built as a program of its own and run against the emulator.
func TestReadmeExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a separate program")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("no Go example in README.md")
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
	if err := os.WriteFile(filepath.Join(dir, "main.go"), m[1], 0o644); err != nil {
		t.Fatal(err)
	}
	pub := envOr("LS_EMULATOR_PUBLIC_KEY", filepath.Join(repoRoot, "tests", "fixtures", "emulator-public-key.pem"))
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LS_BASE_URL="+emulatorURL, "LS_EMULATOR_PUBLIC_KEY="+pub)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README example failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "activated until 2099-12-31") {
		t.Errorf("README example printed %q", out)
	}
}
