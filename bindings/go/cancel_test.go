package licensespring

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// silentServer accepts requests and never answers them while silent is set (it lets go when
// the client drops the connection); otherwise it passes them to the emulator.
type silentServer struct {
	*httptest.Server
	silent   atomic.Bool
	received atomic.Int64 // requests that reached the server
	arrived  chan struct{}
}

func newSilentServer(t *testing.T) *silentServer {
	t.Helper()
	target, err := url.Parse(emulatorURL)
	if err != nil {
		t.Fatal(err)
	}
	s := &silentServer{arrived: make(chan struct{}, 64)}
	s.silent.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(target)
	done := make(chan struct{})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.received.Add(1)
		if !s.silent.Load() {
			proxy.ServeHTTP(w, r)
			return
		}
		s.arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(func() {
		close(done)
		s.Close()
	})
	return s
}

func (s *silentServer) client(t *testing.T) *Client {
	t.Helper()
	cfg := testConfig()
	cfg.BaseURL = s.URL
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// wantCancelled checks a cancelled call's error: the library's status and group, and the
// context's error.
func wantCancelled(t *testing.T, err error, ctxErr error, took time.Duration) {
	t.Helper()
	e := wantError(t, err, StatusCancelled, ErrCancelled)
	if !errors.Is(err, ctxErr) {
		t.Errorf("%v is not %v", err, ctxErr)
	}
	if e.HTTPStatus != 0 {
		t.Errorf("HTTP %d", e.HTTPStatus)
	}
	if took > 2*time.Second {
		t.Errorf("the cancelled call took %v", took)
	}
}

// A call waiting on a server that never answers returns promptly when its context is
// cancelled, and the client works afterwards.
func TestCancelDuringCall(t *testing.T) {
	srv := newSilentServer(t)
	c := srv.client(t)
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("cancel"))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-srv.arrived
		cancel()
	}()
	start := time.Now()
	lic, err := c.ActivateContext(ctx, req)
	wantCancelled(t, err, context.Canceled, time.Since(start))
	if lic != nil {
		t.Error("a cancelled call gave a license")
	}

	srv.silent.Store(false)
	lic = mustActivate(t, c, req)
	if id, err := lic.ID(); err != nil || id != 1010 {
		t.Errorf("after a cancelled call: ID() = %d, %v", id, err)
	}
	if err := c.DeactivateContext(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	// A context cancelled only after the call is done changes nothing.
	ctx, cancel = context.WithCancel(context.Background())
	checked, err := c.CheckContext(ctx, req)
	cancel()
	if !errors.Is(err, ErrLicense) || checked != nil {
		t.Errorf("Check after Deactivate: %v", err)
	}
}

// A context with a deadline cancels the call when the deadline passes.
func TestCancelDeadline(t *testing.T) {
	srv := newSilentServer(t)
	c := srv.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CheckContext(ctx, keyRequest("DEMO-UNLIMITED", "deadline"))
	took := time.Since(start)
	wantCancelled(t, err, context.DeadlineExceeded, took)
	if took < 250*time.Millisecond {
		t.Errorf("cancelled after %v, before the deadline", took)
	}
	if errors.Is(err, context.Canceled) {
		t.Error("a deadline is not a cancellation by the caller")
	}
}

// A context already done fails the call at once; nothing is sent.
func TestCancelBeforeCall(t *testing.T) {
	srv := newSilentServer(t)
	c := srv.client(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	err := c.DeactivateContext(ctx, keyRequest("DEMO-UNLIMITED", "before"))
	wantCancelled(t, err, context.Canceled, time.Since(start))
	if n := srv.received.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// One context cancels many calls in flight on one client at once; each returns promptly.
func TestCancelManyCalls(t *testing.T) {
	srv := newSilentServer(t)
	c := srv.client(t)
	const calls = 8
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make([]error, calls)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.ActivateContext(ctx, keyRequest("DEMO-UNLIMITED", uniqueHW("many")))
		}()
	}
	for i := 0; i < calls; i++ {
		<-srv.arrived
	}
	start := time.Now()
	cancel()
	wg.Wait()
	for _, err := range errs {
		wantCancelled(t, err, context.Canceled, time.Since(start))
	}
}
