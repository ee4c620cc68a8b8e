#include "store/bundle.hpp"
#include "store/sqlite/sqlite_bundle.hpp"

namespace parley::store {

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
    why = "unsupported database URL '" + std::string(url) + "' (supported: sqlite:PATH)";
    return errc::invalid_argument;
}

}  // namespace parley::store
