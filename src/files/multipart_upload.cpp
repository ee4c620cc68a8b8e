#include "files/multipart_upload.hpp"

#include <fcntl.h>
#include <gmime/gmime.h>

#include <array>
#include <memory>
#include <mutex>

namespace parley::files {
namespace {

/// GMime's one-time set-up (its tables of charsets and the like), done once per process.
void start_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

/// Owns one GObject reference.
struct unref {
    void operator()(void* p) const {
        if (p) g_object_unref(p);
    }
};
template <class T>
using gobject = std::unique_ptr<T, unref>;

failure not_form_data() {
    return {"invalid_upload", "send the files as multipart/form-data, each in a part named file",
            400};
}

/// The part's bytes, decoded from whatever Content-Transfer-Encoding it names (browsers send
/// none), read into `sink` a chunk at a time.
bool read_part(GMimePart* part, const std::function<bool(std::string_view)>& sink) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return true;  // an empty part
    GMimeStream* raw = g_mime_data_wrapper_get_stream(content);
    if (!raw || g_mime_stream_reset(raw) != 0) return false;
    gobject<GMimeStream> decoded(g_mime_stream_filter_new(raw));
    const auto encoding = g_mime_data_wrapper_get_encoding(content);
    if (encoding == GMIME_CONTENT_ENCODING_BASE64 ||
        encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
        encoding == GMIME_CONTENT_ENCODING_UUENCODE) {
        gobject<GMimeFilter> decoder(g_mime_filter_basic_new(encoding, FALSE));
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(decoded.get()), decoder.get());
    }
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
        const auto n = g_mime_stream_read(decoded.get(), buffer.data(), buffer.size());
        if (n < 0) return false;
        if (n == 0) return true;
        if (!sink({buffer.data(), static_cast<std::size_t>(n)})) return false;
    }
}

}  // namespace

std::string form_data_boundary(std::string_view content_type) {
    start_gmime();
    const std::string text(content_type);
    gobject<GMimeContentType> type(g_mime_content_type_parse(nullptr, text.c_str()));
    if (!type || !g_mime_content_type_is_type(type.get(), "multipart", "form-data")) return {};
    const char* boundary = g_mime_content_type_get_parameter(type.get(), "boundary");
    return boundary ? boundary : "";
}

outcome<void> read_multipart_upload(
    const std::filesystem::path& path,
    const std::function<outcome<void>(const upload_part&, const part_reader&)>& visit) {
    start_gmime();
    GError* error = nullptr;
    gobject<GMimeStream> file(g_mime_stream_fs_open(path.c_str(), O_RDONLY, 0, &error));
    if (!file) {
        if (error) g_error_free(error);
        return failure{"unavailable", "the upload could not be read back; try again", 503};
    }
    gobject<GMimeParser> parser(g_mime_parser_new_with_stream(file.get()));
    // The parts' bytes stay in the file, read from it in place: nothing is loaded whole.
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    gobject<GMimeObject> root(g_mime_parser_construct_part(parser.get(), nullptr));
    if (!root || !GMIME_IS_MULTIPART(root.get())) return not_form_data();
    auto* multipart = GMIME_MULTIPART(root.get());
    const int count = g_mime_multipart_get_count(multipart);
    if (count <= 0) return not_form_data();
    for (int i = 0; i < count; ++i) {
        GMimeObject* child = g_mime_multipart_get_part(multipart, i);
        if (!GMIME_IS_PART(child)) return not_form_data();
        auto* part = GMIME_PART(child);
        GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(child);
        const char* field =
            disposition ? g_mime_content_disposition_get_parameter(disposition, "name") : nullptr;
        const char* filename = g_mime_part_get_filename(part);
        const upload_part about{field ? field : "", filename ? filename : ""};
        auto done = visit(about, [part](const std::function<bool(std::string_view)>& sink) {
            return read_part(part, sink);
        });
        if (done.has_error()) return done.error();
    }
    return {};
}

}  // namespace parley::files
