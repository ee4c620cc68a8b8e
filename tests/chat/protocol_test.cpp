#include "chat/protocol.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parley::chat {
namespace {

auto parse(std::string_view text, std::size_t max_chars = 4000) {
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

TEST(Protocol, RejectsAKeyGivenTwiceAsRestDoes) {
    auto r = parse(R"({"type":"message","roomId":4,"text":"hi","text":"bye"})");
    ASSERT_TRUE(r.has_error());
    EXPECT_EQ(r.error().code, "invalid_message");
    EXPECT_NE(r.error().message.find("twice"), std::string::npos);
    EXPECT_EQ(code_of(R"({"type":"join","roomId":1,"roomId":2})"), "invalid_message");
}

TEST(Protocol, RejectsUnknownTypes) {
    auto r = parse(R"({"type":"unknown_command"})");
    ASSERT_TRUE(r.has_error());
    EXPECT_EQ(r.error().code, "unknown_type");
}

TEST(Protocol, RejectsFieldsTheRequestTypeDoesNotHave) {
    auto r = parse(R"({"type":"join","roomId":1,"sice":4})");
    ASSERT_TRUE(r.has_error());
    EXPECT_EQ(r.error().code, "invalid_message");
    EXPECT_EQ(r.error().message, "unknown field 'sice' in join");
    EXPECT_EQ(code_of(R"({"type":"ping","roomId":1})"), "invalid_message");
    EXPECT_EQ(code_of(R"({"type":"delete","roomId":1,"messageId":2,"text":"x"})"),
              "invalid_message");
    // The seed design's client repeats its own name; that stays allowed on every request.
    EXPECT_EQ(code_of(R"({"type":"leave","roomId":1,"username":"alice","sender":"alice"})"), "ok");
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
    auto views = member_views({{1, "a", member_role::owner}, {2, "b", member_role::member}}, {2});
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
    const auto activity = room_activity_events(m);
    ASSERT_TRUE(activity && activity->plain);
    EXPECT_FALSE(activity->mention);
    auto v = boost::json::parse(*activity->plain);
    EXPECT_EQ(v.at("type").as_string(), "room_activity");
    EXPECT_EQ(v.at("roomId").as_int64(), 3);
    EXPECT_EQ(v.at("seq").as_int64(), 12);
    EXPECT_EQ(v.at("sender").as_string(), "bob");
    EXPECT_EQ(v.at("senderId").as_int64(), 2);
    EXPECT_EQ(v.at("ts").as_int64(), 1698000020000);
    EXPECT_EQ(v.at("preview").as_string(), std::string(140, 'a'));
    EXPECT_FALSE(v.as_object().contains("mention"));
    m.text = "añb";  // cut by characters, never inside one
    EXPECT_EQ(boost::json::parse(*room_activity_events(m)->plain).at("preview"), "añb");
    const auto e = room_event_of(m);
    EXPECT_EQ(*e.f, *message_event(m));
    EXPECT_EQ(*e.watchers->plain, *room_activity_events(m)->plain);
}

TEST(Protocol, RoomActivityForTheMentionedSaysSo) {
    store::message m{7, 3, 2, "bob", "ping @Alice and @carol.", 1698000020000, 12};
    const auto activity = room_activity_events(m);
    ASSERT_TRUE(activity && activity->mention);
    EXPECT_EQ(activity->mentioned, (std::vector<std::string>{"alice", "carol"}));
    EXPECT_TRUE(boost::json::parse(*activity->mention).at("mention").as_bool());
    EXPECT_FALSE(boost::json::parse(*activity->plain).as_object().contains("mention"));
    // Changes are no activity.
    store::message edit = m;
    edit.kind = store::event_kind::edit;
    edit.target_id = 5;
    EXPECT_FALSE(room_activity_events(edit));
    EXPECT_FALSE(room_event_of(edit).watchers);
}

TEST(Protocol, ARefusalNamesTheRoomAndClientMsgIdItCouldRead) {
    auto r = parse(R"({"type":"message","roomId":4,"text":"   ","clientMsgId":"c9"})");
    ASSERT_TRUE(r.has_error());
    EXPECT_EQ(r.error().code, "invalid_message");
    EXPECT_EQ(r.error().room_id, 4);
    EXPECT_EQ(r.error().client_msg_id, "c9");
    auto unreadable = parse(R"({"type":"message","roomId":"x","text":"hi","clientMsgId":""})");
    ASSERT_TRUE(unreadable.has_error());
    EXPECT_EQ(unreadable.error().room_id, 0);
    EXPECT_FALSE(unreadable.error().client_msg_id);
}

TEST(Protocol, ParsesEditsDeletionsReactionsAndTyping) {
    auto edit = parse(R"({"type":"edit","roomId":3,"messageId":9,"text":"  fixed  "})");
    ASSERT_TRUE(edit.has_value());
    const auto& e = std::get<change_request>(*edit);
    EXPECT_EQ(e.kind, store::event_kind::edit);
    EXPECT_EQ(e.message_id, 9);
    EXPECT_EQ(e.text, "fixed");

    auto del = parse(R"({"type":"delete","roomId":3,"messageId":9,"clientMsgId":"d1"})");
    ASSERT_TRUE(del.has_value());
    EXPECT_EQ(std::get<change_request>(*del).kind, store::event_kind::deletion);
    EXPECT_EQ(std::get<change_request>(*del).client_msg_id, "d1");

    auto react =
        parse(R"({"type":"react","roomId":3,"messageId":9,"emoji":"👍🏽","on":false})");
    ASSERT_TRUE(react.has_value());
    const auto& r = std::get<change_request>(*react);
    EXPECT_EQ(r.kind, store::event_kind::reaction);
    EXPECT_EQ(r.text, "👍🏽");
    EXPECT_FALSE(r.on);
    EXPECT_TRUE(
        std::get<change_request>(*parse(R"({"type":"react","roomId":3,"messageId":9,"emoji":"🎉"})"))
            .on);

    auto typing = parse(R"({"type":"typing","roomId":3})");
    ASSERT_TRUE(typing.has_value());
    EXPECT_EQ(std::get<typing_request>(*typing).room_id, 3);

    auto reply = parse(R"({"type":"message","roomId":3,"text":"yes","replyTo":9})");
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(std::get<send_request>(*reply).reply_to, 9);

    auto around = parse(R"({"type":"history","roomId":3,"aroundSeq":40,"limit":10})");
    ASSERT_TRUE(around.has_value());
    EXPECT_EQ(std::get<history_request>(*around).around_seq, 40);
}

TEST(Protocol, RefusesBadChanges) {
    for (const char* bad : {
             R"({"type":"edit","roomId":3,"text":"x"})",                   // no messageId
             R"({"type":"edit","roomId":3,"messageId":0,"text":"x"})",     // not positive
             R"({"type":"edit","roomId":3,"messageId":9,"text":"   "})",   // empty text
             R"({"type":"react","roomId":3,"messageId":9,"emoji":"a"})",   // a letter
             R"({"type":"react","roomId":3,"messageId":9,"emoji":"👍👍"})",  // two emoji
             R"({"type":"react","roomId":3,"messageId":9,"emoji":"👍 "})",  // with a space
             R"({"type":"react","roomId":3,"messageId":9,"emoji":"1"})",   // a digit alone
             R"({"type":"react","roomId":3,"messageId":9,"emoji":"👍","on":1})",
             R"({"type":"message","roomId":3,"text":"x","replyTo":"9"})",
             R"({"type":"history","roomId":3,"aroundSeq":4,"beforeSeq":9})",
         }) {
        auto r = parse(bad);
        ASSERT_TRUE(r.has_error()) << bad;
        EXPECT_EQ(r.error().code, "invalid_message") << bad;
    }
}

TEST(Protocol, WritesChangesAsTheirEvents) {
    store::message edit{40, 3, 2, "bob", "new text", 1000, 17};
    edit.kind = store::event_kind::edit;
    edit.target_id = 12;
    edit.edited_at = 1000;
    auto v = boost::json::parse(*event_frame(edit));
    EXPECT_EQ(v.at("type"), "message_edited");
    EXPECT_EQ(v.at("messageId"), 12);
    EXPECT_EQ(v.at("text"), "new text");
    EXPECT_EQ(v.at("editedAt"), 1000);
    EXPECT_EQ(v.at("seq"), 17);

    store::message del{41, 3, 2, "bob", "", 1001, 18};
    del.kind = store::event_kind::deletion;
    del.target_id = 12;
    v = boost::json::parse(*event_frame(del));
    EXPECT_EQ(v.at("type"), "message_deleted");
    EXPECT_FALSE(v.as_object().contains("text"));

    store::message react{42, 3, 5, "carol", "🎉", 1002, 19};
    react.kind = store::event_kind::reaction;
    react.target_id = 12;
    react.reaction_on = true;
    react.reaction_count = 2;
    v = boost::json::parse(*event_frame(react));
    EXPECT_EQ(v.at("type"), "reaction");
    EXPECT_EQ(v.at("emoji"), "🎉");
    EXPECT_EQ(v.at("user"), "carol");
    EXPECT_EQ(v.at("on"), true);
    EXPECT_EQ(v.at("count"), 2);

    // Acks of changes name the message; one that changed nothing says so.
    react.client_msg_id = "r1";
    v = boost::json::parse(*ack_event(react));
    EXPECT_EQ(v.at("messageId"), 12);
    EXPECT_EQ(v.at("seq"), 19);
    react.seq = 0;
    v = boost::json::parse(*ack_event(react));
    EXPECT_EQ(v.at("unchanged"), true);
    EXPECT_FALSE(v.as_object().contains("seq"));
}

TEST(Protocol, MessagesShowTheirStateRepliesAndReactionsPerViewer) {
    store::message m{12, 3, 2, "bob", "hi", 1000, 7};
    m.edited_at = 2000;
    m.reply = store::reply_quote{10, "alice", "the question", false};
    m.reactions = {{"👍", {5, 9}}, {"🎉", {2}}};
    auto v = message_json(m, 9);
    EXPECT_EQ(v.at("editedAt"), 2000);
    EXPECT_EQ(v.at("replyTo").at("sender"), "alice");
    EXPECT_EQ(v.at("replyTo").at("text"), "the question");
    EXPECT_EQ(v.at("reactions").at(0).at("emoji"), "👍");
    EXPECT_EQ(v.at("reactions").at(0).at("count"), 2);
    EXPECT_EQ(v.at("reactions").at(0).at("me"), true);
    EXPECT_EQ(v.at("reactions").at(1).at("me"), false);
    EXPECT_FALSE(message_json(m).at("reactions").at(0).as_object().contains("me"));
    m.deleted = true;
    EXPECT_EQ(message_json(m).at("deleted"), true);
}

}  // namespace
}  // namespace parley::chat
