#include "store/sqlite/backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "config.hpp"

namespace parley::store::sqlite {
namespace {

using handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

handle open(const std::string& path, int flags, std::string& why) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    handle h(db, &sqlite3_close);
    if (rc != SQLITE_OK) why = "cannot open " + path + ": " + sqlite3_errstr(rc);
    return h;
}

/// Runs one statement that returns at most one text value ("" when none); `why` on failure.
std::string one_text(sqlite3* db, const char* sql, std::string& why) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
        why = sqlite3_errmsg(db);
        return {};
    }
    std::string out;
    if (int rc = sqlite3_step(st); rc == SQLITE_ROW) {
        if (auto* t = sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(t);
    } else if (rc != SQLITE_DONE) {
        why = sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
    return out;
}

std::string copy_into(const std::string& from, const std::string& partial) {
    std::string why;
    auto source = open(from, SQLITE_OPEN_READONLY, why);
    if (!why.empty()) return why;
    sqlite3_busy_timeout(source.get(), static_cast<int>(limits::sqlite_busy_timeout.count()));
    // The source must be a Parley database, not any file that happens to be there.
    if (one_text(source.get(), "SELECT count(*) FROM sqlite_schema WHERE name = 'users'", why) !=
        "1")
        return why.empty() ? from + " is not a Parley database" : why;
    auto target = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, why);
    if (!why.empty()) return why;
    sqlite3_backup* b = sqlite3_backup_init(target.get(), "main", source.get(), "main");
    if (!b) return std::string("cannot start the backup: ") + sqlite3_errmsg(target.get());
    // One step copies every page inside one read transaction: a consistent snapshot that the
    // server's writes (WAL) neither wait for nor disturb.
    const int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return std::string("the backup failed: ") + sqlite3_errstr(rc);
    if (one_text(target.get(), "PRAGMA journal_mode=DELETE", why); !why.empty()) return why;
    if (auto check = one_text(target.get(), "PRAGMA quick_check", why); check != "ok")
        return "the copy does not check out: " + (why.empty() ? check : why);
    return {};
}

}  // namespace

std::string backup(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(to, ec)) return to + " exists already: back up into a new file";
    if (!fs::exists(from, ec)) return "there is no database at " + from;
    const std::string partial = to + ".partial";
    fs::remove(partial, ec);
    std::string why = copy_into(from, partial);
    if (why.empty()) {
        fs::rename(partial, to, ec);
        if (ec) why = "cannot rename the copy to " + to + ": " + ec.message();
    }
    if (!why.empty()) fs::remove(partial, ec);
    return why;
}

}  // namespace parley::store::sqlite
