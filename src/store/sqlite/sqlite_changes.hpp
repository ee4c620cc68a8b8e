#pragma once
// The rows of a room's event stream besides plain messages, for the SQLite log: replies and
// mentions of a new message, edits, deletions and reactions. Internal to sqlite/; each function
// runs inside the caller's transaction.

#include "store/errors.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/types.hpp"

namespace parley::store::sqlite {

/// Stores a new message with its room's next seq: its reply (not_found when `reply_to` is not a
/// message of the room) and its mentions of members. invalid_argument if the room is gone;
/// conflict if its clientMsgId was used before.
result<saved_message> store_message(connection& db, const new_message& m);

/// Stores an edit, deletion or reaction of `m.target_id` as the room's next event and changes the
/// message: not_found when it is not a message of the room (or, to edit or react, is deleted);
/// forbidden when `m.user_id` may not (edit: only the author; delete: the author or a group's
/// owner); invalid_argument when a new emoji would pass limits::reactions_per_message_max. A
/// change that changes nothing (the same text, a reaction already there or already gone, a
/// message already deleted) stores nothing: it answers duplicate, with seq 0.
result<saved_message> store_change(connection& db, const new_message& m);

}  // namespace parley::store::sqlite
