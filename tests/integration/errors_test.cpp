// The design's error scenarios (section 8) and the protocol's limits.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

using Errors = room_test;

TEST_F(Errors, MalformedJsonIsInvalidMessageAndTheSocketStaysOpen) {
    auto a = server.connect(alice);
    a->send_text("not valid json");
    auto e = a->next();
    EXPECT_EQ(error_code(e), "invalid_message");
    EXPECT_FALSE(e->at("message").as_string().empty());
    join(*a, room);  // still usable
}

TEST_F(Errors, UnknownTypeIsUnknownType) {
    auto a = server.connect(alice);
    a->send_json({{"type", "unknown_command"}});
    EXPECT_EQ(error_code(a->next()), "unknown_type");
    join(*a, room);
}

TEST_F(Errors, MissingOrWrongFieldsAreInvalidMessage) {
    auto a = server.connect(alice);
    a->send_json({{"type", "join"}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json({{"type", "message"}, {"roomId", room}, {"text", 42}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    join(*a, room);
    a->send_json(text_msg(room, "   "));
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json(text_msg(room, std::string(4001, 'x')));
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json(text_msg(room, std::string(4000, 'x')));
    EXPECT_EQ(a->next_of("message")->at("message").at("text").as_string().size(), 4000u);
}

TEST_F(Errors, FailedSaveTellsOnlyTheSenderAndBroadcastsNothing) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    ASSERT_TRUE(a->next_of("member_joined"));
    server.log().fail_appends = true;
    a->send_json(text_msg(room, "lost?"));
    auto e = a->next();
    EXPECT_EQ(error_code(e), "save_failed");
    EXPECT_EQ(e->at("message").as_string(), "Failed to save message");
    EXPECT_TRUE(b->silent_for(300ms));

    server.log().fail_appends = false;  // the database recovers; so does the server
    a->send_json(text_msg(room, "retry"));
    EXPECT_EQ(b->next_of("message")->at("message").at("text").as_string(), "retry");
    EXPECT_EQ(recent(server.log(), room, 10).size(), 1u);
}

TEST_F(Errors, NonexistentRoomIsRoomNotFoundAndNotJoined) {
    auto a = server.connect(alice);
    a->send_json(join_msg(999));
    EXPECT_EQ(error_code(a->next()), "room_not_found");
    a->send_json(text_msg(999, "hello?"));
    EXPECT_EQ(error_code(a->next()), "not_joined");
    a->send_json({{"type", "list"}, {"roomId", 999}});
    EXPECT_EQ(error_code(a->next()), "not_joined");
}

TEST_F(Errors, SendingBeforeJoiningIsRefused) {
    auto a = server.connect(alice);
    a->send_json(text_msg(room, "too early"));
    EXPECT_EQ(error_code(a->next()), "not_joined");
    EXPECT_TRUE(recent(server.log(), room, 10).empty());
}

// One socket carries many rooms (a browser tab's): an error says which room it is about.
TEST_F(Errors, AnErrorNamesTheRoomItsRequestNamed) {
    auto a = server.connect(alice);
    a->send_json(join_msg(999));
    auto refused = a->next();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->at("roomId").as_int64(), 999);
    a->send_json(
        {{"type", "message"}, {"roomId", room}, {"text", "early"}, {"clientMsgId", "c-1"}});
    auto early = a->next();
    ASSERT_TRUE(early);
    EXPECT_EQ(early->at("roomId").as_int64(), room);
    EXPECT_EQ(early->at("clientMsgId").as_string(), "c-1");
    a->send_json({{"type", "message"},
                  {"roomId", room},
                  {"text", std::string(5000, 'x')},
                  {"clientMsgId", "c-2"}});
    auto too_long = a->next();
    ASSERT_TRUE(too_long);
    EXPECT_EQ(too_long->at("code").as_string(), "invalid_message");
    EXPECT_EQ(too_long->at("roomId").as_int64(), room) << "a refused frame names what it named";
    EXPECT_EQ(too_long->at("clientMsgId").as_string(), "c-2");
    a->send_text("not json");
    auto broken = a->next();
    ASSERT_TRUE(broken);
    EXPECT_FALSE(broken->as_object().contains("roomId")) << "a frame that names no room";
}

TEST_F(Errors, BinaryFrameClosesWith1003) {
    auto a = server.connect(alice);
    a->send_binary(std::string("\x01\x02", 2));
    EXPECT_EQ(a->wait_closed(), 1003);
}

TEST_F(Errors, OversizedFrameClosesWith1009) {
    auto a = server.connect(alice);
    a->send_text(std::string(65 * 1024, 'x'));
    EXPECT_EQ(a->wait_closed(), 1009);
}

}  // namespace
}  // namespace parley::testing
