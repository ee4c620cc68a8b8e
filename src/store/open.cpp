#include <charconv>

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

result<std::optional<sqlite_url>> parse_sqlite_url(std::string_view url, std::string& why) {
    constexpr std::string_view sqlite_scheme = "sqlite:";
    if (!url.starts_with(sqlite_scheme)) return std::optional<sqlite_url>();
    sqlite_url out{std::string(url.substr(sqlite_scheme.size()))};
    if (const auto query = out.path.rfind('?'); query != std::string::npos) {
        constexpr std::string_view option = "busy_timeout=";
        const std::string_view given = std::string_view(out.path).substr(query + 1);
        int ms = -1;
        const auto* end = given.data() + given.size();
        if (!given.starts_with(option) ||
            std::from_chars(given.data() + option.size(), end, ms).ptr != end || ms < 0 ||
            ms > 600'000) {
            why = "unknown sqlite URL option '" + std::string(given) +
                  "' (supported: ?busy_timeout=MILLISECONDS, 0 to 600000)";
            return errc::invalid_argument;
        }
        out.busy_timeout = std::chrono::milliseconds(ms);
        out.path.resize(query);
    }
    if (out.path.empty()) {
        why = "sqlite URL has no path (use sqlite:data/parley.db or sqlite::memory:)";
        return errc::invalid_argument;
    }
    return std::optional<sqlite_url>(std::move(out));
}

result<std::unique_ptr<bundle>> open(std::string_view url, std::string& why) {
    auto sqlite = parse_sqlite_url(url, why);
    if (!sqlite) return sqlite.error();
    if (*sqlite) {
        sqlite::sqlite_options options;
        options.busy_timeout = (*sqlite)->busy_timeout;
        auto db = sqlite::sqlite_bundle::open((*sqlite)->path, why, options);
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
