#include "store/sqlite/sqlite_store.hpp"

#include <spdlog/spdlog.h>

#include "store/sqlite/migrations.hpp"

namespace parley::store::sqlite {
namespace {

constexpr const char* user_columns = "id, username, email, avatar, created_at";

user read_user(const statement& st, int first = 0) {
    return user{st.int64(first), st.text(first + 1), st.optional_text(first + 2),
                st.optional_text(first + 3), st.int64(first + 4)};
}

constexpr const char* group_columns = "id, name, private, kind, coalesce(created_by, 0), created_at";

group read_group(const statement& st) {
    return group{st.int64(0), st.text(1), st.int64(2) != 0, st.text(3), st.int64(4), st.int64(5)};
}

/// Undoes a transaction unless it was committed.
class transaction_guard {
public:
    explicit transaction_guard(connection& db) : db_(db) {}
    ~transaction_guard() {
        if (!done_) db_.exec("ROLLBACK");
    }
    void committed() { done_ = true; }

private:
    connection& db_;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<sqlite_store> sqlite_store::open(const std::string& path, std::string& why) {
    auto db = connection::open(path, why);
    if (!db) return nullptr;
    // WAL lets readers proceed during a write; FULL fsyncs every commit so an acknowledged
    // message survives a crash. Group commit amortizes that fsync over many messages.
    const char* setup =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=5000;";
    if (db->exec(setup) != SQLITE_OK) {
        why = db->last_error();
        return nullptr;
    }
    return std::unique_ptr<sqlite_store>(new sqlite_store(std::move(db)));
}

boost::system::error_code sqlite_store::fail(const char* what) {
    const int code = db_->extended_errcode();
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return errc::conflict;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY || code == SQLITE_CONSTRAINT_NOTNULL ||
        code == SQLITE_CONSTRAINT_CHECK)
        return errc::invalid_argument;
    spdlog::error("sqlite: {} failed: {} (code {})", what, db_->last_error(), code);
    return errc::unavailable;
}

result<void> sqlite_store::migrate() {
    std::lock_guard lock(mutex_);
    if (db_->exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)") != SQLITE_OK)
        return fail("create schema_migrations");
    for (const auto& m : migrations()) {
        auto* check = db_->prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
        if (!check) return fail("prepare migration check");
        check->bind(1, std::int64_t{m.version});
        if (check->step() == SQLITE_ROW) continue;

        if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail("begin migration");
        transaction_guard tx(*db_);
        if (db_->exec(m.sql) != SQLITE_OK) return fail("apply migration");
        auto* mark = db_->prepare(
            "INSERT INTO schema_migrations(version, applied_at) VALUES (?, unixepoch() * 1000)");
        if (!mark) return fail("prepare migration mark");
        mark->bind(1, std::int64_t{m.version});
        if (mark->step() != SQLITE_DONE) return fail("record migration");
        if (db_->exec("COMMIT") != SQLITE_OK) return fail("commit migration");
        tx.committed();
        spdlog::info("sqlite: applied schema migration {}", m.version);
    }
    return {};
}

result<user> sqlite_store::create_user(const new_user& u, millis_t now) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "INSERT INTO users(username, email, password_hash, created_at)"
        " VALUES (?, ?, ?, ?) RETURNING " + std::string(user_columns));
    if (!st) return fail("prepare create_user");
    st->bind(1, std::string_view(u.username));
    st->bind(2, u.email);
    st->bind(3, std::string_view(u.password_hash));
    st->bind(4, now);
    if (st->step() != SQLITE_ROW) return fail("create_user");
    user created = read_user(*st);
    st->step();  // finish the statement so the insert completes
    return created;
}

result<user_credentials> sqlite_store::find_credentials(std::string_view username) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + std::string(user_columns) +
                            ", password_hash FROM users WHERE username = ?");
    if (!st) return fail("prepare find_credentials");
    st->bind(1, username);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return errc::not_found;
    if (rc != SQLITE_ROW) return fail("find_credentials");
    return user_credentials{read_user(*st), st->text(5)};
}

result<user> sqlite_store::find_user(id_t id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + std::string(user_columns) + " FROM users WHERE id = ?");
    if (!st) return fail("prepare find_user");
    st->bind(1, id);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return errc::not_found;
    if (rc != SQLITE_ROW) return fail("find_user");
    return read_user(*st);
}

result<void> sqlite_store::create_session(const session& s) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
    if (!st) return fail("prepare create_session");
    st->bind(1, std::string_view(s.token_hash));
    st->bind(2, s.user_id);
    st->bind(3, s.created_at);
    st->bind(4, s.expires_at);
    if (st->step() != SQLITE_DONE) return fail("create_session");
    return {};
}

result<user> sqlite_store::find_session_user(std::string_view token_hash, millis_t now) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT u.id, u.username, u.email, u.avatar, u.created_at"
                            " FROM sessions s JOIN users u ON u.id = s.user_id"
                            " WHERE s.token_hash = ? AND s.expires_at > ?");
    if (!st) return fail("prepare find_session_user");
    st->bind(1, token_hash);
    st->bind(2, now);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return errc::not_found;
    if (rc != SQLITE_ROW) return fail("find_session_user");
    return read_user(*st);
}

result<void> sqlite_store::delete_session(std::string_view token_hash) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("DELETE FROM sessions WHERE token_hash = ?");
    if (!st) return fail("prepare delete_session");
    st->bind(1, token_hash);
    if (st->step() != SQLITE_DONE) return fail("delete_session");
    return {};
}

result<group> sqlite_store::create_group(const new_group& g, millis_t now) {
    std::lock_guard lock(mutex_);
    if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail("begin create_group");
    transaction_guard tx(*db_);
    auto* st = db_->prepare("INSERT INTO groups(name, private, kind, created_by, created_at)"
                            " VALUES (?, ?, ?, ?, ?) RETURNING " + std::string(group_columns));
    if (!st) return fail("prepare create_group");
    st->bind(1, std::string_view(g.name));
    st->bind(2, std::int64_t{g.is_private});
    st->bind(3, std::string_view(g.kind));
    st->bind(4, g.created_by);
    st->bind(5, now);
    if (st->step() != SQLITE_ROW) return fail("create_group");
    group created = read_group(*st);
    st->step();
    if (auto r = add_member_locked(created.id, g.created_by, "owner", now); !r) return r.error();
    if (db_->exec("COMMIT") != SQLITE_OK) return fail("commit create_group");
    tx.committed();
    return created;
}

result<group> sqlite_store::find_group(id_t id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + std::string(group_columns) + " FROM groups WHERE id = ?");
    if (!st) return fail("prepare find_group");
    st->bind(1, id);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return errc::not_found;
    if (rc != SQLITE_ROW) return fail("find_group");
    return read_group(*st);
}

result<std::vector<group>> sqlite_store::visible_groups(id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT " + std::string(group_columns) + " FROM groups g WHERE g.private = 0 OR EXISTS"
        " (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?) ORDER BY id");
    if (!st) return fail("prepare visible_groups");
    st->bind(1, user_id);
    std::vector<group> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) out.push_back(read_group(*st));
    if (rc != SQLITE_DONE) return fail("visible_groups");
    return out;
}

result<bool> sqlite_store::is_member(id_t group_id, id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?");
    if (!st) return {boost::system::in_place_error, fail("prepare is_member")};
    st->bind(1, group_id);
    st->bind(2, user_id);
    const int rc = st->step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return {boost::system::in_place_error, fail("is_member")};
    return rc == SQLITE_ROW;
}

result<void> sqlite_store::add_member(id_t group_id, id_t user_id, std::string_view role,
                                      millis_t now) {
    std::lock_guard lock(mutex_);
    return add_member_locked(group_id, user_id, role, now);
}

result<void> sqlite_store::add_member_locked(id_t group_id, id_t user_id, std::string_view role,
                                             millis_t now) {
    auto* st = db_->prepare(
        "INSERT INTO group_members(group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING");
    if (!st) return fail("prepare add_member");
    st->bind(1, group_id);
    st->bind(2, user_id);
    st->bind(3, role);
    st->bind(4, now);
    if (st->step() != SQLITE_DONE) return fail("add_member");
    return {};
}

result<std::vector<member>> sqlite_store::members(id_t group_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT u.id, u.username, m.role FROM group_members m JOIN users u ON u.id = m.user_id"
        " WHERE m.group_id = ? ORDER BY m.joined_at, u.id");
    if (!st) return fail("prepare members");
    st->bind(1, group_id);
    std::vector<member> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW)
        out.push_back(member{st->int64(0), st->text(1), st->text(2)});
    if (rc != SQLITE_DONE) return fail("members");
    return out;
}

result<std::vector<message>> sqlite_store::recent_messages(id_t group_id, int limit) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT * FROM (SELECT m.id, m.group_id, m.user_id, u.username, m.content, m.created_at"
        " FROM messages m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?"
        " ORDER BY m.id DESC LIMIT ?) ORDER BY id");
    if (!st) return fail("prepare recent_messages");
    st->bind(1, group_id);
    st->bind(2, std::int64_t{limit});
    std::vector<message> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW)
        out.push_back(message{st->int64(0), st->int64(1), st->int64(2), st->text(3), st->text(4),
                              st->int64(5)});
    if (rc != SQLITE_DONE) return fail("recent_messages");
    return out;
}

std::vector<result<message>> sqlite_store::save_messages(std::span<const new_message> batch) {
    std::lock_guard lock(mutex_);
    std::vector<result<message>> out;
    out.reserve(batch.size());
    auto fail_all = [&](const char* what) {
        const auto ec = fail(what);
        out.assign(batch.size(), ec);
        return out;
    };
    if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail_all("begin save_messages");
    transaction_guard tx(*db_);
    for (const auto& m : batch) {
        // A savepoint per message: one bad row (e.g. a deleted room) fails alone.
        if (db_->exec("SAVEPOINT one_message") != SQLITE_OK) return fail_all("savepoint");
        auto* st = db_->prepare(
            "INSERT INTO messages(group_id, user_id, content, created_at) VALUES (?, ?, ?, ?)");
        if (st) {
            st->bind(1, m.group_id);
            st->bind(2, m.user_id);
            st->bind(3, std::string_view(m.text));
            st->bind(4, m.created_at);
        }
        if (st && st->step() == SQLITE_DONE) {
            out.push_back(message{db_->last_insert_rowid(), m.group_id, m.user_id, m.sender, m.text,
                                  m.created_at});
            db_->exec("RELEASE one_message");
        } else {
            out.push_back(fail("insert message"));
            db_->exec("ROLLBACK TO one_message; RELEASE one_message");
        }
    }
    if (db_->exec("COMMIT") != SQLITE_OK) return fail_all("commit save_messages");
    tx.committed();
    return out;
}

}  // namespace parley::store::sqlite
