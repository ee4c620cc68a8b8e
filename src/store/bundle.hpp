#pragma once
// One database, opened from a URL, as the three interfaces the rest of Parley uses.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.hpp"
#include "store/accounts.hpp"
#include "store/files.hpp"
#include "store/message_log.hpp"
#include "store/rooms.hpp"
#include "store/tables.hpp"

namespace parley::store {

/// References to one database's three interfaces, as the server is built from them. Tests
/// swap one part (e.g. a fault-injecting message log) without touching the others.
struct parts {
    store::accounts& accounts;
    store::rooms& rooms;
    store::message_log& log;
    store::files& files;
};

/// An open database: owns its connections and the three interfaces over them.
class bundle {
  public:
    virtual ~bundle() = default;

    /// Brings the schema up to date. Idempotent: applying it again changes nothing.
    [[nodiscard]] virtual result<void> migrate() = 0;
    virtual store::accounts& accounts() = 0;
    virtual store::rooms& rooms() = 0;
    virtual store::message_log& log() = 0;
    virtual store::files& files() = 0;
    /// Reads every row of every table (schema_tables() order, batches of at most `batch`
    /// rows) from one consistent snapshot into `sink`: the source of `parley copy`.
    [[nodiscard]] virtual result<void> export_rows(const rows_sink& sink, std::size_t batch) = 0;
    /// Starts writing another database's rows into this one, ids kept; conflict when this one
    /// already holds a row. Writers of this database wait until the importer is gone.
    [[nodiscard]] virtual result<std::unique_ptr<importer>> import_rows() = 0;
    /// All of them, to build a server from.
    store::parts parts() { return {accounts(), rooms(), log(), files()}; }
};

/// The URL with its password, if any, replaced by "***": what logs and error messages show.
std::string redacted(std::string_view url);

/// What a sqlite: URL names: the file (":memory:" for a private in-memory database) and how
/// long a statement waits for another process's lock (`?busy_timeout=MS`, 0 to 600000).
struct sqlite_url {
    std::string path;
    std::chrono::milliseconds busy_timeout = limits::sqlite_busy_timeout;
};

/// The parts of a sqlite: URL; nullopt for any other URL; invalid_argument, with `why`, for a
/// sqlite: URL with no path or an unknown option.
[[nodiscard]] result<std::optional<sqlite_url>> parse_sqlite_url(std::string_view url,
                                                                 std::string& why);

/// Opens a database from a URL such as "sqlite:data/parley.db", "sqlite::memory:" or
/// "postgres://user:password@host:port/database".
/// Fails with a readable `why` for an unknown scheme or a database that cannot be opened.
[[nodiscard]] result<std::unique_ptr<bundle>> open(std::string_view url, std::string& why);

}  // namespace parley::store
