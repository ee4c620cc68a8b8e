#pragma once
// Uploaded files' rows (issue 30): who uploaded what to which room, and which message carries it.
// The bytes themselves live in a files::blob_store, named by the row's `blob`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// One uploaded file as stored.
struct file_record {
    file_summary summary;  ///< id, name, size, sniffed type, dimensions
    id_t room_id = 0;
    id_t user_id = 0;  ///< the uploader
    std::string blob;  ///< its bytes' id in the blob store
    std::optional<std::string> thumbnail_blob;
    millis_t created_at = 0;
    std::optional<id_t> message_id;  ///< the message it is attached to, once it is
};

/// Files' rows. Every method blocks until the database has answered, is safe to call from
/// several threads at once, and runs on the blocking pool. Failures come back as values.
/// Attaching a file to a message happens in the message log's append (new_message::files),
/// in the message's own transaction; deleting a message, a room or an account deletes its
/// files' rows, and blobs no row names any longer are removed by the sweep (files::sweeper).
class files {
  public:
    virtual ~files() = default;

    /// Stores a new file's row (its id, chosen by the caller, is new); invalid_argument if the
    /// room or the user does not exist.
    [[nodiscard]] virtual result<void> add_file(const file_record& f) = 0;
    /// The file if `user_id` is a member of its room now, else not_found (as for a file that
    /// does not exist: a non-member learns nothing).
    [[nodiscard]] virtual result<file_record> file_for_member(std::string_view file_id,
                                                              id_t user_id) = 0;
    /// Bytes of every file row the user uploaded (a blob shared by two rows counts twice:
    /// the quota is what they sent).
    [[nodiscard]] virtual result<std::int64_t> bytes_uploaded(id_t user_id) = 0;
    /// Deletes the rows of files never attached and created before `before`; returns how many.
    [[nodiscard]] virtual result<std::int64_t> delete_unattached(millis_t before) = 0;
    /// Whether any row names the blob, as its bytes or its thumbnail.
    [[nodiscard]] virtual result<bool> blob_in_use(std::string_view blob) = 0;
};

/// For backends: the files of a message from the JSON list the message reads aggregate
/// (`[[id, name, size, type, width, height, has_thumbnail], ...]`; null or empty: none).
[[nodiscard]] std::vector<file_summary> parse_file_list(std::string_view json);

}  // namespace parley::store
