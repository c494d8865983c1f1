#include <licensespring.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main() {
  auto env = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  licensespring::Config config{"demo-api-key", "demo-shared-key"};
  config.base_url = env("LICENSESPRING_BASE_URL");  // e.g. a local ls-emulator
  std::ostringstream pem;
  pem << std::ifstream(env("LS_EMULATOR_PUBLIC_KEY")).rdbuf();
  config.public_key_pem = pem.str();
  licensespring::Client client(config);

  licensespring::Request request;
  request.product("demo").hardware_id(env("HARDWARE_ID")).license_key("DEMO-1111-2222-3333");
  try {
    licensespring::License license = client.activate(request);
    std::cout << "activated license " << license.id() << " (" << license.type().value_or("?") << ")\n";
    for (const auto& feature : license.features()) std::cout << "feature: " << feature.code() << "\n";
    client.deactivate(request);
  } catch (const licensespring::Error& e) {  // or a subclass: LicenseError, NetworkError, ...
    std::cerr << "failed: " << e.what() << (e.is_license() ? " (license refused)" : "") << "\n";
    return 1;
  }
}
