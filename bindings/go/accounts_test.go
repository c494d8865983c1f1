package licensespring

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The bundle, version, device-variable and account operations against the emulator's demo seed,
// each with a success and a server error of its own status and group.

// tokenURL is the emulator's OAuth token endpoint.
func tokenURL() string {
	return emulatorURL + "/auth/realms/user-portal/protocol/openid-connect/token"
}

// accountResults calls the operations of this file and returns a result of each kind they give,
// by kind (closed when the test ends), for TestEveryAccessor.
func accountResults(t *testing.T, c *Client) map[lsKind]any {
	t.Helper()
	out := map[lsKind]any{}
	keep := func(kind lsKind, r interface{ Close() error }, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("kind %d: %v", kind, err)
		}
		t.Cleanup(func() { _ = r.Close() })
		out[kind] = r
	}
	bundleReq := &Request{Product: "demo-suite", HardwareID: uniqueHW("bundle"), LicenseKey: "DEMO-SUITE-KEY"}
	bundle, err := c.ActivateBundle(bundleReq)
	keep(kindBundle, bundle, err)
	t.Cleanup(func() { _ = c.DeactivateBundle(bundleReq) })
	req := keyRequest("DEMO-TIME-LIMITED", uniqueHW("versions"))
	mustActivate(t, c, req)
	t.Cleanup(func() { _ = c.Deactivate(req) })
	versions, err := c.Versions(req)
	keep(kindVersions, versions, err)
	if items, err := versions.Items(); err == nil && len(items) > 0 {
		out[kindVersion] = items[0]
	}
	req.Version = "2.0.0"
	file, err := c.InstallationFile(req)
	keep(kindInstallationFile, file, err)
	req.Version, req.Variables = "", map[string]string{"gpu": "rtx"}
	variables, err := c.TrackDeviceVariables(req)
	keep(kindDeviceVariables, variables, err)
	if items, err := variables.Items(); err == nil && len(items) > 0 {
		out[kindDeviceVariable] = items[0]
	}
	licenses, err := c.UserLicenses(&Request{Product: "demo-user", Username: "carol@example.com", Password: "carol-password"})
	keep(kindUserLicenses, licenses, err)
	if items, err := licenses.Items(); err == nil && len(items) > 0 {
		out[kindUserLicense] = items[0]
		if user, ok, err := items[0].User(); err == nil && ok {
			out[kindUser] = user
		}
	}
	users, err := c.CustomerLicenseUsers(&Request{Product: "demo-user", Customer: "buyer@example.com"})
	keep(kindCustomerUsers, users, err)
	sso, err := c.SSOURL(&Request{Product: "demo-user", CustomerAccountCode: "demo-corp", ResponseType: "token"})
	keep(kindSSOURL, sso, err)
	return out
}

func TestBundles(t *testing.T) {
	c := newTestClient(t)
	req := &Request{Product: "demo-suite", HardwareID: uniqueHW("bundle"), LicenseKey: "DEMO-SUITE-KEY"}
	bundle, err := c.ActivateBundle(req)
	if err != nil {
		t.Fatal(err)
	}
	defer bundle.Close()
	licenses, err := bundle.Licenses()
	if err != nil || len(licenses) != 2 {
		t.Fatalf("Licenses() = %v, %v", licenses, err)
	}
	for i, want := range []struct {
		id      int64
		product string
	}{{1019, "demo"}, {1101, "demo-addon"}} {
		id, _ := licenses[i].ID()
		product, _, _ := licenses[i].ProductShortCode()
		hw, _, _ := licenses[i].HardwareID()
		if id != want.id || product != want.product || hw != req.HardwareID {
			t.Errorf("bundle license %d: %d %q %q", i, id, product, hw)
		}
	}
	if features, err := licenses[0].Features(); err != nil || len(features) != 1 {
		t.Errorf("Features() = %v, %v", features, err)
	} else if code, _ := features[0].Code(); code != "suite" {
		t.Errorf("feature %q", code)
	}
	e := wantError(t, second(c.ActivateBundle(req)), StatusLicenseDeviceExists, ErrLicense)
	if e.HTTPStatus != 409 || e.ServerCode != "license_device_exists" {
		t.Errorf("activated twice: %v", e)
	}
	wantError(t, second(c.ActivateBundle(&Request{Product: "no-such-bundle", HardwareID: req.HardwareID,
		LicenseKey: "DEMO-SUITE-KEY"})), StatusUnknownProduct, ErrLicense)
	wantError(t, second(c.ActivateBundle(&Request{Product: "demo-suite", HardwareID: req.HardwareID,
		LicenseKey: "NO-SUCH-KEY"})), StatusLicenseNotFound, ErrLicense)

	checked, err := c.CheckBundle(req)
	if err != nil {
		t.Fatal(err)
	}
	licenses, _ = checked.Licenses()
	if len(licenses) != 2 {
		t.Fatalf("CheckBundle: %d licenses", len(licenses))
	}
	if active, ok, err := licenses[0].Active(); !active || !ok || err != nil {
		t.Errorf("checked bundle license: Active() = %v, %v, %v", active, ok, err)
	}
	_ = checked.Close()
	if _, err := licenses[0].ID(); !errors.Is(err, ErrClosed) {
		t.Errorf("a license of a closed bundle: %v", err)
	}
	// Each license stays an ordinary license of its product.
	addon, err := c.Check(&Request{Product: "demo-addon", HardwareID: req.HardwareID, LicenseKey: "DEMO-SUITE-KEY"})
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := addon.ID(); id != 1101 {
		t.Errorf("demo-addon license %d", id)
	}
	_ = addon.Close()

	if err := c.DeactivateBundle(req); err != nil {
		t.Fatal(err)
	}
	wantError(t, c.DeactivateBundle(req), StatusDeviceNotFound, ErrLicense)
	wantError(t, second(c.CheckBundle(req)), StatusDeviceNotFound, ErrLicense)
}

// second is the error of a call's two results.
func second[T any](_ T, err error) error { return err }

// versionNames reads the names of a Versions result.
func versionNames(t *testing.T, v *Versions) []string {
	t.Helper()
	items, err := v.Items()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(items))
	for i, item := range items {
		if names[i], err = item.Version(); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func TestVersionsAndInstallationFiles(t *testing.T) {
	c := newTestClient(t)
	maintenance := keyRequest("DEMO-MAINTENANCE", uniqueHW("versions"))
	mustActivate(t, c, maintenance)
	defer func() { _ = c.Deactivate(maintenance) }()
	all := keyRequest("DEMO-1111-2222-3333", uniqueHW("versions"))
	mustActivate(t, c, all)
	defer func() { _ = c.Deactivate(all) }()

	for _, tc := range []struct {
		req           *Request
		env, channel  string
		want          string
		firstReleased string
	}{
		{maintenance, "", "", "1.0.0 1.1.0", "2020-01-01"},
		{all, "linux", "stable", "1.0.0 1.1.0 2.0.0", "2020-01-01"},
		{all, "linux", "beta", "2.1.0-beta", "2024-06-01"},
		{all, "win64", "", "1.0.0", "2020-01-01"},
	} {
		req := *tc.req
		req.Env, req.Channel = tc.env, tc.channel
		versions, err := c.Versions(&req)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(versionNames(t, versions), " "); got != tc.want {
			t.Errorf("Versions(%s, %q, %q) = %s, want %s", req.LicenseKey, tc.env, tc.channel, got, tc.want)
		}
		items, _ := versions.Items()
		if date, ok, err := items[0].ReleaseDate(); !strings.HasPrefix(date, tc.firstReleased) || !ok || err != nil {
			t.Errorf("ReleaseDate() = %q, %v, %v", date, ok, err)
		}
		_ = versions.Close()
	}
	bad := *all
	bad.Env = "bsd"
	wantError(t, second(c.Versions(&bad)), StatusValidationError, ErrInvalidArgument)
	wantError(t, second(c.Versions(keyRequest("DEMO-1111-2222-3333", uniqueHW("versions")))), StatusDeviceNotFound, ErrLicense)

	// The latest version the maintenance period allows.
	file, err := c.InstallationFile(maintenance)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := file.ID()
	version, _ := file.Version()
	url, _, _ := file.URL()
	md5, _, _ := file.HashMD5()
	env, _, _ := file.Environment()
	channel, _, _ := file.Channel()
	eula, _, _ := file.EulaLink()
	if got := fmt.Sprintln(id, version, url, md5, env, channel, eula); got != "9003 1.1.0 "+
		"https://downloads.example.com/demo/1.1.0/demo-linux.tar.gz 7d793037a0760186574b0282f2f435e7 linux stable "+
		"https://example.com/demo/eula\n" {
		t.Errorf("InstallationFile: %s", got)
	}
	_ = file.Close()
	req := *all
	req.Env, req.Version = "linux", "2.0.0"
	file, err = c.InstallationFile(&req)
	if err != nil {
		t.Fatal(err)
	}
	if requires, ok, err := file.RequiresVersion(); requires != "1.1.0" || !ok || err != nil {
		t.Errorf("RequiresVersion() = %q, %v, %v", requires, ok, err)
	}
	if sha, ok, err := file.SHA256(); sha == "" || !ok || err != nil {
		t.Errorf("SHA256() = %q, %v, %v", sha, ok, err)
	}
	_ = file.Close()
	req = *maintenance
	req.Version = "2.0.0" // past the maintenance period
	e := wantError(t, second(c.InstallationFile(&req)), StatusVersionNotFound, ErrLicense)
	if e.ServerCode != "version_not_found" || e.HTTPStatus != 400 {
		t.Errorf("version past maintenance: %v", e)
	}
	req = *all
	req.Env = "mac"
	wantError(t, second(c.InstallationFile(&req)), StatusVersionNotFound, ErrLicense)
}

func TestDeviceVariables(t *testing.T) {
	c := newTestClient(t)
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("variables"))
	mustActivate(t, c, req)
	defer func() { _ = c.Deactivate(req) }()
	read := func(v *DeviceVariables, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		items, err := v.Items()
		if err != nil {
			t.Fatal(err)
		}
		pairs := []string{}
		for _, item := range items {
			name, _ := item.Name()
			value, _, _ := item.Value()
			if id, ok, err := item.DeviceID(); id == 0 || !ok || err != nil {
				t.Errorf("%s: DeviceID() = %d, %v, %v", name, id, ok, err)
			}
			pairs = append(pairs, name+"="+value)
		}
		return strings.Join(pairs, " ")
	}
	tracked := *req
	tracked.Variables = map[string]string{"gpu": "rtx", "os": "linux"}
	if got := read(c.TrackDeviceVariables(&tracked)); got != "gpu=rtx os=linux" {
		t.Errorf("TrackDeviceVariables: %s", got)
	}
	tracked.Variables = map[string]string{"os": "linux-6"}
	if got := read(c.TrackDeviceVariables(&tracked)); got != "os=linux-6" {
		t.Errorf("TrackDeviceVariables again: %s", got)
	}
	if got := read(c.GetDeviceVariables(req)); got != "gpu=rtx os=linux-6" {
		t.Errorf("GetDeviceVariables: %s", got)
	}
	lic, err := c.Check(req)
	if err != nil {
		t.Fatal(err)
	}
	if vars, ok, _ := lic.Variables(); !ok || !strings.Contains(vars, `"linux-6"`) {
		t.Errorf("Check: Variables() = %q", vars)
	}
	_ = lic.Close()
	// Variables are required: the library refuses the call before sending it.
	wantError(t, second(c.TrackDeviceVariables(req)), StatusInvalidArgument, ErrInvalidArgument)
	other := keyRequest("DEMO-UNLIMITED", uniqueHW("variables"))
	wantError(t, second(c.GetDeviceVariables(other)), StatusDeviceNotFound, ErrLicense)
	other.Variables = map[string]string{"a": "b"}
	wantError(t, second(c.TrackDeviceVariables(other)), StatusDeviceNotFound, ErrLicense)
}

func TestUserLicensesAndCustomers(t *testing.T) {
	c := newTestClient(t)
	licenses, err := c.UserLicenses(&Request{Product: "demo-user", Username: "carol@example.com", Password: "carol-password"})
	if err != nil {
		t.Fatal(err)
	}
	items, err := licenses.Items()
	if err != nil || len(items) != 1 {
		t.Fatalf("UserLicenses: %v, %v", items, err)
	}
	lic, err := items[0].License()
	if err != nil {
		t.Fatal(err)
	}
	id, _ := lic.ID()
	customer, _, _ := lic.CustomerEmail()
	user, ok, err := items[0].User()
	if err != nil || !ok {
		t.Fatalf("User() = %v, %v", ok, err)
	}
	email, _, _ := user.Email()
	if fmt.Sprintln(id, customer, email) != "2002 buyer@example.com carol@example.com\n" {
		t.Errorf("UserLicenses: %d %s %s", id, customer, email)
	}
	_ = licenses.Close()
	if _, err := lic.ID(); !errors.Is(err, ErrClosed) {
		t.Errorf("a nested license after Close: %v", err)
	}
	if _, _, err := user.Email(); !errors.Is(err, ErrClosed) {
		t.Errorf("a nested user after Close: %v", err)
	}
	// Through SSO.
	licenses, err = c.UserLicenses(&Request{Product: "demo-user", IDToken: "sso-id-token-alice", CustomerAccountCode: "demo-corp"})
	if err != nil {
		t.Fatal(err)
	}
	items, _ = licenses.Items()
	lic, _ = items[0].License()
	if id, _ := lic.ID(); len(items) != 1 || id != 2001 {
		t.Errorf("UserLicenses through SSO: %d items, license %d", len(items), id)
	}
	_ = licenses.Close()
	wantError(t, second(c.UserLicenses(&Request{Product: "demo-user", Username: "carol@example.com", Password: "wrong"})),
		StatusLicenseNotFound, ErrLicense)

	users, err := c.CustomerLicenseUsers(&Request{Product: "demo-user", Customer: "buyer@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := users.CustomerFirstName()
	company, _, _ := users.CustomerCompanyName()
	list, err := users.Users()
	emails := []string{first, company}
	for _, u := range list {
		e, _, _ := u.Email()
		licenseID, _, _ := u.LicenseID()
		emails = append(emails, fmt.Sprint(e, ":", licenseID))
	}
	if got := strings.Join(emails, " "); err != nil || got != "Grace Example Corp carol@example.com:2002 dave@example.com:2002" {
		t.Errorf("CustomerLicenseUsers: %s, %v", got, err)
	}
	_ = users.Close()
	wantError(t, second(c.CustomerLicenseUsers(&Request{Product: "demo-user", Customer: "nobody@example.com"})),
		StatusCustomerNotFound, ErrLicense)
	// customer is required: refused before sending.
	wantError(t, second(c.CustomerLicenseUsers(&Request{Product: "demo-user"})), StatusInvalidArgument, ErrInvalidArgument)
}

func TestSSOURL(t *testing.T) {
	c := newTestClient(t)
	sso, err := c.SSOURL(&Request{Product: "demo-user", CustomerAccountCode: "demo-corp", ResponseType: "token"})
	if err != nil {
		t.Fatal(err)
	}
	defer sso.Close()
	if url, err := sso.URL(); err != nil || !strings.HasPrefix(url, "http") {
		t.Errorf("URL() = %q, %v", url, err)
	}
	if config, ok, err := sso.OpenIDConfiguration(); err != nil || !ok || !strings.Contains(config, `"issuer"`) {
		t.Errorf("OpenIDConfiguration() = %q, %v, %v", config, ok, err)
	}
	e := wantError(t, second(c.SSOURL(&Request{Product: "demo-user", CustomerAccountCode: "no-such-account", ResponseType: "token"})),
		StatusCustomerNotFound, ErrLicense)
	if e.ServerCode != "customer_not_found" {
		t.Errorf("ServerCode %q", e.ServerCode)
	}
}

func TestChangePassword(t *testing.T) {
	c := newTestClient(t)
	const user, old, changed = "dave@example.com", "dave-password", "dave-password-2"
	e := wantError(t, c.ChangePassword(&Request{Username: user, Password: "wrong", NewPassword: changed}),
		StatusLicenseNotFound, ErrLicense)
	if strings.Contains(e.Error(), changed) {
		t.Errorf("the new password in the message: %v", e)
	}
	wantError(t, c.ChangePassword(&Request{Username: user, Password: old}), StatusInvalidArgument, ErrInvalidArgument)
	if err := c.ChangePassword(&Request{Username: user, Password: old, NewPassword: changed}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.ChangePassword(&Request{Username: user, Password: changed, NewPassword: old}); err != nil {
			t.Errorf("changing it back: %v", err)
		}
	}()
	req := &Request{Product: "demo-user", HardwareID: uniqueHW("password"), Username: user, Password: old}
	wantError(t, second(c.Activate(req)), StatusLicenseNotFound, ErrLicense)
	req.Password = changed
	mustActivate(t, c, req)
	if err := c.Deactivate(req); err != nil {
		t.Error(err)
	}
}

// The new operations' Context methods are cancelled like the others.
func TestNewOperationsCancel(t *testing.T) {
	s := newSilentServer(t)
	c := s.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.VersionsContext(ctx, keyRequest("DEMO-1111-2222-3333", "x"))
	wantCancelled(t, err, context.DeadlineExceeded, time.Since(start))
}

func TestOAuthClientCredentials(t *testing.T) {
	cfg := testConfig()
	cfg.APIKey, cfg.SharedKey = "", ""
	cfg.OAuthClientID, cfg.OAuthClientSecret, cfg.TokenURL = "demo-client", "demo-client-secret", tokenURL()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("oauth"))
	lic := mustActivate(t, c, req)
	if key, _, _ := lic.Key(); key != "DEMO-UNLIMITED" {
		t.Errorf("Key() = %q", key)
	}
	product, err := c.ProductDetails(&Request{Product: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := product.ID(); id != 1 {
		t.Errorf("product %d", id)
	}
	_ = product.Close()
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}
	shown := fmt.Sprintf("%v %+v %#v %s", cfg, cfg, &cfg, cfg)
	if strings.Contains(shown, "demo-client-secret") || !strings.Contains(shown, "demo-client") {
		t.Errorf("a printed Config: %s", shown)
	}

	const wrong = "wrong-secret-value"
	cfg.OAuthClientSecret = wrong
	bad, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	_, err = bad.Check(req)
	e := wantError(t, err, StatusOAuthInvalidClient, ErrAuthorization)
	if e.HTTPStatus != 401 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
	if shown := fmt.Sprintf("%v %+v %#v %s", err, e, e, e.Message); strings.Contains(shown, wrong) {
		t.Errorf("the secret in the error: %s", shown)
	}
	// A client the token endpoint refuses even with its right secret.
	cfg.OAuthClientID, cfg.OAuthClientSecret = "demo-client-invalid", "demo-client-secret"
	refused, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer refused.Close()
	wantError(t, second(refused.Check(req)), StatusOAuthInvalidClient, ErrAuthorization)

	// Not both ways at once; a token URL needs OAuth; the library refuses a token URL that is
	// not http(s).
	both := testConfig()
	both.OAuthClientID, both.OAuthClientSecret = "demo-client", "demo-client-secret"
	wantError(t, second(NewClient(both)), StatusInvalidArgument, ErrInvalidArgument)
	apiKey := testConfig()
	apiKey.TokenURL = tokenURL()
	wantError(t, second(NewClient(apiKey)), StatusInvalidArgument, ErrInvalidArgument)
	cfg.TokenURL = "ftp://127.0.0.1/token"
	wantError(t, second(NewClient(cfg)), StatusInvalidArgument, ErrInvalidArgument)
	cfg.TokenURL, cfg.OAuthClientSecret = tokenURL(), ""
	wantError(t, second(NewClient(cfg)), StatusInvalidArgument, ErrInvalidArgument)
}

// Printed with fmt, a Config and a Request hide their secrets.
func TestSecretsArePrintedHidden(t *testing.T) {
	cfg := Config{APIKey: "key-id", SharedKey: "shared-secret", OAuthClientSecret: "client-secret"}
	req := &Request{LicenseKey: "KEY", Password: "pw-secret", NewPassword: "new-secret", IDToken: "token-secret",
		Code: "code-secret"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		shown := fmt.Sprintf(verb+" "+verb+" "+verb, cfg, req, *req)
		for _, secret := range []string{"shared-secret", "client-secret", "pw-secret", "new-secret", "token-secret", "code-secret"} {
			if strings.Contains(shown, secret) {
				t.Errorf("%s shows %s: %s", verb, secret, shown)
			}
		}
		if !strings.Contains(shown, "key-id") || !strings.Contains(shown, "KEY") {
			t.Errorf("%s: %s", verb, shown)
		}
	}
}
