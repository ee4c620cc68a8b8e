// GET /search: the caller's rooms only, any script, the matched parts marked.
#include "api/api_test.hpp"

namespace parley::testing {
namespace {

using Search = api_test;

std::string url_encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

TEST_F(Search, FindsTheCallersMessagesWithTheMatchesMarked) {
    auto shared = server.create_group(alice, "Shared");
    ASSERT_EQ(
        call(bob, "POST", "/groups/" + std::to_string(shared) + "/members", {{"username", "bob"}})
            .status,
        201);
    auto secret = server.create_group(alice, "Secret", true);
    append_all(server.log(), {{shared, alice.id, "alice", "Lunch? LUNCH! 🍜 lunch", 1},
                              {shared, bob.id, "bob", "Обед в час, обед", 2},
                              {secret, alice.id, "alice", "secret lunch", 3}});

    auto r = call(bob, "GET", "/search?q=lunch");
    ASSERT_EQ(r.status, 200) << r.raw_body;
    const auto& results = r.body.at("results").as_array();
    ASSERT_EQ(results.size(), 1u) << "never another room's messages";
    const auto& hit = results[0];
    EXPECT_EQ(hit.at("text").as_string(), "Lunch? LUNCH! 🍜 lunch");
    EXPECT_EQ(hit.at("roomId").as_int64(), shared);
    EXPECT_EQ(hit.at("roomName").as_string(), "Shared");
    EXPECT_EQ(hit.at("roomKind").as_string(), "group");
    // Offsets in UTF-16 code units: the noodle emoji counts two.
    EXPECT_EQ(boost::json::serialize(hit.at("matches")), "[[0,5],[7,12],[17,22]]");
    EXPECT_FALSE(r.body.at("hasMore").as_bool());

    auto cyrillic = call(bob, "GET", "/search?q=" + url_encode("обед"));
    ASSERT_EQ(cyrillic.status, 200);
    ASSERT_EQ(cyrillic.body.at("results").as_array().size(), 1u);
    EXPECT_EQ(boost::json::serialize(cyrillic.body.at("results").at(0).at("matches")),
              "[[0,4],[12,16]]")
        << "Cyrillic matched ignoring case";

    EXPECT_EQ(call(alice, "GET", "/search?q=lunch&roomId=" + std::to_string(secret))
                  .body.at("results")
                  .as_array()
                  .size(),
              1u);
    auto hidden = call(bob, "GET", "/search?q=lunch&roomId=" + std::to_string(secret));
    EXPECT_EQ(hidden.status, 404) << "a private room looks missing";
    EXPECT_EQ(call(bob, "GET", "/search?q=%20%20").status, 400);
    EXPECT_EQ(call(bob, "GET", "/search").status, 400);
    EXPECT_EQ(call(bob, "GET", "/search?q=" + std::string(201, 'a')).status, 400);
    EXPECT_EQ(call(bob, "GET", "/search?q=a&limit=51").status, 400);
    EXPECT_EQ(http_call(server.port(), "GET", "/search?q=lunch", nullptr, "").status, 401);
}

}  // namespace
}  // namespace parley::testing
