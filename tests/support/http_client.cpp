#include "support/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/range/iterator_range.hpp>

#include "support/openapi_spec.hpp"

namespace parley::testing {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

http_reply send(unsigned short port, http::request<http::string_body> req) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    http_reply out;
    out.status = static_cast<int>(res.result_int());
    out.raw_body = res.body();
    for (const auto& f : boost::make_iterator_range(res.equal_range(http::field::set_cookie)))
        out.set_cookie += (out.set_cookie.empty() ? "" : "\n") + std::string(f.value());
    out.content_type = std::string(res[http::field::content_type]);
    out.retry_after = std::string(res[http::field::retry_after]);
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.headers[name] = std::string(f.value());
    }
    boost::system::error_code ec;
    out.body = boost::json::parse(res.body(), ec);
    if (ec) out.body = nullptr;
    // Every response a test reads is checked against docs/openapi.yaml.
    if (auto why =
            openapi_spec::get().mismatches(req.method_string(), req.target(), out.status, out.body);
        !why.empty())
        ADD_FAILURE() << why;
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    return out;
}

http::request<http::string_body> make(const std::string& method, const std::string& target,
                                      const std::string& token) {
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    req.keep_alive(false);
    return req;
}

}  // namespace

http_reply http_call(unsigned short port, const std::string& method, const std::string& target,
                     const boost::json::value& body, const std::string& token,
                     const std::string& extra_header_name, const std::string& extra_header_value) {
    auto req = make(method, target, token);
    if (!body.is_null()) {
        req.set(http::field::content_type, "application/json");
        req.body() = boost::json::serialize(body);
    }
    if (!extra_header_name.empty()) req.set(extra_header_name, extra_header_value);
    return send(port, std::move(req));
}

http_reply http_with_headers(unsigned short port, const std::string& method,
                             const std::string& target,
                             const std::vector<std::pair<std::string, std::string>>& headers,
                             const boost::json::value& body) {
    auto req = make(method, target, "");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.is_null()) {
        req.set(http::field::content_type, "application/json");
        req.body() = boost::json::serialize(body);
    }
    return send(port, std::move(req));
}

http_reply http_raw(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body_text, const std::string& token,
                    const std::string& content_type) {
    auto req = make(method, target, token);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = body_text;
    return send(port, std::move(req));
}

std::string multipart_body(const std::vector<form_part>& parts) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + form_boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + p.field + "\"";
        if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
        body += "\r\nContent-Type: " + p.content_type + "\r\n\r\n" + p.bytes + "\r\n";
    }
    return body + "--" + form_boundary + "--\r\n";
}

http_reply http_upload(unsigned short port, long long room_id, const std::vector<form_part>& parts,
                       const std::string& token,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
    auto req = make("POST", "/files?roomId=" + std::to_string(room_id), token);
    req.set(http::field::content_type, "multipart/form-data; boundary=" + form_boundary);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = multipart_body(parts);
    return send(port, std::move(req));
}

}  // namespace parley::testing
