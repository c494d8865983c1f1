#include <licensespring.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <string>

int main() {
  using namespace std::chrono_literals;
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  licensespring::Config config{"demo-api-key", "demo-shared-key"};
  config.base_url = env("LICENSESPRING_BASE_URL");
  std::ostringstream pem;
  pem << std::ifstream(env("LS_EMULATOR_PUBLIC_KEY")).rdbuf();
  config.public_key_pem = pem.str();
  config.connect_timeout = 2s;  // any std::chrono duration; unset ones keep the core's defaults
  config.total_timeout = 7500ms;
  const licensespring::Client client(config);

  licensespring::Request request;
  request.product("demo").hardware_id(env("HARDWARE_ID")).license_key("DEMO-1111-2222-3333");
  licensespring::Cancel cancel;  // trigger() from any thread stops the calls given it
  std::future<licensespring::License> pending = client.activate_async(request, cancel);
  if (pending.wait_for(5s) != std::future_status::ready) cancel.trigger();  // give up after 5 s
  try {
    std::cout << "activated license " << pending.get().id() << "\n";
    cancel.trigger();  // a triggered handle fails every later call given it at once
    client.check(request, cancel);
  } catch (const licensespring::CancelledError& e) {
    std::cout << "cancelled: " << e.status_name() << "\n";
  }
  client.deactivate_async(request).get();  // no Cancel: not cancellable
  std::cout << "deactivated\n";
}
