//go:build !licensespring_nolink

package licensespring

// The library this repository's cargo builds under target/ (README.md, "Linking"): the debug
// static library by default; the shared one with the tag dynamic (found at run time through the
// embedded rpath); the release builds with licensespring_release. The package that package.sh
// assembles replaces this file with one linking the libraries it carries.

// #cgo !dynamic,!licensespring_release LDFLAGS: ${SRCDIR}/../../target/debug/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
// #cgo !dynamic,licensespring_release LDFLAGS: ${SRCDIR}/../../target/release/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
// #cgo dynamic,!licensespring_release LDFLAGS: -L${SRCDIR}/../../target/debug -Wl,-rpath,${SRCDIR}/../../target/debug -llicensespring
// #cgo dynamic,licensespring_release LDFLAGS: -L${SRCDIR}/../../target/release -Wl,-rpath,${SRCDIR}/../../target/release -llicensespring
import "C"
