#include "store/bundle.hpp"
#include "store/postgres/pg_bundle.hpp"
#include "store/sqlite/sqlite_bundle.hpp"

namespace parley::store {

std::string redacted(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    const auto at = url.find('@', scheme);
    const auto colon = url.find(':', scheme + 3);
    if (at == std::string_view::npos || colon == std::string_view::npos || colon > at)
        return std::string(url);
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

result<std::unique_ptr<bundle>> open(std::string_view url, std::string& why) {
    constexpr std::string_view sqlite_scheme = "sqlite:";
    if (url.starts_with(sqlite_scheme)) {
        const std::string path(url.substr(sqlite_scheme.size()));
        if (path.empty()) {
            why = "sqlite URL has no path (use sqlite:data/parley.db or sqlite::memory:)";
            return errc::invalid_argument;
        }
        auto db = sqlite::sqlite_bundle::open(path, why);
        if (!db) return errc::unavailable;
        return std::unique_ptr<bundle>(std::move(db));
    }
    if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        auto db = postgres::pg_bundle::open(std::string(url), why);
        if (!db) return errc::unavailable;
        return std::unique_ptr<bundle>(std::move(db));
    }
    why = "unsupported database URL '" + std::string(url) +
          "' (supported: sqlite:PATH, postgres://user:password@host:port/database)";
    return errc::invalid_argument;
}

}  // namespace parley::store
