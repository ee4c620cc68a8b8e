#include "store/sqlite/sqlite_db.hpp"

namespace parley::store::sqlite {

std::unique_ptr<connection> connection::open(const std::string& path, std::string& why) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr); rc != SQLITE_OK) {
        why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_extended_result_codes(db, 1);
    return std::unique_ptr<connection>(new connection(db));
}

connection::~connection() {
    cache_.clear();  // statements must be finalized before the connection closes
    sqlite3_close(db_);
}

int connection::exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

statement* connection::prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
        it->second->reset();
        return it->second.get();
    }
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
        return nullptr;
    }
    auto [it, _] = cache_.emplace(sql, std::make_unique<statement>(raw));
    return it->second.get();
}

std::string connection::release() {
    std::string open;
    for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st)) {
        if (!sqlite3_stmt_busy(st)) continue;
        open += (open.empty() ? "" : "; ") + std::string(sqlite3_sql(st));
        sqlite3_reset(st);
    }
    if (!sqlite3_get_autocommit(db_)) {
        open += (open.empty() ? "" : "; ") + std::string("an open transaction");
        exec("ROLLBACK");
    }
    return open;
}

}  // namespace parley::store::sqlite
