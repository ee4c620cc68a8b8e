#include "chat/protocol.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parley::chat {
namespace {

outcome<client_request> parse(std::string_view text, std::size_t max_chars = 4000) {
    return parse_request(text, "alice", protocol_limits{max_chars});
}

std::string code_of(std::string_view text) {
    auto r = parse(text);
    return r.has_error() ? r.error().code : "ok";
}

TEST(Protocol, ParsesEachRequestType) {
    EXPECT_EQ(std::get<join_request>(*parse(R"({"type":"join","roomId":1})")).room_id, 1);
    EXPECT_EQ(std::get<leave_request>(*parse(R"({"type":"leave","roomId":2})")).room_id, 2);
    EXPECT_EQ(std::get<list_request>(*parse(R"({"type":"list","roomId":3})")).room_id, 3);
    auto m = std::get<send_request>(*parse(R"({"type":"message","roomId":4,"text":"hi"})"));
    EXPECT_EQ(m.room_id, 4);
    EXPECT_EQ(m.text, "hi");
}

TEST(Protocol, AcceptsRoomIdAsDigits) {
    EXPECT_EQ(std::get<join_request>(*parse(R"({"type":"join","roomId":"12"})")).room_id, 12);
}

TEST(Protocol, RejectsMalformedJson) {
    EXPECT_EQ(code_of("not valid json"), "invalid_message");
    EXPECT_EQ(code_of("[1,2]"), "invalid_message");
    EXPECT_EQ(code_of(""), "invalid_message");
}

TEST(Protocol, RejectsUnknownTypes) {
    auto r = parse(R"({"type":"unknown_command"})");
    ASSERT_TRUE(r.has_error());
    EXPECT_EQ(r.error().code, "unknown_type");
}

TEST(Protocol, RejectsMissingOrMistypedFields) {
    EXPECT_EQ(code_of(R"({"roomId":1})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":7})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"join"})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":0})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":-3})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":"1x"})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":1.5})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"message","roomId":1})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"message","roomId":1,"text":5})"), "invalid_message");
}

TEST(Protocol, TrimsAndChecksText) {
    EXPECT_EQ(
        std::get<send_request>(*parse(R"({"type":"message","roomId":1,"text":"  hi \n"})")).text,
        "hi");
    EXPECT_EQ(code_of(R"({"type":"message","roomId":1,"text":"   "})"), "invalid_message");
}

TEST(Protocol, LimitsTextInCharactersNotBytes) {
    const std::string four_euros = "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC";
    auto ok = parse(R"({"type":"message","roomId":1,"text":")" + four_euros + "\"}", 4);
    EXPECT_FALSE(ok.has_error());
    auto too_long = parse(R"({"type":"message","roomId":1,"text":")" + four_euros + "x\"}", 4);
    ASSERT_TRUE(too_long.has_error());
    EXPECT_EQ(too_long.error().code, "invalid_message");
}

TEST(Protocol, RejectsInvalidUtf8) {
    EXPECT_EQ(code_of("{\"type\":\"message\",\"roomId\":1,\"text\":\"\xC3\x28\"}"),
              "invalid_message");
}

TEST(Protocol, AllowsOwnNameButNotAnothers) {
    EXPECT_EQ(code_of(R"({"type":"join","roomId":1,"username":"alice"})"), "ok");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":1,"username":"ALICE"})"), "ok");
    EXPECT_EQ(code_of(R"({"type":"join","roomId":1,"username":"bob"})"), "forbidden");
    EXPECT_EQ(code_of(R"({"type":"message","roomId":1,"text":"x","sender":"bob"})"), "forbidden");
    EXPECT_EQ(code_of(R"({"type":"message","roomId":1,"text":"x","sender":1})"), "invalid_message");
}

TEST(Protocol, EventsSerializeTheDesignsFields) {
    store::message m{7, 1, 2, "alice", "Hello <b>", 1698000020000};
    auto v = boost::json::parse(*message_event(m));
    EXPECT_EQ(v.at("type").as_string(), "message");
    EXPECT_EQ(v.at("roomId").as_int64(), 1);
    const auto& msg = v.at("message");
    EXPECT_EQ(msg.at("id").as_int64(), 7);
    EXPECT_EQ(msg.at("sender").as_string(), "alice");
    EXPECT_EQ(msg.at("senderId").as_int64(), 2);
    EXPECT_EQ(msg.at("text").as_string(), "Hello <b>");
    EXPECT_EQ(msg.at("ts").as_int64(), 1698000020000);

    auto e = boost::json::parse(*error_event({"unknown_type", "nope", 400}));
    EXPECT_EQ(e.at("type").as_string(), "error");
    EXPECT_EQ(e.at("code").as_string(), "unknown_type");
    EXPECT_EQ(e.at("message").as_string(), "nope");
}

TEST(Protocol, MemberViewsFlagOnlineUsers) {
    auto views = member_views({{1, "a", "owner"}, {2, "b", "member"}}, {2});
    ASSERT_EQ(views.size(), 2u);
    EXPECT_FALSE(views[0].online);
    EXPECT_TRUE(views[1].online);
    auto j = boost::json::parse(*list_event(9, views));
    EXPECT_EQ(j.at("members").at(1).at("user").as_string(), "b");
    EXPECT_EQ(j.at("members").at(1).at("online").as_bool(), true);
}

}  // namespace
}  // namespace parley::chat

namespace parley::chat {
namespace {

TEST(Protocol, RoomActivityCarriesAShortPreviewOfAMessage) {
    store::message m{7, 3, 2, "bob", std::string(150, 'a') + "é", 1698000020000, 12};
    const auto activity = room_activity_event(message_event(m));
    ASSERT_TRUE(activity);
    auto v = boost::json::parse(*activity);
    EXPECT_EQ(v.at("type").as_string(), "room_activity");
    EXPECT_EQ(v.at("roomId").as_int64(), 3);
    EXPECT_EQ(v.at("seq").as_int64(), 12);
    EXPECT_EQ(v.at("sender").as_string(), "bob");
    EXPECT_EQ(v.at("senderId").as_int64(), 2);
    EXPECT_EQ(v.at("ts").as_int64(), 1698000020000);
    EXPECT_EQ(v.at("preview").as_string(), std::string(140, 'a'));
    m.text = "añb";  // cut by characters, never inside one
    EXPECT_EQ(boost::json::parse(*room_activity_event(message_event(m))).at("preview"), "añb");
    EXPECT_FALSE(room_activity_event(pong_event()));
    EXPECT_FALSE(room_activity_event(make_frame({{"type", "message"}})));
}

}  // namespace
}  // namespace parley::chat
