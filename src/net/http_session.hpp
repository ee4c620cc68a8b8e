#pragma once
// One HTTP connection: REST requests, static files, and the upgrade to a WebSocket.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <variant>

#include "api/file_routes.hpp"
#include "net/server_context.hpp"
#include "net/tls.hpp"

namespace parley::net {

namespace beast = boost::beast;
namespace http = beast::http;

/// Reads requests one at a time on its network thread. Route handlers run on the blocking pool and
/// their responses come back here to be written. A WebSocket upgrade to /ws is authenticated
/// and origin-checked first; on success the socket moves to a websocket_session. With
/// `ctx.tls` set, a TLS handshake comes first and everything after it is encrypted; the
/// WebSocket goes on over the same TLS stream.
class http_session : public std::enable_shared_from_this<http_session> {
  public:
    /// `home` is the index of the network thread whose io_context `socket` belongs to;
    /// `counted` is its place among the address's HTTP connections, given back when it ends
    /// (or becomes a WebSocket, counted then by `ctx.caps`).
    http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx, unsigned home,
                 connection_caps::slot counted = {});
    void run();

    ~http_session();

  private:
    using request = http::request<http::string_body>;

    void on_handshake(beast::error_code ec);
    /// Reads the next request's header; its body is read by what the header asks for.
    void do_read();
    void on_header(beast::error_code ec, std::size_t bytes);
    /// Answers a read error shared by the header and the body reads; false if there was none.
    bool answered_read_error(beast::error_code ec, const char* what);
    void on_read(beast::error_code ec, std::size_t bytes);
    void handle_upgrade(request req);
    /// POST /files: admitted from its header first, then its body goes to a spool file a chunk
    /// at a time (memory stays bounded), then it is stored on the blocking pool.
    void start_upload(request head);
    void receive_upload(std::shared_ptr<request> head, api::upload_ticket ticket);
    void read_upload_chunk(std::shared_ptr<request> head, api::upload_ticket ticket);
    /// Removes the spool file, if any.
    void drop_spool();
    /// GET /files/:id: answered on the blocking pool, sent from the file as it is read.
    void answer_download(request req);
    /// Hands the connection, TLS and all, to a WebSocket; this session is done with it.
    transport release_transport();
    /// The client's address, for per-address limits (see api::client_address).
    std::string client_of(const request& req);
    void write(http::response<http::string_body> res);
    /// Sends a message of any body within `timeout`; `status` is what /metrics counts.
    void write_message(http::message_generator message, unsigned status, bool keep_alive,
                       std::chrono::seconds timeout);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void do_close();
    /// The TCP stream at the bottom, where timeouts are set.
    beast::tcp_stream& tcp();

    std::variant<beast::tcp_stream, tls_stream> stream_;
    beast::flat_buffer buffer_;
    server_context& ctx_;
    const unsigned home_;
    connection_caps::slot counted_;
    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::request_parser<http::file_body>> upload_parser_;
    std::filesystem::path spool_;  ///< the upload being received; empty when none
};

}  // namespace parley::net
