package licensespring

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"reflect"
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
	for _, row := range categoryTable {
		other := row.sentinel
		if other == nil {
			continue
		}
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
		StatusOK.Category() != CategoryNone || StatusCancelled.Category() != CategoryCancelled {
		t.Error("categories")
	}
	if got := Status(12345).String(); got != "LS_UNKNOWN_STATUS" {
		t.Errorf("unknown status name %q", got)
	}
	if Status(12345).Category() != CategoryInternal {
		t.Error("unknown status category")
	}
	if CategoryLicense.String() != "license" || CategoryInvalidArgument.String() != "invalid argument" ||
		Category(99).String() != "unknown" {
		t.Error(CategoryLicense.String(), CategoryInvalidArgument.String(), Category(99).String())
	}
	if ErrLicense.Error() != "licensespring: license error" {
		t.Error(ErrLicense.Error())
	}
}

func TestHardwareID(t *testing.T) {
	for _, row := range hardwareIDAlgorithmTable {
		id, err := HardwareID(row.algorithm)
		if err != nil {
			wantError(t, err, StatusHardwareIDUnavailable, ErrInvalidArgument)
			t.Logf("%s: no hardware ID here: %v", row.name, err)
			continue
		}
		if row.algorithm == HardwareIDDefault && len(id) != 64 {
			t.Errorf("HardwareID(%s) = %q, want 64 hex digits", row.name, id)
		}
	}
	_, err := HardwareID(HardwareIDAlgorithm(len(hardwareIDAlgorithmTable)))
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	_, err = HardwareID(-1)
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
}

// okString checks an optional string accessor.
func okString(t *testing.T, what string, got string, ok bool, err error, want string, wantOK bool) {
	t.Helper()
	if err != nil || ok != wantOK || got != want {
		t.Errorf("%s = %q, %v, %v; want %q, %v", what, got, ok, err, want, wantOK)
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
	key, ok, err := lic.Key()
	okString(t, "Key()", key, ok, err, "DEMO-1111-2222-3333", true)
	typ, ok, err := lic.Type()
	okString(t, "Type()", typ, ok, err, "perpetual", true)
	for name, f := range map[string]func() (bool, bool, error){"Active": lic.Active, "Enabled": lic.Enabled} {
		if v, ok, err := f(); err != nil || !ok || !v {
			t.Errorf("%s() = %v, %v, %v", name, v, ok, err)
		}
	}
	for name, f := range map[string]func() (bool, bool, error){"Expired": lic.Expired, "Trial": lic.Trial} {
		if v, ok, err := f(); err != nil || !ok || v {
			t.Errorf("%s() = %v, %v, %v", name, v, ok, err)
		}
	}
	v, ok, err := lic.ValidityPeriod()
	okString(t, "ValidityPeriod()", v, ok, err, "", false)
	if n, ok, err := lic.TimesActivated(); err != nil || !ok || n < 1 {
		t.Errorf("TimesActivated() = %d, %v, %v", n, ok, err)
	}
	if n, ok, err := lic.MaxActivations(); err != nil || !ok || n != 3 {
		t.Errorf("MaxActivations() = %d, %v, %v", n, ok, err)
	}
	hwOut, ok, err := lic.HardwareID()
	okString(t, "HardwareID()", hwOut, ok, err, hw, true)

	features, err := lic.Features()
	if err != nil || len(features) != 2 {
		t.Fatalf("Features() = %v, %v", features, err)
	}
	want := [][2]string{{"pro", "Pro features"}, {"export", "Export"}}
	for i, f := range features {
		code, err := f.Code()
		name, ok, err2 := f.Name()
		if err != nil || err2 != nil || !ok || code != want[i][0] || name != want[i][1] {
			t.Errorf("feature %d: %q %q %v %v %v", i, code, name, ok, err, err2)
		}
	}
	if id, ok, err := features[0].ID(); err != nil || !ok || id != 5001 {
		t.Errorf("features[0].ID() = %d, %v, %v", id, ok, err)
	}
	if js, err := features[1].JSON(); err != nil || !strings.Contains(js, `"export"`) {
		t.Errorf("features[1].JSON() = %q, %v", js, err)
	}
	// Past the end of a list, through the raw layer (the API hands out whole lists).
	raw := (*result)(lic)
	for _, index := range []uint{2, ^uint(0)} {
		err = raw.with(func(p *lsResult, e **lsError) Status {
			var item *lsResult
			return lsResultItem(p, uint32(fieldLicenseFeatures), index, &item, e)
		})
		wantError(t, err, StatusIndexOutOfRange, ErrInvalidArgument)
	}
	// A field of another kind is refused by the library.
	_, _, err = raw.str(fieldFeatureCode)
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)

	fields, err := lic.CustomFields()
	if err != nil || len(fields) != 1 {
		t.Fatalf("CustomFields() = %v, %v", fields, err)
	}
	name, err := fields[0].Name()
	value, ok, err2 := fields[0].Value()
	if err != nil || err2 != nil || !ok || name != "tier" || value != "gold" {
		t.Errorf("custom field: %q %q %v %v %v", name, value, ok, err, err2)
	}
	email, ok, err := lic.CustomerEmail()
	okString(t, "CustomerEmail()", email, ok, err, "customer@example.com", true)
	first, ok, err := lic.CustomerFirstName()
	okString(t, "CustomerFirstName()", first, ok, err, "Ada", true)
	email, ok, err = lic.UserEmail()
	okString(t, "UserEmail()", email, ok, err, "", false)
	product, ok, err := lic.ProductName()
	okString(t, "ProductName()", product, ok, err, "Demo App", true)
	meta, ok, err := lic.Metadata()
	okString(t, "Metadata()", strings.ReplaceAll(meta, " ", ""), ok, err, `{"edition":"pro"}`, true)
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

// Every accessor of every result type runs against real results: a value of the declared type
// or absent, never an error. licenseModelResults and accountResults give a value of every other kind.
func TestEveryAccessor(t *testing.T) {
	c := newTestClient(t)
	req := keyRequest("DEMO-1111-2222-3333", uniqueHW("every"))
	lic := mustActivate(t, c, req)
	defer func() { _ = c.Deactivate(req) }()
	features, _ := lic.Features()
	fields, _ := lic.CustomFields()
	values := map[lsKind]any{kindLicense: lic, kindFeature: features[0], kindCustomField: fields[0]}
	for kind, v := range licenseModelResults(t, c) {
		values[kind] = v
	}
	for kind, v := range accountResults(t, c) {
		values[kind] = v
	}
	for _, k := range kindTable {
		if values[k.kind] == nil {
			t.Errorf("no %s result to read", k.snakeName)
		}
	}
	for _, f := range fieldTable {
		if values[f.kind] == nil {
			continue
		}
		m := reflect.ValueOf(values[f.kind]).MethodByName(f.method)
		if !m.IsValid() {
			t.Errorf("%s: no method %s", f.name, f.method)
			continue
		}
		out := m.Call(nil)
		if err := out[len(out)-1]; !err.IsNil() {
			t.Errorf("%s(): %v", f.method, err.Interface())
		}
		want := 3 // value, ok, error
		if f.required || f.fieldType == "list" {
			want = 2
		}
		if len(out) != want {
			t.Errorf("%s() returns %d values, want %d", f.method, len(out), want)
		}
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
	if n, _, _ := lic.MaxActivations(); n != 100 {
		t.Errorf("MaxActivations() = %d", n)
	}
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}
}

func checkUserLicense(t *testing.T, c *Client, req *Request, email string) {
	t.Helper()
	lic := mustActivate(t, c, req)
	got, ok, err := lic.UserEmail()
	okString(t, "UserEmail()", got, ok, err, email, true)
	key, ok, err := lic.Key()
	okString(t, "Key()", key, ok, err, "", false)
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
	req := &Request{
		Product: "demo", HardwareID: uniqueHW("fields"), LicenseKey: "DEMO-UNLIMITED",
		VMInfo: "none", OSVer: "Linux 6.1", Hostname: "host", OSHostname: "os-host",
		IP: "192.0.2.1", IPLocal: "10.0.0.2", AppVer: "1.2.3", MACAddress: "00:11:22:33:44:55",
		LicenseID: Ptr[int64](1010), IsVM: Ptr(false), Consumptions: Ptr[int64](-2),
		IncludeExpiredFeatures: Ptr(true), Env: "linux",
		Variables: map[string]string{"region": "eu", "seats": "4"},
	}
	lic := mustActivate(t, c, req)
	if id, _ := lic.ID(); id != 1010 {
		t.Errorf("ID() = %d", id)
	}
	checked, err := c.Check(req)
	if err != nil {
		t.Fatal(err)
	}
	vars, ok, err := checked.Variables()
	if err != nil || !ok || !strings.Contains(vars, `"region"`) || !strings.Contains(vars, `"eu"`) {
		t.Errorf("Variables() = %q, %v, %v", vars, ok, err)
	}
	_ = checked.Close()
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}

	creq := keyRequest("DEMO-CONSUMPTION", uniqueHW("consumption"))
	mustActivate(t, c, creq)
	creq.Consumptions = Ptr[int64](5)
	if err := c.Deactivate(creq); err != nil {
		t.Fatal(err)
	}
}

func TestLicenseErrors(t *testing.T) {
	c := newTestClient(t)
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
		{"vm", &Request{Product: "demo", HardwareID: uniqueHW("err"), LicenseKey: "DEMO-NO-VM", IsVM: Ptr(true)}, StatusVMNotAllowed, "vm_not_allowed"},
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
	if strings.Contains(err.Error(), "wrong-shared-key") {
		t.Errorf("the shared key leaked into %q", err.Error())
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
	if e.HTTPStatus != 0 || e.ServerCode != "" || e.RetryAfter != -1 {
		t.Errorf("HTTP %d, code %q, Retry-After %d", e.HTTPStatus, e.ServerCode, e.RetryAfter)
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
	if e := wantError(t, err, StatusSignatureInvalid, ErrVerification); e.HTTPStatus != 200 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
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
		"NUL in ca file":   {APIKey: "x", SharedKey: "y", CAFiles: []string{"/tmp/\x00"}},
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
	req := keyRequest("DEMO-1111-2222-3333", uniqueHW("close"))
	lic, err := c.Activate(req)
	if err != nil {
		t.Fatal(err)
	}
	features, err := lic.Features()
	if err != nil || len(features) == 0 {
		t.Fatal(features, err)
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
	if id, err := lic.ID(); err != nil || id != 1001 {
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
	if _, _, err := lic.Active(); !errors.Is(err, ErrClosed) {
		t.Errorf("Active() after Close: %v", err)
	}
	if _, err := lic.JSON(); !errors.Is(err, ErrClosed) {
		t.Errorf("JSON() after Close: %v", err)
	}
	// An item read before is closed with its license.
	if _, err := features[0].Code(); !errors.Is(err, ErrClosed) {
		t.Errorf("feature Code() after Close: %v", err)
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
	if err := nilLicense.Close(); err != nil {
		t.Error(err)
	}
}
