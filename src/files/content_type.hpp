#pragma once
// What a file is, from its bytes (libmagic), and how it may be served.
#include <mutex>
#include <string>
#include <string_view>

namespace parley::files {

/// Tells a file's media type from its first bytes with libmagic, never from its name.
/// Thread-safe (libmagic's handle is used under a lock); the database is loaded once.
class type_sniffer {
  public:
    /// Loads libmagic's database; throws std::runtime_error when it cannot.
    type_sniffer();
    ~type_sniffer();
    type_sniffer(const type_sniffer&) = delete;
    type_sniffer& operator=(const type_sniffer&) = delete;

    /// The media type of a file starting with `head` (its first kilobytes), such as
    /// "image/png" or "text/plain"; "application/octet-stream" when libmagic cannot tell.
    [[nodiscard]] std::string type_of(std::string_view head) const;

    /// How many leading bytes type_of wants to see.
    static constexpr std::size_t head_bytes = 64 * 1024;

  private:
    mutable std::mutex mutex_;
    void* cookie_;  ///< libmagic's magic_t
};

/// Whether a file of this type is shown by the browser inside the page (images, video and
/// audio the client renders): those are served inline, everything else as an attachment
/// (HTML, SVG, XML, scripts, PDFs: anything that could run or render as a page of our origin).
[[nodiscard]] bool shown_inline(std::string_view content_type);

}  // namespace parley::files
