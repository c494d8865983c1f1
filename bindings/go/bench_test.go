package licensespring

import "testing"

// The binding's own work around one call, without the network, e.g. against the release
// library: `go test -tags licensespring_release -run '^$' -bench .`.

// Building and releasing the native request of a typical call.
func BenchmarkRequestToC(b *testing.B) {
	req := keyRequest("BENCH-AAAA-BBBB-CCCC", "bench-hardware-id-0001")
	for i := 0; i < b.N; i++ {
		creq, err := req.toC()
		if err != nil {
			b.Fatal(err)
		}
		lsRequestFree(creq)
	}
}

// Reading one integer field of a result.
func BenchmarkResultID(b *testing.B) {
	c, err := NewClient(testConfig())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	req := keyRequest("DEMO-UNLIMITED", uniqueHW("bench"))
	lic, err := c.Activate(req)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = c.Deactivate(req) }()
	defer lic.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if id, err := lic.ID(); err != nil || id != 1010 {
			b.Fatal(id, err)
		}
	}
}
