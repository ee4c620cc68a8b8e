#pragma once
// How stored records look in REST answers (camelCase, times in milliseconds).
#include <boost/json/object.hpp>

#include "store/types.hpp"

namespace parley::api {

/// The signed-in user's own view: includes the email.
[[nodiscard]] boost::json::object user_json(const store::user& u);
/// What anyone may see of a user: no email.
[[nodiscard]] boost::json::object public_user_json(const store::user& u, bool online);
[[nodiscard]] boost::json::object group_json(const store::room& g);
[[nodiscard]] boost::json::object group_summary_json(const store::room_summary& g);
[[nodiscard]] boost::json::object direct_json(const store::direct_summary& d, bool other_online);
/// One of the caller's rooms with its read state: the room, `lastSeq`, `lastReadSeq`,
/// `unread`, `lastMessage` (or null), and `other` (the other member) for a direct room.
[[nodiscard]] boost::json::object my_room_json(const store::my_room& r, bool other_online);

}  // namespace parley::api
