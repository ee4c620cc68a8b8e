#pragma once
// The public ids of uploaded files.
#include <string>
#include <string_view>

namespace parley::files {

/// A new file id: 128 random bits as 32 lower-case hex digits, unguessable, so that an id
/// seen once tells nothing about others. Thread-safe.
[[nodiscard]] std::string new_file_id();

/// Whether `id` has the form new_file_id() gives (anything else names no file).
[[nodiscard]] bool is_file_id(std::string_view id);

}  // namespace parley::files
