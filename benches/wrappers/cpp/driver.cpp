// N activations through the C++ wrapper (bindings/cpp/include/licensespring.hpp, header-only,
// its public API as its example shows), linked against the release shared library.
// Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP. Prints one RESULT line.
#include <licensespring.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

int main() {
  auto env = [](const char* name, const char* def) {
    const char* v = std::getenv(name);
    return std::string(v ? v : def);
  };
  long n = std::stol(env("BENCH_N", "2000"));
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
  auto one = [&] {
    licensespring::License license = client.activate(request);
    if (license.id() != 1749538876210079LL) throw std::runtime_error("unexpected id");
  };
  for (long i = 0; i < warmup; i++) one();
  auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < n; i++) one();
  double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("RESULT wrapper lang=cpp calls=%ld us_per_call=%.1f calls_per_s=%.0f\n", n, dt * 1e6 / n, n / dt);
}
