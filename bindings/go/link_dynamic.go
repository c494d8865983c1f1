//go:build dynamic && !licensespring_release && !licensespring_nolink

package licensespring

// The debug shared library of this repository, found at run time through the embedded rpath
// (then LD_LIBRARY_PATH and the system search path, as the dynamic loader does).

// #cgo LDFLAGS: -L${SRCDIR}/../../target/debug -Wl,-rpath,${SRCDIR}/../../target/debug -llicensespring
import "C"
