// Package licensespring is a Go client for the LicenseSpring License API v4, over the native
// licensespring library's C ABI (include/licensespring.h).
//
// The library is linked by the Go linker when the program is built (the static library by
// default; see README.md for the build tags that choose another one), so there is no run-time
// library lookup. The library's ABI version is checked against ExpectedABIVersion on first
// use (NewClient, HardwareID, CheckABI).
package licensespring

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"
)

// ExpectedABIVersion is the ABI version (LS_ABI_VERSION) this package was written for.
const ExpectedABIVersion uint32 = 1

// The library's default timeouts, used for a zero Config.ConnectTimeout or Config.Timeout.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
)

var (
	abiOnce sync.Once
	abiErr  error
)

// checkABIVersion compares the library's ABI version with the expected one.
func checkABIVersion(library, expected uint32) error {
	if library != expected {
		return fmt.Errorf("licensespring: the linked library has ABI version %d, but this Go package expects ABI version %d; rebuild with a matching library", library, expected)
	}
	return nil
}

// CheckABI reports whether the linked library's ABI version is ExpectedABIVersion. NewClient
// and HardwareID call it; the check runs once.
func CheckABI() error {
	abiOnce.Do(func() { abiErr = checkABIVersion(rawABIVersion(), ExpectedABIVersion) })
	return abiErr
}

// Version is the library's version, e.g. "0.1.0".
func Version() string { return rawVersion() }

// ABIVersion is the linked library's ABI version.
func ABIVersion() uint32 { return rawABIVersion() }

// HardwareID computes this machine's default hardware ID the way the vendor's SDKs do. It
// fails with StatusHardwareIDUnavailable where it cannot; pass your own ID then.
func HardwareID() (string, error) {
	if err := CheckABI(); err != nil {
		return "", err
	}
	return rawHardwareID()
}

// Config holds what a Client is created from. APIKey and SharedKey are required; every other
// field left at its zero value keeps the library's default.
type Config struct {
	APIKey    string
	SharedKey string
	// BaseURL replaces the scheme, host and port requests go to (default
	// "https://api.licensespring.com"), e.g. "http://127.0.0.1:8080" for ls-emulator.
	BaseURL string
	// ConnectTimeout is the time allowed to connect (TCP and TLS); zero means
	// DefaultConnectTimeout. Whole milliseconds.
	ConnectTimeout time.Duration
	// Timeout is the total time allowed for one call; zero means DefaultTimeout.
	Timeout time.Duration
	// Proxy sends every request through this proxy instead of the ones named by the
	// HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY environment variables.
	Proxy string
	// DisableProxy connects directly, ignoring the proxy environment variables.
	DisableProxy bool
	// CAFiles are PEM files of certificates trusted in addition to the system's.
	CAFiles []string
	// PublicKeyPEM verifies responses with this RSA public key instead of the vendor's (for
	// on-premise servers and ls-emulator).
	PublicKeyPEM string
	// DisableSignatureVerification accepts license responses without checking their signature.
	DisableSignatureVerification bool
	// AppVersion is sent as app_ver when a request does not set its own.
	AppVersion string
}

// Client is a License API client. It is safe for concurrent use by many goroutines; every
// call reuses the same pool of keep-alive connections. Close it when done (a finalizer frees
// it otherwise).
type Client struct {
	mu  sync.RWMutex // read-held by calls, write-held by Close
	ptr *cClient
}

// NewClient creates a client from cfg. It does not touch the network.
func NewClient(cfg Config) (*Client, error) {
	if err := CheckABI(); err != nil {
		return nil, err
	}
	config, err := newCConfig(&cfg)
	if err != nil {
		return nil, err
	}
	defer rawConfigFree(config)
	c := &Client{}
	if err := rawClientNew(config, &c.ptr); err != nil {
		return nil, err
	}
	runtime.SetFinalizer(c, (*Client).Close)
	return c, nil
}

func newCConfig(cfg *Config) (config *cConfig, err error) {
	if err := noNUL("Config.APIKey", cfg.APIKey, "Config.SharedKey", cfg.SharedKey,
		"Config.BaseURL", cfg.BaseURL, "Config.Proxy", cfg.Proxy,
		"Config.PublicKeyPEM", cfg.PublicKeyPEM, "Config.AppVersion", cfg.AppVersion); err != nil {
		return nil, err
	}
	for _, f := range cfg.CAFiles {
		if err := noNUL("Config.CAFiles", f); err != nil {
			return nil, err
		}
	}
	apiKey, sharedKey := cString(cfg.APIKey), cString(cfg.SharedKey)
	defer freeCString(apiKey)
	defer freeCString(sharedKey)
	if err := rawConfigNew(apiKey, sharedKey, &config); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			rawConfigFree(config)
			config = nil
		}
	}()
	setString := func(set func(*cConfig, *cChar) error, value string) error {
		s := cString(value)
		defer freeCString(s)
		return set(config, s)
	}
	if cfg.BaseURL != "" {
		if err := setString(rawConfigSetBaseURL, cfg.BaseURL); err != nil {
			return nil, err
		}
	}
	if cfg.ConnectTimeout != 0 || cfg.Timeout != 0 {
		connect, total := cfg.ConnectTimeout, cfg.Timeout
		if connect == 0 {
			connect = DefaultConnectTimeout
		}
		if total == 0 {
			total = DefaultTimeout
		}
		connectMS, err := durationMS("Config.ConnectTimeout", connect)
		if err != nil {
			return nil, err
		}
		totalMS, err := durationMS("Config.Timeout", total)
		if err != nil {
			return nil, err
		}
		if err := rawConfigSetTimeouts(config, connectMS, totalMS); err != nil {
			return nil, err
		}
	}
	if cfg.Proxy != "" {
		if err := setString(rawConfigSetProxy, cfg.Proxy); err != nil {
			return nil, err
		}
	}
	if cfg.DisableProxy {
		if err := rawConfigDisableProxy(config); err != nil {
			return nil, err
		}
	}
	for _, f := range cfg.CAFiles {
		if err := setString(rawConfigAddCAFile, f); err != nil {
			return nil, err
		}
	}
	if cfg.PublicKeyPEM != "" {
		if err := setString(rawConfigSetPublicKeyPEM, cfg.PublicKeyPEM); err != nil {
			return nil, err
		}
	}
	if cfg.DisableSignatureVerification {
		if err := rawConfigDisableSignatureVerification(config); err != nil {
			return nil, err
		}
	}
	if cfg.AppVersion != "" {
		if err := setString(rawConfigSetAppVersion, cfg.AppVersion); err != nil {
			return nil, err
		}
	}
	return config, nil
}

func durationMS(name string, d time.Duration) (uint32, error) {
	ms := d.Milliseconds()
	if ms < 0 || ms > math.MaxUint32 {
		return 0, newError(StatusInvalidArgument, name+" is out of range", nil)
	}
	return uint32(ms), nil
}

// noNUL refuses strings that cannot cross as C strings; args are name, value pairs.
func noNUL(nameValues ...string) error {
	for i := 0; i+1 < len(nameValues); i += 2 {
		if strings.IndexByte(nameValues[i+1], 0) >= 0 {
			return newError(StatusInvalidArgument, nameValues[i]+" contains a NUL byte", nil)
		}
	}
	return nil
}

// Close releases the client, waiting for calls in progress. Closing twice is harmless; any
// later call returns an *Error wrapping ErrClosed.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ptr != nil {
		rawClientFree(c.ptr)
		c.ptr = nil
		runtime.SetFinalizer(c, nil)
	}
	return nil
}

// use runs fn with the client's handle and the request's C form, keeping both alive.
func (c *Client) use(req *Request, fn func(*cClient, *cRequest) error) error {
	if c == nil {
		return closedError("Client")
	}
	if req == nil {
		return newError(StatusNullArgument, "request is nil", nil)
	}
	creq, err := req.toC()
	if err != nil {
		return err
	}
	defer rawRequestFree(creq)
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.ptr == nil {
		return closedError("Client")
	}
	err = fn(c.ptr, creq)
	runtime.KeepAlive(c)
	return err
}

// Activate activates a license on the request's device. It blocks until the server answers
// or the timeout expires. The returned License should be closed when no longer needed.
func (c *Client) Activate(req *Request) (*License, error) {
	var out *cLicense
	if err := c.use(req, func(client *cClient, r *cRequest) error {
		return rawActivate(client, r, &out)
	}); err != nil {
		return nil, err
	}
	return newLicense(out), nil
}

// Check reads the license's current state for the request's device. It blocks.
func (c *Client) Check(req *Request) (*License, error) {
	var out *cLicense
	if err := c.use(req, func(client *cClient, r *cRequest) error {
		return rawCheck(client, r, &out)
	}); err != nil {
		return nil, err
	}
	return newLicense(out), nil
}

// Deactivate deactivates the license on the request's device, reporting the request's
// Consumptions if set. It blocks.
func (c *Client) Deactivate(req *Request) error {
	return c.use(req, rawDeactivate)
}
