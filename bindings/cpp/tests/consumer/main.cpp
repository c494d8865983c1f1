// A user's program, built against the installed package. Without arguments it needs no server:
// it builds a client and prints the versions. With `<base URL> <public key PEM file> <hardware ID>`
// it also activates and deactivates the demo license against that server (an ls-emulator).
#include <licensespring.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  licensespring::Config config{"demo-api-key", "demo-shared-key"};
  if (argc == 4) {
    config.base_url = argv[1];
    std::ostringstream pem;
    pem << std::ifstream(argv[2]).rdbuf();
    config.public_key_pem = pem.str();
  }
  licensespring::Result<licensespring::Client> client = licensespring::Client::create(config);
  if (!client) {
    std::cerr << client.error().to_string() << "\n";
    return 1;
  }
  std::cout << "consumer: licensespring " << licensespring::version() << " ABI " << licensespring::abi_version()
            << "\n";
  if (argc == 4) {
    licensespring::Request request;
    request.product("demo").hardware_id(argv[3]).license_key("DEMO-1111-2222-3333");
    const licensespring::Result<licensespring::License> license = client->try_activate(request);
    const licensespring::Result<void> released = client->try_deactivate(request);
    if (!license || !released) {
      std::cerr << (license ? released.error() : license.error()).to_string() << "\n";
      return 1;
    }
    std::cout << "activated and deactivated license " << license->id() << "\n";
  }
  return licensespring::abi_version() == licensespring::kAbiVersion ? 0 : 1;
}
