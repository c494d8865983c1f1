/* A Windows program built the MSVC way against licensespring.dll: compiled for
 * x86_64-pc-windows-msvc, linked by an MSVC-compatible linker (lld-link) with the import library
 * licensespring.lib that `lib /def:licensespring.def` makes (here llvm-lib), then run.
 * See scripts/cross/test-msvc-link.sh.
 *
 * There is no Windows SDK or MSVC runtime on the Linux machine that builds it, so this program
 * uses no C runtime: it declares the four kernel32 functions it needs and has its own entry
 * point. Reads LS_BASE_URL and LS_PUBLIC_KEY_PEM from the environment; activates, reads and
 * deactivates a license against ls-emulator; prints "msvc-link: N passed, N failed". */
#include "licensespring.h"

#define IMPORT __declspec(dllimport)
IMPORT void *__stdcall GetStdHandle(unsigned long which);
IMPORT int __stdcall WriteFile(void *file, const void *data, unsigned long size,
                               unsigned long *written, void *overlapped);
IMPORT unsigned long __stdcall GetEnvironmentVariableA(const char *name, char *value,
                                                       unsigned long size);
IMPORT __declspec(noreturn) void __stdcall ExitProcess(unsigned code);

static int passed, failed;

static unsigned long length(const char *s) {
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

static int equal(const char *a, const char *b) {
    if (!a || !b) return 0;
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static void print(const char *s) {
    unsigned long written;
    WriteFile(GetStdHandle((unsigned long)-11 /* STD_OUTPUT_HANDLE */), s, length(s), &written, 0);
}

static void print_int(int n) {
    char buf[16];
    int i = sizeof buf - 1;
    buf[i] = 0;
    do buf[--i] = (char)('0' + n % 10); while ((n /= 10) > 0);
    print(buf + i);
}

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        print("CHECK failed: ");
        print(what);
        print("\n");
    }
}

static char base_url[256];
static char public_key[4096];

void start(void) {
    check(GetEnvironmentVariableA("LS_BASE_URL", base_url, sizeof base_url) > 0, "LS_BASE_URL set");
    check(GetEnvironmentVariableA("LS_PUBLIC_KEY_PEM", public_key, sizeof public_key) > 0,
          "LS_PUBLIC_KEY_PEM set");
    check(ls_abi_version() == LS_ABI_VERSION, "ls_abi_version() == LS_ABI_VERSION");
    check(equal(ls_status_name(LS_ERR_LICENSE_EXPIRED), "LS_ERR_LICENSE_EXPIRED"), "ls_status_name");

    /* A failing call hands back an error object, released by the library. */
    ls_config *cfg = 0;
    ls_error *err = 0;
    check(ls_config_new("", "s", &cfg, &err) == LS_ERR_INVALID_ARGUMENT, "empty api key refused");
    check(err && equal(err->message, "api_key must not be empty"), "error message");
    ls_error_free(err);
    err = 0;

    check(ls_config_new("demo-api-key", "demo-shared-key", &cfg, &err) == LS_OK, "ls_config_new");
    check(ls_config_set_base_url(cfg, base_url, &err) == LS_OK, "ls_config_set_base_url");
    check(ls_config_disable_proxy(cfg, &err) == LS_OK, "ls_config_disable_proxy");
    check(ls_config_set_public_key_pem(cfg, public_key, &err) == LS_OK, "ls_config_set_public_key_pem");
    ls_client *client = 0;
    check(ls_client_new(cfg, &client, &err) == LS_OK, "ls_client_new");
    ls_config_free(cfg);

    /* This machine's hardware ID (on Windows: the registry and WMI, through their APIs). */
    char *hw = 0;
    check(ls_hardware_id(LS_HARDWARE_ID_DEFAULT, &hw, &err) == LS_OK && hw && length(hw) == 64,
          "ls_hardware_id");
    ls_request *req = 0;
    check(ls_request_new(&req, &err) == LS_OK, "ls_request_new");
    check(ls_request_set_string(req, LS_PARAM_PRODUCT, "demo", &err) == LS_OK, "product");
    check(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &err) == LS_OK, "hardware id");
    check(ls_request_set_string(req, LS_PARAM_LICENSE_KEY, "DEMO-UNLIMITED", &err) == LS_OK, "key");
    ls_string_free(hw);

    ls_result *lic = 0;
    ls_status st = ls_activate(client, req, 0, &lic, &err);
    check(st == LS_OK, "ls_activate");
    if (st != LS_OK && err) {
        print(ls_status_name(err->status));
        print(": ");
        print(err->message);
        print("\n");
    }
    ls_value key = {LS_VALUE_NULL, 0, 0};
    check(lic && ls_result_get(lic, LS_LICENSE_KEY, &key, &err) == LS_OK &&
              key.value_type == LS_VALUE_STRING && equal(key.string, "DEMO-UNLIMITED"),
          "license key read back");
    ls_result_free(lic);
    check(ls_deactivate(client, req, 0, &err) == LS_OK, "ls_deactivate");
    ls_error_free(err);
    ls_request_free(req);
    ls_client_free(client);

    print("msvc-link: ");
    print_int(passed);
    print(" passed, ");
    print_int(failed);
    print(" failed\n");
    ExitProcess(failed == 0 ? 0 : 1);
}
