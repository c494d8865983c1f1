// N activations through the Go binding (bindings/go, its public API), linked against the
// release shared library (build tags dynamic,licensespring_release).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP. Prints one RESULT line.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	ls "github.com/licensespring/licensespring-native/bindings/go"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func main() {
	pem, err := os.ReadFile(os.Getenv("BENCH_PUBKEY"))
	if err != nil {
		panic(err)
	}
	n, warmup := envInt("BENCH_N", 2000), envInt("BENCH_WARMUP", 200)
	client, err := ls.NewClient(ls.Config{
		APIKey: "bench-api-key", SharedKey: "bench-shared-key",
		BaseURL: os.Getenv("BENCH_URL"), DisableProxy: true, PublicKeyPEM: string(pem),
	})
	if err != nil {
		panic(err)
	}
	defer client.Close()
	req := &ls.Request{Product: "bench", HardwareID: "bench-hardware-id-0001", LicenseKey: "BENCH-AAAA-BBBB-CCCC"}
	one := func() {
		lic, err := client.Activate(req)
		if err != nil {
			panic(err)
		}
		if id, _ := lic.ID(); id != 1749538876210079 {
			panic(fmt.Sprintf("unexpected id %d", id))
		}
		lic.Close()
	}
	for i := 0; i < warmup; i++ {
		one()
	}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		one()
	}
	dt := time.Since(t0).Seconds()
	fmt.Printf("RESULT wrapper lang=go calls=%d us_per_call=%.1f calls_per_s=%.0f\n", n, dt*1e6/float64(n), float64(n)/dt)
}
