#pragma once
// store::files over SQLite.
#include "store/files.hpp"
#include "store/sqlite/database.hpp"

namespace parley::store::sqlite {

/// Files' rows in one SQLite database. Thread-safe; the database must outlive it.
class sqlite_files final : public files {
  public:
    explicit sqlite_files(database& db) : db_(db) {}

    result<void> add_file(const file_record& f) override;
    result<file_record> file_for_member(std::string_view file_id, id_t user_id) override;
    result<std::int64_t> bytes_uploaded(id_t user_id) override;
    result<std::int64_t> delete_unattached(millis_t before) override;
    result<bool> blob_in_use(std::string_view blob) override;

  private:
    database& db_;
};

/// Inside a message's append transaction: attaches the files `m` names to the message `id`
/// (see new_message::files) and returns them as the message shows them.
result<std::vector<file_summary>> attach_files(connection& db, const new_message& m, id_t id);

}  // namespace parley::store::sqlite
