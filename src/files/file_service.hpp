#pragma once
// Storing uploads and finding files to serve: blobs in a blob_store, rows in store::files.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "failure.hpp"
#include "files/blob_store.hpp"
#include "files/content_type.hpp"
#include "store/files.hpp"

namespace parley::files {

/// A file found for a reader: its row and where its bytes (or its thumbnail's) are.
struct opened_file {
    store::file_record record;
    std::filesystem::path path;
    std::string blob;  ///< the bytes' id, which is also their ETag: it changes with them
    std::string content_type;
};

/// What uploads may hold.
struct upload_limits {
    std::uint64_t max_file_bytes = 0;  ///< per file
    std::uint64_t quota_bytes = 0;     ///< per user, all uploads together; 0: none
};

/// Files of rooms: stores uploads, finds files for members, sweeps what nobody uses.
/// Thread-safe; every method blocks on the disk and the database: call from the blocking pool.
class file_service {
  public:
    /// Everything must outlive the service.
    file_service(blob_store& blobs, store::files& rows, const type_sniffer& sniffer,
                 upload_limits limits);

    /// Why `user_id` may not upload `length` more bytes (quota), if so: checked before a body
    /// is read, from its Content-Length.
    [[nodiscard]] outcome<void> check_quota(store::id_t user_id, std::uint64_t length);

    /// Stores every part named `file` of the multipart upload received in `spool` (see
    /// read_multipart_upload) as a file of the room, uploaded by `user_id` at `now`, and returns
    /// them in order. Each part's type is sniffed from its bytes; images get their size and a
    /// thumbnail (see preview_image). 413 `file_too_large` for a
    /// part over the limit, 413 `quota_exceeded` past the user's quota, 400 for a body that is
    /// no such upload, 507 `insufficient_storage` or 503 when the disk or database fails: then no
    /// row is added (blobs already written are swept once nothing names them).
    [[nodiscard]] outcome<std::vector<store::file_record>> store_upload(
        const std::filesystem::path& spool, store::id_t user_id, store::id_t room_id,
        store::millis_t now);

    /// The file (or its thumbnail) if `user_id` is a member of its room; 404 `not_found` for
    /// anyone else and for a file or thumbnail that does not exist.
    [[nodiscard]] outcome<opened_file> open(std::string_view file_id, store::id_t user_id,
                                            bool thumbnail);

    /// Deletes files never attached to a message and uploaded before `now - unattached_age`,
    /// then the blobs no file names that were written over `blob_age` ago. Returns how many
    /// blobs it removed.
    std::int64_t sweep(std::chrono::system_clock::time_point now,
                       std::chrono::milliseconds unattached_age,
                       std::chrono::milliseconds blob_age);

    /// Whether files can be stored now (see blob_store::writable).
    [[nodiscard]] bool writable() const { return blobs_.writable(); }

    /// A new, unused path for an upload being received (in the blob store's scratch folder).
    [[nodiscard]] std::filesystem::path new_spool_path() const;

    /// The limits uploads are held to.
    [[nodiscard]] const upload_limits& limits() const { return limits_; }

  private:
    /// For an image: its displayed size and a thumbnail blob, set on `f`; nothing for other
    /// files or an image that cannot be read.
    void add_preview(store::file_record& f);

    blob_store& blobs_;
    store::files& rows_;
    const type_sniffer& sniffer_;
    const upload_limits limits_;
};

/// 413 `file_too_large`, naming the limit: how every too-large upload is answered, whether
/// its Content-Length, its body as it arrives or one of its parts said so.
[[nodiscard]] failure file_too_large(std::uint64_t max_file_bytes);

/// A file name as it may be kept and shown: the last path component, without control or
/// invalid UTF-8 characters, at most limits::file_name_max_bytes; "file" when nothing is left.
[[nodiscard]] std::string clean_file_name(std::string_view sent);

}  // namespace parley::files
