#include <gtest/gtest.h>

#include <future>

#include "api/api_test.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class Direct : public api_test {
  protected:
    http_reply open_direct(const account& who, const std::string& other) {
        return http_call(server.port(), "POST", "/direct", {{"username", other}}, who.token);
    }
};

TEST_F(Direct, SamePairGetsTheSameRoomWhicheverSideAsks) {
    auto first = open_direct(alice, "bob");
    ASSERT_EQ(first.status, 201) << first.raw_body;
    EXPECT_EQ(first.body.at("kind").as_string(), "direct");
    EXPECT_TRUE(first.body.at("private").as_bool());
    EXPECT_EQ(first.body.at("other").at("username").as_string(), "bob");
    auto second = open_direct(bob, "ALICE");
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.body.at("id"), first.body.at("id"));
    EXPECT_EQ(second.body.at("other").at("username").as_string(), "alice");
}

TEST_F(Direct, ConcurrentRequestsCreateOneRoom) {
    std::vector<std::future<http_reply>> replies;
    for (int i = 0; i < 8; ++i)
        replies.push_back(std::async(std::launch::async, [&, i] {
            return i % 2 ? open_direct(alice, "bob") : open_direct(bob, "alice");
        }));
    std::set<std::int64_t> ids;
    int created = 0;
    for (auto& f : replies) {
        auto r = f.get();
        ASSERT_TRUE(r.status == 200 || r.status == 201) << r.raw_body;
        created += r.status == 201;
        ids.insert(r.body.at("id").as_int64());
    }
    EXPECT_EQ(ids.size(), 1u);
    EXPECT_EQ(created, 1);
}

TEST_F(Direct, RejectsSelfAndUnknownUsers) {
    EXPECT_EQ(open_direct(alice, "alice").status, 400);
    EXPECT_EQ(open_direct(alice, "nobody").status, 404);
}

TEST_F(Direct, ListShowsTheOtherSideAndTheLastMessage) {
    auto room = open_direct(alice, "bob").body.at("id").as_int64();
    auto a = server.connect(alice);
    a->send_json({{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(a->next_of("joined"));
    a->send_json({{"type", "message"}, {"roomId", room}, {"text", "psst"}});
    ASSERT_TRUE(a->next_of("message"));
    auto rooms =
        http_call(server.port(), "GET", "/direct", nullptr, bob.token).body.at("rooms").as_array();
    ASSERT_EQ(rooms.size(), 1u);
    EXPECT_EQ(rooms[0].at("other").at("username").as_string(), "alice");
    EXPECT_TRUE(rooms[0].at("other").at("online").as_bool());
    EXPECT_EQ(rooms[0].at("lastMessage").at("text").as_string(), "psst");
    EXPECT_FALSE(rooms[0].at("other").as_object().contains("email"));
}

TEST_F(Direct, ChatWorksOverTheWebSocketLikeAGroup) {
    auto room = open_direct(alice, "bob").body.at("id").as_int64();
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    for (auto* c : {a.get(), b.get()}) {
        c->send_json({{"type", "join"}, {"roomId", room}});
        ASSERT_TRUE(c->next_of("joined"));
    }
    b->send_json({{"type", "message"}, {"roomId", room}, {"text", "hi alice"}});
    EXPECT_EQ(a->next_of("message")->at("message").at("text").as_string(), "hi alice");
}

TEST_F(Direct, RoomsAreFixed) {
    const auto id = std::to_string(open_direct(alice, "bob").body.at("id").as_int64());
    auto carol = server.signup("carol");
    auto call = [&](const std::string& m, const std::string& t, const json::value& b = nullptr) {
        return http_call(server.port(), m, t, b, alice.token).status;
    };
    EXPECT_EQ(call("POST", "/groups/" + id + "/members", {{"username", "carol"}}), 403);
    EXPECT_EQ(call("PATCH", "/groups/" + id, {{"name", "renamed"}}), 403);
    EXPECT_EQ(call("DELETE", "/groups/" + id + "/members/bob"), 403);
    EXPECT_EQ(call("DELETE", "/groups/" + id), 403);
    EXPECT_EQ(call("GET", "/groups/" + id), 200);
    auto groups = http_call(server.port(), "GET", "/groups", nullptr, alice.token);
    EXPECT_TRUE(groups.body.at("groups").as_array().empty()) << "direct rooms are not groups";
}

}  // namespace
}  // namespace parley::testing
