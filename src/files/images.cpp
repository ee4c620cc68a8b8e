#include "files/images.hpp"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include <array>
#include <memory>
#include <mutex>

#include "config.hpp"

namespace parley::files {
namespace {

/// libvips' one-time set-up: four loaders, one worker thread per operation (the blocking pool
/// bounds how many run), and no operation cache (each image is seen once; the cache would only hold
/// memory).
bool start_vips() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ok = VIPS_INIT("parley") == 0;
        if (!ok) {
            spdlog::error("libvips cannot start: {}", vips_error_buffer());
            return;
        }
        // Only the loaders of the formats previewed, and never those libvips marks untrusted
        // (ImageMagick, PDF, SVG, ...): what an upload can make the server decode stays small.
        vips_block_untrusted_set(TRUE);
        vips_operation_block_set("VipsForeignLoad", TRUE);
        for (const char* loader : {"VipsForeignLoadPng", "VipsForeignLoadJpeg",
                                   "VipsForeignLoadGif", "VipsForeignLoadWebp"})
            vips_operation_block_set(loader, FALSE);
        vips_concurrency_set(1);
        vips_cache_set_max(0);
        vips_cache_set_max_mem(0);
    });
    return ok;
}

struct unref {
    void operator()(void* p) const {
        if (p) g_object_unref(p);
    }
};
using image_ptr = std::unique_ptr<VipsImage, unref>;

/// Whether EXIF orientation `o` turns the image a quarter (width and height swap).
bool quarter_turn(int o) { return o >= 5 && o <= 8; }

}  // namespace

bool previewable(std::string_view t) {
    static constexpr std::array types{"image/png", "image/jpeg", "image/gif", "image/webp"};
    for (const char* ok : types)
        if (t == ok) return true;
    return false;
}

std::optional<image_preview> preview_image(const std::filesystem::path& path) {
    if (!start_vips()) return std::nullopt;
    // The header only: its size decides whether anything is decoded at all.
    image_ptr header(
        vips_image_new_from_file(path.c_str(), "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
    if (!header) {
        vips_error_clear();
        return std::nullopt;
    }
    const auto width = vips_image_get_width(header.get());
    const auto height = vips_image_get_height(header.get());
    if (width <= 0 || height <= 0 ||
        static_cast<std::int64_t>(width) * height > limits::image_pixels_max)
        return std::nullopt;
    int orientation = 1;
    if (vips_image_get_typeof(header.get(), VIPS_META_ORIENTATION))
        vips_image_get_int(header.get(), VIPS_META_ORIENTATION, &orientation);
    header.reset();

    VipsImage* thumb = nullptr;
    if (vips_thumbnail(path.c_str(), &thumb, limits::thumbnail_box, "height", limits::thumbnail_box,
                       "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, nullptr) != 0) {
        vips_error_clear();
        return std::nullopt;
    }
    image_ptr owned(thumb);
    // Every metadata item goes (EXIF with its GPS position and camera, XMP, IPTC, comments),
    // but the colour profile; libvips 8.14's WebP writer ignores "strip" and writes what is
    // left, which is then only the resolution.
    VipsImage* bare = nullptr;
    if (vips_copy(thumb, &bare, nullptr) != 0) {
        vips_error_clear();
        return std::nullopt;
    }
    image_ptr bare_owned(bare);
    gchar** fields = vips_image_get_fields(bare);
    for (int i = 0; fields[i]; ++i)
        if (std::string_view(fields[i]) != VIPS_META_ICC_NAME) vips_image_remove(bare, fields[i]);
    g_strfreev(fields);
    void* bytes = nullptr;
    std::size_t size = 0;
    if (vips_webpsave_buffer(bare, &bytes, &size, "Q", 80, "strip", TRUE, nullptr) != 0) {
        vips_error_clear();
        return std::nullopt;
    }
    image_preview out;
    out.thumbnail.assign(static_cast<const char*>(bytes), size);
    g_free(bytes);
    out.width = quarter_turn(orientation) ? height : width;
    out.height = quarter_turn(orientation) ? width : height;
    return out;
}

}  // namespace parley::files
