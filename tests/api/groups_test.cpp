#include <gtest/gtest.h>

#include "api/api_test.hpp"
#include "support/seed.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

using Groups = api_test;

TEST_F(Groups, ListShowsCountsMembershipAndLastMessageTime) {
    auto town = server.create_group(alice, "Town Square");
    server.create_group(alice, "Kitchen");
    {
        auto a = server.connect(alice);
        a->send_json({{"type", "join"}, {"roomId", town}});
        a->next_of("joined");
        a->send_json({{"type", "message"}, {"roomId", town}, {"text", "hi"}});
        ASSERT_TRUE(a->next_of("message"));
    }
    auto list = call(bob, "GET", "/groups").body.at("groups").as_array();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].at("name").as_string(), "Town Square");
    EXPECT_EQ(list[0].at("memberCount").as_int64(), 1);
    EXPECT_FALSE(list[0].at("joined").as_bool());
    EXPECT_TRUE(list[0].at("lastMessageAt").is_int64());
    EXPECT_TRUE(list[1].at("lastMessageAt").is_null());
    auto mine = call(alice, "GET", "/groups").body.at("groups").as_array();
    EXPECT_TRUE(mine[0].at("joined").as_bool());
}

TEST_F(Groups, TheListComesInPages) {
    for (int i = 0; i < 5; ++i) server.create_group(alice, "g" + std::to_string(i));
    std::vector<std::string> names;
    std::string after;
    for (int pages = 0; pages < 10; ++pages) {
        auto r = call(bob, "GET", "/groups?limit=2" + (after.empty() ? "" : "&after=" + after));
        ASSERT_EQ(r.status, 200) << r.raw_body;
        const auto& groups = r.body.at("groups").as_array();
        EXPECT_LE(groups.size(), 2u);
        for (const auto& g : groups) names.emplace_back(g.at("name").as_string());
        if (r.body.at("nextAfter").is_null()) break;
        after = std::to_string(r.body.at("nextAfter").as_int64());
    }
    EXPECT_EQ(names, (std::vector<std::string>{"g0", "g1", "g2", "g3", "g4"}));
    EXPECT_TRUE(call(bob, "GET", "/groups").body.at("nextAfter").is_null()) << "one page of 5";
    EXPECT_EQ(call(bob, "GET", "/groups?limit=0").status, 400);
    EXPECT_EQ(call(bob, "GET", "/groups?limit=1000").status, 400);
    EXPECT_EQ(call(bob, "GET", "/groups?after=x").status, 400);
}

TEST_F(Groups, QueryFiltersByNameIgnoringCase) {
    server.create_group(alice, "Town Square");
    server.create_group(alice, "Kitchen");
    auto list = call(bob, "GET", "/groups?q=SQUARE").body.at("groups").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("name").as_string(), "Town Square");
}

TEST_F(Groups, CreateWithInitialMembers) {
    auto r =
        call(alice, "POST", "/groups", {{"name", "Team"}, {"private", true}, {"members", {"bob"}}});
    ASSERT_EQ(r.status, 201) << r.raw_body;
    auto details = call(bob, "GET", "/groups/" + std::to_string(r.body.at("id").as_int64()));
    ASSERT_EQ(details.status, 200);
    EXPECT_EQ(details.body.at("memberCount").as_int64(), 2);
    auto unknown = call(alice, "POST", "/groups", {{"name", "T"}, {"members", {"nobody"}}});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(code(unknown), "user_not_found");
    EXPECT_EQ(call(alice, "POST", "/groups", {{"name", "T"}, {"members", "bob"}}).status, 400);
}

TEST_F(Groups, DetailsListMembersWithRolesAndPresence) {
    auto id = server.create_group(alice, "Town");
    auto b = server.connect(bob);  // bob is online anywhere on the server
    call(bob, "POST", "/groups/" + std::to_string(id) + "/members", {{"username", "bob"}});
    auto d = call(alice, "GET", "/groups/" + std::to_string(id));
    ASSERT_EQ(d.status, 200);
    const auto& members = d.body.at("members").as_array();
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].at("username").as_string(), "alice");
    EXPECT_EQ(members[0].at("role").as_string(), "owner");
    EXPECT_FALSE(members[0].at("online").as_bool());
    EXPECT_EQ(members[1].at("role").as_string(), "member");
    EXPECT_TRUE(members[1].at("online").as_bool());
}

TEST_F(Groups, UnknownOrMalformedIdsAre404) {
    EXPECT_EQ(call(alice, "GET", "/groups/999").status, 404);
    EXPECT_EQ(call(alice, "GET", "/groups/abc").status, 404);
    EXPECT_EQ(call(alice, "GET", "/groups/-1").status, 404);
}

TEST_F(Groups, OnlyTheOwnerRenamesOrDeletes) {
    auto id = std::to_string(server.create_group(alice, "Town"));
    call(bob, "POST", "/groups/" + id + "/members", {{"username", "bob"}});
    EXPECT_EQ(call(bob, "PATCH", "/groups/" + id, {{"name", "Mine"}}).status, 403);
    EXPECT_EQ(call(bob, "DELETE", "/groups/" + id).status, 403);
    auto renamed = call(alice, "PATCH", "/groups/" + id, {{"name", " Plaza "}});
    ASSERT_EQ(renamed.status, 200);
    EXPECT_EQ(renamed.body.at("name").as_string(), "Plaza");
    EXPECT_EQ(call(alice, "PATCH", "/groups/" + id, {{"name", ""}}).status, 400);
    EXPECT_EQ(call(alice, "DELETE", "/groups/" + id).status, 200);
    EXPECT_EQ(call(alice, "GET", "/groups/" + id).status, 404);
}

TEST_F(Groups, MembersComeWithTheirNicknamesAndAvatars) {
    auto id = std::to_string(server.create_group(alice, "Town"));
    ASSERT_EQ(call(alice, "PATCH", "/profile",
                   {{"nickname", "Ally"}, {"avatar", "https://example.com/a.png"}})
                  .status,
              200);
    call(bob, "POST", "/groups/" + id + "/members", {{"username", "bob"}});
    auto g = call(bob, "GET", "/groups/" + id);
    ASSERT_EQ(g.status, 200);
    const auto& members = g.body.at("members").as_array();
    ASSERT_EQ(members.size(), 2u);
    EXPECT_EQ(members[0].at("nickname").as_string(), "Ally");
    EXPECT_EQ(members[0].at("avatar").as_string(), "https://example.com/a.png");
    EXPECT_TRUE(members[1].at("nickname").is_null());
    EXPECT_TRUE(members[1].at("avatar").is_null());
}

TEST_F(Groups, TheOwnerSetsATopicEveryMemberSees) {
    auto id = std::to_string(server.create_group(alice, "Town"));
    call(bob, "POST", "/groups/" + id + "/members", {{"username", "bob"}});
    EXPECT_EQ(call(bob, "PATCH", "/groups/" + id, {{"topic", "mine now"}}).status, 403);
    auto set = call(alice, "PATCH", "/groups/" + id, {{"topic", "  Friday: lunch at noon "}});
    ASSERT_EQ(set.status, 200) << set.raw_body;
    EXPECT_EQ(set.body.at("topic").as_string(), "Friday: lunch at noon");
    EXPECT_EQ(set.body.at("name").as_string(), "Town");
    EXPECT_EQ(call(bob, "GET", "/groups/" + id).body.at("topic").as_string(),
              "Friday: lunch at noon");
    auto both = call(alice, "PATCH", "/groups/" + id, {{"name", "City"}, {"topic", ""}});
    ASSERT_EQ(both.status, 200);
    EXPECT_EQ(both.body.at("name").as_string(), "City");
    EXPECT_EQ(both.body.at("topic").as_string(), "");
    EXPECT_EQ(call(alice, "PATCH", "/groups/" + id, json::object{}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/groups/" + id, {{"topic", std::string(251, 'x')}}).status,
              400);
    EXPECT_EQ(call(alice, "PATCH", "/groups/" + id, {{"topic", "a\u202Eb"}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/groups/" + id, {{"topic", 5}}).status, 400);
}

TEST_F(Groups, DeletingARoomDisconnectsItAndRemovesItsMessages) {
    auto id = server.create_group(alice, "Doomed");
    auto b = server.connect(bob);
    b->send_json({{"type", "join"}, {"roomId", id}});
    ASSERT_TRUE(b->next_of("joined"));
    b->send_json({{"type", "message"}, {"roomId", id}, {"text", "soon gone"}});
    ASSERT_TRUE(b->next_of("message"));
    ASSERT_EQ(call(alice, "DELETE", "/groups/" + std::to_string(id)).status, 200);
    auto notice = b->next_of("removed");
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->at("reason").as_string(), "deleted");
    EXPECT_EQ(notice->at("roomId").as_int64(), id);
    b->send_json({{"type", "message"}, {"roomId", id}, {"text", "anyone?"}});
    EXPECT_EQ(b->next_of("error")->at("code").as_string(), "not_joined");
    EXPECT_EQ(server.log().read(id, {}).error(), store::errc::not_found);
    EXPECT_EQ(server.database().scalar("SELECT count(*) FROM messages WHERE group_id = " +
                                       std::to_string(id)),
              0)
        << "the room's messages were left behind";
}

TEST_F(Groups, HistoryPagesBackwardsWithoutGapsOrRepeats) {
    auto id = server.create_group(alice, "Log");
    std::vector<store::new_message> batch;
    for (int i = 0; i < 130; ++i) batch.push_back({id, alice.id, "alice", std::to_string(i), i});
    append_all(server.log(), batch);
    const std::string base = "/groups/" + std::to_string(id) + "/messages";
    std::vector<std::string> seen;
    std::string target = base + "?limit=50";
    for (int page = 0; page < 5; ++page) {
        auto r = call(alice, "GET", target);
        ASSERT_EQ(r.status, 200) << r.raw_body;
        const auto& msgs = r.body.at("messages").as_array();
        std::vector<std::string> texts;
        for (const auto& m : msgs) texts.emplace_back(m.at("text").as_string());
        seen.insert(seen.begin(), texts.begin(), texts.end());
        if (!r.body.at("hasMore").as_bool()) break;
        target = base + "?limit=50&before=" + std::to_string(msgs.front().at("id").as_int64());
    }
    ASSERT_EQ(seen.size(), 130u);
    for (int i = 0; i < 130; ++i) EXPECT_EQ(seen[i], std::to_string(i));
}

TEST_F(Groups, HistoryValidatesItsParametersAndNeedsMembership) {
    auto id = std::to_string(server.create_group(alice, "Log"));
    EXPECT_EQ(call(alice, "GET", "/groups/" + id + "/messages?limit=101").status, 400);
    EXPECT_EQ(call(alice, "GET", "/groups/" + id + "/messages?limit=0").status, 400);
    EXPECT_EQ(call(alice, "GET", "/groups/" + id + "/messages?before=x").status, 400);
    auto outsider = call(bob, "GET", "/groups/" + id + "/messages");
    EXPECT_EQ(outsider.status, 403);
    EXPECT_EQ(code(outsider), "not_member");
}

TEST_F(Groups, PublicGroupsAreJoinedBySelfOnly) {
    auto id = std::to_string(server.create_group(alice, "Town"));
    auto carol = server.signup("carol");
    EXPECT_EQ(call(bob, "POST", "/groups/" + id + "/members", {{"username", "carol"}}).status, 403);
    EXPECT_EQ(call(bob, "POST", "/groups/" + id + "/members", {{"username", "bob"}}).status, 201);
    auto again = call(bob, "POST", "/groups/" + id + "/members", {{"username", "bob"}});
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(code(again), "already_member");
    EXPECT_EQ(call(bob, "POST", "/groups/" + id + "/members", {{"username", "ghost"}}).status, 404);
}

TEST_F(Groups, AnyMemberOfAPrivateGroupMayAddOthers) {
    auto id = std::to_string(server.create_group(alice, "Club", true));
    auto carol = server.signup("carol");
    EXPECT_EQ(call(alice, "POST", "/groups/" + id + "/members", {{"username", "bob"}}).status, 201);
    EXPECT_EQ(call(bob, "POST", "/groups/" + id + "/members", {{"username", "carol"}}).status, 201);
    EXPECT_EQ(call(carol, "GET", "/groups/" + id).status, 200);
}

TEST_F(Groups, MembersLeaveThemselvesAndTheOwnerRemovesOthers) {
    auto id = std::to_string(server.create_group(alice, "Club", true));
    auto carol = server.signup("carol");
    call(alice, "POST", "/groups/" + id + "/members", {{"username", "bob"}});
    call(alice, "POST", "/groups/" + id + "/members", {{"username", "carol"}});
    EXPECT_EQ(call(bob, "DELETE", "/groups/" + id + "/members/carol").status, 403);
    EXPECT_EQ(call(bob, "DELETE", "/groups/" + id + "/members/bob").status, 200);
    EXPECT_EQ(call(bob, "GET", "/groups/" + id).status, 404);
    EXPECT_EQ(call(alice, "DELETE", "/groups/" + id + "/members/carol").status, 200);
    EXPECT_EQ(call(alice, "DELETE", "/groups/" + id + "/members/carol").status, 404);
    auto owner = call(alice, "DELETE", "/groups/" + id + "/members/alice");
    EXPECT_EQ(owner.status, 409);
    EXPECT_EQ(code(owner), "owner_cannot_leave");
}

TEST_F(Groups, APersonPutIntoAGroupLeavesAndBlocksItSoNobodyAddsThemBack) {
    const auto id = server.create_group(alice, "Spam", true);
    const auto path = "/groups/" + std::to_string(id);
    auto carol = server.signup("carol");
    ASSERT_EQ(call(alice, "POST", path + "/members", {{"username", "bob"}}).status, 201);
    ASSERT_EQ(call(alice, "POST", path + "/members", {{"username", "carol"}}).status, 201);
    auto b = server.connect(bob);
    b->send_json({{"type", "join"}, {"roomId", id}});
    ASSERT_TRUE(b->next_of("joined"));

    auto blocked = call(bob, "POST", path + "/block");
    ASSERT_EQ(blocked.status, 200);
    EXPECT_EQ(blocked.body.at("blocked").as_int64(), id);
    EXPECT_EQ(b->next_of("removed")->at("reason").as_string(), "removed") << "left at once";
    EXPECT_EQ(call(bob, "GET", path).status, 404) << "gone from bob's view";
    for (const auto* adder : {&alice, &carol}) {
        auto again = call(*adder, "POST", path + "/members", {{"username", "bob"}});
        EXPECT_EQ(again.status, 403);
        EXPECT_EQ(code(again), "blocked");
    }
    EXPECT_EQ(call(bob, "POST", path + "/block").status, 404) << "not a member any more";
    // The owner cannot block (they delete), and public groups need no block.
    EXPECT_EQ(code(call(alice, "POST", path + "/block")), "owner_cannot_leave");
    const auto open = server.create_group(alice, "Open");
    ASSERT_EQ(
        call(bob, "POST", "/groups/" + std::to_string(open) + "/members", {{"username", "bob"}})
            .status,
        201);
    auto pub = call(bob, "POST", "/groups/" + std::to_string(open) + "/block");
    EXPECT_EQ(pub.status, 400);
    EXPECT_EQ(code(pub), "not_blockable");

    EXPECT_EQ(code(call(carol, "DELETE", path + "/block")), "not_blocked") << "only bob's block";
    ASSERT_EQ(call(bob, "DELETE", path + "/block").status, 200);
    EXPECT_EQ(call(bob, "DELETE", path + "/block").status, 404);
    EXPECT_EQ(call(carol, "POST", path + "/members", {{"username", "bob"}}).status, 201)
        << "unblocked: the members may add bob again";
}

TEST_F(Groups, RemovalTakesEffectOnOpenSockets) {
    auto id = server.create_group(alice, "Club", true);
    call(alice, "POST", "/groups/" + std::to_string(id) + "/members", {{"username", "bob"}});
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    a->send_json({{"type", "join"}, {"roomId", id}});
    ASSERT_TRUE(a->next_of("joined"));  // alice is in before bob comes
    b->send_json({{"type", "join"}, {"roomId", id}});
    ASSERT_TRUE(b->next_of("joined"));
    ASSERT_TRUE(a->next_of("member_joined"));

    ASSERT_EQ(call(alice, "DELETE", "/groups/" + std::to_string(id) + "/members/bob").status, 200);
    auto notice = b->next_of("removed");
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->at("reason").as_string(), "removed");
    EXPECT_EQ(a->next_of("member_left")->at("user").as_string(), "bob");

    a->send_json({{"type", "message"}, {"roomId", id}, {"text", "bob cannot see this"}});
    ASSERT_TRUE(a->next_of("message"));
    EXPECT_FALSE(b->next_of("message", 300ms));
    b->send_json({{"type", "join"}, {"roomId", id}});
    EXPECT_EQ(b->next_of("error")->at("code").as_string(), "room_not_found");
}

}  // namespace
}  // namespace parley::testing
