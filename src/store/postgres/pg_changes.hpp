#pragma once
// The rows of a room's event stream besides plain messages, for the PostgreSQL log: replies and
// mentions of a new message, edits, deletions and reactions. Internal to postgres/; each
// function runs inside the caller's transaction, after the rooms' counter rows are locked.
#include "store/errors.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/types.hpp"

namespace parley::store::postgres {

/// Stores a new message with its room's next seq: its reply (not_found when `reply_to` is not a
/// message of the room) and its mentions of members. invalid_argument if the room is gone;
/// conflict if its clientMsgId was used before; unavailable if the database failed.
result<saved_message> store_message(pg_connection& c, const new_message& m);

/// Records which members the stored message `m` mentions (the sender never mentions
/// themselves).
result<void> record_mentions(pg_connection& c, const message& m);

/// Stores an edit, deletion or reaction: the same contract as the SQLite backend's
/// store_change (not_found, forbidden, invalid_argument for too many emoji, duplicate with seq 0
/// when nothing changes).
result<saved_message> store_change(pg_connection& c, const new_message& m);

}  // namespace parley::store::postgres
