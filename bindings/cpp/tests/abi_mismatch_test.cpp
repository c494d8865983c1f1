// Runs with tests/abi_shim.cpp interposing ls_abi_version (LS_ABI_VERSION + 98).
#include <gtest/gtest.h>
#include <licensespring.hpp>

#include <string>

namespace ls = licensespring;

TEST(AbiCheck, ClientConstructionRefusesAnotherAbiVersion) {
  const std::uint32_t found = LS_ABI_VERSION + 98;
  ASSERT_EQ(ls::abi_version(), found);
  const std::string names_found = "has ABI version " + std::to_string(found);
  const std::string names_expected = "expects ABI version " + std::to_string(LS_ABI_VERSION);
  try {
    ls::Client client(ls::Config{"demo-api-key", "demo-shared-key"});
    FAIL() << "a client was built over a library of another ABI version";
  } catch (const ls::AbiMismatchError& e) {
    EXPECT_NE(std::string(e.what()).find(names_found), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(names_expected), std::string::npos) << e.what();
  }
  const ls::Result<ls::Client> result = ls::Client::create(ls::Config{"demo-api-key", "demo-shared-key"});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find(names_found), std::string::npos) << result.error().message;
}
