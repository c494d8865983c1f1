/* C ABI tests of the local license store (ls_store_*), against a running ls-emulator (demo seed).
 * Usage: test_store <emulator base URL> <emulator public key PEM file> [quick]
 * Prints one line per failed check and a final "N passed, N failed" line. */
#include "portable.h" /* first: on Windows, winsock2.h must precede anything including windows.h */

#include "licensespring.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;
static const char *base_url;
static char *public_key_pem;
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
static const char *DEAD_URL = "http://127.0.0.1:9";

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = 0;
    if (len) *len = got;
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static void unique_hw(char *buf, size_t size, const char *tag) {
    static int counter;
    snprintf(buf, size, "c-store-%s-%d-%d", tag, port_getpid(),
             __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST));
}

static ls_client *make_client(const char *url, int verify) {
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    CHECK_STATUS(ls_config_new("demo-api-key", "demo-shared-key", &cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_base_url(cfg, url, &err), LS_OK);
    CHECK_STATUS(ls_config_disable_proxy(cfg, &err), LS_OK);
    CHECK_STATUS(ls_config_set_connect_timeout(cfg, 2.0, &err), LS_OK);
    if (verify) {
        CHECK_STATUS(ls_config_set_public_key_pem(cfg, public_key_pem, &err), LS_OK);
    } else {
        CHECK_STATUS(ls_config_disable_signature_verification(cfg, &err), LS_OK);
    }
    CHECK_STATUS(ls_client_new(cfg, &client, &err), LS_OK);
    ls_config_free(cfg);
    return client;
}

static ls_request *make_request(const char *hw, const char *key) {
    ls_request *req = NULL;
    CHECK_STATUS(ls_request_new(&req, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_PRODUCT, "demo", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &err), LS_OK);
    if (key) CHECK_STATUS(ls_request_set_string(req, LS_PARAM_LICENSE_KEY, key, &err), LS_OK);
    return req;
}

static ls_store *make_store(const char *folder) {
    ls_store *store = NULL;
    CHECK_STATUS(ls_store_new(folder, "demo", &store, &err), LS_OK);
    return store;
}

static char *temp_folder(void) {
    char *folder = port_make_temp_folder("ls-c-store");
    CHECK(folder != NULL);
    if (!folder) {
        fprintf(stderr, "cannot create a temporary folder\n");
        exit(2);
    }
    return folder;
}

static void remove_folder(const char *folder) { CHECK(port_remove_tree(folder) == 0); }

static void test_tables_and_layout(void) {
    CHECK(strcmp(ls_status_name(LS_ERR_CLOCK_TAMPERED), "LS_ERR_CLOCK_TAMPERED") == 0);
    CHECK(ls_status_category(LS_ERR_LICENSE_FILE_TAMPERED) == LS_CATEGORY_TAMPERING);
    CHECK(ls_status_category(LS_ERR_HARDWARE_ID_MISMATCH) == LS_CATEGORY_TAMPERING);
    CHECK(ls_status_category(LS_ERR_STORE_DISK_FULL) == LS_CATEGORY_STORAGE);
    CHECK(ls_status_category(LS_ERR_GRACE_PERIOD_EXPIRED) == LS_CATEGORY_NETWORK);
    CHECK(ls_status_category(LS_ERR_NO_STORED_LICENSE) == LS_CATEGORY_LICENSE);
    CHECK(strlen(ls_status_description(LS_ERR_STORE_READ_ONLY)) > 10);
    /* ls_abi_describe states the struct's layout; it must match this compiler's. */
    const char *d = ls_abi_describe();
    char expect[256];
    /* Keys come sorted: {"align":..,"fields":[..],"name":"ls_store_state","size":..}. */
    const char *at = strstr(d, "\"name\":\"ls_store_state\"");
    CHECK(at != NULL);
    if (at) {
        snprintf(expect, sizeof expect, "\"name\":\"ls_store_state\",\"size\":%zu}",
                 sizeof(ls_store_state));
        CHECK(strncmp(at, expect, strlen(expect)) == 0);
        const char *start = at;
        while (start > d && strncmp(start, "{\"align\"", 9) != 0) start--;
        size_t object_len = (size_t)(at - start);
        char *object = malloc(object_len + 1);
        memcpy(object, start, object_len);
        object[object_len] = 0;
        char field[128];
        snprintf(field, sizeof field, "{\"name\":\"save_status\",\"offset\":%zu}",
                 offsetof(ls_store_state, save_status));
        CHECK(strstr(object, field) != NULL);
        snprintf(field, sizeof field, "{\"name\":\"offline_activated\",\"offset\":%zu}",
                 offsetof(ls_store_state, offline_activated));
        CHECK(strstr(object, field) != NULL);
        snprintf(field, sizeof field, "{\"name\":\"grace_end\",\"offset\":%zu}",
                 offsetof(ls_store_state, grace_end));
        CHECK(strstr(object, field) != NULL);
        free(object);
    }
    CHECK(sizeof(ls_store_state) == 72);
}

static void test_null_and_utf8_arguments(void) {
    ls_store *store = (ls_store *)0x1;
    CHECK_STATUS(ls_store_new(NULL, NULL, &store, &err), LS_ERR_NULL_ARGUMENT);
    CHECK(store == (ls_store *)0x1);
    CHECK_STATUS(ls_store_new("/tmp", BAD_UTF8, &store, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_store_new(BAD_UTF8, "demo", &store, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_store_new("/tmp", "", &store, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_store_new("", "demo", &store, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_store_new("/tmp", "demo", NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK(store == (ls_store *)0x1);
    /* NULL folder: the per-user default. */
    store = NULL;
    CHECK_STATUS(ls_store_new(NULL, "demo", &store, &err), LS_OK);
    const char *path = NULL;
    CHECK_STATUS(ls_store_path(store, &path, &err), LS_OK);
#ifdef _WIN32
    CHECK(path && strstr(path, "\\LicenseSpring\\demo\\demo.lsstore") != NULL); /* %LOCALAPPDATA% */
#else
    CHECK(path && strstr(path, ".LicenseSpring/LicenseSpring/demo/demo.lsstore") != NULL);
#endif
    CHECK_STATUS(ls_store_path(store, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_path(NULL, &path, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_set_grace_hours(store, 100000, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_store_set_grace_hours(NULL, 1, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_set_time(store, -5, &err), LS_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(ls_store_set_time(NULL, 5, &err), LS_ERR_NULL_ARGUMENT);

    ls_client *client = make_client(DEAD_URL, 1);
    ls_request *req = make_request("c-null", NULL);
    ls_result *out = (ls_result *)0x1;
    ls_store_state state;
    memset(&state, 0x5a, sizeof state);
    ls_store_state untouched = state;
    CHECK_STATUS(ls_store_check_local(NULL, client, req, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_check_local(store, NULL, req, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_check_local(store, client, NULL, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_activate(store, NULL, req, NULL, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_check(store, client, NULL, NULL, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_license(NULL, client, req, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_add_local_consumption(store, NULL, req, 1, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_deactivate(store, client, NULL, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_remove(NULL, &err), LS_ERR_NULL_ARGUMENT);
    char *text = (char *)0x1;
    CHECK_STATUS(ls_store_offline_activation_request(store, client, req, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_offline_activation_request(store, NULL, req, &text, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_offline_activation_request_file(store, client, req, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_offline_activation_request_file(store, client, req, BAD_UTF8, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_store_offline_deactivation_request(store, client, req, NULL, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_offline_deactivation_request_file(NULL, client, req, "/tmp/x", &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_load_offline_license(store, client, req, NULL, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK_STATUS(ls_store_load_offline_license(store, client, req, BAD_UTF8, &out, &state, &err), LS_ERR_INVALID_UTF8);
    CHECK_STATUS(ls_store_load_offline_license_file(store, client, req, NULL, &out, &state, &err), LS_ERR_NULL_ARGUMENT);
    CHECK(text == (char *)0x1);
    CHECK(out == (ls_result *)0x1);
    CHECK(memcmp(&state, &untouched, sizeof state) == 0);
    /* The request's product must be the store's. */
    ls_request *other = NULL;
    CHECK_STATUS(ls_request_new(&other, &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(other, LS_PARAM_PRODUCT, "demo-user", &err), LS_OK);
    CHECK_STATUS(ls_request_set_string(other, LS_PARAM_HARDWARE_ID, "x", &err), LS_OK);
    CHECK_STATUS(ls_store_check_local(store, client, other, NULL, NULL, &err), LS_ERR_INVALID_ARGUMENT);
    ls_request_free(other);
    ls_request_free(req);
    ls_client_free(client);
    ls_store_free(store);
    ls_store_free(NULL);
}

static void test_activate_check_tamper_and_grace(void) {
    char *folder = temp_folder();
    char hw[128];
    unique_hw(hw, sizeof hw, "flow");
    ls_client *client = make_client(base_url, 1);
    ls_client *offline = make_client(DEAD_URL, 1);
    ls_request *req = make_request(hw, "DEMO-UNLIMITED");
    ls_request *bare = make_request(hw, NULL);
    ls_store *store = make_store(folder);

    ls_result *lic = NULL;
    ls_store_state st;
    CHECK_STATUS(ls_store_check_local(store, offline, bare, &lic, &st, &err), LS_ERR_NO_STORED_LICENSE);
    CHECK_STATUS(ls_store_activate(store, client, req, NULL, &lic, &st, &err), LS_OK);
    CHECK(lic != NULL && ls_result_kind(lic) == LS_KIND_LICENSE);
    CHECK(st.online == 1 && st.in_grace == 0 && st.save_status == LS_OK && st.last_check > 0);
    ls_result_free(lic);
    lic = NULL;

    /* A second handle (as after a restart), no network, no identity in the request. */
    ls_store *again = make_store(folder);
    CHECK_STATUS(ls_store_check_local(again, offline, bare, &lic, &st, &err), LS_OK);
    ls_value v;
    CHECK_STATUS(ls_result_get(lic, LS_LICENSE_KEY, &v, &err), LS_OK);
    CHECK(v.value_type == LS_VALUE_STRING && strcmp(v.string, "DEMO-UNLIMITED") == 0);
    CHECK(st.online == 0 && st.valid_until == 0 && st.grace_end == 0);
    ls_result_free(lic);
    lic = NULL;
    CHECK_STATUS(ls_store_check_local(again, offline, bare, NULL, NULL, &err), LS_OK);
    CHECK_STATUS(ls_store_license(again, offline, bare, NULL, &st, &err), LS_OK);

    /* Online check, then grace when the server is unreachable. */
    CHECK_STATUS(ls_store_check(again, client, bare, NULL, NULL, &st, &err), LS_OK);
    CHECK(st.online == 1);
    CHECK_STATUS(ls_store_check(again, offline, bare, NULL, NULL, &st, &err), LS_OK);
    CHECK(st.online == 0 && st.in_grace == 1 && st.grace_end > (int64_t)time(NULL) + 23 * 3600);
    CHECK_STATUS(ls_store_set_time(again, (int64_t)time(NULL) + 25 * 3600, &err), LS_OK);
    CHECK_STATUS(ls_store_check(again, offline, bare, NULL, NULL, &st, &err), LS_ERR_GRACE_PERIOD_EXPIRED);
    CHECK(err && strstr(err->message, "grace") != NULL);
    /* The clock set back a day. */
    CHECK_STATUS(ls_store_set_time(again, (int64_t)time(NULL) - 86400, &err), LS_OK);
    CHECK_STATUS(ls_store_check_local(again, offline, bare, NULL, NULL, &err), LS_ERR_CLOCK_TAMPERED);
    CHECK(ls_status_category(err->status) == LS_CATEGORY_TAMPERING);
    CHECK_STATUS(ls_store_set_time(again, 0, &err), LS_OK);
    CHECK_STATUS(ls_store_check(again, client, bare, NULL, NULL, &st, &err), LS_OK);
    CHECK(st.grace_start == 0);

    /* Another device reading the file. */
    ls_request *stranger = make_request("c-store-another-machine", NULL);
    CHECK_STATUS(ls_store_check_local(again, offline, stranger, NULL, NULL, &err), LS_ERR_HARDWARE_ID_MISMATCH);
    ls_request_free(stranger);

    /* Tampering: every 7th byte flipped, each read by a fresh handle. */
    const char *path = NULL;
    CHECK_STATUS(ls_store_path(again, &path, &err), LS_OK);
    size_t len = 0;
    char *bytes = read_file(path, &len);
    CHECK(bytes != NULL && len > 500);
    int tampered = 0, flips = 0;
    for (size_t i = 0; bytes && i < len; i += 7) {
        bytes[i] ^= 0x20;
        write_file(path, bytes, len);
        bytes[i] ^= 0x20;
        ls_store *fresh = make_store(folder);
        ls_result *sentinel = (ls_result *)0x1;
        ls_status s = ls_store_check_local(fresh, offline, bare, &sentinel, NULL, NULL);
        tampered += s == LS_ERR_LICENSE_FILE_TAMPERED && sentinel == (ls_result *)0x1;
        flips++;
        ls_store_free(fresh);
    }
    CHECK(flips > 50 && tampered == flips);
    write_file(path, "", 0);
    CHECK_STATUS(ls_store_check_local(again, offline, bare, NULL, NULL, &err), LS_ERR_LICENSE_FILE_TAMPERED);
    CHECK(err && strstr(err->message, "empty") != NULL);
    if (bytes) write_file(path, bytes, len);
    CHECK_STATUS(ls_store_check_local(again, offline, bare, NULL, NULL, &err), LS_OK);
    free(bytes);

    /* Deactivation removes it. */
    CHECK_STATUS(ls_store_deactivate(again, client, bare, NULL, &err), LS_OK);
    CHECK_STATUS(ls_store_check_local(again, offline, bare, NULL, NULL, &err), LS_ERR_NO_STORED_LICENSE);
    CHECK_STATUS(ls_store_remove(again, &err), LS_OK);

    ls_store_free(again);
    ls_store_free(store);
    ls_request_free(req);
    ls_request_free(bare);
    ls_client_free(client);
    ls_client_free(offline);
    remove_folder(folder);
    free(folder);
}

/* Decodes standard base64 (no white space) into a new NUL-terminated buffer. */
static char *b64decode(const char *in) {
    static const char *alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    size_t o = 0;
    unsigned buf = 0;
    int bits = 0;
    for (size_t i = 0; i < n && in[i] != '='; i++) {
        const char *p = strchr(alphabet, in[i]);
        if (!p || !in[i]) break;
        buf = (buf << 6) | (unsigned)(p - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((buf >> bits) & 0xff);
        }
    }
    out[o] = 0;
    return out;
}

/* Copies the string value of "key": "..." (Python-style separators) out of json. */
static void json_value(const char *json, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
    const char *at = strstr(json, pattern);
    out[0] = 0;
    if (!at) return;
    at += strlen(pattern);
    const char *end = strchr(at, '"');
    size_t n = (size_t)(end - at) < size - 1 ? (size_t)(end - at) : size - 1;
    memcpy(out, at, n);
    out[n] = 0;
}

/* A .lic for the pending request: the request file's own date and HMAC signature are exactly a
 * .lic's date and offline_signature (same identity, device and keys). Unsigned (RSA), so read
 * with a client that does not verify. */
static char *lic_for(const char *request_text, const char *hw) {
    char *inner = b64decode(request_text);
    char date[64], request_id[64], signature[128];
    json_value(inner, "date", date, sizeof date);
    json_value(inner, "request_id", request_id, sizeof request_id);
    json_value(inner, "signature", signature, sizeof signature);
    free(inner);
    char *lic = malloc(2048);
    snprintf(lic, 2048,
             "{\"id\":1010,\"license_key\":\"DEMO-UNLIMITED\",\"license_type\":\"perpetual\","
             "\"license_active\":true,\"license_enabled\":true,\"is_expired\":false,"
             "\"hardware_id\":\"%s\",\"product_details\":{\"short_code\":\"demo\"},"
             "\"request_id\":\"%s\",\"date\":\"%s\",\"offline_signature\":\"%s\"}",
             hw, request_id, date, signature);
    return lic;
}

static void test_offline_buffers_and_files(void) {
    char *folder = temp_folder();
    char hw[128];
    unique_hw(hw, sizeof hw, "offline");
    ls_client *client = make_client(DEAD_URL, 0);
    ls_request *req = make_request(hw, "DEMO-UNLIMITED");
    ls_request *bare = make_request(hw, NULL);
    ls_store *store = make_store(folder);

    char *text = NULL;
    CHECK_STATUS(ls_store_offline_activation_request(store, client, req, &text, &err), LS_OK);
    CHECK(text != NULL && strlen(text) > 100);
    char *lic = lic_for(text, hw);
    ls_result *out = NULL;
    ls_store_state st;
    CHECK_STATUS(ls_store_load_offline_license(store, client, bare, lic, &out, &st, &err), LS_OK);
    CHECK(out != NULL && st.offline_activated == 1 && st.online == 0);
    ls_result_free(out);
    CHECK_STATUS(ls_store_check_local(store, client, bare, NULL, &st, &err), LS_OK);
    CHECK(st.offline_activated == 1);
    /* Answered once only. */
    CHECK_STATUS(ls_store_load_offline_license(store, client, bare, lic, NULL, NULL, &err),
                 LS_ERR_OFFLINE_REQUEST_MISMATCH);
    free(lic);
    ls_string_free(text);

    /* A .lic edited to name another device no longer matches its HMAC; junk is no .lic. */
    CHECK_STATUS(ls_store_offline_activation_request(store, client, req, &text, &err), LS_OK);
    lic = lic_for(text, "c-store-someone-else");
    CHECK_STATUS(ls_store_load_offline_license(store, client, bare, lic, NULL, NULL, &err),
                 LS_ERR_SIGNATURE_INVALID);
    CHECK_STATUS(ls_store_load_offline_license(store, client, bare, "not a license", NULL, NULL, &err),
                 LS_ERR_OFFLINE_LICENSE_INVALID);
    free(lic);
    ls_string_free(text);

    /* Files. */
    char req_path[512], lic_path[512];
    snprintf(req_path, sizeof req_path, "%s/out/activate_offline.req", folder);
    snprintf(lic_path, sizeof lic_path, "%s/license.lic", folder);
    CHECK_STATUS(ls_store_offline_activation_request_file(store, client, req, req_path, &err), LS_OK);
    char *written = read_file(req_path, NULL);
    CHECK(written != NULL && written[strlen(written) - 1] == '\n');
    if (written) {
        written[strlen(written) - 1] = 0;
        lic = lic_for(written, hw);
        write_file(lic_path, lic, strlen(lic));
        free(lic);
        free(written);
    }
    CHECK_STATUS(ls_store_load_offline_license_file(store, client, bare, lic_path, NULL, &st, &err), LS_OK);
    CHECK(st.offline_activated == 1);
    snprintf(lic_path, sizeof lic_path, "%s/missing.lic", folder);
    CHECK_STATUS(ls_store_load_offline_license_file(store, client, bare, lic_path, NULL, NULL, &err),
                 LS_ERR_INVALID_ARGUMENT);

    /* Deactivation request: identity from the store; the license is given up here. */
    snprintf(req_path, sizeof req_path, "%s/deactivate_offline.req", folder);
    CHECK_STATUS(ls_store_offline_deactivation_request_file(store, client, bare, req_path, &err), LS_OK);
    written = read_file(req_path, NULL);
    CHECK(written != NULL);
    if (written) {
        written[strlen(written) - 1] = 0;
        char *inner = b64decode(written);
        CHECK(strstr(inner, "\"request\": \"deactivation\"") != NULL);
        CHECK(strstr(inner, "\"license_key\": \"DEMO-UNLIMITED\"") != NULL);
        free(inner);
        free(written);
    }
    CHECK_STATUS(ls_store_check_local(store, client, bare, NULL, NULL, &err), LS_ERR_NO_STORED_LICENSE);
    CHECK_STATUS(ls_store_offline_deactivation_request(store, client, bare, &text, &err),
                 LS_ERR_NO_STORED_LICENSE);

    ls_store_free(store);
    ls_request_free(req);
    ls_request_free(bare);
    ls_client_free(client);
    remove_folder(folder);
    free(folder);
}

struct shared {
    ls_store *store;
    ls_client *client;
    ls_request *req;
    int errors;
};

static void *checker(void *arg) {
    struct shared *s = arg;
    for (int i = 0; i < 200; i++) {
        ls_store_state st;
        if (ls_store_check_local(s->store, s->client, s->req, NULL, &st, NULL) != LS_OK ||
            ls_store_add_local_consumption(s->store, s->client, s->req, 1, &st, NULL) != LS_OK)
            __atomic_fetch_add(&s->errors, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

static void test_threads_share_one_store(void) {
    char *folder = temp_folder();
    char hw[128];
    unique_hw(hw, sizeof hw, "threads");
    ls_client *client = make_client(base_url, 1);
    ls_request *req = make_request(hw, "DEMO-UNLIMITED-CONSUMPTION");
    ls_store *store = make_store(folder);
    CHECK_STATUS(ls_store_activate(store, client, req, NULL, NULL, NULL, &err), LS_OK);
    struct shared s = {store, client, req, 0};
    port_thread threads[8];
    for (int i = 0; i < 8; i++) {
        if (port_thread_start(&threads[i], checker, &s) != 0) {
            fprintf(stderr, "cannot start a thread\n"); /* no check of the library */
            exit(2);
        }
    }
    for (int i = 0; i < 8; i++) port_thread_join(threads[i]);
    CHECK(s.errors == 0);
    ls_store_state st;
    ls_store *fresh = make_store(folder);
    CHECK_STATUS(ls_store_check_local(fresh, client, req, NULL, &st, &err), LS_OK);
    CHECK(st.local_consumptions == 1600);
    /* The next online check sends them. */
    CHECK_STATUS(ls_store_check(fresh, client, req, NULL, NULL, &st, &err), LS_OK);
    CHECK(st.local_consumptions == 0 && st.online == 1);
    ls_store_free(fresh);
    ls_store_free(store);
    ls_request_free(req);
    ls_client_free(client);
    remove_folder(folder);
    free(folder);
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s <emulator base URL> <emulator public key PEM file> [quick]\n", argv[0]);
        return 2;
    }
    if (port_init() != 0) {
        fprintf(stderr, "cannot initialise the platform layer\n");
        return 2;
    }
    base_url = argv[1];
    public_key_pem = read_file(argv[2], NULL);
    if (!public_key_pem) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    test_tables_and_layout();
    test_null_and_utf8_arguments();
    test_activate_check_tamper_and_grace();
    test_offline_buffers_and_files();
    if (argc == 3) test_threads_share_one_store();
    ls_error_free(err);
    free(public_key_pem);
    port_cleanup();
    printf("c-store: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
