#pragma once
// Message search for the SQLite log: the trigram index, filled off the commit path, and the
// query. Internal to sqlite/.
#include "store/errors.hpp"
#include "store/message_log.hpp"
#include "store/sqlite/database.hpp"

namespace parley::store::sqlite {

/// Where the index stands after index_pending().
enum class index_state { up_to_date, behind };

/// Indexes up to `max_rows` rows of the messages table not indexed yet (messages, and the
/// edits and deletions that change what they say), in id order, in one transaction that is not
/// synced at commit (a crash can only lose index work, which is redone). Says whether rows are
/// left. Takes the writer: call it from the log's writer thread when idle, or before a
/// search.
result<index_state> index_pending(database& db, int max_rows);

/// Brings the index up to date (at most limits::search_catch_up_rows rows), then searches it.
/// See message_log::search.
result<search_results> search_messages(database& db, const search_request& r);

}  // namespace parley::store::sqlite
