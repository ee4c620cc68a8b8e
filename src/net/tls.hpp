#pragma once
// TLS for the listening port: the server's certificate and the stream type it wraps sockets in.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <string>
#include <variant>

namespace parley::net {

/// A connection under TLS. Beast's wrapper flattens a write's buffers into one TLS record.
using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

/// What a WebSocket's bytes travel over once the HTTP upgrade is done: the bare socket, or the
/// TLS stream its handshake was made on.
using transport = std::variant<boost::asio::ip::tcp::socket, tls_stream>;

/// A server TLS context from a PEM certificate chain and its PEM private key: TLS 1.2 and 1.3
/// only, the key checked against the certificate. Throws std::runtime_error naming the file and
/// OpenSSL's reason when either cannot be used. Safe to share by every network thread.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file);

}  // namespace parley::net
