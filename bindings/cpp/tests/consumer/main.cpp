// Built against the installed package; needs no server: builds a client and reads versions.
#include <licensespring.hpp>

#include <iostream>

int main() {
  licensespring::Result<licensespring::Client> client =
      licensespring::Client::create(licensespring::Config{"api-key", "shared-key"});
  if (!client) {
    std::cerr << client.error().to_string() << "\n";
    return 1;
  }
  std::cout << "consumer: licensespring " << licensespring::version() << " ABI " << licensespring::abi_version()
            << "\n";
  return licensespring::abi_version() == licensespring::kAbiVersion ? 0 : 1;
}
