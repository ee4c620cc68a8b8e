#include "store/sqlite/sqlite_tables.hpp"

#include <charconv>

#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {
namespace {

/// Binds a value exported by any backend as the column's kind.
result<void> bind(statement& st, int index, const column& c, const std::optional<std::string>& v) {
    if (!v || c.kind == column_kind::text) {
        st.bind(index, v);
        return {};
    }
    std::int64_t n = 0;
    const auto* end = v->data() + v->size();
    if (auto [p, ec] = std::from_chars(v->data(), end, n); ec != std::errc{} || p != end)
        return errc::invalid_argument;
    st.bind(index, n);
    return {};
}

class sqlite_importer final : public importer {
  public:
    explicit sqlite_importer(lease writer) : db_(std::move(writer)), tx_(*db_) {}

    result<void> write(const table& t, const std::vector<row>& rows) override {
        std::string sql =
            "INSERT INTO " + std::string(t.name) + " (" + column_names(t) + ") VALUES (?";
        for (std::size_t i = 1; i < t.columns.size(); ++i) sql += ", ?";
        sql += ")";
        for (const auto& r : rows) {
            auto* st = db_->prepare(sql);
            if (!st) return fail(*db_, "prepare import");
            if (r.size() != t.columns.size()) return errc::invalid_argument;
            for (std::size_t i = 0; i < r.size(); ++i)
                if (auto b = bind(*st, static_cast<int>(i) + 1, t.columns[i], r[i]); !b)
                    return b.error();
            if (auto done = run(*db_, st, "import row"); !done) return done.error();
        }
        return {};
    }

    result<void> commit() override {
        if (db_->exec("COMMIT") != SQLITE_OK) return fail(*db_, "commit import");
        tx_.committed();
        return {};
    }

  private:
    lease db_;
    transaction_guard tx_;
};

}  // namespace

result<void> export_rows(database& db, const rows_sink& sink, std::size_t batch) {
    auto c = db.read();
    if (!begin(*c, false)) return fail(*c, "begin export");
    transaction_guard tx(*c);
    for (const auto& t : schema_tables()) {
        auto* st = c->prepare("SELECT " + column_names(t) + " FROM " + std::string(t.name) +
                              " ORDER BY " + std::string(t.order_by));
        if (!st) return fail(*c, "prepare export");
        std::vector<row> rows;
        int step = 0;
        while ((step = st->step()) == SQLITE_ROW) {
            row r;
            for (int i = 0; i < static_cast<int>(t.columns.size()); ++i)
                r.push_back(st->optional_text(i));
            rows.push_back(std::move(r));
            if (rows.size() < batch) continue;
            if (auto s = sink(t, rows); !s) return s.error();
            rows.clear();
        }
        if (step != SQLITE_DONE) return fail(*c, "export");
        if (!rows.empty())
            if (auto s = sink(t, rows); !s) return s.error();
    }
    return {};
}

result<std::unique_ptr<importer>> import_rows(database& db) {
    auto c = db.write();
    for (const auto& t : schema_tables()) {
        auto* any = c->prepare("SELECT 1 FROM " + std::string(t.name) + " LIMIT 1");
        if (!any) return fail(*c, "check empty");
        if (const int step = any->step(); step == SQLITE_ROW)
            return errc::conflict;
        else if (step != SQLITE_DONE)
            return fail(*c, "check empty");
    }
    if (!begin(*c, true)) return fail(*c, "begin import");
    return std::unique_ptr<importer>(new sqlite_importer(std::move(c)));
}

}  // namespace parley::store::sqlite
