#pragma once
// Small helpers shared by the WebSocket integration tests.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace parley::testing {

namespace json = boost::json;

inline json::value join_msg(store::id_t room) { return {{"type", "join"}, {"roomId", room}}; }
inline json::value text_msg(store::id_t room, const std::string& text) {
    return {{"type", "message"}, {"roomId", room}, {"text", text}};
}

/// Joins and returns the `joined` event (fails the test if none arrives).
inline json::value join(ws_client& c, store::id_t room) {
    c.send_json(join_msg(room));
    auto joined = c.next_of("joined");
    EXPECT_TRUE(joined) << "no joined for room " << room;
    return joined.value_or(json::value{});
}

/// The usernames in a members array, in order.
inline std::vector<std::string> usernames(const json::value& members) {
    std::vector<std::string> out;
    for (const auto& m : members.as_array()) out.emplace_back(m.at("user").as_string());
    return out;
}

/// The online flag of `user` in a members array.
inline bool online(const json::value& members, const std::string& user) {
    for (const auto& m : members.as_array())
        if (m.at("user").as_string() == user) return m.at("online").as_bool();
    ADD_FAILURE() << user << " is not a member";
    return false;
}

inline std::string error_code(const std::optional<json::value>& v) {
    if (!v || v->at("type").as_string() != "error") return "<no error>";
    return std::string(v->at("code").as_string());
}

/// A server with alice and bob signed up and alice's public group `room`.
class room_test : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        bob = server.signup("bob");
        room = server.create_group(alice, "ABgroup");
    }
    test_server server;
    account alice, bob;
    store::id_t room = 0;
};

}  // namespace parley::testing
