#pragma once
// The HTTP message types REST handlers take and return.
#include <boost/beast/http.hpp>

namespace parley::api {

namespace http = boost::beast::http;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

}  // namespace parley::api
