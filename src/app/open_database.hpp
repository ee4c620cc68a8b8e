#pragma once
// Opening the configured database the way every command of the binary does.
#include <filesystem>
#include <memory>
#include <string>

#include "store/bundle.hpp"

namespace parley::app {

/// What to do when the SQLite file of a URL does not exist yet.
enum class when_missing {
    create,  ///< make it (and its folder), saying so in the log: `serve`, `migrate`, `copy --to`
    refuse,  ///< throw: a command that reads or changes an existing database (admin, backup,
             ///< copy --from) would otherwise work on a new, empty one and report success
};

/// Opens and migrates the database at `url`. Throws std::runtime_error saying why not (with
/// any password in the URL hidden), also for a missing SQLite file under when_missing::refuse.
std::unique_ptr<store::bundle> open_database(const std::string& url,
                                             when_missing missing = when_missing::create);

/// The file a sqlite: URL names; empty for other URLs and in-memory databases. Throws
/// std::runtime_error for a malformed sqlite: URL.
std::filesystem::path sqlite_file(const std::string& url);

/// Throws std::runtime_error when `url` names a SQLite file that does not exist.
void require_existing_sqlite_file(const std::string& url);

}  // namespace parley::app
