#include "api/file_routes.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <filesystem>
#include <variant>

#include "api/file_range_body.hpp"
#include "api/json_http.hpp"
#include "api/origin_policy.hpp"
#include "api/room_access.hpp"
#include "api/throttles.hpp"
#include "auth/accounts.hpp"
#include "chat/protocol.hpp"
#include "config.hpp"
#include "files/multipart_upload.hpp"

namespace parley::api {
namespace {

/// The path segments of a request's target, decoded; empty when it cannot be parsed.
std::vector<std::string> segments_of(const request& req) {
    std::vector<std::string> out;
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return out;
    for (auto s : url->segments()) out.push_back(s);
    return out;
}

failure files_off() { return {"files_disabled", "this server does not store files", 404}; }

/// A byte range asked for with `Range: bytes=...`: [first, last], inclusive.
struct byte_range {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
};
struct whole_file {};
struct unsatisfiable {};

std::optional<std::uint64_t> decimal(std::string_view s) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

/// RFC 9110 14.2 for one range of a file of `size` bytes. Several ranges, or a header that does
/// not parse, are answered with the whole file (which the RFC allows); a range past the end
/// is unsatisfiable (416).
std::variant<whole_file, byte_range, unsatisfiable> range_of(std::string_view header,
                                                             std::uint64_t size) {
    constexpr std::string_view unit = "bytes=";
    if (!header.starts_with(unit)) return whole_file{};
    header.remove_prefix(unit.size());
    if (header.find(',') != std::string_view::npos) return whole_file{};
    const auto dash = header.find('-');
    if (dash == std::string_view::npos) return whole_file{};
    const auto from = header.substr(0, dash);
    const auto to = header.substr(dash + 1);
    if (from.empty()) {  // the last N bytes
        auto n = decimal(to);
        if (!n) return whole_file{};
        if (*n == 0 || size == 0) return unsatisfiable{};
        return byte_range{size - std::min(*n, size), size - 1};
    }
    auto first = decimal(from);
    auto last = to.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : decimal(to);
    if (!first || !last || *last < *first) return whole_file{};
    if (*first >= size) return unsatisfiable{};
    return byte_range{*first, std::min(*last, size - 1)};
}

/// Whether an If-None-Match (or If-Range) value names the entity tag.
bool names_etag(std::string_view header, std::string_view etag) {
    if (header == "*") return true;
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto tag = header.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison, RFC 9110 13.1.2
        if (tag == etag) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

/// `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf` (RFC 6266), the plain
/// name with anything but safe ASCII replaced.
std::string disposition(bool inline_shown, std::string_view name) {
    std::string ascii;
    for (unsigned char c : name)
        ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') ? char(c) : '_';
    return std::string(inline_shown ? "inline" : "attachment") + "; filename=\"" + ascii +
           "\"; filename*=UTF-8''" + boost::urls::encode(name, boost::urls::unreserved_chars);
}

/// Headers every answer with a file's bytes carries, whatever its status.
template <class Body>
void file_headers(http::response<Body>& res, const files::opened_file& f, const std::string& etag,
                  bool thumbnail) {
    res.set(http::field::etag, etag);
    // The bytes under an id never change: the browser keeps them (for this user only).
    res.set(http::field::cache_control,
            "private, max-age=" + std::to_string(limits::file_cache_age.count()) + ", immutable");
    res.set("X-Content-Type-Options", "nosniff");
    // Even opened directly, nothing in it may run or load anything.
    res.set("Content-Security-Policy", "default-src 'none'; sandbox");
    res.set("Cross-Origin-Resource-Policy", "same-origin");
    res.set(http::field::accept_ranges, "bytes");
    if (!thumbnail) {
        const bool shown = files::shown_inline(f.content_type);
        res.set(http::field::content_disposition, disposition(shown, f.record.summary.name));
    }
}

}  // namespace

file_request classify_file_request(const request& req) {
    const auto parts = segments_of(req);
    if (parts.empty() || parts.front() != "files") return file_request::none;
    const auto m = req.method();
    if (parts.size() == 1)
        return m == http::verb::post ? file_request::upload : file_request::refused;
    const bool reading = m == http::verb::get || m == http::verb::head;
    if ((parts.size() == 2 || (parts.size() == 3 && parts[2] == "thumbnail")) && reading)
        return file_request::download;
    return file_request::refused;
}

std::uint64_t upload_body_limit(const api_services& s) {
    return s.config.max_file_bytes + limits::upload_overhead_bytes;
}

std::variant<upload_ticket, response> admit_upload(const api_services& s, const request& head) {
    auto refuse = [&](const failure& f) { return error_response(head, f); };
    if (!s.files) return refuse(files_off());
    if (!origin_allowed(head[http::field::origin], head[http::field::host],
                        s.config.allowed_origins))
        return refuse({"forbidden_origin", "requests from this origin are not accepted", 403});
    auto me = s.auth.authenticate(request_token(head));
    if (me.has_error()) return refuse(me.error());
    if (files::form_data_boundary(head[http::field::content_type]).empty())
        return refuse({"unsupported_media_type",
                       "send the files as multipart/form-data, each in a part named file", 415});
    std::uint64_t length = 0;
    if (auto declared = head.payload_size()) {
        length = *declared;
        if (length > upload_body_limit(s))
            return refuse(files::file_too_large(s.config.max_file_bytes));
    }
    const auto room_id = query_param(head, "roomId");
    if (!room_id) return refuse({"invalid_field", "roomId is required", 400});
    auto room = room_for_action(s, *room_id, me->id, room_action::post);
    if (room.has_error()) return refuse(room.error());
    if (auto wait = s.throttles.uploads_per_user.take(me->id); wait.count())
        return rate_limited_response(head, wait);
    if (auto quota = s.files->check_quota(me->id, length); quota.has_error())
        return refuse(quota.error());
    return upload_ticket{me->id, room->room.id};
}

response finish_upload(const api_services& s, const request& head, const upload_ticket& ticket,
                       const std::filesystem::path& spool) {
    auto stored = s.files->store_upload(spool, ticket.user_id, ticket.room_id, auth::now_millis());
    std::error_code ignored;
    std::filesystem::remove(spool, ignored);
    if (stored.has_error()) return error_response(head, stored.error());
    std::vector<store::file_summary> summaries;
    for (const auto& f : *stored) summaries.push_back(f.summary);
    return json_response(head, http::status::created, {{"files", chat::files_json(summaries)}});
}

download_answer answer_download(const api_services& s, const request& req) {
    auto fail = [&](const failure& f) {
        auto res = error_response(req, f);
        res.set("X-Content-Type-Options", "nosniff");
        const auto status = res.result_int();
        const bool keep_alive = res.keep_alive();
        return download_answer{std::move(res), status, keep_alive, 0};
    };
    if (!s.files) return fail(files_off());
    auto me = s.auth.authenticate(request_token(req));
    if (me.has_error()) return fail(me.error());
    const auto parts = segments_of(req);
    const bool thumbnail = parts.size() == 3;
    auto found = s.files->open(parts[1], me->id, thumbnail);
    if (found.has_error()) return fail(found.error());
    const std::string etag = "\"" + found->blob + "\"";

    if (names_etag(req[http::field::if_none_match], etag)) {
        http::response<http::empty_body> res{http::status::not_modified, req.version()};
        file_headers(res, *found, etag, thumbnail);
        res.keep_alive(req.keep_alive());
        return {std::move(res), 304, req.keep_alive(), 0};
    }
    boost::beast::error_code ec;
    file_range_body::value_type body;
    body.file.open(found->path.c_str(), boost::beast::file_mode::scan, ec);
    const auto size = ec ? 0 : body.file.size(ec);
    if (ec) return fail({"unavailable", "the file cannot be read now; try again", 503});

    // If-Range with another tag: the whole (changed) file instead of a part of it.
    const auto if_range = req[http::field::if_range];
    auto range = if_range.empty() || names_etag(if_range, etag)
                     ? range_of(req[http::field::range], size)
                     : std::variant<whole_file, byte_range, unsatisfiable>(whole_file{});
    if (std::holds_alternative<unsatisfiable>(range)) {
        auto refused = error_response(
            req, {"range_not_satisfiable", "the range asked for is not in the file", 416});
        refused.set(http::field::content_range, "bytes */" + std::to_string(size));
        refused.set("X-Content-Type-Options", "nosniff");
        return {std::move(refused), 416, req.keep_alive(), 0};
    }
    const auto* part = std::get_if<byte_range>(&range);
    body.offset = part ? part->first : 0;
    body.length = part ? part->last - part->first + 1 : size;
    const auto status = part ? http::status::partial_content : http::status::ok;
    auto fill = [&](auto& res) {
        file_headers(res, *found, etag, thumbnail);
        res.set(http::field::content_type, found->content_type);
        if (part)
            res.set(http::field::content_range, "bytes " + std::to_string(part->first) + "-" +
                                                    std::to_string(part->last) + "/" +
                                                    std::to_string(size));
        res.keep_alive(req.keep_alive());
    };
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{status, req.version()};
        fill(res);
        res.content_length(body.length);
        return {std::move(res), static_cast<unsigned>(status), req.keep_alive(), 0};
    }
    http::response<file_range_body> res{status, req.version()};
    fill(res);
    const auto length = body.length;
    res.body() = std::move(body);
    res.prepare_payload();
    return {std::move(res), static_cast<unsigned>(status), req.keep_alive(), length};
}

response answer_unrouted_file_request(const request& req) {
    const auto parts = segments_of(req);
    const bool known_path =
        parts.size() == 1 || parts.size() == 2 || (parts.size() == 3 && parts[2] == "thumbnail");
    if (known_path)
        return error_response(req, {"method_not_allowed", "that method is not allowed here", 405});
    return error_response(req, {"not_found", "no such route", 404});
}

std::vector<std::string> file_route_names() {
    return {"POST /files", "GET /files/:id", "GET /files/:id/thumbnail"};
}

}  // namespace parley::api
