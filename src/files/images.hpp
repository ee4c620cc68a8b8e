#pragma once
// Images with libvips: their size, and thumbnails without their metadata.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace parley::files {

/// An image's size as it is shown (its EXIF orientation applied) and a thumbnail of it.
struct image_preview {
    int width = 0;
    int height = 0;
    std::string thumbnail;  ///< WebP, within limits::thumbnail_box, no metadata
};

/// Whether a file of this (sniffed) type is an image libvips may decode for a preview.
[[nodiscard]] bool previewable(std::string_view content_type);

/// Reads the image at `path` and makes its preview with libvips: the header is read first and an
/// image of more than limits::image_pixels_max pixels is refused before any decoding (a
/// decompression bomb is never expanded); the thumbnail is shrunk while it loads (JPEG, WebP),
/// turned upright by its orientation, and saved with no metadata (no EXIF, so no GPS position).
/// nullopt when the file is not an image libvips can read, or is too large: it is kept as a
/// plain file. One libvips thread per call: the caller's pool bounds how many run at once.
/// Thread-safe; blocking.
[[nodiscard]] std::optional<image_preview> preview_image(const std::filesystem::path& path);

}  // namespace parley::files
