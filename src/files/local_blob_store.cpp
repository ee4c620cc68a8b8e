#include "files/local_blob_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "config.hpp"

namespace parley::files {
namespace fs = std::filesystem;

namespace {

/// Opens `dir` and fsyncs it, so that a rename into it survives a crash; false if it cannot.
bool sync_directory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.pop_back();
    return out;
}

/// A blob being written to `root/tmp/`: hashed as it goes; the temp file is removed unless
/// finish() moved it into place.
class local_writer final : public blob_writer {
  public:
    local_writer(fs::path root, fs::path temp, int fd, std::uint64_t max_bytes)
        : root_(std::move(root)), temp_(std::move(temp)), fd_(fd), max_(max_bytes) {
        crypto_hash_sha256_init(&hash_);
    }
    ~local_writer() override { discard(); }

    boost::system::result<void, blob_error> write(std::string_view bytes) override {
        if (fd_ < 0) return blob_error::unavailable;
        if (bytes.size() > max_ - std::min(max_, size_)) {
            discard();
            return blob_error::too_large;
        }
        crypto_hash_sha256_update(&hash_, reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size());
        while (!bytes.empty()) {
            const auto n = ::write(fd_, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return fail("write");
            bytes.remove_prefix(static_cast<std::size_t>(n));
            size_ += static_cast<std::uint64_t>(n);
        }
        return {};
    }

    boost::system::result<blob, blob_error> finish() override {
        if (fd_ < 0) return blob_error::unavailable;
        std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
        crypto_hash_sha256_final(&hash_, digest.data());
        const std::string id = hex(digest.data(), digest.size());
        if (::fsync(fd_) != 0) return fail("fsync");
        ::close(fd_);
        fd_ = -1;
        const fs::path target = root_ / id.substr(0, 2) / id.substr(2);
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return fail("mkdir");
        // The same content stored before: keep that one (identical bytes), drop this copy, and
        // mark the blob as just written, so that the sweep leaves it to the row about to name it.
        if (fs::exists(target, ec)) {
            fs::remove(temp_, ec);
            temp_.clear();
            fs::last_write_time(target, fs::file_time_type::clock::now(), ec);
            return blob{id, size_};
        }
        fs::rename(temp_, target, ec);
        if (ec || !sync_directory(target.parent_path())) return fail("rename");
        temp_.clear();
        return blob{id, size_};
    }

  private:
    blob_error fail(const char* what) {
        spdlog::error("files: {} of {} failed: {}", what, temp_.string(), std::strerror(errno));
        discard();
        return blob_error::unavailable;
    }
    void discard() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        if (!temp_.empty()) {
            std::error_code ec;
            fs::remove(temp_, ec);
            temp_.clear();
        }
    }

    const fs::path root_;
    fs::path temp_;  // empty once moved into place or removed
    int fd_;
    const std::uint64_t max_;
    std::uint64_t size_ = 0;
    crypto_hash_sha256_state hash_{};
};

}  // namespace

bool is_blob_id(std::string_view id) {
    if (id.size() != 2 * crypto_hash_sha256_BYTES) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

local_blob_store::local_blob_store(fs::path root) : root_(std::move(root)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
    std::error_code ec;
    fs::create_directories(root_ / "tmp", ec);
    if (ec)
        throw std::runtime_error("cannot create " + (root_ / "tmp").string() + ": " + ec.message());
    // What a crash left half written is nobody's file. Only old ones: other nodes sharing the
    // folder may be writing theirs now.
    const auto old = fs::file_time_type::clock::now() - limits::unnamed_blob_age;
    for (const auto& entry : fs::directory_iterator(root_ / "tmp", ec))
        if (entry.last_write_time(ec) < old) fs::remove(entry.path(), ec);
}

fs::path local_blob_store::scratch_dir() const { return root_ / "tmp"; }

bool local_blob_store::writable() const {
    std::array<unsigned char, 16> name{};
    randombytes_buf(name.data(), name.size());
    const fs::path probe = root_ / "tmp" / (hex(name.data(), name.size()) + ".probe");
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return false;
    const std::array<char, 4096> block{};  // one block: a full disk refuses it
    const bool ok = ::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size());
    ::close(fd);
    ::unlink(probe.c_str());
    return ok;
}

boost::system::result<void, blob_error> local_blob_store::for_each_written_before(
    fs::file_time_type before, const std::function<void(std::string_view)>& visit) const {
    std::error_code ec;
    for (const auto& top : fs::directory_iterator(root_, ec)) {
        const auto prefix = top.path().filename().string();
        if (prefix.size() != 2 || !top.is_directory(ec)) continue;
        for (const auto& entry : fs::directory_iterator(top.path(), ec)) {
            const auto id = prefix + entry.path().filename().string();
            if (is_blob_id(id) && entry.last_write_time(ec) < before && !ec) visit(id);
        }
    }
    if (ec) {
        spdlog::error("files: cannot list {}: {}", root_.string(), ec.message());
        return blob_error::unavailable;
    }
    return {};
}

boost::system::result<std::unique_ptr<blob_writer>, blob_error> local_blob_store::begin_write(
    std::uint64_t max_bytes) {
    std::array<unsigned char, 16> name{};
    randombytes_buf(name.data(), name.size());
    fs::path temp = root_ / "tmp" / (hex(name.data(), name.size()) + ".part");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) {
        spdlog::error("files: cannot create {}: {}", temp.string(), std::strerror(errno));
        return blob_error::unavailable;
    }
    return std::unique_ptr<blob_writer>(
        std::make_unique<local_writer>(root_, std::move(temp), fd, max_bytes));
}

fs::path local_blob_store::path_of(std::string_view id) const {
    return root_ / std::string(id.substr(0, 2)) / std::string(id.substr(2));
}

boost::system::result<fs::path, blob_error> local_blob_store::locate(std::string_view id) const {
    if (!is_blob_id(id)) return blob_error::not_found;
    auto path = path_of(id);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return blob_error::not_found;
    return path;
}

boost::system::result<void, blob_error> local_blob_store::remove(std::string_view id) {
    if (!is_blob_id(id)) return {};
    std::error_code ec;
    fs::remove(path_of(id), ec);
    if (ec) {
        spdlog::error("files: cannot remove blob {}: {}", id, ec.message());
        return blob_error::unavailable;
    }
    return {};
}

}  // namespace parley::files
