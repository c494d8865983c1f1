/* The local license check through the C ABI (the release liblicensespring.so), for
 * benches/store/run.sh. Every figure is printed as a RESULT line.
 *
 *   store_bench setup <url> <pubkey.pem> <folder> <hw>   activate DEMO-UNLIMITED into the store
 *   store_bench cold  <url> <pubkey.pem> <folder> <hw>   one local check in this new process
 *   store_bench warm  <url> <pubkey.pem> <folder> <hw> N N local checks on one store handle
 *   store_bench fresh <url> <pubkey.pem> <folder> <hw> N N local checks, each on a new handle
 *                                                        (the file loaded, sealed and RSA-verified
 *                                                        every time)
 */
#include "licensespring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static void must(ls_status s, ls_error *e, const char *what) {
    if (s != LS_OK) {
        fprintf(stderr, "%s: %s %s\n", what, ls_status_name(s), e ? e->message : "");
        exit(1);
    }
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    double t0 = now_us();
    if (argc < 6) {
        fprintf(stderr, "usage: store_bench setup|cold|warm|fresh URL PUBKEY FOLDER HW [N]\n");
        return 2;
    }
    const char *mode = argv[1], *url = argv[2], *folder = argv[4], *hw = argv[5];
    long n = argc > 6 ? atol(argv[6]) : 1;
    FILE *f = fopen(argv[3], "rb");
    if (!f) return 2;
    static char pem[16384];
    pem[fread(pem, 1, sizeof pem - 1, f)] = 0;
    fclose(f);

    ls_error *e = NULL;
    ls_config *cfg = NULL;
    ls_client *client = NULL;
    ls_request *req = NULL;
    ls_store *store = NULL;
    must(ls_config_new("demo-api-key", "demo-shared-key", &cfg, &e), e, "config");
    must(ls_config_set_base_url(cfg, url, &e), e, "url");
    must(ls_config_set_public_key_pem(cfg, pem, &e), e, "key");
    must(ls_config_disable_proxy(cfg, &e), e, "proxy");
    must(ls_client_new(cfg, &client, &e), e, "client");
    ls_config_free(cfg);
    must(ls_request_new(&req, &e), e, "request");
    must(ls_request_set_string(req, LS_PARAM_PRODUCT, "demo", &e), e, "product");
    must(ls_request_set_string(req, LS_PARAM_HARDWARE_ID, hw, &e), e, "hw");
    must(ls_store_new(folder, "demo", &store, &e), e, "store");
    double t_ready = now_us();

    if (strcmp(mode, "setup") == 0) {
        must(ls_request_set_string(req, LS_PARAM_LICENSE_KEY, "DEMO-UNLIMITED", &e), e, "key");
        must(ls_store_activate(store, client, req, NULL, NULL, NULL, &e), e, "activate");
    } else if (strcmp(mode, "cold") == 0) {
        double t1 = now_us();
        ls_result *lic = NULL;
        must(ls_store_check_local(store, client, req, &lic, NULL, &e), e, "check_local");
        double t2 = now_us();
        ls_result_free(lic);
        printf("RESULT cold_first_check_us %.1f\n", t2 - t1);
        printf("RESULT cold_setup_us %.1f\n", t_ready - t0);
        printf("RESULT cold_in_process_us %.1f\n", t2 - t0);
    } else if (strcmp(mode, "warm") == 0 || strcmp(mode, "fresh") == 0) {
        int fresh = strcmp(mode, "fresh") == 0;
        double *times = malloc(sizeof(double) * (size_t)n);
        ls_result *lic = NULL;
        must(ls_store_check_local(store, client, req, &lic, NULL, &e), e, "first check");
        ls_result_free(lic);
        for (long i = 0; i < n; i++) {
            double a = now_us();
            ls_store *s = store;
            if (fresh) must(ls_store_new(folder, "demo", &s, &e), e, "store");
            must(ls_store_check_local(s, client, req, &lic, NULL, &e), e, "check_local");
            ls_result_free(lic);
            if (fresh) ls_store_free(s);
            times[i] = now_us() - a;
        }
        qsort(times, (size_t)n, sizeof(double), cmp);
        double sum = 0;
        for (long i = 0; i < n; i++) sum += times[i];
        printf("RESULT %s_median_us %.2f\n", mode, times[n / 2]);
        printf("RESULT %s_p99_us %.2f\n", mode, times[n * 99 / 100]);
        printf("RESULT %s_mean_us %.2f\n", mode, sum / (double)n);
        free(times);
    }
    ls_store_free(store);
    ls_request_free(req);
    ls_client_free(client);
    return 0;
}
