#pragma once
// The web client's files, served from a directory.
#include <string>
#include <string_view>

#include "api/http_types.hpp"

namespace parley::api {

/// Answers a GET or HEAD for `path` (already percent-decoded) from `root`. A path with no such
/// file gets root/index.html, so client-side routes load the app; 404 JSON if there is no
/// client at all. Paths that try to leave `root` are refused.
[[nodiscard]] response serve_static(const request& req, const std::string& root,
                                    std::string_view path);

}  // namespace parley::api
