#include "net/fail.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace parley::net {

void fail(boost::beast::error_code ec, const char* what) {
    namespace asio = boost::asio;
    if (ec == asio::error::operation_aborted || ec == boost::beast::websocket::error::closed ||
        ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::broken_pipe || ec == boost::beast::http::error::end_of_stream)
        return;
    spdlog::debug("{}: {}", what, ec.message());
}

}  // namespace parley::net
