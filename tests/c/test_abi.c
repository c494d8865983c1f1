/* C ABI tests: every function through the header, against a running ls-emulator.
 * Usage: test_abi <emulator base URL> <emulator public key PEM file>
 * Prints one line per failed check and a final "N passed, N failed" line. */
#include "licensespring.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;
static const char *base_url;
static char *public_key_pem;

#define CHECK(cond)                                                             \
    do {                                                                        \
        if (cond) {                                                             \
            passed++;                                                           \
        } else {                                                                \
            failed++;                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s %s)\n",   \
                    __FILE__, __LINE__, #cond,                                  \
                    ls_status_name(ls_last_error_status()),                     \
                    ls_last_error_message());                                   \
        }                                                                       \
    } while (0)

#define CHECK_STATUS(expr, expected) CHECK((expr) == (expected))

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

static void unique_hw(char *buf, size_t size, const char *tag) {
    static int counter;
    snprintf(buf, size, "c-%s-%d-%d", tag, (int)getpid(), __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST));
}

static ls_client *make_client(const char *api_key, const char *shared_key, const char *pem) {
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    CHECK_STATUS(ls_config_new(api_key, shared_key, &cfg), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, base_url), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg), LS_OK);
    CHECK_STATUS(ls_config_set_timeouts(cfg, 2000, 5000), LS_OK);
    CHECK_STATUS(ls_config_set_app_version(cfg, "1.0.0"), LS_OK);
    if (pem) CHECK_STATUS(ls_config_set_public_key_pem(cfg, pem), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client), LS_OK);
    ls_config_free(cfg); /* the client copied what it needs */
    return client;
}

static ls_request *key_request(const char *product, const char *key, const char *hw) {
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_PRODUCT, product), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_HARDWARE_ID, hw), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_LICENSE_KEY, key), LS_OK);
    return req;
}

/* Activation that must fail with `expected` and server code `code`. */
static void expect_activate(ls_client *client, ls_request *req, ls_status expected, const char *code) {
    ls_license *lic = (ls_license *)0x1; /* sentinel: must stay untouched on failure */
    ls_status s = ls_activate(client, req, &lic);
    if (s != expected)
        fprintf(stderr, "expected %s, got %s: %s\n", ls_status_name(expected), ls_status_name(s),
                ls_last_error_message());
    CHECK_STATUS(s, expected);
    CHECK(lic == (ls_license *)0x1);
    CHECK(ls_last_error_status() == expected);
    if (code) CHECK(strcmp(ls_last_error_code(), code) == 0);
    CHECK(strlen(ls_last_error_message()) > 0);
}

static void test_static_functions(void) {
    CHECK(ls_abi_version() == LS_ABI_VERSION);
    CHECK(strlen(ls_version()) > 0);
    CHECK(strcmp(ls_status_name(LS_OK), "LS_OK") == 0);
    CHECK(strcmp(ls_status_name(LS_ERR_LICENSE_EXPIRED), "LS_ERR_LICENSE_EXPIRED") == 0);
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
    CHECK(ls_status_category(-7) == LS_CATEGORY_INTERNAL);
    CHECK(strcmp(ls_request_field_name(LS_FIELD_LICENSE_KEY), "license_key") == 0);
    CHECK(ls_request_field_name(999) == NULL);

    char *hw = NULL;
    CHECK_STATUS(ls_hardware_id(&hw), LS_OK);
    CHECK(hw != NULL && strlen(hw) == 64);
    ls_string_free(hw);
    ls_string_free(NULL);
    ls_config_free(NULL);
    ls_client_free(NULL);
    ls_request_free(NULL);
    ls_license_free(NULL);
}

static void test_null_and_utf8_arguments(void) {
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    ls_request *req = NULL;
    ls_license *lic = NULL;
    const char *str = NULL;
    int64_t i64 = 0;
    bool b = false;
    size_t n = 0;

    CHECK_STATUS(ls_config_new(NULL, "s", &cfg), LS_ERR_NULL_ARGUMENT);
    CHECK(strcmp(ls_last_error_message(), "api_key is NULL") == 0);
    CHECK_STATUS(ls_config_new("k", NULL, &cfg), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new("k", "s", NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_new(BAD_UTF8, "s", &cfg), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_new("k", BAD_UTF8, &cfg), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_new("", "s", &cfg), LS_ERR_INVALID_ARGUMENT);
    CHECK(cfg == NULL);

    CHECK_STATUS(ls_config_new("k", "s", &cfg), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(NULL, "http://x"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_base_url(cfg, "not a url"), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_timeouts(NULL, 1, 1), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_timeouts(cfg, 0, 1), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(NULL, "http://p:1"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_proxy(cfg, BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_disable_proxy(NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(NULL, "/x"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_public_key_pem(NULL, "x"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, "garbage"), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_disable_signature_verification(NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(NULL, "1"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, BAD_UTF8), LS_ERR_INVALID_UTF8);

    CHECK_STATUS(ls_client_new(NULL, &client), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_client_new(cfg, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_config_add_ca_file(cfg, "/nonexistent/ca.pem"), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client), LS_ERR_INVALID_ARGUMENT);
    CHECK(client == NULL);
    ls_config_free(cfg);

    CHECK_STATUS(ls_request_new(NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_new(&req), LS_OK);
    CHECK_STATUS(ls_request_set(NULL, LS_FIELD_PRODUCT, "p"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_PRODUCT, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_PRODUCT, BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set(req, 99, "x"), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_request_set_license_id(NULL, 1), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_is_vm(NULL, true), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_consumptions(NULL, 1), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(NULL, "a", "b"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, NULL, "b"), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, "a", NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_request_set_variable(req, BAD_UTF8, "b"), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set_variable(req, "a", BAD_UTF8), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_request_set_variable(req, "", "b"), LS_ERR_INVALID_ARGUMENT);

    client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    CHECK_STATUS(ls_activate(NULL, req, &lic), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_activate(client, NULL, &lic), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_activate(client, req, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_check(NULL, req, &lic), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_check(client, NULL, &lic), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_check(client, req, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_deactivate(NULL, req), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_deactivate(client, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_hardware_id(NULL), LS_ERR_NULL_ARGUMENT);

    /* Every license accessor with a NULL license and with a NULL out pointer. */
    ls_request *good = key_request("demo", "DEMO-TIME-LIMITED", "c-null-accessors");
    ls_license *l = NULL;
    CHECK_STATUS(ls_activate(client, good, &l), LS_OK);
    CHECK_STATUS(ls_license_json(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_json(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_id(NULL, &i64), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_id(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_key(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_key(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_type(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_type(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_active(NULL, &b), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_active(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_enabled(NULL, &b), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_enabled(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_expired(NULL, &b), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_expired(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_trial(NULL, &b), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_is_trial(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_validity_period(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_validity_period(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_times_activated(NULL, &i64), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_times_activated(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_max_activations(NULL, &i64), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_max_activations(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_count(NULL, &n), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_count(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_code(NULL, 0, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_code(l, 0, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_name(NULL, 0, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_name(l, 0, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_count(NULL, &n), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_count(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_name(NULL, 0, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_name(l, 0, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_value(NULL, 0, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_custom_field_value(l, 0, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_customer_email(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_customer_email(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_user_email(NULL, &str), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_user_email(l, NULL), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_license_feature_code(l, 1000, &str), LS_ERR_INDEX_OUT_OF_RANGE);
    CHECK_STATUS(ls_license_custom_field_value(l, 1000, &str), LS_ERR_INDEX_OUT_OF_RANGE);
    CHECK_STATUS(ls_deactivate(client, good), LS_OK);
    ls_license_free(l);
    ls_request_free(good);
    ls_request_free(req);
    ls_client_free(client);
}

static void test_key_based_flow(void) {
    char hw[64];
    unique_hw(hw, sizeof hw, "key");
    ls_client *client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    ls_request *req = key_request("demo", "DEMO-1111-2222-3333", hw);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_OS_VER, "Linux"), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_HOSTNAME, "c-host"), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_MAC_ADDRESS, "00:11:22:33:44:55"), LS_OK);
    CHECK_STATUS(ls_request_set_is_vm(req, false), LS_OK);
    CHECK_STATUS(ls_request_set_variable(req, "seat", "c"), LS_OK);

    ls_license *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, &lic), LS_OK);
    CHECK(ls_last_error_status() == LS_OK);
    CHECK(strcmp(ls_last_error_message(), "") == 0);
    const char *s = NULL;
    int64_t n = 0;
    bool b = false;
    size_t count = 0;
    CHECK_STATUS(ls_license_json(lic, &s), LS_OK);
    CHECK(s && strstr(s, hw) != NULL);
    CHECK_STATUS(ls_license_id(lic, &n), LS_OK);
    CHECK(n > 0);
    CHECK_STATUS(ls_license_key(lic, &s), LS_OK);
    CHECK(s && strcmp(s, "DEMO-1111-2222-3333") == 0);
    CHECK_STATUS(ls_license_type(lic, &s), LS_OK);
    CHECK(s && strcmp(s, "perpetual") == 0);
    CHECK_STATUS(ls_license_is_active(lic, &b), LS_OK);
    CHECK(b);
    CHECK_STATUS(ls_license_is_enabled(lic, &b), LS_OK);
    CHECK(b);
    CHECK_STATUS(ls_license_is_expired(lic, &b), LS_OK);
    CHECK(!b);
    CHECK_STATUS(ls_license_is_trial(lic, &b), LS_OK);
    CHECK(!b);
    CHECK_STATUS(ls_license_validity_period(lic, &s), LS_OK);
    CHECK(s == NULL);
    CHECK_STATUS(ls_license_times_activated(lic, &n), LS_OK);
    CHECK(n >= 1);
    CHECK_STATUS(ls_license_max_activations(lic, &n), LS_OK);
    CHECK(n == 3);
    CHECK_STATUS(ls_license_feature_count(lic, &count), LS_OK);
    CHECK(count == 2);
    CHECK_STATUS(ls_license_feature_code(lic, 0, &s), LS_OK);
    CHECK(s && strcmp(s, "pro") == 0);
    CHECK_STATUS(ls_license_feature_name(lic, 1, &s), LS_OK);
    CHECK(s && strcmp(s, "Export") == 0);
    CHECK_STATUS(ls_license_custom_field_count(lic, &count), LS_OK);
    CHECK(count == 1);
    CHECK_STATUS(ls_license_custom_field_name(lic, 0, &s), LS_OK);
    CHECK(s && strcmp(s, "tier") == 0);
    CHECK_STATUS(ls_license_custom_field_value(lic, 0, &s), LS_OK);
    CHECK(s && strcmp(s, "gold") == 0);
    CHECK_STATUS(ls_license_customer_email(lic, &s), LS_OK);
    CHECK(s && strcmp(s, "customer@example.com") == 0);
    CHECK_STATUS(ls_license_user_email(lic, &s), LS_OK);
    CHECK(s == NULL);
    ls_license_free(lic);

    ls_license *checked = NULL;
    CHECK_STATUS(ls_check(client, req, &checked), LS_OK);
    CHECK_STATUS(ls_license_key(checked, &s), LS_OK);
    CHECK(s && strcmp(s, "DEMO-1111-2222-3333") == 0);
    ls_license_free(checked);

    expect_activate(client, req, LS_ERR_LICENSE_DEVICE_EXISTS, "license_device_exists");
    CHECK(ls_last_error_http_status() == 409);
    CHECK_STATUS(ls_deactivate(client, req), LS_OK);
    CHECK_STATUS(ls_deactivate(client, req), LS_ERR_DEVICE_NOT_FOUND);
    CHECK(strcmp(ls_last_error_code(), "device_not_found") == 0);
    ls_license *none = NULL;
    CHECK_STATUS(ls_check(client, req, &none), LS_ERR_DEVICE_NOT_FOUND);
    CHECK(none == NULL);
    ls_request_free(req);
    ls_client_free(client);
}

/* Activates with a user or SSO identity, checks the user email, checks and deactivates. */
static void identity_flow(ls_client *client, ls_request_field f1, const char *v1, ls_request_field f2,
                          const char *v2, const char *expected_email) {
    char hw[64];
    unique_hw(hw, sizeof hw, "id");
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_PRODUCT, "demo-user"), LS_OK);
    CHECK_STATUS(ls_request_set(req, LS_FIELD_HARDWARE_ID, hw), LS_OK);
    CHECK_STATUS(ls_request_set(req, f1, v1), LS_OK);
    CHECK_STATUS(ls_request_set(req, f2, v2), LS_OK);
    ls_license *lic = NULL;
    CHECK_STATUS(ls_activate(client, req, &lic), LS_OK);
    const char *s = NULL;
    CHECK_STATUS(ls_license_user_email(lic, &s), LS_OK);
    CHECK(s && strcmp(s, expected_email) == 0);
    CHECK_STATUS(ls_license_key(lic, &s), LS_OK);
    CHECK(s == NULL);
    ls_license_free(lic);
    ls_license *checked = NULL;
    CHECK_STATUS(ls_check(client, req, &checked), LS_OK);
    ls_license_free(checked);
    CHECK_STATUS(ls_deactivate(client, req), LS_OK);
    ls_request_free(req);
}

static void test_user_and_sso(void) {
    ls_client *client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    identity_flow(client, LS_FIELD_USERNAME, "alice@example.com", LS_FIELD_PASSWORD, "alice-password",
                  "alice@example.com");
    identity_flow(client, LS_FIELD_ID_TOKEN, "sso-id-token-alice", LS_FIELD_CUSTOMER_ACCOUNT_CODE,
                  "demo-corp", "alice@example.com");
    identity_flow(client, LS_FIELD_CODE, "sso-code-bob", LS_FIELD_CUSTOMER_ACCOUNT_CODE, "demo-corp",
                  "bob@example.com");
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
        expect_activate(client, req, cases[i].status, cases[i].code);
        CHECK(ls_last_error_http_status() == 400);
        ls_request_free(req);
    }

    unique_hw(hw, sizeof hw, "err");
    ls_request *req = key_request("no-such-product", "X", hw);
    expect_activate(client, req, LS_ERR_UNKNOWN_PRODUCT, "unknown_product");
    ls_request_free(req);

    unique_hw(hw, sizeof hw, "vm");
    req = key_request("demo", "DEMO-NO-VM", hw);
    CHECK_STATUS(ls_request_set_is_vm(req, true), LS_OK);
    expect_activate(client, req, LS_ERR_VM_NOT_ALLOWED, "vm_not_allowed");
    ls_request_free(req);

    req = key_request("demo", "DEMO-1111-2222-3333", "blacklisted-device");
    expect_activate(client, req, LS_ERR_BLACKLISTED, "blacklisted");
    ls_request_free(req);

    /* One seat: the second device is refused. */
    unique_hw(hw, sizeof hw, "seat");
    ls_request *first = key_request("demo", "DEMO-SINGLE-SEAT", hw);
    ls_license *lic = NULL;
    CHECK_STATUS(ls_activate(client, first, &lic), LS_OK);
    ls_license_free(lic);
    unique_hw(hw, sizeof hw, "seat");
    req = key_request("demo", "DEMO-SINGLE-SEAT", hw);
    expect_activate(client, req, LS_ERR_LICENSE_ACTIVATED_MAX_TIMES, "license_activated_max_times");
    ls_request_free(req);
    CHECK_STATUS(ls_deactivate(client, first), LS_OK);
    ls_request_free(first);

    /* bob may activate once. */
    ls_request *bob[2];
    for (int i = 0; i < 2; i++) {
        unique_hw(hw, sizeof hw, "bob");
        CHECK_STATUS(ls_request_new(&bob[i]), LS_OK);
        ls_request_set(bob[i], LS_FIELD_PRODUCT, "demo-user");
        ls_request_set(bob[i], LS_FIELD_HARDWARE_ID, hw);
        ls_request_set(bob[i], LS_FIELD_USERNAME, "bob@example.com");
        ls_request_set(bob[i], LS_FIELD_PASSWORD, "bob-password");
    }
    lic = NULL;
    CHECK_STATUS(ls_activate(client, bob[0], &lic), LS_OK);
    ls_license_free(lic);
    expect_activate(client, bob[1], LS_ERR_LICENSE_USER_ACTIVATED_MAX_TIMES, "license_user_activated_max_times");
    CHECK_STATUS(ls_deactivate(client, bob[0]), LS_OK);
    ls_request_free(bob[0]);
    ls_request_free(bob[1]);

    /* max_transfers 1: A, B (a transfer), then C is refused. */
    for (int i = 0; i < 2; i++) {
        unique_hw(hw, sizeof hw, "xfer");
        req = key_request("demo", "DEMO-NO-TRANSFER", hw);
        lic = NULL;
        CHECK_STATUS(ls_activate(client, req, &lic), LS_OK);
        ls_license_free(lic);
        CHECK_STATUS(ls_deactivate(client, req), LS_OK);
        ls_request_free(req);
    }
    unique_hw(hw, sizeof hw, "xfer");
    req = key_request("demo", "DEMO-NO-TRANSFER", hw);
    expect_activate(client, req, LS_ERR_LICENSE_TRANSFERRED_MAX_TIMES, "license_transferred_max_times");
    ls_request_free(req);

    /* Requests refused before sending. */
    CHECK_STATUS(ls_request_new(&req), LS_OK);
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "");
    CHECK(strstr(ls_last_error_message(), "product") != NULL);
    ls_request_set(req, LS_FIELD_PRODUCT, "demo");
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "");
    CHECK(strstr(ls_last_error_message(), "hardware_id") != NULL);
    ls_request_set(req, LS_FIELD_HARDWARE_ID, "hw");
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "");
    CHECK(strstr(ls_last_error_message(), "identity") != NULL);
    ls_request_set(req, LS_FIELD_ID_TOKEN, "t");
    ls_request_set(req, LS_FIELD_CODE, "c");
    ls_request_set(req, LS_FIELD_CUSTOMER_ACCOUNT_CODE, "demo-corp");
    expect_activate(client, req, LS_ERR_INVALID_ARGUMENT, "");
    CHECK(strstr(ls_last_error_message(), "id_token and code") != NULL);
    CHECK(ls_last_error_http_status() == 0);
    ls_request_free(req);
    ls_client_free(client);

    /* Authorization and verification. */
    unique_hw(hw, sizeof hw, "auth");
    req = key_request("demo", "DEMO-1111-2222-3333", hw);
    client = make_client("demo-api-key", "wrong-shared-key", public_key_pem);
    expect_activate(client, req, LS_ERR_SIGNATURE_MISMATCH, "signature_mismatch");
    CHECK(strstr(ls_last_error_message(), "wrong-shared-key") == NULL);
    ls_client_free(client);
    client = make_client("no-such-api-key", "demo-shared-key", public_key_pem);
    expect_activate(client, req, LS_ERR_INVALID_API_KEY, "invalid_api_key");
    CHECK(ls_last_error_http_status() == 401);
    ls_client_free(client);
    client = make_client("demo-api-key", "demo-shared-key", NULL); /* vendor key: cannot verify */
    expect_activate(client, req, LS_ERR_SIGNATURE_INVALID, "");
    CHECK(ls_status_category(ls_last_error_status()) == LS_CATEGORY_VERIFICATION);
    ls_client_free(client);
    ls_request_free(req);

    /* Transport: nothing listens on port 9 of loopback. */
    ls_config *cfg = NULL;
    CHECK_STATUS(ls_config_new("k", "s", &cfg), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, "http://127.0.0.1:9"), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client), LS_OK);
    ls_config_free(cfg);
    req = key_request("demo", "K", "hw");
    expect_activate(client, req, LS_ERR_CONNECT, "");
    CHECK(ls_last_error_http_status() == 0);
    ls_request_free(req);
    ls_client_free(client);
}

/* Hostile caller: 1 MB strings everywhere a string goes; nothing crashes or leaks. */
static void test_huge_strings(void) {
    size_t size = 1024 * 1024;
    char *huge = malloc(size + 1);
    memset(huge, 'a', size);
    huge[size] = 0;
    ls_config *cfg = NULL;
    CHECK_STATUS(ls_config_new(huge, huge, &cfg), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, huge), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_public_key_pem(cfg, huge), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_app_version(cfg, huge), LS_OK);
    ls_status proxy_status = ls_config_set_proxy(cfg, huge); /* a 1 MB host name: kept or refused */
    CHECK(proxy_status == LS_OK || proxy_status == LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_config_set_base_url(cfg, base_url), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg), LS_OK);
    ls_client *client = NULL;
    CHECK_STATUS(ls_client_new(cfg, &client), LS_OK);
    ls_config_free(cfg);
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req), LS_OK);
    for (uint32_t f = LS_FIELD_PRODUCT; f <= LS_FIELD_MAC_ADDRESS; f++)
        CHECK_STATUS(ls_request_set(req, f, huge), LS_OK);
    CHECK_STATUS(ls_request_set_variable(req, huge, huge), LS_OK);
    ls_request_set(req, LS_FIELD_ID_TOKEN, "");
    ls_request_set(req, LS_FIELD_CODE, "");
    ls_request_set(req, LS_FIELD_USERNAME, "");
    ls_request_set(req, LS_FIELD_PASSWORD, "");
    ls_request_set(req, LS_FIELD_CUSTOMER_ACCOUNT_CODE, "");
    /* The server refuses a 17 MB body; the client reports it and stays usable. */
    ls_license *lic = NULL;
    ls_status s = ls_activate(client, req, &lic);
    CHECK(s != LS_OK); /* 413, 431 or a reset connection, depending on when the server gives up */
    CHECK(lic == NULL);
    ls_request_free(req);
    ls_client_free(client);
    free(huge);
}

/* A server that hangs up in the middle of a large request: it reads the start, sends FIN, waits
 * a moment, then closes with data unread, which resets the connection. Its small receive buffer
 * (set on the listener) keeps the client's 4 MB body from fitting into the socket buffers, so
 * the client is still writing into the half-closed connection and gets EPIPE. SIGPIPE keeps its
 * default action (terminate) in this C program, so the process survives only if the library
 * keeps the signal away from it. */
static void *closing_server(void *arg) {
    int listener = *(int *)arg;
    char buf[4096];
    for (;;) {
        int conn = accept(listener, NULL, NULL);
        if (conn < 0) return NULL;
        (void)!read(conn, buf, sizeof buf);
        shutdown(conn, SHUT_WR);
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
        close(conn);
    }
}

static void test_server_closing_mid_request_does_not_kill_the_process(void) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int small = 8 * 1024;
    CHECK(setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0);
    CHECK(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(listener, 16) == 0);
    CHECK(getsockname(listener, (struct sockaddr *)&addr, &len) == 0);
    pthread_t server;
    pthread_create(&server, NULL, closing_server, &listener);

    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(addr.sin_port));
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    CHECK_STATUS(ls_config_new("k", "s", &cfg), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, url), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg), LS_OK);
    CHECK_STATUS(ls_client_new(cfg, &client), LS_OK);
    ls_config_free(cfg);
    size_t size = 4 * 1024 * 1024;
    char *big = malloc(size + 1);
    memset(big, 'b', size);
    big[size] = 0;
    ls_request *req = key_request("demo", "K", "hw");
    CHECK_STATUS(ls_request_set(req, LS_FIELD_VM_INFO, big), LS_OK);
    for (int i = 0; i < 5; i++) {
        ls_license *lic = NULL;
        ls_status st = ls_activate(client, req, &lic);
        CHECK(st == LS_ERR_NETWORK || st == LS_ERR_CONNECT);
        CHECK(lic == NULL);
    }
    ls_request_free(req);
    ls_client_free(client);
    free(big);
    shutdown(listener, SHUT_RDWR);
    close(listener);
    pthread_join(server, NULL);
}

enum { THREADS = 16, CALLS_PER_THREAD = 8 };
static ls_client *shared_client;
static int thread_failures;

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        char hw[64];
        snprintf(hw, sizeof hw, "c-thread-%d-%d-%d", (int)getpid(), id, i);
        ls_request *req = NULL;
        ls_license *lic = NULL;
        const char *key = NULL;
        int ok = ls_request_new(&req) == LS_OK &&
                 ls_request_set(req, LS_FIELD_PRODUCT, "demo") == LS_OK &&
                 ls_request_set(req, LS_FIELD_HARDWARE_ID, hw) == LS_OK &&
                 ls_request_set(req, LS_FIELD_LICENSE_KEY, "DEMO-UNLIMITED") == LS_OK &&
                 ls_activate(shared_client, req, &lic) == LS_OK &&
                 ls_license_key(lic, &key) == LS_OK && strcmp(key, "DEMO-UNLIMITED") == 0 &&
                 ls_deactivate(shared_client, req) == LS_OK;
        if (!ok) {
            fprintf(stderr, "thread %d call %d: %s %s\n", id, i, ls_status_name(ls_last_error_status()),
                    ls_last_error_message());
            __atomic_fetch_add(&thread_failures, 1, __ATOMIC_SEQ_CST);
        }
        ls_license_free(lic);
        ls_request_free(req);
    }
    return NULL;
}

static void test_threads_share_one_client(void) {
    shared_client = make_client("demo-api-key", "demo-shared-key", public_key_pem);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    CHECK(thread_failures == 0);
    ls_client_free(shared_client);
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s <emulator base URL> <emulator public key PEM file> [quick]\n", argv[0]);
        return 2;
    }
    base_url = argv[1];
    public_key_pem = read_file(argv[2]);
    if (!public_key_pem) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    test_static_functions();
    test_null_and_utf8_arguments();
    test_key_based_flow();
    test_user_and_sso();
    test_server_errors();
    if (argc == 3) { /* "quick" (under valgrind) skips the slow ones; the sanitizer run has them */
        test_threads_share_one_client();
        test_huge_strings();
        test_server_closing_mid_request_does_not_kill_the_process();
    }
    free(public_key_pem);
    printf("c-abi: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
