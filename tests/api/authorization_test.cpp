// A second user tries every route and request against the first user's private and direct
// rooms, by their ids and by guessing, and gets nothing.
#include <gtest/gtest.h>

#include "support/seed.hpp"
#include "support/test_server.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class Authorization : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        carol = server.signup("carol");
        mallory = server.signup("mallory");
        secret = server.create_group(alice, "secret", true);
        direct = http_call(server.port(), "POST", "/direct", {{"username", "carol"}}, alice.token)
                     .body.at("id")
                     .as_int64();
        auto a = server.connect(alice);
        for (auto room : {secret, direct}) {
            a->send_json({{"type", "join"}, {"roomId", room}});
            a->next_of("joined");
            a->send_json({{"type", "message"}, {"roomId", room}, {"text", "confidential"}});
            a->next_of("message");
        }
    }
    http_reply as_mallory(const std::string& method, const std::string& target,
                          const json::value& body = nullptr) {
        return http_call(server.port(), method, target, body, mallory.token);
    }

    test_server server;
    account alice, carol, mallory;
    store::id_t secret = 0, direct = 0;
};

TEST_F(Authorization, EveryRoomRouteAnswersAsIfTheRoomDidNotExist) {
    const auto missing = as_mallory("GET", "/groups/999999");
    ASSERT_EQ(missing.status, 404);
    for (auto room : {secret, direct}) {
        const std::string id = "/groups/" + std::to_string(room);
        const std::vector<std::tuple<std::string, std::string, json::value>> routes{
            {"GET", id, nullptr},
            {"PATCH", id, {{"name", "mine now"}}},
            {"DELETE", id, nullptr},
            {"GET", id + "/messages", nullptr},
            {"POST", id + "/members", {{"username", "mallory"}}},
            {"DELETE", id + "/members/alice", nullptr},
            {"DELETE", id + "/members/mallory", nullptr},
        };
        for (const auto& [method, target, body] : routes) {
            auto r = as_mallory(method, target, body);
            EXPECT_EQ(r.status, 404) << method << " " << target;
            EXPECT_EQ(r.raw_body, missing.raw_body)
                << method << " " << target << " leaks existence";
            EXPECT_EQ(r.raw_body.find("confidential"), std::string::npos);
        }
    }
    // Nothing changed.
    EXPECT_EQ(server.db().rooms().members(secret)->size(), 1u);
    EXPECT_EQ(server.db().rooms().members(direct)->size(), 2u);
    EXPECT_EQ(server.db().rooms().find_room(secret)->name, "secret");
}

TEST_F(Authorization, ListsShowNeitherRoom) {
    auto groups = as_mallory("GET", "/groups").body.at("groups").as_array();
    EXPECT_TRUE(groups.empty());
    EXPECT_TRUE(as_mallory("GET", "/groups?q=secret").body.at("groups").as_array().empty());
    EXPECT_TRUE(as_mallory("GET", "/direct").body.at("rooms").as_array().empty());
}

TEST_F(Authorization, GuessingSequentialIdsFindsNothing) {
    for (int id = 1; id <= 10; ++id) {
        EXPECT_EQ(as_mallory("GET", "/groups/" + std::to_string(id)).status, 404) << id;
        EXPECT_EQ(as_mallory("GET", "/groups/" + std::to_string(id) + "/messages").status, 404)
            << id;
    }
}

TEST_F(Authorization, TheWebSocketRefusesEveryRequest) {
    auto m = server.connect(mallory);
    m->send_json({{"type", "join"}, {"roomId", 987654}});
    const auto missing = m->next();
    ASSERT_TRUE(missing);
    for (auto room : {secret, direct}) {
        m->send_json({{"type", "join"}, {"roomId", room}});
        auto refused = m->next();
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->at("code"), missing->at("code")) << "ids must not be probeable";
        EXPECT_EQ(refused->at("message"), missing->at("message"));
        m->send_json({{"type", "list"}, {"roomId", room}});
        EXPECT_EQ(m->next()->at("code").as_string(), "not_joined");
        m->send_json({{"type", "message"}, {"roomId", room}, {"text", "hello?"}});
        EXPECT_EQ(m->next()->at("code").as_string(), "not_joined");
        m->send_json({{"type", "leave"}, {"roomId", room}});
    }
    EXPECT_FALSE(m->next(300ms)) << "mallory received something from a closed room";
    EXPECT_EQ(recent(server.log(), secret, 10).size(), 1u);
    EXPECT_EQ(recent(server.log(), direct, 10).size(), 1u);
}

TEST_F(Authorization, MembersStillGetIn) {
    EXPECT_EQ(
        http_call(server.port(), "GET", "/groups/" + std::to_string(direct), nullptr, carol.token)
            .status,
        200);
    auto c = server.connect(carol);
    c->send_json({{"type", "join"}, {"roomId", direct}});
    auto joined = c->next_of("joined");
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->at("history").as_array().size(), 1u);
}

}  // namespace
}  // namespace parley::testing
