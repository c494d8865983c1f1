// Second translation unit including licensespring.hpp (see odr_a.cpp); also holds the tests.
#include <gtest/gtest.h>
#include <licensespring.hpp>

#include <string>

std::string odr_a_status_name();
const void* odr_a_check_abi_address();
bool odr_a_request_works();
int odr_c_deferred_status();

TEST(Odr, TwoTranslationUnitsShareTheInlineDefinitions) {
  EXPECT_EQ(odr_a_status_name(), std::string(licensespring::status_name(LS_ERR_TIMEOUT)));
  EXPECT_EQ(odr_a_check_abi_address(), reinterpret_cast<const void*>(&licensespring::detail::check_abi));
  EXPECT_TRUE(odr_a_request_works());
  licensespring::Request request;
  request.product("demo");
  EXPECT_FALSE(request.is_closed());
}

TEST(Odr, ModesWithAndWithoutExceptionsShareOneProgram) {
  EXPECT_EQ(odr_c_deferred_status(), LS_ERR_NULL_ARGUMENT);
  licensespring::Request request;
  EXPECT_THROW(request.product(nullptr), licensespring::InvalidArgumentError);
}
