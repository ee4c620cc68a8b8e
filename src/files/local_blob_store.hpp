#pragma once
// Blobs in a folder on this node's disk (`--files`, data/files by default).
#include <filesystem>

#include "files/blob_store.hpp"

namespace parley::files {

/// Blobs under `root`, each at `ab/cdef…` after its id (two levels keep folders small). A new
/// blob is written to `root/tmp/`, fsynced, renamed into place and its folder fsynced, so a crash
/// never leaves a partial file under a real name; what a crash left in `tmp/` over an hour ago is
/// removed when the store opens (younger files may be another node's, sharing the folder).
/// Thread-safe.
class local_blob_store final : public blob_store {
  public:
    /// Opens (creating) the folder; throws std::runtime_error saying why it cannot.
    explicit local_blob_store(std::filesystem::path root);

    boost::system::result<std::unique_ptr<blob_writer>, blob_error> begin_write(
        std::uint64_t max_bytes) override;
    boost::system::result<std::filesystem::path, blob_error> locate(
        std::string_view id) const override;
    boost::system::result<void, blob_error> remove(std::string_view id) override;
    boost::system::result<void, blob_error> for_each_written_before(
        std::filesystem::file_time_type before,
        const std::function<void(std::string_view)>& visit) const override;
    std::filesystem::path scratch_dir() const override;
    bool writable() const override;

  private:
    std::filesystem::path path_of(std::string_view id) const;

    const std::filesystem::path root_;
};

}  // namespace parley::files
