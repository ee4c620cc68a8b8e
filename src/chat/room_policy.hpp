#pragma once
// Who may see and enter a room: one rule for REST and the WebSocket alike.
#include "store/types.hpp"

namespace parley::chat {

/// What a user may do with a room.
enum class room_access {
    hidden,    ///< not a member of a private group or direct room: it must look nonexistent
    joinable,  ///< a public group they are not in: they may see it and join it themselves
    member,    ///< a member: they may read, write and see its members
};

/// The access `is_member` gives to `room`. Pure: no I/O, any thread.
[[nodiscard]] constexpr room_access access_to(const store::room& room, bool is_member) {
    if (is_member) return room_access::member;
    if (room.is_private || room.kind == "direct") return room_access::hidden;
    return room_access::joinable;
}

}  // namespace parley::chat
