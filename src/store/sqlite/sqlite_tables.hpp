#pragma once
// Whole-database export and import for `parley copy`, on SQLite.
#include <memory>

#include "store/sqlite/database.hpp"
#include "store/tables.hpp"

namespace parley::store::sqlite {

/// Reads every table from one read transaction (a consistent snapshot) into `sink`, in batches
/// of at most `batch` rows. Blocks; any thread.
[[nodiscard]] result<void> export_rows(database& db, const rows_sink& sink, std::size_t batch);

/// Starts an import under the writer, which it holds until destroyed; conflict if any table
/// already has a row.
[[nodiscard]] result<std::unique_ptr<importer>> import_rows(database& db);

}  // namespace parley::store::sqlite
