/* C ABI tests: every function through the header, against a running ls-emulator.
 * Usage: test_abi <emulator base URL> <emulator public key PEM file> [quick]
 * Prints one line per failed check and a final "N passed, N failed" line.
 * One source for POSIX systems and Windows: threads, sockets and time go through portable.h. */
#include "portable.h" /* first: on Windows, winsock2.h must precede anything including windows.h */

#include "licensespring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static const char *base_url;
static char *public_key_pem;

/* The detail of the last failed call made through CHECK_STATUS. Every call there passes &err;
 * the macro frees the previous error first, so no error object leaks. */
static ls_error *err;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (cond) {                                                                      \
            passed++;                                                                    \
        } else {                                                                         \
            failed++;                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s (error: %s %s)\n", __FILE__,        \
                    __LINE__, #cond, err ? ls_status_name(err->status) : "none",         \
                    err ? err->message : "");                                            \
        }                                                                                \
    } while (0)

/* Runs `expr` (which passes &err), checks its status, and that an error object was handed
 * over exactly when the call failed, carrying the same status and non-NULL strings. */
#define CHECK_STATUS(expr, expected)                                                      \
    do {                                                                                  \
        ls_error_free(err);                                                               \
        err = NULL;                                                                       \
        ls_status got_ = (expr);                                                          \
        if (got_ != (expected))                                                           \
            fprintf(stderr, "%s:%d: got %s, expected %s\n", __FILE__, __LINE__,           \
                    ls_status_name(got_), ls_status_name(expected));                      \
        CHECK(got_ == (expected));                                                        \
        if (got_ == LS_OK) {                                                              \
            CHECK(err == NULL);                                                           \
        } else {                                                                          \
            CHECK(err != NULL && err->status == got_ && err->message != NULL &&           \
                  err->server_code != NULL && strlen(err->message) > 0);                  \
        }                                                                                 \
    } while (0)

static const char BAD_UTF8[] = {(char)0xff, (char)0xfe, 0};

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = 0;
    fclose(f);
    return buf;
}

/* Starts a thread; a thread that cannot start ends the test run (it is no check of the library). */
static void spawn(port_thread *t, port_thread_fn fn, void *arg) {
    if (port_thread_start(t, fn, arg) != 0) {
        fprintf(stderr, "cannot start a thread\n");
        exit(2);
    }
}

static void unique_hw(char *buf, size_t size, const char *tag) {
    static int counter;
    snprintf(buf, size, "c-%s-%d-%d", tag, port_getpid(),
             __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST));
}

static ls_client *make_client_timed(const char *url, const char *api_key, const char *shared_key,
                                    const char *pem, double connect_timeout, double total_timeout) {
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    CHECK_STATUS(ls_config_new(api_key, shared_key, &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, url, &err), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_connect_timeout(cfg, connect_timeout, &err), LS_OK);
    CHECK_STATUS(ls_config_set_total_timeout(cfg, total_timeout, &err), LS_OK);
    CHECK_STATUS(ls_config_set_app_version(cfg, "1.0.0", &err), LS_OK);
    if (pem) CHECK_STATUS(ls_config_set_public_key_pem(cfg, pem, &err), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client, &err), LS_OK);
    ls_config_free(cfg); /* the client copied what it needs */
    return client;
}

static ls_client *make_client_at(const char *url, const char *api_key, const char *shared_key,
                                 const char *pem, double total_timeout) {
    return make_client_timed(url, api_key, shared_key, pem, 2.0, total_timeout);
}

static ls_client *make_client(const char *api_key, const char *shared_key, const char *pem) {
    return make_client_at(base_url, api_key, shared_key, pem, 5.0);
}

static ls_request *key_request(const char *product, const char *key, const char *hw) {
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, product, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_LICENSE_KEY, key, &err), LS_OK);
    return req;
}

/* Reads one field; the value is written only on success. */
static ls_value get(const ls_result *r, ls_field field) {
    ls_value v = {LS_VALUE_NULL, -999, NULL};
    CHECK_STATUS(ls_result_get(r, field, &v, &err), LS_OK);
    return v;
}

static int str_is(const ls_result *r, ls_field field, const char *expected) {
    ls_value v = get(r, field);
    if (expected == NULL) return v.value_type == LS_VALUE_NULL && v.string == NULL;
    return v.value_type == LS_VALUE_STRING && v.string && strcmp(v.string, expected) == 0;
}

static int int_is(const ls_result *r, ls_field field, int64_t expected) {
    ls_value v = get(r, field);
    return v.value_type == LS_VALUE_INT && v.integer == expected && v.string == NULL;
}

static int bool_is(const ls_result *r, ls_field field, bool expected) {
    ls_value v = get(r, field);
    return v.value_type == LS_VALUE_BOOL && v.integer == (expected ? 1 : 0);
}

/* Activation that must fail with `expected` and server code `code` (and HTTP status `http`,
 * unless it is -1); the out-parameter must stay untouched. */
static void expect_activate(ls_client *client, ls_request *req, ls_status expected,
                            const char *code, int http) {
    ls_result *lic = (ls_result *)0x1; /* sentinel */
    CHECK_STATUS(ls_activate(client, req, NULL, &lic, &err), expected);
    CHECK(lic == (ls_result *)0x1);
    if (err && code) CHECK(strcmp(err->server_code, code) == 0);
    if (err && http >= 0) CHECK(err->http_status == http);
}

static void test_static_functions(void) {
    CHECK(ls_abi_version() == LS_ABI_VERSION);
    CHECK(LS_ABI_VERSION == 2);
    CHECK(strlen(ls_version()) > 0);
    CHECK(strcmp(ls_status_name(LS_OK), "LS_OK") == 0);
    CHECK(strcmp(ls_status_name(LS_ERR_LICENSE_EXPIRED), "LS_ERR_LICENSE_EXPIRED") == 0);
    CHECK(strcmp(ls_status_name(LS_ERR_CANCELLED), "LS_ERR_CANCELLED") == 0);
    CHECK(strcmp(ls_status_name(12345), "LS_UNKNOWN_STATUS") == 0);
    CHECK(strlen(ls_status_description(LS_ERR_TIMEOUT)) > 0);
    CHECK(ls_status_category(LS_OK) == LS_CATEGORY_NONE);
    CHECK(ls_status_category(LS_ERR_NULL_ARGUMENT) == LS_CATEGORY_INVALID_ARGUMENT);
    CHECK(ls_status_category(LS_ERR_CONNECT) == LS_CATEGORY_NETWORK);
    CHECK(ls_status_category(LS_ERR_SIGNATURE_MISMATCH) == LS_CATEGORY_AUTHORIZATION);
    CHECK(ls_status_category(LS_ERR_LICENSE_EXPIRED) == LS_CATEGORY_LICENSE);
    CHECK(ls_status_category(LS_ERR_SIGNATURE_INVALID) == LS_CATEGORY_VERIFICATION);
    CHECK(ls_status_category(LS_ERR_SERVER) == LS_CATEGORY_SERVER);
    CHECK(ls_status_category(LS_ERR_INTERNAL) == LS_CATEGORY_INTERNAL);
    CHECK(ls_status_category(LS_ERR_CANCELLED) == LS_CATEGORY_CANCELLED);
    CHECK(ls_status_category(-7) == LS_CATEGORY_INTERNAL);
    const char *description = ls_abi_describe();
    CHECK(description != NULL && description[0] == '{');
    CHECK(strstr(description, "\"LS_ERR_CANCELLED\"") != NULL);
    CHECK(strstr(description, "\"LS_LICENSE_CUSTOMER_EMAIL\"") != NULL);
    CHECK(description == ls_abi_describe()); /* static */

    char *hw = NULL;
    CHECK_STATUS(ls_hardware_id(LS_HARDWARE_ID_DEFAULT, &hw, &err), LS_OK);
    CHECK(hw != NULL && strlen(hw) == 64);
    ls_string_free(hw);
    hw = NULL;
    CHECK_STATUS(ls_hardware_id(5, &hw, &err), LS_ERR_INVALID_ARGUMENT); /* 5 is never offered */
    CHECK(hw == NULL);
    CHECK_STATUS(ls_hardware_id(-1, &hw, &err), LS_ERR_INVALID_ARGUMENT);
    ls_string_free(NULL);
    ls_config_free(NULL);
    ls_client_free(NULL);
    ls_request_free(NULL);
    ls_result_free(NULL);
    ls_error_free(NULL);
    ls_cancel_free(NULL);
    ls_cancel_trigger(NULL);
    CHECK(!ls_cancel_is_triggered(NULL));
    CHECK(ls_result_kind(NULL) == 0);
}

/* The error object: filled on every failing path, never written on success, optional, owned
 * by the caller, independent of the thread and of later calls. */
static void *read_error_elsewhere(void *arg) {
    ls_error *e = arg;
    int ok = e->status == LS_ERR_INVALID_ARGUMENT && strcmp(e->message, "api_key must not be empty") == 0;
    ls_error_free(e); /* freed on another thread than the one that made it */
    return (void *)(intptr_t)ok;
}

static void test_error_objects(void) {
    ls_config *cfg = NULL;
    ls_error *e1 = NULL, *e2 = NULL;

    /* A failure writes a new error; the out-parameter stays untouched. */
    CHECK(ls_config_new("", "s", &cfg, &e1) == LS_ERR_INVALID_ARGUMENT);
    CHECK(cfg == NULL && e1 != NULL);
    CHECK(e1->http_status == 0 && e1->retry_after_secs == -1 && strcmp(e1->server_code, "") == 0);

    /* It survives later calls on this thread, successful or failing: no thread-local state. */
    CHECK(ls_config_new("k", "s", &cfg, &e2) == LS_OK);
    CHECK(e2 == NULL); /* success writes nothing */
    CHECK(ls_config_set_base_url(cfg, "ftp://x", &e2) == LS_ERR_INVALID_ARGUMENT);
    CHECK(e2 != NULL && e2 != e1);
    CHECK(strcmp(e1->message, "api_key must not be empty") == 0);
    CHECK(strstr(e2->message, "base_url") != NULL);

    /* A success leaves an error variable that already holds an error alone. */
    ls_error *kept = e2;
    CHECK(ls_config_set_base_url(cfg, "http://127.0.0.1:9", &e2) == LS_OK);
    CHECK(e2 == kept);
    ls_error_free(e2);

    /* The detail is optional: NULL means "status only". */
    CHECK(ls_config_set_base_url(cfg, "ftp://x", NULL) == LS_ERR_INVALID_ARGUMENT);
    CHECK(ls_config_set_connect_timeout(cfg, 0.0, NULL) == LS_ERR_INVALID_ARGUMENT);

    /* Read and freed on another thread. */
    port_thread t;
    spawn(&t, read_error_elsewhere, e1);
    CHECK(port_thread_join(t) == (void *)1);

    /* Timeouts are validated in the core, each on its own. */
    CHECK_STATUS(ls_config_set_connect_timeout(cfg, -1.0, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "connect timeout") != NULL);
    CHECK_STATUS(ls_config_set_total_timeout(cfg, 1e12, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "total timeout") != NULL);
    CHECK_STATUS(ls_config_set_total_timeout(cfg, __builtin_nan(""), &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_total_timeout(cfg, 0.25, &err), LS_OK);
    CHECK_STATUS(ls_config_set_connect_timeout(cfg, 1.5, &err), LS_OK);
    ls_config_free(cfg);
}

static void test_null_and_utf8_arguments(void) {
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    ls_request *req = NULL;
    ls_result *lic = NULL;
    ls_cancel *cancel = NULL;
    const char *str = NULL;
    ls_value v;

    CHECK_STATUS(ls_config_new(NULL, "s", &cfg, &err), LS_ERR_NULL_ARGUMENT);
    CHECK(strcmp(err->message, "api_key is NULL") == 0);
    CHECK_STATUS(ls_config_new("k", NULL, &cfg, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new("k", "s", NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new(BAD_UTF8, "s", &cfg, &err), LS_ERR_INVALID_UTF8);
    CHECK(strcmp(err->message, "api_key is not valid UTF-8") == 0);
    CHECK_STATUS(ls_config_new("k", BAD_UTF8, &cfg, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_new("", "s", &cfg, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(cfg == NULL);

    CHECK_STATUS(ls_config_new("k", "s", &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(NULL, "http://x", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_base_url(cfg, "not a url", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_connect_timeout(NULL, 1.0, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_total_timeout(NULL, 1.0, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_total_timeout(cfg, 0.0, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(NULL, "http://p:1", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_disable_proxy(NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(NULL, "/x", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_public_key_pem(NULL, "x", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, "garbage", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_disable_signature_verification(NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(NULL, "1", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);

    CHECK_STATUS(ls_client_new(NULL, &client, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_client_new(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, "/nonexistent/ca.pem", &err), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(client == NULL);
    ls_config_free(cfg);

    CHECK_STATUS(ls_cancel_new(NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_new(NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(NULL, LS_PARAM_PRODUCT, "p", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set_string(req, 999, "x", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_LICENSE_ID, "7", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "license_id") != NULL);
    CHECK_STATUS(ls_request_set_int(NULL, LS_PARAM_LICENSE_ID, 1, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_int(req, LS_PARAM_PRODUCT, 1, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_set_int(req, 999, 1, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_set_bool(NULL, LS_PARAM_IS_VM, true, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_bool(req, LS_PARAM_CONSUMPTIONS, true, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_clear(NULL, LS_PARAM_IS_VM, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_clear(req, 999, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(NULL, "a", "b", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, NULL, "b", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, "a", NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, BAD_UTF8, "b", &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set_variable(req, "a", BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set_variable(req, "", "b", &err), LS_ERR_INVALID_ARGUMENT);

    client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    CHECK_STATUS(ls_activate(NULL, req, NULL, &lic, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_activate(client, NULL, NULL, &lic, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_check(NULL, req, NULL, &lic, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_check(client, NULL, NULL, &lic, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_deactivate(NULL, req, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_deactivate(client, NULL, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_call(NULL, LS_OP_CHECK, req, NULL, &lic, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_call(client, 999, req, NULL, &lic, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "not an ls_operation") != NULL);
    CHECK_STATUS(ls_hardware_id(LS_HARDWARE_ID_DEFAULT, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK(lic == NULL);

    /* Every result function with a NULL result and with a NULL out pointer. */
    ls_request *good = key_request("demo", "DEMO-TIME-LIMITED", "c-null-accessors");
    CHECK_STATUS(ls_activate(client, good, NULL, &lic, &err), LS_OK);
    CHECK_STATUS(ls_result_json(NULL, &str, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_json(lic, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_get(NULL, LS_LICENSE_ID, &v, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_get(lic, LS_LICENSE_ID, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_get(lic, 424242, &v, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_result_get(lic, LS_FEATURE_CODE, &v, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "LS_FEATURE_CODE") != NULL);
    const ls_result *item = NULL;
    CHECK_STATUS(ls_result_item(NULL, LS_LICENSE_FEATURES, 0, &item, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_FEATURES, 0, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_KEY, 0, &item, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_FEATURES, 1000, &item, &err), LS_ERR_INDEX_OUT_OF_RANGE);
    CHECK(item == NULL);
    /* A result is optional: out may be NULL. */
    CHECK_STATUS(ls_check(client, good, NULL, NULL, &err), LS_OK);
    CHECK_STATUS(ls_deactivate(client, good, NULL, &err), LS_OK);
    ls_result_free(lic);
    ls_request_free(good);
    ls_request_free(req);
    ls_client_free(client);
    (void)cancel;
}

static void test_key_based_flow(void) {
    char hw[64];
    unique_hw(hw, sizeof hw, "key");
    ls_client *client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    ls_request *req = key_request("demo", "DEMO-1111-2222-3333", hw);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_OS_VER, "Linux", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_HOSTNAME, "c-host", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_MAC_ADDRESS, "00:11:22:33:44:55", &err), LS_OK);
    CHECK_STATUS(ls_request_set_bool(req, LS_PARAM_IS_VM, false, &err), LS_OK);
    CHECK_STATUS(ls_request_set_int(req, LS_PARAM_LICENSE_ID, 1001, &err), LS_OK);
    CHECK_STATUS(ls_request_set_variable(req, "seat", "c", &err), LS_OK);

    ls_result *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, NULL, &lic, &err), LS_OK);
    CHECK(ls_result_kind(lic) == LS_KIND_LICENSE);
    const char *s = NULL;
    CHECK_STATUS(ls_result_json(lic, &s, &err), LS_OK);
    CHECK(s && strstr(s, hw) != NULL);
    CHECK(int_is(lic, LS_LICENSE_ID, 1001));
    CHECK(str_is(lic, LS_LICENSE_KEY, "DEMO-1111-2222-3333"));
    CHECK(str_is(lic, LS_LICENSE_TYPE, "perpetual"));
    CHECK(bool_is(lic, LS_LICENSE_ACTIVE, true));
    CHECK(bool_is(lic, LS_LICENSE_ENABLED, true));
    CHECK(bool_is(lic, LS_LICENSE_EXPIRED, false));
    CHECK(bool_is(lic, LS_LICENSE_TRIAL, false));
    CHECK(str_is(lic, LS_LICENSE_VALIDITY_PERIOD, NULL));
    CHECK(int_is(lic, LS_LICENSE_MAX_ACTIVATIONS, 3));
    CHECK(str_is(lic, LS_LICENSE_HARDWARE_ID, hw));
    CHECK(str_is(lic, LS_LICENSE_METADATA, "{\"edition\":\"pro\"}"));
    CHECK(str_is(lic, LS_LICENSE_CUSTOMER_EMAIL, "customer@example.com"));
    CHECK(str_is(lic, LS_LICENSE_USER_EMAIL, NULL));
    CHECK(str_is(lic, LS_LICENSE_PRODUCT_SHORT_CODE, "demo"));
    ls_value activated = get(lic, LS_LICENSE_TIMES_ACTIVATED);
    CHECK(activated.value_type == LS_VALUE_INT && activated.integer >= 1);
    ls_value vars = get(lic, LS_LICENSE_VARIABLES);
    CHECK(vars.value_type == LS_VALUE_STRING && strstr(vars.string, "seat") != NULL);

    ls_value features = get(lic, LS_LICENSE_FEATURES);
    CHECK(features.value_type == LS_VALUE_LIST && features.integer == 2 && features.string == NULL);
    const ls_result *feature = NULL;
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_FEATURES, 0, &feature, &err), LS_OK);
    CHECK(ls_result_kind(feature) == LS_KIND_FEATURE);
    CHECK(str_is(feature, LS_FEATURE_CODE, "pro"));
    CHECK(int_is(feature, LS_FEATURE_ID, 5001));
    CHECK_STATUS(ls_result_json(feature, &s, &err), LS_OK);
    CHECK(s && strstr(s, "\"pro\"") != NULL);
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_FEATURES, 1, &feature, &err), LS_OK);
    CHECK(str_is(feature, LS_FEATURE_NAME, "Export"));
    CHECK_STATUS(ls_result_get(feature, LS_LICENSE_ID, &activated, &err), LS_ERR_INVALID_ARGUMENT);

    ls_value custom = get(lic, LS_LICENSE_CUSTOM_FIELDS);
    CHECK(custom.value_type == LS_VALUE_LIST && custom.integer == 1);
    const ls_result *field = NULL;
    CHECK_STATUS(ls_result_item(lic, LS_LICENSE_CUSTOM_FIELDS, 0, &field, &err), LS_OK);
    CHECK(ls_result_kind(field) == LS_KIND_CUSTOM_FIELD);
    CHECK(str_is(field, LS_CUSTOM_FIELD_NAME, "tier"));
    CHECK(str_is(field, LS_CUSTOM_FIELD_VALUE, "gold"));
    ls_result_free(lic);

    /* Through ls_call, as the wrappers do. */
    ls_result *checked = NULL;
    CHECK_STATUS(ls_call(client, LS_OP_CHECK, req, NULL, &checked, &err), LS_OK);
    CHECK(str_is(checked, LS_LICENSE_KEY, "DEMO-1111-2222-3333"));
    ls_result_free(checked);

    expect_activate(client, req, LS_ERR_LICENSE_DEVICE_EXISTS, "license_device_exists", 409);
    ls_result *none = (ls_result *)0x1;
    CHECK_STATUS(ls_call(client, LS_OP_DEACTIVATE, req, NULL, &none, &err), LS_OK);
    CHECK(none == NULL); /* deactivate gives no result */
    CHECK_STATUS(ls_deactivate(client, req, NULL, &err), LS_ERR_DEVICE_NOT_FOUND);
    CHECK(strcmp(err->server_code, "device_not_found") == 0);
    none = NULL;
    CHECK_STATUS(ls_check(client, req, NULL, &none, &err), LS_ERR_DEVICE_NOT_FOUND);
    CHECK(none == NULL);
    CHECK_STATUS(ls_request_clear(req, LS_PARAM_LICENSE_ID, &err), LS_OK);
    ls_request_free(req);
    ls_client_free(client);
}

/* Activates with a user or SSO identity, checks the user email, checks and deactivates. */
static void identity_flow(ls_client *client, ls_param p1, const char *v1, ls_param p2,
                          const char *v2, const char *expected_email) {
    char hw[64];
    unique_hw(hw, sizeof hw, "id");
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, "demo-user", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, p1, v1, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, p2, v2, &err), LS_OK);
    ls_result *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, NULL, &lic, &err), LS_OK);
    CHECK(str_is(lic, LS_LICENSE_USER_EMAIL, expected_email));
    CHECK(str_is(lic, LS_LICENSE_KEY, NULL));
    ls_result_free(lic);
    ls_result *checked = NULL;
    CHECK_STATUS(ls_check(client, req, NULL, &checked, &err), LS_OK);
    ls_result_free(checked);
    CHECK_STATUS(ls_deactivate(client, req, NULL, &err), LS_OK);
    ls_request_free(req);
}

static void test_user_and_sso(void) {
    ls_client *client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    identity_flow(client, LS_PARAM_USERNAME, "alice@example.com", LS_PARAM_PASSWORD,
                  "alice-password", "alice@example.com");
    identity_flow(client, LS_PARAM_ID_TOKEN, "sso-id-token-alice", LS_PARAM_CUSTOMER_ACCOUNT_CODE,
                  "demo-corp", "alice@example.com");
    identity_flow(client, LS_PARAM_CODE, "sso-code-bob", LS_PARAM_CUSTOMER_ACCOUNT_CODE,
                  "demo-corp", "bob@example.com");
    ls_client_free(client);
}

static void test_server_errors(void) {
    char hw[64];
    ls_client *client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    static const struct {
        const char *key;
        ls_status status;
        const char *code;
    } cases[] = {
        {"DEMO-DISABLED", LS_ERR_LICENSE_NOT_ENABLED, "license_not_enabled"},
        {"DEMO-INACTIVE", LS_ERR_LICENSE_NOT_ACTIVE, "license_not_active"},
        {"DEMO-EXPIRED", LS_ERR_LICENSE_EXPIRED, "license_expired"},
        {"DEMO-NOT-STARTED", LS_ERR_LICENSE_START_DATE, "license_start_date_error"},
        {"NO-SUCH-KEY", LS_ERR_LICENSE_NOT_FOUND, "license_not_found"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unique_hw(hw, sizeof hw, "err");
        ls_request *req = key_request("demo", cases[i].key, hw);
        expect_activate(client, req, cases[i].status, cases[i].code, 400);
        CHECK(err && err->retry_after_secs == -1);
        ls_request_free(req);
    }

    unique_hw(hw, sizeof hw, "err");
    ls_request *req = key_request("no-such-product", "X", hw);
    expect_activate(client, req, LS_ERR_UNKNOWN_PRODUCT, "unknown_product", 400);
    ls_request_free(req);

    unique_hw(hw, sizeof hw, "vm");
    req = key_request("demo", "DEMO-NO-VM", hw);
    CHECK_STATUS(ls_request_set_bool(req, LS_PARAM_IS_VM, true, &err), LS_OK);
    expect_activate(client, req, LS_ERR_VM_NOT_ALLOWED, "vm_not_allowed", 400);
    ls_request_free(req);

    req = key_request("demo", "DEMO-1111-2222-3333", "blacklisted-device");
    expect_activate(client, req, LS_ERR_BLACKLISTED, "blacklisted", 400);
    ls_request_free(req);

    /* One seat: the second device is refused. */
    unique_hw(hw, sizeof hw, "seat");
    ls_request *first = key_request("demo", "DEMO-SINGLE-SEAT", hw);
    CHECK_STATUS(ls_activate(client, first, NULL, NULL, &err), LS_OK);
    unique_hw(hw, sizeof hw, "seat");
    req = key_request("demo", "DEMO-SINGLE-SEAT", hw);
    expect_activate(client, req, LS_ERR_LICENSE_ACTIVATED_MAX_TIMES, "license_activated_max_times", 400);
    ls_request_free(req);
    CHECK_STATUS(ls_deactivate(client, first, NULL, &err), LS_OK);
    ls_request_free(first);

    /* bob may activate once. */
    ls_request *bob[2];
    for (int i = 0; i < 2; i++) {
        unique_hw(hw, sizeof hw, "bob");
        CHECK_STATUS(ls_request_new(&bob[i], &err), LS_OK);
        CHECK_STATUS(ls_request_set_string(bob[i], LS_PARAM_PRODUCT, "demo-user", &err), LS_OK);
        CHECK_STATUS(ls_request_set_string(bob[i], LS_PARAM_HARDWARE_ID, hw, &err), LS_OK);
        CHECK_STATUS(ls_request_set_string(bob[i], LS_PARAM_USERNAME, "bob@example.com", &err), LS_OK);
        CHECK_STATUS(ls_request_set_string(bob[i], LS_PARAM_PASSWORD, "bob-password", &err), LS_OK);
    }
    CHECK_STATUS(ls_activate(client, bob[0], NULL, NULL, &err), LS_OK);
    expect_activate(client, bob[1], LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES,
                    "license_user_activated_max_times", 400);
    CHECK(strstr(err->message, "bob-password") == NULL);
    CHECK_STATUS(ls_deactivate(client, bob[0], NULL, &err), LS_OK);
    ls_request_free(bob[0]);
    ls_request_free(bob[1]);

    /* max_transfers 1: A, B (a transfer), then C is refused. */
    for (int i = 0; i < 2; i++) {
        unique_hw(hw, sizeof hw, "xfer");
        req = key_request("demo", "DEMO-NO-TRANSFER", hw);
        CHECK_STATUS(ls_activate(client, req, NULL, NULL, &err), LS_OK);
        CHECK_STATUS(ls_deactivate(client, req, NULL, &err), LS_OK);
        ls_request_free(req);
    }
    unique_hw(hw, sizeof hw, "xfer");
    req = key_request("demo", "DEMO-NO-TRANSFER", hw);
    expect_activate(client, req, LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES,
                    "license_transferred_max_times", 400);
    ls_request_free(req);

    /* Requests refused before sending: no server code, no HTTP status. */
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "", 0);
    CHECK(strstr(err->message, "product") != NULL);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, "demo", &err), LS_OK);
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "", 0);
    CHECK(strstr(err->message, "hardware_id") != NULL);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, "hw", &err), LS_OK);
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "", 0);
    CHECK(strstr(err->message, "identity") != NULL);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_ID_TOKEN, "t", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_CODE, "c", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_CUSTOMER_ACCOUNT_CODE, "demo-corp", &err), LS_OK);
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "", 0);
    CHECK(strstr(err->message, "id_token and code") != NULL);
    ls_request_free(req);
    ls_client_free(client);

    /* Authorization and verification. */
    unique_hw(hw, sizeof hw, "auth");
    req = key_request("demo", "DEMO-1111-2222-3333", hw);
    client = make_client("demo-api-key", "wrong-shared-key", public_key_pem);
    expect_activate(client, req, LS_ERR_SIGNATURE_MISMATCH, "signature_mismatch", -1);
    CHECK(strstr(err->message, "wrong-shared-key") == NULL);
    ls_client_free(client);
    client = make_client("no-such-api-key", "demo-shared-key", public_key_pem);
    expect_activate(client, req, LS_ERR_INVALID_API_KEY, "invalid_api_key", 401);
    ls_client_free(client);
    client = make_client("demo-api-key", "demo-shared-key", NULL); /* vendor key: cannot verify */
    expect_activate(client, req, LS_ERR_SIGNATURE_INVALID, "", 200);
    CHECK(ls_status_category(err->status) == LS_CATEGORY_VERIFICATION);
    ls_client_free(client);
    ls_request_free(req);

    /* Transport: nothing listens on port 9 of loopback. */
    client = make_client_at("http://127.0.0.1:9", "k", "s", NULL, 5.0);
    req = key_request("demo", "K", "hw");
    expect_activate(client, req, LS_ERR_CONNECT, "", 0);
    ls_request_free(req);
    ls_client_free(client);
}

/* ---- servers for the transport and cancellation tests --------------------------------------- */

struct test_server {
    port_socket listener;
    int port;
    int accepted;   /* connections accepted so far (atomic) */
    int close_mode; /* 0: hold every connection open; 1: half-close mid-request, then reset */
    port_thread thread;
};

static void *hold_connection(void *arg) {
    port_socket conn = port_socket_from_ptr(arg);
    char buf[4096];
    /* Never answer: read until the client goes away. */
    while (port_recv(conn, buf, sizeof buf) > 0) {
    }
    port_close_socket(conn);
    return NULL;
}

static void *serve_connections(void *arg) {
    struct test_server *srv = arg;
    char buf[4096];
    for (;;) {
        port_socket conn = accept(srv->listener, NULL, NULL);
        if (conn == PORT_INVALID_SOCKET) return NULL;
        __atomic_fetch_add(&srv->accepted, 1, __ATOMIC_SEQ_CST);
        if (srv->close_mode) {
            /* Read the start, send FIN, wait a moment, then close with data unread, which
             * resets the connection while the client may still be writing. */
            (void)port_recv(conn, buf, sizeof buf);
            shutdown(conn, PORT_SHUT_WR);
            port_sleep_ms(50);
            port_close_socket(conn);
        } else {
            /* Each held connection on its own thread, so later ones are still accepted. */
            port_thread t;
            if (port_thread_start(&t, hold_connection, port_socket_to_ptr(conn)) == 0)
                port_thread_detach(t);
            else
                port_close_socket(conn);
        }
    }
}

static void start_server(struct test_server *srv, int close_mode, int small_buffer) {
    memset(srv, 0, sizeof *srv);
    srv->close_mode = close_mode;
    srv->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    port_socklen len = sizeof addr;
    if (small_buffer) CHECK(port_setsockopt_int(srv->listener, SOL_SOCKET, SO_RCVBUF, 8 * 1024) == 0);
    CHECK(bind(srv->listener, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(srv->listener, 16) == 0);
    CHECK(getsockname(srv->listener, (struct sockaddr *)&addr, &len) == 0);
    srv->port = ntohs(addr.sin_port);
    spawn(&srv->thread, serve_connections, srv);
}

static void stop_server(struct test_server *srv) {
    /* Wakes the accepting thread: shutdown does on Linux, closing the socket does on Windows. */
    shutdown(srv->listener, PORT_SHUT_RDWR);
    port_close_socket(srv->listener);
    port_thread_join(srv->thread);
}

static void server_url(const struct test_server *srv, char *buf, size_t size) {
    snprintf(buf, size, "http://127.0.0.1:%d", srv->port);
}

static void wait_for_connections(struct test_server *srv, int n) {
    for (int i = 0; i < 2000 && __atomic_load_n(&srv->accepted, __ATOMIC_SEQ_CST) < n; i++)
        port_sleep_ms(5);
}

/* ---- cancellation -------------------------------------------------------------------------- */

struct cancelled_call {
    ls_client *client;
    ls_request *request;
    ls_cancel *cancel;
    ls_status status;
    ls_error *error;
    ls_result *result;
    double seconds;
};

static void *make_cancellable_call(void *arg) {
    struct cancelled_call *c = arg;
    double start = port_now_seconds();
    c->status = ls_activate(c->client, c->request, c->cancel, &c->result, &c->error);
    c->seconds = port_now_seconds() - start;
    return NULL;
}

/* OAuth client credentials: a token from the emulator's token endpoint on every call. */
static void test_oauth(void) {
    ls_config *cfg = NULL;
    CHECK_STATUS(ls_config_new_oauth(NULL, "s", &cfg, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new_oauth("id", NULL, &cfg, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new_oauth("id", "s", NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new_oauth(BAD_UTF8, "s", &cfg, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_new_oauth("id", "", &cfg, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(cfg == NULL);
    CHECK_STATUS(ls_config_new("k", "s", &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_token_url(cfg, "http://127.0.0.1:1/token", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK(strstr(err->message, "OAuth") != NULL);
    ls_config_free(cfg);
    cfg = NULL;

    char token_url[256];
    snprintf(token_url, sizeof token_url, "%s/auth/realms/user-portal/protocol/openid-connect/token", base_url);
    CHECK_STATUS(ls_config_new_oauth("demo-client", "demo-client-secret", &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_token_url(NULL, token_url, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_token_url(cfg, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_token_url(cfg, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_token_url(cfg, "ftp://x", &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_token_url(cfg, token_url, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, base_url, &err), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, public_key_pem, &err), LS_OK);
    ls_client *client = NULL;
    CHECK_STATUS(ls_client_new(cfg, &client, &err), LS_OK);
    ls_config_free(cfg);
    char hw[64];
    unique_hw(hw, sizeof hw, "oauth");
    ls_request *req = key_request("demo", "DEMO-UNLIMITED", hw);
    ls_result *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, NULL, &lic, &err), LS_OK);
    CHECK(str_is(lic, LS_LICENSE_KEY, "DEMO-UNLIMITED"));
    ls_result_free(lic);
    CHECK_STATUS(ls_deactivate(client, req, NULL, &err), LS_OK);
    ls_request_free(req);
    ls_client_free(client);

    /* A wrong secret: its own status, and the secret in no message. */
    ls_config *wrong = NULL;
    CHECK_STATUS(ls_config_new_oauth("demo-client", "not-the-secret", &wrong, &err), LS_OK);
    CHECK_STATUS(ls_config_set_token_url(wrong, token_url, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(wrong, base_url, &err), LS_OK);
    CHECK_STATUS(ls_client_new(wrong, &client, &err), LS_OK);
    req = key_request("demo", "DEMO-UNLIMITED", hw);
    CHECK_STATUS(ls_check(client, req, NULL, NULL, &err), LS_ERR_OAUTH_INVALID_CLIENT);
    CHECK(err->http_status == 401 && strcmp(err->server_code, "invalid_client") == 0);
    CHECK(strstr(err->message, "not-the-secret") == NULL);
    ls_request_free(req);
    ls_client_free(client);
    ls_config_free(wrong);
    ls_config_free(NULL);
}

static void test_cancel(void) {
    struct test_server srv;
    char url[64];
    start_server(&srv, 0, 0);
    server_url(&srv, url, sizeof url);
    ls_client *client = make_client_at(url, "k", "s", public_key_pem, 30.0);
    ls_request *req = key_request("demo", "K", "c-cancel");

    /* Before: a triggered handle fails the call at once; nothing is sent. */
    ls_cancel *cancel = NULL;
    CHECK_STATUS(ls_cancel_new(&cancel, &err), LS_OK);
    CHECK(!ls_cancel_is_triggered(cancel));
    ls_cancel_trigger(cancel);
    ls_cancel_trigger(cancel); /* idempotent */
    CHECK(ls_cancel_is_triggered(cancel));
    ls_result *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, cancel, &lic, &err), LS_ERR_CANCELLED);
    CHECK(lic == NULL && err->http_status == 0);
    CHECK(ls_status_category(err->status) == LS_CATEGORY_CANCELLED);
    CHECK(__atomic_load_n(&srv.accepted, __ATOMIC_SEQ_CST) == 0);
    ls_cancel_free(cancel);

    /* During: the call waits on a server that never answers; another thread cancels it. */
    struct cancelled_call call = {client, req, NULL, LS_OK, NULL, NULL, 0};
    CHECK_STATUS(ls_cancel_new(&call.cancel, &err), LS_OK);
    port_thread t;
    spawn(&t, make_cancellable_call, &call);
    wait_for_connections(&srv, 1);
    ls_cancel_trigger(call.cancel);
    port_thread_join(t);
    CHECK(call.status == LS_ERR_CANCELLED);
    CHECK(call.error != NULL && call.error->status == LS_ERR_CANCELLED);
    CHECK(call.result == NULL);
    CHECK(call.seconds < 5.0); /* promptly, not at the 30 s total timeout */
    ls_error_free(call.error);
    ls_cancel_free(call.cancel);

    /* Free while in flight: the call keeps its own reference and ends at its own timeout. */
    ls_client *short_client = make_client_at(url, "k", "s", public_key_pem, 0.5);
    struct cancelled_call flight = {short_client, req, NULL, LS_OK, NULL, NULL, 0};
    CHECK_STATUS(ls_cancel_new(&flight.cancel, &err), LS_OK);
    int before = __atomic_load_n(&srv.accepted, __ATOMIC_SEQ_CST);
    spawn(&t, make_cancellable_call, &flight);
    wait_for_connections(&srv, before + 1);
    ls_cancel_free(flight.cancel);
    port_thread_join(t);
    CHECK(flight.status == LS_ERR_TIMEOUT);
    ls_error_free(flight.error);
    ls_client_free(short_client);

    /* After: triggering once the call is done changes nothing, and the client stays usable. */
    ls_client *real = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    char hw[64];
    unique_hw(hw, sizeof hw, "cancel-after");
    ls_request *good = key_request("demo", "DEMO-UNLIMITED", hw);
    CHECK_STATUS(ls_cancel_new(&cancel, &err), LS_OK);
    CHECK_STATUS(ls_activate(real, good, cancel, &lic, &err), LS_OK);
    ls_cancel_trigger(cancel);
    CHECK(str_is(lic, LS_LICENSE_KEY, "DEMO-UNLIMITED"));
    ls_result_free(lic);
    CHECK_STATUS(ls_deactivate(real, good, cancel, &err), LS_ERR_CANCELLED);
    CHECK_STATUS(ls_deactivate(real, good, NULL, &err), LS_OK);
    ls_cancel_free(cancel);
    ls_request_free(good);
    ls_client_free(real);
    ls_request_free(req);
    ls_client_free(client); /* closes the connections the held calls left behind */
    stop_server(&srv);
}

/* Hostile caller: 1 MB strings everywhere a string goes; nothing crashes or leaks. */
static void test_huge_strings(void) {
    size_t size = 1024 * 1024;
    char *huge = malloc(size + 1);
    memset(huge, 'a', size);
    huge[size] = 0;
    ls_config *cfg = NULL;
    CHECK_STATUS(ls_config_new(huge, huge, &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, huge, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, huge, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, huge, &err), LS_OK);
    ls_status proxy_status = ls_config_set_proxy(cfg, huge, NULL); /* kept or refused */
    CHECK(proxy_status == LS_OK || proxy_status == LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, base_url, &err), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg, &err), LS_OK);
    ls_client *client = NULL;
    CHECK_STATUS(ls_client_new(cfg, &client, &err), LS_OK);
    ls_config_free(cfg);
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    for (uint32_t p = LS_PARAM_PRODUCT; p <= LS_PARAM_MAC_ADDRESS; p++)
        CHECK_STATUS(ls_request_set_string(req, p, huge, &err), LS_OK);
    CHECK_STATUS(ls_request_set_variable(req, huge, huge, &err), LS_OK);
    ls_param identities[] = {LS_PARAM_ID_TOKEN, LS_PARAM_CODE, LS_PARAM_USERNAME, LS_PARAM_PASSWORD,
                             LS_PARAM_CUSTOMER_ACCOUNT_CODE};
    for (size_t i = 0; i < sizeof identities / sizeof identities[0]; i++)
        CHECK_STATUS(ls_request_clear(req, identities[i], &err), LS_OK);
    /* The server refuses a 17 MB body; the client reports it and stays usable. */
    ls_result *lic = NULL;
    ls_status s = ls_activate(client, req, NULL, &lic, &err);
    CHECK(s != LS_OK); /* 413, 431 or a reset connection, depending on when the server gives up */
    CHECK(lic == NULL && err != NULL && err->status == s);
    ls_request_free(req);
    ls_client_free(client);
    free(huge);
}

/* A server that hangs up in the middle of a large request. Its small receive buffer keeps the
 * client's 4 MB body from fitting into the socket buffers, so the client is still writing into
 * the half-closed connection and gets EPIPE. SIGPIPE keeps its default action (terminate) in
 * this C program, so the process survives only if the library keeps the signal away from it.
 * Windows has no SIGPIPE: there the same calls check that the reset gives a network status. */
static void test_server_closing_mid_request_does_not_kill_the_process(void) {
    struct test_server srv;
    char url[64];
    start_server(&srv, 1, 1);
    server_url(&srv, url, sizeof url);
    ls_client *client = make_client_at(url, "k", "s", NULL, 5.0);
    size_t size = 4 * 1024 * 1024;
    char *big = malloc(size + 1);
    memset(big, 'b', size);
    big[size] = 0;
    ls_request *req = key_request("demo", "K", "hw");
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_VM_INFO, big, &err), LS_OK);
    for (int i = 0; i < 5; i++) {
        ls_result *lic = NULL;
        ls_status st = ls_activate(client, req, NULL, &lic, NULL);
        CHECK(st == LS_ERR_NETWORK || st == LS_ERR_CONNECT);
        CHECK(lic == NULL);
    }
    ls_request_free(req);
    ls_client_free(client);
    free(big);
    stop_server(&srv);
}

enum { THREADS = 16, CALLS_PER_THREAD = 8 };
static ls_client *shared_client;
static int thread_failures;

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        char hw[64];
        snprintf(hw, sizeof hw, "c-thread-%d-%d-%d", port_getpid(), id, i);
        ls_request *req = NULL;
        ls_result *lic = NULL;
        ls_error *e = NULL; /* each thread its own error: they are plain objects */
        ls_value key = {LS_VALUE_NULL, 0, NULL};
        int ok = ls_request_new(&req, &e) == LS_OK &&
                 ls_request_set_string(req, LS_PARAM_PRODUCT, "demo", &e) == LS_OK &&
                 ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &e) == LS_OK &&
                 ls_request_set_string(req, LS_PARAM_LICENSE_KEY, "DEMO-UNLIMITED", &e) == LS_OK &&
                 ls_activate(shared_client, req, NULL, &lic, &e) == LS_OK &&
                 ls_result_get(lic, LS_LICENSE_KEY, &key, &e) == LS_OK &&
                 strcmp(key.string, "DEMO-UNLIMITED") == 0 &&
                 ls_deactivate(shared_client, req, NULL, &e) == LS_OK;
        if (!ok) {
            fprintf(stderr, "thread %d call %d: %s %s\n", id, i,
                    e ? ls_status_name(e->status) : "?", e ? e->message : "");
            __atomic_fetch_add(&thread_failures, 1, __ATOMIC_SEQ_CST);
        }
        ls_error_free(e);
        ls_result_free(lic);
        ls_request_free(req);
    }
    return NULL;
}

static void test_threads_share_one_client(void) {
    /* Generous timeouts: 16 threads connect at once, also under Wine and qemu on a busy machine,
     * where a 2 s connect was seen to expire; this test checks sharing, not speed. */
    shared_client =
        make_client_timed(base_url, "demo-api-key", "demo-shared-key", public_key_pem, 20.0, 60.0);
    port_thread threads[THREADS];
    for (int i = 0; i < THREADS; i++) spawn(&threads[i], worker, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++) port_thread_join(threads[i]);
    CHECK(thread_failures == 0);
    ls_client_free(shared_client);
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s <emulator base URL> <emulator public key PEM file> [quick]\n", argv[0]);
        return 2;
    }
    if (port_init() != 0) {
        fprintf(stderr, "cannot start the socket library\n");
        return 2;
    }
    base_url = argv[1];
    public_key_pem = read_file(argv[2]);
    if (!public_key_pem) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    test_static_functions();
    test_error_objects();
    test_null_and_utf8_arguments();
    test_key_based_flow();
    test_user_and_sso();
    test_server_errors();
    test_oauth();
    test_cancel();
    if (argc == 3) { /* "quick" (under valgrind) skips the slow ones; the sanitizer run has them */
        test_threads_share_one_client();
        test_huge_strings();
        test_server_closing_mid_request_does_not_kill_the_process();
    }
    ls_error_free(err);
    free(public_key_pem);
    port_cleanup();
    printf("c-abi: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
