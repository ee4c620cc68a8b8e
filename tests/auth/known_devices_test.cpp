#include "auth/known_devices.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

TEST(KnownDevices, ATokenIsKnownOnlyToItsAccountUnderItsPasswordHash) {
    const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    const auto token = new_device_token(7, hash);
    const auto id = known_device_id(token, 7, hash);
    ASSERT_TRUE(id);
    EXPECT_EQ(token.substr(0, token.find('.')), *id);
    EXPECT_NE(new_device_token(7, hash), token) << "each device gets its own id";
    EXPECT_FALSE(known_device_id(token, 8, hash)) << "another account's";
    EXPECT_FALSE(known_device_id(token, 7, hash + "x")) << "an older password's";
    for (const auto& bad :
         std::vector<std::string>{"", ".", "abc", token + "A", "x" + token, token.substr(1)})
        EXPECT_FALSE(known_device_id(bad, 7, hash)) << bad;
}

}  // namespace
}  // namespace parley::auth
