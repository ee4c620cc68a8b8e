#pragma once
// The schema as `parley copy` moves it: every table and column, the same names in every
// backend, and the interfaces a backend implements to export and import whole databases.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"

namespace parley::store {

/// How a column's value is written in a row: integers in decimal, booleans as "0" or "1".
enum class column_kind { integer, text, boolean };

struct column {
    std::string_view name;
    column_kind kind;
};

/// One table: its columns, the ORDER BY that lists it in a stable order, and the column whose
/// values a backend generates for new rows ("" if none), which an import must move past.
struct table {
    std::string_view name;
    std::vector<column> columns;
    std::string_view order_by;
    std::string_view generated_id;
};

/// Every table of the schema, each after the tables its rows refer to.
const std::vector<table>& schema_tables();

/// "a, b, c": the table's column names, for SELECT and INSERT lists.
std::string column_names(const table& t);

/// One row's values in the order of table::columns; nullopt is NULL.
using row = std::vector<std::optional<std::string>>;

/// Receives an export, a batch of one table's rows at a time; an error stops the export.
using rows_sink = std::function<result<void>(const table&, const std::vector<row>&)>;

/// Writes rows exported from another database into this one, keeping every id, all in one
/// transaction: nothing is visible, and nothing stays, unless commit() succeeds. One thread.
class importer {
  public:
    virtual ~importer() = default;
    /// Inserts rows of `t`; the tables come in schema_tables() order.
    [[nodiscard]] virtual result<void> write(const table& t, const std::vector<row>& rows) = 0;
    /// Makes the import durable and lets new rows take ids after the imported ones.
    [[nodiscard]] virtual result<void> commit() = 0;
};

}  // namespace parley::store
