package licensespring

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The license store against the emulator: each test has its own folder (t.TempDir) and device.

// deadClient is a client whose server is unreachable: its port was just closed.
func deadClient(t *testing.T) *Client {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.BaseURL = "http://" + l.Addr().String()
	_ = l.Close()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func newTestStore(t *testing.T, folder string) *Store {
	t.Helper()
	s, err := NewStore(folder, "demo")
	if err != nil {
		t.Fatalf("NewStore: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// licenseKey reads a stored license's key and closes it.
func licenseKey(t *testing.T, lic *License, err error) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer lic.Close()
	key, _, err := lic.Key()
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func near(got, want time.Time) bool { return got.Sub(want).Abs() < time.Minute }

// Activate online once; then local checks without a server, an online check in grace while the
// server is unreachable, its expiry once the store's time passes the window, and a clock set back.
func TestStoreActivateCheckLocalAndGrace(t *testing.T) {
	c, dead, dir := newTestClient(t), deadClient(t), t.TempDir()
	hw := uniqueHW("store")
	store := newTestStore(t, dir)
	bare := &Request{Product: "demo", HardwareID: hw} // the identity comes from the store
	_, _, err := store.CheckLocal(dead, bare)
	wantError(t, err, StatusNoStoredLicense, ErrLicense)

	lic, state, err := store.Activate(c, keyRequest("DEMO-UNLIMITED", hw))
	if key := licenseKey(t, lic, err); key != "DEMO-UNLIMITED" {
		t.Errorf("activated %q", key)
	}
	if !state.Online || state.InGrace || state.SaveStatus != StatusOK || !near(state.LastCheck, time.Now()) ||
		!state.GraceEnd.IsZero() || !state.ValidUntil.IsZero() || state.LastCheck.Location() != time.UTC {
		t.Errorf("after Activate: %+v", state)
	}

	again := newTestStore(t, dir) // as after a restart
	lic, state, err = again.CheckLocal(dead, bare)
	if key := licenseKey(t, lic, err); key != "DEMO-UNLIMITED" || state.Online || state.InGrace {
		t.Errorf("CheckLocal: %q, %+v", key, state)
	}
	lic, _, err = again.License(dead, bare)
	licenseKey(t, lic, err)
	lic, state, err = again.Check(c, bare)
	if licenseKey(t, lic, err); !state.Online {
		t.Errorf("online Check: %+v", state)
	}

	lic, state, err = again.Check(dead, bare)
	licenseKey(t, lic, err)
	if state.Online || !state.InGrace || !near(state.GraceStart, time.Now()) || !near(state.GraceEnd, time.Now().Add(24*time.Hour)) {
		t.Errorf("Check without a server: %+v", state)
	}
	if err := again.SetTime(time.Now().Add(25 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, _, err = again.Check(dead, bare)
	if e := wantError(t, err, StatusGracePeriodExpired, ErrNetwork); !strings.Contains(e.Message, "grace") {
		t.Errorf("message %q", e.Message)
	}
	if err := again.SetTime(time.Now().Add(-24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, _, err = again.CheckLocal(dead, bare)
	wantError(t, err, StatusClockTampered, ErrTampering)
	if err := again.SetTime(time.Time{}); err != nil { // the system clock again
		t.Fatal(err)
	}
	if err := again.SetGraceHours(0); err != nil {
		t.Fatal(err)
	}
	_, _, err = again.Check(dead, bare)
	wantError(t, err, StatusConnect, ErrNetwork)
	lic, state, err = again.Check(c, bare)
	if licenseKey(t, lic, err); !state.Online || !state.GraceStart.IsZero() {
		t.Errorf("online Check after the grace: %+v", state)
	}
	wantError(t, again.SetGraceHours(100000), StatusInvalidArgument, ErrInvalidArgument)

	if err := again.Deactivate(c, bare); err != nil {
		t.Fatal(err)
	}
	_, _, err = store.CheckLocal(dead, bare)
	wantError(t, err, StatusNoStoredLicense, ErrLicense)
}

// A flipped byte anywhere in the store file is tampering; so is reading it on another device.
func TestStoreTampering(t *testing.T) {
	c, dead, dir := newTestClient(t), deadClient(t), t.TempDir()
	hw := uniqueHW("tamper")
	store := newTestStore(t, dir)
	lic, _, err := store.Activate(c, keyRequest("DEMO-UNLIMITED", hw))
	licenseKey(t, lic, err)
	t.Cleanup(func() { _ = store.Deactivate(c, keyRequest("DEMO-UNLIMITED", hw)) })
	path, err := store.Path()
	if err != nil || path != filepath.Join(dir, "demo.lsstore") {
		t.Fatalf("Path: %q, %v", path, err)
	}
	bytes, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 30, len(bytes) / 2, len(bytes) - 1} {
		bytes[at] ^= 0x20
		if err := os.WriteFile(path, bytes, 0o600); err != nil {
			t.Fatal(err)
		}
		bytes[at] ^= 0x20
		_, _, err = newTestStore(t, dir).CheckLocal(dead, &Request{Product: "demo", HardwareID: hw})
		wantError(t, err, StatusLicenseFileTampered, ErrTampering)
	}
	if err := os.WriteFile(path, bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = newTestStore(t, dir).CheckLocal(dead, &Request{Product: "demo", HardwareID: "go-another-machine"})
	wantError(t, err, StatusHardwareIDMismatch, ErrTampering)
	lic, _, err = newTestStore(t, dir).CheckLocal(dead, &Request{Product: "demo", HardwareID: hw})
	licenseKey(t, lic, err)
}

// postOffline sends an offline request file to the emulator as the vendor's portal would.
func postOffline(t *testing.T, endpoint, body string) string {
	t.Helper()
	req, err := http.NewRequest("POST", emulatorURL+"/api/v4/"+endpoint, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	date := time.Now().UTC().Format(http.TimeFormat)
	mac := hmac.New(sha256.New, []byte("demo-shared-key"))
	mac.Write([]byte("licenseSpring\ndate: " + date))
	req.Header.Set("Date", date)
	req.Header.Set("Authorization", `algorithm="hmac-sha256",headers="date",signature="`+
		base64.StdEncoding.EncodeToString(mac.Sum(nil))+`",apikey="demo-api-key"`)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: HTTP %d %s", endpoint, resp.StatusCode, answer)
	}
	return string(answer)
}

// The air-gapped round trip through the emulator's activate_offline and deactivate_offline, once
// through files and once through strings.
func TestStoreOfflineRoundTrip(t *testing.T) {
	dead, dir := deadClient(t), t.TempDir()
	hw := uniqueHW("airgap")
	req := keyRequest("DEMO-OFFLINE", hw)
	store := newTestStore(t, dir)
	reqPath, licPath := filepath.Join(dir, "out", "activate_offline.req"), filepath.Join(dir, "license.lic")
	if err := store.OfflineActivationRequestFile(dead, req, reqPath); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(reqPath)
	if err != nil {
		t.Fatal(err)
	}
	answer := postOffline(t, "activate_offline", string(text))
	if err := os.WriteFile(licPath, []byte(base64.StdEncoding.EncodeToString([]byte(answer))), 0o600); err != nil {
		t.Fatal(err)
	}
	lic, state, err := store.LoadOfflineLicenseFile(dead, &Request{Product: "demo", HardwareID: hw}, licPath)
	if key := licenseKey(t, lic, err); key != "DEMO-OFFLINE" || !state.OfflineActivated || state.Online {
		t.Errorf("LoadOfflineLicenseFile: %q, %+v", key, state)
	}
	lic, _, err = newTestStore(t, dir).CheckLocal(dead, &Request{Product: "demo", HardwareID: hw})
	licenseKey(t, lic, err)
	_, err = newTestClient(t).Activate(req) // the server counts the device
	wantError(t, err, StatusLicenseDeviceExists, ErrLicense)
	// The same answer again: its request is no longer pending.
	_, _, err = store.LoadOfflineLicenseFile(dead, req, licPath)
	wantError(t, err, StatusOfflineRequestMismatch, ErrVerification)
	deactivatePath := filepath.Join(dir, "deactivate_offline.req")
	if err := store.OfflineDeactivationRequestFile(dead, &Request{Product: "demo", HardwareID: hw}, deactivatePath); err != nil {
		t.Fatal(err)
	}
	if text, err = os.ReadFile(deactivatePath); err != nil {
		t.Fatal(err)
	}
	if got := postOffline(t, "deactivate_offline", string(text)); strings.TrimSpace(got) != "license_deactivated" {
		t.Errorf("deactivate_offline: %q", got)
	}
	_, _, err = store.CheckLocal(dead, req)
	wantError(t, err, StatusNoStoredLicense, ErrLicense)

	// Through strings, with a second store and device.
	hw2 := uniqueHW("airgap-strings")
	req2 := keyRequest("DEMO-OFFLINE", hw2)
	store2 := newTestStore(t, t.TempDir())
	request, err := store2.OfflineActivationRequest(dead, req2)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = store2.LoadOfflineLicense(dead, req2, base64.StdEncoding.EncodeToString([]byte(answer)))
	wantError(t, err, StatusHardwareIDMismatch, ErrTampering) // the other device's .lic
	lic, state, err = store2.LoadOfflineLicense(dead, req2, postOffline(t, "activate_offline", request))
	if key := licenseKey(t, lic, err); key != "DEMO-OFFLINE" || !state.OfflineActivated {
		t.Errorf("LoadOfflineLicense: %q, %+v", key, state)
	}
	request, err = store2.OfflineDeactivationRequest(dead, req2)
	if err != nil {
		t.Fatal(err)
	}
	if got := postOffline(t, "deactivate_offline", request); strings.TrimSpace(got) != "license_deactivated" {
		t.Errorf("deactivate_offline: %q", got)
	}
}

// Consumptions counted locally are sent by the next online check.
func TestStoreLocalConsumption(t *testing.T) {
	c, dead := newTestClient(t), deadClient(t)
	hw := uniqueHW("store-consumption")
	store := newTestStore(t, t.TempDir())
	bare := &Request{Product: "demo", HardwareID: hw}
	lic, _, err := store.Activate(c, keyRequest("DEMO-UNLIMITED-CONSUMPTION", hw))
	licenseKey(t, lic, err)
	defer func() {
		if err := store.Deactivate(c, bare); err != nil {
			t.Error(err)
		}
	}()
	for want := int64(1); want <= 3; want++ {
		state, err := store.AddLocalConsumption(dead, bare, 1)
		if err != nil || state.LocalConsumptions != want || state.Online {
			t.Fatalf("AddLocalConsumption: %+v, %v", state, err)
		}
	}
	lic, state, err := store.Check(c, bare)
	if err != nil {
		t.Fatal(err)
	}
	defer lic.Close()
	if total, _, _ := lic.TotalConsumptions(); state.LocalConsumptions != 0 || total != 3 {
		t.Errorf("after the online check: %+v, total %d", state, total)
	}
	wantError(t, func() error { _, err := newTestStore(t, t.TempDir()).AddLocalConsumption(dead, bare, 1); return err }(),
		StatusNoStoredLicense, ErrLicense)
}

// A store whose folder cannot be created: the activation succeeds on the server, fails with a
// storage error, and the handle keeps the license in memory.
func TestStoreStorageError(t *testing.T) {
	c, dead := newTestClient(t), deadClient(t)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	hw := uniqueHW("store-storage")
	store := newTestStore(t, filepath.Join(file, "store"))
	_, _, err := store.Activate(c, keyRequest("DEMO-UNLIMITED", hw))
	var e *Error
	if !errors.Is(err, ErrStorage) || !errors.As(err, &e) || e.Category != CategoryStorage {
		t.Fatalf("Activate into a folder under a file: %v", err)
	}
	bare := &Request{Product: "demo", HardwareID: hw}
	lic, _, err := store.CheckLocal(dead, bare)
	licenseKey(t, lic, err)
	if err := c.Deactivate(keyRequest("DEMO-UNLIMITED", hw)); err != nil {
		t.Error(err)
	}
	for status, group := range map[Status]error{StatusStoreFolderMissing: ErrStorage, StatusStoreDiskFull: ErrStorage,
		StatusStoreVersionUnsupported: ErrStorage, StatusLicenseFileTampered: ErrTampering,
		StatusProductMismatch: ErrTampering, StatusClockTampered: ErrTampering} {
		if !errors.Is(newError(status, "x", nil), group) {
			t.Errorf("%v is not %v", status, group)
		}
	}
}

// The arguments, the default folder, cancellation, and the store after Close.
func TestStoreArgumentsCancelAndClose(t *testing.T) {
	def, err := NewStore("", "demo")
	if err != nil {
		t.Fatal(err)
	}
	if path, err := def.Path(); err != nil || !strings.HasSuffix(path, filepath.Join(".LicenseSpring", "LicenseSpring", "demo", "demo.lsstore")) {
		t.Errorf("default Path: %q, %v", path, err)
	}
	_, err = NewStore(t.TempDir(), "")
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	_, err = NewStore("a\x00b", "demo")
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	dead := deadClient(t)
	_, _, err = def.LoadOfflineLicenseFile(dead, keyRequest("", "x"), "a\x00b")
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	_, _, err = def.CheckLocal(dead, &Request{Product: "demo-user", HardwareID: "x"}) // not the store's product
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	_, _, err = def.CheckLocal(dead, nil)
	wantError(t, err, StatusNullArgument, ErrInvalidArgument)

	srv := newSilentServer(t)
	store := newTestStore(t, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err = store.ActivateContext(ctx, srv.client(t), keyRequest("DEMO-UNLIMITED", uniqueHW("store-cancel")))
	wantCancelled(t, err, context.DeadlineExceeded, time.Since(start))
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	wantCancelled(t, store.DeactivateContext(ctx, srv.client(t), keyRequest("DEMO-UNLIMITED", "x")), context.Canceled, 0)

	_ = def.Close()
	_ = def.Close()
	_, err = def.Path()
	if wantError(t, err, StatusNullArgument, ErrInvalidArgument); !errors.Is(err, ErrClosed) {
		t.Errorf("%v is not ErrClosed", err)
	}
	_, _, err = def.Check(dead, keyRequest("", "x"))
	wantError(t, err, StatusNullArgument, ErrInvalidArgument)
}

// Every ls_store_* function of the header has its Store method (Context twin for the blocking ones).
func TestStoreCoversHeader(t *testing.T) {
	header, err := os.ReadFile(filepath.Join("..", "..", "include", "licensespring.h"))
	if err != nil {
		t.Fatal(err)
	}
	store := reflect.TypeOf(&Store{})
	for _, m := range regexp.MustCompile(`(?m)^ls_status ls_store_(\w+)\(([^;]*)`).FindAllSubmatch(header, -1) {
		name := ""
		for _, word := range strings.Split(string(m[1]), "_") {
			name += strings.ToUpper(word[:1]) + word[1:]
		}
		if name == "New" {
			continue
		}
		if _, ok := store.MethodByName(name); !ok {
			t.Errorf("ls_store_%s has no Store method %s", m[1], name)
		}
		if _, ok := store.MethodByName(name + "Context"); ok != strings.Contains(string(m[2]), "ls_cancel") {
			t.Errorf("ls_store_%s: %sContext exists: %v", m[1], name, ok)
		}
	}
}
