#include "store/postgres/pg_tables.hpp"

#include "store/postgres/pg_rows.hpp"

namespace parley::store::postgres {
namespace {

/// The select list of an export: booleans as 0 and 1, as every backend writes them.
std::string select_list(const table& t) {
    std::string out;
    for (const auto& c : t.columns) {
        if (!out.empty()) out += ", ";
        out += std::string(c.name) + (c.kind == column_kind::boolean ? "::int" : "");
    }
    return out;
}

class pg_importer final : public importer {
  public:
    explicit pg_importer(pg_lease c) : c_(std::move(c)) {}

    // One multi-row INSERT per batch; booleans arrive as "0"/"1", which PostgreSQL accepts.
    result<void> write(const table& t, const std::vector<row>& rows) override {
        if (rows.empty()) return {};
        std::vector<param> params;
        params.reserve(rows.size() * t.columns.size());
        for (const auto& r : rows) {
            if (r.size() != t.columns.size()) return errc::invalid_argument;
            params.insert(params.end(), r.begin(), r.end());
        }
        const std::string sql =
            "INSERT INTO " + std::string(t.name) + " (" + column_names(t) + ") VALUES " +
            values_list(rows.size(), std::vector<std::string>(t.columns.size(), ""));
        if (auto r = c_->exec(sql, params); !r.ok()) return fail(r, "import rows");
        return {};
    }

    result<void> commit() override {
        for (const auto& t : schema_tables()) {
            if (t.generated_id.empty()) continue;
            const std::string name(t.name), id(t.generated_id);
            auto r = c_->exec("SELECT setval(pg_get_serial_sequence('" + name + "', '" + id +
                              "'), coalesce(max(" + id + "), 0) + 1, false) FROM " + name);
            if (!r.ok()) return fail(r, "move id sequence");
        }
        if (auto r = c_->exec("COMMIT"); !r.ok()) return fail(r, "commit import");
        return {};
    }

  private:
    pg_lease c_;  // rolls back an import that was not committed
};

}  // namespace

result<void> export_rows(pg_pool& pool, const rows_sink& sink, std::size_t batch) {
    auto c = pool.acquire();
    if (!c) return c.error();
    auto& db = **c;
    if (auto r = db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !r.ok())
        return fail(r, "begin export");
    const std::string fetch = "FETCH " + std::to_string(batch) + " FROM export_rows";
    for (const auto& t : schema_tables()) {
        auto open =
            db.exec("DECLARE export_rows NO SCROLL CURSOR FOR SELECT " + select_list(t) + " FROM " +
                    std::string(t.name) + " ORDER BY " + std::string(t.order_by));
        if (!open.ok()) return fail(open, "export");
        for (;;) {
            auto page = db.exec(fetch);
            if (!page.ok()) return fail(page, "export");
            if (page.rows() == 0) break;
            std::vector<row> rows;
            rows.reserve(static_cast<std::size_t>(page.rows()));
            for (int i = 0; i < page.rows(); ++i) {
                row r;
                for (int col = 0; col < static_cast<int>(t.columns.size()); ++col)
                    r.push_back(page.optional_text(i, col));
                rows.push_back(std::move(r));
            }
            if (auto s = sink(t, rows); !s) return s.error();
        }
        if (auto r = db.exec("CLOSE export_rows"); !r.ok()) return fail(r, "export");
    }
    if (auto r = db.exec("COMMIT"); !r.ok()) return fail(r, "end export");
    return {};
}

result<std::unique_ptr<importer>> import_rows(pg_pool& pool) {
    auto c = pool.acquire();
    if (!c) return c.error();
    if (auto r = (*c)->exec("BEGIN"); !r.ok()) return fail(r, "begin import");
    // Nobody else may write while the import runs: a row added beside it would collide.
    for (const auto& t : schema_tables())
        if (auto r = (*c)->exec("LOCK TABLE " + std::string(t.name) + " IN EXCLUSIVE MODE");
            !r.ok())
            return fail(r, "lock for import");
    for (const auto& t : schema_tables()) {
        auto any = (*c)->exec("SELECT 1 FROM " + std::string(t.name) + " LIMIT 1");
        if (!any.ok()) return fail(any, "check empty");
        if (any.rows() > 0) return errc::conflict;
    }
    return std::unique_ptr<importer>(new pg_importer(std::move(*c)));
}

}  // namespace parley::store::postgres
