#pragma once
// Whole-database export and import for `parley copy`, on PostgreSQL.
#include <memory>

#include "store/postgres/pg_pool.hpp"
#include "store/tables.hpp"

namespace parley::store::postgres {

/// Reads every table from one REPEATABLE READ snapshot through cursors into `sink`, in
/// batches of at most `batch` rows. Blocks; any thread.
[[nodiscard]] result<void> export_rows(pg_pool& pool, const rows_sink& sink, std::size_t batch);

/// Starts an import on a pooled connection, which it holds until destroyed; conflict if any
/// table already has a row. Its commit moves each id sequence past the imported ids.
[[nodiscard]] result<std::unique_ptr<importer>> import_rows(pg_pool& pool);

}  // namespace parley::store::postgres
