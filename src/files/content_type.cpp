#include "files/content_type.hpp"

#include <magic.h>

#include <array>
#include <stdexcept>

namespace parley::files {

type_sniffer::type_sniffer() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    auto* cookie = static_cast<magic_t>(cookie_);
    if (!cookie) throw std::runtime_error("libmagic cannot start");
    if (magic_load(cookie, nullptr) != 0) {
        const std::string why = magic_error(cookie) ? magic_error(cookie) : "unknown error";
        magic_close(cookie);
        throw std::runtime_error("libmagic cannot load its database: " + why);
    }
}

type_sniffer::~type_sniffer() { magic_close(static_cast<magic_t>(cookie_)); }

std::string type_sniffer::type_of(std::string_view head) const {
    std::lock_guard lock(mutex_);
    const char* type = magic_buffer(static_cast<magic_t>(cookie_), head.data(), head.size());
    if (!type || std::string_view(type).find('/') == std::string_view::npos)
        return "application/octet-stream";
    return type;
}

bool shown_inline(std::string_view t) {
    // What the client renders with <img>, <video> and <audio>; SVG is not among them (it can
    // carry scripts), nor is anything else.
    static constexpr std::array inline_types{
        "image/png",  "image/jpeg", "image/gif", "image/webp", "image/avif",  "video/mp4",
        "video/webm", "audio/mpeg", "audio/ogg", "audio/wav",  "audio/x-wav", "audio/webm",
        "audio/mp4",  "audio/flac", "video/ogg", "audio/x-m4a"};
    for (const char* ok : inline_types)
        if (t == ok) return true;
    return false;
}

}  // namespace parley::files
