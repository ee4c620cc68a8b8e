#include <spdlog/spdlog.h>

#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {

boost::system::error_code fail(connection& db, const char* what) {
    const int code = db.extended_errcode();
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return errc::conflict;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY || code == SQLITE_CONSTRAINT_NOTNULL ||
        code == SQLITE_CONSTRAINT_CHECK)
        return errc::invalid_argument;
    spdlog::error("sqlite: {} failed: {} (code {})", what, db.last_error(), code);
    return errc::unavailable;
}

result<int> run(connection& db, statement* st, const char* what) {
    if (!st || st->step() != SQLITE_DONE) return fail(db, what);
    return db.changes();
}

}  // namespace parley::store::sqlite
