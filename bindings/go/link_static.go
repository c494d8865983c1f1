//go:build !dynamic && !licensespring_release && !licensespring_nolink

package licensespring

// Default: the debug static library of this repository (cargo build -p licensespring), linked
// into the program by the Go linker. Other choices are build tags: licensespring_release (the
// release build), dynamic (the shared library), licensespring_nolink (bring your own flags in
// CGO_LDFLAGS). See README.md.

// #cgo LDFLAGS: ${SRCDIR}/../../target/debug/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
import "C"
