/*
 * Prints the vendor generator's hardware IDs for algorithms 0-4 on this (Windows) machine.
 *
 * Usage: vendor_windows.exe PATH\TO\hardware_id_generator.dll
 *
 * Loads the vendor's native library from its win_amd64 PyPI wheel with LoadLibrary and prints
 * one line per algorithm, in the format of vendor_linux.py:
 *
 *     vendor <algorithm> ok <id> <before-hash string, escaped>
 *     vendor <algorithm> err - <the generator's last log line, escaped>
 *
 * Algorithm 5 (cloud platforms) contacts cloud metadata addresses and is never called.
 * Built with mingw by compare-windows.sh and run under Wine.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

typedef const char *(*get_hardware_id_fn)(int algorithm);
typedef char **(*get_logs_fn)(int *count);
typedef const char *(*get_version_fn)(void);

static const char BEFORE[] = "Hardware ID before hash: ";

static void print_escaped(const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\\') fputs("\\\\", stdout);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c == '\r') fputs("\\r", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 0x20 || c == 0x7f) printf("\\x%02x", c);
    else putchar(c);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s hardware_id_generator.dll\n", argv[0]);
    return 2;
  }
  HMODULE lib = LoadLibraryA(argv[1]);
  if (!lib) {
    fprintf(stderr, "cannot load %s (error %lu)\n", argv[1], GetLastError());
    return 1;
  }
  get_hardware_id_fn get_hardware_id = (get_hardware_id_fn)(void *)GetProcAddress(lib, "get_hardware_id");
  get_logs_fn get_logs = (get_logs_fn)(void *)GetProcAddress(lib, "get_logs");
  get_version_fn get_version = (get_version_fn)(void *)GetProcAddress(lib, "get_version");
  if (!get_hardware_id || !get_logs || !get_version) {
    fprintf(stderr, "%s lacks get_hardware_id, get_logs or get_version\n", argv[1]);
    return 1;
  }
  printf("vendor version %s\n", get_version());
  for (int algorithm = 0; algorithm <= 4; algorithm++) { /* never 5 */
    const char *id = get_hardware_id(algorithm);
    int count = 0;
    char **logs = get_logs(&count);
    const char *source = "";
    for (int i = 0; i < count; i++) {
      printf("vendor-log %d ", algorithm);
      print_escaped(logs[i]);
      putchar('\n');
      const char *at = strstr(logs[i], BEFORE);
      if (at) source = at + strlen(BEFORE);
    }
    if (id && *id) {
      printf("vendor %d ok %s ", algorithm, id);
      print_escaped(source);
    } else {
      printf("vendor %d err - ", algorithm);
      print_escaped(count > 0 ? logs[count - 1] : "no logs");
    }
    putchar('\n');
    fflush(stdout);
  }
  return 0;
}
