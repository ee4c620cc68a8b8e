#include "api/origin_policy.hpp"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(OriginPolicy, NoOriginIsNotABrowserAndMayConnect) {
    EXPECT_TRUE(origin_allowed("", "localhost:3000", {}));
}

TEST(OriginPolicy, OwnOriginMayConnect) {
    EXPECT_TRUE(origin_allowed("http://localhost:3000", "localhost:3000", {}));
    EXPECT_TRUE(origin_allowed("http://LOCALHOST:3000", "localhost:3000", {}));
    EXPECT_TRUE(origin_allowed("https://chat.example.com", "chat.example.com:443", {}));
    EXPECT_TRUE(origin_allowed("http://chat.example.com:80", "chat.example.com", {}));
}

TEST(OriginPolicy, OtherSitesMayNot) {
    EXPECT_FALSE(origin_allowed("http://evil.example", "localhost:3000", {}));
    EXPECT_FALSE(origin_allowed("http://localhost:3001", "localhost:3000", {}));
    EXPECT_FALSE(origin_allowed("null", "localhost:3000", {}));
    EXPECT_FALSE(origin_allowed("file://x", "localhost:3000", {}));
    EXPECT_FALSE(origin_allowed("http://localhost:3000", "", {}));
}

TEST(OriginPolicy, ListedOriginsMayConnect) {
    EXPECT_TRUE(
        origin_allowed("https://app.example.com", "api.example.com", {"https://app.example.com"}));
    EXPECT_FALSE(origin_allowed("https://app.example.com.evil", "api.example.com",
                                {"https://app.example.com"}));
}

}  // namespace
}  // namespace parley::api
