/* Thin portability layer for the C tests: threads, sleeping, a monotonic clock, the process id,
 * temporary folders and TCP sockets, on POSIX (pthreads, BSD sockets) and on Windows (Win32
 * threads, Winsock 2).
 * Only what the tests use; every function is static inline so each test includes it alone.
 * Call port_init() once at the start of main (it starts Winsock on Windows). Include it first;
 * on POSIX build with -D_GNU_SOURCE (or _XOPEN_SOURCE 700) under -std=c11, as the test scripts
 * do, for nanosleep, clock_gettime, mkdtemp and nftw. */
#ifndef LICENSESPRING_TESTS_PORTABLE_H
#define LICENSESPRING_TESTS_PORTABLE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include <ftw.h>
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

/* ---- temporary folders --------------------------------------------------------------------- */

/* Creates a new, empty folder named <prefix>-<something unique> in the system's temporary folder
 * (/tmp on POSIX, GetTempPath on Windows) and returns its path (free it), or NULL. */
static inline char *port_make_temp_folder(const char *prefix) {
#ifdef _WIN32
    char base[MAX_PATH + 1];
    DWORD n = GetTempPathA(sizeof base, base);
    if (n == 0 || n > sizeof base) return NULL;
    static volatile LONG counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        char path[MAX_PATH + 64];
        snprintf(path, sizeof path, "%s%s-%lu-%ld-%lu", base, prefix,
                 (unsigned long)GetCurrentProcessId(), (long)InterlockedIncrement(&counter),
                 (unsigned long)GetTickCount());
        if (CreateDirectoryA(path, NULL)) return _strdup(path);
        if (GetLastError() != ERROR_ALREADY_EXISTS) return NULL;
    }
    return NULL;
#else
    size_t size = strlen(prefix) + sizeof "/tmp/-XXXXXX";
    char *path = malloc(size);
    if (!path) return NULL;
    snprintf(path, size, "/tmp/%s-XXXXXX", prefix);
    if (mkdtemp(path) == NULL) {
        free(path);
        return NULL;
    }
    return path;
#endif
}

#ifndef _WIN32
static inline int port_remove_entry_(const char *path, const struct stat *sb, int flag,
                                     struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}
#endif

/* Removes a folder and everything in it (symbolic links are removed, not followed). Returns 0
 * on success. */
static inline int port_remove_tree(const char *path) {
#ifdef _WIN32
    char pattern[MAX_PATH + 8];
    snprintf(pattern, sizeof pattern, "%s\\*", path);
    WIN32_FIND_DATAA found;
    HANDLE h = FindFirstFileA(pattern, &found);
    int rc = 0;
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (strcmp(found.cFileName, ".") == 0 || strcmp(found.cFileName, "..") == 0) continue;
            char child[MAX_PATH + 8];
            snprintf(child, sizeof child, "%s\\%s", path, found.cFileName);
            DWORD attributes = found.dwFileAttributes;
            if ((attributes & FILE_ATTRIBUTE_DIRECTORY) &&
                !(attributes & FILE_ATTRIBUTE_REPARSE_POINT)) {
                if (port_remove_tree(child) != 0) rc = -1;
            } else if (attributes & FILE_ATTRIBUTE_DIRECTORY) { /* a junction: not followed */
                if (!RemoveDirectoryA(child)) rc = -1;
            } else {
                SetFileAttributesA(child, FILE_ATTRIBUTE_NORMAL);
                if (!DeleteFileA(child)) rc = -1;
            }
        } while (FindNextFileA(h, &found));
        FindClose(h);
    }
    if (!RemoveDirectoryA(path)) rc = -1;
    return rc;
#else
    return nftw(path, port_remove_entry_, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
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
