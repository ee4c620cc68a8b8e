#include "app/health_probe.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <iostream>

namespace parley::app {

namespace beast = boost::beast;
namespace http = beast::http;

int probe_health(const std::string& url, std::chrono::milliseconds timeout) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
        std::cerr << "parley health: expected http://host:port/path, got " << url << "\n";
        return 1;
    }
    const std::string host = parsed->host();
    const std::string port = parsed->has_port() ? std::string(parsed->port()) : "80";
    const std::string target =
        parsed->encoded_target().empty() ? std::string("/") : std::string(parsed->encoded_target());
    try {
        boost::asio::io_context ioc;
        beast::tcp_stream stream(ioc);
        stream.expires_after(timeout);
        stream.connect(boost::asio::ip::tcp::resolver(ioc).resolve(host, port));
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, host + ":" + port);
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        if (res.result() == http::status::ok) return 0;
        std::cerr << "parley health: " << url << " answered " << res.result_int() << " "
                  << res.body() << "\n";
    } catch (const boost::system::system_error& e) {
        std::cerr << "parley health: " << url << ": " << e.code().message() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "parley health: " << url << ": " << e.what() << "\n";
    }
    return 1;
}

}  // namespace parley::app
