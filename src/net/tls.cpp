#include "net/tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace parley::net {
namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const std::string& cert_file,
                                               const std::string& key_file) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    // Renegotiation is a denial-of-service lever with no use for a chat client.
    SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_RENEGOTIATION);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cert_file, ec);
    if (ec) throw std::runtime_error("cannot use --tls-cert '" + cert_file + "': " + ec.message());
    // OpenSSL checks here that the key is the certificate's ("key values mismatch").
    ctx->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot use --tls-key '" + key_file + "': " + ec.message());
    return ctx;
}

}  // namespace parley::net
