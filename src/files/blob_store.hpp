#pragma once
// Where uploaded files' bytes live (issue 30): content-addressed, written atomically, streamed in
// chunks so that memory stays bounded whatever a file's size.
#include <boost/system/result.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace parley::files {

/// Why a blob could not be written or read.
enum class blob_error {
    too_large,    ///< more bytes than the writer's limit: nothing is kept
    unavailable,  ///< the storage failed (disk full, I/O error, permissions): nothing is kept
    not_found,    ///< no blob with that id
};

/// A stored blob: its id (the SHA-256 of its bytes, lower-case hex) and size.
struct blob {
    std::string id;
    std::uint64_t size = 0;
};

/// One upload in progress. Bytes are hashed and written as they come; finish() makes the blob
/// visible under its id, or nothing is kept (abort, a failure, or destruction without finish).
/// One thread at a time.
class blob_writer {
  public:
    virtual ~blob_writer() = default;
    /// Appends bytes; too_large once the total passes the writer's limit (the partial file is
    /// removed then), unavailable if the storage fails.
    [[nodiscard]] virtual boost::system::result<void, blob_error> write(std::string_view bytes) = 0;
    /// Durably stores what was written and returns its blob. Content seen before is stored once.
    [[nodiscard]] virtual boost::system::result<blob, blob_error> finish() = 0;
};

/// Stores blobs. Thread-safe; blocking (file I/O): call from a worker thread.
class blob_store {
  public:
    virtual ~blob_store() = default;
    /// A writer for one new blob of at most `max_bytes`.
    [[nodiscard]] virtual boost::system::result<std::unique_ptr<blob_writer>, blob_error>
    begin_write(std::uint64_t max_bytes) = 0;
    /// Where the blob's bytes can be read (a regular file), or not_found.
    [[nodiscard]] virtual boost::system::result<std::filesystem::path, blob_error> locate(
        std::string_view id) const = 0;
    /// Deletes a blob; deleting one that is not there succeeds.
    [[nodiscard]] virtual boost::system::result<void, blob_error> remove(std::string_view id) = 0;
    /// Calls `visit` with the id of every blob last written (or stored again) before `before`:
    /// what the sweep looks at. Blocks for as long as the listing takes.
    [[nodiscard]] virtual boost::system::result<void, blob_error> for_each_written_before(
        std::filesystem::file_time_type before,
        const std::function<void(std::string_view)>& visit) const = 0;
    /// Whether a new blob could be written now (readiness checks): writes and removes a small
    /// probe. False on a full disk, a read-only or missing folder. Blocks briefly.
    [[nodiscard]] virtual bool writable() const = 0;
    /// A local folder for temporary files beside the blobs (uploads being received), cleared of
    /// old files when the store opens.
    [[nodiscard]] virtual std::filesystem::path scratch_dir() const = 0;
};

/// Whether `id` has the form of a blob id (64 lower-case hex digits): anything else names no
/// blob, and never a path.
[[nodiscard]] bool is_blob_id(std::string_view id);

}  // namespace parley::files
