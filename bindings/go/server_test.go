package licensespring

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"maps"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// Answers the emulator never gives, from a local HTTP server: the server group and
// Retry-After.
func TestServerErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch hw := r.URL.Query().Get("hardware_id"); hw {
		case "rate-limited":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"status":429,"code":"too_many_requests","message":"slow down"}`))
		case "broken":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"status":500,"code":"internal_error","message":"boom"}`))
		case "html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>not json</html>"))
		case "redirect":
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
		default:
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"status":400,"code":"some_new_code","message":"new"}`))
		}
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.BaseURL = srv.URL
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	check := func(hw string) error {
		_, err := c.Check(keyRequest("DEMO-UNLIMITED", hw))
		return err
	}

	e := wantError(t, check("rate-limited"), StatusRateLimited, ErrServer)
	if e.RetryAfter != 7 || e.HTTPStatus != 429 {
		t.Errorf("rate limited: RetryAfter %d, HTTP %d", e.RetryAfter, e.HTTPStatus)
	}
	e = wantError(t, check("broken"), StatusServer, ErrServer)
	if e.HTTPStatus != 500 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
	// A 200 without a signature fails verification first; without verification it is
	// refused as non-JSON.
	wantError(t, check("html"), StatusSignatureMissing, ErrVerification)
	cfg.DisableSignatureVerification = true
	unverified, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer unverified.Close()
	_, err = unverified.Check(keyRequest("DEMO-UNLIMITED", "html"))
	e = wantError(t, err, StatusNonJSONResponse, ErrServer)
	if e.HTTPStatus != 200 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
	wantError(t, check("redirect"), StatusRedirect, ErrServer)
	e = wantError(t, check("unknown"), StatusServerOther, ErrServer)
	if e.ServerCode != "some_new_code" || e.HTTPStatus != 400 {
		t.Errorf("unknown code: %q, HTTP %d", e.ServerCode, e.HTTPStatus)
	}
}

// A server that answers too slowly is a network timeout, after the time the caller gave,
// passed to the library as it is (no rounding to whole seconds or milliseconds).
func TestTimeout(t *testing.T) {
	srv := newSilentServer(t)
	for _, tc := range []struct {
		timeout  time.Duration
		min, max time.Duration
	}{
		{300 * time.Millisecond, 250 * time.Millisecond, 1500 * time.Millisecond},
		{500 * time.Microsecond, 0, 1000 * time.Millisecond},
	} {
		cfg := testConfig()
		cfg.BaseURL = srv.URL
		cfg.Timeout = tc.timeout
		c, err := NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = c.Check(keyRequest("DEMO-UNLIMITED", "slow"))
		d := time.Since(start)
		wantError(t, err, StatusTimeout, ErrNetwork)
		if d < tc.min || d > tc.max {
			t.Errorf("a %v timeout took %v", tc.timeout, d)
		}
		_ = c.Close()
	}

	// Invalid values are refused by the library, with its message.
	for _, tc := range []struct {
		cfg     Config
		message string
	}{
		{Config{APIKey: "x", SharedKey: "y", Timeout: -time.Second}, "total timeout"},
		{Config{APIKey: "x", SharedKey: "y", ConnectTimeout: 25 * time.Hour}, "connect timeout"},
	} {
		_, err := NewClient(tc.cfg)
		if e := wantError(t, err, StatusInvalidArgument, ErrInvalidArgument); !strings.Contains(e.Message, tc.message) {
			t.Errorf("message %q does not name the %s", e.Message, tc.message)
		}
	}
}

// An extra CA file: the library trusts a server whose certificate that CA issued, and does
// not without it.
func TestCAFiles(t *testing.T) {
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTemplate, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"status":400,"code":"license_expired","message":"expired"}`))
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}

	cfg := testConfig()
	cfg.BaseURL = srv.URL
	untrusting, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer untrusting.Close()
	_, err = untrusting.Check(keyRequest("DEMO-UNLIMITED", "tls"))
	wantError(t, err, StatusTLS, ErrNetwork)

	cfg.CAFiles = []string{caFile}
	trusting, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient with a CA file: %v", err)
	}
	defer trusting.Close()
	_, err = trusting.Check(keyRequest("DEMO-UNLIMITED", "tls"))
	if e := wantError(t, err, StatusLicenseExpired, ErrLicense); e.HTTPStatus != 400 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
}

// What a Request and the Config carry reaches the server: every parameter an operation accepts
// (by the library's operation table) is sent under its wire name, with its value, and no other;
// Config.AppVersion is sent when the request has no AppVer of its own.
func TestRequestReachesServer(t *testing.T) {
	var mu sync.Mutex
	var got map[string]string // the last request's parameters, as text
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		params := map[string]string{}
		for k, v := range r.URL.Query() {
			params[k] = v[0]
		}
		var body map[string]any
		if r.Method == http.MethodPost {
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("body: %v", err)
			}
		}
		for k, v := range body {
			if s, ok := v.(string); ok {
				params[k] = s
			} else {
				b, _ := json.Marshal(v)
				params[k] = string(b)
			}
		}
		mu.Lock()
		got = params
		mu.Unlock()
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"status":400,"code":"license_expired","message":"expired"}`))
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.BaseURL = srv.URL
	cfg.AppVersion = "config-app-version"
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// Every parameter but the other identities, each with a value of its type.
	req := &Request{Variables: map[string]string{"region": "eu"}}
	want := map[string]string{}
	identities := map[string]bool{"username": true, "password": true, "id_token": true, "code": true, "customer_account_code": true}
	for _, p := range paramTable {
		if identities[p.wireName] {
			continue
		}
		f := reflect.ValueOf(req).Elem().FieldByName(p.goField)
		switch p.paramType {
		case "string":
			f.SetString("v-" + p.wireName)
			want[p.wireName] = "v-" + p.wireName
		case "int":
			f.Set(reflect.ValueOf(Ptr[int64](-7)))
			want[p.wireName] = "-7"
		case "bool":
			f.Set(reflect.ValueOf(Ptr(true)))
			want[p.wireName] = "true"
		}
	}
	operations, _ := describe(t)["operations"].([]any)
	for _, o := range operations {
		op := o.(map[string]any)
		name := op["name"].(string)
		method := reflect.ValueOf(c).MethodByName(goName(name))
		// An identity the operation requires (change_password's, sso_url's) is sent too.
		opReq, opWant := *req, maps.Clone(want)
		for _, p := range op["required"].([]any) {
			for _, row := range paramTable {
				if row.name == p.(string) && identities[row.wireName] {
					reflect.ValueOf(&opReq).Elem().FieldByName(row.goField).SetString("v-" + row.wireName)
					opWant[row.wireName] = "v-" + row.wireName
				}
			}
		}
		for _, appVer := range []string{"v-app_ver", ""} {
			opReq.AppVer = appVer
			out := method.Call([]reflect.Value{reflect.ValueOf(&opReq)})
			wantError(t, out[len(out)-1].Interface().(error), StatusLicenseExpired, ErrLicense)
			mu.Lock()
			sent := got
			mu.Unlock()
			accepted := map[string]bool{}
			for _, p := range op["params"].([]any) {
				for _, row := range paramTable {
					if row.name == p.(string) {
						accepted[row.wireName] = true
					}
				}
			}
			for wire, value := range opWant {
				if wire == "app_ver" && appVer == "" {
					value = "config-app-version"
				}
				if accepted[wire] && sent[wire] != value {
					t.Errorf("%s sent %s=%q, want %q", name, wire, sent[wire], value)
				}
				if _, ok := sent[wire]; !accepted[wire] && ok {
					t.Errorf("%s sent %s, which it does not accept", name, wire)
				}
			}
			if vars, sentVars := sent["variables"], op["variables"] != "none"; sentVars != (vars == `{"region":"eu"}`) {
				t.Errorf("%s sent variables %q", name, vars)
			}
		}
	}
}

// goName is the Go name of an operation's method ("activate" -> "Activate").
func goName(snake string) string {
	for _, o := range operationTable {
		if o.snakeName == snake {
			return o.method
		}
	}
	return ""
}
