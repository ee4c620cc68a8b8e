#pragma once
// Opening the configured database the way every command of the binary does.
#include <memory>
#include <string>

#include "store/bundle.hpp"

namespace parley::app {

/// Opens and migrates the database at `url`, creating the folder of a SQLite file first.
/// Throws std::runtime_error saying why not (with any password in the URL hidden).
std::unique_ptr<store::bundle> open_database(const std::string& url);

}  // namespace parley::app
