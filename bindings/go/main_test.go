package licensespring

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The emulator every test talks to, started once by TestMain.
var (
	repoRoot     string
	emulatorURL  string
	publicKeyPEM string
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	repoRoot = root
	emulator := envOr("LS_EMULATOR", filepath.Join(root, "target", "debug", "ls-emulator"))
	seed := envOr("LS_EMULATOR_SEED", filepath.Join(root, "emulator", "seeds", "demo.json"))
	key := envOr("LS_EMULATOR_KEY", filepath.Join(root, "tests", "fixtures", "emulator-signing-key.pem"))
	pub := envOr("LS_EMULATOR_PUBLIC_KEY", filepath.Join(root, "tests", "fixtures", "emulator-public-key.pem"))
	pem, err := os.ReadFile(pub)
	if err != nil {
		fmt.Fprintln(os.Stderr, "reading the emulator's public key:", err)
		return 1
	}
	publicKeyPEM = string(pem)

	// --exit-on-stdin-eof: the emulator also stops if this process dies without killing it.
	cmd := exec.Command(emulator, "--listen", "127.0.0.1:0", "--seed", seed, "--signing-key", key,
		"--exit-on-stdin-eof")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "starting ls-emulator:", err)
		return 1
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		lines <- line
		_, _ = r.WriteTo(devNull{}) // keep draining
	}()
	select {
	case line := <-lines:
		const prefix = "listening on "
		if !strings.HasPrefix(line, prefix) {
			fmt.Fprintf(os.Stderr, "unexpected first line from ls-emulator: %q\n", line)
			return 1
		}
		emulatorURL = strings.TrimSpace(strings.TrimPrefix(line, prefix))
	case <-time.After(60 * time.Second):
		fmt.Fprintln(os.Stderr, "ls-emulator did not report its address within 60 s")
		return 1
	}
	return m.Run()
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// uniqueHW is a hardware ID no other test uses.
func uniqueHW(tag string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "go-" + tag + "-" + hex.EncodeToString(b)
}

// testConfig is a valid configuration for the emulator.
func testConfig() Config {
	return Config{
		APIKey:       "demo-api-key",
		SharedKey:    "demo-shared-key",
		BaseURL:      emulatorURL,
		PublicKeyPEM: publicKeyPEM,
		DisableProxy: true,
	}
}

func newTestClient(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(testConfig())
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
