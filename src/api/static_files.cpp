#include "api/static_files.hpp"

#include <filesystem>

#include "api/json_http.hpp"

namespace parley::api {
namespace fs = std::filesystem;
namespace {

std::string_view mime_type(const fs::path& p) {
    const auto ext = p.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".webp") return "image/webp";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

/// The folder of the client's hashed build outputs: a missing file there is a 404, not the app.
constexpr std::string_view assets_dir = "assets";

/// The file to serve, or an empty path if there is none. Unknown paths get index.html (client
/// routes such as /groupchat), except under assets/: a tab still running an older build that
/// asks for an old hashed file must get a 404, not HTML where it expects a script.
fs::path resolve(const std::string& root, std::string_view path) {
    if (root.empty()) return {};
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(root, ec);
    if (ec) return {};
    const fs::path relative = fs::path(std::string(path)).relative_path().lexically_normal();
    if (!relative.empty() && *relative.begin() == "..") return {};
    fs::path candidate = base / relative;
    if (fs::is_directory(candidate, ec)) candidate /= "index.html";
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!relative.empty() && *relative.begin() == assets_dir) return {};
    candidate = base / "index.html";
    return fs::is_regular_file(candidate, ec) ? candidate : fs::path{};
}

}  // namespace

response serve_static(const request& req, const std::string& root, std::string_view path) {
    const fs::path file = resolve(root, path);
    if (file.empty()) {
        std::error_code ec;
        if (root.empty() || !fs::is_regular_file(fs::path(root) / "index.html", ec))
            return error_response(req, {"no_web_client",
                                        "no web client is installed here (see --web-root); the "
                                        "REST API and /ws are available",
                                        404});
        return error_response(req, {"not_found", "no such page", 404});
    }

    http::file_body::value_type body;
    boost::beast::error_code ec;
    body.open(file.c_str(), boost::beast::file_mode::scan, ec);
    if (ec) return error_response(req, {"not_found", "no such page", 404});
    response res{http::status::ok, req.version()};
    res.set(http::field::content_type, mime_type(file));
    // Hashed asset names never change; everything else must be revalidated.
    const bool immutable = file.parent_path().filename() == "assets";
    res.set(http::field::cache_control,
            immutable ? "public, max-age=31536000, immutable" : "no-cache");
    res.keep_alive(req.keep_alive());
    if (req.method() != http::verb::head) {
        res.body().resize(body.size());
        std::size_t read = 0;
        while (read < res.body().size() && !ec)
            read += body.file().read(res.body().data() + read, res.body().size() - read, ec);
        if (ec) return error_response(req, {"internal", "could not read the file", 500});
    }
    res.content_length(body.size());
    return res;
}

}  // namespace parley::api
