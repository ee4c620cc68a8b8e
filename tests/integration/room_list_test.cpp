// What a client's room list needs: read markers, GET /me/rooms, and the live events that keep
// it current (room_activity, room_added, room_removed, read) on sockets not joined to a room.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

/// The entry of `room` in GET /me/rooms as `who`.
json::object my_room(test_server& server, const account& who, store::id_t room) {
    auto r = http_call(server.port(), "GET", "/me/rooms", nullptr, who.token);
    EXPECT_EQ(r.status, 200) << r.raw_body;
    for (const auto& v : r.body.at("rooms").as_array())
        if (v.at("id").as_int64() == room) return v.as_object();
    ADD_FAILURE() << "room " << room << " is not in " << r.raw_body;
    return {};
}

/// Sends `text` as `who` over a joined socket of their own and waits for the ack.
void say(test_server& server, const account& who, store::id_t room, const std::string& text) {
    auto c = server.connect(who);
    join(*c, room);
    c->send_json(text_msg(room, text));
    ASSERT_TRUE(c->next_of("ack")) << "no ack for " << text;
}

using RoomList = room_test;

TEST_F(RoomList, MeRoomsCountsUnreadAndReadMarkersMoveOverRestAndWebSocket) {
    server.create_group(bob, "bob's own");  // not alice's: never listed to her
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    for (int i = 1; i <= 3; ++i) say(server, bob, room, "news " + std::to_string(i));

    auto listed = http_call(server.port(), "GET", "/me/rooms", nullptr, alice.token);
    ASSERT_EQ(listed.status, 200);
    ASSERT_EQ(listed.body.at("rooms").as_array().size(), 1u);
    auto entry = my_room(server, alice, room);
    EXPECT_EQ(entry.at("lastSeq").as_int64(), 3);
    EXPECT_EQ(entry.at("lastReadSeq").as_int64(), 0);
    EXPECT_EQ(entry.at("unread").as_int64(), 3);
    EXPECT_EQ(entry.at("lastMessage").at("text").as_string(), "news 3");
    EXPECT_EQ(entry.at("name").as_string(), "ABgroup");

    // Two tabs of alice, neither joined: a read in one reaches both.
    auto tab1 = server.connect(alice);
    auto tab2 = server.connect(alice);
    tab1->send_json({{"type", "read"}, {"roomId", room}, {"seq", 2}});
    for (auto* tab : {tab1.get(), tab2.get()}) {
        auto read = tab->next_of("read");
        ASSERT_TRUE(read);
        EXPECT_EQ(read->at("roomId").as_int64(), room);
        EXPECT_EQ(read->at("seq").as_int64(), 2);
    }
    EXPECT_EQ(my_room(server, alice, room).at("unread").as_int64(), 1);

    auto rest = http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/read",
                          {{"seq", 99}}, alice.token);
    ASSERT_EQ(rest.status, 200) << rest.raw_body;
    EXPECT_EQ(rest.body.at("lastReadSeq").as_int64(), 3) << "never past the room's last seq";
    EXPECT_EQ(tab2->next_of("read")->at("seq").as_int64(), 3);
    EXPECT_EQ(my_room(server, alice, room).at("unread").as_int64(), 0);
    EXPECT_EQ(my_room(server, bob, room).at("unread").as_int64(), 0) << "own messages";
}

TEST_F(RoomList, ReadMarkersAreRefusedOutsideOnesRooms) {
    auto mallory = server.signup("mallory");
    const auto secret = server.create_group(alice, "secret", true);
    auto c = server.connect(mallory);
    c->send_json({{"type", "read"}, {"roomId", room}, {"seq", 1}});
    EXPECT_EQ(error_code(c->next()), "room_not_found");
    c->send_json({{"type", "read"}, {"roomId", secret}});
    EXPECT_EQ(error_code(c->next()), "invalid_message");
    const auto path = [](store::id_t id) { return "/groups/" + std::to_string(id) + "/read"; };
    EXPECT_EQ(http_call(server.port(), "POST", path(room), {{"seq", 1}}, mallory.token).status,
              404);
    EXPECT_EQ(http_call(server.port(), "POST", path(secret), {{"seq", 1}}, mallory.token).status,
              404);
    EXPECT_EQ(http_call(server.port(), "POST", path(room), {{"seq", -1}}, alice.token).status, 400);
    EXPECT_EQ(http_call(server.port(), "POST", path(room), {{"seq", "1"}}, alice.token).status,
              400);
    EXPECT_EQ(http_call(server.port(), "GET", "/me/rooms").status, 401);
}

TEST_F(RoomList, MembersNotJoinedHearRoomActivityAndJoinedOnesTheMessages) {
    auto carol = server.signup("carol");  // not a member: hears nothing
    auto a = server.connect(alice);
    auto outsider = server.connect(carol);
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    const std::string long_text(300, 'z');
    say(server, bob, room, "hello " + long_text);
    auto activity = a->next_of("room_activity");
    ASSERT_TRUE(activity);
    EXPECT_EQ(activity->at("roomId").as_int64(), room);
    EXPECT_EQ(activity->at("seq").as_int64(), 1);
    EXPECT_EQ(activity->at("sender").as_string(), "bob");
    EXPECT_EQ(activity->at("preview").as_string().size(), 140u);
    EXPECT_TRUE(activity->at("ts").is_int64());
    EXPECT_TRUE(outsider->silent_for(300ms));

    join(*a, room);
    say(server, bob, room, "while joined");
    for (auto v = a->next(); v; v = a->next(300ms))
        EXPECT_NE(v->at("type").as_string(), "room_activity") << "a joined socket got activity";

    a->send_json({{"type", "leave"}, {"roomId", room}});
    say(server, bob, room, "after leaving");
    auto again = a->next_of("room_activity");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->at("preview").as_string(), "after leaving");

    // carol joins the public group over this socket (which makes her a member): once she has
    // left it, its activity reaches her like any of her rooms'.
    join(*outsider, room);
    outsider->send_json({{"type", "leave"}, {"roomId", room}});
    say(server, bob, room, "for carol too");
    auto hers = outsider->next_of("room_activity");
    ASSERT_TRUE(hers) << "a socket that joined and left a room of its user hears nothing";
    EXPECT_EQ(hers->at("preview").as_string(), "for carol too");
}

TEST_F(RoomList, ASocketOpenedWithActivityOffHearsOnlyTheRoomsItJoins) {
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    ws_client quiet(server.port(), {{"Authorization", "Bearer " + alice.token}}, true,
                    "/ws?activity=off");
    ASSERT_TRUE(quiet.handshake().upgraded);
    join(quiet, room);
    quiet.send_json({{"type", "leave"}, {"roomId", room}});
    say(server, bob, room, "not for the quiet one");
    const auto secret = server.create_group(bob, "secret", true);
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(secret) + "/members",
                        {{"username", "alice"}}, bob.token)
                  .status,
              201);
    for (auto v = quiet.next(500ms); v; v = quiet.next(300ms)) {
        const auto type = v->at("type").as_string();
        EXPECT_TRUE(type != "room_activity" && type != "room_added") << type;
    }
}

// "Browse groups" then "Join": the chat page's socket joins a public group, and the room list's
// socket (another socket of the same user) learns that the user is a member now.
TEST_F(RoomList, JoiningAPublicGroupOverTheSocketAddsItToTheUsersRoomList) {
    const auto open = server.create_group(bob, "open to all", false);
    auto sidebar = server.connect(alice);
    const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + alice.token}};
    ws_client page(server.port(), auth, true, "/ws?activity=off");
    join(page, open);
    auto added = sidebar->next_of("room_added");
    ASSERT_TRUE(added) << "the room list was not told of the group just joined";
    EXPECT_EQ(added->at("roomId").as_int64(), open);
    // Joining again (a member now) announces nothing new.
    ws_client again(server.port(), auth, true, "/ws?activity=off");
    join(again, open);
    EXPECT_FALSE(sidebar->next_of("room_added", 300ms));
}

TEST_F(RoomList, RoomsAddedAndRemovedReachTheUsersSockets) {
    auto a = server.connect(alice);
    // Invited to a private group: added, then its messages are activity.
    const auto secret = server.create_group(bob, "secret", true);
    const auto members = "/groups/" + std::to_string(secret) + "/members";
    ASSERT_EQ(http_call(server.port(), "POST", members, {{"username", "alice"}}, bob.token).status,
              201);
    auto added = a->next_of("room_added");
    ASSERT_TRUE(added);
    EXPECT_EQ(added->at("roomId").as_int64(), secret);
    say(server, bob, secret, "welcome");
    auto activity = a->next_of("room_activity");
    ASSERT_TRUE(activity);
    EXPECT_EQ(activity->at("roomId").as_int64(), secret);

    // Removed by the owner.
    ASSERT_EQ(http_call(server.port(), "DELETE", members + "/alice", nullptr, bob.token).status,
              200);
    auto removed = a->next_of("room_removed");
    ASSERT_TRUE(removed);
    EXPECT_EQ(removed->at("roomId").as_int64(), secret);
    EXPECT_EQ(removed->at("reason").as_string(), "removed");
    say(server, bob, secret, "after alice");
    EXPECT_FALSE(a->next_of("room_activity", 300ms)) << "activity after removal";

    // A 1:1 chat opened with her; a group she is in deleted.
    auto direct = http_call(server.port(), "POST", "/direct", {{"username", "alice"}}, bob.token);
    ASSERT_EQ(direct.status, 201);
    auto opened = a->next_of("room_added");
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->at("roomId").as_int64(), direct.body.at("id").as_int64());
    ASSERT_EQ(
        http_call(server.port(), "DELETE", "/groups/" + std::to_string(room), nullptr, alice.token)
            .status,
        200);
    auto deleted = a->next_of("room_removed");
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->at("roomId").as_int64(), room);
    EXPECT_EQ(deleted->at("reason").as_string(), "deleted");
}

}  // namespace
}  // namespace parley::testing
