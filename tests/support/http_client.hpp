#pragma once
// A blocking HTTP client for tests: one request per connection, JSON in and out.
#include <boost/json.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace parley::testing {

/// What a test needs of a response.
struct http_reply {
    int status = 0;
    boost::json::value body;  ///< null when the body is not JSON
    std::string raw_body;
    std::string set_cookie;  ///< every Set-Cookie header, one per line
    std::string content_type;
    std::string retry_after;
    /// Every response header, by lower-case name.
    std::map<std::string, std::string> headers;
};

/// Sends one request to 127.0.0.1:port. A response that docs/openapi.yaml does not describe
/// (a status it does not list for the route, a JSON body that does not match) fails the test.
/// `token`, if set, goes in `Authorization: Bearer`.
/// `raw` sends `body_text` as is instead of serializing `body`.
http_reply http_call(unsigned short port, const std::string& method, const std::string& target,
                     const boost::json::value& body = nullptr, const std::string& token = "",
                     const std::string& extra_header_name = "",
                     const std::string& extra_header_value = "");
/// A request with these headers (e.g. a hand-made WebSocket upgrade) and `body` as JSON, if any.
http_reply http_with_headers(unsigned short port, const std::string& method,
                             const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             const boost::json::value& body = nullptr);
/// A request with this exact body, sent as `content_type` (none when empty).
http_reply http_raw(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body_text, const std::string& token = "",
                    const std::string& content_type = "application/json");

/// One part of a multipart/form-data upload.
struct form_part {
    std::string filename;
    std::string bytes;
    std::string field = "file";
    std::string content_type = "application/octet-stream";
};

/// The boundary multipart_body() uses.
inline const std::string form_boundary = "----parley-test-boundary-7d41";
/// A multipart/form-data body of these parts (Content-Type: multipart/form-data;
/// boundary=form_boundary).
std::string multipart_body(const std::vector<form_part>& parts);
/// POST /files?roomId= with these parts as `who` (token), plus any extra headers.
http_reply http_upload(unsigned short port, long long room_id, const std::vector<form_part>& parts,
                       const std::string& token,
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace parley::testing
