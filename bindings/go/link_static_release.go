//go:build !dynamic && licensespring_release && !licensespring_nolink

package licensespring

// The release static library of this repository (cargo build --release -p licensespring).

// #cgo LDFLAGS: ${SRCDIR}/../../target/release/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
import "C"
