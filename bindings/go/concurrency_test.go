package licensespring

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
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

// Handles dropped without Close are freed by finalizers: the count of released native handles
// grows by one per client and per result dropped, within a bounded wait.
func TestFinalizers(t *testing.T) {
	settle := func() int64 { // release what earlier tests left for the collector
		for last := int64(-1); ; {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
			if n := handlesReleased.Load(); n == last {
				return n
			} else {
				last = n
			}
		}
	}
	before := settle()
	const clients = 4
	var kept *Feature
	func() {
		for i := 0; i < clients; i++ {
			c, err := NewClient(testConfig())
			if err != nil {
				t.Fatal(err)
			}
			req := keyRequest("DEMO-1111-2222-3333", uniqueHW("finalizer"))
			lic, err := c.Activate(req) // neither the license nor the client is closed
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Deactivate(req); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				features, err := lic.Features()
				if err != nil {
					t.Fatal(err)
				}
				kept = features[0] // keeps its license's result alive
			}
		}
	}()
	// Every client and all results but the one kept's are released.
	want := before + 2*clients - 1
	deadline := time.Now().Add(10 * time.Second)
	for handlesReleased.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s of collections, %d handles were released, want %d", handlesReleased.Load()-before, want-before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := settle(); got != want {
		t.Errorf("%d handles released, want %d: the kept item's result was freed under it", got-before, want-before)
	}
	if code, err := kept.Code(); err != nil || code != "pro" {
		t.Errorf("an item of a dropped license: %q, %v", code, err)
	}
	kept = nil
	for deadline := time.Now().Add(10 * time.Second); handlesReleased.Load() < want+1; {
		if time.Now().After(deadline) {
			t.Fatal("the last item's result was not released once the item was dropped")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

// Errors are objects handed over with each call: one read on a goroutine locked to its thread
// stays as it was through later calls, failing and successful, on that thread.
func TestErrorsDoNotDependOnTheThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c := newTestClient(t)
	_, first := c.Activate(keyRequest("DEMO-EXPIRED", uniqueHW("thread")))
	_, second := c.Activate(&Request{Product: "demo"})
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("thread"))
	mustActivate(t, c, req)
	if err := c.Deactivate(req); err != nil {
		t.Fatal(err)
	}
	if e := wantError(t, first, StatusLicenseExpired, ErrLicense); e.ServerCode != "license_expired" || e.HTTPStatus != 400 {
		t.Errorf("first error changed: %v", first)
	}
	if e := wantError(t, second, StatusInvalidArgument, ErrInvalidArgument); e.HTTPStatus != 0 || e.ServerCode != "" {
		t.Errorf("second error: %v", second)
	}
}

// A goroutine making calls back to back passes through the scheduler once every yieldEvery
// (so the runtime never takes its processor for running too long), and not more often: calls
// faster than yieldEvery do not each yield. The yields counted are the distinct values of
// lastYield seen, the one before the first included.
func TestCallsBackToBackYieldPeriodically(t *testing.T) {
	c := newTestClient(t)
	req := keyRequest("NO-SUCH-KEY", uniqueHW("yield"))
	yields := map[int64]bool{}
	calls := 0
	start := time.Now()
	for time.Since(start) < 40*time.Millisecond || calls < 100 {
		if _, err := c.Check(req); err == nil {
			t.Fatal("an unknown key was accepted")
		}
		yields[lastYield.Load()] = true
		calls++
	}
	elapsed := time.Since(start)
	if most := int(elapsed/yieldEvery) + 2; len(yields) < 2 || len(yields) > most {
		t.Errorf("%d calls in %v yielded %d times, expected 2 to %d", calls, elapsed, len(yields), most)
	}
}
