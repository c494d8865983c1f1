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
		"update to 2.0.0 from https://downloads.example.com/demo/2.0.0/", "online: false in grace until 20",
		"DEMO-OFFLINE offline activated: true"}
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
	for i, b := range blocks {
		name := fmt.Sprintf("example%d", i+1)
		run := func(args ...string) ([]byte, error) {
			cmd := exec.Command(filepath.Join(dir, "bin", name), args...)
			cmd.Env = append(os.Environ(), "LS_BASE_URL="+emulatorURL, "LS_EMULATOR_PUBLIC_KEY="+pub)
			return cmd.CombinedOutput()
		}
		out, err := run()
		if strings.Contains(string(b[1]), "os.Args") { // air-gapped: request, the portal, load
			out, err = airGapped(t, run)
		}
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

// airGapped runs the air-gapped README example: its request file to the emulator's
// activate_offline as the portal, the answer back as license.lic, then its deactivation file.
func airGapped(t *testing.T, run func(...string) ([]byte, error)) ([]byte, error) {
	folder := t.TempDir()
	if out, err := run(folder, "request"); err != nil {
		return out, err
	}
	text, err := os.ReadFile(filepath.Join(folder, "activate_offline.req"))
	if err != nil {
		return nil, err
	}
	lic := postOffline(t, "activate_offline", string(text))
	if err := os.WriteFile(filepath.Join(folder, "license.lic"), []byte(lic), 0o600); err != nil {
		return nil, err
	}
	out, err := run(folder, "load")
	if text, rerr := os.ReadFile(filepath.Join(folder, "deactivate_offline.req")); err == nil && rerr == nil {
		postOffline(t, "deactivate_offline", string(text))
	}
	return out, err
}
