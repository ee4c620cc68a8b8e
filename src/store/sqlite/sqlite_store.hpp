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
/// The methods are defined by area: sqlite_store.cpp (setup, users, sessions),
/// sqlite_profiles.cpp, sqlite_groups.cpp and sqlite_messages.cpp.
class sqlite_store final : public store {
  public:
    /// Opens or creates the database at `path` (":memory:" for a private in-memory one).
    /// Returns nullptr and fills `why` when it cannot be opened or configured.
    static std::unique_ptr<sqlite_store> open(const std::string& path, std::string& why);

    result<void> migrate() override;
    result<user> create_user(const new_user& u, millis_t now) override;
    result<user_credentials> find_credentials(std::string_view username) override;
    result<user> find_user(id_t id) override;
    result<user> find_user_by_name(std::string_view username) override;
    result<user> update_profile(id_t id, const profile_fields& p) override;
    result<std::vector<user>> search_users(std::string_view prefix, int limit) override;
    result<std::vector<std::string>> user_tags(id_t user_id) override;
    result<void> add_tag(id_t user_id, std::string_view tag, millis_t now) override;
    result<bool> remove_tag(id_t user_id, std::string_view tag) override;
    result<std::vector<tag_count>> all_tags() override;
    result<std::vector<user>> users_with_tag(std::string_view tag) override;
    result<void> create_session(const session& s) override;
    result<user> find_session_user(std::string_view token_hash, millis_t now) override;
    result<void> delete_session(std::string_view token_hash) override;
    result<group> create_group(const new_group& g, millis_t now) override;
    result<group> find_group(id_t id) override;
    result<std::vector<group_summary>> group_summaries(id_t viewer,
                                                       std::string_view name_filter) override;
    result<group> rename_group(id_t group_id, std::string_view name) override;
    result<void> delete_group(id_t group_id) override;
    result<bool> is_member(id_t group_id, id_t user_id) override;
    result<std::string> member_role(id_t group_id, id_t user_id) override;
    result<bool> remove_member(id_t group_id, id_t user_id) override;
    result<void> add_member(id_t group_id, id_t user_id, std::string_view role,
                            millis_t now) override;
    result<std::vector<member>> members(id_t group_id) override;
    result<std::vector<message>> recent_messages(id_t group_id, int limit) override;
    result<std::vector<message>> messages_before(id_t group_id, id_t before_id, int limit) override;
    result<std::vector<message>> messages_after_seq(id_t group_id, std::int64_t after_seq,
                                                    int limit) override;
    result<std::vector<message>> messages_before_seq(id_t group_id, std::int64_t before_seq,
                                                     int limit) override;
    result<group> direct_room(id_t a, id_t b, millis_t now, bool& created) override;
    result<std::vector<direct_summary>> direct_rooms(id_t user_id) override;
    std::vector<result<saved_message>> save_messages(std::span<const new_message> batch) override;

  private:
    explicit sqlite_store(std::unique_ptr<connection> db) : db_(std::move(db)) {}

    /// Maps the connection's last error to an errc and logs what SQLite said.
    boost::system::error_code fail(const char* what);
    /// Runs a prepared query and reads every row with `read`.
    template <class T, class Read>
    result<std::vector<T>> rows(statement* st, const char* what, Read read) {
        if (!st) return fail(what);
        std::vector<T> out;
        int rc;
        while ((rc = st->step()) == SQLITE_ROW) out.push_back(read(*st));
        if (rc != SQLITE_DONE) return fail(what);
        return out;
    }
    /// Runs a prepared query and reads its one row, or not_found.
    template <class T, class Read>
    result<T> one(statement* st, const char* what, Read read) {
        if (!st) return fail(what);
        const int rc = st->step();
        if (rc == SQLITE_DONE) return errc::not_found;
        if (rc != SQLITE_ROW) return fail(what);
        T value = read(*st);
        st->step();  // let an INSERT/UPDATE ... RETURNING finish
        return value;
    }
    /// Runs a prepared statement that returns no rows; returns how many rows it changed.
    result<int> run(statement* st, const char* what);

    result<void> add_member_locked(id_t group_id, id_t user_id, std::string_view role,
                                   millis_t now);
    result<group> create_group_locked(const new_group& g, millis_t now);
    /// Inside save_messages' transaction: the stored original of a retry, or not_found.
    result<message> find_by_client_id(id_t user_id, const std::string& client_msg_id);
    /// Inside save_messages' transaction: stores one new message with its room's next seq.
    result<message> insert_message(const new_message& m);

    std::mutex mutex_;
    std::unique_ptr<connection> db_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::store::sqlite
