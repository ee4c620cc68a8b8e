// Thumbnail time per image (issue 30): files::preview_image, as uploads run it, on a 12-megapixel
// JPEG photo and a 1080p PNG screenshot made here with libvips (noise, so that they compress
// like real pictures). Prints key=value lines for bench/files.sh.
#include <vips/vips.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "files/images.hpp"

namespace {

/// Writes a `w` x `h` noisy image at `path` (its saver chosen by the extension); false on failure.
bool make_image(const std::string& path, int w, int h) {
    VipsImage* noise = nullptr;
    if (vips_gaussnoise(&noise, w, h, "mean", 128.0, "sigma", 40.0, nullptr) != 0) return false;
    VipsImage* bands = nullptr;
    VipsImage* in[3] = {noise, noise, noise};
    const bool ok = vips_bandjoin(in, &bands, 3, nullptr) == 0 &&
                    vips_image_write_to_file(bands, path.c_str(), nullptr) == 0;
    if (bands) g_object_unref(bands);
    g_object_unref(noise);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("Thumbnail time per image");
    int count = 10;
    app.add_option("--count", count, "Thumbnails made of each image")->check(CLI::Range(1, 1000));
    CLI11_PARSE(app, argc, argv);
    if (VIPS_INIT(argv[0]) != 0) return 1;
    const auto dir = std::filesystem::temp_directory_path() /
                     ("parley-image-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    struct sample {
        const char* name;
        std::string path;
        int w, h;
    };
    const sample samples[] = {{"photo_12mp_jpeg", (dir / "photo.jpg").string(), 4000, 3000},
                              {"screenshot_1080p_png", (dir / "shot.png").string(), 1920, 1080}};
    int status = 0;
    for (const auto& s : samples) {
        if (!make_image(s.path, s.w, s.h)) {
            std::fprintf(stderr, "cannot make %s\n", s.path.c_str());
            status = 1;
            continue;
        }
        const auto bytes = std::filesystem::file_size(s.path);
        const auto start = std::chrono::steady_clock::now();
        int made = 0;
        for (int i = 0; i < count; ++i) made += parley::files::preview_image(s.path) ? 1 : 0;
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        std::printf("image=%s bytes=%ju made=%d ms_per_thumbnail=%.1f\n", s.name,
                    static_cast<std::uintmax_t>(bytes), made, took.count() / count);
        if (made != count) status = 1;
    }
    std::filesystem::remove_all(dir);
    return status;
}
