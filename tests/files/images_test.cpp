// Image previews with libvips: size as shown, thumbnails upright and without metadata, and
// nothing decoded past the pixel limit.
#include "files/images.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <boost/crc.hpp>
#include <fstream>

#include "support/temp_dir.hpp"

namespace parley::files {
namespace {

struct unref {
    void operator()(void* p) const {
        if (p) g_object_unref(p);
    }
};
using image_ptr = std::unique_ptr<VipsImage, unref>;

void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

/// A `w` x `h` JPEG whose EXIF says it is turned (orientation 6: shown a quarter turn
/// clockwise) and where it was taken.
std::string turned_jpeg_with_gps(int w, int h) {
    EXPECT_EQ(VIPS_INIT("parley-test"), 0);
    VipsImage* black = nullptr;
    EXPECT_EQ(vips_black(&black, w, h, "bands", 3, nullptr), 0);
    image_ptr owned(black);
    VipsImage* copy = nullptr;
    EXPECT_EQ(vips_copy(black, &copy, nullptr), 0);
    image_ptr img(copy);
    vips_image_set_int(copy, VIPS_META_ORIENTATION, 6);
    vips_image_set_string(copy, "exif-ifd3-GPSLatitudeRef", "N");
    void* bytes = nullptr;
    std::size_t size = 0;
    EXPECT_EQ(vips_jpegsave_buffer(copy, &bytes, &size, nullptr), 0);
    std::string out(static_cast<const char*>(bytes), size);
    g_free(bytes);
    return out;
}

std::string png_chunk(const std::string& type, const std::string& data) {
    auto be32 = [](std::uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16 & 255), char(v >> 8 & 255), char(v & 255)};
    };
    boost::crc_32_type crc;
    crc.process_bytes(type.data(), type.size());
    crc.process_bytes(data.data(), data.size());
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc.checksum());
}

TEST(Images, AThumbnailIsUprightWithinItsBoxAndCarriesNoMetadata) {
    testing::temp_dir dir;
    const auto photo = dir.path() / "photo.jpg";
    write_file(photo, turned_jpeg_with_gps(1200, 600));
    {  // the original really carries both
        image_ptr original(vips_image_new_from_file(photo.c_str(), nullptr));
        ASSERT_TRUE(original);
        EXPECT_NE(vips_image_get_typeof(original.get(), "exif-ifd3-GPSLatitudeRef"), 0u);
    }
    auto preview = preview_image(photo);
    ASSERT_TRUE(preview);
    EXPECT_EQ(preview->width, 600) << "shown upright: a quarter turn swaps the sides";
    EXPECT_EQ(preview->height, 1200);
    const auto thumb_path = dir.path() / "thumb.webp";
    write_file(thumb_path, preview->thumbnail);
    image_ptr thumb(vips_image_new_from_file(thumb_path.c_str(), nullptr));
    ASSERT_TRUE(thumb);
    EXPECT_EQ(vips_image_get_width(thumb.get()), 240);
    EXPECT_EQ(vips_image_get_height(thumb.get()), 480);
    EXPECT_EQ(vips_image_get_typeof(thumb.get(), "exif-ifd3-GPSLatitudeRef"), 0u) << "no GPS";
    gchar** fields = vips_image_get_fields(thumb.get());
    for (int i = 0; fields[i]; ++i) {
        const std::string name = fields[i];
        EXPECT_FALSE(name.starts_with("exif-ifd3-")) << "a GPS field: " << name;
    }
    g_strfreev(fields);
    int orientation = 1;
    if (vips_image_get_typeof(thumb.get(), VIPS_META_ORIENTATION))
        vips_image_get_int(thumb.get(), VIPS_META_ORIENTATION, &orientation);
    EXPECT_EQ(orientation, 1) << "turned already, not told to turn again";
    EXPECT_EQ(preview->thumbnail.substr(8, 4), "WEBP");
}

TEST(Images, ADecompressionBombIsNeverDecoded) {
    testing::temp_dir dir;
    // A valid PNG header that says 50,000 x 50,000 (2.5 gigapixels, 7.5 GB decoded).
    auto be32 = [](std::uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16 & 255), char(v >> 8 & 255), char(v & 255)};
    };
    const std::string ihdr = be32(50000) + be32(50000) + std::string("\x08\x02\x00\x00\x00", 5);
    const auto bomb = dir.path() / "bomb.png";
    write_file(bomb, std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) +
                         png_chunk("IEND", ""));
    EXPECT_FALSE(preview_image(bomb));
}

TEST(Images, WhatIsNotAReadableImageHasNoPreview) {
    testing::temp_dir dir;
    const auto fake = dir.path() / "fake.gif";
    write_file(fake, "GIF89a and then nothing an image needs");
    EXPECT_FALSE(preview_image(fake));
    EXPECT_TRUE(previewable("image/png"));
    EXPECT_FALSE(previewable("image/svg+xml")) << "never rendered server-side";
}

}  // namespace
}  // namespace parley::files
