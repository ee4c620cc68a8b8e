#pragma once
// /files: uploads streamed to disk and downloads streamed from it. Their bodies are too large for
// the router's string bodies, so the connection (net::http_session) reads and writes them and
// calls these for everything else: who may, what is stored, what is sent.
#include <boost/beast/http/message_generator.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/http_types.hpp"
#include "api/router.hpp"
#include "failure.hpp"

namespace parley::api {

/// Which /files request a request line names.
enum class file_request {
    none,      ///< not under /files: the router's
    upload,    ///< POST /files
    download,  ///< GET or HEAD /files/:id or /files/:id/thumbnail
    refused,   ///< under /files but no route: answered by answer_unrouted_file_request
};

/// Which kind of /files request `req` (its header) is. Pure.
[[nodiscard]] file_request classify_file_request(const request& req);

/// An upload let in before its body is read.
struct upload_ticket {
    store::id_t user_id = 0;
    store::id_t room_id = 0;
};

/// Whether an upload may go on, decided from its header alone so that a refused one costs no
/// body: signed in, files stored on this server, multipart/form-data, a Content-Length (when
/// sent) within the largest file plus framing (413), a member who may post in `?roomId=`
/// (404 to non-members), the uploads-per-user rate limit (429) and the quota (413).
/// Blocks on the store: call from the blocking pool.
/// The ticket, or the answer to send instead (then the body is never read).
[[nodiscard]] std::variant<upload_ticket, response> admit_upload(const api_services& s,
                                                                 const request& head);

/// The most body bytes an upload may have: the largest file plus the multipart framing.
[[nodiscard]] std::uint64_t upload_body_limit(const api_services& s);

/// Stores the upload received in `spool` (the request's Content-Type header line, a blank line,
/// then its body) and answers 201 `{"files":[...]}` or the error. Removes the spool. Blocks:
/// call from the blocking pool.
[[nodiscard]] response finish_upload(const api_services& s, const request& head,
                                     const upload_ticket& ticket,
                                     const std::filesystem::path& spool);

/// An answer ready to send, with what the connection needs to know of it.
struct download_answer {
    boost::beast::http::message_generator message;
    unsigned status = 200;
    bool keep_alive = true;
    std::uint64_t body_bytes = 0;  ///< of file bytes it sends (for the connection's timeout)
};

/// The answer to GET/HEAD /files/:id[/thumbnail]: the bytes (whole, or the one range asked
/// for), 304, 416, or a JSON error. Only members of the file's room get anything but 404.
/// Blocks on the store: call from the blocking pool; the message's body reads the file as it
/// is sent.
[[nodiscard]] download_answer answer_download(const api_services& s, const request& req);

/// 405 or 404 for a request under /files that no route takes.
[[nodiscard]] response answer_unrouted_file_request(const request& req);

/// "METHOD /path" of the /files routes, for documentation checks.
[[nodiscard]] std::vector<std::string> file_route_names();

}  // namespace parley::api
