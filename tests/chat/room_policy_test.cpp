// The one table of who may do what (src/room_policy.hpp), alone.
#include "room_policy.hpp"

#include <gtest/gtest.h>

namespace parley {
namespace {

using enum room_action;
constexpr auto owner = member_role::owner;
constexpr auto member = member_role::member;
constexpr auto group = room_kind::group;
constexpr auto direct = room_kind::direct;

TEST(RoomPolicy, AGroupsOwnerRunsItAndCannotLeaveIt) {
    for (auto a : {post, edit_own, delete_own, delete_others, change_settings, invite,
                   remove_others, delete_room})
        EXPECT_TRUE(may(owner, group, a)) << static_cast<int>(a);
    EXPECT_FALSE(may(owner, group, leave));
}

TEST(RoomPolicy, AGroupsMembersTakePartInviteAndLeave) {
    for (auto a : {post, edit_own, delete_own, invite, leave})
        EXPECT_TRUE(may(member, group, a)) << static_cast<int>(a);
    for (auto a : {delete_others, change_settings, remove_others, delete_room})
        EXPECT_FALSE(may(member, group, a)) << static_cast<int>(a);
}

TEST(RoomPolicy, ADirectRoomIsFixedAndNobodyDeletesTheOthersMessages) {
    for (auto role : {owner, member}) {
        for (auto a : {post, edit_own, delete_own})
            EXPECT_TRUE(may(role, direct, a)) << static_cast<int>(a);
        for (auto a : {delete_others, change_settings, invite, remove_others, leave, delete_room})
            EXPECT_FALSE(may(role, direct, a)) << static_cast<int>(a);
    }
}

TEST(RoomPolicy, NonMembersMayDoNothing) {
    for (auto kind : {group, direct})
        for (auto a : {post, edit_own, delete_own, delete_others, change_settings, invite,
                       remove_others, leave, delete_room})
            EXPECT_FALSE(may(std::nullopt, kind, a));
}

TEST(RoomPolicy, OnlyPublicGroupsShowThemselvesToNonMembers) {
    EXPECT_EQ(access_to(group, false, false), room_access::joinable);
    EXPECT_EQ(access_to(group, true, false), room_access::hidden);
    EXPECT_EQ(access_to(direct, true, false), room_access::hidden);
    EXPECT_EQ(access_to(direct, false, false), room_access::hidden);
    EXPECT_EQ(access_to(group, true, true), room_access::member);
}

TEST(RoomPolicy, KindsAndRolesKeepTheirStoredNames) {
    for (auto k : {group, direct}) EXPECT_EQ(room_kind_named(name_of(k)), k);
    for (auto r : {owner, member}) EXPECT_EQ(member_role_named(name_of(r)), r);
    EXPECT_EQ(room_kind_named("channel"), std::nullopt);
    EXPECT_EQ(member_role_named("Owner"), std::nullopt);
}

}  // namespace
}  // namespace parley
