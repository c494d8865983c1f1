package licensespring

import (
	"errors"
	"strings"
	"testing"
)

// licenseModelResults calls the license-model operations against the emulator and returns a
// result of each kind they give, by kind (closed when the test ends).
func licenseModelResults(t *testing.T, c *Client) map[lsKind]any {
	t.Helper()
	out := map[lsKind]any{}
	product, err := c.ProductDetails(&Request{Product: "demo-trial", IncludeCustomFields: Ptr(true), IncludeLatestVersion: Ptr(true)})
	if err != nil {
		t.Fatalf("ProductDetails: %v", err)
	}
	t.Cleanup(func() { _ = product.Close() })
	out[kindProduct] = product
	if fields, err := product.CustomFields(); err == nil && len(fields) > 0 {
		out[kindProductCustomField] = fields[0]
	}
	trial, err := c.TrialKey(&Request{Product: "demo-trial", HardwareID: uniqueHW("trial")})
	if err != nil {
		t.Fatalf("TrialKey: %v", err)
	}
	t.Cleanup(func() { _ = trial.Close() })
	out[kindTrial] = trial
	req := keyRequest("DEMO-CONSUMPTION", uniqueHW("models"))
	mustActivate(t, c, req)
	req.Consumptions = Ptr[int64](2)
	consumption, err := c.AddConsumption(req)
	if err != nil {
		t.Fatalf("AddConsumption: %v", err)
	}
	t.Cleanup(func() { _ = consumption.Close() })
	out[kindConsumption] = consumption
	req = keyRequest("DEMO-FLOATING-CLOUD", uniqueHW("models"))
	mustActivate(t, c, req)
	borrow, err := c.FloatingBorrow(req)
	if err != nil {
		t.Fatalf("FloatingBorrow: %v", err)
	}
	t.Cleanup(func() { _ = borrow.Close(); _ = c.FloatingRelease(req) })
	out[kindBorrow] = borrow
	return out
}

// The license-model operations, each a generated method over the same call path: product
// details, trials, feature checks, consumptions, floating borrow and release.
func TestLicenseModels(t *testing.T) {
	c := newTestClient(t)
	product, err := c.ProductDetails(&Request{Product: "demo-trial", IncludeCustomFields: Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	defer product.Close()
	name, ok, err := product.Name()
	okString(t, "Product.Name()", name, ok, err, "Demo Trial App", true)
	fields, err := product.CustomFields()
	if err != nil || len(fields) != 1 {
		t.Fatalf("Product.CustomFields() = %v, %v", fields, err)
	}
	if n, err := fields[0].Name(); err != nil || n != "region" {
		t.Errorf("product custom field %q, %v", n, err)
	}
	_, err = c.ProductDetails(&Request{Product: "no-such-product"})
	wantError(t, err, StatusUnknownProduct, ErrLicense)

	hw := uniqueHW("trial")
	trial, err := c.TrialKey(&Request{Product: "demo-trial", HardwareID: hw})
	if err != nil {
		t.Fatal(err)
	}
	defer trial.Close()
	key, ok, err := trial.Key()
	if err != nil || !ok || key == "" {
		t.Fatalf("Trial.Key() = %q, %v, %v", key, ok, err)
	}
	if isTrial, err := trial.IsTrial(); err != nil || !isTrial {
		t.Errorf("Trial.IsTrial() = %v, %v", isTrial, err)
	}
	trialReq := &Request{Product: "demo-trial", HardwareID: hw, LicenseKey: key}
	lic := mustActivate(t, c, trialReq)
	if v, ok, err := lic.Trial(); err != nil || !ok || !v {
		t.Errorf("activated trial: Trial() = %v, %v, %v", v, ok, err)
	}
	_, err = c.TrialKey(&Request{Product: "demo", HardwareID: hw})
	if err == nil {
		t.Error("a trial of a product that allows none")
	}

	req := &Request{Product: "demo", HardwareID: uniqueHW("feature"), LicenseKey: "DEMO-FEATURES", Feature: "basic"}
	mustActivate(t, c, req)
	feature, err := c.CheckFeature(req)
	if err != nil {
		t.Fatal(err)
	}
	if code, err := feature.Code(); err != nil || code != "basic" {
		t.Errorf("CheckFeature: Code() = %q, %v", code, err)
	}
	_ = feature.Close()
	_ = feature.Close()
	if _, err := feature.Code(); !errors.Is(err, ErrClosed) {
		t.Errorf("a closed feature: %v", err)
	}
	req.Feature, req.Consumptions = "credits", Ptr[int64](2)
	credits, err := c.AddFeatureConsumption(req)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok, err := credits.TotalConsumptions(); err != nil || !ok || n != 2 {
		t.Errorf("AddFeatureConsumption: TotalConsumptions() = %d, %v, %v", n, ok, err)
	}
	_ = credits.Close()
	req.Feature, req.Consumptions = "render", nil
	render, err := c.FloatingFeatureBorrow(req)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok, err := render.IsFloatingCloud(); err != nil || !ok || !v {
		t.Errorf("FloatingFeatureBorrow: IsFloatingCloud() = %v, %v, %v", v, ok, err)
	}
	_ = render.Close()
	if err := c.FloatingFeatureRelease(req); err != nil {
		t.Errorf("FloatingFeatureRelease: %v", err)
	}

	req = keyRequest("DEMO-METERED", uniqueHW("consumption"))
	mustActivate(t, c, req)
	req.Consumptions = Ptr[int64](3)
	consumption, err := c.AddConsumption(req)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := consumption.TotalConsumptions(); err != nil || n != 3 {
		t.Errorf("AddConsumption: TotalConsumptions() = %d, %v", n, err)
	}
	_ = consumption.Close()
	req.Consumptions = Ptr[int64](100)
	_, err = c.AddConsumption(req)
	if e := wantError(t, err, StatusLicenseNotEnoughConsumptions, ErrLicense); e.ServerCode != "license_not_enough_consumptions" || e.HTTPStatus != 400 {
		t.Errorf("over the limit: %v", err)
	}

	req = keyRequest("DEMO-FLOATING-CLOUD", uniqueHW("borrow"))
	mustActivate(t, c, req)
	borrow, err := c.FloatingBorrow(req)
	if err != nil {
		t.Fatal(err)
	}
	if until, err := borrow.BorrowedUntil(); err != nil || !strings.HasPrefix(until, "20") {
		t.Errorf("FloatingBorrow: BorrowedUntil() = %q, %v", until, err)
	}
	_ = borrow.Close()
	if err := c.FloatingRelease(req); err != nil {
		t.Errorf("FloatingRelease: %v", err)
	}
}

// Each license-model operation's own server errors, with their statuses and groups.
func TestLicenseModelErrors(t *testing.T) {
	c := newTestClient(t)
	_, err := c.TrialKey(&Request{Product: "demo", HardwareID: uniqueHW("trial")})
	wantError(t, err, StatusTrialNotAllowed, ErrLicense)
	userTrial := &Request{Product: "demo-trial-user", HardwareID: uniqueHW("trial")}
	_, err = c.TrialKey(userTrial)
	wantError(t, err, StatusEmailMissing, ErrInvalidArgument)
	userTrial.Email = userTrial.HardwareID + "@example.com"
	trial, err := c.TrialKey(userTrial)
	if err != nil {
		t.Fatal(err)
	}
	user, _, _ := trial.LicenseUser()
	password, ok, _ := trial.InitialPassword()
	if user != userTrial.Email || !ok || password == "" {
		t.Errorf("a user trial: %q, %q, %v", user, password, ok)
	}
	_ = trial.Close()

	req := keyRequest("DEMO-FEATURES", uniqueHW("feature-errors"))
	mustActivate(t, c, req)
	defer func() { _ = c.Deactivate(req) }()
	for _, tc := range []struct {
		call    func(*Request) error
		feature string
		status  Status
	}{
		{func(r *Request) error { return second(c.CheckFeature(r)) }, "nope", StatusInvalidLicenseFeatureCode},
		{func(r *Request) error { return second(c.AddFeatureConsumption(r)) }, "nope", StatusUnsupportedProductFeature},
		{func(r *Request) error { return second(c.FloatingFeatureBorrow(r)) }, "basic", StatusFeatureNotFloating},
		{c.FloatingFeatureRelease, "render", StatusFloatingFeatureDeviceNotInUse},
	} {
		r := *req
		r.Feature = tc.feature
		wantError(t, tc.call(&r), tc.status, ErrLicense)
	}
	credits := *req
	credits.Feature, credits.Consumptions = "credits", Ptr[int64](10)
	wantError(t, second(c.AddFeatureConsumption(&credits)), StatusFeatureNotEnoughConsumptions, ErrLicense)

	unlimited := keyRequest("DEMO-UNLIMITED", uniqueHW("model-errors"))
	wantError(t, second(c.AddConsumption(unlimited)), StatusLicenseNotConsumption, ErrLicense)
	wantError(t, c.FloatingRelease(unlimited), StatusFloatingNotAvailable, ErrLicense)
	wantError(t, second(c.FloatingBorrow(keyRequest("DEMO-FLOATING-NO-BORROW", uniqueHW("no-borrow")))),
		StatusLicenseBorrowNotAllowed, ErrLicense)
	past := keyRequest("DEMO-FLOATING-CLOUD", uniqueHW("past"))
	past.BorrowedUntil = "2000-01-01T00:00:00Z"
	wantError(t, second(c.FloatingBorrow(past)), StatusBorrowUntilNotValid, ErrLicense)

	// Three devices check a license of two seats: one at least finds none.
	refused := 0
	for i := 0; i < 3; i++ {
		r := keyRequest("DEMO-FLOATING-CLOUD", uniqueHW("seat"))
		mustActivate(t, c, r)
		defer func() { _ = c.FloatingRelease(r); _ = c.Deactivate(r) }()
		if lic, err := c.Check(r); err == nil {
			_ = lic.Close()
		} else {
			wantError(t, err, StatusFloatingNotAvailable, ErrLicense)
			refused++
		}
	}
	if refused == 0 {
		t.Error("three seats taken on a license of two")
	}
}
