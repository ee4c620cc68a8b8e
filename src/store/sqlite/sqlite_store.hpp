#pragma once
// The embedded default store: one SQLite database file in WAL mode.
#include <memory>
#include <mutex>
#include <string>

#include "store/sqlite/sqlite_db.hpp"
#include "store/store.hpp"

namespace parley::store::sqlite {

/// A store over one SQLite connection. Calls are serialized by an internal mutex; SQLite
/// allows one writer at a time anyway, and group commit keeps that writer busy efficiently.
///
/// Durability: WAL journal with synchronous=FULL, so a message is on disk (fsynced) when
/// save_messages returns it, and a crash or power loss cannot lose an acknowledged message.
class sqlite_store final : public store {
public:
    /// Opens or creates the database at `path` (":memory:" for a private in-memory one).
    /// Returns nullptr and fills `why` when it cannot be opened or configured.
    static std::unique_ptr<sqlite_store> open(const std::string& path, std::string& why);

    result<void> migrate() override;
    result<user> create_user(const new_user& u, millis_t now) override;
    result<user_credentials> find_credentials(std::string_view username) override;
    result<user> find_user(id_t id) override;
    result<void> create_session(const session& s) override;
    result<user> find_session_user(std::string_view token_hash, millis_t now) override;
    result<void> delete_session(std::string_view token_hash) override;
    result<group> create_group(const new_group& g, millis_t now) override;
    result<group> find_group(id_t id) override;
    result<std::vector<group>> visible_groups(id_t user_id) override;
    result<bool> is_member(id_t group_id, id_t user_id) override;
    result<void> add_member(id_t group_id, id_t user_id, std::string_view role,
                            millis_t now) override;
    result<std::vector<member>> members(id_t group_id) override;
    result<std::vector<message>> recent_messages(id_t group_id, int limit) override;
    std::vector<result<message>> save_messages(std::span<const new_message> batch) override;

private:
    explicit sqlite_store(std::unique_ptr<connection> db) : db_(std::move(db)) {}

    /// Maps the connection's last error to an errc and logs what SQLite said.
    boost::system::error_code fail(const char* what);
    result<void> add_member_locked(id_t group_id, id_t user_id, std::string_view role,
                                   millis_t now);

    std::mutex mutex_;
    std::unique_ptr<connection> db_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::store::sqlite
