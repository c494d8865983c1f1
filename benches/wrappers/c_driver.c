/* The reference for the wrapper benchmarks (run by paired.py): ls_activate calls through the C
 * ABI, plain C (activate, read the license id, free the result): figure c. And the same calls each
 * handed to a worker thread while this thread waits for it (a mutex and two condition variables):
 * figure c-hop, what any caller that keeps its own thread free (a Promise, a Task, a future) pays
 * in C too. Prints `READY c c-hop`, then answers each stdin line `<figure> <count>` with the
 * nanoseconds those calls took and the CPU nanoseconds this process used meanwhile.
 * Env: BENCH_URL, BENCH_PUBKEY (PEM path), BENCH_WARMUP. */
#include "licensespring.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
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

/* CPU time of this process (all its threads), in seconds. */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* The worker of lang=c-hop: runs one call per job, for as long as jobs come. */
static pthread_mutex_t hop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hop_job = PTHREAD_COND_INITIALIZER, hop_done = PTHREAD_COND_INITIALIZER;
static long hop_posted, hop_finished;
static const ls_client *hop_client;
static const ls_request *hop_request;

static void *hop_worker(void *unused) {
    (void)unused;
    pthread_mutex_lock(&hop_lock);
    for (;;) {
        while (hop_posted == hop_finished) pthread_cond_wait(&hop_job, &hop_lock);
        if (hop_posted < 0) break;
        pthread_mutex_unlock(&hop_lock);
        one(hop_client, hop_request);
        pthread_mutex_lock(&hop_lock);
        hop_finished++;
        pthread_cond_signal(&hop_done);
    }
    pthread_mutex_unlock(&hop_lock);
    return NULL;
}

static void hop_one(void) {
    pthread_mutex_lock(&hop_lock);
    long want = ++hop_posted;
    pthread_cond_signal(&hop_job);
    while (hop_finished < want) pthread_cond_wait(&hop_done, &hop_lock);
    pthread_mutex_unlock(&hop_lock);
}

int main(void) {
    const char *url = getenv("BENCH_URL");
    const char *pub = getenv("BENCH_PUBKEY");
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
    hop_client = client;
    hop_request = request;
    pthread_t worker;
    if (pthread_create(&worker, NULL, hop_worker, NULL) != 0) { fprintf(stderr, "pthread_create\n"); return 1; }
    for (long i = 0; i < warmup; i++) one(client, request);
    for (long i = 0; i < warmup; i++) hop_one();
    printf("READY c c-hop\n");
    fflush(stdout);
    char line[128], figure[64];
    long count;
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "%63s %ld", figure, &count) != 2) { fprintf(stderr, "bad command: %s", line); return 2; }
        int hop = strcmp(figure, "c-hop") == 0;
        if (!hop && strcmp(figure, "c") != 0) { fprintf(stderr, "unknown figure %s\n", figure); return 2; }
        double t0 = now_s(), c0 = cpu_s();
        for (long i = 0; i < count; i++) {
            if (hop) hop_one(); else one(client, request);
        }
        printf("%.0f %.0f\n", (now_s() - t0) * 1e9, (cpu_s() - c0) * 1e9);
        fflush(stdout);
    }
    pthread_mutex_lock(&hop_lock);
    hop_posted = -1;
    pthread_cond_signal(&hop_job);
    pthread_mutex_unlock(&hop_lock);
    pthread_join(worker, NULL);
    ls_request_free(request);
    ls_client_free(client);
    free(pem);
    return 0;
}
