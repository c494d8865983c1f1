// Activations through the Go binding (bindings/go, its public API), linked against the release
// shared library (build tags dynamic,licensespring_release): figure go; and the same calls made
// straight through cgo (raw.go): figure go-raw. Served to paired.py (READY, then `<figure>
// <count>` lines answered with wall and CPU nanoseconds).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	ls "github.com/licensespring/licensespring-native/bindings/go"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// cpuNanos is the CPU time of this process (all its threads), user and system.
func cpuNanos() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

func main() {
	pem, err := os.ReadFile(os.Getenv("BENCH_PUBKEY"))
	if err != nil {
		panic(err)
	}
	warmup := envInt("BENCH_WARMUP", 200)
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
	figures := map[string]func(){"go": one, "go-raw": rawActivations(os.Getenv("BENCH_URL"), string(pem))}
	for _, f := range figures {
		for i := 0; i < warmup; i++ {
			f()
		}
	}
	fmt.Println("READY go-raw go")
	lines := bufio.NewScanner(os.Stdin)
	for lines.Scan() {
		var figure string
		var count int
		if _, err := fmt.Sscan(lines.Text(), &figure, &count); err != nil || figures[figure] == nil {
			panic(fmt.Sprintf("bad command %q", lines.Text()))
		}
		f := figures[figure]
		c0 := cpuNanos()
		t0 := time.Now()
		for i := 0; i < count; i++ {
			f()
		}
		fmt.Println(time.Since(t0).Nanoseconds(), cpuNanos()-c0)
	}
}
