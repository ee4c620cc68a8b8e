#pragma once
// A consistent copy of a SQLite database file, taken while a server writes to it.
#include <string>

namespace parley::store::sqlite {

/// Copies the database at `from` into a new file `to` with SQLite's online backup API, from one
/// read snapshot: a server writing meanwhile (WAL mode) is neither stopped nor blocked, and the
/// copy holds every transaction committed before the snapshot, none after. The copy is written
/// beside `to` and renamed into place only once complete and checked (PRAGMA quick_check), in
/// rollback-journal mode: one self-contained file. Refuses an existing `to`. Empty on success,
/// else why not (nothing is left at `to`). Blocking; any thread.
std::string backup(const std::string& from, const std::string& to);

}  // namespace parley::store::sqlite
