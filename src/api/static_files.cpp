#include "api/static_files.hpp"

#include <algorithm>
#include <filesystem>

#include "api/json_http.hpp"
#include "text.hpp"

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

/// A path byte no file of ours has: control characters (a NUL would end the name the system
/// opens early, so "x.js%00.html" could come back as a script labelled HTML) and backslashes.
bool odd_path(std::string_view path) {
    return std::any_of(path.begin(), path.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F || c == '\\';
    });
}

/// Whether Accept-Encoding accepts `coding` (listed, and not with q=0).
bool accepts(std::string_view header, std::string_view coding) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto item = text::trimmed(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto semi = item.find(';');
        if (text::trimmed(item.substr(0, semi)) != coding) continue;
        if (semi == std::string_view::npos) return true;
        auto q = text::trimmed(item.substr(semi + 1));
        return !(q.starts_with("q=0") && q.find_first_not_of("q=0.") == std::string_view::npos);
    }
    return false;
}

/// What every page and asset carries: scripts, styles and connections from this origin only,
/// images also from https (avatars), never framed; no sniffing; no referrer to other sites.
void set_security_headers(response& res) {
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'");
    res.set(http::field::x_frame_options, "DENY");
    res.set("Referrer-Policy", "no-referrer");
}

}  // namespace

response serve_static(const request& req, const std::string& root, std::string_view path) {
    if (odd_path(path)) return error_response(req, {"invalid_path", "no such page", 400});
    fs::path file = resolve(root, path);
    if (file.empty()) {
        std::error_code ec;
        if (root.empty() || !fs::is_regular_file(fs::path(root) / "index.html", ec))
            return error_response(req, {"no_web_client",
                                        "no web client is installed here (see --web-root); the "
                                        "REST API and /ws are available",
                                        404});
        return error_response(req, {"not_found", "no such page", 404});
    }

    // The build's precompressed copy, when the browser takes it (web/scripts/compress.mjs).
    const auto type = mime_type(file);
    std::string_view encoding;
    for (std::string_view coding : {"br", "gzip"}) {
        std::error_code exists;
        const fs::path packed = file.string() + (coding == "br" ? ".br" : ".gz");
        if (accepts(req[http::field::accept_encoding], coding) &&
            fs::is_regular_file(packed, exists)) {
            file = packed;
            encoding = coding;
            break;
        }
    }

    http::file_body::value_type body;
    boost::beast::error_code ec;
    body.open(file.c_str(), boost::beast::file_mode::scan, ec);
    if (ec) return error_response(req, {"not_found", "no such page", 404});
    response res{http::status::ok, req.version()};
    res.set(http::field::content_type, type);
    if (!encoding.empty()) res.set(http::field::content_encoding, encoding);
    res.set(http::field::vary, "Accept-Encoding");
    set_security_headers(res);
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
