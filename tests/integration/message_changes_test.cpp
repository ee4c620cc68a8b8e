// Edits, deletions, reactions, replies, mentions and typing over the WebSocket: each change is
// an event with its own seq, delivered like a message and replayed by a catch-up.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

json::value change_msg(const std::string& type, store::id_t room, std::int64_t message,
                       json::object extra = {}) {
    json::object o{{"type", type}, {"roomId", room}, {"messageId", message}};
    for (auto& [k, v] : extra) o[k] = v;
    return o;
}

/// Sends `text` and returns the message as the room broadcasts it.
json::value post(ws_client& c, store::id_t room, const std::string& text, json::object extra = {}) {
    json::object o = text_msg(room, text).as_object();
    for (auto& [k, v] : extra) o[k] = v;
    c.send_json(o);
    auto m = c.next_of("message");
    EXPECT_TRUE(m) << "no message for " << text;
    return m ? m->at("message") : json::value{};
}

using MessageChanges = room_test;

TEST_F(MessageChanges, EditsDeletionsAndReactionsReachTheRoomWithTheirOwnSeq) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    const auto m = post(*a, room, "helo");
    const auto id = m.at("id").as_int64();
    ASSERT_TRUE(b->next_of("message"));

    a->send_json(change_msg("edit", room, id, {{"text", "hello"}, {"clientMsgId", "e1"}}));
    auto ack = a->next_of("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->at("messageId").as_int64(), id);
    EXPECT_EQ(ack->at("seq").as_int64(), 2);
    for (auto* c : {a.get(), b.get()}) {
        auto edited = c->next_of("message_edited");
        ASSERT_TRUE(edited);
        EXPECT_EQ(edited->at("messageId").as_int64(), id);
        EXPECT_EQ(edited->at("text").as_string(), "hello");
        EXPECT_EQ(edited->at("seq").as_int64(), 2);
        EXPECT_TRUE(edited->at("editedAt").is_int64());
    }
    // The same edit retried with its clientMsgId is answered with the original change's ack
    // (its seq), not as unchanged; nobody sees the edit twice.
    a->send_json(change_msg("edit", room, id, {{"text", "hello"}, {"clientMsgId", "e1"}}));
    auto retried = a->next_of("ack");
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->at("seq").as_int64(), 2);
    EXPECT_FALSE(retried->as_object().contains("unchanged"));
    EXPECT_TRUE(b->silent_for(std::chrono::milliseconds(300)));
    // Its clientMsgId reused for another edit is refused, not answered as the first one.
    a->send_json(change_msg("edit", room, id, {{"text", "hello!"}, {"clientMsgId", "e1"}}));
    auto reused = a->next_of("error");
    ASSERT_TRUE(reused);
    EXPECT_EQ(reused->at("code").as_string(), "client_msg_id_reused");
    EXPECT_EQ(reused->at("clientMsgId").as_string(), "e1");
    EXPECT_TRUE(b->silent_for(std::chrono::milliseconds(300)));

    b->send_json(change_msg("react", room, id, {{"emoji", "👍"}, {"on", true}}));
    for (auto* c : {a.get(), b.get()}) {
        auto reaction = c->next_of("reaction");
        ASSERT_TRUE(reaction);
        EXPECT_EQ(reaction->at("emoji").as_string(), "👍");
        EXPECT_EQ(reaction->at("user").as_string(), "bob");
        EXPECT_EQ(reaction->at("on").as_bool(), true);
        EXPECT_EQ(reaction->at("count").as_int64(), 1);
        EXPECT_EQ(reaction->at("seq").as_int64(), 3);
    }
    // The same reaction again changes nothing: its sender hears so, nobody else anything.
    b->send_json(change_msg("react", room, id, {{"emoji", "👍"}}));
    auto same = b->next_of("ack");
    ASSERT_TRUE(same);
    EXPECT_TRUE(same->at("unchanged").as_bool());
    EXPECT_TRUE(a->silent_for(std::chrono::milliseconds(300)));

    // History shows the message as it is now, with whether the viewer reacted.
    a->send_json({{"type", "history"}, {"roomId", room}, {"beforeSeq", 100}});
    auto h = a->next_of("history");
    ASSERT_TRUE(h);
    ASSERT_EQ(h->at("messages").as_array().size(), 1u) << "pages hold messages only";
    const auto& shown = h->at("messages").at(0);
    EXPECT_EQ(shown.at("text").as_string(), "hello");
    EXPECT_TRUE(shown.at("editedAt").is_int64());
    EXPECT_EQ(shown.at("reactions").at(0).at("count").as_int64(), 1);
    EXPECT_EQ(shown.at("reactions").at(0).at("me").as_bool(), false);
    b->send_json({{"type", "history"}, {"roomId", room}, {"beforeSeq", 100}});
    EXPECT_EQ(b->next_of("history")->at("messages").at(0).at("reactions").at(0).at("me"), true);

    a->send_json(change_msg("delete", room, id));
    for (auto* c : {a.get(), b.get()}) {
        auto deleted = c->next_of("message_deleted");
        ASSERT_TRUE(deleted);
        EXPECT_EQ(deleted->at("messageId").as_int64(), id);
        EXPECT_EQ(deleted->at("seq").as_int64(), 4);
    }
    b->send_json({{"type", "history"}, {"roomId", room}, {"beforeSeq", 100}});
    auto after = b->next_of("history")->at("messages").at(0);
    EXPECT_TRUE(after.at("deleted").as_bool());
    EXPECT_EQ(after.at("text").as_string(), "") << "a tombstone keeps no text";
    EXPECT_FALSE(after.as_object().contains("reactions"));
}

TEST_F(MessageChanges, RefusalsSayWhy) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    const auto id = post(*a, room, "alice's").at("id").as_int64();
    b->send_json(change_msg("edit", room, id, {{"text", "bob's now"}, {"clientMsgId", "x1"}}));
    auto refused = b->next_of("error");
    EXPECT_EQ(error_code(refused), "forbidden");
    EXPECT_EQ(refused->at("clientMsgId").as_string(), "x1");
    b->send_json(change_msg("delete", room, id));
    EXPECT_EQ(error_code(b->next_of("error")), "forbidden");
    b->send_json(change_msg("react", room, 999999, {{"emoji", "👍"}}));
    EXPECT_EQ(error_code(b->next_of("error")), "not_found");
    b->send_json(change_msg("react", room, id, {{"emoji", "ok"}}));
    EXPECT_EQ(error_code(b->next_of("error")), "invalid_message");
    b->send_json({{"type", "message"}, {"roomId", room}, {"text", "answer"}, {"replyTo", 999999}});
    EXPECT_EQ(error_code(b->next_of("error")), "not_found");
    // The owner of a group may delete anyone's message.
    const auto bobs = post(*b, room, "bob's").at("id").as_int64();
    a->send_json(change_msg("delete", room, bobs));
    EXPECT_TRUE(b->next_of("message_deleted"));
    // Not joined: refused before anything is stored.
    auto outsider = server.connect(server.signup("carol"));
    outsider->send_json(change_msg("delete", room, id));
    EXPECT_EQ(error_code(outsider->next_of("error")), "not_joined");
}

TEST_F(MessageChanges, ACatchUpReplaysChangesInOrder) {
    auto a = server.connect(alice);
    join(*a, room);
    const auto first = post(*a, room, "one").at("id").as_int64();
    const auto second = post(*a, room, "two").at("id").as_int64();

    auto b = server.connect(bob);
    const auto joined = join(*b, room);
    const auto since = joined.at("lastSeq").as_int64();
    b->close();

    a->send_json(change_msg("edit", room, first, {{"text", "one!"}}));
    a->send_json(change_msg("react", room, second, {{"emoji", "🎉"}}));
    a->send_json(change_msg("delete", room, second));
    ASSERT_TRUE(a->next_of("message_deleted"));
    post(*a, room, "three");

    auto back = server.connect(bob);
    back->send_json({{"type", "join"}, {"roomId", room}, {"since", since}});
    auto caught = back->next_of("joined");
    ASSERT_TRUE(caught);
    std::vector<std::string> kinds;
    for (const auto& e : caught->at("history").as_array()) {
        const auto* type = e.as_object().if_contains("type");
        kinds.emplace_back(type ? std::string(type->as_string()) : "message");
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"message_edited", "reaction", "message_deleted",
                                               "message"}));
    EXPECT_EQ(caught->at("history").at(0).at("text").as_string(), "one!");
    EXPECT_EQ(caught->at("history").at(2).at("messageId").as_int64(), second);
}

TEST_F(MessageChanges, RepliesCarryAQuoteOfTheOriginal) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    const auto q = post(*a, room, "lunch at noon?").at("id").as_int64();
    ASSERT_TRUE(b->next_of("message"));
    const auto reply = post(*b, room, "yes", {{"replyTo", q}});
    EXPECT_EQ(reply.at("replyTo").at("id").as_int64(), q);
    EXPECT_EQ(reply.at("replyTo").at("sender").as_string(), "alice");
    EXPECT_EQ(reply.at("replyTo").at("text").as_string(), "lunch at noon?");
    auto heard = a->next_of("message");
    ASSERT_TRUE(heard);
    EXPECT_EQ(heard->at("message").at("replyTo").at("id").as_int64(), q);
}

TEST_F(MessageChanges, TypingReachesTheOthersAtMostEveryTwoSeconds) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json({{"type", "typing"}, {"roomId", room}});
    auto typing = b->next_of("typing");
    ASSERT_TRUE(typing);
    EXPECT_EQ(typing->at("user").as_string(), "alice");
    EXPECT_EQ(typing->at("roomId").as_int64(), room);
    a->send_json({{"type", "typing"}, {"roomId", room}});
    EXPECT_TRUE(b->silent_for(std::chrono::milliseconds(500))) << "within 2 s: passed on once";
    EXPECT_FALSE(a->next_of("typing", std::chrono::milliseconds(100))) << "never to the typist";
    auto outsider = server.connect(server.signup("carol"));
    outsider->send_json({{"type", "typing"}, {"roomId", room}});
    EXPECT_EQ(error_code(outsider->next_of("error")), "not_joined");
}

TEST_F(MessageChanges, AMentionReachesTheMentionedAsSuch) {
    auto watching = server.connect(bob);  // bob's room list: not joined
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    ASSERT_TRUE(watching->next_of("room_added"));
    auto a = server.connect(alice);
    join(*a, room);
    post(*a, room, "plain");
    auto plain = watching->next_of("room_activity");
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->as_object().contains("mention"));
    post(*a, room, "@Bob please look");
    auto mention = watching->next_of("room_activity");
    ASSERT_TRUE(mention);
    EXPECT_TRUE(mention->at("mention").as_bool());
    auto listed = http_call(server.port(), "GET", "/me/rooms", nullptr, bob.token);
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.body.at("rooms").at(0).at("mentions").as_int64(), 1);
    EXPECT_EQ(listed.body.at("rooms").at(0).at("unread").as_int64(), 2);
}

TEST_F(MessageChanges, HistoryAroundASeqJumpsToAnOldMessage) {
    auto a = server.connect(alice);
    join(*a, room);
    for (int i = 1; i <= 30; ++i) post(*a, room, "m" + std::to_string(i));
    a->send_json({{"type", "history"}, {"roomId", room}, {"aroundSeq", 10}, {"limit", 4}});
    auto h = a->next_of("history");
    ASSERT_TRUE(h);
    std::vector<std::int64_t> seqs;
    for (const auto& m : h->at("messages").as_array()) seqs.push_back(m.at("seq").as_int64());
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{9, 10, 11, 12}));
    EXPECT_TRUE(h->at("hasMore").as_bool());
    EXPECT_TRUE(h->at("hasNewer").as_bool());
    auto rest = http_call(server.port(), "GET",
                          "/groups/" + std::to_string(room) + "/messages?aroundSeq=29&limit=4",
                          nullptr, alice.token);
    ASSERT_EQ(rest.status, 200) << rest.raw_body;
    EXPECT_EQ(rest.body.at("messages").as_array().size(), 3u);
    EXPECT_FALSE(rest.body.at("hasNewer").as_bool());
}

}  // namespace
}  // namespace parley::testing
