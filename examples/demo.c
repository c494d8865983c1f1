/* The README demo: activate, print, check and deactivate a license through the C ABI.
 * Usage: demo <base URL> <public key PEM file> [license key] */
#include "licensespring.h"

#include <stdio.h>
#include <stdlib.h>

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    buf[fread(buf, 1, (size_t)n, f)] = 0;
    fclose(f);
    return buf;
}

/* Prints the failure's detail and returns 1. */
static int fail(const char *what, ls_status status) {
    fprintf(stderr, "%s failed: %s (%s): %s [server code '%s', HTTP %d]\n", what,
            ls_status_name(status), ls_status_description(status), ls_last_error_message(),
            ls_last_error_code(), ls_last_error_http_status());
    return 1;
}

static void print_license(const char *title, const ls_license *lic) {
    int64_t id = 0, times = 0, max = 0;
    const char *key = NULL, *type = NULL, *expiry = NULL, *email = NULL;
    bool active = false, enabled = false, expired = false;
    size_t features = 0;
    ls_license_id(lic, &id);
    ls_license_key(lic, &key);
    ls_license_type(lic, &type);
    ls_license_is_active(lic, &active);
    ls_license_is_enabled(lic, &enabled);
    ls_license_is_expired(lic, &expired);
    ls_license_validity_period(lic, &expiry);
    ls_license_times_activated(lic, &times);
    ls_license_max_activations(lic, &max);
    ls_license_customer_email(lic, &email);
    ls_license_feature_count(lic, &features);
    printf("%s\n  id %lld, key %s, type %s\n  active %s, enabled %s, expired %s, expires %s\n"
           "  activations %lld of %lld, customer %s\n  features:",
           title, (long long)id, key ? key : "(none)", type ? type : "?", active ? "yes" : "no",
           enabled ? "yes" : "no", expired ? "yes" : "no", expiry ? expiry : "never", (long long)times,
           (long long)max, email ? email : "(none)");
    for (size_t i = 0; i < features; i++) {
        const char *code = NULL, *name = NULL;
        ls_license_feature_code(lic, i, &code);
        ls_license_feature_name(lic, i, &name);
        printf(" %s (%s)", code, name);
    }
    printf("\n");
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s <base URL> <public key PEM file> [license key]\n", argv[0]);
        return 2;
    }
    const char *license_key = argc > 3 ? argv[3] : "DEMO-1111-2222-3333";
    char *pem = read_file(argv[2]);
    if (!pem) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    printf("licensespring %s (ABI %u) against %s\n", ls_version(), ls_abi_version(), argv[1]);

    ls_config *config = NULL;
    ls_client *client = NULL;
    ls_request *request = NULL;
    ls_license *license = NULL;
    char *hardware_id = NULL;
    ls_status s;
    int rc = 1;

    if ((s = ls_config_new("demo-api-key", "demo-shared-key", &config)) != LS_OK) { rc = fail("config", s); goto done; }
    if ((s = ls_config_set_base_url(config, argv[1])) != LS_OK) { rc = fail("base URL", s); goto done; }
    if ((s = ls_config_set_public_key_pem(config, pem)) != LS_OK) { rc = fail("public key", s); goto done; }
    if ((s = ls_config_set_app_version(config, "demo 1.0")) != LS_OK) { rc = fail("app version", s); goto done; }
    if ((s = ls_client_new(config, &client)) != LS_OK) { rc = fail("client", s); goto done; }
    if ((s = ls_hardware_id(&hardware_id)) != LS_OK) { rc = fail("hardware ID", s); goto done; }
    printf("hardware ID of this machine: %s\n", hardware_id);

    if ((s = ls_request_new(&request)) != LS_OK) { rc = fail("request", s); goto done; }
    ls_request_set(request, LS_FIELD_PRODUCT, "demo");
    ls_request_set(request, LS_FIELD_HARDWARE_ID, hardware_id);
    ls_request_set(request, LS_FIELD_LICENSE_KEY, license_key);
    ls_request_set(request, LS_FIELD_OS_HOSTNAME, "demo-host");

    if ((s = ls_activate(client, request, &license)) != LS_OK) { rc = fail("activate", s); goto done; }
    print_license("activated (response signature verified):", license);
    ls_license_free(license);
    license = NULL;

    if ((s = ls_check(client, request, &license)) != LS_OK) { rc = fail("check", s); goto done; }
    print_license("checked:", license);

    if ((s = ls_deactivate(client, request)) != LS_OK) { rc = fail("deactivate", s); goto done; }
    printf("deactivated\n");

    /* What a failure looks like: the device is no longer activated. */
    s = ls_deactivate(client, request);
    printf("deactivating again: %s, server code '%s', HTTP %d: %s\n", ls_status_name(s),
           ls_last_error_code(), ls_last_error_http_status(), ls_last_error_message());
    rc = s == LS_ERR_DEVICE_NOT_FOUND ? 0 : 1;

done:
    ls_license_free(license);
    ls_request_free(request);
    ls_string_free(hardware_id);
    ls_client_free(client);
    ls_config_free(config);
    free(pem);
    return rc;
}
