package licensespring

// The raw layer: the C declarations of include/licensespring.h, one to one, and thin Go
// functions over them. Nothing here owns anything; the idiomatic layer (client.go,
// request.go, license.go) does.
//
// The last error is thread-local in C, and a goroutine may move to another OS thread between
// two cgo calls. So every fallible function is called through a small C helper (lsgo_*) that
// calls it and, in the same cgo call and therefore on the same thread, copies the detail of a
// failure (ls_last_error_*) into an lsgo_error. The copied strings are malloc'ed and freed by
// takeError.

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#include <stdlib.h>
#include <string.h>
#include "licensespring.h"

// BEGIN RAW DECLARATIONS: the functions of licensespring.h, declared again so the C compiler
// rejects any disagreement with the header; raw_test.go compares this list with the header.
ls_status ls_client_new(const ls_config *config, ls_client **out);
void ls_client_free(ls_client *client);
ls_status ls_activate(const ls_client *client, const ls_request *request, ls_license **out);
ls_status ls_check(const ls_client *client, const ls_request *request, ls_license **out);
ls_status ls_deactivate(const ls_client *client, const ls_request *request);
ls_status ls_config_new(const char *api_key, const char *shared_key, ls_config **out);
void ls_config_free(ls_config *config);
ls_status ls_config_set_base_url(ls_config *config, const char *url);
ls_status ls_config_set_timeouts(ls_config *config, uint32_t connect_ms, uint32_t total_ms);
ls_status ls_config_set_proxy(ls_config *config, const char *url);
ls_status ls_config_disable_proxy(ls_config *config);
ls_status ls_config_add_ca_file(ls_config *config, const char *path);
ls_status ls_config_set_public_key_pem(ls_config *config, const char *pem);
ls_status ls_config_disable_signature_verification(ls_config *config);
ls_status ls_config_set_app_version(ls_config *config, const char *version);
ls_status ls_last_error_status(void);
const char *ls_last_error_message(void);
const char *ls_last_error_code(void);
int32_t ls_last_error_http_status(void);
int64_t ls_last_error_retry_after(void);
void ls_license_free(ls_license *license);
ls_status ls_license_json(const ls_license *license, const char **out);
ls_status ls_license_id(const ls_license *license, int64_t *out);
ls_status ls_license_key(const ls_license *license, const char **out);
ls_status ls_license_type(const ls_license *license, const char **out);
ls_status ls_license_is_active(const ls_license *license, bool *out);
ls_status ls_license_is_enabled(const ls_license *license, bool *out);
ls_status ls_license_is_expired(const ls_license *license, bool *out);
ls_status ls_license_is_trial(const ls_license *license, bool *out);
ls_status ls_license_validity_period(const ls_license *license, const char **out);
ls_status ls_license_times_activated(const ls_license *license, int64_t *out);
ls_status ls_license_max_activations(const ls_license *license, int64_t *out);
ls_status ls_license_feature_count(const ls_license *license, size_t *out);
ls_status ls_license_feature_code(const ls_license *license, size_t index, const char **out);
ls_status ls_license_feature_name(const ls_license *license, size_t index, const char **out);
ls_status ls_license_custom_field_count(const ls_license *license, size_t *out);
ls_status ls_license_custom_field_name(const ls_license *license, size_t index, const char **out);
ls_status ls_license_custom_field_value(const ls_license *license, size_t index, const char **out);
ls_status ls_license_customer_email(const ls_license *license, const char **out);
ls_status ls_license_user_email(const ls_license *license, const char **out);
const char *ls_version(void);
uint32_t ls_abi_version(void);
const char *ls_status_name(int32_t status);
const char *ls_status_description(int32_t status);
ls_category ls_status_category(int32_t status);
ls_status ls_hardware_id(char **out);
void ls_string_free(char *string);
ls_status ls_request_new(ls_request **out);
void ls_request_free(ls_request *request);
ls_status ls_request_set(ls_request *request, uint32_t field, const char *value);
ls_status ls_request_set_license_id(ls_request *request, int64_t license_id);
ls_status ls_request_set_is_vm(ls_request *request, bool is_vm);
ls_status ls_request_set_consumptions(ls_request *request, int64_t consumptions);
ls_status ls_request_set_variable(ls_request *request, const char *name, const char *value);
const char *ls_request_field_name(uint32_t field);
// END RAW DECLARATIONS

// The detail of a failed call, copied on the thread that made it.
typedef struct {
	int32_t status;
	int32_t http_status;
	int64_t retry_after;
	char *message;
	char *code;
} lsgo_error;

static char *lsgo_strdup(const char *s) {
	if (s == NULL) return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d != NULL) memcpy(d, s, n);
	return d;
}

static ls_status lsgo_capture(ls_status status, lsgo_error *e) {
	e->status = status;
	e->http_status = 0;
	e->retry_after = -1;
	e->message = NULL;
	e->code = NULL;
	if (status != LS_OK) {
		e->http_status = ls_last_error_http_status();
		e->retry_after = ls_last_error_retry_after();
		e->message = lsgo_strdup(ls_last_error_message());
		e->code = lsgo_strdup(ls_last_error_code());
	}
	return status;
}

static void lsgo_error_free(lsgo_error *e) {
	free(e->message);
	free(e->code);
	e->message = NULL;
	e->code = NULL;
}

#define LSGO_WRAP(name, params, args) \
	static ls_status lsgo_##name params { return lsgo_capture(ls_##name args, e); }

LSGO_WRAP(client_new, (const ls_config *config, ls_client **out, lsgo_error *e), (config, out))
LSGO_WRAP(activate, (const ls_client *client, const ls_request *request, ls_license **out, lsgo_error *e), (client, request, out))
LSGO_WRAP(check, (const ls_client *client, const ls_request *request, ls_license **out, lsgo_error *e), (client, request, out))
LSGO_WRAP(deactivate, (const ls_client *client, const ls_request *request, lsgo_error *e), (client, request))
LSGO_WRAP(config_new, (const char *api_key, const char *shared_key, ls_config **out, lsgo_error *e), (api_key, shared_key, out))
LSGO_WRAP(config_set_base_url, (ls_config *config, const char *url, lsgo_error *e), (config, url))
LSGO_WRAP(config_set_timeouts, (ls_config *config, uint32_t connect_ms, uint32_t total_ms, lsgo_error *e), (config, connect_ms, total_ms))
LSGO_WRAP(config_set_proxy, (ls_config *config, const char *url, lsgo_error *e), (config, url))
LSGO_WRAP(config_disable_proxy, (ls_config *config, lsgo_error *e), (config))
LSGO_WRAP(config_add_ca_file, (ls_config *config, const char *path, lsgo_error *e), (config, path))
LSGO_WRAP(config_set_public_key_pem, (ls_config *config, const char *pem, lsgo_error *e), (config, pem))
LSGO_WRAP(config_disable_signature_verification, (ls_config *config, lsgo_error *e), (config))
LSGO_WRAP(config_set_app_version, (ls_config *config, const char *version, lsgo_error *e), (config, version))
LSGO_WRAP(license_json, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(license_id, (const ls_license *license, int64_t *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_key, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(license_type, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(license_is_active, (const ls_license *license, bool *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_is_enabled, (const ls_license *license, bool *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_is_expired, (const ls_license *license, bool *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_is_trial, (const ls_license *license, bool *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_validity_period, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(license_times_activated, (const ls_license *license, int64_t *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_max_activations, (const ls_license *license, int64_t *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_feature_count, (const ls_license *license, size_t *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_feature_code, (const ls_license *license, size_t index, const char **out, lsgo_error *e), (license, index, out))
LSGO_WRAP(license_feature_name, (const ls_license *license, size_t index, const char **out, lsgo_error *e), (license, index, out))
LSGO_WRAP(license_custom_field_count, (const ls_license *license, size_t *out, lsgo_error *e), (license, out))
LSGO_WRAP(license_custom_field_name, (const ls_license *license, size_t index, const char **out, lsgo_error *e), (license, index, out))
LSGO_WRAP(license_custom_field_value, (const ls_license *license, size_t index, const char **out, lsgo_error *e), (license, index, out))
LSGO_WRAP(license_customer_email, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(license_user_email, (const ls_license *license, const char **out, lsgo_error *e), (license, out))
LSGO_WRAP(hardware_id, (char **out, lsgo_error *e), (out))
LSGO_WRAP(request_new, (ls_request **out, lsgo_error *e), (out))
LSGO_WRAP(request_set, (ls_request *request, uint32_t field, const char *value, lsgo_error *e), (request, field, value))
LSGO_WRAP(request_set_license_id, (ls_request *request, int64_t license_id, lsgo_error *e), (request, license_id))
LSGO_WRAP(request_set_is_vm, (ls_request *request, bool is_vm, lsgo_error *e), (request, is_vm))
LSGO_WRAP(request_set_consumptions, (ls_request *request, int64_t consumptions, lsgo_error *e), (request, consumptions))
LSGO_WRAP(request_set_variable, (ls_request *request, const char *name, const char *value, lsgo_error *e), (request, name, value))

// The last-error readers on their own, for callers that hold their OS thread
// (runtime.LockOSThread) across the failing call and the reads.
typedef struct {
	int32_t status;
	int32_t http_status;
	int64_t retry_after;
	const char *message;
	const char *code;
} lsgo_last_error;

static void lsgo_read_last_error(lsgo_last_error *out) {
	out->status = ls_last_error_status();
	out->http_status = ls_last_error_http_status();
	out->retry_after = ls_last_error_retry_after();
	out->message = ls_last_error_message();
	out->code = ls_last_error_code();
}
*/
import "C"

import "unsafe"

// Opaque handle types of the header.
type (
	cClient  = C.ls_client
	cConfig  = C.ls_config
	cLicense = C.ls_license
	cRequest = C.ls_request
	cChar    = C.char
)

// takeError turns the copied detail of a failed call into an *Error (nil for LS_OK) and
// frees the copies.
func takeError(e *C.lsgo_error) error {
	defer C.lsgo_error_free(e)
	if Status(e.status) == StatusOK {
		return nil
	}
	return &Error{
		Status:     Status(e.status),
		StatusName: rawStatusName(Status(e.status)),
		ServerCode: goStringOrEmpty(e.code),
		HTTPStatus: int(e.http_status),
		RetryAfter: int64(e.retry_after),
		Message:    goStringOrEmpty(e.message),
		Category:   rawStatusCategory(Status(e.status)),
	}
}

func goStringOrEmpty(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}

// cString copies a Go string into C memory for an input argument; the caller frees it with
// freeCString. Strings containing NUL cannot cross as C strings and are refused by the
// idiomatic layer before they get here.
func cString(s string) *C.char { return C.CString(s) }

func freeCString(s *C.char) { C.free(unsafe.Pointer(s)) }

// optString converts a borrowed, possibly NULL C string.
func optString(s *C.char) (string, bool) {
	if s == nil {
		return "", false
	}
	return C.GoString(s), true
}

// ---- client ----

func rawClientNew(config *cConfig, out **cClient) error {
	var e C.lsgo_error
	C.lsgo_client_new(config, out, &e)
	return takeError(&e)
}

func rawClientFree(client *cClient) { C.ls_client_free(client) }

func rawActivate(client *cClient, request *cRequest, out **cLicense) error {
	var e C.lsgo_error
	C.lsgo_activate(client, request, out, &e)
	return takeError(&e)
}

func rawCheck(client *cClient, request *cRequest, out **cLicense) error {
	var e C.lsgo_error
	C.lsgo_check(client, request, out, &e)
	return takeError(&e)
}

func rawDeactivate(client *cClient, request *cRequest) error {
	var e C.lsgo_error
	C.lsgo_deactivate(client, request, &e)
	return takeError(&e)
}

// ---- config ----

func rawConfigNew(apiKey, sharedKey *C.char, out **cConfig) error {
	var e C.lsgo_error
	C.lsgo_config_new(apiKey, sharedKey, out, &e)
	return takeError(&e)
}

func rawConfigFree(config *cConfig) { C.ls_config_free(config) }

func rawConfigSetBaseURL(config *cConfig, url *C.char) error {
	var e C.lsgo_error
	C.lsgo_config_set_base_url(config, url, &e)
	return takeError(&e)
}

func rawConfigSetTimeouts(config *cConfig, connectMS, totalMS uint32) error {
	var e C.lsgo_error
	C.lsgo_config_set_timeouts(config, C.uint32_t(connectMS), C.uint32_t(totalMS), &e)
	return takeError(&e)
}

func rawConfigSetProxy(config *cConfig, url *C.char) error {
	var e C.lsgo_error
	C.lsgo_config_set_proxy(config, url, &e)
	return takeError(&e)
}

func rawConfigDisableProxy(config *cConfig) error {
	var e C.lsgo_error
	C.lsgo_config_disable_proxy(config, &e)
	return takeError(&e)
}

func rawConfigAddCAFile(config *cConfig, path *C.char) error {
	var e C.lsgo_error
	C.lsgo_config_add_ca_file(config, path, &e)
	return takeError(&e)
}

func rawConfigSetPublicKeyPEM(config *cConfig, pem *C.char) error {
	var e C.lsgo_error
	C.lsgo_config_set_public_key_pem(config, pem, &e)
	return takeError(&e)
}

func rawConfigDisableSignatureVerification(config *cConfig) error {
	var e C.lsgo_error
	C.lsgo_config_disable_signature_verification(config, &e)
	return takeError(&e)
}

func rawConfigSetAppVersion(config *cConfig, version *C.char) error {
	var e C.lsgo_error
	C.lsgo_config_set_app_version(config, version, &e)
	return takeError(&e)
}

// ---- last error ----

// rawLastError reads ls_last_error_* of the current OS thread. Only meaningful while the
// goroutine is locked to its thread (runtime.LockOSThread) since the failing call.
func rawLastError() (status Status, httpStatus int, retryAfter int64, message, code string) {
	var l C.lsgo_last_error
	C.lsgo_read_last_error(&l)
	return Status(l.status), int(l.http_status), int64(l.retry_after),
		goStringOrEmpty(l.message), goStringOrEmpty(l.code)
}

// ---- license ----

func rawLicenseFree(license *cLicense) { C.ls_license_free(license) }

func rawLicenseString(license *cLicense, which licenseString) (string, bool, error) {
	var e C.lsgo_error
	var out *C.char
	switch which {
	case licJSON:
		C.lsgo_license_json(license, &out, &e)
	case licKey:
		C.lsgo_license_key(license, &out, &e)
	case licType:
		C.lsgo_license_type(license, &out, &e)
	case licValidityPeriod:
		C.lsgo_license_validity_period(license, &out, &e)
	case licCustomerEmail:
		C.lsgo_license_customer_email(license, &out, &e)
	case licUserEmail:
		C.lsgo_license_user_email(license, &out, &e)
	}
	if err := takeError(&e); err != nil {
		return "", false, err
	}
	s, ok := optString(out)
	return s, ok, nil
}

type licenseString int

const (
	licJSON licenseString = iota
	licKey
	licType
	licValidityPeriod
	licCustomerEmail
	licUserEmail
)

type licenseBool int

const (
	licIsActive licenseBool = iota
	licIsEnabled
	licIsExpired
	licIsTrial
)

func rawLicenseBool(license *cLicense, which licenseBool) (bool, error) {
	var e C.lsgo_error
	var out C.bool
	switch which {
	case licIsActive:
		C.lsgo_license_is_active(license, &out, &e)
	case licIsEnabled:
		C.lsgo_license_is_enabled(license, &out, &e)
	case licIsExpired:
		C.lsgo_license_is_expired(license, &out, &e)
	case licIsTrial:
		C.lsgo_license_is_trial(license, &out, &e)
	}
	return bool(out), takeError(&e)
}

type licenseInt int

const (
	licID licenseInt = iota
	licTimesActivated
	licMaxActivations
)

func rawLicenseInt(license *cLicense, which licenseInt) (int64, error) {
	var e C.lsgo_error
	var out C.int64_t
	switch which {
	case licID:
		C.lsgo_license_id(license, &out, &e)
	case licTimesActivated:
		C.lsgo_license_times_activated(license, &out, &e)
	case licMaxActivations:
		C.lsgo_license_max_activations(license, &out, &e)
	}
	return int64(out), takeError(&e)
}

func rawLicenseFeatureCount(license *cLicense) (int, error) {
	var e C.lsgo_error
	var out C.size_t
	C.lsgo_license_feature_count(license, &out, &e)
	return int(out), takeError(&e)
}

func rawLicenseFeatureCode(license *cLicense, index int) (string, error) {
	var e C.lsgo_error
	var out *C.char
	C.lsgo_license_feature_code(license, C.size_t(index), &out, &e)
	return goStringOrEmpty(out), takeError(&e)
}

func rawLicenseFeatureName(license *cLicense, index int) (string, error) {
	var e C.lsgo_error
	var out *C.char
	C.lsgo_license_feature_name(license, C.size_t(index), &out, &e)
	return goStringOrEmpty(out), takeError(&e)
}

func rawLicenseCustomFieldCount(license *cLicense) (int, error) {
	var e C.lsgo_error
	var out C.size_t
	C.lsgo_license_custom_field_count(license, &out, &e)
	return int(out), takeError(&e)
}

func rawLicenseCustomFieldName(license *cLicense, index int) (string, error) {
	var e C.lsgo_error
	var out *C.char
	C.lsgo_license_custom_field_name(license, C.size_t(index), &out, &e)
	return goStringOrEmpty(out), takeError(&e)
}

func rawLicenseCustomFieldValue(license *cLicense, index int) (string, error) {
	var e C.lsgo_error
	var out *C.char
	C.lsgo_license_custom_field_value(license, C.size_t(index), &out, &e)
	return goStringOrEmpty(out), takeError(&e)
}

// ---- misc ----

func rawVersion() string { return C.GoString(C.ls_version()) }

func rawABIVersion() uint32 { return uint32(C.ls_abi_version()) }

// headerABIVersion is LS_ABI_VERSION of the header this package was compiled against.
const headerABIVersion = uint32(C.LS_ABI_VERSION)

func rawStatusName(s Status) string { return C.GoString(C.ls_status_name(C.int32_t(s))) }

func rawStatusDescription(s Status) string {
	return C.GoString(C.ls_status_description(C.int32_t(s)))
}

func rawStatusCategory(s Status) Category { return Category(C.ls_status_category(C.int32_t(s))) }

func rawHardwareID() (string, error) {
	var e C.lsgo_error
	var out *C.char
	C.lsgo_hardware_id(&out, &e)
	if err := takeError(&e); err != nil {
		return "", err
	}
	defer C.ls_string_free(out)
	return C.GoString(out), nil
}

// ---- request ----

func rawRequestNew(out **cRequest) error {
	var e C.lsgo_error
	C.lsgo_request_new(out, &e)
	return takeError(&e)
}

func rawRequestFree(request *cRequest) { C.ls_request_free(request) }

func rawRequestSet(request *cRequest, f field, value *C.char) error {
	var e C.lsgo_error
	C.lsgo_request_set(request, C.uint32_t(f), value, &e)
	return takeError(&e)
}

func rawRequestSetLicenseID(request *cRequest, id int64) error {
	var e C.lsgo_error
	C.lsgo_request_set_license_id(request, C.int64_t(id), &e)
	return takeError(&e)
}

func rawRequestSetIsVM(request *cRequest, isVM bool) error {
	var e C.lsgo_error
	C.lsgo_request_set_is_vm(request, C.bool(isVM), &e)
	return takeError(&e)
}

func rawRequestSetConsumptions(request *cRequest, consumptions int64) error {
	var e C.lsgo_error
	C.lsgo_request_set_consumptions(request, C.int64_t(consumptions), &e)
	return takeError(&e)
}

func rawRequestSetVariable(request *cRequest, name, value *C.char) error {
	var e C.lsgo_error
	C.lsgo_request_set_variable(request, name, value, &e)
	return takeError(&e)
}

// rawRequestFieldName is the wire name of a field, or "" if f is not one.
func rawRequestFieldName(f field) string {
	return goStringOrEmpty(C.ls_request_field_name(C.uint32_t(f)))
}
