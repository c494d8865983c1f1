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

/* Prints a failed call's detail, frees it and returns 1. */
static int fail(const char *what, ls_error *error) {
    fprintf(stderr, "%s failed: %s (%s): %s [server code '%s', HTTP %d]\n", what,
            ls_status_name(error->status), ls_status_description(error->status), error->message,
            error->server_code, error->http_status);
    ls_error_free(error);
    return 1;
}

/* One field as text, for printing. */
static const char *text(const ls_result *r, ls_field field, char *buf, size_t size) {
    ls_value v;
    if (ls_result_get(r, field, &v, NULL) != LS_OK) return "?";
    switch (v.value_type) {
    case LS_VALUE_STRING: return v.string;
    case LS_VALUE_BOOL: return v.integer ? "yes" : "no";
    case LS_VALUE_INT:
    case LS_VALUE_LIST: snprintf(buf, size, "%lld", (long long)v.integer); return buf;
    default: return "(none)";
    }
}

static void print_license(const char *title, const ls_result *lic) {
    char b[10][32];
    printf("%s\n  id %s, key %s, type %s\n  active %s, enabled %s, expired %s, expires %s\n"
           "  activations %s of %s, customer %s\n  features:",
           title, text(lic, LS_LICENSE_ID, b[0], 32), text(lic, LS_LICENSE_KEY, b[1], 32),
           text(lic, LS_LICENSE_TYPE, b[2], 32), text(lic, LS_LICENSE_ACTIVE, b[3], 32),
           text(lic, LS_LICENSE_ENABLED, b[4], 32), text(lic, LS_LICENSE_EXPIRED, b[5], 32),
           text(lic, LS_LICENSE_VALIDITY_PERIOD, b[6], 32), text(lic, LS_LICENSE_TIMES_ACTIVATED, b[7], 32),
           text(lic, LS_LICENSE_MAX_ACTIVATIONS, b[8], 32), text(lic, LS_LICENSE_CUSTOMER_EMAIL, b[9], 32));
    ls_value features;
    ls_result_get(lic, LS_LICENSE_FEATURES, &features, NULL);
    for (int64_t i = 0; i < features.integer; i++) {
        const ls_result *feature = NULL;
        ls_result_item(lic, LS_LICENSE_FEATURES, (size_t)i, &feature, NULL);
        printf(" %s (%s)", text(feature, LS_FEATURE_CODE, b[2], 32), text(feature, LS_FEATURE_NAME, b[3], 32));
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
    ls_result *license = NULL;
    char *hardware_id = NULL;
    ls_error *e = NULL;
    int rc = 1;

    if (ls_config_new("demo-api-key", "demo-shared-key", &config, &e)) { rc = fail("config", e); goto done; }
    if (ls_config_set_base_url(config, argv[1], &e)) { rc = fail("base URL", e); goto done; }
    if (ls_config_set_public_key_pem(config, pem, &e)) { rc = fail("public key", e); goto done; }
    if (ls_config_set_app_version(config, "demo 1.0", &e)) { rc = fail("app version", e); goto done; }
    if (ls_client_new(config, &client, &e)) { rc = fail("client", e); goto done; }
    if (ls_hardware_id(LS_HARDWARE_ID_DEFAULT, &hardware_id, &e)) { rc = fail("hardware ID", e); goto done; }
    printf("hardware ID of this machine: %s\n", hardware_id);

    if (ls_request_new(&request, &e)) { rc = fail("request", e); goto done; }
    if (ls_request_set_string(request, LS_PARAM_PRODUCT, "demo", &e) ||
        ls_request_set_string(request, LS_PARAM_HARDWARE_ID, hardware_id, &e) ||
        ls_request_set_string(request, LS_PARAM_LICENSE_KEY, license_key, &e) ||
        ls_request_set_string(request, LS_PARAM_OS_HOSTNAME, "demo-host", &e)) {
        rc = fail("request parameters", e);
        goto done;
    }

    if (ls_activate(client, request, NULL, &license, &e)) { rc = fail("activate", e); goto done; }
    print_license("activated (response signature verified):", license);
    ls_result_free(license);
    license = NULL;

    if (ls_check(client, request, NULL, &license, &e)) { rc = fail("check", e); goto done; }
    print_license("checked:", license);

    if (ls_deactivate(client, request, NULL, &e)) { rc = fail("deactivate", e); goto done; }
    printf("deactivated\n");

    /* What a failure looks like: the device is no longer activated. */
    ls_status s = ls_deactivate(client, request, NULL, &e);
    printf("deactivating again: %s, server code '%s', HTTP %d: %s\n", ls_status_name(s),
           e ? e->server_code : "", e ? e->http_status : 0, e ? e->message : "");
    rc = s == LS_ERR_DEVICE_NOT_FOUND ? 0 : 1;
    ls_error_free(e);

done:
    ls_result_free(license);
    ls_request_free(request);
    ls_string_free(hardware_id);
    ls_client_free(client);
    ls_config_free(config);
    free(pem);
    return rc;
}
