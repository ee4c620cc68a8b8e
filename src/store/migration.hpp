#pragma once
// A schema step of a backend. Each backend keeps its steps as migrations/NNN_name.sql files,
// embedded into the binary at build time (cmake/embed_migrations.cmake).
#include <span>

namespace parley::store {

/// One schema step. Versions start at 1 and never change once released.
struct migration {
    int version;
    const char* sql;
};

}  // namespace parley::store

namespace parley::store::sqlite {
/// Every SQLite migration, oldest first.
std::span<const migration> migrations();
}  // namespace parley::store::sqlite

namespace parley::store::postgres {
/// Every PostgreSQL migration, oldest first.
std::span<const migration> migrations();
}  // namespace parley::store::postgres
