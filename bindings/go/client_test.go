package licensespring

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func keyRequest(key, hw string) *Request {
	return &Request{Product: "demo", HardwareID: hw, LicenseKey: key}
}

// wantError checks that err is an *Error of the given status and group.
func wantError(t *testing.T, err error, status Status, group error) *Error {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v, got success", status)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %T: %v", err, err)
	}
	if e.Status != status {
		t.Fatalf("want status %v, got %v (%v)", status, e.Status, err)
	}
	if e.StatusName != status.String() {
		t.Errorf("StatusName %q, want %q", e.StatusName, status.String())
	}
	if e.Category != status.Category() {
		t.Errorf("Category %v, want %v", e.Category, status.Category())
	}
	if !errors.Is(err, group) {
		t.Errorf("%v is not %v", err, group)
	}
	for _, other := range []error{ErrInvalidArgument, ErrNetwork, ErrAuthorization, ErrLicense, ErrVerification, ErrServer, ErrInternal} {
		if other != group && errors.Is(err, other) {
			t.Errorf("%v is also %v", err, other)
		}
	}
	if e.Message == "" {
		t.Errorf("%v has no message", err)
	}
	return e
}

func mustActivate(t *testing.T, c *Client, req *Request) *License {
	t.Helper()
	lic, err := c.Activate(req)
	if err != nil {
		t.Fatalf("Activate: %v", err)
	}
	t.Cleanup(func() { _ = lic.Close() })
	return lic
}

func TestVersionAndStatus(t *testing.T) {
	if v := Version(); v == "" || strings.Count(v, ".") < 2 {
		t.Errorf("Version() = %q", v)
	}
	if got := StatusLicenseExpired.String(); got != "LS_ERR_LICENSE_EXPIRED" {
		t.Errorf("String() = %q", got)
	}
	if StatusLicenseExpired.Description() == "" {
		t.Error("no description")
	}
	if StatusLicenseExpired.Category() != CategoryLicense || StatusConnect.Category() != CategoryNetwork ||
		StatusOK.Category() != CategoryNone {
		t.Error("categories")
	}
	if got := Status(12345).String(); got != "LS_UNKNOWN_STATUS" {
		t.Errorf("unknown status name %q", got)
	}
	if Status(12345).Category() != CategoryInternal {
		t.Error("unknown status category")
	}
	if CategoryLicense.String() != "license" {
		t.Error(CategoryLicense.String())
	}
}

func TestHardwareID(t *testing.T) {
	id, err := HardwareID()
	if err != nil {
		wantError(t, err, StatusHardwareIDUnavailable, ErrInvalidArgument)
		t.Skipf("no machine id here: %v", err)
	}
	if len(id) != 64 {
		t.Errorf("HardwareID() = %q, want 64 hex digits", id)
	}
}

func TestKeyActivationAccessorsCheckDeactivate(t *testing.T) {
	c := newTestClient(t)
	hw := uniqueHW("key")
	req := keyRequest("DEMO-1111-2222-3333", hw)
	lic := mustActivate(t, c, req)

	if id, err := lic.ID(); err != nil || id != 1001 {
		t.Errorf("ID() = %d, %v", id, err)
	}
	if key, ok, err := lic.Key(); err != nil || !ok || key != "DEMO-1111-2222-3333" {
		t.Errorf("Key() = %q, %v, %v", key, ok, err)
	}
	if typ, ok, err := lic.Type(); err != nil || !ok || typ != "perpetual" {
		t.Errorf("Type() = %q, %v, %v", typ, ok, err)
	}
	for name, f := range map[string]func() (bool, error){"IsActive": lic.IsActive, "IsEnabled": lic.IsEnabled} {
		if v, err := f(); err != nil || !v {
			t.Errorf("%s() = %v, %v", name, v, err)
		}
	}
	for name, f := range map[string]func() (bool, error){"IsExpired": lic.IsExpired, "IsTrial": lic.IsTrial} {
		if v, err := f(); err != nil || v {
			t.Errorf("%s() = %v, %v", name, v, err)
		}
	}
	if v, ok, err := lic.ValidityPeriod(); err != nil || ok || v != "" {
		t.Errorf("ValidityPeriod() = %q, %v, %v", v, ok, err)
	}
	if n, err := lic.TimesActivated(); err != nil || n < 1 {
		t.Errorf("TimesActivated() = %d, %v", n, err)
	}
	if n, err := lic.MaxActivations(); err != nil || n != 3 {
		t.Errorf("MaxActivations() = %d, %v", n, err)
	}
	if n, err := lic.FeatureCount(); err != nil || n != 2 {
		t.Errorf("FeatureCount() = %d, %v", n, err)
	}
	features, err := lic.Features()
	want := []Feature{{"pro", "Pro features"}, {"export", "Export"}}
	if err != nil || len(features) != 2 || features[0] != want[0] || features[1] != want[1] {
		t.Errorf("Features() = %v, %v", features, err)
	}
	if code, err := lic.FeatureCode(1); err != nil || code != "export" {
		t.Errorf("FeatureCode(1) = %q, %v", code, err)
	}
	if name, err := lic.FeatureName(0); err != nil || name != "Pro features" {
		t.Errorf("FeatureName(0) = %q, %v", name, err)
	}
	_, err = lic.FeatureCode(2)
	wantError(t, err, StatusIndexOutOfRange, ErrInvalidArgument)
	_, err = lic.FeatureName(-1)
	wantError(t, err, StatusIndexOutOfRange, ErrInvalidArgument)
	if n, err := lic.CustomFieldCount(); err != nil || n != 1 {
		t.Errorf("CustomFieldCount() = %d, %v", n, err)
	}
	if name, err := lic.CustomFieldName(0); err != nil || name != "tier" {
		t.Errorf("CustomFieldName(0) = %q, %v", name, err)
	}
	if value, err := lic.CustomFieldValue(0); err != nil || value != "gold" {
		t.Errorf("CustomFieldValue(0) = %q, %v", value, err)
	}
	_, err = lic.CustomFieldValue(1)
	wantError(t, err, StatusIndexOutOfRange, ErrInvalidArgument)
	_, err = lic.CustomFieldName(5)
	wantError(t, err, StatusIndexOutOfRange, ErrInvalidArgument)
	if fields, err := lic.CustomFields(); err != nil || len(fields) != 1 || fields[0] != (CustomField{"tier", "gold"}) {
		t.Errorf("CustomFields() = %v, %v", fields, err)
	}
	if email, ok, err := lic.CustomerEmail(); err != nil || !ok || email != "customer@example.com" {
		t.Errorf("CustomerEmail() = %q, %v, %v", email, ok, err)
	}
	if email, ok, err := lic.UserEmail(); err != nil || ok || email != "" {
		t.Errorf("UserEmail() = %q, %v, %v", email, ok, err)
	}
	if js, err := lic.JSON(); err != nil || !strings.Contains(js, `"DEMO-1111-2222-3333"`) || !strings.HasPrefix(strings.TrimSpace(js), "{") {
		t.Errorf("JSON() = %q, %v", js, err)
	}

	checked, err := c.Check(req)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if id, err := checked.ID(); err != nil || id != 1001 {
		t.Errorf("checked ID() = %d, %v", id, err)
	}
	_ = checked.Close()

	_, err = c.Activate(req)
	e := wantError(t, err, StatusLicenseDeviceExists, ErrLicense)
	if e.HTTPStatus != 409 || e.ServerCode != "license_device_exists" {
		t.Errorf("device exists: HTTP %d, code %q", e.HTTPStatus, e.ServerCode)
	}

	if err := c.Deactivate(req); err != nil {
		t.Fatalf("Deactivate: %v", err)
	}
	_, err = c.Check(req)
	e = wantError(t, err, StatusDeviceNotFound, ErrLicense)
	if e.ServerCode != "device_not_found" {
		t.Errorf("ServerCode %q", e.ServerCode)
	}
	e = wantError(t, c.Deactivate(req), StatusDeviceNotFound, ErrLicense)
	if e.ServerCode != "device_not_found" {
		t.Errorf("ServerCode %q", e.ServerCode)
	}
}

func TestTimeLimitedLicense(t *testing.T) {
	c := newTestClient(t)
	req := keyRequest("DEMO-TIME-LIMITED", uniqueHW("time"))
	lic := mustActivate(t, c, req)
	if v, ok, err := lic.ValidityPeriod(); err != nil || !ok || !strings.HasPrefix(v, "2099-12-31") {
		t.Errorf("ValidityPeriod() = %q, %v, %v", v, ok, err)
	}
	if typ, _, _ := lic.Type(); typ != "time-limited" {
		t.Errorf("Type() = %q", typ)
	}
	if n, _ := lic.MaxActivations(); n != 100 {
		t.Errorf("MaxActivations() = %d", n)
	}
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}
}

func checkUserLicense(t *testing.T, c *Client, req *Request, email string) {
	t.Helper()
	lic := mustActivate(t, c, req)
	if got, ok, err := lic.UserEmail(); err != nil || !ok || got != email {
		t.Errorf("UserEmail() = %q, %v, %v", got, ok, err)
	}
	if key, ok, err := lic.Key(); err != nil || ok || key != "" {
		t.Errorf("Key() = %q, %v, %v", key, ok, err)
	}
	if id, _ := lic.ID(); id != 2001 {
		t.Errorf("ID() = %d", id)
	}
	checked, err := c.Check(req)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	_ = checked.Close()
	if err := c.Deactivate(req); err != nil {
		t.Fatalf("Deactivate: %v", err)
	}
}

func TestUserActivation(t *testing.T) {
	c := newTestClient(t)
	checkUserLicense(t, c, &Request{Product: "demo-user", HardwareID: uniqueHW("user"),
		Username: "alice@example.com", Password: "alice-password"}, "alice@example.com")

	_, err := c.Activate(&Request{Product: "demo-user", HardwareID: uniqueHW("user"),
		Username: "alice@example.com", Password: "wrong-password"})
	if err == nil {
		t.Fatal("wrong password accepted")
	}
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus == 0 || e.ServerCode == "" {
		t.Errorf("wrong password: %v", err)
	}
}

func TestSSOIDTokenActivation(t *testing.T) {
	c := newTestClient(t)
	checkUserLicense(t, c, &Request{Product: "demo-user", HardwareID: uniqueHW("sso-token"),
		IDToken: "sso-id-token-alice", CustomerAccountCode: "demo-corp"}, "alice@example.com")
}

func TestSSOCodeActivation(t *testing.T) {
	c := newTestClient(t)
	checkUserLicense(t, c, &Request{Product: "demo-user", HardwareID: uniqueHW("sso-code"),
		Code: "sso-code-bob", CustomerAccountCode: "demo-corp"}, "bob@example.com")
}

func TestEveryRequestField(t *testing.T) {
	c := newTestClient(t)
	isVM := false
	consumptions := int64(-2)
	req := &Request{
		Product: "demo", HardwareID: uniqueHW("fields"), LicenseKey: "DEMO-UNLIMITED",
		VMInfo: "none", OSVer: "Linux 6.1", Hostname: "host", OSHostname: "os-host",
		IP: "192.0.2.1", IPLocal: "10.0.0.2", AppVer: "1.2.3", MACAddress: "00:11:22:33:44:55",
		LicenseID: 1010, IsVM: &isVM, Consumptions: &consumptions,
		Variables: map[string]string{"region": "eu", "seats": "4"},
	}
	lic := mustActivate(t, c, req)
	if id, _ := lic.ID(); id != 1010 {
		t.Errorf("ID() = %d", id)
	}
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}

	creq := keyRequest("DEMO-CONSUMPTION", uniqueHW("consumption"))
	mustActivate(t, c, creq)
	n := int64(5)
	creq.Consumptions = &n
	if err := c.Deactivate(creq); err != nil {
		t.Fatal(err)
	}
}

func TestLicenseErrors(t *testing.T) {
	c := newTestClient(t)
	isVM := true
	cases := []struct {
		name   string
		req    *Request
		status Status
		code   string
	}{
		{"expired", keyRequest("DEMO-EXPIRED", uniqueHW("err")), StatusLicenseExpired, "license_expired"},
		{"disabled", keyRequest("DEMO-DISABLED", uniqueHW("err")), StatusLicenseNotEnabled, "license_not_enabled"},
		{"inactive", keyRequest("DEMO-INACTIVE", uniqueHW("err")), StatusLicenseNotActive, "license_not_active"},
		{"not started", keyRequest("DEMO-NOT-STARTED", uniqueHW("err")), StatusLicenseStartDate, "license_start_date_error"},
		{"vm", &Request{Product: "demo", HardwareID: uniqueHW("err"), LicenseKey: "DEMO-NO-VM", IsVM: &isVM}, StatusVMNotAllowed, "vm_not_allowed"},
		{"blacklisted", keyRequest("DEMO-UNLIMITED", "blacklisted-device"), StatusBlacklisted, "blacklisted"},
		{"wrong key", keyRequest("DEMO-NO-SUCH-KEY", uniqueHW("err")), StatusLicenseNotFound, "license_not_found"},
		{"unknown product", &Request{Product: "no-such-product", HardwareID: uniqueHW("err"), LicenseKey: "DEMO-1111-2222-3333"}, StatusUnknownProduct, "unknown_product"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Activate(tc.req)
			e := wantError(t, err, tc.status, ErrLicense)
			if e.ServerCode != tc.code {
				t.Errorf("ServerCode %q, want %q", e.ServerCode, tc.code)
			}
			if e.HTTPStatus < 400 || e.HTTPStatus > 499 {
				t.Errorf("HTTPStatus %d", e.HTTPStatus)
			}
			if e.RetryAfter != -1 {
				t.Errorf("RetryAfter %d", e.RetryAfter)
			}
			if !strings.Contains(err.Error(), tc.status.String()) || !strings.Contains(err.Error(), tc.code) {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
	_, err := c.Activate(keyRequest("DEMO-EXPIRED", uniqueHW("err")))
	if e := wantError(t, err, StatusLicenseExpired, ErrLicense); e.HTTPStatus != 400 {
		t.Errorf("license_expired: HTTP %d, want 400", e.HTTPStatus)
	}

	// One seat: the second device is refused.
	single := keyRequest("DEMO-SINGLE-SEAT", uniqueHW("single"))
	mustActivate(t, c, single)
	_, err = c.Activate(keyRequest("DEMO-SINGLE-SEAT", uniqueHW("single")))
	if e := wantError(t, err, StatusLicenseActivatedMaxTimes, ErrLicense); e.ServerCode != "license_activated_max_times" {
		t.Errorf("ServerCode %q", e.ServerCode)
	}
	if err := c.Deactivate(single); err != nil {
		t.Fatal(err)
	}
}

func TestAuthorizationErrors(t *testing.T) {
	cfg := testConfig()
	cfg.SharedKey = "wrong-shared-key"
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Activate(keyRequest("DEMO-UNLIMITED", uniqueHW("auth")))
	e := wantError(t, err, StatusSignatureMismatch, ErrAuthorization)
	if e.ServerCode != "signature_mismatch" || e.HTTPStatus == 0 {
		t.Errorf("ServerCode %q, HTTP %d", e.ServerCode, e.HTTPStatus)
	}

	cfg = testConfig()
	cfg.APIKey = "no-such-api-key"
	c2, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	_, err = c2.Check(keyRequest("DEMO-UNLIMITED", uniqueHW("auth")))
	if e := wantError(t, err, StatusInvalidAPIKey, ErrAuthorization); e.ServerCode != "invalid_api_key" {
		t.Errorf("ServerCode %q", e.ServerCode)
	}
}

func TestNetworkError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	cfg := testConfig()
	cfg.BaseURL = "http://" + addr
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Activate(keyRequest("DEMO-UNLIMITED", uniqueHW("net")))
	e := wantError(t, err, StatusConnect, ErrNetwork)
	if e.HTTPStatus != 0 || e.ServerCode != "" {
		t.Errorf("HTTP %d, code %q", e.HTTPStatus, e.ServerCode)
	}
}

func TestVerificationError(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.PublicKeyPEM = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("verify"))
	_, err = c.Activate(req)
	wantError(t, err, StatusSignatureInvalid, ErrVerification)
	// The server did activate; clean up with a client that verifies properly.
	_ = newTestClient(t).Deactivate(req)

	// Verification off: the same wrong key does not matter.
	cfg.DisableSignatureVerification = true
	c2, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	req = keyRequest("DEMO-UNLIMITED", uniqueHW("noverify"))
	mustActivate(t, c2, req)
	if err := c2.Deactivate(req); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidArguments(t *testing.T) {
	c := newTestClient(t)
	hw := uniqueHW("invalid")

	_, err := c.Activate(nil)
	wantError(t, err, StatusNullArgument, ErrInvalidArgument)
	wantError(t, c.Deactivate(nil), StatusNullArgument, ErrInvalidArgument)

	for name, req := range map[string]*Request{
		"empty":              {},
		"no product":         {HardwareID: hw, LicenseKey: "DEMO-UNLIMITED"},
		"no hardware id":     {Product: "demo", LicenseKey: "DEMO-UNLIMITED"},
		"no identity":        {Product: "demo", HardwareID: hw},
		"token without code": {Product: "demo-user", HardwareID: hw, IDToken: "sso-id-token-alice"},
		"ambiguous":          {Product: "demo", HardwareID: hw, LicenseKey: "DEMO-UNLIMITED", Username: "a", Password: "b"},
		"empty variable":     {Product: "demo", HardwareID: hw, LicenseKey: "DEMO-UNLIMITED", Variables: map[string]string{"": "x"}},
		"NUL in key":         {Product: "demo", HardwareID: hw, LicenseKey: "DEMO\x00UNLIMITED"},
		"NUL in variable":    {Product: "demo", HardwareID: hw, LicenseKey: "DEMO-UNLIMITED", Variables: map[string]string{"a": "\x00"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Activate(req)
			e := wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
			if e.HTTPStatus != 0 {
				t.Errorf("HTTPStatus %d: something was sent", e.HTTPStatus)
			}
		})
	}
	// A username without a password is refused before anything is sent.
	_, err = c.Activate(&Request{Product: "demo-user", HardwareID: hw, Username: "alice@example.com"})
	if e := wantError(t, err, StatusInvalidArgument, ErrInvalidArgument); e.HTTPStatus != 0 {
		t.Errorf("username without password: HTTP %d, something was sent", e.HTTPStatus)
	}
	_, err = c.Activate(&Request{Product: "demo", HardwareID: hw, LicenseKey: "bad\xffutf8"})
	wantError(t, err, StatusInvalidUTF8, ErrInvalidArgument)

	for name, cfg := range map[string]Config{
		"empty api key":    {SharedKey: "x"},
		"empty shared key": {APIKey: "x"},
		"bad base url":     {APIKey: "x", SharedKey: "y", BaseURL: "not a url"},
		"bad public key":   {APIKey: "x", SharedKey: "y", PublicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"},
		"missing ca file":  {APIKey: "x", SharedKey: "y", CAFiles: []string{"/nonexistent/ca.pem"}},
		"negative timeout": {APIKey: "x", SharedKey: "y", Timeout: -1},
		"NUL in api key":   {APIKey: "x\x00", SharedKey: "y"},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(cfg)
			if err == nil {
				c.Close()
			}
			wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
		})
	}
	_, err = NewClient(Config{APIKey: "\xff", SharedKey: "y"})
	wantError(t, err, StatusInvalidUTF8, ErrInvalidArgument)
}

func TestEveryConfigField(t *testing.T) {
	cfg := testConfig()
	cfg.ConnectTimeout = 2 * time.Second
	cfg.Timeout = 5 * time.Second
	cfg.AppVersion = "9.9.9"
	cfg.Proxy = "http://127.0.0.1:9" // replaced by DisableProxy below
	cfg.DisableProxy = true
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("config"))
	mustActivate(t, c, req)
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}

	// A proxy that is not there.
	cfg = testConfig()
	cfg.DisableProxy = false
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	_ = l.Close()
	cfg.Proxy = "http://" + addr
	c2, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	_, err = c2.Check(keyRequest("DEMO-UNLIMITED", uniqueHW("proxy")))
	if !errors.Is(err, ErrNetwork) {
		t.Errorf("through a closed proxy port: %v", err)
	}
}

func TestUseAfterClose(t *testing.T) {
	c, err := NewClient(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("close"))
	lic, err := c.Activate(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	_, err = c.Activate(req)
	wantError(t, err, StatusNullArgument, ErrInvalidArgument)
	if !errors.Is(err, ErrClosed) {
		t.Errorf("%v is not ErrClosed", err)
	}
	_, err = c.Check(req)
	if !errors.Is(err, ErrClosed) {
		t.Errorf("Check after Close: %v", err)
	}
	if err := c.Deactivate(req); !errors.Is(err, ErrClosed) {
		t.Errorf("Deactivate after Close: %v", err)
	}

	// The license outlives its client.
	if id, err := lic.ID(); err != nil || id != 1010 {
		t.Errorf("ID() after the client closed = %d, %v", id, err)
	}
	_ = lic.Close()
	_ = lic.Close()
	if _, err := lic.ID(); !errors.Is(err, ErrClosed) {
		t.Errorf("ID() after Close: %v", err)
	}
	if _, _, err := lic.Key(); !errors.Is(err, ErrClosed) {
		t.Errorf("Key() after Close: %v", err)
	}
	if _, err := lic.Features(); !errors.Is(err, ErrClosed) {
		t.Errorf("Features() after Close: %v", err)
	}
	if _, err := lic.IsActive(); !errors.Is(err, ErrClosed) {
		t.Errorf("IsActive() after Close: %v", err)
	}

	var nilClient *Client
	if _, err := nilClient.Activate(req); !errors.Is(err, ErrClosed) {
		t.Errorf("nil client: %v", err)
	}
	if err := nilClient.Close(); err != nil {
		t.Error(err)
	}
	var nilLicense *License
	if _, err := nilLicense.JSON(); !errors.Is(err, ErrClosed) {
		t.Errorf("nil license: %v", err)
	}
}
