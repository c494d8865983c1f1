/* The reference for the wrapper benchmarks: N ls_activate calls through the C ABI, plain C
 * (activate, read the license id, free the result).
 * Env: BENCH_URL, BENCH_PUBKEY (PEM path), BENCH_N, BENCH_WARMUP. Prints one RESULT line. */
#include "licensespring.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static ls_error *err;

static void must(ls_status st, const char *what) {
    if (st != LS_OK) {
        fprintf(stderr, "%s: %d %s\n", what, (int)st, err ? err->message : "");
        exit(1);
    }
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    buf[n] = 0;
    fclose(f);
    return buf;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void one(const ls_client *client, const ls_request *request) {
    ls_result *license = NULL;
    must(ls_activate(client, request, NULL, &license, &err), "ls_activate");
    ls_value id;
    must(ls_result_get(license, LS_LICENSE_ID, &id, &err), "ls_result_get");
    if (id.integer != 1749538876210079LL) { fprintf(stderr, "unexpected id\n"); exit(1); }
    ls_result_free(license);
}

int main(void) {
    const char *url = getenv("BENCH_URL");
    const char *pub = getenv("BENCH_PUBKEY");
    long n = getenv("BENCH_N") ? atol(getenv("BENCH_N")) : 2000;
    long warmup = getenv("BENCH_WARMUP") ? atol(getenv("BENCH_WARMUP")) : 200;
    if (!url || !pub) { fprintf(stderr, "BENCH_URL and BENCH_PUBKEY are required\n"); return 2; }
    char *pem = slurp(pub);
    ls_config *config = NULL;
    must(ls_config_new("bench-api-key", "bench-shared-key", &config, &err), "ls_config_new");
    must(ls_config_set_base_url(config, url, &err), "set_base_url");
    must(ls_config_disable_proxy(config, &err), "disable_proxy");
    must(ls_config_set_public_key_pem(config, pem, &err), "set_public_key_pem");
    ls_client *client = NULL;
    must(ls_client_new(config, &client, &err), "ls_client_new");
    ls_config_free(config);
    ls_request *request = NULL;
    must(ls_request_new(&request, &err), "ls_request_new");
    must(ls_request_set_string(request, LS_PARAM_PRODUCT, "bench", &err), "product");
    must(ls_request_set_string(request, LS_PARAM_HARDWARE_ID, "bench-hardware-id-0001", &err), "hardware_id");
    must(ls_request_set_string(request, LS_PARAM_LICENSE_KEY, "BENCH-AAAA-BBBB-CCCC", &err), "license_key");
    for (long i = 0; i < warmup; i++) one(client, request);
    double t0 = now_s();
    for (long i = 0; i < n; i++) one(client, request);
    double dt = now_s() - t0;
    printf("RESULT wrapper lang=c calls=%ld us_per_call=%.1f calls_per_s=%.0f\n", n, dt * 1e6 / (double)n, (double)n / dt);
    ls_request_free(request);
    ls_client_free(client);
    free(pem);
    return 0;
}
