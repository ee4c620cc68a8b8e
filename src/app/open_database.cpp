#include "app/open_database.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <stdexcept>

namespace parley::app {

std::filesystem::path sqlite_file(const std::string& url) {
    std::string why;
    auto sqlite = store::parse_sqlite_url(url, why);
    if (!sqlite) throw std::runtime_error("bad database URL " + url + ": " + why);
    if (!*sqlite || (*sqlite)->path == ":memory:") return {};
    return (*sqlite)->path;
}

void require_existing_sqlite_file(const std::string& url) {
    const auto file = sqlite_file(url);
    if (!file.empty() && !std::filesystem::exists(file))
        throw std::runtime_error("no database at " + file.string() +
                                 " (check --db or PARLEY_DB; parley serve creates it)");
}

std::unique_ptr<store::bundle> open_database(const std::string& url, when_missing missing) {
    if (missing == when_missing::refuse) require_existing_sqlite_file(url);
    const auto file = sqlite_file(url);
    if (!file.empty() && !std::filesystem::exists(file)) {
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
        spdlog::info("creating a new database at {}", file.string());
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
