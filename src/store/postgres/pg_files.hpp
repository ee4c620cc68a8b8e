#pragma once
// store::files over PostgreSQL.
#include "store/files.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_pool.hpp"

namespace parley::store::postgres {

/// Files' rows in one PostgreSQL database, each call on a pooled connection. Thread-safe; the
/// pool must outlive it.
class pg_files final : public files {
  public:
    explicit pg_files(pg_pool& pool) : pool_(pool) {}

    result<void> add_file(const file_record& f) override;
    result<file_record> file_for_member(std::string_view file_id, id_t user_id) override;
    result<std::int64_t> bytes_uploaded(id_t user_id) override;
    result<std::int64_t> delete_unattached(millis_t before) override;
    result<bool> blob_in_use(std::string_view blob) override;

  private:
    pg_pool& pool_;
};

/// Inside a message's append transaction: attaches the files `m` names to the message `id`
/// (see new_message::files) and returns them as the message shows them.
result<std::vector<file_summary>> attach_files(pg_connection& c, const new_message& m, id_t id);

}  // namespace parley::store::postgres
