#include "store/copy.hpp"

#include "config.hpp"

namespace parley::store {

result<copy_counts> copy_database(bundle& from, bundle& to) {
    auto into = to.import_rows();
    if (!into) return into.error();
    copy_counts counts;
    for (const auto& t : schema_tables()) counts.emplace_back(t.name, 0);
    auto moved = from.export_rows(
        [&](const table& t, const std::vector<row>& rows) -> result<void> {
            for (auto& [name, count] : counts)
                if (name == t.name) count += static_cast<std::int64_t>(rows.size());
            return (*into)->write(t, rows);
        },
        limits::copy_batch_rows);
    if (!moved) return moved.error();
    if (auto done = (*into)->commit(); !done) return done.error();
    return counts;
}

}  // namespace parley::store
