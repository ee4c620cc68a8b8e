// The one JSON reader for what clients send.
#include "strict_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parley {
namespace {

TEST(StrictJson, ReadsWhatBoostReads) {
    const auto v = parse_strict_json(R"( {"a":[1,-2,3.5,true,null,"x\u00e9"],"b":{"c":{}}} )");
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, boost::json::parse(R"({"a":[1,-2,3.5,true,null,"xé"],"b":{"c":{}}})"));
    EXPECT_EQ(*parse_strict_json("[]"), boost::json::array{});
}

TEST(StrictJson, RefusesAKeyNamedTwiceAtAnyDepth) {
    EXPECT_EQ(parse_strict_json(R"({"text":"a","text":"b"})").error(), json_refusal::duplicate_key);
    EXPECT_EQ(parse_strict_json(R"({"x":[{"k":1,"j":2,"k":3}]})").error(),
              json_refusal::duplicate_key);
    EXPECT_EQ(parse_strict_json(R"({"t\u0065xt":"a","text":"b"})").error(),
              json_refusal::duplicate_key)
        << "an escaped spelling of the same key";
    EXPECT_TRUE(parse_strict_json(R"({"a":{"k":1},"b":{"k":2}})")) << "siblings may share keys";
}

TEST(StrictJson, RefusesWhatIsNotOneJsonDocument) {
    for (const char* text : {"", "{", "{\"a\":1} x", "{\"a\":1}{}", "{'a':1}", "\xff", "[1,]"})
        EXPECT_EQ(parse_strict_json(text).error(), json_refusal::malformed) << text;
    EXPECT_TRUE(parse_strict_json("{\"a\":1} \n")) << "trailing white space is allowed";
}

}  // namespace
}  // namespace parley
