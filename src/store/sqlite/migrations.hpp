#pragma once
// The SQLite schema as an ordered list of versioned migrations.
#include <span>

namespace parley::store::sqlite {

/// One schema step. Versions start at 1 and never change once released.
struct migration {
    int version;
    const char* sql;
};

/// Every migration, oldest first.
std::span<const migration> migrations();

}  // namespace parley::store::sqlite
