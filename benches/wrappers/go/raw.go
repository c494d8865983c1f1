package main

// Figure go-raw: the C driver's calls (ls_activate, ls_result_get, ls_result_free on a request
// built once), made from Go through cgo with no wrapper code: what any Go code pays to call the
// library, the floor under the wrapper's figure.

// #cgo CFLAGS: -I${SRCDIR}/../../../include
// #cgo LDFLAGS: -L${SRCDIR}/../../../target/release -Wl,-rpath,${SRCDIR}/../../../target/release -llicensespring
// #include <stdlib.h>
// #include "licensespring.h"
//
// // The client and request of the C driver, built once (setup, not measured).
// static ls_status bench_setup(const char *url, const char *pem, ls_client **client, ls_request **request) {
//     ls_config *config = NULL;
//     ls_status st = ls_config_new("bench-api-key", "bench-shared-key", &config, NULL);
//     if (st == LS_OK) st = ls_config_set_base_url(config, url, NULL);
//     if (st == LS_OK) st = ls_config_disable_proxy(config, NULL);
//     if (st == LS_OK) st = ls_config_set_public_key_pem(config, pem, NULL);
//     if (st == LS_OK) st = ls_client_new(config, client, NULL);
//     ls_config_free(config);
//     if (st == LS_OK) st = ls_request_new(request, NULL);
//     if (st == LS_OK) st = ls_request_set_string(*request, LS_PARAM_PRODUCT, "bench", NULL);
//     if (st == LS_OK) st = ls_request_set_string(*request, LS_PARAM_HARDWARE_ID, "bench-hardware-id-0001", NULL);
//     if (st == LS_OK) st = ls_request_set_string(*request, LS_PARAM_LICENSE_KEY, "BENCH-AAAA-BBBB-CCCC", NULL);
//     return st;
// }
import "C"

import (
	"fmt"
	"unsafe"
)

// rawActivations gives one raw activation, made as the C driver makes it.
func rawActivations(url, pem string) func() {
	curl, cpem := C.CString(url), C.CString(pem)
	defer C.free(unsafe.Pointer(curl))
	defer C.free(unsafe.Pointer(cpem))
	var client *C.ls_client
	var request *C.ls_request
	if st := C.bench_setup(curl, cpem, &client, &request); st != C.LS_OK {
		panic(fmt.Sprintf("go-raw setup: status %d", st))
	}
	return func() {
		var license *C.ls_result
		if st := C.ls_activate(client, request, nil, &license, nil); st != C.LS_OK {
			panic(fmt.Sprintf("ls_activate: status %d", st))
		}
		var id C.ls_value
		if st := C.ls_result_get(license, C.LS_LICENSE_ID, &id, nil); st != C.LS_OK || id.integer != 1749538876210079 {
			panic(fmt.Sprintf("ls_result_get: status %d, id %d", st, id.integer))
		}
		C.ls_result_free(license)
	}
}
