package licensespring

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// 32 goroutines share one client; half succeed and half fail with different statuses, so a
// detail read on the wrong thread would show up as a mismatch.
func TestConcurrentCallsOnOneClient(t *testing.T) {
	c := newTestClient(t)
	const goroutines, rounds = 32, 3
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds*4)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				switch g % 4 {
				case 0, 1:
					req := keyRequest("DEMO-UNLIMITED", uniqueHW(fmt.Sprintf("conc-%d-%d", g, r)))
					lic, err := c.Activate(req)
					if err != nil {
						errs <- fmt.Errorf("goroutine %d activate: %w", g, err)
						continue
					}
					if id, err := lic.ID(); err != nil || id != 1010 {
						errs <- fmt.Errorf("goroutine %d: ID %d, %v", g, id, err)
					}
					_ = lic.Close()
					checked, err := c.Check(req)
					if err != nil {
						errs <- fmt.Errorf("goroutine %d check: %w", g, err)
					} else {
						_ = checked.Close()
					}
					if err := c.Deactivate(req); err != nil {
						errs <- fmt.Errorf("goroutine %d deactivate: %w", g, err)
					}
				case 2:
					_, err := c.Activate(keyRequest("DEMO-EXPIRED", uniqueHW("conc")))
					var e *Error
					if !errors.As(err, &e) || e.Status != StatusLicenseExpired || e.ServerCode != "license_expired" || e.HTTPStatus != 400 {
						errs <- fmt.Errorf("goroutine %d: want license_expired, got %v", g, err)
					}
				case 3:
					_, err := c.Activate(&Request{Product: "demo", LicenseKey: "DEMO-UNLIMITED"})
					var e *Error
					if !errors.As(err, &e) || e.Status != StatusInvalidArgument || e.ServerCode != "" || e.HTTPStatus != 0 {
						errs <- fmt.Errorf("goroutine %d: want a local invalid argument, got %v", g, err)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Closing a client while other goroutines use it waits for their calls; later calls get
// ErrClosed, and nothing crashes.
func TestCloseWhileInUse(t *testing.T) {
	c, err := NewClient(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < 20; i++ {
				_, err := c.Check(keyRequest("DEMO-UNLIMITED", uniqueHW("closing")))
				if errors.Is(err, ErrClosed) {
					return
				}
				if !errors.Is(err, ErrLicense) {
					t.Errorf("unexpected error: %v", err)
					return
				}
			}
		}()
	}
	close(start)
	_ = c.Close()
	wg.Wait()
}

// Handles dropped without Close are freed by finalizers.
func TestFinalizers(t *testing.T) {
	for i := 0; i < 5; i++ {
		c, err := NewClient(testConfig())
		if err != nil {
			t.Fatal(err)
		}
		req := keyRequest("DEMO-UNLIMITED", uniqueHW("finalizer"))
		if _, err := c.Activate(req); err != nil {
			t.Fatal(err)
		}
		if err := c.Deactivate(req); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
}

// The thread-local last error read directly, with the goroutine held on its thread.
func TestLastErrorOnLockedThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var req *cRequest
	if err := rawRequestNew(&req); err != nil {
		t.Fatal(err)
	}
	defer rawRequestFree(req)
	v := cString("x")
	defer freeCString(v)
	err := rawRequestSet(req, field(99), v)
	wantError(t, err, StatusInvalidArgument, ErrInvalidArgument)
	status, httpStatus, retryAfter, message, code := rawLastError()
	if status != StatusInvalidArgument || httpStatus != 0 || retryAfter != -1 || message == "" || code != "" {
		t.Errorf("last error: %v %d %d %q %q", status, httpStatus, retryAfter, message, code)
	}
	if err := rawRequestSet(req, fieldProduct, v); err != nil {
		t.Fatal(err)
	}
	if status, _, _, message, _ := rawLastError(); status != StatusOK || message != "" {
		t.Errorf("after a success: %v %q", status, message)
	}
}
