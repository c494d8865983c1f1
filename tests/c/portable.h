/* Thin portability layer for the C tests: threads, sleeping, a monotonic clock, the process id
 * and TCP sockets, on POSIX (pthreads, BSD sockets) and on Windows (Win32 threads, Winsock 2).
 * Only what the tests use; every function is static inline so each test includes it alone.
 * Call port_init() once at the start of main (it starts Winsock on Windows). Include it first;
 * on POSIX build with -D_GNU_SOURCE (or _POSIX_C_SOURCE 200809L) under -std=c11, as the test
 * scripts do, for nanosleep and clock_gettime. */
#ifndef LICENSESPRING_TESTS_PORTABLE_H
#define LICENSESPRING_TESTS_PORTABLE_H

#include <stdint.h>
#include <stdlib.h>

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h> /* before windows.h */
#include <ws2tcpip.h>
#include <windows.h>
#include <process.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#endif

/* ---- start-up ------------------------------------------------------------------------------ */

/* Returns 0 on success. */
static inline int port_init(void) {
#ifdef _WIN32
    WSADATA wsa;
    return WSAStartup(MAKEWORD(2, 2), &wsa) == 0 ? 0 : -1;
#else
    return 0;
#endif
}

static inline void port_cleanup(void) {
#ifdef _WIN32
    WSACleanup();
#endif
}

/* ---- threads ------------------------------------------------------------------------------- */

typedef void *(*port_thread_fn)(void *);

#ifdef _WIN32
/* A started thread: its handle, what it runs, and what it returned. Owned jointly by the thread
 * and its starter until one of them lets go last (join, or detach plus the thread's end). */
struct port_thread_state {
    HANDLE handle;
    port_thread_fn fn;
    void *arg;
    void *result;
    volatile LONG refs;
};
typedef struct port_thread_state *port_thread;

static inline void port_thread_release_(struct port_thread_state *s) {
    if (InterlockedDecrement(&s->refs) == 0) free(s);
}

static inline unsigned __stdcall port_thread_main_(void *p) {
    struct port_thread_state *s = p;
    s->result = s->fn(s->arg);
    port_thread_release_(s);
    return 0;
}

/* Returns 0 on success. */
static inline int port_thread_start(port_thread *t, port_thread_fn fn, void *arg) {
    struct port_thread_state *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->fn = fn;
    s->arg = arg;
    s->refs = 2;
    uintptr_t h = _beginthreadex(NULL, 0, port_thread_main_, s, 0, NULL);
    if (h == 0) {
        free(s);
        return -1;
    }
    s->handle = (HANDLE)h;
    *t = s;
    return 0;
}

/* Waits for the thread and returns what its function returned. */
static inline void *port_thread_join(port_thread t) {
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    void *result = t->result;
    port_thread_release_(t);
    return result;
}

static inline void port_thread_detach(port_thread t) {
    CloseHandle(t->handle);
    port_thread_release_(t);
}
#else
typedef pthread_t port_thread;

static inline int port_thread_start(port_thread *t, port_thread_fn fn, void *arg) {
    return pthread_create(t, NULL, fn, arg) == 0 ? 0 : -1;
}

static inline void *port_thread_join(port_thread t) {
    void *result = NULL;
    pthread_join(t, &result);
    return result;
}

static inline void port_thread_detach(port_thread t) { pthread_detach(t); }
#endif

/* ---- time and process ---------------------------------------------------------------------- */

static inline void port_sleep_ms(unsigned ms) {
#ifdef _WIN32
    Sleep(ms);
#else
    struct timespec pause = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000 * 1000};
    nanosleep(&pause, NULL);
#endif
}

/* Seconds on a monotonic clock (for measuring durations only). */
static inline double port_now_seconds(void) {
#ifdef _WIN32
    LARGE_INTEGER count, frequency;
    QueryPerformanceCounter(&count);
    QueryPerformanceFrequency(&frequency);
    return (double)count.QuadPart / (double)frequency.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
#endif
}

static inline int port_getpid(void) {
#ifdef _WIN32
    return (int)GetCurrentProcessId();
#else
    return (int)getpid();
#endif
}

/* ---- TCP sockets --------------------------------------------------------------------------- */

#ifdef _WIN32
typedef SOCKET port_socket;
typedef int port_socklen;
#define PORT_INVALID_SOCKET INVALID_SOCKET
#define PORT_SHUT_WR SD_SEND
#define PORT_SHUT_RDWR SD_BOTH
#else
typedef int port_socket;
typedef socklen_t port_socklen;
#define PORT_INVALID_SOCKET (-1)
#define PORT_SHUT_WR SHUT_WR
#define PORT_SHUT_RDWR SHUT_RDWR
#endif

/* A socket carried through a thread's void * argument and back. */
static inline void *port_socket_to_ptr(port_socket s) { return (void *)(uintptr_t)s; }
static inline port_socket port_socket_from_ptr(void *p) { return (port_socket)(uintptr_t)p; }

/* Bytes received (> 0), 0 at the peer's end of stream, < 0 on an error. */
static inline long port_recv(port_socket s, char *buf, size_t size) {
#ifdef _WIN32
    return recv(s, buf, (int)size, 0);
#else
    return (long)recv(s, buf, size, 0);
#endif
}

static inline int port_setsockopt_int(port_socket s, int level, int name, int value) {
    return setsockopt(s, level, name, (const char *)&value, (port_socklen)sizeof value);
}

static inline void port_close_socket(port_socket s) {
#ifdef _WIN32
    closesocket(s);
#else
    close(s);
#endif
}

#endif
