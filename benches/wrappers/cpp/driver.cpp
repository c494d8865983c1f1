// Activations through the C++ wrapper (bindings/cpp/include/licensespring.hpp, header-only, its
// public API as its example shows), linked against the release shared library: figure cpp, and
// cpp-async, the same through activate_async(request).get(), one call after another. Served to
// paired.py (READY, then `<figure> <count>` lines answered with wall and CPU nanoseconds).
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP.
#include <licensespring.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

int main() {
  auto env = [](const char* name, const char* def) {
    const char* v = std::getenv(name);
    return std::string(v ? v : def);
  };
  long warmup = std::stol(env("BENCH_WARMUP", "200"));
  licensespring::Config config{"bench-api-key", "bench-shared-key"};
  config.base_url = env("BENCH_URL", "");
  config.disable_proxy = true;
  std::ostringstream pem;
  pem << std::ifstream(env("BENCH_PUBKEY", "")).rdbuf();
  config.public_key_pem = pem.str();
  licensespring::Client client(config);
  licensespring::Request request;
  request.product("bench").hardware_id("bench-hardware-id-0001").license_key("BENCH-AAAA-BBBB-CCCC");
  auto use = [](const licensespring::License& license) {
    if (license.id() != 1749538876210079LL) throw std::runtime_error("unexpected id");
  };
  auto one = [&] { use(client.activate(request)); };
  auto one_async = [&] { use(client.activate_async(request).get()); };
  for (long i = 0; i < warmup; i++) one();
  for (long i = 0; i < warmup; i++) one_async();
  std::printf("READY cpp cpp-async\n");
  std::fflush(stdout);
  std::string figure;
  long count;
  while (std::cin >> figure >> count) {
    if (figure != "cpp" && figure != "cpp-async") throw std::runtime_error("unknown figure " + figure);
    bool async = figure == "cpp-async";
    auto cpu = [] {
      timespec ts;
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
      return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
    };
    long long c0 = cpu();
    auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < count; i++) {
      if (async)
        one_async();
      else
        one();
    }
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%lld %lld\n", static_cast<long long>(ns), cpu() - c0);
    std::fflush(stdout);
  }
}
