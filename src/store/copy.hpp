#pragma once
// `parley copy`: one database's every row, moved into another of any backend.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/bundle.hpp"

namespace parley::store {

/// Rows copied per table, in schema_tables() order.
using copy_counts = std::vector<std::pair<std::string, std::int64_t>>;

/// Copies every row of `from` into `to` with the same ids and seqs, in one transaction of
/// `to`: on failure `to` is left as it was. Fails with conflict when `to` holds any row. Both
/// must be migrated; the writers of `to` wait until the copy ends. Blocks.
[[nodiscard]] result<copy_counts> copy_database(bundle& from, bundle& to);

}  // namespace parley::store
