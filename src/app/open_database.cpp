#include "app/open_database.hpp"

#include <filesystem>
#include <stdexcept>

namespace parley::app {

std::unique_ptr<store::bundle> open_database(const std::string& url) {
    constexpr std::string_view sqlite_scheme = "sqlite:";
    if (url.starts_with(sqlite_scheme)) {  // create the folder the database file lives in
        const std::filesystem::path file(url.substr(sqlite_scheme.size()));
        if (file != ":memory:" && file.has_parent_path())
            std::filesystem::create_directories(file.parent_path());
    }
    std::string why;
    auto db = store::open(url, why);
    const std::string shown = store::redacted(url);
    if (db.has_error()) throw std::runtime_error("cannot open database " + shown + ": " + why);
    if (auto m = (*db)->migrate(); m.has_error())
        throw std::runtime_error("cannot migrate database " + shown + ": " + m.error().message());
    return std::move(*db);
}

}  // namespace parley::app
