#include "files/file_service.hpp"

#include <spdlog/spdlog.h>
#include <utf8proc.h>

#include "config.hpp"
#include "files/file_id.hpp"
#include "files/images.hpp"
#include "files/multipart_upload.hpp"

namespace parley::files {
namespace {

failure storage_failed(blob_error e) {
    if (e == blob_error::too_large) return {"file_too_large", "a file is too large", 413};
    return {"insufficient_storage",
            "the server could not store the file (its disk may be full); try again later", 507};
}

failure database_failed() {
    return {"unavailable", "the database is unavailable; try again shortly", 503};
}

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

}  // namespace

failure file_too_large(std::uint64_t max_file_bytes) {
    return {"file_too_large", "a file may be at most " + megabytes(max_file_bytes), 413};
}

std::string clean_file_name(std::string_view sent) {
    // The last component of whatever path a client sent (C:\\Users\\x\\a.png, ../../a.png).
    const auto slash = sent.find_last_of("/\\");
    if (slash != std::string_view::npos) sent.remove_prefix(slash + 1);
    std::string out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(sent.data());
    auto left = static_cast<utf8proc_ssize_t>(sent.size());
    while (left > 0) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(p, left, &c);
        if (n <= 0) {  // not UTF-8: skip the byte
            ++p;
            --left;
            continue;
        }
        const auto category = utf8proc_category(c);
        const bool control = category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF ||
                             category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
        if (!control) {
            if (out.size() + static_cast<std::size_t>(n) > limits::file_name_max_bytes) break;
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
        }
        p += n;
        left -= n;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    while (!out.empty() && out.front() == ' ') out.erase(out.begin());
    if (out.empty() || out == "." || out == "..") return "file";
    return out;
}

file_service::file_service(blob_store& blobs, store::files& rows, const type_sniffer& sniffer,
                           upload_limits limits)
    : blobs_(blobs), rows_(rows), sniffer_(sniffer), limits_(limits) {}

void file_service::add_preview(store::file_record& f) {
    if (!previewable(f.summary.content_type)) return;
    auto original = blobs_.locate(f.blob);
    if (!original) return;
    auto preview = preview_image(*original);
    if (!preview) return;  // not an image after all, or too large: a plain file
    auto writer = blobs_.begin_write(preview->thumbnail.size());
    if (!writer || !(*writer)->write(preview->thumbnail)) return;
    auto thumb = (*writer)->finish();
    if (!thumb) return;
    f.summary.width = preview->width;
    f.summary.height = preview->height;
    f.summary.has_thumbnail = true;
    f.thumbnail_blob = thumb->id;
}

std::filesystem::path file_service::new_spool_path() const {
    return blobs_.scratch_dir() / (new_file_id() + ".upload");
}

outcome<void> file_service::check_quota(store::id_t user_id, std::uint64_t length) {
    if (limits_.quota_bytes == 0) return {};
    auto used = rows_.bytes_uploaded(user_id);
    if (!used) return database_failed();
    if (static_cast<std::uint64_t>(*used) + length > limits_.quota_bytes)
        return failure{"quota_exceeded",
                       "this upload would pass your storage quota of " +
                           megabytes(limits_.quota_bytes) +
                           "; delete messages with files you no longer need",
                       413};
    return {};
}

outcome<std::vector<store::file_record>> file_service::store_upload(
    const std::filesystem::path& spool, store::id_t user_id, store::id_t room_id,
    store::millis_t now) {
    std::vector<store::file_record> stored;
    std::uint64_t total = 0;
    auto read = read_multipart_upload(
        spool, [&](const upload_part& part, const part_reader& reader) -> outcome<void> {
            if (part.field != "file")
                return failure{"invalid_upload",
                               "unknown form field '" + part.field + "': send parts named file",
                               400};
            if (stored.size() >= limits::files_per_message_max)
                return failure{"invalid_upload",
                               "send at most " + std::to_string(limits::files_per_message_max) +
                                   " files at once",
                               400};
            auto writer = blobs_.begin_write(limits_.max_file_bytes);
            if (!writer) return storage_failed(writer.error());
            std::string head;
            std::optional<blob_error> failed;
            const bool complete = reader([&](std::string_view chunk) {
                if (head.size() < type_sniffer::head_bytes)
                    head.append(chunk.substr(0, type_sniffer::head_bytes - head.size()));
                auto w = (*writer)->write(chunk);
                if (!w) failed = w.error();
                return !failed;
            });
            if (failed) {
                if (*failed == blob_error::too_large) return file_too_large(limits_.max_file_bytes);
                return storage_failed(*failed);
            }
            if (!complete) return failure{"invalid_upload", "a part could not be read", 400};
            auto b = (*writer)->finish();
            if (!b) return storage_failed(b.error());
            total += b->size;
            store::file_record f;
            f.summary.id = new_file_id();
            f.summary.name = clean_file_name(part.filename);
            f.summary.size = static_cast<std::int64_t>(b->size);
            f.summary.content_type = sniffer_.type_of(head);
            f.room_id = room_id;
            f.user_id = user_id;
            f.blob = b->id;
            f.created_at = now;
            add_preview(f);
            stored.push_back(std::move(f));
            return {};
        });
    if (read.has_error()) return read.error();
    if (stored.empty())
        return failure{"invalid_upload", "the upload holds no part named file", 400};
    if (auto quota = check_quota(user_id, total); quota.has_error()) return quota.error();
    for (const auto& f : stored)
        if (auto added = rows_.add_file(f); !added) {
            if (added.error() == store::errc::invalid_argument)
                return failure{"not_found", "no such group", 404};  // deleted meanwhile
            return database_failed();
        }
    return stored;
}

outcome<opened_file> file_service::open(std::string_view file_id, store::id_t user_id,
                                        bool thumbnail) {
    const failure missing{"not_found", "no such file", 404};
    if (!is_file_id(file_id)) return missing;
    auto row = rows_.file_for_member(file_id, user_id);
    if (!row) return row.error() == store::errc::not_found ? missing : database_failed();
    const auto& blob = thumbnail ? row->thumbnail_blob : std::optional<std::string>(row->blob);
    if (!blob) return missing;
    auto path = blobs_.locate(*blob);
    if (!path) {
        if (path.error() == blob_error::not_found)
            spdlog::error("files: blob {} of file {} is missing", *blob, file_id);
        return failure{"unavailable", "the file cannot be read now; try again later", 503};
    }
    const std::string type = thumbnail ? "image/webp" : row->summary.content_type;
    return opened_file{std::move(*row), std::move(*path), *blob, type};
}

std::int64_t file_service::sweep(std::chrono::system_clock::time_point now,
                                 std::chrono::milliseconds unattached_age,
                                 std::chrono::milliseconds blob_age) {
    using namespace std::chrono;
    const auto cutoff = duration_cast<milliseconds>((now - unattached_age).time_since_epoch());
    if (auto gone = rows_.delete_unattached(cutoff.count()); !gone)
        spdlog::warn("files: sweeping unattached files failed; next time");
    else if (*gone > 0)
        spdlog::info("files: deleted {} files never attached to a message", *gone);
    std::vector<std::string> candidates;
    const auto before = std::filesystem::file_time_type::clock::now() - blob_age;
    if (!blobs_.for_each_written_before(before,
                                        [&](std::string_view id) { candidates.emplace_back(id); }))
        return 0;
    std::int64_t removed = 0;
    for (const auto& id : candidates) {
        auto used = rows_.blob_in_use(id);
        if (!used || *used) continue;
        if (blobs_.remove(id)) ++removed;
    }
    if (removed > 0) spdlog::info("files: removed {} blobs no file names", removed);
    return removed;
}

}  // namespace parley::files
